//! Patterns: the regex routines (split, sub, gsub, mark, gmark) and string
//! pattern subscripts (`s(p)`, `s(p..q)` and their assignment forms).
//!
//! A pattern is an extended regular expression while `magic` is true and
//! literal text otherwise; an integer stands for a position, and a pair
//! `[p1, p2]` means "p1, then anything, then the first p2 after it".
//! Matching is leftmost-longest, as POSIX regexec is in GNU SETL: the
//! `regex` crate finds the leftmost start and a lazy DFA that reports every
//! match finds the longest end there. Every search looks at the rest of the
//! string as a string of its own, so `^` matches where a search resumes.

use super::NameClass::Sysproc;
use super::{b, brw, want_str, Builtin};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::Value;
use regex::bytes::Regex;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::{Anchored, Input, MatchKind};
use std::cell::RefCell;

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

/// A compiled regular expression.
struct Rx {
    /// Finds the leftmost start (and serves when the DFA gives up).
    find: Regex,
    /// The same pattern anchored at both ends, for the groups of a match.
    whole: Regex,
    /// Anchored, reporting all matches: its last match is the longest.
    longest: DFA,
    cache: RefCell<Cache>,
    /// The pattern's text when it has no special characters: then a match
    /// is just an occurrence of it, found without the regexes.
    plain: Option<memchr::memmem::Finder<'static>>,
}

impl Rx {
    fn new(text: &str) -> Result<Rx, Fail> {
        let bad = |e: &dyn std::fmt::Display| {
            let e = e.to_string();
            // Say it the way the C library's regcomp does where we can.
            let msg = if e.contains("unclosed group") {
                "Unmatched ( or \\(".to_string()
            } else {
                format!("bad pattern: {e}")
            };
            Fail::new(msg).note(format!("pattern: {text}"))
        };
        let find = Regex::new(&format!("(?-u){text}")).map_err(|e| bad(&e))?;
        let whole = Regex::new(&format!(r"(?-u)\A(?:{text})\z")).map_err(|e| bad(&e))?;
        let longest = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .unicode(false)
                    .utf8(false),
            )
            .thompson(regex_automata::nfa::thompson::Config::new().utf8(false))
            .build(text)
            .map_err(|e| bad(&e))?;
        let cache = RefCell::new(longest.create_cache());
        Ok(Rx {
            find,
            whole,
            longest,
            cache,
            plain: (!text.bytes().any(|c| br"\.[]()*+?{}|^$".contains(&c)))
                .then(|| memchr::memmem::Finder::new(text.as_bytes()).into_owned()),
        })
    }

    /// The leftmost-longest match in `s` with its groups.
    fn search(&self, s: &[u8]) -> Option<Found> {
        if let Some(text) = &self.plain {
            let start = text.find(s)?;
            return Some(Found {
                start,
                end: start + text.needle().len(),
                groups: Vec::new(),
                between: None,
                literal: false,
            });
        }
        let first = self.find.find(s)?;
        let start = first.start();
        let input = Input::new(s).range(start..).anchored(Anchored::Yes);
        let end = match self
            .longest
            .try_search_fwd(&mut self.cache.borrow_mut(), &input)
        {
            Ok(Some(hm)) => hm.offset().max(first.end()),
            _ => first.end(),
        };
        let groups = match self.whole.captures(&s[start..end]) {
            Some(c) => (1..c.len())
                .map(|g| c.get(g).map(|m| (m.start() + start, m.end() + start)))
                .collect(),
            None => Vec::new(),
        };
        Some(Found {
            start,
            end,
            groups,
            between: None,
            literal: false,
        })
    }
}

/// A pattern, ready to search with.
enum Pat {
    Rx(Box<Rx>),
    Text(Vec<u8>),
    /// A 1-based position: the character there (or nothing past the end).
    Pos(i64),
    Pair(Box<Pat>, Box<Pat>),
}

/// A match: 0-based half-open span, the spans of its groups, for a pair the
/// text between its two parts, and whether the new text is taken literally
/// (patterns made only of positions).
struct Found {
    start: usize,
    end: usize,
    groups: Vec<Option<(usize, usize)>>,
    between: Option<(usize, usize)>,
    literal: bool,
}

impl Pat {
    fn new(v: &Value, magic: bool, fname: &str) -> Result<Pat, Fail> {
        match v {
            Value::Str(p) if magic => Ok(Pat::Rx(Box::new(Rx::new(&String::from_utf8_lossy(p))?))),
            Value::Str(p) => Ok(Pat::Text(p.to_vec())),
            Value::Int(i) => Ok(Pat::Pos(*i)),
            Value::Tuple(t) if t.len() == 2 => Ok(Pat::Pair(
                Box::new(Pat::new(&t[0], magic, fname)?),
                Box::new(Pat::new(&t[1], magic, fname)?),
            )),
            v => Err(super::arg_type(
                fname,
                v,
                "a pattern (a string, an integer or a pair)",
            )),
        }
    }

