//! Closure compilation: before a routine's body (or the main program)
//! first runs, its statements are turned into a tree of boxed closures,
//! one per node, each knowing its operator, slots and constants.
//!
//! Why closures, and not the tree walker alone or a register bytecode:
//!
//! - The tree walker decides the kind of every node, the shape of its
//!   operands and the operator each time the node runs: for
//!   `n := 3 * n + 1` that is half a dozen `match`es before any
//!   arithmetic. A closure decides all of that once, when it is built, so
//!   running it is one indirect call straight into code for that shape
//!   (a local plus a constant, a comparison of two small integers, an
//!   element store into a tuple variable).
//! - Lua 5.4 gets the same effect from its register bytecode (`lvm.c`:
//!   operands are register or constant indices decoded by the
//!   instruction, `OP_ADDI` for a small constant, `OP_FORLOOP` for a
//!   counted loop). A bytecode needs its own register allocator, jump
//!   patching and a second copy of every rule of the language; closures
//!   reuse the evaluator's Rust code for everything that is not hot, so
//!   the whole language runs through one set of semantics.
//! - Anything without its own closure here runs through the tree walker on
//!   its own (cloned) node: the fallback is the evaluator itself, so a
//!   form compiled here never behaves differently from the same form not
//!   compiled, and errors keep their positions and operand values.
//!
//! Values stay the 16-byte `Value` of the tree walker. Calls keep the one
//! value stack (`Interp::stack`): arguments are evaluated straight into
//! the callee's frame, and nothing is allocated per call. A routine is
//! compiled when first called (`Interp::enter`), so start-up pays nothing
//! for routines a run never calls; the main program is compiled when it
//! runs. Each node is compiled once, so compiling is linear in the tree.
//!
//! The pieces:
//! - here: bodies (a final `return e` is the body's value, not a
//!   `Ctrl::Return`), statement lists, statements, assignments, and
//!   in-place updates of a local (`t op:= e`, `t := t op e`);
//! - `expr`: expressions, each with its small-integer form when it has
//!   one; calls; conditions, and `if` on a comparison decided inline;
//! - `int`: small-integer code, and the `arith!`/`compare!` macros that
//!   instantiate code for each operator, as Lua has `OP_ADDI`/`OP_LTI`;
//! - `element`: `t(k)` of a variable, read and changed in place;
//! - `walk`: for-loops, formers and quantifiers over one domain, as
//!   `OP_FORLOOP` walks a numeric range.
//!
//! What it measured (callgrind instructions on the earlier bench sizes,
//! tree walker -> closures): fib(27) 425M -> 199M, collatz 769M -> 382M,
//! sieve 489M -> 204M, mapupd 352M -> 294M, queens 1615M -> 1168M. Where
//! the time goes now: in fib, the call itself (pushing the argument,
//! entering the frame, the result through each closure's return) is about
//! half; in mapupd, the B-tree searches with string comparisons. Wall
//! times also depend on code layout by as much as a third (bench/sieve ran
//! in 0.50 s or 0.74 s for code that differed only in where the compiler
//! put it), so a change is judged by instructions and by several runs.

mod element;
mod expr;
mod int;
mod walk;

use super::{Ctrl, Interp, Res};
use crate::syntax::ast::*;
use crate::value::{put, Value};
use element::Element;
use expr::{branch, compile, cond, constant, expr, ExprCode};
use int::arith;
use walk::Walk;

/// Compiled code giving a `T`.
type Code<T> = Box<dyn Fn(&mut Interp) -> Res<T>>;

/// A routine's or the main program's body, compiled.
pub(super) struct Compiled {
    /// The declarations' initialisations, then the statements.
    block: Code<()>,
    /// A final `return e`, run as the body's value rather than leaving
    /// through `Ctrl::Return`.
    tail: Option<Code<Value>>,
}

impl Compiled {
    pub(super) fn new(body: &Body) -> Compiled {
        let (stmts, tail) = match body.stmts.split_last() {
            Some((
                Stmt {
                    kind: StmtKind::Return(Some(e)),
                    ..
                },
                rest,
            )) => (rest, Some(expr(e))),
            _ => (&body.stmts[..], None),
        };
        let mut code: Vec<Code<()>> = body.decls.iter().map(decl).collect();
        code.push(block(stmts));
        Compiled {
            block: sequence(code),
            tail,
        }
    }

