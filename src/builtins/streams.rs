//! Opening, closing, naming and positioning streams, and how a stream
//! argument finds its stream (reference notes §5.5): an fd, the value
//! given to `open`, a standard stream's name, or a file name that an I/O
//! call opens by itself ("auto-open") and closes again at end of file.

use super::NameClass::{Sysproc, Uop15, Uop5};
use super::{arg_type, b, unrestricted, want_int, want_path, want_str, Builtin};
use crate::interp::Interp;
use crate::io::mode::Mode;
use crate::io::socket::NetError;
use crate::ops::{show, Fail};
use crate::value::Value;
use nix::errno::Errno;
use nix::unistd::Whence;
use std::os::fd::RawFd;

pub const TABLE: &[Builtin] = &[
    b("open", Sysproc, open, 2, 2),
    b("close", Sysproc, close, 1, 2),
    b("is_open", Uop5, is_open, 1, 1),
    b("filename", Uop15, filename, 1, 1),
    b("fileno", Uop15, fileno, 1, 1),
    b("eof", Sysproc, eof, 0, 1),
    b("flush", Sysproc, flush, 1, 1),
    b("seek", Sysproc, seek, 2, 3),
    b("rewind", Sysproc, rewind, 1, 1),
    b("filepos", Uop15, filepos, 1, 1),
    b("ftrunc", Sysproc, ftrunc, 2, 2),
];

/// What an I/O call does with its stream, which decides the mode of an
/// auto-open and the check that the stream allows it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    In,
    Out,
    /// Repositioning: auto-opens in `r+`.
    Both,
}

impl Dir {
    fn word(self) -> &'static str {
        match self {
            Dir::In => "input",
            Dir::Out => "output",
            Dir::Both => "input and output",
        }
    }
}

/// A stream argument as diagnostics show it: `"name"` or `fd 3`.
pub(super) fn describe(v: &Value) -> String {
    match v {
        Value::Int(fd) => format!("fd {fd}"),
        Value::Str(s) => format!("\"{}\"", String::from_utf8_lossy(s)),
        v => show(v),
    }
}

/// Checks that a value can name a stream at all.
fn stream_kind(fname: &str, v: &Value) -> Result<(), Fail> {
    match v {
        Value::Int(_) | Value::Str(_) | Value::Tuple(_) => Ok(()),
        v => Err(arg_type(
            fname,
            v,
            "a stream (an fd, or the name given to open)",
        )),
    }
}

fn not_open(v: &Value) -> Fail {
    Fail::new(format!("Stream {} is not open", describe(v)))
}

/// The already open stream `v` names; anything else stops the program.
pub(super) fn open_stream(it: &Interp, fname: &str, v: &Value) -> Result<RawFd, Fail> {
    stream_kind(fname, v)?;
    it.io.find(v).ok_or_else(|| not_open(v))
}

/// The stream for an I/O call, auto-opening a file name that is not open.
/// The inner error is why an auto-open failed, for the callers
/// (`getfile`) that report it through `last_error` instead of stopping.
pub(super) fn try_stream(
    it: &mut Interp,
    fname: &str,
    v: &Value,
    dir: Dir,
) -> Result<Result<RawFd, NetError>, Fail> {
    stream_kind(fname, v)?;
    let fd = match (it.io.find(v), v) {
        (Some(fd), _) => fd,
        (None, Value::Str(s)) if s.is_empty() || &**s == b"-" => {
            let std = Value::Int(if dir == Dir::In { 0 } else { 1 });
            it.io.find(&std).ok_or_else(|| not_open(&std))?
        }
        (None, Value::Str(s)) => {
            let mode = match dir {
                Dir::In => Mode::Read,
                Dir::Out => Mode::Write,
                Dir::Both => Mode::ReadPlus,
            };
            let path = want_path(fname, v)?;
            allowed_to_open(it, v, mode)?;
            match it.io.open(Value::Str(s.clone()), path, mode) {
                Ok(fd) => {
                    if let Some(st) = it.io.get(fd) {
                        st.auto = true;
                    }
                    fd
                }
                Err(e) => return Ok(Err(e.into())),
            }
        }
        (None, Value::Int(n)) => {
            let mode = match dir {
                Dir::In => Mode::Read,
                Dir::Out => Mode::Write,
                Dir::Both => Mode::ReadPlus,
            };
            if it.lib.restricted && !fd_open_allowed(it, *n, mode) {
                return Err(refused_open(v, mode));
            }
            let opened = RawFd::try_from(*n)
                .map_err(|_| Errno::EBADF)
                .and_then(|fd| it.io.open_existing(fd, mode, true));
            match opened {
                Ok(fd) => {
                    if let Some(st) = it.io.get(fd) {
                        st.auto = true;
                    }
                    fd
                }
                Err(e) => return Ok(Err(e.into())),
            }
        }
        (None, Value::Tuple(t))
            if dir != Dir::Both && crate::io::socket::stream_name(t).is_some() =>
        {
            match super::sockets::open_socket(it, v, Mode::TcpClient)? {
                Ok(fd) => {
                    if let Some(st) = it.io.get(fd) {
                        st.auto = true;
                    }
                    fd
                }
                Err(e) => return Ok(Err(e)),
            }
        }
        (None, v) => {
            return Err(Fail::new(format!(
                "Cannot auto-open {} for {}",
                describe(v),
                dir.word()
            )))
        }
    };
    let s = it.io.get(fd).ok_or_else(|| not_open(v))?;
    let ok = match dir {
        Dir::In => s.readable(),
        Dir::Out => s.writable(),
        Dir::Both => true,
    };
    if !ok {
        return Err(Fail::new(format!(
            "Stream {} is not open for {}",
            describe(v),
            dir.word()
        )));
    }
    Ok(Ok(fd))
}

