//! Entry points for the fuzz targets in `fuzz/` and for the replay of
//! their findings in `tests/fuzz_regressions.rs`: both call these, so a
//! regression case runs exactly the code the fuzzer ran. Each takes any
//! input and must return without panicking, aborting or hanging; whether
//! the input was a valid program does not matter.
//!
//! Programs run restricted (no file system, no processes, not even a copy
//! of themselves through `pump` or `pipe_from_child`), under a memory
//! cap (`crate::memory`) and a time limit (`crate::interrupt`), on a thread
//! with the interpreter's usual large stack.

use crate::builtins::lookup;
use crate::diag::Sources;
use crate::interp::{Interp, Outcome};
use crate::value::Value;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Lexes, preprocesses, parses and resolves `text` as a program, and
/// renders the diagnostic if there is one.
pub fn front_end(text: &[u8]) {
    let text = String::from_utf8_lossy(text);
    let mut sources = Sources::default();
    let opts = crate::preprocess::Options::default();
    let result = crate::preprocess::prepare(&mut sources, "<fuzz>", &text, &opts)
        .and_then(|file| crate::syntax::parse_program(sources.text(file), file))
        .and_then(|prog| crate::resolve::Resolver::new().add(prog, false));
    if let Err(d) = result {
        let _ = sources.render(&d);
    }
}

/// The time a fuzzed program may run before it is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(1);
/// The heap a fuzzed program may use before it is stopped.
pub const MEMORY_LIMIT: usize = 256 << 20;

/// Runs `text` as a restricted program under `TIME_LIMIT` and
/// `MEMORY_LIMIT`, its diagnostic rendered and dropped. Output goes
/// wherever the process's standard output goes: the fuzz targets send it
/// to /dev/null (`discard_output`).
pub fn run_program(text: &[u8]) {
    let text = String::from_utf8_lossy(text).into_owned();
    with_limits(move || {
        let mut session = match crate::session::Session::new(vec![], "fuzz") {
            Ok(s) => s,
            Err(_) => return,
        };
        session.interp.lib.restricted = true;
        session.interp.io.forbid_fork = true;
        if let Outcome::Failed(d) = session.run("<fuzz>", &text) {
            let _ = session.render(&d);
        }
        session.interp.io.kill_children();
    });
}

/// Reads `input` as value denotations in each way a program can: `unstr`,
/// `denotype`, `val`, and `reada` from a stream (the first byte says how
/// many values `reada` reads).
pub fn read_values(input: &[u8]) {
    let input = input.to_vec();
    with_limits(move || {
        let mut it = interp();
        let text = Value::str(input.as_slice());
        for name in ["unstr", "denotype", "val"] {
            let _ = call(&mut it, name, &mut [text.clone()]);
        }
        let count = input.first().map_or(1, |&b| usize::from(b % 4) + 1);
        let body = input.get(1..).unwrap_or_default();
        if let Some(fd) = stream_of(&mut it, body) {
            let mut args = vec![Value::Om; count + 1];
            args[0] = fd.clone();
            let _ = call(&mut it, "reada", &mut args);
            let _ = call(&mut it, "close", &mut [fd]);
        }
    });
}

/// Compiles and matches a pattern against a subject with each pattern
/// routine. The input is `FLAGS PATTERN \0 SUBJECT \0 REPLACEMENT`: bit 0
/// of FLAGS is `magic`.
pub fn match_pattern(input: &[u8]) {
    let Some((&flags, rest)) = input.split_first() else {
        return;
    };
    let mut parts = rest.splitn(3, |&b| b == 0);
    let pat = parts.next().unwrap_or_default().to_vec();
    let subject = parts.next().unwrap_or_default().to_vec();
    let rep = parts.next().unwrap_or_default().to_vec();
    with_limits(move || {
        let mut it = interp();
        it.lib.magic = flags & 1 == 1;
        let s = || Value::str(subject.as_slice());
        let p = || Value::str(pat.as_slice());
        let r = || Value::str(rep.as_slice());
        let pair = || Value::tuple(vec![p(), r()]);
        let _ = call(&mut it, "split", &mut [s(), p()]);
        let _ = call(&mut it, "sub", &mut [s(), p(), r()]);
        let _ = call(&mut it, "gsub", &mut [s(), p(), r()]);
        let _ = call(&mut it, "mark", &mut [s(), p()]);
        let _ = call(&mut it, "gmark", &mut [s(), p()]);
        let _ = call(&mut it, "mark", &mut [s(), pair()]);
        let _ = call(&mut it, "gsub", &mut [s(), pair(), r()]);
        let _ = crate::builtins::pattern_select(&subject, &pat, it.lib.magic);
        let _ = crate::builtins::pattern_span(&subject, Some(&p()), Some(&r()), it.lib.magic);
    });
}

