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
    let run = run_with(files, program);
    assert_eq!(
        run.code,
        Some(0),
        "stderr:\n{}\nstdout:\n{}",
        run.stderr,
        run.stdout
    );
    run.stdout
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
