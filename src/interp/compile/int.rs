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

/// Runs `$build` with `$f` bound to `$op`, if it is one of `$ops`, as a
/// closure `|x, y| $rule(op, x, y)` whose operator is a constant (so the
/// `match` inside `$rule` folds away, and the semantics stay in `$rule`);
/// `$other` for any other operator.
macro_rules! per_operator {
    ($op:expr, [$($o:ident),*], $rule:path, $f:ident => $build:expr, _ => $other:expr) => {{
        match $op {
            $(crate::syntax::ast::BinOp::$o => {
                let $f = |x, y| $rule(crate::syntax::ast::BinOp::$o, x, y);
                $build
            })*
            _ => $other,
        }
    }};
}

/// `per_operator!` over the arithmetic with a small-integer form: `$f` is
/// `(i64, i64) -> Option<i64>`.
macro_rules! arith {
    ($op:expr, $f:ident => $build:expr, _ => $other:expr) => {
        $crate::interp::compile::int::per_operator!($op, [Add, Sub, Mul, Div, Mod],
            crate::ops::small_int_arith, $f => $build, _ => $other)
    };
}

/// `per_operator!` over the comparisons: `$f` is `(i64, i64) -> bool`.
macro_rules! compare {
    ($op:expr, $f:ident => $build:expr, _ => $other:expr) => {
        $crate::interp::compile::int::per_operator!($op, [Lt, Le, Gt, Ge, Eq, Ne],
            crate::interp::compile::int::holds, $f => $build, _ => $other)
    };
}

/// Comparison `op` on small integers (`op` is one: see `compare!`).
#[inline(always)]
pub(super) fn holds(op: BinOp, x: i64, y: i64) -> bool {
    crate::ops::int_comparison(op, x, y) == Some(true)
}

pub(super) use {arith, compare, per_operator};

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
