//! What the benches share: their inputs (deterministic, on huge pages) and
//! the plain read of the same bytes, the floor under every pass that is bound
//! by memory.

#![allow(dead_code)] // each bench uses its own part

use neuron::prelude::*;

/// A buffer of `len` values that asked the kernel for huge pages before its first write.
pub fn huge_vec<F: Float>(len: usize, fill: impl Fn(usize) -> F) -> Vec<F> {
    let mut v: Vec<F> = Vec::with_capacity(len);
    #[cfg(target_os = "linux")]
    {
        let bytes = len * std::mem::size_of::<F>();
        let page = 4096;
        let start = v.as_ptr() as usize;
        let aligned = start.div_ceil(page) * page;
        let end = (start + bytes) / page * page;
        if end > aligned {
            // SAFETY: the range lies inside the allocation `v` owns; madvise only
            // gives the kernel a hint about how to back those pages.
            unsafe {
                libc::madvise(
                    aligned as *mut libc::c_void,
                    end - aligned,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    v.extend((0..len).map(fill));
    v
}

/// Inputs in [-1, 1), deterministic.
pub fn inputs<F: Float>(n: usize, d: usize) -> Array2<F> {
    let v = huge_vec(n * d, |i| {
        F::from_f64(((i.wrapping_mul(2_654_435_761) % 20_000) as f64) / 10_000.0 - 1.0)
    });
    Array2::from_shape_vec((n, d), v).expect("n × d values")
}

pub fn weights<F: Float>(d: usize) -> Array1<F> {
    Array1::from_shape_fn(d, |j| {
        F::from_f64(((j * 7919) % 1000) as f64 / 1000.0 - 0.5)
            / F::from_f64((d as f64).sqrt().max(1.0))
    })
}

/// The sum of every value: a plain read of the inputs, with nothing else to
/// do, in pieces of 8 MB (over threads with the `rayon` feature), each read as
/// four streams (one stream reads 15–25 % slower here; six or eight, no faster).
pub fn read_all<F: Float>(values: &[F]) -> F {
    const PIECE: usize = 1 << 20;
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        values
            .par_chunks(PIECE)
            .map(read_piece)
            .reduce(F::zero, |a, b| a + b)
    }
    #[cfg(not(feature = "rayon"))]
    {
        values
            .chunks(PIECE)
            .map(read_piece)
            .fold(F::zero(), |a, b| a + b)
    }
}

/// [`read_streams`] in AVX2's registers where the processor has them: the
/// benches are built for the baseline x86-64, whose sixteen 128-bit registers
/// cannot hold the 32 running sums, and a read that spills them is bound by
/// its additions, not by memory (4.8 ms for 40 MB of `f32` on `zen4`, where
/// this reads them in 1.1 ms).
fn read_piece<F: Float>(values: &[F]) -> F {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2, the one feature `read_streams_avx2` is compiled for,
        // was found on this processor just above.
        return unsafe { read_streams_avx2(values) };
    }
    read_streams(values)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn read_streams_avx2<F: Float>(values: &[F]) -> F {
    read_streams(values)
}

/// The sum of `values` read as four concurrent streams, eight running sums each.
#[inline(always)]
fn read_streams<F: Float>(values: &[F]) -> F {
    let quarter = values.len() / 4 / 8 * 8;
    let (q0, rest) = values.split_at(quarter);
    let (q1, rest) = rest.split_at(quarter);
    let (q2, rest) = rest.split_at(quarter);
    let (q3, tail) = rest.split_at(quarter);
    let mut sums = [[F::zero(); 8]; 4];
    let streams = q0.chunks_exact(8).zip(q1.chunks_exact(8));
    let streams = streams.zip(q2.chunks_exact(8)).zip(q3.chunks_exact(8));
    for (((c0, c1), c2), c3) in streams {
        for (s, c) in sums.iter_mut().zip([c0, c1, c2, c3]) {
            for (s, &v) in s.iter_mut().zip(c) {
                *s += v;
            }
        }
    }
    let all = sums.iter().flatten().chain(tail);
    all.fold(F::zero(), |a, &b| a + b)
}
