//! Expression evaluation.

use super::{error_at, fail_at, Ctrl, Interp, Res};
use crate::builtins;
use crate::limits::MAX_ELEMENTS;
use crate::ops::{self, Fail};
use crate::syntax::ast::*;
use crate::value::order::setl_eq;
use crate::value::{SetV, Value};
use std::rc::Rc;

impl Interp {
    pub fn nargs(&self) -> usize {
        self.nargs
    }

    /// The hot cases (literals, variables, small-integer arithmetic, calls,
    /// tuple elements) are handled here, in a function with a small stack
    /// frame; everything else goes to `eval_rest`.
    pub(super) fn eval(&mut self, e: &Expr) -> Res<Value> {
        match &e.kind {
            ExprKind::Lit(v) => Ok(v.clone()),
            ExprKind::Var(_, slot) => Ok(self.load(*slot)),
            ExprKind::Binary(op, a, b) if !op.short_circuits() => {
                if let Some(v) = self.try_int(a).and_then(|i| {
                    let j = self.try_int(b)?;
                    ops::small_int_op(*op, i, j)
                }) {
                    return Ok(v);
                }
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                // `binop` tries this too, but checking here saves a call for
                // operands such as `f(n - 1) + f(n - 2)` (5% on bench/fib).
                if let (Value::Int(i), Value::Int(j)) = (&x, &y) {
                    if let Some(v) = ops::small_int_op(*op, *i, *j) {
                        return Ok(v);
                    }
                }
                self.binary_values(*op, x, y, e.span)
            }
            ExprKind::Call(id, args, spread) => self.call_expr(*id, args, *spread, e.span),
            ExprKind::Apply(f, args, _) => match self.peek_element(f, args) {
                Some(v) => Ok(v.clone()),
                None => self.eval_rest(e),
            },
            _ => self.eval_rest(e),
        }
    }

    /// Small-integer arithmetic on literals, variables and tuple elements,
    /// computed in place without building values. None when something is not a small
    /// integer or a result would overflow; the caller then takes the general
    /// path. Only side-effect-free nodes are looked at, so giving up and
    /// evaluating the expression again is safe.
    #[inline(always)]
    fn try_int(&self, e: &Expr) -> Option<i64> {
        match &e.kind {
            ExprKind::Var(_, slot) => self.peek_ref(*slot).as_i64(),
            ExprKind::Lit(Value::Int(i)) => Some(*i),
            ExprKind::Binary(op, a, b) => self.try_int_binary(*op, a, b),
            ExprKind::Apply(f, args, _) => self.peek_element(f, args)?.as_i64(),
            _ => None,
        }
    }

    /// `t(i)` for a tuple variable `t` and an in-range small integer `i`,
    /// read in place; None for anything else (the general path decides).
    #[inline(never)]
    fn peek_element(&self, f: &Expr, args: &[Expr]) -> Option<&Value> {
        let (ExprKind::Var(_, slot), [arg]) = (&f.kind, args) else {
            return None;
        };
        let Value::Tuple(t) = self.peek_ref(*slot) else {
            return None;
        };
        let i = usize::try_from(self.try_int(arg)?).ok()?;
        t.get(i.checked_sub(1)?)
    }

    #[inline(never)]
    fn try_int_binary(&self, op: BinOp, a: &Expr, b: &Expr) -> Option<i64> {
        ops::small_int_arith(op, self.try_int(a)?, self.try_int(b)?)
    }

