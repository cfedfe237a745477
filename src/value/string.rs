//! The payload of `Value::Str`: a byte string that keeps short strings
//! inline.
//!
//! Why: most strings a SETL program makes are short (words, keys, digits,
//! single characters from iteration), and a `Rc<Vec<u8>>` costs two heap
//! allocations for each of them: the `Rc` box holding the `Vec` header, and
//! the bytes. `StrV` stores strings of up to [`INLINE_CAP`] (14) bytes in
//! the 15 bytes `Value` has next to its tag, so making, cloning and dropping
//! them allocates nothing, and comparing two of them is one integer
//! comparison. Longer strings sit behind an `Rc<Vec<u8>>` as before, so
//! assignment copies a pointer and an in-place edit through
//! [`StrV::make_mut`] copies only when the string is shared; appending to an
//! unshared long string (`s +:= 'x'` in a loop) stays amortized O(1).
//!
//! Layout, and why it uses `unsafe`: `StrV` is 15 bytes with alignment 1, so
//! `Value` keeps an ordinary one-byte tag followed by the string, and stays
//! 16 bytes. One byte is the inline length (0..=14) or `HEAP`; a heap
//! string keeps the pointer from `Rc::into_raw` in 8 of the other 14.
//! A safe layout (an enum of `{ len, [u8; N] }` and `Rc<Vec<u8>>`) also fits
//! in 16 bytes, but only because the compiler then hides `Value`'s tag in
//! the spare values of the string's length byte; decoding that tag costs a
//! few instructions on every `match` on a `Value`, which measured 4-9% more
//! instructions on the benchmarks that do not use strings. The unsafe code
//! is confined to this file: turning the stored pointer back into the `Rc`
//! it came from (`StrV::take_rc`, `Clone`) and borrowing the `Vec` it
//! points to (`StrV::heap`, `StrV::make_mut`).
//!
//! Sameness and order are bytewise, whatever the representation: a string
//! edited in place may stay on the heap after it has become short, so no
//! code may assume that short strings are inline.

use std::cmp::Ordering;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr;
use std::rc::Rc;

/// The longest string kept inline.
pub const INLINE_CAP: usize = 14;

/// The tag of a heap string (inline lengths are 0..=14).
const HEAP: u8 = 0xff;

/// Where a heap string keeps its pointer in `bytes`: the last 8 of them
/// (not aligned; it is read and written as bytes).
const PTR_AT: usize = INLINE_CAP - std::mem::size_of::<usize>();

/// A SETL string: bytes, inline when short, shared copy-on-write when long.
/// `repr(C)` pins the layout that measured fastest (the tag last; putting
/// it first cost 1-2% more instructions on the integer benchmarks).
#[repr(C)]
pub struct StrV {
    /// Inline: the string, then zeros (`inline_key` relies on the zeros).
    /// Heap: zeros, then at `PTR_AT` the address (provenance exposed) of a
    /// `Vec<u8>` from `Rc::into_raw`, standing for one strong reference that
    /// this `StrV` owns.
    bytes: [u8; INLINE_CAP],
    /// The inline length (0..=14), or `HEAP`.
    tag: u8,
    /// `StrV` owns an `Rc`, so it must not be `Send` or `Sync` either.
    _rc: PhantomData<Rc<Vec<u8>>>,
}

/// Copies `src` to `dst` (same length, at most 16) with fixed-size moves,
/// not a call to `memcpy`: the copies overlap rather than loop.
#[inline(always)]
fn copy_small(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    debug_assert!(n == dst.len() && n <= 16);
    if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..].copy_from_slice(&src[n - 4..]);
    } else if n > 0 {
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    }
}

impl StrV {
    /// The empty string.
    pub const fn new() -> StrV {
        StrV {
            tag: 0,
            bytes: [0; INLINE_CAP],
            _rc: PhantomData,
        }
    }

    /// A string holding a copy of `b`.
    #[inline]
    pub fn from_slice(b: &[u8]) -> StrV {
        if b.len() <= INLINE_CAP {
            let mut s = StrV::new();
            copy_small(&mut s.bytes[..b.len()], b);
            s.tag = b.len() as u8;
            s
        } else {
            StrV::from_rc(Rc::new(b.to_vec()))
        }
    }

    /// A string taking over `v`; short ones are copied inline and `v` freed.
    pub fn from_vec(v: Vec<u8>) -> StrV {
        if v.len() <= INLINE_CAP {
            StrV::from_slice(&v)
        } else {
            StrV::from_rc(Rc::new(v))
        }
    }

    /// A heap string owning `rc` (whatever its length).
    fn from_rc(rc: Rc<Vec<u8>>) -> StrV {
        let addr = Rc::into_raw(rc).expose_provenance();
        let mut s = StrV::new();
        s.tag = HEAP;
        s.bytes[PTR_AT..].copy_from_slice(&addr.to_ne_bytes());
        s
    }

