//! Reading and writing streams: the print, put, get and read families
//! (reference notes §5.5). Stream arguments are resolved, and names
//! auto-opened, by `streams`.

use super::convert::Reader;
use super::streams::{stream, try_stream, Dir};
use super::NameClass::{Sysproc, Uop15};
use super::{b, brw, want_int, want_str, Builtin, ANY};
use crate::interp::Interp;
use crate::io::stream::Stream;
use crate::ops::Fail;
use crate::value::print::write_str;
use crate::value::Value;
use nix::errno::Errno;
use nix::unistd::Whence;
use std::os::fd::RawFd;

pub const TABLE: &[Builtin] = &[
    b("print", Sysproc, print, 0, ANY),
    b("nprint", Sysproc, nprint, 0, ANY),
    b("write", Sysproc, write, 0, ANY),
    b("printa", Sysproc, printa, 1, ANY),
    b("nprinta", Sysproc, nprinta, 1, ANY),
    b("writea", Sysproc, writea, 1, ANY),
    b("put", Sysproc, put, 0, ANY),
    b("puta", Sysproc, puta, 1, ANY),
    b("putline", Sysproc, puta, 1, ANY),
    b("putc", Sysproc, putc, 2, 2),
    b("putchar", Sysproc, putchar, 1, 1),
    b("putfile", Sysproc, putfile, 2, 2),
    brw("read", read, 0, ANY, 0, ANY),
    brw("reada", reada, 1, ANY, 1, ANY),
    brw("getb", getb, 1, ANY, 1, ANY),
    b("putb", Sysproc, writea, 1, ANY),
    brw("get", get, 0, ANY, 0, ANY),
    brw("geta", geta, 1, ANY, 1, ANY),
    b("getline", Uop15, getline, 1, 1),
    b("getfile", Uop15, getfile, 1, 1),
    b("getc", Uop15, getc, 1, 1),
    b("peekc", Uop15, peekc, 1, 1),
    b("getchar", Sysproc, getchar, 0, 0),
    b("peekchar", Sysproc, peekchar, 0, 0),
    b("getn", Sysproc, getn, 2, 2),
    brw("gets", gets, 4, 4, 3, 4),
    b("puts", Sysproc, puts, 3, 3),
];

/// Renders print's arguments: strings raw (or through str for `write`),
/// everything else through str, separated by blanks.
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

/// Writes to an open stream. A broken pipe stops the program (as SIGPIPE
/// would stop GNU SETL); other write failures set `last_error`.
fn emit(it: &mut Interp, fd: RawFd, bytes: &[u8]) -> Result<Value, Fail> {
    match it.io.write(fd, bytes) {
        Ok(()) => {}
        Err(Errno::EPIPE) => return Err(Fail::new("write failed: Broken pipe")),
        Err(e) => it.lib.set_errno(e),
    }
    Ok(Value::Om)
}

/// Writes to the stream `v` names, auto-opening a name for output.
fn emit_to(it: &mut Interp, fname: &str, v: &Value, bytes: &[u8]) -> Result<Value, Fail> {
    let fd = stream(it, fname, v, Dir::Out)?;
    emit(it, fd, bytes)
}

fn print(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit_to(it, "print", &Value::Int(1), &print_line(a, true, true))
}
fn nprint(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit_to(it, "nprint", &Value::Int(1), &print_line(a, true, false))
}
fn write(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit_to(it, "write", &Value::Int(1), &print_line(a, false, true))
}
fn printa(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit_to(it, "printa", &a[0], &print_line(&a[1..], true, true))
}
fn nprinta(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit_to(it, "nprinta", &a[0], &print_line(&a[1..], true, false))
}
fn writea(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    emit_to(it, "writea", &a[0], &print_line(&a[1..], false, true))
}

/// Each string argument followed by a newline.
fn lines(fname: &str, args: &[Value]) -> Result<Vec<u8>, Fail> {
    let mut out = Vec::new();
    for v in args {
        out.extend_from_slice(want_str(fname, v)?);
        out.push(b'\n');
    }
    Ok(out)
}

fn put(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let bytes = lines("put", a)?;
    emit_to(it, "put", &Value::Int(1), &bytes)
}
fn puta(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let bytes = lines("puta", &a[1..])?;
    emit_to(it, "puta", &a[0], &bytes)
}
fn putc(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let bytes = want_str("putc", &a[1])?.to_vec();
    emit_to(it, "putc", &a[0], &bytes)
}
fn putchar(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let bytes = want_str("putchar", &a[0])?.to_vec();
    emit_to(it, "putchar", &Value::Int(1), &bytes)
}

/// Writes a whole string; a stream opened for the call is closed after it.
fn putfile(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let bytes = want_str("putfile", &a[1])?.to_vec();
    let fd = stream(it, "putfile", &a[0], Dir::Out)?;
    emit(it, fd, &bytes)?;
    if it.io.get(fd).is_some_and(|s| s.auto) {
        close_quietly(it, fd);
    }
    Ok(Value::Om)
}