    #[inline(never)]
    fn eval_rest(&mut self, e: &Expr) -> Res<Value> {
        let span = e.span;
        let at = |f: Fail| fail_at(f, span);
        match &e.kind {
            ExprKind::Lit(v) => Ok(v.clone()),
            ExprKind::Var(_, slot) => Ok(self.load(*slot)),
            ExprKind::Binary(op, a, b) => self.short_circuit(*op, a, b, span),
            ExprKind::Apply(f, args, _) => {
                if let ExprKind::Var(name, slot) = &f.kind {
                    let key = self.key(args)?;
                    return self.select_from_var(name, *slot, &key, span);
                }
                let base = self.eval(f)?;
                let key = self.key(args)?;
                select(&base, &key, self.lib.magic).map_err(at)
            }
            ExprKind::Call(id, args, spread) => self.call_expr(*id, args, *spread, span),
            ExprKind::Builtin(b, args, spread) => self.call_builtin(b, args, *spread, span),
            ExprKind::Sysval(n) => Ok(builtins::sysval(self, n)),
            ExprKind::Hole => Err(error_at(span, "'-' can only stand in a tuple pattern")),
            ExprKind::Neg(a) => {
                let v = self.eval(a)?;
                ops::neg(v).map_err(at)
            }
            ExprKind::Pos(a) => {
                let v = self.eval(a)?;
                ops::pos(v).map_err(at)
            }
            ExprKind::Not(a) => {
                let v = self.eval(a)?;
                ops::not(v).map_err(at)
            }
            ExprKind::UserUnary(_, id, a) => {
                let v = self.eval(a)?;
                self.call_routine(id.unwrap_or(0), vec![v], span)
            }
            ExprKind::UserBinary(_, id, a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                self.call_routine(id.unwrap_or(0), vec![x, y], span)
            }
            ExprKind::Reduce(op, init, body) => self.reduce(op, init.as_deref(), body, span),
            ExprKind::Image(f, args) => {
                let base = self.eval(f)?;
                let key = self.key(args)?;
                match base {
                    Value::Set(_) if key.is_om() => {
                        Err(at(Fail::new("a map subscript cannot be om")))
                    }
                    Value::Set(s) if !s.is_pair_set() => Err(at(Fail::new(
                        "cannot take images {…} of a set that is not a map",
                    )
                    .note(format!("value: {}", ops::show(&Value::Set(s)))))),
                    Value::Set(s) => Ok(Value::set(s.images(&key))),
                    v => Err(at(Fail::new(format!(
                        "cannot take images {{…}} of {}",
                        v.type_name()
                    ))
                    .note(format!("value: {}", ops::show(&v))))),
                }
            }
            ExprKind::Slice(f, lo, hi) => {
                let base = self.eval(f)?;
                let lo = match lo {
                    Some(x) => Some(self.eval(x)?),
                    None => None,
                };
                let hi = match hi {
                    Some(x) => Some(self.eval(x)?),
                    None => None,
                };
                slice(&base, lo.as_ref(), hi.as_ref(), self.lib.magic).map_err(at)
            }
            ExprKind::SysCall(name, _, _) | ExprKind::Unary(name, _) => {
                Err(error_at(span, format!("'{name}' was not resolved")))
            }
            ExprKind::Field(..) => Err(error_at(span, "a field was not resolved")),
            ExprKind::LateCall(call) => match &call.kind {
                ExprKind::Call(id, args, spread) => {
                    self.call_with::<true>(*id, args, *spread, span)
                }
                ExprKind::Builtin(b, args, spread) => {
                    self.builtin_with::<true>(b, args, *spread, span)
                }
                _ => self.eval(call),
            },
            ExprKind::CallIndirect(f, args, spread) => {
                let p = self.eval(f)?;
                let Value::Proc(id) = p else {
                    return Err(at(Fail::new(format!(
                        "call needs a routine, not {}",
                        p.type_name()
                    ))
                    .note(format!("value: {}", ops::show(&p)))));
                };
                let vals = self.args(args, *spread)?;
                self.call_routine(id, vals, span)
            }
            ExprKind::RoutineRef(_, id) => Ok(Value::Proc(id.unwrap_or(0))),
            ExprKind::Tuple(items) => {
                let mut v = Vec::with_capacity(items.len());
                for i in items {
                    v.push(self.eval(i)?);
                }
                Ok(Value::tuple(v))
            }
            ExprKind::Set(items) => {
                let mut s = SetV::new();
                for i in items {
                    s.insert(self.eval(i)?);
                }
                Ok(Value::set(s))
            }
            ExprKind::Range(tuple, a, b, c) => {
                let (first, step, last) = self.range_bounds(a, b.as_deref(), c)?;
                let n = range_len(first, step, last).map_err(at)?;
                let items = (0..n).map(|k| Value::Int(first + k as i64 * step));
                Ok(if *tuple {
                    Value::Tuple(Rc::new(items.collect()))
                } else {
                    Value::set(items.collect())
                })
            }
            ExprKind::Former(tuple, elem, iters) => self.former(*tuple, elem, iters),
            ExprKind::ClauseFormer(tuple, elem, c) => self.clause_former(*tuple, elem, c),
            ExprKind::Quantifier(q, iters) => self.quantifier(*q, iters),
            ExprKind::If(arms, other) => {
                for (c, v) in arms {
                    if self.truth(c)? {
                        return self.eval(v);
                    }
                }
                self.eval(other)
            }
            ExprKind::Case(subject, arms, other) => {
                let subject = match subject {
                    Some(s) => Some(self.eval(s)?),
                    None => None,
                };
                for (vals, v) in arms {
                    for c in vals {
                        if self.choice_matches(subject.as_ref(), c)? {
                            return self.eval(v);
                        }
                    }
                }
                self.eval(other)
            }
            ExprKind::Assign(t, v) => {
                let x = self.eval(v)?;
                self.assign(t, x.clone())?;
                Ok(x)
            }
            ExprKind::AccumAssign(op, t, v) => self.accum(op, t, v),
            ExprKind::Block(stmts) => match self.exec_block(stmts) {
                Ok(()) => Ok(Value::Om),
                Err(Ctrl::Yield) => Ok(std::mem::take(&mut self.carried)),
                Err(e) => Err(e),
            },
        }
    }

