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
    /// needs of them beyond the public trait lives here: a slice of them seen
    /// as the type it is, for the kernels written for one type (the AVX2 and
    /// NEON loops, AVX-512's sigmoid), which generic code reaches by a `match`
    /// that the compiler resolves for each type.
    pub trait Sealed: Sized {
        /// `values` as `f32`s or `f64`s: the same slice, named by its type.
        fn typed(values: &[Self]) -> Typed<'_>;

        /// As [`typed`](Sealed::typed), for values to write.
        fn typed_mut(values: &mut [Self]) -> TypedMut<'_>;
    }

    /// A slice of one of the [`Float`](super::Float) types, as that type.
    pub enum Typed<'a> {
        /// The values are `f32`s.
        F32(&'a [f32]),
        /// The values are `f64`s.
        F64(&'a [f64]),
    }

    /// A slice to write of one of the [`Float`](super::Float) types, as that type.
    pub enum TypedMut<'a> {
        /// The values are `f32`s.
        F32(&'a mut [f32]),
        /// The values are `f64`s.
        F64(&'a mut [f64]),
    }

    impl Sealed for f32 {
        #[inline(always)]
        fn typed(values: &[f32]) -> Typed<'_> {
            Typed::F32(values)
        }

        #[inline(always)]
        fn typed_mut(values: &mut [f32]) -> TypedMut<'_> {
            TypedMut::F32(values)
        }
    }

    impl Sealed for f64 {
        #[inline(always)]
        fn typed(values: &[f64]) -> Typed<'_> {
            Typed::F64(values)
        }

        #[inline(always)]
        fn typed_mut(values: &mut [f64]) -> TypedMut<'_> {
            TypedMut::F64(values)
        }
    }
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
