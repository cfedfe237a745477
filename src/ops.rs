//! The language's operators on values (reference notes §3.2). Operands are
//! taken by value so an aggregate with one owner is updated in place
//! (`s with x` on an unshared set inserts without copying).

use crate::syntax::ast::BinOp;
use crate::value::num::{self, big, is_int, is_num, to_f64};
use crate::value::order::setl_eq;
use crate::value::print::{to_str, to_str_bytes};
use crate::value::{SetV, Value};
use num_traits::{Signed, ToPrimitive};
use std::cmp::Ordering;
use std::rc::Rc;

/// An operation that cannot be done: a message, and notes naming the
/// operand values. The evaluator adds the source position.
#[derive(Debug)]
pub struct Fail {
    pub msg: String,
    pub notes: Vec<String>,
}

impl Fail {
    pub fn new(msg: impl Into<String>) -> Fail {
        Fail {
            msg: msg.into(),
            notes: vec![],
        }
    }
    pub fn note(mut self, n: impl Into<String>) -> Fail {
        self.notes.push(n.into());
        self
    }
}

pub type OpResult = Result<Value, Fail>;

/// A value shortened for a diagnostic note.
pub fn show(v: &Value) -> String {
    let s = to_str(v);
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// `a op b is not defined`, with both operands in the notes.
pub fn incompatible(op: &str, a: &Value, b: &Value) -> Fail {
    Fail::new(format!(
        "{} {op} {} is not defined",
        a.type_name(),
        b.type_name()
    ))
    .note(format!("left operand: {}", show(a)))
    .note(format!("right operand: {}", show(b)))
}

fn unary_fail(op: &str, a: &Value) -> Fail {
    Fail::new(format!("{op} {} is not defined", a.type_name()))
        .note(format!("operand: {}", show(a)))
}

pub fn binop(op: BinOp, a: Value, b: Value) -> OpResult {
    if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
        if let Some(v) = small_int_op(op, *x, *y) {
            return Ok(v);
        }
    }
    match op {
        BinOp::Add => add(a, b),
        BinOp::Sub => sub(a, b),
        BinOp::Mul => mul(a, b),
        BinOp::Slash => slash(a, b),
        BinOp::Pow => pow(a, b),
        BinOp::Div | BinOp::Rem => int_division(op, a, b),
        BinOp::Mod => match (a, b) {
            (Value::Set(x), Value::Set(y)) => {
                let mut x = x;
                Rc::make_mut(&mut x).sym_diff_with(&y);
                Ok(Value::Set(x))
            }
            (a, b) => int_division(op, a, b),
        },
        BinOp::Atan2 => {
            if is_num(&a) && is_num(&b) {
                Ok(Value::Real(to_f64(&a).atan2(to_f64(&b))))
            } else {
                Err(incompatible("atan2", &a, &b))
            }
        }
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => bitop(op, a, b),
        BinOp::Max | BinOp::Min => {
            let ord = compare(op.spelling(), &a, &b)?;
            let take_a = if op == BinOp::Max {
                ord == Ordering::Greater
            } else {
                ord == Ordering::Less
            };
            Ok(if take_a { a } else { b })
        }
        BinOp::With => with(a, b),
        BinOp::Less => match a {
            Value::Set(mut s) => {
                // Unshared: one search. Shared: copied only when it changes.
                if Rc::strong_count(&s) == 1 || s.contains(&b) {
                    Rc::make_mut(&mut s).remove(&b);
                }
                Ok(Value::Set(s))
            }
            a => Err(incompatible("less", &a, &b)),
        },
        BinOp::Lessf => match a {
            Value::Set(_) if b.is_om() => Err(incompatible("lessf", &a, &b)),
            Value::Set(s) if !s.is_map() => {
                Err(Fail::new("the left operand of lessf must be a map")
                    .note(format!("left operand: {}", show(&Value::Set(s)))))
            }
            Value::Set(mut s) => {
                Rc::make_mut(&mut s).remove_domain(&b);
                Ok(Value::Set(s))
            }
            a => Err(incompatible("lessf", &a, &b)),
        },
        BinOp::Reserved(name) => Err(Fail::new(format!("{name}: Not yet implemented"))),
        BinOp::Npow => npow(a, b),
        BinOp::Query => Ok(if a.is_om() { b } else { a }),
        BinOp::Eq => Ok(Value::Bool(setl_eq(&a, &b))),
        BinOp::Ne => Ok(Value::Bool(!setl_eq(&a, &b))),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge if is_nan(&a) || is_nan(&b) => {
            if is_num(&a) && is_num(&b) {
                Ok(Value::Bool(false))
            } else {
                Err(incompatible(op.spelling(), &a, &b))
            }
        }
        BinOp::Lt => Ok(Value::Bool(compare("<", &a, &b)? == Ordering::Less)),
        BinOp::Le => Ok(Value::Bool(compare("<=", &a, &b)? != Ordering::Greater)),
        BinOp::Gt => Ok(Value::Bool(compare(">", &a, &b)? == Ordering::Greater)),
        BinOp::Ge => Ok(Value::Bool(compare(">=", &a, &b)? != Ordering::Less)),
        BinOp::In => Ok(Value::Bool(member("in", &a, &b)?)),
        BinOp::NotIn => Ok(Value::Bool(!member("notin", &a, &b)?)),
        BinOp::Subset | BinOp::Incs => match (&a, &b) {
            (Value::Set(x), Value::Set(y)) => Ok(Value::Bool(if op == BinOp::Subset {
                x.is_subset(y)
            } else {
                y.is_subset(x)
            })),
            _ => Err(incompatible(op.spelling(), &a, &b)),
        },
        BinOp::And | BinOp::Or => {
            if decided_by_left(op, &a)? {
                Ok(a)
            } else {
                Ok(b)
            }
        }
        BinOp::Impl => match (a.as_bool(), b.as_bool()) {
            (Some(x), Some(y)) => Ok(Value::Bool(!x || y)),
            _ => Err(incompatible(op.spelling(), &a, &b)),
        },
    }
}

