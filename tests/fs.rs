//! The file-system builtins through the built `setl` binary: the errno
//! text each failure leaves in `last_error`, the diagnostics for bad
//! arguments (never a panic), restricted mode, lock-file contention
//! between processes, and the file-system examples. Every program runs in
//! a fresh temporary directory.

mod common;

use common::TempDir;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn setl(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_setl"));
    c.current_dir(dir).stdin(Stdio::null());
    c
}

/// Runs SETL program text (written to prog.setl) in `dir`.
fn run_in(dir: &Path, flags: &[&str], program: &str) -> Output {
    std::fs::write(dir.join("prog.setl"), program).expect("write the program");
    setl(dir)
        .args(flags)
        .arg("prog.setl")
        .output()
        .expect("run setl")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs a program that must succeed and print exactly `want`.
fn expect_output(program: &str, want: &str) {
    let dir = TempDir::new("out");
    let out = run_in(dir.path(), &[], program);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "failed: {stderr}\nstdout:\n{stdout}");
    assert_eq!(stdout, want, "stderr:\n{stderr}");
}

/// Runs `before; program` with the given flags: it must print `before`,
/// then stop with status 1 and a diagnostic containing `message`.
fn expect_stop(flags: &[&str], program: &str, message: &str) {
    let dir = TempDir::new("stop");
    let out = run_in(dir.path(), flags, &format!("print('before');\n{program}\n"));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{program}: stderr:\n{stderr}");
    assert_eq!(stdout, "before\n", "{program}");
    assert!(
        stderr.contains(message),
        "{program}: expected {message:?} in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{program}: {stderr}");
}

#[test]
fn errors_of_gnu_builtins_set_last_error() {
    expect_output(
        r#"
system('mkdir dir');
putfile('file', 'x');
symlink('loop', 'loop');
long := 300 * 'n';
-- ENOENT
clear_error; link('nope', 'x');          print('link', last_error);
clear_error; symlink('t', 'nope/l');     print('symlink', last_error);
clear_error; x := readlink 'nope';       print('readlink', x, last_error);
clear_error; unlink('nope');             print('unlink', last_error);
clear_error; rename('nope', 'x');        print('rename', last_error);
clear_error; x := fsize 'nope';          print('fsize', x, last_error);
clear_error; chdir('nope');              print('chdir', last_error);
clear_error; x := open('nope', 'r');     print('open', x, last_error);
clear_error; x := getfile 'nope';        print('getfile', x, last_error, eof);
t := 'nope/XXXXXX';
clear_error; x := mkstemp(t);            print('mkstemp', x, t, last_error);
-- EEXIST
clear_error; link('file', 'file');       print('link', last_error);
clear_error; symlink('x', 'dir');        print('symlink', last_error);
clear_error; x := open('file', 'n');     print('open n', x, last_error);
clear_error; x := open('loop', 'n+');    print('open n+', x, last_error);
-- ENOTDIR
clear_error; x := fsize 'file/x';        print('fsize', x, last_error);
clear_error; unlink('file/x');           print('unlink', last_error);
clear_error; rename('file', 'file/x');   print('rename', last_error);
clear_error; chdir('file');              print('chdir', last_error);
clear_error; x := open('file/x', 'w');   print('open', x, last_error);
-- EISDIR
clear_error; unlink('dir');              print('unlink', last_error);
clear_error; x := open('dir', 'w');      print('open', x, last_error);
clear_error; rename('file', 'dir');      print('rename', last_error);
clear_error; f := open('dir', 'r'); x := getline f;
print('read', x, eof(f), last_error); close(f);
-- ELOOP
clear_error; x := fsize 'loop';          print('fsize', x, last_error);
clear_error; x := open('loop', 'r');     print('open', x, last_error);
clear_error; chdir('loop');              print('chdir', last_error);
clear_error; print('exists', fexists 'loop', lexists 'loop', last_error);
-- ENAMETOOLONG
clear_error; x := fsize long;            print('fsize', x, last_error);
clear_error; x := open(long, 'w');       print('open', x, last_error);
clear_error; link('file', long);         print('link', last_error);
clear_error; symlink('file', long);      print('symlink', last_error);
clear_error; unlink(long);               print('unlink', last_error);
clear_error; rename('file', long);       print('rename', last_error);
clear_error; chdir(long);                print('chdir', last_error);
clear_error; x := readlink long;         print('readlink', x, last_error);
-- EBADF, and last_error is sticky across successes
clear_error; close(99);                  print('close', last_error);
putfile('ok', 'fine'); x := fsize 'ok'; link('ok', 'ok2'); print('sticky', last_error);
"#,
        "\
link No such file or directory
symlink No such file or directory
readlink * No such file or directory
unlink No such file or directory
rename No such file or directory
fsize * No such file or directory
chdir No such file or directory
open * No such file or directory
getfile * No such file or directory #F
mkstemp * nope/XXXXXX No such file or directory
link File exists
symlink File exists
open n * File exists
open n+ * File exists
fsize * Not a directory
unlink Not a directory
rename Not a directory
chdir Not a directory
open * Not a directory
unlink Is a directory
open * Is a directory
rename Is a directory
read * #T Is a directory
fsize * Too many levels of symbolic links
open * Too many levels of symbolic links
chdir Too many levels of symbolic links
exists #F #T Success
fsize * File name too long
open * File name too long
link File name too long
symlink File name too long
unlink File name too long
rename File name too long
chdir File name too long
readlink * File name too long
close Bad file descriptor
sticky Bad file descriptor
",
    );
}

