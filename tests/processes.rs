//! Processes, pipes, pumps, signals, timers and select through the built
//! `setl` binary, with real children (no mocks). Every program closes or
//! waits for the children it starts, and `run_setl` bounds its time.

mod common;

use common::{run_setl, Run, TempDir};

const SETL: &str = env!("CARGO_BIN_EXE_setl");

/// Runs `program` (with this `setl` binary's path as its one argument) in
/// a fresh directory holding `files`.
fn run_with(files: &[(&str, &str)], program: &str) -> Run {
    let dir = TempDir::new("proc");
    for (name, text) in files {
        dir.write(name, text);
    }
    dir.write("prog.setl", program);
    run_setl(dir.path(), &["prog.setl", SETL], "")
}

/// Runs a program that must succeed; gives its output.
fn output(files: &[(&str, &str)], program: &str) -> String {
    run_with(files, program).succeeded()
}

#[test]
fn a_pipeline_of_three_setl_children() {
    let gen = "for i in [1..500] loop print(i); end loop;";
    let double = "while (l := getline stdin) /= om loop print(2 * val l); flush(stdout); end loop;";
    let sum = "n := 0; c := 0; while (l := getline stdin) /= om loop n +:= val l; c +:= 1; end loop; print(c, n);";
    let program = "
        setl := command_line(1);
        a := open(setl + ' gen.setl', 'pipe-from');
        b := open(setl + ' double.setl', 'pump');
        c := open(setl + ' sum.setl', 'pipe-to');
        while (line := getline a) /= om loop
          printa(b, line);
          flush(b);
          printa(c, getline b);
        end loop;
        close(a); print('gen', status);
        -- sum inherited our end of the pump (streams are inherited, as in
        -- GNU SETL), so it must end before double can see end of file.
        close(c); print('sum', status);
        close(b); print('double', status);
    ";
    let out = output(
        &[
            ("gen.setl", gen),
            ("double.setl", double),
            ("sum.setl", sum),
        ],
        program,
    );
    // sum writes to the shared stdout at once; ours is buffered until exit.
    assert_eq!(out, "500 250500\ngen 0\nsum 0\ndouble 0\n");
}

#[test]
fn filter_moves_ten_megabytes_both_ways_without_deadlock() {
    // cat writes while it reads: the input must be fed as the output is
    // drained, or both sides block on full pipes.
    let out = output(
        &[],
        "s := ('0123456789' * 100 + '\\n') * 10500;
         t := filter('cat', s);
         print(#s, #t, s = t, status);
         print(filter('wc -l', s));",
    );
    assert_eq!(out, "10510500 10510500 #T 0\n10500\n\n");
}

#[test]
fn a_pump_child_is_driven_line_by_line() {
    let out = output(
        &[],
        "p := open('while read x; do echo \"<$x>\"; done', 'pump');
         for w in ['alpha', 'beta', 'gamma'] loop
           printa(p, w); flush(p);
           print(getline p);
         end loop;
         close(p);
         print(status);
         q := pump();
         if q = -1 then
           while (l := getline stdin) /= om loop print(#l); flush(stdout); end loop;
           stop;
         end if;
         printa(q, 'four'); flush(q); print(getline q);
         printa(q, ''); flush(q); print(getline q);
         close(q);
         print(status);",
    );
    assert_eq!(out, "<alpha>\n<beta>\n<gamma>\n0\n4\n0\n0\n");
}

#[test]
fn a_timer_and_a_sigusr1_stream_are_read_through_select() {
    let out = output(
        &[],
        "t := open([10, 10], 'real-ms');
         u := open('SIGUSR1', 'signal');
         k := open('sleep 0.2; kill -USR1 ' + str pid, 'pipe-from');
         ticks := 0;
         loop
           [r] := select([{t, u}], 5000);
           if u in r then x := getline u; quit; end if;
           if t in r then x := getline t; ticks +:= 1; end if;
         end loop;
         print(ticks >= 5, x = '');
         close(k); close(t); close(u);
         print(status);",
    );
    assert_eq!(out, "#T #T\n0\n");
}

#[test]
fn kill_and_the_status_of_a_child_killed_by_a_signal() {
    let out = output(
        &[],
        "f := open('exec sleep 30', 'pipe-from');
         kill(pid(f), 'KILL');
         close(f);
         print(status);
         g := open('exec sleep 30', 'pipe-from');
         p := pid(g);
         close(g, close_zombie);
         kill(p, 'TERM');
         print(waitpid(p) = p, status);
         print(system('kill -INT $$'));",
    );
    assert_eq!(out, "-119\n#T -113\n-126\n");
}

#[test]
fn a_forked_child_exits_with_its_own_status_and_flushes_once() {
    // Output buffered before the fork must come out once, from the parent.
    let run = run_with(
        &[],
        "nprint('buffered ');
         p := fork();
         if p = 0 then print('child'); stop 3; end if;
         print(waitpid(p) = p, status);",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut lines: Vec<&str> = run.stdout.lines().collect();
    lines.sort();
    assert_eq!(lines, ["#T 3", "buffered child"]);
}

#[test]
fn a_runtime_error_ends_the_children_of_open_streams() {
    let run = run_with(
        &[],
        "f := open('exec sleep 30', 'pipe-from');
         print(pid(f));
         x := 1 + {};",
    );
    assert_eq!(run.code, Some(1));
    let pid: i32 = run.stdout.trim().parse().expect("a pid");
    // SIGTERM was sent; the child (now init's) is gone within moments.
    let gone = (0..200).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(10));
        !std::path::Path::new(&format!("/proc/{pid}")).exists()
            || std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|s| s.contains(") Z "))
    });
    assert!(gone, "child {pid} still running");
}

