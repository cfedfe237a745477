//! The preprocessor's main loop: reads the program and the files it
//! includes line by line (an explicit stack of files, no recursion), obeys
//! directives, expands macros and writes the output with its source map.

use super::directive::{self, Name};
use super::macros::{Context, Dynamic, Expander, Table, Tok};
use super::map::{SourceMap, View};
use super::scan::{self, Kind, Line};
use super::{Define, Options, PpError};
use crate::diag::{Diag, DiagKind, Sources, Span};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Deepest nesting of `#include`.
pub const MAX_INCLUDE_DEPTH: usize = 200;

/// One open `#if` group.
struct Cond {
    /// Where the `#if` is, for "unterminated" errors.
    at: u32,
    /// Whether the enclosing text is being kept.
    outer: bool,
    /// Whether a branch of this group has been kept already.
    taken: bool,
    /// Whether the current branch is kept.
    active: bool,
    seen_else: bool,
}

/// A file being read.
struct Frame {
    file: u16,
    text: Rc<str>,
    /// The directory `#include "…"` looks in first.
    dir: PathBuf,
    /// The file as found on disk, to name an include cycle.
    path: PathBuf,
    pos: usize,
    view: u16,
    conds: Vec<Cond>,
    in_comment: bool,
}

impl Frame {
    /// A file about to be read from its start.
    fn new(file: u16, text: Rc<str>, path: PathBuf, view: u16) -> Frame {
        Frame {
            file,
            text,
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            path,
            pos: 0,
            view,
            conds: Vec::new(),
            in_comment: false,
        }
    }
}

struct Engine<'a> {
    sources: &'a mut Sources,
    opts: &'a Options,
    table: Table,
    out: String,
    map: SourceMap,
    stack: Vec<Frame>,
}

/// Preprocesses the program `text` called `name`; gives the `Sources` id of
/// the output, which carries its source map.
pub fn run(sources: &mut Sources, name: &str, text: &str, opts: &Options) -> Result<u16, Diag> {
    let file = sources.add(name, text);
    let mut e = Engine {
        sources,
        opts,
        table: Table::predefined(),
        out: String::with_capacity(text.len() + 64),
        map: SourceMap::default(),
        stack: Vec::new(),
    };
    for d in &opts.defines {
        e.command_line_define(d)?;
    }
    let view = e.map.add_view(View {
        file,
        name: None,
        line_shift: 0,
        included_from: Rc::from(Vec::new()),
    });
    let path = PathBuf::from(name);
    e.stack.push(Frame::new(file, Rc::from(text), path, view));
    e.run()?;
    let Engine { out, map, .. } = e;
    Ok(e.sources.add_mapped(name, &out, map))
}