#[test]
fn errors_of_extensions_set_last_error() {
    expect_output(
        r#"
mkdir('dir');
putfile('file', 'x');
symlink('loop', 'loop');
long := 300 * 'n';
clear_error; mkdir('dir');               print('mkdir', last_error);
clear_error; mkdir('nope/sub');          print('mkdir', last_error);
clear_error; mkdir('file/sub');          print('mkdir', last_error);
clear_error; mkdir(long);                print('mkdir', last_error);
clear_error; rmdir('nope');              print('rmdir', last_error);
clear_error; rmdir('file');              print('rmdir', last_error);
putfile('dir/f', 'y');
clear_error; rmdir('dir');               print('rmdir', last_error);
clear_error; x := readdir('nope');       print('readdir', x, last_error);
clear_error; x := readdir('file');       print('readdir', x, last_error);
clear_error; x := readdir('loop');       print('readdir', x, last_error);
clear_error; x := stat('nope');          print('stat', x, last_error);
clear_error; x := stat('loop');          print('stat', x, last_error);
clear_error; x := stat('file/x');        print('stat', x, last_error);
clear_error; x := lstat(long);           print('lstat', x, last_error);
-- successes leave last_error alone
clear_error;
print(readdir('dir'), readdir('.') - {'prog.setl'});
print(stat('file')('size'), stat('file')('type'), stat('dir')('type'), lstat('loop')('type'));
print(domain stat('file'));
unlink('dir/f'); rmdir('dir');
mkdir('m', 448);
print(fexists 'dir', stat('m')('mode'), stat('m')('nlink'), last_error);
"#,
        "\
mkdir File exists
mkdir No such file or directory
mkdir Not a directory
mkdir File name too long
rmdir No such file or directory
rmdir Not a directory
rmdir Directory not empty
readdir * No such file or directory
readdir * Not a directory
readdir * Too many levels of symbolic links
stat * No such file or directory
stat * Too many levels of symbolic links
stat * Not a directory
lstat * File name too long
{f} {dir file loop}
1 file dir link
{dev gid ino mode mtime nlink size type uid}
#F 448 2 Success
",
    );
}

/// Whether the tests run as root, for whom permission checks do not apply.
fn running_as_root() -> bool {
    let dir = TempDir::new("uid");
    dir.write("probe", "");
    std::fs::metadata(dir.path().join("probe")).is_ok_and(|m| m.uid() == 0)
}

