//! The syntax tree. The parser builds it with names unresolved; the
//! resolver (`crate::resolve`) rewrites names to slots, procedures and
//! built-ins in place, so the evaluator never looks a name up by string.

use crate::diag::Span;
use crate::syntax::token::Tok;
use crate::value::Value;

/// Binary operators of the language (user operators are separate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    /// `/`: real division on integers unless intslash.
    Slash,
    Pow,
    Div,
    Mod,
    Rem,
    Atan2,
    BitAnd,
    BitOr,
    BitXor,
    Max,
    Min,
    With,
    Less,
    Lessf,
    /// `lessb`, `lesse`, `withb`, `withe`: GNU SETL reserves these
    /// operators but stops with "Not yet implemented" when one is applied.
    Reserved(&'static str),
    Npow,
    Query,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Subset,
    Incs,
    And,
    Or,
    Impl,
}

impl BinOp {
    /// `and`, `or` and `?` evaluate their right operand only when needed.
    pub fn short_circuits(self) -> bool {
        matches!(self, BinOp::And | BinOp::Or | BinOp::Query)
    }

    /// The operator as written in source and in diagnostics.
    pub fn spelling(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Slash => "/",
            BinOp::Pow => "**",
            BinOp::Div => "div",
            BinOp::Mod => "mod",
            BinOp::Rem => "rem",
            BinOp::Atan2 => "atan2",
            BinOp::BitAnd => "bit_and",
            BinOp::BitOr => "bit_or",
            BinOp::BitXor => "bit_xor",
            BinOp::Max => "max",
            BinOp::Min => "min",
            BinOp::With => "with",
            BinOp::Less => "less",
            BinOp::Lessf => "lessf",
            BinOp::Reserved(name) => name,
            BinOp::Npow => "npow",
            BinOp::Query => "?",
            BinOp::Eq => "=",
            BinOp::Ne => "/=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::NotIn => "notin",
            BinOp::Subset => "subset",
            BinOp::Incs => "incs",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::Impl => "impl",
        }
    }
}

/// Where a variable lives once resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    Unresolved,
    Local(u32),
    Global(u32),
}