    /// Runs the body; its value is what its `return` gives (om without one).
    #[inline]
    pub(super) fn run(&self, it: &mut Interp) -> Res<Value> {
        match (self.block)(it) {
            Ok(()) => match &self.tail {
                Some(e) => e(it),
                None => Ok(Value::Om),
            },
            Err(Ctrl::Return) => Ok(std::mem::take(&mut it.carried)),
            Err(e) => Err(e),
        }
    }
}

/// A declaration's initialisation: its value, a constant's own name, or om.
fn decl(d: &Decl) -> Code<()> {
    let slot = d.slot;
    let v = match &d.init {
        Some(e) => expr(e),
        None if d.kind == DeclKind::Const => constant(Value::str(d.name.to_uppercase())),
        None => constant(Value::Om),
    };
    Box::new(move |it| {
        let x = v(it)?;
        it.store(slot, x);
        Ok(())
    })
}

/// A statement list. One holding labels stays with the tree walker, which
/// resumes at the label a `goto` names.
fn block(stmts: &[Stmt]) -> Code<()> {
    if stmts.iter().any(|s| matches!(s.kind, StmtKind::Label(..))) {
        let stmts = stmts.to_vec();
        return Box::new(move |it| it.exec_block(&stmts));
    }
    sequence(stmts.iter().map(stmt).collect())
}

/// Runs `code` in order; a list of one is that one, with no loop around it.
fn sequence(mut code: Vec<Code<()>>) -> Code<()> {
    if code.len() <= 1 {
        return code.pop().unwrap_or_else(|| Box::new(|_| Ok(())));
    }
    let code: Box<[Code<()>]> = code.into();
    Box::new(move |it| {
        for s in code.iter() {
            s(it)?;
        }
        Ok(())
    })
}

/// The tree walker, for a statement with no closure of its own.
fn tree(s: &Stmt) -> Code<()> {
    let s = s.clone();
    Box::new(move |it| it.exec(&s))
}

fn stmt(s: &Stmt) -> Code<()> {
    match &s.kind {
        StmtKind::Assign(t, v) => assign(t, v),
        StmtKind::Accum(OpRef::Bin(o), t, e) if !o.short_circuits() => accum(*o, t, e),
        StmtKind::Reassign(o, t, e, span) => {
            let (o, target, span) = (*o, t.clone(), *span);
            in_place(
                o,
                t,
                e,
                Box::new(move |it, rhs| it.reassign_with(o, &target, rhs, span)),
            )
        }
        StmtKind::Call(e) => {
            let e = expr(e);
            Box::new(move |it| e(it).map(drop))
        }
        StmtKind::If(arms, other) => if_stmt(arms, other.as_deref()),
        StmtKind::Loop(kind, body, _, id) => {
            let id = *id;
            let at = body.first().map(|s| s.span).unwrap_or_default();
            let body = block(body);
            match kind {
                LoopKind::While(c) => {
                    let c = cond(c);
                    Box::new(move |it| {
                        while c(it)? {
                            if !it.loop_round(id, at, &body)? {
                                break;
                            }
                        }
                        Ok(())
                    })
                }
                _ => {
                    if let Some(walk) = for_walk(kind) {
                        return walk.for_loop(id, body);
                    }
                    let kind = kind.clone();
                    Box::new(move |it| it.run_loop(&kind, id, at, &body))
                }
            }
        }
        StmtKind::Return(Some(e)) => match e.kind {
            // `return x`, common in base cases, copies the local directly.
            ExprKind::Var(_, Slot::Local(i)) => Box::new(move |it| {
                let v = it.stack[it.fp + i as usize].clone();
                put(&mut it.carried, v);
                Err(Ctrl::Return)
            }),
            _ => {
                let e = expr(e);
                Box::new(move |it| {
                    let v = e(it)?;
                    put(&mut it.carried, v);
                    Err(Ctrl::Return)
                })
            }
        },
        _ => tree(s),
    }
}

fn for_walk(kind: &LoopKind) -> Option<Walk> {
    match kind {
        LoopKind::For(its) => Walk::new(its),
        _ => None,
    }
}