#[test]
fn permission_denied() {
    if running_as_root() {
        eprintln!("skipping permission_denied: running as root, so EACCES cannot happen");
        return;
    }
    expect_output(
        r#"
mkdir('locked'); putfile('locked/f', 'x'); putfile('file', 'y');
system('chmod 500 locked');
clear_error; x := open('locked/new', 'w'); print('open', x, last_error);
clear_error; unlink('locked/f');          print('unlink', last_error);
clear_error; link('file', 'locked/l');    print('link', last_error);
clear_error; mkdir('locked/d');           print('mkdir', last_error);
system('chmod 0 locked');
clear_error; x := readdir('locked');      print('readdir', x, last_error);
clear_error; x := fsize 'locked/f';       print('fsize', x, last_error);
clear_error; chdir('locked');             print('chdir', last_error);
system('chmod 700 locked');
"#,
        "\
open * Permission denied
unlink Permission denied
link Permission denied
mkdir Permission denied
readdir * Permission denied
fsize * Permission denied
chdir Permission denied
",
    );
}

#[test]
fn nul_bytes_in_paths_stop_cleanly() {
    for call in [
        "link('a' + char 0, 'b');",
        "link('a', 'b' + char 0);",
        "symlink('a' + char 0, 'b');",
        "x := readlink ('a' + char 0);",
        "unlink('a' + char 0);",
        "rename('a' + char 0, 'b');",
        "print(fexists ('a' + char 0));",
        "print(lexists ('a' + char 0));",
        "x := fsize ('a' + char 0);",
        "chdir('a' + char 0);",
        "x := open('a' + char 0, 'w');",
        "x := getline ('a' + char 0);",
        "putfile('a' + char 0, 'x');",
        "t := 'a' + char 0 + 'XXXXXX'; x := mkstemp(t);",
        "x := glob ('*' + char 0);",
        "mkdir('a' + char 0);",
        "rmdir('a' + char 0);",
        "x := readdir('a' + char 0);",
        "x := stat('a' + char 0);",
        "x := lstat('a' + char 0);",
        "ftrunc('a' + char 0, 0);",
    ] {
        expect_stop(&[], call, "cannot contain a NUL byte");
    }
}

#[test]
fn wrong_argument_types_stop_cleanly() {
    for (call, message) in [
        ("link(1, 'b');", "link needs a string, not INTEGER"),
        ("symlink('a', om);", "symlink needs a string, not OM"),
        ("x := readlink 3;", "readlink needs a string, not INTEGER"),
        ("unlink(om);", "unlink needs a string, not OM"),
        ("rename('a', [1]);", "rename needs a string, not TUPLE"),
        ("print(fexists om);", "fexists needs a string, not OM"),
        ("print(lexists 1.5);", "lexists needs a string, not REAL"),
        (
            "x := fsize 42;",
            "fsize needs a file name or an open stream",
        ),
        ("chdir(5);", "chdir needs a string, not INTEGER"),
        (
            "t := 7; x := mkstemp(t);",
            "mkstemp needs a string, not INTEGER",
        ),
        ("x := glob {1};", "glob needs a string, not SET"),
        ("mkdir('d', 'x');", "mkdir needs an integer, not STRING"),
        ("mkdir('d', -1);", "mkdir needs a mode between 0 and 8#7777"),
        ("x := readdir([1]);", "readdir needs a string, not TUPLE"),
        ("x := stat(om);", "stat needs a string, not OM"),
        ("x := open(1.5, 'r');", "open needs a file name, not REAL"),
        ("x := open('x', 'sideways');", "Unrecognized mode"),
        (
            "x := open('x', 'tcp-peer');",
            "TCP-PEER can only be opened over existing INTEGER fd",
        ),
        ("x := fileno om;", "fileno needs a stream"),
        ("x := filename 'nope';", "Stream \"nope\" is not open"),
        ("x := fileno 7;", "Stream fd 7 is not open"),
        ("printa(3, 'x');", "Cannot auto-open fd 3 for output"),
        (
            "x := getline 'nope';",
            "Cannot auto-open \"nope\" for input",
        ),
        (
            "f := open('w', 'w'); x := getline f;",
            "is not open for input",
        ),
        ("putfile('a', 1);", "putfile needs a string, not INTEGER"),
        ("x := getn(stdin, -1);", "not negative"),
        (
            "f := open('w', 'w+'); seek(f, 'x');",
            "seek needs an integer",
        ),
        ("close('never');", "Stream \"never\" is not open"),
        ("x := system(3);", "system needs a string, not INTEGER"),
        ("setenv('a=b', 'c');", "setenv: a variable name"),
        ("x := getenv ('a' + char 0);", "cannot contain a NUL byte"),
    ] {
        expect_stop(&[], call, message);
    }
}

