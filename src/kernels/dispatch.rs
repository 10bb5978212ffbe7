//! Runtime CPU dispatch: the same kernels compiled for AVX-512, AVX2 + FMA and the
//! baseline, and chosen once by what the processor reports.

use std::sync::OnceLock;

use crate::Float;

/// An instruction-set level the kernels are compiled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Whatever the target guarantees (SSE2 on x86-64); multiply and add separately.
    Baseline,
    /// AVX2 with fused multiply-add.
    Avx2,
    /// AVX-512 (F, DQ, VL) with fused multiply-add.
    Avx512,
}

impl Level {
    /// Every level this processor can run, baseline first.
    #[cfg(test)]
    pub(crate) fn available() -> Vec<Level> {
        let mut levels = vec![Level::Baseline];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                levels.push(Level::Avx2);
            }
            if avx512_detected() {
                levels.push(Level::Avx512);
            }
        }
        levels
    }
}

#[cfg(target_arch = "x86_64")]
fn avx512_detected() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
        && std::arch::is_x86_feature_detected!("avx512vl")
        && std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("fma")
}

/// The best level this processor supports, detected once.
pub(crate) fn detected() -> Level {
    static LEVEL: OnceLock<Level> = OnceLock::new();
    *LEVEL.get_or_init(|| {
        #[cfg(target_arch = "x86_64")]
        {
            if avx512_detected() {
                return Level::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                return Level::Avx2;
            }
        }
        Level::Baseline
    })
}

/// How a kernel multiplies and adds: `a·b + c` with one rounding (FMA) or two.
pub trait MulAdd {
    /// Whether this is the fused kind, used only by code compiled for AVX2 + FMA.
    const FUSED: bool;
    fn mul_add<F: Float>(a: F, b: F, c: F) -> F;
}

/// `a·b + c` rounded twice: what every processor does fast.
pub(crate) struct Separate;

/// `a·b + c` rounded once: one instruction where FMA exists. Used only by the
/// kernels compiled for AVX2 + FMA or AVX-512, which the hand-written loops of
/// `simd` rely on.
pub(crate) struct Fused;

impl MulAdd for Separate {
    const FUSED: bool = false;
    #[inline(always)]
    fn mul_add<F: Float>(a: F, b: F, c: F) -> F {
        a * b + c
    }
}

impl MulAdd for Fused {
    const FUSED: bool = true;
    #[inline(always)]
    fn mul_add<F: Float>(a: F, b: F, c: F) -> F {
        a.mul_add(b, c)
    }
}

/// Defines `$name(level, args…)` that runs `$body_fn::<F, M>(args…)` compiled for
/// the given level: `M = Fused` under AVX2 or AVX-512, `Separate` on the baseline.
macro_rules! dispatched {
    ($(#[$meta:meta])* $vis:vis fn $name:ident<F>($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? = $body_fn:ident;) => {
        $(#[$meta])*
        $vis fn $name<F: Float>(level: $crate::kernels::dispatch::Level, $($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2<F: Float>($($arg: $ty),*) $(-> $ret)? {
                    $body_fn::<F, $crate::kernels::dispatch::Fused>($($arg),*)
                }
                #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
                unsafe fn avx512<F: Float>($($arg: $ty),*) $(-> $ret)? {
                    $body_fn::<F, $crate::kernels::dispatch::Fused>($($arg),*)
                }
                match level {
                    // SAFETY: a level other than `Baseline` comes from `detected()`, or
                    // from `Level::available()` in tests, both of which checked that
                    // the processor has every feature the function enables.
                    $crate::kernels::dispatch::Level::Avx512 => return unsafe { avx512::<F>($($arg),*) },
                    // SAFETY: as above.
                    $crate::kernels::dispatch::Level::Avx2 => return unsafe { avx2::<F>($($arg),*) },
                    $crate::kernels::dispatch::Level::Baseline => {}
                }
            }
            #[cfg(not(target_arch = "x86_64"))]
            let _ = level;
            $body_fn::<F, $crate::kernels::dispatch::Separate>($($arg),*)
        }
    };
}
pub(crate) use dispatched;
