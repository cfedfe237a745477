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
//! the callee's frame, and nothing is allocated per call.

use super::{Ctrl, Interp, Res};
use crate::diag::Span;
use crate::ops;
use crate::syntax::ast::*;
use crate::value::Value;

/// Compiled code giving a `T`.
type Code<T> = Box<dyn Fn(&mut Interp) -> Res<T>>;

/// A compiled statement list.
pub(super) enum Block {
    Compiled(Box<[Code<()>]>),
    /// A list holding labels stays with the tree walker, which resumes at
    /// the label a `goto` names.
    Tree(Vec<Stmt>),
}

impl Block {
    pub(super) fn new(stmts: &[Stmt]) -> Block {
        if stmts.iter().any(|s| matches!(s.kind, StmtKind::Label(..))) {
            return Block::Tree(stmts.to_vec());
        }
        Block::Compiled(stmts.iter().map(stmt).collect())
    }

    #[inline]
    pub(super) fn run(&self, it: &mut Interp) -> Res<()> {
        match self {
            Block::Compiled(code) => {
                for s in code.iter() {
                    s(it)?;
                }
                Ok(())
            }
            Block::Tree(stmts) => it.exec_block(stmts),
        }
    }
}

/// The tree walker, for a statement with no closure of its own.
fn tree_stmt(s: &Stmt) -> Code<()> {
    let s = s.clone();
    Box::new(move |it| it.exec(&s))
}

fn stmt(s: &Stmt) -> Code<()> {
    match &s.kind {
        StmtKind::Assign(t, v) => assign(t, expr(v)),
        StmtKind::Accum(OpRef::Bin(o), t, e) if !o.short_circuits() => accum(*o, t, expr(e)),
        StmtKind::Reassign(o, t, e, span) => {
            let (o, t, e, span) = (*o, t.clone(), expr(e), *span);
            Box::new(move |it| {
                let rhs = e(it)?;
                it.reassign_with(o, &t, rhs, span)
            })
        }
        StmtKind::Call(e) => {
            let e = expr(e);
            Box::new(move |it| e(it).map(drop))
        }
        StmtKind::If(arms, other) => {
            let arms: Box<[(Code<bool>, Block)]> =
                arms.iter().map(|(c, b)| (cond(c), Block::new(b))).collect();
            let other = other.as_deref().map(Block::new);
            Box::new(move |it| {
                for (c, body) in arms.iter() {
                    if c(it)? {
                        return body.run(it);
                    }
                }
                match &other {
                    Some(body) => body.run(it),
                    None => Ok(()),
                }
            })
        }
        StmtKind::Loop(kind, body, _, id) => {
            let id = *id;
            let at = body.first().map(|s| s.span).unwrap_or_default();
            let body = Block::new(body);
            match kind {
                LoopKind::While(c) => {
                    let c = cond(c);
                    Box::new(move |it| {
                        while c(it)? {
                            if !it.loop_round(id, at, |me| body.run(me))? {
                                break;
                            }
                        }
                        Ok(())
                    })
                }
                _ => {
                    let kind = kind.clone();
                    Box::new(move |it| it.run_loop(&kind, id, at, &|me| body.run(me)))
                }
            }
        }
        StmtKind::Return(Some(e)) => {
            let e = expr(e);
            Box::new(move |it| {
                it.carried = e(it)?;
                Err(Ctrl::Return)
            })
        }
        _ => tree_stmt(s),
    }
}

/// `t := v`: stores into a variable, or an element of a tuple variable
/// in place; any other target goes to the tree walker's `assign`.
fn assign(t: &Expr, v: Code<Value>) -> Code<()> {
    match &t.kind {
        ExprKind::Var(_, Slot::Local(i)) => {
            let i = *i as usize;
            Box::new(move |it| {
                let x = v(it)?;
                let fp = it.fp;
                it.stack[fp + i] = x;
                Ok(())
            })
        }
        ExprKind::Var(_, Slot::Global(i)) => {
            let i = *i as usize;
            Box::new(move |it| {
                let x = v(it)?;
                it.globals[i] = x;
                Ok(())
            })
        }
        ExprKind::Apply(base, args, _) if args.len() == 1 && is_variable(base) => {
            let (base, key) = ((**base).clone(), expr(&args[0]));
            Box::new(move |it| {
                let x = v(it)?;
                let k = key(it)?;
                it.assign_component(&base, k, x)
            })
        }
        _ => {
            let t = t.clone();
            Box::new(move |it| {
                let x = v(it)?;
                it.assign(&t, x)
            })
        }
    }
}

fn is_variable(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Var(_, Slot::Local(_) | Slot::Global(_)))
}

/// `t op:= e` for an operator that does not short-circuit; a small-integer
/// local is updated where it lies.
fn accum(o: BinOp, t: &Expr, e: Code<Value>) -> Code<()> {
    let op = OpRef::Bin(o);
    let t = t.clone();
    match t.kind {
        ExprKind::Var(_, Slot::Local(i)) => {
            let i = i as usize;
            Box::new(move |it| {
                let rhs = e(it)?;
                if let (Value::Int(j), Value::Int(x)) = (&rhs, &mut it.stack[it.fp + i]) {
                    if let Some(y) = ops::small_int_arith(o, *x, *j) {
                        *x = y;
                        return Ok(());
                    }
                }
                it.accum_with(&op, &t, rhs).map(drop)
            })
        }
        _ => Box::new(move |it| {
            let rhs = e(it)?;
            it.accum_with(&op, &t, rhs).map(drop)
        }),
    }
}

/// The tree walker, for an expression with no closure of its own.
fn tree_expr(e: &Expr) -> Code<Value> {
    let e = e.clone();
    Box::new(move |it| it.eval(&e))
}