    /// `name(key)` selected straight from the variable, without copying it.
    pub(super) fn select_from_var(
        &self,
        name: &str,
        slot: Slot,
        key: &Value,
        span: crate::diag::Span,
    ) -> Res<Value> {
        let base = self.peek_ref(slot);
        if base.is_om() {
            return Err(fail_at(
                Fail::new(format!("cannot select from '{name}': it has no value (om)"))
                    .note(format!("subscript: {}", ops::show(key))),
                span,
            ));
        }
        select(base, key, self.lib.magic).map_err(|f| fail_at(f, span))
    }

    /// Evaluates a condition, which must be a boolean. A comparison of
    /// small integers is decided without building a value.
    pub(super) fn truth(&mut self, e: &Expr) -> Res<bool> {
        if let ExprKind::Binary(op, a, b) = &e.kind {
            // In a condition the result must be a boolean anyway, so `and`
            // and `or` can test each side as a condition.
            if matches!(op, BinOp::And | BinOp::Or) {
                return self.truth_of_logic(*op, a, b);
            }
            if let Some(i) = self.try_int(a) {
                if let Some(j) = self.try_int(b) {
                    if let Some(t) = ops::int_comparison(*op, i, j) {
                        return Ok(t);
                    }
                }
            }
            if let (BinOp::In | BinOp::NotIn, ExprKind::Var(_, slot)) = (op, &b.kind) {
                return self.member_of_variable(*op, a, *slot, e.span);
            }
        }
        match self.eval(e)? {
            Value::Bool(b) => Ok(b),
            v => Err(not_boolean(v, e.span)),
        }
    }

    /// `x in s` and `x notin s` for a variable `s`, tested where `s` lies
    /// rather than on a copy of it.
    #[inline(never)]
    fn member_of_variable(
        &mut self,
        op: BinOp,
        a: &Expr,
        s: Slot,
        span: crate::diag::Span,
    ) -> Res<bool> {
        let x = self.eval(a)?;
        let name = op.spelling();
        let found = ops::member(name, &x, self.peek_ref(s)).map_err(|f| fail_at(f, span))?;
        Ok(found == (op == BinOp::In))
    }

    #[inline(never)]
    fn truth_of_logic(&mut self, op: BinOp, a: &Expr, b: &Expr) -> Res<bool> {
        let left = self.truth(a)?;
        if left == (op == BinOp::Or) {
            return Ok(left);
        }
        self.truth(b)
    }

    /// Whether a case choice selects its branch: equal to the subject, or a
    /// true guard when there is no subject.
    pub(super) fn choice_matches(&mut self, subject: Option<&Value>, c: &Expr) -> Res<bool> {
        match subject {
            Some(x) => {
                let v = self.eval(c)?;
                Ok(setl_eq(x, &v))
            }
            None => self.truth(c),
        }
    }

    /// `and`, `or` and `?`: the right operand runs only when needed.
    fn short_circuit(
        &mut self,
        op: BinOp,
        a: &Expr,
        b: &Expr,
        span: crate::diag::Span,
    ) -> Res<Value> {
        let x = self.eval(a)?;
        match ops::decided_by_left(op, &x).map_err(|f| fail_at(f, span))? {
            true => Ok(x),
            false => self.eval(b),
        }
    }

