//! Conversions between values and strings: str, unstr, val, type,
//! pretty/unpretty, and number formatting (whole, fixed, floating, strad).

use super::NameClass::{Sysproc, Uop15};
use super::{arg_type, b, want_int, want_num, want_str, Builtin, ANY};
use crate::interp::Interp;
use crate::ops::Fail;
use crate::value::num::is_num;
use crate::value::print::{str_value, to_str_bytes};
use crate::value::{SetV, Value};
use num_bigint::BigInt;

pub const TABLE: &[Builtin] = &[
    super::brw("reads", reads, 1, ANY, 1, ANY),
    b("str", Uop15, str_, 1, 1),
    b("unstr", Uop15, unstr, 1, 1),
    b("val", Uop15, val, 1, 1),
    b("type", Uop15, type_, 1, 1),
    b("denotype", Uop15, denotype, 1, 1),
    b("pretty", Uop15, pretty, 1, 1),
    b("unpretty", Uop15, unpretty, 1, 1),
    b("whole", Sysproc, whole, 2, 2),
    b("fixed", Sysproc, fixed, 3, 3),
    b("floating", Sysproc, floating, 3, 3),
    b("strad", Sysproc, strad, 2, 2),
];

fn str_(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(str_value(&a[0]))
}

fn type_(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::str(a[0].type_name()))
}

fn unstr(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("unstr", &a[0])?;
    unstr_value(s).ok_or_else(|| {
        Fail::new("unstr: the string is not the denotation of a value")
            .note(format!("argument: {}", crate::ops::show(&a[0])))
    })
}

fn denotype(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("denotype", &a[0])?;
    Ok(unstr_value(s)
        .map(|v| Value::str(v.type_name()))
        .unwrap_or(Value::Om))
}

/// Reads a value back from its printed form, as `unstr` and `read` do.
pub fn unstr_value(s: &[u8]) -> Option<Value> {
    let mut r = Reader { s, i: 0 };
    let v = r.value()?;
    r.skip_space();
    if r.i == s.len() {
        Some(v)
    } else {
        None
    }
}

/// A reader of value denotations (shared with `read`/`reada`).
pub struct Reader<'a> {
    pub s: &'a [u8],
    pub i: usize,
}

impl<'a> Reader<'a> {
    pub fn skip_space(&mut self) {
        while self.i < self.s.len() && (self.s[self.i].is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn skip_sep(&mut self) {
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_whitespace() || self.s[self.i] == b',')
        {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// The next value, or None at the end or on malformed input.
    ///
    /// Brackets may nest as deep as a program can build values (`str` of
    /// a million nested tuples reads back), so the open ones are kept on a
    /// stack of their own, not on the machine's.
    pub fn value(&mut self) -> Option<Value> {
        // Each open bracket and the items read inside it so far.
        let mut open: Vec<(u8, Vec<Value>)> = Vec::new();
        loop {
            if open.is_empty() {
                self.skip_space();
            } else {
                self.skip_sep();
            }
            let c = self.peek()?;
            let closes =
                |&(o, _): &(u8, Vec<Value>)| (o, c) == (b'[', b']') || (o, c) == (b'{', b'}');
            let v = if c == b'[' || c == b'{' {
                self.i += 1;
                open.push((c, Vec::new()));
                continue;
            } else if open.last().is_some_and(closes) {
                self.i += 1;
                let (o, items) = open.pop()?;
                if o == b'[' {
                    Value::tuple(items)
                } else {
                    Value::set(SetV::from_iter(items))
                }
            } else {
                self.atom()?
            };
            match open.last_mut() {
                Some((_, items)) => items.push(v),
                None => return Some(v),
            }
        }
    }

    /// A value that is not a tuple or set: a string, om, a boolean or a
    /// number.
    fn atom(&mut self) -> Option<Value> {
        let c = self.peek()?;
        match c {
            b'\'' | b'"' => {
                self.i += 1;
                let mut out = Vec::new();
                loop {
                    let ch = self.peek()?;
                    self.i += 1;
                    if ch == c {
                        if self.peek() == Some(c) {
                            out.push(c);
                            self.i += 1;
                        } else {
                            break;
                        }
                    } else {
                        out.push(ch);
                    }
                }
                Some(Value::str(out))
            }
            b'*' => {
                self.i += 1;
                Some(Value::Om)
            }
            b'#' => {
                let t = self.s.get(self.i + 1)?;
                self.i += 2;
                match t {
                    b'T' | b't' => Some(Value::Bool(true)),
                    b'F' | b'f' => Some(Value::Bool(false)),
                    _ => None,
                }
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len()
                    && !self.s[self.i].is_ascii_whitespace()
                    && !b",[]{}".contains(&self.s[self.i])
                {
                    self.i += 1;
                }
                let word = &self.s[start..self.i];
                if word.first().is_some_and(|c| c.is_ascii_alphabetic()) {
                    if word.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                        return Some(Value::str(word));
                    }
                    return None;
                }
                number(std::str::from_utf8(word).ok()?)
            }
        }
    }
}

/// Parses a number denotation: integer, radix form or real.
pub fn number(text: &str) -> Option<Value> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if body.is_empty() {
        return None;
    }
    let v = if body.bytes().all(|c| c.is_ascii_digit()) {
        Value::from_big(BigInt::parse_bytes(body.as_bytes(), 10)?)
    } else if let Some((r, digits)) = body.split_once('#') {
        let radix: u32 = r.parse().ok()?;
        let digits = digits.strip_suffix('#').unwrap_or(digits);
        if !(2..=36).contains(&radix) || digits.is_empty() {
            return None;
        }
        Value::from_big(BigInt::parse_bytes(digits.as_bytes(), radix)?)
    } else {
        let ok = body
            .bytes()
            .all(|c| c.is_ascii_digit() || b".eE+-".contains(&c))
            && body
                .bytes()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == b'.');
        if !ok {
            return None;
        }
        Value::Real(body.parse::<f64>().ok()?)
    };
    Some(if neg { crate::ops::neg(v).ok()? } else { v })
}

