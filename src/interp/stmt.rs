//! Statement execution.

use super::{error_at, fail_at, stopped_at, Ctrl, Interp, Res};
use crate::diag::Span;
use crate::ops::{self, Fail};
use crate::syntax::ast::*;
use crate::value::Value;

impl Interp {
    /// Runs a statement list. A `goto` to a label at this level resumes
    /// here; others propagate outward.
    pub(super) fn exec_block(&mut self, stmts: &[Stmt]) -> Res<()> {
        let mut i = 0;
        while i < stmts.len() {
            match self.exec(&stmts[i]) {
                Ok(()) => i += 1,
                Err(Ctrl::Goto(label)) => match find_label(stmts, &label) {
                    Some(j) => i = j,
                    None => return Err(Ctrl::Goto(label)),
                },
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    pub(super) fn exec(&mut self, s: &Stmt) -> Res<()> {
        match &s.kind {
            StmtKind::Assign(t, v) => {
                let x = self.eval(v)?;
                self.assign(t, x)
            }
            StmtKind::Accum(op, t, v) => self.accum(op, t, v).map(drop),
            StmtKind::Reassign(op, t, e, span) => self.reassign(*op, t, e, *span),
            StmtKind::Call(e) => self.eval(e).map(drop),
            StmtKind::Refinement(i) => {
                let i = *i as usize;
                match self.current {
                    Some(id) => {
                        let r = self.routine(id).clone();
                        self.exec_block(&r.body.refinements[i].1)
                    }
                    None => {
                        let m = self.main.clone();
                        self.exec_block(&m.refinements[i].1)
                    }
                }
            }
            StmtKind::From(end, t, src) => {
                let v = self.take_from(*end, src)?;
                self.assign(t, v)
            }
            StmtKind::If(arms, other) => {
                for (c, body) in arms {
                    if self.truth(c)? {
                        return self.exec_block(body);
                    }
                }
                match other {
                    Some(body) => self.exec_block(body),
                    None => Ok(()),
                }
            }
            StmtKind::Case(subject, arms, other) => {
                let subject = match subject {
                    Some(x) => Some(self.eval(x)?),
                    None => None,
                };
                for (vals, body) in arms {
                    for c in vals {
                        if self.choice_matches(subject.as_ref(), c)? {
                            return self.exec_block(body);
                        }
                    }
                }
                match other {
                    Some(body) => self.exec_block(body),
                    None => Ok(()),
                }
            }
            StmtKind::Loop(kind, body, _, id) => self.exec_loop(kind, body, *id),
            StmtKind::Quit(_, id) => Err(Ctrl::Quit(*id)),
            StmtKind::Continue(_, id) => Err(Ctrl::Continue(*id)),
            StmtKind::Return(e) => {
                let v = match e {
                    Some(e) => self.eval(e)?,
                    None => Value::Om,
                };
                self.carried = v;
                Err(Ctrl::Return)
            }
            StmtKind::Stop(e) => {
                let code = match e {
                    Some(e) => match self.eval(e)? {
                        Value::Int(n) => n.rem_euclid(256) as i32,
                        Value::Om => 0,
                        v => {
                            return Err(fail_at(
                                Fail::new(format!(
                                    "stop needs an integer status, not {}",
                                    v.type_name()
                                )),
                                e.span,
                            ))
                        }
                    },
                    None => 0,
                };
                Err(Ctrl::Stop(code))
            }
            StmtKind::Assert(e) => {
                if self.truth(e)? {
                    Ok(())
                } else {
                    Err(error_at(e.span, "assertion failed"))
                }
            }
            StmtKind::Yield(e) => {
                let v = self.eval(e)?;
                self.carried = v;
                Err(Ctrl::Yield)
            }
            StmtKind::Pass => Ok(()),
            StmtKind::Goto(l) => Err(Ctrl::Goto(Box::new(l.clone()))),
            StmtKind::Label(_, inner) => self.exec(inner),
            StmtKind::Choice(..) => Err(error_at(s.span, "choice label outside 'case … of'")),
        }
    }

    fn exec_loop(&mut self, kind: &LoopKind, body: &[Stmt], id: u32) -> Res<()> {
        let at = body.first().map(|s| s.span).unwrap_or_default();
        self.run_loop(kind, id, at, &|me| me.exec_block(body))
    }

    /// Runs a loop around `body`. `at` is where a
    /// stop (Ctrl-C, a limit) is reported.
    pub(super) fn run_loop(
        &mut self,
        kind: &LoopKind,
        id: u32,
        at: Span,
        body: &dyn Fn(&mut Interp) -> Res<()>,
    ) -> Res<()> {
        let mut once = |me: &mut Interp| me.loop_round(id, at, body);
        match kind {
            LoopKind::For(its) => self.iterate(its, true, &mut once).map(drop),
            LoopKind::While(c) => {
                while self.truth(c)? {
                    if !once(self)? {
                        break;
                    }
                }
                Ok(())
            }
            LoopKind::Until(c) => {
                while once(self)? {
                    if self.truth(c)? {
                        break;
                    }
                }
                Ok(())
            }
            LoopKind::Forever => {
                while once(self)? {}
                Ok(())
            }
            LoopKind::Clauses(c) => self.run_clauses(c, &mut once),
        }
    }

    /// Runs one round of loop `id`'s body; Ok(false) when `quit` leaves
    /// the loop.
    #[inline(always)]
    pub(super) fn loop_round(
        &mut self,
        id: u32,
        at: Span,
        body: impl FnOnce(&mut Interp) -> Res<()>,
    ) -> Res<bool> {
        if crate::interrupt::pending() {
            return Err(stopped_at(at));
        }
        continues(id, body(self))
    }

    /// `x from s`, `x fromb t`, `x frome t`: removes and returns an element.
    fn take_from(&mut self, end: FromEnd, src: &Expr) -> Res<Value> {
        let mut got = Value::Om;
        self.update(src, &mut |v| {
            got = match v {
                Value::Om => Value::Om,
                Value::Set(s) if end == FromEnd::Arb => {
                    std::rc::Rc::make_mut(s).pop_first().unwrap_or_default()
                }
                Value::Tuple(t) if end != FromEnd::Arb => {
                    let t = std::rc::Rc::make_mut(t);
                    if end == FromEnd::Front {
                        t.take_first()
                    } else {
                        t.take_last()
                    }
                }
                Value::Str(s) if end != FromEnd::Arb => {
                    let n = s.len();
                    if n == 0 {
                        Value::Om
                    } else {
                        let (c, rest) = if end == FromEnd::Front {
                            (s[0], 1..n)
                        } else {
                            (s[n - 1], 0..n - 1)
                        };
                        if s.is_inline() {
                            // Stays inline: no allocation for a short string.
                            *s = crate::value::StrV::from_slice(&s[rest]);
                        } else if end == FromEnd::Front {
                            s.make_mut().remove(0);
                        } else {
                            s.make_mut().pop();
                        }
                        Value::str([c])
                    }
                }
                other => {
                    let which = match end {
                        FromEnd::Arb => "from",
                        FromEnd::Front => "fromb",
                        FromEnd::Back => "frome",
                    };
                    return Err(Fail::new(format!(
                        "cannot take an element {which} {}",
                        other.type_name()
                    ))
                    .note(format!("value: {}", ops::show(other))));
                }
            };
            Ok(())
        })?;
        Ok(got)
    }
}

/// Whether loop `id` goes on after a round of its body that gave `r`:
/// false when `quit` left it; `continue` ends just the round.
#[inline(always)]
pub(super) fn continues(id: u32, r: Res<()>) -> Res<bool> {
    match r {
        Ok(()) => Ok(true),
        Err(Ctrl::Continue(i)) if i == id => Ok(true),
        Err(Ctrl::Quit(i)) if i == id => Ok(false),
        Err(e) => Err(e),
    }
}

fn find_label(stmts: &[Stmt], label: &str) -> Option<usize> {
    stmts.iter().position(|s| {
        let mut k = &s.kind;
        while let StmtKind::Label(l, inner) = k {
            if l == label {
                return true;
            }
            k = &inner.kind;
        }
        false
    })
}
