//! `fdate(ms [, fmt])`: milliseconds since 1970 as a local calendar date
//! and time, through the C library's `localtime_r` and `strftime` so that
//! the zone (`TZ`), its abbreviation and every conversion are exactly
//! those GNU SETL shows. As there, `%s` in the format stands for the
//! milliseconds (three digits), and the default format is
//! `%a %b %e %H:%M:%S.%s %Z %Y` (`Thu Jan  1 00:00:00.000 UTC 1970`).

use super::NameClass::Sysproc;
use super::{arg_type, b, Builtin};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;
use num_traits::{Signed, ToPrimitive};
use std::ffi::CString;

pub const TABLE: &[Builtin] = &[b("fdate", Sysproc, fdate, 1, 2)];

/// GNU SETL's bound on a format's length ("it's just supposed to be for
/// formatting a time and date").
const MAX_FORMAT: usize = 1000;

fn fdate(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let (secs, msec) = split_ms(&a[0])?;
    let tm = local_time(secs).ok_or_else(|| {
        Fail::new(format!("First arg to fdate would give year > {}", i32::MAX))
            .note(format!("argument: {}", crate::ops::show(&a[0])))
    })?;
    let Some(fmt) = a.get(1) else {
        let format = format!("%a %b %e %H:%M:%S.{msec:03} %Z %Y");
        return Ok(Value::str(strftime(&format, 50, &tm)));
    };
    let fmt = fmt.as_bytes().ok_or_else(|| {
        Fail::new(format!(
            "fdate ({}, {}) invalid - need (INTEGER, optional STRING)",
            a[0].type_name(),
            fmt.type_name()
        ))
    })?;
    if fmt.is_empty() {
        return Ok(Value::str(Vec::new()));
    }
    if fmt.contains(&0) {
        return Err(Fail::new(
            "fdate format string must not contain NUL characters",
        ));
    }
    if fmt.len() > MAX_FORMAT {
        return Err(Fail::new(format!(
            "Second arg (format) to fdate is too long (more than {MAX_FORMAT} characters)"
        )));
    }
    let (format, conversions) = expand_millis(fmt, msec);
    // GNU SETL's room for the result; a longer one comes out empty, as
    // strftime gives nothing when it does not fit.
    let room = 5 * fmt.len() + 50 * conversions + 500;
    Ok(Value::str(strftime(&format, room, &tm)))
}

/// Seconds and the milliseconds past them, as GNU SETL splits a count of
/// milliseconds (which must be 0 or more, and its seconds fit in a long).
fn split_ms(v: &Value) -> Result<(i64, u32), Fail> {
    let negative = || Fail::new("Negative number of milliseconds in first arg to fdate");
    match v {
        Value::Int(i) if *i < 0 => Err(negative()),
        Value::Int(i) => Ok((i / 1000, (i % 1000) as u32)),
        Value::Big(b) if b.is_negative() => Err(negative()),
        Value::Big(b) => {
            let (q, r) = num_integer::Integer::div_rem(&**b, &num_bigint::BigInt::from(1000));
            match (q.to_i64(), r.to_u32()) {
                (Some(q), Some(r)) => Ok((q, r)),
                _ => Err(Fail::new(format!(
                    "Too many milliseconds (more than {}999) in first arg to fdate",
                    i64::MAX
                ))),
            }
        }
        _ => Err(arg_type("fdate", v, "an integer number of milliseconds")),
    }
}

unsafe extern "C" {
    /// POSIX tzset(3), which the libc crate does not declare.
    fn tzset();
}

/// The local broken-down time of `secs`, or none when its year does not
/// fit the C library's `int` (GNU SETL refuses the last 1900 years of
/// that range too: strftime shows them negative).
fn local_time(secs: i64) -> Option<libc::tm> {
    let t = libc::time_t::try_from(secs).ok()?;
    let mut tm = std::mem::MaybeUninit::<libc::tm>::zeroed();
    // SAFETY: tzset only (re)reads TZ, as localtime(3) does in GNU SETL,
    // so that a change the program made to TZ counts; localtime_r writes
    // only into `tm`, which is valid for writes, and reads `t`.
    let r = unsafe {
        tzset();
        libc::localtime_r(&t, tm.as_mut_ptr())
    };
    if r.is_null() {
        return None;
    }
    // SAFETY: localtime_r succeeded, so it filled `tm` (which started
    // zeroed, a valid `tm` in any case).
    let tm = unsafe { tm.assume_init() };
    (tm.tm_year <= i32::MAX - 1900).then_some(tm)
}

/// The format with each `%s` replaced by the milliseconds, and how many
/// conversions it holds (which sizes the result's room as in GNU SETL).
fn expand_millis(fmt: &[u8], msec: u32) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(fmt.len() + fmt.len() / 2);
    let mut conversions = 0;
    let mut i = 0;
    while i < fmt.len() {
        match (fmt[i], fmt.get(i + 1)) {
            (b'%', Some(b's')) => {
                conversions += 1;
                out.extend_from_slice(format!("{msec:03}").as_bytes());
                i += 2;
            }
            (b'%', Some(b'%')) => {
                out.extend_from_slice(b"%%");
                i += 2;
            }
            (c, _) => {
                conversions += usize::from(c == b'%');
                out.push(c);
                i += 1;
            }
        }
    }
    (out, conversions)
}

/// strftime(3) of `format` into at most `room` bytes: empty when the
/// result does not fit (or is empty), as there.
fn strftime(format: impl AsRef<[u8]>, room: usize, tm: &libc::tm) -> Vec<u8> {
    let Ok(format) = CString::new(format.as_ref()) else {
        return Vec::new(); // callers refuse NUL bytes first
    };
    let mut buf = vec![0u8; room];
    // SAFETY: `buf` is valid for writes of `room` bytes, which strftime
    // never exceeds (it returns 0 instead); `format` is NUL-terminated and
    // `tm` came from localtime_r.
    let n = unsafe {
        libc::strftime(
            buf.as_mut_ptr().cast::<libc::c_char>(),
            room,
            format.as_ptr(),
            tm,
        )
    };
    buf.truncate(n.min(room));
    buf
}

#[cfg(test)]
mod tests {
    use super::expand_millis;

    #[test]
    fn percent_s_is_the_milliseconds_and_percent_percent_stays() {
        let (f, n) = expand_millis(b"%s|%%s|%5s|%|x%", 7);
        assert_eq!(f, b"007|%%s|%5s|%|x%");
        assert_eq!(n, 4);
    }
}