impl Engine<'_> {
    fn run(&mut self) -> Result<(), Diag> {
        while let Some(top) = self.stack.last_mut() {
            match scan::next_line(&top.text, top.pos) {
                Some((line, next)) => {
                    top.pos = next;
                    self.line(line).map_err(|e| self.diag(e))?;
                }
                None => {
                    if let Some(c) = top.conds.first() {
                        let at = c.at;
                        return Err(self.diag(PpError::new(at, "unterminated #if conditional")));
                    }
                    self.stack.pop();
                }
            }
        }
        Ok(())
    }

    fn top(&mut self) -> &mut Frame {
        let n = self.stack.len() - 1;
        &mut self.stack[n]
    }

    /// A preprocessing error at `e.at` in the file on top of the stack,
    /// with the chain of includes that led there.
    fn diag(&self, e: PpError) -> Diag {
        let Some(top) = self.stack.last() else {
            return Diag {
                kind: DiagKind::Preprocess,
                span: None,
                msg: e.msg,
                notes: vec![],
            };
        };
        let mut d = Diag {
            kind: DiagKind::Preprocess,
            span: Some(Span::new(top.file, e.at as usize, e.at as usize + 1)),
            msg: e.msg,
            notes: vec![],
        };
        d.notes = crate::diag::include_notes(&self.map.view(top.view).included_from);
        d
    }

    fn line(&mut self, line: Line) -> Result<(), PpError> {
        let top = self.top();
        let active = top.conds.last().is_none_or(|c| c.active);
        let mut hash_line = false;
        if let Some(from) = scan::directive_start(&line.text, top.in_comment) {
            let (name, rest) = directive::classify(&line.text, from);
            if name != Name::NotDirective {
                let at = line.orig(from - 1);
                self.directive(name, &line, rest, at, active)?;
                self.newline(line.end);
                return Ok(());
            }
            hash_line = true;
        }
        let top = self.top();
        let lexemes = scan::lex_line(&line.text, &mut top.in_comment)
            .map_err(|u| PpError::new(line.orig(u.at), u.message()))?;
        if !active {
            self.newline(line.end);
            return Ok(());
        }
        // On a line that starts with `#` but is no directive, cpp takes
        // the word after the `#` for a directive name and leaves it alone.
        let kept = hash_line
            .then(|| lexemes.iter().position(|l| l.kind != Kind::Space))
            .flatten()
            .and_then(|h| (h + 1..lexemes.len()).find(|&k| lexemes[k].kind != Kind::Space));
        let uses_macro = lexemes.iter().enumerate().any(|(k, l)| {
            l.kind == Kind::Ident
                && Some(k) != kept
                && self.table.is_defined(&line.text[l.lo..l.hi])
        });
        if !uses_macro {
            let view = self.top().view;
            for (i, p) in line.pieces.iter().enumerate() {
                let end = line
                    .pieces
                    .get(i + 1)
                    .map_or(line.text.len(), |q| q.at as usize);
                self.map.note(self.out.len(), view, p.orig, false);
                self.out.push_str(&line.text[p.at as usize..end]);
            }
            self.newline(line.end);
            return Ok(());
        }
        let mut toks = tokens(&line, &lexemes, 0);
        if let Some(k) = kept {
            toks[k].kind = Kind::Punct;
        }
        let end = self.expand_and_emit(toks)?;
        self.newline(end.unwrap_or(line.end));
        Ok(())
    }

    /// Expands `toks` (pulling more lines for a call that spans lines) and
    /// writes the result; gives the newline offset of the last line pulled.
    fn expand_and_emit(&mut self, toks: Vec<Tok>) -> Result<Option<u32>, PpError> {
        let n = self.stack.len() - 1;
        let mut cx = Pull {
            frame: &mut self.stack[n],
            sources: &*self.sources,
            map: &self.map,
            end: None,
            error: None,
        };
        let mut ex = Expander::new(&self.table, 1);
        let expanded = ex.expand(toks, &mut cx, 0);
        if let Some(e) = cx.error.take() {
            return Err(e);
        }
        let end = cx.end;
        let view = cx.frame.view;
        let expanded = expanded?;
        let mut prev: Option<&Tok> = None;
        for t in &expanded {
            if t.kind == Kind::Space {
                prev = None;
            } else {
                if let Some(p) = prev {
                    let adjacent = p.src == t.src && p.idx + 1 == t.idx;
                    if !adjacent && would_join(&p.text, &t.text) {
                        self.out.push(' ');
                    }
                }
                prev = Some(t);
            }
            self.map.note(self.out.len(), view, t.at, t.fixed);
            self.out.push_str(&t.text);
        }
        Ok(end)
    }

    /// Ends an output line; the newline maps to `end` (a newline of the
    /// file), so the output keeps one line per line read.
    fn newline(&mut self, end: u32) {
        let view = self.top().view;
        self.map.note(self.out.len(), view, end, false);
        self.out.push('\n');
    }

    fn directive(
        &mut self,
        name: Name,
        line: &Line,
        rest: usize,
        at: u32,
        active: bool,
    ) -> Result<(), PpError> {
        let operands = &line.text[rest..];
        let top = self.top();
        match name {
            Name::If | Name::Ifdef | Name::Ifndef => {
                let keep = active && self.test(name, operands, at)?;
                self.top().conds.push(Cond {
                    at,
                    outer: active,
                    taken: keep || !active,
                    active: keep,
                    seen_else: false,
                });
            }
            Name::Elif => {
                let Some(c) = top.conds.last() else {
                    return Err(PpError::new(at, "#elif without #if"));
                };
                if c.seen_else {
                    return Err(PpError::new(at, "#elif after #else"));
                }
                let open = c.outer && !c.taken;
                let keep = open && self.test(name, operands, at)?;
                if let Some(c) = self.top().conds.last_mut() {
                    c.active = keep;
                    c.taken |= keep;
                }
            }
            Name::Else => {
                let Some(c) = top.conds.last_mut() else {
                    return Err(PpError::new(at, "#else without #if"));
                };
                if c.seen_else {
                    return Err(PpError::new(at, "#else after #else"));
                }
                c.seen_else = true;
                c.active = c.outer && !c.taken;
                c.taken = true;
            }
            Name::Endif => {
                if top.conds.pop().is_none() {
                    return Err(PpError::new(at, "#endif without #if"));
                }
            }
            _ if !active => {}
            Name::Define => {
                let (n, body) = directive::define(operands).map_err(|m| PpError::new(at, m))?;
                self.table.define(&n, body);
            }
            Name::Undef => {
                let n = directive::name_operand(operands).map_err(|m| PpError::new(at, m))?;
                self.table.undef(n);
            }
            Name::Include => self.include(operands, line, at)?,
            Name::Error => {
                let msg = format!("#error {}", directive::significant(operands));
                return Err(PpError::new(at, msg.trim_end()));
            }
            Name::Line | Name::Marker => {
                let (n, file) = directive::line(operands).ok_or_else(|| {
                    PpError::new(at, "#line wants a line number and perhaps a \"file\"")
                })?;
                let top = self.top();
                let (file_id, view) = (top.file, top.view);
                let (next_line, _) = self.sources.line_col(file_id, line.end + 1);
                let old = self.map.view(view).clone();
                let v = self.map.add_view(View {
                    name: file.map(Rc::from).or(old.name),
                    line_shift: n - next_line as i64,
                    ..old
                });
                self.top().view = v;
            }
            Name::Null | Name::Ignored | Name::NotDirective => {}
        }
        Ok(())
    }

    /// The condition of `#if`, `#elif`, `#ifdef` or `#ifndef`.
    fn test(&mut self, name: Name, operands: &str, at: u32) -> Result<bool, PpError> {
        if name != Name::If && name != Name::Elif {
            let n = directive::name_operand(operands).map_err(|m| PpError::new(at, m))?;
            return Ok(self.table.is_defined(n) == (name == Name::Ifdef));
        }
        let mut in_comment = false;
        let lexemes =
            scan::lex_line(operands, &mut in_comment).map_err(|u| PpError::new(at, u.message()))?;
        let mut toks = Vec::new();
        let mut i = 0;
        let text = |l: &scan::Lexeme| &operands[l.lo..l.hi];
        let next_real =
            |from: usize| (from..lexemes.len()).find(|&k| lexemes[k].kind != Kind::Space);
        while i < lexemes.len() {
            let l = &lexemes[i];
            if text(l) != "defined" {
                toks.push(tok(l.kind, text(l), at, i));
                i += 1;
                continue;
            }
            // `defined X` or `defined ( X )`, decided before expansion.
            let missing = || PpError::new(at, "`defined' without a macro name");
            let mut k = next_real(i + 1).ok_or_else(missing)?;
            let paren = text(&lexemes[k]) == "(";
            if paren {
                k = next_real(k + 1).ok_or_else(missing)?;
            }
            let name = &lexemes[k];
            if name.kind != Kind::Ident {
                return Err(missing());
            }
            if paren {
                k = next_real(k + 1)
                    .filter(|&c| text(&lexemes[c]) == ")")
                    .ok_or_else(|| PpError::new(at, "`)' missing after `defined ( NAME'"))?;
            }
            let v = if self.table.is_defined(text(name)) {
                "1"
            } else {
                "0"
            };
            toks.push(tok(Kind::Number, v, at, i));
            i = k + 1;
        }
        let text = self.expand_operands(toks)?;
        super::expr::eval(&text)
            .map(|v| v != 0)
            .map_err(|m| PpError::new(at, m))
    }

    /// The operands of a directive with macros expanded, as text.
    fn expand_operands(&self, toks: Vec<Tok>) -> Result<String, PpError> {
        let mut cx = NoMore(self);
        let expanded = Expander::new(&self.table, 1).expand(toks, &mut cx, 0)?;
        Ok(expanded.iter().map(|t| &*t.text).collect())
    }

    fn include(&mut self, operands: &str, line: &Line, at: u32) -> Result<(), PpError> {
        let spec = match directive::include(operands) {
            Some(s) => s,
            None => {
                // A computed include: the operands after macro expansion.
                let mut in_comment = false;
                let lexemes = scan::lex_line(operands, &mut in_comment)
                    .map_err(|u| PpError::new(at, u.message()))?;
                let toks: Vec<Tok> = lexemes
                    .iter()
                    .map(|l| tok(l.kind, &operands[l.lo..l.hi], at, l.lo))
                    .collect();
                let text = self.expand_operands(toks)?;
                directive::include(&text)
                    .ok_or_else(|| PpError::new(at, "#include expects \"FILE\" or <FILE>"))?
            }
        };
        let (name, angle) = spec;
        let top = self.top();
        let mut candidates: Vec<PathBuf> = Vec::new();
        if Path::new(&name).is_absolute() {
            candidates.push(PathBuf::from(&name));
        } else {
            if !angle {
                candidates.push(top.dir.join(&name));
            }
            candidates.extend(
                self.opts
                    .include_dirs
                    .iter()
                    .map(|d| Path::new(d).join(&name)),
            );
        }
        let found = candidates
            .iter()
            .find_map(|p| std::fs::read(p).ok().map(|bytes| (p.clone(), bytes)));
        let Some((path, bytes)) = found else {
            let why = candidates
                .first()
                .and_then(|p| std::fs::read(p).err())
                .map_or("not found".to_string(), |e| {
                    crate::builtins::strerror(e.raw_os_error().unwrap_or(0))
                });
            return Err(PpError::new(
                at,
                format!("cannot include \"{name}\": {why}"),
            ));
        };
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            return Err(PpError::new(at, self.too_deep(&path)));
        }
        let top = self.top();
        let (file, view) = (top.file, top.view);
        let (line_no, _) = self.sources.line_col(file, line.orig(0));
        let v = self.map.view(view);
        let here = format!(
            "{}:{}",
            v.name.as_deref().unwrap_or(self.sources.name(file)),
            line_no as i64 + v.line_shift
        );
        let mut chain = vec![here];
        chain.extend(v.included_from.iter().cloned());
        let shown = path.to_string_lossy().into_owned();
        let shown = shown.strip_prefix("./").unwrap_or(&shown).to_string();
        let text: Rc<str> = Rc::from(String::from_utf8_lossy(&bytes).as_ref());
        let id = self.sources.add(&shown, &text);
        let view = self.map.add_view(View {
            file: id,
            name: None,
            line_shift: 0,
            included_from: chain.into(),
        });
        self.stack.push(Frame::new(id, text, path, view));
        Ok(())
    }

    /// The message for an `#include` nested too deeply: names the cycle
    /// when a file includes itself.
    fn too_deep(&self, next: &Path) -> String {
        let same = |a: &Path| std::fs::canonicalize(a).ok() == std::fs::canonicalize(next).ok();
        match self.stack.iter().rposition(|f| same(&f.path)) {
            Some(i) => {
                let names: Vec<String> = self.stack[i..]
                    .iter()
                    .map(|f| self.sources.name(f.file).to_string())
                    .chain([self.sources.name(self.stack[i].file).to_string()])
                    .collect();
                format!(
                    "#include nested more than {MAX_INCLUDE_DEPTH} deep: an include cycle ({})",
                    names.join(" includes ")
                )
            }
            None => format!("#include nested more than {MAX_INCLUDE_DEPTH} deep"),
        }
    }

    /// `-D NAME`, `-D NAME=VALUE` or `-U NAME`, before the program.
    fn command_line_define(&mut self, d: &Define) -> Result<(), Diag> {
        let bad = |msg: String| Diag {
            kind: DiagKind::Preprocess,
            span: None,
            msg,
            notes: vec![],
        };
        match d {
            Define::Set(s) => {
                let text = match s.split_once('=') {
                    Some((n, v)) => format!("{n} {v}"),
                    None => format!("{s} 1"),
                };
                let (n, body) = directive::define(&text).map_err(|m| bad(format!("-D{s}: {m}")))?;
                self.table.define(&n, body);
            }
            Define::Unset(s) => {
                let n = directive::name_operand(s).map_err(|m| bad(format!("-U{s}: {m}")))?;
                self.table.undef(n);
            }
        }
        Ok(())
    }
}