#[test]
fn restricted_mode_refuses_files_and_processes() {
    for (call, message) in [
        ("link('a', 'b');", "link is not allowed in restricted mode"),
        ("symlink('a', 'b');", "symlink is not allowed"),
        ("x := readlink 'a';", "readlink is not allowed"),
        ("unlink('a');", "unlink is not allowed"),
        ("rename('a', 'b');", "rename is not allowed"),
        ("print(fexists 'a');", "fexists is not allowed"),
        ("print(lexists 'a');", "lexists is not allowed"),
        ("x := fsize 'a';", "fsize is not allowed"),
        ("x := tmpnam;", "tmpnam is not allowed"),
        ("t := 'aXXXXXX'; x := mkstemp(t);", "mkstemp is not allowed"),
        ("x := getwd;", "getwd is not allowed"),
        ("chdir('/');", "chdir is not allowed"),
        ("x := glob '*';", "glob is not allowed"),
        (
            "x := open('a', 'w');",
            "opening \"a\" in mode W is not allowed",
        ),
        (
            "printa('a', 'x');",
            "opening \"a\" in mode W is not allowed",
        ),
        (
            "x := getfile 'a';",
            "opening \"a\" in mode R is not allowed",
        ),
        ("ftrunc('a', 0);", "ftrunc is not allowed"),
        (
            "close(stdout);",
            "close of a standard stream is not allowed",
        ),
        ("x := system('true');", "system(\"true\") is not allowed"),
        ("x := getenv 'HOME';", "getenv is not allowed"),
        ("setenv('A', 'b');", "setenv is not allowed"),
        ("unsetenv('A');", "unsetenv is not allowed"),
        ("mkdir('d');", "mkdir is not allowed"),
        ("rmdir('d');", "rmdir is not allowed"),
        ("x := readdir('.');", "readdir is not allowed"),
        ("x := stat('.');", "stat is not allowed"),
        ("x := lstat('.');", "lstat is not allowed"),
    ] {
        expect_stop(&["-r"], call, message);
        expect_stop(&["--restricted"], call, message);
    }
    // The rest of the language, and the standard streams, still work.
    let dir = TempDir::new("restricted");
    let out = run_in(
        dir.path(),
        &["-r"],
        "print(+/[1..10], {3, 1} + {2}); printa(stderr, 'to stderr'); clear_error; print(last_error);",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "55 {1 2 3}\nSuccess\n");
    assert_eq!(text(&out.stderr), "to stderr\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).map(|d| d.count()).ok(),
        Some(1)
    );
}

#[test]
fn chdir_without_argument_goes_home() {
    let dir = TempDir::new("home");
    dir.write("home/marker", "");
    std::fs::write(
        dir.path().join("prog.setl"),
        "chdir; print(fexists 'marker', last_error);",
    )
    .expect("write the program");
    let out = setl(dir.path())
        .arg("prog.setl")
        .env("HOME", dir.path().join("home"))
        .output()
        .expect("run setl");
    assert_eq!(text(&out.stdout), "#T Success\n", "{}", text(&out.stderr));
    let out = setl(dir.path())
        .arg("prog.setl")
        .env_remove("HOME")
        .output()
        .expect("run setl");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("chdir with no argument needs HOME to be set"));
}

