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