#[test]
fn bad_arguments_stop_the_program_with_a_diagnostic() {
    for (code, msg) in [
        ("filter(1);", "filter needs a string"),
        ("waitpid('x');", "waitpid needs an integer"),
        (
            "kill(1, 'NOSUCH');",
            "signal name \"NOSUCH\" not recognized",
        ),
        ("select(3);", "select needs a tuple"),
        ("select([{}, {}, {}, {}]);", "more than 3 elements"),
        ("open('SIGALRM', 'signal');", "Use REAL-MS"),
        ("open([-5], 'real-ms');", "cannot be negative"),
        ("pid(0);", "pid needs a pipe, pump or tty-pump stream"),
    ] {
        let run = run_with(&[], code);
        assert_eq!(run.code, Some(1), "{code}");
        assert!(run.stderr.contains(msg), "{code}: {}", run.stderr);
        assert!(
            run.stderr.contains("prog.setl:1:"),
            "{code}: {}",
            run.stderr
        );
    }
}

/// Runs `code` with `opts` (restricted mode and its exemptions).
fn run_opts(opts: &[&str], code: &str) -> Run {
    let dir = TempDir::new("restricted");
    dir.write("prog.setl", code);
    let mut args = opts.to_vec();
    args.push("prog.setl");
    run_setl(dir.path(), &args, "")
}

