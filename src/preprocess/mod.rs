//! GNU SETL's preprocessor, in the process: `#include`, `#define` and
//! `#undef` (object-like and function-like macros), `#if`, `#ifdef`,
//! `#ifndef`, `#elif`, `#else`, `#endif`, `#error` and `#line`, read the way
//! GNU's `setlcpp` (cpp 2.7.2.1 in SETL mode) reads them.
//!
//! GNU SETL runs its preprocessor only when a program needs it (`needed`),
//! so a program without directives costs one scan for `#`. The output keeps
//! a source map, and diagnostics name the file, line and column the user
//! wrote, with the chain of includes.
//!
//! | file | does |
//! |---|---|
//! | `scan.rs` | logical lines, preprocessing tokens, comments |
//! | `directive.rs` | which directive a line is, and its operands |
//! | `macros.rs` | the macro table and expansion |
//! | `expr.rs` | the integer expressions of `#if` |
//! | `engine.rs` | the main loop: files, conditionals, output |
//! | `map.rs` | output positions back to file:line:col |

mod directive;
mod engine;
mod expr;
mod macros;
mod map;
mod scan;

pub use map::{Origin, SourceMap, View};

use crate::diag::{Diag, Sources};

/// Whether to preprocess (`--cpp`, `--nocpp`, or GNU's test of the text).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Auto,
    On,
    Off,
}

/// A `-D` or `-U` option, applied in command-line order before the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Define {
    /// `-DNAME` (defined as 1) or `-DNAME=VALUE`.
    Set(String),
    /// `-UNAME`.
    Unset(String),
}

/// The preprocessor's command-line options.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub mode: Mode,
    /// `-IDIR`: where `#include` looks after the including file's directory.
    pub include_dirs: Vec<String>,
    pub defines: Vec<Define>,
}

/// A preprocessing error at a byte offset of the file being read.
#[derive(Debug)]
pub struct PpError {
    pub at: u32,
    pub msg: String,
}

impl PpError {
    pub fn new(at: u32, msg: impl Into<String>) -> PpError {
        PpError {
            at,
            msg: msg.into(),
        }
    }
}

/// Adds a program to `sources`, preprocessed when `opts` or the text ask for
/// it; gives the id of the text to parse.
pub fn prepare(sources: &mut Sources, name: &str, text: &str, opts: &Options) -> Result<u16, Diag> {
    let wanted = match opts.mode {
        Mode::On => true,
        Mode::Off => false,
        Mode::Auto => needed(text),
    };
    if wanted {
        engine::run(sources, name, text, opts)
    } else {
        Ok(sources.add(name, text))
    }
}

/// GNU SETL's test for running the preprocessor: a line whose first
/// character other than blanks is `#`, or else `__` or a backslash anywhere
/// (a line-ending backslash joins lines; `__FILE__` and its kin are
/// macros). GNU leaves out `#!` lines and exact `#line N "file"` lines,
/// which its translator reads itself; here the preprocessor reads them, so
/// only a first-line `#!` (which the lexer skips) is left out.
pub fn needed(text: &str) -> bool {
    let b = text.as_bytes();
    for j in memchr::memchr_iter(b'#', b) {
        let blanks = b[..j]
            .iter()
            .rev()
            .take_while(|&&c| c != b'\n')
            .all(|c| matches!(c, b' ' | b'\t' | b'\r' | 0x0b | 0x0c));
        if blanks && !(j == 0 && b.get(1) == Some(&b'!')) {
            return true;
        }
    }
    memchr::memmem::find(b, b"__").is_some() || memchr::memchr(b'\\', b).is_some()
}

#[cfg(test)]
mod tests {
    use super::needed;

    #[test]
    fn gnu_decides_by_hash_lines_double_underscores_and_backslashes() {
        assert!(!needed("print(#[1, 2]);\nx := 1;\n"));
        assert!(!needed("#!/usr/bin/env setl\nprint(1);\n"));
        assert!(needed("#define X 1\n"));
        assert!(needed("print(1);\n  #if 0\n#endif\n"));
        assert!(needed("print(\n#[1]);\n"));
        assert!(needed("print(__LINE__);\n"));
        assert!(needed("print('a\\tb');\n"));
    }
}
