//! setl: an interpreter for the SETL language, GNU SETL dialect.
pub mod builtins;
pub mod diag;
pub mod driver;
pub mod interp;
pub mod interrupt;
pub mod io;
pub mod limits;
pub mod ops;
pub mod preprocess;
pub mod repl;
pub mod resolve;
pub mod session;
pub mod syntax;
pub mod value;
