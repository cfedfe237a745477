//! setl: an interpreter for the SETL language, GNU SETL dialect.
pub mod builtins;
pub mod diag;
pub mod driver;
pub mod fuzzing;
pub mod inplace;
pub mod interp;
pub mod interrupt;
pub mod io;
pub mod limits;
pub mod memory;
pub mod ops;
pub mod preprocess;
pub mod repl;
pub mod resolve;
pub mod session;
pub mod syntax;
pub mod value;

/// Counts heap use for `--maxmem` (see `memory`).
#[global_allocator]
static ALLOCATOR: memory::Counting = memory::Counting;
