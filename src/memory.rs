//! `--maxmem=N`: a cap on the heap a program may use, so that a runaway
//! program ends in a diagnostic instead of exhausting the machine.
//!
//! The global allocator counts live bytes, but only while a limit is set:
//! without one, its cost is one relaxed load and a branch per call. It
//! never refuses an allocation (Rust aborts the process when one fails);
//! instead, going past the limit raises the stop flag that loops and calls
//! already check for Ctrl-C (`crate::interrupt`), and the operations that
//! build large values from a size the program gives (`[1..n]`, `n * s`,
//! concatenation) ask `check` first, so a single huge request is refused
//! before it is made.

use crate::ops::Fail;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting.
pub struct Counting;

/// The limit in bytes; 0 means none (and no counting).
static LIMIT: AtomicUsize = AtomicUsize::new(0);
/// Bytes allocated since the limit was set, less those freed (freeing
/// older memory can take it below zero).
static USED: AtomicIsize = AtomicIsize::new(0);

#[inline(always)]
fn grew(delta: isize) {
    let limit = LIMIT.load(Relaxed);
    if limit != 0 && USED.fetch_add(delta, Relaxed) + delta > limit as isize {
        crate::interrupt::request(crate::interrupt::Reason::Memory);
    }
}

// SAFETY: every call is passed straight to `System`, which upholds the
// `GlobalAlloc` contract; the counting beside it only touches atomics and
// never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        grew(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            grew(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// Sets the limit (in bytes) and starts counting from zero.
pub fn set_limit(bytes: usize) {
    USED.store(0, Relaxed);
    LIMIT.store(bytes.max(1), Relaxed);
}

/// The limit as the user wrote it, for messages: `--maxmem=…`.
pub fn describe_limit() -> String {
    let n = LIMIT.load(Relaxed);
    let (v, unit) = if n.is_multiple_of(1 << 30) {
        (n >> 30, "g")
    } else if n.is_multiple_of(1 << 20) {
        (n >> 20, "m")
    } else if n.is_multiple_of(1 << 10) {
        (n >> 10, "k")
    } else {
        (n, "")
    };
    format!("the limit set by --maxmem={v}{unit}")
}

/// Refuses a request for `bytes` more that would take the program past
/// its limit.
pub fn check(bytes: usize) -> Result<(), Fail> {
    let limit = LIMIT.load(Relaxed);
    if limit == 0 {
        return Ok(());
    }
    let used = USED.load(Relaxed).max(0) as usize;
    if used.saturating_add(bytes) > limit {
        return Err(Fail::new(format!(
            "not enough memory: this needs {bytes} bytes more, past {}",
            describe_limit()
        )));
    }
    Ok(())
}

/// Reads `N`, `Nk`, `Nm` or `Ng` (as GNU SETL's `--maxmem` does).
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (digits, shift) = match s.char_indices().last()? {
        (i, 'k' | 'K') => (&s[..i], 10),
        (i, 'm' | 'M') => (&s[..i], 20),
        (i, 'g' | 'G') => (&s[..i], 30),
        _ => (s, 0),
    };
    let n: usize = digits.parse().ok()?;
    n.checked_mul(1 << shift).filter(|&b| b > 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_gnu_setl() {
        assert_eq!(super::parse_size("4096"), Some(4096));
        assert_eq!(super::parse_size("64k"), Some(64 << 10));
        assert_eq!(super::parse_size("100m"), Some(100 << 20));
        assert_eq!(super::parse_size("2G"), Some(2 << 30));
        assert_eq!(super::parse_size("0"), None);
        assert_eq!(super::parse_size("m"), None);
        assert_eq!(super::parse_size("12x"), None);
        assert_eq!(super::parse_size("99999999999999999999g"), None);
    }
}