    /// A strict binary operator on evaluated operands (the general path).
    #[inline(never)]
    pub(super) fn binary_values(
        &mut self,
        op: BinOp,
        x: Value,
        y: Value,
        span: crate::diag::Span,
    ) -> Res<Value> {
        let op = if op == BinOp::Slash
            && self.lib.intslash
            && crate::value::num::is_int(&x)
            && crate::value::num::is_int(&y)
        {
            BinOp::Div
        } else {
            op
        };
        ops::binop(op, x, y).map_err(|f| fail_at(f, span))
    }

    /// The key of a selection: one argument, or a tuple of several.
    pub(super) fn key(&mut self, args: &[Expr]) -> Res<Value> {
        if args.len() == 1 {
            return self.eval(&args[0]);
        }
        let mut v = Vec::with_capacity(args.len());
        for a in args {
            v.push(self.eval(a)?);
        }
        Ok(Value::tuple(v))
    }

    /// Evaluates call arguments, spreading a final `(*)` tuple.
    pub(super) fn args(&mut self, args: &[Expr], spread: bool) -> Res<Vec<Value>> {
        let mut vals = self.new_args();
        for a in args {
            vals.push(self.eval(a)?);
        }
        if spread {
            spread_last(&mut vals, args)?;
        }
        Ok(vals)
    }

    /// The arguments of a `LateCall`: plain variables are read after the
    /// others are evaluated, so `print(x, x := 5)` prints `5 5` as in GNU
    /// SETL. `vals` holds the values, in argument order.
    fn late_args(&mut self, args: &[Expr], vals: &mut Vec<Value>) -> Res<()> {
        for a in args {
            let v = match a.kind {
                ExprKind::Var(..) => Value::Om,
                _ => self.eval(a)?,
            };
            vals.push(v);
        }
        let first = vals.len() - args.len();
        for (a, v) in args.iter().zip(&mut vals[first..]) {
            if let ExprKind::Var(_, slot) = a.kind {
                *v = self.load(slot);
            }
        }
        Ok(())
    }

    /// Calls user routine `id`, evaluating the arguments straight onto the
    /// value stack, then copies rw/wr parameters back to their arguments.
    #[inline]
    fn call_expr(
        &mut self,
        id: u32,
        args: &[Expr],
        spread: bool,
        span: crate::diag::Span,
    ) -> Res<Value> {
        self.call_with::<false>(id, args, spread, span)
    }

    /// `call_expr`, with the arguments read late when `LATE` (a constant,
    /// so the common path is compiled without the test).
    fn call_with<const LATE: bool>(
        &mut self,
        id: u32,
        args: &[Expr],
        spread: bool,
        span: crate::diag::Span,
    ) -> Res<Value> {
        if spread {
            return self.call_spread::<LATE>(id, args, span);
        }
        let base = self.stack.len();
        if let Err(e) = self.push_args::<LATE>(args, false) {
            self.stack.truncate(base);
            return Err(e);
        }
        self.call_pushed(id, args, base, span)
    }

    /// Calls routine `id` on the arguments (written `args`) already pushed
    /// at `stack[base..]`, and copies rw/wr parameters back.
    #[inline]
    pub(super) fn call_pushed(
        &mut self,
        id: u32,
        args: &[Expr],
        base: usize,
        span: crate::diag::Span,
    ) -> Res<Value> {
        let r = self.routine(id).clone();
        if !r.copies_back {
            let result = self.enter(&r, id, base, span, self.stack.len() - base);
            self.pop_frame(base);
            return result;
        }
        self.hand_over(id, args);
        let result = self.call_frame(id, base, span, self.stack.len() - base);
        if result.is_err() {
            self.stack.truncate(base);
            return result;
        }
        self.copy_back(id, base, args, false, result)
    }

    /// A call whose last argument is spread, `p(a, t(*))`, which a
    /// variadic routine may make: `nargs` counts the arguments as written,
    /// `t(*)` as one, and a `wr` variadic formal does not read the tuple.
    #[cold]
    #[inline(never)]
    fn call_spread<const LATE: bool>(
        &mut self,
        id: u32,
        args: &[Expr],
        span: crate::diag::Span,
    ) -> Res<Value> {
        let base = self.stack.len();
        let pushed = if self.routine(id).variadic_mode() == Some(Mode::Wr) {
            self.push_args::<LATE>(&args[..args.len().saturating_sub(1)], false)
        } else {
            self.push_args::<LATE>(args, true)
        };
        if let Err(e) = pushed {
            self.stack.truncate(base);
            return Err(e);
        }
        let result = self.call_frame(id, base, span, args.len());
        if result.is_err() || !self.routine(id).copies_back {
            self.stack.truncate(base);
            return result;
        }
        self.copy_back(id, base, args, true, result)
    }

