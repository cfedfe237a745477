//! Replays what the fuzz targets (fuzz/) found: each file in
//! tests/fuzz_regressions/TARGET/ is an input that once made TARGET crash,
//! hang or abort, and goes through the same entry point of
//! `setl::fuzzing`. Each case runs in a child process (this test binary,
//! re-run with `REPLAY_ENV` set) so an abort or a stack overflow fails one
//! case, and a hang is bounded.

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set in the child to `TARGET` and the input's path, separated by `:`.
const REPLAY_ENV: &str = "SETL_FUZZ_REPLAY";
/// Each fuzzed program stops after `setl::fuzzing::TIME_LIMIT`; this bounds
/// the whole child, start-up included. It is the fuzzers' own `-timeout`:
/// a case that takes longer is a hang they report.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The entry point each target calls.
fn entry(target: &str) -> Option<fn(&[u8])> {
    Some(match target {
        "front_end" => setl::fuzzing::front_end,
        // typed_program's generated programs are stored as their text.
        "run_program" | "typed_program" => setl::fuzzing::run_program,
        "read_values" => setl::fuzzing::read_values,
        "match_pattern" => setl::fuzzing::match_pattern,
        _ => return None,
    })
}

fn main() {
    if let Ok(job) = std::env::var(REPLAY_ENV) {
        replay(&job);
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut trials = Vec::new();
    let mut targets: Vec<PathBuf> = read_dir(&root);
    targets.retain(|p| p.is_dir());
    for dir in targets {
        let target = dir
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        for input in read_dir(&dir) {
            let name = input.file_name().and_then(|s| s.to_str()).unwrap_or("?");
            let id = format!("{target}/{name}");
            let target = target.clone();
            trials.push(Trial::test(id, move || run_case(&target, &input)));
        }
    }
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// In the child: runs one input through its target's entry point.
fn replay(job: &str) {
    let (target, path) = job.split_once(':').expect("TARGET:PATH");
    let run = entry(target).expect("a known target");
    let input = std::fs::read(path).expect("the input file");
    setl::fuzzing::discard_output();
    run(&input);
}

fn run_case(target: &str, input: &Path) -> Result<(), Failed> {
    if entry(target).is_none() {
        return Err(format!("no fuzz target named {target}").into());
    }
    let mut child = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .env(REPLAY_ENV, format!("{target}:{}", input.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    let mut stderr = child.stderr.take().ok_or("no stderr")?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut buf);
        buf
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            // Read to the end: a copy of the child made by the program
            // holds stderr too, and says so there.
            let err = reader.join().unwrap_or_default();
            let err = String::from_utf8_lossy(&err);
            if status.success() && !err.contains(setl::fuzzing::FORKED) {
                return Ok(());
            }
            let err: String = err.chars().take(2000).collect();
            return Err(format!("{status}\n{err}").into());
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {TIMEOUT:?}").into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
