//! `t(k)` for a variable `t` and one subscript: reads, conditions, stores
//! and `op:=`. When `t` holds a tuple and `k` is a small integer in range,
//! the element is read where it lies, or changed there when the tuple is
//! not shared; everything else (maps, strings, om, padding, a shared
//! tuple's copy, errors) goes to the evaluator's general selection and
//! update, so the semantics stay theirs.

use super::expr::{compile, expr, ExprCode};
use super::int::{arith, element_code, IntOperand};
use super::{Code, Interp};
use crate::diag::Span;
use crate::syntax::ast::*;
use crate::value::Value;
use std::rc::Rc;

pub(super) struct Element {
    name: String,
    slot: Slot,
    /// The variable as an expression, for the general update.
    base: Expr,
    key: Key,
    span: Span,
}

/// A subscript: when it is small-integer code it is read without building
/// a value (and may be read again, having no side effects).
enum Key {
    Int(IntOperand, Code<Value>),
    Any(Code<Value>),
}

impl Key {
    #[inline(always)]
    fn int(&self, it: &Interp) -> Option<i64> {
        match self {
            Key::Int(k, _) => k.get(it),
            Key::Any(_) => None,
        }
    }

    /// The subscript's value, with a small integer read without running
    /// the general code.
    #[inline(always)]
    fn value(&self, it: &mut Interp) -> super::Res<Value> {
        match self.int(it) {
            Some(k) => Ok(Value::Int(k)),
            None => match self {
                Key::Int(_, c) | Key::Any(c) => c(it),
            },
        }
    }
}

impl Element {
    /// The element `f(args)` names, if `f` is a variable and there is one
    /// subscript.
    pub(super) fn new(f: &Expr, args: &[Expr], span: Span) -> Option<Element> {
        let (ExprKind::Var(name, slot @ (Slot::Local(_) | Slot::Global(_))), [k]) = (&f.kind, args)
        else {
            return None;
        };
        let key = match compile(k) {
            ExprCode {
                value,
                int: Some(i),
            } => Key::Int(i, value),
            ExprCode { value, int: None } => Key::Any(value),
        };
        Some(Element {
            name: name.clone(),
            slot: *slot,
            base: f.clone(),
            key,
            span,
        })
    }

    /// The element as small-integer code, when the variable is a local and
    /// the subscript has a small-integer form.
    pub(super) fn int_code(&self) -> Option<IntOperand> {
        match (self.slot, &self.key) {
            (Slot::Local(t), Key::Int(k, _)) => Some(element_code(t as usize, k.clone())),
            _ => None,
        }
    }

    /// Reads the element: the general selection when it is not a tuple's.
    #[inline(always)]
    fn get(&self, it: &mut Interp) -> super::Res<Value> {
        let k = self.key.value(it)?;
        if let Value::Int(i) = k {
            if let Some(x) = element(it.peek_ref(self.slot), i) {
                return Ok(x.clone());
            }
        }
        it.select_from_var(&self.name, self.slot, &k, self.span)
    }

    pub(super) fn read(self) -> Code<Value> {
        Box::new(move |it| self.get(it))
    }

    /// The element as a condition: a boolean element is tested in place.
    pub(super) fn test(self) -> Code<bool> {
        let span = self.span;
        Box::new(move |it| {
            if let Some(k) = self.key.int(it) {
                if let Some(Value::Bool(b)) = element(it.peek_ref(self.slot), k) {
                    return Ok(*b);
                }
            }
            super::expr::truth(self.get(it)?, span)
        })
    }

    /// `t(k) := v`.
    pub(super) fn store(self, v: Code<Value>) -> Code<()> {
        Box::new(move |it| {
            let x = v(it)?;
            let k = self.key.value(it)?;
            let x = match (&k, x) {
                (Value::Int(i), x) if !x.is_om() => match store(it.slot_mut(self.slot), *i, x) {
                    Ok(()) => return Ok(()),
                    Err(x) => x,
                },
                (_, x) => x,
            };
            it.assign_component(&self.base, k, x)
        })
    }

    /// `t(k) op:= e` for an arithmetic operator, instantiated for it: a
    /// small-integer element is updated in place. None for another
    /// operator.
    pub(super) fn accum(self, o: BinOp, e: &Expr) -> Option<Code<()>> {
        let e = expr(e);
        arith!(o, f => Some(Box::new(move |it: &mut Interp| {
            let rhs = e(it)?;
            let k = self.key.value(it)?;
            if let (Value::Int(j), Value::Int(i)) = (&rhs, &k) {
                if let Some(Value::Int(x)) = element_mut(it.slot_mut(self.slot), *i) {
                    if let Some(y) = f(*x, *j) {
                        *x = y;
                        return Ok(());
                    }
                }
            }
            it.accum_component(o, &self.base, &k, rhs)
        }) as Code<()>), _ => None)
    }
}

/// Element `k` of a tuple, if `t` is one and `k` is in range.
#[inline(always)]
fn element(t: &Value, k: i64) -> Option<&Value> {
    match t {
        Value::Tuple(t) => t.get(usize::try_from(k).ok()?.checked_sub(1)?),
        _ => None,
    }
}

/// Stores `x` as element `k` of an unshared tuple in range, or gives it
/// back.
#[inline(always)]
fn store(t: &mut Value, k: i64, x: Value) -> Result<(), Value> {
    let Value::Tuple(t) = t else { return Err(x) };
    match (
        Rc::get_mut(t),
        usize::try_from(k).ok().and_then(|k| k.checked_sub(1)),
    ) {
        (Some(t), Some(i)) => t.store(i, x),
        _ => Err(x),
    }
}

/// Element `k` of an unshared tuple, to change in place.
#[inline(always)]
fn element_mut(t: &mut Value, k: i64) -> Option<&mut Value> {
    match t {
        Value::Tuple(t) => Rc::get_mut(t)?.get_mut(usize::try_from(k).ok()?.checked_sub(1)?),
        _ => None,
    }
}
