//! Input and output on the standard streams, time, and the environment.

use super::convert::Reader;
use super::NameClass::{Sysproc, Uop15};
use super::{arg_type, b, brw, want_str, Builtin, ANY};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::print::write_str;
use crate::value::Value;

pub const TABLE: &[Builtin] = &[
    b("print", Sysproc, print, 0, ANY),
    b("nprint", Sysproc, nprint, 0, ANY),
    b("write", Sysproc, write, 0, ANY),
    b("printa", Sysproc, printa, 1, ANY),
    b("nprinta", Sysproc, nprinta, 1, ANY),
    b("writea", Sysproc, writea, 1, ANY),
    brw("read", read, 0, ANY, 0, ANY),
    brw("reada", reada, 1, ANY, 1, ANY),
    brw("get", get, 0, ANY, 0, ANY),
    brw("geta", geta, 1, ANY, 1, ANY),
    b("getline", Uop15, getline, 1, 1),
    b("getfile", Uop15, getfile, 1, 1),
    b("getc", Uop15, getc, 1, 1),
    b("getchar", Sysproc, getchar, 0, 0),
    b("eof", Sysproc, eof, 0, 1),
    b("flush", Sysproc, flush, 1, 1),
    b("putchar", Sysproc, putchar, 1, 1),
    b("time", Sysproc, time, 0, 0),
    b("clock", Sysproc, clock, 0, 0),
    b("tod", Sysproc, tod, 0, 0),
    b("getenv", Uop15, getenv, 1, 1),
];

/// The fd a stream argument names; only the standard streams for now.
fn stream(name: &str, v: &Value) -> Result<i64, Fail> {
    match v {
        Value::Int(fd @ 0..=2) => Ok(*fd),
        Value::Str(s) => match s.to_ascii_lowercase().as_slice() {
            b"" | b"-" | b"stdin" | b"input" => Ok(0),
            b"stdout" | b"output" => Ok(1),
            b"stderr" | b"error" => Ok(2),
            _ => Err(
                Fail::new(format!("{name}: only the standard streams are supported"))
                    .note(format!("stream: {}", crate::ops::show(v))),
            ),
        },
        v => Err(arg_type(name, v, "a stream")),
    }
}

/// Renders print's arguments: strings raw, everything else through str.
fn print_line(args: &[Value], raw_strings: bool, newline: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, v) in args.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        match v {
            Value::Str(s) if raw_strings => out.extend_from_slice(s),
            v => write_str(v, &mut out),
        }
    }
    if newline {
        out.push(b'\n');
    }
    out
}

fn emit(it: &mut Interp, fd: i64, bytes: &[u8]) -> Result<Value, Fail> {
    if fd == 0 {
        return Err(Fail::new("cannot write to standard input"));
    }
    it.io
        .write(fd, bytes)
        .map_err(|e| Fail::new(format!("write failed: {e}")))?;
    Ok(Value::Om)
}

fn print(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit(it, 1, &print_line(a, true, true))
}
fn nprint(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit(it, 1, &print_line(a, true, false))
}
fn write(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit(it, 1, &print_line(a, false, true))
}
fn printa(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = stream("printa", &a[0])?;
    emit(it, fd, &print_line(&a[1..], true, true))
}
fn nprinta(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = stream("nprinta", &a[0])?;
    emit(it, fd, &print_line(&a[1..], true, false))
}
fn writea(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = stream("writea", &a[0])?;
    emit(it, fd, &print_line(&a[1..], false, true))
}
fn putchar(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("putchar", &a[0])?.to_vec();
    emit(it, 1, &s)
}
fn flush(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    stream("flush", &a[0])?;
    it.io.flush_all();
    Ok(Value::Om)
}

fn input_fd(name: &str, v: &Value) -> Result<(), Fail> {
    match stream(name, v)? {
        0 => Ok(()),
        _ => Err(Fail::new(format!(
            "{name}: cannot read from an output stream"
        ))),
    }
}

/// Reads values into `targets` from standard input, across lines, then
/// drops the rest of the last line read.
fn read_values(it: &mut Interp, targets: &mut [Value]) {
    it.io.eof = false;
    let mut got = 0;
    while got < targets.len() {
        let Some(line) = it.io.read_line() else { break };
        let mut r = Reader { s: &line, i: 0 };
        while got < targets.len() {
            r.skip_space();
            if r.i >= line.len() {
                break;
            }
            match r.value() {
                Some(v) => {
                    targets[got] = v;
                    got += 1;
                }
                None => break,
            }
        }
    }
    for t in &mut targets[got..] {
        *t = Value::Om;
    }
    if got == 0 && !targets.is_empty() {
        it.io.eof = true;
    }
}

fn read(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    read_values(it, a);
    Ok(Value::Om)
}
fn reada(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    input_fd("reada", &a[0])?;
    read_values(it, &mut a[1..]);
    Ok(Value::Om)
}

fn read_lines(it: &mut Interp, targets: &mut [Value]) {
    it.io.eof = false;
    let mut got = 0;
    for t in targets.iter_mut() {
        match it.io.read_line() {
            Some(l) => {
                *t = Value::str(l);
                got += 1;
            }
            None => *t = Value::Om,
        }
    }
    if got == 0 && !targets.is_empty() {
        it.io.eof = true;
    }
}

fn get(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    read_lines(it, a);
    Ok(Value::Om)
}
fn geta(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    input_fd("geta", &a[0])?;
    read_lines(it, &mut a[1..]);
    Ok(Value::Om)
}

fn getline(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    input_fd("getline", &a[0])?;
    let line = it.io.read_line();
    it.io.eof = line.is_none();
    Ok(line.map(Value::str).unwrap_or(Value::Om))
}

fn getfile(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    input_fd("getfile", &a[0])?;
    let all = it.io.read_rest();
    it.io.eof = true;
    Ok(Value::str(all))
}

fn getc(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    input_fd("getc", &a[0])?;
    getchar(it, &mut [])
}

fn getchar(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    let c = it.io.read_byte();
    it.io.eof = c.is_none();
    Ok(c.map(|c| Value::str(vec![c])).unwrap_or(Value::Om))
}

fn eof(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Bool(it.io.eof))
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

fn getenv(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let name = String::from_utf8_lossy(want_str("getenv", &a[0])?).into_owned();
    Ok(std::env::var_os(name)
        .map(|v| Value::str(v.into_encoded_bytes()))
        .unwrap_or(Value::Om))
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
