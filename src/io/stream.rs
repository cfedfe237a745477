//! One stream: a POSIX fd with SETL-level read and write buffers.
//!
//! Reads fill a buffer and writes collect in another, flushed when it is
//! large, on `flush`, `close`, a seek, or a read from the same stream. A
//! direct-access stream (`r+`, `w+`, ...) gives back its read-ahead before
//! a write, so both work at one file position, as with C stdio.

use super::mode::Mode;
use crate::value::Value;
use nix::errno::Errno;
use nix::sys::stat::FileStat;
use nix::unistd::Whence;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

/// Bytes read from the fd at a time, and the write buffer's flush size.
const CHUNK: usize = 1 << 16;

/// The fd under a stream: a standard stream (never closed by us) or an fd
/// the program opened.
pub enum Handle {
    Stdin(std::io::Stdin),
    Stdout(std::io::Stdout),
    Stderr(std::io::Stderr),
    File(OwnedFd),
}

impl AsFd for Handle {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            Handle::Stdin(h) => h.as_fd(),
            Handle::Stdout(h) => h.as_fd(),
            Handle::Stderr(h) => h.as_fd(),
            Handle::File(h) => h.as_fd(),
        }
    }
}

/// What a stream is connected to, beyond its fd: what closing it must undo
/// and how its bytes are read. (Sockets will be another kind.)
pub enum Kind {
    /// A file, a device, or an fd opened elsewhere.
    Plain,
    /// A child process at the other end (pipe, pump, tty-pump, or a forked
    /// SETL child): its pid and the pid of the process that started it,
    /// which alone may wait for it.
    Child { pid: i32, parent: i32 },
    /// A signal stream: a self-pipe the signal handler writes a newline to
    /// (see `io::signal`).
    Signal(super::signal::Reader),
    /// An `ignore` or `default` stream, holding the signal's disposition
    /// while open; its fd is /dev/null.
    Disposition { sig: nix::sys::signal::Signal },
    /// A `real-ms` timer over a timerfd, whose reads give expiry counts.
    Timer,
}

/// How soon written bytes go to the fd.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Buffering {
    /// Collect up to CHUNK bytes (files, and stdout when not a terminal).
    Block,
    /// Flush after each write that ends a line (stdout on a terminal).
    Line,
    /// Write at once (stderr).
    None,
}

pub struct Stream {
    handle: Handle,
    /// What the program gave `open` (the integer fd for standard streams),
    /// which `filename` returns and which also names the stream.
    pub name: Value,
    pub mode: Mode,
    pub kind: Kind,
    /// Opened implicitly by an I/O call: closed again at end of file.
    pub auto: bool,
    /// Opened over an fd the program already had (from `pipe`, say): an
    /// auto-close leaves the fd open, as GNU SETL does.
    pub persist: bool,
    /// The last input call on this stream got nothing.
    pub eof: bool,
    /// `shutdown` ended this socket's input, or its output: calls in
    /// that direction are refused afterwards, as in GNU SETL.
    pub shut_read: bool,
    pub shut_write: bool,
    buffering: Buffering,
    rbuf: Vec<u8>,
    rpos: usize,
    wbuf: Vec<u8>,
}

/// Retries a system call interrupted by a signal.
fn retry<T>(mut f: impl FnMut() -> nix::Result<T>) -> nix::Result<T> {
    loop {
        match f() {
            Err(Errno::EINTR) => continue,
            r => return r,
        }
    }
}

