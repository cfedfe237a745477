//! How values print (reference notes §2.2): `str` rendering, with reals
//! in C's `%.15g` and identifier-like strings left unquoted.

use super::Value;

/// `str x` as bytes.
pub fn to_str_bytes(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_str(v, &mut out);
    out
}

/// `str x` as a string value. Integers, the common case, are formatted on
/// the stack, so a short result (see `StrV`) allocates nothing.
pub fn str_value(v: &Value) -> Value {
    match v {
        Value::Int(i) => Value::str(int_digits(*i, &mut [0; 20])),
        _ => Value::str(to_str_bytes(v)),
    }
}

/// The decimal text of `i`, as `i.to_string()` writes it, built at the end
/// of `buf` (20 bytes hold `i64::MIN`).
fn int_digits(i: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut n = i.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

/// `str x` as a Rust string (lossy for non-UTF-8 bytes); for diagnostics.
pub fn to_str(v: &Value) -> String {
    String::from_utf8_lossy(&to_str_bytes(v)).into_owned()
}

/// Appends `str v` to `out`.
pub fn write_str(v: &Value, out: &mut Vec<u8>) {
    write_nested(v, out, 0);
}

/// Nesting depth past which `write_deep` takes over from recursion.
const RECURSION_DEPTH: usize = 10_000;

/// `write_str` for a value nested `depth` deep: recursive, the fast way
/// for the values programs usually print.
fn write_nested(v: &Value, out: &mut Vec<u8>, depth: usize) {
    if depth >= RECURSION_DEPTH {
        return write_deep(v, out);
    }
    let Some(mut elems) = Open::of(v) else {
        return write_scalar(v, out);
    };
    out.push(elems.opening());
    while let Some(e) = elems.next_elem(out) {
        write_nested(e, out, depth + 1);
    }
    out.push(elems.closing());
}

/// `write_str` for values nested deeper than recursion may go (a loop of
/// `x := [x]` builds them): the open sets and tuples are kept on a stack
/// of their own, not on the machine's.
#[cold]
fn write_deep(v: &Value, out: &mut Vec<u8>) {
    let mut open: Vec<Open> = Vec::new();
    let mut next = Some(v);
    loop {
        if let Some(v) = next.take() {
            match Open::of(v) {
                Some(o) => {
                    out.push(o.opening());
                    open.push(o);
                }
                None => write_scalar(v, out),
            }
        }
        let Some(top) = open.last_mut() else {
            return;
        };
        match top.next_elem(out) {
            Some(e) => next = Some(e),
            None => {
                out.push(top.closing());
                open.pop();
            }
        }
    }
}

/// A set or tuple being written: the elements left, and whether none has
/// been written yet.
enum Open<'a> {
    Set(super::set::Iter<'a>, bool),
    Tuple(super::tuple::Iter<'a>, bool),
}

impl<'a> Open<'a> {
    fn of(v: &'a Value) -> Option<Open<'a>> {
        match v {
            Value::Set(s) => Some(Open::Set(s.iter(), true)),
            Value::Tuple(t) => Some(Open::Tuple(t.iter(), true)),
            _ => None,
        }
    }

    fn opening(&self) -> u8 {
        match self {
            Open::Set(..) => b'{',
            Open::Tuple(..) => b'[',
        }
    }

    fn closing(&self) -> u8 {
        match self {
            Open::Set(..) => b'}',
            Open::Tuple(..) => b']',
        }
    }

    /// The next element, after writing the blank that separates it from
    /// the one before.
    fn next_elem(&mut self, out: &mut Vec<u8>) -> Option<&'a Value> {
        let (e, first) = match self {
            Open::Set(it, first) => (it.next()?, first),
            Open::Tuple(it, first) => (it.next()?, first),
        };
        if !std::mem::replace(first, false) {
            out.push(b' ');
        }
        Some(e)
    }
}

/// Appends `str v` for a value that is not a set or tuple.
fn write_scalar(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Om => out.push(b'*'),
        Value::Bool(true) => out.extend_from_slice(b"#T"),
        Value::Bool(false) => out.extend_from_slice(b"#F"),
        Value::Int(i) => out.extend_from_slice(int_digits(*i, &mut [0; 20])),
        Value::Big(b) => out.extend_from_slice(b.to_string().as_bytes()),
        Value::Real(x) => out.extend_from_slice(fmt_real(*x).as_bytes()),
        Value::Str(s) => write_quoted(s, out),
        Value::Atom(n) => out.extend_from_slice(format!("#{n}").as_bytes()),
        Value::Proc(_) => out.extend_from_slice(b"<ROUTINE>"),
        Value::Set(_) | Value::Tuple(_) => write_deep(v, out),
    }
}

/// Identifier-like strings print bare; others in apostrophes with inner
/// apostrophes doubled.
fn write_quoted(s: &[u8], out: &mut Vec<u8>) {
    let ident = s.first().is_some_and(|c| c.is_ascii_alphabetic())
        && s.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_');
    if ident {
        out.extend_from_slice(s);
        return;
    }
    out.push(b'\'');
    for &c in s {
        if c == b'\'' {
            out.push(b'\'');
        }
        out.push(c);
    }
    out.push(b'\'');
}

/// C's `printf("%.15g", x)`, with glibc's spellings of inf and nan.
pub fn fmt_real(x: f64) -> String {
    fmt_g(x, 15)
}

/// glibc's spelling of a real that is not finite (None if it is finite).
pub fn fmt_special(x: f64) -> Option<String> {
    if x.is_nan() {
        return Some(if x.is_sign_negative() { "-nan" } else { "nan" }.into());
    }
    if x.is_infinite() {
        return Some(if x < 0.0 { "-inf" } else { "inf" }.into());
    }
    None
}

/// `%.{prec}g`.
pub fn fmt_g(x: f64, prec: usize) -> String {
    if let Some(s) = fmt_special(x) {
        return s;
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let prec = prec.max(1);
    let sci = format!("{:.*e}", prec - 1, x);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= prec as i32 {
        let mant = strip_zeros(mant);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (prec as i32 - 1 - exp).max(0) as usize;
        strip_zeros(&format!("{x:.decimals$}")).to_string()
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::SetV;

    #[test]
    fn integers_print_like_to_string() {
        for i in [0, 7, -7, 10, -10, 997, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(int_digits(i, &mut [0; 20]), i.to_string().as_bytes());
            assert_eq!(
                str_value(&Value::Int(i)).as_bytes(),
                Some(i.to_string().as_bytes())
            );
        }
    }

    #[test]
    fn reals_print_like_percent_15g() {
        let cases = [
            (1.0, "1"),
            (0.1 + 0.2, "0.3"),
            (1.0 / 3.0, "0.333333333333333"),
            (100.0, "100"),
            (1e14, "100000000000000"),
            (1e15, "1e+15"),
            (1234567890123456.0, "1.23456789012346e+15"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (-0.0, "-0"),
            (2.5, "2.5"),
            (f64::INFINITY, "inf"),
            (1e300 * 10.0, "1e+301"),
        ];
        for (x, want) in cases {
            assert_eq!(fmt_real(x), want, "formatting {x:e}");
        }
    }

    #[test]
    fn strings_quote_unless_identifier_like() {
        let t = Value::tuple(vec![
            Value::Int(1),
            Value::str("a"),
            Value::str("a b"),
            Value::str(""),
            Value::str("A_1"),
            Value::str("1a"),
            Value::str("it's"),
        ]);
        assert_eq!(to_str(&t), "[1 a 'a b' '' A_1 '1a' 'it''s']");
    }

    #[test]
    fn sets_print_in_canonical_order() {
        let elems = vec![
            Value::Int(3),
            Value::Int(1),
            Value::str("b"),
            Value::str("a"),
            Value::tuple(vec![Value::Int(1)]),
            Value::tuple(vec![Value::Int(0), Value::Int(0)]),
            Value::empty_set(),
            Value::set(SetV::from_iter([Value::Int(1)])),
            Value::Bool(true),
            Value::Bool(false),
            Value::Real(1.5),
            Value::Int(-2),
            Value::Real(-1.5),
        ];
        let s = Value::set(SetV::from_iter(elems));
        assert_eq!(to_str(&s), "{#F #T -2 1 3 -1.5 1.5 {} {1} a b [1] [0 0]}");
    }

    #[test]
    fn tuples_print_holes_and_trim_trailing_om() {
        let t = Value::tuple(vec![Value::Int(1), Value::Om, Value::Int(3), Value::Om]);
        assert_eq!(to_str(&t), "[1 * 3]");
        assert_eq!(to_str(&Value::Om), "*");
        assert_eq!(to_str(&Value::Bool(true)), "#T");
    }
}
