//! Ctrl-C while a REPL entry runs: SIGINT sets a flag that loops and calls
//! check, so the entry stops with a diagnostic and the session survives.
//! Only the REPL installs the handler; a program run from a file dies on
//! SIGINT as usual. SIGPIPE is set back to its default here too.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static INSTALLED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: nix::libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
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

/// Whether Ctrl-C was pressed since the last `clear`.
#[inline]
pub fn pending() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

pub fn clear() {
    INTERRUPTED.store(false, Ordering::Relaxed);
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
