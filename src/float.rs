//! The floating-point types a neuron computes in: `f32` and `f64`.

use ndarray::NdFloat;
use rand::distr::uniform::SampleUniform;

/// A floating-point number a [`Neuron`](crate::Neuron) can compute with: `f32` or `f64`.
///
/// The trait gathers what the maths needs (ndarray's [`NdFloat`], sampling for
/// random initialisation, tolerant comparison with [`approx`]) under one name, so
/// that signatures read `Neuron<F: Float>` rather than a list of bounds. It is
/// sealed: only `f32` and `f64` implement it.
///
/// ```
/// use neuron::Float;
///
/// fn half<F: Float>(x: F) -> F {
///     x * F::from_f64(0.5)
/// }
/// assert_eq!(half(3.0_f32), 1.5);
/// assert_eq!(half(3.0_f64), 1.5);
/// ```
pub trait Float:
    NdFloat
    + SampleUniform
    + Default
    + approx::AbsDiffEq<Epsilon = Self>
    + approx::RelativeEq
    + MaybeSerde
    + MaybeNpy
    + sealed::Sealed
{
    /// The type's name as Rust writes it: `"f32"` or `"f64"`.
    const NAME: &'static str;

    /// Converts an `f64`, rounding to the nearest representable value.
    ///
    /// ```
    /// use neuron::Float;
    /// assert_eq!(f32::from_f64(0.1), 0.1_f32);
    /// ```
    fn from_f64(x: f64) -> Self;

    /// Converts to `f64` exactly (every `f32` is an `f64`).
    ///
    /// ```
    /// use neuron::Float;
    /// assert_eq!(0.5_f32.as_f64(), 0.5);
    /// ```
    fn as_f64(self) -> f64;
}

impl Float for f32 {
    const NAME: &'static str = "f32";

    fn from_f64(x: f64) -> Self {
        x as f32
    }

    fn as_f64(self) -> f64 {
        f64::from(self)
    }
}

impl Float for f64 {
    const NAME: &'static str = "f64";

    fn from_f64(x: f64) -> Self {
        x
    }

    fn as_f64(self) -> f64 {
        self
    }
}

pub(crate) mod sealed {
    /// Only `f32` and `f64` implement [`Float`](super::Float); what the crate
    /// needs of them beyond the public trait lives here.
    pub trait Sealed: crate::kernels::simd::SimdFloat + Sized {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// With the `serde` feature, what serialising a float needs; without it, nothing.
#[cfg(feature = "serde")]
pub trait MaybeSerde: serde::Serialize + serde::de::DeserializeOwned {}
#[cfg(feature = "serde")]
impl<T: serde::Serialize + serde::de::DeserializeOwned> MaybeSerde for T {}

/// With the `serde` feature, what serialising a float needs; without it, nothing.
#[cfg(not(feature = "serde"))]
pub trait MaybeSerde {}
#[cfg(not(feature = "serde"))]
impl<T> MaybeSerde for T {}

/// With the `npy` feature, what reading and writing `.npy` files needs; without it, nothing.
#[cfg(feature = "npy")]
pub trait MaybeNpy: ndarray_npy::ReadableElement + ndarray_npy::WritableElement {}
#[cfg(feature = "npy")]
impl<T: ndarray_npy::ReadableElement + ndarray_npy::WritableElement> MaybeNpy for T {}

/// With the `npy` feature, what reading and writing `.npy` files needs; without it, nothing.
#[cfg(not(feature = "npy"))]
pub trait MaybeNpy {}
#[cfg(not(feature = "npy"))]
impl<T> MaybeNpy for T {}
