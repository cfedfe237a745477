//! Well-typed SETL programs, generated from the input with `arbitrary`,
//! run as `run_program` runs any program. Raw bytes seldom parse, let alone
//! get past the first type error; these programs reach the evaluator's
//! operations on integers (small and big), strings, sets, tuples and maps,
//! formers, quantifiers, loops and recursive procedures.
//!
//! Every variable is set before the statements run, so an expression of a
//! type always yields a value of that type (or a run-time error such as a
//! division by zero, which is a diagnostic, not a finding).
//!
//! `SETL_FUZZ_PRINT=1 target/.../typed_program ARTIFACT` prints the
//! program an input stands for, to store it as a regression case.
#![no_main]

use arbitrary::Arbitrary;
use std::fmt::Write;

/// Deepest expression or statement nesting rendered; deeper parts become
/// leaves, so every input renders to a program of bounded size.
const MAX_DEPTH: usize = 5;
/// Variables of each type: i0.., s0.., a0.. (sets), t0.. (tuples), m0..
/// (maps from integers to integers).
const VARS: u8 = 3;
/// Deepest nesting of calls of the generated procedures.
const MAX_CALL_DEPTH: usize = 6;

#[derive(Arbitrary, Debug)]
struct Program {
    init: [i16; 3],
    procs: Vec<Proc>,
    /// Last, so that it takes the rest of the input: long programs.
    stmts: Vec<Stmt>,
}

#[derive(Arbitrary, Debug)]
struct Proc {
    stmts: Vec<Stmt>,
    result: Int,
}

#[derive(Arbitrary, Debug)]
enum Stmt {
    Int(u8, Int),
    Str(u8, Str),
    Set(u8, Set),
    Tup(u8, Tup),
    Map(u8, Map),
    AddTo(u8, Int),
    SetWith(u8, Int),
    TupElem(u8, Int, Int),
    MapElem(u8, Int, Int),
    StrSlice(u8, Int, Int, Str),
    If(Bool, Vec<Stmt>, Vec<Stmt>),
    ForSet(Set, Vec<Stmt>),
    ForTup(Tup, Vec<Stmt>),
    ForMap(Map, Vec<Stmt>),
    While(Bool, Vec<Stmt>),
    PrintInt(Int),
    PrintStr(Str),
    PrintSet(Set),
    PrintTup(Tup),
    PrintMap(Map),
    Unstr(Str),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum IntOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Max,
    Min,
}

