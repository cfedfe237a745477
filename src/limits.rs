//! Sizes a program controls are checked against these limits, so a request
//! the machine cannot meet ends in a diagnostic, not an abort.

/// Most elements (or bytes) a single string, tuple or set may be built with
/// in one operation such as `n * s` or `[1..n]`.
pub const MAX_ELEMENTS: usize = 1 << 28;

/// Stack reserved for the interpreter thread; calls nest on it.
pub const STACK_BYTES: usize = 1 << 30;

/// How much of that stack SETL calls may use before "recursion too deep":
/// the rest is headroom for the deepest single call (measured at about
/// 3 KB per level for simple recursion, so about 300,000 levels).
pub const STACK_USE_LIMIT: usize = STACK_BYTES - (64 << 20);

/// Approximate address of the caller's stack frame, to measure how deep
/// the interpreter has recursed.
#[inline(always)]
pub fn stack_position() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}
