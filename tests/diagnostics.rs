//! Rendered diagnostics for erroneous programs.  Each program is written
//! to prog.setl in a fresh directory and run as `setl prog.setl`; the
//! snapshot (tests/snapshots/diagnostics__NAME.snap) holds the program,
//! the exit status, stdout and stderr, so that a reviewer can check that
//! the position, the caret and the message fit the program.

mod common;

use common::{run_setl, TempDir};

/// Runs `src` as prog.setl and renders everything a reviewer needs.
fn diagnose(src: &str) -> String {
    let dir = TempDir::new("diag");
    std::fs::write(dir.path().join("prog.setl"), src).expect("write prog.setl");
    let run = run_setl(dir.path(), &["prog.setl"], "");
    format!(
        "--- prog.setl\n{src}--- {}\n--- stdout\n{}--- stderr\n{}--- end\n",
        run.status_line(),
        run.stdout,
        run.stderr
    )
}

macro_rules! diagnostics {
    ($($name:ident: $src:expr;)*) => {
        $(
            #[test]
            fn $name() {
                let text = diagnose($src);
                // Every case here is an error: the run must fail cleanly,
                // with a status of 1 rather than a crash or a signal.
                assert!(text.contains("--- status: 1\n"), "{text}");
                insta::assert_snapshot!(stringify!($name), text);
            }
        )*
    };
}

diagnostics! {
    // ---- syntax errors: found before anything runs ----
    syntax_missing_semicolon: "x := 1\nprint(x);\n";
    syntax_chained_relation: "print(1 < 2 = 3);\n";
    syntax_unterminated_string: "print('abc);\n";
    syntax_bad_character: "x := 1 @ 2;\n";
    syntax_missing_expression: "x := ;\n";
    syntax_unbalanced_end: "if 1 < 2 then print(1); end if;\nend;\n";
    syntax_nothing_runs: "print('not printed');\nx := (1 + 2;\n";
    syntax_binary_operator_called: "print(atan2(1.0, 1.0));\n";
    // ---- errors found when procedures are resolved ----
    call_wrong_arity: "f(1, 2);\nproc f(x);\n  print(x);\nend proc;\n";
    call_undefined_procedure: "foo(1);\n";
    package_not_found: "program m;\nuse nosuch;\nprint(1);\nend m;\n";
    package_procedure_without_parentheses: "program m;\nuse p;\nprint(p.f);\nend m;\npackage p;\nproc f;\nend p;\npackage body p;\nproc f; return 1; end f;\nend p;\n";
    package_name_not_public: "program m;\nuse p;\nprint(p.hidden);\nend m;\npackage p;\nvar shown;\nend p;\npackage body p;\nvar hidden;\nend p;\n";
    // ---- runtime errors ----
    runtime_om_plus_integer: "x := om;\nprint(x + 1);\n";
    runtime_integer_div_by_zero: "n := 0;\nprint(10 div n);\n";
    runtime_mod_by_zero: "print('before');\nprint(7 mod 0);\nprint('after');\n";
    runtime_set_less_than_set: "print({1} < {2});\n";
    runtime_index_integer: "i := 5;\nprint(i(2));\n";
    runtime_tuple_less: "t := [1, 2, 3];\nt less:= 1;\nprint(t);\n";
    runtime_tuple_subscript_zero: "t := [1, 2];\nprint(t(0));\n";
    runtime_select_from_non_map_set: "s := {1, 2, 3};\nprint(s(1));\n";
    runtime_assert_false: "x := 1;\nassert x > 2;\nprint('unreachable');\n";
    runtime_huge_repetition: "s := (10**20) * 'x';\nprint(#s);\n";
    runtime_deep_recursion: "print(f(1));\nproc f(n);\n  return f(n + 1);\nend proc;\n";
    runtime_call_undefined_name: "print(undefined_thing(3));\n";
}