/// Waits until `fd` can be read, or fails with EINTR once the program is
/// asked to stop (Ctrl-C in the REPL, `--timeout`): a pipe, a socket or a
/// timer may stay silent for a week, and the read itself does not notice
/// the stop flag. The program then ends the ordinary way, its output
/// flushed.
fn wait_unless_stopped(fd: BorrowedFd) -> nix::Result<()> {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    loop {
        if crate::interrupt::pending() {
            return Err(Errno::EINTR);
        }
        let mut fds = [PollFd::new(fd, PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::from(100u8)) {
            Ok(0) | Err(Errno::EINTR) => continue,
            Ok(_) => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

impl Stream {
    pub fn new(handle: Handle, name: Value, mode: Mode, buffering: Buffering) -> Stream {
        Stream {
            handle,
            name,
            mode,
            kind: Kind::Plain,
            auto: false,
            persist: false,
            eof: false,
            shut_read: false,
            shut_write: false,
            buffering,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
        }
    }

    /// Whether input calls may use the stream: its mode reads, and no
    /// `shutdown` ended its input.
    pub fn readable(&self) -> bool {
        self.mode.readable() && !self.shut_read
    }

    /// Whether output calls may use the stream.
    pub fn writable(&self) -> bool {
        self.mode.writable() && !self.shut_write
    }

    pub fn fd(&self) -> RawFd {
        self.handle.as_fd().as_raw_fd()
    }

    /// Whether this stream reads standard input (reads flush stdout first).
    pub fn is_stdin(&self) -> bool {
        matches!(self.handle, Handle::Stdin(_))
    }

    /// Whether this is one of the process's standard streams as it started
    /// (fd 0, 1 or 2 held by the Rust runtime), whose fd dropping the
    /// stream does not close.
    pub fn is_standard(&self) -> bool {
        matches!(
            self.handle,
            Handle::Stdin(_) | Handle::Stdout(_) | Handle::Stderr(_)
        )
    }

    /// Bytes read ahead but not yet consumed.
    fn unread(&self) -> &[u8] {
        &self.rbuf[self.rpos..]
    }

    /// Makes sure some unread bytes are buffered; false at end of file.
    fn fill(&mut self) -> nix::Result<bool> {
        if self.rpos < self.rbuf.len() {
            return Ok(true);
        }
        self.flush()?;
        if matches!(self.kind, Kind::Timer) {
            return self.fill_from_timer();
        }
        self.rbuf.resize(CHUNK, 0);
        self.rpos = 0;
        let n = wait_unless_stopped(self.handle.as_fd())
            .and_then(|()| retry(|| nix::unistd::read(self.handle.as_fd(), &mut self.rbuf)));
        let n = match n {
            Ok(n) => n,
            Err(e) => {
                self.rbuf.clear();
                return Err(e);
            }
        };
        self.rbuf.truncate(n);
        Ok(n > 0)
    }

    /// A timer's read gives the number of expiries since the last one
    /// (blocking until there is one); each reads as a newline.
    fn fill_from_timer(&mut self) -> nix::Result<bool> {
        let mut count = [0u8; 8];
        wait_unless_stopped(self.handle.as_fd())?;
        retry(|| nix::unistd::read(self.handle.as_fd(), &mut count))?;
        let n = u64::from_ne_bytes(count).min(CHUNK as u64) as usize;
        self.rbuf.clear();
        self.rbuf.resize(n, b'\n');
        self.rpos = 0;
        Ok(n > 0)
    }

    /// Whether read-ahead bytes are waiting (a select finds the stream
    /// ready without asking the kernel).
    pub fn has_buffered_input(&self) -> bool {
        self.rpos < self.rbuf.len()
    }

    /// Drops read-ahead and unwritten output without touching the fd: a
    /// forked child starts its redirected standard streams empty.
    pub fn forget_buffers(&mut self) {
        self.rbuf.clear();
        self.rpos = 0;
        self.wbuf.clear();
    }

    pub fn set_buffering(&mut self, b: Buffering) {
        self.buffering = b;
    }

    /// The pid of the child at the other end, for `pid f`.
    pub fn child_pid(&self) -> Option<i32> {
        match self.kind {
            Kind::Child { pid, .. } => Some(pid),
            _ => None,
        }
    }

    /// The next line without its newline, or None at end of file.
    pub fn read_line(&mut self) -> nix::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let mut got = false;
        while self.fill()? {
            got = true;
            let rest = self.unread();
            if let Some(i) = rest.iter().position(|&c| c == b'\n') {
                line.extend_from_slice(&rest[..i]);
                self.rpos += i + 1;
                return Ok(Some(line));
            }
            line.extend_from_slice(rest);
            self.rpos = self.rbuf.len();
        }
        Ok(got.then_some(line))
    }

    /// Up to `n` bytes (fewer only at end of file).
    pub fn read_n(&mut self, n: usize) -> nix::Result<Vec<u8>> {
        let mut out = Vec::new();
        while out.len() < n && self.fill()? {
            let take = (n - out.len()).min(self.unread().len());
            out.extend_from_slice(&self.unread()[..take]);
            self.rpos += take;
        }
        Ok(out)
    }

    /// Everything up to end of file.
    pub fn read_rest(&mut self) -> nix::Result<Vec<u8>> {
        self.read_n(usize::MAX)
    }

    /// Backs up over the last bytes read (`ungetc`), which must be `bytes`
    /// and still be in the read buffer, as in GNU SETL; the error says why
    /// not.
    pub fn back_up(&mut self, bytes: &[u8]) -> Result<(), String> {
        let n = bytes.len();
        if n > self.rpos {
            return Err(format!("Cannot push back {n} characters onto stream"));
        }
        if &self.rbuf[self.rpos - n..self.rpos] != bytes {
            return Err(format!(
                "\"{}\" does not match input buffer contents",
                String::from_utf8_lossy(bytes)
            ));
        }
        self.rpos -= n;
        Ok(())
    }

    /// Puts bytes back in front of the unread input, so the next read
    /// gives them first.
    pub fn unget(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let mut v = Vec::with_capacity(bytes.len() + self.unread().len());
        v.extend_from_slice(bytes);
        v.extend_from_slice(self.unread());
        self.rbuf = v;
        self.rpos = 0;
    }

    /// The next byte without consuming it.
    pub fn peek_byte(&mut self) -> nix::Result<Option<u8>> {
        Ok(if self.fill()? {
            Some(self.unread()[0])
        } else {
            None
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> nix::Result<()> {
        self.give_back_read_ahead()?;
        self.wbuf.extend_from_slice(bytes);
        let due = match self.buffering {
            Buffering::Block => self.wbuf.len() >= CHUNK,
            Buffering::Line => bytes.contains(&b'\n'),
            Buffering::None => true,
        };
        if due {
            self.flush()?;
        }
        Ok(())
    }

    /// Moves the fd back over read-ahead bytes, so a write in a direct-access
    /// stream lands where the program has read up to.
    fn give_back_read_ahead(&mut self) -> nix::Result<()> {
        if self.mode.direct() && !self.unread().is_empty() {
            let back = self.unread().len() as i64;
            nix::unistd::lseek(self.handle.as_fd(), -back, Whence::SeekCur)?;
        }
        self.rbuf.clear();
        self.rpos = 0;
        Ok(())
    }

    pub fn flush(&mut self) -> nix::Result<()> {
        let mut done = 0;
        let result = loop {
            if done == self.wbuf.len() {
                break Ok(());
            }
            match retry(|| nix::unistd::write(self.handle.as_fd(), &self.wbuf[done..])) {
                Ok(n) => done += n,
                Err(e) => break Err(e),
            }
        };
        // Bytes that could not be written are dropped, as stdio does.
        self.wbuf.clear();
        result
    }

    /// Repositions (flushing first); returns the new 0-based offset.
    pub fn seek(&mut self, offset: i64, whence: Whence) -> nix::Result<i64> {
        self.flush()?;
        self.give_back_read_ahead()?;
        nix::unistd::lseek(self.handle.as_fd(), offset, whence)
    }

    /// The program's position: the fd's, less read-ahead, plus unwritten bytes.
    pub fn position(&mut self) -> nix::Result<i64> {
        if matches!(self.mode, Mode::Append | Mode::AppendPlus) && !self.wbuf.is_empty() {
            // Unwritten output goes to the end, wherever the fd is.
            let size = self.stat()?.st_size;
            return Ok(size + self.wbuf.len() as i64);
        }
        let fd_pos = nix::unistd::lseek(self.handle.as_fd(), 0, Whence::SeekCur)?;
        Ok(fd_pos - self.unread().len() as i64 + self.wbuf.len() as i64)
    }

    /// fstat of the fd (unflushed bytes are not counted, as in GNU SETL).
    pub fn stat(&self) -> nix::Result<FileStat> {
        nix::sys::stat::fstat(self.handle.as_fd())
    }

    /// Writes out buffered output and drops read-ahead, so that what the
    /// program wrote reaches the file before a lock changes, and what it
    /// reads next comes from the file as it is under the new lock.
    /// Read-ahead goes back to the fd whatever the mode; on a pipe or
    /// terminal, which cannot seek, it is kept instead.
    pub fn sync(&mut self) -> nix::Result<()> {
        self.flush()?;
        let back = self.unread().len() as i64;
        if back > 0 {
            match nix::unistd::lseek(self.handle.as_fd(), -back, Whence::SeekCur) {
                Ok(_) => {}
                Err(Errno::ESPIPE) => return Ok(()),
                Err(e) => return Err(e),
            }
        }
        self.rbuf.clear();
        self.rpos = 0;
        Ok(())
    }

    /// Gives up the stream without closing its fd.
    pub fn release(self) {
        if let Handle::File(fd) = self.handle {
            let _ = std::os::fd::IntoRawFd::into_raw_fd(fd);
        }
    }

    /// The fd, for calls (locks) that act on it directly.
    pub fn borrow_fd(&self) -> BorrowedFd<'_> {
        self.handle.as_fd()
    }

    pub fn truncate(&mut self, len: i64) -> nix::Result<()> {
        self.flush()?;
        nix::unistd::ftruncate(self.handle.as_fd(), len)
    }
}
