//! Helpers shared by the example, diagnostic and command-line tests: run
//! the built `setl` binary in a fresh directory, with a time limit, and
//! capture what it printed.

#![allow(dead_code)] // each test crate uses a different subset

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// No test program should come anywhere near this.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// What a run of the binary produced.
pub struct Run {
    /// The exit code, or `None` if the process was killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// `status: N`, or `status: killed by a signal`.
    /// The standard output of a run that must have succeeded.
    pub fn succeeded(self) -> String {
        assert_eq!(
            self.code,
            Some(0),
            "stderr:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout
        );
        self.stdout
    }

    pub fn status_line(&self) -> String {
        match self.code {
            Some(c) => format!("status: {c}"),
            None => "status: killed by a signal".to_string(),
        }
    }
}

/// A fresh, empty directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "setl-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes a file (and its parent directories) inside the directory.
    pub fn write(&self, name: &str, text: &str) {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create a directory");
        }
        std::fs::write(p, text).expect("write a file");
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Directories a test made unreadable must be opened up again first.
        let _ = Command::new("chmod")
            .arg("-R")
            .arg("u+rwx")
            .arg(&self.0)
            .status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the `setl` binary with `args` in `dir`, feeding it `stdin`, and
/// waits at most [`TIMEOUT`] for it to finish (panicking after that).
pub fn run_setl(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_setl"));
    cmd.args(args);
    run_in(cmd, dir, stdin, args)
}

/// As `run_setl`, with the shell's `ulimit` options (`-f 1`, `-n 12`)
/// applied to the process first.
pub fn run_setl_ulimit(dir: &Path, ulimit: &str, args: &[&str], stdin: &str) -> Run {
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(format!("ulimit {ulimit} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_setl"))
        .args(args);
    run_in(cmd, dir, stdin, args)
}

fn run_in(mut cmd: Command, dir: &Path, stdin: &str, args: &[&str]) -> Run {
    let mut child = cmd
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn setl");
    // Feed stdin and drain both pipes on their own threads, so that a
    // chatty program can never block on a full pipe.
    let mut input = child.stdin.take().expect("stdin pipe");
    let text = stdin.as_bytes().to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&text); // the program may not read it all
    });
    let out = drain(child.stdout.take().expect("stdout pipe"));
    let err = drain(child.stderr.take().expect("stderr pipe"));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for setl") {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("setl {args:?} did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = feeder.join();
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs program text with `setl -e CODE`; returns (stdout, stderr,
/// whether it exited 0).
pub fn run_code(code: &str) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_setl"))
        .arg("-e")
        .arg(code)
        .output()
        .expect("run setl");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}
