//! How the dump writes SQL text: whitespace collapsed outside quotes, server-deparsed text kept
//! to one line or indented as a block, and a SQLite statement laid out one column, table
//! constraint or trigger statement per line, so a diff points at the element that changed.

/// What a SQL scanner is inside of at a given character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    /// `'...'`, `"..."` or `` `...` ``: ends at the same character (a doubled one reopens it,
    /// which leaves the state right).
    Char(char),
    /// `[...]`, SQLite's MS-style quoted identifier.
    Bracket,
}

impl Quote {
    /// The state after `c`.
    fn next(self, c: char) -> Self {
        match self {
            Quote::None => match c {
                '\'' | '"' | '`' => Quote::Char(c),
                '[' => Quote::Bracket,
                _ => Quote::None,
            },
            Quote::Char(q) if c == q => Quote::None,
            Quote::Bracket if c == ']' => Quote::None,
            inside => inside,
        }
    }
}

/// Collapses every run of whitespace outside quotes to one space and trims the ends. Quoted
/// literals and identifiers are kept as they are: their content is data, not layout.
pub fn collapse_whitespace(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote = Quote::None;
    let mut pending_space = false;
    for c in sql.chars() {
        if quote == Quote::None && c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
        quote = quote.next(c);
    }
    out
}

/// A single-line rendering of server-deparsed text (which should already be one line; a stray
/// newline would otherwise break the dump's one-item-per-line shape).
pub(super) fn one_line(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        collapse_whitespace(text)
    } else {
        text.to_owned()
    }
}

/// Multi-line text (a view or function definition) as indented lines: trailing whitespace
/// trimmed, blank lines at either end dropped, inner blank lines kept empty.
pub(super) fn block_lines(text: &str, indent: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    lines[start..end]
        .iter()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect()
}

/// Lays out one collapsed SQLite statement for diffing: a `CREATE TABLE` one column or table
/// constraint per line, a `CREATE TRIGGER` one body statement per line; anything else stays on
/// one line. Joining the lines with single spaces (and dropping the indent) gives back the
/// input, so nothing but layout changes.
pub fn layout_sqlite_sql(sql: &str) -> Vec<String> {
    let upper = sql.to_ascii_uppercase();
    let laid_out = if upper.starts_with("CREATE TABLE") {
        layout_table(sql)
    } else if upper.starts_with("CREATE TRIGGER") {
        layout_trigger(sql)
    } else {
        None
    };
    laid_out.unwrap_or_else(|| vec![sql.to_owned()])
}

/// The parentheses, commas and semicolons of `sql` that are outside quotes, as (byte offset,
/// character, depth): an opening parenthesis has the depth outside it, a closing one the depth
/// it returns to, so a `CREATE TABLE`'s column list opens and closes at depth 0 and its
/// elements are separated by commas at depth 1.
fn scan(sql: &str) -> Vec<(usize, char, usize)> {
    let mut quote = Quote::None;
    let mut depth = 0usize;
    let mut events = Vec::new();
    for (i, c) in sql.char_indices() {
        let was_quoted = quote != Quote::None;
        quote = quote.next(c);
        if was_quoted || quote != Quote::None {
            continue;
        }
        match c {
            '(' => {
                events.push((i, c, depth));
                depth += 1;
            }
            ')' => {
                depth = depth.saturating_sub(1);
                events.push((i, c, depth));
            }
            ',' | ';' => events.push((i, c, depth)),
            _ => {}
        }
    }
    events
}

fn layout_table(sql: &str) -> Option<Vec<String>> {
    let events = scan(sql);
    let open = events.iter().find(|(_, c, d)| *c == '(' && *d == 0)?.0;
    let close = events
        .iter()
        .find(|(i, c, d)| *c == ')' && *d == 0 && *i > open)?
        .0;
    let mut lines = vec![sql[..=open].trim_end().to_owned()];
    let mut start = open + 1;
    for (i, _, _) in events
        .iter()
        .filter(|(i, c, d)| *c == ',' && *d == 1 && *i > open && *i < close)
    {
        lines.push(format!("  {}", sql[start..=*i].trim()));
        start = i + 1;
    }
    let last = sql[start..close].trim();
    if !last.is_empty() {
        lines.push(format!("  {last}"));
    }
    lines.push(sql[close..].trim().to_owned());
    Some(lines)
}

