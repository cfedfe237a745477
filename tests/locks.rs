//! Locks and crash-safe file updates through the built `setl` binary:
//! record locks (`lock`) and BSD locks (`flock`) between processes, lock
//! queries, `atomic_putfile` under SIGKILL, `copyfile`, the failure paths,
//! the lock-file library (stdlib/lock.setl) and examples/work_queue.setl.

mod common;

use common::{run_setl, TempDir};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_setl"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn setl")
}

/// Waits for a child (at most 30 s) and returns its stdout; it must succeed.
fn finish(mut child: Child) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut out = String::new();
            let mut err = String::new();
            child.stdout.take().unwrap().read_to_string(&mut out).ok();
            child.stderr.take().unwrap().read_to_string(&mut err).ok();
            assert!(status.success(), "failed: {err}\nstdout:\n{out}");
            return out;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("a setl process did not finish");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs a program that must succeed and print exactly `want`.
fn expect_output(program: &str, want: &str) {
    let dir = TempDir::new("locks");
    std::fs::write(dir.path().join("prog.setl"), program).unwrap();
    let run = run_setl(dir.path(), &["prog.setl"], "");
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, want, "stderr:\n{}", run.stderr);
}

/// 4 processes × 200 increments of one counter, each under the lock that
/// `take` and `give` name; the counter must end at 800.
fn counter_race(take: &str, give: &str) {
    let dir = TempDir::new("counter");
    std::fs::write(dir.path().join("counter"), "0\n").unwrap();
    let program = format!(
        "f := open('counter', 'r+');
for i in [1..200] loop
  if not {take} then printa(stderr, 'lock:', last_error); stop 1; end if;
  rewind(f);
  n := val getline f;
  rewind(f);
  printa(f, n + 1);
  {give};
end loop;
close(f);
"
    );
    std::fs::write(dir.path().join("inc.setl"), program).unwrap();
    let kids: Vec<Child> = (0..4).map(|_| spawn(dir.path(), &["inc.setl"])).collect();
    for k in kids {
        finish(k);
    }
    let got = std::fs::read_to_string(dir.path().join("counter")).unwrap();
    assert_eq!(got.trim(), "800");
}

#[test]
fn record_lock_counter() {
    counter_race("lock(f, 'w|')", "lock(f, 'u')");
}

#[test]
fn flock_counter() {
    counter_race("flock(f, 'w|')", "flock(f, 'u')");
}

#[test]
fn query_reports_the_conflicting_lock() {
    let dir = TempDir::new("query");
    std::fs::write(dir.path().join("data"), "0123456789abcdefghij").unwrap();
    std::fs::write(
        dir.path().join("hold.setl"),
        "f := open('data', 'r+');
if not lock(f, 'w', 10, 0) then stop 1; end if;
putfile('ready', 'yes');
line := getline stdin;   -- holds the lock until stdin closes
",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ask.setl"),
        "f := open('data', 'r');
g := open('data', 'r+');
print(lock(g, 'w?', 10, 0));
print(lock(f, 'r?', 5, 5));
print(lock(g, 'w?', 10, 10));
print(lock(g, 'w', 10, 10));
print(lock(g, 'w', 1, 9), last_error);
",
    )
    .unwrap();
    let mut holder = Command::new(env!("CARGO_BIN_EXE_setl"))
        .arg("hold.setl")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !dir.path().join("ready").exists() {
        assert!(Instant::now() < deadline, "the holder never got its lock");
        std::thread::sleep(Duration::from_millis(5));
    }
    let run = run_setl(dir.path(), &["ask.setl"], "");
    drop(holder.stdin.take());
    finish(holder);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(
        run.stdout,
        "[w 10 0 0 -1]\n[w 10 0 0 -1]\n*\n#T\n#F Resource temporarily unavailable\n"
    );
}

