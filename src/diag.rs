//! Diagnostics: every error is a value with a span, rendered in one place.

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
    files: Vec<(String, String)>,
}

impl Sources {
    pub fn add(&mut self, name: &str, text: &str) -> u16 {
        self.files.push((name.to_string(), text.to_string()));
        (self.files.len() - 1) as u16
    }

    pub fn name(&self, file: u16) -> &str {
        self.files
            .get(file as usize)
            .map(|f| f.0.as_str())
            .unwrap_or("?")
    }

    pub fn text(&self, file: u16) -> &str {
        self.files
            .get(file as usize)
            .map(|f| f.1.as_str())
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

    /// Renders a diagnostic as plain text (no colour), the way the binary
    /// prints it on stderr.
    pub fn render(&self, d: &Diag) -> String {
        let label = match d.kind {
            DiagKind::Syntax => "syntax error",
            DiagKind::Static => "error",
            DiagKind::Runtime => "runtime error",
        };
        let mut out = String::new();
        let _ = writeln!(out, "{label}: {}", d.msg);
        if let Some(sp) = d.span {
            let (line, col) = self.line_col(sp.file, sp.lo);
            let text = self.text(sp.file);
            let src_line = text.lines().nth(line - 1).unwrap_or("");
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{pad}--> {}:{line}:{col}", self.name(sp.file));
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {}", src_line.replace('\t', " "));
            let width = {
                let end_in_line = src_line.len() + 1 - col.min(src_line.len() + 1);
                ((sp.hi.saturating_sub(sp.lo)) as usize).clamp(1, end_in_line.max(1))
            };
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(col - 1), "^".repeat(width));
            for n in &d.notes {
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
