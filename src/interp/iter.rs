//! Iterators, shared by for-loops, formers and quantifiers.

use super::{error_at, fail_at, stopped_at, Interp, Res};
use crate::ops::{self, Fail};
use crate::syntax::ast::*;
use crate::value::set::SetBuilder;
use crate::value::{SetV, TupleV, Value};

/// What the body of an iteration asks for next.
pub(super) type Body<'a> = dyn FnMut(&mut Interp) -> Res<bool> + 'a;

impl Interp {
    /// Runs `body` once per binding of the iterators (and, when `filter`,
    /// only where the `| cond` holds). `body` returns false to stop early.
    /// Returns whether the iteration ran to completion; then the bound
    /// variables are left om, as in GNU SETL.
    pub(super) fn iterate(&mut self, its: &Iters, filter: bool, body: &mut Body) -> Res<bool> {
        let done = self.iter_from(its, 0, filter, body)?;
        if done {
            for it in &its.iters {
                match it {
                    Iter::In(t, _) => self.clear_bound(t),
                    Iter::Map(t, _, xs, _) => {
                        self.clear_bound(t);
                        for x in xs {
                            self.clear_bound(x);
                        }
                    }
                }
            }
        }
        Ok(done)
    }

    fn clear_bound(&mut self, t: &Expr) {
        match &t.kind {
            ExprKind::Var(_, slot) => *self.slot_mut(*slot) = Value::Om,
            ExprKind::Tuple(items) => items.iter().for_each(|i| self.clear_bound(i)),
            _ => {}
        }
    }

    /// Ctrl-C stops an iteration at its next binding.
    #[inline]
    fn check_interrupt(&self, its: &Iters) -> Res<()> {
        if !crate::interrupt::pending() {
            return Ok(());
        }
        let span = its.iters.first().map(|i| match i {
            Iter::In(t, _) | Iter::Map(t, _, _, _) => t.span,
        });
        Err(stopped_at(span.unwrap_or_default()))
    }

    /// Past the last iterator: applies the filter, then runs the body.
    #[inline]
    fn iter_leaf(&mut self, its: &Iters, filter: bool, body: &mut Body) -> Res<bool> {
        self.check_interrupt(its)?;
        if filter {
            if let Some(c) = &its.cond {
                if !self.truth(c)? {
                    return Ok(true);
                }
            }
        }
        body(self)
    }

    /// The next level of iteration after iterator `k` has bound its target.
    #[inline]
    fn iter_next(&mut self, its: &Iters, k: usize, filter: bool, body: &mut Body) -> Res<bool> {
        if k + 1 == its.iters.len() {
            self.iter_leaf(its, filter, body)
        } else {
            self.iter_from(its, k + 1, filter, body)
        }
    }