fn close_quietly(it: &mut Interp, fd: RawFd) {
    let closed = it.io.auto_close(fd);
    if let Some(e) = closed.error {
        it.lib.set_errno(e);
    }
    if let Some(st) = closed.status {
        it.lib.status = st;
    }
}

/// A stream being read by one input call; remembers the first read error.
struct Input<'a> {
    s: &'a mut Stream,
    err: Option<Errno>,
}

impl Input<'_> {
    fn note<T>(&mut self, r: nix::Result<T>) -> Option<T> {
        r.map_err(|e| self.err = self.err.or(Some(e))).ok()
    }
    fn line(&mut self) -> Option<Vec<u8>> {
        let r = self.s.read_line();
        self.note(r).flatten()
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let r = self.s.read_n(n);
        self.note(r).unwrap_or_default()
    }
    fn peek(&mut self) -> Option<u8> {
        let r = self.s.peek_byte();
        self.note(r).flatten()
    }
}

/// Runs one input call on stream `fd`: clears the eof flags, runs `read`,
/// and if the call got nothing (`got` says) sets them and closes an
/// auto-opened stream. A read error sets `last_error` and reads as nothing.
fn with_input<T>(
    it: &mut Interp,
    fd: RawFd,
    got: impl Fn(&T) -> bool,
    read: impl FnOnce(&mut Input) -> Result<T, Fail>,
) -> Result<T, Fail> {
    it.io.before_read(fd);
    it.io.eof = false;
    let Some(s) = it.io.get(fd) else {
        return Err(Fail::new(format!("Stream fd {fd} is not open")));
    };
    s.eof = false;
    let mut input = Input { s, err: None };
    let result = read(&mut input);
    let err = input.err;
    let value = result?;
    if let Some(e) = err {
        // A wait the stop flag cut short (see `Stream::fill`) stops the
        // program, with the reason.
        if e == Errno::EINTR && crate::interrupt::pending() {
            return Err(Fail::new(crate::interrupt::message()));
        }
        it.lib.set_errno(e);
    }
    if !got(&value) {
        it.io.eof = true;
        let auto = it.io.get(fd).is_some_and(|s| {
            s.eof = true;
            s.auto
        });
        if auto {
            close_quietly(it, fd);
        }
    }
    Ok(value)
}

fn input_fd(it: &mut Interp, fname: &str, v: &Value) -> Result<RawFd, Fail> {
    stream(it, fname, v, Dir::In)
}

fn opt_str(v: Option<Vec<u8>>) -> Value {
    v.map_or(Value::Om, Value::str)
}

fn getline(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "getline", &a[0])?;
    let line = with_input(it, fd, Option::is_some, |i| Ok(i.line()))?;
    Ok(opt_str(line))
}

fn getc(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "getc", &a[0])?;
    read_char(it, fd)
}
fn getchar(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "getchar", &Value::Int(0))?;
    read_char(it, fd)
}
fn read_char(it: &mut Interp, fd: RawFd) -> Result<Value, Fail> {
    let c = with_input(it, fd, |c: &Vec<u8>| !c.is_empty(), |i| Ok(i.bytes(1)))?;
    Ok(if c.is_empty() {
        Value::Om
    } else {
        Value::str(c)
    })
}

fn peekc(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "peekc", &a[0])?;
    peek_char(it, fd)
}
fn peekchar(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "peekchar", &Value::Int(0))?;
    peek_char(it, fd)
}
fn peek_char(it: &mut Interp, fd: RawFd) -> Result<Value, Fail> {
    let c = with_input(it, fd, Option::is_some, |i| Ok(i.peek()))?;
    Ok(opt_str(c.map(|c| vec![c])))
}

fn getn(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let n = want_int("getn", &a[1])?;
    let n = usize::try_from(n).map_err(|_| {
        Fail::new("getn needs a count that is not negative").note(format!("count: {n}"))
    })?;
    let fd = input_fd(it, "getn", &a[0])?;
    let s = with_input(it, fd, |s: &Vec<u8>| !s.is_empty(), |i| Ok(i.bytes(n)))?;
    Ok(Value::str(s))
}

/// The stream `v` at 1-based index `at` (GNU SETL's `gets` and `puts`,
/// after SETL2), auto-opening a name for reading and writing.
fn at_index(it: &mut Interp, fname: &str, v: &Value, at: &Value) -> Result<RawFd, Fail> {
    let at = want_int(fname, at)?;
    if at < 1 {
        return Err(
            Fail::new(format!("{fname} needs a starting index of 1 or more"))
                .note(format!("index: {at}")),
        );
    }
    let fd = stream(it, fname, v, Dir::Both)?;
    if let Some(Err(e)) = it.io.get(fd).map(|s| s.seek(at - 1, Whence::SeekSet)) {
        it.lib.set_errno(e);
    }
    Ok(fd)
}

/// `gets(f, i, n, wr s)`: the n characters of f from index i (fewer at
/// the end).
fn gets(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let n = want_int("gets", &a[2])?;
    let n = usize::try_from(n).map_err(|_| {
        Fail::new("gets needs a length that is not negative").note(format!("length: {n}"))
    })?;
    let fd = at_index(it, "gets", &a[0], &a[1])?;
    let s = with_input(it, fd, |s: &Vec<u8>| !s.is_empty(), |i| Ok(i.bytes(n)))?;
    a[3] = Value::str(s);
    Ok(Value::Om)
}