/// Whether two tokens written one after the other would read as one (or
/// start a `--` comment), so the output needs a blank between them.
fn would_join(a: &str, b: &str) -> bool {
    let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) else {
        return false;
    };
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let op = |c: char| "+-*/=<>:.|!&^%#$?@~".contains(c);
    (word(x) && word(y)) || (op(x) && op(y))
}

fn tok(kind: Kind, text: &str, at: u32, idx: usize) -> Tok {
    Tok {
        kind,
        text: Rc::from(text),
        at,
        fixed: false,
        src: 0,
        idx: idx as u32,
        hide: Rc::from(Vec::new()),
    }
}

/// The tokens of a line read from the file; `first_idx` continues the
/// numbering of the lines before it in one macro call.
fn tokens(line: &Line, lexemes: &[scan::Lexeme], first_idx: usize) -> Vec<Tok> {
    lexemes
        .iter()
        .enumerate()
        .map(|(i, l)| {
            tok(
                l.kind,
                &line.text[l.lo..l.hi],
                line.orig(l.lo),
                first_idx + i,
            )
        })
        .collect()
}

/// Lets a macro call continue on the following lines of the file.
struct Pull<'a> {
    frame: &'a mut Frame,
    sources: &'a Sources,
    map: &'a SourceMap,
    /// The newline offset of the last line pulled.
    end: Option<u32>,
    error: Option<PpError>,
}