#[test]
fn locks_of_one_process_are_per_stream() {
    // Open-file-description locks: two streams of one process conflict,
    // and closing another stream of the same file keeps the lock.
    expect_output(
        "putfile('f', 'abc');
a := open('f', 'r+');
b := open('f', 'r+');
print(lock(a, 'w'));
print(lock(b, 'r'), last_error);
c := open('f', 'r');
close(c);
print(lock(b, 'w?'));
print(lock(a, 'u'), lock(b, 'r'), lock(b, 'r?'));
print(flock(a, 'r'), flock(b, 'r'), flock(b, 'w'), flock(b, 'u'), flock(a, 'u'));
",
        "#T\n#F Resource temporarily unavailable\n[w 0 0 0 -1]\n#T #T *\n#T #T #F #T #T\n",
    );
}

#[test]
fn lock_written_data_reaches_the_file_at_unlock() {
    expect_output(
        "f := open('f', 'w');
lock(f, 'w');
printa(f, 'hello');
print(fsize 'f');
lock(f, 'u');
print(fsize 'f');
",
        "0\n6\n",
    );
}

#[test]
fn taking_a_lock_keeps_the_read_position() {
    expect_output(
        "putfile('f', 'one\\ntwo\\nthree\\n');
f := open('f', 'r');
print(getline f);
print(lock(f, 'r'), getline f);
print(flock(f, 'r'), getline f, getline f);
",
        "one\n#T two\n#T three *\n",
    );
}

#[test]
fn failure_paths() {
    expect_output(
        "putfile('f', 'abc');
r := open('f', 'r');
clear_error; print(lock(r, 'w'), last_error);
clear_error; print(lock(r, 'r'), last_error);
clear_error; print(lock(77, 'w'), last_error);
clear_error; print(flock(77, 'w'), last_error);
clear_error; print(lock(77, 'w?'), last_error);
g := open('g', 'w');
close(g);
clear_error; print(lock(g, 'w'), last_error);
clear_error; copyfile('f', 'f'); print(last_error, getfile 'f');
clear_error; copyfile('missing', 'new'); print(last_error, fexists 'new');
clear_error; copyfile('f', 'h'); print(last_error, getfile 'h');
clear_error; copyfile('.', 'dir'); print(last_error, fexists 'dir');
clear_error; atomic_putfile('nodir/x', 'abc'); print(last_error);
print(getpid > 0, pexists(getpid), pexists(0), pexists(2 ** 40));
",
        "#F Bad file descriptor\n#T Success\n#F Bad file descriptor\n\
#F Bad file descriptor\n#F Bad file descriptor\n#F Bad file descriptor\n\
File exists abc\nNo such file or directory #F\nSuccess abc\n\
Is a directory #F\nNo such file or directory\n#T #T #F #F\n",
    );
}

/// A program that must stop with a diagnostic (not a panic) mentioning `want`.
fn expect_diagnostic(program: &str, want: &str) {
    let dir = TempDir::new("locks-diag");
    std::fs::write(dir.path().join("prog.setl"), program).unwrap();
    let run = run_setl(dir.path(), &["prog.setl"], "");
    assert_ne!(run.code, Some(0), "stdout:\n{}", run.stdout);
    assert!(run.code.is_some(), "killed by a signal: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains(want),
        "wanted {want:?} in:\n{}",
        run.stderr
    );
}

#[test]
fn bad_arguments_stop_cleanly() {
    let open = "putfile('f', 'abc'); f := open('f', 'r+');\n";
    for (call, want) in [
        ("lock(f, 'x');", "bad character 'x'"),
        ("lock(f, 'rw');", "more than one of r, w and u"),
        ("lock(f, '|');", "needs one of r, w and u"),
        ("lock(f, 'u?');", "cannot wait"),
        ("lock(f, 'w', 0, 0, 7);", "whence 0, 1 or 2"),
        ("lock(f, 3);", "lock needs a string"),
        ("lock('nope', 'w');", "is not open"),
        ("lock([1], 'w');", "is not open"),
        ("lock({1}, 'w');", "needs a stream"),
        ("flock(f, 'w?');", "cannot ask"),
        ("flock(f, 'z');", "bad character 'z'"),
        ("copyfile(1, 'x');", "copyfile needs a string"),
        ("atomic_putfile('x', 5);", "atomic_putfile needs a string"),
    ] {
        expect_diagnostic(&format!("{open}{call}\n"), want);
    }
}

