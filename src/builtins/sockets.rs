//! Network and Unix-domain sockets, with GNU SETL's routines and
//! semantics: `open` in the socket modes, `accept`, the datagram calls
//! `send`, `recv`, `sendto` and `recvfrom`, the address enquiries
//! (`sockaddr`, `port`, `peer_…`), name lookups (`hostaddr`,
//! `ip_addresses`, `ip_names`) and `shutdown`. A connected socket is an
//! ordinary stream afterwards (`getline`, `printa`, `select`, `close`).
//!
//! Failures of the system or the resolver give om and set `last_error`
//! (the resolver's own text after a lookup failure); a bad argument stops
//! the program. In restricted mode a socket is opened only if
//! `--allow-open` names it: for TCP and UDP as `host:service` (or just
//! `service` when no host is given), compared ignoring case, for
//! Unix-domain sockets by its exact path, as GNU SETL does.

use super::streams::{describe, fd_open_allowed, refused_open};
use super::NameClass::{Sysproc, Uop15};
use super::{arg_type, b, value_or_om, want_int, want_path, want_str, Builtin};
use crate::interp::Interp;
use crate::io::mode::{Family, Mode, Role};
use crate::io::socket::{self, NetError, SockAddr};
use crate::ops::Fail;
use crate::value::Value;
use nix::errno::Errno;
use std::os::fd::RawFd;

pub const TABLE: &[Builtin] = &[
    b("accept", Sysproc, accept, 1, 1),
    b("recv", Uop15, recv, 1, 1),
    b("recvfrom", Uop15, recvfrom, 1, 1),
    b("send", Sysproc, send, 2, 2),
    b("sendto", Sysproc, sendto, 3, 3),
    b("sockaddr", Uop15, sockaddr, 1, 1),
    b("port", Uop15, port, 1, 1),
    b("peer_address", Uop15, peer_address, 1, 1),
    b("peer_name", Uop15, peer_name, 1, 1),
    b("peer_port", Uop15, peer_port, 1, 1),
    b("peer_sockaddr", Uop15, peer_sockaddr, 1, 1),
    b("ip_addresses", Sysproc, ip_addresses, 0, 1),
    b("ip_names", Sysproc, ip_names, 0, 1),
    b("shutdown", Sysproc, shutdown, 2, 2),
];

/// The longest host name the resolver takes (NI_MAXHOST less its NUL).
const MAX_HOST: usize = 1024;

/// Records a socket failure for `last_error`.
fn set_error(it: &mut Interp, e: NetError) {
    it.lib.last_errno = e.code();
}

/// `open(what, mode)` in a socket mode, for a host and service or a path
/// (an fd is taken over by `open` itself, as in any mode): the new
/// stream, or the reason the system or resolver gave.
pub(super) fn open_socket(
    it: &mut Interp,
    what: &Value,
    mode: Mode,
) -> Result<Result<RawFd, NetError>, Fail> {
    let Some(kind) = mode.socket() else {
        return Err(Fail::new(format!("{} is not a socket mode", mode.letter())));
    };
    if kind.role == Role::Peer {
        return Err(Fail::new(format!(
            "{} can only be opened over existing INTEGER fd",
            mode.letter()
        )));
    }
    let opened = match kind.family {
        Family::Inet => {
            let (host, serv) = host_and_service(what)?;
            let spelled = match &host {
                Some(h) => [h.as_slice(), b":", &serv].concat(),
                None => serv.clone(),
            };
            if it.lib.restricted && !open_allowed(it, &spelled, mode, true) {
                return Err(refused_open(what, mode));
            }
            let name = Value::tuple(vec![
                host.clone().map_or(Value::Om, Value::str),
                Value::str(serv.clone()),
            ]);
            socket::open_inet(host.as_deref(), &serv, kind).map(|fd| it.io.adopt(fd, name, mode))
        }
        Family::Unix => {
            let path = unix_path("open", what)?;
            if it.lib.restricted && !open_allowed(it, path, mode, false) {
                return Err(refused_open(what, mode));
            }
            socket::open_unix(path, kind).map(|fd| it.io.adopt(fd, what.clone(), mode))
        }
    };
    Ok(opened)
}

/// Whether `--allow-open` lets restricted mode open `what` in `mode`.
fn open_allowed(it: &Interp, what: &[u8], mode: Mode, ignore_case: bool) -> bool {
    it.lib.allow.open.iter().any(|(w, h)| {
        Mode::parse(h) == Some(mode)
            && if ignore_case {
                w.eq_ignore_ascii_case(what)
            } else {
                w.as_slice() == what
            }
    })
}

