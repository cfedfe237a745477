//! Assignment to targets: variables, components (`t(i)`, `f(x)`, `f{x}`,
//! `t(i..j)`, `r.fld`, nested), tuple patterns and compound `op:=`.
//!
//! A component update walks down from the variable with `&mut` access and
//! `Rc::make_mut`, so updating one element of an unshared aggregate is done
//! in place, never by copying the whole value.

use super::expr::{index, is_pattern, slice_bounds};
use super::{error_at, fail_at, Ctrl, Interp, Res};
use crate::diag::Span;
use crate::ops::{self, Fail};
use crate::syntax::ast::*;
use crate::value::Value;
use std::rc::Rc;

/// A change to apply to the value found at a target.
pub(super) type Update<'a> = dyn FnMut(&mut Value) -> Result<(), Fail> + 'a;

impl Interp {
    /// Assigns to a variable here (the common case, kept small enough to
    /// inline) and to anything else in `assign_rest`.
    #[inline]
    pub(super) fn assign(&mut self, t: &Expr, v: Value) -> Res<()> {
        if let ExprKind::Var(_, slot) = &t.kind {
            *self.slot_mut(*slot) = v;
            return Ok(());
        }
        self.assign_rest(t, v)
    }

    #[inline(never)]
    fn assign_rest(&mut self, t: &Expr, v: Value) -> Res<()> {
        match &t.kind {
            ExprKind::Var(_, slot) => {
                *self.slot_mut(*slot) = v;
                Ok(())
            }
            ExprKind::Hole => Ok(()),
            ExprKind::Tuple(items) if v.is_om() => {
                for item in items {
                    self.assign(item, Value::Om)?;
                }
                Ok(())
            }
            ExprKind::Tuple(items) => {
                let Value::Tuple(tv) = v else {
                    return Err(fail_at(
                        Fail::new(format!(
                            "cannot assign {} to a tuple pattern",
                            v.type_name()
                        ))
                        .note(format!("value: {}", ops::show(&v))),
                        t.span,
                    ));
                };
                for (i, item) in items.iter().enumerate() {
                    self.assign(item, tv.get(i).cloned().unwrap_or_default())?;
                }
                Ok(())
            }
            ExprKind::Sysval(name) => {
                crate::builtins::set_sysvar(self, name, v).map_err(|f| fail_at(f, t.span))
            }
            ExprKind::Image(base, args) => {
                let key = self.key(args)?;
                let Value::Set(ys) = v else {
                    return Err(fail_at(
                        Fail::new(format!("f{{x}} := needs a set, not {}", v.type_name())),
                        t.span,
                    ));
                };
                self.update(base, &mut |b| match b {
                    Value::Set(_) if key.is_om() => Err(Fail::new("a map subscript cannot be om")),
                    Value::Set(s) if !s.is_pair_set() => Err(not_a_map(s, "f{x} :=")),
                    Value::Set(s) => {
                        Rc::make_mut(s).set_images(key.clone(), &ys);
                        Ok(())
                    }
                    other => Err(not_container(other, "f{x} :=")),
                })
            }
            ExprKind::Slice(base, lo, hi) => {
                let lo = match lo {
                    Some(x) => Some(self.eval(x)?),
                    None => None,
                };
                let hi = match hi {
                    Some(x) => Some(self.eval(x)?),
                    None => None,
                };
                let mut v = Some(v);
                let magic = self.lib.magic;
                self.update(base, &mut |b| {
                    splice(
                        b,
                        lo.as_ref(),
                        hi.as_ref(),
                        v.take().unwrap_or_default(),
                        magic,
                    )
                })
            }
            ExprKind::Apply(..) => {
                let mut v = Some(v);
                self.update(t, &mut |slot| {
                    *slot = v.take().unwrap_or_default();
                    Ok(())
                })
            }
            _ => Err(error_at(t.span, "cannot assign to this")),
        }
    }

    /// Applies `f` to the value a target designates, creating components
    /// of tuples and maps as needed.
    pub(super) fn update(&mut self, t: &Expr, f: &mut Update) -> Res<()> {
        match &t.kind {
            ExprKind::Var(_, slot) => {
                let span = t.span;
                f(self.slot_mut(*slot)).map_err(|e| fail_at(e, span))
            }
            ExprKind::Apply(base, args, _) => {
                let key = self.key(args)?;
                self.update_component(base, &key, f)
            }
            _ => {
                // Any other target: read, change, write back.
                let mut v = self.eval(t)?;
                f(&mut v).map_err(|e| fail_at(e, t.span))?;
                self.assign(t, v)
            }
        }
    }

    /// `base(key) := x`, once `x` and `key` are evaluated.
    pub(super) fn assign_component(&mut self, base: &Expr, key: Value, x: Value) -> Res<()> {
        let mut x = Some(x);
        self.update_component(base, &key, &mut |c| {
            *c = x.take().unwrap_or_default();
            Ok(())
        })
    }

