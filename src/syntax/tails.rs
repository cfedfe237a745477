//! The tokens after `end`, `quit` and `continue`.
//!
//! GNU SETL lets any tokens follow these keywords up to the `;`, and checks
//! them against the tokens that open the construct: `end proc q(t(*));`
//! closes `proc q(t(*));`, `end if x = 1;` closes `if x = 1 then`, and
//! `quit for i in;` leaves the loop that opens `for i in s loop`. A tail may
//! also end in `loop` (`quit for i loop;`, `end loop;` on a `for` loop).
//!
//! The grammar takes any tokens up to the `;` there (in a statement's
//! `end`; the `end` of an expression has no tail), and keeps only where the
//! keyword is and how many tokens follow it. The unit's tokens, kept here,
//! give the actions the tokens themselves: an `end` tail is checked against
//! the construct's first tokens, each loop gets its header tokens and each
//! `quit`/`continue` its tail, which the resolver matches.

use crate::diag::Span;
use crate::syntax::build::{ActionError, ActionResult};
use crate::syntax::token::Tok;
use lalrpop_util::ParseError;

/// A token with its byte range, as the parser takes it.
pub type Spanned = (usize, Tok, usize);

/// A unit's tokens, for the grammar's actions to look back at.
pub struct Tails {
    toks: Vec<Spanned>,
}

impl Tails {
    pub fn new(toks: Vec<Spanned>) -> Tails {
        Tails { toks }
    }

    /// The tokens, for the parser.
    pub fn stream(&self) -> impl Iterator<Item = Spanned> + '_ {
        self.toks.iter().cloned()
    }

    /// The index of the token at `lo`.
    fn index(&self, lo: usize) -> usize {
        self.toks.partition_point(|t| t.0 < lo)
    }

    /// The `n` tokens after the keyword at `kw`.
    fn after(&self, kw: usize, n: usize) -> &[Spanned] {
        let i = (self.index(kw) + 1).min(self.toks.len());
        &self.toks[i..(i + n).min(self.toks.len())]
    }

    /// The tail of the `quit` or `continue` at `kw`, `n` tokens long.
    pub fn tail(&self, kw: usize, n: usize) -> Vec<Tok> {
        self.after(kw, n).iter().map(|t| t.1.clone()).collect()
    }

    /// The tokens that start in `lo..hi` (a loop's header).
    pub fn between(&self, lo: usize, hi: usize) -> Vec<Tok> {
        self.toks[self.index(lo)..]
            .iter()
            .take_while(|t| t.0 < hi)
            .map(|t| t.1.clone())
            .collect()
    }

    /// Checks the tail of the `end` at `end`, `n` tokens long, against the
    /// tokens from `open` on, the start of the construct it closes.
    pub fn check_end(&self, file: u16, open: usize, (end, n): (usize, usize)) -> ActionResult<()> {
        let after = self.after(end, n);
        let (Some(first), Some(last)) = (after.first(), after.last()) else {
            return Ok(());
        };
        let opening = self.toks[self.index(open)..].iter().map(|t| &t.1);
        let tail: Vec<&Tok> = after.iter().map(|t| &t.1).collect();
        if names_prefix(&tail, opening.clone()) || ends_unit_by_name(&tail, opening) {
            return Ok(());
        }
        Err(ParseError::User {
            error: ActionError {
                span: Span::new(file, first.0, last.2),
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
