//! The `mem_*` routines never touch real memory: an address that is not
//! inside a live block (freed, past the end, made up), or a C string with
//! no NUL before its block ends, stops the program with a diagnostic that
//! names the routine (where GNU SETL would crash or corrupt its memory),
//! and restricted mode refuses them all after checking their arguments,
//! as GNU SETL does. What they do on valid addresses is a conformance case
//! (tests/conformance/lib/mem_blocks).

mod common;

use common::{run_setl, TempDir};

/// Runs `code` (with `args` before it) and checks that it stops at line 1
/// with status 1, saying `message`.
fn stops(args: &[&str], code: &str, message: &str) {
    let dir = TempDir::new("memory-blocks");
    let mut all = args.to_vec();
    all.push(code);
    let run = run_setl(dir.path(), &all, "");
    let first = run.stderr.lines().next().unwrap_or("");
    assert_eq!(run.code, Some(1), "{code}: {}", run.stderr);
    assert!(
        first.starts_with("runtime error: ") && first.contains(message),
        "{code}: {}",
        run.stderr
    );
    assert!(run.stderr.contains("<command line>:1:"), "{}", run.stderr);
}

#[test]
fn bad_addresses_stop_the_program() {
    let oob = "not all in one block from mem_alloc";
    stops(
        &[],
        "p := mem_alloc(4); x := mem_fetch_string(p, 5);",
        &format!("mem_fetch_string: 5 bytes at address 4294967296: {oob}"),
    );
    stops(
        &[],
        "p := mem_alloc(4); x := mem_fetch_string(p - 1, 1);",
        oob,
    );
    stops(
        &[],
        "p := mem_alloc(4); mem_free(p); x := mem_fetch_string(p, 1);",
        oob,
    );
    stops(
        &[],
        "x := mem_fetch_c_string(12345);",
        &format!("mem_fetch_c_string: 1 byte at address 12345: {oob}"),
    );
    stops(
        &[],
        "p := mem_alloc(4); mem_store_c_string('abcd', p);",
        &format!("mem_store_c_string: 5 bytes at address 4294967296: {oob}"),
    );
    stops(
        &[],
        "p := mem_alloc(2); q := mem_alloc(2); mem_copy(p, q, 3);",
        "mem_copy: 3 bytes",
    );
    stops(
        &[],
        "p := mem_alloc(2); mem_copy(p + 1, p, 2);",
        "mem_copy: 2 bytes",
    );
    stops(
        &[],
        "p := mem_alloc(4); mem_store_string('abcd', p); x := mem_fetch_c_string(p);",
        "mem_fetch_c_string: no NUL byte",
    );
    let not_block = "is not the address of a block from mem_alloc or mem_realloc";
    stops(
        &[],
        "p := mem_alloc(4); mem_free(p); mem_free(p);",
        &format!("mem_free: 4294967296 {not_block}"),
    );
    stops(&[], "p := mem_alloc(4); mem_free(p + 1);", not_block);
    stops(
        &[],
        "p := mem_alloc(4); q := mem_realloc(p, 8); q := mem_realloc(p, 8);",
        &format!("mem_realloc: 4294967296 {not_block}"),
    );
}

#[test]
fn sizes_past_what_can_be_had_stop_the_program() {
    stops(
        &[],
        "p := mem_alloc(2**62);",
        "mem_alloc: failed to obtain 4611686018427387904 bytes",
    );
    stops(
        &["--maxmem=10m"],
        "p := mem_alloc(2**30);",
        "not enough memory",
    );
    stops(
        &[],
        "p := mem_alloc(4); q := mem_realloc(p, 0);",
        "mem_realloc: failed to obtain 0 bytes",
    );
    stops(
        &[],
        "p := mem_alloc(2**64);",
        "mem_alloc: the length is out of range 0..18446744073709551615",
    );
}

#[test]
fn restricted_mode_refuses_them_after_checking_arguments() {
    for code in [
        "p := mem_alloc(4);",
        "mem_free(0);",
        "p := mem_realloc(0, 4);",
        "mem_copy(0, 0, 0);",
        "x := mem_fetch_string(0, 0);",
        "x := mem_fetch_c_string(0);",
        "mem_store_string('', 0);",
        "mem_store_c_string('', 0);",
    ] {
        let name = code.trim_start_matches("p := ").trim_start_matches("x := ");
        let name = &name[..name.find('(').unwrap_or(0)];
        stops(
            &["-r"],
            code,
            &format!("{name} is not allowed in restricted mode"),
        );
    }
    stops(
        &["-r"],
        "mem_free('x');",
        "mem_free needs an integer address, not STRING",
    );
    stops(
        &["-r"],
        "mem_store_c_string(1, 0);",
        "mem_store_c_string needs a string",
    );
}
