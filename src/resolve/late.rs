//! Where GNU SETL's late reading of call arguments shows.
//!
//! GNU SETL reads a plain variable passed as an argument only once all
//! the arguments are evaluated, so `print(x, x := 5)` prints `5 5`. That
//! differs from reading left to right only when an argument after the
//! variable may change it, which is rare: such calls are wrapped in
//! `ExprKind::LateCall`, and every other call keeps the plain path.

use crate::syntax::ast::*;

/// Wraps a resolved `Call` or `Builtin` in `LateCall` if it needs it.
pub(super) fn mark(e: &mut Expr) {
    let args = match &e.kind {
        ExprKind::Call(_, args, _) | ExprKind::Builtin(_, args, _) => args,
        _ => return,
    };
    let first_var = args
        .iter()
        .position(|a| matches!(a.kind, ExprKind::Var(..)));
    let needed = first_var.is_some_and(|i| args[i + 1..].iter().any(may_write));
    if needed {
        let call = std::mem::replace(
            e,
            Expr {
                kind: ExprKind::Hole,
                span: e.span,
            },
        );
        e.kind = ExprKind::LateCall(Box::new(call));
    }
}

/// Whether evaluating `e` may assign a variable: an assignment, a call
/// (which may change globals or rw arguments), a built-in with rw
/// arguments, or a former or quantifier (which bind their variables).
fn may_write(e: &Expr) -> bool {
    let any = |es: &[Expr]| es.iter().any(may_write);
    match &e.kind {
        ExprKind::Lit(_)
        | ExprKind::Var(..)
        | ExprKind::Sysval(_)
        | ExprKind::Hole
        | ExprKind::RoutineRef(..) => false,
        ExprKind::Neg(a) | ExprKind::Pos(a) | ExprKind::Not(a) => may_write(a),
        ExprKind::Binary(_, a, b) => may_write(a) || may_write(b),
        ExprKind::Builtin(b, args, _) => b.rw.0 < b.rw.1 || any(args),
        ExprKind::Apply(f, args, _) | ExprKind::Image(f, args) => may_write(f) || any(args),
        ExprKind::Slice(f, lo, hi) => {
            may_write(f)
                || lo.as_deref().is_some_and(may_write)
                || hi.as_deref().is_some_and(may_write)
        }
        ExprKind::Tuple(items) | ExprKind::Set(items) => any(items),
        ExprKind::Range(_, a, b, c) => {
            may_write(a) || b.as_deref().is_some_and(may_write) || may_write(c)
        }
        ExprKind::If(arms, other) => {
            arms.iter().any(|(c, v)| may_write(c) || may_write(v)) || may_write(other)
        }
        _ => true,
    }
}
