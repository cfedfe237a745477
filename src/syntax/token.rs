//! The tokens the parser sees, after the lexer has folded case, classified
//! library names and applied GNU SETL's context rules (see `lexer.rs`).

use crate::syntax::ast::BinOp;
use crate::value::Value;
use std::fmt;

/// A parser token. Payload-carrying variants hold already-decoded data.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A numeric or string literal, decoded.
    Lit(Value),
    /// An ordinary identifier, folded to lower case.
    Name(String),
    /// An identifier immediately followed by `::` (a refinement label).
    RefName(String),
    /// A user-declared binary operator name.
    UserBop(String),
    /// A user-declared unary operator name.
    UserUop(String),
    /// The name of a user command (`command eat(what);`).
    CmdName(String),
    /// Library names, by grammar class (reference notes, Appendix A).
    Uop15(String),
    Uop5(String),
    Sysproc(String),
    Sysval(String),
    Sysvar(String),
    Syscon(String),
    /// Keyword binary operators grouped by precedence level.
    Impl,
    Or,
    And,
    Rel(BinOp),
    Query,
    Npow,
    Bop10(BinOp),
    Bop11(BinOp),
    Bop12(BinOp),
    Pow,
    Plus,
    Minus,
    Star,
    Slash,
    Eq,
    In,
    /// A binary operator immediately followed by `:=` (compound assignment).
    Accum(AccumOp),
    // Punctuation.
    Assign,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Semi,
    Colon,
    ColonColon,
    Dot,
    Dots,
    Arrow,
    Bar,
    Variadic,
    // Keywords.
    Program,
    Package,
    Body,
    Use,
    Sel,
    Command,
    Proc,
    Op,
    Var,
    Const,
    Init,
    End,
    If,
    Then,
    Elseif,
    Else,
    Case,
    Of,
    When,
    Otherwise,
    Loop,
    For,
    Forall,
    While,
    Until,
    Do,
    Doing,
    Step,
    Term,
    Exists,
    Notexists,
    From,
    Fromb,
    Frome,
    Quit,
    Continue,
    Return,
    Stop,
    Assert,
    Pass,
    Goto,
    Yield,
    Expr,
    Call,
    Routine,
    Rd,
    Rw,
    Wr,
}

/// The operator of a compound assignment `x op:= e`.
#[derive(Clone, Debug, PartialEq)]
pub enum AccumOp {
    Bin(BinOp),
    User(String),
}

impl Tok {
    /// The word a name-like token spells, whatever the lexer took it for.
    pub fn word(&self) -> Option<&str> {
        match self {
            Tok::Name(n)
            | Tok::RefName(n)
            | Tok::UserBop(n)
            | Tok::UserUop(n)
            | Tok::CmdName(n)
            | Tok::Uop15(n)
            | Tok::Uop5(n)
            | Tok::Sysproc(n)
            | Tok::Sysval(n)
            | Tok::Sysvar(n)
            | Tok::Syscon(n) => Some(n),
            _ => None,
        }
    }
}

impl fmt::Display for Tok {
    /// How a token is named in a syntax error: its spelling, quoted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s: String = match self {
            Tok::Lit(v) => return write!(f, "literal {}", crate::value::print::to_str(v)),
            Tok::Name(n) => return write!(f, "name '{n}'"),
            Tok::RefName(n) => return write!(f, "refinement label '{n}::'"),
            Tok::UserBop(n) | Tok::UserUop(n) => return write!(f, "operator '{n}'"),
            Tok::CmdName(n) => return write!(f, "command '{n}'"),
            Tok::Uop15(n) | Tok::Uop5(n) | Tok::Sysproc(n) | Tok::Sysval(n) | Tok::Sysvar(n) => {
                return write!(f, "built-in name '{n}'")
            }
            Tok::Syscon(n) => n.clone(),
            Tok::Rel(op) | Tok::Bop10(op) | Tok::Bop11(op) | Tok::Bop12(op) => op.spelling().into(),
            Tok::Accum(AccumOp::Bin(op)) => format!("{}:=", op.spelling()),
            Tok::Accum(AccumOp::User(n)) => format!("{n}:="),
            other => keyword_spelling(other).into(),
        };
        write!(f, "'{s}'")
    }
}

fn keyword_spelling(t: &Tok) -> &'static str {
    match t {
        Tok::Impl => "impl",
        Tok::Or => "or",
        Tok::And => "and",
        Tok::Query => "?",
        Tok::Npow => "npow",
        Tok::Pow => "**",
        Tok::Plus => "+",
        Tok::Minus => "-",
        Tok::Star => "*",
        Tok::Slash => "/",
        Tok::Eq => "=",
        Tok::In => "in",
        Tok::Assign => ":=",
        Tok::LParen => "(",
        Tok::RParen => ")",
        Tok::LBracket => "[",
        Tok::RBracket => "]",
        Tok::LBrace => "{",
        Tok::RBrace => "}",
        Tok::Comma => ",",
        Tok::Semi => ";",
        Tok::Colon => ":",
        Tok::ColonColon => "::",
        Tok::Dot => ".",
        Tok::Dots => "..",
        Tok::Arrow => "=>",
        Tok::Bar => "|",
        Tok::Variadic => "(*)",
        Tok::Program => "program",
        Tok::Package => "package",
        Tok::Body => "body",
        Tok::Use => "use",
        Tok::Sel => "sel",
        Tok::Command => "command",
        Tok::Proc => "proc",
        Tok::Op => "op",
        Tok::Var => "var",
        Tok::Const => "const",
        Tok::Init => "init",
        Tok::End => "end",
        Tok::If => "if",
        Tok::Then => "then",
        Tok::Elseif => "elseif",
        Tok::Else => "else",
        Tok::Case => "case",
        Tok::Of => "of",
        Tok::When => "when",
        Tok::Otherwise => "otherwise",
        Tok::Loop => "loop",
        Tok::For => "for",
        Tok::Forall => "forall",
        Tok::While => "while",
        Tok::Until => "until",
        Tok::Do => "do",
        Tok::Doing => "doing",
        Tok::Step => "step",
        Tok::Term => "term",
        Tok::Exists => "exists",
        Tok::Notexists => "notexists",
        Tok::From => "from",
        Tok::Fromb => "fromb",
        Tok::Frome => "frome",
        Tok::Quit => "quit",
        Tok::Continue => "continue",
        Tok::Return => "return",
        Tok::Stop => "stop",
        Tok::Assert => "assert",
        Tok::Pass => "pass",
        Tok::Goto => "goto",
        Tok::Yield => "yield",
        Tok::Expr => "expr",
        Tok::Call => "call",
        Tok::Routine => "routine",
        Tok::Rd => "rd",
        Tok::Rw => "rw",
        Tok::Wr => "wr",
        _ => "?",
    }
}

