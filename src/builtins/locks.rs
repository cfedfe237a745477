//! Locks and crash-safe file updates (extensions; issue 6).
//!
//! * `lock(f, how [, len [, start [, whence]]])`: a record lock on an open
//!   stream through fcntl. On Linux these are open-file-description locks
//!   (`F_OFD_SETLK`, `F_OFD_SETLKW`, `F_OFD_GETLK`): they belong to the
//!   stream, so closing another descriptor of the same file (say a
//!   `getfile` of it) does not drop them, and two streams of one process
//!   on the same file do conflict.
//! * `flock(f, how)`: a whole-file BSD lock on an open stream.
//! * `copyfile(src, new)`: copies to a file that must not exist yet.
//! * `atomic_putfile(name, s)`: replaces a file's content all at once.
//! * `getpid` and `pexists(pid)`: for lock files that name their holder.
//!
//! `how` is a string of the characters `r` (shared), `w` (exclusive), `u`
//! (unlock), `|` (wait until granted) and `?` (only ask). A lock call
//! gives true when granted and false when refused or failed, with
//! `last_error` set (`Resource temporarily unavailable` for a conflict).
//! Before the lock changes, the stream's buffered output is written and
//! its read-ahead dropped, so data written under a lock reaches the file
//! before the lock is released and data read under it is current.

use super::streams::open_stream;
use super::NameClass::{Sysproc, Uop5};
use super::{arg_type, b, unrestricted, want_int, want_path, want_str, Builtin};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;
use nix::errno::Errno;
use nix::libc;
use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub const TABLE: &[Builtin] = &[
    b("lock", Sysproc, lock, 2, 5),
    b("flock", Sysproc, flock, 2, 2),
    b("copyfile", Sysproc, copyfile, 2, 2),
    b("atomic_putfile", Sysproc, atomic_putfile, 2, 2),
    b("getpid", Sysproc, getpid, 0, 0),
    b("pexists", Uop5, pexists, 1, 1),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shared,
    Exclusive,
    Unlock,
}

struct How {
    kind: Kind,
    wait: bool,
    query: bool,
}

/// Parses `how`; a character other than r, w, u, | and ?, or a
/// contradictory combination, stops the program.
fn parse_how(fname: &str, v: &Value) -> Result<How, Fail> {
    let s = want_str(fname, v)?;
    let bad = |why: &str| {
        Fail::new(format!("{fname}: {why}"))
            .note(format!("how: \"{}\"", String::from_utf8_lossy(s)))
            .note("how is made of r (shared), w (exclusive), u (unlock), | (wait), ? (ask)")
    };
    let mut kind = None;
    let (mut wait, mut query) = (false, false);
    for &c in s {
        let k = match c {
            b'r' | b'R' => Kind::Shared,
            b'w' | b'W' => Kind::Exclusive,
            b'u' | b'U' => Kind::Unlock,
            b'|' => {
                wait = true;
                continue;
            }
            b'?' => {
                query = true;
                continue;
            }
            _ => {
                return Err(bad(&format!(
                    "bad character '{}' in the lock mode",
                    (c as char).escape_default()
                )))
            }
        };
        if kind.is_some_and(|old| old != k) {
            return Err(bad("the lock mode asks for more than one of r, w and u"));
        }
        kind = Some(k);
    }
    let Some(kind) = kind else {
        return Err(bad("the lock mode needs one of r, w and u"));
    };
    if query && (wait || kind == Kind::Unlock) {
        return Err(bad("'?' asks about an r or w lock and cannot wait"));
    }
    Ok(How { kind, wait, query })
}

/// The fd of a stream to lock, with its buffered output written and its
/// read-ahead given back, so the lock covers what the program wrote. None
/// (with last_error set) when the stream cannot be locked.
fn synced_stream(it: &mut Interp, fname: &str, v: &Value) -> Result<Option<RawFd>, Fail> {
    let Some(fd) = lock_stream(it, fname, v)? else {
        return Ok(None);
    };
    let Some(s) = it.io.get(fd) else {
        it.lib.set_errno(Errno::EBADF);
        return Ok(None);
    };
    if let Err(e) = s.sync() {
        it.lib.set_errno(e);
        return Ok(None);
    }
    Ok(Some(fd))
}

