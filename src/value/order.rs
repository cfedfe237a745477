//! Two notions of sameness.
//!
//! `Ord`/`Eq` on `Value` is GNU SETL's canonical order (reference notes
//! §2.3): type rank first (atom < boolean < integer < om < real < proc <
//! set < string < tuple), then numeric for numbers, bytewise for strings,
//! shorter-first then elementwise for tuples and sets. It decides set
//! membership, iteration and printing order, and is type-exact, so
//! `1 in {1.0}` is false.
//!
//! `setl_eq` is the language's `=`: numbers compare by value across integer
//! and real, so `1 = 1.0` and `[1] = [1.0]` are true.

use super::Value;
use num_bigint::BigInt;
use std::cmp::Ordering;

fn rank(v: &Value) -> u8 {
    match v {
        Value::Atom(_) => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Big(_) => 2,
        Value::Om => 3,
        Value::Real(_) => 4,
        Value::Proc(_) => 5,
        Value::Set(_) => 6,
        Value::Str(_) => 7,
        Value::Tuple(_) => 8,
    }
}

/// Compares two integers given as (small, big) representations.
pub fn cmp_int(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Int(x), Value::Big(y)) => BigInt::from(*x).cmp(y),
        (Value::Big(x), Value::Int(y)) => (**x).cmp(&BigInt::from(*y)),
        (Value::Big(x), Value::Big(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

impl Ord for Value {
    /// Integers, the commonest set members, compare inline (this is called
    /// from every B-tree search); everything else in `cmp_general`.
    #[inline]
    fn cmp(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Int(x), Value::Int(y)) => x.cmp(y),
            _ => cmp_general(self, other),
        }
    }
}

/// Strings, the commonest map keys, are compared first, in this small
/// function; the rest in `cmp_other`, whose stack frame is larger.
#[inline(never)]
fn cmp_general(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        _ => cmp_other(a, b),
    }
}

#[inline(never)]
fn cmp_other(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len().cmp(&y.len()).then_with(|| x.iter().cmp(y.iter()))
        }
        (Value::Set(x), Value::Set(y)) => {
            x.len().cmp(&y.len()).then_with(|| x.iter().cmp(y.iter()))
        }
        (Value::Real(x), Value::Real(y)) => x.total_cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Atom(x), Value::Atom(y)) => x.cmp(y),
        (Value::Proc(x), Value::Proc(y)) => x.cmp(y),
        (Value::Om, Value::Om) => Ordering::Equal,
        (a, b) => match rank(a).cmp(&rank(b)) {
            Ordering::Equal => cmp_int(a, b),
            o => o,
        },
    }
}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Value) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Value {}

/// The language's `=`.
pub fn setl_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Real(x), Value::Real(y)) => x == y,
        (Value::Int(_) | Value::Big(_), Value::Real(y)) => super::num::to_f64(a) == *y,
        (Value::Real(x), Value::Int(_) | Value::Big(_)) => *x == super::num::to_f64(b),
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| setl_eq(p, q))
        }
        _ => a == b,
    }
}