fn val(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("val", &a[0])?;
    let text = String::from_utf8_lossy(s);
    let text = text.trim();
    if let Some(v) = number(text) {
        return Ok(v);
    }
    // A number followed by more text is an error, not om.
    let head = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    if head.len() < text.len() && number(head).is_some() {
        return Err(Fail::new("val: junk after the number")
            .note(format!("argument: {}", crate::ops::show(&a[0]))));
    }
    Ok(Value::Om)
}

fn pretty(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    // A value that is not a string is shown as its str form.
    let text = match &a[0] {
        Value::Str(s) => s.to_vec(),
        v => to_str_bytes(v),
    };
    let s = &text;
    let mut out = vec![b'\''];
    for &c in s {
        match c {
            b'\'' => out.extend_from_slice(b"''"),
            b'\\' => out.extend_from_slice(b"\\\\"),
            7 => out.extend_from_slice(b"\\a"),
            8 => out.extend_from_slice(b"\\b"),
            12 => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            11 => out.extend_from_slice(b"\\v"),
            32..=126 => out.push(c),
            _ => out.extend_from_slice(format!("\\{c:03o}").as_bytes()),
        }
    }
    out.push(b'\'');
    Ok(Value::str(out))
}

fn unpretty(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("unpretty", &a[0])?;
    let text = String::from_utf8_lossy(s);
    let toks = crate::syntax::lexer::lex(text.trim(), 0).ok();
    match toks.as_deref() {
        Some([(_, crate::syntax::token::Tok::Lit(v @ Value::Str(_)), _)]) => Ok(v.clone()),
        _ => Err(Fail::new("unpretty: the argument is not a string literal")),
    }
}

/// Pads `s` to width |w|: on the left for w > 0, on the right for w < 0.
fn pad(s: String, w: i64) -> String {
    let width = w.unsigned_abs() as usize;
    if s.len() >= width {
        s
    } else if w > 0 {
        format!("{s:>width$}")
    } else {
        format!("{s:<width$}")
    }
}

/// A field width or digit count for whole/fixed/floating: |n| <= 10000.
fn format_arg(name: &str, v: &Value, may_be_negative: bool) -> Result<i64, Fail> {
    let n = want_int(name, v)?;
    if n.abs() > 10_000 || (!may_be_negative && n < 0) {
        return Err(Fail::new(format!("{name}: {n} is out of range")));
    }
    Ok(n)
}

/// How C's printf spells a real that is not finite, if it is not.
fn non_finite(x: f64) -> Option<String> {
    crate::value::print::fmt_special(x)
}

fn whole(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let w = format_arg("whole", &a[1], true)?;
    let s = match &a[0] {
        // Reals are rounded (halves away from zero) and printed exactly.
        Value::Real(x) => match non_finite(*x) {
            Some(s) => s,
            None => crate::value::print::to_str(&crate::value::num::real_to_int(x.round())),
        },
        v if is_num(v) => crate::value::print::to_str(v),
        v => return Err(arg_type("whole", v, "a number")),
    };
    Ok(Value::str(pad(s, w)))
}

fn fixed(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let x = want_num("fixed", &a[0])?;
    let w = format_arg("fixed", &a[1], true)?;
    let aft = format_arg("fixed", &a[2], false)? as usize;
    let s = non_finite(x).unwrap_or_else(|| format!("{x:.aft$}"));
    Ok(Value::str(pad(s, w)))
}

fn floating(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let x = want_num("floating", &a[0])?;
    let w = format_arg("floating", &a[1], true)?;
    let aft = format_arg("floating", &a[2], false)? as usize;
    let s = non_finite(x).unwrap_or_else(|| {
        let s = format!("{x:.aft$e}");
        // C style exponent: sign and at least two digits.
        match s.split_once('e') {
            Some((m, e)) => {
                let n: i32 = e.parse().unwrap_or(0);
                format!("{m}e{}{:02}", if n < 0 { '-' } else { '+' }, n.abs())
            }
            None => s,
        }
    });
    Ok(Value::str(pad(s, w)))
}

fn strad(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let radix = want_int("strad", &a[1])?;
    if !(2..=36).contains(&radix) {
        return Err(Fail::new("strad: radix must be between 2 and 36"));
    }
    let n = match &a[0] {
        v @ (Value::Int(_) | Value::Big(_)) => crate::value::num::big(v),
        v => return Err(arg_type("strad", v, "an integer")),
    };
    let digits = n.magnitude().to_str_radix(radix as u32);
    let sign = if n.sign() == num_bigint::Sign::Minus {
        "-"
    } else {
        ""
    };
    Ok(Value::str(format!("{sign}{radix}#{digits}")))
}

/// `reads(s, wr x, ...)`: reads values from string s into the variables
/// as `reada` reads them from a stream; those left over at the end of s
/// get om, and what follows the last one is ignored.
fn reads(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("reads", &a[0])?.to_vec();
    let mut r = Reader { s: &s, i: 0 };
    for t in a[1..].iter_mut() {
        r.skip_space();
        if r.i >= s.len() {
            *t = Value::Om;
            continue;
        }
        let at = r.i;
        *t = r.value().ok_or_else(|| {
            let shown: String = String::from_utf8_lossy(&s[at..]).chars().take(40).collect();
            Fail::new("reads: the string is not a SETL denotation here")
                .note(format!("at: {shown}"))
        })?;
    }
    Ok(Value::Om)
}
