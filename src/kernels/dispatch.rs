//! Runtime CPU dispatch: the same kernels compiled for each instruction-set
//! level of the target (AVX-512, AVX2 + FMA and the baseline on x86-64; NEON
//! and the baseline on aarch64; the baseline elsewhere), and chosen once by
//! what the processor reports.
//!
//! What is bit for bit the same where: the kernels sum in one fixed order
//! (see `order`), the same on every target, so a level's results depend only on
//! how it multiplies and adds ([`MulAdd`]). The `Separate` levels (the baseline
//! on x86-64, aarch64 and WebAssembly) give the same bits as each other, and so
//! do the `Fused` ones (AVX2, AVX-512, NEON: IEEE fused multiply-add rounds once
//! everywhere). A fused level and a separate one differ in the last bits (a few
//! ulp of a sum), so the tests check each level against the reference of its own
//! kind. The one exception is the sign and payload of a NaN, which IEEE leaves to
//! the processor.
//!
//! Beyond the net inputs, some levels have kernels of their own, with their
//! own bits (each tested against a scalar model or within its rounding bound):
//! AVX-512's sigmoid, cross-entropy and short rows' gradient (`wide`,
//! `wide_bce`, `wide_rows`, `wide_epoch`), and AVX2's `f32` cross-entropy
//! (`avx2_bce`, the same bits as AVX-512's) and `f32` gradient of short rows
//! (`avx2_gradient`). So NEON's `f32` training differs from AVX2's in the
//! last bits.

use std::sync::OnceLock;

use crate::Float;

/// An instruction-set level the kernels are compiled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Whatever the target guarantees (SSE2 on x86-64, NEON on aarch64, scalar
    /// WebAssembly); multiply and add separately.
    Baseline,
    /// AVX2 with fused multiply-add.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// AVX-512 (F, DQ, VL) with fused multiply-add.
    #[cfg(target_arch = "x86_64")]
    Avx512,
    /// NEON with fused multiply-add (`fmla`, and `fmadd` for scalars): every
    /// aarch64 core has both.
    #[cfg(target_arch = "aarch64")]
    Neon,
}

impl Level {
    /// Every level this processor can run, baseline first.
    #[cfg(test)]
    pub(crate) fn available() -> Vec<Level> {
        supported_levels()
    }

    /// Whether this level's kernels multiply and add with one rounding (`Fused`).
    #[cfg(test)]
    pub(crate) fn fused(self) -> bool {
        self != Level::Baseline
    }

    /// Whether this level computes the sigmoid by its own kernel
    /// (`kernels::wide`, as `math::by_table`'s functions): AVX-512.
    #[cfg(test)]
    pub(crate) fn wide(self) -> bool {
        #[cfg(target_arch = "x86_64")]
        return self == Level::Avx512;
        #[cfg(not(target_arch = "x86_64"))]
        return false;
    }
}

#[cfg(target_arch = "x86_64")]
fn avx2_detected() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

#[cfg(target_arch = "x86_64")]
fn avx512_detected() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
        && std::arch::is_x86_feature_detected!("avx512vl")
        && avx2_detected()
}

/// NEON (Advanced SIMD) and its fused multiply-add: part of every aarch64
/// target Rust ships for except the soft-float ones, asked anyway, as on x86-64.
#[cfg(target_arch = "aarch64")]
fn neon_detected() -> bool {
    std::arch::is_aarch64_feature_detected!("neon")
}

impl Level {
    /// The level's name, as [`crate::simd_level`] reports it and the
    /// `NEURON_SIMD` variable names it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Level::Baseline => "baseline",
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => "avx2",
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => "avx512",
            #[cfg(target_arch = "aarch64")]
            Level::Neon => "neon",
        }
    }
}

/// The level the kernels run at, chosen once: the best this processor
/// supports, or a lower one named by the environment variable `NEURON_SIMD`
/// (`baseline`, `avx2`, `avx512`, `neon`), for comparing levels on one
/// machine. A level the processor lacks, or an unknown name, is ignored.
pub(crate) fn detected() -> Level {
    static LEVEL: OnceLock<Level> = OnceLock::new();
    *LEVEL.get_or_init(|| {
        let best = best_supported();
        let requested = std::env::var("NEURON_SIMD").ok();
        let lower = requested.as_deref().and_then(|name| {
            supported_levels()
                .into_iter()
                .find(|level| level.name() == name)
        });
        lower.unwrap_or(best)
    })
}

