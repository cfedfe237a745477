//! The modes `open` accepts (reference notes §5.5), with GNU SETL's word
//! aliases: file modes and the POSIX flags each one means, and the modes
//! of streams that are not files (a child process, a signal, a timer).

use nix::fcntl::OFlag;

/// How a file stream was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `r`: read only.
    Read,
    /// `w`: write, creating or truncating.
    Write,
    /// `a`: write at the end, creating if needed.
    Append,
    /// `n`: write a file that must not exist yet (`O_EXCL`, the create lock).
    New,
    /// `r+`: read and write anywhere in an existing file.
    ReadPlus,
    /// `w+`: read and write, creating or truncating.
    WritePlus,
    /// `a+`: read anywhere, write at the end.
    AppendPlus,
    /// `n+`: read and write a file that must not exist yet.
    NewPlus,
    /// `rw`: bidirectional and sequential (no repositioning between reads
    /// and writes).
    ReadWrite,
    /// `pipe-from`: read a shell command's standard output.
    PipeFrom,
    /// `pipe-to`: write a shell command's standard input.
    PipeTo,
    /// `pump`: write a command's standard input and read its output.
    Pump,
    /// `tty-pump`: as `pump`, with the command on a pseudo-terminal.
    TtyPump,
    /// `signal`: each arrival of the signal reads as an empty line.
    Signal,
    /// `ignore`: the signal is ignored while the stream is open.
    Ignore,
    /// `default`: the signal has its default action while the stream is open.
    Default,
    /// `real-ms`: an interval timer whose expiries read as empty lines.
    RealMs,
}

/// Mode names, upper case, grouped by meaning (GNU SETL's list).
const NAMES: &[(Mode, &[&str])] = &[
    (
        Mode::Read,
        &[
            "R",
            "INPUT",
            "TEXT",
            "TEXT-IN",
            "BINARY",
            "BINARY-IN",
            "CODED",
            "CODED-IN",
            "RB",
        ],
    ),
    (
        Mode::Write,
        &[
            "W",
            "OUTPUT",
            "PRINT",
            "TEXT-OUT",
            "BINARY-OUT",
            "CODED-OUT",
            "WB",
        ],
    ),
    (
        Mode::Append,
        &[
            "A",
            "APPEND",
            "OUTPUT-APPEND",
            "PRINT-APPEND",
            "TEXT-APPEND",
            "BINARY-APPEND",
            "CODED-APPEND",
            "AB",
        ],
    ),
    (
        Mode::New,
        &[
            "N",
            "NEW",
            "NEW-W",
            "TEXT-NEW",
            "NEW-TEXT",
            "BINARY-NEW",
            "NEW-BINARY",
            "CODED-NEW",
            "NEW-CODED",
            "NB",
        ],
    ),
    (
        Mode::ReadPlus,
        &[
            "R+",
            "RANDOM",
            "DIRECT",
            "RANDOM-BINARY",
            "BINARY-RANDOM",
            "DIRECT-BINARY",
            "BINARY-DIRECT",
            "RB+",
            "R+B",
        ],
    ),
    (Mode::WritePlus, &["W+", "WB+", "W+B"]),
    (Mode::AppendPlus, &["A+", "AB+", "A+B"]),
    (
        Mode::NewPlus,
        &[
            "N+",
            "NEW+",
            "NEW-R+",
            "NEW-W+",
            "NEW-RANDOM",
            "NEW-DIRECT",
            "RANDOM-BINARY-NEW",
            "DIRECT-BINARY-NEW",
            "BINARY-RANDOM-NEW",
            "BINARY-DIRECT-NEW",
            "NEW-RANDOM-BINARY",
            "NEW-DIRECT-BINARY",
            "NEW-BINARY-RANDOM",
            "NEW-BINARY-DIRECT",
            "RANDOM-NEW",
            "DIRECT-NEW",
            "NB+",
            "N+B",
        ],
    ),
    (
        Mode::ReadWrite,
        &[
            "RW",
            "TWO-WAY",
            "TWOWAY",
            "BIDIRECTIONAL",
            "INPUT-OUTPUT",
            "READ-WRITE",
        ],
    ),
    (Mode::PipeFrom, &["PIPE-FROM", "PIPE-IN"]),
    (Mode::PipeTo, &["PIPE-TO", "PIPE-OUT"]),
    (Mode::Pump, &["PUMP"]),
    (Mode::TtyPump, &["TTY-PUMP", "LINE-PUMP"]),
    (Mode::Signal, &["SIGNAL", "SIGNAL-IN"]),
    (Mode::Ignore, &["IGNORE", "SIGNAL-IGNORE", "IGNORE-SIGNAL"]),
    (
        Mode::Default,
        &["DEFAULT", "SIGNAL-DEFAULT", "DEFAULT-SIGNAL"],
    ),
    (Mode::RealMs, &["REAL-MS"]),
];