/// As `try_stream`, with a failed auto-open stopping the program.
/// `last_error` tells why, for a session that goes on (the REPL).
pub(super) fn stream(it: &mut Interp, fname: &str, v: &Value, dir: Dir) -> Result<RawFd, Fail> {
    try_stream(it, fname, v, dir)?.map_err(|e| {
        it.lib.last_errno = e.code();
        let how = match v {
            Value::Tuple(_) => "as a TCP client".to_string(),
            _ => format!("for {}", dir.word()),
        };
        Fail::new(format!("Cannot auto-open {} {how}", describe(v))).note(super::strerror(e.code()))
    })
}

/// Restricted mode forbids opening, except what `--allow-open` names
/// (the exact value and mode given to `open`); timers are always allowed.
fn allowed_to_open(it: &Interp, v: &Value, mode: Mode) -> Result<(), Fail> {
    if !it.lib.restricted || mode == Mode::RealMs {
        return Ok(());
    }
    let Value::Str(what) = v else {
        return Err(refused_open(v, mode));
    };
    let granted = it
        .lib
        .allow
        .open
        .iter()
        .any(|(w, h)| w.as_slice() == &**what && Mode::parse(h) == Some(mode));
    if granted {
        Ok(())
    } else {
        Err(refused_open(v, mode))
    }
}

pub(super) fn refused_open(v: &Value, mode: Mode) -> Fail {
    Fail::new(format!(
        "opening {} in mode {} is not allowed in restricted mode",
        describe(v),
        mode.letter()
    ))
}

/// Whether `--allow-fd-open` lets restricted mode open fd `n` in `mode`.
pub(super) fn fd_open_allowed(it: &Interp, n: i64, mode: Mode) -> bool {
    it.lib
        .allow
        .fd_open
        .iter()
        .any(|(fd, h)| *fd == n && Mode::parse(h) == Some(mode))
}

