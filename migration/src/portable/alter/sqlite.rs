//! The SQLite rebuild (the procedure is in the parent module's docs): reading what
//! `sqlite_master` holds about the table and its neighbours, running the plan that
//! `sqlite_plan` worked out, putting the connection's settings back, and checking the result.
use super::*;

impl AlterTable {
    pub(super) async fn apply_sqlite(
        &self,
        txn: &DatabaseTransaction,
        steps: &[Step],
    ) -> Result<(), DbErr> {
        let name = self.table.name;
        let objects = sqlite_objects(txn).await?;
        let Some(table_sql) = objects
            .iter()
            .find(|o| o.kind == "table" && o.name.eq_ignore_ascii_case(name))
            .and_then(|o| o.sql.clone())
        else {
            return Err(self.refusal("no such table"));
        };
        let old = format!("{name}__alter_old");
        if objects.iter().any(|o| o.name.eq_ignore_ascii_case(&old)) {
            return Err(self.refusal(format!("{old} exists already")));
        }
        let children = sqlite_children(txn, name).await?;
        let plan = plan_sqlite(name, &old, &table_sql, &objects, &children, steps)
            .map_err(|m| self.refusal(m))?;

        let legacy = sqlite_pragma(txn, "legacy_alter_table").await?;
        let outcome = self.rebuild_sqlite(txn, &plan, &objects, legacy).await;
        // Connection settings outlive a rollback: put them back whatever happened, or the
        // pooled connection would keep them.
        let reset = async {
            txn.execute_unprepared("PRAGMA writable_schema = OFF")
                .await?;
            txn.execute_unprepared(&format!("PRAGMA legacy_alter_table = {legacy}"))
                .await
        }
        .await;
        outcome?;
        reset?;
        self.verify_sqlite(txn, &plan, &objects, &children).await
    }

