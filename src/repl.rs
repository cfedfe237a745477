//! The interactive session: `setl` on a terminal, or `setl --repl`.
//!
//! Each entry is read until the parser no longer reports an unexpected end
//! of input (the `...> ` prompt asks for more). A bare expression prints
//! its value as `str` would; anything else runs as program text in the
//! same session, so variables, routines and open files persist.

use crate::interp::Outcome;
use crate::session::Session;
use crate::syntax::{self, ast::ExprKind};
use crate::value::print::to_str;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::history::DefaultHistory;
use rustyline::{Context, Editor, Helper, Hinter, Validator};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::rc::Rc;

const PROMPT: &str = "setl> ";
const MORE: &str = "...> ";

const HELP: &str = "\
Type SETL statements or expressions; an expression's value is printed.
A statement or block that is not finished yet continues on the next line.
  :help        this text
  :help NAME   a built-in, keyword or library routine: signature, example
  :vars        the session's variables and their values
  :load FILE   run a file in this session
  :reset       forget every variable and routine
  :quit        leave (also Ctrl-D)
Ctrl-C clears the line being typed, or interrupts a running entry.
";

/// Completion of keywords, library names and the session's own names.
#[derive(Helper, Hinter, Validator)]
struct ReplHelper {
    names: Rc<RefCell<Vec<String>>>,
    color: bool,
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line[..pos]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let word = line[start..pos].to_ascii_lowercase();
        if word.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let mut found: Vec<String> = crate::syntax::token::KEYWORDS
            .iter()
            .copied()
            .chain(crate::builtins::all_names())
            .map(str::to_string)
            .chain(self.names.borrow().iter().cloned())
            .filter(|n| n.starts_with(&word))
            .collect();
        found.sort_unstable();
        found.dedup();
        Ok((
            start,
            found
                .into_iter()
                .map(|n| Pair {
                    display: n.clone(),
                    replacement: n,
                })
                .collect(),
        ))
    }
}

impl Highlighter for ReplHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        if self.color {
            Cow::Owned(format!("\x1b[1;32m{prompt}\x1b[0m"))
        } else {
            Cow::Borrowed(prompt)
        }
    }
}

/// Whether to colour output: only on a terminal, and never with NO_COLOR.
fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Where history is kept: $XDG_STATE_HOME/setl/history, else
/// ~/.local/state/setl/history.
fn history_path() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".local/state"),
    };
    Some(base.join("setl").join("history"))
}

/// What to do with a finished entry.
enum Entry {
    Expr(crate::syntax::ast::Expr),
    Program(crate::syntax::ast::Program),
    Incomplete,
    Error(crate::diag::Diag),
}

/// Classifies an entry: a bare expression (with or without a final `;`),
/// program text, or text that needs more lines.
fn classify(session: &mut Session, n: usize, text: &str) -> Entry {
    let name = format!("<repl:{n}>");
    let trimmed = text.trim_end();
    let bare = trimmed.strip_suffix(';').unwrap_or(trimmed);
    let file = session.interp.sources.add(&name, text);
    let first = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let defines = ["proc", "procedure", "op", "operator", "program"]
        .contains(&first.to_ascii_lowercase().as_str());
    if let (false, Ok(e)) = (defines, syntax::parse_expr(bare, file)) {
        let is_call = matches!(e.kind, ExprKind::SysCall(..) | ExprKind::CallIndirect(..));
        let is_assignment = matches!(e.kind, ExprKind::Assign(..) | ExprKind::AccumAssign(..));
        if !is_call && !is_assignment {
            return Entry::Expr(e);
        }
        // A call or assignment is a statement, with or without its `;`.
        if let Ok(p) = syntax::parse_program(&format!("{bare};"), file) {
            return Entry::Program(p);
        }
    }
    match syntax::parse_program(text, file) {
        Ok(p) => Entry::Program(p),
        Err(d) if syntax::is_incomplete(&d) => Entry::Incomplete,
        Err(d) => {
            // `x := 1` without its semicolon is still a statement.
            if !trimmed.ends_with(';') {
                if let Ok(p) = syntax::parse_program(&format!("{trimmed};"), file) {
                    return Entry::Program(p);
                }
            }
            Entry::Error(d)
        }
    }
}

/// Runs the REPL; returns the exit status.
pub fn run(args: Vec<Vec<u8>>, opts: crate::driver::Options) -> i32 {
    match start(args, "setl", opts) {
        Some(session) => interact(session),
        None => 1,
    }
}

