//! The REPL driven through a pseudo-terminal, as a person would use it.
//! Each test records a transcript (what was typed, what came back up to the
//! next prompt) and snapshots it.

mod common;

use common::TempDir;
use rexpect::reader::Options;
use rexpect::session::{spawn_with_options, PtySession};
use std::process::Command;

struct Repl {
    p: PtySession,
    transcript: String,
    home: TempDir,
}

/// Strips the terminal's carriage returns and rustyline's escape
/// sequences, keeping the text a person sees.
fn clean(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {}
            '\x1b' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    while let Some(&n) = chars.peek() {
                        chars.next();
                        if n.is_ascii_alphabetic() {
                            break;
                        }
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

impl Repl {
    fn start(tag: &str, color: bool) -> Repl {
        let home = TempDir::new(&format!("repl-{tag}"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_setl"));
        cmd.arg("--repl")
            .current_dir(home.path())
            .env("HOME", home.path())
            .env_remove("XDG_STATE_HOME");
        if color {
            cmd.env_remove("NO_COLOR");
        } else {
            cmd.env("NO_COLOR", "1");
        }
        let p = spawn_with_options(
            cmd,
            Options {
                timeout_ms: Some(10_000),
                strip_ansi_escape_codes: false,
            },
        )
        .expect("spawn the REPL");
        let mut r = Repl {
            p,
            transcript: String::new(),
            home,
        };
        r.p.exp_string("setl> ").expect("first prompt");
        r
    }

    /// Sends text to the terminal in one write, as a paste or a fast
    /// typist does.
    fn send_at_once(&mut self, text: &str) {
        self.p.send(text).expect("send");
        self.p.flush().expect("flush");
    }

    /// Types a line and records the reply up to the next prompt.
    fn line(&mut self, text: &str, next_prompt: &str) -> String {
        self.p.send_line(text).expect("send");
        let got = self.p.exp_string(next_prompt).expect("prompt after input");
        let got = clean(&got);
        // The terminal echoes the typed line first; keep only the reply.
        let reply = got
            .strip_prefix(text)
            .unwrap_or(&got)
            .trim_start_matches('\n')
            .to_string();
        self.transcript.push_str(&format!("> {text}\n{reply}"));
        self.transcript
            .push_str(&format!("[{}]\n", next_prompt.trim_end()));
        reply
    }
}

#[test]
fn expressions_statements_and_persistent_variables() {
    let mut r = Repl::start("basic", false);
    r.line("x := 5;", "setl> ");
    r.line("x * 2", "setl> ");
    r.line("x + 1;", "setl> ");
    r.line("s := {3, 1, 2}", "setl> ");
    r.line("s with 0", "setl> ");
    r.line(
        "for i in [1..3] loop nprint(i, ' '); end loop; print();",
        "setl> ",
    );
    r.line(":vars", "setl> ");
    r.p.send_line(":quit").expect("send");
    r.p.exp_eof().expect("exit");
    insta::assert_snapshot!(r.transcript);
}

#[test]
fn multi_line_procedure() {
    let mut r = Repl::start("proc", false);
    r.line("proc sq(n);", "...> ");
    r.line("  return n * n;", "...> ");
    r.line("end proc;", "setl> ");
    r.line("sq(7)", "setl> ");
    r.line("if sq(3) = 9 then", "...> ");
    r.line("  print('nine');", "...> ");
    r.line("end if;", "setl> ");
    insta::assert_snapshot!(r.transcript);
}

#[test]
fn errors_return_to_the_prompt_and_keep_the_session() {
    let mut r = Repl::start("errors", false);
    r.line("t := [1, 2, 3];", "setl> ");
    let err = r.line("t(1) + om", "setl> ");
    assert!(err.contains("runtime error"), "{err}");
    let err = r.line("print(1 < 2 = true);", "setl> ");
    assert!(err.contains("syntax error"), "{err}");
    r.line("t", "setl> ");
    insta::assert_snapshot!(r.transcript);
}

#[test]
fn ctrl_c_interrupts_a_running_loop_and_clears_a_line() {
    let mut r = Repl::start("ctrlc", false);
    r.line("n := 0;", "setl> ");
    r.p.send_line("loop n +:= 1; end loop;").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    r.p.send_control('c').expect("ctrl-c");
    let got = clean(&r.p.exp_string("setl> ").expect("prompt after interrupt"));
    assert!(got.contains("interrupted"), "{got}");
    assert_eq!(r.line("n > 0", "setl> ").trim(), "#T");
    r.p.send("this line is abandoned").expect("send");
    r.p.send_control('c').expect("ctrl-c");
    r.p.exp_string("setl> ").expect("prompt after clearing");
    assert_eq!(r.line("2 + 2", "setl> ").trim(), "4");
    r.p.send_control('d').expect("ctrl-d");
    r.p.exp_eof().expect("exit on ctrl-d");
    let status = r.p.process_mut().wait().expect("wait");
    assert!(
        matches!(status, rexpect::process::wait::WaitStatus::Exited(_, 0)),
        "{status:?}"
    );
}

#[test]
fn meta_commands_load_and_reset() {
    let mut r = Repl::start("meta", false);
    std::fs::write(
        r.home.path().join("lib.setl"),
        "greeting := 'hi';\nproc twice(x); return 2 * x; end proc;\n",
    )
    .expect("write file");
    r.line(":load lib.setl", "setl> ");
    r.line("twice(21)", "setl> ");
    r.line("greeting", "setl> ");
    r.line(":reset", "setl> ");
    r.line("greeting", "setl> ");
    r.line(":help", "setl> ");
    insta::assert_snapshot!(r.transcript);
}

#[test]
fn tab_completes_keywords_builtins_and_session_names() {
    let mut r = Repl::start("complete", false);
    r.line("counter_of_things := 41;", "setl> ");
    r.p.send("counter_o\t").expect("send");
    r.p.send(" + 1\n").expect("send");
    let shown = clean(&r.p.exp_string("42").expect("the sum"));
    assert!(shown.contains("counter_of_things + 1"), "{shown:?}");
    r.p.exp_string("setl> ").expect("prompt");
    r.p.send("to_upp\t 'shout'\n").expect("send");
    let shown = clean(&r.p.exp_string("SHOUT").expect("upper-cased"));
    assert!(shown.contains("to_upper 'shout'"), "{shown:?}");
    r.p.exp_string("setl> ").expect("prompt");
    r.p.send("notexi\t x in {1} | x > 1\n").expect("send");
    let shown = clean(&r.p.exp_string("#T").expect("the quantifier's value"));
    assert!(shown.contains("notexists x in {1}"), "{shown:?}");
}

#[test]
fn history_is_kept_between_sessions() {
    let mut r = Repl::start("history", false);
    r.line("print('remember me');", "setl> ");
    r.p.send_line(":quit").expect("send");
    r.p.exp_eof().expect("exit");
    let hist = r.home.path().join(".local/state/setl/history");
    let text = std::fs::read_to_string(&hist).expect("history file");
    assert!(text.contains("print('remember me');"), "{text}");
}

#[test]
fn colour_only_without_no_color() {
    let mut plain = Repl::start("nocolor", false);
    plain.p.send_line("1").expect("send");
    let raw = plain.p.exp_string("setl> ").expect("prompt");
    assert!(!raw.contains("\x1b[1;32m"), "{raw:?}");
    let mut colored = Repl::start("color", true);
    colored.p.send_line("1").expect("send");
    let raw = colored.p.exp_string("setl> ").expect("prompt");
    assert!(raw.contains("\x1b[1;32m"), "{raw:?}");
}

#[test]
fn without_a_terminal_the_program_comes_from_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_setl"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"x := 6;\nprint(x * 7);\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "42\n");
    assert!(out.status.success());
}

#[test]
fn lines_typed_ahead_in_one_write_are_all_read() {
    // No bracketed paste: what a fast typist, a plain terminal or a tool
    // driving the REPL sends. Every line must reach the session.
    let mut r = Repl::start("typeahead", false);
    r.send_at_once("proc twice(n);\r  return 2 * n;\rend proc;\rtwice(21);\r");
    r.p.exp_string("42").expect("the call's value");
    r.p.exp_string("setl> ").expect("back at the main prompt");
    assert_eq!(r.line("twice(5)", "setl> ").trim(), "10");
}

#[test]
fn a_bracketed_paste_runs_each_entry_in_order() {
    let mut r = Repl::start("paste", false);
    r.send_at_once("\x1b[200~proc twice(n); return 2 * n; end proc;\ntwice(21);\x1b[201~\r");
    r.p.exp_string("42").expect("the call's value");
    r.p.exp_string("setl> ").expect("prompt");
    // Two procedures with statements and expressions between them.
    r.send_at_once(
        "\x1b[200~proc up(n); return n + 100; end proc;\nx := up(1);\nx + 1\n\
         proc times(n); return n * 1000; end proc;\ntimes(x)\n\x1b[201~\r",
    );
    let got = clean(&r.p.exp_string("101000").expect("the last value"));
    assert!(got.ends_with("102\n"), "{got:?}");
    r.p.exp_string("setl> ").expect("prompt");
    // Several entries on one typed line run in order too.
    let reply = r.line(
        "proc sq(n); return n * n; end proc; sq(9); 1 + 1;",
        "setl> ",
    );
    assert_eq!(reply, "81\n2\n");
    // Ctrl-C still interrupts a running entry afterwards, and drops what
    // was pasted after it.
    r.send_at_once("\x1b[200~loop x +:= 1; end loop;\nprint('AFTER' + 'WARDS');\x1b[201~\r");
    // The editor redraws the prompt with the pasted text first.
    r.p.exp_string("'WARDS');").expect("the paste shown");
    std::thread::sleep(std::time::Duration::from_millis(300));
    r.p.send_control('c').expect("ctrl-c");
    let got = clean(&r.p.exp_string("setl> ").expect("prompt after interrupt"));
    assert!(got.contains("interrupted"), "{got}");
    assert!(!got.contains("AFTERWARDS"), "{got}");
    assert_eq!(r.line("x > 101", "setl> ").trim(), "#T");
}

#[test]
fn help_describes_builtins_keywords_and_library_routines() {
    let mut r = Repl::start("help", false);
    r.line(":help split", "setl> ");
    r.line(":help WHILE", "setl> ");
    r.line(":help lockfile_take", "setl> ");
    r.line(":help no_such_name", "setl> ");
    insta::assert_snapshot!(r.transcript);
}

#[test]
fn ctrl_c_interrupts_a_blocking_select_and_waitpid() {
    let mut r = Repl::start("ctrlc-wait", false);
    r.p.send_line("select([{}]);").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    r.p.send_control('c').expect("ctrl-c");
    let got = clean(&r.p.exp_string("setl> ").expect("prompt after interrupt"));
    assert!(got.contains("interrupted while waiting in select"), "{got}");
    // The child ignores SIGINT, so only the wait is interrupted.
    r.line(
        "f := open('trap \"\" INT; exec sleep 30', 'pipe-from');",
        "setl> ",
    );
    r.p.send_line("waitpid(pid(f));").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    r.p.send_control('c').expect("ctrl-c");
    let got = clean(&r.p.exp_string("setl> ").expect("prompt after interrupt"));
    assert!(
        got.contains("interrupted while waiting for a child"),
        "{got}"
    );
    r.line("kill(pid(f), 'KILL'); close(f);", "setl> ");
    assert_eq!(r.line("status", "setl> ").trim(), "-119");
    r.p.send_control('d').expect("ctrl-d");
    r.p.exp_eof().expect("exit on ctrl-d");
}

#[test]
fn ctrl_c_interrupts_a_blocking_accept_recv_and_getline() {
    let mut r = Repl::start("ctrlc-socket", false);
    r.line("srv := open(['127.0.0.1', 0], 'tcp-server');", "setl> ");
    r.p.send_line("accept(srv);").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    r.p.send_control('c').expect("ctrl-c");
    let got = clean(&r.p.exp_string("setl> ").expect("prompt after interrupt"));
    assert!(got.contains("interrupted while waiting in accept"), "{got}");
    r.line("u := open(['127.0.0.1', 0], 'udp-server');", "setl> ");
    r.line("c := open(['127.0.0.1', port u], 'udp-client');", "setl> ");
    r.p.send_line("recv c;").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    r.p.send_control('c').expect("ctrl-c");
    let got = clean(&r.p.exp_string("setl> ").expect("prompt after interrupt"));
    assert!(got.contains("interrupted while waiting in recv"), "{got}");
    // The session goes on: the sockets still work.
    r.line("send(c, 'hi');", "setl> ");
    assert_eq!(r.line("(recvfrom u)(2)", "setl> ").trim(), "hi");
    // So does a line read of a silent pipe.
    r.line("[pr, pw] := pipe();", "setl> ");
    r.p.send_line("getline pr;").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    r.p.send_control('c').expect("ctrl-c");
    let got = clean(&r.p.exp_string("setl> ").expect("prompt after interrupt"));
    assert!(got.contains("interrupted"), "{got}");
    r.p.send_control('d').expect("ctrl-d");
    r.p.exp_eof().expect("exit on ctrl-d");
}
