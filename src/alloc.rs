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
