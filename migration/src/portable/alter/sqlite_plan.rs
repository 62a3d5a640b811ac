//! The SQLite rebuild's plan, worked out before anything is touched: the table's `CREATE TABLE`
//! edited by the steps, the copy of its rows, the indexes and triggers to recreate, and the
//! refusal of a dropped column something else still uses.
use super::*;

/// What the SQLite rebuild runs, worked out before anything is touched.
#[derive(Debug)]
pub(super) struct SqlitePlan {
    pub(super) old: String,
    pub(super) create: String,
    pub(super) copy: String,
    /// The table's triggers, dropped before the old table.
    pub(super) old_triggers: Vec<String>,
    /// Its indexes and triggers as they were, then the statements the operations added.
    pub(super) recreate: Vec<String>,
}

/// Edits the table's `CREATE TABLE` by the steps and works out the copy. Refuses what the
/// rebuild would break.
pub(super) fn plan_sqlite(
    table: &str,
    old: &str,
    table_sql: &str,
    objects: &[SchemaObject],
    children: &[ChildKey],
    steps: &[Step],
) -> Result<SqlitePlan, String> {
    let mut def = TableSql::parse(table_sql)?;
    // Each column of the new table and what fills it in the copy: the old column (quoted), a
    // `using` expression, or nothing (its default).
    let mut sources: Vec<(String, Option<String>)> = def
        .columns()
        .map(|c| (c.to_owned(), Some(quote_ident(c))))
        .collect();
    let mut after = Vec::new();
    for step in steps {
        match step {
            Step::Add { items, after: more } => {
                for item in items {
                    match &item.kind {
                        Kind::Column { name, .. } => {
                            if def.column(name).is_some() {
                                return Err(format!("column {name} exists already"));
                            }
                            def.insert_column(item.clone());
                            sources.push((name.clone(), None));
                        }
                        Kind::Constraint { .. } => def.add_constraint(item.clone())?,
                    }
                }
                after.extend(more.iter().cloned());
            }
            Step::Drop(column) => {
                let Some(at) = def.column(column) else {
                    return Err(format!("no column {column}"));
                };
                def.items.remove(at);
                def.remove_stand_ins(column);
                sources.retain(|(c, _)| !c.eq_ignore_ascii_case(column));
                let users = sqlite_column_users(&def, table, column, objects, children);
                if !users.is_empty() {
                    return Err(format!(
                        "column {column} is used by {}: drop them first",
                        users.join(", ")
                    ));
                }
            }
            Step::Change {
                columns,
                checks,
                after: more,
            } => {
                for column in columns {
                    let Some(at) = def.column(&column.name) else {
                        return Err(format!("no column {}", column.name));
                    };
                    def.items[at] = column.item.clone();
                    def.remove_stand_ins(&column.name);
                    let source = sources
                        .iter_mut()
                        .find(|(c, _)| c.eq_ignore_ascii_case(&column.name));
                    if let (Some(using), Some(source)) = (&column.using, source) {
                        source.1 = Some(using.clone());
                    }
                }
                for check in checks {
                    def.add_constraint(check.clone())?;
                }
                after.extend(more.iter().cloned());
            }
            Step::AddConstraint { items, after: more } => {
                for item in items {
                    def.add_constraint(item.clone())?;
                }
                after.extend(more.iter().cloned());
            }
            Step::DropConstraint(name) => {
                let Some(at) = def.constraint(name) else {
                    return Err(format!(
                        "no constraint named {name} (SQLite keeps the names of CHECK and UNIQUE \
                         constraints, but not of the foreign keys NewTable creates: use \
                         drop_foreign_key; indexes are dropped with DROP INDEX)"
                    ));
                };
                def.items.remove(at);
            }
            Step::DropForeignKey { name, columns } => {
                let at = match def.constraint(name) {
                    Some(at) => at,
                    None => def.foreign_key_over(columns).map_err(|found| {
                        format!(
                            "no foreign key named {name}, and {found} unnamed ones over ({})",
                            columns.join(", ")
                        )
                    })?,
                };
                def.items.remove(at);
            }
        }
    }
    if !def.items.iter().any(Item::is_column) {
        return Err("a table needs a column".to_owned());
    }

    let rowid = def.has_rowid();
    let mut into = Vec::new();
    let mut from = Vec::new();
    if rowid {
        into.push("rowid".to_owned());
        from.push("rowid".to_owned());
    }
    for item in &def.items {
        let Kind::Column {
            name,
            generated: false,
        } = &item.kind
        else {
            continue;
        };
        if let Some((_, Some(source))) = sources.iter().find(|(c, _)| c.eq_ignore_ascii_case(name))
        {
            into.push(quote_ident(name));
            from.push(source.clone());
        }
    }
    if into.is_empty() {
        return Err("no column is carried over, so the rows cannot be".to_owned());
    }
    let copy = format!(
        "INSERT INTO {} ({}) SELECT {} FROM {}",
        quote_ident(table),
        into.join(", "),
        from.join(", "),
        quote_ident(old)
    );

    let own = |kind: &'static str| {
        objects
            .iter()
            .filter(move |o| o.kind == kind && o.table.eq_ignore_ascii_case(table))
    };
    let mut recreate: Vec<String> = own("index").filter_map(|o| o.sql.clone()).collect();
    recreate.extend(own("trigger").filter_map(|o| o.sql.clone()));
    recreate.extend(after);
    Ok(SqlitePlan {
        old: old.to_owned(),
        create: def.render(),
        copy,
        old_triggers: own("trigger").map(|o| o.name.clone()).collect(),
        recreate,
    })
}

/// What uses `column` of `table` on SQLite, by its name appearing in their SQL: the table's
/// other items, its indexes and triggers, views and triggers elsewhere that name the table
/// too, and other tables' foreign keys to it.
pub(super) fn sqlite_column_users(
    def: &TableSql,
    table: &str,
    column: &str,
    objects: &[SchemaObject],
    children: &[ChildKey],
) -> Vec<String> {
    let mut users: Vec<String> = def
        .items
        .iter()
        .filter(|i| i.uses(column, table))
        .map(Item::describe)
        .collect();
    for object in objects {
        let Some(sql) = &object.sql else { continue };
        let on_table = object.table.eq_ignore_ascii_case(table);
        let relevant = match object.kind.as_str() {
            "index" => on_table,
            "trigger" | "view" => on_table || mentions(sql, table),
            _ => false,
        };
        if relevant && mentions(sql, column) {
            users.push(format!("{} {}", object.kind, object.name));
        }
    }
    for key in children {
        if !key.child.eq_ignore_ascii_case(table)
            && key
                .column
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(column))
        {
            users.push(format!("the foreign key of table {}", key.child));
        }
    }
    users.dedup();
    users
}
