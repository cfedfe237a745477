//! Compiled expressions and conditions.

use super::element::Element;
use super::int::{arith, arith_code, compare, IntOperand};
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

/// An expression compiled once: its code, and its small-integer form
/// (see `int`) when it has one, for the operators and conditions above it.
pub(super) struct ExprCode {
    pub(super) value: Code<Value>,
    pub(super) int: Option<IntOperand>,
}

impl ExprCode {
    fn plain(value: Code<Value>) -> ExprCode {
        ExprCode { value, int: None }
    }
}

/// Compiles `e`, each node once (its small-integer form is built from its
/// operands' as the code is), so compiling takes time linear in the tree.
pub(super) fn compile(e: &Expr) -> ExprCode {
    let span = e.span;
    match &e.kind {
        ExprKind::Lit(v) => ExprCode {
            value: constant(v.clone()),
            int: v.as_i64().map(IntOperand::Const),
        },
        ExprKind::Var(_, Slot::Local(i)) => {
            let i = *i as usize;
            ExprCode {
                value: Box::new(move |it| Ok(it.stack[it.fp + i].clone())),
                int: Some(IntOperand::Local(i)),
            }
        }
        ExprKind::Binary(op, a, b) if !op.short_circuits() => {
            binary(*op, compile(a), compile(b), span)
        }
        ExprKind::Apply(f, args, _) => match Element::new(f, args, span) {
            Some(element) => {
                let int = element.int_code();
                ExprCode {
                    value: element.read(),
                    int,
                }
            }
            None => ExprCode::plain(tree(e)),
        },
        _ => ExprCode::plain(value_only(e)),
    }
}

/// Compiles `e` for its value.
pub(super) fn expr(e: &Expr) -> Code<Value> {
    compile(e).value
}

/// The expressions with no small-integer form.
fn value_only(e: &Expr) -> Code<Value> {
    let span = e.span;
    match &e.kind {
        ExprKind::Var(_, Slot::Global(i)) => {
            let i = *i as usize;
            Box::new(move |it| Ok(it.globals[i].clone()))
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

/// A strict binary operator. When both operands have small-integer forms
/// the code reads them in place, instantiated for the operator; otherwise
/// (and when they give up) it evaluates them and combines two small
/// integers here, anything else in the evaluator's `binary_values`.
fn binary(op: BinOp, a: ExprCode, b: ExprCode, span: Span) -> ExprCode {
    let general = on_values(op, a.value, b.value, span);
    let (Some(ia), Some(ib)) = (a.int, b.int) else {
        return ExprCode::plain(general);
    };
    let int = arith_code(op, ia.clone(), ib.clone());
    let value = arith!(op, f => Box::new(move |it: &mut Interp| {
        match (ia.get(it), ib.get(it)) {
            (Some(x), Some(y)) => match f(x, y) {
                Some(n) => Ok(Value::Int(n)),
                None => general(it),
            },
            _ => general(it),
        }
    }) as Code<Value>, _ => general);
    ExprCode { value, int }
}

/// `a op b` on the operands' values.
fn on_values(op: BinOp, a: Code<Value>, b: Code<Value>, span: Span) -> Code<Value> {
    arith!(op, f => evaluated_pair(op, a, b, span, move |x, y| f(x, y).map(Value::Int)),
        _ => evaluated_pair(op, a, b, span, move |x, y| ops::small_int_op(op, x, y)))
}

/// Evaluates `a` and `b`, combines two small integers by `small` (None
/// when it gives up) and anything else in the evaluator's `binary_values`.
fn evaluated_pair(
    op: BinOp,
    a: Code<Value>,
    b: Code<Value>,
    span: Span,
    small: impl Fn(i64, i64) -> Option<Value> + 'static,
) -> Code<Value> {
    Box::new(move |it| {
        let x = a(it)?;
        let y = b(it)?;
        // Matched by value, so two small integers need no destructor call.
        match (x, y) {
            (Value::Int(i), Value::Int(j)) => match small(i, j) {
                Some(v) => Ok(v),
                None => it.binary_values(op, Value::Int(i), Value::Int(j), span),
            },
            (x, y) => it.binary_values(op, x, y, span),
        }
    })
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
        ExprKind::Binary(op, a, b) if is_comparison(*op) => {
            let (a, b) = (compile(a), compile(b));
            let general = boolean(on_values(*op, a.value, b.value, span), span);
            let (Some(a), Some(b)) = (a.int, b.int) else {
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
    let ExprKind::Binary(op, a, b) = &c.kind else {
        return plain_branch(cond(c), then, other);
    };
    if !is_comparison(*op) {
        return plain_branch(cond(c), then, other);
    }
    let (a, b) = (compile(a), compile(b));
    let general = boolean(on_values(*op, a.value, b.value, c.span), c.span);
    let (Some(a), Some(b)) = (a.int, b.int) else {
        return plain_branch(general, then, other);
    };
    compare!(*op, f => Box::new(move |it: &mut Interp| {
        let holds = match (a.get(it), b.get(it)) {
            (Some(x), Some(y)) => f(x, y),
            _ => general(it)?,
        };
        if holds { then(it) } else { otherwise(it, &other) }
    }), _ => plain_branch(general, then, other))
}

fn is_comparison(op: BinOp) -> bool {
    ops::int_comparison(op, 0, 0).is_some()
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