/// `*x = *x op y`, reusing `x`'s storage when it is not shared. The old
/// value is moved into the operation only when the operation cannot fail
/// on these operands; otherwise it works on a copy, so a failure leaves
/// `*x` as it was (the REPL goes on after an error and shows it).
#[inline]
pub fn update_with(op: BinOp, x: &mut Value, y: Value) -> Result<(), Fail> {
    if let (Value::Int(a), Value::Int(b)) = (&*x, &y) {
        if let Some(v) = small_int_op(op, *a, *b) {
            *x = v;
            return Ok(());
        }
    }
    if cannot_fail(op, x, &y) {
        let old = std::mem::take(x);
        *x = binop(op, old, y)?;
    } else {
        *x = binop(op, x.clone(), y)?;
    }
    Ok(())
}

/// Whether `binop(op, x, y)` is sure to succeed: the operand types fit
/// and the result stays within the size limit. Covers the operations
/// that build aggregates and strings, where moving beats copying.
fn cannot_fail(op: BinOp, x: &Value, y: &Value) -> bool {
    let fits = |n: usize| n <= crate::limits::MAX_ELEMENTS;
    match (op, x, y) {
        (BinOp::Add, Value::Tuple(a), Value::Tuple(b)) => fits(a.len() + b.len()),
        (BinOp::Add, Value::Str(a), Value::Str(b)) => fits(a.len() + b.len()),
        (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Mod, Value::Set(_), Value::Set(_)) => true,
        (BinOp::With, Value::Set(_) | Value::Tuple(_), _) | (BinOp::Less, Value::Set(_), _) => true,
        (BinOp::Add | BinOp::Sub | BinOp::Mul, a, b) => is_num(a) && is_num(b),
        _ => false,
    }
}

/// The fast path for two machine integers: the common arithmetic and
/// comparisons, when the result needs no bigint. None means "take the
/// general path".
#[inline(always)]
pub fn small_int_op(op: BinOp, x: i64, y: i64) -> Option<Value> {
    Some(match int_comparison(op, x, y) {
        Some(b) => Value::Bool(b),
        None => Value::Int(small_int_arith(op, x, y)?),
    })
}

/// `x op y` for a relational operator; None for any other operator.
#[inline(always)]
pub fn int_comparison(op: BinOp, x: i64, y: i64) -> Option<bool> {
    Some(match op {
        BinOp::Lt => x < y,
        BinOp::Le => x <= y,
        BinOp::Gt => x > y,
        BinOp::Ge => x >= y,
        BinOp::Eq => x == y,
        BinOp::Ne => x != y,
        _ => return None,
    })
}

/// The integer-valued part of `small_int_op`.
#[inline(always)]
pub fn small_int_arith(op: BinOp, x: i64, y: i64) -> Option<i64> {
    match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        BinOp::Mod if y > 0 => Some(x.rem_euclid(y)),
        BinOp::Div if y != 0 => x.checked_div(y),
        _ => None,
    }
}

