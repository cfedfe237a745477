//! Compilations made of units: one program and packages, GNU SETL's
//! SETL2-style packages (reference notes §4.3).
//!
//! Each unit resolves in its own name tables: the library's names, the
//! names made public by the packages it `use`s (a name two of them make
//! public is left out), and its own declarations and routines, which hide
//! the others. A package's public names are the variables and routines
//! of its specification; `p.x` names them from any unit that uses `p`,
//! and `prog.x` names a declared global of the program. Declarations are
//! initialised before the program's statements: the specifications' in
//! the order the specifications appear, then the bodies' in the order
//! the bodies appear, then the program's, as GNU SETL does.

use super::{take_sels, Resolved, Resolver, RoutineInfo, R};
use crate::diag::{Diag, Span};
use crate::syntax::ast::*;
use std::collections::HashMap;

/// Names and where they live: global slots and routine indices.
#[derive(Clone, Default)]
pub(super) struct Exports {
    pub vars: HashMap<String, u32>,
    pub routines: HashMap<String, u32>,
}

impl Resolver {
    pub(super) fn add_units(&mut self, prog: Program) -> R<Resolved> {
        let Program {
            name,
            uses,
            mut main,
            routines,
            mut packages,
            body_order,
            span,
        } = prog;
        let Some(name) = name else {
            return Err(Diag::stat(
                span,
                "no program is defined: packages need a 'program' unit that uses them",
            ));
        };
        let base_ids = self.ids.clone();
        let base_globals = self.globals.clone();

        // Every unit's globals and routines get their slots and indices.
        let mut public: HashMap<String, Exports> = HashMap::new();
        let mut own: Vec<Exports> = Vec::new();
        let mut package_routines: Vec<Vec<(u32, Routine)>> = Vec::new();
        for p in &mut packages {
            let mut names = Exports::default();
            self.declare(&mut p.exports, &mut names.vars);
            let body_routines = match &mut p.body {
                Some(b) => {
                    self.declare(&mut b.decls, &mut names.vars);
                    self.new_routines(std::mem::take(&mut b.routines), &mut names.routines)?
                }
                None => Vec::new(),
            };
            let mut exported = Exports::default();
            for d in &p.exports {
                exported.vars.insert(d.name.clone(), names.vars[&d.name]);
            }
            for (r, _) in &p.exported_routines {
                if let Some(&id) = names.routines.get(r) {
                    exported.routines.insert(r.clone(), id);
                }
            }
            public.insert(p.name.clone(), exported);
            own.push(names);
            package_routines.push(body_routines);
        }
        let mut program = Exports::default();
        self.declare(&mut main.decls, &mut program.vars);
        let program_routines = self.new_routines(routines, &mut program.routines)?;

        // Then each unit resolves in its own tables.
        let mut all_routines = Vec::new();
        for (i, p) in packages.iter_mut().enumerate() {
            let uses = p.body.as_ref().map(|b| b.uses.clone()).unwrap_or_default();
            self.enter_scope(&base_ids, &base_globals, &public, &uses, &own[i])?;
            self.packages
                .insert(p.name.clone(), public[&p.name].clone());
            self.program = None;
            self.main_decls(&mut p.exports)?;
            if let Some(b) = &mut p.body {
                self.main_decls(&mut b.decls)?;
            }
            for (_, rt) in &mut package_routines[i] {
                self.routine(rt)?;
            }
            all_routines.append(&mut package_routines[i]);
        }
        self.enter_scope(&base_ids, &base_globals, &public, &uses, &program)?;
        self.program = Some((name, program.vars.clone()));
        self.main_decls(&mut main.decls)?;

        let mut decls: Vec<Decl> = Vec::new();
        for p in &mut packages {
            decls.append(&mut p.exports);
        }
        for i in body_order {
            if let Some(b) = &mut packages[i].body {
                decls.append(&mut b.decls);
            }
        }
        decls.append(&mut main.decls);
        let mut unit = self.resolve_unit(main, program_routines)?;
        unit.main.decls = decls;
        unit.routines.extend(all_routines);
        Ok(unit)
    }

    /// Gives a unit's declarations new global slots, recorded in `names`.
    fn declare(&mut self, decls: &mut Vec<Decl>, names: &mut HashMap<String, u32>) {
        take_sels(decls, &mut self.sels);
        for d in decls {
            let slot = match names.get(&d.name) {
                Some(&slot) => slot,
                None => {
                    let slot = self.new_global();
                    names.insert(d.name.clone(), slot);
                    slot
                }
            };
            d.slot = Slot::Global(slot);
        }
    }

    /// Gives a unit's routines new indices, recorded in `names`.
    fn new_routines(
        &mut self,
        list: Vec<Routine>,
        names: &mut HashMap<String, u32>,
    ) -> R<Vec<(u32, Routine)>> {
        let mut out = Vec::with_capacity(list.len());
        for rt in list {
            if names.contains_key(&rt.name) {
                return Err(Diag::stat(
                    rt.span,
                    format!("'{}' is defined twice", rt.name),
                ));
            }
            let id = self.info.len() as u32;
            self.info.push(RoutineInfo {
                kind: rt.kind,
                nparams: rt.params.len(),
                variadic: rt.variadic,
                from_library: false,
            });
            names.insert(rt.name.clone(), id);
            out.push((id, rt));
        }
        Ok(out)
    }

    /// Makes the name tables those of a unit with `uses` and `own` names.
    fn enter_scope(
        &mut self,
        base_ids: &HashMap<String, u32>,
        base_globals: &HashMap<String, u32>,
        public: &HashMap<String, Exports>,
        uses: &[(String, Span)],
        own: &Exports,
    ) -> R<()> {
        self.ids = base_ids.clone();
        self.globals = base_globals.clone();
        self.packages.clear();
        let mut used: Vec<&str> = Vec::new();
        for (p, span) in uses {
            let Some(exports) = public.get(p) else {
                return Err(Diag::stat(*span, format!("no package named '{p}'")));
            };
            if !used.contains(&p.as_str()) {
                used.push(p);
                self.packages.insert(p.clone(), exports.clone());
            }
        }
        // A name that two used packages make public is imported from neither.
        let mut count: HashMap<&str, usize> = HashMap::new();
        for p in &used {
            let e = &public[*p];
            for n in e.vars.keys().chain(e.routines.keys()) {
                *count.entry(n).or_default() += 1;
            }
        }
        for p in &used {
            let e = &public[*p];
            for (n, &slot) in &e.vars {
                if count[n.as_str()] == 1 {
                    self.globals.insert(n.clone(), slot);
                }
            }
            for (n, &id) in &e.routines {
                if count[n.as_str()] == 1 {
                    self.ids.insert(n.clone(), id);
                }
            }
        }
        for (n, &slot) in &own.vars {
            self.ids.remove(n);
            self.globals.insert(n.clone(), slot);
        }
        for (n, &id) in &own.routines {
            self.globals.remove(n);
            self.ids.insert(n.clone(), id);
        }
        Ok(())
    }

    /// Resolves the initialisers of unit-level declarations, which run in
    /// the main program's frame.
    fn main_decls(&mut self, decls: &mut [Decl]) -> R<()> {
        self.in_routine = false;
        self.locals = std::mem::take(&mut self.main_locals);
        let mut r = Ok(());
        for d in decls.iter_mut() {
            if let Some(e) = &mut d.init {
                r = self.expr(e);
                if r.is_err() {
                    break;
                }
            }
        }
        self.main_locals = std::mem::take(&mut self.locals);
        r
    }
}