/// A binary operator in a combining form or compound assignment.
#[derive(Clone, Debug)]
pub enum OpRef {
    Bin(BinOp),
    /// A user operator: its name, then its routine index once resolved.
    User(String, Option<u32>),
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    /// Whether the expression can receive a value: a variable, a component,
    /// or a tuple pattern of those (targets of rw/wr arguments).
    pub fn is_assignable(&self) -> bool {
        match &self.kind {
            ExprKind::Var(..)
            | ExprKind::Field(..)
            | ExprKind::Apply(..)
            | ExprKind::Image(..)
            | ExprKind::Slice(..)
            | ExprKind::Hole => true,
            ExprKind::Tuple(items) => items.iter().all(Expr::is_assignable),
            _ => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quant {
    Exists,
    NotExists,
    Forall,
}

/// `repr(u8)` gives a plain tag byte, so the evaluator's dispatch is one
/// load instead of decoding a niche.
#[derive(Clone, Debug)]
#[repr(u8)]
pub enum ExprKind {
    Lit(Value),
    Var(String, Slot),
    /// A library value (`last_error`, `command_line`, `nargs`, `magic`, …).
    Sysval(String),
    /// `-` in a tuple pattern: skip this position.
    Hole,
    Neg(Box<Expr>),
    Pos(Box<Expr>),
    Not(Box<Expr>),
    /// A library prefix operator (`#`, `abs`, `str`, `is_set`, …).
    Unary(String, Box<Expr>),
    /// A user unary operator: name, routine once resolved, operand.
    UserUnary(String, Option<u32>, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    UserBinary(String, Option<u32>, Box<Expr>, Box<Expr>),
    /// `op/ t` or `x op/ t`.
    Reduce(OpRef, Option<Box<Expr>>, Box<Expr>),
    /// `p.x` before name resolution: the field `p('x')` (the key is a
    /// literal), a selector declared by `sel`, or a name qualified by a
    /// package or the program. The resolver replaces it.
    Field(Box<Expr>, Box<Expr>),
    /// A call (`Call` or `Builtin`) whose plain-variable arguments are read
    /// after the other arguments are evaluated, as GNU SETL reads them;
    /// the resolver uses it only where another argument may change them.
    LateCall(Box<Expr>),
    /// `f(args)`: a call or a selection, decided by the resolver.
    Apply(Box<Expr>, Vec<Expr>, bool),
    /// `f{args}`.
    Image(Box<Expr>, Vec<Expr>),
    /// `t(lo..hi)`, either bound optional.
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// A call of a user routine: routine index, arguments, `(*)` spread.
    Call(u32, Vec<Expr>, bool),
    /// A call of a library procedure, before resolution.
    SysCall(String, Vec<Expr>, bool),
    /// A library procedure or operator, bound by the resolver.
    Builtin(&'static crate::builtins::Builtin, Vec<Expr>, bool),
    /// `call(p, args)`.
    CallIndirect(Box<Expr>, Vec<Expr>, bool),
    /// `routine f` / `proc f`.
    RoutineRef(String, Option<u32>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    /// `[a..b]`, `{a, b..c}`: is-tuple, first, optional second, last.
    Range(bool, Box<Expr>, Option<Box<Expr>>, Box<Expr>),
    /// `[e : iterators]`, `{e : iterators}`: is-tuple, element, iterators.
    Former(bool, Box<Expr>, Box<Iters>),
    /// A former with loop-header clauses, `[e : doing …; while c]`:
    /// is-tuple, element, the clauses (with any iterators).
    ClauseFormer(bool, Box<Expr>, Box<Clauses>),
    Quantifier(Quant, Box<Iters>),
    /// `if c1 then e1 elseif … else e end`.
    If(Vec<(Expr, Expr)>, Box<Expr>),
    /// `case [x] of (v…): e, … else e end` and the `when` form.
    Case(Option<Box<Expr>>, Vec<(Vec<Expr>, Expr)>, Box<Expr>),
    Assign(Box<Expr>, Box<Expr>),
    AccumAssign(OpRef, Box<Expr>, Box<Expr>),
    /// `expr stmts end`, whose value comes from `yield`.
    Block(Vec<Stmt>),
}

/// Iterators with an optional `| cond` (also the body of quantifiers).
#[derive(Clone, Debug)]
pub struct Iters {
    pub iters: Vec<Iter>,
    pub cond: Option<Expr>,
}

#[derive(Clone, Debug)]
pub enum Iter {
    /// `target in domain`.
    In(Expr, Expr),
    /// `y = f(x)` (single image) or `ys = f{x}` (image set): target,
    /// map, domain-element targets, is-image-set.
    Map(Expr, Expr, Vec<Expr>, bool),
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FromEnd {
    Arb,
    Front,
    Back,
}

#[derive(Clone, Debug)]
pub enum LoopKind {
    For(Box<Iters>),
    While(Expr),
    Until(Expr),
    Forever,
    /// The CIMS header `[for it] init … doing … while c step … until c term …`.
    Clauses(Box<Clauses>),
}

/// The clauses of a CIMS loop header, each optional. Per iteration:
/// `doing`, the `while` test, the body, `step`, the `until` test; `init`
/// runs once first and `term` once when the loop ends normally.
#[derive(Clone, Debug, Default)]
pub struct Clauses {
    pub iters: Option<Iters>,
    pub init: Vec<Stmt>,
    pub doing: Vec<Stmt>,
    pub while_: Option<Expr>,
    pub step: Vec<Stmt>,
    pub until: Option<Expr>,
    pub term: Vec<Stmt>,
}

/// `repr(u8)`: see `ExprKind`.
#[derive(Clone, Debug)]
#[repr(u8)]
pub enum StmtKind {
    Assign(Expr, Expr),
    Accum(OpRef, Expr, Expr),
    /// `t := t op e`, which the resolver found can change `t` where it
    /// lies (see `crate::inplace`): op, t, e, and the span of `t op e`.
    Reassign(BinOp, Expr, Expr, crate::diag::Span),
    /// A call statement (or a refinement invocation before resolution).
    Call(Expr),
    /// Invocation of a refinement of the current routine.
    Refinement(u32),
    From(FromEnd, Expr, Expr),
    If(Vec<(Expr, Vec<Stmt>)>, Option<Vec<Stmt>>),
    /// Subject, branches (choice values or guards), default.
    Case(Option<Expr>, Vec<(Vec<Expr>, Vec<Stmt>)>, Option<Vec<Stmt>>),
    /// Loop kind, body, the loop's header tokens (for `quit for i`), loop id.
    Loop(LoopKind, Vec<Stmt>, Vec<Tok>, u32),
    /// `quit`/`continue` with their tail tokens; the target loop id once
    /// resolved.
    Quit(Vec<Tok>, u32),
    Continue(Vec<Tok>, u32),
    Return(Option<Expr>),
    Stop(Option<Expr>),
    Assert(Expr),
    Yield(Expr),
    Pass,
    Goto(String),
    Label(String, Box<Stmt>),
    /// A `(values):` choice label; only valid directly inside `case … of`.
    Choice(Vec<Expr>, Box<Stmt>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    Rd,
    Rw,
    Wr,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub mode: Mode,
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DeclKind {
    Var,
    Const,
    Init,
    /// `sel name(k);`: `t.name` means `t(k)`. The resolver takes these out
    /// of the body.
    Sel,
}

#[derive(Clone, Debug)]
pub struct Decl {
    pub kind: DeclKind,
    pub name: String,
    pub init: Option<Expr>,
    pub span: Span,
    /// Where the declared variable lives, set by the resolver.
    pub slot: Slot,
}

/// Declarations, statements and refinements of a program or routine.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub decls: Vec<Decl>,
    pub stmts: Vec<Stmt>,
    pub refinements: Vec<(String, Vec<Stmt>, Span)>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RoutineKind {
    Proc,
    BinaryOp,
    UnaryOp,
}

#[derive(Clone, Debug)]
pub struct Routine {
    pub kind: RoutineKind,
    pub name: String,
    pub params: Vec<Param>,
    pub variadic: bool,
    pub body: Body,
    pub span: Span,
    /// Number of local slots, set by the resolver (parameters first).
    pub nlocals: u32,
    /// Some parameter is rw or wr, so a call copies values back (and
    /// hands rw arguments over): known here so other calls skip the scan.
    pub copies_back: bool,
}

impl Routine {
    /// The mode of the formal that collects the trailing arguments, if any.
    pub fn variadic_mode(&self) -> Option<Mode> {
        self.params.last().filter(|_| self.variadic).map(|p| p.mode)
    }
}

/// A parsed compilation: the main body and its routines, and the
/// packages it defines.
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub name: Option<String>,
    /// The packages named by the program's `use`.
    pub uses: Vec<(String, Span)>,
    pub main: Body,
    pub routines: Vec<Routine>,
    /// Packages in the order of their specifications, which is the order
    /// their specifications' declarations are initialised in.
    pub packages: Vec<Package>,
    /// Indices into `packages` in the order of their bodies.
    pub body_order: Vec<usize>,
    pub span: Span,
}

/// A package: its specification and its body.
#[derive(Clone, Debug)]
pub struct Package {
    pub name: String,
    pub span: Span,
    /// The specification's declarations: variables other units can use.
    pub exports: Vec<Decl>,
    /// The routines the specification declares: the ones other units can call.
    pub exported_routines: Vec<(String, Span)>,
    pub body: Option<PackageBody>,
}

#[derive(Clone, Debug)]
pub struct PackageBody {
    pub uses: Vec<(String, Span)>,
    /// Declarations private to the package.
    pub decls: Vec<Decl>,
    pub routines: Vec<Routine>,
    pub span: Span,
}
