//! `Conv2d`: the lecture's neuron slid over an image. Each filter is one
//! neuron whose weights cover a small window of every input channel; the same
//! weights read every window, and each window's weighted sum is one pixel of
//! the filter's output map.

use std::fmt;

use ndarray::{Array1, Array4};
use rand::Rng;

use crate::window::Padding;
use crate::{Activation, Error, Float, Init, Result};

mod layer;

/// A 2-D convolution over images in NCHW layout: `(samples, channels, rows,
/// columns)`.
///
/// Filter `o` has weights `W[o, c, i, j]` over every input channel `c` and
/// window offset `(i, j)`, and a bias `b[o]` (or none: see
/// [`without_bias`](Conv2d::without_bias)). Its output pixel `(y, x)` is the
/// lecture's `h = Σ xᵢwᵢ + b` over the window at that place, then `f(h)`:
///
/// ```text
/// h[o, y, x] = Σ_c Σ_i Σ_j  X[c, y·sy + i − top, x·sx + j − left] · W[o, c, i, j]  + b[o]
/// ```
///
/// with pixels outside the image (in the [`Padding`]) read as 0. This is
/// PyTorch's `nn.Conv2d` (a cross-correlation, as every deep-learning library
/// computes it), with its weight layout `(out_channels, in_channels, kh, kw)`.
///
/// ```
/// use neuron::{Activation, Conv2d, Padding};
/// use neuron::ndarray::{Array1, Array4, array};
///
/// // One 2×2 filter that sums its window, over a 1-channel 3×3 image.
/// let conv = Conv2d::new(Array4::ones((1, 1, 2, 2)), Array1::zeros(1), Activation::Identity)?;
/// let image = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
///     .into_shape_with_order((1, 1, 3, 3))?;
/// let h = conv.forward(&image)?;
/// assert_eq!(h.shape(), &[1, 1, 2, 2]);
/// assert_eq!(h.into_raw_vec_and_offset().0, vec![12.0, 16.0, 24.0, 28.0]); // 1+2+4+5, …
/// // "same" padding keeps the size: ⌈3 / 1⌉ = 3.
/// let same = conv.with_padding(Padding::Same);
/// assert_eq!(same.output_size((3, 3))?, (3, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Conv2d<F> {
    /// `(out_channels, in_channels, kh, kw)`.
    weights: Array4<F>,
    /// `(out_channels,)`, or `None` for a convolution without biases
    /// (`h = Σ xᵢwᵢ`, as `nn.Conv2d(…, bias=False)`).
    bias: Option<Array1<F>>,
    /// Rows and columns the window moves at a time.
    stride: (usize, usize),
    padding: Padding,
    activation: Activation,
}

impl<F: Float> Conv2d<F> {
    /// A convolution with these filters, biases and activation, stride 1 and
    /// no padding (see [`with_stride`](Conv2d::with_stride) and
    /// [`with_padding`](Conv2d::with_padding)).
    ///
    /// # Shapes
    /// - `weights`: `(out_channels, in_channels, kh, kw)`
    /// - `bias`: `(out_channels,)`
    ///
    /// # Errors
    /// - [`Error::BiasLengthMismatch`] when `bias` has not one value per filter;
    /// - [`Error::EmptyModel`] for no filters, no input channels or an empty window;
    /// - [`Error::NonFiniteWeight`] / [`Error::NonFiniteBias`] for NaN or ∞;
    /// - [`Error::NotElementwise`] for a softmax, which works on rows, not maps.
    pub fn new(weights: Array4<F>, bias: Array1<F>, activation: Activation) -> Result<Self> {
        Conv2d::from_parts(weights, Some(bias), activation)
    }

