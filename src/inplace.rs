//! Which whole-value reassignments may change their target where it lies.
//!
//! SETL has value semantics, so `t := t + [x]` means "build a new tuple
//! and store it in t". Built literally that copies t on every step, and a
//! loop of such steps is quadratic. When nothing can observe the old value
//! after the step, the new value can instead be made by changing the old
//! one in place. That holds for `T := T op e` when `T` is a variable or a
//! chain of selections `v(k1)(k2)…` whose keys are variables or literals,
//! and `e` cannot see `T`: it names neither `v` nor a key variable, and,
//! when one of them is a global, it calls no user routine (a routine may
//! read globals) and holds no statement block. Then evaluating `e` first
//! and updating `T` afterwards (`crate::interp` does it) gives the result
//! GNU SETL's left-to-right order gives, and an error in `e` leaves `T`
//! untouched.

use crate::syntax::ast::*;

/// The operators whose results are built from their left operand, so
/// that reusing it saves a copy. `/` is left out: with `intslash` it is
/// integer division, decided at run time.
fn reusable(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Mod | BinOp::With | BinOp::Less
    )
}

/// Turns `Assign(T, T op e)` into `Reassign` when that is safe.
pub fn mark(kind: &mut StmtKind) {
    let StmtKind::Assign(target, value) = kind else {
        return;
    };
    let ExprKind::Binary(op, left, right) = &value.kind else {
        return;
    };
    if !reusable(*op) || !same_place(target, left) {
        return;
    }
    let mut slots = Vec::new();
    place_slots(target, &mut slots);
    let touches_global = slots.iter().any(|s| matches!(s, Slot::Global(_)));
    if sees(right, &slots, touches_global) {
        return;
    }
    let op = *op;
    let StmtKind::Assign(target, value) = std::mem::replace(kind, StmtKind::Pass) else {
        return;
    };
    let ExprKind::Binary(_, _, right) = value.kind else {
        return;
    };
    *kind = StmtKind::Reassign(op, target, *right, value.span);
}

/// Whether two expressions name the same place: one variable, or the
/// same selections from it with the same variable or literal keys.
fn same_place(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Var(_, x), ExprKind::Var(_, y)) => x == y && *x != Slot::Unresolved,
        (ExprKind::Apply(f, ks, false), ExprKind::Apply(g, ls, false)) => {
            same_place(f, g) && ks.len() == 1 && ls.len() == 1 && same_key(&ks[0], &ls[0])
        }
        _ => false,
    }
}

fn same_key(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Var(_, x), ExprKind::Var(_, y)) => x == y,
        (ExprKind::Lit(x), ExprKind::Lit(y)) => crate::value::order::setl_eq(x, y),
        _ => false,
    }
}

/// The variables a place is made of: its base and its key variables.
fn place_slots(e: &Expr, out: &mut Vec<Slot>) {
    match &e.kind {
        ExprKind::Var(_, s) => out.push(*s),
        ExprKind::Apply(f, ks, _) => {
            place_slots(f, out);
            for k in ks {
                if let ExprKind::Var(_, s) = &k.kind {
                    out.push(*s);
                }
            }
        }
        _ => {}
    }
}

/// Whether evaluating `e` might read or change one of `slots`: it names
/// one, or (when `calls_matter`) it may run code that reads globals.
fn sees(e: &Expr, slots: &[Slot], calls_matter: bool) -> bool {
    let mut found = false;
    visit(e, &mut |x| {
        found |= match &x.kind {
            ExprKind::Var(_, s) => slots.contains(s),
            // Statements inside an expression may assign anything.
            ExprKind::Block(_) | ExprKind::ClauseFormer(..) => true,
            ExprKind::Call(..)
            | ExprKind::CallIndirect(..)
            | ExprKind::UserUnary(..)
            | ExprKind::UserBinary(..)
            | ExprKind::Reduce(OpRef::User(..), ..)
            | ExprKind::AccumAssign(OpRef::User(..), ..) => calls_matter,
            _ => false,
        };
        !found
    });
    found
}