#[test]
fn restricted_mode_forbids_locks() {
    let dir = TempDir::new("locks-r");
    std::fs::write(dir.path().join("prog.setl"), "print(lock(0, 'r'));\n").unwrap();
    let run = run_setl(dir.path(), &["-r", "prog.setl"], "");
    assert_ne!(run.code, Some(0));
    assert!(run.stderr.contains("not allowed in restricted mode"));
}

#[test]
fn copyfile_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("copy");
    let src = dir.path().join("src");
    std::fs::write(&src, vec![7u8; 200_000]).unwrap();
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::write(dir.path().join("prog.setl"), "copyfile('src', 'dst');\n").unwrap();
    let run = run_setl(dir.path(), &["prog.setl"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let dst = dir.path().join("dst");
    assert_eq!(std::fs::read(&dst).unwrap(), vec![7u8; 200_000]);
    let mode = std::fs::metadata(&dst).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn atomic_putfile_keeps_permissions_and_leaves_no_temporary() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("atomic");
    let f = dir.path().join("f");
    std::fs::write(&f, "old").unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o604)).unwrap();
    std::fs::write(
        dir.path().join("prog.setl"),
        "atomic_putfile('f', 'new'); atomic_putfile('g', ''); print(last_error);\n",
    )
    .unwrap();
    let run = run_setl(dir.path(), &["prog.setl"], "");
    assert_eq!(run.stdout, "Success\n", "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "new");
    let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o604);
    assert_eq!(std::fs::read(dir.path().join("g")).unwrap(), b"");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["f", "g", "prog.setl"]);
}

