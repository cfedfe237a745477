//! The library: every built-in name, its grammar class (which decides how
//! it parses, reference notes Appendix A) and its implementation.
//!
//! Each theme module exports a `TABLE` of `Builtin`s. A built-in receives
//! its evaluated arguments as a mutable slice; for the positions in `rw`
//! the evaluator copies the final values back into the caller's variables
//! (that is how `span(s, cs)` and `read(x)` change their arguments).

mod collections;
mod convert;
pub mod doc;
mod fdate;
mod fds;
mod fs;
mod glob;
mod io;
mod locks;
mod math;
mod memory_blocks;
mod os;
mod pack;
mod pattern;
mod process;
mod pushback;
mod reserved;
mod select;
mod sockets;
mod streams;
mod strings;
mod terminal;

use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use convert::unstr_value;
pub(crate) use os::date_string;
pub use pattern::{expand_selected, pattern_match, pattern_select, pattern_span};

/// How a built-in name parses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NameClass {
    /// Prefix operator at precedence 15 (`abs x`, `#t`, `str v`).
    Uop15,
    /// Prefix predicate at precedence 5 (`not b`, `even n`, `is_set s`).
    Uop5,
    /// Procedure, called with parentheses or bare with no arguments.
    Sysproc,
    /// A read-only library value (`last_error`, `command_line`).
    Sysval,
    /// An assignable library variable (`magic`, `intslash`).
    Sysvar,
    /// A library constant (`om`, `true`, `stdin`).
    Syscon,
}

pub type BuiltinFn = fn(&mut Interp, &mut [Value]) -> Result<Value, Fail>;

/// One library routine.
pub struct Builtin {
    pub name: &'static str,
    pub class: NameClass,
    pub f: BuiltinFn,
    /// Fewest and most arguments (`usize::MAX`: any number).
    pub min: usize,
    pub max: usize,
    /// Argument positions `rw.0 ..` (up to `rw.1`, exclusive) are written
    /// back to the caller's variables after the call.
    pub rw: (usize, usize),
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<builtin {}>", self.name)
    }
}

/// The result of a function: its value, or om with `last_error` set.
pub(super) fn value_or_om<T>(
    it: &mut Interp,
    r: nix::Result<T>,
    f: impl FnOnce(T) -> Value,
) -> Value {
    match r {
        Ok(x) => f(x),
        Err(e) => {
            it.lib.set_errno(e);
            Value::Om
        }
    }
}

/// Shorthand for table entries.
const fn b(name: &'static str, class: NameClass, f: BuiltinFn, min: usize, max: usize) -> Builtin {
    Builtin {
        name,
        class,
        f,
        min,
        max,
        rw: (0, 0),
    }
}

/// An entry whose arguments from `from` up to `to` are written back.
const fn brw(
    name: &'static str,
    f: BuiltinFn,
    min: usize,
    max: usize,
    from: usize,
    to: usize,
) -> Builtin {
    Builtin {
        name,
        class: NameClass::Sysproc,
        f,
        min,
        max,
        rw: (from, to),
    }
}

const ANY: usize = usize::MAX;

fn registry() -> &'static HashMap<&'static str, &'static Builtin> {
    static REG: OnceLock<HashMap<&'static str, &'static Builtin>> = OnceLock::new();
    REG.get_or_init(|| {
        let tables: [&'static [Builtin]; 20] = [
            math::TABLE,
            strings::TABLE,
            convert::TABLE,
            collections::TABLE,
            io::TABLE,
            streams::TABLE,
            fs::TABLE,
            locks::TABLE,
            os::TABLE,
            process::TABLE,
            select::TABLE,
            fds::TABLE,
            pattern::TABLE,
            sockets::TABLE,
            reserved::TABLE,
            pack::TABLE,
            pushback::TABLE,
            terminal::TABLE,
            fdate::TABLE,
            memory_blocks::TABLE,
        ];
        tables
            .iter()
            .flat_map(|t| t.iter())
            .map(|b| (b.name, b))
            .collect()
    })
}

/// Every library name (not the keywords, nor the names GNU SETL only
/// reserves), for completion and the documentation's coverage test.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    registry()
        .keys()
        .copied()
        .filter(|n| !reserved::is_reserved(n))
        .chain(SYSVALS.iter().copied())
        .chain(SYSVARS.iter().copied())
        .chain(SETL_PROCS.iter().copied())
        .chain(CONSTANTS.iter().map(|(name, _)| *name))
        .chain(["not"])
}

pub fn lookup(name: &str) -> Option<&'static Builtin> {
    registry().get(name).copied()
}

const SYSVALS: &[&str] = &[
    "command_line",
    "command_name",
    "date",
    "last_error",
    "last_errno",
    "nargs",
    "hostname",
    "hostaddr",
    "status",
];
const SYSVARS: &[&str] = &["magic", "intslash"];

