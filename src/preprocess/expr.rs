//! The integer expressions of `#if` and `#elif`, evaluated as cpp does in
//! C's `long`: after `defined` is decided and macros are expanded, any name
//! left is 0.

/// Deepest nesting of parentheses and unary operators accepted.
const MAX_DEPTH: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq)]
enum T {
    Num(i64),
    Op(&'static str),
}

const OPS: [&str; 25] = [
    "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "&", "^",
    "|", "!", "~", "?", ":", "(", ")", ",",
];

/// Evaluates `text`; the error is a message for the directive.
pub fn eval(text: &str) -> Result<i64, String> {
    let toks = tokens(text)?;
    if toks.is_empty() {
        return Err("#if with no expression".into());
    }
    let mut p = Parser { toks, pos: 0 };
    let v = p.comma(0)?;
    match p.toks.get(p.pos) {
        None => Ok(v),
        Some(T::Op(o)) => Err(format!("unexpected `{o}' in #if")),
        Some(T::Num(_)) => Err("missing binary operator in #if".into()),
    }
}

fn tokens(text: &str) -> Result<Vec<T>, String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == b'.' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            out.push(T::Num(number(&text[start..i])?));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(T::Num(0));
        } else if c == b'\'' {
            let (v, next) = char_constant(b, i)?;
            out.push(T::Num(v));
            i = next;
        } else if c == b'"' {
            return Err("string constants are not allowed in #if".into());
        } else {
            let op = OPS
                .iter()
                .find(|o| text[i..].starts_with(**o))
                .ok_or_else(|| {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    format!("invalid character `{c}' in #if")
                })?;
            out.push(T::Op(op));
            i += op.len();
        }
    }
    Ok(out)
}

/// A C integer constant: decimal, octal (leading 0) or hex (0x), with any
/// of the suffixes u and l.
fn number(s: &str) -> Result<i64, String> {
    let digits = s.trim_end_matches(['u', 'U', 'l', 'L']);
    let (radix, body) = if let Some(h) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, h)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    u64::from_str_radix(body, radix)
        .map(|v| v as i64)
        .map_err(|_| format!("invalid number `{s}' in #if"))
}

/// A character constant starting at `i`: its value and the index after it.
fn char_constant(b: &[u8], i: usize) -> Result<(i64, usize), String> {
    let (v, len) = match (b.get(i + 1), b.get(i + 2)) {
        (Some(b'\\'), Some(&e)) => {
            let v = match e {
                b'n' => b'\n',
                b't' => b'\t',
                b'r' => b'\r',
                b'0' => 0,
                b'a' => 7,
                b'b' => 8,
                b'f' => 12,
                b'v' => 11,
                other => other,
            };
            (v, 2)
        }
        (Some(&c), _) if c != b'\'' => (c, 1),
        _ => return Err("empty character constant in #if".into()),
    };
    match b.get(i + 1 + len) {
        Some(b'\'') => Ok((v as i8 as i64, i + 2 + len)),
        _ => Err("malformed character constant in #if".into()),
    }
}

struct Parser {
    toks: Vec<T>,
    pos: usize,
}

/// Binary operators from loosest to tightest (after `,`, `?:`).
const LEVELS: [&[&str]; 10] = [
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", ">", "<=", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl Parser {
    fn peek_op(&self) -> Option<&'static str> {
        match self.toks.get(self.pos) {
            Some(T::Op(o)) => Some(o),
            _ => None,
        }
    }

    fn expect(&mut self, op: &str) -> Result<(), String> {
        if self.peek_op() == Some(op) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("`{op}' expected in #if"))
        }
    }

    fn comma(&mut self, depth: usize) -> Result<i64, String> {
        let mut v = self.cond(depth)?;
        while self.peek_op() == Some(",") {
            self.pos += 1;
            v = self.cond(depth)?;
        }
        Ok(v)
    }

    fn cond(&mut self, depth: usize) -> Result<i64, String> {
        let c = self.binary(0, depth)?;
        if self.peek_op() != Some("?") {
            return Ok(c);
        }
        self.pos += 1;
        let a = self.comma(depth + 1)?;
        self.expect(":")?;
        let b = self.cond(depth + 1)?;
        Ok(if c != 0 { a } else { b })
    }

    fn binary(&mut self, level: usize, depth: usize) -> Result<i64, String> {
        if level == LEVELS.len() {
            return self.unary(depth);
        }
        let mut l = self.binary(level + 1, depth)?;
        while let Some(op) = self.peek_op().filter(|o| LEVELS[level].contains(o)) {
            self.pos += 1;
            let r = self.binary(level + 1, depth)?;
            l = apply(op, l, r)?;
        }
        Ok(l)
    }

    fn unary(&mut self, depth: usize) -> Result<i64, String> {
        if depth > MAX_DEPTH {
            return Err("#if expression nested too deeply".into());
        }
        let t = self.toks.get(self.pos).copied();
        self.pos += 1;
        match t {
            Some(T::Num(n)) => Ok(n),
            Some(T::Op("(")) => {
                let v = self.comma(depth + 1)?;
                self.expect(")")?;
                Ok(v)
            }
            Some(T::Op("-")) => Ok(self.unary(depth + 1)?.wrapping_neg()),
            Some(T::Op("+")) => self.unary(depth + 1),
            Some(T::Op("~")) => Ok(!self.unary(depth + 1)?),
            Some(T::Op("!")) => Ok((self.unary(depth + 1)? == 0) as i64),
            Some(T::Op(o)) => Err(format!("unexpected `{o}' in #if")),
            None => Err("#if expression ends too early".into()),
        }
    }
}

fn apply(op: &str, l: i64, r: i64) -> Result<i64, String> {
    let b = |x: bool| x as i64;
    Ok(match op {
        "||" => b(l != 0 || r != 0),
        "&&" => b(l != 0 && r != 0),
        "|" => l | r,
        "^" => l ^ r,
        "&" => l & r,
        "==" => b(l == r),
        "!=" => b(l != r),
        "<" => b(l < r),
        ">" => b(l > r),
        "<=" => b(l <= r),
        ">=" => b(l >= r),
        "<<" => l.wrapping_shl(r as u32),
        ">>" => l.wrapping_shr(r as u32),
        "+" => l.wrapping_add(r),
        "-" => l.wrapping_sub(r),
        "*" => l.wrapping_mul(r),
        "/" | "%" if r == 0 => return Err("division by zero in #if".into()),
        "/" => l.wrapping_div(r),
        _ => l.wrapping_rem(r),
    })
}

#[cfg(test)]
mod tests {
    use super::eval;

    #[test]
    fn c_operators_and_precedence() {
        assert_eq!(eval("1 + 2 * 3"), Ok(7));
        assert_eq!(eval("(1 << 4) + 017 - 0x10"), Ok(15));
        assert_eq!(eval("7 / 2 == 3 && 7 % 3 == 1"), Ok(1));
        assert_eq!(eval("0 ? 5 : 6"), Ok(6));
        assert_eq!(eval("~0 == -1 && !0"), Ok(1));
        assert_eq!(eval("'a'"), Ok(97));
        assert_eq!(eval("X + 1"), Ok(1));
        assert!(eval("1 / 0").is_err());
        assert!(eval("1 \u{e9} 2").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(eval(&deep).is_err());
        assert!(eval(&"-".repeat(100_000)).is_err());
    }
}
