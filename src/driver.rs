//! From program text to exit status, and the thread the interpreter runs
//! on.

use crate::interp::Outcome;
use crate::session::Session;
use std::io::Write;

/// How a program runs, from the command line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// `-r`: the built-ins that touch the file system or other processes
    /// stop the program (for untrusted code).
    pub restricted: bool,
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
    match session.run(name, text) {
        Outcome::Done => 0,
        Outcome::Stopped(code) => code,
        Outcome::Failed(d) => {
            session.interp.io.flush_all();
            session.interp.io.kill_children();
            let _ = std::io::stderr().write_all(session.render(&d).as_bytes());
            1
        }
    }
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
