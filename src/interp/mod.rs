//! The evaluator. Names were resolved to slots before the run, so a
//! variable access is an index into the current frame or the globals.
//! Bodies run as closures compiled from the tree (`compile`); the tree
//! walker (`expr`, `stmt`, `assign`, `iter`) runs what has no closure of
//! its own, and the REPL's bare expressions.

mod assign;
mod compile;
mod expr;
mod iter;
mod stmt;

use crate::diag::{Diag, Sources, Span};
use crate::io::Io;
use crate::limits::{stack_position, STACK_USE_LIMIT};
use crate::ops::Fail;
use crate::syntax::ast::{Body, Mode, Routine, Slot};
use crate::value::Value;
use compile::Compiled;
use std::rc::Rc;

/// Everything that leaves the normal flow of evaluation: errors and the
/// non-local exits of statements.
///
/// It is kept to 16 bytes, so a statement's `Res<()>` comes back in two
/// registers: `return` and `yield` leave their value in `Interp::carried`,
/// and a `goto` label is boxed.
#[derive(Debug)]
pub enum Ctrl {
    Error(Box<Diag>),
    Return,
    Quit(u32),
    Continue(u32),
    Goto(Box<String>),
    Stop(i32),
    Yield,
}

pub type Res<T> = Result<T, Ctrl>;

/// Wraps an operation failure with the position of the operation.
pub fn fail_at(f: Fail, span: Span) -> Ctrl {
    let mut d = Diag::runtime(span, f.msg);
    d.notes = f.notes;
    Ctrl::Error(Box::new(d))
}

#[cold]
#[inline(never)]
fn too_deep(span: Span) -> Ctrl {
    error_at(
        span,
        "recursion too deep: the calls nest deeper than the interpreter's stack allows",
    )
}

#[cold]
#[inline(never)]
fn label_not_found(label: &str, r: &Routine, span: Span) -> Ctrl {
    error_at(span, format!("label '{label}' not found in {}", r.name))
}

/// The error that ends a run the stop flag asks to end (Ctrl-C, a limit),
/// at `span`; kept out of line, as the loops that check the flag are hot.
#[cold]
#[inline(never)]
pub fn stopped_at(span: Span) -> Ctrl {
    error_at(span, crate::interrupt::message())
}

pub fn error_at(span: Span, msg: impl Into<String>) -> Ctrl {
    Ctrl::Error(Box::new(Diag::runtime(span, msg)))
}

/// How a unit's run ended.
#[derive(Debug)]
pub enum Outcome {
    /// It ran to its end (or returned).
    Done,
    /// `stop n`: the program asks to exit with status n.
    Stopped(i32),
    Failed(Box<Diag>),
}

/// Interpreter state: the installed routines and the run-time environment.
pub struct Interp {
    pub sources: Sources,
    routines: Vec<Rc<Installed>>,
    main: Rc<Body>,
    globals: Vec<Value>,
    /// Every frame lives on one value stack: the running routine's locals
    /// are `stack[fp..]`, parameters first. A call pushes its arguments,
    /// grows the stack to the callee's size and truncates it back when it
    /// returns, so a call allocates nothing. The main program's frame sits
    /// at the bottom.
    stack: Vec<Value>,
    fp: usize,
    /// The size of the main program's frame.
    main_len: usize,
    /// Stack position when the run started; calls are refused when the
    /// stack has grown too far below it.
    stack_base: usize,
    /// The routine running now (None for the main program), for refinements.
    current: Option<u32>,
    nargs: usize,
    /// The value of the `return` or `yield` on its way out (see `Ctrl`).
    carried: Value,
    /// Emptied argument vectors of finished library calls, for reuse.
    spare_args: Vec<Vec<Value>>,
    pub io: Io,
    pub lib: crate::builtins::State,
    /// The session goes on after a runtime error (the REPL), so values
    /// must survive a failed call: see `hand_over`.
    pub resumable: bool,
}

impl Interp {
    pub fn new(sources: Sources, args: Vec<Vec<u8>>, name: Vec<u8>) -> Interp {
        Interp {
            sources,
            routines: Vec::new(),
            main: Rc::new(Body::default()),
            globals: Vec::new(),
            stack: Vec::new(),
            fp: 0,
            main_len: 0,
            stack_base: stack_position(),
            current: None,
            nargs: 0,
            carried: Value::Om,
            spare_args: Vec::new(),
            io: Io::new(),
            lib: crate::builtins::State::new(args, name),
            resumable: false,
        }
    }

