//! Name resolution, done once before the run: variables get frame or
//! global slots, calls are told apart from selections, operators and
//! library names are bound, and `quit`/`continue` find their loops.
//!
//! Scoping follows GNU SETL (reference notes §4.3): names declared with
//! var/const/init at program level are global; every other name belongs to
//! the routine that uses it, and the main program's plain variables are not
//! visible in routines. Packages (`units.rs`) give each unit its own table
//! of globals and routines.

mod late;
mod units;

use crate::builtins;
use crate::diag::{Diag, Span};
use crate::syntax::ast::*;
use crate::syntax::tails::names_prefix;
use crate::syntax::token::Tok;
use crate::value::Value;
use std::collections::HashMap;

/// A compilation unit ready to run: its main body and the routines it
/// defines, each with the routine index it is installed under.
pub struct Resolved {
    pub main: Body,
    /// Size of the main program's frame (it grows across REPL entries).
    pub main_locals: u32,
    pub routines: Vec<(u32, Routine)>,
    pub nglobals: u32,
}

struct RoutineInfo {
    kind: RoutineKind,
    nparams: usize,
    variadic: bool,
    /// Library routines may be redefined by a program and do not hide
    /// variables of the same name.
    from_library: bool,
}

/// Name tables that persist across the units of one run: the library,
/// the program, and each entry typed at the REPL.
pub struct Resolver {
    ids: HashMap<String, u32>,
    info: Vec<RoutineInfo>,
    /// The globals visible in the unit being resolved.
    globals: HashMap<String, u32>,
    /// Global slots handed out so far (packages can hold globals of the
    /// same name, so this can exceed `globals.len()`).
    nglobals: u32,
    /// Selectors declared by `sel`: `t.name` means `t(expr)`.
    sels: HashMap<String, Expr>,
    /// Packages that the unit being resolved may qualify names with.
    packages: HashMap<String, units::Exports>,
    /// The program's name and its declared globals, for `prog.x`.
    program: Option<(String, HashMap<String, u32>)>,
    main_locals: HashMap<String, u32>,
    next_loop: u32,
    // The scope being resolved.
    locals: HashMap<String, u32>,
    refinements: HashMap<String, u32>,
    used_refinements: Vec<bool>,
    loops: Vec<(u32, Vec<Tok>)>,
    in_routine: bool,
}

type R<T> = Result<T, Diag>;

impl Default for Resolver {
    fn default() -> Self {
        Self::new()
    }
}

impl Resolver {
    pub fn new() -> Resolver {
        Resolver {
            ids: HashMap::new(),
            info: Vec::new(),
            globals: HashMap::new(),
            nglobals: 0,
            sels: HashMap::new(),
            packages: HashMap::new(),
            program: None,
            main_locals: HashMap::new(),
            next_loop: 1,
            locals: HashMap::new(),
            refinements: HashMap::new(),
            used_refinements: Vec::new(),
            loops: Vec::new(),
            in_routine: false,
        }
    }

    /// Resolves a unit against everything added before. A routine whose
    /// name is taken replaces the earlier one if that came from the
    /// library or from an earlier unit (`library` units never replace).
    pub fn add(&mut self, prog: Program, library: bool) -> R<Resolved> {
        if !prog.packages.is_empty() || !prog.uses.is_empty() {
            return self.add_units(prog);
        }
        let routines = self.install_routines(prog.routines, library)?;
        let mut main = prog.main;
        take_sels(&mut main.decls, &mut self.sels);
        for d in &mut main.decls {
            let slot = match self.globals.get(&d.name) {
                Some(&slot) => slot,
                None => {
                    let slot = self.new_global();
                    self.globals.insert(d.name.clone(), slot);
                    slot
                }
            };
            d.slot = Slot::Global(slot);
        }
        if let Some(name) = prog.name {
            self.program = Some((name, self.globals.clone()));
        }
        self.resolve_unit(main, routines)
    }

    fn new_global(&mut self) -> u32 {
        self.nglobals += 1;
        self.nglobals - 1
    }

