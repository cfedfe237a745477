//! Sockets, as GNU SETL makes them: Internet addresses are resolved by
//! getaddrinfo(3) and each address it gives is tried in turn (so
//! `'localhost'` may mean IPv6 or IPv4, and `'::1'` means IPv6);
//! Unix-domain sockets are named by a path. Addresses are shown the way
//! getnameinfo(3) shows them. A failure is the errno of the last system
//! call tried or, when the resolver fails, its own error code, so that
//! `last_error` reads as in GNU SETL (`'Connection refused'`, `'Name or
//! service not known'`).
//!
//! Socket fds are not close-on-exec: a child inherits them, as it does
//! every other stream.

use super::mode::{Family, Role, Socket};
use crate::value::Value;
use nix::errno::Errno;
use nix::libc;
use std::ffi::{CStr, CString};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// Why a socket call failed.
#[derive(Clone, Copy, Debug)]
pub enum NetError {
    Os(Errno),
    /// A getaddrinfo or getnameinfo error code (`EAI_…`).
    Resolver(i32),
}

impl NetError {
    /// The number `last_error` keeps: the errno, or for a resolver
    /// failure its code made negative (as GNU SETL does), which
    /// `resolver_message` turns back into gai_strerror's text.
    pub fn code(self) -> i32 {
        match self {
            NetError::Os(e) => e as i32,
            NetError::Resolver(r) => -r.abs(),
        }
    }
}

impl From<Errno> for NetError {
    fn from(e: Errno) -> Self {
        NetError::Os(e)
    }
}

/// gai_strerror's text for a negative `last_error` number.
pub fn resolver_message(code: i32) -> String {
    let r = if libc::EAI_FAIL < 0 { code } else { -code };
    // SAFETY: gai_strerror gives a static string for any code.
    unsafe { CStr::from_ptr(libc::gai_strerror(r)) }
        .to_string_lossy()
        .into_owned()
}

/// A resolver result's error: EAI_SYSTEM means errno says.
fn resolver_error(r: i32) -> NetError {
    if r == libc::EAI_SYSTEM {
        NetError::Os(Errno::last())
    } else {
        NetError::Resolver(r)
    }
}