/// `setl -i FILE ARGS…`: runs the program, then the REPL in the program's
/// session, with its variables, routines and open files, as `python3 -i`
/// does. A runtime error, `stop` or Ctrl-C in the program still leads to
/// the prompt, so the state can be inspected.
pub fn run_file(path: &std::ffi::OsStr, args: Vec<Vec<u8>>, opts: crate::driver::Options) -> i32 {
    let name = path.to_string_lossy();
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("setl: cannot read {name}: {e}");
            return 1;
        }
    };
    let cpp = opts.cpp.clone();
    let Some(mut session) = start(args, &name, opts) else {
        return 1;
    };
    crate::interrupt::install();
    crate::interrupt::clear();
    if let Outcome::Failed(d) = session.run_with(&name, &text, &cpp) {
        let _ = session.interp.io.flush_all();
        report(&session, &d, use_color());
    }
    crate::interrupt::clear();
    interact(session)
}

/// A session with the library loaded; a failure is reported.
fn start(args: Vec<Vec<u8>>, name: &str, opts: crate::driver::Options) -> Option<Session> {
    match Session::new(args, name) {
        Ok(mut s) => {
            s.interp.lib.restricted = opts.restricted;
            s.interp.lib.allow = opts.allow;
            s.interp.resumable = true;
            Some(s)
        }
        Err((sources, d)) => {
            eprint!("{}", sources.render(&d));
            None
        }
    }
}

/// The prompt loop over a session; returns the exit status.
///
/// Input arrives as lines: one typed, several pasted at once (bracketed
/// paste hands them over together), or typed ahead while an entry runs
/// (rustyline keeps those in its buffer between calls). Each line is taken
/// as if typed on its own, and `run_entries` runs every complete entry the
/// text so far holds.
fn interact(session: Session) -> i32 {
    let color = use_color();
    let names = Rc::new(RefCell::new(session.known_names()));
    let mut rl: Editor<ReplHelper, DefaultHistory> = match Editor::new() {
        Ok(rl) => rl,
        Err(e) => {
            eprintln!("setl: cannot start the line editor: {e}");
            return 1;
        }
    };
    rl.set_helper(Some(ReplHelper {
        names: names.clone(),
        color,
    }));
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    crate::interrupt::install();
    println!(
        "setl {} — :help for help, :quit or Ctrl-D to leave",
        env!("CARGO_PKG_VERSION")
    );
    let mut repl = Repl {
        session,
        entry_no: 0,
        color,
    };
    let mut pending: VecDeque<String> = VecDeque::new();
    let mut text = String::new();
    let status = loop {
        let Some(line) = pending.pop_front() else {
            let prompt = if text.is_empty() { PROMPT } else { MORE };
            match rl.readline(prompt) {
                Ok(input) => pending.extend(input.split('\n').map(str::to_string)),
                Err(ReadlineError::Interrupted) => text.clear(),
                Err(ReadlineError::Eof) => break 0,
                Err(e) => {
                    eprintln!("setl: {e}");
                    break 1;
                }
            }
            continue;
        };
        if text.is_empty() {
            match meta(&mut repl.session, line.trim(), color) {
                Meta::Code => {}
                Meta::Handled => continue,
                Meta::Quit => break 0,
            }
            if line.trim().is_empty() {
                continue;
            }
        }
        text.push_str(&line);
        text.push('\n');
        match repl.run_entries(&mut text, &mut rl) {
            Outcome::Done => {}
            Outcome::Stopped(code) => break code,
            Outcome::Failed(_) => pending.clear(),
        }
        *names.borrow_mut() = repl.session.known_names();
    };
    let _ = repl.session.interp.io.flush_all();
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = rl.save_history(h);
    }
    status
}

/// The session and what the prompt loop needs to run entries in it.
struct Repl {
    session: Session,
    /// Numbers the entries' source names (`<repl:N>`).
    entry_no: usize,
    color: bool,
}

impl Repl {
    /// Runs every complete entry at the front of `text`, in order, and
    /// leaves in `text` what still needs more lines. Several entries on one
    /// line (`proc f; … end proc; f(1);`) are split where the parser first
    /// fails: the text before that point runs as an entry of its own when
    /// it is one. Gives `Stopped` for `stop`, `Failed` when Ctrl-C
    /// interrupted an entry (what was pasted after it is dropped), else
    /// `Done`; errors are reported here.
    fn run_entries(
        &mut self,
        text: &mut String,
        rl: &mut Editor<ReplHelper, DefaultHistory>,
    ) -> Outcome {
        loop {
            self.entry_no += 1;
            let (entry, rest) = match classify(&mut self.session, self.entry_no, text) {
                Entry::Incomplete => return Outcome::Done,
                Entry::Error(d) => match self.split(text, &d) {
                    Some((first, at)) => (first, text.split_off(at)),
                    None => (Entry::Error(d), String::new()),
                },
                e => (e, String::new()),
            };
            let _ = rl.add_history_entry(text.trim_end());
            *text = if rest.trim().is_empty() {
                String::new()
            } else {
                rest
            };
            match self.run_entry(entry) {
                Outcome::Done if !text.is_empty() => {}
                other => {
                    text.clear();
                    return other;
                }
            }
        }
    }

