//! Turns SETL source into parser tokens.
//!
//! Two stages: `logos` recognises raw lexemes, then `cook` applies the
//! context rules GNU SETL's token reader applies before parsing (reference
//! grammar §1.2): case folding, library-name classes, a word after `.` is
//! always a name, `name::` is a refinement label, user operators and
//! commands declared anywhere become operator and command tokens, and a binary operator before `:=` forms
//! a compound assignment.

use crate::builtins::{self, NameClass};
use crate::diag::{Diag, Span};
use crate::syntax::ast::BinOp;
use crate::syntax::token::{keyword, AccumOp, Tok};
use crate::value::Value;
use logos::Logos;
use num_bigint::BigInt;
use std::collections::HashMap;

/// Deepest bracket nesting accepted in source; deeper input is refused
/// with a diagnostic rather than risking the stack of later passes.
pub const MAX_NESTING: usize = 256;

#[derive(Logos, Debug, Clone, Copy, PartialEq)]
#[logos(skip r"[ \t\n\r\x0b\x0c]+")]
enum Raw {
    #[regex(r"(\$|--)[^\n]*", allow_greedy = true)]
    LineComment,
    #[token("/*")]
    BlockComment,
    #[regex(r"[A-Za-z][A-Za-z0-9_]*")]
    Word,
    #[regex(r"[0-9]+")]
    Int,
    #[regex(r"[0-9]+#[0-9A-Za-z]+#?")]
    Radix,
    #[regex(r"[0-9]*\.[0-9]+([eE][+-]?[0-9]+)?")]
    #[regex(r"[0-9]+[eE][+-]?[0-9]+")]
    Real,
    #[regex(r"'([^'\\\n]|''|\\[^\n])*'")]
    SingleQuoted,
    #[regex(r#""([^"\\\n]|""|\\[^\n])*""#)]
    DoubleQuoted,
    #[token(":=")]
    Assign,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("**")]
    Pow,
    #[token("=")]
    Eq,
    #[token("/=")]
    Ne,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("#")]
    Hash,
    #[token("?")]
    Query,
    #[token("|")]
    #[token("!")]
    Bar,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[regex(r"\([ \t]*\*[ \t]*\)")]
    Variadic,
    #[token("[")]
    #[token("(/")]
    LBracket,
    #[token("]")]
    #[token("/)")]
    RBracket,
    #[token("{")]
    #[token("<<")]
    LBrace,
    #[token("}")]
    #[token(">>")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token(":")]
    Colon,
    #[token("::")]
    ColonColon,
    #[token(".")]
    Dot,
    #[token("..")]
    #[token("...")]
    Dots,
    #[token("=>")]
    Arrow,
}

/// A token with its byte span.
pub type Spanned = (usize, Tok, usize);

/// Lexes a whole file. `file` tags the spans for diagnostics.
pub fn lex(src: &str, file: u16) -> Result<Vec<Spanned>, Diag> {
    lex_with(src, file, false)
}

/// Lexes a file; in `library` mode the names of library procedures written
/// in SETL are plain names, so the library can define them.
pub fn lex_with(src: &str, file: u16, library: bool) -> Result<Vec<Spanned>, Diag> {
    let raw = raw_tokens(src, file)?;
    Ok(cook(raw, library))
}

/// One lexeme: the token (before context rules), its span and, for words,
/// the lower-case spelling.
struct Lexeme {
    tok: Tok,
    lo: usize,
    hi: usize,
    word: Option<String>,
}