/// The host (None: not given) and service of an Internet socket's
/// address: `[host, port]` (either part may be om or left out) or
/// `'host:port'` (no colon: only the port).
fn host_and_service(v: &Value) -> Result<(Option<Vec<u8>>, Vec<u8>), Fail> {
    let (host, serv) = match v {
        Value::Str(s) => match s.iter().rposition(|&c| c == b':') {
            None => (None, s.to_vec()),
            Some(i) => ((i > 0).then(|| s[..i].to_vec()), s[i + 1..].to_vec()),
        },
        Value::Tuple(t) => {
            if t.len() > 2 {
                return Err(Fail::new("More than 2 elements in TUPLE passed to OPEN")
                    .note(format!("address: {}", describe(v))));
            }
            let host = match t.first() {
                None | Some(Value::Om) => None,
                Some(Value::Str(s)) => (!s.is_empty()).then(|| s.to_vec()),
                Some(h) => {
                    return Err(Fail::new(format!(
                        "Host name or address must be STRING or OM, not {}",
                        h.type_name()
                    ))
                    .note(format!("address: {}", describe(v))))
                }
            };
            (host, service(t.get(1).unwrap_or(&Value::Om), "")?)
        }
        v => {
            return Err(arg_type(
                "open",
                v,
                "a socket address ([host, port] or 'host:port')",
            ))
        }
    };
    if host.as_ref().is_some_and(|h| h.len() > MAX_HOST) {
        return Err(
            Fail::new("Host name or address too long").note(format!("address: {}", describe(v)))
        );
    }
    Ok((host, serv))
}

/// A port or service: om is `'0'` (any free port), an integer its
/// digits, a string a service name or number for the resolver.
fn service(v: &Value, context: &str) -> Result<Vec<u8>, Fail> {
    match v {
        Value::Om => Ok(b"0".to_vec()),
        Value::Str(s) => Ok(s.to_vec()),
        Value::Int(n) if n.unsigned_abs() < 10_000_000_000 => Ok(n.to_string().into_bytes()),
        Value::Int(_) | Value::Big(_) => Err(Fail::new(format!("Port number too large{context}"))
            .note(format!("port: {}", crate::ops::show(v)))),
        v => Err(Fail::new(format!(
            "Service name or port number{context} must be STRING or INTEGER, not {}",
            v.type_name()
        ))),
    }
}

/// A Unix-domain socket's path, which must fit in a socket address.
fn unix_path<'a>(fname: &str, v: &'a Value) -> Result<&'a [u8], Fail> {
    let path = want_path(fname, v)?;
    if path.len() > socket::max_unix_path() {
        return Err(Fail::new(format!(
            "Unix-domain socket pathname {} too long",
            describe(v)
        ))
        .note(format!("at most {} bytes", socket::max_unix_path())));
    }
    Ok(path)
}

/// What a socket routine does with its stream: which socket modes allow
/// it, and the mode in which it auto-opens a stream not yet open.
#[derive(Clone, Copy, PartialEq)]
enum Use {
    Accept,
    Recv,
    Send,
    RecvFrom,
    SendTo,
}

impl Use {
    fn allows(self, mode: Mode) -> bool {
        let Some(s) = mode.socket() else {
            return false;
        };
        match self {
            Use::Accept => s.role == Role::Server,
            Use::Recv => mode == Mode::UdpClient,
            Use::Send => s.role == Role::DatagramClient,
            Use::RecvFrom | Use::SendTo => s.role == Role::DatagramServer,
        }
    }

    fn auto_mode(self) -> Mode {
        match self {
            Use::Accept => Mode::TcpServer,
            Use::Recv | Use::Send => Mode::UdpClient,
            Use::RecvFrom | Use::SendTo => Mode::UdpServer,
        }
    }

    /// What the stream should have been, for diagnostics.
    fn wanted(self) -> &'static str {
        match self {
            Use::Accept => "a server socket",
            Use::Recv => "a UDP client socket",
            Use::Send => "a datagram client socket",
            Use::RecvFrom | Use::SendTo => "a datagram server socket",
        }
    }

    fn auto_wanted(self) -> &'static str {
        match self.auto_mode() {
            Mode::TcpServer => "a TCP server socket",
            Mode::UdpClient => "a UDP client socket",
            _ => "a UDP server socket",
        }
    }
}

