//! A grid of cells over the plane of two features: the shaded background of a
//! decision boundary, and the lines traced through it.

use ndarray::Array2;

/// A rectangle by two opposite corners, as plotters takes it; also a line
/// segment by its two ends.
pub(super) type Corners = [(f64, f64); 2];

/// A grid of `columns × rows` cells over a rectangle of the plane.
pub(super) struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

impl Grid {
    pub(super) fn new(x: (f64, f64), y: (f64, f64), columns: usize, rows: usize) -> Self {
        let steps = |(low, high): (f64, f64), n: usize| -> Vec<f64> {
            (0..=n)
                .map(|i| low + (high - low) * i as f64 / n as f64)
                .collect()
        };
        Grid {
            xs: steps(x, columns),
            ys: steps(y, rows),
        }
    }

    fn columns(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    /// Every corner, row by row from the bottom: `((rows + 1)·(columns + 1), 2)`.
    pub(super) fn corners(&self) -> Array2<f64> {
        let points: Vec<[f64; 2]> = self
            .ys
            .iter()
            .flat_map(|&y| self.xs.iter().map(move |&x| [x, y]))
            .collect();
        Array2::from(points)
    }

    /// Every cell's centre, row by row from the bottom: `(rows·columns, 2)`.
    pub(super) fn centres(&self) -> Array2<f64> {
        let middles =
            |v: &[f64]| -> Vec<f64> { v.windows(2).map(|w| w.iter().sum::<f64>() / 2.0).collect() };
        let (xs, ys) = (middles(&self.xs), middles(&self.ys));
        let points: Vec<[f64; 2]> = ys
            .iter()
            .flat_map(|&y| xs.iter().map(move |&x| [x, y]))
            .collect();
        Array2::from(points)
    }

    /// The shaded background from each cell's `(class, shade)` (`None` leaves
    /// the cell blank), in the order of [`centres`](Grid::centres): runs of
    /// cells in a row with the same class and shade become one rectangle, which
    /// keeps the picture small.
    pub(super) fn shading(&self, cells: &[Option<(usize, usize)>]) -> Vec<(Corners, usize, usize)> {
        let mut rectangles = Vec::new();
        for (j, row) in cells.chunks(self.columns().max(1)).enumerate() {
            let (Some(&bottom), Some(&top)) = (self.ys.get(j), self.ys.get(j + 1)) else {
                continue;
            };
            let mut start = 0;
            for i in 1..=row.len() {
                let current = row.get(start).copied().flatten();
                if i < row.len() && row.get(i).copied().flatten() == current {
                    continue;
                }
                if let (Some((class, level)), Some(&left), Some(&right)) =
                    (current, self.xs.get(start), self.xs.get(i))
                {
                    rectangles.push(([(left, bottom), (right, top)], class, level));
                }
                start = i;
            }
        }
        rectangles
    }

    /// The line where the values at the corners cross `level`, by marching
    /// squares: in each cell, a segment between the points where two of its
    /// edges cross, found by linear interpolation along the edge.
    pub(super) fn contour(&self, corners: &[f64], level: f64) -> Vec<Corners> {
        let width = self.xs.len();
        let at = |i: usize, j: usize| -> Option<(f64, f64, f64)> {
            Some((
                *self.xs.get(i)?,
                *self.ys.get(j)?,
                *corners.get(j * width + i)?,
            ))
        };
        let crossing = |a: (f64, f64, f64), b: (f64, f64, f64)| -> Option<(f64, f64)> {
            let (above_a, above_b) = (a.2 >= level, b.2 >= level);
            if above_a == above_b || a.2.is_nan() || b.2.is_nan() {
                return None;
            }
            let t = (level - a.2) / (b.2 - a.2);
            Some((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
        };
        let mut segments = Vec::new();
        for j in 0..self.rows() {
            for i in 0..self.columns() {
                let (Some(a), Some(b), Some(c), Some(d)) =
                    (at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1))
                else {
                    continue;
                };
                // The edges in order around the cell: bottom, right, top, left.
                let points: Vec<(f64, f64)> = [(a, b), (b, c), (d, c), (a, d)]
                    .into_iter()
                    .filter_map(|(p, q)| crossing(p, q))
                    .collect();
                // Two crossings make one segment; four (a saddle) make two.
                segments.extend(points.chunks_exact(2).filter_map(|pair| match pair {
                    [p, q] => Some([*p, *q]),
                    _ => None,
                }));
            }
        }
        segments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contour_of_a_plane_is_a_straight_line() {
        // Values x + y on [0, 1]²: the line x + y = 1 crosses the square's diagonal.
        let grid = Grid::new((0.0, 1.0), (0.0, 1.0), 4, 4);
        let values: Vec<f64> = grid.corners().rows().into_iter().map(|p| p.sum()).collect();
        let segments = grid.contour(&values, 1.0);
        assert!(!segments.is_empty());
        for [(x0, y0), (x1, y1)] in segments {
            assert!((x0 + y0 - 1.0).abs() < 1e-12 && (x1 + y1 - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn shading_merges_runs() {
        let grid = Grid::new((0.0, 4.0), (0.0, 1.0), 4, 1);
        let rectangles = grid.shading(&[Some((0, 4)), Some((0, 3)), Some((1, 4)), Some((1, 4))]);
        // The first two are both class 0 but of different shades; the last two merge.
        assert_eq!(rectangles.len(), 3);
        assert_eq!(rectangles.last(), Some(&([(2.0, 0.0), (4.0, 1.0)], 1, 4)));
        // A blank cell is no rectangle.
        assert_eq!(grid.shading(&[None, None, Some((2, 1)), None]).len(), 1);
    }
}
