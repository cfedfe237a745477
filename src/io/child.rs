//! Child processes at the other end of a stream, as GNU SETL makes them:
//! a shell command (`open(cmd, 'pipe-from')`, `filter`, `system`) or a
//! forked copy of the running program (`pipe_from_child`, `pump`, `fork`).
//! The stream is one end of a Unix-domain socketpair (a pseudo-terminal's
//! master for `tty-pump`); the child has the other end as its standard
//! input, output or both. Children inherit the program's streams, as in
//! GNU SETL (so `'cat <&5'` can read fd 5).

use super::mode::Mode;
use crate::value::Value;
use nix::errno::Errno;
use nix::sys::socket::{socketpair, AddressFamily, SockFlag, SockType};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;
use std::ffi::OsStr;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

/// What `close` does about the child of a pipe or pump stream.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CloseHow {
    /// Wait for it and set `status` (the default).
    Await,
    /// Reap it in the background whenever it ends.
    Autoreap,
    /// Leave it for the program's own `waitpid`.
    Zombie,
}

/// The two ends of a new connection: ours and the child's.
pub struct Ends {
    pub ours: OwnedFd,
    pub theirs: OwnedFd,
}

/// A socketpair, or a pseudo-terminal (master ours, raw slave theirs).
/// Both ends are close-on-exec, so a command started meanwhile does not
/// hold them open (see `inheritable`).
pub fn connect(tty: bool) -> Result<Ends, Errno> {
    if tty {
        let pty = nix::pty::openpty(None, None)?;
        set_cloexec(&pty.master, true)?;
        set_cloexec(&pty.slave, true)?;
        let mut t = nix::sys::termios::tcgetattr(&pty.slave)?;
        nix::sys::termios::cfmakeraw(&mut t);
        nix::sys::termios::tcsetattr(&pty.slave, nix::sys::termios::SetArg::TCSANOW, &t)?;
        return Ok(Ends {
            ours: pty.master,
            theirs: pty.slave,
        });
    }
    let (ours, theirs) = socketpair(
        AddressFamily::Unix,
        SockType::Stream,
        None,
        SockFlag::SOCK_CLOEXEC,
    )?;
    Ok(Ends { ours, theirs })
}

fn set_cloexec(fd: &OwnedFd, on: bool) -> Result<(), Errno> {
    use nix::fcntl::{fcntl, FcntlArg, FdFlag};
    let flags = if on {
        FdFlag::FD_CLOEXEC
    } else {
        FdFlag::empty()
    };
    fcntl(fd, FcntlArg::F_SETFD(flags)).map(drop)
}

/// Makes the program's end of a new stream inheritable once its child has
/// started: as in GNU SETL, later children inherit the program's streams.
pub fn inheritable(fd: &OwnedFd) -> Result<(), Errno> {
    set_cloexec(fd, false)
}

/// `/bin/sh -c cmd` as GNU SETL runs it (`sh` as its argv[0]).
pub fn shell(cmd: &[u8]) -> Command {
    let mut c = Command::new("/bin/sh");
    c.arg0("sh").arg("-c").arg(OsStr::from_bytes(cmd));
    // SAFETY: the hook only calls signal(2), which is async-signal-safe.
    unsafe {
        c.pre_exec(|| {
            crate::driver::default_file_size_signal();
            Ok(())
        })
    };
    c
}

/// Starts `cmd` with its standard input and/or output (as `mode` says:
/// the program reads what the child writes) on a new connection; gives
/// our end and the child's pid.
pub fn spawn_shell(cmd: &[u8], mode: Mode) -> Result<(OwnedFd, i32), Errno> {
    let ends = connect(mode == Mode::TtyPump)?;
    let mut c = shell(cmd);
    if mode.writable() {
        c.stdin(Stdio::from(ends.theirs.try_clone().map_err(io_errno)?));
    }
    if mode.readable() {
        c.stdout(Stdio::from(ends.theirs.try_clone().map_err(io_errno)?));
    }
    let child = c.spawn().map_err(io_errno)?;
    inheritable(&ends.ours)?;
    // The Child is dropped without waiting: the stream's close reaps it.
    Ok((ends.ours, child.id() as i32))
}

pub fn io_errno(e: std::io::Error) -> Errno {
    Errno::from_raw(e.raw_os_error().unwrap_or(nix::libc::EIO))
}

/// `status` for a wait result, as GNU SETL shows it: the exit code; a death
/// by signal s as s - 128; a stop by s as s - 32; a continue as -32.
pub fn status_value(ws: WaitStatus) -> Value {
    match ws {
        WaitStatus::Exited(_, code) => Value::Int(code.into()),
        WaitStatus::Signaled(_, sig, _) => Value::Int(sig as i64 - 128),
        WaitStatus::Stopped(_, sig) => Value::Int(sig as i64 - 32),
        WaitStatus::Continued(_) => Value::Int(-32),
        _ => Value::Om,
    }
}

/// The pid a wait result is about (0 when nothing was ready).
pub fn status_pid(ws: WaitStatus) -> i32 {
    ws.pid().map_or(0, Pid::as_raw)
}

/// waitpid(2), retried when a signal interrupts it. When Ctrl-C is routed
/// to the REPL, a blocking wait polls instead, so Ctrl-C ends it (`None`).
pub fn wait_for(pid: i32, block: bool, flags: WaitPidFlag) -> Option<Result<WaitStatus, Errno>> {
    let pid = Pid::from_raw(pid);
    if !block || !crate::interrupt::installed() {
        let flags = if block {
            flags
        } else {
            flags | WaitPidFlag::WNOHANG
        };
        loop {
            match waitpid(pid, Some(flags)) {
                Err(Errno::EINTR) => continue,
                r => return Some(r),
            }
        }
    }
    loop {
        match waitpid(pid, Some(flags | WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) => {}
            Err(Errno::EINTR) => {}
            r => return Some(r),
        }
        if crate::interrupt::pending() {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
