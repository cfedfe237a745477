//! The library's documentation table (src/builtins/doc.rs): every name a
//! program can use without defining it has an entry, no entry names
//! something that is gone, the examples print what they say, and the
//! README's library list is the one the table generates.

mod common;

use common::run_code;
use setl::builtins::doc::{readme_list, DOCS};
use std::collections::BTreeSet;

/// Every built-in, library value and constant, SETL-library routine and
/// keyword.
fn documentable() -> BTreeSet<&'static str> {
    setl::builtins::all_names()
        .chain(setl::syntax::token::KEYWORDS.iter().copied())
        .collect()
}

#[test]
fn every_name_has_an_entry() {
    let documented: BTreeSet<&str> = DOCS.iter().map(|d| d.name).collect();
    let missing: Vec<&str> = documentable()
        .into_iter()
        .filter(|n| !documented.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "these names have no entry in DOCS (src/builtins/doc.rs); add one for each, \
         then regenerate the README list (see readme_list_is_generated): {}",
        missing.join(", ")
    );
}

#[test]
fn no_entry_is_stale_or_repeated() {
    let names = documentable();
    let stale: Vec<&str> = DOCS
        .iter()
        .map(|d| d.name)
        .filter(|n| !names.contains(n))
        .collect();
    assert!(
        stale.is_empty(),
        "DOCS documents names that are no built-in or keyword: {}",
        stale.join(", ")
    );
    let mut seen = BTreeSet::new();
    let repeated: Vec<&str> = DOCS
        .iter()
        .map(|d| d.name)
        .filter(|n| !seen.insert(*n))
        .collect();
    assert!(repeated.is_empty(), "DOCS repeats {}", repeated.join(", "));
}

/// An example `CODE  -- VALUE` prints VALUE: `print(CODE);`, or, when
/// CODE is statements then an expression, the statements and then
/// `print(EXPR);`.
#[test]
fn examples_print_what_they_say() {
    let mut wrong = Vec::new();
    for d in DOCS {
        let Some((code, want)) = d.example.split_once("  -- ") else {
            continue;
        };
        let (mut out, mut err, mut ok) = run_code(&format!("print({code});"));
        if !ok {
            if let Some((stmts, last)) = code.rsplit_once("; ") {
                (out, err, ok) = run_code(&format!("{stmts}; print({last});"));
            }
        }
        if !ok || out != format!("{want}\n") {
            wrong.push(format!("{}: {code:?} gave {out:?} {err}", d.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

const START: &str = "<!-- library list: generated from src/builtins/doc.rs -->\n";
const END: &str = "<!-- end of library list -->\n";

/// With SETL_UPDATE_README=1 the list is rewritten instead of compared.
#[test]
fn readme_list_is_generated() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("read README.md");
    let (Some(a), Some(b)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the markers {START:?} and {END:?}");
    };
    let current = &readme[a + START.len()..b];
    let wanted = format!("\n{}\n", readme_list());
    if current == wanted {
        return;
    }
    if std::env::var_os("SETL_UPDATE_README").is_some() {
        let updated = format!("{}{START}{wanted}{}", &readme[..a], &readme[b..]);
        std::fs::write(path, updated).expect("write README.md");
        return;
    }
    panic!(
        "README.md's library list differs from DOCS; regenerate it with \
         SETL_UPDATE_README=1 cargo test --release --test docs"
    );
}
