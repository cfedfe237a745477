//! From program text to exit status: parse, load the SETL library,
//! resolve, run, and render any diagnostic on stderr.

use crate::diag::{Diag, Sources};
use crate::interp::Interp;
use crate::syntax::ast::Routine;
use crate::{resolve, syntax};
use std::io::Write;

/// The library written in SETL, embedded in the binary.
const STDLIB: &[(&str, &str)] = &[(
    "<stdlib/strings.setl>",
    include_str!("../stdlib/strings.setl"),
)];

/// Parses the embedded library files into their routines.
fn stdlib(sources: &mut Sources) -> Result<Vec<Routine>, Diag> {
    let mut routines = Vec::new();
    for (name, text) in STDLIB {
        let id = sources.add(name, text);
        routines.extend(syntax::parse_library(text, id)?.routines);
    }
    Ok(routines)
}

/// Runs a program; returns the process exit status. Diagnostics go to
/// stderr.
pub fn run_program(name: &str, text: &str, args: Vec<Vec<u8>>) -> i32 {
    let mut sources = Sources::default();
    let file = sources.add(name, text);
    let prepared = (|| {
        let prog = syntax::parse_program(text, file)?;
        let lib = stdlib(&mut sources)?;
        resolve::resolve(prog, lib)
    })();
    let resolved = match prepared {
        Ok(r) => r,
        Err(d) => {
            report(&sources, &d);
            return 1;
        }
    };
    let mut interp = Interp::new(sources, resolved, args, name.as_bytes().to_vec());
    match interp.run() {
        Ok(code) => code,
        Err(d) => {
            interp.io.flush_all();
            report(&interp.sources, &d);
            1
        }
    }
}

fn report(sources: &Sources, d: &Diag) {
    let text = sources.render(d);
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Runs `f` on a thread with a large stack, so deep SETL recursion ends in
/// the "recursion too deep" diagnostic rather than a stack overflow.
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new()
        .stack_size(crate::limits::STACK_BYTES)
        .spawn(f)
        .unwrap_or_else(|e| {
            eprintln!("setl: cannot start the interpreter thread: {e}");
            std::process::exit(70)
        });
    match handle.join() {
        Ok(v) => v,
        Err(_) => {
            eprintln!("setl: internal error (the interpreter thread panicked)");
            std::process::exit(70)
        }
    }
}