    /// [`Conv2d::new`], with biases or without (`None`), as the model files
    /// hold a convolution.
    ///
    /// # Errors
    /// As [`Conv2d::new`].
    pub(crate) fn from_parts(
        weights: Array4<F>,
        bias: Option<Array1<F>>,
        activation: Activation,
    ) -> Result<Self> {
        let (out_channels, in_channels, kh, kw) = weights.dim();
        if let Some(bias) = &bias
            && bias.len() != out_channels
        {
            return Err(Error::BiasLengthMismatch {
                found: bias.len(),
                expected: out_channels,
            });
        }
        if out_channels == 0 || in_channels == 0 || kh == 0 || kw == 0 {
            return Err(Error::EmptyModel {
                model: "convolution",
                inputs: in_channels.saturating_mul(kh).saturating_mul(kw),
                outputs: out_channels,
            });
        }
        if let Some((index, &w)) = weights.iter().enumerate().find(|(_, w)| !w.is_finite()) {
            return Err(Error::NonFiniteWeight {
                index,
                value: w.as_f64(),
            });
        }
        if let Some(&b) = bias.iter().flatten().find(|b| !b.is_finite()) {
            return Err(Error::NonFiniteBias { value: b.as_f64() });
        }
        check_elementwise(activation)?;
        Ok(Conv2d {
            // Standard layout, so that the filters are the rows of one matrix.
            weights: weights.as_standard_layout().into_owned(),
            bias,
            stride: (1, 1),
            padding: Padding::Valid,
            activation,
        })
    }

    /// `out_channels` filters of `kernel` (rows, columns) over `in_channels`
    /// channels, weights drawn by `init` from `rng` with PyTorch's fans
    /// (`fan_in = in_channels·kh·kw`, `fan_out = out_channels·kh·kw`), biases
    /// 0 (or none, with [`without_bias`](Conv2d::without_bias)), no
    /// activation; stride 1, no padding.
    ///
    /// # Errors
    /// As [`Init::weights`] and [`Conv2d::new`].
    pub fn random<R: Rng + ?Sized>(
        in_channels: usize,
        out_channels: usize,
        kernel: (usize, usize),
        init: Init,
        rng: &mut R,
    ) -> Result<Self> {
        let window = kernel.0.saturating_mul(kernel.1);
        let fan_in = in_channels.saturating_mul(window);
        let fan_out = out_channels.saturating_mul(window);
        let values = init.values(out_channels, fan_in, (fan_in, fan_out), rng)?;
        let shape = (out_channels, in_channels, kernel.0, kernel.1);
        let weights = Array4::from_shape_vec(shape, values).map_err(|_| Error::Allocation {
            what: "the filters",
            rows: out_channels,
            columns: fan_in,
            reason: "the size overflows",
        })?;
        let bias = crate::alloc::zeros_vector("the biases of a convolution", out_channels)?;
        Conv2d::new(weights, bias, Activation::Identity)
    }

    /// The same filters moved `stride` (rows, columns) at a time.
    #[must_use]
    pub fn with_stride(mut self, stride: (usize, usize)) -> Self {
        self.stride = stride;
        self
    }

    /// The same filters over images padded by `padding`.
    #[must_use]
    pub fn with_padding(mut self, padding: Padding) -> Self {
        self.padding = padding;
        self
    }

    /// The same filters without biases: each output pixel is `h = Σ xᵢwᵢ`
    /// over its window, then `f(h)`, as PyTorch's `nn.Conv2d(…, bias=False)`.
    /// A batch normalisation right after the convolution makes the biases
    /// redundant (its shift `β` does their work), so networks leave them out
    /// there. The layer's parameters are then its filters alone: training
    /// leaves no bias to learn, and the model files hold none.
    ///
    /// ```
    /// use neuron::{Activation, Conv2d, Init, Layer};
    /// use neuron::ndarray::{Array1, Array4};
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// // 32 filters of 3×3 over 1 channel: 32·1·3·3 = 288 weights and nothing else.
    /// let conv = Conv2d::<f32>::random(1, 32, (3, 3), Init::HeNormal, &mut StdRng::seed_from_u64(0))?
    ///     .without_bias();
    /// assert!(conv.bias().is_none());
    /// let counted: usize = conv.parameters().iter().map(|(_, values)| values.len()).sum();
    /// assert_eq!(counted, 288);
    /// assert_eq!(conv.to_string(), "Conv2d(1 → 32, 3×3, no bias, identity)");
    ///
    /// // A 2×2 filter that sums its window: the biases it had are gone.
    /// let summed = Conv2d::new(Array4::ones((1, 1, 2, 2)), Array1::from(vec![10.0]), Activation::Identity)?;
    /// let image = Array4::from_shape_vec((1, 1, 2, 2), vec![1.0, 2.0, 3.0, 4.0])?;
    /// assert_eq!(summed.forward(&image)?[[0, 0, 0, 0]], 20.0); // 1 + 2 + 3 + 4 + 10
    /// assert_eq!(summed.without_bias().forward(&image)?[[0, 0, 0, 0]], 10.0); // 1 + 2 + 3 + 4
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn without_bias(mut self) -> Self {
        self.bias = None;
        self
    }