/// A socket address of any family.
#[derive(Clone, Copy)]
pub struct SockAddr {
    storage: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl SockAddr {
    fn empty() -> SockAddr {
        SockAddr {
            // SAFETY: sockaddr_storage is plain data; all zeros is valid.
            storage: unsafe { std::mem::zeroed() },
            len: std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t,
        }
    }

    /// Copies `len` bytes of a sockaddr that a C call gave.
    ///
    /// # Safety
    /// `sa` must point to at least `len` readable bytes.
    unsafe fn copy(sa: *const libc::sockaddr, len: libc::socklen_t) -> SockAddr {
        let mut a = SockAddr::empty();
        let n = (len as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        std::ptr::copy_nonoverlapping(
            sa.cast::<u8>(),
            (&mut a.storage as *mut libc::sockaddr_storage).cast::<u8>(),
            n,
        );
        a.len = n as libc::socklen_t;
        a
    }

    fn ptr(&self) -> *const libc::sockaddr {
        (&self.storage as *const libc::sockaddr_storage).cast()
    }

    fn family(&self) -> i32 {
        self.storage.ss_family.into()
    }

    /// Whether this is an IPv4 or IPv6 address (GNU SETL's address
    /// enquiries give EAFNOSUPPORT for others).
    pub fn is_inet(&self) -> bool {
        matches!(self.family(), libc::AF_INET | libc::AF_INET6)
    }

    /// getnameinfo for the host part, with the given flags.
    fn host(&self, flags: i32) -> Result<Vec<u8>, NetError> {
        let mut buf = [0 as libc::c_char; libc::NI_MAXHOST as usize + 1];
        // SAFETY: the address is valid for its length; the buffer is
        // writable for the size given.
        let r = unsafe {
            libc::getnameinfo(
                self.ptr(),
                self.len,
                buf.as_mut_ptr(),
                libc::NI_MAXHOST,
                std::ptr::null_mut(),
                0,
                flags,
            )
        };
        if r != 0 {
            return Err(resolver_error(r));
        }
        // SAFETY: getnameinfo wrote a NUL-terminated string.
        Ok(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes().to_vec())
    }

    /// The host address in numeric form (`'127.0.0.1'`, `'::1'`).
    pub fn address(&self) -> Result<Vec<u8>, NetError> {
        self.host(libc::NI_NUMERICHOST)
    }

    /// The host's name; a failure if it has none.
    pub fn name(&self) -> Result<Vec<u8>, NetError> {
        self.host(libc::NI_NAMEREQD)
    }

    /// The port number of an Internet address.
    pub fn port(&self) -> u16 {
        let port = match self.family() {
            // SAFETY: the family says which structure the storage holds.
            libc::AF_INET => unsafe { (*self.ptr().cast::<libc::sockaddr_in>()).sin_port },
            // SAFETY: as above.
            libc::AF_INET6 => unsafe { (*self.ptr().cast::<libc::sockaddr_in6>()).sin6_port },
            _ => 0,
        };
        u16::from_be(port)
    }

    /// `[address, port]`, as `sockaddr` and `recvfrom` give it.
    pub fn pair(&self) -> Result<Value, NetError> {
        Ok(Value::tuple(vec![
            Value::str(self.address()?),
            Value::Int(self.port().into()),
        ]))
    }

    /// The path of a Unix-domain address ('' for an unnamed socket).
    pub fn path(&self) -> Vec<u8> {
        let start = std::mem::offset_of!(libc::sockaddr_un, sun_path);
        let len = self.len as usize;
        if len <= start {
            return Vec::new();
        }
        // SAFETY: the storage holds `len` valid bytes.
        let bytes = unsafe {
            std::slice::from_raw_parts(
                (&self.storage as *const libc::sockaddr_storage).cast::<u8>(),
                len,
            )
        };
        let path = &bytes[start..];
        let end = path.iter().position(|&c| c == 0).unwrap_or(path.len());
        path[..end].to_vec()
    }
}

/// The name an Internet socket stream is known by: `[host, service]`
/// with the service as a string, host om when not given. GNU SETL
/// canonicalises every `[host, port]` a program names a stream by the
/// same way: `''` is om, an integer port its decimal string, a missing
/// port `'0'`. None when `t` is no such pair (a timer's, say).
pub fn stream_name(t: &crate::value::TupleV) -> Option<Value> {
    let host = match t.first() {
        None | Some(Value::Om) => Value::Om,
        Some(Value::Str(s)) if s.is_empty() => Value::Om,
        Some(Value::Str(s)) => Value::Str(s.clone()),
        Some(_) => return None,
    };
    let serv = match t.get(1) {
        None | Some(Value::Om) => Value::str("0"),
        Some(Value::Str(s)) => Value::Str(s.clone()),
        Some(Value::Int(n)) => Value::str(n.to_string()),
        Some(_) => return None,
    };
    if t.len() > 2 {
        return None;
    }
    Some(Value::tuple(vec![host, serv]))
}

/// A C string for the resolver; None if the bytes hold a NUL (no host
/// or service can).
fn c_string(b: &[u8]) -> Result<CString, NetError> {
    CString::new(b).map_err(|_| NetError::Resolver(libc::EAI_NONAME))
}

/// One address getaddrinfo gave, with what socket(2) needs for it.
struct Candidate {
    family: i32,
    socktype: i32,
    protocol: i32,
    addr: SockAddr,
}

/// getaddrinfo(3): the addresses of `host` (None: the loopback address,
/// or with `passive` any address) and `serv`, of `socktype` (0: any).
fn resolve(
    host: Option<&[u8]>,
    serv: Option<&[u8]>,
    socktype: i32,
    passive: bool,
) -> Result<Vec<Candidate>, NetError> {
    let host = host.map(c_string).transpose()?;
    let serv = serv.map(c_string).transpose()?;
    // SAFETY: addrinfo is plain data; all zeros means "no hints".
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = libc::AF_UNSPEC;
    hints.ai_socktype = socktype;
    if passive {
        hints.ai_flags = libc::AI_PASSIVE;
    }
    let mut head: *mut libc::addrinfo = std::ptr::null_mut();
    let hints_ptr: *const libc::addrinfo = if socktype == 0 && !passive {
        std::ptr::null()
    } else {
        &hints
    };
    let r = loop {
        // SAFETY: the strings are NUL-terminated and outlive the call;
        // `head` receives a list that is freed below.
        let r = unsafe {
            libc::getaddrinfo(
                host.as_ref().map_or(std::ptr::null(), |h| h.as_ptr()),
                serv.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
                hints_ptr,
                &mut head,
            )
        };
        if r == libc::EAI_SYSTEM && Errno::last() == Errno::EINTR {
            continue;
        }
        break r;
    };
    if r != 0 {
        return Err(resolver_error(r));
    }
    let mut out = Vec::new();
    let mut ai = head;
    while !ai.is_null() {
        // SAFETY: `ai` is a node of the list getaddrinfo gave.
        let a = unsafe { &*ai };
        out.push(Candidate {
            family: a.ai_family,
            socktype: a.ai_socktype,
            protocol: a.ai_protocol,
            // SAFETY: ai_addr holds ai_addrlen bytes.
            addr: unsafe { SockAddr::copy(a.ai_addr, a.ai_addrlen) },
        });
        ai = a.ai_next;
    }
    // SAFETY: `head` came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(head) };
    Ok(out)
}

/// The IPv4 and IPv6 addresses of a host name or address, in the
/// resolver's order (`ip_addresses`, `ip_names`, `hostaddr`).
pub fn host_addresses(host: &[u8]) -> Result<Vec<SockAddr>, NetError> {
    Ok(resolve(Some(host), None, 0, false)?
        .into_iter()
        .map(|c| c.addr)
        .filter(SockAddr::is_inet)
        .collect())
}

/// A new socket, not close-on-exec.
fn new_socket(family: i32, socktype: i32, protocol: i32) -> Result<OwnedFd, Errno> {
    // SAFETY: socket(2) with plain arguments.
    let fd = Errno::result(unsafe { libc::socket(family, socktype, protocol) })?;
    // SAFETY: the fd was just made and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn connect(fd: &OwnedFd, addr: &SockAddr) -> Result<(), Errno> {
    // SAFETY: the address is valid for its length.
    Errno::result(unsafe { libc::connect(fd.as_raw_fd(), addr.ptr(), addr.len) }).map(drop)
}

fn bind(fd: &OwnedFd, addr: &SockAddr) -> Result<(), Errno> {
    // SAFETY: as for connect.
    Errno::result(unsafe { libc::bind(fd.as_raw_fd(), addr.ptr(), addr.len) }).map(drop)
}

fn listen(fd: &OwnedFd) -> Result<(), Errno> {
    // SAFETY: listen(2) on an fd we own; GNU SETL's backlog of 5.
    Errno::result(unsafe { libc::listen(fd.as_raw_fd(), 5) }).map(drop)
}

/// Opens an Internet socket of `kind` for `host` (None: loopback for a
/// client, any address for a server) and `serv` (a port number or
/// service name): a client connects, a server binds (and listens, for
/// TCP; with SO_REUSEADDR, so a restarted server can take its port
/// again). Each address the resolver gives is tried until one works.
pub fn open_inet(host: Option<&[u8]>, serv: &[u8], kind: Socket) -> Result<OwnedFd, NetError> {
    let socktype = match kind.role {
        Role::DatagramClient | Role::DatagramServer => libc::SOCK_DGRAM,
        _ => libc::SOCK_STREAM,
    };
    let server = matches!(kind.role, Role::Server | Role::DatagramServer);
    let mut last = Errno::EADDRNOTAVAIL;
    for c in resolve(host, Some(serv), socktype, server)? {
        let fd = match new_socket(c.family, c.socktype, c.protocol) {
            Ok(fd) => fd,
            Err(e) => {
                last = e;
                continue;
            }
        };
        let done = if server {
            if socktype == libc::SOCK_STREAM {
                reuse_address(&fd);
            }
            bind(&fd, &c.addr).and_then(|()| {
                if socktype == libc::SOCK_STREAM {
                    listen(&fd)
                } else {
                    Ok(())
                }
            })
        } else {
            connect(&fd, &c.addr)
        };
        match done {
            Ok(()) => return Ok(fd),
            Err(e) => last = e,
        }
    }
    Err(NetError::Os(last))
}

fn reuse_address(fd: &OwnedFd) {
    let on: libc::c_int = 1;
    // SAFETY: setsockopt with a pointer to an int and its size.
    unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_REUSEADDR,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

/// The longest path a Unix-domain socket can have, in bytes.
pub fn max_unix_path() -> usize {
    // SAFETY: only the size of a field is taken.
    let un: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    un.sun_path.len() - 1
}

/// The Unix-domain address of `path` (which fits: see `max_unix_path`).
fn unix_address(path: &[u8]) -> SockAddr {
    // SAFETY: sockaddr_un is plain data.
    let mut un: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    un.sun_family = libc::AF_UNIX as libc::sa_family_t;
    for (d, s) in un.sun_path.iter_mut().zip(path) {
        *d = *s as libc::c_char;
    }
    let len = std::mem::offset_of!(libc::sockaddr_un, sun_path) + path.len();
    // SAFETY: `un` holds at least `len` bytes.
    unsafe {
        SockAddr::copy(
            (&un as *const libc::sockaddr_un).cast(),
            len as libc::socklen_t,
        )
    }
}

/// Opens a Unix-domain socket on `path`: a client connects to it; a
/// server removes whatever the path names, binds it and (for a stream
/// socket) listens.
pub fn open_unix(path: &[u8], kind: Socket) -> Result<OwnedFd, NetError> {
    debug_assert_eq!(kind.family, Family::Unix);
    let socktype = match kind.role {
        Role::DatagramClient | Role::DatagramServer => libc::SOCK_DGRAM,
        _ => libc::SOCK_STREAM,
    };
    let fd = new_socket(libc::AF_UNIX, socktype, 0)?;
    let addr = unix_address(path);
    match kind.role {
        Role::Server | Role::DatagramServer => {
            match nix::unistd::unlink(path) {
                Ok(()) | Err(Errno::ENOENT) => {}
                Err(e) => return Err(e.into()),
            }
            bind(&fd, &addr)?;
            if socktype == libc::SOCK_STREAM {
                listen(&fd)?;
            }
        }
        _ => connect(&fd, &addr)?,
    }
    Ok(fd)
}

/// accept(2): the new connection's fd.
pub fn accept(fd: RawFd) -> Result<OwnedFd, Errno> {
    loop {
        // SAFETY: accept(2) without asking for the peer's address.
        let r = unsafe { libc::accept(fd, std::ptr::null_mut(), std::ptr::null_mut()) };
        match Errno::result(r) {
            // SAFETY: a new fd nothing else owns.
            Ok(g) => return Ok(unsafe { OwnedFd::from_raw_fd(g) }),
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// getsockname(2), or getpeername(2) when `peer`.
pub fn address_of(fd: RawFd, peer: bool) -> Result<SockAddr, Errno> {
    let mut a = SockAddr::empty();
    let p = (&mut a.storage as *mut libc::sockaddr_storage).cast();
    // SAFETY: the storage is writable for the length given.
    let r = unsafe {
        if peer {
            libc::getpeername(fd, p, &mut a.len)
        } else {
            libc::getsockname(fd, p, &mut a.len)
        }
    };
    Errno::result(r)?;
    Ok(a)
}

/// The largest datagram `recv` and `recvfrom` take, as in GNU SETL.
const MAX_DATAGRAM: usize = 65536;

/// One datagram (or what a stream socket has) and where it came from.
pub fn recv_from(fd: RawFd) -> Result<(Vec<u8>, SockAddr), Errno> {
    let mut buf = vec![0u8; MAX_DATAGRAM];
    let mut from = SockAddr::empty();
    loop {
        // SAFETY: the buffer and address are writable for their lengths.
        let r = unsafe {
            libc::recvfrom(
                fd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                0,
                (&mut from.storage as *mut libc::sockaddr_storage).cast(),
                &mut from.len,
            )
        };
        match Errno::result(r) {
            Ok(n) => {
                buf.truncate(n as usize);
                return Ok((buf, from));
            }
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// send(2) of one datagram on a connected socket.
pub fn send(fd: RawFd, bytes: &[u8]) -> Result<(), Errno> {
    loop {
        // SAFETY: the buffer is readable for its length.
        let r = unsafe { libc::send(fd, bytes.as_ptr().cast(), bytes.len(), 0) };
        match Errno::result(r) {
            Ok(_) => return Ok(()),
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

fn send_to(fd: RawFd, bytes: &[u8], to: &SockAddr) -> Result<(), Errno> {
    loop {
        // SAFETY: buffer and address are valid for their lengths.
        let r =
            unsafe { libc::sendto(fd, bytes.as_ptr().cast(), bytes.len(), 0, to.ptr(), to.len) };
        match Errno::result(r) {
            Ok(_) => return Ok(()),
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// sendto(2) to `[host, serv]`: each address the resolver gives is tried
/// until one send works.
pub fn send_to_inet(
    fd: RawFd,
    host: Option<&[u8]>,
    serv: &[u8],
    bytes: &[u8],
) -> Result<(), NetError> {
    let mut last = Errno::EADDRNOTAVAIL;
    for c in resolve(host, Some(serv), libc::SOCK_DGRAM, false)? {
        match send_to(fd, bytes, &c.addr) {
            Ok(()) => return Ok(()),
            Err(e) => last = e,
        }
    }
    Err(NetError::Os(last))
}

/// sendto(2) to the Unix-domain socket at `path`.
pub fn send_to_unix(fd: RawFd, path: &[u8], bytes: &[u8]) -> Result<(), Errno> {
    send_to(fd, bytes, &unix_address(path))
}

/// shutdown(2); `how` is SHUT_RD, SHUT_WR or SHUT_RDWR (0, 1, 2).
pub fn shutdown(fd: RawFd, how: i32) -> Result<(), Errno> {
    // SAFETY: shutdown(2) with plain arguments.
    Errno::result(unsafe { libc::shutdown(fd, how) }).map(drop)
}

/// gethostname(2).
pub fn host_name() -> Result<Vec<u8>, Errno> {
    let mut buf = [0 as libc::c_char; libc::NI_MAXHOST as usize + 1];
    // SAFETY: the buffer is writable for the size given, which leaves room
    // for a terminating NUL.
    Errno::result(unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len() - 1) })?;
    // SAFETY: the buffer was zeroed, so the name is NUL-terminated.
    Ok(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes().to_vec())
}