/// The fd of an open stream for a lock call. An integer that is no open
/// fd sets `last_error` (EBADF) and gives None; a name that is not open
/// stops the program, as for other stream calls.
fn lock_stream(it: &mut Interp, fname: &str, v: &Value) -> Result<Option<RawFd>, Fail> {
    match (it.io.find(v), v) {
        (Some(fd), _) => Ok(Some(fd)),
        (None, Value::Int(_)) => {
            it.lib.set_errno(Errno::EBADF);
            Ok(None)
        }
        _ => open_stream(it, fname, v).map(Some),
    }
}

/// Retries a call interrupted by a signal (a waiting lock).
fn retry<T>(mut f: impl FnMut() -> nix::Result<T>) -> nix::Result<T> {
    loop {
        match f() {
            Err(Errno::EINTR) => continue,
            r => return r,
        }
    }
}

/// Takes a lock with `attempt(wait)`. A waiting lock blocks in the kernel,
/// except in the REPL, where Ctrl-C must stop it: there it polls with
/// non-blocking attempts (backing off to 20 ms) and checks for Ctrl-C.
fn waiting(
    wait: bool,
    mut attempt: impl FnMut(bool) -> nix::Result<()>,
) -> Result<nix::Result<()>, Fail> {
    if !wait || !crate::interrupt::installed() {
        return Ok(retry(|| attempt(wait)));
    }
    let mut pause = std::time::Duration::from_millis(1);
    loop {
        match retry(|| attempt(false)) {
            Err(Errno::EAGAIN | Errno::EACCES) => {}
            r => return Ok(r),
        }
        if crate::interrupt::pending() {
            return Err(Fail::new("interrupted while waiting for a lock"));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(std::time::Duration::from_millis(20));
    }
}

/// A refused lock reads as EAGAIN whichever of EAGAIN and EACCES the
/// system gave.
fn refused(e: Errno) -> Errno {
    if e == Errno::EACCES {
        Errno::EAGAIN
    } else {
        e
    }
}

fn result_bool(it: &mut Interp, r: nix::Result<()>) -> Value {
    match r {
        Ok(()) => Value::Bool(true),
        Err(e) => {
            it.lib.set_errno(refused(e));
            Value::Bool(false)
        }
    }
}

/// `lock(f, how [, len [, start [, whence]]])`: len 0 (the default) means
/// to the end of the file, however it grows; whence is 0, 1 or 2 as in
/// `seek`. With `?` the call takes no lock and gives om if the lock could
/// be granted, else the conflicting lock as [mode, len, start, whence,
/// pid] (start from the beginning of the file, so whence is 0; the kernel
/// reports pid -1 for the open-file-description locks `lock` takes). A
/// query that fails gives false with `last_error` set.
fn lock(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "lock")?;
    let how = parse_how("lock", &a[1])?;
    let num = |i: usize| a.get(i).map_or(Ok(0), |v| want_int("lock", v));
    let (len, start, whence) = (num(2)?, num(3)?, num(4)?);
    let whence = match whence {
        0 => libc::SEEK_SET,
        1 => libc::SEEK_CUR,
        2 => libc::SEEK_END,
        w => {
            return Err(
                Fail::new("lock needs whence 0, 1 or 2 (seek_set, seek_cur, seek_end)")
                    .note(format!("got: {w}")),
            )
        }
    };
    let Some(fd) = synced_stream(it, "lock", &a[0])? else {
        return Ok(Value::Bool(false));
    };
    // SAFETY: flock is a plain C struct for which all zero bytes is valid.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = match how.kind {
        Kind::Shared => libc::F_RDLCK,
        Kind::Exclusive => libc::F_WRLCK,
        Kind::Unlock => libc::F_UNLCK,
    } as _;
    fl.l_whence = whence as _;
    fl.l_start = start as _;
    fl.l_len = len as _;
    let Some(s) = it.io.get(fd) else {
        return Ok(Value::Bool(false));
    };
    let fdb = s.borrow_fd();
    if how.query {
        let r = record_lock_query(fdb, &mut fl);
        if let Err(e) = r {
            it.lib.set_errno(e);
            return Ok(Value::Bool(false));
        }
        if fl.l_type as i32 == libc::F_UNLCK {
            return Ok(Value::Om);
        }
        let mode = if fl.l_type as i32 == libc::F_RDLCK {
            "r"
        } else {
            "w"
        };
        return Ok(Value::tuple(vec![
            Value::str(mode),
            Value::Int(fl.l_len as i64),
            Value::Int(fl.l_start as i64),
            Value::Int(fl.l_whence as i64),
            Value::Int(fl.l_pid as i64),
        ]));
    }
    let r = waiting(how.wait, |wait| record_lock_set(fdb, &fl, wait))?;
    Ok(result_bool(it, r))
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn record_lock_set(fd: std::os::fd::BorrowedFd, fl: &libc::flock, wait: bool) -> nix::Result<()> {
    use nix::fcntl::FcntlArg::{F_OFD_SETLK, F_OFD_SETLKW};
    let arg = if wait {
        F_OFD_SETLKW(fl)
    } else {
        F_OFD_SETLK(fl)
    };
    nix::fcntl::fcntl(fd, arg).map(drop)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn record_lock_query(fd: std::os::fd::BorrowedFd, fl: &mut libc::flock) -> nix::Result<()> {
    nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_OFD_GETLK(fl)).map(drop)
}

