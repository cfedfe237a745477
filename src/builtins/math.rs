//! Numbers: abs, sign, rounding, transcendental functions, random, parity.

use super::NameClass::{Sysproc, Uop15, Uop5};
use super::{arg_type, b, want_num, Builtin};
use crate::interp::Interp;
use crate::ops::{self, Fail};
use crate::value::num::{self, is_int, is_num};
use crate::value::Value;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;

pub const TABLE: &[Builtin] = &[
    b("set_intslash", Sysproc, set_intslash, 1, 1),
    b("abs", Uop15, abs, 1, 1),
    b("sign", Uop15, sign, 1, 1),
    b("floor", Uop15, floor, 1, 1),
    b("ceil", Uop15, ceil, 1, 1),
    b("round", Uop15, round, 1, 1),
    b("fix", Uop15, fix, 1, 1),
    b("float", Uop15, float, 1, 1),
    b("sqrt", Uop15, sqrt, 1, 1),
    b("exp", Uop15, exp, 1, 1),
    b("log", Uop15, log, 1, 1),
    b("sin", Uop15, sin, 1, 1),
    b("cos", Uop15, cos, 1, 1),
    b("tan", Uop15, tan, 1, 1),
    b("asin", Uop15, asin, 1, 1),
    b("acos", Uop15, acos, 1, 1),
    b("atan", Uop15, atan, 1, 1),
    b("sinh", Uop15, sinh, 1, 1),
    b("cosh", Uop15, cosh, 1, 1),
    b("tanh", Uop15, tanh, 1, 1),
    b("bit_not", Uop15, bit_not, 1, 1),
    b("random", Uop15, random, 1, 1),
    b("even", Uop5, even, 1, 1),
    b("odd", Uop5, odd, 1, 1),
    b("setrandom", Sysproc, setrandom, 1, 1),
];

fn abs(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    if let Some(v) = ops::abs_num(&a[0]) {
        return Ok(v);
    }
    match &a[0] {
        Value::Str(s) if s.len() == 1 => Ok(Value::Int(s[0] as i64)),
        Value::Tuple(t) => {
            let mut sum = 0.0;
            for x in t.iter() {
                let f = want_num("abs", x)?;
                sum += f * f;
            }
            Ok(Value::Real(sum.sqrt()))
        }
        v => Err(arg_type("abs", v, "a number")),
    }
}

fn sign(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    if !is_num(&a[0]) {
        return Err(arg_type("sign", &a[0], "a number"));
    }
    Ok(Value::Int(num::sign(&a[0])))
}

fn rounding(name: &str, v: &Value, f: fn(f64) -> f64) -> Result<Value, Fail> {
    match v {
        Value::Int(_) | Value::Big(_) => Ok(v.clone()),
        Value::Real(x) => Ok(num::real_to_int(f(*x))),
        v => Err(arg_type(name, v, "a number")),
    }
}

fn floor(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    rounding("floor", &a[0], f64::floor)
}
fn ceil(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    rounding("ceil", &a[0], f64::ceil)
}
fn round(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    rounding("round", &a[0], f64::round)
}
fn fix(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    rounding("fix", &a[0], f64::trunc)
}

fn float(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Real(want_num("float", &a[0])?))
}

macro_rules! real_fn {
    ($($name:ident),*) => {$(
        fn $name(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
            Ok(Value::Real(want_num(stringify!($name), &a[0])?.$name()))
        }
    )*};
}
real_fn!(exp, sin, cos, tan, atan, sinh, cosh, tanh);

/// A function defined only on part of the reals: outside it is an error.
fn partial(name: &str, v: &Value, ok: fn(f64) -> bool, f: fn(f64) -> f64) -> Result<Value, Fail> {
    let x = want_num(name, v)?;
    if !ok(x) {
        return Err(Fail::new(format!(
            "{name} {} is outside the function's domain",
            crate::ops::show(v)
        )));
    }
    Ok(Value::Real(f(x)))
}

fn sqrt(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    partial("sqrt", &a[0], |x| x >= 0.0 || x.is_nan(), f64::sqrt)
}
fn log(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    partial("log", &a[0], |x| x > 0.0 || x.is_nan(), f64::ln)
}
fn asin(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    partial(
        "asin",
        &a[0],
        |x| (-1.0..=1.0).contains(&x) || x.is_nan(),
        f64::asin,
    )
}
fn acos(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    partial(
        "acos",
        &a[0],
        |x| (-1.0..=1.0).contains(&x) || x.is_nan(),
        f64::acos,
    )
}

fn bit_not(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    if !is_int(&a[0]) {
        return Err(arg_type("bit_not", &a[0], "an integer"));
    }
    Ok(Value::from_big(!num::big(&a[0])))
}

fn parity(name: &str, v: &Value) -> Result<bool, Fail> {
    match v {
        Value::Int(i) => Ok(i % 2 == 0),
        Value::Big(b) => Ok(b.is_even()),
        v => Err(arg_type(name, v, "an integer")),
    }
}

fn even(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Bool(parity("even", &a[0])?))
}
fn odd(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Bool(!parity("odd", &a[0])?))
}

/// `random n`: uniform on 0..n inclusive; `random r`: in [0, r); on an
/// aggregate, a random element.
fn random(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let r = it.lib.next_random();
    match &a[0] {
        Value::Int(n) if *n >= 0 => Ok(Value::Int((r % (*n as u64 + 1)) as i64)),
        Value::Int(n) => Ok(Value::Int(-((r % (n.unsigned_abs() + 1)) as i64))),
        Value::Big(n) => {
            let bound: BigInt = (**n).clone() + 1;
            let x = BigInt::from(r) * BigInt::from(it.lib.next_random());
            Ok(Value::from_big(x.mod_floor(&bound)))
        }
        Value::Real(x) => Ok(Value::Real((r >> 11) as f64 / (1u64 << 53) as f64 * x)),
        Value::Set(s) if !s.is_empty() => Ok(s
            .iter()
            .nth((r % s.len() as u64) as usize)
            .cloned()
            .unwrap_or_default()),
        Value::Tuple(t) if !t.is_empty() => Ok(t[(r % t.len() as u64) as usize].clone()),
        Value::Str(s) if !s.is_empty() => Ok(Value::str([s[(r % s.len() as u64) as usize]])),
        Value::Set(_) | Value::Tuple(_) | Value::Str(_) => Ok(Value::Om),
        v => Err(arg_type("random", v, "a number or an aggregate")),
    }
}

fn setrandom(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let seed = match &a[0] {
        Value::Int(0) => it.lib.rng ^ 0x5851_f42d_4c95_7f2d,
        v if is_int(v) => num::big(v).to_u64().unwrap_or(1),
        v => return Err(arg_type("setrandom", v, "an integer")),
    };
    it.lib.rng = seed | 1;
    Ok(Value::Om)
}

/// `set_intslash(b)`: sets `intslash` (whether `/` on integers gives an
/// integer); gives the old value.
fn set_intslash(it: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let Value::Bool(new) = a[0] else {
        return Err(arg_type("set_intslash", &a[0], "a boolean"));
    };
    Ok(Value::Bool(std::mem::replace(&mut it.lib.intslash, new)))
}
