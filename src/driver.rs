//! From program text to exit status, and the thread the interpreter runs
//! on.

use crate::interp::Outcome;
use crate::session::Session;
use std::io::Write;

/// How a program runs, from the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-r`: the built-ins that touch the file system or other processes
    /// stop the program (for untrusted code).
    pub restricted: bool,
    /// `--timeout`: how long the program may run.
    pub timeout: Option<std::time::Duration>,
    /// `--cpp`, `--nocpp`, `-I`, `-D`, `-U`.
    pub cpp: crate::preprocess::Options,
    /// `--allow-…`: what restricted mode lets through.
    pub allow: crate::builtins::Allow,
}

impl Options {
    /// Takes one option (`-r`, `--restricted` or an `--allow-…` option, as
    /// GNU SETL spells them): Ok(false) if `arg` is none of them, Err with
    /// a message if it is malformed.
    pub fn take(&mut self, arg: &str) -> Result<bool, String> {
        let value = |prefix: &str| {
            arg.strip_prefix('-')
                .and_then(|a| {
                    a.strip_prefix(prefix)
                        .or_else(|| a.strip_prefix(&prefix[1..]))
                })
                .map(|v| v.as_bytes().to_vec())
        };
        // WHAT,HOW (the mode after the last comma; R when there is none).
        let what_how = |v: Vec<u8>| -> Result<(Vec<u8>, Vec<u8>), String> {
            let (what, how) = match v.iter().rposition(|&c| c == b',') {
                Some(i) => (v[..i].to_vec(), v[i + 1..].to_vec()),
                None => (v, b"R".to_vec()),
            };
            if what.is_empty() {
                return Err(format!("missing what to allow in {arg}"));
            }
            if crate::io::mode::Mode::parse(&how).is_none() {
                return Err(format!("unrecognized I/O mode after comma in {arg}"));
            }
            Ok((what, how))
        };
        if matches!(arg, "-r" | "-restricted" | "--restricted") {
            self.restricted = true;
        } else if let Some(v) = value("--allow-open=") {
            let pair = what_how(v)?;
            self.allow.open.push(pair);
        } else if let Some(v) = value("--allow-fd-open=") {
            let (fd, how) = what_how(v)?;
            let fd = std::str::from_utf8(&fd)
                .ok()
                .and_then(|s| s.parse::<i64>().ok())
                .ok_or_else(|| format!("not an fd in {arg}"))?;
            self.allow.fd_open.push((fd, how));
        } else if let Some(v) = value("--allow-mkstemp=") {
            if v.len() <= 6 || !v.ends_with(b"XXXXXX") {
                return Err(format!("the template in {arg} must end in XXXXXX"));
            }
            self.allow.mkstemp.push(v);
        } else if let Some(v) = value("--allow-filter=") {
            self.allow.filter.push(v);
        } else if let Some(v) = value("--allow-system=") {
            self.allow.system.push(v);
        } else {
            return Ok(false);
        }
        Ok(true)
    }
}

/// Whether an argument is one of GNU SETL's other program sources: `-FD`
/// (the program is read from an inherited file descriptor, and named `-FD`
/// in diagnostics) or `|COMMAND` (read from a shell command's output).
pub fn is_program_source(arg: &str) -> bool {
    arg.starts_with('|') || source_fd(arg).is_some()
}

fn source_fd(arg: &str) -> Option<i32> {
    arg.strip_prefix('-')?.parse().ok().filter(|fd| *fd >= 0)
}

