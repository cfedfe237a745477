//! Processes (reference notes §5.5, GNU SETL's process extensions): shell
//! commands (`system`, `filter`), forked children (`fork`, `pump`,
//! `pipe_from_child`, ...), waiting and signalling (`waitpid`, `wait`,
//! `kill`, `status`), and the process's identity (`pid`, the uid, gid,
//! process group and session calls, `umask`).
//!
//! A failing system call gives om (or -1 where GNU SETL gives the raw
//! result) with `last_error` set; a bad argument stops the program.

use super::streams::open_stream;
use super::NameClass::Sysproc;
use super::{arg_type, b, unrestricted, value_or_om, want_int, want_str, Builtin};
use crate::interp::Interp;
use crate::io::child::{self, status_pid, status_value, wait_for};
use crate::io::mode::Mode;
use crate::io::signal;
use crate::ops::{show, Fail};
use crate::value::Value;
use nix::errno::Errno;
use nix::sys::signal::Signal;
use nix::sys::wait::WaitPidFlag;
use nix::unistd::{Gid, Pid, Uid};
use std::os::fd::AsFd;

pub const TABLE: &[Builtin] = &[
    b("system", Sysproc, system, 1, 1),
    b("filter", Sysproc, filter, 1, 2),
    b("fork", Sysproc, fork, 0, 0),
    b("exec", Sysproc, exec, 1, 3),
    b("pipe_from_child", Sysproc, pipe_from_child, 0, 0),
    b("pipe_to_child", Sysproc, pipe_to_child, 0, 0),
    b("pump", Sysproc, pump, 0, 0),
    b("tty_pump", Sysproc, tty_pump, 0, 0),
    b("pid", Sysproc, pid, 0, 1),
    b("waitpid", Sysproc, waitpid, 1, 2),
    b("wait", Sysproc, wait, 0, 1),
    b("kill", Sysproc, kill, 1, 2),
    b("getppid", Sysproc, getppid, 0, 0),
    b("getpgrp", Sysproc, getpgrp, 0, 0),
    b("getpgid", Sysproc, getpgid, 1, 1),
    b("setpgid", Sysproc, setpgid, 2, 2),
    b("setpgrp", Sysproc, setpgrp, 0, 0),
    b("getsid", Sysproc, getsid, 0, 1),
    b("setsid", Sysproc, setsid, 0, 0),
    b("getuid", Sysproc, getuid, 0, 0),
    b("geteuid", Sysproc, geteuid, 0, 0),
    b("getgid", Sysproc, getgid, 0, 0),
    b("getegid", Sysproc, getegid, 0, 0),
    b("setuid", Sysproc, setuid, 1, 1),
    b("seteuid", Sysproc, seteuid, 1, 1),
    b("setgid", Sysproc, setgid, 1, 1),
    b("setegid", Sysproc, setegid, 1, 1),
    b("umask", Sysproc, umask, 0, 1),
];

/// A shell command argument: a string without NUL bytes.
fn command<'a>(fname: &str, v: &'a Value) -> Result<&'a [u8], Fail> {
    let cmd = want_str(fname, v)?;
    if cmd.contains(&0) {
        return Err(
            Fail::new(format!("{fname}: a command cannot contain a NUL byte"))
                .note(format!("argument: {}", show(v))),
        );
    }
    Ok(cmd)
}

/// Records a wait result in `status`; gives the pid it is about.
fn note_wait(it: &mut Interp, r: Result<nix::sys::wait::WaitStatus, Errno>) -> i32 {
    match r {
        Ok(ws) => {
            it.lib.status = status_value(ws);
            status_pid(ws)
        }
        Err(e) => {
            it.lib.set_errno(e);
            it.lib.status = Value::Om;
            -1
        }
    }
}