/// Declares the reserved words once: `keyword` maps a word to its token
/// and `KEYWORDS` lists every spelling (the REPL completes them, and the
/// library's documentation must cover each).
macro_rules! keywords {
    ($($word:literal $(| $alias:literal)* => $tok:expr,)*) => {
        /// Every reserved word's spelling, aliases included.
        pub const KEYWORDS: &[&str] = &[$($word, $($alias,)*)*];

        /// Maps a lower-case word to its keyword token, if it is one.
        pub fn keyword(word: &str) -> Option<Tok> {
            Some(match word {
                $($word $(| $alias)* => $tok,)*
                _ => return None,
            })
        }
    };
}

keywords! {
    "program" => Tok::Program,
    "package" => Tok::Package,
    "body" => Tok::Body,
    "use" => Tok::Use,
    "sel" => Tok::Sel,
    "command" => Tok::Command,
    "proc" | "procedure" => Tok::Proc,
    "op" | "operator" => Tok::Op,
    "var" => Tok::Var,
    "const" => Tok::Const,
    "init" => Tok::Init,
    "end" => Tok::End,
    "if" => Tok::If,
    "then" => Tok::Then,
    "elseif" => Tok::Elseif,
    "else" => Tok::Else,
    "case" => Tok::Case,
    "of" => Tok::Of,
    "when" => Tok::When,
    "otherwise" => Tok::Otherwise,
    "loop" => Tok::Loop,
    "for" => Tok::For,
    "forall" => Tok::Forall,
    "while" => Tok::While,
    "until" => Tok::Until,
    "do" => Tok::Do,
    "doing" => Tok::Doing,
    "step" => Tok::Step,
    "term" => Tok::Term,
    "exists" => Tok::Exists,
    "notexists" => Tok::Notexists,
    "from" => Tok::From,
    "fromb" => Tok::Fromb,
    "frome" => Tok::Frome,
    "quit" | "exit" => Tok::Quit,
    "continue" => Tok::Continue,
    "return" => Tok::Return,
    "stop" => Tok::Stop,
    "assert" => Tok::Assert,
    "pass" | "null" => Tok::Pass,
    "goto" => Tok::Goto,
    "yield" => Tok::Yield,
    "expr" => Tok::Expr,
    "call" => Tok::Call,
    "routine" => Tok::Routine,
    "rd" => Tok::Rd,
    "rw" => Tok::Rw,
    "wr" => Tok::Wr,
    "impl" => Tok::Impl,
    "or" => Tok::Or,
    "and" => Tok::And,
    "in" => Tok::In,
    "notin" => Tok::Rel(BinOp::NotIn),
    "subset" => Tok::Rel(BinOp::Subset),
    "incs" => Tok::Rel(BinOp::Incs),
    "npow" => Tok::Npow,
    "with" => Tok::Bop10(BinOp::With),
    "less" => Tok::Bop10(BinOp::Less),
    "lessf" => Tok::Bop10(BinOp::Lessf),
    "lessb" => Tok::Bop10(BinOp::Reserved("lessb")),
    "lesse" => Tok::Bop10(BinOp::Reserved("lesse")),
    "withb" => Tok::Bop10(BinOp::Reserved("withb")),
    "withe" => Tok::Bop10(BinOp::Reserved("withe")),
    "max" => Tok::Bop11(BinOp::Max),
    "min" => Tok::Bop11(BinOp::Min),
    "bit_or" => Tok::Bop11(BinOp::BitOr),
    "bit_xor" => Tok::Bop11(BinOp::BitXor),
    "div" => Tok::Bop12(BinOp::Div),
    "mod" => Tok::Bop12(BinOp::Mod),
    "rem" => Tok::Bop12(BinOp::Rem),
    "atan2" => Tok::Bop12(BinOp::Atan2),
    "bit_and" => Tok::Bop12(BinOp::BitAnd),
    "st" | "where" => Tok::Bar,
}

impl Tok {
    /// The binary operator this token denotes, when it can be compounded
    /// with `:=` or used in a combining form.
    pub fn binop(&self) -> Option<BinOp> {
        Some(match self {
            Tok::Impl => BinOp::Impl,
            Tok::Or => BinOp::Or,
            Tok::And => BinOp::And,
            Tok::Rel(op) | Tok::Bop10(op) | Tok::Bop11(op) | Tok::Bop12(op) => *op,
            Tok::Query => BinOp::Query,
            Tok::Npow => BinOp::Npow,
            Tok::Pow => BinOp::Pow,
            Tok::Plus => BinOp::Add,
            Tok::Minus => BinOp::Sub,
            Tok::Star => BinOp::Mul,
            Tok::Slash => BinOp::Slash,
            _ => return None,
        })
    }
}