#[derive(Arbitrary, Debug)]
enum Int {
    Lit(i16),
    Big(i64),
    Var(u8),
    Bound,
    Bin(IntOp, Box<Int>, Box<Int>),
    Pow(Box<Int>, u8),
    Neg(Box<Int>),
    Abs(Box<Int>),
    Card(Box<Set>),
    Len(Box<Str>),
    TupLen(Box<Tup>),
    Index(Box<Tup>, Box<Int>),
    Apply(Box<Map>, Box<Int>),
    Arb(Box<Set>),
    Sum(Box<Tup>),
    Cond(Box<Bool>, Box<Int>, Box<Int>),
    Call(u8, Box<Int>),
    Val(Box<Str>),
    Ord(Box<Str>),
    Find(Box<Str>, Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Str {
    Lit(Vec<u8>),
    Var(u8),
    Cat(Box<Str>, Box<Str>),
    Rep(Box<Str>, u8),
    Of(Box<Int>),
    OfSet(Box<Set>),
    OfTup(Box<Tup>),
    Slice(Box<Str>, Box<Int>, Box<Int>),
    Char(Box<Int>),
    Pattern(Box<Str>, Vec<u8>),
    Gsub(Box<Str>, Vec<u8>, Box<Str>),
    Upper(Box<Str>),
    Pad(Box<Str>, u8),
    Cond(Box<Bool>, Box<Str>, Box<Str>),
}

#[derive(Arbitrary, Debug)]
enum Bool {
    Lt(Box<Int>, Box<Int>),
    Eq(Box<Int>, Box<Int>),
    StrLt(Box<Str>, Box<Str>),
    In(Box<Int>, Box<Set>),
    InStr(Box<Str>, Box<Str>),
    Subset(Box<Set>, Box<Set>),
    TupEq(Box<Tup>, Box<Tup>),
    And(Box<Bool>, Box<Bool>),
    Or(Box<Bool>, Box<Bool>),
    Not(Box<Bool>),
    Exists(Box<Set>, Box<Int>),
    Forall(Box<Tup>, Box<Int>),
    Even(Box<Int>),
}

#[derive(Arbitrary, Debug)]
enum Set {
    Lit(Vec<Int>),
    Var(u8),
    Range(Box<Int>, Box<Int>),
    Union(Box<Set>, Box<Set>),
    Inter(Box<Set>, Box<Set>),
    Diff(Box<Set>, Box<Set>),
    With(Box<Set>, Box<Int>),
    Less(Box<Set>, Box<Int>),
    Former(Box<Int>, Box<Set>, Box<Bool>),
    OfTup(Box<Tup>),
    Domain(Box<Map>),
    Range2(Box<Map>),
    Pow(Box<Set>),
}

#[derive(Arbitrary, Debug)]
enum Tup {
    Lit(Vec<Int>),
    Var(u8),
    Range(Box<Int>, Box<Int>),
    Cat(Box<Tup>, Box<Tup>),
    Rep(Box<Tup>, u8),
    Slice(Box<Tup>, Box<Int>, Box<Int>),
    Former(Box<Int>, Box<Tup>, Box<Bool>),
    OfSet(Box<Set>),
    Split(Box<Str>),
    Reverse(Box<Tup>),
}

#[derive(Arbitrary, Debug)]
enum Map {
    Lit(Vec<(Int, Int)>),
    Var(u8),
    With(Box<Map>, Box<Int>, Box<Int>),
    Former(Box<Set>, Box<Int>),
    Union(Box<Map>, Box<Map>),
    Lessf(Box<Map>, Box<Int>),
    Inverse(Box<Map>),
}

struct Out {
    text: String,
    /// Loop counters made so far (`w0`, `w1`, ...), to bound `while`.
    counters: usize,
    procs: usize,
    /// Inside a procedure, whose calls must recurse towards its base case.
    in_proc: bool,
}

impl Out {
    fn var(&mut self, kind: char, n: u8) {
        let _ = write!(self.text, "{kind}{}", n % VARS);
    }

    fn strlit(&mut self, bytes: &[u8]) {
        const PALETTE: &[u8] = b"abcxyz 019,.[]{}'\"-+*";
        self.text.push('\'');
        for &b in bytes.iter().take(12) {
            match PALETTE[usize::from(b) % PALETTE.len()] {
                b'\'' => self.text.push_str("''"),
                c => self.text.push(char::from(c)),
            }
        }
        self.text.push('\'');
    }

    fn pattern(&mut self, bytes: &[u8]) {
        const PIECES: &[&str] = &[
            "a", "b", ".", "*", "+", "?", "[a-c]", "(", ")", "|", "^", "$", "x{1,2}", "\\\\",
        ];
        self.text.push('\'');
        for &b in bytes.iter().take(8) {
            self.text.push_str(PIECES[usize::from(b) % PIECES.len()]);
        }
        self.text.push('\'');
    }

    fn int(&mut self, e: &Int, d: usize) {
        if d > MAX_DEPTH {
            return self.text.push('1');
        }
        let d = d + 1;
        match e {
            Int::Lit(n) => {
                let _ = write!(self.text, "({n})");
            }
            Int::Big(n) => {
                let _ = write!(self.text, "({n} * 1000000000000)");
            }
            Int::Var(n) => self.var('i', *n),
            Int::Bound => self.text.push_str("(x ? 0)"),
            Int::Bin(op, a, b) => {
                let op = match op {
                    IntOp::Add => "+",
                    IntOp::Sub => "-",
                    IntOp::Mul => "*",
                    IntOp::Div => "div",
                    IntOp::Mod => "mod",
                    IntOp::Max => "max",
                    IntOp::Min => "min",
                };
                self.text.push('(');
                self.int(a, d);
                let _ = write!(self.text, " {op} ");
                self.int(b, d);
                self.text.push(')');
            }
            Int::Pow(a, n) => {
                self.text.push('(');
                self.int(a, d);
                let _ = write!(self.text, " ** {})", n % 70);
            }
            Int::Neg(a) => self.wrap("(-", |o| o.int(a, d), ")"),
            Int::Abs(a) => self.wrap("(abs ", |o| o.int(a, d), ")"),
            Int::Card(s) => self.wrap("(# ", |o| o.set(s, d), ")"),
            Int::Len(s) => self.wrap("(# ", |o| o.str(s, d), ")"),
            Int::TupLen(t) => self.wrap("(# ", |o| o.tup(t, d), ")"),
            Int::Index(t, i) => {
                self.wrap("(", |o| o.tup(t, d), "(1 max ");
                self.int(i, d);
                self.text.push_str(") ? 0)");
            }
            Int::Apply(m, k) => {
                self.wrap("(", |o| o.map(m, d), "(");
                self.int(k, d);
                self.text.push_str(") ? 0)");
            }
            Int::Arb(s) => self.wrap("(arb ", |o| o.set(s, d), " ? 0)"),
            Int::Sum(t) => self.wrap("(0 +/ ", |o| o.tup(t, d), ")"),
            Int::Cond(b, x, y) => {
                self.wrap("(if ", |o| o.bool(b, d), " then ");
                self.int(x, d);
                self.text.push_str(" else ");
                self.int(y, d);
                self.text.push_str(" end)");
            }
            Int::Call(p, a) => {
                if self.procs == 0 {
                    return self.int(a, d);
                }
                let _ = write!(self.text, "p{}(", usize::from(*p) % self.procs);
                if self.in_proc {
                    // Nearer the base case with each call.
                    self.text.push_str("(n - 1) min ");
                }
                self.int(a, d);
                self.text.push(')');
            }
            Int::Val(s) => self.wrap("(val ", |o| o.str(s, d), " ? 0)"),
            Int::Ord(s) => self.wrap("(abs (", |o| o.str(s, d), " + 'q')(1))"),
            Int::Find(s, p) => {
                self.wrap("(# ((", |o| o.str(s, d), ")(");
                self.pattern(p);
                self.text.push_str(") ? ''))");
            }
        }
    }

    fn str(&mut self, e: &Str, d: usize) {
        if d > MAX_DEPTH {
            return self.text.push_str("'k'");
        }
        let d = d + 1;
        match e {
            Str::Lit(b) => self.strlit(b),
            Str::Var(n) => self.var('s', *n),
            Str::Cat(a, b) => {
                self.wrap("(", |o| o.str(a, d), " + ");
                self.str(b, d);
                self.text.push(')');
            }
            Str::Rep(a, n) => {
                self.wrap("(", |o| o.str(a, d), " * ");
                let _ = write!(self.text, "{})", n % 6);
            }
            Str::Of(i) => self.wrap("(str ", |o| o.int(i, d), ")"),
            Str::OfSet(s) => self.wrap("(str ", |o| o.set(s, d), ")"),
            Str::OfTup(t) => self.wrap("(str ", |o| o.tup(t, d), ")"),
            Str::Slice(s, i, j) => {
                // A slice in range: lo in 1..#s+1, hi in lo-1..#s.
                self.text.push_str("slice(");
                self.str(s, d);
                self.text.push_str(", ");
                self.int(i, d);
                self.text.push_str(", ");
                self.int(j, d);
                self.text.push(')');
            }
            Str::Char(i) => self.wrap("char ((", |o| o.int(i, d), ") mod 256)"),
            Str::Pattern(s, p) => {
                self.wrap("((", |o| o.str(s, d), ")(");
                self.pattern(p);
                self.text.push_str(") ? '')");
            }
            Str::Gsub(s, p, r) => {
                self.text.push_str("subst(");
                self.str(s, d);
                self.text.push_str(", ");
                self.pattern(p);
                self.text.push_str(", ");
                self.str(r, d);
                self.text.push(')');
            }
            Str::Upper(s) => self.wrap("to_upper ", |o| o.str(s, d), ""),
            Str::Pad(s, n) => {
                self.wrap("lpad(", |o| o.str(s, d), ", ");
                let _ = write!(self.text, "{})", n % 20);
            }
            Str::Cond(b, x, y) => {
                self.wrap("(if ", |o| o.bool(b, d), " then ");
                self.str(x, d);
                self.text.push_str(" else ");
                self.str(y, d);
                self.text.push_str(" end)");
            }
        }
    }

    fn bool(&mut self, e: &Bool, d: usize) {
        if d > MAX_DEPTH {
            return self.text.push_str("true");
        }
        let d = d + 1;
        let bin = |o: &mut Out, a: &dyn Fn(&mut Out), op: &str, b: &dyn Fn(&mut Out)| {
            o.text.push('(');
            a(o);
            o.text.push_str(op);
            b(o);
            o.text.push(')');
        };
        match e {
            Bool::Lt(a, b) => bin(self, &|o| o.int(a, d), " < ", &|o| o.int(b, d)),
            Bool::Eq(a, b) => bin(self, &|o| o.int(a, d), " = ", &|o| o.int(b, d)),
            Bool::StrLt(a, b) => bin(self, &|o| o.str(a, d), " < ", &|o| o.str(b, d)),
            Bool::In(a, b) => bin(self, &|o| o.int(a, d), " in ", &|o| o.set(b, d)),
            Bool::InStr(a, b) => bin(self, &|o| o.str(a, d), " in ", &|o| o.str(b, d)),
            Bool::Subset(a, b) => bin(self, &|o| o.set(a, d), " subset ", &|o| o.set(b, d)),
            Bool::TupEq(a, b) => bin(self, &|o| o.tup(a, d), " = ", &|o| o.tup(b, d)),
            Bool::And(a, b) => bin(self, &|o| o.bool(a, d), " and ", &|o| o.bool(b, d)),
            Bool::Or(a, b) => bin(self, &|o| o.bool(a, d), " or ", &|o| o.bool(b, d)),
            Bool::Not(a) => self.wrap("(not ", |o| o.bool(a, d), ")"),
            Bool::Exists(s, i) => {
                self.wrap("(exists q in ", |o| o.set(s, d), " | q > ");
                self.int(i, d);
                self.text.push(')');
            }
            Bool::Forall(t, i) => {
                self.wrap("(forall q in ", |o| o.tup(t, d), " | q /= ");
                self.int(i, d);
                self.text.push(')');
            }
            Bool::Even(i) => self.wrap("(even ", |o| o.int(i, d), ")"),
        }
    }

    fn set(&mut self, e: &Set, d: usize) {
        if d > MAX_DEPTH {
            return self.text.push_str("{}");
        }
        let d = d + 1;
        match e {
            Set::Lit(items) => self.list('{', items, '}', d),
            Set::Var(n) => self.var('a', *n),
            Set::Range(a, b) => {
                self.wrap("{", |o| o.int(a, d), " .. ");
                self.int(b, d);
                self.text.push('}');
            }
            Set::Union(a, b) => self.set_bin(a, " + ", b, d),
            Set::Inter(a, b) => self.set_bin(a, " * ", b, d),
            Set::Diff(a, b) => self.set_bin(a, " - ", b, d),
            Set::With(s, i) => {
                self.wrap("(", |o| o.set(s, d), " with ");
                self.int(i, d);
                self.text.push(')');
            }
            Set::Less(s, i) => {
                self.wrap("(", |o| o.set(s, d), " less ");
                self.int(i, d);
                self.text.push(')');
            }
            Set::Former(e, s, b) => {
                self.wrap("{", |o| o.int(e, d), " : x in ");
                self.set(s, d);
                self.text.push_str(" | ");
                self.bool(b, d);
                self.text.push('}');
            }
            Set::OfTup(t) => self.wrap("{x : x in ", |o| o.tup(t, d), "}"),
            Set::Domain(m) => self.wrap("(domain ", |o| o.map(m, d), ")"),
            Set::Range2(m) => self.wrap("(range ", |o| o.map(m, d), ")"),
            Set::Pow(s) => self.wrap(
                "{# y : y in pow ({x : x in ",
                |o| o.set(s, d),
                "} * {1..8})}",
            ),
        }
    }

    fn set_bin(&mut self, a: &Set, op: &str, b: &Set, d: usize) {
        self.wrap("(", |o| o.set(a, d), op);
        self.set(b, d);
        self.text.push(')');
    }

    fn tup(&mut self, e: &Tup, d: usize) {
        if d > MAX_DEPTH {
            return self.text.push_str("[]");
        }
        let d = d + 1;
        match e {
            Tup::Lit(items) => self.list('[', items, ']', d),
            Tup::Var(n) => self.var('t', *n),
            Tup::Range(a, b) => {
                self.wrap("[", |o| o.int(a, d), " .. ");
                self.int(b, d);
                self.text.push(']');
            }
            Tup::Cat(a, b) => {
                self.wrap("(", |o| o.tup(a, d), " + ");
                self.tup(b, d);
                self.text.push(')');
            }
            Tup::Rep(a, n) => {
                self.wrap("(", |o| o.tup(a, d), " * ");
                let _ = write!(self.text, "{})", n % 6);
            }
            Tup::Slice(t, i, j) => {
                self.text.push_str("slice(");
                self.tup(t, d);
                self.text.push_str(", ");
                self.int(i, d);
                self.text.push_str(", ");
                self.int(j, d);
                self.text.push(')');
            }
            Tup::Former(e, t, b) => {
                self.wrap("[", |o| o.int(e, d), " : x in ");
                self.tup(t, d);
                self.text.push_str(" | ");
                self.bool(b, d);
                self.text.push(']');
            }
            Tup::OfSet(s) => self.wrap("[x : x in ", |o| o.set(s, d), "]"),
            Tup::Split(s) => self.wrap("[# w : w in split(", |o| o.str(s, d), ", ' ')]"),
            Tup::Reverse(t) => self.wrap("reverse(", |o| o.tup(t, d), ")"),
        }
    }

    fn map(&mut self, e: &Map, d: usize) {
        if d > MAX_DEPTH {
            return self.text.push_str("{}");
        }
        let d = d + 1;
        match e {
            Map::Lit(pairs) => {
                self.text.push('{');
                for (n, (k, v)) in pairs.iter().take(6).enumerate() {
                    if n > 0 {
                        self.text.push_str(", ");
                    }
                    self.wrap("[", |o| o.int(k, d), ", ");
                    self.int(v, d);
                    self.text.push(']');
                }
                self.text.push('}');
            }
            Map::Var(n) => self.var('m', *n),
            Map::With(m, k, v) => {
                self.wrap("(", |o| o.map(m, d), " with [");
                self.int(k, d);
                self.text.push_str(", ");
                self.int(v, d);
                self.text.push_str("])");
            }
            Map::Former(s, v) => {
                self.wrap("{[x, ", |o| o.int(v, d), "] : x in ");
                self.set(s, d);
                self.text.push('}');
            }
            Map::Union(a, b) => {
                // The union of two maps may be multi-valued: keep the first.
                self.wrap("fmap(", |o| o.map(a, d), ", ");
                self.map(b, d);
                self.text.push(')');
            }
            Map::Lessf(m, k) => {
                self.wrap("(", |o| o.map(m, d), " lessf ");
                self.int(k, d);
                self.text.push(')');
            }
            Map::Inverse(m) => self.wrap("fmap({[y, x] : [x, y] in ", |o| o.map(m, d), "}, {})"),
        }
    }

    fn list(&mut self, open: char, items: &[Int], close: char, d: usize) {
        self.text.push(open);
        for (n, i) in items.iter().take(6).enumerate() {
            if n > 0 {
                self.text.push_str(", ");
            }
            self.int(i, d);
        }
        self.text.push(close);
    }

    fn wrap(&mut self, before: &str, f: impl FnOnce(&mut Out), after: &str) {
        self.text.push_str(before);
        f(self);
        self.text.push_str(after);
    }

    /// A body of statements; `pass` keeps an empty one a statement.
    fn stmts(&mut self, body: &[Stmt], d: usize) {
        self.text.push_str("pass;\n");
        for s in body.iter().take(8) {
            self.stmt(s, d);
        }
    }

    fn stmt(&mut self, s: &Stmt, d: usize) {
        if d > MAX_DEPTH {
            return;
        }
        let d = d + 1;
        let assign = |o: &mut Out, kind: char, n: u8, op: &str, rhs: &dyn Fn(&mut Out)| {
            o.var(kind, n);
            o.text.push_str(op);
            rhs(o);
            o.text.push_str(";\n");
        };
        match s {
            Stmt::Int(n, e) => assign(self, 'i', *n, " := ", &|o| o.int(e, d)),
            Stmt::Str(n, e) => assign(self, 's', *n, " := ", &|o| o.str(e, d)),
            Stmt::Set(n, e) => assign(self, 'a', *n, " := ", &|o| o.set(e, d)),
            Stmt::Tup(n, e) => assign(self, 't', *n, " := ", &|o| o.tup(e, d)),
            Stmt::Map(n, e) => assign(self, 'm', *n, " := ", &|o| o.map(e, d)),
            Stmt::AddTo(n, e) => assign(self, 'i', *n, " +:= ", &|o| o.int(e, d)),
            Stmt::SetWith(n, e) => assign(self, 'a', *n, " with:= ", &|o| o.int(e, d)),
            Stmt::TupElem(n, i, e) => {
                self.var('t', *n);
                self.text.push_str("(1 + (abs ");
                self.int(i, d);
                self.text.push_str(") mod 50) := ");
                self.int(e, d);
                self.text.push_str(";\n");
            }
            Stmt::MapElem(n, k, e) => {
                self.var('m', *n);
                self.text.push('(');
                self.int(k, d);
                self.text.push_str(") := ");
                self.int(e, d);
                self.text.push_str(";\n");
            }
            Stmt::StrSlice(n, i, j, e) => {
                // A slice assignment in range, through the helper below.
                self.var('s', *n);
                self.text.push_str(" := splice(");
                self.var('s', *n);
                self.text.push_str(", ");
                self.int(i, d);
                self.text.push_str(", ");
                self.int(j, d);
                self.text.push_str(", ");
                self.str(e, d);
                self.text.push_str(");\n");
            }
            Stmt::If(b, t, e) => {
                self.wrap("if ", |o| o.bool(b, d), " then\n");
                self.stmts(t, d);
                self.text.push_str("else\n");
                self.stmts(e, d);
                self.text.push_str("end if;\n");
            }
            Stmt::ForSet(s, body) => {
                self.wrap("for x in ", |o| o.set(s, d), " loop\n");
                self.stmts(body, d);
                self.text.push_str("end loop;\n");
            }
            Stmt::ForTup(t, body) => {
                self.wrap("for x in ", |o| o.tup(t, d), " loop\n");
                self.stmts(body, d);
                self.text.push_str("end loop;\n");
            }
            Stmt::ForMap(m, body) => {
                self.wrap("for [x, y] in ", |o| o.map(m, d), " loop\n");
                self.stmts(body, d);
                self.text.push_str("end loop;\n");
            }
            Stmt::While(b, body) => {
                let w = self.counters;
                self.counters += 1;
                let _ = write!(self.text, "w{w} := 0;\nwhile w{w} < 20 and ");
                self.bool(b, d);
                let _ = writeln!(self.text, " loop\nw{w} +:= 1;");
                self.stmts(body, d);
                self.text.push_str("end loop;\n");
            }
            Stmt::PrintInt(e) => self.wrap("print(", |o| o.int(e, d), ");\n"),
            Stmt::PrintStr(e) => self.wrap("print(", |o| o.str(e, d), ");\n"),
            Stmt::PrintSet(e) => self.wrap("print(", |o| o.set(e, d), ");\n"),
            Stmt::PrintTup(e) => self.wrap("print(", |o| o.tup(e, d), ");\n"),
            Stmt::PrintMap(e) => self.wrap("print(", |o| o.map(e, d), ");\n"),
            Stmt::Unstr(e) => self.wrap("print(unstr str ", |o| o.str(e, d), ");\n"),
        }
    }

    /// Sets every variable of every type, so each is of its type from the
    /// first statement on.
    fn init(&mut self, ints: &[i16; 3]) {
        for n in 0..VARS {
            let i = ints[usize::from(n)];
            let _ = writeln!(
                self.text,
                "i{n} := {i}; s{n} := 'v{n}'; a{n} := {{{i}, {n}}}; t{n} := [{n}, {i}]; m{n} := {{[{n}, {i}]}};"
            );
        }
        self.text.push_str("x := 0; y := 0;\n");
    }
}

/// Helpers the generated programs call: in-range slices, a slice
/// assignment, and a map made single-valued.
const HELPERS: &str = "
proc slice(s, i, j);
  lo := 1 + (abs i) mod (#s + 1);
  hi := (lo - 1) + (abs j) mod (#s - lo + 2);
  return s(lo..hi);
end proc;
proc splice(s, i, j, r);
  lo := 1 + (abs i) mod (#s + 1);
  hi := (lo - 1) + (abs j) mod (#s - lo + 2);
  s(lo..hi) := r;
  return s;
end proc;
proc subst(s, p, r);
  gsub(s, p, r);
  return s;
end proc;
proc fmap(a, b);
  r := {};
  for [k, v] in a + b | r(k) = om loop r(k) := v; end loop;
  return r;
end proc;
";

impl Program {
    fn render(&self) -> String {
        let mut out = Out {
            text: String::new(),
            counters: 0,
            procs: self.procs.len().min(3),
            in_proc: false,
        };
        out.init(&self.init);
        out.text.push_str("pass;\n");
        for s in self.stmts.iter().take(60) {
            out.stmt(s, 0);
        }
        for k in 0..out.procs {
            let _ = writeln!(out.text, "print(p{k}({}));", k + 3);
        }
        for (k, p) in self.procs.iter().take(3).enumerate() {
            // Calls nest at most MAX_CALL_DEPTH deep, so that a few calls
            // in a body cannot take the program's whole time.
            let _ = writeln!(
                out.text,
                "proc p{k}(n);\nif n <= 0 or n > {MAX_CALL_DEPTH} then return n; end if;"
            );
            out.init(&[0, 1, 2]);
            out.text.push_str("i0 := n;\n");
            out.in_proc = true;
            out.stmts(&p.stmts, 1);
            out.text.push_str("return ");
            out.int(&p.result, 1);
            out.in_proc = false;
            out.text.push_str(";\nend proc;\n");
        }
        out.text.push_str(HELPERS);
        out.text
    }
}

libfuzzer_sys::fuzz_target!(init: setl::fuzzing::discard_output(), |p: Program| {
    let text = p.render();
    if std::env::var_os("SETL_FUZZ_PRINT").is_some() {
        eprintln!("{text}");
    }
    setl::fuzzing::run_program(text.as_bytes());
});
