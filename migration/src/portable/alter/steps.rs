//! Each chained operation rendered for the backend, as a [`Step`] both backends apply, and
//! refused here when it can be without a database (a NOT NULL column without a default, a
//! primary key in a change, a generated column changed), so `apply` touches nothing then.
use super::*;

impl AlterTable {
    /// Renders every operation for this backend and refuses what can be refused without a
    /// database.
    pub(super) fn prepare(&self) -> Result<Vec<Step>, DbErr> {
        if !matches!(self.backend, DbBackend::Postgres | DbBackend::Sqlite) {
            return Err(self.refusal(format!("{:?} is not supported", self.backend)));
        }
        if let Some(mistake) = self.mistakes.first() {
            return Err(self.refusal(mistake));
        }
        self.ops
            .iter()
            .map(|op| self.prepare_op(op).map_err(|m| self.refusal(m)))
            .collect()
    }

    fn prepare_op(&self, op: &Op) -> Result<Step, String> {
        Ok(match op {
            Op::AddColumns(definition) => {
                let items = rendered_items(definition)?;
                if !items.iter().any(Item::is_column) {
                    return Err("add_columns names no column".to_owned());
                }
                refuse_primary_key(&items, "add_columns")?;
                for column in definition.statement().get_columns() {
                    let spec = column.get_column_spec();
                    if spec.nullable == Some(false)
                        && spec.default.is_none()
                        && spec.generated.is_none()
                    {
                        return Err(format!(
                            "column {} is added NOT NULL without a default, so existing rows \
                             would have no value: give it a default, or add it nullable, fill \
                             it, then change it to NOT NULL",
                            column.get_column_name()
                        ));
                    }
                }
                Step::Add {
                    items,
                    after: definition.after().to_vec(),
                }
            }
            Op::DropColumn(column) => Step::Drop(column.clone()),
            Op::ChangeColumns { columns, using } => {
                let items = rendered_items(columns)?;
                refuse_primary_key(&items, "change_columns")?;
                let mut changed = Vec::new();
                let mut checks = Vec::new();
                let definitions = columns.statement().get_columns();
                for item in items {
                    let Kind::Column { name, generated } = &item.kind else {
                        checks.push(item);
                        continue;
                    };
                    if *generated {
                        return Err(format!(
                            "{name} is a generated column: drop it and add it again instead"
                        ));
                    }
                    let postgres = match definitions
                        .iter()
                        .find(|d| d.get_column_name().eq_ignore_ascii_case(name))
                    {
                        Some(definition) if self.backend == DbBackend::Postgres => {
                            Some(postgres_column(definition)?)
                        }
                        _ => None,
                    };
                    let using = using
                        .iter()
                        .rev()
                        .find(|(c, _)| c.eq_ignore_ascii_case(name))
                        .map(|(_, e)| e.clone());
                    changed.push(Changed {
                        name: name.clone(),
                        item: item.clone(),
                        postgres,
                        using,
                    });
                }
                if changed.is_empty() {
                    return Err("change_columns names no column".to_owned());
                }
                Step::Change {
                    columns: changed,
                    checks,
                    after: columns.after().to_vec(),
                }
            }
            Op::AddConstraint { name, definition } => {
                let mut items = rendered_items(definition)?;
                for item in &mut items {
                    // sea-query's SQLite builder leaves a foreign key's name out; keep it so
                    // that drop_constraint finds it.
                    if let Kind::Constraint {
                        name: None,
                        what: what @ What::ForeignKey(_),
                    } = &item.kind
                    {
                        item.text = format!("CONSTRAINT {} {}", quote_ident(name), item.text);
                        item.kind = Kind::Constraint {
                            name: Some(name.clone()),
                            what: what.clone(),
                        };
                    }
                }
                Step::AddConstraint {
                    items,
                    after: definition.after().to_vec(),
                }
            }
            Op::DropConstraint(name) => Step::DropConstraint(name.clone()),
            Op::DropForeignKey { name, columns } => Step::DropForeignKey {
                name: name.clone(),
                columns: columns.clone(),
            },
        })
    }
}

fn refuse_primary_key(items: &[Item], op: &str) -> Result<(), String> {
    if items.iter().any(|i| {
        matches!(
            i.kind,
            Kind::Constraint {
                what: What::PrimaryKey,
                ..
            }
        )
    }) {
        return Err(format!("{op} cannot change the primary key"));
    }
    Ok(())
}

/// One operation, rendered for the backend.
pub(super) enum Step {
    Add {
        items: Vec<Item>,
        after: Vec<String>,
    },
    Drop(String),
    Change {
        columns: Vec<Changed>,
        /// The new stand-in CHECKs, and any other constraint written in the closure.
        checks: Vec<Item>,
        after: Vec<String>,
    },
    AddConstraint {
        items: Vec<Item>,
        after: Vec<String>,
    },
    DropConstraint(String),
    DropForeignKey {
        name: String,
        columns: Vec<String>,
    },
}

pub(super) struct Changed {
    pub(super) name: String,
    /// The column's item in a `CREATE TABLE` (SQLite's new definition).
    pub(super) item: Item,
    /// Its pieces for `ALTER COLUMN` (PostgreSQL only).
    pub(super) postgres: Option<PostgresColumn>,
    pub(super) using: Option<String>,
}

/// The items of the `CREATE TABLE` a [`NewTable`] would run, as its backend's builder writes
/// it.
pub(super) fn rendered_items(table: &NewTable) -> Result<Vec<Item>, String> {
    let sql = match table.backend() {
        DbBackend::Postgres => table.statement().to_string(PostgresQueryBuilder),
        DbBackend::Sqlite => table.statement().to_string(SqliteQueryBuilder),
        other => return Err(format!("{other:?} is not supported")),
    };
    Ok(TableSql::parse(&sql)?.items)
}
