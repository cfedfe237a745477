//! Names GNU SETL reserves but does not implement. GNU SETL parses a call
//! of one and stops when it runs, with a message of its own ("Not yet
//! implemented", "IS_OP has been retired", …); so does this interpreter,
//! with the same words, the routine's name and the position of the call.
//! They are names, not identifiers, here too: a program cannot use them
//! for its own variables, exactly as under GNU SETL.
//!
//! tests/lexicon.rs checks that every name of GNU SETL's lexicon
//! (tests/gnu_lexicon.txt) is either a built-in or one of these.

use super::NameClass::{Sysproc, Uop15, Uop5};
use super::{Builtin, ANY};

/// One reserved name: how it parses, its arity in GNU SETL and what the
/// call stops with. `$text` is GNU SETL's message; a message that does not
/// name the routine (GNU's generic "Not yet implemented") gets the name in
/// front.
macro_rules! reserved {
    ($($name:literal $class:ident $min:literal..$max:expr, $text:literal;)*) => {
        /// The reserved names, as built-ins that stop the program.
        pub const TABLE: &[Builtin] = &[$(super::b($name, $class, |_, _| {
            Err(crate::ops::Fail::new(if $text.contains(&*$name.to_uppercase()) {
                $text.to_string()
            } else {
                format!("{}: {}", $name, $text)
            }))
        }, $min, $max),)*];
    };
}

reserved! {
    "abort" Sysproc 1..1, "Not yet implemented";
    "apply" Sysproc 1..ANY, "Not yet implemented";
    "arg" Uop15 1..1, "ARG not yet implemented";
    "binstr" Uop15 1..1, "Not yet implemented";
    "callf" Sysproc 3..3, "CALLF not implemented, whatever it was supposed to mean";
    "callout2" Sysproc 3..3, "CALLOUT2 not yet implemented";
    "compile" Uop15 1..1, "COMPILE not yet implemented";
    "complex" Uop15 1..1, "COMPLEX not yet implemented";
    "double" Uop15 1..1, "DOUBLE operator not yet implemented";
    "eject" Sysproc 0..ANY, "EJECT not implemented for this pilot. Try printing ctrl-L.";
    "eval" Uop15 1..1, "Not yet implemented";
    "execute" Uop15 1..1, "EXECUTE not yet implemented";
    "fprintf" Sysproc 2..ANY, "Not yet implemented";
    "fscanf" Sysproc 2..ANY, "Not yet implemented";
    "getem" Sysproc 2..2, "GETEM not implemented (whatever it means)";
    "getf" Sysproc 1..ANY, "GETF not implemented (whatever it means)";
    "getipp" Sysproc 1..1, "GETIPP not implemented (whatever it means)";
    "getk" Sysproc 0..ANY, "GETK not implemented (whatever it means)";
    "getspp" Sysproc 1..1, "GETSPP not implemented (whatever it means)";
    "host" Sysproc 0..ANY, "HOST not implemented";
    "imag" Uop15 1..1, "IMAG not yet implemented";
    "int" Uop15 1..1, "INT function not implemented";
    "is_complex" Uop5 1..1, "IS_COMPLEX not yet implemented";
    "is_double" Uop5 1..1, "IS_DOUBLE not yet implemented";
    "is_float" Uop5 1..1, "IS_FLOAT not yet implemented";
    "is_op" Uop5 1..1, "IS_OP has been retired. Please use IS_ROUTINE instead.";
    "is_operator" Uop5 1..1, "IS_OP has been retired. Please use IS_ROUTINE instead.";
    "is_there" Uop5 1..1, "IS_THERE not yet implemented";
    "lev" Sysproc 0..0, "LEV not yet implemented";
    "ok" Sysproc 0..0, "OK (nondeterministic BOOLEAN generator) not implemented";
    "printf" Sysproc 1..ANY, "Not yet implemented";
    "putf" Sysproc 1..ANY, "PUTF not implemented (whatever it means)";
    "putk" Sysproc 0..ANY, "PUTK not implemented (whatever it means)";
    "scanf" Sysproc 1..ANY, "Not yet implemented";
    "setem" Sysproc 2..2, "SETEM not implemented (whatever it means)";
    "sprintf" Sysproc 1..ANY, "Not yet implemented";
    "sscanf" Sysproc 2..ANY, "Not yet implemented";
    "title" Sysproc 0..ANY, "TITLE not implemented";
    "trim" Sysproc 1..ANY, "Not yet implemented";
    "unbinstr" Uop15 1..1, "Not yet implemented";
    "untie" Sysproc 2..2, "Not yet implemented";
}

/// Whether a name is only reserved (it has no documentation entry).
pub fn is_reserved(name: &str) -> bool {
    TABLE.iter().any(|b| b.name == name)
}