    /// The same filters with activation `activation`.
    ///
    /// # Errors
    /// [`Error::NotElementwise`] for a softmax, which works on rows, not maps.
    pub fn with_activation(mut self, activation: Activation) -> Result<Self> {
        check_elementwise(activation)?;
        self.activation = activation;
        Ok(self)
    }

    /// The filters, `(out_channels, in_channels, kh, kw)`.
    pub fn weights(&self) -> &Array4<F> {
        &self.weights
    }

    /// The biases, one per filter, or `None` for a convolution
    /// [`without_bias`](Conv2d::without_bias).
    ///
    /// # Shapes
    /// - returns: `(out_channels,)`
    pub fn bias(&self) -> Option<&Array1<F>> {
        self.bias.as_ref()
    }

    /// Input channels each filter reads.
    pub fn in_channels(&self) -> usize {
        self.weights.dim().1
    }

    /// Filters, and so output channels.
    pub fn out_channels(&self) -> usize {
        self.weights.dim().0
    }

    /// The window, (rows, columns).
    pub fn kernel_size(&self) -> (usize, usize) {
        let (_, _, kh, kw) = self.weights.dim();
        (kh, kw)
    }

    /// The stride, (rows, columns).
    pub fn stride(&self) -> (usize, usize) {
        self.stride
    }

    /// The padding.
    pub fn padding(&self) -> Padding {
        self.padding
    }

    /// The size (rows, columns) of each output map for an image of `image`
    /// (rows, columns).
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a stride of 0; [`Error::ShapeMismatch`]
    /// when the window does not fit the (padded) image once.
    pub fn output_size(&self, image: (usize, usize)) -> Result<(usize, usize)> {
        let (rows, columns) = self.axes(image)?;
        Ok((rows.out, columns.out))
    }

    /// The window's two axes over an image of `image` (rows, columns).
    pub(crate) fn axes(
        &self,
        image: (usize, usize),
    ) -> Result<(crate::window::Axis1, crate::window::Axis1)> {
        crate::window::axes(
            "an image and a convolution's window (rows, columns)",
            image,
            self.kernel_size(),
            self.stride,
            self.padding,
        )
    }
}

/// An activation a convolution can apply to every value of its maps.
fn check_elementwise(activation: Activation) -> Result<()> {
    if activation.is_elementwise() {
        Ok(())
    } else {
        Err(Error::NotElementwise {
            what: "a convolution",
            activation,
        })
    }
}

impl<F: Float> fmt::Display for Conv2d<F> {
    /// `Conv2d(1 → 32, 3×3, relu)`, with the stride and padding when they are
    /// not 1 and valid, and `no bias` for a convolution without biases:
    /// `Conv2d(32 → 32, 3×3, stride 2×2, same, no bias, relu)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kh, kw) = self.kernel_size();
        write!(
            f,
            "Conv2d({} → {}, {kh}×{kw}",
            self.in_channels(),
            self.out_channels()
        )?;
        if self.stride != (1, 1) {
            write!(f, ", stride {}×{}", self.stride.0, self.stride.1)?;
        }
        if self.padding != Padding::Valid {
            write!(f, ", {}", self.padding)?;
        }
        if self.bias.is_none() {
            write!(f, ", no bias")?;
        }
        write!(f, ", {})", self.activation)
    }
}
