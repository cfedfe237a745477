//! Tree-building helpers for the grammar's actions, kept out of the
//! `.lalrpop` file so the grammar reads as a grammar.

use crate::diag::Span;
use crate::syntax::ast::*;
use crate::syntax::tails::Tails;
use crate::syntax::token::{AccumOp, Tok};
use crate::value::Value;
use lalrpop_util::ParseError;

/// An error raised by a grammar action (a shape the grammar accepts but
/// SETL does not).
#[derive(Clone, Debug)]
pub struct ActionError {
    pub span: Span,
    pub msg: String,
}

pub type ActionResult<T> = Result<T, ParseError<usize, crate::syntax::token::Tok, ActionError>>;

fn fail<T>(span: Span, msg: &str) -> ActionResult<T> {
    Err(ParseError::User {
        error: ActionError {
            span,
            msg: msg.to_string(),
        },
    })
}

pub fn sp(file: u16, l: usize, r: usize) -> Span {
    Span::new(file, l, r)
}

pub fn mk(kind: ExprKind, file: u16, l: usize, r: usize) -> Expr {
    Expr {
        kind,
        span: sp(file, l, r),
    }
}

pub fn st(kind: StmtKind, file: u16, l: usize, r: usize) -> Stmt {
    Stmt {
        kind,
        span: sp(file, l, r),
    }
}

pub fn accum(op: AccumOp) -> OpRef {
    match op {
        AccumOp::Bin(b) => OpRef::Bin(b),
        AccumOp::User(n) => OpRef::User(n, None),
    }
}

/// One clause of a CIMS loop header, with where it starts.
pub enum Clause {
    Init(Vec<Stmt>, Span),
    Doing(Vec<Stmt>, Span),
    While(Expr, Span),
    Step(Vec<Stmt>, Span),
    Until(Expr, Span),
    Term(Vec<Stmt>, Span),
}

/// A CIMS loop.
/// A `for` loop, with its header tokens (for `quit for i`).
pub fn for_loop(header: Vec<Tok>, it: Iters, body: Vec<Stmt>) -> StmtKind {
    StmtKind::Loop(LoopKind::For(Box::new(it)), body, header, 0)
}

/// A CIMS loop, with its header tokens (for `quit loop doing printa`).
pub fn clause_loop(
    header: Vec<Tok>,
    iters: Option<Iters>,
    list: Vec<Clause>,
    body: Vec<Stmt>,
) -> ActionResult<StmtKind> {
    let c = clauses(iters, list)?;
    Ok(StmtKind::Loop(
        LoopKind::Clauses(Box::new(c)),
        body,
        header,
        0,
    ))
}

/// A statement that ends in `end …;`, once the tokens after `end` match
/// those it starts with (`l`, `e`, `r`: where it starts, its `end`, where
/// it ends).
pub fn closed(
    tails: &Tails,
    file: u16,
    (l, e, r): (usize, (usize, usize), usize),
    kind: StmtKind,
) -> ActionResult<Stmt> {
    tails.check_end(file, l, e)?;
    Ok(st(kind, file, l, r))
}

/// The clauses of a loop header or former, which must come in the order
/// init, doing, while, step, until, term, each at most once.
fn clauses(iters: Option<Iters>, clauses: Vec<Clause>) -> ActionResult<Clauses> {
    let mut c = Clauses {
        iters,
        ..Clauses::default()
    };
    let mut last = 0;
    for clause in clauses {
        let (rank, span) = match &clause {
            Clause::Init(_, s) => (1, *s),
            Clause::Doing(_, s) => (2, *s),
            Clause::While(_, s) => (3, *s),
            Clause::Step(_, s) => (4, *s),
            Clause::Until(_, s) => (5, *s),
            Clause::Term(_, s) => (6, *s),
        };
        if rank <= last {
            return fail(span, "loop clauses must come in the order init, doing, while, step, until, term, each at most once");
        }
        last = rank;
        match clause {
            Clause::Init(b, _) => c.init = b,
            Clause::Doing(b, _) => c.doing = b,
            Clause::While(e, _) => c.while_ = Some(e),
            Clause::Step(b, _) => c.step = b,
            Clause::Until(e, _) => c.until = Some(e),
            Clause::Term(b, _) => c.term = b,
        }
    }
    Ok(c)
}

pub fn if_stmt(
    c: Expr,
    a: Vec<Stmt>,
    elseifs: Vec<(Expr, Vec<Stmt>)>,
    e: Option<Vec<Stmt>>,
) -> StmtKind {
    let mut arms = vec![(c, a)];
    arms.extend(elseifs);
    StmtKind::If(arms, e)
}