    /// Applies `f` to component `key` of the value `base` designates.
    pub(super) fn update_component(&mut self, base: &Expr, key: &Value, f: &mut Update) -> Res<()> {
        let magic = self.lib.magic;
        self.update(base, &mut |b| with_component(b, key, f, magic))
    }

    /// `t := t op e` marked by `crate::inplace`: `e` first, then `t`
    /// changed where it lies, so an unshared aggregate is not copied.
    pub(super) fn reassign(&mut self, o: BinOp, t: &Expr, e: &Expr, span: Span) -> Res<()> {
        let rhs = self.eval(e)?;
        self.reassign_with(o, t, rhs, span)
    }

    /// `reassign` once `e` has given `rhs`.
    pub(super) fn reassign_with(&mut self, o: BinOp, t: &Expr, rhs: Value, span: Span) -> Res<()> {
        if let (ExprKind::Var(_, slot), Value::Int(j)) = (&t.kind, &rhs) {
            if let Value::Int(i) = self.peek_ref(*slot) {
                if let Some(x) = ops::small_int_op(o, *i, *j) {
                    *self.slot_mut(*slot) = x;
                    return Ok(());
                }
            }
        }
        let mut rhs = Some(rhs);
        let mut op_failed = false;
        let r = self.update(t, &mut |x| {
            let r = ops::update_with(o, x, rhs.take().unwrap_or_default());
            op_failed = r.is_err();
            r
        });
        match r {
            // Point at the operator, as an error of `t op e` does.
            Err(Ctrl::Error(mut d)) if op_failed => {
                d.span = Some(span);
                Err(Ctrl::Error(d))
            }
            r => r,
        }
    }

    /// `target op:= e`; returns the new value.
    pub(super) fn accum(&mut self, op: &OpRef, t: &Expr, e: &Expr) -> Res<Value> {
        if let OpRef::Bin(o @ (BinOp::Query | BinOp::And | BinOp::Or)) = op {
            // These short-circuit: the right side runs only when needed.
            let old = self.eval(t)?;
            if ops::decided_by_left(*o, &old).map_err(|f| fail_at(f, t.span))? {
                return Ok(old);
            }
            let new = self.eval(e)?;
            self.assign(t, new.clone())?;
            return Ok(new);
        }
        let rhs = self.eval(e)?;
        self.accum_with(op, t, rhs)
    }

    /// `accum` for an operator that does not short-circuit, once `e` has
    /// given `rhs`.
    pub(super) fn accum_with(&mut self, op: &OpRef, t: &Expr, rhs: Value) -> Res<Value> {
        if let (OpRef::Bin(o), ExprKind::Var(_, slot), Value::Int(j)) = (op, &t.kind, &rhs) {
            // Counters and sums: small integers updated in place.
            if let Value::Int(i) = self.peek_ref(*slot) {
                if let Some(v) = ops::small_int_op(*o, *i, *j) {
                    *self.slot_mut(*slot) = v.clone();
                    return Ok(v);
                }
            }
        }
        match (op, &t.kind) {
            (OpRef::Bin(o), ExprKind::Var(..) | ExprKind::Apply(..))
                if !(*o == BinOp::Slash && self.lib.intslash) =>
            {
                let o = *o;
                self.accum_where(o, rhs, |me, f| me.update(t, f))
            }
            _ => {
                let mut old = self.eval(t)?;
                if let OpRef::Bin(o) = op {
                    if old.is_om() {
                        old = ops::identity_for(*o, &rhs);
                    }
                    ops::check_accum(*o, &old, &rhs).map_err(|f| fail_at(f, t.span))?;
                }
                let new = self.apply_op(op, old, rhs, t.span)?;
                self.assign(t, new.clone())?;
                Ok(new)
            }
        }
    }
}

impl Interp {
    /// `base(key) op:= rhs` for a variable `base`, once `rhs` and `key`
    /// are evaluated (the order of `accum`), for an operator other than a
    /// `/` that intslash makes `div`.
    pub(super) fn accum_component(
        &mut self,
        o: BinOp,
        base: &Expr,
        key: &Value,
        rhs: Value,
    ) -> Res<()> {
        self.accum_where(o, rhs, |me, f| me.update_component(base, key, f))
            .map(drop)
    }

    /// Applies `op:= rhs` to the value that `at` hands its change to (an
    /// om value starts from the operator's identity); gives the new value.
    fn accum_where(
        &mut self,
        o: BinOp,
        rhs: Value,
        at: impl FnOnce(&mut Interp, &mut Update) -> Res<()>,
    ) -> Res<Value> {
        let mut rhs = Some(rhs);
        let mut result = Value::Om;
        at(self, &mut |slot| {
            let r = rhs.take().unwrap_or_default();
            if slot.is_om() {
                let start = ops::identity_for(o, &r);
                ops::check_accum(o, &start, &r)?;
                *slot = ops::binop(o, start, r)?;
            } else {
                ops::check_accum(o, slot, &r)?;
                ops::update_with(o, slot, r)?;
            }
            result = slot.clone();
            Ok(())
        })?;
        Ok(result)
    }
}

