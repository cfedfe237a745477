//! Compiled expressions and conditions.

use super::element::Element;
use super::int::{arith, compare, IntOperand};
use super::walk::Walk;
use super::{Code, Interp, Res};
use crate::diag::Span;
use crate::ops;
use crate::syntax::ast::*;
use crate::value::Value;

/// The tree walker, for an expression with no closure of its own.
fn tree(e: &Expr) -> Code<Value> {
    let e = e.clone();
    Box::new(move |it| it.eval(&e))
}

pub(super) fn constant(v: Value) -> Code<Value> {
    Box::new(move |_| Ok(v.clone()))
}

pub(super) fn expr(e: &Expr) -> Code<Value> {
    let span = e.span;
    match &e.kind {
        ExprKind::Lit(v) => constant(v.clone()),
        ExprKind::Var(_, Slot::Local(i)) => {
            let i = *i as usize;
            Box::new(move |it| Ok(it.stack[it.fp + i].clone()))
        }
        ExprKind::Var(_, Slot::Global(i)) => {
            let i = *i as usize;
            Box::new(move |it| Ok(it.globals[i].clone()))
        }
        ExprKind::Binary(op, a, b) if !op.short_circuits() => {
            let general = binary(*op, a, b, span);
            let (Some(a), Some(b)) = (IntOperand::new(a), IntOperand::new(b)) else {
                return general;
            };
            arith!(*op, f => Box::new(move |it: &mut Interp| {
                match (a.get(it), b.get(it)) {
                    (Some(x), Some(y)) => match f(x, y) {
                        Some(n) => Ok(Value::Int(n)),
                        None => general(it),
                    },
                    _ => general(it),
                }
            }), _ => general)
        }
        ExprKind::Call(id, args, false) => {
            let (id, codes, args) = (*id, exprs(args), args.clone());
            Box::new(move |it| {
                let base = it.stack.len();
                for c in codes.iter() {
                    match c(it) {
                        Ok(v) => it.stack.push(v),
                        Err(e) => {
                            it.stack.truncate(base);
                            return Err(e);
                        }
                    }
                }
                it.call_pushed(id, &args, base, span)
            })
        }
        ExprKind::Builtin(b, args, false) => {
            let (b, codes, args) = (*b, exprs(args), args.clone());
            Box::new(move |it| {
                let mut vals = it.new_args();
                for c in codes.iter() {
                    vals.push(c(it)?);
                }
                it.builtin_on(b, vals, &args, span)
            })
        }
        ExprKind::Apply(f, args, _) => match Element::new(f, args, span) {
            Some(element) => element.read(),
            None => tree(e),
        },
        ExprKind::Former(tuple, elem, its) => match Walk::new(its) {
            Some(walk) => walk.former(*tuple, elem),
            None => tree(e),
        },
        ExprKind::Quantifier(q, its) => match Walk::new(its) {
            Some(walk) => walk.quantifier(*q),
            None => tree(e),
        },
        _ => tree(e),
    }
}

pub(super) fn exprs(es: &[Expr]) -> Box<[Code<Value>]> {
    es.iter().map(expr).collect()
}

/// A strict binary operator on any operands. Two small integers are
/// combined here, instantiated for the operator; anything else goes to
/// the evaluator's `binary_values`.
fn binary(op: BinOp, a: &Expr, b: &Expr, span: Span) -> Code<Value> {
    let (a, b) = (expr(a), expr(b));
    let general = move |it: &mut Interp, x: Value, y: Value| it.binary_values(op, x, y, span);
    arith!(op, f => Box::new(move |it: &mut Interp| {
        let x = a(it)?;
        let y = b(it)?;
        // Matched by value, so two small integers need no destructor call.
        match (x, y) {
            (Value::Int(i), Value::Int(j)) => match f(i, j) {
                Some(n) => Ok(Value::Int(n)),
                None => general(it, Value::Int(i), Value::Int(j)),
            },
            (x, y) => general(it, x, y),
        }
    }), _ => Box::new(move |it: &mut Interp| {
        let x = a(it)?;
        let y = b(it)?;
        match (x, y) {
            (Value::Int(i), Value::Int(j)) => match ops::small_int_op(op, i, j) {
                Some(v) => Ok(v),
                None => general(it, Value::Int(i), Value::Int(j)),
            },
            (x, y) => general(it, x, y),
        }
    }))
}

/// A condition, which must give a boolean.
pub(super) fn cond(e: &Expr) -> Code<bool> {
    let span = e.span;
    match &e.kind {
        ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
            let (or, a, b) = (*op == BinOp::Or, cond(a), cond(b));
            Box::new(move |it| {
                let left = a(it)?;
                if left == or {
                    return Ok(left);
                }
                b(it)
            })
        }
        ExprKind::Binary(op, a, b) => {
            let general = boolean(expr(e), span);
            let (Some(a), Some(b)) = (IntOperand::new(a), IntOperand::new(b)) else {
                return general;
            };
            compare!(*op, f => Box::new(move |it: &mut Interp| {
                match (a.get(it), b.get(it)) {
                    (Some(x), Some(y)) => Ok(f(x, y)),
                    _ => general(it),
                }
            }), _ => general)
        }
        ExprKind::Apply(f, args, _) => match Element::new(f, args, span) {
            Some(element) => element.test(),
            None => boolean(expr(e), span),
        },
        _ => boolean(expr(e), span),
    }
}

/// `if c then … else … end`: a comparison of small integers is decided
/// inline, instantiated for its operator, with no call for the condition.
pub(super) fn branch(c: &Expr, then: Code<()>, other: Option<Code<()>>) -> Code<()> {
    let general = cond(c);
    if let ExprKind::Binary(op, a, b) = &c.kind {
        if let (Some(a), Some(b)) = (IntOperand::new(a), IntOperand::new(b)) {
            return compare!(*op, f => Box::new(move |it: &mut Interp| {
                let holds = match (a.get(it), b.get(it)) {
                    (Some(x), Some(y)) => f(x, y),
                    _ => general(it)?,
                };
                if holds { then(it) } else { otherwise(it, &other) }
            }), _ => plain_branch(general, then, other));
        }
    }
    plain_branch(general, then, other)
}

fn plain_branch(c: Code<bool>, then: Code<()>, other: Option<Code<()>>) -> Code<()> {
    Box::new(move |it| {
        if c(it)? {
            then(it)
        } else {
            otherwise(it, &other)
        }
    })
}

#[inline(always)]
fn otherwise(it: &mut Interp, other: &Option<Code<()>>) -> Res<()> {
    match other {
        Some(other) => other(it),
        None => Ok(()),
    }
}

/// Code that checks `v` gives a boolean.
fn boolean(v: Code<Value>, span: Span) -> Code<bool> {
    Box::new(move |it| truth(v(it)?, span))
}

/// `v` as a condition's value, which must be a boolean.
#[inline]
pub(super) fn truth(v: Value, span: Span) -> Res<bool> {
    match v {
        Value::Bool(b) => Ok(b),
        v => Err(crate::interp::expr::not_boolean(v, span)),
    }
}
