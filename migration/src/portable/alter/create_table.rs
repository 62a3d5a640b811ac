//! A SQLite `CREATE TABLE` statement's text taken apart into its items, edited, and written
//! back; and the identifier searches the rebuild uses to find what names a column or a table.
use super::*;

/// A `CREATE TABLE` statement taken apart: everything up to the opening parenthesis, the
/// top-level items between the parentheses, and what follows the closing one
/// (`WITHOUT ROWID`, `STRICT`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TableSql {
    pub(super) header: String,
    pub(super) items: Vec<Item>,
    pub(super) tail: String,
}

/// Whether a SQLite `CREATE TABLE` (its text in `sqlite_master`) has a constraint named `name`:
/// for [`crate::portable::online`], which skips a constraint that an earlier, failed run
/// already added.
pub(crate) fn sqlite_names_constraint(create_table: &str, name: &str) -> Result<bool, DbErr> {
    TableSql::parse(create_table)
        .map(|table| table.constraint(name).is_some())
        .map_err(DbErr::Migration)
}

/// One column definition or table constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Item {
    pub(super) text: String,
    pub(super) kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Column { name: String, generated: bool },
    Constraint { name: Option<String>, what: What },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum What {
    PrimaryKey,
    Unique,
    Check,
    /// With its columns.
    ForeignKey(Vec<String>),
}

impl TableSql {
    pub(super) fn parse(sql: &str) -> Result<Self, String> {
        let tokens = lex(sql)?;
        let Some(open) = tokens.iter().position(|t| t.tok == Tok::Open) else {
            return Err(format!("no column list in {sql}"));
        };
        let mut depth = 0_usize;
        let mut start = tokens[open].end;
        let mut texts = Vec::new();
        for token in &tokens[open..] {
            match token.tok {
                Tok::Open => depth += 1,
                Tok::Comma if depth == 1 => {
                    texts.push(&sql[start..token.start]);
                    start = token.end;
                }
                Tok::Close => {
                    depth -= 1;
                    if depth == 0 {
                        texts.push(&sql[start..token.start]);
                        let items = texts
                            .into_iter()
                            .map(|t| Item::parse(t.trim()))
                            .collect::<Result<_, _>>()?;
                        return Ok(Self {
                            header: sql[..tokens[open].end].to_owned(),
                            items,
                            tail: sql[token.end..].to_owned(),
                        });
                    }
                }
                _ => {}
            }
        }
        Err(format!("unbalanced parentheses in {sql}"))
    }

    /// In sea-query's shape: `CREATE TABLE "t" ( item, item )`.
    pub(super) fn render(&self) -> String {
        let items: Vec<&str> = self.items.iter().map(|i| i.text.as_str()).collect();
        format!("{} {} ){}", self.header, items.join(", "), self.tail)
    }

    pub(super) fn columns(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match &i.kind {
            Kind::Column { name, .. } => Some(name.as_str()),
            Kind::Constraint { .. } => None,
        })
    }

    pub(super) fn column(&self, name: &str) -> Option<usize> {
        self.items.iter().position(
            |i| matches!(&i.kind, Kind::Column { name: n, .. } if n.eq_ignore_ascii_case(name)),
        )
    }

    pub(super) fn constraint(&self, name: &str) -> Option<usize> {
        self.items.iter().position(|i| {
            matches!(&i.kind, Kind::Constraint { name: Some(n), .. } if n.eq_ignore_ascii_case(name))
        })
    }

    /// The one unnamed foreign key over exactly `columns`, or how many there are.
    pub(super) fn foreign_key_over(&self, columns: &[String]) -> Result<usize, usize> {
        let found: Vec<usize> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| match &i.kind {
                Kind::Constraint {
                    name: None,
                    what: What::ForeignKey(cols),
                } => {
                    cols.len() == columns.len()
                        && cols
                            .iter()
                            .zip(columns)
                            .all(|(a, b)| a.eq_ignore_ascii_case(b))
                }
                _ => false,
            })
            .map(|(at, _)| at)
            .collect();
        match found.as_slice() {
            [at] => Ok(*at),
            _ => Err(found.len()),
        }
    }

    /// After the last column: SQLite wants every column before the table constraints.
    pub(super) fn insert_column(&mut self, item: Item) {
        let at = self
            .items
            .iter()
            .rposition(Item::is_column)
            .map_or(0, |i| i + 1);
        self.items.insert(at, item);
    }

    /// Appends a constraint, refusing a name taken (SQLite would accept two CHECKs of one name;
    /// PostgreSQL would not).
    pub(super) fn add_constraint(&mut self, item: Item) -> Result<(), String> {
        match &item.kind {
            Kind::Constraint {
                name: Some(name), ..
            } if self.constraint(name).is_some() => {
                return Err(format!("a constraint named {name} exists already"));
            }
            _ => {}
        }
        self.items.push(item);
        Ok(())
    }

    pub(super) fn remove_stand_ins(&mut self, column: &str) {
        self.items.retain(|i| match &i.kind {
            Kind::Constraint {
                name: Some(name),
                what: What::Check,
            } => !is_stand_in_of(name, column),
            _ => true,
        });
    }

    pub(super) fn has_rowid(&self) -> bool {
        let words: Vec<String> = lex(&self.tail)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| match t.tok {
                Tok::Word(w) => Some(w.to_ascii_uppercase()),
                _ => None,
            })
            .collect();
        let without = words
            .windows(2)
            .any(|w| w[0] == "WITHOUT" && w[1] == "ROWID");
        // A column named like the rowid would take its place in the copy.
        let shadowed = self.columns().any(|c| {
            ["rowid", "oid", "_rowid_"]
                .iter()
                .any(|r| c.eq_ignore_ascii_case(r))
        });
        !without && !shadowed
    }
}