    /// The pointer a heap string holds.
    #[inline]
    fn heap_ptr(&self) -> Option<*const Vec<u8>> {
        if self.tag != HEAP {
            return None;
        }
        let mut addr = [0; std::mem::size_of::<usize>()];
        addr.copy_from_slice(&self.bytes[PTR_AT..]);
        Some(ptr::with_exposed_provenance(usize::from_ne_bytes(addr)))
    }

    /// The bytes of a heap string.
    #[inline]
    fn heap(&self) -> Option<&Vec<u8>> {
        // SAFETY: the pointer came from `Rc::into_raw` and `self` owns a
        // strong reference, so the `Vec` lives at least as long as this
        // borrow of `self`. Nothing mutates it meanwhile: the only mutation
        // is through `make_mut`, which needs `&mut` to the one `StrV` that
        // holds the only reference (`Rc::make_mut` copies a shared one).
        self.heap_ptr().map(|p| unsafe { &*p })
    }

    /// Turns a heap string into the empty string and hands back its `Rc`.
    fn take_rc(&mut self) -> Option<Rc<Vec<u8>>> {
        let p = self.heap_ptr()?;
        // Forget the pointer first (a plain field write: no `Drop` runs), so
        // the reference is owned by the returned `Rc` alone.
        self.tag = 0;
        self.bytes = [0; INLINE_CAP];
        // SAFETY: `p` came from `Rc::into_raw`, and the strong reference
        // `self` owned for it passes to the new `Rc`.
        Some(unsafe { Rc::from_raw(p) })
    }

    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match self.heap() {
            Some(v) => v,
            None => &self.bytes[..self.tag as usize],
        }
    }

    /// Whether the bytes are stored inline (no allocation).
    #[inline]
    pub fn is_inline(&self) -> bool {
        self.tag != HEAP
    }

    /// The bytes for in-place editing, like `Rc::make_mut`: an inline
    /// string moves to the heap, a shared one is copied first.
    pub fn make_mut(&mut self) -> &mut Vec<u8> {
        let mut rc = match self.take_rc() {
            Some(rc) => rc,
            None => Rc::new(self.as_bytes().to_vec()),
        };
        let v: *mut Vec<u8> = Rc::make_mut(&mut rc);
        *self = StrV::from_rc(rc);
        // SAFETY: `Rc::make_mut` left `rc` the only reference to `*v`, and
        // `self` now owns it; the returned borrow of `self` keeps it alive
        // and keeps `self` from being cloned while the `&mut` exists.
        unsafe { &mut *v }
    }

    /// Appends `more`, staying inline while the result fits; an unshared
    /// heap string grows in place (amortized O(1) per byte).
    pub fn extend_from_slice(&mut self, more: &[u8]) {
        let n = self.tag as usize;
        if self.is_inline() && n + more.len() <= INLINE_CAP {
            copy_small(&mut self.bytes[n..n + more.len()], more);
            self.tag = (n + more.len()) as u8;
        } else if self.is_inline() {
            let mut v = Vec::with_capacity(n + more.len());
            v.extend_from_slice(&self.bytes[..n]);
            v.extend_from_slice(more);
            *self = StrV::from_rc(Rc::new(v));
        } else {
            self.make_mut().extend_from_slice(more);
        }
    }

    /// For two inline strings, a number whose order is their bytewise
    /// order: the zero-padded bytes, then the length to break ties (a
    /// string sorts before any longer string it is a zero-padded prefix
    /// of, e.g. "a" < "a\0").
    #[inline]
    fn inline_key(&self) -> Option<u128> {
        if !self.is_inline() {
            return None;
        }
        let mut k = [0u8; 16];
        k[..INLINE_CAP].copy_from_slice(&self.bytes);
        k[INLINE_CAP] = self.tag;
        Some(u128::from_be_bytes(k))
    }
}

impl Drop for StrV {
    fn drop(&mut self) {
        self.take_rc();
    }
}

impl Clone for StrV {
    fn clone(&self) -> StrV {
        if let Some(p) = self.heap_ptr() {
            // SAFETY: `p` came from `Rc::into_raw` and is alive (`self` owns
            // a reference); the new count is the reference the copy owns.
            unsafe { Rc::increment_strong_count(p) };
        }
        StrV {
            tag: self.tag,
            bytes: self.bytes,
            _rc: PhantomData,
        }
    }
}

impl Default for StrV {
    fn default() -> StrV {
        StrV::new()
    }
}

