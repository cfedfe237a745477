//! Any bytes through the lexer, the preprocessor, the parser and the
//! resolver.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| setl::fuzzing::front_end(data));