    /// After a call of routine `id` that succeeded with `result` and left
    /// its parameters' final values at `stack[base..]`, copies the rw/wr
    /// ones back to their arguments.
    fn copy_back(
        &mut self,
        id: u32,
        base: usize,
        args: &[Expr],
        spread: bool,
        result: Res<Value>,
    ) -> Res<Value> {
        let r = self.routine(id).clone();
        let mut outs: Vec<Value> = self.stack.drain(base..).collect();
        let rest = r.params.len().saturating_sub(1);
        for i in super::out_params(&r) {
            if r.variadic && i == rest {
                // A variadic rw/wr formal gives its tuple back element by
                // element to the arguments it collected; a spread one
                // (`t(*)`, last) gets what is left.
                let items = match outs.get_mut(i).map(std::mem::take) {
                    Some(Value::Tuple(t)) => Rc::unwrap_or_clone(t).into_vec(),
                    _ => Vec::new(),
                };
                let mut items = items.into_iter();
                for (k, target) in args.iter().enumerate().skip(rest) {
                    let v = if spread && k + 1 == args.len() {
                        Value::tuple(items.by_ref().collect())
                    } else {
                        items.next().unwrap_or_default()
                    };
                    self.assign(target, v)?;
                }
            } else if let (Some(target), Some(v)) = (args.get(i), outs.get_mut(i)) {
                self.assign(target, std::mem::take(v))?;
            }
        }
        result
    }

    /// Clears the caller's local variables passed to `rw` parameters, so
    /// the routine holds the only reference to each value and can change
    /// it in place; the copy-back on return fills them again. A routine
    /// cannot see its caller's locals, so nothing observes the gap. A
    /// failed call would leave them om, so a session that goes on after
    /// errors (`resumable`) keeps the copies instead.
    fn hand_over(&mut self, id: u32, args: &[Expr]) {
        if self.resumable {
            return;
        }
        for (i, a) in args.iter().enumerate() {
            let rw = self.routine(id).params.get(i).map(|p| p.mode) == Some(Mode::Rw);
            if let (true, ExprKind::Var(_, slot @ Slot::Local(_))) = (rw, &a.kind) {
                *self.slot_mut(*slot) = Value::Om;
            }
        }
    }

    fn push_args<const LATE: bool>(&mut self, args: &[Expr], spread: bool) -> Res<()> {
        if LATE {
            let mut vals = self.new_args();
            self.late_args(args, &mut vals)?;
            self.stack.append(&mut vals);
            self.recycle_args(vals);
        } else {
            for a in args {
                let v = self.eval(a)?;
                self.stack.push(v);
            }
        }
        if spread {
            spread_last(&mut self.stack, args)?;
        }
        Ok(())
    }

    #[inline]
    fn call_builtin(
        &mut self,
        b: &'static builtins::Builtin,
        args: &[Expr],
        spread: bool,
        span: crate::diag::Span,
    ) -> Res<Value> {
        self.builtin_with::<false>(b, args, spread, span)
    }

    /// `call_builtin`, with the arguments read late when `LATE`.
    fn builtin_with<const LATE: bool>(
        &mut self,
        b: &'static builtins::Builtin,
        args: &[Expr],
        spread: bool,
        span: crate::diag::Span,
    ) -> Res<Value> {
        let vals = if LATE {
            let mut vals = self.new_args();
            self.late_args(args, &mut vals)?;
            if spread {
                spread_last(&mut vals, args)?;
            }
            vals
        } else {
            self.args(args, spread)?
        };
        self.builtin_on(b, vals, args, span)
    }

