//! Sets, tuples and maps: `#`, arb, domain, range, pow, reverse, newat and
//! the type predicates.

use super::NameClass::{Sysproc, Uop15, Uop5};
use super::{arg_type, b, Builtin};
use crate::interp::Interp;
use crate::ops::{self, Fail};
use crate::value::{SetV, Value};

pub const TABLE: &[Builtin] = &[
    b("#", Uop15, card, 1, 1),
    b("arb", Uop15, arb, 1, 1),
    b("domain", Uop15, domain, 1, 1),
    b("range", Uop15, range, 1, 1),
    b("pow", Uop15, pow, 1, 1),
    b("reverse", Uop15, reverse, 1, 1),
    b("newat", Sysproc, newat, 0, 0),
    b("is_atom", Uop5, is_atom, 1, 1),
    b("is_boolean", Uop5, is_boolean, 1, 1),
    b("is_integer", Uop5, is_integer, 1, 1),
    b("is_int", Uop5, is_integer, 1, 1),
    b("is_real", Uop5, is_real, 1, 1),
    b("is_numeric", Uop5, is_numeric, 1, 1),
    b("is_string", Uop5, is_string, 1, 1),
    b("is_set", Uop5, is_set, 1, 1),
    b("is_tuple", Uop5, is_tuple, 1, 1),
    b("is_map", Uop5, is_map, 1, 1),
    b("is_mmap", Uop5, is_map, 1, 1),
    b("is_smap", Uop5, is_smap, 1, 1),
    b("is_om", Uop5, is_om, 1, 1),
    b("is_routine", Uop5, is_routine, 1, 1),
    b("is_proc", Uop5, is_routine, 1, 1),
    b("is_procedure", Uop5, is_routine, 1, 1),
];

fn card(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    ops::cardinality(&a[0])
}

fn arb(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    match &a[0] {
        Value::Set(s) => Ok(s.first().cloned().unwrap_or_default()),
        Value::Tuple(t) => Ok(t.first().cloned().unwrap_or_default()),
        v => Err(arg_type("arb", v, "a set")),
    }
}

fn map_arg<'a>(name: &str, v: &'a Value) -> Result<&'a SetV, Fail> {
    match v {
        Value::Set(s) => Ok(s),
        v => Err(arg_type(name, v, "a map")),
    }
}

fn domain(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = map_arg("domain", &a[0])?;
    s.domain()
        .map(Value::set)
        .ok_or_else(|| arg_type("domain", &a[0], "a set of pairs"))
}

fn range(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = map_arg("range", &a[0])?;
    s.range()
        .map(Value::set)
        .ok_or_else(|| arg_type("range", &a[0], "a set of pairs"))
}

fn pow(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    let s = map_arg("pow", &a[0])?;
    if s.len() > 24 {
        return Err(Fail::new(format!(
            "pow of a set of {} elements would be too large",
            s.len()
        )));
    }
    let elems: Vec<&Value> = s.iter().collect();
    let mut out = SetV::new();
    for mask in 0u32..(1 << elems.len()) {
        let sub: SetV = (0..elems.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| elems[i].clone())
            .collect();
        out.insert(Value::set(sub));
    }
    Ok(Value::set(out))
}

fn reverse(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    match &a[0] {
        Value::Str(s) => Ok(Value::str(s.iter().rev().copied().collect::<Vec<u8>>())),
        // Not trimmed: GNU SETL keeps the om that a leading om becomes.
        Value::Tuple(t) => Ok(Value::Tuple(std::rc::Rc::new(t.reversed()))),
        v => Err(arg_type("reverse", v, "a string or tuple")),
    }
}

fn newat(it: &mut Interp, _: &mut [Value]) -> Result<Value, Fail> {
    let n = it.lib.next_atom;
    it.lib.next_atom += 1;
    Ok(Value::Atom(n))
}

macro_rules! predicate {
    ($($name:ident => $pat:pat),* $(,)?) => {$(
        fn $name(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
            Ok(Value::Bool(matches!(a[0], $pat)))
        }
    )*};
}

predicate! {
    is_atom => Value::Atom(_),
    is_boolean => Value::Bool(_),
    is_integer => Value::Int(_) | Value::Big(_),
    is_real => Value::Real(_),
    is_numeric => Value::Int(_) | Value::Big(_) | Value::Real(_),
    is_string => Value::Str(_),
    is_set => Value::Set(_),
    is_tuple => Value::Tuple(_),
    is_om => Value::Om,
    is_routine => Value::Proc(_),
}

fn is_map(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Bool(matches!(&a[0], Value::Set(s) if s.is_map())))
}

fn is_smap(_: &mut Interp, a: &mut [Value]) -> Result<Value, Fail> {
    Ok(Value::Bool(
        matches!(&a[0], Value::Set(s) if s.is_map() && s.is_single_valued()),
    ))
}