/// Every level this processor can run, baseline first.
pub(crate) fn supported_levels() -> Vec<Level> {
    #[cfg(target_arch = "x86_64")]
    {
        let mut levels = vec![Level::Baseline];
        if avx2_detected() {
            levels.push(Level::Avx2);
        }
        if avx512_detected() {
            levels.push(Level::Avx512);
        }
        levels
    }
    #[cfg(target_arch = "aarch64")]
    {
        let mut levels = vec![Level::Baseline];
        if neon_detected() {
            levels.push(Level::Neon);
        }
        levels
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        vec![Level::Baseline]
    }
}

/// The best level this processor supports.
fn best_supported() -> Level {
    supported_levels().pop().unwrap_or(Level::Baseline)
}

/// How a kernel multiplies and adds: `a·b + c` with one rounding (FMA) or two.
pub trait MulAdd {
    /// Whether this is the fused kind, `Fused` (or `FusedWide`): read by the
    /// hand-written loops of `simd`, which exist for these targets only.
    #[cfg(any(
        target_arch = "x86_64",
        all(target_arch = "aarch64", target_feature = "neon")
    ))]
    const FUSED: bool;
    /// Whether the level has AVX-512's registers, and so its own sigmoid
    /// (`kernels::wide`): `FusedWide`.
    const WIDE: bool = false;
    fn mul_add<F: Float>(a: F, b: F, c: F) -> F;
}

/// `a·b + c` rounded twice: what every processor does fast.
pub(crate) struct Separate;

/// `a·b + c` rounded once: one instruction where FMA exists. Used by the
/// kernels compiled for AVX2 + FMA, AVX-512 or NEON (and by tests, on every
/// target: elsewhere `f64::mul_add` is a correctly rounded library call, slow
/// but the same bits). Nothing unsafe depends on where it is used: the
/// hand-written loops of `simd` check the processor themselves.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64", test))]
pub(crate) struct Fused;

impl MulAdd for Separate {
    #[cfg(any(
        target_arch = "x86_64",
        all(target_arch = "aarch64", target_feature = "neon")
    ))]
    const FUSED: bool = false;
    #[inline(always)]
    fn mul_add<F: Float>(a: F, b: F, c: F) -> F {
        a * b + c
    }
}

/// `Fused` at the AVX-512 level: the same multiply-add, and the level's own
/// sigmoid (`kernels::wide`), which checks the processor itself.
#[cfg(target_arch = "x86_64")]
pub(crate) struct FusedWide;

#[cfg(target_arch = "x86_64")]
impl MulAdd for FusedWide {
    const FUSED: bool = true;
    const WIDE: bool = true;
    #[inline(always)]
    fn mul_add<F: Float>(a: F, b: F, c: F) -> F {
        a.mul_add(b, c)
    }
}

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64", test))]
impl MulAdd for Fused {
    #[cfg(any(
        target_arch = "x86_64",
        all(target_arch = "aarch64", target_feature = "neon")
    ))]
    const FUSED: bool = true;
    #[inline(always)]
    fn mul_add<F: Float>(a: F, b: F, c: F) -> F {
        a.mul_add(b, c)
    }
}

/// Defines `$name(level, args…)` that runs `$body_fn::<F, M>(args…)` compiled for
/// the given level: `M = Fused` under AVX2, AVX-512 or NEON, `Separate` on the
/// baseline.
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
                    $body_fn::<F, $crate::kernels::dispatch::FusedWide>($($arg),*)
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
            #[cfg(target_arch = "aarch64")]
            {
                #[target_feature(enable = "neon")]
                unsafe fn neon<F: Float>($($arg: $ty),*) $(-> $ret)? {
                    $body_fn::<F, $crate::kernels::dispatch::Fused>($($arg),*)
                }
                match level {
                    // SAFETY: `Neon` comes from `detected()`, or from
                    // `Level::available()` in tests, both of which checked that the
                    // processor has NEON (whose multiply-add is fused).
                    $crate::kernels::dispatch::Level::Neon => return unsafe { neon::<F>($($arg),*) },
                    $crate::kernels::dispatch::Level::Baseline => {}
                }
            }
            #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
            let _ = level;
            $body_fn::<F, $crate::kernels::dispatch::Separate>($($arg),*)
        }
    };
}
pub(crate) use dispatched;
