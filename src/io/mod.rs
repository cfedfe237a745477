//! The stream table. A stream is known by its fd and by the name the
//! program gave `open`; fds 0, 1 and 2 are the standard streams. Standard
//! output is block-buffered (line-buffered on a terminal) and flushed at
//! exit, after a runtime error, before anything goes to standard error and
//! before standard input is read, so the streams interleave as written.
//!
//! Besides files, a stream may have a child process at its other end
//! (`child`), or deliver signals or timer expiries (`signal`); its `Kind`
//! says which, and closing it undoes what opening it did. A socket
//! (`socket`) is a plain stream whose mode says what kind it is.

pub mod child;
pub mod mode;
pub mod signal;
pub mod socket;
pub mod stream;

use crate::value::Value;
use child::CloseHow;
use mode::Mode;
use nix::errno::Errno;
use nix::sys::stat::Mode as Perm;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use stream::{Buffering, Handle, Kind, Stream};

pub struct Io {
    streams: BTreeMap<RawFd, Stream>,
    /// Set when the last input call got nothing (`eof` with no argument).
    pub eof: bool,
    /// Which signals open streams catch, ignore or default.
    pub signals: signal::Dispositions,
    /// Children closed with `close_autoreap`, reaped when they end.
    reapable: Vec<i32>,
    /// Every child the program started (by fork or through a stream).
    started: Vec<i32>,
    /// Streams a `select` found ready besides the one it gave, for the
    /// next calls (GNU SETL gives one ready stream at a time): for reading,
    /// writing and exceptions, the fd and the value that named it.
    pub ready: [Vec<(RawFd, Value)>; 3],
    /// Pairs of streams linked by `tie`: a read from one flushes the other.
    ties: BTreeMap<RawFd, RawFd>,
    /// Makes `fork` fail (EPERM), so the program can start no copy of
    /// itself: restricted mode allows `fork`-like routines that run the
    /// same program (`pump`, `pipe_from_child`), as GNU SETL does, but the
    /// fuzz targets (`crate::fuzzing`) must not multiply.
    pub forbid_fork: bool,
}

/// What closing a stream did: a failure, and for a child awaited, the
/// new `status` (om if the wait failed).
#[derive(Default)]
pub struct Closed {
    pub error: Option<Errno>,
    pub status: Option<Value>,
}

impl Default for Io {
    fn default() -> Self {
        Self::new()
    }
}

impl Io {
    pub fn new() -> Io {
        let stdout = std::io::stdout();
        let out_buffering = if stdout.is_terminal() {
            Buffering::Line
        } else {
            Buffering::Block
        };
        let standard = [
            Stream::new(
                Handle::Stdin(std::io::stdin()),
                Value::Int(0),
                Mode::Read,
                Buffering::Block,
            ),
            Stream::new(
                Handle::Stdout(stdout),
                Value::Int(1),
                Mode::Write,
                out_buffering,
            ),
            Stream::new(
                Handle::Stderr(std::io::stderr()),
                Value::Int(2),
                Mode::Write,
                Buffering::None,
            ),
        ];
        Io {
            streams: standard.into_iter().map(|s| (s.fd(), s)).collect(),
            eof: false,
            signals: signal::Dispositions::default(),
            reapable: Vec::new(),
            started: Vec::new(),
            ready: Default::default(),
            ties: BTreeMap::new(),
            forbid_fork: false,
        }
    }

    /// The open stream `v` names: an fd, the exact value given to `open`,
    /// or one of the case-insensitive names of the standard streams.
    pub fn find(&self, v: &Value) -> Option<RawFd> {
        match v {
            Value::Int(fd) => {
                let fd = RawFd::try_from(*fd).ok()?;
                self.streams.contains_key(&fd).then_some(fd)
            }
            Value::Str(s) => self
                .streams
                .iter()
                .find(|(_, st)| matches!(&st.name, Value::Str(n) if n == s))
                .map(|(fd, _)| *fd)
                .or_else(|| {
                    let fd = standard_name(s)?;
                    self.streams.contains_key(&fd).then_some(fd)
                }),
            Value::Tuple(t) => {
                // A timer's `[interval]` is known as `[interval, interval]`,
                // a socket's `[host, port]` as `[host, 'port']`.
                let canonical = match (t.first(), t.len()) {
                    (Some(i @ Value::Int(_)), 1) => Value::tuple(vec![i.clone(), i.clone()]),
                    (Some(Value::Int(_)), _) => v.clone(),
                    _ => socket::stream_name(t)?,
                };
                self.streams
                    .iter()
                    .find(|(_, st)| st.name == canonical)
                    .map(|(fd, _)| *fd)
            }
            _ => None,
        }
    }

    pub fn get(&mut self, fd: RawFd) -> Option<&mut Stream> {
        self.streams.get_mut(&fd)
    }

