//! Raw file descriptors, GNU SETL style: `pipe` and `socketpair` make fd
//! pairs that are not yet streams (the first stream call on one opens it,
//! or `open(fd, mode)` does), `dup` and `dup2` copy fds, `sys_read` and
//! `sys_write` bypass the stream buffers, and `send_fd`/`recv_fd` pass an
//! fd over a Unix-domain socket. Failures give om with `last_error`.

use super::streams::open_stream;
use super::NameClass::{Sysproc, Uop15};
use super::{b, unrestricted, value_or_om, want_int, want_str, Builtin};
use crate::interp::Interp;
use crate::io::child;
use crate::ops::Fail;
use crate::value::Value;
use nix::errno::Errno;
use std::os::fd::{BorrowedFd, IntoRawFd, RawFd};

pub const TABLE: &[Builtin] = &[
    b("pipe", Sysproc, pipe, 0, 0),
    b("socketpair", Sysproc, socketpair, 0, 0),
    b("dup", Uop15, dup, 1, 1),
    b("dup2", Sysproc, dup2, 2, 2),
    b("sys_read", Sysproc, sys_read, 2, 2),
    b("sys_write", Sysproc, sys_write, 2, 2),
    b("send_fd", Sysproc, send_fd, 2, 2),
    b("recv_fd", Uop15, recv_fd, 1, 1),
];

/// An fd argument: an integer from 0 up.
fn want_fd(fname: &str, v: &Value) -> Result<RawFd, Fail> {
    let n = want_int(fname, v)?;
    RawFd::try_from(n)
        .ok()
        .filter(|fd| *fd >= 0)
        .ok_or_else(|| Fail::new(format!("{fname}: no fd {n}")))
}

/// The fd as the C library sees it; the caller knows it may be closed.
fn raw(fd: RawFd) -> BorrowedFd<'static> {
    // SAFETY: used for one system call, which reports EBADF for a bad fd.
    unsafe { BorrowedFd::borrow_raw(fd) }
}

/// A connected pair of fds, as GNU SETL makes them for both `pipe` and
/// `socketpair` (a Unix-domain socketpair, which can also pass fds).
fn pair(it: &mut Interp, fname: &str) -> Result<Value, Fail> {
    unrestricted(it, fname)?;
    let r = child::connect(false).and_then(|ends| {
        child::inheritable(&ends.ours)?;
        child::inheritable(&ends.theirs)?;
        let a = ends.ours.into_raw_fd();
        let b = ends.theirs.into_raw_fd();
        Ok(Value::tuple(vec![
            Value::Int(a.into()),
            Value::Int(b.into()),
        ]))
    });
    Ok(value_or_om(it, r, |v| v))
}

fn pipe(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    pair(it, "pipe")
}
fn socketpair(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    pair(it, "socketpair")
}

/// `dup fd`: a new fd for the same open file.
fn dup(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = want_fd("dup", &a[0])?;
    unrestricted(it, "dup")?;
    let r = nix::unistd::dup(raw(fd)).map(|d| Value::Int(d.into_raw_fd().into()));
    Ok(value_or_om(it, r, |v| v))
}

/// `dup2(fd, fd2)`: makes fd2 a copy of fd; gives fd2. Nothing is
/// flushed first: output buffered for fd2 goes to its new file, as in GNU
/// SETL.
fn dup2(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = want_fd("dup2", &a[0])?;
    let fd2 = want_fd("dup2", &a[1])?;
    unrestricted(it, "dup2")?;
    // SAFETY: the program asks for fd2 to be replaced; a stream on fd2
    // goes on using the number, now for the new file.
    let r = Errno::result(unsafe { nix::libc::dup2(fd, fd2) }).map(|n| Value::Int(n.into()));
    Ok(value_or_om(it, r, |v| v))
}

/// `sys_read(fd, n)`: one read(2) of up to n bytes ('' at end of file).
fn sys_read(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = want_fd("sys_read", &a[0])?;
    let n = want_int("sys_read", &a[1])?;
    let n = usize::try_from(n).map_err(|_| {
        Fail::new("sys_read: a byte count is not negative").note(format!("got: {n}"))
    })?;
    unrestricted(it, "sys_read")?;
    let mut buf = vec![0u8; n.min(1 << 24)];
    let r = nix::unistd::read(raw(fd), &mut buf).map(|k| {
        buf.truncate(k);
        Value::str(buf)
    });
    Ok(value_or_om(it, r, |v| v))
}

/// `sys_write(fd, s)`: one write(2); the count written, or -1.
fn sys_write(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = want_fd("sys_write", &a[0])?;
    let s = want_str("sys_write", &a[1])?;
    unrestricted(it, "sys_write")?;
    match nix::unistd::write(raw(fd), s) {
        Ok(k) => Ok(Value::Int(k as i64)),
        Err(e) => {
            it.lib.set_errno(e);
            Ok(Value::Int(-1))
        }
    }
}

/// The fd of the socket for `send_fd`/`recv_fd`: an open stream, or an fd
/// not opened as one.
fn socket_fd(it: &Interp, fname: &str, v: &Value) -> Result<RawFd, Fail> {
    match v {
        Value::Int(_) if it.io.find(v).is_none() => want_fd(fname, v),
        v => open_stream(it, fname, v),
    }
}

/// `send_fd(sock, fd)`: passes fd over a Unix-domain socket.
fn send_fd(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    use nix::sys::socket::{sendmsg, ControlMessage, MsgFlags};
    let sock = socket_fd(it, "send_fd", &a[0])?;
    let fd = want_fd("send_fd", &a[1])?;
    if let Some(s) = it.io.get(sock) {
        let _ = s.flush();
    }
    let fds = [fd];
    let iov = [std::io::IoSlice::new(b"\0")];
    let cmsg = [ControlMessage::ScmRights(&fds)];
    if let Err(e) = sendmsg::<()>(sock, &iov, &cmsg, MsgFlags::empty(), None) {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}

/// `recv_fd sock`: an fd passed by `send_fd`, or om at end of file (or
/// on failure, with `last_error`).
fn recv_fd(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    use nix::sys::socket::{recvmsg, ControlMessageOwned, MsgFlags};
    let sock = socket_fd(it, "recv_fd", &a[0])?;
    // As before any input: what the program wrote to the stream (the
    // request the peer answers with an fd) goes out first.
    if let Some(s) = it.io.get(sock) {
        let _ = s.flush();
    }
    let mut byte = [0u8; 1];
    let mut iov = [std::io::IoSliceMut::new(&mut byte)];
    let mut space = nix::cmsg_space!([RawFd; 1]);
    let got = loop {
        match recvmsg::<()>(sock, &mut iov, Some(&mut space), MsgFlags::empty()) {
            Err(Errno::EINTR) => continue,
            r => break r,
        }
    };
    let received = got.map(|msg| {
        msg.cmsgs().ok().and_then(|mut c| {
            c.find_map(|m| match m {
                ControlMessageOwned::ScmRights(fds) => fds.first().copied(),
                _ => None,
            })
        })
    });
    match received {
        Ok(Some(fd)) => Ok(Value::Int(fd.into())),
        Ok(None) => {
            if let Some(s) = it.io.get(sock) {
                s.eof = true;
            }
            it.io.eof = true;
            Ok(Value::Om)
        }
        Err(e) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
    }
}
