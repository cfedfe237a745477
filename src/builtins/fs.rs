//! File-system routines (reference notes §5.6), each a POSIX call through
//! `nix` with GNU SETL's conventions: a failure the outside world causes
//! sets `last_error` (and gives om where a value is expected), while a bad
//! argument stops the program. `last_error` is sticky: success never
//! clears it. `mkdir`, `rmdir`, `readdir`, `stat` and `lstat` are this
//! implementation's extensions.

use super::glob::glob_paths;
use super::NameClass::{Sysproc, Uop15, Uop5};
use super::{arg_type, b, brw, unrestricted, value_or_om, want_int, want_path, Builtin};
use crate::interp::Interp;
use crate::io::mode::Mode;
use crate::ops::Fail;
use crate::value::{SetV, Value};
use nix::errno::Errno;
use nix::fcntl::{AtFlags, OFlag, AT_FDCWD};
use nix::sys::stat::{FileStat, Mode as Perm, SFlag};
use nix::unistd::UnlinkatFlags;
use std::os::unix::ffi::OsStrExt;

pub const TABLE: &[Builtin] = &[
    b("link", Sysproc, link, 2, 2),
    b("symlink", Sysproc, symlink, 2, 2),
    b("readlink", Uop15, readlink, 1, 1),
    b("unlink", Sysproc, unlink, 1, 1),
    b("rename", Sysproc, rename, 2, 2),
    b("fexists", Uop5, fexists, 1, 1),
    b("lexists", Uop5, lexists, 1, 1),
    b("fsize", Uop15, fsize, 1, 1),
    b("tmpnam", Sysproc, tmpnam, 0, 0),
    brw("mkstemp", mkstemp, 1, 1, 0, 1),
    b("getwd", Sysproc, getwd, 0, 0),
    b("chdir", Sysproc, chdir, 0, 1),
    b("glob", Uop15, glob, 1, 1),
    b("clear_error", Sysproc, clear_error, 0, 0),
    b("mkdir", Sysproc, mkdir, 1, 2),
    b("rmdir", Sysproc, rmdir, 1, 1),
    b("readdir", Sysproc, readdir, 1, 1),
    b("stat", Sysproc, stat, 1, 1),
    b("lstat", Sysproc, lstat, 1, 1),
];

/// The result of a procedure: nothing, with `last_error` set on failure.
fn done(it: &mut Interp, r: nix::Result<()>) -> Result<Value, Fail> {
    if let Err(e) = r {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}

/// `link(f, new)`: a hard link (to f itself when f is a symbolic link).
fn link(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "link")?;
    let (from, to) = (want_path("link", &a[0])?, want_path("link", &a[1])?);
    let r = nix::unistd::linkat(AT_FDCWD, from, AT_FDCWD, to, AtFlags::empty());
    done(it, r)
}

/// `symlink(target, new)`; the target need not exist.
fn symlink(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "symlink")?;
    let (target, to) = (want_path("symlink", &a[0])?, want_path("symlink", &a[1])?);
    let r = nix::unistd::symlinkat(target, AT_FDCWD, to);
    done(it, r)
}

/// `readlink f`: the text of a symbolic link, or om.
fn readlink(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "readlink")?;
    let r = nix::fcntl::readlink(want_path("readlink", &a[0])?);
    Ok(value_or_om(it, r, |t| Value::str(t.as_bytes())))
}

fn unlink(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "unlink")?;
    let r = nix::unistd::unlink(want_path("unlink", &a[0])?);
    done(it, r)
}

fn rename(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "rename")?;
    let (from, to) = (want_path("rename", &a[0])?, want_path("rename", &a[1])?);
    let r = nix::fcntl::renameat(AT_FDCWD, from, AT_FDCWD, to);
    done(it, r)
}

/// `fexists f`: whether stat succeeds (following links). Never touches
/// `last_error`.
fn fexists(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "fexists")?;
    let p = want_path("fexists", &a[0])?;
    Ok(Value::Bool(nix::sys::stat::stat(p).is_ok()))
}

/// `lexists f`: whether lstat succeeds (true for a dangling link).
fn lexists(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "lexists")?;
    let p = want_path("lexists", &a[0])?;
    Ok(Value::Bool(nix::sys::stat::lstat(p).is_ok()))
}

/// `fsize f`: the size of an open stream's file (unflushed output not
/// counted) or of a named file; om and `last_error` on failure.
fn fsize(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "fsize")?;
    let r = match (it.io.find(&a[0]), &a[0]) {
        (Some(fd), _) => match it.io.get(fd) {
            Some(s) => s.stat(),
            None => Err(Errno::EBADF),
        },
        (None, Value::Str(_)) => nix::sys::stat::stat(want_path("fsize", &a[0])?),
        (None, v) => return Err(arg_type("fsize", v, "a file name or an open stream")),
    };
    Ok(value_or_om(it, r, |st| Value::Int(st.st_size)))
}

/// `tmpnam`: a name in /tmp that does not exist yet, like glibc's
/// tmpnam (racy by nature; `mkstemp` is the safe way).
fn tmpnam(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "tmpnam")?;
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for _ in 0..1000 {
        let mut name = b"/tmp/file".to_vec();
        let mut r = it.lib.next_random();
        for _ in 0..6 {
            name.push(LETTERS[(r % LETTERS.len() as u64) as usize]);
            r /= LETTERS.len() as u64;
        }
        match nix::sys::stat::lstat(name.as_slice()) {
            Err(Errno::ENOENT) => return Ok(Value::str(name)),
            Err(e) => {
                it.lib.set_errno(e);
                return Ok(Value::Om);
            }
            Ok(_) => {}
        }
    }
    it.lib.set_errno(Errno::EEXIST);
    Ok(Value::Om)
}