#[test]
fn atomic_putfile_survives_sigkill() {
    const SIZE: usize = 1 << 20;
    let dir = TempDir::new("crash");
    std::fs::write(
        dir.path().join("writer.setl"),
        format!(
            "a := {SIZE} * 'a';
b := {SIZE} * 'b';
putfile('started', 'yes');
loop
  atomic_putfile('big', a);
  atomic_putfile('big', b);
end loop;
"
        ),
    )
    .unwrap();
    let big = dir.path().join("big");
    std::fs::write(&big, vec![b'a'; SIZE]).unwrap();
    let mut seed = std::process::id() as u64 | 1;
    let budget = Instant::now() + Duration::from_secs(10);
    let mut runs = 0;
    while runs < 100 && Instant::now() < budget {
        let _ = std::fs::remove_file(dir.path().join("started"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_setl"))
            .arg("writer.setl")
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .spawn()
            .expect("spawn");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !dir.path().join("started").exists() {
            assert!(Instant::now() < deadline, "the writer never started");
            std::thread::sleep(Duration::from_millis(1));
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        child.kill().expect("SIGKILL the writer");
        child.wait().expect("reap");
        let got = std::fs::read(&big).expect("the file is always there");
        assert_eq!(got.len(), SIZE, "run {runs}: a file of the wrong size");
        assert!(
            got.iter().all(|&c| c == got[0]) && (got[0] == b'a' || got[0] == b'b'),
            "run {runs}: a mixed file"
        );
        runs += 1;
    }
    assert!(runs >= 20, "only {runs} runs in the time budget");
}

#[test]
fn work_queue_processes_every_item_once() {
    let dir = TempDir::new("queue");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/work_queue.setl");
    std::fs::copy(src, dir.path().join("work_queue.setl")).unwrap();
    let run = run_setl(dir.path(), &["work_queue.setl", "init", "200"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let kids: Vec<Child> = (1..=4)
        .map(|i| spawn(dir.path(), &["work_queue.setl", "work", &format!("w{i}")]))
        .collect();
    let mut total = 0;
    for k in kids {
        let out = finish(k);
        let n: usize = out.split_whitespace().nth(2).unwrap().parse().unwrap();
        total += n;
    }
    assert_eq!(total, 200);
    let done = std::fs::read_to_string(dir.path().join("done.txt")).unwrap();
    let mut items: Vec<usize> = done
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    items.sort_unstable();
    assert_eq!(items, (1..=200).collect::<Vec<_>>());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("queue.txt")).unwrap(),
        ""
    );
}

#[test]
fn work_queue_demo() {
    let dir = TempDir::new("queue-demo");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/work_queue.setl");
    std::fs::copy(src, dir.path().join("work_queue.setl")).unwrap();
    let run = run_setl(dir.path(), &["work_queue.setl"], "");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "worked 5 items\n1 solo\n2 solo\n3 solo\n4 solo\n5 solo\n\n"
    );
}

#[test]
fn lock_files_name_their_holder() {
    expect_output(
        "print(lockfile_holder('L'));
print(lockfile_take('L'), lockfile_holder('L') = [getpid, hostname]);
print(getfile 'L' = str getpid + ' ' + hostname + '\\n');
print(lockfile_break_stale('L'), lexists 'L');
print(lockfile_release('L'), lockfile_holder('L'), lockfile_release('L'));
putfile('L', '999999999 ' + hostname + '\\n');
print(lockfile_take('L'), last_error, lockfile_holder('L'));
print(lockfile_release('L'), lexists 'L');
putfile('L', '1 another-host\\n');
print(lockfile_break_stale('L'), lexists 'L');
putfile('L', '999999999 ' + hostname + '\\n');
print(lockfile_break_stale('L'), lexists 'L');
print(lockfile_take('L'), lockfile_release('L'));
",
        &format!(
            "*\n#T #T\n#T\n#F #T\n#T * #F\n#F File exists [999999999 {h}]\n#F #T\n#F #T\n#T #F\n#T #T\n",
            h = hostname()
        ),
    );
}

fn hostname() -> String {
    let dir = TempDir::new("host");
    std::fs::write(dir.path().join("prog.setl"), "print(hostname);\n").unwrap();
    run_setl(dir.path(), &["prog.setl"], "")
        .stdout
        .trim()
        .to_string()
}

#[test]
fn lock_files_exclude_each_other() {
    let dir = TempDir::new("lockfile");
    std::fs::write(dir.path().join("counter"), "0").unwrap();
    std::fs::write(
        dir.path().join("inc.setl"),
        "for i in [1..50] loop
  loop
    if lockfile_take('counter.lock') then quit; end if;
    lockfile_break_stale('counter.lock');
  end loop;
  n := val getfile 'counter';
  putfile('counter', str (n + 1));
  if not lockfile_release('counter.lock') then stop 1; end if;
end loop;
",
    )
    .unwrap();
    let kids: Vec<Child> = (0..3).map(|_| spawn(dir.path(), &["inc.setl"])).collect();
    for k in kids {
        finish(k);
    }
    let got = std::fs::read_to_string(dir.path().join("counter")).unwrap();
    assert_eq!(got.trim(), "150");
}

#[test]
fn ctrl_c_stops_a_waiting_lock_in_the_repl() {
    use rexpect::reader::Options;
    use rexpect::session::spawn_with_options;
    let dir = TempDir::new("locks-repl");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_setl"));
    cmd.arg("--repl")
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("NO_COLOR", "1")
        .env_remove("XDG_STATE_HOME");
    let opts = Options {
        timeout_ms: Some(10_000),
        strip_ansi_escape_codes: false,
    };
    let mut p = spawn_with_options(cmd, opts).expect("spawn the REPL");
    p.exp_string("setl> ").expect("prompt");
    // Two streams of one process: their OFD locks conflict.
    p.send_line("a := open('f', 'w'); b := open('f', 'r+'); lock(a, 'w');")
        .expect("send");
    p.exp_string("setl> ").expect("prompt");
    p.send_line("lock(b, 'w|');").expect("send");
    std::thread::sleep(Duration::from_millis(300));
    p.send_control('c').expect("ctrl-c");
    let got = p.exp_string("setl> ").expect("prompt after interrupt");
    assert!(
        got.contains("interrupted while waiting for a lock"),
        "{got}"
    );
    p.send_line("print(lock(a, 'u'), lock(b, 'w|'));")
        .expect("send");
    let got = p.exp_string("setl> ").expect("prompt");
    assert!(got.contains("#T #T"), "{got}");
    p.send_control('d').expect("ctrl-d");
    p.exp_eof().expect("exit");
}