/// Procedures of the library that are written in SETL (stdlib/*.setl).
pub const SETL_PROCS: &[&str] = &[
    "lockfile_take",
    "lockfile_release",
    "lockfile_holder",
    "lockfile_break_stale",
];

/// The grammar class of a reserved library name.
pub fn name_class(word: &str) -> Option<NameClass> {
    if let Some(b) = lookup(word) {
        return Some(b.class);
    }
    if constant(word).is_some() {
        Some(NameClass::Syscon)
    } else if SYSVALS.contains(&word) {
        Some(NameClass::Sysval)
    } else if SYSVARS.contains(&word) {
        Some(NameClass::Sysvar)
    } else if SETL_PROCS.contains(&word) {
        Some(NameClass::Sysproc)
    } else if word == "not" {
        Some(NameClass::Uop5)
    } else {
        None
    }
}

pub fn is_sysval(name: &str) -> bool {
    SYSVALS.contains(&name) || SYSVARS.contains(&name)
}

/// A library constant's value.
enum Const {
    Om,
    Bool(bool),
    Int(i64),
    Str(&'static str),
}

/// The library constants (`om`, `true`, `stdin`, `no_error`, …).
const CONSTANTS: &[(&str, Const)] = &[
    ("om", Const::Om),
    ("true", Const::Bool(true)),
    ("false", Const::Bool(false)),
    ("stdin", Const::Int(0)),
    ("seek_set", Const::Int(0)),
    ("close_await", Const::Int(0)),
    ("stdout", Const::Int(1)),
    ("seek_cur", Const::Int(1)),
    ("close_autoreap", Const::Int(1)),
    ("stderr", Const::Int(2)),
    ("seek_end", Const::Int(2)),
    ("close_zombie", Const::Int(2)),
    ("shut_rd", Const::Int(0)),
    ("shut_wr", Const::Int(1)),
    ("shut_rdwr", Const::Int(2)),
    ("no_error", Const::Str("Success")),
];

/// The value of a library constant.
pub fn constant(name: &str) -> Option<Value> {
    let (_, c) = CONSTANTS.iter().find(|(n, _)| *n == name)?;
    Some(match c {
        Const::Om => Value::Om,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::Str(s) => Value::str(*s),
    })
}

/// Library state that lives as long as the run.
pub struct State {
    pub command_line: Vec<Vec<u8>>,
    pub command_name: Vec<u8>,
    pub last_errno: i32,
    /// `-r`: built-ins that touch the file system or other processes stop
    /// the program instead.
    pub restricted: bool,
    /// `--allow-…`: what restricted mode lets through.
    pub allow: Allow,
    /// The umask at startup, which restricted mode keeps set.
    pub initial_umask: u32,
    /// The status of the last child waited for (`system`, `waitpid`, ...).
    pub status: Value,
    pub magic: bool,
    pub intslash: bool,
    pub next_atom: u64,
    pub rng: u64,
    pub start: std::time::Instant,
    /// The blocks of the `mem_*` routines.
    pub memory: memory_blocks::MemoryBlocks,
}

impl State {
    pub fn new(args: Vec<Vec<u8>>, command_name: Vec<u8>) -> State {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        State {
            command_line: args,
            command_name,
            last_errno: 0,
            restricted: false,
            allow: Allow::default(),
            initial_umask: startup_umask(),
            status: Value::Om,
            magic: true,
            intslash: false,
            next_atom: 1,
            rng: seed | 1,
            start: std::time::Instant::now(),
            memory: memory_blocks::MemoryBlocks::default(),
        }
    }