    /// Opens `path` in a file mode and registers the stream under `name`.
    pub fn open(&mut self, name: Value, path: &[u8], mode: Mode) -> Result<RawFd, Errno> {
        let flags = mode.file_flags().ok_or(Errno::EINVAL)?;
        let fd = nix::fcntl::open(path, flags, Perm::from_bits_truncate(0o666))?;
        if matches!(mode, Mode::Append | Mode::AppendPlus) {
            // An `a` or `a+` stream starts at the end, as in GNU SETL.
            nix::unistd::lseek(&fd, 0, nix::unistd::Whence::SeekEnd)?;
        }
        Ok(self.adopt(fd, name, mode))
    }

    /// Registers an fd opened elsewhere (mkstemp) as a stream.
    pub fn adopt(&mut self, fd: OwnedFd, name: Value, mode: Mode) -> RawFd {
        self.adopt_kind(fd, name, mode, Kind::Plain)
    }

    /// Registers an fd as a stream of the given kind.
    pub fn adopt_kind(&mut self, fd: OwnedFd, name: Value, mode: Mode, kind: Kind) -> RawFd {
        let raw = fd.as_raw_fd();
        let mut s = Stream::new(Handle::File(fd), name, mode, Buffering::Block);
        s.kind = kind;
        self.streams.insert(raw, s);
        raw
    }