/// Waits for a child the call started; Ctrl-C in the REPL stops the wait
/// (and the child, which would otherwise be left behind).
fn await_child(it: &mut Interp, pid: i32) -> Result<(), Fail> {
    match wait_for(pid, true, WaitPidFlag::empty()) {
        Some(r) => {
            note_wait(it, r);
            Ok(())
        }
        None => {
            let p = Pid::from_raw(pid);
            let _ = nix::sys::signal::kill(p, Signal::SIGKILL);
            let _ = nix::sys::wait::waitpid(p, None);
            Err(Fail::new("interrupted while waiting for a child process"))
        }
    }
}

/// `system(cmd)`: runs cmd with `/bin/sh -c`, waits for it and returns
/// its `status` (a death by signal s gives s - 128).
fn system(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cmd = command("system", &a[0])?;
    it.lib.allowed("system", cmd)?;
    let _ = it.io.flush_all();
    match child::shell(cmd).spawn() {
        Ok(c) => await_child(it, c.id() as i32)?,
        Err(e) => {
            it.lib.set_errno(child::io_errno(e));
            it.lib.status = Value::Om;
        }
    }
    Ok(it.lib.status.clone())
}

/// `filter(cmd [, input])`: runs cmd with `input` (default empty) on its
/// standard input and gives what it writes to standard output; `status`
/// is its exit status. Input and output are interleaved through poll, so
/// a command that writes while it reads never waits for the program.
fn filter(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let cmd = command("filter", &a[0])?;
    let input = match a.get(1) {
        Some(v) => want_str("filter", v)?,
        None => b"",
    };
    it.lib.allowed("filter", cmd)?;
    let _ = it.io.flush_all();
    let (to_child, to_us) = match (child::connect(false), child::connect(false)) {
        (Ok(i), Ok(o)) => (i, o),
        (Err(e), _) | (_, Err(e)) => {
            it.lib.set_errno(e);
            it.lib.status = Value::Om;
            return Ok(Value::Om);
        }
    };
    let mut c = child::shell(cmd);
    let (Ok(theirs_in), Ok(theirs_out)) = (to_child.theirs.try_clone(), to_us.theirs.try_clone())
    else {
        it.lib.set_errno(Errno::EMFILE);
        return Ok(Value::Om);
    };
    c.stdin(theirs_in).stdout(theirs_out);
    let spawned = c.spawn();
    // The command (holding copies of the child's ends) and those ends go,
    // so the child's exit gives us end of file.
    drop(c);
    drop(to_child.theirs);
    drop(to_us.theirs);
    let pid = match spawned {
        Ok(c) => c.id() as i32,
        Err(e) => {
            it.lib.set_errno(child::io_errno(e));
            it.lib.status = Value::Om;
            return Ok(Value::Om);
        }
    };
    let out = pump_through(Some(to_child.ours), to_us.ours.as_fd(), input);
    drop(to_us.ours);
    await_child(it, pid)?;
    match out {
        Ok(bytes) => Ok(Value::str(bytes)),
        Err(Some(e)) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
        Err(None) => Err(Fail::new("interrupted while filtering")),
    }
}

