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
    /// `tcp-client`: a TCP connection this program opened (`io::socket`).
    TcpClient,
    /// `tcp-server`: a listening TCP socket, for `accept`.
    TcpServer,
    /// `tcp-peer`: a connected TCP socket over an fd (as `accept` gives).
    TcpPeer,
    /// `udp-client`: a connected UDP socket, for `send` and `recv`.
    UdpClient,
    /// `udp-server`: a bound UDP socket, for `sendto` and `recvfrom`.
    UdpServer,
    /// `unix-client`: a Unix-domain stream connection.
    UnixClient,
    /// `unix-server`: a listening Unix-domain stream socket.
    UnixServer,
    /// `unix-peer`: a connected Unix-domain stream socket over an fd.
    UnixPeer,
    /// `unix-datagram-client`: an unnamed Unix-domain datagram socket
    /// connected to a server's path, for `send`.
    UnixDatagramClient,
    /// `unix-datagram-server`: a Unix-domain datagram socket bound to a
    /// path, for `sendto` and `recvfrom`.
    UnixDatagramServer,
}

/// Mode names, upper case, grouped by meaning (GNU SETL's list); the
/// first of each is the name GNU SETL reports.
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
    (
        Mode::TcpClient,
        &["TCP-CLIENT", "TCP-CLIENT-SOCKET", "SOCKET", "CLIENT-SOCKET"],
    ),
    (
        Mode::TcpServer,
        &["SERVER-SOCKET", "TCP-SERVER", "TCP-SERVER-SOCKET"],
    ),
    (Mode::TcpPeer, &["TCP-PEER", "TCP-PEER-SOCKET"]),
    (Mode::UdpClient, &["UDP-CLIENT", "UDP-CLIENT-SOCKET"]),
    (Mode::UdpServer, &["UDP-SERVER", "UDP-SERVER-SOCKET"]),
    (
        Mode::UnixClient,
        &["UNIX-STREAM-CLIENT", "UNIX-CLIENT", "UNIX-CLIENT-SOCKET"],
    ),
    (
        Mode::UnixServer,
        &["UNIX-STREAM-SERVER", "UNIX-SERVER", "UNIX-SERVER-SOCKET"],
    ),
    (Mode::UnixPeer, &["UNIX-PEER", "UNIX-PEER-SOCKET"]),
    (Mode::UnixDatagramClient, &["UNIX-DATAGRAM-CLIENT"]),
    (Mode::UnixDatagramServer, &["UNIX-DATAGRAM-SERVER"]),
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
        ) && self.socket().is_none_or(|s| s.connected())
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
        ) || self.socket().is_some_and(|s| s.connected())
    }

    /// Two-way streams that are not files (GNU SETL's "duplex"): one side
    /// can be shut down while the other stays open (`shutdown`).
    pub fn duplex(self) -> bool {
        matches!(self, Mode::ReadWrite | Mode::Pump | Mode::TtyPump)
            || self.socket().is_some_and(|s| s.connected())
    }

    /// What kind of socket a socket mode opens; None for other modes.
    pub fn socket(self) -> Option<Socket> {
        let (family, role) = match self {
            Mode::TcpClient => (Family::Inet, Role::Client),
            Mode::TcpServer => (Family::Inet, Role::Server),
            Mode::TcpPeer => (Family::Inet, Role::Peer),
            Mode::UdpClient => (Family::Inet, Role::DatagramClient),
            Mode::UdpServer => (Family::Inet, Role::DatagramServer),
            Mode::UnixClient => (Family::Unix, Role::Client),
            Mode::UnixServer => (Family::Unix, Role::Server),
            Mode::UnixPeer => (Family::Unix, Role::Peer),
            Mode::UnixDatagramClient => (Family::Unix, Role::DatagramClient),
            Mode::UnixDatagramServer => (Family::Unix, Role::DatagramServer),
            _ => return None,
        };
        Some(Socket { family, role })
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

/// The address family of a socket mode: Internet (TCP, UDP, over IPv4
/// or IPv6) or Unix-domain (a path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Inet,
    Unix,
}

/// What a socket mode's stream does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Connects to a server; then a two-way byte stream.
    Client,
    /// Listens; `accept` gives its connections.
    Server,
    /// A connected stream socket the program already has as an fd.
    Peer,
    /// A datagram socket connected to one address: `send` (and `recv`
    /// for UDP).
    DatagramClient,
    /// A bound datagram socket: `sendto` and `recvfrom`.
    DatagramServer,
}

/// A socket mode, taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Socket {
    pub family: Family,
    pub role: Role,
}

impl Socket {
    /// Whether the stream carries bytes both ways (stream I/O works on it).
    pub fn connected(self) -> bool {
        matches!(self.role, Role::Client | Role::Peer)
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
        assert_eq!(Mode::parse(b"client-socket"), Some(Mode::TcpClient));
        assert_eq!(Mode::parse(b"Server-Socket"), Some(Mode::TcpServer));
        assert_eq!(Mode::TcpServer.letter(), "SERVER-SOCKET");
    }
}
