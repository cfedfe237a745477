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

/// Runs prog.setl beside other files (path, text) it includes; renders
/// every file and the run.
fn diagnose_with(src: &str, files: &[(&str, &str)]) -> String {
    let dir = TempDir::new("diag");
    let mut shown = format!("--- prog.setl\n{src}");
    for (name, text) in files {
        dir.write(name, text);
        shown.push_str(&format!("--- {name}\n{text}"));
    }
    dir.write("prog.setl", src);
    let run = run_setl(dir.path(), &["prog.setl"], "");
    format!(
        "{shown}--- {}\n--- stdout\n{}--- stderr\n{}--- end\n",
        run.status_line(),
        run.stdout,
        run.stderr
    )
}

macro_rules! preprocessor_diagnostics {
    ($($name:ident: $src:expr, $files:expr;)*) => {
        $(
            #[test]
            fn $name() {
                let text = diagnose_with($src, $files);
                assert!(text.contains("--- status: 1\n"), "{text}");
                insta::assert_snapshot!(stringify!($name), text);
            }
        )*
    };
}

// Diagnostics point at the text as written: the included file and its
// line, with the chain of includes, and the invocation of a macro.
preprocessor_diagnostics! {
    cpp_syntax_error_in_nested_include:
        "print('not printed');\n#include \"lib/defs.setl\"\n",
        &[("lib/defs.setl", "#define ONE 1\n#include \"more.setl\"\n"),
          ("lib/more.setl", "x := ONE;\ny := (x + ;\n")];
    cpp_runtime_error_in_include:
        "#include \"lib/ratio.setl\"\nprint(ratio(1, 2));\nprint(ratio(1, 0));\n#include \"lib/procs.setl\"\n",
        &[("lib/ratio.setl", "-- nothing to run\n"),
          ("lib/procs.setl", "proc ratio(a, b);\n  return a div b;\nend proc;\n")];
    cpp_runtime_error_after_macro:
        "#define HALF(x) ((x) div 2)\n#define ZERO 0\nprint(HALF(8));   print(7 div ZERO);\n",
        &[];
    cpp_runtime_error_after_line_directive:
        "x := 1;\n#line 40 \"generated.setl\"\nprint(x div 0);\n",
        &[];
    cpp_missing_include_in_include:
        "#include \"first.setl\"\n",
        &[("first.setl", "print(1);\n#include \"second.setl\"\n")];
    cpp_error_directive:
        "#ifndef CONFIG\n#error CONFIG must be defined (setl -DCONFIG)\n#endif\n",
        &[];
    cpp_include_cycle:
        "#include \"a.setl\"\n",
        &[("a.setl", "#include \"b.setl\"\n"), ("b.setl", "#include \"a.setl\"\n")];
    cpp_exploding_macros:
        "#define A0 x x\n#define A1 A0 A0\n#define A2 A1 A1\n#define A3 A2 A2\n#define A4 A3 A3\n#define A5 A4 A4\n#define A6 A5 A5\n#define A7 A6 A6\n#define A8 A7 A7\n#define A9 A8 A8\n#define B0 A9 A9\n#define B1 B0 B0\n#define B2 B1 B1\n#define B3 B2 B2\n#define B4 B3 B3\n#define B5 B4 B4\n#define B6 B5 B5\n#define B7 B6 B6\n#define B8 B7 B7\n#define B9 B8 B8\nprint(B9);\n",
        &[];
    cpp_deeply_nested_calls:
        &format!("#define F(x) [x]\nprint({}1{});\n", "F(".repeat(300), ")".repeat(300)),
        &[];
    // A backslash runs the preprocessor, which changes nothing here: the
    // diagnostic is the one given without it.
    cpp_backslash_only:
        "print('a\\tb');\nx := 1 +;\n",
        &[];
    cpp_unterminated_if:
        "#if 1\nprint(1);\n",
        &[];
    cpp_if_division_by_zero:
        "#define N 0\n#if 10 / N > 1\n#endif\n",
        &[];
}