    /// Gives routines their indices (see `add`).
    fn install_routines(&mut self, list: Vec<Routine>, library: bool) -> R<Vec<(u32, Routine)>> {
        let mut routines: Vec<(u32, Routine)> = Vec::new();
        let mut defined_here: Vec<&str> = Vec::new();
        let names: Vec<String> = list.iter().map(|r| r.name.clone()).collect();
        for (rt, name) in list.iter().zip(&names) {
            if defined_here.contains(&name.as_str()) {
                return Err(Diag::stat(rt.span, format!("'{name}' is defined twice")));
            }
            defined_here.push(name);
        }
        for rt in list {
            let info = RoutineInfo {
                kind: rt.kind,
                nparams: rt.params.len(),
                variadic: rt.variadic,
                from_library: library,
            };
            let id = match self.ids.get(&rt.name) {
                // A library routine never replaces one already defined.
                Some(_) if library => continue,
                Some(&id) => {
                    self.info[id as usize] = info;
                    id
                }
                None => {
                    let id = self.info.len() as u32;
                    self.ids.insert(rt.name.clone(), id);
                    self.info.push(info);
                    id
                }
            };
            routines.push((id, rt));
        }
        Ok(routines)
    }

    /// Resolves a main body (its declarations have their slots) and
    /// routines in the current name tables.
    fn resolve_unit(&mut self, mut main: Body, mut routines: Vec<(u32, Routine)>) -> R<Resolved> {
        self.in_routine = false;
        self.locals = std::mem::take(&mut self.main_locals);
        let main_result = self.body(&mut main, &[]);
        self.main_locals = std::mem::take(&mut self.locals);
        main_result?;
        for (_, rt) in &mut routines {
            self.routine(rt)?;
        }
        Ok(Resolved {
            main,
            main_locals: self.main_locals.len() as u32,
            routines,
            nglobals: self.nglobals,
        })
    }

    /// Resolves a routine; selectors it declares end with it.
    fn routine(&mut self, rt: &mut Routine) -> R<()> {
        self.in_routine = true;
        self.locals.clear();
        let saved = self.sels.clone();
        take_sels(&mut rt.body.decls, &mut self.sels);
        let names: Vec<String> = rt.params.iter().map(|p| p.name.clone()).collect();
        let r = self.body(&mut rt.body, &names);
        self.sels = saved;
        self.in_routine = false;
        rt.nlocals = r?;
        Ok(())
    }