fn expr(e: &Expr) -> Code<Value> {
    let span = e.span;
    match &e.kind {
        ExprKind::Lit(v) => {
            let v = v.clone();
            Box::new(move |_| Ok(v.clone()))
        }
        ExprKind::Var(_, Slot::Local(i)) => {
            let i = *i as usize;
            Box::new(move |it| Ok(it.stack[it.fp + i].clone()))
        }
        ExprKind::Var(_, Slot::Global(i)) => {
            let i = *i as usize;
            Box::new(move |it| Ok(it.globals[i].clone()))
        }
        ExprKind::Binary(op, a, b) if !op.short_circuits() => {
            let (op, a, b) = (*op, Operand::new(a), Operand::new(b));
            Box::new(move |it| {
                if let (Some(i), Some(j)) = (a.int(it), b.int(it)) {
                    if let Some(v) = ops::small_int_op(op, i, j) {
                        return Ok(v);
                    }
                }
                let x = a.value(it)?;
                let y = b.value(it)?;
                binary(it, op, x, y, span)
            })
        }
        ExprKind::Call(id, args, false) => {
            let (id, codes, args) = (*id, exprs(args), args.clone());
            Box::new(move |it| {
                let base = it.stack.len();
                for c in codes.iter() {
                    match c(it) {
                        Ok(v) => it.stack.push(v),
                        Err(e) => {
                            it.stack.truncate(base);
                            return Err(e);
                        }
                    }
                }
                it.call_pushed(id, &args, base, span)
            })
        }
        ExprKind::Builtin(b, args, false) => {
            let (b, codes, args) = (*b, exprs(args), args.clone());
            Box::new(move |it| {
                let mut vals = it.new_args();
                for c in codes.iter() {
                    vals.push(c(it)?);
                }
                it.builtin_on(b, vals, &args, span)
            })
        }
        ExprKind::Apply(f, args, _) if args.len() == 1 => {
            let ExprKind::Var(name, slot @ (Slot::Local(_) | Slot::Global(_))) = &f.kind else {
                return tree_expr(e);
            };
            let (name, slot, key) = (name.clone(), *slot, expr(&args[0]));
            Box::new(move |it| {
                let k = key(it)?;
                if let (Value::Tuple(t), Value::Int(i)) = (it.peek_ref(slot), &k) {
                    if let Some(x) = usize::try_from(*i)
                        .ok()
                        .and_then(|i| t.get(i.checked_sub(1)?))
                    {
                        return Ok(x.clone());
                    }
                }
                it.select_from_var(&name, slot, &k, span)
            })
        }
        _ => tree_expr(e),
    }
}

fn exprs(es: &[Expr]) -> Box<[Code<Value>]> {
    es.iter().map(expr).collect()
}

/// A strict binary operator on evaluated operands: small integers here,
/// the rest as the tree walker does it.
#[inline]
fn binary(it: &mut Interp, op: BinOp, x: Value, y: Value, span: Span) -> Res<Value> {
    if let (Value::Int(i), Value::Int(j)) = (&x, &y) {
        if let Some(v) = ops::small_int_op(op, *i, *j) {
            return Ok(v);
        }
    }
    it.binary_values(op, x, y, span)
}

/// A condition, which must give a boolean.
fn cond(e: &Expr) -> Code<bool> {
    let span = e.span;
    match &e.kind {
        ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
            let (or, a, b) = (*op == BinOp::Or, cond(a), cond(b));
            Box::new(move |it| {
                let left = a(it)?;
                if left == or {
                    return Ok(left);
                }
                b(it)
            })
        }
        ExprKind::Binary(op, a, b) if ops::int_comparison(*op, 0, 0).is_some() => {
            let (op, a, b) = (*op, Operand::new(a), Operand::new(b));
            Box::new(move |it| {
                if let (Some(i), Some(j)) = (a.int(it), b.int(it)) {
                    if let Some(t) = ops::int_comparison(op, i, j) {
                        return Ok(t);
                    }
                }
                let x = a.value(it)?;
                let y = b.value(it)?;
                truth(binary(it, op, x, y, span)?, span)
            })
        }
        _ => {
            let e = expr(e);
            Box::new(move |it| truth(e(it)?, span))
        }
    }
}

#[inline]
fn truth(v: Value, span: Span) -> Res<bool> {
    match v {
        Value::Bool(b) => Ok(b),
        v => Err(super::expr::not_boolean(v, span)),
    }
}

/// An operand of a binary operator: a local variable or an integer
/// constant is read where it lies, so small-integer arithmetic needs no
/// call and builds no value; anything else is compiled code.
enum Operand {
    Local(usize),
    Int(i64),
    Code(Code<Value>),
}

impl Operand {
    fn new(e: &Expr) -> Operand {
        match &e.kind {
            ExprKind::Var(_, Slot::Local(i)) => Operand::Local(*i as usize),
            ExprKind::Lit(Value::Int(i)) => Operand::Int(*i),
            _ => Operand::Code(expr(e)),
        }
    }

    /// The operand as a small integer, if it is one that can be read
    /// without running code.
    #[inline(always)]
    fn int(&self, it: &Interp) -> Option<i64> {
        match self {
            Operand::Local(i) => it.stack[it.fp + i].as_i64(),
            Operand::Int(i) => Some(*i),
            Operand::Code(_) => None,
        }
    }

    #[inline(always)]
    fn value(&self, it: &mut Interp) -> Res<Value> {
        match self {
            Operand::Local(i) => Ok(it.stack[it.fp + i].clone()),
            Operand::Int(i) => Ok(Value::Int(*i)),
            Operand::Code(c) => c(it),
        }
    }
}
