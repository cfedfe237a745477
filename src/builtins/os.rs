//! The process's surroundings: the environment and time.

use super::NameClass::{Sysproc, Uop15};
use super::{b, unrestricted, want_str, Builtin};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

pub const TABLE: &[Builtin] = &[
    b("callout", Sysproc, callout, 3, 3),
    b("getenv", Uop15, getenv, 1, 1),
    b("setenv", Sysproc, setenv, 1, 2),
    b("unsetenv", Sysproc, unsetenv, 1, 1),
    b("putenv", Sysproc, putenv, 1, 1),
    b("time", Sysproc, time, 0, 0),
    b("clock", Sysproc, clock, 0, 0),
    b("tod", Sysproc, tod, 0, 0),
];

/// An environment variable's name: a string without `=` or NUL that the
/// C library can look up. None when no variable can have this name.
fn env_name<'a>(fname: &str, v: &'a Value) -> Result<Option<&'a OsStr>, Fail> {
    let name = want_str(fname, v)?;
    if name.contains(&0) {
        return Err(Fail::new(format!(
            "{fname}: a variable name cannot contain a NUL byte"
        )));
    }
    Ok((!name.is_empty() && !name.contains(&b'=')).then(|| OsStr::from_bytes(name)))
}

/// `getenv name`: the value, or om if it is unset.
fn getenv(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "getenv")?;
    Ok(env_name("getenv", &a[0])?
        .and_then(std::env::var_os)
        .map_or(Value::Om, |v| Value::str(v.into_encoded_bytes())))
}

/// `setenv(name [, value])`: value defaults to the empty string; children
/// started later see it.
fn setenv(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "setenv")?;
    let Some(name) = env_name("setenv", &a[0])? else {
        return Err(Fail::new(
            "setenv: a variable name must be non-empty and have no '='",
        ));
    };
    let value = match a.get(1) {
        Some(v) => want_str("setenv", v)?,
        None => b"",
    };
    if value.contains(&0) {
        return Err(Fail::new("setenv: a value cannot contain a NUL byte"));
    }
    // The interpreter runs on one thread; the main thread only waits for it.
    std::env::set_var(name, OsStr::from_bytes(value));
    Ok(Value::Om)
}

fn unsetenv(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "unsetenv")?;
    if let Some(name) = env_name("unsetenv", &a[0])? {
        std::env::remove_var(name);
    }
    Ok(Value::Om)
}

/// `putenv('NAME=VALUE')`: sets NAME; a string without `=` unsets it,
/// as glibc's putenv does.
fn putenv(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "putenv")?;
    let s = want_str("putenv", &a[0])?;
    let (name, value) = match s.iter().position(|&c| c == b'=') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if name.is_empty() || s.contains(&0) {
        return Err(
            Fail::new("putenv needs 'NAME=VALUE' with a non-empty NAME and no NUL byte")
                .note(format!("argument: {}", crate::ops::show(&a[0]))),
        );
    }
    match value {
        Some(v) => std::env::set_var(OsStr::from_bytes(name), OsStr::from_bytes(v)),
        None => std::env::remove_var(OsStr::from_bytes(name)),
    }
    Ok(Value::Om)
}

fn millis(d: std::time::Duration) -> Value {
    Value::Int(d.as_millis() as i64)
}

fn time(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    Ok(millis(it.lib.start.elapsed()))
}
fn clock(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    Ok(millis(it.lib.start.elapsed()))
}
fn tod(_: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Ok(millis(now))
}

/// `date`: the local time as C's `%c` would show it in the C locale.
pub fn date_string() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MO: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        WD[days.rem_euclid(7) as usize],
        MO[(m - 1) as usize],
        d,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        y
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

pub fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// `callout(service, om, args)`: GNU SETL's hook for SETL2-style calls
/// into C. With no C dispatcher linked in (GNU SETL's default, and the
/// only case here), it reports the call on standard error and gives om.
fn callout(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let service = super::want_int("callout", &a[0])?;
    let args = match (&a[1], &a[2]) {
        (Value::Om, Value::Tuple(t)) => t.clone(),
        _ => {
            return Err(Fail::new(format!(
                "callout needs (INTEGER, OM, TUPLE), not ({}, {}, {})",
                a[0].type_name(),
                a[1].type_name(),
                a[2].type_name()
            )))
        }
    };
    let mut report = format!(
        "setl2_callout called with service code {service} and the following {} arguments:\n",
        args.len()
    )
    .into_bytes();
    for v in args.iter() {
        report.push(b'"');
        report.extend_from_slice(want_str("callout", v)?);
        report.extend_from_slice(b"\"\n");
    }
    unrestricted(it, "callout")?;
    let _ = it.io.write(2, &report);
    Ok(Value::Om)
}
