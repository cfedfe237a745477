//! Diagnostics: every error is a value with a span, rendered in one place.

use crate::preprocess::SourceMap;
use std::fmt::Write as _;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub file: u16,
    pub lo: u32,
    pub hi: u32,
}

impl Span {
    pub fn new(file: u16, lo: usize, hi: usize) -> Span {
        Span {
            file,
            lo: lo as u32,
            hi: hi as u32,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagKind {
    Syntax,
    Runtime,
    /// A mistake found after parsing, before running (names, labels, …).
    Static,
    /// A `#` directive or macro the preprocessor refuses.
    Preprocess,
}

/// An error to show the user.
#[derive(Clone, Debug)]
pub struct Diag {
    pub kind: DiagKind,
    pub span: Option<Span>,
    pub msg: String,
    /// Extra lines ("= left operand: …"), shown under the source excerpt.
    pub notes: Vec<String>,
}

impl Diag {
    pub fn syntax(span: Span, msg: impl Into<String>) -> Diag {
        Diag {
            kind: DiagKind::Syntax,
            span: Some(span),
            msg: msg.into(),
            notes: vec![],
        }
    }
    pub fn stat(span: Span, msg: impl Into<String>) -> Diag {
        Diag {
            kind: DiagKind::Static,
            span: Some(span),
            msg: msg.into(),
            notes: vec![],
        }
    }
    pub fn runtime(span: Span, msg: impl Into<String>) -> Diag {
        Diag {
            kind: DiagKind::Runtime,
            span: Some(span),
            msg: msg.into(),
            notes: vec![],
        }
    }
    /// A runtime failure that belongs to no line of the program, such as
    /// output lost when it is flushed at exit.
    pub fn unplaced(msg: impl Into<String>) -> Diag {
        Diag {
            kind: DiagKind::Runtime,
            span: None,
            msg: msg.into(),
            notes: Vec::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diag {
        self.notes.push(note.into());
        self
    }
}

/// The source files of one run, so spans can be shown as file:line:col.
#[derive(Default)]
pub struct Sources {
    files: Vec<File>,
}

struct File {
    name: String,
    text: String,
    /// For preprocessor output: where its text came from.
    map: Option<SourceMap>,
}

/// Where a span is shown: a file's text, the name and line shift to show
/// (a `#line` directive changes them) and the includes that led there.
struct Place<'a> {
    file: u16,
    lo: u32,
    hi: u32,
    name: &'a str,
    line_shift: i64,
    included_from: &'a [String],
}

impl Sources {
    pub fn add(&mut self, name: &str, text: &str) -> u16 {
        self.push(name, text, None)
    }

    /// Adds preprocessor output; spans in it are shown at the text it came
    /// from.
    pub fn add_mapped(&mut self, name: &str, text: &str, map: SourceMap) -> u16 {
        self.push(name, text, Some(map))
    }

    fn push(&mut self, name: &str, text: &str, map: Option<SourceMap>) -> u16 {
        self.files.push(File {
            name: name.to_string(),
            text: text.to_string(),
            map,
        });
        (self.files.len() - 1) as u16
    }

    pub fn name(&self, file: u16) -> &str {
        self.files
            .get(file as usize)
            .map(|f| f.name.as_str())
            .unwrap_or("?")
    }

    pub fn text(&self, file: u16) -> &str {
        self.files
            .get(file as usize)
            .map(|f| f.text.as_str())
            .unwrap_or("")
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, file: u16, at: u32) -> (usize, usize) {
        let text = self.text(file);
        let at = (at as usize).min(text.len());
        let before = &text.as_bytes()[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        (line, at - line_start + 1)
    }

    /// Where to show a span: in preprocessor output, at the text it came
    /// from.
    fn place(&self, sp: Span) -> Place<'_> {
        let plain = Place {
            file: sp.file,
            lo: sp.lo,
            hi: sp.hi,
            name: self.name(sp.file),
            line_shift: 0,
            included_from: &[],
        };
        let Some(map) = self
            .files
            .get(sp.file as usize)
            .and_then(|f| f.map.as_ref())
        else {
            return plain;
        };
        let Some(from) = map.locate(sp.lo) else {
            return plain;
        };
        let view = from.view;
        let last = map.locate(sp.hi.saturating_sub(1).max(sp.lo));
        // The span ends where its last byte came from; in a macro
        // expansion, at the end of the macro's name.
        let hi = match last {
            Some(l) if l.view.file == view.file && l.offset >= from.offset => {
                let text = self.text(view.file).as_bytes();
                let name_end = |at: usize| {
                    at + text[at.min(text.len())..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .count()
                };
                if l.expanded {
                    name_end(l.offset as usize) as u32
                } else {
                    l.offset + 1
                }
            }
            _ => from.offset + 1,
        };
        Place {
            file: view.file,
            lo: from.offset,
            hi,
            name: view.name.as_deref().unwrap_or(self.name(view.file)),
            line_shift: view.line_shift,
            included_from: &view.included_from,
        }
    }

    /// Renders a diagnostic as plain text (no colour), the way the binary
    /// prints it on stderr.
    pub fn render(&self, d: &Diag) -> String {
        let label = match d.kind {
            DiagKind::Syntax => "syntax error",
            DiagKind::Static => "error",
            DiagKind::Runtime => "runtime error",
            DiagKind::Preprocess => "preprocessor error",
        };
        let mut out = String::new();
        let _ = writeln!(out, "{label}: {}", d.msg);
        if let Some(sp) = d.span {
            let at = self.place(sp);
            let (line, col) = self.line_col(at.file, at.lo);
            let text = self.text(at.file);
            let src_line = text.lines().nth(line - 1).unwrap_or("");
            let num = (line as i64 + at.line_shift).to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{pad}--> {}:{num}:{col}", at.name);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {}", src_line.replace('\t', " "));
            let width = {
                let end_in_line = src_line.len() + 1 - col.min(src_line.len() + 1);
                ((at.hi.saturating_sub(at.lo)) as usize).clamp(1, end_in_line.max(1))
            };
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(col - 1), "^".repeat(width));
            for n in &d.notes {
                let _ = writeln!(out, "{pad} = {n}");
            }
            for n in include_notes(at.included_from) {
                let _ = writeln!(out, "{pad} = {n}");
            }
        } else {
            for n in &d.notes {
                let _ = writeln!(out, "  = {n}");
            }
        }
        out
    }
}

/// Most "included from" lines shown under a diagnostic.
const MAX_INCLUDE_NOTES: usize = 8;

/// The "included from" lines for a chain of includes (innermost first),
/// shortened when a cycle made it long.
pub fn include_notes(chain: &[String]) -> Vec<String> {
    let mut notes: Vec<String> = chain
        .iter()
        .take(MAX_INCLUDE_NOTES)
        .map(|c| format!("included from {c}"))
        .collect();
    if chain.len() > MAX_INCLUDE_NOTES {
        notes.push(format!(
            "… and {} more includes",
            chain.len() - MAX_INCLUDE_NOTES
        ));
    }
    notes
}
