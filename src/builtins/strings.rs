//! Strings: characters and case, hex, and the SNOBOL-style scanners that
//! remove what they match from their first (rw) argument.

use super::NameClass::{Sysproc, Uop15};
use super::{arg_type, b, brw, want_int, want_str, Builtin};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;

pub const TABLE: &[Builtin] = &[
    b("char", Uop15, char_, 1, 1),
    b("ichar", Uop15, ichar, 1, 1),
    b("to_upper", Uop15, to_upper, 1, 1),
    b("to_lower", Uop15, to_lower, 1, 1),
    b("hex", Uop15, hex, 1, 1),
    b("unhex", Uop15, unhex, 1, 1),
    b("lpad", Sysproc, lpad, 2, 2),
    b("rpad", Sysproc, rpad, 2, 2),
    b("join", Sysproc, join, 2, 2),
    brw("any", any, 2, 2, 0, 1),
    brw("notany", notany, 2, 2, 0, 1),
    brw("span", span, 2, 2, 0, 1),
    brw("break", break_, 2, 2, 0, 1),
    brw("len", len, 2, 2, 0, 1),
    brw("match", match_, 2, 2, 0, 1),
    brw("rany", rany, 2, 2, 0, 1),
    brw("rnotany", rnotany, 2, 2, 0, 1),
    brw("rspan", rspan, 2, 2, 0, 1),
    brw("rbreak", rbreak, 2, 2, 0, 1),
    brw("rlen", rlen, 2, 2, 0, 1),
    brw("rmatch", rmatch, 2, 2, 0, 1),
];

fn char_(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    match want_int("char", &a[0])? {
        n @ 0..=255 => Ok(Value::str([n as u8])),
        n => Err(Fail::new(format!("char: {n} is not in 0..255"))),
    }
}

fn ichar(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    match want_str("ichar", &a[0])? {
        [c] => Ok(Value::Int(*c as i64)),
        _ => Err(arg_type("ichar", &a[0], "a string of one character")),
    }
}

fn to_upper(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::str(
        want_str("to_upper", &a[0])?.to_ascii_uppercase(),
    ))
}

fn to_lower(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::str(
        want_str("to_lower", &a[0])?.to_ascii_lowercase(),
    ))
}

fn hex(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("hex", &a[0])?;
    Ok(Value::str(
        s.iter().map(|c| format!("{c:02X}")).collect::<String>(),
    ))
}

fn unhex(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("unhex", &a[0])?;
    if s.len() % 2 != 0 {
        return Ok(Value::Om);
    }
    let mut out = Vec::with_capacity(s.len() / 2);
    for pair in s.chunks(2) {
        let text = std::str::from_utf8(pair).unwrap_or("zz");
        match u8::from_str_radix(text, 16) {
            Ok(c) => out.push(c),
            Err(_) => return Ok(Value::Om),
        }
    }
    Ok(Value::str(out))
}

/// Pads with blanks to length n, on the left or the right; never cuts.
fn pad(name: &str, a: &[Value], left: bool) -> Result<Value, Fail> {
    let s = want_str(name, &a[0])?;
    let n = count(name, &a[1])?;
    if n > crate::limits::MAX_ELEMENTS {
        return Err(Fail::new(format!("{name}: the length {n} is too large")));
    }
    let fill = vec![b' '; n.saturating_sub(s.len())];
    Ok(Value::str(if left {
        [&fill[..], s].concat()
    } else {
        [s, &fill[..]].concat()
    }))
}

fn lpad(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    pad("lpad", a, true)
}

fn rpad(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    pad("rpad", a, false)
}

/// `join(t, sep)`: the members of tuple `t` as `str` shows them (strings
/// as they are, om as `*`), with `sep` between them.
fn join(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let Value::Tuple(t) = &a[0] else {
        return Err(arg_type("join", &a[0], "a tuple"));
    };
    let sep = want_str("join", &a[1])?;
    let mut out = Vec::new();
    for (i, x) in t.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep);
        }
        match x {
            Value::Str(s) => out.extend_from_slice(s),
            v => crate::value::print::write_str(v, &mut out),
        }
        if out.len() > crate::limits::MAX_ELEMENTS {
            return Err(Fail::new("join: the result would be too long"));
        }
    }
    Ok(Value::str(out))
}

/// Runs a scanner: `take` says how many bytes to remove from the front
/// (or back, for the r-variants) of the subject.
fn scan(
    name: &str,
    a: &mut [Value],
    from_right: bool,
    take: impl Fn(&[u8], &Value) -> Result<usize, Fail>,
) -> Result<Value, Fail> {
    let s = want_str(name, &a[0])?.to_vec();
    let n = take(&s, &a[1])?.min(s.len());
    let (got, rest) = if from_right {
        (s[s.len() - n..].to_vec(), s[..s.len() - n].to_vec())
    } else {
        (s[..n].to_vec(), s[n..].to_vec())
    };
    a[0] = Value::str(rest);
    Ok(Value::str(got))
}

/// A character count for len/rlen: never negative.
fn count(name: &str, n: &Value) -> Result<usize, Fail> {
    match want_int(name, n)? {
        k if k < 0 => Err(Fail::new(format!("{name}: the length {k} is negative"))),
        k => Ok(k as usize),
    }
}

fn charset<'a>(name: &str, v: &'a Value) -> Result<&'a [u8], Fail> {
    want_str(name, v)
}

fn any(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cs = charset("any", &a[1])?.to_vec();
    scan("any", a, false, |s, _| {
        Ok(usize::from(s.first().is_some_and(|c| cs.contains(c))))
    })
}
fn notany(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cs = charset("notany", &a[1])?.to_vec();
    scan("notany", a, false, |s, _| {
        Ok(usize::from(s.first().is_some_and(|c| !cs.contains(c))))
    })
}
fn span(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cs = charset("span", &a[1])?.to_vec();
    scan("span", a, false, |s, _| {
        Ok(s.iter().take_while(|c| cs.contains(c)).count())
    })
}
fn break_(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cs = charset("break", &a[1])?.to_vec();
    scan("break", a, false, |s, _| {
        Ok(s.iter().take_while(|c| !cs.contains(c)).count())
    })
}
fn len(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    scan("len", a, false, |_, n| count("len", n))
}
fn match_(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let p = want_str("match", &a[1])?.to_vec();
    scan("match", a, false, |s, _| {
        Ok(if s.starts_with(&p) { p.len() } else { 0 })
    })
}
fn rany(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cs = charset("rany", &a[1])?.to_vec();
    scan("rany", a, true, |s, _| {
        Ok(usize::from(s.last().is_some_and(|c| cs.contains(c))))
    })
}
fn rnotany(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cs = charset("rnotany", &a[1])?.to_vec();
    scan("rnotany", a, true, |s, _| {
        Ok(usize::from(s.last().is_some_and(|c| !cs.contains(c))))
    })
}
fn rspan(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cs = charset("rspan", &a[1])?.to_vec();
    scan("rspan", a, true, |s, _| {
        Ok(s.iter().rev().take_while(|c| cs.contains(c)).count())
    })
}
fn rbreak(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cs = charset("rbreak", &a[1])?.to_vec();
    scan("rbreak", a, true, |s, _| {
        Ok(s.iter().rev().take_while(|c| !cs.contains(c)).count())
    })
}
fn rlen(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    scan("rlen", a, true, |_, n| count("rlen", n))
}
fn rmatch(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let p = want_str("rmatch", &a[1])?.to_vec();
    scan("rmatch", a, true, |s, _| {
        Ok(if s.ends_with(&p) { p.len() } else { 0 })
    })
}
