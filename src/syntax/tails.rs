//! The tokens after `end`, `quit` and `continue`.
//!
//! GNU SETL lets any tokens follow these keywords up to the `;`, and checks
//! them against the tokens that open the construct: `end proc q(t(*));`
//! closes `proc q(t(*));`, `end if x = 1;` closes `if x = 1 then`, and
//! `quit for i in;` leaves the loop that opens `for i in s loop`. A trailing
//! `loop` may be left off (`quit for i loop;`, `end loop;` on a `for` loop).
//!
//! Such tails would make the grammar ambiguous, so they are taken out of the
//! token stream before parsing and kept here, by the position of their
//! keyword. The grammar's actions then check an `end` tail against the
//! construct's first tokens, and give each loop its header tokens and each
//! `quit`/`continue` its tail, which the resolver matches.

use crate::diag::Span;
use crate::syntax::build::{ActionError, ActionResult};
use crate::syntax::token::Tok;
use lalrpop_util::ParseError;
use std::collections::HashMap;
use std::ops::Range;

/// A token with its byte range, as the parser takes it.
pub type Spanned = (usize, Tok, usize);

/// A unit's tokens, with where each tail lies among them.
pub struct Tails {
    toks: Vec<Spanned>,
    /// The position of an `end`/`quit`/`continue` → its tail's tokens.
    at: HashMap<usize, Range<usize>>,
}

impl Tails {
    /// Finds the tails in `toks`. An `end` has one when it closes
    /// statements (it follows a `;`); the `end` of a conditional expression
    /// does not (`if c then 1 else 2 end + 3`). A tail stops at a `;`, or
    /// at a bracket it did not open (`(expr yield 1; end expr)`).
    pub fn split(toks: Vec<Spanned>) -> Tails {
        let mut at = HashMap::new();
        let mut i = 0;
        while i < toks.len() {
            let (lo, tok, _) = &toks[i];
            let after_semi = i > 0 && matches!(toks[i - 1].1, Tok::Semi);
            i += 1;
            let has_tail = match tok {
                Tok::End => after_semi,
                Tok::Quit | Tok::Continue => true,
                _ => false,
            };
            if !has_tail {
                continue;
            }
            let start = i;
            let mut depth = 0usize;
            while i < toks.len() {
                match toks[i].1 {
                    Tok::Semi => break,
                    Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                    Tok::RParen | Tok::RBracket | Tok::RBrace => match depth.checked_sub(1) {
                        Some(d) => depth = d,
                        None => break,
                    },
                    _ => {}
                }
                i += 1;
            }
            at.insert(*lo, start..i);
        }
        Tails { toks, at }
    }

    /// The tokens the parser sees: every token outside a tail.
    pub fn stream(&self) -> impl Iterator<Item = Spanned> + '_ {
        let mut skip = 0..0;
        self.toks.iter().enumerate().filter_map(move |(i, t)| {
            if skip.contains(&i) {
                return None;
            }
            if let Some(r) = self.at.get(&t.0) {
                skip = r.clone();
            }
            Some(t.clone())
        })
    }

    /// The tail of the keyword at `kw`.
    pub fn tail(&self, kw: usize) -> Vec<Tok> {
        self.at
            .get(&kw)
            .map(|r| self.toks[r.clone()].iter().map(|t| t.1.clone()).collect())
            .unwrap_or_default()
    }

    /// The tokens that start in `lo..hi` (a loop's header).
    pub fn between(&self, lo: usize, hi: usize) -> Vec<Tok> {
        let first = self.toks.partition_point(|t| t.0 < lo);
        self.toks[first..]
            .iter()
            .take_while(|t| t.0 < hi)
            .map(|t| t.1.clone())
            .collect()
    }

    /// Checks the tail of the `end` at `end` against the tokens from `open`
    /// on, the start of the construct it closes.
    pub fn check_end(&self, file: u16, open: usize, end: usize) -> ActionResult<()> {
        let Some(r) = self.at.get(&end) else {
            return Ok(());
        };
        let first = self.toks.partition_point(|t| t.0 < open);
        let opening = self.toks[first..].iter().map(|t| &t.1);
        let tail: Vec<&Tok> = self.toks[r.clone()].iter().map(|t| &t.1).collect();
        if names_prefix(&tail, opening.clone()) || ends_unit_by_name(&tail, opening) {
            return Ok(());
        }
        let lo = self.toks[r.start].0;
        let hi = self.toks[r.end - 1].2;
        Err(ParseError::User {
            error: ActionError {
                span: Span::new(file, lo, hi),
                msg: "the tokens after 'end' do not match the ones that open what it ends".into(),
            },
        })
    }
}

/// Whether `tail`, perhaps without a last `loop`, is where `opening`
/// starts (an opening `(` of an old-style loop may be left off).
pub fn names_prefix<'a>(tail: &[&Tok], opening: impl Iterator<Item = &'a Tok> + Clone) -> bool {
    let mut opening = opening.peekable();
    if opening.peek() == Some(&&Tok::LParen) && tail.first() != Some(&&Tok::LParen) {
        opening.next();
    }
    let starts = |t: &[&Tok]| {
        let mut o = opening.clone();
        t.iter().all(|a| o.next().is_some_and(|b| same(a, b)))
    };
    starts(tail) || matches!(tail.split_last(), Some((Tok::Loop, rest)) if starts(rest))
}

/// Whether `tail` is just the name of the routine, program or package
/// that `opening` starts (`end f;` for `proc f(x);`).
fn ends_unit_by_name<'a>(tail: &[&Tok], mut opening: impl Iterator<Item = &'a Tok>) -> bool {
    let name = match opening.next() {
        Some(Tok::Package) => match opening.next() {
            Some(Tok::Body) => opening.next(),
            name => name,
        },
        Some(Tok::Proc | Tok::Op | Tok::Command | Tok::Program) => opening.next(),
        _ => None,
    };
    matches!((tail, name), ([t], Some(n)) if same(t, n))
}

/// Token equality as the tail check sees it: a word is the same word
/// whatever the lexer took it for (a command's name, a library routine).
fn same(a: &Tok, b: &Tok) -> bool {
    match (a.word(), b.word()) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a == b,
        _ => false,
    }
}
