//! The command line: the ways of giving a program to `setl`, arguments
//! reaching the program, exit statuses, --help / --version, and a missing
//! file.

mod common;

use common::{run_setl, TempDir};

#[test]
fn dash_e_runs_program_text() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["-e", "print(1);"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "1\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn program_text_as_argument_when_no_such_file() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["print(2);"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "2\n");
}

#[test]
fn a_file_wins_over_program_text() {
    // With a file of that name present, the argument names the file.
    let dir = TempDir::new("cli");
    std::fs::write(dir.path().join("print(2);"), "print(3);\n").unwrap();
    let run = run_setl(dir.path(), &["print(2);"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "3\n");
}

#[test]
fn file_argument_runs_the_file() {
    let dir = TempDir::new("cli");
    std::fs::write(dir.path().join("p.setl"), "print(6 * 7);\n").unwrap();
    let run = run_setl(dir.path(), &["p.setl"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "42\n");
}

#[test]
fn dash_reads_program_from_stdin() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["-"], "x := 20;\nprint(x + 1);\n");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "21\n");
}

#[test]
fn args_reach_the_program_as_command_line() {
    let dir = TempDir::new("cli");
    let prog = "print(command_line); print(#command_line);";
    let run = run_setl(dir.path(), &["-e", prog, "a", "b c", "3"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // The arguments are strings; inside a tuple, print quotes those that
    // would otherwise read as something else (as GNU SETL does).
    assert_eq!(run.stdout, "[a 'b c' '3']\n3\n");

    std::fs::write(dir.path().join("p.setl"), "print(command_line(2));\n").unwrap();
    let run = run_setl(dir.path(), &["p.setl", "first", "second"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "second\n");

    let run = run_setl(dir.path(), &["-", "x", "y"], "print(command_line);\n");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "[x y]\n");
}

#[test]
fn no_args_means_empty_command_line() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["-e", "print(command_line = []);"], "");
    assert_eq!(run.stdout, "#T\n");
}

#[test]
fn stop_sets_the_exit_status() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["-e", "print('a'); stop 3; print('b');"], "");
    assert_eq!(run.code, Some(3));
    assert_eq!(run.stdout, "a\n");
    let run = run_setl(dir.path(), &["-e", "stop;"], "");
    assert_eq!(run.code, Some(0));
}

#[test]
fn runtime_error_exits_1() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["-e", "print(1); print(1 div 0);"], "");
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "1\n");
    assert!(run.stderr.contains("DIV"), "{}", run.stderr);
}

#[test]
fn help_exits_0_and_describes_usage() {
    let dir = TempDir::new("cli");
    for flag in ["--help", "-h"] {
        let run = run_setl(dir.path(), &[flag], "");
        assert_eq!(run.code, Some(0), "{flag}: {}", run.stderr);
        let text = format!("{}{}", run.stdout, run.stderr);
        assert!(text.contains("-e"), "{flag}: {text}");
        assert!(text.to_lowercase().contains("usage"), "{flag}: {text}");
    }
}

#[test]
fn version_exits_0_and_names_the_version() {
    let dir = TempDir::new("cli");
    for flag in ["--version", "-V"] {
        let run = run_setl(dir.path(), &[flag], "");
        assert_eq!(run.code, Some(0), "{flag}: {}", run.stderr);
        assert!(
            run.stdout.contains(env!("CARGO_PKG_VERSION")),
            "{flag}: {}",
            run.stdout
        );
    }
}

#[test]
fn missing_file_is_a_clear_error() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["nosuch.setl"], "");
    assert_ne!(run.code, Some(0));
    assert!(run.code.is_some(), "killed by a signal");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("nosuch.setl"), "{}", run.stderr);
    insta::assert_snapshot!("missing_file", run.stderr);
}

/// A program that uses -I, -D and -U: an include found through -I, a
/// macro with a value, one without, and one defined and then undefined.
const CPP_PROG: &str = "#include \"x.setl\"\nprint(N);\n#ifdef FLAG\nprint('flag');\n#endif\n#ifndef GONE\nprint('gone');\n#endif\n";

#[test]
fn include_dirs_and_defines_from_the_command_line() {
    let dir = TempDir::new("cli");
    dir.write("inc/x.setl", "print('from inc');\n");
    dir.write("p.setl", CPP_PROG);
    let args = ["-Iinc", "-DN=3", "-DFLAG", "-DGONE=1", "-UGONE", "p.setl"];
    let run = run_setl(dir.path(), &args, "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "from inc\n3\nflag\ngone\n");
}

#[test]
fn define_without_value_is_1_and_implies_cpp() {
    let dir = TempDir::new("cli");
    // No '#' line, '__' or backslash: only -D runs the preprocessor.
    let run = run_setl(dir.path(), &["-DN", "-e", "print(N + 1);"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "2\n");
}

#[test]
fn nocpp_leaves_directives_to_the_parser_and_the_last_choice_wins() {
    let dir = TempDir::new("cli");
    dir.write("p.setl", "print(1);\n#if 0\nprint(2);\n#endif\n");
    let run = run_setl(dir.path(), &["--nocpp", "p.setl"], "");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.starts_with("syntax error"), "{}", run.stderr);
    let run = run_setl(dir.path(), &["--nocpp", "--cpp", "p.setl"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "1\n");
}

#[test]
fn include_option_needs_its_directory_attached() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["-I", "inc", "-e", "print(1);"], "");
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("unknown option -I"), "{}", run.stderr);
}
