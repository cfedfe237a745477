//! Sizes a program controls are checked against these limits, so a request
//! the machine cannot meet ends in a diagnostic, not an abort.

/// Most elements (or bytes) a single string, tuple or set may be built with
/// in one operation such as `n * s` or `[1..n]`.
pub const MAX_ELEMENTS: usize = 1 << 28;

/// Deepest nesting of SETL routine calls.
pub const MAX_CALL_DEPTH: usize = 20_000;

/// Stack reserved for the interpreter thread; calls nest on it.
pub const STACK_BYTES: usize = 4 << 30;
