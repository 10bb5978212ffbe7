//! A window slid over an image: its size, its stride and the padding around
//! the image, and so the size of what comes out. Convolution and pooling
//! share it.

use std::fmt;

use crate::{Error, Result};

/// The padding around an image before a window slides over it.
///
/// | variant | rows (and columns) added | output size for `n` pixels |
/// |---|---|---|
/// | `Valid` | none | `⌊(n − k) / s⌋ + 1` |
/// | `Same` | as many as `⌈n / s⌉` outputs need, half before and the rest (one more) after | `⌈n / s⌉` |
/// | `Explicit(p, q)` | `p` rows above and below, `q` columns left and right | `⌊(n + 2p − k) / s⌋ + 1` |
///
/// `Same` is Keras's and TensorFlow's `padding="same"`; with stride 1 and an
/// odd kernel it is PyTorch's `padding="same"`, and `Explicit(p, q)` is
/// PyTorch's `padding=(p, q)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Padding {
    /// No padding: the window stays inside the image.
    #[default]
    Valid,
    /// Enough padding for `⌈n / stride⌉` outputs.
    Same,
    /// This many rows above and below, and columns left and right.
    Explicit(usize, usize),
}

impl fmt::Display for Padding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Padding::Valid => write!(f, "valid"),
            Padding::Same => write!(f, "same"),
            Padding::Explicit(rows, columns) => write!(f, "({rows}, {columns})"),
        }
    }
}

/// A window of `size` pixels along one axis, moved `stride` at a time over
/// `n` pixels padded by `before` and `after`: what comes out is `out` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Axis1 {
    pub(crate) n: usize,
    pub(crate) size: usize,
    pub(crate) stride: usize,
    pub(crate) before: usize,
    pub(crate) out: usize,
}

impl Axis1 {
    /// The input pixel under output `o` and window offset `k`, or `None` in
    /// the padding.
    #[inline(always)]
    pub(crate) fn pixel(&self, o: usize, k: usize) -> Option<usize> {
        (o * self.stride + k)
            .checked_sub(self.before)
            .filter(|&i| i < self.n)
    }
}

/// The pixels along one axis under output `o`'s window: `start..end` of
/// the map (the padding left out).
#[inline(always)]
pub(crate) fn span(axis: &Axis1, o: usize) -> std::ops::Range<usize> {
    let first = o * axis.stride;
    let start = first.saturating_sub(axis.before).min(axis.n);
    let end = (first + axis.size).saturating_sub(axis.before).min(axis.n);
    start..end.max(start)
}

/// The two axes of a window of `size` (rows, columns) with `stride` and
/// `padding` over an image of `image` (rows, columns).
///
/// # Errors
/// - [`Error::InvalidSetting`] for a window or stride of 0;
/// - [`Error::ShapeMismatch`] naming `what` when the window, padded image
///   included, does not fit even once.
pub(crate) fn axes(
    what: &'static str,
    image: (usize, usize),
    size: (usize, usize),
    stride: (usize, usize),
    padding: Padding,
) -> Result<(Axis1, Axis1)> {
    if size.0 == 0 || size.1 == 0 {
        return Err(Error::InvalidSetting {
            name: "kernel_size",
            value: 0.0,
            requirement: "at least 1 × 1",
        });
    }
    if stride.0 == 0 || stride.1 == 0 {
        return Err(Error::InvalidSetting {
            name: "stride",
            value: 0.0,
            requirement: "at least 1 along each axis",
        });
    }
    let explicit = match padding {
        Padding::Explicit(rows, columns) => Some((rows, columns)),
        _ => None,
    };
    let axis = |n: usize, size: usize, stride: usize, pad: Option<usize>| -> Option<Axis1> {
        let (before, total) = match (padding, pad) {
            (Padding::Valid, _) => (0, 0),
            (Padding::Same, _) => {
                let out = n.div_ceil(stride);
                let total = ((out.checked_sub(1)?)
                    .checked_mul(stride)?
                    .checked_add(size)?)
                .saturating_sub(n);
                (total / 2, total)
            }
            (Padding::Explicit(..), Some(p)) => (p, p.checked_mul(2)?),
            (Padding::Explicit(..), None) => (0, 0),
        };
        let padded = n.checked_add(total)?;
        let out = padded.checked_sub(size)? / stride + 1;
        Some(Axis1 {
            n,
            size,
            stride,
            before,
            out,
        })
    };
    let rows = axis(image.0, size.0, stride.0, explicit.map(|p| p.0));
    let columns = axis(image.1, size.1, stride.1, explicit.map(|p| p.1));
    match (rows, columns) {
        (Some(rows), Some(columns)) if image.0 > 0 && image.1 > 0 => Ok((rows, columns)),
        _ => Err(Error::ShapeMismatch {
            what,
            left: vec![image.0, image.1],
            right: vec![size.0, size.1],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_sizes_are_those_of_pytorch_and_keras() {
        let out = |n, k, s, p| axes("t", (n, n), (k, k), (s, s), p).map(|(r, _)| (r.out, r.before));
        // PyTorch: conv2d(x of 5×5, 3×3 kernel) → 3×3; padding=1 → 5×5; stride 2 → 2×2.
        assert_eq!(out(5, 3, 1, Padding::Valid).unwrap(), (3, 0));
        assert_eq!(out(5, 3, 1, Padding::Explicit(1, 1)).unwrap(), (5, 1));
        assert_eq!(out(5, 3, 2, Padding::Valid).unwrap(), (2, 0));
        // Keras "same", stride 2 over 28: ⌈28/2⌉ = 14 outputs, padding
        // (14 − 1)·2 + 3 − 28 = 1 in all: 0 before, 1 after.
        assert_eq!(out(28, 3, 2, Padding::Same).unwrap(), (14, 0));
        // Stride 1, odd kernel: PyTorch's padding="same", (k − 1)/2 each side.
        assert_eq!(out(7, 5, 1, Padding::Same).unwrap(), (7, 2));
        assert!(out(2, 3, 1, Padding::Valid).is_err());
        assert!(out(5, 0, 1, Padding::Valid).is_err());
        assert!(out(5, 3, 0, Padding::Valid).is_err());
        // Pixels under the window, and the padding (None).
        let (rows, _) = axes("t", (5, 5), (3, 3), (1, 1), Padding::Explicit(1, 1)).unwrap();
        assert_eq!(rows.pixel(0, 0), None);
        assert_eq!(rows.pixel(0, 1), Some(0));
        assert_eq!(rows.pixel(4, 2), None);
    }
}
