//! Small-integer code: arithmetic on locals, integer constants and tuple
//! elements that builds no `Value` and calls no destructor. It gives None,
//! for the caller to run the general code instead, when something is not
//! a small integer or a result would overflow; it has no side effects, so
//! giving up is always safe.
//!
//! Each compiled operation is instantiated for its operator (the `arith!`
//! and `compare!` macros hand the builder the operator as a closure of its
//! own type), so running it does the arithmetic inline with no `match` on
//! the operator: Lua's `OP_ADDI` and `OP_LTI`, as Rust generics.

use super::Interp;
use crate::syntax::ast::{Expr, ExprKind, Slot};
use crate::value::Value;

/// Compiled small-integer code (see the module docs).
pub(super) type IntCode = Box<dyn Fn(&Interp) -> Option<i64>>;

/// Runs `$build` with `$f` bound to arithmetic operator `$op` as a closure
/// `(i64, i64) -> Option<i64>`, or `$other` for an operator with no
/// small-integer form. The closures call `ops::small_int_arith` on a
/// constant operator, which folds away, so the semantics stay in one place.
macro_rules! arith {
    ($op:expr, $f:ident => $build:expr, _ => $other:expr) => {{
        macro_rules! with {
            ($o:ident) => {{
                let $f = |x, y| crate::ops::small_int_arith(crate::syntax::ast::BinOp::$o, x, y);
                $build
            }};
        }
        match $op {
            crate::syntax::ast::BinOp::Add => with!(Add),
            crate::syntax::ast::BinOp::Sub => with!(Sub),
            crate::syntax::ast::BinOp::Mul => with!(Mul),
            crate::syntax::ast::BinOp::Div => with!(Div),
            crate::syntax::ast::BinOp::Mod => with!(Mod),
            _ => $other,
        }
    }};
}

/// Runs `$build` with `$f` bound to comparison `$op` as a closure
/// `(i64, i64) -> bool`, or `$other` for an operator that is not one.
macro_rules! compare {
    ($op:expr, $f:ident => $build:expr, _ => $other:expr) => {{
        macro_rules! with {
            ($o:ident) => {{
                let $f = |x, y| {
                    crate::ops::int_comparison(crate::syntax::ast::BinOp::$o, x, y) == Some(true)
                };
                $build
            }};
        }
        match $op {
            crate::syntax::ast::BinOp::Lt => with!(Lt),
            crate::syntax::ast::BinOp::Le => with!(Le),
            crate::syntax::ast::BinOp::Gt => with!(Gt),
            crate::syntax::ast::BinOp::Ge => with!(Ge),
            crate::syntax::ast::BinOp::Eq => with!(Eq),
            crate::syntax::ast::BinOp::Ne => with!(Ne),
            _ => $other,
        }
    }};
}

pub(super) use {arith, compare};

/// An operand of small-integer code, read where it lies when it is a
/// local or a constant.
pub(super) enum IntOperand {
    Local(usize),
    Const(i64),
    Code(IntCode),
}

impl IntOperand {
    pub(super) fn new(e: &Expr) -> Option<IntOperand> {
        Some(match &e.kind {
            ExprKind::Var(_, Slot::Local(i)) => IntOperand::Local(*i as usize),
            ExprKind::Lit(Value::Int(k)) => IntOperand::Const(*k),
            _ => IntOperand::Code(int_code(e)?),
        })
    }

    #[inline(always)]
    pub(super) fn get(&self, it: &Interp) -> Option<i64> {
        match self {
            IntOperand::Local(i) => it.stack[it.fp + i].as_i64(),
            IntOperand::Const(k) => Some(*k),
            IntOperand::Code(c) => c(it),
        }
    }
}

/// Small-integer code for `e`, if `e` is arithmetic on locals, integer
/// constants and elements of local tuples (a lone local or constant is
/// left to `IntOperand`).
pub(super) fn int_code(e: &Expr) -> Option<IntCode> {
    match &e.kind {
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (IntOperand::new(a)?, IntOperand::new(b)?);
            arith!(*op, f => Some(Box::new(move |it: &Interp| f(a.get(it)?, b.get(it)?)) as IntCode), _ => None)
        }
        ExprKind::Apply(t, args, false) if args.len() == 1 => {
            let ExprKind::Var(_, Slot::Local(i)) = t.kind else {
                return None;
            };
            let (i, k) = (i as usize, IntOperand::new(&args[0])?);
            Some(Box::new(move |it: &Interp| {
                let k = usize::try_from(k.get(it)?).ok()?.checked_sub(1)?;
                match &it.stack[it.fp + i] {
                    Value::Tuple(t) => t.get(k)?.as_i64(),
                    _ => None,
                }
            }))
        }
        _ => None,
    }
}