    /// When a syntax error in `text` comes after a complete entry, that
    /// entry and where the rest of the text begins. An error at the very
    /// start (`1+1; 2+2;`: an expression is no statement) tries the text
    /// up to the first `;`.
    fn split(&mut self, text: &str, d: &crate::diag::Diag) -> Option<(Entry, usize)> {
        let mut at = d.span.map(|s| s.lo as usize)?;
        if text.get(..at)?.trim().is_empty() {
            at = text.find(';')? + 1;
        }
        let head = text.get(..at)?;
        self.entry_no += 1;
        match classify(&mut self.session, self.entry_no, head) {
            e @ (Entry::Expr(_) | Entry::Program(_)) => Some((e, at)),
            Entry::Incomplete | Entry::Error(_) => None,
        }
    }

    /// Runs one entry, printing an expression's value; reports an error and
    /// gives `Failed` only for an interrupted entry.
    fn run_entry(&mut self, entry: Entry) -> Outcome {
        crate::interrupt::clear();
        let outcome = match entry {
            Entry::Expr(e) => match self.session.eval(e) {
                Ok(v) => {
                    println!("{}", to_str(&v));
                    Outcome::Done
                }
                Err(d) => Outcome::Failed(d),
            },
            Entry::Program(p) => self.session.run_parsed(p),
            Entry::Error(d) => Outcome::Failed(Box::new(d)),
            Entry::Incomplete => Outcome::Done,
        };
        let interrupted = crate::interrupt::pending();
        crate::interrupt::clear();
        match outcome {
            Outcome::Failed(d) => {
                report(&self.session, &d, self.color);
                if interrupted {
                    Outcome::Failed(d)
                } else {
                    Outcome::Done
                }
            }
            other => other,
        }
    }
}

fn report(session: &Session, d: &crate::diag::Diag, color: bool) {
    let text = session.render(d);
    let mut err = std::io::stderr();
    if color {
        let _ = write!(err, "\x1b[31m{text}\x1b[0m");
    } else {
        let _ = err.write_all(text.as_bytes());
    }
}

enum Meta {
    /// Not a `:command`: SETL code.
    Code,
    Handled,
    Quit,
}

/// Runs a `:command`.
fn meta(session: &mut Session, line: &str, color: bool) -> Meta {
    let Some(cmd) = line.strip_prefix(':') else {
        return Meta::Code;
    };
    let (word, rest) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
    match word {
        "q" | "quit" | "exit" => return Meta::Quit,
        "h" | "help" if rest.trim().is_empty() => print!("{HELP}"),
        "h" | "help" => match crate::builtins::doc::describe(rest.trim()) {
            Some(text) => print!("{text}"),
            None => eprintln!("no help for {} (Tab lists the names)", rest.trim()),
        },
        "vars" => {
            for (name, v) in session.variables() {
                let mut s = to_str(&v);
                if s.chars().count() > 60 {
                    s = s.chars().take(57).collect::<String>() + "...";
                }
                println!("{name} = {s}");
            }
        }
        "reset" => match Session::new(session.interp.lib.command_line.clone(), "setl") {
            Ok(mut s) => {
                s.interp.lib.restricted = session.interp.lib.restricted;
                s.interp.lib.allow = session.interp.lib.allow.clone();
                s.interp.resumable = true;
                *session = s;
                println!("session reset");
            }
            Err((sources, d)) => eprint!("{}", sources.render(&d)),
        },
        "load" => {
            let path = rest.trim();
            match std::fs::read(path) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    crate::interrupt::clear();
                    match session.run(path, &text) {
                        Outcome::Failed(d) => report(session, &d, color),
                        Outcome::Stopped(_) | Outcome::Done => {}
                    }
                    crate::interrupt::clear();
                }
                Err(e) => eprintln!("cannot read {path}: {e}"),
            }
        }
        _ => eprintln!("unknown command :{word} (try :help)"),
    }
    let _ = std::io::stdout().flush();
    Meta::Handled
}