/// For the short-circuit operators: whether the left operand alone is the
/// result (`false and …`, `true or …`, `x ? …` with x not om). Otherwise
/// the result is the right operand, unchecked, as in GNU SETL.
pub fn decided_by_left(op: BinOp, x: &Value) -> Result<bool, Fail> {
    match (op, x) {
        (BinOp::Query, x) => Ok(!x.is_om()),
        (BinOp::And, Value::Bool(b)) => Ok(!b),
        (BinOp::Or, Value::Bool(b)) => Ok(*b),
        _ => Err(Fail::new(format!(
            "{} needs a boolean on its left, not {}",
            op.spelling(),
            x.type_name()
        ))
        .note(format!("left operand: {}", show(x)))),
    }
}

pub fn add(a: Value, b: Value) -> OpResult {
    match (a, b) {
        (a @ (Value::Int(_) | Value::Big(_)), b @ (Value::Int(_) | Value::Big(_))) => {
            Ok(num::add_int(&a, &b))
        }
        (Value::Str(mut x), Value::Str(y)) => {
            check_size(x.len() + y.len())?;
            x.extend_from_slice(&y);
            Ok(Value::Str(x))
        }
        (Value::Str(mut x), b) => {
            let y = to_str_bytes(&b);
            check_size(x.len() + y.len())?;
            x.extend_from_slice(&y);
            Ok(Value::Str(x))
        }
        (a, Value::Str(y)) => {
            let mut s = to_str_bytes(&a);
            check_size(s.len() + y.len())?;
            s.extend_from_slice(&y);
            Ok(Value::str(s))
        }
        (Value::Set(x), Value::Set(y)) => {
            // Insert the smaller into the larger, reusing an unshared one.
            let (mut big_s, small) = if x.len() >= y.len() { (x, y) } else { (y, x) };
            Rc::make_mut(&mut big_s).union_with(&small);
            Ok(Value::Set(big_s))
        }
        (Value::Tuple(mut x), Value::Tuple(y)) => {
            check_size(x.len() + y.len())?;
            Rc::make_mut(&mut x).extend_from(&y);
            Ok(Value::Tuple(x))
        }
        (a, b) if is_num(&a) && is_num(&b) => Ok(Value::Real(to_f64(&a) + to_f64(&b))),
        (a, b) => Err(incompatible("+", &a, &b)),
    }
}

pub fn sub(a: Value, b: Value) -> OpResult {
    match (a, b) {
        (a @ (Value::Int(_) | Value::Big(_)), b @ (Value::Int(_) | Value::Big(_))) => {
            Ok(num::sub_int(&a, &b))
        }
        (Value::Set(mut x), Value::Set(y)) => {
            Rc::make_mut(&mut x).subtract(&y);
            Ok(Value::Set(x))
        }
        (a, b) if is_num(&a) && is_num(&b) => Ok(Value::Real(to_f64(&a) - to_f64(&b))),
        (a, b) => Err(incompatible("-", &a, &b)),
    }
}

/// Refuses to build a string or tuple longer than the limit.
fn check_size(n: usize) -> Result<(), Fail> {
    if n > crate::limits::MAX_ELEMENTS {
        return Err(Fail::new(format!(
            "the result would have {n} elements, more than the limit of {}",
            crate::limits::MAX_ELEMENTS
        )));
    }
    crate::memory::check(n)
}

/// A repetition count for `n * s`: checked, so a huge count is a clean error.
fn count(n: &Value, unit: usize) -> Result<usize, Fail> {
    let Some(k) = n.as_i64() else {
        return Err(Fail::new("repetition count is too large").note(format!("count: {}", show(n))));
    };
    if k < 0 {
        return Err(Fail::new("repetition count is negative").note(format!("count: {k}")));
    }
    let k = k as usize;
    match k.checked_mul(unit) {
        Some(total) if total <= crate::limits::MAX_ELEMENTS => {
            crate::memory::check(total)?;
            Ok(k)
        }
        _ => Err(Fail::new("the repeated value would be too large").note(format!("count: {k}"))),
    }
}

pub fn mul(a: Value, b: Value) -> OpResult {
    match (a, b) {
        (a @ (Value::Int(_) | Value::Big(_)), b @ (Value::Int(_) | Value::Big(_))) => {
            Ok(num::mul_int(&a, &b))
        }
        (Value::Set(mut x), Value::Set(y)) => {
            Rc::make_mut(&mut x).intersect_with(&y);
            Ok(Value::Set(x))
        }
        (n, Value::Str(s)) | (Value::Str(s), n) if is_int(&n) => {
            let k = count(&n, s.len())?;
            Ok(Value::str(s.repeat(k)))
        }
        (n, Value::Tuple(t)) | (Value::Tuple(t), n) if is_int(&n) => {
            let k = count(&n, t.len())?;
            Ok(Value::Tuple(Rc::new(t.repeat(k))))
        }
        (a, b) if is_num(&a) && is_num(&b) => Ok(Value::Real(to_f64(&a) * to_f64(&b))),
        (a, b) => Err(incompatible("*", &a, &b)),
    }
}

