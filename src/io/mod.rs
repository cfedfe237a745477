//! The stream table. A stream is known by its fd and by the name the
//! program gave `open`; fds 0, 1 and 2 are the standard streams. Standard
//! output is block-buffered (line-buffered on a terminal) and flushed at
//! exit, after a runtime error, before anything goes to standard error and
//! before standard input is read, so the streams interleave as written.

pub mod mode;
pub mod stream;

use crate::value::Value;
use mode::Mode;
use nix::errno::Errno;
use nix::sys::stat::Mode as Perm;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use stream::{Buffering, Handle, Stream};

pub struct Io {
    streams: BTreeMap<RawFd, Stream>,
    /// Set when the last input call got nothing (`eof` with no argument).
    pub eof: bool,
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
            _ => None,
        }
    }

    pub fn get(&mut self, fd: RawFd) -> Option<&mut Stream> {
        self.streams.get_mut(&fd)
    }

    /// Opens `path` and registers the stream under `name`.
    pub fn open(&mut self, name: Value, path: &[u8], mode: Mode) -> Result<RawFd, Errno> {
        let fd = nix::fcntl::open(path, mode.flags(), Perm::from_bits_truncate(0o666))?;
        if mode == Mode::AppendPlus {
            // Reads of an `a+` stream start at the end, as in GNU SETL.
            nix::unistd::lseek(&fd, 0, nix::unistd::Whence::SeekEnd)?;
        }
        Ok(self.adopt(fd, name, mode))
    }

    /// Registers an fd opened elsewhere (mkstemp) as a stream.
    pub fn adopt(&mut self, fd: OwnedFd, name: Value, mode: Mode) -> RawFd {
        let raw = fd.as_raw_fd();
        let s = Stream::new(Handle::File(fd), name, mode, Buffering::Block);
        self.streams.insert(raw, s);
        raw
    }

    /// Flushes and closes a stream (a standard stream is only forgotten).
    pub fn close(&mut self, fd: RawFd) -> Result<(), Errno> {
        match self.streams.remove(&fd) {
            Some(mut s) => s.flush(),
            None => Err(Errno::EBADF),
        }
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