    /// Installs a resolved unit's routines (replacing earlier ones with the
    /// same index) and runs its main body in the persistent main frame.
    pub fn run(&mut self, unit: crate::resolve::Resolved) -> Outcome {
        self.install(&unit);
        for (id, r) in unit.routines {
            let id = id as usize;
            let r = Rc::new(Installed::new(r));
            if id < self.routines.len() {
                self.routines[id] = r;
            } else {
                self.routines.push(r);
            }
        }
        self.main = Rc::new(unit.main);
        self.stack_base = stack_position();
        self.current = None;
        let main = self.main.clone();
        let result = Compiled::new(&main).run(self).map(drop);
        let flushed = self.io.flush_all();
        match result {
            Ok(()) | Err(Ctrl::Return) | Err(Ctrl::Quit(_) | Ctrl::Continue(_)) => match flushed {
                Ok(()) => Outcome::Done,
                Err(lost) => Outcome::Failed(Box::new(Diag::unplaced(lost))),
            },
            Err(Ctrl::Stop(code)) => match flushed {
                Ok(()) => Outcome::Stopped(code),
                Err(lost) => Outcome::Failed(Box::new(Diag::unplaced(lost))),
            },
            Err(Ctrl::Error(d)) => Outcome::Failed(d),
            Err(Ctrl::Goto(l)) => Outcome::Failed(Box::new(Diag::runtime(
                Span::default(),
                format!("label '{l}' not found"),
            ))),
            Err(Ctrl::Yield) => Outcome::Failed(Box::new(Diag::runtime(
                Span::default(),
                "yield outside an expr block",
            ))),
        }
    }

    /// The value in a variable slot (for the REPL's `:vars`).
    pub fn peek(&self, slot: Slot) -> Value {
        match slot {
            Slot::Local(i) => self.stack.get(i as usize).cloned().unwrap_or_default(),
            Slot::Global(i) => self.globals.get(i as usize).cloned().unwrap_or_default(),
            Slot::Unresolved => Value::Om,
        }
    }

    /// Grows the global and main-program frames to a unit's needs.
    pub fn install(&mut self, unit: &crate::resolve::Resolved) {
        self.globals.resize(unit.nglobals as usize, Value::Om);
        // Drop anything an interrupted run left above the main frame.
        self.stack.truncate(self.main_len);
        self.main_len = unit.main_locals as usize;
        self.stack.resize(self.main_len, Value::Om);
        self.fp = 0;
    }

    /// Evaluates an expression in the main frame (the REPL's bare
    /// expressions).
    pub fn eval_main(&mut self, e: &crate::syntax::ast::Expr) -> Result<Value, Box<Diag>> {
        self.stack_base = stack_position();
        let r = self.eval(e);
        let _ = self.io.flush_all();
        match r {
            Ok(v) => Ok(v),
            Err(Ctrl::Error(d)) => Err(d),
            Err(_) => Err(Box::new(Diag::runtime(
                e.span,
                "unexpected control flow in an expression",
            ))),
        }
    }

    #[inline(always)]
    fn store(&mut self, slot: Slot, v: Value) {
        match slot {
            Slot::Local(i) => self.stack[self.fp + i as usize] = v,
            Slot::Global(i) => self.globals[i as usize] = v,
            Slot::Unresolved => {}
        }
    }

    #[inline(always)]
    fn load(&self, slot: Slot) -> Value {
        match slot {
            Slot::Local(i) => self.stack[self.fp + i as usize].clone(),
            Slot::Global(i) => self.globals[i as usize].clone(),
            Slot::Unresolved => Value::Om,
        }
    }

    #[inline(always)]
    fn peek_ref(&self, slot: Slot) -> &Value {
        const OM: Value = Value::Om;
        match slot {
            Slot::Local(i) => &self.stack[self.fp + i as usize],
            Slot::Global(i) => &self.globals[i as usize],
            Slot::Unresolved => &OM,
        }
    }

    #[inline(always)]
    fn slot_mut(&mut self, slot: Slot) -> &mut Value {
        match slot {
            Slot::Local(i) => &mut self.stack[self.fp + i as usize],
            Slot::Global(i) => &mut self.globals[i as usize],
            Slot::Unresolved => unreachable!("the resolver assigns every variable a slot"),
        }
    }

    /// Calls user routine `idx` on argument values.
    pub fn call_routine(&mut self, idx: u32, args: Vec<Value>, span: Span) -> Res<Value> {
        let base = self.stack.len();
        self.stack.extend(args);
        let result = self.call_frame(idx, base, span, self.stack.len() - base);
        self.stack.truncate(base);
        result
    }

    /// Runs routine `idx` on the arguments pushed at `stack[base..]`. It
    /// leaves the parameters' final values there, for the caller to copy
    /// rw/wr ones back and then truncate the stack to `base`. `nargs` is
    /// what the routine's `nargs` gives.
    fn call_frame(&mut self, idx: u32, base: usize, span: Span, nargs: usize) -> Res<Value> {
        let r = self.routines[idx as usize].clone();
        let result = self.enter(&r, idx, base, span, nargs);
        self.stack.truncate(base + r.params.len());
        result
    }