    /// Makes a stream of an fd the program has but no stream uses (from
    /// `pipe`, `dup`, or inherited); EBADF if it is not open at all.
    pub fn open_existing(&mut self, fd: RawFd, mode: Mode, persist: bool) -> Result<RawFd, Errno> {
        nix::fcntl::fcntl(
            // SAFETY: only asks whether the fd is open.
            unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) },
            nix::fcntl::FcntlArg::F_GETFD,
        )?;
        // SAFETY: the fd is open and no stream owns it; the stream does now.
        let owned = unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) };
        let raw = self.adopt(owned, Value::Int(fd.into()), mode);
        if let Some(s) = self.streams.get_mut(&raw) {
            s.persist = persist;
        }
        Ok(raw)
    }

    /// The close at end of file of an auto-opened stream: one opened over
    /// an fd the program already had leaves that fd open.
    pub fn auto_close(&mut self, fd: RawFd) -> Closed {
        match self.streams.get(&fd) {
            Some(s) if s.persist => {
                let mut closed = Closed::default();
                if let Some(mut s) = self.streams.remove(&fd) {
                    closed.error = s.flush().err();
                    s.release();
                }
                closed
            }
            _ => self.close(fd, CloseHow::Await),
        }
    }

    /// Starts shell command `cmd` at the other end of a new pipe, pump or
    /// tty-pump stream.
    pub fn open_command(&mut self, name: Value, cmd: &[u8], mode: Mode) -> Result<RawFd, Errno> {
        let _ = self.flush_all();
        let (fd, pid) = child::spawn_shell(cmd, mode)?;
        self.started.push(pid);
        let parent = std::process::id() as i32;
        Ok(self.adopt_kind(fd, name, mode, Kind::Child { pid, parent }))
    }

    /// Opens a `signal`, `ignore` or `default` stream on `sig`.
    pub fn open_signal(
        &mut self,
        name: Value,
        sig: nix::sys::signal::Signal,
        mode: Mode,
    ) -> Result<RawFd, Errno> {
        let (fd, kind) = match mode {
            Mode::Signal => {
                let (fd, reader) = self.signals.open_reader(sig)?;
                (fd, Kind::Signal(reader))
            }
            _ => {
                let hold = if mode == Mode::Ignore {
                    signal::Hold::Ignore
                } else {
                    signal::Hold::Default
                };
                let null = nix::fcntl::open(
                    "/dev/null",
                    nix::fcntl::OFlag::O_RDONLY | nix::fcntl::OFlag::O_CLOEXEC,
                    Perm::empty(),
                )?;
                self.signals.change(sig, hold, true)?;
                (null, Kind::Disposition { sig })
            }
        };
        Ok(self.adopt_kind(fd, name, mode, kind))
    }

    /// Opens a `real-ms` timer stream, known as `[initial, interval]`.
    pub fn open_timer(&mut self, initial: u64, interval: u64) -> Result<RawFd, Errno> {
        let fd = signal::timer(initial, interval)?;
        let ms = |n: u64| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
        let name = Value::tuple(vec![ms(initial), ms(interval)]);
        Ok(self.adopt_kind(fd, name, Mode::RealMs, Kind::Timer))
    }

    /// Flushes and closes a stream (a standard stream's fd too, as in GNU
    /// SETL: closing stderr ends the output a pipe's reader waits for),
    /// then deals with what was at its other end: a child is waited for,
    /// left to be reaped or left alone as `how` says; a signal gets back
    /// the disposition the remaining streams call for; a Unix-domain
    /// server's path is removed.
    pub fn close(&mut self, fd: RawFd, how: CloseHow) -> Closed {
        self.untie(fd);
        for r in &mut self.ready {
            r.retain(|(f, _)| *f != fd);
        }
        let Some(mut s) = self.streams.remove(&fd) else {
            return Closed {
                error: Some(Errno::EBADF),
                status: None,
            };
        };
        let mut closed = Closed {
            error: s.flush().err(),
            status: None,
        };
        let kind = std::mem::replace(&mut s.kind, Kind::Plain);
        let mode = s.mode;
        if matches!(mode, Mode::UnixServer | Mode::UnixDatagramServer) {
            // A Unix-domain server's path goes with it, as in GNU SETL
            // (the program may have removed it already: no failure then).
            if let Value::Str(path) = &s.name {
                let _ = nix::unistd::unlink(&**path);
            }
        }
        let standard = s.is_standard();
        // The fd goes first, so a child waiting for end of input can end.
        drop(s);
        if standard {
            // The runtime's handle does not own the fd; Rust's own writes
            // to a closed standard fd (diagnostics) are ignored (EBADF).
            if let Err(e) = nix::unistd::close(fd) {
                closed.error = closed.error.or(Some(e));
            }
        }
        match kind {
            Kind::Child { pid, parent } if parent == std::process::id() as i32 => match how {
                CloseHow::Await => {
                    let flags = nix::sys::wait::WaitPidFlag::empty();
                    closed.status = Some(match child::wait_for(pid, true, flags) {
                        Some(Ok(ws)) => child::status_value(ws),
                        Some(Err(e)) => {
                            closed.error = Some(e);
                            Value::Om
                        }
                        None => Value::Om,
                    });
                }
                CloseHow::Autoreap => {
                    self.reapable.push(pid);
                    self.reap();
                }
                CloseHow::Zombie => {}
            },
            Kind::Signal(reader) => {
                let sig = reader.sig;
                drop(reader);
                if let Err(e) = self.signals.change(sig, signal::Hold::Read, false) {
                    closed.error = Some(e);
                }
            }
            Kind::Disposition { sig } => {
                let hold = if mode == Mode::Ignore {
                    signal::Hold::Ignore
                } else {
                    signal::Hold::Default
                };
                if let Err(e) = self.signals.change(sig, hold, false) {
                    closed.error = Some(e);
                }
            }
            _ => {}
        }
        closed
    }

    /// fork(2) for the program (`fork`): output is flushed first, so the
    /// child does not write it again; gives the child's pid, 0 in the child.
    ///
    /// The child goes on running the interpreter. The process has a second
    /// thread (the main thread, waiting for the interpreter's), which holds
    /// no lock, so this is safe in practice; when the child's program ends,
    /// `driver::with_big_stack` makes it exit from the interpreter's thread.
    pub fn fork(&mut self) -> Result<i32, Errno> {
        if self.forbid_fork {
            return Err(Errno::EPERM);
        }
        let _ = self.flush_all();
        // SAFETY: see above; the child only continues this thread's work.
        match unsafe { nix::unistd::fork() }? {
            nix::unistd::ForkResult::Parent { child } => {
                self.started.push(child.as_raw());
                Ok(child.as_raw())
            }
            nix::unistd::ForkResult::Child => {
                self.after_fork_child();
                Ok(0)
            }
        }
    }

    /// Forks with a new connection (`pipe_from_child`, `pipe_to_child`,
    /// `pump`, `tty_pump`): in the parent, the fd of the stream to the
    /// child; in the child, -1, with standard input and/or output (as
    /// `mode` says, from the parent's side) on the connection.
    pub fn fork_connected(&mut self, mode: Mode) -> Result<RawFd, Errno> {
        let ends = child::connect(mode == Mode::TtyPump)?;
        let pid = self.fork()?;
        if pid > 0 {
            drop(ends.theirs);
            child::inheritable(&ends.ours)?;
            let parent = std::process::id() as i32;
            let name = Value::Int(ends.ours.as_raw_fd().into());
            return Ok(self.adopt_kind(ends.ours, name, mode, Kind::Child { pid, parent }));
        }
        drop(ends.ours);
        let mut redirect = |target: RawFd, handle: fn() -> Handle, m: Mode| -> Result<(), Errno> {
            // SAFETY: dup2 onto a standard fd, which the stream table owns.
            Errno::result(unsafe { nix::libc::dup2(ends.theirs.as_raw_fd(), target) })?;
            let s = self.streams.entry(target).or_insert_with(|| {
                Stream::new(handle(), Value::Int(target.into()), m, Buffering::Block)
            });
            s.forget_buffers();
            s.set_buffering(Buffering::Block);
            Ok(())
        };
        if mode.writable() {
            redirect(0, || Handle::Stdin(std::io::stdin()), Mode::Read)?;
        }
        if mode.readable() {
            redirect(1, || Handle::Stdout(std::io::stdout()), Mode::Write)?;
        }
        Ok(-1)
    }

    /// A new child's housekeeping: it has no select results yet, its
    /// signal streams get their own self-pipes, and timers are closed (as
    /// GNU SETL does).
    fn after_fork_child(&mut self) {
        self.ready = Default::default();
        self.reapable.clear();
        self.started.clear();
        let timers: Vec<RawFd> = self
            .streams
            .iter()
            .filter(|(_, s)| matches!(s.kind, Kind::Timer))
            .map(|(fd, _)| *fd)
            .collect();
        for fd in timers {
            self.streams.remove(&fd);
        }
        for (fd, s) in &mut self.streams {
            if let Kind::Signal(reader) = &mut s.kind {
                let _ = reader.renew(*fd);
            }
        }
    }

    /// Sends SIGTERM to the children of the open pipe and pump streams (a
    /// runtime error is ending the program, as GNU SETL does).
    pub fn kill_children(&mut self) {
        let me = std::process::id() as i32;
        for s in self.streams.values() {
            if let Kind::Child { pid, parent } = s.kind {
                if parent == me {
                    let _ = nix::sys::signal::kill(
                        nix::unistd::Pid::from_raw(pid),
                        nix::sys::signal::Signal::SIGTERM,
                    );
                }
            }
        }
    }

    /// Whether `pid` is a child the program started (restricted mode lets
    /// `kill` reach only those).
    pub fn is_child(&self, pid: i32) -> bool {
        self.started.contains(&pid)
    }

    /// Reaps the autoreaped children that have ended.
    pub fn reap(&mut self) {
        self.reapable.retain(|&pid| {
            let flags = nix::sys::wait::WaitPidFlag::WNOHANG;
            matches!(
                nix::sys::wait::waitpid(nix::unistd::Pid::from_raw(pid), Some(flags)),
                Ok(nix::sys::wait::WaitStatus::StillAlive)
            )
        });
    }

    /// Writes to a stream; output to an unbuffered stream (stderr) first
    /// flushes the others so that what was written earlier comes out first.
    pub fn write(&mut self, fd: RawFd, bytes: &[u8]) -> Result<(), Errno> {
        if fd == 2 {
            self.flush_stdout();
        }
        match self.streams.get_mut(&fd) {
            Some(s) => s.write(bytes),
            None => Err(Errno::EBADF),
        }
    }

    /// Prepares a read: reading standard input flushes standard output, so
    /// a prompt shows before the program waits.
    pub fn before_read(&mut self, fd: RawFd) {
        if self.streams.get(&fd).is_some_and(Stream::is_stdin) {
            self.flush_stdout();
        }
        if let Some(other) = self.ties.get(&fd) {
            if let Some(s) = self.streams.get_mut(other) {
                let _ = s.flush();
            }
        }
    }

    /// Links two streams (`tie`), dissolving the links either had.
    pub fn tie(&mut self, a: RawFd, b: RawFd) {
        self.untie(a);
        self.untie(b);
        self.ties.insert(a, b);
        self.ties.insert(b, a);
    }

    /// Dissolves the link a stream has, if any.
    fn untie(&mut self, fd: RawFd) {
        if let Some(other) = self.ties.remove(&fd) {
            self.ties.remove(&other);
        }
    }

    fn flush_stdout(&mut self) {
        if let Some(s) = self.streams.get_mut(&1) {
            let _ = s.flush();
        }
    }

    /// Flushes every stream (at exit, before a diagnostic or a child
    /// process). Returns the first failure, naming the stream, so that
    /// output lost at exit (a full disk) is reported, not silently dropped.
    pub fn flush_all(&mut self) -> Result<(), String> {
        let mut first = None;
        for (fd, s) in self.streams.iter_mut() {
            if let Err(e) = s.flush() {
                let name = match fd {
                    1 => "standard output".to_string(),
                    2 => "standard error".to_string(),
                    _ => format!("stream {}", crate::ops::show(&s.name)),
                };
                first.get_or_insert(format!("output to {name} was lost: {}", e.desc()));
            }
        }
        first.map_or(Ok(()), Err)
    }
}

/// The fd a standard stream's name means (`stdin`, `output`, ...).
fn standard_name(s: &[u8]) -> Option<RawFd> {
    match s.to_ascii_lowercase().as_slice() {
        b"stdin" | b"input" => Some(0),
        b"stdout" | b"output" => Some(1),
        b"stderr" | b"error" => Some(2),
        _ => None,
    }
}
