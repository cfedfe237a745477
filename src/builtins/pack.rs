//! `pack_*` and `unpack_*`: numbers as the bytes of a C object of this
//! machine, in its own byte order and sizes, as GNU SETL gives them (for
//! binary file formats and for talking to C programs). `pack_integer`
//! writes any integer as GMP holds it: a signed 64-bit count of 64-bit
//! limbs (negative for a negative number), then the limbs, least
//! significant first.

use super::NameClass::Uop15;
use super::{arg_type, b, want_num, want_str, Builtin};
use crate::interp::Interp;
use crate::ops::{show, Fail};
use crate::value::num::big;
use crate::value::Value;
use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;
use std::os::raw::{c_int, c_long, c_longlong, c_short, c_uint, c_ulong, c_ulonglong, c_ushort};

/// A `pack_T` and an `unpack_T` for each C integer type T.
macro_rules! c_integers {
    ($($ty:ty, $pack:ident, $unpack:ident;)*) => {
        $(
            fn $pack(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
                let name = stringify!($pack);
                let n = want_integer(name, &a[0])?;
                let x = n
                    .to_i128()
                    .and_then(|i| <$ty>::try_from(i).ok())
                    .ok_or_else(|| out_of_range(name, &a[0], <$ty>::MIN, <$ty>::MAX))?;
                Ok(Value::str(x.to_ne_bytes().to_vec()))
            }

            fn $unpack(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
                let bytes = sized(stringify!($unpack), &a[0], size_of::<$ty>())?;
                let mut raw = [0u8; size_of::<$ty>()];
                raw.copy_from_slice(bytes);
                Ok(Value::from_big(BigInt::from(<$ty>::from_ne_bytes(raw))))
            }
        )*
    };
}

c_integers! {
    c_short, pack_short, unpack_short;
    c_ushort, pack_unsigned_short, unpack_unsigned_short;
    c_int, pack_int, unpack_int;
    c_uint, pack_unsigned_int, unpack_unsigned_int;
    c_long, pack_long, unpack_long;
    c_ulong, pack_unsigned_long, unpack_unsigned_long;
    c_longlong, pack_long_long, unpack_long_long;
    c_ulonglong, pack_unsigned_long_long, unpack_unsigned_long_long;
}

pub const TABLE: &[Builtin] = &[
    b("pack_short", Uop15, pack_short, 1, 1),
    b("unpack_short", Uop15, unpack_short, 1, 1),
    b("pack_unsigned_short", Uop15, pack_unsigned_short, 1, 1),
    b("unpack_unsigned_short", Uop15, unpack_unsigned_short, 1, 1),
    b("pack_int", Uop15, pack_int, 1, 1),
    b("unpack_int", Uop15, unpack_int, 1, 1),
    b("pack_unsigned_int", Uop15, pack_unsigned_int, 1, 1),
    b("unpack_unsigned_int", Uop15, unpack_unsigned_int, 1, 1),
    b("pack_long", Uop15, pack_long, 1, 1),
    b("unpack_long", Uop15, unpack_long, 1, 1),
    b("pack_unsigned_long", Uop15, pack_unsigned_long, 1, 1),
    b("unpack_unsigned_long", Uop15, unpack_unsigned_long, 1, 1),
    b("pack_long_long", Uop15, pack_long_long, 1, 1),
    b("unpack_long_long", Uop15, unpack_long_long, 1, 1),
    b(
        "pack_unsigned_long_long",
        Uop15,
        pack_unsigned_long_long,
        1,
        1,
    ),
    b(
        "unpack_unsigned_long_long",
        Uop15,
        unpack_unsigned_long_long,
        1,
        1,
    ),
    b("pack_integer", Uop15, pack_integer, 1, 1),
    b("unpack_integer", Uop15, unpack_integer, 1, 1),
    b("pack_double", Uop15, pack_double, 1, 1),
    b("unpack_double", Uop15, unpack_double, 1, 1),
    b("pack_real", Uop15, pack_double, 1, 1),
    b("unpack_real", Uop15, unpack_double, 1, 1),
    b("pack_float", Uop15, pack_float, 1, 1),
    b("unpack_float", Uop15, unpack_float, 1, 1),
];

fn want_integer(name: &str, v: &Value) -> Result<BigInt, Fail> {
    match v {
        Value::Int(_) | Value::Big(_) => Ok(big(v)),
        _ => Err(arg_type(name, v, "an integer")),
    }
}

fn out_of_range(name: &str, v: &Value, lo: impl ToString, hi: impl ToString) -> Fail {
    Fail::new(format!(
        "value of {name} operand ({}) is out of range {}..{}",
        show(v),
        lo.to_string(),
        hi.to_string()
    ))
}

/// The operand of an `unpack_*`: a string of exactly `size` bytes.
fn sized<'a>(name: &str, v: &'a Value, size: usize) -> Result<&'a [u8], Fail> {
    let s = want_str(name, v)?;
    if s.len() != size {
        return Err(Fail::new(format!(
            "{name} operand must have {size} characters, not {}",
            s.len()
        )));
    }
    Ok(s)
}

fn pack_double(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let x = want_num("pack_double", &a[0])?;
    Ok(Value::str(x.to_ne_bytes().to_vec()))
}

/// Range and precision are lost as C loses them (1e300 becomes infinity).
fn pack_float(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let x = want_num("pack_float", &a[0])? as f32;
    Ok(Value::str(x.to_ne_bytes().to_vec()))
}

fn unpack_double(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let mut raw = [0u8; 8];
    raw.copy_from_slice(sized("unpack_double", &a[0], 8)?);
    Ok(Value::Real(f64::from_ne_bytes(raw)))
}

fn unpack_float(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let mut raw = [0u8; 4];
    raw.copy_from_slice(sized("unpack_float", &a[0], 4)?);
    Ok(Value::Real(f64::from(f32::from_ne_bytes(raw))))
}

const LIMB: usize = 8;

fn pack_integer(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let n = want_integer("pack_integer", &a[0])?;
    let limbs = n.magnitude().to_u64_digits();
    let count = limbs.len() as i64;
    let size = if n.sign() == Sign::Minus {
        -count
    } else {
        count
    };
    let mut out = Vec::with_capacity(LIMB * (limbs.len() + 1));
    out.extend_from_slice(&size.to_ne_bytes());
    for limb in limbs {
        out.extend_from_slice(&limb.to_ne_bytes());
    }
    Ok(Value::str(out))
}

/// The inverse of `pack_integer`. GNU SETL reads past the end of a string
/// that is too short for its count; here it is an error.
fn unpack_integer(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = want_str("unpack_integer", &a[0])?;
    let malformed = || {
        Fail::new("unpack_integer operand is not a packed integer")
            .note(format!("operand: {}", show(&a[0])))
    };
    let (head, body) = s.split_at_checked(LIMB).ok_or_else(malformed)?;
    let size = i64::from_ne_bytes(head.try_into().map_err(|_| malformed())?);
    if body.len() as u64 != size.unsigned_abs().saturating_mul(LIMB as u64) {
        return Err(malformed());
    }
    let limbs: Vec<u32> = body
        .chunks_exact(LIMB)
        .flat_map(|c| {
            let mut raw = [0u8; LIMB];
            raw.copy_from_slice(c);
            let limb = u64::from_ne_bytes(raw);
            [limb as u32, (limb >> 32) as u32]
        })
        .collect();
    let sign = if size < 0 { Sign::Minus } else { Sign::Plus };
    Ok(Value::from_big(BigInt::from_slice(sign, &limbs)))
}