    /// The next pseudo-random 64-bit number (xorshift64*).
    pub fn next_random(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Records a failure for `last_error` (which only `clear_error` resets).
    pub fn set_errno(&mut self, e: nix::errno::Errno) {
        self.last_errno = e as i32;
    }

    /// The strerror text of the last failure (`last_error`).
    pub fn last_error(&self) -> Value {
        Value::str(strerror(self.last_errno))
    }
}

/// The process's umask, read without changing it.
fn startup_umask() -> u32 {
    use nix::sys::stat::{umask, Mode};
    let m = umask(Mode::empty());
    umask(m);
    m.bits()
}

/// The exemptions from restricted mode given on the command line
/// (GNU SETL's `--allow-…` options).
#[derive(Clone, Debug, Default)]
pub struct Allow {
    /// `--allow-filter=CMD`: commands `filter` may run, exactly.
    pub filter: Vec<Vec<u8>>,
    /// `--allow-system=CMD`: commands `system` may run, exactly.
    pub system: Vec<Vec<u8>>,
    /// `--allow-open=WHAT,HOW`: what `open` may open, and in which mode.
    pub open: Vec<(Vec<u8>, Vec<u8>)>,
    /// `--allow-fd-open=FD,HOW`: existing fds `open` may take over.
    pub fd_open: Vec<(i64, Vec<u8>)>,
    /// `--allow-mkstemp=TEMPLATE`: templates `mkstemp` may use, exactly.
    pub mkstemp: Vec<Vec<u8>>,
}

impl State {
    /// In restricted mode, stops a `system` or `filter` of a command that
    /// no `--allow-system` or `--allow-filter` names.
    pub fn allowed(&self, what: &str, cmd: &[u8]) -> Result<(), crate::ops::Fail> {
        let list = if what == "filter" {
            &self.allow.filter
        } else {
            &self.allow.system
        };
        if !self.restricted || list.iter().any(|c| c == cmd) {
            return Ok(());
        }
        Err(crate::ops::Fail::new(format!(
            "{what}(\"{}\") is not allowed in restricted mode",
            String::from_utf8_lossy(cmd)
        )))
    }
}

/// The C library's message for an errno value, as `last_error` shows it;
/// a negative value is a resolver failure, shown by gai_strerror.
pub(crate) fn strerror(errno: i32) -> String {
    if errno == 0 {
        return "Success".to_string();
    }
    if errno < 0 {
        return crate::io::socket::resolver_message(errno);
    }
    std::io::Error::from_raw_os_error(errno)
        .to_string()
        .split(" (os error")
        .next()
        .unwrap_or("")
        .to_string()
}

/// Stops a built-in that touches the file system or other processes when
/// the program runs in restricted mode (`-r`, for untrusted code).
pub(crate) fn unrestricted(it: &Interp, what: &str) -> Result<(), Fail> {
    if it.lib.restricted {
        return Err(Fail::new(format!(
            "{what} is not allowed in restricted mode"
        )));
    }
    Ok(())
}

/// The value of a library value or variable.
pub fn sysval(interp: &mut Interp, name: &str) -> Value {
    let st = &interp.lib;
    match name {
        "command_line" => Value::tuple(
            st.command_line
                .iter()
                .map(|a| Value::str(a.clone()))
                .collect(),
        ),
        "command_name" => Value::str(st.command_name.clone()),
        "last_error" => st.last_error(),
        "last_errno" => Value::Int(st.last_errno as i64),
        "magic" => Value::Bool(st.magic),
        "intslash" => Value::Bool(st.intslash),
        "nargs" => Value::Int(interp.nargs() as i64),
        "status" => st.status.clone(),
        "date" => Value::str(os::date_string()),
        "hostname" => Value::str(os::hostname()),
        "hostaddr" => sockets::hostaddr(interp),
        _ => Value::Om,
    }
}

/// Assigns a library variable.
pub fn set_sysvar(interp: &mut Interp, name: &str, v: Value) -> Result<(), Fail> {
    let b = v
        .as_bool()
        .ok_or_else(|| Fail::new(format!("{name} must be set to a boolean")))?;
    match name {
        "magic" => interp.lib.magic = b,
        "intslash" => interp.lib.intslash = b,
        _ => return Err(Fail::new(format!("{name} cannot be assigned"))),
    }
    Ok(())
}

/// Argument-checking helpers shared by the theme modules.
pub(crate) fn want_str<'a>(fname: &str, v: &'a Value) -> Result<&'a [u8], Fail> {
    v.as_bytes().ok_or_else(|| arg_type(fname, v, "a string"))
}

/// A path argument: a string the C library can take (no NUL byte).
pub(crate) fn want_path<'a>(fname: &str, v: &'a Value) -> Result<&'a [u8], Fail> {
    let p = want_str(fname, v)?;
    if p.contains(&0) {
        return Err(
            Fail::new(format!("{fname}: a path cannot contain a NUL byte"))
                .note(format!("argument: {}", crate::ops::show(v))),
        );
    }
    Ok(p)
}

pub(crate) fn want_int(fname: &str, v: &Value) -> Result<i64, Fail> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Big(_) => Err(Fail::new(format!("{fname}: integer argument out of range"))
            .note(format!("argument: {}", crate::ops::show(v)))),
        _ => Err(arg_type(fname, v, "an integer")),
    }
}

/// A numeric argument (integer or real) as a float.
pub(crate) fn want_num(fname: &str, v: &Value) -> Result<f64, Fail> {
    if crate::value::num::is_num(v) {
        Ok(crate::value::num::to_f64(v))
    } else {
        Err(arg_type(fname, v, "a number"))
    }
}

pub(crate) fn arg_type(fname: &str, v: &Value, want: &str) -> Fail {
    Fail::new(format!("{fname} needs {want}, not {}", v.type_name()))
        .note(format!("argument: {}", crate::ops::show(v)))
}