    /// The first match in `s` at or after `from`, searching `s[from..]` as
    /// a string of its own; positions count from the start of `s`.
    fn find(&self, s: &[u8], from: usize) -> Option<Found> {
        let from = from.min(s.len());
        let shift = |mut f: Found| {
            f.start += from;
            f.end += from;
            for g in f.groups.iter_mut().flatten() {
                g.0 += from;
                g.1 += from;
            }
            f
        };
        match self {
            Pat::Rx(rx) => rx.search(&s[from..]).map(shift),
            Pat::Text(t) => {
                let rest = &s[from..];
                let at = memchr::memmem::find(rest, t);
                at.map(|i| {
                    shift(Found {
                        start: i,
                        end: i + t.len(),
                        groups: vec![],
                        between: None,
                        literal: true,
                    })
                })
            }
            Pat::Pos(i) => {
                let start = usize::try_from(*i).ok()?.checked_sub(1)?;
                let end = if start < s.len() { start + 1 } else { start };
                Some(Found {
                    start,
                    end,
                    groups: vec![],
                    between: None,
                    literal: true,
                })
            }
            Pat::Pair(p1, p2) => {
                let a = p1.find(s, from)?;
                let b = p2.find(s, a.end)?;
                let mut groups = a.groups;
                groups.extend(b.groups);
                Some(Found {
                    start: a.start,
                    end: b.end.max(a.start),
                    groups,
                    between: Some((a.end, b.start.max(a.end))),
                    literal: a.literal && b.literal,
                })
            }
        }
    }
}

fn empty_forever() -> Fail {
    Fail::new("Infinitely many occurrences of the empty string")
        .note("a pattern that can match the empty string cannot be used here")
}

/// Calls `f` on each match, each search resuming where the last match
/// ended. An empty match would repeat forever, so it is an error.
fn for_each_match(p: &Pat, s: &[u8], mut f: impl FnMut(Found)) -> Result<(), Fail> {
    let mut from = 0;
    while from < s.len() {
        let Some(m) = p.find(s, from) else { break };
        if m.end <= m.start || m.end <= from {
            return Err(empty_forever());
        }
        from = m.end;
        f(m);
    }
    Ok(())
}

