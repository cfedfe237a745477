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
}

/// Lets a write past RLIMIT_FSIZE fail with EFBIG, which the program sees
/// as a failed write (`last_error`), instead of SIGXFSZ killing the
/// process part way through a file.
pub fn ignore_file_size_signal() {
    use nix::sys::signal::{signal, SigHandler, Signal};
    // SAFETY: installing SIG_IGN runs no code of ours in signal context.
    let _ = unsafe { signal(Signal::SIGXFSZ, SigHandler::SigIgn) };
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
    if let Some(limit) = opts.timeout {
        crate::interrupt::start_timer(limit);
    }
    match session.run_with(name, text, &opts.cpp) {
        Outcome::Done => 0,
        Outcome::Stopped(code) => code,
        Outcome::Failed(d) => {
            let _ = session.interp.io.flush_all();
            let _ = std::io::stderr().write_all(session.render(&d).as_bytes());
            1
        }
    }
}

/// Runs `f` on a thread with a large stack, so deep SETL recursion ends in
/// the "recursion too deep" diagnostic rather than a stack overflow.
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new()
        .stack_size(crate::limits::STACK_BYTES)
        .spawn(f)
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
