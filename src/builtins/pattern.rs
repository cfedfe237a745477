//! Regular-expression routines: split, sub, gsub, mark, gmark. Patterns
//! are extended regular expressions while `magic` is true (the default),
//! literal text otherwise.

use super::NameClass::Sysproc;
use super::{b, brw, want_str, Builtin};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;
use regex::bytes::Regex;

pub const TABLE: &[Builtin] = &[
    b("split", Sysproc, split, 1, 2),
    brw("sub", sub, 2, 3, 0, 1),
    brw("gsub", gsub, 2, 3, 0, 1),
    b("mark", Sysproc, mark, 2, 2),
    b("gmark", Sysproc, gmark, 2, 2),
    b("set_magic", Sysproc, set_magic, 1, 1),
];

/// `set_magic(b)`: sets `magic`, returning its old value.
fn set_magic(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let Value::Bool(new) = a[0] else {
        return Err(super::arg_type("set_magic", &a[0], "a boolean"));
    };
    Ok(Value::Bool(std::mem::replace(&mut it.lib.magic, new)))
}

/// Compiles a pattern, honouring `magic`.
fn compile(it: &Interp, pat: &[u8]) -> Result<Regex, Fail> {
    compile_with(it.lib.magic, pat)
}

fn compile_with(magic: bool, pat: &[u8]) -> Result<Regex, Fail> {
    let text = String::from_utf8_lossy(pat);
    let src = if magic {
        text.into_owned()
    } else {
        regex::escape(&text)
    };
    Regex::new(&src).map_err(|e| Fail::new(format!("bad pattern: {e}")))
}

/// `s(p)` with a string subscript: the first match of pattern p, or om.
pub fn pattern_select(s: &[u8], p: &[u8], magic: bool) -> Result<Value, Fail> {
    Ok(match pattern_match(s, p, magic)? {
        Some((from, to)) => Value::str(s[from..to].to_vec()),
        None => Value::Om,
    })
}

/// The 0-based span of the first match of pattern `p` in `s`.
pub fn pattern_match(s: &[u8], p: &[u8], magic: bool) -> Result<Option<(usize, usize)>, Fail> {
    Ok(compile_with(magic, p)?
        .find(s)
        .map(|m| (m.start(), m.end())))
}

/// The text that replaces a pattern-selected part of a string: `&` in the
/// new text stands for the part it replaces, `\c` for the character c.
pub fn expand_selected(new: &[u8], selected: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(new.len());
    let mut i = 0;
    while i < new.len() {
        match new[i] {
            b'&' => out.extend_from_slice(selected),
            b'\\' if i + 1 < new.len() => {
                i += 1;
                out.push(new[i]);
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// The 0-based span `s(lo..hi)` selects when a bound may be a pattern: a
/// pattern lower bound starts at its first match; a pattern upper bound
/// ends at the end of its first match after the lower bound (searching the
/// rest of the string as a string of its own, so `^` matches there). None
/// when a pattern does not match.
pub fn pattern_span(
    s: &[u8],
    lo: Option<&Value>,
    hi: Option<&Value>,
    magic: bool,
) -> Result<Option<(usize, usize)>, Fail> {
    let bad = |v: &Value| {
        Fail::new(format!(
            "slice bound {} is out of range",
            crate::ops::show(v)
        ))
    };
    let (start, search_from) = match lo {
        None => (0, 0),
        Some(Value::Str(p)) => match pattern_match(s, p, magic)? {
            Some(span) => span,
            None => return Ok(None),
        },
        Some(Value::Int(i)) if *i >= 1 => ((*i - 1) as usize, (*i - 1) as usize),
        Some(v) => return Err(bad(v)),
    };
    let end = match hi {
        None => s.len(),
        Some(Value::Str(q)) => {
            if search_from > s.len() {
                return Ok(None);
            }
            match pattern_match(&s[search_from..], q, magic)? {
                Some((_, b)) => search_from + b,
                None => return Ok(None),
            }
        }
        Some(Value::Int(j)) if *j >= 0 => (*j as usize).min(s.len()),
        Some(v) => return Err(bad(v)),
    };
    let start = start.min(s.len());
    Ok(Some((start, end.max(start))))
}

fn split(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("split", &a[0])?;
    let fields: Vec<Value> = match a.get(1) {
        None => s
            .split(|c| b" \t\n\r\x0b\x0c".contains(c))
            .filter(|w| !w.is_empty())
            .map(|w| Value::str(w.to_vec()))
            .collect(),
        Some(p) => {
            if s.is_empty() {
                return Ok(Value::tuple(vec![]));
            }
            let re = compile(it, want_str("split", p)?)?;
            re.split(s).map(|w| Value::str(w.to_vec())).collect()
        }
    };
    Ok(Value::Tuple(std::rc::Rc::new(fields)))
}

/// The replacement text for one match: `&` and `\0` are the whole match,
/// `\1`..`\9` the groups.
fn expand(rep: &[u8], caps: &regex::bytes::Captures) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rep.len() {
        match rep[i] {
            b'&' => out.extend_from_slice(&caps[0]),
            b'\\' if i + 1 < rep.len() && rep[i + 1].is_ascii_digit() => {
                let g = (rep[i + 1] - b'0') as usize;
                if let Some(m) = caps.get(g) {
                    out.extend_from_slice(m.as_bytes());
                }
                i += 1;
            }
            b'\\' if i + 1 < rep.len() => {
                out.push(rep[i + 1]);
                i += 1;
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

fn sub(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("sub", &a[0])?.to_vec();
    let re = compile(it, want_str("sub", &a[1])?)?;
    let rep = match a.get(2) {
        Some(r) => want_str("sub", r)?.to_vec(),
        None => Vec::new(),
    };
    let Some(caps) = re.captures(&s) else {
        return Ok(Value::Om);
    };
    let m = caps.get(0).map(|m| (m.start(), m.end())).unwrap_or((0, 0));
    let mut out = s[..m.0].to_vec();
    out.extend(expand(&rep, &caps));
    out.extend_from_slice(&s[m.1..]);
    let matched = Value::str(s[m.0..m.1].to_vec());
    a[0] = Value::str(out);
    Ok(matched)
}

fn gsub(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("gsub", &a[0])?.to_vec();
    let re = compile(it, want_str("gsub", &a[1])?)?;
    let rep = match a.get(2) {
        Some(r) => want_str("gsub", r)?.to_vec(),
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut matched = Vec::new();
    let mut last = 0;
    for caps in re.captures_iter(&s) {
        let Some(m) = caps.get(0) else { continue };
        out.extend_from_slice(&s[last..m.start()]);
        out.extend(expand(&rep, &caps));
        matched.push(Value::str(m.as_bytes().to_vec()));
        last = m.end();
    }
    out.extend_from_slice(&s[last..]);
    a[0] = Value::str(out);
    Ok(Value::tuple(matched))
}

fn mark(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("mark", &a[0])?;
    let re = compile(it, want_str("mark", &a[1])?)?;
    Ok(match re.find(s) {
        Some(m) => Value::tuple(vec![
            Value::Int(m.start() as i64 + 1),
            Value::Int(m.end() as i64),
        ]),
        None => Value::Om,
    })
}

fn gmark(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("gmark", &a[0])?;
    let re = compile(it, want_str("gmark", &a[1])?)?;
    Ok(Value::tuple(
        re.find_iter(s)
            .map(|m| {
                Value::tuple(vec![
                    Value::Int(m.start() as i64 + 1),
                    Value::Int(m.end() as i64),
                ])
            })
            .collect(),
    ))
}