pub fn if_expr(c: Expr, a: Expr, elseifs: Vec<(Expr, Expr)>, e: Expr) -> ExprKind {
    let mut arms = vec![(c, a)];
    arms.extend(elseifs);
    ExprKind::If(arms, Box::new(e))
}

/// A `case … of` statement body: `(values):` labels start the branches;
/// statements before the first label are never run.
pub fn case_of(
    subject: Option<Expr>,
    body: Vec<Stmt>,
    default: Option<Vec<Stmt>>,
) -> ActionResult<StmtKind> {
    let mut arms: Vec<(Vec<Expr>, Vec<Stmt>)> = Vec::new();
    for s in body {
        let mut s = s;
        let mut labels = Vec::new();
        while let StmtKind::Choice(vals, inner) = s.kind {
            labels.extend(vals);
            s = *inner;
        }
        if !labels.is_empty() {
            arms.push((labels, vec![s]));
        } else if let Some(last) = arms.last_mut() {
            last.1.push(s);
        }
    }
    Ok(StmtKind::Case(subject, arms, default))
}

/// `y = f(x)` and `ys = f{x}` iterators: the right side must name a map.
pub fn map_iter(target: Expr, m: Expr) -> ActionResult<Iter> {
    let span = m.span;
    match m.kind {
        ExprKind::Apply(f, args, false) if is_map_name(&f) => {
            Ok(Iter::Map(target, *f, args, false))
        }
        ExprKind::Image(f, args) if is_map_name(&f) => Ok(Iter::Map(target, *f, args, true)),
        _ => fail(
            span,
            "expected a map iterator such as 'y = f(x)' or 'ys = f{x}'",
        ),
    }
}

fn is_map_name(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Var(..) | ExprKind::Sysval(..))
}

pub fn binary(op: OpRef, a: Expr, b: Expr, file: u16, l: usize, r: usize) -> Expr {
    let kind = match op {
        OpRef::Bin(o) => ExprKind::Binary(o, Box::new(a), Box::new(b)),
        OpRef::User(n, _) => ExprKind::UserBinary(n, None, Box::new(a), Box::new(b)),
    };
    mk(kind, file, l, r)
}

pub fn reduce(op: OpRef, init: Option<Expr>, body: Expr, file: u16, l: usize, r: usize) -> Expr {
    mk(
        ExprKind::Reduce(op, init.map(Box::new), Box::new(body)),
        file,
        l,
        r,
    )
}

/// A level-5 prefix predicate (`not`, `even`, `is_set`, …).
pub fn prefix(p: String, e: Expr, file: u16, l: usize, r: usize) -> Expr {
    let kind = if p == "not" {
        ExprKind::Not(Box::new(e))
    } else {
        ExprKind::Unary(p, Box::new(e))
    };
    mk(kind, file, l, r)
}

/// A level-15 prefix operator.
pub enum Prefix {
    Lib(String),
    Pos,
    Neg,
    User(String),
}

impl Prefix {
    pub fn apply(self, e: Expr, file: u16, l: usize, r: usize) -> Expr {
        let e = Box::new(e);
        let kind = match self {
            Prefix::Lib(n) => ExprKind::Unary(n, e),
            Prefix::Pos => ExprKind::Pos(e),
            Prefix::Neg => ExprKind::Neg(e),
            Prefix::User(n) => ExprKind::UserUnary(n, None, e),
        };
        mk(kind, file, l, r)
    }
}

/// `f.x`: the field `f('x')`, unless the resolver finds that `x` is a
/// selector or `f` a package or program name.
pub fn field(p: Expr, name: String, file: u16, l: usize, fl: usize, r: usize) -> Expr {
    let key = mk(ExprKind::Lit(Value::str(name.into_bytes())), file, fl, r);
    mk(ExprKind::Field(Box::new(p), Box::new(key)), file, l, r)
}

/// `eat 'pudding'`, `rock 'me' 'gently'`: a call of a user command.
pub fn command_call(name: String, args: Vec<Expr>, file: u16, l: usize, r: usize) -> Expr {
    let callee = mk(ExprKind::Var(name, Slot::Unresolved), file, l, l);
    mk(ExprKind::Apply(Box::new(callee), args, false), file, l, r)
}

pub fn program(
    name: Option<String>,
    uses: Vec<(String, Span)>,
    main: Body,
    routines: Vec<Routine>,
    span: Span,
) -> Program {
    Program {
        name,
        uses,
        main,
        routines,
        packages: Vec::new(),
        body_order: Vec::new(),
        span,
    }
}

/// One unit of a compilation made of units.
pub enum Unit {
    Program(Program),
    /// A package specification: name, declarations, routine headers.
    Spec(String, Vec<Decl>, Vec<(String, Span)>, Span),
    Body(String, PackageBody),
}

