//! Numbers as a notebook writes them: rounded to a few digits, indices as
//! subscripts, and which positions of a long row or column to show.

/// `x` with `decimals` decimals and trailing zeros dropped: `0.4500` → `0.45`,
/// as [`Explanation`](crate::Explanation) prints numbers.
pub(super) fn with_decimals(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return non_finite(x);
    }
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text.as_str()
    };
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// `x` with 4 significant digits, trailing zeros dropped; in scientific
/// notation when very small or very large: `0.610639` → `0.6106`,
/// `123.456` → `123.5`, `0.00001234` → `1.234e-5`.
pub(crate) fn significant(x: f64) -> String {
    if !x.is_finite() {
        return non_finite(x);
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let magnitude = x.abs().log10().floor();
    if (-3.0..6.0).contains(&magnitude) {
        // 3 − magnitude lies in 0..=6 here, so the cast is exact.
        let decimals = (3.0 - magnitude).max(0.0) as usize;
        with_decimals(x, decimals)
    } else {
        let text = format!("{x:.3e}");
        match text.split_once('e') {
            Some((mantissa, exponent)) => {
                let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
                format!("{mantissa}e{exponent}")
            }
            None => text,
        }
    }
}

fn non_finite(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_owned()
    } else if x > 0.0 {
        "inf".to_owned()
    } else {
        "-inf".to_owned()
    }
}

/// `1` → `₁`, `30` → `₃₀`: an index as Unicode subscript digits, for plain text.
pub(super) fn subscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    n.to_string()
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| DIGITS.get(d as usize).copied())
                .unwrap_or(c)
        })
        .collect()
}

/// The positions to show of `n`, at most `max` of them: all when they fit,
/// otherwise the first and last ones with `None` where the rest are left out.
pub(super) fn shown(n: usize, max: usize) -> Vec<Option<usize>> {
    if n <= max {
        return (0..n).map(Some).collect();
    }
    let head = max.div_ceil(2);
    let tail = max / 2;
    (0..head)
        .map(Some)
        .chain(std::iter::once(None))
        .chain((n - tail..n).map(Some))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_keeps_four_digits() {
        assert_eq!(significant(0.610639233949222), "0.6106");
        assert_eq!(significant(0.45), "0.45");
        assert_eq!(significant(123.456), "123.5");
        assert_eq!(significant(5.0), "5");
        assert_eq!(significant(-0.0012345), "-0.001234");
        assert_eq!(significant(0.00001234), "1.234e-5");
        assert_eq!(significant(2.0e9), "2e9");
        assert_eq!(significant(f64::NAN), "NaN");
        assert_eq!(significant(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn shown_cuts_the_middle() {
        assert_eq!(shown(3, 10), vec![Some(0), Some(1), Some(2)]);
        assert_eq!(
            shown(30, 4),
            vec![Some(0), Some(1), None, Some(28), Some(29)]
        );
        assert_eq!(shown(30, 3), vec![Some(0), Some(1), None, Some(29)]);
    }

    #[test]
    fn subscripts() {
        assert_eq!(subscript(1), "₁");
        assert_eq!(subscript(30), "₃₀");
    }
}