/// The stream a socket routine works on: an open stream of a suitable
/// mode, or one it auto-opens (an fd taken over, or an address opened)
/// as GNU SETL does; a failed auto-open stops the program.
fn socket_stream(it: &mut Interp, fname: &str, v: &Value, how: Use) -> Result<RawFd, Fail> {
    if !matches!(v, Value::Int(_) | Value::Str(_) | Value::Tuple(_)) {
        return Err(arg_type(
            fname,
            v,
            "a stream (an fd, or the name given to open)",
        ));
    }
    if let Some(fd) = it.io.find(v) {
        let ok = it.io.get(fd).is_some_and(|s| how.allows(s.mode));
        if !ok {
            return Err(Fail::new(format!(
                "Stream {} is not {}",
                describe(v),
                how.wanted()
            )));
        }
        return Ok(fd);
    }
    let mode = how.auto_mode();
    let opened = match v {
        Value::Int(n) => {
            if it.lib.restricted && !fd_open_allowed(it, *n, mode) {
                return Err(refused_open(v, mode));
            }
            RawFd::try_from(*n)
                .map_err(|_| Errno::EBADF)
                .and_then(|fd| it.io.open_existing(fd, mode, false))
                .map_err(NetError::Os)
        }
        _ => open_socket(it, v, mode)?,
    };
    opened.map_err(|e| {
        set_error(it, e);
        Fail::new(format!(
            "Cannot auto-open {} as {}",
            describe(v),
            how.auto_wanted()
        ))
        .note(super::strerror(e.code()))
    })
}

/// In the REPL, waits until `fd` has something to read, polling, so that
/// Ctrl-C can interrupt a blocking `accept` or `recv`; elsewhere the call
/// itself blocks.
fn wait_readable(fd: RawFd, fname: &str) -> Result<(), Fail> {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    if !crate::interrupt::installed() {
        return Ok(());
    }
    loop {
        // SAFETY: fd belongs to an open stream for this call.
        let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
        let mut polls = [PollFd::new(borrowed, PollFlags::POLLIN)];
        match poll(&mut polls, PollTimeout::from(100u8)) {
            Ok(n) if n > 0 => return Ok(()),
            Ok(_) | Err(Errno::EINTR) => {}
            // Let the call itself report what is wrong with the fd.
            Err(_) => return Ok(()),
        }
        if crate::interrupt::pending() {
            return Err(Fail::new(format!("interrupted while waiting in {fname}")));
        }
    }
}

/// `accept(f)`: the fd of a new connection on server socket f (a
/// `tcp-peer` or `unix-peer` stream, known by that fd), or om.
fn accept(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = socket_stream(it, "accept", &a[0], Use::Accept)?;
    wait_readable(fd, "accept")?;
    let peer = match it.io.get(fd).and_then(|s| s.mode.socket()) {
        Some(s) if s.family == Family::Unix => Mode::UnixPeer,
        _ => Mode::TcpPeer,
    };
    match socket::accept(fd) {
        Ok(g) => {
            let raw = std::os::fd::AsRawFd::as_raw_fd(&g);
            Ok(Value::Int(
                it.io.adopt(g, Value::Int(raw.into()), peer).into(),
            ))
        }
        Err(e) => {
            it.lib.set_errno(e);
            Ok(Value::Om)
        }
    }
}

/// `recv f`: the next datagram on UDP client socket f, or om.
fn recv(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = socket_stream(it, "recv", &a[0], Use::Recv)?;
    wait_readable(fd, "recv")?;
    let r = socket::recv_from(fd);
    Ok(value_or_om(it, r, |(bytes, _)| Value::str(bytes)))
}

/// `recvfrom f`: `[source, datagram]` from datagram server socket f; the
/// source is `[address, port]` for UDP, a path ('' if unnamed) for a
/// Unix-domain socket.
fn recvfrom(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let fd = socket_stream(it, "recvfrom", &a[0], Use::RecvFrom)?;
    wait_readable(fd, "recvfrom")?;
    let unix = it
        .io
        .get(fd)
        .is_some_and(|s| s.mode == Mode::UnixDatagramServer);
    let (bytes, from) = match socket::recv_from(fd) {
        Ok(got) => got,
        Err(e) => {
            it.lib.set_errno(e);
            return Ok(Value::Om);
        }
    };
    let source = if unix {
        Value::str(from.path())
    } else {
        match from.pair() {
            Ok(p) => p,
            Err(e) => {
                set_error(it, e);
                return Ok(Value::Om);
            }
        }
    };
    Ok(Value::tuple(vec![source, Value::str(bytes)]))
}

