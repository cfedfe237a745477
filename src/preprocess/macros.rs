//! Macro definitions and their expansion, by C's rules: arguments are
//! expanded before they are substituted, the result is rescanned, and a
//! macro is not expanded again inside its own expansion (each token carries
//! the set of macros it came out of). Expansion is bounded in size and
//! depth, so hostile definitions end in a diagnostic.

use super::scan::Kind;
use super::PpError;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

/// Most tokens one line's expansion may produce.
const MAX_TOKENS: usize = 1 << 20;
/// Deepest nesting of macro calls in arguments.
const MAX_DEPTH: usize = 200;

/// A token being expanded.
#[derive(Clone, Debug)]
pub struct Tok {
    pub kind: Kind,
    pub text: Rc<str>,
    /// The file offset it came from; for expansion output, the invocation.
    pub at: u32,
    /// Whether it came out of an expansion.
    pub fixed: bool,
    /// Tokens of one text have one `src` and consecutive `idx`: output
    /// keeps them together, and puts a blank between tokens from different
    /// texts that would otherwise run together.
    pub src: u32,
    pub idx: u32,
    /// The macros whose expansion produced it (not expanded again).
    pub hide: Rc<[u32]>,
}

impl Tok {
    pub fn is(&self, s: &str) -> bool {
        self.kind != Kind::Space && &*self.text == s
    }
}

/// Macros whose value is worked out where they are used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dynamic {
    Line,
    File,
    Date,
    Time,
}

#[derive(Debug)]
pub enum Body {
    /// Replacement tokens (blanks collapsed to one) and, for a
    /// function-like macro, the parameter names.
    Text {
        params: Option<Vec<Rc<str>>>,
        toks: Vec<(Kind, Rc<str>)>,
    },
    Dynamic(Dynamic),
}

#[derive(Debug)]
pub struct Macro {
    pub id: u32,
    pub body: Body,
}

/// The macros defined at a point of the program.
#[derive(Default)]
pub struct Table {
    map: HashMap<Rc<str>, Macro>,
    next_id: u32,
}

impl Table {
    /// The table with cpp's predefined names.
    pub fn predefined() -> Table {
        let mut t = Table::default();
        let one = |s: &str| vec![(Kind::Number, Rc::from(s))];
        t.define("__STDC__", Body::plain(one("1")));
        t.define(
            "__VERSION__",
            Body::plain(vec![(Kind::Str, Rc::from("\"2.7.2.1\""))]),
        );
        for (name, d) in [
            ("__LINE__", Dynamic::Line),
            ("__FILE__", Dynamic::File),
            ("__DATE__", Dynamic::Date),
            ("__TIME__", Dynamic::Time),
        ] {
            t.define(name, Body::Dynamic(d));
        }
        t
    }

    pub fn define(&mut self, name: &str, body: Body) {
        self.next_id += 1;
        let id = self.next_id;
        self.map.insert(Rc::from(name), Macro { id, body });
    }

    pub fn undef(&mut self, name: &str) {
        self.map.remove(name);
    }

    pub fn get(&self, name: &str) -> Option<&Macro> {
        self.map.get(name)
    }

    pub fn is_defined(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }
}

impl Body {
    pub fn plain(toks: Vec<(Kind, Rc<str>)>) -> Body {
        Body::Text { params: None, toks }
    }
}

/// What expansion needs from its surroundings.
pub trait Context {
    /// The next line's tokens when a macro call runs past the end of the
    /// text at hand (None at a directive or the end of the file).
    fn more(&mut self) -> Option<Vec<Tok>>;
    /// The value of a dynamic macro used at file offset `at`.
    fn dynamic(&self, d: Dynamic, at: u32) -> (Kind, String);
}

/// Expands macros in a series of tokens.
pub struct Expander<'a> {
    pub table: &'a Table,
    produced: usize,
    next_src: u32,
}