/// Position of the first top-level `BEGIN` keyword (a whole word outside quotes).
fn find_begin(sql: &str) -> Option<usize> {
    let mut quote = Quote::None;
    let bytes = sql.as_bytes();
    for (i, c) in sql.char_indices() {
        let was_quoted = quote != Quote::None;
        quote = quote.next(c);
        if was_quoted || quote != Quote::None {
            continue;
        }
        let word_start = i == 0 || !is_word_byte(bytes[i - 1]);
        let rest = &bytes[i..];
        if word_start
            && rest.len() >= 5
            && rest[..5].eq_ignore_ascii_case(b"BEGIN")
            && rest.get(5).is_none_or(|b| !is_word_byte(*b))
        {
            return Some(i);
        }
    }
    None
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn layout_trigger(sql: &str) -> Option<Vec<String>> {
    let begin = find_begin(sql)?;
    let body_start = begin + "BEGIN".len();
    let mut lines = vec![sql[..body_start].trim_end().to_owned()];
    let mut start = body_start;
    for (i, _, _) in scan(sql)
        .iter()
        .filter(|(i, c, d)| *c == ';' && *d == 0 && *i > body_start)
    {
        lines.push(format!("  {}", sql[start..=*i].trim()));
        start = i + 1;
    }
    let rest = sql[start..].trim();
    if !rest.is_empty() {
        lines.push(rest.to_owned());
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_keeps_quoted_text() {
        assert_eq!(
            collapse_whitespace("  CREATE   TABLE\n\t\"a  b\" (x  TEXT DEFAULT 'two  spaces')  "),
            "CREATE TABLE \"a  b\" (x TEXT DEFAULT 'two  spaces')"
        );
        // A doubled quote inside a literal does not end it.
        assert_eq!(collapse_whitespace("'it''s  here'   x"), "'it''s  here' x");
        assert_eq!(collapse_whitespace("[a  b]   c"), "[a  b] c");
        assert_eq!(collapse_whitespace(" \n "), "");
    }

    #[test]
    fn table_is_laid_out_one_element_per_line() {
        let sql = "CREATE TABLE \"t\" ( \"id\" BLOB NOT NULL, \"n\" TEXT DEFAULT ('a,b'), \
                   CONSTRAINT \"c\" CHECK (n IN ('x', 'y')) ) STRICT";
        assert_eq!(
            layout_sqlite_sql(sql),
            [
                "CREATE TABLE \"t\" (",
                "  \"id\" BLOB NOT NULL,",
                "  \"n\" TEXT DEFAULT ('a,b'),",
                "  CONSTRAINT \"c\" CHECK (n IN ('x', 'y'))",
                ") STRICT",
            ]
        );
    }

    #[test]
    fn trigger_is_laid_out_one_statement_per_line() {
        let sql = "CREATE TRIGGER t AFTER UPDATE ON x FOR EACH ROW BEGIN \
                   UPDATE x SET a = 'BEGIN; END' WHERE id = NEW.id; SELECT 1; END";
        assert_eq!(
            layout_sqlite_sql(sql),
            [
                "CREATE TRIGGER t AFTER UPDATE ON x FOR EACH ROW BEGIN",
                "  UPDATE x SET a = 'BEGIN; END' WHERE id = NEW.id;",
                "  SELECT 1;",
                "END",
            ]
        );
        // A column called `begin_at` is not the keyword.
        assert_eq!(find_begin("CREATE TRIGGER t WHEN begin_at BEGIN"), Some(31));
    }

    #[test]
    fn other_statements_stay_on_one_line() {
        let sql = "CREATE INDEX i ON t (a, b) WHERE a IN (1, 2)";
        assert_eq!(layout_sqlite_sql(sql), [sql]);
    }

    /// `sql` without whitespace outside quotes.
    fn squeeze(sql: &str) -> String {
        let mut quote = Quote::None;
        sql.chars()
            .filter(|&c| {
                let keep = quote != Quote::None || !c.is_whitespace();
                quote = quote.next(c);
                keep
            })
            .collect()
    }

    #[test]
    fn layout_only_changes_whitespace() {
        for sql in [
            "CREATE TABLE t (a INTEGER, b TEXT CHECK (b IN ('(', ')', ' , ')), c REAL)",
            "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT ';'; DELETE FROM t; END",
        ] {
            let laid_out = layout_sqlite_sql(sql);
            assert!(laid_out.len() > 2, "{laid_out:?}");
            assert_eq!(squeeze(&laid_out.join("\n")), squeeze(sql));
        }
    }

    #[test]
    fn block_lines_trim_and_indent() {
        assert_eq!(
            block_lines("\n SELECT a  \n\n   FROM t\n\n", "  "),
            ["   SELECT a", "", "     FROM t"]
        );
        assert!(block_lines("", "  ").is_empty());
    }

    #[test]
    fn one_line_leaves_single_lines_alone() {
        assert_eq!(one_line("CHECK (a  = 'x  y')"), "CHECK (a  = 'x  y')");
        assert_eq!(one_line("a\n   b"), "a b");
    }
}
