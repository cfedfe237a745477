//! A run of SETL code: the library, then a program or a series of REPL
//! entries, sharing names, variables, routines and open files.

use crate::diag::{Diag, Sources};
use crate::interp::{Interp, Outcome};
use crate::preprocess;
use crate::resolve::Resolver;
use crate::syntax::{self, ast};
use crate::value::Value;

/// The library written in SETL, embedded in the binary.
const STDLIB: &[(&str, &str)] = &[("<stdlib/lock.setl>", include_str!("../stdlib/lock.setl"))];

pub struct Session {
    resolver: Resolver,
    pub interp: Interp,
    /// The unresolved routines defined so far, re-resolved with each new
    /// unit so a routine may call one defined in a later REPL entry.
    routines: Vec<ast::Routine>,
}

impl Session {
    /// Starts a session with the library loaded. `args` become
    /// `command_line`; `name` is `command_name`.
    pub fn new(args: Vec<Vec<u8>>, name: &str) -> Result<Session, (Sources, Diag)> {
        let mut sources = Sources::default();
        let mut resolver = Resolver::new();
        let mut units = Vec::new();
        for (file, text) in STDLIB {
            let id = sources.add(file, text);
            let parsed = syntax::parse_library(text, id).and_then(|p| resolver.add(p, true));
            match parsed {
                Ok(unit) => units.push(unit),
                Err(d) => return Err((sources, d)),
            }
        }
        let mut interp = Interp::new(sources, args, name.as_bytes().to_vec());
        for unit in units {
            if let Outcome::Failed(d) = interp.run(unit) {
                return Err((std::mem::take(&mut interp.sources), *d));
            }
        }
        Ok(Session {
            resolver,
            interp,
            routines: Vec::new(),
        })
    }

    /// Parses, resolves and runs one unit of program text.
    pub fn run(&mut self, name: &str, text: &str) -> Outcome {
        self.run_with(name, text, &preprocess::Options::default())
    }

    /// `run`, with the preprocessor options of the command line.
    pub fn run_with(&mut self, name: &str, text: &str, cpp: &preprocess::Options) -> Outcome {
        let file = match preprocess::prepare(&mut self.interp.sources, name, text, cpp) {
            Ok(f) => f,
            Err(d) => return Outcome::Failed(Box::new(d)),
        };
        let prog = match syntax::parse_program(self.interp.sources.text(file), file) {
            Ok(p) => p,
            Err(d) => return Outcome::Failed(Box::new(d)),
        };
        self.run_parsed(prog)
    }

    /// Resolves and runs a parsed unit, together with every routine
    /// defined before (a new definition replaces an old one).
    pub fn run_parsed(&mut self, mut prog: ast::Program) -> Outcome {
        for r in &prog.routines {
            self.routines.retain(|old| old.name != r.name);
        }
        self.routines.extend(prog.routines.iter().cloned());
        prog.routines = self.routines.clone();
        match self.resolver.add(prog, false) {
            Ok(unit) => self.interp.run(unit),
            Err(d) => Outcome::Failed(Box::new(d)),
        }
    }

    /// Evaluates a parsed expression in the main frame.
    pub fn eval(&mut self, e: ast::Expr) -> Result<Value, Box<Diag>> {
        let prog = ast::Program {
            name: None,
            main: ast::Body {
                stmts: vec![ast::Stmt {
                    span: e.span,
                    kind: ast::StmtKind::Yield(e),
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        let mut unit = self.resolver.add(prog, false).map_err(Box::new)?;
        self.interp.install(&unit);
        match unit.main.stmts.pop().map(|s| s.kind) {
            Some(ast::StmtKind::Yield(e)) => self.interp.eval_main(&e),
            _ => Ok(Value::Om),
        }
    }

    /// Renders a diagnostic against this session's sources.
    pub fn render(&self, d: &Diag) -> String {
        self.interp.sources.render(d)
    }

    /// The session's variables with their current values.
    pub fn variables(&self) -> Vec<(String, Value)> {
        self.resolver
            .variables()
            .into_iter()
            .map(|(n, slot)| (n, self.interp.peek(slot)))
            .collect()
    }

    /// Names to offer for completion: the session's variables and routines.
    pub fn known_names(&self) -> Vec<String> {
        self.resolver.known_names()
    }
}
