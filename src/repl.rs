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
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::rc::Rc;

const PROMPT: &str = "setl> ";
const MORE: &str = "...> ";

const HELP: &str = "\
Type SETL statements or expressions; an expression's value is printed.
A statement or block that is not finished yet continues on the next line.
  :help        this text
  :vars        the session's variables and their values
  :load FILE   run a file in this session
  :reset       forget every variable and routine
  :quit        leave (also Ctrl-D)
Ctrl-C clears the line being typed, or interrupts a running entry.
";

const KEYWORDS: &[&str] = &[
    "and",
    "assert",
    "call",
    "case",
    "const",
    "continue",
    "do",
    "else",
    "elseif",
    "end",
    "exists",
    "exit",
    "expr",
    "for",
    "forall",
    "from",
    "fromb",
    "frome",
    "goto",
    "if",
    "impl",
    "in",
    "init",
    "less",
    "lessf",
    "loop",
    "notexists",
    "notin",
    "npow",
    "of",
    "op",
    "or",
    "otherwise",
    "pass",
    "proc",
    "procedure",
    "program",
    "quit",
    "return",
    "routine",
    "stop",
    "subset",
    "then",
    "until",
    "var",
    "when",
    "while",
    "with",
    "yield",
];

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
        let mut found: Vec<String> = KEYWORDS
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
    let color = use_color();
    let mut session = match Session::new(args, "setl") {
        Ok(mut s) => {
            s.interp.lib.restricted = opts.restricted;
            s.interp.lib.allow = opts.allow.clone();
            s
        }
        Err((sources, d)) => {
            eprint!("{}", sources.render(&d));
            return 1;
        }
    };
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
    let mut entry_no = 0;
    let status = 'session: loop {
        let mut text = String::new();
        let entry = loop {
            let prompt = if text.is_empty() { PROMPT } else { MORE };
            match rl.readline(prompt) {
                Ok(line) => {
                    if text.is_empty() {
                        match meta(&mut session, line.trim(), color) {
                            Meta::Code => {}
                            Meta::Handled => continue 'session,
                            Meta::Quit => break 'session 0,
                        }
                        if line.trim().is_empty() {
                            continue 'session;
                        }
                    }
                    text.push_str(&line);
                    text.push('\n');
                    entry_no += 1;
                    match classify(&mut session, entry_no, &text) {
                        Entry::Incomplete => continue,
                        e => break e,
                    }
                }
                Err(ReadlineError::Interrupted) => continue 'session,
                Err(ReadlineError::Eof) => break 'session 0,
                Err(e) => {
                    eprintln!("setl: {e}");
                    break 'session 1;
                }
            }
        };
        let _ = rl.add_history_entry(text.trim_end());
        crate::interrupt::clear();
        let outcome = match entry {
            Entry::Expr(e) => match session.eval(e) {
                Ok(v) => {
                    println!("{}", to_str(&v));
                    Outcome::Done
                }
                Err(d) => Outcome::Failed(d),
            },
            Entry::Program(p) => session.run_parsed(p),
            Entry::Error(d) => Outcome::Failed(Box::new(d)),
            Entry::Incomplete => Outcome::Done,
        };
        crate::interrupt::clear();
        match outcome {
            Outcome::Done => {}
            Outcome::Stopped(code) => break 'session code,
            Outcome::Failed(d) => report(&session, &d, color),
        }
        *names.borrow_mut() = session.known_names();
    };
    session.interp.io.flush_all();
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = rl.save_history(h);
    }
    status
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
        "h" | "help" => print!("{HELP}"),
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
