//! Pattern compilation and matching with any pattern and subject.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| setl::fuzzing::match_pattern(data));