    async fn rebuild_sqlite(
        &self,
        txn: &DatabaseTransaction,
        plan: &SqlitePlan,
        objects: &[SchemaObject],
        legacy: i64,
    ) -> Result<(), DbErr> {
        let name = self.table.name;
        // Legacy mode leaves views and other tables' trigger bodies naming the table alone, so
        // they name the new table afterwards. It only matters to the RENAME: put it back at once.
        txn.execute_unprepared("PRAGMA legacy_alter_table = ON")
            .await?;
        txn.execute_unprepared(&format!(
            "ALTER TABLE {} RENAME TO {}",
            quote_ident(name),
            quote_ident(&plan.old)
        ))
        .await?;
        txn.execute_unprepared(&format!("PRAGMA legacy_alter_table = {legacy}"))
            .await?;

        // With foreign keys on, the rename rewrote every `REFERENCES t` to the old name:
        // whatever of the rest of the schema it changed is put back as it was.
        let renamed = sqlite_objects(txn).await?;
        let restore: Vec<&SchemaObject> = objects
            .iter()
            .filter(|o| !o.table.eq_ignore_ascii_case(name))
            .filter(|o| {
                renamed
                    .iter()
                    .any(|r| r.kind == o.kind && r.name == o.name && r.sql != o.sql)
            })
            .collect();

        txn.execute_unprepared(&plan.create).await?;
        txn.execute_unprepared(&plan.copy).await?;

        if !restore.is_empty() {
            let version = sqlite_pragma(txn, "schema_version").await?;
            txn.execute_unprepared("PRAGMA writable_schema = ON")
                .await?;
            for object in restore {
                txn.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "UPDATE sqlite_master SET sql = ? WHERE type = ? AND name = ?",
                    [
                        Value::from(object.sql.clone()),
                        Value::from(object.kind.clone()),
                        Value::from(object.name.clone()),
                    ],
                ))
                .await?;
            }
            // Without a new schema version this connection goes on with the schema it has in
            // memory, where the children still reference the old table, and dropping it would
            // cascade into their rows.
            txn.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1))
                .await?;
            txn.execute_unprepared("PRAGMA writable_schema = OFF")
                .await?;
        }

        // No foreign key names the old table now, so dropping it deletes no child row. Its
        // triggers go first all the same, so that none can fire while it is dropped.
        for trigger in &plan.old_triggers {
            txn.execute_unprepared(&format!("DROP TRIGGER {}", quote_ident(trigger)))
                .await?;
        }
        txn.execute_unprepared(&format!("DROP TABLE {}", quote_ident(&plan.old)))
            .await?;
        for sql in &plan.recreate {
            txn.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn verify_sqlite(
        &self,
        txn: &DatabaseTransaction,
        plan: &SqlitePlan,
        objects: &[SchemaObject],
        children: &[ChildKey],
    ) -> Result<(), DbErr> {
        let name = self.table.name;
        let dangling = sqlite_children(txn, &plan.old).await?;
        if let Some(child) = dangling.first() {
            return Err(self.refusal(format!(
                "the foreign keys of {} still name {}",
                child.child, plan.old
            )));
        }
        let mut checked: Vec<&str> = vec![name];
        for child in children {
            if !checked.iter().any(|c| c.eq_ignore_ascii_case(&child.child)) {
                checked.push(&child.child);
            }
        }
        let mut violations = Vec::new();
        for table in checked {
            let rows = txn
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check(?) LIMIT 5",
                    [Value::from(table)],
                ))
                .await?;
            for row in rows {
                let child: String = row.try_get_by_index(0)?;
                let rowid: Option<i64> = row.try_get_by_index(1)?;
                let parent: String = row.try_get_by_index(2)?;
                violations.push(format!(
                    "{child} row {} names no row of {parent}",
                    rowid.map_or_else(|| "?".to_owned(), |r| r.to_string())
                ));
            }
        }
        if !violations.is_empty() {
            return Err(self.refusal(format!(
                "foreign_key_check failed: {}",
                violations.join("; ")
            )));
        }
        for view in objects.iter().filter(|o| o.kind == "view") {
            if view.sql.as_deref().is_some_and(|sql| mentions(sql, name)) {
                txn.query_all_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    format!("SELECT * FROM {} LIMIT 0", quote_ident(&view.name)),
                ))
                .await
                .map_err(|e| self.refusal(format!("view {} no longer works: {e}", view.name)))?;
            }
        }
        Ok(())
    }
}

/// A row of `sqlite_master`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SchemaObject {
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) table: String,
    pub(super) sql: Option<String>,
}

/// A foreign key naming the altered table: the table it belongs to, and the column it
/// references (`None` when it names the primary key implicitly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ChildKey {
    pub(super) child: String,
    pub(super) column: Option<String>,
}

pub(super) async fn sqlite_objects(txn: &DatabaseTransaction) -> Result<Vec<SchemaObject>, DbErr> {
    let rows = txn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid",
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(SchemaObject {
                kind: r.try_get_by_index(0)?,
                name: r.try_get_by_index(1)?,
                table: r.try_get_by_index(2)?,
                sql: r.try_get_by_index(3)?,
            })
        })
        .collect()
}

pub(super) async fn sqlite_children(
    txn: &DatabaseTransaction,
    table: &str,
) -> Result<Vec<ChildKey>, DbErr> {
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT m.name, f.\"to\" FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f \
             WHERE m.type = 'table' AND f.\"table\" = ? COLLATE NOCASE",
            [Value::from(table)],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ChildKey {
                child: r.try_get_by_index(0)?,
                column: r.try_get_by_index(1)?,
            })
        })
        .collect()
}

pub(super) async fn sqlite_pragma(txn: &DatabaseTransaction, pragma: &str) -> Result<i64, DbErr> {
    let row = txn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("PRAGMA {pragma}"),
        ))
        .await?
        .ok_or_else(|| DbErr::Migration(format!("PRAGMA {pragma} returned no row")))?;
    row.try_get_by_index(0)
}