#[test]
fn restricted_mode_refuses_each_process_routine() {
    for (code, msg) in [
        ("x := filter('true');", "filter(\"true\") is not allowed"),
        ("x := system('true');", "system(\"true\") is not allowed"),
        ("x := fork();", "fork is not allowed"),
        ("exec('true');", "exec is not allowed"),
        ("kill(1);", "kill of a process that is not a child"),
        ("x := getuid();", "getuid is not allowed"),
        ("x := geteuid();", "geteuid is not allowed"),
        ("x := getgid();", "getgid is not allowed"),
        ("x := getegid();", "getegid is not allowed"),
        ("setuid(0);", "setuid is not allowed"),
        ("seteuid(0);", "seteuid is not allowed"),
        ("setgid(0);", "setgid is not allowed"),
        ("setegid(0);", "setegid is not allowed"),
        ("x := getpgid(0);", "getpgid is not allowed"),
        ("setpgid(0, 0);", "setpgid is not allowed"),
        ("setsid();", "setsid is not allowed"),
        ("setctty(stdin);", "setctty is not allowed"),
        ("unsetctty(stdin);", "unsetctty is not allowed"),
        (
            "x := getsid(1);",
            "getsid of another process is not allowed",
        ),
        ("putenv('A=b');", "putenv is not allowed"),
        ("x := pipe();", "pipe is not allowed"),
        ("x := socketpair();", "socketpair is not allowed"),
        ("x := dup 1;", "dup is not allowed"),
        ("x := dup2(1, 5);", "dup2 is not allowed"),
        ("x := sys_read(0, 1);", "sys_read is not allowed"),
        ("x := sys_write(1, 'x');", "sys_write is not allowed"),
        ("close(7);", "only streams the program opened may be closed"),
        (
            "x := open('ls', 'pipe-from');",
            "opening \"ls\" in mode PIPE-FROM is not allowed",
        ),
        ("x := open('cat', 'pump');", "mode PUMP is not allowed"),
        ("x := open('USR1', 'signal');", "mode SIGNAL is not allowed"),
        (
            "x := open(0, 'r');",
            "opening fd 0 in mode R is not allowed",
        ),
    ] {
        let run = run_opts(&["-r"], code);
        assert_eq!(run.code, Some(1), "{code}: {}", run.stdout);
        assert!(run.stderr.contains(msg), "{code}: {}", run.stderr);
    }
    // Still allowed, as in GNU SETL: timers, select, pumps of the program
    // itself, the ids that name only this process, and a restricted umask.
    // (A session or group id can be 0 in a container whose leader lies
    // outside the pid namespace, so only its type is checked.)
    let run = run_opts(
        &["-r"],
        "t := open([5], 'real-ms'); [r] := select([{t}], 1000); print(r = {t});
         p := pump(); if p = -1 then print('hi'); stop; end if; print(getline p); close(p);
         print(getppid() > 0, is_integer getpgrp(), is_integer getsid(), pid > 0);
         old := umask(0); print(umask() = old);",
    );
    assert_eq!(run.stdout, "#T\nhi\n#T #T #T #T\n#T\n", "{}", run.stderr);
}

#[test]
fn allow_options_let_exactly_the_named_thing_through() {
    let run = run_opts(
        &[
            "-r",
            "--allow-filter=tr a-z A-Z",
            "--allow-system=exit 3",
            "--allow-open=echo opened,pipe-from",
            "--allow-fd-open=0,r",
            "--allow-mkstemp=tmpXXXXXX",
        ],
        "print(filter('tr a-z A-Z', 'loud'));
         print(system('exit 3'));
         f := open('echo opened', 'pipe-from'); print(getline f); close(f);
         t := 'tmpXXXXXX'; print(is_integer mkstemp(t), t /= 'tmpXXXXXX');
         x := filter('tr a-z A-Z ', 'almost the same');",
    );
    assert_eq!(run.stdout, "LOUD\n3\nopened\n#T #T\n", "{}", run.stderr);
    assert!(
        run.stderr
            .contains("filter(\"tr a-z A-Z \") is not allowed"),
        "{}",
        run.stderr
    );
    for (opts, code, msg) in [
        (
            &["-r", "--allow-system=true"][..],
            "system('false');",
            "system(\"false\")",
        ),
        (
            &["-r", "--allow-open=ls,pipe-from"],
            "x := open('ls', 'pump');",
            "mode PUMP",
        ),
        (
            &["-r", "--allow-open=ls"],
            "x := open('ls', 'pipe-from');",
            "mode PIPE-FROM",
        ),
        (
            &["-r", "--allow-mkstemp=aXXXXXX"],
            "t := 'bXXXXXX'; x := mkstemp(t);",
            "mkstemp",
        ),
        (
            &["-r", "--allow-fd-open=0,r"],
            "x := open(0, 'w');",
            "fd 0 in mode W",
        ),
    ] {
        let run = run_opts(opts, code);
        assert_eq!(run.code, Some(1), "{code}");
        assert!(run.stderr.contains(msg), "{code}: {}", run.stderr);
    }
    let bad = run_opts(&["--allow-open=x,sideways"], "print(1);");
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr.contains("unrecognized I/O mode"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_program_can_come_from_an_fd_or_a_command() {
    let run = run_opts(&["|echo 'print(6 * 7);'"], "");
    assert_eq!(run.stdout, "42\n", "{}", run.stderr);
    let dir = TempDir::new("fdsource");
    dir.write("p.setl", "print('read from fd 3', command_line);");
    let out = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("exec {SETL} -3 x y 3<p.setl"))
        .current_dir(dir.path())
        .output()
        .expect("run setl");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "read from fd 3 [x y]\n"
    );
}