/// Elsewhere, classic POSIX record locks (owned by the process).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn record_lock_set(fd: std::os::fd::BorrowedFd, fl: &libc::flock, wait: bool) -> nix::Result<()> {
    use nix::fcntl::FcntlArg::{F_SETLK, F_SETLKW};
    let arg = if wait { F_SETLKW(fl) } else { F_SETLK(fl) };
    nix::fcntl::fcntl(fd, arg).map(drop)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn record_lock_query(fd: std::os::fd::BorrowedFd, fl: &mut libc::flock) -> nix::Result<()> {
    nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_GETLK(fl)).map(drop)
}

/// `flock(f, how)`: a whole-file BSD lock (r, w or u, with | to wait);
/// true when granted, false with `last_error` set when refused.
fn flock(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "flock")?;
    let how = parse_how("flock", &a[1])?;
    if how.query {
        return Err(Fail::new(
            "flock cannot ask about a lock ('?'); lock(f, 'w?') can",
        ));
    }
    let Some(fd) = synced_stream(it, "flock", &a[0])? else {
        return Ok(Value::Bool(false));
    };
    let op = match how.kind {
        Kind::Shared => libc::LOCK_SH,
        Kind::Exclusive => libc::LOCK_EX,
        Kind::Unlock => libc::LOCK_UN,
    };
    let Some(s) = it.io.get(fd) else {
        return Ok(Value::Bool(false));
    };
    let raw = s.borrow_fd().as_raw_fd();
    let r = waiting(how.wait, |wait| {
        let op = if wait { op } else { op | libc::LOCK_NB };
        // SAFETY: flock(2) on an fd the stream owns, with no pointers involved.
        Errno::result(unsafe { libc::flock(raw, op) }).map(drop)
    })?;
    Ok(result_bool(it, r))
}

fn path_of(bytes: &[u8]) -> &Path {
    Path::new(OsStr::from_bytes(bytes))
}

fn errno_of(e: std::io::Error) -> Errno {
    e.raw_os_error().map_or(Errno::EIO, Errno::from_raw)
}

