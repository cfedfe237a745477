//! Requests to stop a running program: Ctrl-C while a REPL entry runs,
//! the memory limit (`crate::memory`) and the time limit (`--timeout`).
//! Each sets one flag that loops and calls check, so the program stops at
//! its next step with a diagnostic saying why, and the REPL's session
//! survives. Only the REPL installs the SIGINT handler; a program run from
//! a file dies on SIGINT as usual. SIGPIPE is set back to its default here
//! too.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};

/// Why the running program must stop.
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(u8)]
pub enum Reason {
    Interrupt = 1,
    Memory = 2,
    Time = 3,
}

/// 0, or the `Reason` of the first request since the last `clear`.
static STOP: AtomicU8 = AtomicU8::new(0);
static INSTALLED: AtomicBool = AtomicBool::new(false);
/// `--timeout` in milliseconds, for the message.
static TIME_LIMIT_MS: AtomicU64 = AtomicU64::new(0);

extern "C" fn on_sigint(_: nix::libc::c_int) {
    request(Reason::Interrupt);
}

/// Routes SIGINT to the flag.
pub fn install() {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
    let action = SigAction::new(
        SigHandler::Handler(on_sigint),
        SaFlags::SA_RESTART,
        SigSet::empty(),
    );
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    match unsafe { sigaction(Signal::SIGINT, &action) } {
        Ok(_) => INSTALLED.store(true, Ordering::Relaxed),
        Err(e) => eprintln!("setl: cannot handle Ctrl-C: {e}"),
    }
}

/// Whether Ctrl-C sets the flag instead of ending the process, so that a
/// call that would block (a waiting lock) must poll it instead.
pub fn installed() -> bool {
    INSTALLED.load(Ordering::Relaxed)
}

/// Asks the program to stop; the first reason given wins. Safe in a
/// signal handler and in the allocator: it only touches an atomic.
pub fn request(why: Reason) {
    let _ = STOP.compare_exchange(0, why as u8, Ordering::Relaxed, Ordering::Relaxed);
}

/// Whether the program must stop (Ctrl-C, or a limit reached) since the
/// last `clear`.
#[inline]
pub fn pending() -> bool {
    STOP.load(Ordering::Relaxed) != 0
}

pub fn clear() {
    STOP.store(0, Ordering::Relaxed);
}

/// The diagnostic for the pending request.
pub fn message() -> String {
    match STOP.load(Ordering::Relaxed) {
        x if x == Reason::Memory as u8 => {
            format!(
                "the program uses more memory than {}",
                crate::memory::describe_limit()
            )
        }
        x if x == Reason::Time as u8 => format!(
            "the program ran past its time limit (--timeout={})",
            TIME_LIMIT_MS.load(Ordering::Relaxed) as f64 / 1000.0
        ),
        _ => "interrupted".to_string(),
    }
}

/// `--timeout`: after `limit`, the program is asked to stop. A program
/// blocked in a system call cannot notice; if it is still running a few
/// seconds later, the process ends with the same message.
pub fn start_timer(limit: std::time::Duration) {
    TIME_LIMIT_MS.store(limit.as_millis() as u64, Ordering::Relaxed);
    let started = std::thread::Builder::new()
        .name("setl-timeout".into())
        .spawn(move || {
            std::thread::sleep(limit);
            request(Reason::Time);
            std::thread::sleep(std::time::Duration::from_secs(3));
            eprintln!("setl: {} while blocked; ending it", message());
            std::process::exit(1);
        });
    if let Err(e) = started {
        eprintln!("setl: cannot start the --timeout timer: {e}");
        std::process::exit(1);
    }
}

/// Gives SIGPIPE back its default action, which Rust's runtime replaces
/// with "ignore": as in GNU SETL, a write to a pipe whose reader has gone
/// (`setl prog | head -1`) ends the program quietly by that signal
/// (status 141 in the shell), on standard output or any other stream.
pub fn default_sigpipe() {
    use nix::sys::signal::{signal, SigHandler, Signal};
    // SAFETY: installs the default action, no handler code runs.
    if let Err(e) = unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) } {
        eprintln!("setl: cannot restore SIGPIPE: {e}");
    }
}
