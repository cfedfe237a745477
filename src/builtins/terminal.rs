//! The foreground process group of a terminal (`tcgetpgrp`, `tcsetpgrp`),
//! for job control in a program that runs others on its terminal, and the
//! controlling terminal itself (`setctty`, `unsetctty`: the TIOCSCTTY and
//! TIOCNOTTY ioctls, which a session leader uses to take or give up one).
//! All are refused in restricted mode, as in GNU SETL; a failure (the
//! stream is no terminal) gives om and sets `last_error`.

use super::streams::open_stream;
use super::NameClass::Sysproc;
use super::{b, unrestricted, want_int, Builtin};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;
use nix::unistd::Pid;

pub const TABLE: &[Builtin] = &[
    b("tcgetpgrp", Sysproc, tcgetpgrp, 1, 1),
    b("tcsetpgrp", Sysproc, tcsetpgrp, 2, 2),
    b("setctty", Sysproc, setctty, 1, 1),
    b("unsetctty", Sysproc, unsetctty, 1, 1),
];

/// `tcgetpgrp(f)`: the foreground process group of the terminal f is on.
fn tcgetpgrp(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "tcgetpgrp")?;
    let fd = open_stream(it, "tcgetpgrp", &a[0])?;
    let r = it.io.get(fd).map(|s| nix::unistd::tcgetpgrp(s.borrow_fd()));
    match r {
        Some(Ok(pgid)) => Ok(Value::Int(i64::from(pgid.as_raw()))),
        Some(Err(e)) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
        None => Ok(Value::Om),
    }
}

/// `tcsetpgrp(f, p)`: makes process group p the foreground one.
fn tcsetpgrp(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "tcsetpgrp")?;
    let fd = open_stream(it, "tcsetpgrp", &a[0])?;
    let p = want_int("tcsetpgrp", &a[1])?;
    let pgid = i32::try_from(p).ok().filter(|p| *p >= 0).ok_or_else(|| {
        Fail::new("tcsetpgrp needs a process group ID of 0 or more").note(format!("got: {p}"))
    })?;
    let r = it
        .io
        .get(fd)
        .map(|s| nix::unistd::tcsetpgrp(s.borrow_fd(), Pid::from_raw(pgid)));
    if let Some(Err(e)) = r {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}

/// `setctty(f)`: makes the terminal f is on this process's controlling
/// terminal (it must lead its session and have none yet).
fn setctty(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    ctty_ioctl(it, "setctty", &a[0], libc::TIOCSCTTY)
}

/// `unsetctty(f)`: gives up the controlling terminal f is on.
fn unsetctty(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    ctty_ioctl(it, "unsetctty", &a[0], libc::TIOCNOTTY)
}

/// The ioctl `request` (which takes no argument) on stream f's fd; a
/// failure sets `last_error`.
fn ctty_ioctl(
    it: &mut Interp,
    fname: &str,
    f: &Value,
    request: libc::Ioctl,
) -> Result<Value, Fail> {
    unrestricted(it, fname)?;
    let fd = open_stream(it, fname, f)?;
    let Some(stream) = it.io.get(fd) else {
        return Ok(Value::Om);
    };
    let raw = std::os::fd::AsRawFd::as_raw_fd(&stream.borrow_fd());
    // SAFETY: TIOCSCTTY and TIOCNOTTY read their integer argument (0
    // here) and touch no memory of ours; `raw` is an open fd the stream
    // owns for the length of the call.
    if unsafe { libc::ioctl(raw, request, 0) } == -1 {
        it.lib.set_errno(nix::errno::Errno::last());
    }
    Ok(Value::Om)
}
