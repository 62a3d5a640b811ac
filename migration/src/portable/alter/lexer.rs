//! A lexer just good enough to find the items of a CREATE TABLE and the identifiers of a
//! statement: strings, quoted identifiers and comments are skipped over whole, so a comma or a
//! parenthesis inside them does not count.

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    /// A keyword, a bare identifier or a number.
    Word(String),
    /// A quoted identifier (`"x"`, `` `x` ``, `[x]`), unquoted.
    Quoted(String),
    Str,
    Open,
    Close,
    Comma,
    Other,
}

impl Tok {
    pub(super) fn identifier(&self) -> Option<String> {
        match self {
            Self::Word(w) => Some(w.clone()),
            Self::Quoted(q) => Some(q.clone()),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn lex(sql: &str) -> Result<Vec<Token>, String> {
    let bytes = sql.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let tok = match b {
            _ if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            b'\'' => {
                i = closing(sql, i, b'\'')?;
                Tok::Str
            }
            b'"' | b'`' => {
                i = closing(sql, i, b)?;
                let quote = char::from(b).to_string();
                Tok::Quoted(sql[start + 1..i - 1].replace(&quote.repeat(2), &quote))
            }
            b'[' => {
                let Some(n) = sql[i..].find(']') else {
                    return Err(format!("unterminated [identifier] in {sql}"));
                };
                i += n + 1;
                Tok::Quoted(sql[start + 1..i - 1].to_owned())
            }
            b'(' => {
                i += 1;
                Tok::Open
            }
            b')' => {
                i += 1;
                Tok::Close
            }
            b',' => {
                i += 1;
                Tok::Comma
            }
            _ if is_word(b) => {
                while i < bytes.len() && is_word(bytes[i]) {
                    i += 1;
                }
                Tok::Word(sql[start..i].to_owned())
            }
            // Anything else is one ASCII byte: every byte of a multi-byte character is >= 0x80
            // and so part of a word.
            _ => {
                i += 1;
                Tok::Other
            }
        };
        tokens.push(Token { tok, start, end: i });
    }
    Ok(tokens)
}

/// The end (exclusive) of the quoted text opening at `start`, where a doubled quote stands for
/// one.
pub(super) fn closing(sql: &str, start: usize, quote: u8) -> Result<usize, String> {
    let bytes = sql.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(format!("unterminated quote in {sql}"))
}
