//! SETL values. Aggregates sit behind `Rc`, so assignment copies a pointer
//! and an update through `Rc::make_mut` copies only when the value is
//! shared: value semantics at the cost of reference semantics.

pub mod num;
pub mod order;
pub mod print;
pub mod set;
pub mod string;
pub mod tuple;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use std::rc::Rc;

pub use set::SetV;
pub use string::StrV;
pub use tuple::TupleV;

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Om,
    Bool(bool),
    /// Integers that fit a machine word; arithmetic promotes on overflow.
    Int(i64),
    /// Integers that do not fit an i64 (never holds one that does).
    Big(Rc<BigInt>),
    Real(f64),
    /// Inline up to 15 bytes, else shared behind an `Rc` (see `string`).
    Str(StrV),
    Set(Rc<SetV>),
    /// Trailing oms are trimmed, except in what `reverse` gives: GNU SETL
    /// keeps `reverse [om, 2]` as the 2-tuple `[2 *]`.
    Tuple(Rc<TupleV>),
    Atom(u64),
    /// A reference to user routine number n.
    Proc(u32),
}

impl Value {
    pub fn str(b: impl Into<StrV>) -> Value {
        Value::Str(b.into())
    }

    /// Builds a tuple, trimming trailing oms.
    pub fn tuple(mut v: Vec<Value>) -> Value {
        trim(&mut v);
        Value::Tuple(Rc::new(TupleV::from(v)))
    }

    pub fn set(s: SetV) -> Value {
        Value::Set(Rc::new(s))
    }

    pub fn empty_set() -> Value {
        Value::Set(Rc::new(SetV::new()))
    }

    /// An integer from a bigint, demoted to i64 when it fits.
    pub fn from_big(b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::Big(Rc::new(b)),
        }
    }

    pub fn is_om(&self) -> bool {
        matches!(self, Value::Om)
    }

    /// The name `type x` gives.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Om => "OM",
            Value::Bool(_) => "BOOLEAN",
            Value::Int(_) | Value::Big(_) => "INTEGER",
            Value::Real(_) => "REAL",
            Value::Str(_) => "STRING",
            Value::Set(_) => "SET",
            Value::Tuple(_) => "TUPLE",
            Value::Atom(_) => "ATOM",
            Value::Proc(_) => "PROC_REF",
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value as an i64, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Stores `x` where a value lies: a small old value is overwritten without
/// running its destructor (it has none), which an assignment would call.
/// Variables and tuple elements are stored this way on hot paths.
#[inline(always)]
pub fn put(slot: &mut Value, x: Value) {
    if matches!(slot, Value::Om | Value::Bool(_) | Value::Int(_)) {
        std::mem::forget(std::mem::replace(slot, x));
    } else {
        *slot = x;
    }
}

/// Removes trailing oms, keeping the tuple invariant.
pub fn trim(v: &mut Vec<Value>) {
    while matches!(v.last(), Some(Value::Om)) {
        v.pop();
    }
}
