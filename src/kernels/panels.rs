//! A dense layer's weights packed for the layer kernel, and the cache that keeps
//! them between forward passes.
//!
//! `block::dense_net_inputs` reads the weights in panels of `panel_width` units:
//! panel `p` is `d` rows of `U` values, row `k` being `W[k, pU..pU + U]`, zero past
//! the last unit. Packing reads every weight once, which for a few samples costs
//! as much as the forward pass itself; a layer therefore packs once and keeps
//! the panels until its weights change.

use std::sync::OnceLock;

use ndarray::ArrayView2;

use crate::Float;
use crate::kernels::block;

/// The weights `(d, units)` packed in panels of `block::panel_width` units.
pub(crate) fn pack_panels<F: Float>(weights: ArrayView2<'_, F>) -> Vec<F> {
    if block::panel_width::<F>() == 8 {
        pack_panels_of::<F, 8>(weights)
    } else {
        pack_panels_of::<F, 16>(weights)
    }
}

/// [`pack_panels`] for panels of `U` units. Each value is written once, and a
/// full panel row of row-major weights is one fixed-size copy (a lookup per
/// value had cost a one-sample forward pass more than its arithmetic).
fn pack_panels_of<F: Float, const U: usize>(weights: ArrayView2<'_, F>) -> Vec<F> {
    let (d, units) = weights.dim();
    let mut panels = Vec::with_capacity(units.div_ceil(U) * d * U);
    for first in (0..units).step_by(U) {
        let last = (first + U).min(units);
        for row in weights.rows() {
            match row.as_slice().and_then(|r| r[first..].first_chunk::<U>()) {
                Some(full) => panels.extend_from_slice(full),
                None => {
                    panels.extend(row.iter().skip(first).take(last - first).copied());
                    panels.resize(panels.len() + U - (last - first), F::zero());
                }
            }
        }
    }
    panels
}

/// The packed panels of a layer's weights, made on first use and kept until
/// [`clear`](PanelCache::clear)ed by whoever changes the weights.
///
/// A cache is not part of a layer's value: two caches always compare equal,
/// and a clone starts empty (it packs again from its own weights).
#[derive(Default)]
pub(crate) struct PanelCache<F> {
    panels: OnceLock<Vec<F>>,
}

impl<F: Float> PanelCache<F> {
    /// The panels of `weights`, packed now if this cache is empty. `weights`
    /// must be the ones the cache was last filled from, if it was.
    pub(crate) fn get_or_pack(&self, weights: ArrayView2<'_, F>) -> &[F] {
        self.panels.get_or_init(|| pack_panels(weights))
    }

    /// Forgets the panels: to be called whenever the weights may change.
    pub(crate) fn clear(&mut self) {
        self.panels = OnceLock::new();
    }
}

impl<F> Clone for PanelCache<F> {
    fn clone(&self) -> Self {
        PanelCache {
            panels: OnceLock::new(),
        }
    }
}

impl<F> PartialEq for PanelCache<F> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<F> std::fmt::Debug for PanelCache<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PanelCache")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, ShapeBuilder};

    /// The panels by their definition: panel `p`, row `k`, lane `u` is
    /// `W[k, pU + u]`, zero past the last unit.
    fn by_definition<F: Float>(w: &Array2<F>) -> Vec<F> {
        let (d, units) = w.dim();
        let width = block::panel_width::<F>();
        (0..units.div_ceil(width))
            .flat_map(|p| (0..d).flat_map(move |k| (0..width).map(move |u| (p, k, u))))
            .map(|(p, k, u)| w.get((k, p * width + u)).copied().unwrap_or(F::zero()))
            .collect()
    }

    #[test]
    fn panels_hold_the_weights_in_order_for_every_layout() {
        for (d, units) in [(0, 3), (1, 1), (3, 5), (4, 8), (5, 17), (2, 33)] {
            let w = Array2::from_shape_fn((d, units), |(k, j)| (k * 100 + j) as f64 + 0.5);
            let expected = by_definition(&w);
            assert_eq!(pack_panels(w.view()), expected, "{d} × {units}");
            let mut column_major = Array2::zeros((d, units).f());
            column_major.assign(&w);
            let packed = pack_panels(column_major.view());
            assert_eq!(packed, expected, "{d} × {units}, F order");
            let wide = Array2::from_shape_fn((d, 2 * units), |(k, j)| {
                w.get((k, j / 2)).copied().unwrap_or(0.0)
            });
            let strided = wide.slice(ndarray::s![.., ..;2]);
            assert_eq!(pack_panels(strided), expected, "{d} × {units}, strided");
            let w32 = w.mapv(|v| v as f32);
            assert_eq!(
                pack_panels(w32.view()),
                by_definition(&w32),
                "f32 {d} × {units}"
            );
        }
    }

    #[test]
    fn a_cleared_cache_packs_the_new_weights() {
        let mut cache = PanelCache::default();
        let w = Array2::from_elem((2, 3), 1.0);
        assert_eq!(cache.get_or_pack(w.view())[..3], [1.0, 1.0, 1.0]);
        let w2 = Array2::from_elem((2, 3), 2.0);
        cache.clear();
        assert_eq!(cache.get_or_pack(w2.view())[..3], [2.0, 2.0, 2.0]);
        assert_eq!(cache.clone().get_or_pack(w.view())[..3], [1.0, 1.0, 1.0]);
    }
}