fn raw_tokens(src: &str, file: u16) -> Result<Vec<Lexeme>, Diag> {
    let err = |lo: usize, hi: usize, msg: String| Diag::syntax(Span::new(file, lo, hi), msg);
    // A `#!` first line is ignored (script support).
    let start = if src.starts_with("#!") {
        src.find('\n').unwrap_or(src.len())
    } else {
        0
    };
    let mut lx = Raw::lexer(&src[start..]);
    let mut out = Vec::new();
    let mut depth = 0usize;
    while let Some(r) = lx.next() {
        let span = lx.span();
        let (lo, hi) = (span.start + start, span.end + start);
        let text = lx.slice();
        let Ok(raw) = r else {
            let c = src[lo..].chars().next().unwrap_or(' ');
            let what = if c == '\'' || c == '"' {
                "unterminated string literal (strings cannot span lines)".to_string()
            } else {
                format!("character {c:?} is not in the SETL character set")
            };
            return Err(err(lo, hi.max(lo + 1), what));
        };
        let tok = match raw {
            Raw::LineComment => continue,
            Raw::BlockComment => {
                match lx.remainder().find("*/") {
                    Some(n) => lx.bump(n + 2),
                    None => return Err(err(lo, hi, "unterminated /* comment".into())),
                }
                continue;
            }
            Raw::Word => {
                let w = text.to_ascii_lowercase();
                out.push(Lexeme {
                    tok: Tok::Name(w.clone()),
                    lo,
                    hi,
                    word: Some(w),
                });
                continue;
            }
            Raw::Int => Tok::Lit(int_literal(text, 10)),
            Raw::Radix => Tok::Lit(radix_literal(text).map_err(|m| err(lo, hi, m))?),
            Raw::Real => Tok::Lit(real_literal(text).map_err(|m| err(lo, hi, m))?),
            Raw::SingleQuoted | Raw::DoubleQuoted => {
                Tok::Lit(Value::str(decode_string(text).map_err(|m| err(lo, hi, m))?))
            }
            Raw::Assign => Tok::Assign,
            Raw::Plus => Tok::Plus,
            Raw::Minus => Tok::Minus,
            Raw::Star => Tok::Star,
            Raw::Slash => Tok::Slash,
            Raw::Pow => Tok::Pow,
            Raw::Eq => Tok::Eq,
            Raw::Ne => Tok::Rel(BinOp::Ne),
            Raw::Lt => Tok::Rel(BinOp::Lt),
            Raw::Le => Tok::Rel(BinOp::Le),
            Raw::Gt => Tok::Rel(BinOp::Gt),
            Raw::Ge => Tok::Rel(BinOp::Ge),
            Raw::Hash => Tok::Uop15("#".into()),
            Raw::Query => Tok::Query,
            Raw::Bar => Tok::Bar,
            Raw::LParen | Raw::LBracket | Raw::LBrace => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(err(
                        lo,
                        hi,
                        format!("brackets nested more than {MAX_NESTING} deep"),
                    ));
                }
                match raw {
                    Raw::LParen => Tok::LParen,
                    Raw::LBracket => Tok::LBracket,
                    _ => Tok::LBrace,
                }
            }
            Raw::RParen | Raw::RBracket | Raw::RBrace => {
                depth = depth.saturating_sub(1);
                match raw {
                    Raw::RParen => Tok::RParen,
                    Raw::RBracket => Tok::RBracket,
                    _ => Tok::RBrace,
                }
            }
            Raw::Variadic => Tok::Variadic,
            Raw::Comma => Tok::Comma,
            Raw::Semi => Tok::Semi,
            Raw::Colon => Tok::Colon,
            Raw::ColonColon => Tok::ColonColon,
            Raw::Dot => Tok::Dot,
            Raw::Dots => Tok::Dots,
            Raw::Arrow => Tok::Arrow,
        };
        out.push(Lexeme {
            tok,
            lo,
            hi,
            word: None,
        });
    }
    Ok(out)
}

fn int_literal(digits: &str, radix: u32) -> Value {
    match i64::from_str_radix(digits, radix) {
        Ok(n) => Value::Int(n),
        Err(_) => {
            Value::from_big(BigInt::parse_bytes(digits.as_bytes(), radix).unwrap_or_default())
        }
    }
}

fn radix_literal(text: &str) -> Result<Value, String> {
    let (r, digits) = text.split_once('#').unwrap_or((text, ""));
    let digits = digits.trim_end_matches('#');
    let radix: u32 = r.parse().unwrap_or(0);
    if !(2..=36).contains(&radix) {
        return Err(format!("radix {r} is not between 2 and 36"));
    }
    if let Some(bad) = digits.chars().find(|c| !c.is_digit(radix)) {
        return Err(format!("digit '{bad}' is not valid in radix {radix}"));
    }
    Ok(int_literal(digits, radix))
}

fn real_literal(text: &str) -> Result<Value, String> {
    let x: f64 = text
        .parse()
        .map_err(|_| format!("malformed real literal {text}"))?;
    if x.is_infinite() || (x != 0.0 && !x.is_normal()) {
        return Err(format!("floating-point literal {text} out of range"));
    }
    Ok(Value::Real(x))
}