    /// Checks the arguments at `stack[base..]`, makes them `r`'s frame and
    /// runs its body there. The rare cases (a variadic routine, a wrong
    /// count, a stop, too deep a recursion) are out of line.
    #[inline]
    fn enter(
        &mut self,
        r: &Installed,
        idx: u32,
        base: usize,
        span: Span,
        nargs: usize,
    ) -> Res<Value> {
        if r.variadic || self.stack.len() - base != r.params.len() {
            self.gather_args(r, base, span)?;
        }
        if crate::interrupt::pending() {
            return Err(stopped_at(span));
        }
        if self.stack_base.saturating_sub(stack_position()) > STACK_USE_LIMIT {
            return Err(too_deep(span));
        }
        if r.copies_back {
            for (p, a) in r.params.iter().zip(&mut self.stack[base..]) {
                if p.mode == Mode::Wr {
                    *a = Value::Om;
                }
            }
        }
        let top = base + r.nlocals as usize;
        if self.stack.len() < top {
            self.stack.resize(top, Value::Om);
        }
        let saved_fp = std::mem::replace(&mut self.fp, base);
        let saved_current = self.current.replace(idx);
        let saved_nargs = std::mem::replace(&mut self.nargs, nargs);
        let result = r.code.get_or_init(|| Compiled::new(&r.body)).run(self);
        self.nargs = saved_nargs;
        self.current = saved_current;
        self.fp = saved_fp;
        match result {
            Err(Ctrl::Goto(l)) => Err(label_not_found(&l, r, span)),
            result => result,
        }
    }

    /// Packs a variadic routine's trailing arguments into a tuple, or
    /// reports a wrong number of arguments.
    #[cold]
    #[inline(never)]
    fn gather_args(&mut self, r: &Routine, base: usize, span: Span) -> Res<()> {
        let nparams = r.params.len();
        let given = self.stack.len() - base;
        if r.variadic {
            let fixed = nparams - 1;
            if given < fixed {
                return Err(error_at(
                    span,
                    format!("{} needs at least {fixed} arguments, got {given}", r.name),
                ));
            }
            let rest = self.stack.split_off(base + fixed);
            self.stack.push(Value::tuple(rest));
            return Ok(());
        }
        Err(error_at(
            span,
            format!(
                "{} takes {nparams} argument{}, got {given}",
                r.name,
                if nparams == 1 { "" } else { "s" },
            ),
        ))
    }

    /// Drops the frame above `base` from the value stack. Small values have
    /// no destructor, so the call to one is skipped for them.
    #[inline(always)]
    fn pop_frame(&mut self, base: usize) {
        while self.stack.len() > base {
            match self.stack.pop() {
                Some(v @ (Value::Om | Value::Bool(_) | Value::Int(_))) => std::mem::forget(v),
                other => drop(other),
            }
        }
    }

    /// An empty vector for a library call's arguments.
    fn new_args(&mut self) -> Vec<Value> {
        self.spare_args.pop().unwrap_or_default()
    }

    /// Keeps a finished library call's argument vector (emptied) for reuse.
    fn recycle_args(&mut self, mut args: Vec<Value>) {
        const KEEP: usize = 64;
        args.clear();
        if self.spare_args.len() < KEEP {
            self.spare_args.push(args);
        }
    }

    fn routine(&self, idx: u32) -> &Rc<Installed> {
        &self.routines[idx as usize]
    }
}

/// A routine as the interpreter holds it: with its body compiled when
/// first called, so routines a run never calls cost nothing to compile.
struct Installed {
    routine: Routine,
    code: std::cell::OnceCell<Compiled>,
}

impl Installed {
    fn new(routine: Routine) -> Installed {
        Installed {
            routine,
            code: std::cell::OnceCell::new(),
        }
    }
}

/// Lets the many uses of a routine's name, parameters and modes read them
/// straight through.
impl std::ops::Deref for Installed {
    type Target = Routine;

    fn deref(&self) -> &Routine {
        &self.routine
    }
}

/// Offsets of rw/wr parameters of a routine, for copy-back.
pub fn out_params(r: &Routine) -> impl Iterator<Item = usize> + '_ {
    r.params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.mode != Mode::Rd)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    /// A statement's result must stay small enough to come back in
    /// registers (see `Ctrl`).
    #[test]
    fn control_flow_results_are_two_words() {
        assert_eq!(std::mem::size_of::<super::Res<()>>(), 16);
    }
}
