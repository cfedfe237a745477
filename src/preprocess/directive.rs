//! Reading directive lines: which directive, and the operands of
//! `#define`, `#include` and `#line`.

use super::macros::Body;
use super::scan::{self, Kind};
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name {
    Define,
    Undef,
    Include,
    If,
    Ifdef,
    Ifndef,
    Elif,
    Else,
    Endif,
    Error,
    Line,
    /// `# 12 "file"`, as cpp writes line markers.
    Marker,
    /// A line of just `#`.
    Null,
    /// Directives of C's cpp this one accepts and ignores (`#pragma`, …).
    Ignored,
    /// `#` and something that is no directive: the line is program text
    /// (in SETL, `#` is also the size operator).
    NotDirective,
}

/// Classifies a directive line; `from` is the offset just after its `#`.
/// Gives the name and the offset where the operands start.
pub fn classify(line: &str, from: usize) -> (Name, usize) {
    let rest = &line[from..];
    let start = from + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let after = &line[start..];
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return (Name::Marker, start);
    }
    let word_len = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    let name = match &after[..word_len] {
        "define" => Name::Define,
        "undef" => Name::Undef,
        "include" => Name::Include,
        "if" => Name::If,
        "ifdef" => Name::Ifdef,
        "ifndef" => Name::Ifndef,
        "elif" => Name::Elif,
        "else" => Name::Else,
        "endif" => Name::Endif,
        "error" => Name::Error,
        "line" => Name::Line,
        "pragma" | "ident" | "sccs" | "assert" | "unassert" | "warning" => Name::Ignored,
        "" if significant(after).is_empty() => Name::Null,
        _ => Name::NotDirective,
    };
    (name, start + word_len)
}

/// The text of directive operands without comments and outer blanks.
pub fn significant(s: &str) -> String {
    let mut in_comment = false;
    let Ok(lex) = scan::lex_line(s, &mut in_comment) else {
        return s.trim().to_string();
    };
    let mut out = String::new();
    for l in lex {
        if l.kind == Kind::Space {
            if !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push_str(&s[l.lo..l.hi]);
        }
    }
    out.trim_end().to_string()
}

/// The name a directive operates on (`#ifdef X`, `#undef X`).
pub fn name_operand(s: &str) -> Result<&str, String> {
    let t = s.trim_start_matches([' ', '\t']);
    let n = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    let name = &t[..n];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err("macro names must be identifiers".into());
    }
    Ok(name)
}

/// `NAME body` or `NAME(params) body` of a `#define`.
pub fn define(s: &str) -> Result<(String, Body), String> {
    let name = name_operand(s)?;
    let after_name = s.find(name).map_or(s.len(), |i| i + name.len());
    let mut rest = &s[after_name..];
    let mut params = None;
    if let Some(p) = rest.strip_prefix('(') {
        let close = p
            .find(')')
            .ok_or_else(|| format!("missing ')' in the parameters of macro `{name}'"))?;
        let list: Vec<Rc<str>> = if p[..close].trim().is_empty() {
            Vec::new()
        } else {
            p[..close].split(',').map(|x| Rc::from(x.trim())).collect()
        };
        for x in &list {
            if name_operand(x).ok() != Some(&**x) {
                return Err(format!("invalid parameter `{x}' of macro `{name}'"));
            }
        }
        params = Some(list);
        rest = &p[close + 1..];
    }
    let mut in_comment = false;
    let lex = scan::lex_line(rest, &mut in_comment).map_err(|u| u.message().to_string())?;
    let mut toks: Vec<(Kind, Rc<str>)> = Vec::new();
    for l in lex {
        if l.kind == Kind::Space {
            if toks.last().is_some_and(|t| t.0 != Kind::Space) {
                toks.push((Kind::Space, Rc::from(" ")));
            }
        } else {
            toks.push((l.kind, Rc::from(&rest[l.lo..l.hi])));
        }
    }
    if toks.last().is_some_and(|t| t.0 == Kind::Space) {
        toks.pop();
    }
    Ok((name.to_string(), Body::Text { params, toks }))
}

/// The file of `#include "file"` or `#include <file>`; true for `<…>`.
pub fn include(s: &str) -> Option<(String, bool)> {
    let t = s.trim();
    let (close, angle) = match t.as_bytes().first() {
        Some(b'"') => ('"', false),
        Some(b'<') => ('>', true),
        _ => return None,
    };
    let end = t[1..].find(close)?;
    let name = &t[1..1 + end];
    (!name.is_empty()).then(|| (name.to_string(), angle))
}

/// `N` or `N "file"` of `#line` and of line markers.
pub fn line(s: &str) -> Option<(i64, Option<String>)> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let n: i64 = t[..digits].parse().ok()?;
    let rest = t[digits..].trim_start();
    if rest.is_empty() {
        return Some((n, None));
    }
    let file = rest.strip_prefix('"')?;
    let end = file.find('"')?;
    Some((n, Some(file[..end].to_string())))
}