/// Calls `f` on `e` and every expression inside it while `f` returns true.
fn visit(e: &Expr, f: &mut dyn FnMut(&Expr) -> bool) {
    if !f(e) {
        return;
    }
    let all = |es: &[Expr], f: &mut dyn FnMut(&Expr) -> bool| es.iter().for_each(|x| visit(x, f));
    match &e.kind {
        ExprKind::Lit(_)
        | ExprKind::Var(..)
        | ExprKind::Sysval(_)
        | ExprKind::Hole
        | ExprKind::RoutineRef(..)
        | ExprKind::Block(_)
        | ExprKind::ClauseFormer(..) => {}
        ExprKind::Neg(a)
        | ExprKind::Pos(a)
        | ExprKind::Not(a)
        | ExprKind::Unary(_, a)
        | ExprKind::UserUnary(_, _, a)
        | ExprKind::LateCall(a) => visit(a, f),
        ExprKind::Binary(_, a, b)
        | ExprKind::Field(a, b)
        | ExprKind::UserBinary(_, _, a, b)
        | ExprKind::Assign(a, b)
        | ExprKind::AccumAssign(_, a, b) => {
            visit(a, f);
            visit(b, f);
        }
        ExprKind::Reduce(_, init, body) => {
            if let Some(i) = init {
                visit(i, f);
            }
            visit(body, f);
        }
        ExprKind::Apply(g, args, _)
        | ExprKind::Image(g, args)
        | ExprKind::CallIndirect(g, args, _) => {
            visit(g, f);
            all(args, f);
        }
        ExprKind::Slice(g, lo, hi) => {
            visit(g, f);
            lo.iter().chain(hi.iter()).for_each(|x| visit(x, f));
        }
        ExprKind::Call(_, args, _)
        | ExprKind::SysCall(_, args, _)
        | ExprKind::Builtin(_, args, _)
        | ExprKind::Tuple(args)
        | ExprKind::Set(args) => all(args, f),
        ExprKind::Range(_, a, b, c) => {
            visit(a, f);
            if let Some(b) = b {
                visit(b, f);
            }
            visit(c, f);
        }
        ExprKind::Former(_, elem, iters) => {
            visit_iters(iters, f);
            visit(elem, f);
        }
        ExprKind::Quantifier(_, iters) => visit_iters(iters, f),
        ExprKind::If(arms, other) => {
            for (c, v) in arms {
                visit(c, f);
                visit(v, f);
            }
            visit(other, f);
        }
        ExprKind::Case(subject, arms, other) => {
            if let Some(s) = subject {
                visit(s, f);
            }
            for (vals, v) in arms {
                all(vals, f);
                visit(v, f);
            }
            visit(other, f);
        }
    }
}

fn visit_iters(it: &Iters, f: &mut dyn FnMut(&Expr) -> bool) {
    for i in &it.iters {
        match i {
            Iter::In(t, d) => {
                visit(t, f);
                visit(d, f);
            }
            Iter::Map(t, m, xs, _) => {
                visit(t, f);
                visit(m, f);
                xs.iter().for_each(|x| visit(x, f));
            }
        }
    }
    if let Some(c) = &it.cond {
        visit(c, f);
    }
}

#[cfg(test)]
mod tests {
    use crate::resolve::Resolver;
    use crate::syntax::ast::StmtKind;

    /// Which of the program's main statements became reassignments.
    fn marked(src: &str) -> Vec<bool> {
        let prog = crate::syntax::parse_program(src, 0).expect("parses");
        let unit = Resolver::new().add(prog, false).expect("resolves");
        unit.main
            .stmts
            .iter()
            .map(|s| matches!(s.kind, StmtKind::Reassign(..)))
            .collect()
    }

    #[test]
    fn the_target_op_e_forms_are_marked() {
        let src = "t := t + [1]; s := s with x; s := s less x; f := f with [k, v]; \
                   t(i) := t(i) + [x]; f('a')(2) := f('a')(2) with 3;";
        assert_eq!(marked(src), [true; 6]);
    }

    #[test]
    fn anything_that_can_see_the_old_value_is_not() {
        let src = "t := t + t; t := t + [#t]; t(i) := t(i) + [i]; t(i) := t(j) + [1]; \
                   t := u + [1]; t := t / 2; t := [1] + t; t(i + 1) := t(i + 1) + [1]; \
                   t := t + [p()]; \
                   proc p; return 1; end proc;";
        assert_eq!(
            marked(src),
            [false, false, false, false, false, false, false, false, true]
        );
    }

    #[test]
    fn with_a_global_target_calls_are_not_trusted() {
        let src = "var g; g := g + [1]; g := g + [p()]; g := g + [abs 1]; \
                   proc p; return g; end proc;";
        assert_eq!(marked(src), [true, false, true]);
    }
}