/// `puts(f, i, s)`: writes s over f from index i.
fn puts(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let bytes = want_str("puts", &a[2])?.to_vec();
    let fd = at_index(it, "puts", &a[0], &a[1])?;
    emit(it, fd, &bytes)
}

/// The rest of a stream. It always ends at end of file; a name that cannot
/// be opened gives om and sets `last_error` (not an abort).
fn getfile(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = match try_stream(it, "getfile", &a[0], Dir::In)? {
        Ok(fd) => fd,
        Err(e) => {
            it.lib.last_errno = e.code();
            return Ok(Value::Om);
        }
    };
    let all = with_input(it, fd, |_| false, |i| Ok(i.bytes(usize::MAX)))?;
    Ok(Value::str(all))
}

/// Reads lines into `targets`; those left over at end of file get om.
fn read_lines(it: &mut Interp, fd: RawFd, targets: &mut [Value]) -> Result<(), Fail> {
    let n = targets.len();
    let got = with_input(
        it,
        fd,
        |got: &Vec<Vec<u8>>| n == 0 || !got.is_empty(),
        |i| Ok((0..n).map_while(|_| i.line()).collect()),
    )?;
    let mut got = got.into_iter();
    for t in targets.iter_mut() {
        *t = opt_str(got.next());
    }
    Ok(())
}

fn get(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "get", &Value::Int(0))?;
    read_lines(it, fd, a)?;
    Ok(Value::Om)
}
fn geta(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "geta", &a[0])?;
    read_lines(it, fd, &mut a[1..])?;
    Ok(Value::Om)
}

/// Reads `n` denotations (as `unstr` reads them, running across lines as
/// needed). Gives them and what is left of the last line read, with its
/// newline (nothing if no line was read).
fn read_denotations(fname: &str, i: &mut Input, n: usize) -> Result<(Vec<Value>, Vec<u8>), Fail> {
    let mut out = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    let mut pos = 0;
    while out.len() < n {
        let mut r = Reader { s: &buf, i: pos };
        r.skip_space();
        pos = r.i;
        if pos >= buf.len() {
            match i.line() {
                Some(line) => {
                    buf = line;
                    pos = 0;
                    continue;
                }
                None => break,
            }
        }
        let mut r = Reader { s: &buf, i: pos };
        match r.value() {
            Some(v) => {
                out.push(v);
                pos = r.i;
            }
            // The value may go on on the next line.
            None if r.i >= buf.len() => match i.line() {
                Some(line) => {
                    buf.push(b'\n');
                    buf.extend_from_slice(&line);
                }
                None => return Err(malformed(fname, &buf[pos..])),
            },
            None => return Err(malformed(fname, &buf[pos..])),
        }
    }
    let mut rest = buf.split_off(pos.min(buf.len()));
    if !out.is_empty() {
        rest.push(b'\n');
    }
    Ok((out, rest))
}

fn malformed(fname: &str, text: &[u8]) -> Fail {
    let shown: String = String::from_utf8_lossy(text).chars().take(40).collect();
    Fail::new(format!("{fname}: input is not a SETL denotation"))
        .note(format!("input: {}", shown.trim_end()))
}

/// Reads values into `targets`; those left over at end of file get om.
/// `read` and `reada` drop the rest of the last line read; `getb` leaves
/// it to be read next (`keep_rest`).
fn read_values(
    it: &mut Interp,
    fname: &str,
    fd: RawFd,
    targets: &mut [Value],
    keep_rest: bool,
) -> Result<(), Fail> {
    let n = targets.len();
    if n == 0 && !keep_rest {
        // With nothing to read into, the line is eaten (as GNU SETL does:
        // `reada(f)` consumes a signal's or timer's empty line).
        with_input(
            it,
            fd,
            |got: &Option<Vec<u8>>| got.is_some(),
            |i| Ok(i.line()),
        )?;
        return Ok(());
    }
    let got = with_input(
        it,
        fd,
        |got: &Vec<Value>| n == 0 || !got.is_empty(),
        |i| {
            let (values, rest) = read_denotations(fname, i, n)?;
            if keep_rest {
                i.s.unget(&rest);
            }
            Ok(values)
        },
    )?;
    let mut got = got.into_iter();
    for t in targets.iter_mut() {
        *t = got.next().unwrap_or(Value::Om);
    }
    Ok(())
}

fn read(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "read", &Value::Int(0))?;
    read_values(it, "read", fd, a, false)?;
    Ok(Value::Om)
}
fn reada(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "reada", &a[0])?;
    read_values(it, "reada", fd, &mut a[1..], false)?;
    Ok(Value::Om)
}
fn getb(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = input_fd(it, "getb", &a[0])?;
    read_values(it, "getb", fd, &mut a[1..], true)?;
    Ok(Value::Om)
}