/// `if`: one arm, with or without `else`, needs no loop over arms.
fn if_stmt(arms: &[(Expr, Vec<Stmt>)], other: Option<&[Stmt]>) -> Code<()> {
    let other = other.map(block);
    match (arms, other) {
        ([(c, then)], other) => branch(c, block(then), other),
        (arms, other) => {
            let arms: Box<[(Code<bool>, Code<()>)]> =
                arms.iter().map(|(c, b)| (cond(c), block(b))).collect();
            Box::new(move |it| {
                for (c, then) in arms.iter() {
                    if c(it)? {
                        return then(it);
                    }
                }
                match &other {
                    Some(other) => other(it),
                    None => Ok(()),
                }
            })
        }
    }
}

/// `t := e`: stores into a variable, or an element of a tuple variable
/// in place; any other target goes to the tree walker's `assign`.
fn assign(t: &Expr, e: &Expr) -> Code<()> {
    let ExprCode { value: v, int } = compile(e);
    match &t.kind {
        ExprKind::Var(_, Slot::Local(i)) => {
            let i = *i as usize;
            let general: Code<()> = Box::new(move |it| {
                let x = v(it)?;
                put(&mut it.stack[it.fp + i], x);
                Ok(())
            });
            match int {
                Some(pure) => Box::new(move |it| match pure.get(it) {
                    Some(n) => {
                        put(&mut it.stack[it.fp + i], Value::Int(n));
                        Ok(())
                    }
                    None => general(it),
                }),
                None => general,
            }
        }
        ExprKind::Var(_, Slot::Global(i)) => {
            let i = *i as usize;
            Box::new(move |it| {
                let x = v(it)?;
                it.globals[i] = x;
                Ok(())
            })
        }
        ExprKind::Apply(f, args, _) => match Element::new(f, args, t.span) {
            Some(element) => element.store(v),
            None => tree_assign(t, v),
        },
        _ => tree_assign(t, v),
    }
}

/// Assignment to any target, by the tree walker's `assign`.
fn tree_assign(t: &Expr, v: Code<Value>) -> Code<()> {
    let t = t.clone();
    Box::new(move |it| {
        let x = v(it)?;
        it.assign(&t, x)
    })
}

/// `t op:= e` for an operator that does not short-circuit. A local small
/// integer is updated where it lies, instantiated for the operator.
fn accum(o: BinOp, t: &Expr, e: &Expr) -> Code<()> {
    if let ExprKind::Apply(f, args, _) = &t.kind {
        if let Some(code) = Element::new(f, args, t.span).and_then(|el| el.accum(o, e)) {
            return code;
        }
    }
    let (op, target) = (OpRef::Bin(o), t.clone());
    in_place(
        o,
        t,
        e,
        Box::new(move |it, rhs| it.accum_with(&op, &target, rhs).map(drop)),
    )
}

/// What `in_place` falls back on, given the evaluated right side.
type Rest = Box<dyn Fn(&mut Interp, Value) -> Res<()>>;

/// `t op:= e` or `t := t op e`: with a local `t`, a small integer is
/// updated where it lies, instantiated for the operator; `rest` does
/// anything else once `e` is evaluated (first, as in the general forms).
fn in_place(o: BinOp, t: &Expr, e: &Expr, rest: Rest) -> Code<()> {
    let ExprCode {
        value: e,
        int: pure,
    } = compile(e);
    let ExprKind::Var(_, Slot::Local(i)) = t.kind else {
        return evaluated(e, rest);
    };
    let i = i as usize;
    arith!(o, f => Box::new(move |it: &mut Interp| {
        // A small-integer right side is not made a `Value` unless needed.
        let j = match pure.as_ref().and_then(|p| p.get(it)) {
            Some(j) => j,
            None => match e(it)? {
                Value::Int(j) => j,
                rhs => return rest(it, rhs),
            },
        };
        if let Value::Int(x) = &mut it.stack[it.fp + i] {
            if let Some(y) = f(*x, j) {
                *x = y;
                return Ok(());
            }
        }
        rest(it, Value::Int(j))
    }), _ => evaluated(e, rest))
}

/// Evaluates `e`, then hands its value to `rest`.
fn evaluated(e: Code<Value>, rest: Rest) -> Code<()> {
    Box::new(move |it| {
        let rhs = e(it)?;
        rest(it, rhs)
    })
}

/// Binds variable `slot` to `x` (see `put`).
#[inline(always)]
fn bind(it: &mut Interp, slot: Slot, x: Value) {
    match slot {
        Slot::Local(i) => put(&mut it.stack[it.fp + i as usize], x),
        Slot::Global(i) => put(&mut it.globals[i as usize], x),
        Slot::Unresolved => {}
    }
}