#[test]
fn glob_tmpnam_and_mkstemp() {
    expect_output(
        r#"
putfile('a.txt', ''); putfile('b.txt', ''); putfile('.hid', '');
mkdir('sub'); putfile('sub/x', '');
print(glob '*.txt', glob 'sub/*', glob 'zz*', glob '.*', glob '*/', glob '[ab].txt');
t := 'tmpXXXXXX';
f := mkstemp(t);
print(#t, t(1..3), t /= 'tmpXXXXXX', filename f = t, is_open f);
printa(f, 'scratch'); rewind(f); print(getline f);
close(f); unlink(t);
n := tmpnam;
print(n(1..9), #n, lexists n);
"#,
        "\
['a.txt' 'b.txt'] ['sub/x'] [] ['.' '..' '.hid'] ['sub/'] ['a.txt' 'b.txt']
9 tmp #T #T #T
scratch
/tmp/file 15 #F
",
    );
}

/// Waits for a child, killing it after `limit`.
fn wait_with_deadline(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().expect("wait for setl")
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Four processes each take the lock 200 times and add 1 to a shared
/// counter under it: the counter must end at exactly 800.
#[test]
fn lock_files_exclude_under_contention() {
    for script in ["lock_link.setl", "lock_symlink.setl", "lock_create.setl"] {
        let dir = TempDir::new("lock");
        dir.write("counter.txt", "0");
        let children: Vec<Child> = (1..=4)
            .map(|i| {
                setl(dir.path())
                    .arg(example(script))
                    .arg("200")
                    .arg(format!("worker{i}"))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start setl")
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let out = wait_with_deadline(child, Duration::from_secs(60));
            assert!(
                out.status.success(),
                "{script} worker{}: {}",
                i + 1,
                text(&out.stderr)
            );
            assert_eq!(
                text(&out.stdout),
                format!("worker{} done: 200 rounds\n", i + 1)
            );
        }
        let counter = std::fs::read_to_string(dir.path().join("counter.txt")).unwrap_or_default();
        assert_eq!(counter, "800", "{script}");
        assert!(!dir.path().join("counter.lock").exists(), "{script}");
    }
}

fn run_example(dir: &Path, name: &str, args: &[&str]) -> String {
    let out = setl(dir)
        .arg(example(name))
        .args(args)
        .output()
        .expect("run setl");
    assert!(out.status.success(), "{name}: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn lock_examples() {
    let dir = TempDir::new("examples");
    let held = |what: &str| {
        format!(
            "\
solo holds the lock: counter 0 -> 1
solo holds the lock: counter 1 -> 2
solo holds the lock: counter 2 -> 3
{what}"
        )
    };
    let cases = [
        (
            "lock_link.setl",
            held("a second link while held: File exists\nsolo done: 3 rounds\n"),
        ),
        (
            "lock_symlink.setl",
            held(
                "a second symlink while held: File exists
the lock still names solo
it points nowhere: #F #T
solo done: 3 rounds
",
            ),
        ),
        (
            "lock_create.setl",
            held("a second create while held: * File exists\nsolo done: 3 rounds\n"),
        ),
    ];
    for (name, want) in cases {
        let _ = std::fs::remove_file(dir.path().join("counter.txt"));
        assert_eq!(run_example(dir.path(), name, &[]), want, "{name}");
    }
}

#[test]
fn dupfiles_example() {
    let dir = TempDir::new("dup");
    dir.write("a/x.txt", "hello");
    dir.write("c/copy", "hello");
    dir.write("a/b/y", "world");
    dir.write("a/b/long", "a longer file\n");
    dir.write("long2", "a longer file\n");
    dir.write("c/long3", "a longer file\n");
    dir.write("c/other", "a longer fil_\n");
    dir.write("e1", "");
    dir.write("c/e2", "");
    std::os::unix::fs::symlink("a/x.txt", dir.path().join("link")).expect("symlink");
    assert_eq!(
        run_example(dir.path(), "dupfiles.setl", &[]),
        "\
2 files of 0 bytes:
  c/e2
  e1
2 files of 5 bytes:
  a/x.txt
  c/copy
3 files of 14 bytes:
  a/b/long
  c/long3
  long2
3 group(s) of duplicates
"
    );
    assert_eq!(
        run_example(dir.path(), "dupfiles.setl", &["a"]),
        "no duplicates\n"
    );
    assert_eq!(
        run_example(dir.path(), "dupfiles.setl", &["c"]),
        "no duplicates\n"
    );
}
