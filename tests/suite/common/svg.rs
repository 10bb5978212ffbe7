//! Reading the plots' SVG back in tests: the texts and the polylines drawn,
//! shared by the plot, plot_classes and plot_curves tests.
#![allow(dead_code)]

use neuron::plot::Svg;

/// The text of every `<text>` element, in order.
pub fn texts(svg: &Svg) -> Vec<String> {
    svg.as_str()
        .split("<text")
        .skip(1)
        .filter_map(|element| {
            let (_, rest) = element.split_once('>')?;
            let (text, _) = rest.split_once("</text>")?;
            Some(text.trim().to_owned())
        })
        .collect()
}

/// The number of points of each `<polyline>` drawn in `colour` (`#RRGGBB`),
/// longest first.
pub fn polylines(svg: &Svg, colour: &str) -> Vec<usize> {
    let mut counts: Vec<usize> = svg
        .as_str()
        .split("<polyline")
        .skip(1)
        .filter(|element| element.contains(&format!("stroke=\"{colour}\"")))
        .filter_map(|element| {
            let (_, rest) = element.split_once("points=\"")?;
            let (points, _) = rest.split_once('"')?;
            Some(points.split_whitespace().count())
        })
        .collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    counts
}

/// The plots' first three colours.
pub const BLUE: &str = "#1F77B4";
pub const ORANGE: &str = "#FF7F0E";
pub const GREY: &str = "#7F7F7F";