    /// The session's variables: main-program variables, then globals.
    pub fn variables(&self) -> Vec<(String, Slot)> {
        let mut v: Vec<(String, Slot)> = self
            .main_locals
            .iter()
            .map(|(n, &i)| (n.clone(), Slot::Local(i)))
            .chain(
                self.globals
                    .iter()
                    .map(|(n, &i)| (n.clone(), Slot::Global(i))),
            )
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    /// The names a REPL user can complete: variables and routines.
    pub fn known_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .main_locals
            .keys()
            .chain(self.globals.keys())
            .chain(self.ids.keys())
            .cloned()
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

impl Resolver {
    /// Resolves one routine body (or the main program); returns its frame size.
    fn body(&mut self, b: &mut Body, params: &[String]) -> R<u32> {
        for p in params {
            let n = self.locals.len() as u32;
            self.locals.insert(p.clone(), n);
        }
        self.refinements = b
            .refinements
            .iter()
            .enumerate()
            .map(|(i, (n, _, _))| (n.clone(), i as u32))
            .collect();
        self.used_refinements = vec![false; b.refinements.len()];
        if self.in_routine {
            for d in &mut b.decls {
                d.slot = self.new_local(&d.name);
            }
        }
        for d in &mut b.decls {
            if let Some(e) = &mut d.init {
                self.expr(e)?;
            }
        }
        self.stmts(&mut b.stmts)?;
        for (_, body, _) in &mut b.refinements {
            self.stmts(body)?;
        }
        if let Some(i) = self.used_refinements.iter().position(|u| !u) {
            let (name, _, span) = &b.refinements[i];
            return Err(Diag::stat(
                *span,
                format!("refinement '{name}' is never used"),
            ));
        }
        Ok(self.locals.len() as u32)
    }

    fn new_local(&mut self, name: &str) -> Slot {
        let n = self.locals.len() as u32;
        Slot::Local(*self.locals.entry(name.to_string()).or_insert(n))
    }

    fn is_variable(&self, name: &str) -> bool {
        self.locals.contains_key(name) || self.globals.contains_key(name)
    }

    fn var_slot(&mut self, name: &str, span: Span) -> R<Slot> {
        if let Some(&i) = self.locals.get(name) {
            return Ok(Slot::Local(i));
        }
        if let Some(&i) = self.globals.get(name) {
            return Ok(Slot::Global(i));
        }
        if let Some(&id) = self.ids.get(name) {
            if !self.info[id as usize].from_library {
                return Err(Diag::stat(
                    span,
                    format!("'{name}' is a procedure: calls in expressions need parentheses, as in {name}()"),
                ));
            }
        }
        Ok(self.new_local(name))
    }

    /// The routine a called name denotes, unless a variable hides it;
    /// `p.f` names routine f of package p.
    fn callee(&self, f: &Expr) -> Option<u32> {
        let id = match &f.kind {
            ExprKind::Var(name, _) if !self.is_variable(name) => self.ids.get(name).copied(),
            ExprKind::Field(base, key) => match (&base.kind, field_name(key)) {
                (ExprKind::Var(p, _), Some(name)) if !self.is_variable(p) => {
                    self.packages.get(p)?.routines.get(&name).copied()
                }
                _ => None,
            },
            _ => None,
        };
        id.filter(|&id| self.info[id as usize].kind == RoutineKind::Proc)
    }

    /// Rewrites `p.x` (see `ExprKind::Field`): a name from a package or
    /// the program becomes that variable, `x` declared by `sel` becomes
    /// its subscript, anything else the field `p('x')`. Returns whether the
    /// result is fully resolved.
    fn field(&mut self, e: &mut Expr) -> R<bool> {
        let ExprKind::Field(base, key) = &mut e.kind else {
            return Ok(false);
        };
        let name = field_name(key).unwrap_or_default();
        if let ExprKind::Var(q, _) = &base.kind {
            if !self.is_variable(q) {
                if let Some(slot) = self.qualified(q, &name, key.span)? {
                    e.kind = ExprKind::Var(name, slot);
                    return Ok(true);
                }
            }
        }
        let base = std::mem::replace(
            &mut **base,
            Expr {
                kind: ExprKind::Hole,
                span: e.span,
            },
        );
        let key = match self.sels.get(&name) {
            Some(sel) => sel.clone(),
            None => std::mem::replace(
                &mut **key,
                Expr {
                    kind: ExprKind::Hole,
                    span: e.span,
                },
            ),
        };
        e.kind = ExprKind::Apply(Box::new(base), vec![key], false);
        Ok(false)
    }

    /// The global `q.name` denotes, when q is a package or the program.
    fn qualified(&self, q: &str, name: &str, span: Span) -> R<Option<Slot>> {
        if let Some(p) = self.packages.get(q) {
            return match p.vars.get(name) {
                Some(&slot) => Ok(Some(Slot::Global(slot))),
                None if p.routines.contains_key(name) => Err(Diag::stat(
                    span,
                    format!("'{q}.{name}' is a procedure: calls in expressions need parentheses, as in {q}.{name}()"),
                )),
                None => Err(Diag::stat(
                    span,
                    format!("'{name}' is not made public by package '{q}'"),
                )),
            };
        }
        Ok(match &self.program {
            Some((prog, globals)) if prog == q => globals.get(name).map(|&s| Slot::Global(s)),
            _ => None,
        })
    }

    fn check_arity(&self, id: u32, name: &str, args: &[Expr], spread: bool, span: Span) -> R<()> {
        let info = &self.info[id as usize];
        let n = args.len();
        let ok = if info.variadic {
            n + 1 >= info.nparams || spread
        } else {
            n == info.nparams || spread
        };
        if ok {
            return Ok(());
        }
        let want = if info.variadic {
            format!("at least {}", info.nparams - 1)
        } else {
            info.nparams.to_string()
        };
        Err(Diag::stat(
            span,
            format!("{name} takes {want} argument(s), but this call passes {n}"),
        ))
    }

    fn user_op(&self, name: &str, span: Span) -> R<u32> {
        self.ids
            .get(name)
            .copied()
            .ok_or_else(|| Diag::stat(span, format!("operator '{name}' is not defined")))
    }

    fn builtin(&self, name: &str, span: Span) -> R<&'static builtins::Builtin> {
        builtins::lookup(name)
            .ok_or_else(|| Diag::stat(span, format!("'{name}' is not implemented")))
    }

    fn exprs(&mut self, es: &mut [Expr]) -> R<()> {
        for e in es {
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &mut Expr) -> R<()> {
        let span = e.span;
        match &mut e.kind {
            ExprKind::Lit(_) | ExprKind::Hole => {}
            ExprKind::Field(..) => {
                if !self.field(e)? {
                    self.expr(e)?;
                }
            }
            ExprKind::LateCall(call) => self.expr(call)?,
            ExprKind::Var(name, slot) => *slot = self.var_slot(name, span)?,
            ExprKind::Sysval(name) => {
                if !builtins::is_sysval(name) {
                    return Err(Diag::stat(span, format!("'{name}' is not implemented")));
                }
            }
            ExprKind::Neg(a) | ExprKind::Pos(a) | ExprKind::Not(a) => self.expr(a)?,
            ExprKind::Unary(name, a) => {
                self.expr(a)?;
                let b = self.builtin(name, span)?;
                let arg = std::mem::replace(
                    &mut **a,
                    Expr {
                        kind: ExprKind::Hole,
                        span,
                    },
                );
                e.kind = ExprKind::Builtin(b, vec![arg], false);
            }
            ExprKind::UserUnary(name, id, a) => {
                *id = Some(self.user_op(name, span)?);
                self.expr(a)?;
            }
            ExprKind::Binary(_, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
            }
            ExprKind::UserBinary(name, id, a, b) => {
                *id = Some(self.user_op(name, span)?);
                self.expr(a)?;
                self.expr(b)?;
            }
            ExprKind::Reduce(op, init, body) => {
                if let OpRef::User(name, id) = op {
                    *id = Some(self.user_op(name, span)?);
                }
                if let Some(i) = init {
                    self.expr(i)?;
                }
                self.expr(body)?;
            }
            ExprKind::Apply(f, args, spread) => {
                self.exprs(args)?;
                if let Some(id) = self.callee(f) {
                    let name = match &f.kind {
                        ExprKind::Var(n, _) => n.clone(),
                        _ => String::new(),
                    };
                    self.check_arity(id, &name, args, *spread, span)?;
                    e.kind = ExprKind::Call(id, std::mem::take(args), *spread);
                    late::mark(e);
                } else {
                    self.expr(f)?;
                }
            }
            ExprKind::Image(f, args) => {
                self.exprs(args)?;
                self.expr(f)?;
            }
            ExprKind::Slice(f, lo, hi) => {
                self.expr(f)?;
                if let Some(x) = lo {
                    self.expr(x)?;
                }
                if let Some(x) = hi {
                    self.expr(x)?;
                }
            }
            ExprKind::Call(_, args, _) | ExprKind::Builtin(_, args, _) => self.exprs(args)?,
            ExprKind::SysCall(name, args, spread) => {
                self.exprs(args)?;
                if let Some(b) = builtins::lookup(name) {
                    let (from, to) = b.rw;
                    if let Some(bad) = args.iter().take(to).skip(from).find(|a| !a.is_assignable())
                    {
                        return Err(Diag::stat(
                            bad.span,
                            format!("cannot store into this: {name} changes this argument, so it must be a variable"),
                        ));
                    }
                    e.kind = ExprKind::Builtin(b, std::mem::take(args), *spread);
                    late::mark(e);
                } else if let Some(&id) = self.ids.get(name.as_str()) {
                    let name = name.clone();
                    self.check_arity(id, &name, args, *spread, span)?;
                    e.kind = ExprKind::Call(id, std::mem::take(args), *spread);
                    late::mark(e);
                } else {
                    return Err(Diag::stat(span, format!("'{name}' is not implemented")));
                }
            }
            ExprKind::CallIndirect(f, args, _) => {
                self.expr(f)?;
                self.exprs(args)?;
            }
            ExprKind::RoutineRef(name, id) => {
                *id = Some(
                    self.ids
                        .get(name.as_str())
                        .copied()
                        .ok_or_else(|| Diag::stat(span, format!("no procedure named '{name}'")))?,
                );
            }
            ExprKind::Tuple(items) | ExprKind::Set(items) => self.exprs(items)?,
            ExprKind::Range(_, a, b, c) => {
                self.expr(a)?;
                if let Some(b) = b {
                    self.expr(b)?;
                }
                self.expr(c)?;
            }
            ExprKind::Former(_, elem, iters) => {
                self.iters(iters)?;
                self.expr(elem)?;
            }
            ExprKind::ClauseFormer(_, elem, c) => {
                self.clauses(c)?;
                self.expr(elem)?;
            }
            ExprKind::Quantifier(_, iters) => self.iters(iters)?,
            ExprKind::If(arms, other) => {
                for (c, v) in arms {
                    self.expr(c)?;
                    self.expr(v)?;
                }
                self.expr(other)?;
            }
            ExprKind::Case(subject, arms, other) => {
                if let Some(s) = subject {
                    self.expr(s)?;
                }
                for (vals, v) in arms {
                    self.exprs(vals)?;
                    self.expr(v)?;
                }
                self.expr(other)?;
            }
            ExprKind::Assign(t, v) => {
                self.expr(v)?;
                self.target(t)?;
            }
            ExprKind::AccumAssign(op, t, v) => {
                if let OpRef::User(name, id) = op {
                    *id = Some(self.user_op(name, span)?);
                }
                self.expr(v)?;
                self.target(t)?;
            }
            ExprKind::Block(stmts) => self.stmts(stmts)?,
        }
        Ok(())
    }

    /// An assignment target: like an expression, but a tuple may hold `-`.
    fn target(&mut self, t: &mut Expr) -> R<()> {
        match &mut t.kind {
            ExprKind::Tuple(items) => {
                for i in items {
                    self.target(i)?;
                }
                Ok(())
            }
            ExprKind::Var(..)
            | ExprKind::Field(..)
            | ExprKind::Apply(..)
            | ExprKind::Image(..)
            | ExprKind::Slice(..)
            | ExprKind::Hole => self.expr(t),
            ExprKind::Sysval(n) if n == "magic" || n == "intslash" => Ok(()),
            _ => Err(Diag::stat(t.span, "cannot assign to this")),
        }
    }

    fn iters(&mut self, it: &mut Iters) -> R<()> {
        for i in &mut it.iters {
            match i {
                Iter::In(t, d) => {
                    self.expr(d)?;
                    self.target(t)?;
                }
                Iter::Map(t, m, xs, _) => {
                    self.expr(m)?;
                    for x in xs.iter_mut() {
                        self.target(x)?;
                    }
                    self.target(t)?;
                }
            }
        }
        if let Some(c) = &mut it.cond {
            self.expr(c)?;
        }
        Ok(())
    }

    fn stmts(&mut self, ss: &mut [Stmt]) -> R<()> {
        for s in ss {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &mut Stmt) -> R<()> {
        let span = s.span;
        match &mut s.kind {
            StmtKind::Assign(t, v) => {
                self.expr(v)?;
                self.target(t)?;
                crate::inplace::mark(&mut s.kind);
            }
            StmtKind::Accum(op, t, v) => {
                if let OpRef::User(name, id) = op {
                    *id = Some(self.user_op(name, span)?);
                }
                self.expr(v)?;
                self.target(t)?;
            }
            StmtKind::Call(e) => {
                if let (ExprKind::Field(..), Some(id)) = (&e.kind, self.callee(e)) {
                    self.check_arity(id, "this routine", &[], false, span)?;
                    e.kind = ExprKind::Call(id, vec![], false);
                    return Ok(());
                }
                if let ExprKind::Var(name, _) = &e.kind {
                    if let Some(&i) = self.refinements.get(name.as_str()) {
                        self.used_refinements[i as usize] = true;
                        s.kind = StmtKind::Refinement(i);
                        return Ok(());
                    }
                    if let Some(id) = self.callee(e) {
                        let name = name.clone();
                        self.check_arity(id, &name, &[], false, span)?;
                        e.kind = ExprKind::Call(id, vec![], false);
                        return Ok(());
                    }
                    return Err(Diag::stat(
                        e.span,
                        format!(
                            "'{name}' is not a procedure or refinement, so it cannot be called"
                        ),
                    ));
                }
                if let ExprKind::Apply(f, _, _) = &e.kind {
                    if let ExprKind::Var(name, _) = &f.kind {
                        if self.callee(f).is_none() && !self.is_variable(name) {
                            return Err(Diag::stat(f.span, format!("no procedure named '{name}'")));
                        }
                    }
                }
                self.expr(e)?;
                if !matches!(
                    e.kind,
                    ExprKind::Call(..)
                        | ExprKind::Builtin(..)
                        | ExprKind::CallIndirect(..)
                        | ExprKind::LateCall(..)
                ) {
                    return Err(Diag::stat(e.span, "this cannot be called"));
                }
            }
            // Reassign is made here, from an Assign whose names are bound.
            StmtKind::Refinement(_)
            | StmtKind::Pass
            | StmtKind::Goto(_)
            | StmtKind::Reassign(..) => {}
            StmtKind::From(_, t, src) => {
                self.target(src)?;
                self.target(t)?;
            }
            StmtKind::If(arms, other) => {
                for (c, b) in arms {
                    self.expr(c)?;
                    self.stmts(b)?;
                }
                if let Some(b) = other {
                    self.stmts(b)?;
                }
            }
            StmtKind::Case(subject, arms, other) => {
                if let Some(x) = subject {
                    self.expr(x)?;
                }
                for (vals, b) in arms {
                    self.exprs(vals)?;
                    self.stmts(b)?;
                }
                if let Some(b) = other {
                    self.stmts(b)?;
                }
            }
            StmtKind::Loop(kind, body, header, id) => {
                *id = self.next_loop;
                self.next_loop += 1;
                match kind {
                    LoopKind::For(it) => self.iters(it)?,
                    LoopKind::While(c) | LoopKind::Until(c) => self.expr(c)?,
                    LoopKind::Forever | LoopKind::Clauses(_) => {}
                }
                self.loops.push((*id, header.clone()));
                let r = match kind {
                    LoopKind::Clauses(c) => self.clauses(c).and_then(|()| self.stmts(body)),
                    _ => self.stmts(body),
                };
                self.loops.pop();
                r?;
            }
            StmtKind::Quit(tail, target) | StmtKind::Continue(tail, target) => {
                *target = self.find_loop(tail, span)?;
            }
            StmtKind::Return(e) | StmtKind::Stop(e) => {
                if let Some(e) = e {
                    self.expr(e)?;
                }
            }
            StmtKind::Assert(e) | StmtKind::Yield(e) => self.expr(e)?,
            StmtKind::Label(_, inner) => self.stmt(inner)?,
            StmtKind::Choice(..) => {
                return Err(Diag::stat(
                    span,
                    "a '(values):' choice label must be directly inside 'case … of'",
                ))
            }
        }
        Ok(())
    }

    /// The parts of a CIMS loop header (inside the loop, for `quit`).
    fn clauses(&mut self, c: &mut Clauses) -> R<()> {
        if let Some(it) = &mut c.iters {
            self.iters(it)?;
        }
        for e in [&mut c.while_, &mut c.until].into_iter().flatten() {
            self.expr(e)?;
        }
        for b in [&mut c.init, &mut c.doing, &mut c.step, &mut c.term] {
            self.stmts(b)?;
        }
        Ok(())
    }

    /// The loop a `quit`/`continue` tail names: the innermost loop whose
    /// header starts with the tail's tokens (a trailing `loop` is optional).
    fn find_loop(&self, tail: &[Tok], span: Span) -> R<u32> {
        if self.loops.is_empty() {
            return Err(Diag::stat(span, "quit or continue outside any loop"));
        }
        let tail: Vec<&Tok> = tail.iter().collect();
        for (id, header) in self.loops.iter().rev() {
            if names_prefix(&tail, header.iter()) {
                return Ok(*id);
            }
        }
        Err(Diag::stat(
            span,
            "no enclosing loop starts with the tokens after quit or continue",
        ))
    }
}

/// The name in a field's key (a string literal made by the parser).
fn field_name(key: &Expr) -> Option<String> {
    match &key.kind {
        ExprKind::Lit(Value::Str(s)) => Some(String::from_utf8_lossy(s.as_bytes()).into_owned()),
        _ => None,
    }
}

/// Moves the `sel` declarations out of a body's declarations into `sels`.
fn take_sels(decls: &mut Vec<Decl>, sels: &mut HashMap<String, Expr>) {
    decls.retain_mut(|d| {
        if d.kind != DeclKind::Sel {
            return true;
        }
        if let Some(e) = d.init.take() {
            sels.insert(d.name.clone(), e);
        }
        false
    });
}