pub fn slash(a: Value, b: Value) -> OpResult {
    if is_num(&a) && is_num(&b) {
        Ok(Value::Real(to_f64(&a) / to_f64(&b)))
    } else {
        Err(incompatible("/", &a, &b))
    }
}

pub fn pow(a: Value, b: Value) -> OpResult {
    if is_int(&a) && is_int(&b) {
        if num::sign(&b) < 0 {
            return Ok(Value::Real(to_f64(&a).powf(to_f64(&b))));
        }
        return num::pow_int(&a, &b).map_err(|m| incompatible("**", &a, &b).msg_replace(m));
    }
    if is_num(&a) && is_num(&b) {
        return Ok(Value::Real(to_f64(&a).powf(to_f64(&b))));
    }
    Err(incompatible("**", &a, &b))
}

impl Fail {
    fn msg_replace(mut self, m: String) -> Fail {
        self.msg = m;
        self
    }
}

fn int_division(op: BinOp, a: Value, b: Value) -> OpResult {
    if !(is_int(&a) && is_int(&b)) {
        return Err(incompatible(op.spelling(), &a, &b));
    }
    if num::is_zero(&b) {
        return Err(Fail::new(format!(
            "second operand of {} is 0",
            op.spelling().to_uppercase()
        ))
        .note(format!("left operand: {}", show(&a))));
    }
    Ok(match op {
        BinOp::Div => num::div_int(&a, &b),
        BinOp::Rem => num::rem_int(&a, &b),
        _ => num::mod_int(&a, &b),
    })
}

fn bitop(op: BinOp, a: Value, b: Value) -> OpResult {
    if !(is_int(&a) && is_int(&b)) {
        return Err(incompatible(op.spelling(), &a, &b));
    }
    let (x, y) = (big(&a), big(&b));
    Ok(Value::from_big(match op {
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        _ => x ^ y,
    }))
}

fn with(a: Value, b: Value) -> OpResult {
    match a {
        Value::Set(mut s) => {
            // Unshared: one search, which also finds an element already
            // in. Shared: copied only when it changes.
            if Rc::strong_count(&s) == 1 || !(b.is_om() || s.contains(&b)) {
                Rc::make_mut(&mut s).insert(b);
            }
            Ok(Value::Set(s))
        }
        Value::Tuple(mut t) => {
            if !b.is_om() {
                Rc::make_mut(&mut t).push(b);
            }
            Ok(Value::Tuple(t))
        }
        a => Err(incompatible("with", &a, &b)),
    }
}

fn npow(a: Value, b: Value) -> OpResult {
    let (n, s) = match (&a, &b) {
        (n, Value::Set(s)) if is_int(n) => (n, s),
        (Value::Set(s), n) if is_int(n) => (n, s),
        _ => return Err(incompatible("npow", &a, &b)),
    };
    let k = n
        .as_i64()
        .filter(|k| *k >= 0)
        .ok_or_else(|| incompatible("npow", &a, &b))? as usize;
    let elems: Vec<&Value> = s.iter().collect();
    let mut out = SetV::new();
    if k > elems.len() {
        return Ok(Value::set(out));
    }
    let total = binomial(elems.len(), k);
    if total > crate::limits::MAX_ELEMENTS as u128 {
        return Err(Fail::new("npow would produce too many subsets"));
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        out.insert(Value::set(idx.iter().map(|&i| elems[i].clone()).collect()));
        // Next combination in lexicographic order.
        let mut i = k;
        loop {
            if i == 0 {
                return Ok(Value::set(out));
            }
            i -= 1;
            if idx[i] != i + elems.len() - k {
                break;
            }
            if i == 0 && idx[0] == elems.len() - k {
                return Ok(Value::set(out));
            }
        }
        idx[i] += 1;
        for j in i + 1..k {
            idx[j] = idx[j - 1] + 1;
        }
    }
}

fn binomial(n: usize, k: usize) -> u128 {
    let mut r: u128 = 1;
    for i in 0..k.min(n - k) {
        r = r * (n - i) as u128 / (i + 1) as u128;
        if r > u64::MAX as u128 {
            return r;
        }
    }
    r
}

fn is_nan(v: &Value) -> bool {
    matches!(v, Value::Real(x) if x.is_nan())
}