/// `mkstemp(rw tmpl)`: creates a unique file from a template ending in
/// XXXXXX, rewrites tmpl to its name and opens it in mode w+.
fn mkstemp(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let tmpl = want_path("mkstemp", &a[0])?;
    if !it.lib.allow.mkstemp.iter().any(|t| t.as_slice() == tmpl) {
        unrestricted(it, "mkstemp")?;
    }
    match nix::unistd::mkstemp(tmpl) {
        Ok((fd, path)) => {
            let name = Value::str(path.as_os_str().as_bytes());
            a[0] = name.clone();
            Ok(Value::Int(it.io.adopt(fd, name, Mode::WritePlus).into()))
        }
        Err(e) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
    }
}

fn getwd(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "getwd")?;
    let dir = nix::unistd::getcwd()
        .map_err(|e| Fail::new("getwd: cannot get the current directory").note(e.desc()))?;
    Ok(Value::str(dir.as_os_str().as_bytes()))
}

/// `chdir(d)`, or `chdir` alone for $HOME. A failure leaves the directory
/// unchanged and sets `last_error`.
fn chdir(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "chdir")?;
    let r = match a.first() {
        Some(d) => nix::unistd::chdir(want_path("chdir", d)?),
        None => {
            let home = std::env::var_os("HOME")
                .ok_or_else(|| Fail::new("chdir with no argument needs HOME to be set"))?;
            nix::unistd::chdir(home.as_os_str())
        }
    };
    done(it, r)
}

/// `glob pat`: the sorted names matching a shell pattern, or [].
fn glob(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "glob")?;
    let pat = want_path("glob", &a[0])?;
    Ok(Value::tuple(
        glob_paths(pat).into_iter().map(Value::str).collect(),
    ))
}

fn clear_error(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    it.lib.last_errno = 0;
    Ok(Value::Om)
}

/// `mkdir(path [, mode])` (extension): mode defaults to 8#777, less umask.
fn mkdir(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "mkdir")?;
    let path = want_path("mkdir", &a[0])?;
    let mode = match a.get(1) {
        Some(m) => want_int("mkdir", m)?,
        None => 0o777,
    };
    let mode = u32::try_from(mode)
        .ok()
        .and_then(Perm::from_bits)
        .ok_or_else(|| {
            Fail::new("mkdir needs a mode between 0 and 8#7777").note(format!("mode: {mode}"))
        })?;
    let r = nix::unistd::mkdir(path, mode);
    done(it, r)
}

/// `rmdir(path)` (extension): removes an empty directory.
fn rmdir(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "rmdir")?;
    let path = want_path("rmdir", &a[0])?;
    let r = nix::unistd::unlinkat(AT_FDCWD, path, UnlinkatFlags::RemoveDir);
    done(it, r)
}

/// `readdir(path)` (extension): the set of names in a directory, without
/// `.` and `..`; om and `last_error` on failure.
fn readdir(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "readdir")?;
    let path = want_path("readdir", &a[0])?;
    let r = read_names(path);
    Ok(value_or_om(it, r, |names| {
        let mut set = SetV::new();
        for n in names {
            set.insert(Value::str(n));
        }
        Value::set(set)
    }))
}

/// The entry names of a directory, without `.` and `..`.
pub(super) fn read_names(path: &[u8]) -> nix::Result<Vec<Vec<u8>>> {
    let mut dir = nix::dir::Dir::open(path, OFlag::O_RDONLY | OFlag::O_DIRECTORY, Perm::empty())?;
    let mut names = Vec::new();
    for entry in dir.iter() {
        let name = entry?.file_name().to_bytes().to_vec();
        if name != b"." && name != b".." {
            names.push(name);
        }
    }
    Ok(names)
}

/// `stat(path)` (extension): a map describing the file, following links.
fn stat(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "stat")?;
    let r = nix::sys::stat::stat(want_path("stat", &a[0])?);
    Ok(value_or_om(it, r, stat_map))
}

/// `lstat(path)` (extension): as `stat`, describing a link itself.
fn lstat(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    unrestricted(it, "lstat")?;
    let r = nix::sys::stat::lstat(want_path("lstat", &a[0])?);
    Ok(value_or_om(it, r, stat_map))
}

/// The map `stat` and `lstat` give: size, mode (permission bits), type,
/// nlink, ino, dev, uid, gid and mtime (seconds since 1970).
fn stat_map(st: FileStat) -> Value {
    let kind = match SFlag::from_bits_truncate(st.st_mode & SFlag::S_IFMT.bits()) {
        SFlag::S_IFDIR => "dir",
        SFlag::S_IFLNK => "link",
        SFlag::S_IFIFO => "fifo",
        SFlag::S_IFSOCK => "socket",
        SFlag::S_IFCHR => "char",
        SFlag::S_IFBLK => "block",
        _ => "file",
    };
    let int = |x: u64| Value::from_big(x.into());
    let fields = [
        ("size", Value::Int(st.st_size)),
        ("mode", Value::Int((st.st_mode & 0o7777).into())),
        ("type", Value::str(kind)),
        ("nlink", int(st.st_nlink)),
        ("ino", int(st.st_ino)),
        ("dev", int(st.st_dev)),
        ("uid", Value::Int(st.st_uid.into())),
        ("gid", Value::Int(st.st_gid.into())),
        ("mtime", Value::Int(st.st_mtime)),
    ];
    let mut map = SetV::new();
    for (k, v) in fields {
        map.insert(Value::tuple(vec![Value::str(k), v]));
    }
    Value::set(map)
}
