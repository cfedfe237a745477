//! Integer and real arithmetic. Integers stay i64 while results fit and
//! promote to bigints on overflow; bigint results that fit are demoted.

use super::Value;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// Largest exponent bits we let `**` produce for integers: beyond this the
/// result would not fit in memory anyway.
const MAX_POW_BITS: u64 = 1 << 34;

pub fn big(v: &Value) -> BigInt {
    match v {
        Value::Int(i) => BigInt::from(*i),
        Value::Big(b) => (**b).clone(),
        _ => BigInt::zero(),
    }
}

/// A number as a real. Integers convert by truncating toward zero, as
/// GMP's `mpz_get_d` does in GNU SETL (`float 9007199254740995` is
/// 9007199254740994, not the nearest double).
pub fn to_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => {
            let f = truncated(i.unsigned_abs() as u128, 0);
            if *i < 0 {
                -f
            } else {
                f
            }
        }
        Value::Big(b) => {
            let bits = b.bits();
            let shift = bits.saturating_sub(64);
            let top = (b.magnitude() >> shift).to_u64().unwrap_or(u64::MAX);
            let f = truncated(top as u128, shift);
            if b.sign() == num_bigint::Sign::Minus {
                -f
            } else {
                f
            }
        }
        Value::Real(x) => *x,
        _ => f64::NAN,
    }
}

/// `mag * 2**shift` as a double, dropping the bits below the 53 that fit.
fn truncated(mag: u128, shift: u64) -> f64 {
    let bits = 128 - mag.leading_zeros() as u64;
    let drop = bits.saturating_sub(53);
    let kept = ((mag >> drop) << drop) as f64;
    if shift > 2000 {
        return f64::INFINITY;
    }
    kept * 2f64.powi(shift as i32)
}

pub fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Big(_))
}

pub fn is_num(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Big(_) | Value::Real(_))
}

pub fn add_int(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_add(*y) {
            return Value::Int(r);
        }
    }
    Value::from_big(big(a) + big(b))
}

pub fn sub_int(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_sub(*y) {
            return Value::Int(r);
        }
    }
    Value::from_big(big(a) - big(b))
}

pub fn mul_int(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_mul(*y) {
            return Value::Int(r);
        }
    }
    Value::from_big(big(a) * big(b))
}

pub fn neg_int(a: &Value) -> Value {
    if let Value::Int(x) = a {
        if let Some(r) = x.checked_neg() {
            return Value::Int(r);
        }
    }
    Value::from_big(-big(a))
}

pub fn is_zero(v: &Value) -> bool {
    matches!(v, Value::Int(0))
}

/// `div`: truncates toward zero. The caller checks for a zero divisor.
pub fn div_int(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_div(*y) {
            return Value::Int(r);
        }
    }
    Value::from_big(big(a) / big(b))
}

/// `rem`: the sign of the dividend.
pub fn rem_int(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_rem(*y) {
            return Value::Int(r);
        }
    }
    Value::from_big(big(a) % big(b))
}

/// `mod`: never negative.
pub fn mod_int(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_rem_euclid(*y) {
            return Value::Int(r);
        }
    }
    let m = big(b).abs();
    Value::from_big(big(a).mod_floor(&m))
}

pub fn sign(v: &Value) -> i64 {
    match v {
        Value::Int(i) => i.signum(),
        Value::Big(b) => {
            if b.is_negative() {
                -1
            } else {
                1
            }
        }
        Value::Real(x) => {
            if *x > 0.0 {
                1
            } else if *x < 0.0 {
                -1
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// Integer power with a non-negative exponent; Err if the result could not
/// possibly fit in memory.
pub fn pow_int(a: &Value, e: &Value) -> Result<Value, String> {
    let base = big(a);
    if base.is_zero() || base == BigInt::from(1) {
        return Ok(if e.as_i64() == Some(0) {
            Value::Int(1)
        } else {
            Value::from_big(base)
        });
    }
    if base == BigInt::from(-1) {
        let odd = big(e).is_odd();
        return Ok(Value::Int(if odd { -1 } else { 1 }));
    }
    let Some(n) = e.as_i64().and_then(|n| u32::try_from(n).ok()) else {
        return Err("exponent too large".into());
    };
    if base.bits().saturating_mul(n as u64) > MAX_POW_BITS {
        return Err("result of ** is too large".into());
    }
    if let (Value::Int(x), true) = (a, n < 64) {
        if let Some(r) = x.checked_pow(n) {
            return Ok(Value::Int(r));
        }
    }
    Ok(Value::from_big(num_traits::pow(base, n as usize)))
}

/// Real to integer for floor/ceil/round/fix; om for inf and nan.
pub fn real_to_int(x: f64) -> Value {
    if !x.is_finite() {
        return Value::Om;
    }
    if x.abs() < 9.0e18 {
        return Value::Int(x as i64);
    }
    use num_traits::FromPrimitive;
    BigInt::from_f64(x)
        .map(Value::from_big)
        .unwrap_or(Value::Om)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_convert_to_reals_by_truncation() {
        assert_eq!(to_f64(&Value::Int(9007199254740995)), 9007199254740994.0);
        assert_eq!(to_f64(&Value::Int(-9007199254740995)), -9007199254740994.0);
        let big = Value::from_big("90071992547409950000".parse().unwrap());
        assert_eq!(to_f64(&big), 90071992547409936384.0);
        assert_eq!(
            to_f64(&Value::from_big(BigInt::from(2).pow(1024))),
            f64::INFINITY
        );
    }
}