/// Writes `input` to `to` (then closes it) while reading `from` to its
/// end. Err(None) when Ctrl-C stopped it in the REPL.
fn pump_through(
    mut to: Option<std::os::fd::OwnedFd>,
    from: std::os::fd::BorrowedFd<'_>,
    input: &[u8],
) -> Result<Vec<u8>, Option<Errno>> {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    let mut out = Vec::new();
    let mut done = 0;
    if input.is_empty() {
        to = None;
    }
    if let Some(t) = &to {
        let flags = nix::fcntl::OFlag::O_NONBLOCK;
        nix::fcntl::fcntl(t, nix::fcntl::FcntlArg::F_SETFL(flags)).map_err(Some)?;
    }
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let mut fds = vec![PollFd::new(from, PollFlags::POLLIN)];
        if let Some(t) = &to {
            fds.push(PollFd::new(t.as_fd(), PollFlags::POLLOUT));
        }
        match poll(&mut fds, PollTimeout::from(100u8)) {
            Err(Errno::EINTR) | Ok(0) => {
                if crate::interrupt::pending() {
                    return Err(None);
                }
                continue;
            }
            Err(e) => return Err(Some(e)),
            Ok(_) => {}
        }
        let can_write = fds
            .get(1)
            .and_then(|f| f.revents())
            .is_some_and(|r| !r.is_empty());
        let can_read = fds[0].revents().is_some_and(|r| !r.is_empty());
        if can_write {
            if let Some(t) = &to {
                match nix::unistd::write(t, &input[done..]) {
                    Ok(n) => done += n,
                    Err(Errno::EAGAIN | Errno::EINTR) => {}
                    // The command stopped reading: the rest is dropped.
                    Err(_) => done = input.len(),
                }
            }
            if done == input.len() {
                to = None;
            }
        }
        if can_read {
            match nix::unistd::read(from, &mut buf) {
                Ok(0) => return Ok(out),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(Errno::EINTR | Errno::EAGAIN) => {}
                Err(e) => return Err(Some(e)),
            }
        }
    }
}

/// `fork`: the child's pid in the parent, 0 in the child, om on failure.
fn fork(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "fork")?;
    match it.io.fork() {
        Ok(pid) => Ok(Value::Int(pid.into())),
        Err(e) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
    }
}

/// A tuple of strings as C strings, for `exec`.
fn c_strings(fname: &str, which: &str, v: &Value) -> Result<Vec<std::ffi::CString>, Fail> {
    let Value::Tuple(t) = v else {
        return Err(arg_type(
            fname,
            v,
            &format!("a tuple of strings as its {which}"),
        ));
    };
    t.iter()
        .map(|e| {
            let s = want_str(fname, e)?;
            std::ffi::CString::new(s.to_vec())
                .map_err(|_| Fail::new(format!("{fname}: an argument cannot contain a NUL byte")))
        })
        .collect()
}

/// `exec(file [, argv [, envp]])`: replaces the program with `file`
/// (looked up in PATH unless an environment is given). It does not return;
/// a failure stops the program.
fn exec(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let file = command("exec", &a[0])?;
    let path = std::ffi::CString::new(file.to_vec()).map_err(|_| Fail::new("exec: bad path"))?;
    let argv = match a.get(1) {
        Some(v) => c_strings("exec", "second argument", v)?,
        None => vec![path.clone()],
    };
    let envp = a
        .get(2)
        .map(|v| c_strings("exec", "third argument", v))
        .transpose()?;
    unrestricted(it, "exec")?;
    let _ = it.io.flush_all();
    crate::driver::default_file_size_signal();
    let e = match envp {
        Some(env) => nix::unistd::execve(&path, &argv, &env),
        None => nix::unistd::execvp(&path, &argv),
    };
    crate::driver::ignore_file_size_signal();
    let e = e.err().unwrap_or(Errno::EINVAL);
    it.lib.set_errno(e);
    Err(Fail::new(format!(
        "exec of \"{}\" failed",
        String::from_utf8_lossy(file)
    ))
    .note(super::strerror(e as i32)))
}

/// The four ways to fork with a connection: -1 in the child, the fd of
/// the stream to the child in the parent. Restricted mode allows them, as
/// GNU SETL's does (the child runs the same restricted program).
fn fork_connected(it: &mut Interp, fname: &str, mode: Mode) -> Result<Value, Fail> {
    match it.io.fork_connected(mode) {
        Ok(fd) => Ok(Value::Int(fd.into())),
        Err(e) => Err(Fail::new(format!("{fname} failed")).note(super::strerror(e as i32))),
    }
}

