//! `Svg`: a drawn plot, as the text of an SVG picture.

use std::path::Path;

use crate::Result;
use crate::notebook::html::{HtmlDisplay, emit};

/// A plot as an SVG picture: its markup, and its size in pixels.
///
/// In an evcxr notebook it shows as the picture when it ends a cell;
/// [`save`](Svg::save) writes it to a file that browsers and image viewers open.
///
/// ```
/// use neuron::plot;
/// use neuron::Activation;
///
/// let svg = plot::activations(&[Activation::Sigmoid], -6.0..=6.0)?;
/// assert_eq!(svg.size(), (720, 450));
/// assert!(svg.as_str().ends_with("</svg>\n"));
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg {
    text: String,
    size: (u32, u32),
}

impl Svg {
    pub(crate) fn new(text: String, size: (u32, u32)) -> Self {
        Svg { text, size }
    }

    /// The SVG markup, `<svg …>…</svg>`.
    ///
    /// ```
    /// use neuron::{Activation, plot};
    ///
    /// let svg = plot::activations(&[Activation::Relu], -1.0..=1.0)?;
    /// assert!(svg.as_str().contains(r#"width="720" height="450""#));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The SVG markup, taken out.
    ///
    /// ```
    /// use neuron::{Activation, plot};
    ///
    /// let text: String = plot::activations(&[Activation::Step], -1.0..=1.0)?.into_string();
    /// assert!(text.starts_with("<svg"));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn into_string(self) -> String {
        self.text
    }

    /// Width and height in pixels.
    ///
    /// ```
    /// use neuron::{Activation, plot};
    ///
    /// assert_eq!(plot::activations(&[Activation::Tanh], -3.0..=3.0)?.size(), (720, 450));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    /// Writes the picture to `path` (conventionally ending in `.svg`),
    /// replacing the file if there is one.
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) when the file cannot be written, e.g. because its folder
    /// does not exist.
    ///
    /// ```
    /// use neuron::{Activation, Error, plot};
    ///
    /// let svg = plot::activations(&[Activation::Sigmoid], -6.0..=6.0)?;
    /// let path = std::env::temp_dir().join("neuron-doc-sigmoid.svg");
    /// svg.save(&path)?;
    /// assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some(svg.as_str()));
    ///
    /// let err = svg.save("/no/such/folder/sigmoid.svg").unwrap_err();
    /// assert!(matches!(err, Error::Io { action: "write", .. }));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        // Atomically, as every file the crate writes: the old picture stays
        // whole until the new one is complete, and keeps its mode.
        crate::io::atomic::write_atomically(path.as_ref(), self.text.as_bytes())
    }

    /// Shows the picture in an evcxr notebook, as `image/svg+xml` with a line of
    /// plain text alongside. Evcxr calls it for an `Svg` that ends a cell.
    ///
    /// ```
    /// use neuron::notebook::{HtmlDisplay, evcxr_content};
    /// use neuron::{Activation, plot};
    ///
    /// let svg = plot::activations(&[Activation::Sigmoid], -6.0..=6.0)?;
    /// svg.evcxr_display(); // prints exactly this:
    /// let printed = evcxr_content(&[("text/plain", &svg.to_text()), ("image/svg+xml", svg.as_str())]);
    /// assert!(printed.starts_with("EVCXR_BEGIN_CONTENT text/plain\nSvg(720 × 450 pixels)\n"));
    /// assert!(printed.contains("EVCXR_BEGIN_CONTENT image/svg+xml\n<svg"));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn evcxr_display(&self) {
        <Self as HtmlDisplay>::evcxr_display(self);
    }
}

impl HtmlDisplay for Svg {
    /// The SVG markup, which HTML takes as it is.
    fn to_html(&self) -> String {
        self.text.clone()
    }

    /// `Svg(720 × 450 pixels)`.
    fn to_text(&self) -> String {
        let (width, height) = self.size;
        format!("Svg({width} × {height} pixels)")
    }

    /// Sends the picture as `image/svg+xml`, which notebooks show as an image
    /// (also where they sanitise HTML), and [`to_text`](HtmlDisplay::to_text) as `text/plain`.
    fn evcxr_display(&self) {
        emit(&[
            ("text/plain", &self.to_text()),
            ("image/svg+xml", &self.text),
        ]);
    }
}