    /// Runs library routine `b` on the values `vals` of the arguments
    /// `args`, assigning back the ones it changes.
    pub(super) fn builtin_on(
        &mut self,
        b: &'static builtins::Builtin,
        mut vals: Vec<Value>,
        args: &[Expr],
        span: crate::diag::Span,
    ) -> Res<Value> {
        if vals.len() < b.min || vals.len() > b.max {
            let want = if b.min == b.max {
                b.min.to_string()
            } else if b.max == usize::MAX {
                format!("at least {}", b.min)
            } else {
                format!("{} to {}", b.min, b.max)
            };
            return Err(error_at(
                span,
                format!("{} takes {want} argument(s), not {}", b.name, vals.len()),
            ));
        }
        let result = (b.f)(self, &mut vals).map_err(|f| fail_at(f, span))?;
        let (from, to) = b.rw;
        for i in from..to.min(vals.len()).min(args.len()) {
            if args[i].is_assignable() {
                let v = std::mem::take(&mut vals[i]);
                self.assign(&args[i], v)?;
            }
        }
        self.recycle_args(vals);
        Ok(result)
    }

    fn reduce(
        &mut self,
        op: &OpRef,
        init: Option<&Expr>,
        body: &Expr,
        span: crate::diag::Span,
    ) -> Res<Value> {
        // An om start value is the same as none: `om +/ [1, 2]` is 3.
        let mut acc = match init {
            Some(e) => Some(self.eval(e)?).filter(|v| !v.is_om()),
            None => None,
        };
        let coll = self.eval(body)?;
        let items: Vec<Value> = match &coll {
            Value::Tuple(t) => t.iter().cloned().collect(),
            Value::Set(s) => s.iter().cloned().collect(),
            Value::Str(s) => s.iter().map(|c| Value::str([*c])).collect(),
            v => {
                return Err(fail_at(
                    Fail::new(format!("cannot reduce over {}", v.type_name()))
                        .note(format!("value: {}", ops::show(v))),
                    body.span,
                ))
            }
        };
        drop(coll);
        for x in items {
            acc = Some(match acc {
                None => x,
                Some(a) => self.apply_op(op, a, x, span)?,
            });
        }
        Ok(acc.unwrap_or(Value::Om))
    }

    /// Applies a binary operator (built-in or user) to two values.
    pub(super) fn apply_op(
        &mut self,
        op: &OpRef,
        a: Value,
        b: Value,
        span: crate::diag::Span,
    ) -> Res<Value> {
        match op {
            OpRef::Bin(o) => self.binary_values(*o, a, b, span),
            OpRef::User(_, id) => self.call_routine(id.unwrap_or(0), vec![a, b], span),
        }
    }

    pub(super) fn range_bounds(
        &mut self,
        a: &Expr,
        b: Option<&Expr>,
        c: &Expr,
    ) -> Res<(i64, i64, i64)> {
        let first = self.bound(a)?;
        let step = match b {
            Some(b) => self
                .bound(b)?
                .checked_sub(first)
                .ok_or_else(|| error_at(b.span, "range step out of range"))?,
            None => 1,
        };
        let last = self.bound(c)?;
        Ok((first, step, last))
    }

    fn bound(&mut self, e: &Expr) -> Res<i64> {
        match self.eval(e)? {
            Value::Int(i) => Ok(i),
            v => Err(fail_at(
                Fail::new(format!(
                    "a range bound must be an integer that fits a machine word, not {}",
                    v.type_name()
                ))
                .note(format!("value: {}", ops::show(&v))),
                e.span,
            )),
        }
    }
}

/// Replaces the last of `vals` (the arguments of `args`), a tuple, by its
/// elements: the `(*)` of a call.
fn spread_last(vals: &mut Vec<Value>, args: &[Expr]) -> Res<()> {
    match vals.pop() {
        Some(Value::Tuple(t)) => vals.extend(t.iter().cloned()),
        Some(Value::Om) | None => {}
        Some(v) => {
            let span = args.last().map(|a| a.span).unwrap_or_default();
            return Err(fail_at(
                Fail::new(format!("(*) needs a tuple, not {}", v.type_name())),
                span,
            ));
        }
    }
    Ok(())
}

#[cold]
pub(super) fn not_boolean(v: Value, span: crate::diag::Span) -> Ctrl {
    fail_at(
        Fail::new(format!(
            "a condition must be a boolean, not {}",
            v.type_name()
        ))
        .note(format!("value: {}", ops::show(&v))),
        span,
    )
}

/// The number of elements of first, first+step, … up to last.
pub(super) fn range_count(first: i64, step: i64, last: i64) -> u64 {
    if step == 0 {
        // GNU SETL: [1, 1..5] is empty.
        return 0;
    }
    let span = last as i128 - first as i128;
    if (span < 0 && step > 0) || (span > 0 && step < 0) {
        return 0;
    }
    (span / step as i128 + 1) as u64
}

