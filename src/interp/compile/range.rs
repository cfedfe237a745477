//! A variable walking an arithmetic range, `x in [a..b]` or
//! `x in [a, b..c]`: the for-loops, formers and quantifiers of that shape
//! (the commonest) run here, without building the range and without the
//! layers of the general iterator (`Interp::iterate`), whose semantics
//! this keeps: bounds evaluated once, the variable left om when the walk
//! runs to its end and holding its last value when it is stopped early.

use super::expr::{cond, expr};
use super::{bind, Code, Interp, Res};
use crate::diag::Span;
use crate::interp::expr::range_count;
use crate::interp::iter::{quantified, Collect};
use crate::interp::stopped_at;
use crate::syntax::ast::*;
use crate::value::Value;

pub(super) struct RangeWalk {
    target: Slot,
    span: Span,
    first: Expr,
    second: Option<Expr>,
    last: Expr,
    /// The `| cond` of the iterators, compiled.
    cond: Option<Code<bool>>,
}

impl RangeWalk {
    /// The walk `its` describes, if it is one range bound to a variable.
    pub(super) fn new(its: &Iters) -> Option<RangeWalk> {
        let [Iter::In(target, dom)] = &its.iters[..] else {
            return None;
        };
        let (
            ExprKind::Var(_, slot @ (Slot::Local(_) | Slot::Global(_))),
            ExprKind::Range(_, a, b, c),
        ) = (&target.kind, &dom.kind)
        else {
            return None;
        };
        Some(RangeWalk {
            target: *slot,
            span: target.span,
            first: (**a).clone(),
            second: b.as_deref().cloned(),
            last: (**c).clone(),
            cond: its.cond.as_ref().map(cond),
        })
    }

    /// Binds the variable to each element in turn and runs `step`, which
    /// gives false to stop; gives whether the walk ran to its end.
    #[inline(always)]
    fn run(&self, it: &mut Interp, mut step: impl FnMut(&mut Interp) -> Res<bool>) -> Res<bool> {
        let (first, by, last) = it.range_bounds(&self.first, self.second.as_ref(), &self.last)?;
        for i in 0..range_count(first, by, last) {
            bind(
                it,
                self.target,
                Value::Int(first + (i as i64).wrapping_mul(by)),
            );
            if crate::interrupt::pending() {
                return Err(stopped_at(self.span));
            }
            if !step(it)? {
                return Ok(false);
            }
        }
        bind(it, self.target, Value::Om);
        Ok(true)
    }

    /// Whether the `| cond` (if any) holds for the current element.
    #[inline(always)]
    fn admits(&self, it: &mut Interp) -> Res<bool> {
        match &self.cond {
            Some(c) => c(it),
            None => Ok(true),
        }
    }

    /// A `for` loop over the walk, around `body`.
    pub(super) fn for_loop(self, id: u32, at: Span, body: Code<()>) -> Code<()> {
        Box::new(move |it| {
            self.run(it, |me| {
                if !self.admits(me)? {
                    return Ok(true);
                }
                me.loop_round(id, at, &body)
            })
            .map(drop)
        })
    }

    /// `[elem : walk]` or `{elem : walk}`.
    pub(super) fn former(self, tuple: bool, elem: &Expr) -> Code<Value> {
        let (span, elem) = (elem.span, expr(elem));
        Box::new(move |it| {
            let mut out = Collect::new(tuple);
            self.run(it, |me| {
                if self.admits(me)? {
                    out.push(elem(me)?, span)?;
                }
                Ok(true)
            })?;
            Ok(out.finish())
        })
    }

    /// `exists`, `notexists` or `forall` over the walk, whose `| cond` is
    /// what is tested.
    pub(super) fn quantifier(self, q: Quant) -> Code<Value> {
        let want = q != Quant::Forall;
        Box::new(move |it| {
            let completed = self.run(it, |me| Ok(self.admits(me)? != want))?;
            Ok(Value::Bool(quantified(q, completed)))
        })
    }
}
