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

/// `setl -i FILE` on a pseudo-terminal, as a person would start it.
fn interactive(dir: &TempDir, file: &str) -> rexpect::session::PtySession {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_setl"));
    cmd.args(["-i", file, "arg"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env_remove("XDG_STATE_HOME")
        .env("NO_COLOR", "1");
    rexpect::session::spawn_with_options(
        cmd,
        rexpect::reader::Options {
            timeout_ms: Some(10_000),
            strip_ansi_escape_codes: true,
        },
    )
    .expect("spawn setl -i")
}

#[test]
fn dash_i_runs_the_program_then_the_repl_in_its_session() {
    let dir = TempDir::new("cli-i");
    dir.write(
        "p.setl",
        "answer := 6 * 7;\nprint('ran with', command_line);\n\
         proc twice(n); return 2 * n; end proc;\n",
    );
    let mut p = interactive(&dir, "p.setl");
    p.exp_string("ran with [arg]")
        .expect("the program's output");
    p.exp_string("setl> ").expect("the prompt");
    p.send_line("answer + twice(1)").expect("send");
    p.exp_string("44")
        .expect("the program's variable and routine");
    p.exp_string("setl> ").expect("the prompt");
    p.send_line(":quit").expect("send");
    p.exp_eof().expect("exit");
}

#[test]
fn dash_i_after_a_runtime_error_keeps_the_session() {
    let dir = TempDir::new("cli-i");
    dir.write(
        "p.setl",
        "t := [1, 2, 3];\nprint(t(1) + om);\nprint('not reached');\n",
    );
    let mut p = interactive(&dir, "p.setl");
    let before = p.exp_string("setl> ").expect("the prompt after the error");
    assert!(before.contains("runtime error"), "{before}");
    assert!(before.contains("p.setl:2:"), "{before}");
    assert!(!before.contains("not reached"), "{before}");
    p.send_line("#t").expect("send");
    p.exp_string("3").expect("the program's variable");
    p.exp_string("setl> ").expect("the prompt");
}

/// What a process killed by SIGPIPE shows the shell: 128 + 13.
const SIGPIPE_STATUS: i32 = 141;

/// Runs program text with one stream (1 or 2) piped to a reader that
/// takes one line and closes the pipe; gives the shell's status and what
/// went to the other stream.
fn closed_pipe(code: &str, stream: i32) -> (i32, String) {
    use std::io::{BufRead, Read};
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let (out, err) = if stream == 1 {
        (Stdio::piped(), Stdio::piped())
    } else {
        (Stdio::null(), Stdio::piped())
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_setl"))
        .args(["-e", code])
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("spawn setl");
    let (mut reader, mut other): (Box<dyn Read>, Option<Box<dyn Read>>) = if stream == 1 {
        (
            Box::new(child.stdout.take().expect("stdout")),
            Some(Box::new(child.stderr.take().expect("stderr"))),
        )
    } else {
        (Box::new(child.stderr.take().expect("stderr")), None)
    };
    let mut line = String::new();
    std::io::BufReader::new(&mut reader)
        .read_line(&mut line)
        .expect("read a line");
    assert_eq!(line, "1\n");
    drop(reader);
    let status = child.wait().expect("wait");
    let mut said = String::new();
    if let Some(o) = other.as_mut() {
        o.read_to_string(&mut said).expect("read stderr");
    }
    let code = match (status.code(), status.signal()) {
        (Some(c), _) => c,
        (None, Some(sig)) => 128 + sig,
        (None, None) => -1,
    };
    (code, said)
}

#[test]
fn a_closed_pipe_ends_the_program_quietly_by_sigpipe() {
    // As in GNU SETL, and as `setl … | head -1` shows in the shell.
    let (status, stderr) = closed_pipe("loop print(1); end loop;", 1);
    assert_eq!(status, SIGPIPE_STATUS);
    assert_eq!(stderr, "");
    // GNU SETL dies the same way when another stream's reader goes.
    let (status, _) = closed_pipe("loop printa(stderr, 1); end loop;", 2);
    assert_eq!(status, SIGPIPE_STATUS);
}

#[test]
fn doc_describes_a_name() {
    let dir = TempDir::new("cli");
    let run = run_setl(dir.path(), &["--doc", "to_upper"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "to_upper s\n  s with ASCII letters in upper case\n  example: to_upper 'abc'  -- ABC\n"
    );
    let run = run_setl(dir.path(), &["--doc", "no_such_name"], "");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("--doc"), "{}", run.stderr);
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
