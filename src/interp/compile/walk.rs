//! A variable walking one domain, `x in [a..b]`, `x in [a, b..c]` or
//! `x in e` for a tuple, set or string `e`, with an optional `| cond`:
//! the for-loops, formers and quantifiers of that shape (the commonest)
//! run here, without the layers of the general iterator
//! (`Interp::iterate`), whose semantics this keeps: the domain evaluated
//! once (a range never built), the variable left om when the walk runs to
//! its end and holding its last value when it is stopped early.

use super::expr::{cond, expr};
use super::{bind, Code, Interp, Res};
use crate::diag::Span;
use crate::interp::expr::range_count;
use crate::interp::iter::{each_member, quantified, Collect};
use crate::interp::stmt::continues;
use crate::interp::stopped_at;
use crate::syntax::ast::*;
use crate::value::Value;

pub(super) struct Walk {
    target: Slot,
    span: Span,
    domain: Domain,
    /// The `| cond` of the iterators, compiled.
    cond: Option<Code<bool>>,
}

enum Domain {
    /// First, optional second, last: the bounds, evaluated by the
    /// evaluator's `range_bounds` for its checks and messages.
    Range(Box<(Expr, Option<Expr>, Expr)>),
    /// Any other domain, and where it is written.
    Members(Code<Value>, Span),
}

impl Walk {
    /// The walk `its` describes, if it is one domain bound to a variable.
    pub(super) fn new(its: &Iters) -> Option<Walk> {
        let [Iter::In(target, dom)] = &its.iters[..] else {
            return None;
        };
        let ExprKind::Var(_, slot @ (Slot::Local(_) | Slot::Global(_))) = &target.kind else {
            return None;
        };
        let domain = match &dom.kind {
            ExprKind::Range(_, a, b, c) => Domain::Range(Box::new((
                (**a).clone(),
                b.as_deref().cloned(),
                (**c).clone(),
            ))),
            _ => Domain::Members(expr(dom), dom.span),
        };
        Some(Walk {
            target: *slot,
            span: target.span,
            domain,
            cond: its.cond.as_ref().map(cond),
        })
    }

    /// Binds the variable to each element in turn and runs `step`, which
    /// gives false to stop; gives whether the walk ran to its end.
    #[inline(always)]
    fn run(&self, it: &mut Interp, mut step: impl FnMut(&mut Interp) -> Res<bool>) -> Res<bool> {
        let done = match &self.domain {
            Domain::Range(bounds) => {
                let (a, b, c) = &**bounds;
                let (first, by, last) = it.range_bounds(a, b.as_ref(), c)?;
                let n = range_count(first, by, last);
                let mut i = 0;
                while i < n {
                    let x = first + (i as i64).wrapping_mul(by);
                    match (self.target, &mut it.stack) {
                        // The commonest case, a local counter, set in place.
                        (Slot::Local(v), stack) => match &mut stack[it.fp + v as usize] {
                            Value::Int(old) => *old = x,
                            slot => *slot = Value::Int(x),
                        },
                        (slot, _) => bind(it, slot, Value::Int(x)),
                    }
                    if crate::interrupt::pending() {
                        return Err(stopped_at(self.span));
                    }
                    if !step(it)? {
                        break;
                    }
                    i += 1;
                }
                i == n
            }
            Domain::Members(d, span) => {
                let d = d(it)?;
                each_member(it, &d, *span, |me, x| {
                    bind(me, self.target, x);
                    if crate::interrupt::pending() {
                        return Err(stopped_at(self.span));
                    }
                    step(me)
                })?
            }
        };
        if done {
            bind(it, self.target, Value::Om);
        }
        Ok(done)
    }

    /// Whether the `| cond` (if any) holds for the current element.
    #[inline(always)]
    fn admits(&self, it: &mut Interp) -> Res<bool> {
        match &self.cond {
            Some(c) => c(it),
            None => Ok(true),
        }
    }

    /// A `for` loop over the walk, around `body` (the walk checks the stop
    /// flag each round).
    pub(super) fn for_loop(self, id: u32, body: Code<()>) -> Code<()> {
        Box::new(move |it| {
            self.run(it, |me| {
                if !self.admits(me)? {
                    return Ok(true);
                }
                continues(id, body(me))
            })
            .map(drop)
        })
    }

    /// `[elem : walk]` or `{elem : walk}`.
    /// A filter (`[x : x in t | c]`, the element the variable itself)
    /// takes the bound value without running code for the element.
    pub(super) fn former(self, tuple: bool, elem: &Expr) -> Code<Value> {
        let span = elem.span;
        let elem = match elem.kind {
            ExprKind::Var(_, slot) if slot == self.target => None,
            _ => Some(expr(elem)),
        };
        Box::new(move |it| {
            let mut out = Collect::new(tuple);
            self.run(it, |me| {
                if self.admits(me)? {
                    let x = match &elem {
                        Some(elem) => elem(me)?,
                        None => me.peek_ref(self.target).clone(),
                    };
                    out.push(x, span)?;
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
