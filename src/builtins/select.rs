//! `select`: waiting on several streams at once, GNU SETL style.
//!
//! `select([rs, ws, es] [, ms])` gives `[r, w, e]`, three sets of which at
//! most one holds a stream: the first ready one. The others found ready at
//! the same time are kept (`Io::ready`) and given, one per call, by the
//! next calls that ask about them, before the kernel is asked again. A
//! stream with unread buffered input is ready to read without asking. A
//! stream to write is ready when a write of one byte would not block.
//! `select(om, ms)` sleeps ms milliseconds. Sockets are streams like any
//! other here; a listening one is ready to read when `accept` would not
//! block.

use super::streams::{open_stream, try_stream, Dir};
use super::NameClass::Sysproc;
use super::{arg_type, b, want_int, Builtin};
use crate::interp::Interp;
use crate::io::mode::Role;
use crate::ops::{show, Fail};
use crate::value::Value;
use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use std::os::fd::{BorrowedFd, RawFd};
use std::time::{Duration, Instant};

pub const TABLE: &[Builtin] = &[b("select", Sysproc, select, 1, 2)];

/// What a `select` waits for in each of its three sets.
const WANTS: [PollFlags; 3] = [PollFlags::POLLIN, PollFlags::POLLOUT, PollFlags::POLLPRI];

fn select(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let sets = wanted(&a[0])?;
    let deadline = match a.get(1) {
        None => None,
        Some(v) => {
            let ms = want_int("select", v)?;
            let ms = u64::try_from(ms).map_err(|_| {
                Fail::new("select: a timeout cannot be negative").note(format!("got: {ms}"))
            })?;
            Some(Instant::now() + Duration::from_millis(ms))
        }
    };
    // A stream found ready by an earlier call and asked about again.
    for (i, set) in sets.iter().enumerate() {
        if let Some(k) = it.io.ready[i].iter().position(|(_, v)| set.contains(v)) {
            let (_, v) = it.io.ready[i].remove(k);
            return Ok(result(i, v));
        }
    }
    // Each stream asked about: (set, fd, the value that named it).
    let mut asked: Vec<(usize, RawFd, Value)> = Vec::new();
    for (i, set) in sets.iter().enumerate() {
        for v in set {
            let fd = match i {
                0 => resolve(it, v, Dir::In)?,
                1 => resolve(it, v, Dir::Out)?,
                _ => open_stream(it, "select", v)?,
            };
            asked.push((i, fd, v.clone()));
        }
    }
    // As before any input: a stream asked about for reading first sends
    // what the program wrote to it (a pump's request), as GNU SETL does.
    for (_, fd, _) in asked.iter().filter(|(i, _, _)| *i == 0) {
        if let Some(s) = it.io.get(*fd) {
            let _ = s.flush();
        }
    }
    let mut ready = Vec::new();
    let buffered = asked
        .iter()
        .any(|(i, fd, _)| *i == 0 && it.io.get(*fd).is_some_and(|s| s.has_buffered_input()));
    let polled = wait_ready(
        it,
        &asked,
        if buffered {
            Some(Instant::now())
        } else {
            deadline
        },
    )?;
    for (k, (i, fd, v)) in asked.into_iter().enumerate() {
        let has_input = i == 0 && it.io.get(fd).is_some_and(|s| s.has_buffered_input());
        if has_input || polled[k] {
            ready.push((i, fd, v));
        }
    }
    let mut ready = ready.into_iter();
    let Some((i, _, v)) = ready.next() else {
        return Ok(result(3, Value::Om));
    };
    for (j, fd, w) in ready {
        it.io.ready[j].push((fd, w));
    }
    Ok(result(i, v))
}