/// Decodes a quoted literal: doubled quotes and backslash escapes, in
/// either quote style (reference notes §1.3).
fn decode_string(text: &str) -> Result<Vec<u8>, String> {
    let b = text.as_bytes();
    let q = b[0];
    let body = &b[1..b.len() - 1];
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        i += 1;
        if c == q {
            // A doubled quote stands for one.
            out.push(q);
            i += 1;
            continue;
        }
        if c != b'\\' {
            if c < 32 && c != b'\t' {
                return Err("control character in string literal".into());
            }
            out.push(c);
            continue;
        }
        let e = body[i];
        i += 1;
        match e {
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'x' => {
                let mut n = 0u32;
                let mut k = 0;
                while k < 2 && i < body.len() && (body[i] as char).is_ascii_hexdigit() {
                    n = n * 16 + (body[i] as char).to_digit(16).unwrap_or(0);
                    i += 1;
                    k += 1;
                }
                if k == 0 {
                    return Err("\\x must be followed by a hex digit".into());
                }
                out.push(n as u8);
            }
            b'0'..=b'3' => {
                let mut n = (e - b'0') as u32;
                let mut k = 1;
                while k < 3 && i < body.len() && (b'0'..=b'7').contains(&body[i]) {
                    n = n * 8 + (body[i] - b'0') as u32;
                    i += 1;
                    k += 1;
                }
                out.push(n as u8);
            }
            b' ' | b'`' | b'~' | b'!' | b'@' | b'#' | b'$' | b'%' | b'^' | b'&' | b'*' | b'('
            | b')' | b'-' | b'_' | b'=' | b'+' | b'[' | b'{' | b']' | b'}' | b'\\' | b'|'
            | b';' | b':' | b'\'' | b'"' | b',' | b'<' | b'.' | b'>' | b'/' | b'?' => out.push(e),
            _ => return Err(format!("unknown escape sequence \\{}", e as char)),
        }
    }
    Ok(out)
}

/// Applies the context rules to the raw lexemes.
fn cook(raw: Vec<Lexeme>, library: bool) -> Vec<Spanned> {
    let user_names = prescan_user_names(&raw);
    let mut out: Vec<Spanned> = Vec::with_capacity(raw.len());
    for (i, lx) in raw.iter().enumerate() {
        let after_dot = matches!(out.last(), Some((_, Tok::Dot, _)));
        let tok = match &lx.word {
            Some(w) if after_dot => Tok::Name(w.clone()),
            Some(w) => {
                if let Some(kind) = user_names.get(w.as_str()) {
                    match kind {
                        UserName::BinaryOp => Tok::UserBop(w.clone()),
                        UserName::UnaryOp => Tok::UserUop(w.clone()),
                        UserName::Command => Tok::CmdName(w.clone()),
                    }
                } else if let Some(k) = keyword(w) {
                    k
                } else if library && builtins::SETL_PROCS.contains(&w.as_str()) {
                    Tok::Name(w.clone())
                } else if let Some(class) = builtins::name_class(w) {
                    let w = w.clone();
                    match class {
                        NameClass::Uop15 => Tok::Uop15(w),
                        NameClass::Uop5 => Tok::Uop5(w),
                        NameClass::Sysproc => Tok::Sysproc(w),
                        NameClass::Sysval => Tok::Sysval(w),
                        NameClass::Sysvar => Tok::Sysvar(w),
                        NameClass::Syscon => Tok::Syscon(w),
                    }
                } else if matches!(
                    raw.get(i + 1),
                    Some(Lexeme {
                        tok: Tok::ColonColon,
                        ..
                    })
                ) {
                    Tok::RefName(w.clone())
                } else {
                    Tok::Name(w.clone())
                }
            }
            None => lx.tok.clone(),
        };
        if let Tok::Assign = tok {
            // `op :=` with any binary operator but `=` and `in` is a compound assignment.
            let accum = match out.last() {
                Some((_, Tok::UserBop(n), _)) => Some(AccumOp::User(n.clone())),
                Some((_, t, _)) => t.binop().map(AccumOp::Bin),
                None => None,
            };
            if let Some(op) = accum {
                let (lo, _, _) = out.pop().unwrap_or((lx.lo, Tok::Assign, lx.hi));
                out.push((lo, Tok::Accum(op), lx.hi));
                continue;
            }
        }
        out.push((lx.lo, tok, lx.hi));
    }
    out
}

/// What the pre-scan found a user-declared name to be.
#[derive(Clone, Copy)]
enum UserName {
    BinaryOp,
    UnaryOp,
    Command,
}

/// Finds `op NAME` / `operator NAME` and `command NAME` headers anywhere
/// in the file (not after `end`); an operator is binary if a `,` comes
/// before the first `)` after the name.
fn prescan_user_names(raw: &[Lexeme]) -> HashMap<String, UserName> {
    let mut names = HashMap::new();
    for i in 0..raw.len() {
        let word = raw[i].word.as_deref();
        let is_op = matches!(word, Some("op" | "operator"));
        let is_command = word == Some("command");
        let after_end = i > 0 && raw[i - 1].word.as_deref() == Some("end");
        if !(is_op || is_command) || after_end {
            continue;
        }
        let Some(name) = raw.get(i + 1).and_then(|l| l.word.clone()) else {
            continue;
        };
        if is_command {
            names.insert(name, UserName::Command);
            continue;
        }
        let mut binary = false;
        for l in &raw[i + 2..] {
            match l.tok {
                Tok::Comma => {
                    binary = true;
                    break;
                }
                Tok::RParen | Tok::Semi => break,
                _ => {}
            }
        }
        let kind = if binary {
            UserName::BinaryOp
        } else {
            UserName::UnaryOp
        };
        names.insert(name, kind);
    }
    names
}