fn pipe_from_child(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    fork_connected(it, "pipe_from_child", Mode::PipeFrom)
}
fn pipe_to_child(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    fork_connected(it, "pipe_to_child", Mode::PipeTo)
}
fn pump(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    fork_connected(it, "pump", Mode::Pump)
}
fn tty_pump(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    fork_connected(it, "tty_pump", Mode::TtyPump)
}

/// `pid`: this process's id; `pid f`: the child at the other end of a
/// pipe, pump or tty-pump stream.
fn pid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let Some(v) = a.first() else {
        return Ok(Value::Int(std::process::id().into()));
    };
    let fd = open_stream(it, "pid", v)?;
    match it.io.get(fd).and_then(|s| s.child_pid()) {
        Some(p) => Ok(Value::Int(p.into())),
        None => Err(Fail::new("pid needs a pipe, pump or tty-pump stream")
            .note(format!("argument: {}", show(v)))),
    }
}

/// A pid argument (a process, or -pgid for a group).
fn want_pid(fname: &str, v: &Value) -> Result<i32, Fail> {
    let n = want_int(fname, v)?;
    i32::try_from(n).map_err(|_| {
        Fail::new(format!("{fname}: process id out of range")).note(format!("argument: {n}"))
    })
}

/// The optional `block` argument of `waitpid` and `wait`.
fn want_block(fname: &str, v: Option<&Value>) -> Result<bool, Fail> {
    match v {
        None => Ok(true),
        Some(v) => v.as_bool().ok_or_else(|| arg_type(fname, v, "a boolean")),
    }
}

/// Waits as GNU SETL's `waitpid` and `wait` do: stops and continues count.
fn wait_on(it: &mut Interp, pid: i32, block: bool) -> Result<Value, Fail> {
    let flags = WaitPidFlag::WUNTRACED | WaitPidFlag::WCONTINUED;
    match wait_for(pid, block, flags) {
        Some(r) => Ok(Value::Int(note_wait(it, r).into())),
        None => Err(Fail::new("interrupted while waiting for a child process")),
    }
}

/// `waitpid(p [, block])`: the pid whose status is now in `status`; 0 when
/// not blocking and nothing ended; -1 with `last_error` on failure.
fn waitpid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let pid = want_pid("waitpid", &a[0])?;
    let block = want_block("waitpid", a.get(1))?;
    wait_on(it, pid, block)
}

/// `wait([block])`: waitpid for any child.
fn wait(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let block = want_block("wait", a.first())?;
    wait_on(it, -1, block)
}

/// `kill(p [, sig])`: sends sig (a number, or a name such as `'USR1'` or
/// `'SIGKILL'`; SIGTERM by default); a failure sets `last_error`.
fn kill(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let pid = want_pid("kill", &a[0])?;
    let sig = match a.get(1) {
        None => Some(Signal::SIGTERM),
        Some(Value::Str(s)) => Some(signal::sendable(s).ok_or_else(|| {
            Fail::new(format!(
                "kill: signal name \"{}\" not recognized",
                String::from_utf8_lossy(s)
            ))
        })?),
        Some(v) => {
            let n = want_int("kill", v)?;
            if n == 0 {
                None
            } else {
                Some(
                    i32::try_from(n)
                        .ok()
                        .and_then(|n| Signal::try_from(n).ok())
                        .ok_or_else(|| Fail::new(format!("kill: no signal number {n}")))?,
                )
            }
        }
    };
    if it.lib.restricted && !it.io.is_child(pid) {
        unrestricted(it, "kill of a process that is not a child of the program")?;
    }
    if let Err(e) = nix::sys::signal::kill(Pid::from_raw(pid), sig) {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}

fn int(n: impl Into<i64>) -> Value {
    Value::Int(n.into())
}

fn getppid(_: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    Ok(int(nix::unistd::getppid().as_raw()))
}
fn getpgrp(_: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    Ok(int(nix::unistd::getpgrp().as_raw()))
}
fn getpgid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "getpgid")?;
    let pid = want_pid("getpgid", &a[0])?;
    let r = nix::unistd::getpgid(Some(Pid::from_raw(pid)));
    Ok(value_or_om(it, r, |p| int(p.as_raw())))
}
fn setpgid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "setpgid")?;
    let pid = want_pid("setpgid", &a[0])?;
    let pg = want_pid("setpgid", &a[1])?;
    let r = nix::unistd::setpgid(Pid::from_raw(pid), Pid::from_raw(pg));
    Ok(value_or_om(it, r, |()| Value::Om))
}
fn setpgrp(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "setpgrp")?;
    let r = nix::unistd::setpgid(Pid::from_raw(0), Pid::from_raw(0));
    Ok(value_or_om(it, r, |()| Value::Om))
}
/// `getsid([p])`: the session of p (this process by default).
fn getsid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let pid = match a.first() {
        Some(v) if !v.is_om() => want_pid("getsid", v)?,
        _ => 0,
    };
    if pid != 0 {
        unrestricted(it, "getsid of another process")?;
    }
    let r = nix::unistd::getsid((pid != 0).then(|| Pid::from_raw(pid)));
    Ok(value_or_om(it, r, |p| int(p.as_raw())))
}
fn setsid(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "setsid")?;
    let r = nix::unistd::setsid();
    Ok(value_or_om(it, r, |_| Value::Om))
}