fn not_container(v: &Value, what: &str) -> Fail {
    if v.is_om() {
        return Fail::new(format!(
            "{what}: the variable is om; give it a value such as [] or {{}} first"
        ));
    }
    Fail::new(format!(
        "{what}: cannot change a component of {}",
        v.type_name()
    ))
    .note(format!("value: {}", ops::show(v)))
}

/// Applies `f` to component `key` of a tuple, map or string.
fn with_component(b: &mut Value, key: &Value, f: &mut Update, magic: bool) -> Result<(), Fail> {
    match b {
        Value::Tuple(t) => {
            let i = index(key)?;
            if i > crate::limits::MAX_ELEMENTS {
                return Err(Fail::new(format!("subscript {i} is too large")));
            }
            Rc::make_mut(t).update(i - 1, f)
        }
        Value::Set(_) if key.is_om() => Err(Fail::new("a map subscript cannot be om")),
        Value::Set(s) if !s.is_pair_set() => Err(not_a_map(s, "f(x) :=")),
        Value::Set(s) => Rc::make_mut(s).update_image(key, |cur| f(cur)),
        Value::Str(s) if matches!(key, Value::Str(_)) => {
            let Value::Str(p) = key else { return Ok(()) };
            let Some((from, to)) = crate::builtins::pattern_match(s, p, magic)? else {
                return Ok(());
            };
            let mut cur = Value::str(&s[from..to]);
            f(&mut cur)?;
            let Value::Str(new) = cur else {
                return Err(Fail::new(format!(
                    "s(p) := needs a string, not {}",
                    cur.type_name()
                )));
            };
            let rep = crate::builtins::expand_selected(&new, &s[from..to]);
            string_splice(s.make_mut(), from, to, &rep)
        }
        Value::Str(s) => {
            let i = index(key)?;
            let mut cur = Value::str(s.get(i - 1..i).unwrap_or_default());
            f(&mut cur)?;
            let Value::Str(rep) = cur else {
                return Err(Fail::new(format!(
                    "s(i) := needs a string, not {}",
                    cur.type_name()
                )));
            };
            let s = s.make_mut();
            string_splice(s, i - 1, i, &rep)
        }
        other => Err(not_container(other, "component assignment")),
    }
}

/// Replaces bytes `from..to` of `s`, padding with blanks past the end.
fn string_splice(s: &mut Vec<u8>, from: usize, to: usize, rep: &[u8]) -> Result<(), Fail> {
    if from > crate::limits::MAX_ELEMENTS {
        return Err(Fail::new("string subscript is too large"));
    }
    if s.len() < from {
        s.resize(from, b' ');
    }
    let to = to.min(s.len()).max(from);
    s.splice(from..to, rep.iter().copied());
    Ok(())
}

/// `t(lo..hi) := v` for tuples and strings.
fn splice(
    b: &mut Value,
    lo: Option<&Value>,
    hi: Option<&Value>,
    v: Value,
    magic: bool,
) -> Result<(), Fail> {
    match (b, v) {
        (Value::Tuple(t), Value::Tuple(rep)) => {
            let from = match lo {
                Some(x) => index(x)? - 1,
                None => 0,
            };
            let (_, to) = slice_bounds(t.len().max(from), lo, hi)?;
            Rc::make_mut(t).splice(from, to, &rep);
            Ok(())
        }
        (Value::Str(s), Value::Str(new)) if is_pattern(lo) || is_pattern(hi) => {
            let Some((from, to)) = crate::builtins::pattern_span(s, lo, hi, magic)? else {
                return Ok(());
            };
            let rep = crate::builtins::expand_selected(&new, &s[from..to]);
            string_splice(s.make_mut(), from, to, &rep)
        }
        (Value::Str(s), Value::Str(rep)) => {
            let from = match lo {
                Some(x) => index(x)? - 1,
                None => 0,
            };
            let (_, to) = slice_bounds(s.len().max(from), lo, hi)?;
            string_splice(s.make_mut(), from, to, &rep)
        }
        (Value::Set(_), v) | (Value::Om, v) | (Value::Tuple(_), v) | (Value::Str(_), v) => {
            Err(Fail::new(format!(
                "slice assignment needs a tuple or string on both sides, not {}",
                v.type_name()
            )))
        }
        (other, _) => Err(not_container(other, "slice assignment")),
    }
}

/// `f(x) :=` or `f{x} :=` on a set with an element that is not a pair.
fn not_a_map(s: &crate::value::SetV, what: &str) -> Fail {
    Fail::new(format!("{what} needs a map, and this set is not one")).note(format!(
        "value: {}",
        ops::show(&Value::Set(Rc::new(s.clone())))
    ))
}