impl<'a> Expander<'a> {
    /// `first_src` must differ from the `src` of every token passed in.
    pub fn new(table: &'a Table, first_src: u32) -> Expander<'a> {
        Expander {
            table,
            produced: 0,
            next_src: first_src,
        }
    }

    /// Expands `input` completely, pulling further lines from `cx` when a
    /// call is not finished.
    pub fn expand(
        &mut self,
        input: Vec<Tok>,
        cx: &mut dyn Context,
        depth: usize,
    ) -> Result<Vec<Tok>, PpError> {
        if depth > MAX_DEPTH {
            let at = input.first().map_or(0, |t| t.at);
            return Err(PpError::new(at, "macro calls nested too deeply"));
        }
        let mut input: VecDeque<Tok> = input.into();
        let mut out = Vec::with_capacity(input.len());
        while let Some(t) = input.pop_front() {
            let m = match t.kind {
                Kind::Ident => self.table.get(&t.text),
                _ => None,
            };
            let Some(m) = m.filter(|m| !t.hide.contains(&m.id)) else {
                out.push(t);
                continue;
            };
            let produced = match &m.body {
                Body::Dynamic(d) => {
                    let (kind, text) = cx.dynamic(*d, t.at);
                    out.push(Tok {
                        kind,
                        text: text.into(),
                        fixed: true,
                        ..t
                    });
                    continue;
                }
                Body::Text { params: None, toks } => self.instantiate(&t, m.id, toks, &[], &[]),
                Body::Text {
                    params: Some(params),
                    toks,
                } => {
                    let Some(args) = self.call_args(&t, &mut input, cx, params.len())? else {
                        out.push(t);
                        continue;
                    };
                    let mut expanded = Vec::with_capacity(args.len());
                    for a in &args {
                        expanded.push(self.expand(a.clone(), cx, depth + 1)?);
                    }
                    self.instantiate(&t, m.id, toks, params, &args_pair(&args, &expanded))
                }
            };
            self.produced += produced.len();
            if self.produced > MAX_TOKENS {
                return Err(PpError::new(
                    t.at,
                    format!("macro expansion too large (more than {MAX_TOKENS} tokens)"),
                ));
            }
            for p in produced.into_iter().rev() {
                input.push_front(p);
            }
        }
        Ok(out)
    }

    /// The arguments of a call of function-like macro `name`, or None when
    /// no `(` follows (then the name stays as it is).
    fn call_args(
        &mut self,
        name: &Tok,
        input: &mut VecDeque<Tok>,
        cx: &mut dyn Context,
        nparams: usize,
    ) -> Result<Option<Vec<Vec<Tok>>>, PpError> {
        let mut k = 0;
        loop {
            if k == input.len() {
                match cx.more() {
                    Some(line) => input.extend(line),
                    None => return Ok(None),
                }
                continue;
            }
            if input[k].kind != Kind::Space {
                break;
            }
            k += 1;
        }
        if !input[k].is("(") {
            return Ok(None);
        }
        input.drain(..=k);
        let mut args = vec![Vec::new()];
        let mut depth = 0usize;
        loop {
            let Some(t) = input.pop_front() else {
                match cx.more() {
                    Some(line) => {
                        input.extend(line);
                        continue;
                    }
                    None => {
                        return Err(PpError::new(
                            name.at,
                            format!("unterminated call of macro `{}'", name.text),
                        ))
                    }
                }
            };
            if t.is("(") {
                depth += 1;
            } else if t.is(")") {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if t.is(",") && depth == 0 {
                args.push(Vec::new());
                continue;
            }
            if let Some(a) = args.last_mut() {
                a.push(t);
            }
        }
        let blank = |a: &Vec<Tok>| a.iter().all(|t| t.kind == Kind::Space);
        if nparams == 0 && args.len() == 1 && blank(&args[0]) {
            args.clear();
        }
        // cpp 2.7.2.1 refuses `f()` for a macro of one parameter.
        let without = nparams > 0 && args.len() == 1 && blank(&args[0]);
        if without || args.len() != nparams {
            let msg = if without {
                format!("macro `{}' used without args", name.text)
            } else {
                format!(
                    "macro `{}' used with {} args but takes {nparams}",
                    name.text,
                    args.len()
                )
            };
            return Err(PpError::new(name.at, msg));
        }
        Ok(Some(args))
    }

    /// The replacement of one use of a macro: its body with the arguments
    /// substituted, `#param` made a string and `a ## b` pasted.
    fn instantiate(
        &mut self,
        name: &Tok,
        id: u32,
        body: &[(Kind, Rc<str>)],
        params: &[Rc<str>],
        args: &[(&[Tok], &[Tok])],
    ) -> Vec<Tok> {
        self.next_src += 1;
        let src = self.next_src;
        let mut hide: Vec<u32> = name.hide.to_vec();
        hide.push(id);
        let hide: Rc<[u32]> = hide.into();
        let param = |text: &str| params.iter().position(|p| &**p == text);
        let mk = |kind: Kind, text: Rc<str>, idx: usize| Tok {
            kind,
            text,
            at: name.at,
            fixed: true,
            src,
            idx: idx as u32,
            hide: hide.clone(),
        };
        let mut out: Vec<Tok> = Vec::new();
        let mut i = 0;
        while i < body.len() {
            let (kind, text) = &body[i];
            let next_real = |from: usize| (from..body.len()).find(|&j| body[j].0 != Kind::Space);
            if &**text == "#" && !params.is_empty() {
                if let Some(j) = next_real(i + 1) {
                    if let Some(p) = param(&body[j].1) {
                        out.push(mk(Kind::Str, stringify(args[p].0).into(), i));
                        i = j + 1;
                        continue;
                    }
                }
            }
            if &**text == "#" && body.get(i + 1).is_some_and(|t| &*t.1 == "#") {
                // `##`: glue the last token so far to the next one.
                while out.last().is_some_and(|t| t.kind == Kind::Space) {
                    out.pop();
                }
                let Some(j) = next_real(i + 2) else {
                    i = body.len();
                    continue;
                };
                let right: Vec<Tok> = match param(&body[j].1) {
                    Some(p) => args[p].0.to_vec(),
                    None => vec![mk(body[j].0, body[j].1.clone(), j)],
                };
                let mut right = right
                    .into_iter()
                    .skip_while(|t| t.kind == Kind::Space)
                    .map(|t| mk(t.kind, t.text, j));
                match (out.last_mut(), right.next()) {
                    (Some(l), Some(r)) => {
                        let glued = format!("{}{}", l.text, r.text);
                        l.kind = classify(&glued);
                        l.text = glued.into();
                    }
                    (None, Some(r)) => out.push(r),
                    _ => {}
                }
                out.extend(right);
                i = j + 1;
                continue;
            }
            let pasted_next = next_real(i + 1).is_some_and(|j| {
                &*body[j].1 == "#" && body.get(j + 1).is_some_and(|t| &*t.1 == "#")
            });
            match (*kind, param(text)) {
                (Kind::Ident, Some(p)) => {
                    let from = if pasted_next { args[p].0 } else { args[p].1 };
                    out.extend(from.iter().map(|t| Tok {
                        hide: merge(&t.hide, &hide),
                        fixed: true,
                        at: name.at,
                        ..t.clone()
                    }));
                }
                _ => out.push(mk(*kind, text.clone(), i)),
            }
            if self.produced + out.len() > MAX_TOKENS {
                break; // too large: the caller reports it
            }
            i += 1;
        }
        out
    }
}

/// Pairs each argument as written with its expansion.
fn args_pair<'t>(raw: &'t [Vec<Tok>], expanded: &'t [Vec<Tok>]) -> Vec<(&'t [Tok], &'t [Tok])> {
    raw.iter()
        .zip(expanded)
        .map(|(r, e)| (r.as_slice(), e.as_slice()))
        .collect()
}

fn merge(a: &Rc<[u32]>, b: &Rc<[u32]>) -> Rc<[u32]> {
    if a.is_empty() {
        return b.clone();
    }
    let mut v = b.to_vec();
    v.extend(a.iter().filter(|x| !b.contains(x)));
    v.into()
}

/// `#param`: the argument as written, blanks collapsed, as a string literal.
fn stringify(arg: &[Tok]) -> String {
    let mut s = String::from("\"");
    let mut space = false;
    for t in arg {
        if t.kind == Kind::Space {
            space = true;
            continue;
        }
        if space && s.len() > 1 {
            s.push(' ');
        }
        space = false;
        if t.kind == Kind::Str {
            for c in t.text.chars() {
                if c == '"' || c == '\\' {
                    s.push('\\');
                }
                s.push(c);
            }
        } else {
            s.push_str(&t.text);
        }
    }
    s.push('"');
    s
}

/// The kind of a token made by pasting.
fn classify(s: &str) -> Kind {
    match s.bytes().next() {
        Some(b'0'..=b'9') => Kind::Number,
        Some(c) if c.is_ascii_alphabetic() || c == b'_' => Kind::Ident,
        _ => Kind::Punct,
    }
}
