//! Every program in examples/ runs to completion and prints what GNU SETL
//! 8.13 prints for it.  Each example is one test: it is copied into a fresh
//! empty directory, run there with the built `setl`, and the exit status
//! and output are compared with tests/snapshots/examples__NAME.snap, which
//! was checked byte for byte against GNU SETL's output.
//!
//! Files in examples/include/ are copied beside each example, for the
//! ones that `#include` them.
//!
//! examples/lock_*.setl and examples/dupfiles.setl work with file trees
//! and belong to the file-system tests; examples/work_queue.setl runs here
//! in its one-worker demonstration (tests/locks.rs runs it with several
//! workers at once).

mod common;

use common::{run_setl, TempDir};
use std::path::Path;

/// Runs examples/NAME.setl and renders status, stdout and (if any) stderr.
fn run_example(name: &str) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{name}.setl"));
    let dir = TempDir::new("example");
    let file = format!("{name}.setl");
    std::fs::copy(&src, dir.path().join(&file)).expect("copy example");
    // Examples include files from examples/include/.
    let include = src.with_file_name("include");
    for entry in std::fs::read_dir(&include).into_iter().flatten().flatten() {
        let to = dir.path().join("include").join(entry.file_name());
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("mkdir include");
        std::fs::copy(entry.path(), to).expect("copy an included file");
    }
    let run = run_setl(dir.path(), &[&file], "");
    let mut text = format!("{}\n--- stdout\n{}", run.status_line(), run.stdout);
    if !run.stderr.is_empty() {
        text.push_str("--- stderr\n");
        text.push_str(&run.stderr);
    }
    // A marker, so that the snapshot shows whether the output ended with
    // a newline (insta normalises trailing newlines away).
    text.push_str("--- end\n");
    text
}

/// Whether examples/NAME.setl belongs to this harness.
fn is_ours(name: &str) -> bool {
    !(name.starts_with("lock_") || name.starts_with("dupfiles"))
}

macro_rules! examples {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let text = run_example(stringify!($name));
                insta::assert_snapshot!(stringify!($name), text);
            }
        )*

        /// The names listed in the macro call.
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

examples!(
    bignum,
    calculator,
    closure,
    echo_server,
    euler_path,
    hello,
    job_runner,
    life,
    maps,
    powerset,
    preprocessor,
    primes,
    quantifiers,
    queens,
    stack_package,
    sorting,
    strings,
    topsort,
    word_count,
    work_queue,
);

/// Every example on disk has a test above, and every test an example.
#[test]
fn every_example_is_listed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("read examples/")
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "setl" {
                return None;
            }
            Some(p.file_stem()?.to_str()?.to_string())
        })
        .filter(|n| is_ours(n))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = LISTED.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "examples/*.setl and the examples! list in tests/examples.rs differ"
    );
}