impl Context for Pull<'_> {
    fn more(&mut self) -> Option<Vec<Tok>> {
        if self.error.is_some() {
            return None;
        }
        let (line, next) = scan::next_line(&self.frame.text, self.frame.pos)?;
        if scan::directive_start(&line.text, self.frame.in_comment).is_some() {
            return None;
        }
        let lexemes = match scan::lex_line(&line.text, &mut self.frame.in_comment) {
            Ok(l) => l,
            Err(u) => {
                self.error = Some(PpError::new(line.orig(u.at), u.message()));
                return None;
            }
        };
        self.frame.pos = next;
        let before = self.end.unwrap_or(line.orig(0).saturating_sub(1));
        self.end = Some(line.end);
        let mut toks = vec![tok(Kind::Space, "\n", before, 0)];
        toks.extend(tokens(&line, &lexemes, 1 << 24));
        Some(toks)
    }

    fn dynamic(&self, d: Dynamic, at: u32) -> (Kind, String) {
        dynamic(self.sources, self.map, self.frame, d, at)
    }
}

/// Expansion where a macro call cannot continue past the text at hand
/// (directive operands).
struct NoMore<'a, 'b>(&'a Engine<'b>);

impl Context for NoMore<'_, '_> {
    fn more(&mut self) -> Option<Vec<Tok>> {
        None
    }

    fn dynamic(&self, d: Dynamic, at: u32) -> (Kind, String) {
        let e = self.0;
        dynamic(e.sources, &e.map, &e.stack[e.stack.len() - 1], d, at)
    }
}

/// `__LINE__`, `__FILE__`, `__DATE__`, `__TIME__`.
fn dynamic(
    sources: &Sources,
    map: &SourceMap,
    frame: &Frame,
    d: Dynamic,
    at: u32,
) -> (Kind, String) {
    let view = map.view(frame.view);
    match d {
        Dynamic::Line => {
            let (line, _) = sources.line_col(frame.file, at);
            (Kind::Number, (line as i64 + view.line_shift).to_string())
        }
        Dynamic::File => {
            let name = view.name.as_deref().unwrap_or(sources.name(frame.file));
            (Kind::Str, format!("\"{name}\""))
        }
        Dynamic::Date | Dynamic::Time => {
            // "Fri Dec  4 13:59:56 2026" → "Dec  4 2026" and "13:59:56".
            let now = crate::builtins::date_string();
            let text = match d {
                Dynamic::Date => format!("{} {}", &now[4..10], &now[20..]),
                _ => now[11..19].to_string(),
            };
            (Kind::Str, format!("\"{text}\""))
        }
    }
}
