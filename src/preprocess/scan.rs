//! Splitting a file into logical lines and a line into preprocessing
//! tokens, the way cpp reads SETL (`-lang-setl`): C identifiers and
//! preprocessing numbers, `'…'` and `"…"` literals with backslash escapes,
//! and comments of three kinds (`--` and `$` to the end of the line,
//! `/* … */` across lines).

/// One physical-line join inside a logical line: logical offset `at`
/// corresponds to byte `orig` of the file.
#[derive(Clone, Copy, Debug)]
pub struct Piece {
    pub at: u32,
    pub orig: u32,
}

/// A line after backslash-newline joining, with the way back to the file.
pub struct Line {
    pub text: String,
    /// Where each physical piece starts; the first is the line's start.
    pub pieces: Vec<Piece>,
    /// Byte offset of the line's newline in the file (or the file's end).
    pub end: u32,
}

impl Line {
    /// The file offset of logical offset `at`.
    pub fn orig(&self, at: usize) -> u32 {
        let at = at as u32;
        let i = self.pieces.partition_point(|p| p.at <= at).max(1) - 1;
        let p = self.pieces[i];
        p.orig + (at - p.at)
    }
}

/// Reads the logical line starting at byte `pos` of `text`; gives the line
/// and the offset of the next one (None at the end of the file). As in
/// cpp, a backslash at the end of a line joins the next one to a directive;
/// in program text it stays (GNU's translator then refuses it).
pub fn next_line(text: &str, pos: usize) -> Option<(Line, usize)> {
    if pos >= text.len() {
        return None;
    }
    let mut line = Line {
        text: String::new(),
        pieces: Vec::with_capacity(1),
        end: 0,
    };
    let mut start = pos;
    loop {
        let nl = memchr::memchr(b'\n', &text.as_bytes()[start..]).map(|i| start + i);
        let stop = nl.unwrap_or(text.len());
        let phys = &text[start..stop];
        let directive = start > pos || directive_start(phys, false).is_some();
        let joined = phys
            .strip_suffix('\\')
            .filter(|_| nl.is_some() && directive);
        line.pieces.push(Piece {
            at: line.text.len() as u32,
            orig: start as u32,
        });
        line.text.push_str(joined.unwrap_or(phys));
        if joined.is_none() {
            line.end = stop as u32;
            return Some((line, nl.map_or(text.len(), |n| n + 1)));
        }
        start = stop + 1;
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Number,
    /// A `'…'` or `"…"` literal.
    Str,
    /// One punctuation character.
    Punct,
    /// Blanks and comments: kept in the output, otherwise ignored.
    Space,
}

/// A token of a logical line, by byte range.
#[derive(Clone, Copy, Debug)]
pub struct Lexeme {
    pub kind: Kind,
    pub lo: usize,
    pub hi: usize,
}

/// A literal that does not end on its line (cpp refuses it, even in a
/// group that is skipped).
#[derive(Debug)]
pub struct Unterminated {
    pub at: usize,
    pub quote: u8,
}

impl Unterminated {
    /// cpp's wording.
    pub fn message(&self) -> &'static str {
        if self.quote == b'\'' {
            "unterminated character constant"
        } else {
            "unterminated string or character constant"
        }
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Splits a logical line into lexemes. `in_comment` says whether a
/// `/* … */` comment is open at the start, and is updated for the next line.
pub fn lex_line(s: &str, in_comment: &mut bool) -> Result<Vec<Lexeme>, Unterminated> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let lo = i;
        let kind = if *in_comment {
            i = close_comment(b, i, in_comment);
            Kind::Space
        } else {
            let c = b[i];
            match c {
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | 0x0b | 0x0c) {
                        i += 1;
                    }
                    Kind::Space
                }
                b'$' => {
                    i = b.len();
                    Kind::Space
                }
                b'-' if b.get(i + 1) == Some(&b'-') => {
                    i = b.len();
                    Kind::Space
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    *in_comment = true;
                    i = close_comment(b, i + 2, in_comment);
                    Kind::Space
                }
                b'\'' | b'"' => {
                    i += 1;
                    loop {
                        match b.get(i) {
                            None => return Err(Unterminated { at: lo, quote: c }),
                            Some(&q) if q == c => break,
                            Some(b'\\') => i += 2,
                            Some(_) => i += 1,
                        }
                    }
                    i += 1;
                    Kind::Str
                }
                b'0'..=b'9' => {
                    i = number_end(b, i);
                    Kind::Number
                }
                b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                    i = number_end(b, i);
                    Kind::Number
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    while i < b.len() && is_ident(b[i]) {
                        i += 1;
                    }
                    Kind::Ident
                }
                _ => {
                    i += s[i..].chars().next().map_or(1, char::len_utf8);
                    Kind::Punct
                }
            }
        };
        out.push(Lexeme { kind, lo, hi: i });
    }
    Ok(out)
}

/// The end of a C preprocessing number starting at `i`: identifier
/// characters and dots, and a sign right after `e` or `E` (so `1..N` is one
/// number, as cpp sees it).
fn number_end(b: &[u8], mut i: usize) -> usize {
    let mut prev = b'.';
    while i < b.len() {
        let c = b[i];
        let sign = matches!(c, b'+' | b'-') && matches!(prev, b'e' | b'E');
        if !(is_ident(c) || c == b'.' || sign) {
            break;
        }
        prev = c;
        i += 1;
    }
    i
}

/// Skips to just after the `*/` that closes a comment, or to the end of the
/// line with the comment still open.
fn close_comment(b: &[u8], from: usize, in_comment: &mut bool) -> usize {
    match memchr::memmem::find(&b[from.min(b.len())..], b"*/") {
        Some(k) => {
            *in_comment = false;
            from + k + 2
        }
        None => b.len(),
    }
}

/// Whether a logical line is a directive: its first character other than
/// blanks is `#` and no comment is open.
pub fn directive_start(s: &str, in_comment: bool) -> Option<usize> {
    if in_comment {
        return None;
    }
    let t = s.trim_start_matches([' ', '\t', '\x0b', '\x0c', '\r']);
    t.starts_with('#').then(|| s.len() - t.len() + 1)
}
