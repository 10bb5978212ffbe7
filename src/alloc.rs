//! Allocations sized by a caller's numbers: an overflow or a request the
//! allocator refuses is an error, never an abort or a panic.

use crate::{Error, Result};

/// An empty vector with room for `rows × columns` values of `T`.
///
/// # Errors
/// [`Error::Allocation`] when `rows × columns` values of `T` overflow the
/// address space, or the memory cannot be had.
pub(crate) fn room_for<T>(what: &'static str, rows: usize, columns: usize) -> Result<Vec<T>> {
    let fail = |reason| Error::Allocation {
        what,
        rows,
        columns,
        reason,
    };
    let n = rows
        .checked_mul(columns)
        .filter(|n| {
            n.checked_mul(std::mem::size_of::<T>())
                .is_some_and(|bytes| bytes <= isize::MAX as usize)
        })
        .ok_or_else(|| fail("the size overflows"))?;
    let mut values = Vec::new();
    values
        .try_reserve_exact(n)
        .map_err(|_| fail("the memory cannot be had"))?;
    Ok(values)
}

/// A `rows × columns` matrix of zeros, allocated fallibly (see [`room_for`]).
///
/// # Errors
/// [`Error::Allocation`] as [`room_for`].
pub(crate) fn zeros<T: Clone + num_traits::Zero>(
    what: &'static str,
    rows: usize,
    columns: usize,
) -> Result<ndarray::Array2<T>> {
    let mut values = room_for(what, rows, columns)?;
    values.resize(rows.saturating_mul(columns), T::zero());
    ndarray::Array2::from_shape_vec((rows, columns), values).map_err(|_| Error::Allocation {
        what,
        rows,
        columns,
        reason: "the size overflows",
    })
}

/// A vector of `n` zeros, allocated fallibly (see [`room_for`]).
///
/// # Errors
/// [`Error::Allocation`] as [`room_for`], with `n` as one row of `n` columns.
pub(crate) fn zeros_vector<T: Clone + num_traits::Zero>(
    what: &'static str,
    n: usize,
) -> Result<ndarray::Array1<T>> {
    let mut values = room_for(what, 1, n)?;
    values.resize(n, T::zero());
    Ok(ndarray::Array1::from_vec(values))
}
