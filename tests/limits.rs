//! Limits a user sets (`--maxmem`, `--timeout`) and failures the system
//! produces (a full disk, a file-size limit, no file descriptors left):
//! each ends in a diagnostic or in `last_error`, never in lost output, a
//! torn file or an abort.

mod common;

use common::{run_setl, run_setl_ulimit, TempDir};

/// Runs `code` with the leading `opts`; the run must fail with a
/// diagnostic containing `want`.
fn stops_with(opts: &[&str], code: &str, want: &str) {
    let dir = TempDir::new("limits");
    let mut args = opts.to_vec();
    args.extend(["-e", code]);
    let r = run_setl(dir.path(), &args, "");
    assert_eq!(r.code, Some(1), "{code}: {}", r.stderr);
    assert!(r.stderr.contains(want), "{code}: {}", r.stderr);
    assert!(r.stderr.contains("<-e>:1:"), "a position: {}", r.stderr);
}

#[test]
fn maxmem_stops_programs_that_grow_past_it() {
    let m = ["--maxmem=100m"];
    stops_with(&m, "x := [1..10**8];", "--maxmem=100m");
    stops_with(&m, "s := 'a'; loop s := s + s; end loop;", "--maxmem=100m");
    stops_with(&m, "t := [1]; loop t := t + t; end loop;", "--maxmem=100m");
    stops_with(&m, "x := 'a' * 10**10;", "too large");
    stops_with(
        &m,
        "print(f(1)); proc f(n); return [n] + f(n + 1); end proc;",
        "runtime error",
    );
    // Within the limit, nothing changes.
    let dir = TempDir::new("limits");
    let r = run_setl(
        dir.path(),
        &["--maxmem=100m", "-e", "print(#[1..10**5]);"],
        "",
    );
    assert_eq!((r.code, r.stdout.as_str()), (Some(0), "100000\n"));
}

#[test]
fn boolean_tuples_take_a_byte_an_element() {
    // Five tuples of 4 million flags: 20 MB packed, 320 MB as 16-byte
    // values, so every way of building one must keep it packed to stay
    // within 40 MB.
    let code = "n := 4000000; p := [true : i in [1..n]]; p(2) := false; \
                q := n * [false]; r := p + [true]; s := reverse p; \
                t := []; for i in [1..n] loop t(i) := i mod 3 = 0; end loop; \
                print(#p, #q, #r, #s, #t, [i : i in [1..10] | t(i)], p(2), s(#s - 1));";
    let dir = TempDir::new("limits");
    let r = run_setl(dir.path(), &["--maxmem=40m", "-e", code], "");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            Some(0),
            "4000000 4000000 4000001 4000000 4000000 [3 6 9] #F #F\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_limits_are_refused() {
    let dir = TempDir::new("limits");
    for opt in [
        "--maxmem=lots",
        "--maxmem=0",
        "--timeout=-1",
        "--timeout=soon",
    ] {
        let r = run_setl(dir.path(), &[opt, "-e", "print(1);"], "");
        assert_eq!(r.code, Some(2), "{opt}");
        assert!(
            r.stderr.contains(opt.split('=').next().unwrap_or("")),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn timeout_stops_a_runaway_loop() {
    let start = std::time::Instant::now();
    stops_with(&["--timeout=0.5"], "loop pass; end loop;", "--timeout=0.5");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn timeout_stops_a_wait_on_a_timer() {
    // Found by the run_program fuzz target: the read ignored the stop flag.
    let start = std::time::Instant::now();
    stops_with(
        &["--timeout=0.5"],
        "fd := open('86400000', 'real-ms'); l := getline fd; print(l);",
        "--timeout=0.5",
    );
    // Not the forced exit three seconds after the limit.
    assert!(start.elapsed() < std::time::Duration::from_millis(2500));
}

#[test]
fn timeout_stops_a_read_of_a_silent_pipe_and_keeps_the_output() {
    // The read once blocked until the forced exit three seconds later,
    // which lost the buffered output.
    let dir = TempDir::new("limits");
    let start = std::time::Instant::now();
    let code = "print('before'); [r, w] := pipe(); l := getline r; print(l);";
    let r = run_setl(dir.path(), &["--timeout=0.5", "-e", code], "");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(1), "before\n"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--timeout=0.5"), "{}", r.stderr);
    assert!(start.elapsed() < std::time::Duration::from_millis(2500));
}

#[test]
fn deeply_nested_denotations_read_without_overflowing_the_stack() {
    // Ten million brackets: the reader once recursed once per bracket.
    let dir = TempDir::new("limits");
    let code = "n := 10**7; x := unstr('[' * n + ']' * n); print(#x); \
                print(unstr('[' * n) ? 'unclosed');";
    let r = run_setl(dir.path(), &["-e", code], "");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(1), "1\n"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("not the denotation"), "{}", r.stderr);
}

#[test]
fn deeply_nested_values_print_without_overflowing_the_stack() {
    // `str` once recursed once per level, and ten million levels
    // overflowed the interpreter's stack.
    let dir = TempDir::new("limits");
    let code = "x := []; for i in [1..10**7] loop x := [x]; end loop; print(#str x);";
    let r = run_setl(dir.path(), &["-e", code], "");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "20000002\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn output_lost_at_exit_is_reported() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_setl"))
        .args(["-e", "print('hello');"])
        .stdout(std::fs::File::create("/dev/full").expect("/dev/full"))
        .output()
        .expect("run setl");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("No space left on device"), "{err}");
}

#[test]
fn writes_past_the_file_size_limit_fail_cleanly() {
    let dir = TempDir::new("fsize");
    dir.write("data", "old\n");
    // ulimit -f counts 512-byte blocks: 1 allows 512 bytes.
    let code = "big := 'x' * 10000; \
        atomic_putfile('data', big); print(last_error); clear_error; \
        putfile('p', big); print(last_error); clear_error; \
        f := open('w', 'w'); printa(f, big); close(f); print(last_error); \
        print(getfile('data'));";
    let r = run_setl_ulimit(dir.path(), "-f 1", &["-e", code], "");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "File too large\nFile too large\nFile too large\nold\n\n"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".data"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn running_out_of_descriptors_sets_last_error() {
    let dir = TempDir::new("nofile");
    dir.write("exists", "x");
    let code = "fs := []; for i in [1..50] loop f := open('f' + str i, 'w'); \
        if f = om then print(last_error); quit; end if; fs with:= f; end loop; \
        clear_error; print(getfile('exists') = om, last_error); clear_error; \
        putfile('auto', 'x');";
    let r = run_setl_ulimit(dir.path(), "-n 16", &["-e", code], "");
    assert_eq!(r.stdout, "Too many open files\n#T Too many open files\n");
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("Cannot auto-open"), "{}", r.stderr);
    assert!(r.stderr.contains("Too many open files"), "{}", r.stderr);
}

#[test]
fn long_expressions_compile_in_linear_time() {
    // Compiling a routine once took time quadratic in the depth of an
    // expression: a sum of 100,000 terms did not finish in minutes.
    let dir = TempDir::new("limits");
    let sum = vec!["n"; 100_000].join("+");
    let test = vec!["x = 0"; 50_000].join(" or ");
    let code = format!(
        "print(f(2)); x := 1; if {test} then print('no'); else print('yes'); end if; \
         proc f(n); return {sum}; end proc;"
    );
    std::fs::write(dir.path().join("long.setl"), code).expect("write the program");
    let r = run_setl(dir.path(), &["--timeout=60", "long.setl"], "");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "200000\nyes\n"),
        "{}",
        r.stderr
    );
}
