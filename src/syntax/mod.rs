//! Source text to syntax tree. Nothing outside this module sees a lalrpop
//! type: errors come out as `Diag`s.

pub mod ast;
pub mod build;
pub mod lexer;
pub mod tails;
pub mod token;

use crate::diag::{Diag, Span};
use lalrpop_util::{lalrpop_mod, ParseError};

lalrpop_mod!(
    #[allow(clippy::all, unused_parens, unused_imports, dead_code)]
    grammar,
    "/setl.rs"
);

/// Parses a whole compilation unit.
pub fn parse_program(src: &str, file: u16) -> Result<ast::Program, Diag> {
    parse_with(src, file, false)
}

/// Parses a single expression (the REPL's bare expressions).
pub fn parse_expr(src: &str, file: u16) -> Result<ast::Expr, Diag> {
    let tails = tails::Tails::new(lexer::lex(src, file)?);
    grammar::ExprParser::new()
        .parse(file, &tails, tails.stream())
        .map_err(|e| convert(e, src, file))
}

/// Parses a library file (see `lexer::lex_with`).
pub fn parse_library(src: &str, file: u16) -> Result<ast::Program, Diag> {
    parse_with(src, file, true)
}

fn parse_with(src: &str, file: u16, library: bool) -> Result<ast::Program, Diag> {
    let tails = tails::Tails::new(lexer::lex_with(src, file, library)?);
    grammar::ProgramParser::new()
        .parse(file, &tails, tails.stream())
        .map_err(|e| convert(e, src, file))
}

/// Whether a syntax error only says the input stopped too early (the REPL
/// then keeps reading).
pub fn is_incomplete(d: &Diag) -> bool {
    d.msg.starts_with("unexpected end of input")
}

fn convert(e: ParseError<usize, token::Tok, build::ActionError>, src: &str, file: u16) -> Diag {
    match e {
        ParseError::InvalidToken { location } => {
            Diag::syntax(Span::new(file, location, location + 1), "invalid token")
        }
        ParseError::UnrecognizedEof { location, expected } => Diag::syntax(
            Span::new(file, location.min(src.len()), location.min(src.len())),
            format!("unexpected end of input; expected {}", describe(&expected)),
        ),
        ParseError::UnrecognizedToken {
            token: (lo, tok, hi),
            expected,
        } => {
            let mut d = Diag::syntax(
                Span::new(file, lo, hi),
                format!("unexpected {tok}; expected {}", describe(&expected)),
            );
            let wants_semi = expected.iter().any(|t| t == "\";\"");
            let before = src[..lo.min(src.len())].trim_end_matches([' ', '\t', '\r', '\n']);
            if wants_semi && src[before.len()..lo.min(src.len())].contains('\n') {
                let line = before.matches('\n').count() + 1;
                d = d.with_note(format!("is a ';' missing at the end of line {line}?"));
            }
            let word_start = before
                .char_indices()
                .rfind(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = before[word_start..].to_ascii_lowercase();
            if matches!(tok, token::Tok::LParen)
                && token::keyword(&word).is_some_and(|k| k.binop().is_some())
            {
                d = d.with_note(format!("'{word}' is a binary operator: write it between its operands, as in x {word} y"));
            }
            d
        }
        ParseError::ExtraToken {
            token: (lo, tok, hi),
        } => Diag::syntax(
            Span::new(file, lo, hi),
            format!("unexpected {tok} after the end of the program"),
        ),
        ParseError::User { error } => Diag::syntax(error.span, error.msg),
    }
}

/// Turns lalrpop's list of terminal names into words: the most telling
/// ones (closing brackets, `;`, keywords that end a header) first.
fn describe(expected: &[String]) -> String {
    const TELLING: [&str; 12] = [
        ";", ")", "]", "}", ",", "then", "loop", "do", "end", ":=", "of", "=>",
    ];
    let word = |t: &str| -> String {
        match t {
            "name" => "a name".to_string(),
            "literal" => "a literal".to_string(),
            "prefix operator"
            | "prefix predicate"
            | "library procedure"
            | "library value"
            | "library variable"
            | "constant"
            | "refinement label"
            | "user binary operator"
            | "user unary operator"
            | "relation"
            | "with or less"
            | "max or min"
            | "div, mod or rem" => {
                format!("a {t}")
            }
            _ => format!("'{}'", t.replace("\\\"", "\"")),
        }
    };
    let names: Vec<&str> = expected.iter().map(|t| t.trim_matches('"')).collect();
    let mut items: Vec<String> = Vec::new();
    if names.contains(&"name") && names.len() > 8 {
        // An expression could start here: say so instead of listing every token.
        items.push("an expression".to_string());
    } else {
        items.extend(
            names
                .iter()
                .filter(|t| !TELLING.contains(t))
                .map(|t| word(t)),
        );
    }
    let telling: Vec<String> = TELLING
        .iter()
        .filter(|t| names.contains(t))
        .map(|t| word(t))
        .collect();
    items.splice(0..0, telling);
    items.dedup();
    match items.len() {
        0 => "nothing more".to_string(),
        1 => items[0].clone(),
        n if n <= 8 => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
        _ => format!("{}, or another operator", items[..7].join(", ")),
    }
}