/// `open(f, how)`: the new stream's fd, or om with `last_error` set. `f`
/// is a file name, a shell command (`pipe-from`, `pipe-to`, `pump`,
/// `tty-pump`), a signal name (`signal`, `ignore`, `default`) or a timer's
/// `[initial, interval]` in milliseconds (`real-ms`).
fn open(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let how = want_str("open", &a[1])?;
    let Some(mode) = Mode::parse(how) else {
        return Err(Fail::new(format!(
            "Unrecognized mode (second arg to open) \"{}\"",
            String::from_utf8_lossy(how)
        ))
        .note("modes: r w a n r+ w+ a+ n+ rw pipe-from pipe-to pump tty-pump signal ignore default real-ms tcp-client tcp-server tcp-peer udp-client udp-server unix-client unix-server unix-peer unix-datagram-client unix-datagram-server, and their aliases"));
    };
    let opened = match mode {
        Mode::RealMs => {
            let (initial, interval) = timer_spec(&a[0])?;
            it.io.open_timer(initial, interval)
        }
        Mode::Signal | Mode::Ignore | Mode::Default => {
            let name = want_str("open", &a[0])?;
            let Some(sig) = crate::io::signal::openable(name) else {
                return Err(Fail::new(format!(
                    "Signal name \"{}\" not recognized",
                    String::from_utf8_lossy(name)
                )));
            };
            if mode == Mode::Signal && sig == nix::sys::signal::Signal::SIGALRM {
                return Err(Fail::new(
                    "Cannot open SIGALRM-catching stream.  Use REAL-MS",
                ));
            }
            allowed_to_open(it, &a[0], mode)?;
            it.io.open_signal(a[0].clone(), sig, mode)
        }
        _ if mode.socket().is_some() && !matches!(a[0], Value::Int(_)) => {
            match super::sockets::open_socket(it, &a[0], mode)? {
                Ok(fd) => Ok(fd),
                Err(e) => {
                    it.lib.last_errno = e.code();
                    return Ok(Value::Om);
                }
            }
        }
        _ if mode.child() && !matches!(a[0], Value::Int(_)) => {
            let cmd = want_path("open", &a[0])?;
            allowed_to_open(it, &a[0], mode)?;
            it.io.open_command(a[0].clone(), cmd, mode)
        }
        _ if matches!(a[0], Value::Int(_)) => {
            let n = want_int("open", &a[0])?;
            if it.lib.restricted && !fd_open_allowed(it, n, mode) {
                return Err(refused_open(&a[0], mode));
            }
            if it.io.find(&a[0]).is_some() {
                return Err(Fail::new(format!("File descriptor (fd) {n} already open")));
            }
            RawFd::try_from(n)
                .map_err(|_| Errno::EBADF)
                .and_then(|fd| it.io.open_existing(fd, mode, false))
        }
        _ => {
            let path = match &a[0] {
                Value::Str(_) => want_path("open", &a[0])?,
                Value::Tuple(_) => {
                    return Err(
                        Fail::new(format!("Cannot open a TUPLE in {} mode", mode.letter()))
                            .note(format!("stream: {}", show(&a[0]))),
                    )
                }
                v => return Err(arg_type("open", v, "a file name")),
            };
            allowed_to_open(it, &a[0], mode)?;
            it.io.open(a[0].clone(), path, mode)
        }
    };
    match opened {
        Ok(fd) => Ok(Value::Int(fd.into())),
        Err(e) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
    }
}

/// A `real-ms` timer's first argument: `[initial, interval]`, `[interval]`
/// or a string denoting the interval; milliseconds, not negative.
pub(super) fn timer_spec(v: &Value) -> Result<(u64, u64), Fail> {
    let ms = |v: &Value| -> Result<u64, Fail> {
        let n = want_int("open", v)?;
        u64::try_from(n)
            .map_err(|_| Fail::new("a REAL-MS time cannot be negative").note(format!("got: {n}")))
    };
    match v {
        Value::Tuple(t) => match t.len() {
            1 => ms(&t[0]).map(|i| (i, i)),
            2 => Ok((ms(&t[0])?, ms(&t[1])?)),
            _ => Err(
                Fail::new("a REAL-MS timer is [initial, interval] or [interval]")
                    .note(format!("got: {}", show(v))),
            ),
        },
        Value::Str(s) => {
            let n = std::str::from_utf8(s)
                .ok()
                .and_then(|t| t.trim().parse::<u64>().ok())
                .ok_or_else(|| Fail::new("STRING in REAL-MS mode must denote an integer"))?;
            Ok((n, n))
        }
        v => Err(arg_type("open", v, "[initial, interval] in REAL-MS mode")),
    }
}