impl Deref for StrV {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl AsRef<[u8]> for StrV {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for StrV {
    #[inline]
    fn eq(&self, other: &StrV) -> bool {
        match (self.inline_key(), other.inline_key()) {
            (Some(a), Some(b)) => a == b,
            _ => self.as_bytes() == other.as_bytes(),
        }
    }
}

impl Eq for StrV {}

impl PartialOrd for StrV {
    fn partial_cmp(&self, other: &StrV) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for StrV {
    #[inline]
    fn cmp(&self, other: &StrV) -> Ordering {
        match (self.inline_key(), other.inline_key()) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.as_bytes().cmp(other.as_bytes()),
        }
    }
}

/// Prints like the `Vec<u8>` it replaced.
impl fmt::Debug for StrV {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_bytes().fmt(f)
    }
}

impl From<&[u8]> for StrV {
    fn from(b: &[u8]) -> StrV {
        StrV::from_slice(b)
    }
}

impl<const N: usize> From<[u8; N]> for StrV {
    fn from(b: [u8; N]) -> StrV {
        StrV::from_slice(&b)
    }
}

impl<const N: usize> From<&[u8; N]> for StrV {
    fn from(b: &[u8; N]) -> StrV {
        StrV::from_slice(b)
    }
}

impl From<&str> for StrV {
    fn from(s: &str) -> StrV {
        StrV::from_slice(s.as_bytes())
    }
}

impl From<Vec<u8>> for StrV {
    fn from(v: Vec<u8>) -> StrV {
        StrV::from_vec(v)
    }
}

impl From<String> for StrV {
    fn from(s: String) -> StrV {
        StrV::from_vec(s.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn value_stays_two_words() {
        assert_eq!(std::mem::size_of::<StrV>(), 15);
        assert_eq!(std::mem::align_of::<StrV>(), 1);
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn short_strings_are_inline() {
        assert!(StrV::from_slice(b"").is_inline());
        assert!(StrV::from_slice(b"fourteen bytes").is_inline());
        assert!(!StrV::from_slice(b"fifteen bytes!!").is_inline());
        assert!(StrV::from_vec(b"w123".to_vec()).is_inline());
        assert_eq!(&*StrV::from("w123"), b"w123");
        assert_eq!(&*StrV::from(vec![7u8; 40]), &[7u8; 40][..]);
    }

    #[test]
    fn append_crosses_to_heap() {
        let mut s = StrV::new();
        let mut want = Vec::new();
        for i in 0..100u8 {
            s.extend_from_slice(&[b'a' + i % 26]);
            want.push(b'a' + i % 26);
            assert_eq!(&*s, &want[..]);
            assert_eq!(s.is_inline(), want.len() <= INLINE_CAP);
        }
    }

    #[test]
    fn append_to_unshared_heap_string_does_not_copy() {
        let mut s = StrV::from_slice(&[b'x'; 20]);
        s.extend_from_slice(b"y");
        let before = s.as_ptr();
        let cap = s.make_mut().capacity();
        for _ in 0..cap - s.len() {
            s.extend_from_slice(b"z");
        }
        assert_eq!(s.as_ptr(), before);
    }

    #[test]
    fn make_mut_copies_only_shared_strings() {
        let mut a = StrV::from_slice(b"abc");
        let b = a.clone();
        a.make_mut().push(b'd');
        assert_eq!(&*a, b"abcd");
        assert_eq!(&*b, b"abc");
        let mut long = StrV::from_slice(&[b'q'; 30]);
        let shared = long.clone();
        long.make_mut()[0] = b'r';
        assert_eq!(shared[0], b'q');
        assert_eq!(long[0], b'r');
    }

    #[test]
    fn clones_share_until_dropped() {
        let mut a = StrV::from_slice(&[b'k'; 25]);
        let p = a.make_mut().as_ptr();
        let b = a.clone();
        let c = b.clone();
        // Shared: editing `a` copies it, leaving `b` and `c` alone.
        a.make_mut()[0] = b'a';
        assert_ne!(a.as_ptr(), p);
        assert_eq!(b.as_ptr(), p);
        assert_eq!(&c[..2], b"kk");
        drop(b);
        // `c` now holds the only reference: editing it must not copy.
        let mut c = c;
        c.make_mut()[0] = b'c';
        assert_eq!(c.as_ptr(), p);
        assert_eq!(&c[..2], b"ck");
        assert_eq!(&a[..2], b"ak");
        // Taking the bytes leaves a valid empty string.
        let mut d = c.clone();
        assert_eq!(d.take_rc().map(|r| r.len()), Some(25));
        assert!(d.is_empty() && d.is_inline());
        let many: Vec<StrV> = (0..100).map(|_| c.clone()).collect();
        drop(many);
        assert_eq!(c.make_mut().as_ptr(), p);
    }

    #[test]
    fn order_is_bytewise_across_representations() {
        let words: Vec<&[u8]> = vec![
            b"",
            b"\0",
            b"\0\0",
            b"a",
            b"a\0",
            b"a\0b",
            b"ab",
            b"abcdefghijklm",
            b"abcdefghijklmn",
            b"abcdefghijklmno",
            b"b",
            b"\xff",
            b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        ];
        // Each word both inline (when short) and on the heap.
        let forms = |w: &[u8]| {
            let mut heap = StrV::from_slice(&[b'-'; 20]);
            let v = heap.make_mut();
            v.clear();
            v.extend_from_slice(w);
            [StrV::from_slice(w), heap]
        };
        for x in &words {
            for y in &words {
                for a in forms(x) {
                    for b in forms(y) {
                        assert_eq!(a.cmp(&b), x.cmp(y), "{x:?} vs {y:?}");
                        assert_eq!(a == b, x == y, "{x:?} vs {y:?}");
                    }
                }
            }
        }
    }
}