impl Mode {
    /// The mode a name means, ignoring case; None for an unknown name.
    pub fn parse(name: &[u8]) -> Option<Mode> {
        let upper = name.to_ascii_uppercase();
        NAMES
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.as_bytes() == upper.as_slice()))
            .map(|(m, _)| *m)
    }

    /// The short name, as diagnostics show it.
    pub fn letter(self) -> &'static str {
        NAMES
            .iter()
            .find(|(m, _)| *m == self)
            .map_or("?", |(_, names)| names[0])
    }

    /// The flags for open(2), for the modes that open a file.
    pub fn file_flags(self) -> Option<OFlag> {
        let create = OFlag::O_CREAT;
        Some(match self {
            Mode::Read => OFlag::O_RDONLY,
            Mode::Write => OFlag::O_WRONLY | create | OFlag::O_TRUNC,
            Mode::Append => OFlag::O_WRONLY | create | OFlag::O_APPEND,
            Mode::New => OFlag::O_WRONLY | create | OFlag::O_EXCL,
            Mode::ReadPlus | Mode::ReadWrite => OFlag::O_RDWR,
            Mode::WritePlus => OFlag::O_RDWR | create | OFlag::O_TRUNC,
            Mode::AppendPlus => OFlag::O_RDWR | create | OFlag::O_APPEND,
            Mode::NewPlus => OFlag::O_RDWR | create | OFlag::O_EXCL,
            _ => return None,
        })
    }

    pub fn readable(self) -> bool {
        !matches!(
            self,
            Mode::Write | Mode::Append | Mode::New | Mode::PipeTo | Mode::Ignore | Mode::Default
        )
    }

    pub fn writable(self) -> bool {
        matches!(
            self,
            Mode::Write
                | Mode::Append
                | Mode::New
                | Mode::ReadPlus
                | Mode::WritePlus
                | Mode::AppendPlus
                | Mode::NewPlus
                | Mode::ReadWrite
                | Mode::PipeTo
                | Mode::Pump
                | Mode::TtyPump
        )
    }

    /// Whether the stream has a child process at its other end.
    pub fn child(self) -> bool {
        matches!(
            self,
            Mode::PipeFrom | Mode::PipeTo | Mode::Pump | Mode::TtyPump
        )
    }

    /// Direct-access modes keep one file position for reads and writes,
    /// so read-ahead is given back before a write.
    pub fn direct(self) -> bool {
        matches!(
            self,
            Mode::ReadPlus | Mode::WritePlus | Mode::AppendPlus | Mode::NewPlus
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Mode;

    #[test]
    fn names_ignore_case() {
        assert_eq!(Mode::parse(b"new"), Some(Mode::New));
        assert_eq!(Mode::parse(b"Text-Append"), Some(Mode::Append));
        assert_eq!(Mode::parse(b"n+"), Some(Mode::NewPlus));
        assert_eq!(Mode::parse(b"sideways"), None);
        assert_eq!(Mode::parse(b"read"), None);
        assert_eq!(Mode::NewPlus.letter(), "N+");
    }
}