/// `copyfile(src, new)`: copies src (following links) to a new file,
/// created exclusively as `link` and open mode 'n' do, with src's
/// permission bits (less umask). Like `link` it gives om; a failure sets
/// `last_error` (`File exists` when new exists, which is left alone), and
/// a copy that fails part way is removed, so no half-copied file stays.
fn copyfile(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "copyfile")?;
    let (src, dst) = (want_path("copyfile", &a[0])?, want_path("copyfile", &a[1])?);
    if let Err(e) = copy_new(path_of(src), path_of(dst)) {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}

fn copy_new(src: &Path, dst: &Path) -> Result<(), Errno> {
    let mut from = File::open(src).map_err(errno_of)?;
    let meta = from.metadata().map_err(errno_of)?;
    if meta.is_dir() {
        return Err(Errno::EISDIR);
    }
    let mut to = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(meta.mode() & 0o777)
        .open(dst)
        .map_err(errno_of)?;
    // From here on the new file is ours, and goes if the copy fails.
    let r = std::io::copy(&mut from, &mut to).and_then(|_| to.flush());
    if let Err(e) = r {
        drop(to);
        let _ = std::fs::remove_file(dst);
        return Err(errno_of(e));
    }
    Ok(())
}

/// `atomic_putfile(name, s)`: writes s to a new temporary file in name's
/// directory, fsyncs it, gives it the permission bits of the file it
/// replaces (or 8#666 less umask for a new file), renames it over name and
/// fsyncs the directory. A reader, or the file after a crash, has the old
/// content or the new, never a mix. If name is a symbolic link, the link
/// itself is replaced by a regular file. Gives om; a failure sets
/// `last_error`, removes the temporary file and leaves name as it was.
fn atomic_putfile(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "atomic_putfile")?;
    let name = want_path("atomic_putfile", &a[0])?;
    let data = match &a[1] {
        Value::Str(_) => want_str("atomic_putfile", &a[1])?,
        v => return Err(arg_type("atomic_putfile", v, "a string to write")),
    };
    if let Err(e) = atomic_write(path_of(name), data) {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}

fn atomic_write(path: &Path, data: &[u8]) -> Result<(), Errno> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Some(base) = path.file_name() else {
        return Err(Errno::EISDIR);
    };
    let perm = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(Errno::EISDIR),
        Ok(m) => m.mode() & 0o7777,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use nix::sys::stat::{umask, Mode};
            let mask = umask(Mode::from_bits_truncate(0o022));
            umask(mask);
            0o666 & !mask.bits()
        }
        Err(e) => return Err(errno_of(e)),
    };
    let mut tmpl = dir.as_os_str().as_bytes().to_vec();
    tmpl.extend_from_slice(b"/.");
    tmpl.extend_from_slice(base.as_bytes());
    tmpl.extend_from_slice(b".XXXXXX");
    let (fd, tmp): (_, PathBuf) = nix::unistd::mkstemp(tmpl.as_slice())?;
    let mut f = File::from(fd);
    let written = f
        .write_all(data)
        .and_then(|_| f.set_permissions(std::fs::Permissions::from_mode(perm)))
        .and_then(|_| f.sync_all())
        .and_then(|_| std::fs::rename(&tmp, path));
    drop(f);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(errno_of(e));
    }
    File::open(dir).and_then(|d| d.sync_all()).map_err(errno_of)
}

/// `getpid`: this process's id.
fn getpid(_: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Int(nix::unistd::getpid().as_raw().into()))
}

/// `pexists(pid)`: whether a process with that id exists (kill with no
/// signal succeeds, or is refused for permission). Never sets
/// `last_error`.
fn pexists(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "pexists")?;
    let pid = want_int("pexists", &a[0])?;
    let Ok(pid) = i32::try_from(pid) else {
        return Ok(Value::Bool(false));
    };
    if pid <= 0 {
        return Ok(Value::Bool(false));
    }
    let r = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None);
    Ok(Value::Bool(matches!(r, Ok(()) | Err(Errno::EPERM))))
}
