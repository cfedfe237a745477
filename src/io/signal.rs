//! Signals and timers as streams (GNU SETL's `signal`, `ignore`,
//! `default` and `real-ms` open modes).
//!
//! A `signal` stream is the read end of a self-pipe: the handler writes a
//! newline to the pipe of every stream open on that signal, so each arrival
//! reads as an empty line and `select` sees the stream ready. The write ends
//! live in a fixed table of atomics, the only state the handler touches.
//! While any `signal` stream is open on a signal it is caught; otherwise an
//! open `ignore` stream ignores it, an open `default` stream gives it its
//! default action, and with none open it has the disposition it had before
//! the first such stream. A `real-ms` stream is a timerfd.

use nix::errno::Errno;
use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
use std::collections::BTreeMap;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicU64, Ordering};

/// At most this many `signal` streams are open at once.
const SLOTS: usize = 64;

/// Each slot is empty (0) or holds `signal << 32 | write fd`.
static PIPES: [AtomicU64; SLOTS] = [const { AtomicU64::new(0) }; SLOTS];

extern "C" fn on_signal(sig: nix::libc::c_int) {
    let saved = Errno::last_raw();
    for slot in &PIPES {
        let v = slot.load(Ordering::Relaxed);
        if v != 0 && (v >> 32) as i32 == sig {
            let fd = (v & 0xffff_ffff) as RawFd;
            // SAFETY: write(2) is async-signal-safe; a full pipe (an event
            // nobody read yet) just drops the byte, as the fd is non-blocking.
            unsafe { nix::libc::write(fd, b"\n".as_ptr().cast(), 1) };
        }
    }
    Errno::set_raw(saved);
}

/// The write end of one `signal` stream's self-pipe and its slot.
pub struct Reader {
    pub sig: Signal,
    slot: usize,
    write_end: OwnedFd,
}

impl Drop for Reader {
    fn drop(&mut self) {
        PIPES[self.slot].store(0, Ordering::Relaxed);
    }
}

/// The signals `open` accepts (GNU SETL's list; SIGALRM only for
/// `ignore` and `default`, since timers use it there).
const OPENABLE: &[(&str, Signal)] = &[
    ("HUP", Signal::SIGHUP),
    ("INT", Signal::SIGINT),
    ("QUIT", Signal::SIGQUIT),
    ("USR1", Signal::SIGUSR1),
    ("USR2", Signal::SIGUSR2),
    ("PIPE", Signal::SIGPIPE),
    ("ALRM", Signal::SIGALRM),
    ("TERM", Signal::SIGTERM),
    ("CHLD", Signal::SIGCHLD),
    ("CONT", Signal::SIGCONT),
    ("TSTP", Signal::SIGTSTP),
    ("TTIN", Signal::SIGTTIN),
    ("TTOU", Signal::SIGTTOU),
    ("XCPU", Signal::SIGXCPU),
    ("XFSZ", Signal::SIGXFSZ),
    ("PWR", Signal::SIGPWR),
    ("WINCH", Signal::SIGWINCH),
];

/// The further signals `kill` can send.
const SENDABLE: &[(&str, Signal)] = &[
    ("ILL", Signal::SIGILL),
    ("TRAP", Signal::SIGTRAP),
    ("ABRT", Signal::SIGABRT),
    ("IOT", Signal::SIGABRT),
    ("BUS", Signal::SIGBUS),
    ("FPE", Signal::SIGFPE),
    ("KILL", Signal::SIGKILL),
    ("SEGV", Signal::SIGSEGV),
    ("SYS", Signal::SIGSYS),
    ("STKFLT", Signal::SIGSTKFLT),
    ("CLD", Signal::SIGCHLD),
    ("STOP", Signal::SIGSTOP),
    ("URG", Signal::SIGURG),
    ("IO", Signal::SIGIO),
    ("POLL", Signal::SIGIO),
    ("PROF", Signal::SIGPROF),
    ("VTALRM", Signal::SIGVTALRM),
];

fn lookup(table: &[(&str, Signal)], name: &[u8]) -> Option<Signal> {
    let upper = name.to_ascii_uppercase();
    let bare = upper.strip_prefix(b"SIG").unwrap_or(&upper);
    table
        .iter()
        .find(|(n, _)| n.as_bytes() == bare)
        .map(|(_, s)| *s)
}

/// A signal name as `open` takes it (`'USR1'` or `'SIGUSR1'`, any case).
pub fn openable(name: &[u8]) -> Option<Signal> {
    lookup(OPENABLE, name)
}

/// A signal name as `kill` takes it.
pub fn sendable(name: &[u8]) -> Option<Signal> {
    lookup(OPENABLE, name).or_else(|| lookup(SENDABLE, name))
}

/// How many streams of each mode hold a signal, and what it was before.
#[derive(Default)]
struct Clients {
    readers: usize,
    ignorers: usize,
    defaulters: usize,
    before: Option<SigAction>,
}