/// `close(f [, how])`: flushes and closes; for a pipe or pump stream, `how`
/// says what becomes of the child: `close_await` (the default) waits for it
/// and sets `status`, `close_autoreap` reaps it when it ends, `close_zombie`
/// leaves it to `waitpid`. `close(om)` does nothing; an fd that is not open
/// as a stream is closed at the POSIX level (`last_error` if that fails);
/// a name that is not open stops the program.
fn close(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    use crate::io::child::CloseHow;
    if a[0].is_om() {
        return Ok(Value::Om);
    }
    let how = match a.get(1).map(|h| want_int("close", h)).transpose()? {
        None | Some(0) => CloseHow::Await,
        Some(1) => CloseHow::Autoreap,
        Some(2) => CloseHow::Zombie,
        Some(n) => {
            return Err(Fail::new(format!(
                "Second arg to close must be close_await, close_autoreap, or close_zombie, not {n}"
            )))
        }
    };
    stream_kind("close", &a[0])?;
    let fd = match (it.io.find(&a[0]), &a[0]) {
        (Some(fd), _) => fd,
        (None, Value::Int(n)) => {
            if it.lib.restricted {
                return Err(Fail::new(
                    "In restricted mode, only streams the program opened may be closed",
                ));
            }
            let r = RawFd::try_from(*n)
                .map_err(|_| Errno::EBADF)
                // SAFETY: the program asks to close an fd no stream owns.
                .and_then(|fd| Errno::result(unsafe { nix::libc::close(fd) }));
            if let Err(e) = r {
                it.lib.set_errno(e);
            }
            return Ok(Value::Om);
        }
        (None, v) => return Err(not_open(v)),
    };
    if fd <= 2 {
        unrestricted(it, "close of a standard stream")?;
    }
    let closed = it.io.close(fd, how);
    if let Some(e) = closed.error {
        it.lib.set_errno(e);
    }
    if let Some(st) = closed.status {
        it.lib.status = st;
    }
    Ok(Value::Om)
}

fn is_open(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Bool(it.io.find(&a[0]).is_some()))
}

fn filename(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = open_stream(it, "filename", &a[0])?;
    Ok(it.io.get(fd).map_or(Value::Om, |s| s.name.clone()))
}

fn fileno(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Int(open_stream(it, "fileno", &a[0])?.into()))
}

/// `eof`: whether the last input call got nothing; `eof(f)`: the same for
/// the last input call on f.
fn eof(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let Some(v) = a.first() else {
        return Ok(Value::Bool(it.io.eof));
    };
    let fd = open_stream(it, "eof", v)?;
    Ok(Value::Bool(it.io.get(fd).is_some_and(|s| s.eof)))
}

fn flush(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = open_stream(it, "flush", &a[0])?;
    if let Some(Err(e)) = it.io.get(fd).map(|s| s.flush()) {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}

/// Repositions stream `v`; the new 0-based offset, or om and `last_error`.
fn reposition(
    it: &mut Interp,
    fname: &str,
    v: &Value,
    offset: i64,
    whence: Whence,
) -> Result<Value, Fail> {
    let fd = stream(it, fname, v, Dir::Both)?;
    let Some(s) = it.io.get(fd) else {
        return Err(not_open(v));
    };
    s.eof = false;
    match s.seek(offset, whence) {
        Ok(pos) => Ok(Value::Int(pos)),
        Err(e) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
    }
}

/// `seek(f, offset [, seek_set | seek_cur | seek_end])`.
fn seek(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let offset = want_int("seek", &a[1])?;
    let whence = match a.get(2).map(|w| want_int("seek", w)).transpose()? {
        None | Some(0) => Whence::SeekSet,
        Some(1) => Whence::SeekCur,
        Some(2) => Whence::SeekEnd,
        Some(w) => {
            return Err(
                Fail::new("seek needs seek_set, seek_cur or seek_end").note(format!("got: {w}"))
            )
        }
    };
    reposition(it, "seek", &a[0], offset, whence)
}

fn rewind(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    reposition(it, "rewind", &a[0], 0, Whence::SeekSet)?;
    Ok(Value::Om)
}

/// `filepos f`: the 0-based offset the next read or write uses.
fn filepos(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = open_stream(it, "filepos", &a[0])?;
    match it.io.get(fd).map(|s| s.position()) {
        Some(Ok(pos)) => Ok(Value::Int(pos)),
        Some(Err(e)) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
        None => Err(not_open(&a[0])),
    }
}

/// `ftrunc(f, n)`: resizes an open stream's file or a named file.
fn ftrunc(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "ftrunc")?;
    let len = want_int("ftrunc", &a[1])?;
    let result = match it.io.find(&a[0]) {
        Some(fd) => match it.io.get(fd) {
            Some(s) => s.truncate(len),
            None => Err(Errno::EBADF),
        },
        None => nix::unistd::truncate(want_path("ftrunc", &a[0])?, len),
    };
    if let Err(e) = result {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}
