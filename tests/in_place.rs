//! `t := t op e` and `rw` parameters update their value in place (see
//! src/inplace.rs). These tests check that doing so never shows: a copy
//! taken before keeps its value, and a failed update leaves the variable
//! as it was in a session that goes on after errors.

mod common;

use setl::interp::Outcome;
use setl::session::Session;

fn stdout_of(code: &str) -> String {
    let (out, err, ok) = common::run_code(code);
    assert!(ok, "{code} failed: {err}");
    out
}

#[test]
fn each_idiom_gives_the_value_semantics_result() {
    let cases = [
        ("t := []; for i in [1..5] loop t := t + [i]; end loop; print(t);", "[1 2 3 4 5]\n"),
        ("t := []; for i in [1..5] loop t := t with i; end loop; print(t);", "[1 2 3 4 5]\n"),
        ("s := {}; for i in [1..5] loop s := s with i; end loop; print(s);", "{1 2 3 4 5}\n"),
        ("s := {}; for i in [1..5] loop s := s + {i}; end loop; print(s);", "{1 2 3 4 5}\n"),
        ("s := {1..5}; for i in [2, 4] loop s := s less i; end loop; print(s);", "{1 3 5}\n"),
        ("s := {1..5}; s := s - {1, 2}; s := s * {2..4}; s := s mod {4, 9}; print(s);", "{3 9}\n"),
        ("f := {}; for i in [1..3] loop f := f with [i, i * i]; end loop; print(f);", "{[1 1] [2 4] [3 9]}\n"),
        ("s := ''; for c in 'abc' loop s := s + c; end loop; print(s);", "abc\n"),
        ("n := 0; for i in [1..4] loop n := n + i; n := n * 1; end loop; print(n);", "10\n"),
        ("t := [[], [7]]; for i in [1..3] loop t(2) := t(2) + [i]; end loop; print(t);", "[[] [7 1 2 3]]\n"),
        ("f := {['k', {}]}; for i in [1..3] loop f('k') := f('k') with i; end loop; print(f);", "{[k {1 2 3}]}\n"),
        ("t := [[[1]]]; t(1)(1) := t(1)(1) with 2; print(t);", "[[[1 2]]]\n"),
        (
            "s := {}; for i in [1..3] loop add(s, i); end loop; print(s); proc add(rw s, x); s := s with x; end proc;",
            "{1 2 3}\n",
        ),
    ];
    for (code, want) in cases {
        assert_eq!(stdout_of(code), want, "{code}");
    }
}

#[test]
fn a_copy_taken_before_keeps_its_value() {
    let cases = [
        ("t := [1]; u := t; t := t + [2]; print(u, t);", "[1] [1 2]\n"),
        ("t := [1]; u := t; t := t with 2; print(u, t);", "[1] [1 2]\n"),
        ("s := {1}; u := s; s := s with 2; print(u, s);", "{1} {1 2}\n"),
        ("s := {1}; u := s; s := s + {2}; print(u, s);", "{1} {1 2}\n"),
        ("s := {1, 2}; u := s; s := s less 2; print(u, s);", "{1 2} {1}\n"),
        ("f := {}; u := f; f := f with [1, 2]; print(u, f);", "{} {[1 2]}\n"),
        ("s := 'ab'; u := s; s := s + 'c'; print(u, s);", "ab abc\n"),
        ("t := [[1]]; u := t(1); t(1) := t(1) + [2]; print(u, t);", "[1] [[1 2]]\n"),
        ("t := [[1]]; u := t; t(1) := t(1) + [2]; print(u, t);", "[[1]] [[1 2]]\n"),
        // The same value passed twice: one rw parameter must not change the other.
        (
            "a := [1]; b := a; both(a, a); print(a, b); proc both(rw x, y); x := x + [2]; print(y); end proc;",
            "[1]\n[1 2] [1]\n",
        ),
        (
            "s := {1}; u := s; add(s, 2); print(u, s); proc add(rw s, x); s := s with x; end proc;",
            "{1} {1 2}\n",
        ),
    ];
    for (code, want) in cases {
        assert_eq!(stdout_of(code), want, "{code}");
    }
}

#[test]
fn the_right_operand_sees_the_old_value_when_it_names_the_target() {
    // Not updated in place, and still left-to-right.
    let cases = [
        ("t := [1]; t := t + t; print(t);", "[1 1]\n"),
        ("t := [1]; t := t + [#t]; print(t);", "[1 1]\n"),
        (
            "var g := [1]; g := g + [p()]; print(g); proc p; return #g; end proc;",
            "[1 1]\n",
        ),
    ];
    for (code, want) in cases {
        assert_eq!(stdout_of(code), want, "{code}");
    }
}

/// A REPL-like session: runs `setup`, then `failing`, which must fail,
/// then returns the printed value of `probe`.
fn after_failure(setup: &str, failing: &str, probe: &str) -> String {
    let mut s = Session::new(Vec::new(), "setl").unwrap_or_else(|_| panic!("session"));
    s.interp.resumable = true;
    assert!(matches!(s.run("<setup>", setup), Outcome::Done), "{setup}");
    assert!(
        matches!(s.run("<failing>", failing), Outcome::Failed(_)),
        "{failing} should fail"
    );
    let e = setl::syntax::parse_expr(probe, 0).unwrap_or_else(|_| panic!("parse {probe}"));
    match s.eval(e) {
        Ok(v) => setl::ops::show(&v),
        Err(d) => panic!("{probe}: {}", d.msg),
    }
}

#[test]
fn a_failed_update_leaves_the_variable_as_it_was() {
    let t = "t := [1, 2];";
    assert_eq!(after_failure(t, "t := t + [1 div 0];", "t"), "[1 2]");
    assert_eq!(after_failure(t, "t := t + 5;", "t"), "[1 2]");
    assert_eq!(after_failure(t, "t +:= 5;", "t"), "[1 2]");
    assert_eq!(after_failure(t, "t := t with (1 div 0);", "t"), "[1 2]");
    assert_eq!(after_failure(t, "t(5) := t(5) + [1];", "t"), "[1 2]");
    assert_eq!(after_failure(t, "t(5) -:= 1;", "t"), "[1 2]");
    let s = "s := {1};";
    assert_eq!(after_failure(s, "s := s + 1;", "s"), "{1}");
    assert_eq!(after_failure(s, "s := s with (om + 1);", "s"), "{1}");
    let n = "n := 3;";
    assert_eq!(after_failure(n, "n := n + [1];", "n"), "3");
    // rw: the routine fails after changing its parameter; the caller's
    // variable keeps the value it had before the call.
    let rw = "s := {1}; proc add(rw s, x); s := s with x; s := s + 1; end proc;";
    assert_eq!(after_failure(rw, "add(s, 2);", "s"), "{1}");
}