/// The length of a range that is to be built, checked against the limit.
fn range_len(first: i64, step: i64, last: i64) -> Result<usize, Fail> {
    let n = range_count(first, step, last);
    if n > MAX_ELEMENTS as u64 {
        return Err(Fail::new(format!(
            "the range has {n} elements, more than the limit of {MAX_ELEMENTS}"
        )));
    }
    crate::memory::check(n as usize * std::mem::size_of::<Value>())?;
    Ok(n as usize)
}

/// A 1-based subscript.
pub(super) fn index(key: &Value) -> Result<usize, Fail> {
    match key {
        Value::Int(i) if *i >= 1 => {
            usize::try_from(*i).map_err(|_| Fail::new("subscript too large"))
        }
        Value::Int(i) => Err(Fail::new(format!(
            "subscript {i} is out of range 1..{}",
            i64::MAX
        ))),
        v => Err(Fail::new(format!(
            "a subscript must be a positive integer, not {}",
            v.type_name()
        ))
        .note(format!("subscript: {}", ops::show(v)))),
    }
}

/// `base(key)` for tuples, strings and maps.
pub(super) fn select(base: &Value, key: &Value, magic: bool) -> Result<Value, Fail> {
    match base {
        Value::Tuple(t) => Ok(t.get(index(key)? - 1).cloned().unwrap_or(Value::Om)),
        Value::Str(s) => {
            if let Value::Str(p) = key {
                return crate::builtins::pattern_select(s, p, magic);
            }
            let i = index(key)?;
            Ok(Value::str(s.get(i - 1..i).unwrap_or_default()))
        }
        Value::Set(_) if key.is_om() => Err(Fail::new("a map subscript cannot be om")),
        Value::Set(s) if !s.is_pair_set() => {
            Err(Fail::new("cannot select from a set that is not a map")
                .note(format!("value: {}", ops::show(base)))
                .note(format!("subscript: {}", ops::show(key))))
        }
        Value::Set(s) => Ok(s.image(key).cloned().unwrap_or(Value::Om)),
        v => Err(Fail::new(format!("cannot select from {}", v.type_name()))
            .note(format!("value: {}", ops::show(v)))
            .note(format!("subscript: {}", ops::show(key)))),
    }
}

/// `base(lo..hi)` for tuples and strings: forgiving at the top end.
pub(super) fn slice(
    base: &Value,
    lo: Option<&Value>,
    hi: Option<&Value>,
    magic: bool,
) -> Result<Value, Fail> {
    if let (Value::Str(s), true) = (base, is_pattern(lo) || is_pattern(hi)) {
        return Ok(match crate::builtins::pattern_span(s, lo, hi, magic)? {
            Some((from, to)) => Value::str(&s[from..to]),
            None => Value::Om,
        });
    }
    let len = match base {
        Value::Tuple(t) => t.len(),
        Value::Str(s) => s.len(),
        v => {
            return Err(Fail::new(format!("cannot slice {}", v.type_name()))
                .note(format!("value: {}", ops::show(v))))
        }
    };
    let (from, to) = slice_bounds(len, lo, hi)?;
    Ok(match base {
        Value::Tuple(t) => Value::Tuple(Rc::new(t.slice(from, to))),
        Value::Str(s) => Value::str(&s[from..to]),
        _ => Value::Om,
    })
}

/// Whether a slice bound is a pattern (a string).
pub(super) fn is_pattern(bound: Option<&Value>) -> bool {
    matches!(bound, Some(Value::Str(_)))
}

/// 0-based half-open bounds of a slice, clamped to the length.
pub(super) fn slice_bounds(
    len: usize,
    lo: Option<&Value>,
    hi: Option<&Value>,
) -> Result<(usize, usize), Fail> {
    let from = match lo {
        Some(v) => index(v)? - 1,
        None => 0,
    };
    let to = match hi {
        Some(Value::Int(j)) if *j < 0 => {
            return Err(Fail::new(format!("slice end {j} is out of range")))
        }
        Some(Value::Int(j)) => (*j as usize).min(len),
        Some(v) => {
            return Err(Fail::new(format!(
                "a slice bound must be an integer, not {}",
                v.type_name()
            )))
        }
        None => len,
    };
    let from = from.min(len);
    Ok((from, to.max(from)))
}