    fn iter_from(&mut self, its: &Iters, k: usize, filter: bool, body: &mut Body) -> Res<bool> {
        self.check_interrupt(its)?;
        let Some(it) = its.iters.get(k) else {
            return self.iter_leaf(its, filter, body);
        };
        match it {
            Iter::In(target, dom) => {
                if let ExprKind::Range(_, a, b, c) = &dom.kind {
                    // Walk an arithmetic range without building it.
                    let (first, step, last) = self.range_bounds(a, b.as_deref(), c)?;
                    let n = super::expr::range_count(first, step, last);
                    for i in 0..n {
                        self.assign(target, Value::Int(first + (i as i64).wrapping_mul(step)))?;
                        if !self.iter_next(its, k, filter, body)? {
                            return Ok(false);
                        }
                    }
                    return Ok(true);
                }
                let d = self.eval(dom)?;
                each_member(self, &d, dom.span, |me, v| {
                    me.assign(target, v)?;
                    me.iter_next(its, k, filter, body)
                })
            }
            Iter::Map(target, m, xs, multi) => {
                let mv = self.eval(m)?;
                let pairs = map_pairs(&mv, *multi).map_err(|f| fail_at(f, m.span))?;
                for (x, y) in pairs {
                    self.bind_domain(xs, x, m.span)?;
                    self.assign(target, y)?;
                    if !self.iter_next(its, k, filter, body)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
        }
    }

    /// Binds the domain variables of `y = f(x)` / `z = f(x, y)`.
    fn bind_domain(&mut self, xs: &[Expr], x: Value, span: crate::diag::Span) -> Res<()> {
        if xs.len() == 1 {
            return self.assign(&xs[0], x);
        }
        match x {
            Value::Tuple(t) => {
                for (i, target) in xs.iter().enumerate() {
                    self.assign(target, t.get(i).cloned().unwrap_or_default())?;
                }
                Ok(())
            }
            _ => Err(error_at(span, "the map's domain elements are not tuples")),
        }
    }

    /// Runs a CIMS header's clauses around `body`, which returns false to
    /// stop (as `quit` does): `init` once, then rounds of `doing`, the
    /// `while` test, the body, `step` and the `until` test (one round per
    /// binding when there are iterators), and `term` if the rounds ended
    /// by themselves.
    #[inline(never)]
    pub(super) fn run_clauses(&mut self, c: &Clauses, body: &mut Body) -> Res<()> {
        self.exec_block(&c.init)?;
        let mut stopped = false;
        {
            let mut round = |me: &mut Interp| -> Res<bool> {
                me.exec_block(&c.doing)?;
                if let Some(w) = &c.while_ {
                    if !me.truth(w)? {
                        return Ok(false);
                    }
                }
                if !body(me)? {
                    stopped = true;
                    return Ok(false);
                }
                me.exec_block(&c.step)?;
                match &c.until {
                    Some(u) => Ok(!me.truth(u)?),
                    None => Ok(true),
                }
            };
            match &c.iters {
                Some(its) => {
                    self.iterate(its, true, &mut round)?;
                }
                None => while round(self)? {},
            }
        }
        if !stopped {
            self.exec_block(&c.term)?;
        }
        Ok(())
    }

    /// `[e : doing …; while c]`: one element per round of the clauses.
    pub(super) fn clause_former(&mut self, tuple: bool, elem: &Expr, c: &Clauses) -> Res<Value> {
        let mut out = Collect::new(tuple);
        self.run_clauses(c, &mut |me| {
            // Nothing else in a round without iterators sees the stop flag.
            if crate::interrupt::pending() {
                return Err(stopped_at(elem.span));
            }
            let v = me.eval(elem)?;
            out.push(v, elem.span)?;
            Ok(true)
        })?;
        Ok(out.finish())
    }

    pub(super) fn former(&mut self, tuple: bool, elem: &Expr, its: &Iters) -> Res<Value> {
        if let Some(v) = self.filter_former(tuple, elem, its)? {
            return Ok(v);
        }
        let mut out = Collect::new(tuple);
        self.iterate(its, true, &mut |me| {
            let v = me.eval(elem)?;
            out.push(v, elem.span)?;
            Ok(true)
        })?;
        Ok(out.finish())
    }

    /// `[x : x in t | c]` and `{x : x in s | c}`: the commonest former, a
    /// filter of one collection (not a range) by a condition on a plain
    /// variable, run without the general iteration's layers. None when the
    /// former has another shape (nothing has been evaluated then).
    fn filter_former(&mut self, tuple: bool, elem: &Expr, its: &Iters) -> Res<Option<Value>> {
        let [Iter::In(target, dom)] = &its.iters[..] else {
            return Ok(None);
        };
        let (ExprKind::Var(_, slot), ExprKind::Var(_, shown)) = (&target.kind, &elem.kind) else {
            return Ok(None);
        };
        if slot != shown || matches!(dom.kind, ExprKind::Range(..)) {
            return Ok(None);
        }
        let d = self.eval(dom)?;
        let mut out = Collect::new(tuple);
        each_member(self, &d, dom.span, |me, v| {
            me.check_interrupt(its)?;
            *me.slot_mut(*slot) = v;
            let keep = match &its.cond {
                Some(c) => me.truth(c)?,
                None => true,
            };
            if keep {
                out.push(me.peek_ref(*slot).clone(), elem.span)?;
            }
            Ok(true)
        })?;
        *self.slot_mut(*slot) = Value::Om;
        Ok(Some(out.finish()))
    }

    pub(super) fn quantifier(&mut self, q: Quant, its: &Iters) -> Res<Value> {
        let cond = its.cond.as_ref();
        let want = q != Quant::Forall;
        let completed = self.iterate(its, false, &mut |me| {
            let holds = match cond {
                Some(c) => me.truth(c)?,
                None => true,
            };
            Ok(holds != want)
        })?;
        Ok(Value::Bool(quantified(q, completed)))
    }
}

/// A quantifier's value from whether its iteration `completed`: exists is
/// true when it stopped early, forall when it ran to the end.
pub(super) fn quantified(q: Quant, completed: bool) -> bool {
    match q {
        Quant::Exists => !completed,
        Quant::NotExists => completed,
        Quant::Forall => completed,
    }
}

/// Where a former's elements go: a tuple, or a set built in sorted
/// batches.
pub(super) enum Collect {
    Tuple(TupleV),
    Set(SetBuilder),
}

impl Collect {
    pub(super) fn new(tuple: bool) -> Collect {
        if tuple {
            Collect::Tuple(TupleV::default())
        } else {
            Collect::Set(SetBuilder::default())
        }
    }

    #[inline(always)]
    pub(super) fn push(&mut self, v: Value, span: crate::diag::Span) -> Res<()> {
        match self {
            Collect::Tuple(out) if out.len() >= crate::limits::MAX_ELEMENTS => {
                Err(error_at(span, "the former produces too many elements"))
            }
            Collect::Tuple(out) => {
                out.push(v);
                Ok(())
            }
            Collect::Set(set) => {
                set.push(v);
                Ok(())
            }
        }
    }

    pub(super) fn finish(self) -> Value {
        match self {
            Collect::Tuple(mut out) => {
                out.trim();
                Value::Tuple(std::rc::Rc::new(out))
            }
            Collect::Set(set) => Value::set(set.finish()),
        }
    }
}

/// Runs `step` on each member of a set, tuple or string (the characters),
/// in order, until it returns false; returns whether it ran to the end.
pub(super) fn each_member(
    me: &mut Interp,
    d: &Value,
    span: crate::diag::Span,
    mut step: impl FnMut(&mut Interp, Value) -> Res<bool>,
) -> Res<bool> {
    match d {
        Value::Set(s) => {
            for x in s.iter() {
                if !step(me, x.clone())? {
                    return Ok(false);
                }
            }
        }
        Value::Tuple(t) => {
            for x in t.iter() {
                if !step(me, x.clone())? {
                    return Ok(false);
                }
            }
        }
        Value::Str(s) => {
            for c in s.iter() {
                if !step(me, Value::str([*c]))? {
                    return Ok(false);
                }
            }
        }
        v => {
            return Err(fail_at(
                Fail::new(format!("cannot iterate over {}", v.type_name()))
                    .note(format!("value: {}", ops::show(v))),
                span,
            ))
        }
    }
    Ok(true)
}

/// The (domain element, image) pairs a map iterator walks: for a map, each
/// pair (or each domain element with its image set when `multi`); for a
/// tuple or string, each index with its element.
fn map_pairs(m: &Value, multi: bool) -> Result<Vec<(Value, Value)>, Fail> {
    match m {
        Value::Set(s) => {
            let mut out: Vec<(Value, Value)> = Vec::new();
            for p in s.iter() {
                let Value::Tuple(t) = p else {
                    return Err(Fail::new("cannot iterate over a set that is not a map"));
                };
                if t.len() != 2 {
                    return Err(Fail::new("cannot iterate over a set that is not a map"));
                }
                let (x, y) = (t[0].clone(), t[1].clone());
                if multi {
                    match out.last_mut() {
                        Some((k, Value::Set(ys))) if *k == x => std::rc::Rc::make_mut(ys).insert(y),
                        _ => out.push((x, Value::set(SetV::from_iter([y])))),
                    }
                } else {
                    if out.last().is_some_and(|(k, _)| *k == x) {
                        return Err(Fail::new("y = f(x) needs a single-valued map"));
                    }
                    out.push((x, y));
                }
            }
            Ok(out)
        }
        Value::Tuple(t) => Ok(t
            .iter()
            .enumerate()
            .map(|(i, v)| (Value::Int(i as i64 + 1), v.clone()))
            .collect()),
        Value::Str(s) => Ok(s
            .iter()
            .enumerate()
            .map(|(i, c)| (Value::Int(i as i64 + 1), Value::str([*c])))
            .collect()),
        v => Err(Fail::new(format!("cannot iterate over {}", v.type_name()))),
    }
}