/// The stream a `select` set member names; reads auto-open names as input
/// calls do (a `[ms]` tuple becomes a timer, a `[host, port]` a TCP
/// client). A socket that is not for stream I/O can still be asked about:
/// a server is ready to read when a connection waits for `accept`, a
/// datagram socket when a datagram waits.
fn resolve(it: &mut Interp, v: &Value, dir: Dir) -> Result<RawFd, Fail> {
    if let Some(fd) = it.io.find(v) {
        let socket = it.io.get(fd).and_then(|s| s.mode.socket());
        if socket.is_some_and(|k| dir == Dir::In || k.role != Role::Server) {
            return Ok(fd);
        }
    }
    if dir == Dir::In {
        if let Value::Tuple(t) = v {
            if matches!(t.first(), Some(Value::Int(_))) && it.io.find(v).is_none() {
                let (initial, interval) = super::streams::timer_spec(v)?;
                let fd = it.io.open_timer(initial, interval).map_err(|e| {
                    Fail::new(format!("Cannot auto-open {} in REAL-MS mode", show(v)))
                        .note(super::strerror(e as i32))
                })?;
                if let Some(s) = it.io.get(fd) {
                    s.auto = true;
                }
                return Ok(fd);
            }
        }
    }
    try_stream(it, "select", v, dir)?.map_err(|e| {
        it.lib.last_errno = e.code();
        Fail::new(format!("Cannot auto-open {} for select", show(v)))
            .note(super::strerror(e.code()))
    })
}

/// The three sets of streams the first argument asks about.
fn wanted(v: &Value) -> Result<[Vec<Value>; 3], Fail> {
    let mut sets: [Vec<Value>; 3] = Default::default();
    let t = match v {
        Value::Om => return Ok(sets),
        Value::Tuple(t) => t,
        v => {
            return Err(arg_type(
                "select",
                v,
                "a tuple of sets [readers, writers, raisers] or om",
            ))
        }
    };
    if t.len() > 3 {
        return Err(Fail::new("First arg to select has more than 3 elements")
            .note(format!("got: {}", show(v))));
    }
    for (i, e) in t.iter().enumerate() {
        match e {
            Value::Om => {}
            Value::Set(s) => sets[i] = s.iter().cloned().collect(),
            e => {
                return Err(Fail::new(format!(
                    "Element {} of the select tuple must be a set or om, not {}",
                    i + 1,
                    e.type_name()
                ))
                .note(format!("got: {}", show(e))))
            }
        }
    }
    Ok(sets)
}

/// `[r, w, e]` with `v` in set `i` (none when i is 3).
fn result(i: usize, v: Value) -> Value {
    let sets = (0..3)
        .map(|j| {
            if j == i {
                Value::set(std::iter::once(v.clone()).collect())
            } else {
                Value::empty_set()
            }
        })
        .collect();
    Value::tuple(sets)
}

/// Polls the streams until one is ready or the deadline passes (None:
/// no deadline); which of them are ready. In the REPL, Ctrl-C ends the
/// wait with a diagnostic.
fn wait_ready(
    it: &mut Interp,
    asked: &[(usize, RawFd, Value)],
    deadline: Option<Instant>,
) -> Result<Vec<bool>, Fail> {
    let fds: Vec<(RawFd, PollFlags)> = asked.iter().map(|(i, fd, _)| (*fd, WANTS[*i])).collect();
    loop {
        let slice = match deadline {
            None => Duration::from_millis(100),
            Some(d) => d
                .saturating_duration_since(Instant::now())
                .min(Duration::from_millis(100)),
        };
        let mut polls: Vec<PollFd> = fds
            .iter()
            // SAFETY: every fd belongs to an open stream for this call.
            .map(|(fd, f)| PollFd::new(unsafe { BorrowedFd::borrow_raw(*fd) }, *f))
            .collect();
        let timeout = PollTimeout::try_from(slice).unwrap_or(PollTimeout::MAX);
        match poll(&mut polls, timeout) {
            Ok(n) if n > 0 => {
                return Ok(polls
                    .iter()
                    .map(|p| p.revents().is_some_and(|r| !r.is_empty()))
                    .collect())
            }
            Ok(_) | Err(Errno::EINTR) => {}
            Err(e) => {
                it.lib.set_errno(e);
                return Ok(vec![false; fds.len()]);
            }
        }
        if crate::interrupt::pending() {
            return Err(Fail::new("interrupted while waiting in select"));
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(vec![false; fds.len()]);
        }
    }
}