/// The program text from a source `is_program_source` accepts.
pub fn read_program_source(arg: &str) -> Result<String, String> {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    if let Some(cmd) = arg.strip_prefix('|') {
        let out = crate::io::child::shell(cmd.as_bytes())
            .stdin(std::process::Stdio::null())
            .output();
        return match out {
            Ok(o) => Ok(String::from_utf8_lossy(&o.stdout).into_owned()),
            Err(e) => Err(format!("cannot run {cmd}: {e}")),
        };
    }
    let fd = source_fd(arg).ok_or_else(|| format!("not a program source: {arg}"))?;
    if nix::fcntl::fcntl(
        // SAFETY: only asks whether the fd is open.
        unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) },
        nix::fcntl::FcntlArg::F_GETFD,
    )
    .is_err()
    {
        return Err(format!("cannot read the program from fd {fd}: not open"));
    }
    // SAFETY: the fd is open, was given to us for the program, and is read
    // to its end and closed here.
    let mut f = unsafe { std::fs::File::from_raw_fd(fd) };
    let mut buf = Vec::new();
    match f.read_to_end(&mut buf) {
        Ok(_) => Ok(String::from_utf8_lossy(&buf).into_owned()),
        Err(e) => Err(format!("cannot read the program from fd {fd}: {e}")),
    }
}

/// Lets a write past RLIMIT_FSIZE fail with EFBIG, which the program sees
/// as a failed write (`last_error`), instead of SIGXFSZ killing the
/// process part way through a file.
pub fn ignore_file_size_signal() {
    use nix::sys::signal::{signal, SigHandler, Signal};
    // SAFETY: installing SIG_IGN runs no code of ours in signal context.
    let _ = unsafe { signal(Signal::SIGXFSZ, SigHandler::SigIgn) };
}

/// Gives SIGXFSZ its default action back for a program setl runs (in a
/// child before exec, or before `exec`): an ignored signal would stay
/// ignored across exec. Async-signal-safe.
pub fn default_file_size_signal() {
    use nix::sys::signal::{signal, SigHandler, Signal};
    // SAFETY: installing SIG_DFL runs no code of ours in signal context.
    let _ = unsafe { signal(Signal::SIGXFSZ, SigHandler::SigDfl) };
}

/// Runs a program; returns the process exit status. Diagnostics go to
/// stderr.
pub fn run_program(name: &str, text: &str, args: Vec<Vec<u8>>, opts: Options) -> i32 {
    let mut session = match Session::new(args, name) {
        Ok(s) => s,
        Err((sources, d)) => {
            eprint!("{}", sources.render(&d));
            return 1;
        }
    };
    session.interp.lib.restricted = opts.restricted;
    session.interp.lib.allow = opts.allow;
    if let Some(limit) = opts.timeout {
        crate::interrupt::start_timer(limit);
    }
    let code = match session.run_with(name, text, &opts.cpp) {
        Outcome::Done => 0,
        Outcome::Stopped(code) => code,
        Outcome::Failed(d) => {
            let _ = session.interp.io.flush_all();
            session.interp.io.kill_children();
            let _ = std::io::stderr().write_all(session.render(&d).as_bytes());
            1
        }
    };
    // The process exits next, and the system takes its memory back at
    // once: freeing a big run's values one by one first would only cost
    // time (a tenth of bench/setalg). Output was flushed above.
    std::mem::forget(session);
    code
}

/// Runs `f` on a thread with a large stack, so deep SETL recursion ends in
/// the "recursion too deep" diagnostic rather than a stack overflow; gives
/// its exit status. A process forked by the program (`fork`, `pump`, ...)
/// has only this thread, so it exits from here when its program ends.
pub fn with_big_stack(f: impl FnOnce() -> i32 + Send + 'static) -> i32 {
    let pid = std::process::id();
    let handle = std::thread::Builder::new()
        .stack_size(crate::limits::STACK_BYTES)
        .spawn(move || {
            let code = f();
            if std::process::id() != pid {
                std::process::exit(code);
            }
            code
        })
        .unwrap_or_else(|e| {
            eprintln!("setl: cannot start the interpreter thread: {e}");
            std::process::exit(70)
        });
    match handle.join() {
        Ok(v) => v,
        Err(_) => {
            eprintln!("setl: internal error (the interpreter thread panicked)");
            std::process::exit(70)
        }
    }
}
