//! `unstr`, `denotype`, `val` and `reada` of any string.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| setl::fuzzing::read_values(data));