/// Ordering comparisons: numbers, strings, tuples (lexicographic, a prefix
/// first). Anything else is an error.
pub fn compare(op: &str, a: &Value, b: &Value) -> Result<Ordering, Fail> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x.cmp(y)),
        (Value::Str(x), Value::Str(y)) => Ok(x.cmp(y)),
        (Value::Tuple(x), Value::Tuple(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                match compare(op, p, q)? {
                    Ordering::Equal => {}
                    o => return Ok(o),
                }
            }
            Ok(x.len().cmp(&y.len()))
        }
        _ if is_int(a) && is_int(b) => Ok(crate::value::order::cmp_int(a, b)),
        _ if is_num(a) && is_num(b) => to_f64(a)
            .partial_cmp(&to_f64(b))
            .ok_or_else(|| incompatible(op, a, b)),
        _ => Err(incompatible(op, a, b)),
    }
}

/// `x in s` for sets, tuples and strings (a substring test).
pub fn member(op: &str, x: &Value, s: &Value) -> Result<bool, Fail> {
    match s {
        Value::Set(set) => Ok(!x.is_om() && set.contains(x)),
        Value::Tuple(t) => {
            if x.is_om() {
                Ok(t.iter().any(|e| e.is_om()))
            } else {
                Ok(t.iter().any(|e| setl_eq(e, x)))
            }
        }
        Value::Str(hay) => match x {
            Value::Str(needle) => Ok(memchr::memmem::find(hay, needle).is_some()),
            _ => Err(incompatible(op, x, s)),
        },
        _ => Err(incompatible(op, x, s)),
    }
}

pub fn neg(a: Value) -> OpResult {
    match a {
        Value::Int(_) | Value::Big(_) => Ok(num::neg_int(&a)),
        Value::Real(x) => Ok(Value::Real(-x)),
        a => Err(unary_fail("-", &a)),
    }
}

pub fn pos(a: Value) -> OpResult {
    if is_num(&a) {
        Ok(a)
    } else {
        Err(unary_fail("+", &a))
    }
}

pub fn not(a: Value) -> OpResult {
    match a {
        Value::Bool(b) => Ok(Value::Bool(!b)),
        a => Err(unary_fail("not", &a)),
    }
}

/// `#x`.
pub fn cardinality(a: &Value) -> OpResult {
    match a {
        Value::Set(s) => Ok(Value::Int(s.len() as i64)),
        Value::Tuple(t) => Ok(Value::Int(t.len() as i64)),
        Value::Str(s) => Ok(Value::Int(s.len() as i64)),
        a => Err(unary_fail("#", a)),
    }
}

/// What `x +:= y` starts from when x is om: the zero of y's type. Only
/// `+:=` has this rule in GNU SETL; other operators fail on om.
pub fn identity_for(op: BinOp, rhs: &Value) -> Value {
    match (op, rhs) {
        (BinOp::Add, Value::Int(_) | Value::Big(_)) => Value::Int(0),
        (BinOp::Add, Value::Real(_)) => Value::Real(0.0),
        (BinOp::Add, Value::Str(_)) => Value::str(""),
        (BinOp::Add, Value::Set(_)) => Value::empty_set(),
        (BinOp::Add, Value::Tuple(_)) => Value::tuple(vec![]),
        _ => Value::Om,
    }
}

/// `x +:= y` appends y's text only when x is already a string: an
/// integer plus a string is `'3ab'` as an expression but an error as an
/// accumulation.
pub fn check_accum(op: BinOp, lhs: &Value, rhs: &Value) -> Result<(), Fail> {
    if op == BinOp::Add && matches!(rhs, Value::Str(_)) && !matches!(lhs, Value::Str(_)) {
        return Err(
            Fail::new(format!("{} +:= STRING is not defined", lhs.type_name()))
                .note(format!("left operand: {}", show(lhs)))
                .note(format!("right operand: {}", show(rhs))),
        );
    }
    Ok(())
}

/// Absolute value of a number as a Value.
pub fn abs_num(a: &Value) -> Option<Value> {
    match a {
        Value::Int(i) => Some(
            i.checked_abs()
                .map(Value::Int)
                .unwrap_or_else(|| Value::from_big(big(a).abs())),
        ),
        Value::Big(b) => Some(Value::from_big(b.abs())),
        Value::Real(x) => Some(Value::Real(x.abs())),
        _ => None,
    }
}

/// An integer that fits an i64 and lies in bounds, for subscripts.
pub fn small_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Big(b) => b.to_i64(),
        _ => None,
    }
}
