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
use crate::syntax::ast::BinOp;
use crate::value::Value;
use std::rc::Rc;

/// Compiled small-integer code (see the module docs).
pub(super) type IntCode = Rc<dyn Fn(&Interp) -> Option<i64>>;

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
/// local or a constant. Cloning shares the code.
#[derive(Clone)]
pub(super) enum IntOperand {
    Local(usize),
    Const(i64),
    Code(IntCode),
}

impl IntOperand {
    #[inline(always)]
    pub(super) fn get(&self, it: &Interp) -> Option<i64> {
        match self {
            IntOperand::Local(i) => it.stack[it.fp + i].as_i64(),
            IntOperand::Const(k) => Some(*k),
            IntOperand::Code(c) => c(it),
        }
    }
}

/// `a op b` as small-integer code; None for an operator with no
/// small-integer form.
pub(super) fn arith_code(op: BinOp, a: IntOperand, b: IntOperand) -> Option<IntOperand> {
    arith!(op, f => Some(IntOperand::Code(Rc::new(move |it: &Interp| f(a.get(it)?, b.get(it)?)))), _ => None)
}

/// Element `k` of the tuple in local `t`, as small-integer code.
pub(super) fn element_code(t: usize, k: IntOperand) -> IntOperand {
    IntOperand::Code(Rc::new(move |it: &Interp| {
        let k = usize::try_from(k.get(it)?).ok()?.checked_sub(1)?;
        match &it.stack[it.fp + t] {
            Value::Tuple(v) => v.get(k)?.as_i64(),
            _ => None,
        }
    }))
}