/// The new text for a match: `&` and `\0` are the match, `\1`..`\9` its
/// groups (empty if missing), `\-` the text between a pair's parts (a
/// plain `-` otherwise), and `\` before anything else is that character.
fn expand(rep: &[u8], s: &[u8], m: &Found) -> Vec<u8> {
    if m.literal {
        return rep.to_vec();
    }
    let text = |span: Option<(usize, usize)>| span.map(|(a, b)| &s[a.min(b)..b]).unwrap_or(&[]);
    let mut out = Vec::with_capacity(rep.len());
    let mut i = 0;
    while i < rep.len() {
        match rep[i] {
            b'&' => out.extend_from_slice(text(Some((m.start, m.end)))),
            b'\\' if i + 1 < rep.len() => {
                i += 1;
                match rep[i] {
                    b'0' => out.extend_from_slice(text(Some((m.start, m.end)))),
                    d @ b'1'..=b'9' => out.extend_from_slice(text(
                        m.groups.get((d - b'1') as usize).copied().flatten(),
                    )),
                    b'-' if m.between.is_some() => out.extend_from_slice(text(m.between)),
                    c => out.push(c),
                }
            }
            b'\\' => {}
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// `s(p)` with a string subscript: the first match of pattern p, or om.
pub fn pattern_select(s: &[u8], p: &[u8], magic: bool) -> Result<Value, Fail> {
    Ok(match pattern_match(s, p, magic)? {
        Some((from, to)) => Value::str(&s[from..to]),
        None => Value::Om,
    })
}

/// The 0-based span of the first match of pattern `p` in `s`.
pub fn pattern_match(s: &[u8], p: &[u8], magic: bool) -> Result<Option<(usize, usize)>, Fail> {
    let pat = Pat::new(&Value::str(p), magic, "subscript")?;
    Ok(pat.find(s, 0).map(|m| (m.start, m.end)))
}

/// The text that replaces a pattern-selected part of a string: `&` in the
/// new text stands for the part it replaces, `\c` for the character c.
pub fn expand_selected(new: &[u8], selected: &[u8]) -> Vec<u8> {
    let m = Found {
        start: 0,
        end: selected.len(),
        groups: vec![],
        between: None,
        literal: false,
    };
    expand(new, selected, &m)
}

/// The 0-based span `s(lo..hi)` selects when a bound may be a pattern: a
/// pattern lower bound starts at its first match; a pattern upper bound
/// ends at the end of its first match after the lower bound. None when a
/// pattern does not match.
pub fn pattern_span(
    s: &[u8],
    lo: Option<&Value>,
    hi: Option<&Value>,
    magic: bool,
) -> Result<Option<(usize, usize)>, Fail> {
    let bad = |v: &Value| {
        Fail::new(format!(
            "string slice index ({}) is out of range",
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
        Some(v) => {
            return Err(Fail::new(format!(
                "string slice lower index ({}) is out of range",
                crate::ops::show(v)
            )))
        }
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
    let Some(p) = a.get(1) else {
        let fields = s
            .split(|c| b" \t\n\r\x0b\x0c".contains(c))
            .filter(|w| !w.is_empty())
            .map(Value::str)
            .collect();
        return Ok(Value::tuple(fields));
    };
    if s.is_empty() {
        return Ok(Value::tuple(vec![]));
    }
    let pat = Pat::new(p, it.lib.magic, "split")?;
    let mut fields = Vec::new();
    let mut last = 0;
    // The spans of the first and the last separator.
    let mut ends: Option<((usize, usize), (usize, usize))> = None;
    for_each_match(&pat, s, |m| {
        fields.push(Value::str(&s[last..m.start]));
        last = m.end;
        let here = (m.start, m.end);
        ends = Some((ends.map_or(here, |(first, _)| first), here));
    })?;
    fields.push(Value::str(&s[last..]));
    // A separator at either end gives an empty field there, which is
    // dropped when the pattern would also take that separator twice over
    // as one match (so ',+' drops them and '[,]' keeps them).
    let doubled_is_one = |(start, end): (usize, usize)| {
        let d = [&s[start..end], &s[start..end]].concat();
        pat.find(&d, 0)
            .is_some_and(|f| f.start == 0 && f.end == d.len())
    };
    if let Some((first, final_sep)) = ends {
        if final_sep.1 == s.len() && doubled_is_one(final_sep) {
            fields.pop();
        }
        if first.0 == 0 && doubled_is_one(first) && !fields.is_empty() {
            fields.remove(0);
        }
    }
    Ok(Value::tuple(fields))
}

fn sub(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("sub", &a[0])?.to_vec();
    let pat = Pat::new(&a[1], it.lib.magic, "sub")?;
    let rep = match a.get(2) {
        Some(r) => want_str("sub", r)?.to_vec(),
        None => Vec::new(),
    };
    let Some(m) = pat.find(&s, 0).filter(|m| m.end <= s.len()) else {
        return Ok(Value::Om);
    };
    let mut out = s[..m.start].to_vec();
    out.extend(expand(&rep, &s, &m));
    out.extend_from_slice(&s[m.end..]);
    let matched = Value::str(&s[m.start..m.end]);
    a[0] = Value::str(out);
    Ok(matched)
}

fn gsub(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("gsub", &a[0])?.to_vec();
    let pat = Pat::new(&a[1], it.lib.magic, "gsub")?;
    let rep = match a.get(2) {
        Some(r) => want_str("gsub", r)?.to_vec(),
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut matched = Vec::new();
    let mut last = 0;
    for_each_match(&pat, &s, |m| {
        out.extend_from_slice(&s[last..m.start]);
        out.extend(expand(&rep, &s, &m));
        matched.push(Value::str(&s[m.start..m.end]));
        last = m.end;
    })?;
    out.extend_from_slice(&s[last..]);
    a[0] = Value::str(out);
    Ok(Value::tuple(matched))
}

/// `[i, j]`, 1-based and inclusive (`j = i - 1` for an empty match).
fn span_value(m: &Found) -> Value {
    Value::tuple(vec![
        Value::Int(m.start as i64 + 1),
        Value::Int(m.end as i64),
    ])
}

fn mark(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("mark", &a[0])?;
    let pat = Pat::new(&a[1], it.lib.magic, "mark")?;
    Ok(pat.find(s, 0).map(|m| span_value(&m)).unwrap_or(Value::Om))
}

fn gmark(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("gmark", &a[0])?;
    let pat = Pat::new(&a[1], it.lib.magic, "gmark")?;
    let mut spans = Vec::new();
    for_each_match(&pat, s, |m| spans.push(span_value(&m)))?;
    Ok(Value::tuple(spans))
}
