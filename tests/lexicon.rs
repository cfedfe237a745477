//! GNU SETL's lexicon (tests/gnu_lexicon.txt, the one list of its
//! predefined words) against this interpreter: every name parses as GNU
//! SETL parses it, and is either documented here (so implemented) or one
//! of the names GNU SETL only reserves, whose call stops the program with
//! GNU's message, the routine's name and the position, status 1.

mod common;

use common::{run_setl, TempDir};
use setl::builtins::doc::DOCS;
use setl::builtins::{lookup, name_class, NameClass};
use setl::syntax::token::keyword;

/// `(name, kind)` for each line of the list.
fn lexicon() -> Vec<(String, String)> {
    include_str!("gnu_lexicon.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (name, kind) = l.split_once(' ').expect("a line is 'name kind'");
            (name.to_string(), kind.to_string())
        })
        .collect()
}

/// Names documented as reserved-only, and names with no documentation.
fn is_reserved(name: &str) -> bool {
    DOCS.iter()
        .find(|d| d.name == name)
        .is_none_or(|d| d.what.starts_with("reserved by GNU SETL"))
}

/// Names that parse differently here, with the same reading.
const SAME_READING: &[&str] = &[
    // GNU's procedure of no arguments, a library value here: `status`
    // reads the same either way.
    "status",
    // A library value GNU SETL only reserves: a procedure of no arguments
    // that stops, which reads the same.
    "lev",
];

#[test]
fn every_name_parses_as_in_gnu_setl() {
    let mut wrong = Vec::new();
    for (name, kind) in lexicon() {
        if SAME_READING.contains(&name.as_str()) {
            continue;
        }
        let ok = match kind.as_str() {
            "Bop" => keyword(&name).and_then(|t| t.binop()).is_some(),
            kind => {
                let want = match kind {
                    "Sysproc" => NameClass::Sysproc,
                    "Syscon" => NameClass::Syscon,
                    "Sysval" => NameClass::Sysval,
                    "Sysvar" => NameClass::Sysvar,
                    "Uop15" => NameClass::Uop15,
                    "Uop5" => NameClass::Uop5,
                    other => panic!("unknown kind {other} in gnu_lexicon.txt"),
                };
                name_class(&name) == Some(want)
            }
        };
        if !ok {
            wrong.push(format!("{name} ({kind}): here {:?}", name_class(&name)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A call of `name` in the form its kind parses, with as many arguments as
/// it needs.
fn call(name: &str, kind: &str) -> String {
    match kind {
        "Bop" => format!("print({{1}} {name} 1);"),
        "Uop15" | "Uop5" => format!("print({name} 1);"),
        _ => {
            let n = lookup(name).map_or(0, |b| b.min);
            format!("x := {name}({});", vec!["1"; n].join(", "))
        }
    }
}

#[test]
fn reserved_names_stop_with_gnu_setls_message() {
    let dir = TempDir::new("lexicon");
    let mut wrong = Vec::new();
    for (name, kind) in lexicon() {
        if !is_reserved(&name) {
            continue;
        }
        let code = call(&name, &kind);
        let run = run_setl(dir.path(), &[&code], "");
        let said = run.stderr.lines().next().unwrap_or("").to_string();
        let names_it = said.contains(&name) || said.contains(&name.to_uppercase());
        let stops = said.starts_with("runtime error: ")
            && (said.contains("implemented") || said.contains("retired"));
        if run.code != Some(1) || !names_it || !stops || !run.stderr.contains("<command line>:1:") {
            wrong.push(format!("{code} gave {}: {}", run.status_line(), run.stderr));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Where GNU SETL's sources are at hand (SETL_GNU_LEXICON, or the usual
/// place on the development machine), the list is exactly its lexicon.
#[test]
fn the_list_is_gnu_setls_lexicon() {
    let path = std::env::var("SETL_GNU_LEXICON")
        .unwrap_or_else(|_| "/tmp/gnu/SETL/src/lexicon".to_string());
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{path} not found: list not compared with GNU SETL's lexicon");
        return;
    };
    let mut gnu: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (word, kind) = (f.next()?, f.next()?);
            let is_word = word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && word.starts_with(|c: char| c.is_ascii_alphabetic());
            let kind = match kind.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Sysproc" | "Syscon" | "Sysval" | "Sysvar" => kind.to_string(),
                "Bop" => "Bop".to_string(),
                "Uop" => kind.to_string(),
                _ => return None,
            };
            is_word.then(|| (word.to_lowercase(), kind))
        })
        .collect();
    gnu.sort();
    let mut ours = lexicon();
    ours.sort();
    assert_eq!(ours, gnu);
}