/// `send(f, datagram)` on a UDP or Unix-domain datagram client socket.
fn send(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let bytes = want_str("send", &a[1])?.to_vec();
    let fd = socket_stream(it, "send", &a[0], Use::Send)?;
    if let Err(e) = socket::send(fd, &bytes) {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}

/// `sendto(f, destination, datagram)` on a datagram server socket; the
/// destination is `[host, port]` (UDP) or a path (Unix-domain).
fn sendto(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let bytes = want_str("sendto", &a[2])?.to_vec();
    let dest = a[1].clone();
    if !matches!(dest, Value::Tuple(_) | Value::Str(_)) {
        return Err(arg_type(
            "sendto",
            &dest,
            "a destination ([host, port] or a path)",
        ));
    }
    let fd = socket_stream(it, "sendto", &a[0], Use::SendTo)?;
    let sent = match &dest {
        Value::Tuple(t) => {
            if t.len() != 2 {
                return Err(Fail::new(format!(
                    "SENDTO destination arg must have 2 elements, not {}",
                    t.len()
                )));
            }
            let host = match &t[0] {
                Value::Om => None,
                Value::Str(s) => (!s.is_empty()).then(|| s.to_vec()),
                h => {
                    return Err(Fail::new(format!(
                        "Host name or address passed to SENDTO must be STRING or OM, not {}",
                        h.type_name()
                    )))
                }
            };
            let serv = service(&t[1], " in SENDTO destination arg")?;
            socket::send_to_inet(fd, host.as_deref(), &serv, &bytes)
        }
        _ => {
            let path = unix_path("sendto", &dest)?;
            socket::send_to_unix(fd, path, &bytes).map_err(NetError::Os)
        }
    };
    if let Err(e) = sent {
        set_error(it, e);
    }
    Ok(Value::Om)
}

/// The fd an address enquiry asks about: an open stream, or an fd the
/// program has that is no stream; a name not open stops the program.
fn enquiry_fd(it: &Interp, fname: &str, v: &Value) -> Result<RawFd, Fail> {
    if let Some(fd) = it.io.find(v) {
        return Ok(fd);
    }
    match v {
        Value::Int(n) => Ok(RawFd::try_from(*n).unwrap_or(-1)),
        Value::Str(_) | Value::Tuple(_) => Err(Fail::new(format!(
            "Will not auto-open {} for socket enquiry",
            describe(v)
        ))),
        v => Err(arg_type(
            fname,
            v,
            "a stream (an fd, or the name given to open)",
        )),
    }
}

/// The local (or with `peer`, the remote) Internet address of a socket,
/// then `part` of it; om with `last_error` set if there is none
/// (`EAFNOSUPPORT` for a Unix-domain socket).
fn enquire(
    it: &mut Interp,
    fname: &str,
    v: &Value,
    peer: bool,
    part: fn(&SockAddr) -> Result<Value, NetError>,
) -> Result<Value, Fail> {
    let fd = enquiry_fd(it, fname, v)?;
    let got = socket::address_of(fd, peer)
        .map_err(NetError::Os)
        .and_then(|addr| {
            if addr.is_inet() {
                part(&addr)
            } else {
                Err(NetError::Os(Errno::EAFNOSUPPORT))
            }
        });
    match got {
        Ok(x) => Ok(x),
        Err(e) => {
            set_error(it, e);
            Ok(Value::Om)
        }
    }
}

fn port_of(a: &SockAddr) -> Result<Value, NetError> {
    Ok(Value::Int(a.port().into()))
}

fn address_of(a: &SockAddr) -> Result<Value, NetError> {
    a.address().map(Value::str)
}

fn name_of(a: &SockAddr) -> Result<Value, NetError> {
    a.name().map(Value::str)
}

/// `sockaddr f`: `[address, port]` of socket f's own end.
fn sockaddr(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    enquire(it, "sockaddr", &a[0], false, SockAddr::pair)
}

/// `port f`: the port number of socket f's own end (after binding port
/// 0, the port the system chose).
fn port(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    enquire(it, "port", &a[0], false, port_of)
}

fn peer_address(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    enquire(it, "peer_address", &a[0], true, address_of)
}

fn peer_name(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    enquire(it, "peer_name", &a[0], true, name_of)
}

fn peer_port(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    enquire(it, "peer_port", &a[0], true, port_of)
}

fn peer_sockaddr(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    enquire(it, "peer_sockaddr", &a[0], true, SockAddr::pair)
}

/// The host an `ip_addresses` or `ip_names` call asks about: its
/// argument, or this host's name.
fn lookup_host(it: &mut Interp, fname: &str, a: &[Value]) -> Result<Option<Vec<u8>>, Fail> {
    let host = match a.first() {
        None => match socket::host_name() {
            Ok(h) => h,
            Err(e) => {
                it.lib.set_errno(e);
                return Ok(None);
            }
        },
        Some(v) => want_str(fname, v)?.to_vec(),
    };
    if host.len() > MAX_HOST {
        return Err(Fail::new(format!(
            "Host name or address too long in {fname} call"
        )));
    }
    Ok(Some(host))
}

/// Every address (or name) of a host as a set; empty, with `last_error`
/// set, when the resolver fails.
fn host_set(
    it: &mut Interp,
    fname: &str,
    a: &[Value],
    each: fn(&SockAddr) -> Result<Value, NetError>,
) -> Result<Value, Fail> {
    let Some(host) = lookup_host(it, fname, a)? else {
        return Ok(Value::empty_set());
    };
    match socket::host_addresses(&host) {
        Ok(addrs) => Ok(Value::set(
            addrs.iter().filter_map(|x| each(x).ok()).collect(),
        )),
        Err(e) => {
            set_error(it, e);
            Ok(Value::empty_set())
        }
    }
}

/// `ip_addresses(host)`: the IPv4 and IPv6 addresses of a host name or
/// address.
fn ip_addresses(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    host_set(it, "ip_addresses", a, address_of)
}

/// `ip_names(host)`: the names of a host name or address.
fn ip_names(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    host_set(it, "ip_names", a, name_of)
}

/// `hostaddr`: an IPv4 or IPv6 address of this host (the first the
/// resolver gives for its name), or om with `last_error` set.
pub(super) fn hostaddr(it: &mut Interp) -> Value {
    let first = socket::host_name()
        .map_err(NetError::Os)
        .and_then(|h| socket::host_addresses(&h));
    match first {
        Ok(addrs) => addrs
            .first()
            .and_then(|x| x.address().ok())
            .map_or(Value::Om, Value::str),
        Err(e) => {
            set_error(it, e);
            Value::Om
        }
    }
}

/// `shutdown(f, how)`: ends reading (`shut_rd`), writing (`shut_wr`, after
/// sending what is buffered) or both (`shut_rdwr`) on a connected socket
/// or a pump, without closing it (a pump's child then sees end of input). An fd that is no stream is shut down directly.
fn shutdown(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let how = want_int("shutdown", &a[1])?;
    if !(0..=2).contains(&how) {
        return Err(Fail::new(format!(
            "Second arg to SHUTDOWN must be SHUT_RD (0), SHUT_WR (1), or SHUT_RDWR (2), not {how}"
        )));
    }
    let fd = match it.io.find(&a[0]) {
        Some(fd) => {
            let Some(s) = it.io.get(fd) else {
                return Ok(Value::Om);
            };
            if !s.mode.duplex() {
                return Err(Fail::new(format!(
                    "SHUTDOWN on {} is not allowed",
                    describe(&a[0])
                )));
            }
            let (read, write) = (how != 1, how != 0);
            if (read && !s.readable()) || (write && !s.writable()) {
                let what = ["input", "output", "bidirectional I/O"][how as usize];
                return Err(Fail::new(format!(
                    "Stream {} is not open for {what}",
                    describe(&a[0])
                )));
            }
            s.shut_read |= read;
            s.shut_write |= write;
            if write {
                if let Err(e) = s.flush() {
                    it.lib.set_errno(e);
                }
            }
            fd
        }
        None => match &a[0] {
            Value::Int(n) => RawFd::try_from(*n).unwrap_or(-1),
            Value::Str(_) | Value::Tuple(_) => {
                return Err(Fail::new(format!(
                    "Will not auto-open {} for SHUTDOWN",
                    describe(&a[0])
                )))
            }
            v => {
                return Err(arg_type(
                    "shutdown",
                    v,
                    "a stream (an fd, or the name given to open)",
                ))
            }
        },
    };
    if let Err(e) = socket::shutdown(fd, how as i32) {
        it.lib.set_errno(e);
    }
    Ok(Value::Om)
}