fn getuid(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "getuid")?;
    Ok(int(nix::unistd::getuid().as_raw()))
}
fn geteuid(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "geteuid")?;
    Ok(int(nix::unistd::geteuid().as_raw()))
}
fn getgid(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "getgid")?;
    Ok(int(nix::unistd::getgid().as_raw()))
}
fn getegid(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "getegid")?;
    Ok(int(nix::unistd::getegid().as_raw()))
}

/// A user or group id argument.
fn want_id(fname: &str, v: &Value) -> Result<u32, Fail> {
    let n = want_int(fname, v)?;
    u32::try_from(n)
        .map_err(|_| Fail::new(format!("{fname}: id out of range")).note(format!("argument: {n}")))
}

fn set_id(
    it: &mut Interp,
    fname: &str,
    v: &Value,
    set: impl FnOnce(u32) -> nix::Result<()>,
) -> Result<Value, Fail> {
    unrestricted(it, fname)?;
    let id = want_id(fname, v)?;
    let r = set(id);
    Ok(value_or_om(it, r, |()| Value::Om))
}
fn setuid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    set_id(it, "setuid", &a[0], |i| {
        nix::unistd::setuid(Uid::from_raw(i))
    })
}
fn seteuid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    set_id(it, "seteuid", &a[0], |i| {
        nix::unistd::seteuid(Uid::from_raw(i))
    })
}
fn setgid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    set_id(it, "setgid", &a[0], |i| {
        nix::unistd::setgid(Gid::from_raw(i))
    })
}
fn setegid(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    set_id(it, "setegid", &a[0], |i| {
        nix::unistd::setegid(Gid::from_raw(i))
    })
}

/// `umask([mask])`: the mask (unchanged with no argument; else the old one
/// after setting the new). In restricted mode the startup mask stays set.
fn umask(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    use nix::sys::stat::{umask, Mode as Perm};
    let new = match a.first() {
        None => None,
        Some(v) => {
            let n = want_int("umask", v)?;
            Some(
                u32::try_from(n)
                    .ok()
                    .filter(|n| *n <= 0o7777)
                    .ok_or_else(|| {
                        Fail::new("umask: a mask is 0 to 8#7777").note(format!("argument: {n}"))
                    })?,
            )
        }
    };
    let old = umask(Perm::empty());
    let set = match new {
        Some(n) if it.lib.restricted => n | it.lib.initial_umask,
        Some(n) => n,
        None => old.bits(),
    };
    umask(Perm::from_bits_truncate(set));
    Ok(int(old.bits()))
}