/// Puts units together: at most one program, each package specified
/// once with at most one body. The program may be missing here; the
/// resolver reports that, after checking the packages.
pub fn units(units: Vec<Unit>, span: Span) -> ActionResult<Program> {
    let mut prog: Option<Program> = None;
    let mut packages: Vec<Package> = Vec::new();
    let mut bodies: Vec<(String, PackageBody)> = Vec::new();
    for u in units {
        match u {
            Unit::Program(p) => {
                if prog.is_some() {
                    return fail(p.span, "only one program may be defined");
                }
                prog = Some(p);
            }
            Unit::Spec(name, exports, exported_routines, span) => {
                if packages.iter().any(|p| p.name == name) {
                    return fail(span, &format!("package '{name}' is specified twice"));
                }
                packages.push(Package {
                    name,
                    span,
                    exports,
                    exported_routines,
                    body: None,
                });
            }
            Unit::Body(name, body) => {
                if bodies.iter().any(|(n, _)| *n == name) {
                    return fail(body.span, &format!("package body '{name}' is given twice"));
                }
                bodies.push((name, body));
            }
        }
    }
    // Bodies keep their own order: it is the order their declarations
    // are initialised in.
    let mut ordered = Vec::new();
    for (name, body) in bodies {
        let Some(i) = packages.iter().position(|p| p.name == name) else {
            return fail(body.span, "missing package specification");
        };
        ordered.push((i, body));
    }
    let body_order = ordered.iter().map(|(i, _)| *i).collect();
    for (i, body) in ordered {
        packages[i].body = Some(body);
    }
    let mut prog = prog.unwrap_or_else(|| program(None, vec![], Body::default(), vec![], span));
    prog.packages = packages;
    prog.body_order = body_order;
    Ok(prog)
}

/// A library constant (`om`, `true`, `stdin`, `no_error`, …).
pub fn syscon(name: &str) -> ExprKind {
    match crate::builtins::constant(name) {
        Some(v) => ExprKind::Lit(v),
        None => ExprKind::Sysval(name.to_string()),
    }
}

pub fn routine(
    kind: RoutineKind,
    name: String,
    params: (Vec<Param>, bool),
    body: Body,
    span: Span,
) -> Routine {
    Routine {
        kind,
        name,
        copies_back: params.0.iter().any(|p| p.mode != Mode::Rd),
        params: params.0,
        variadic: params.1,
        body,
        span,
        nlocals: 0,
    }
}

/// What came between a pair of brackets, before it is checked.
pub enum BracketBody {
    List(Vec<Expr>),
    Range(Vec<Expr>, Expr),
    Former(Expr, Iters),
    /// `[e : doing …; while c]`, `[e : x in t step …;]`.
    ClauseFormer(Expr, Option<Iters>, Vec<Clause>),
    Filter(Expr, Expr),
}

pub fn bracket(tuple: bool, b: BracketBody, file: u16, l: usize, r: usize) -> ActionResult<Expr> {
    let span = sp(file, l, r);
    let kind = match b {
        BracketBody::List(items) => {
            if tuple {
                ExprKind::Tuple(items)
            } else {
                if let Some(h) = items.iter().find(|e| matches!(e.kind, ExprKind::Hole)) {
                    return fail(h.span, "'-' is only allowed in a tuple pattern");
                }
                ExprKind::Set(items)
            }
        }
        BracketBody::Range(items, last) => {
            if items.iter().any(|e| matches!(e.kind, ExprKind::Hole)) {
                return fail(span, "'-' is only allowed in a tuple pattern");
            }
            let mut it = items.into_iter();
            let first = it.next();
            let second = it.next();
            if it.next().is_some() {
                return fail(span, "more than 2 expressions before '..'");
            }
            match first {
                Some(f) => {
                    ExprKind::Range(tuple, Box::new(f), second.map(Box::new), Box::new(last))
                }
                None => return fail(span, "a range needs a first element"),
            }
        }
        BracketBody::Former(e, it) => ExprKind::Former(tuple, Box::new(e), Box::new(it)),
        BracketBody::ClauseFormer(e, it, c) => {
            ExprKind::ClauseFormer(tuple, Box::new(e), Box::new(clauses(it, c)?))
        }
        BracketBody::Filter(e, cond) => match e.kind {
            ExprKind::Binary(BinOp::In, x, dom) => {
                let elem = (*x).clone();
                let iters = Iters {
                    iters: vec![Iter::In(*x, *dom)],
                    cond: Some(cond),
                };
                ExprKind::Former(tuple, Box::new(elem), Box::new(iters))
            }
            _ => return fail(e.span, "expected 'x in s' before '|' in a former"),
        },
    };
    Ok(Expr { kind, span })
}
