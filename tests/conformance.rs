//! The conformance cases (tests/conformance/{core,io,random,lang,cpp,proc,net}),
//! one test per case: the program runs in a fresh directory holding it and
//! the contents of NAME.d/ if there is one (files it includes), with
//! NAME.stdin (or nothing) on stdin; stdout must equal NAME.out byte for
//! byte, and the exit status must be non-zero exactly when NAME.err exists.
//!
//! Cases listed in tests/conformance/known-failures.txt are reported as
//! ignored, so the list is the honest record of what does not pass yet.

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let known = std::fs::read_to_string(root.join("known-failures.txt")).unwrap_or_default();
    let known: Vec<&str> = known
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut trials = Vec::new();
    for suite in ["core", "io", "random", "lang", "cpp", "proc", "net", "lib"] {
        let dir = root.join(suite);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        names.retain(|p| {
            p.extension().is_some_and(|e| e == "setl") && p.with_extension("out").exists()
        });
        names.sort();
        for prog in names {
            let stem = prog
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("?")
                .to_string();
            let id = format!("{suite}/{stem}");
            let ignored = known.contains(&id.as_str());
            trials.push(Trial::test(id, move || run_case(&prog)).with_ignored_flag(ignored));
        }
    }
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

fn run_case(prog: &Path) -> Result<(), Failed> {
    let work = tempdir()?;
    let name = prog.file_name().ok_or("bad case path")?;
    std::fs::copy(prog, work.join(name)).map_err(|e| format!("copy: {e}"))?;
    copy_tree(&prog.with_extension("d"), &work).map_err(|e| format!("copy NAME.d: {e}"))?;
    let stdin = match std::fs::File::open(prog.with_extension("stdin")) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_setl"))
        .arg(name)
        .current_dir(&work)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| format!("wait: {e}"))? {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = std::fs::remove_dir_all(&work);
            return Err("timed out after 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let out = child
        .wait_with_output()
        .map_err(|e| format!("output: {e}"))?;
    let _ = std::fs::remove_dir_all(&work);
    let want = std::fs::read(prog.with_extension("out")).map_err(|e| format!("read .out: {e}"))?;
    let must_fail = prog.with_extension("err").exists();
    let mut problems = Vec::new();
    if out.stdout != want {
        problems.push(format!(
            "stdout differs\n--- expected\n{}--- got\n{}",
            String::from_utf8_lossy(&want),
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    if must_fail == status.success() {
        problems.push(format!(
            "exit status {status}, expected {}",
            if must_fail { "non-zero" } else { "0" }
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.push(format!(
            "--- stderr\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
        Err(problems.join("\n").into())
    }
}

/// Copies the contents of `from` (if it exists) into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for e in entries {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            std::fs::create_dir_all(&dest)?;
            copy_tree(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), dest)?;
        }
    }
    Ok(())
}

fn tempdir() -> Result<PathBuf, Failed> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "setl-conf-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("mkdir: {e}"))?;
    Ok(dir)
}