/// The signals held by open streams.
#[derive(Default)]
pub struct Dispositions {
    held: BTreeMap<i32, Clients>,
}

/// Which way a stream holds its signal.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    Read,
    Ignore,
    Default,
}

impl Dispositions {
    /// Opens a `signal` stream: its read end and the reader to keep.
    pub fn open_reader(&mut self, sig: Signal) -> Result<(OwnedFd, Reader), Errno> {
        let slot = PIPES
            .iter()
            .position(|s| s.load(Ordering::Relaxed) == 0)
            .ok_or(Errno::EMFILE)?;
        let (read_end, write_end) = self_pipe()?;
        let reader = Reader {
            sig,
            slot,
            write_end,
        };
        reader.publish();
        self.change(sig, Hold::Read, true)?;
        Ok((read_end, reader))
    }

    /// Records one more (or one fewer) stream holding `sig`, and sets the
    /// disposition the open streams call for.
    pub fn change(&mut self, sig: Signal, hold: Hold, more: bool) -> Result<(), Errno> {
        let c = self.held.entry(sig as i32).or_default();
        let count = match hold {
            Hold::Read => &mut c.readers,
            Hold::Ignore => &mut c.ignorers,
            Hold::Default => &mut c.defaulters,
        };
        if more {
            *count += 1;
        } else {
            *count = count.saturating_sub(1);
        }
        let handler = if c.readers > 0 {
            Some(SigHandler::Handler(on_signal))
        } else if c.ignorers > 0 {
            Some(SigHandler::SigIgn)
        } else if c.defaulters > 0 {
            Some(SigHandler::SigDfl)
        } else {
            None
        };
        let action = match handler {
            Some(h) => SigAction::new(h, SaFlags::SA_RESTART, SigSet::empty()),
            None => match c.before.take() {
                Some(before) => before,
                None => return Ok(()),
            },
        };
        // SAFETY: the handler only reads atomics and calls write(2).
        let old = unsafe { sigaction(sig, &action) }?;
        if handler.is_some() && c.before.is_none() {
            c.before = Some(old);
        }
        if handler.is_none() {
            self.held.remove(&(sig as i32));
        }
        Ok(())
    }
}

impl Reader {
    fn publish(&self) {
        let v = ((self.sig as i32 as u64) << 32) | self.write_end.as_raw_fd() as u64;
        PIPES[self.slot].store(v, Ordering::Relaxed);
    }

    /// In a forked child: a fresh self-pipe moved onto the stream's fd
    /// `fd`, so parent and child no longer share events.
    pub fn renew(&mut self, fd: RawFd) -> Result<(), Errno> {
        let (read_end, write_end) = self_pipe()?;
        dup_onto(read_end, fd)?;
        self.write_end = write_end;
        self.publish();
        Ok(())
    }
}

/// A pipe whose write end never blocks.
fn self_pipe() -> Result<(OwnedFd, OwnedFd), Errno> {
    use nix::fcntl::OFlag;
    nix::unistd::pipe2(OFlag::O_CLOEXEC | OFlag::O_NONBLOCK).and_then(|(r, w)| {
        // Reads block as for any stream; only the handler's writes must not.
        nix::fcntl::fcntl(&r, nix::fcntl::FcntlArg::F_SETFL(OFlag::empty()))?;
        Ok((r, w))
    })
}

/// Makes `fd` a duplicate of `from` (closing what `fd` was), then drops `from`.
fn dup_onto(from: OwnedFd, fd: RawFd) -> Result<(), Errno> {
    // SAFETY: dup2 onto an fd the stream table owns; from is closed after.
    let r = unsafe { nix::libc::dup2(from.as_raw_fd(), fd) };
    Errno::result(r).map(drop)
}

/// A `real-ms` timer: first expiry after `initial` ms, then every
/// `interval` ms (0: only once).
pub fn timer(initial: u64, interval: u64) -> Result<OwnedFd, Errno> {
    use nix::sys::time::TimeSpec;
    use nix::sys::timerfd::{ClockId, Expiration, TimerFd, TimerFlags, TimerSetTimeFlags};
    let t = TimerFd::new(ClockId::CLOCK_MONOTONIC, TimerFlags::TFD_CLOEXEC)?;
    let ms = |n: u64| TimeSpec::from_duration(std::time::Duration::from_millis(n));
    // A zero first expiry would disarm the timer: make it one nanosecond.
    let first = if initial == 0 {
        TimeSpec::new(0, 1)
    } else {
        ms(initial)
    };
    let exp = if interval == 0 {
        Expiration::OneShot(first)
    } else {
        Expiration::IntervalDelayed(first, ms(interval))
    };
    t.set(exp, TimerSetTimeFlags::empty())?;
    // The stream table holds OwnedFds; the duplicate keeps the timer alive.
    nix::unistd::dup(std::os::fd::AsFd::as_fd(&t))
}