impl Item {
    pub(super) fn parse(text: &str) -> Result<Self, String> {
        let tokens = lex(text)?;
        let word = |i: usize| match tokens.get(i).map(|t| &t.tok) {
            Some(Tok::Word(w)) => Some(w.to_ascii_uppercase()),
            _ => None,
        };
        let (name, at) = match word(0).as_deref() {
            Some("CONSTRAINT") => {
                let name = tokens.get(1).and_then(|t| t.tok.identifier());
                if name.is_none() {
                    return Err(format!("a constraint without a name: {text}"));
                }
                (name, 2)
            }
            Some("PRIMARY" | "UNIQUE" | "CHECK" | "FOREIGN") => (None, 0),
            _ => {
                let Some(name) = tokens.first().and_then(|t| t.tok.identifier()) else {
                    return Err(format!("neither a column nor a constraint: {text:?}"));
                };
                let generated = tokens.iter().enumerate().any(|(i, t)| match &t.tok {
                    Tok::Word(w) if w.eq_ignore_ascii_case("GENERATED") => true,
                    Tok::Word(w) if w.eq_ignore_ascii_case("AS") => {
                        tokens.get(i + 1).is_some_and(|n| n.tok == Tok::Open)
                    }
                    _ => false,
                });
                return Ok(Self {
                    text: text.to_owned(),
                    kind: Kind::Column { name, generated },
                });
            }
        };
        let what = match word(at).as_deref() {
            Some("PRIMARY") => What::PrimaryKey,
            Some("UNIQUE") => What::Unique,
            Some("CHECK") => What::Check,
            Some("FOREIGN") => {
                // FOREIGN KEY ( columns ) REFERENCES ...
                let mut columns = Vec::new();
                let mut inside = false;
                for token in &tokens[at..] {
                    match &token.tok {
                        Tok::Open => inside = true,
                        Tok::Close => break,
                        tok if inside => columns.extend(tok.identifier()),
                        _ => {}
                    }
                }
                What::ForeignKey(columns)
            }
            _ => return Err(format!("a constraint of an unknown kind: {text}")),
        };
        Ok(Self {
            text: text.to_owned(),
            kind: Kind::Constraint { name, what },
        })
    }

    /// Whether the item uses `column` of `table`, the table it belongs to: it names the column,
    /// but a foreign key only through its own columns or, when it references its own table,
    /// through the referenced ones (`REFERENCES other (id)` is another table's `id`).
    pub(super) fn uses(&self, column: &str, table: &str) -> bool {
        match &self.kind {
            Kind::Constraint {
                what: What::ForeignKey(columns),
                ..
            } if !references(&self.text, table) => {
                columns.iter().any(|c| c.eq_ignore_ascii_case(column))
            }
            _ => mentions(&self.text, column),
        }
    }

    pub(super) fn is_column(&self) -> bool {
        matches!(self.kind, Kind::Column { .. })
    }

    /// How an error names this item.
    pub(super) fn describe(&self) -> String {
        match &self.kind {
            Kind::Column { name, .. } => format!("column {name}"),
            Kind::Constraint { name: Some(n), .. } => format!("constraint {n}"),
            // From its first token: a comment written before the item belongs to its text.
            Kind::Constraint { name: None, .. } => {
                let start = lex(&self.text)
                    .ok()
                    .and_then(|t| t.first().map(|t| t.start))
                    .unwrap_or(0);
                self.text[start..].to_owned()
            }
        }
    }
}

/// Whether a foreign key's text references `table` (the identifier after REFERENCES).
pub(super) fn references(sql: &str, table: &str) -> bool {
    lex(sql).is_ok_and(|tokens| {
        tokens.windows(2).any(|w| {
            matches!(&w[0].tok, Tok::Word(k) if k.eq_ignore_ascii_case("REFERENCES"))
                && w[1]
                    .tok
                    .identifier()
                    .is_some_and(|t| t.eq_ignore_ascii_case(table))
        })
    })
}

/// Whether `name` appears in `sql` as an identifier (bare or quoted, in any case), not inside
/// a string or a comment.
pub(super) fn mentions(sql: &str, name: &str) -> bool {
    lex(sql).is_ok_and(|tokens| {
        tokens.iter().any(|t| {
            t.tok
                .identifier()
                .is_some_and(|i| i.eq_ignore_ascii_case(name))
        })
    })
}