/// Sends the process's standard output to /dev/null and takes standard
/// input from it, so fuzzed programs neither flood the fuzzer's terminal
/// nor wait for input.
pub fn discard_output() {
    use std::os::fd::AsRawFd;
    if let Ok(null) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
    {
        for fd in [0, 1] {
            // SAFETY: dup2 onto the standard descriptors; `null` stays open
            // until both are done.
            unsafe { nix::libc::dup2(null.as_raw_fd(), fd) };
        }
    }
}

/// An interpreter with no program, for calling built-ins directly.
fn interp() -> Interp {
    let mut it = Interp::new(Sources::default(), vec![], b"fuzz".to_vec());
    it.lib.restricted = true;
    it
}

/// Calls the built-in `name` as a program would.
fn call(it: &mut Interp, name: &str, args: &mut [Value]) -> Option<Value> {
    let b = lookup(name)?;
    (b.f)(it, args).ok()
}

/// A stream open for reading whose content is `body`: the read end of a
/// pipe that holds it (cut to what a pipe holds without a reader).
fn stream_of(it: &mut Interp, body: &[u8]) -> Option<Value> {
    let (r, w) = nix::unistd::pipe().ok()?;
    let mut w = std::fs::File::from(w);
    let _ = std::io::Write::write_all(&mut w, &body[..body.len().min(32 << 10)]);
    drop(w);
    let fd = std::os::fd::IntoRawFd::into_raw_fd(r);
    it.lib.restricted = false;
    let opened = call(
        it,
        "open",
        &mut [Value::Int(i64::from(fd)), Value::str("r")],
    );
    it.lib.restricted = true;
    match opened {
        Some(v) if !matches!(v, Value::Om) => Some(v),
        _ => {
            let _ = nix::unistd::close(fd);
            None
        }
    }
}

/// What a copy of the process made by a fuzzed program says before it
/// aborts (the program should have been unable to fork).
pub const FORKED: &str = "setl::fuzzing: the fuzzed program forked";

/// The deadline of the run in progress, in milliseconds since `epoch()`
/// (0: none); a watchdog thread stops the program when it passes.
static DEADLINE_MS: AtomicU64 = AtomicU64::new(0);

fn epoch() -> Instant {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *EPOCH.get_or_init(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_millis(10));
            let deadline = DEADLINE_MS.load(Relaxed);
            if deadline != 0 && now_ms() > deadline {
                crate::interrupt::request(crate::interrupt::Reason::Time);
            }
        });
        Instant::now()
    })
}

fn now_ms() -> u64 {
    epoch().elapsed().as_millis() as u64 + 1
}

/// Runs `f` on a large stack with the stop flag clear and the time limit
/// armed; a panic in it is passed on to the caller.
fn with_limits(f: impl FnOnce() + Send + 'static) {
    crate::interrupt::clear();
    crate::memory::set_limit(MEMORY_LIMIT);
    DEADLINE_MS.store(now_ms() + TIME_LIMIT.as_millis() as u64, Relaxed);
    let pid = std::process::id();
    let outcome = std::thread::Builder::new()
        .stack_size(crate::limits::STACK_BYTES)
        .spawn(move || {
            f();
            if std::process::id() != pid {
                // A copy of the fuzzer would go on fuzzing (or exit under
                // it): a finding, reported on the inherited stderr.
                eprintln!("{FORKED}");
                std::process::abort();
            }
        })
        .expect("a thread for the fuzzed program")
        .join();
    DEADLINE_MS.store(0, Relaxed);
    crate::interrupt::clear();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
