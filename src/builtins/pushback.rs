//! Stream routines that act on a stream's buffers rather than its data:
//! `ungetc`/`ungetchar` push the characters just read back to be read
//! again (only those, and only while they are still buffered, as in GNU
//! SETL), and `tie`
//! links two streams so that reading one first writes out what the other
//! has buffered (as standard input is linked to standard output), which a
//! program talking to a coprocess through two streams needs.

use super::streams::open_stream;
use super::NameClass::Sysproc;
use super::{b, want_str, Builtin};
use crate::interp::Interp;
use crate::ops::{show, Fail};
use crate::value::Value;
use std::os::fd::RawFd;

pub const TABLE: &[Builtin] = &[
    b("ungetc", Sysproc, ungetc, 2, 2),
    b("ungetchar", Sysproc, ungetchar, 1, 1),
    b("tie", Sysproc, tie, 2, 2),
];

/// The open stream `v` names, which must be readable (an unopened name
/// is not auto-opened: there would be nothing to push back onto).
fn input_stream(it: &mut Interp, fname: &str, v: &Value) -> Result<RawFd, Fail> {
    let fd = open_stream(it, fname, v)?;
    if !it.io.get(fd).is_some_and(|s| s.mode.readable()) {
        return Err(Fail::new(format!(
            "Stream {} is not open for input",
            show(v)
        )));
    }
    Ok(fd)
}

/// `ungetc(f, s)`: the next reads of f give the characters of s again.
fn ungetc(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("ungetc", &a[1])?.to_vec();
    let fd = input_stream(it, "ungetc", &a[0])?;
    back_up(it, fd, &s)
}

/// `ungetchar(s)`: `ungetc(stdin, s)`.
fn ungetchar(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("ungetchar", &a[0])?.to_vec();
    if !it.io.get(0).is_some_and(|st| st.mode.readable()) {
        return Err(Fail::new("Standard input stream is not open for input"));
    }
    back_up(it, 0, &s)
}

fn back_up(it: &mut Interp, fd: RawFd, s: &[u8]) -> Result<Value, Fail> {
    if let Some(st) = it.io.get(fd) {
        st.back_up(s).map_err(Fail::new)?;
    }
    Ok(Value::Om)
}

/// `tie(f, g)`: one of f and g is read and the other written; any earlier
/// links either had are dissolved.
fn tie(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let f = open_stream(it, "tie", &a[0])?;
    let g = open_stream(it, "tie", &a[1])?;
    let mode = |it: &mut Interp, fd| it.io.get(fd).map(|s| s.mode);
    let (Some(mf), Some(mg)) = (mode(it, f), mode(it, g)) else {
        return Err(Fail::new("tie: a stream is not open"));
    };
    let pairs = (mf.readable() && mg.writable()) || (mf.writable() && mg.readable());
    if !pairs {
        return Err(
            Fail::new("Inappropriate stream pairing for TIE").note(format!(
                "streams: {} and {}",
                show(&a[0]),
                show(&a[1])
            )),
        );
    }
    it.io.tie(f, g);
    Ok(Value::Om)
}
