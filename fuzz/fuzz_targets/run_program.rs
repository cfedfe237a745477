//! Any program that parses, run restricted under a time and memory limit.
#![no_main]
libfuzzer_sys::fuzz_target!(init: setl::fuzzing::discard_output(), |data: &[u8]| {
    setl::fuzzing::run_program(data)
});
