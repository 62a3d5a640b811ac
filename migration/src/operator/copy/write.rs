//! Writing the rows: a transaction per table in replica mode, its foreign keys proved before
//! it commits, with progress on a terminal.
use super::*;

pub(super) struct Progress {
    pub(super) on: bool,
}

impl Progress {
    pub(super) fn new(wanted: bool) -> Self {
        Self {
            on: wanted && std::io::stderr().is_terminal(),
        }
    }

    pub(super) fn show(&self, table: &str, done: u64, total: u64) {
        if self.on {
            let _ = write!(
                std::io::stderr().lock(),
                "\r\x1b[2Kcopying {table}: {done}/{total}"
            );
        }
    }

    pub(super) fn finish(&self) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// Proves `keys` inside `txn`, which wrote the rows, and hands it back to be committed; rolls
/// it back when a key is broken. Replica mode kept PostgreSQL from checking the rows as they
/// were written, and nothing checks them later: this is their only check.
pub(super) async fn prove_keys(
    txn: sea_orm::DatabaseTransaction,
    keys: &[ForeignKey],
    rolled_back: &str,
) -> Result<sea_orm::DatabaseTransaction, CopyError> {
    // A role that row-level security would filter gets an error, not a partial proof.
    txn.execute_unprepared("SET LOCAL row_security = off")
        .await
        .map_err(db_err("proving the foreign keys"))?;
    let orphans = orphans::prove(&txn, keys, orphans::SHOWN)
        .await
        .map_err(db_err("proving the foreign keys"))?;
    if orphans.is_empty() {
        return Ok(txn);
    }
    txn.rollback()
        .await
        .map_err(db_err("rolling back after a broken foreign key"))?;
    Err(CopyError::BrokenKeys {
        rolled_back: rolled_back.to_owned(),
        orphans,
    })
}

/// With a transaction per table, the keys to prove in each: a key is proved in the
/// transaction of the later of its two tables, when both hold their rows (a cycle's key waits
/// for its second table); a table the copy does not write counts as already there.
pub(super) fn keys_due(plan: &Plan, keys: &[ForeignKey]) -> Vec<Vec<ForeignKey>> {
    let last = plan.tables.len().saturating_sub(1);
    let position: HashMap<String, usize> = plan
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.qualified(), i))
        .collect();
    let mut due = vec![Vec::new(); plan.tables.len()];
    for key in keys {
        let at = [&key.table, &key.parent]
            .iter()
            .filter_map(|t| position.get(t.as_str()).copied())
            .max()
            .unwrap_or(last);
        if let Some(list) = due.get_mut(at) {
            list.push(key.clone());
        }
    }
    due
}

pub(super) async fn replica(txn: &impl ConnectionTrait) -> Result<(), CopyError> {
    txn.execute_unprepared("SET LOCAL session_replication_role = replica")
        .await
        .map(|_| ())
        .map_err(|e| {
            CopyError::Refused(format!(
                "the target role may not set session_replication_role (needed so that triggers \
                 do not rewrite copied rows): connect as a superuser (on RDS, the master user): {e}"
            ))
        })
}

pub(super) async fn copy_table(
    source: &DatabaseConnection,
    txn: &sea_orm::DatabaseTransaction,
    table: &Table,
    options: &CopyOptions,
    progress: &Progress,
) -> Result<u64, CopyError> {
    // Reference rows the migrations inserted make way for the source's.
    txn.execute_unprepared(&format!("DELETE FROM {}", table.pg()))
        .await
        .map_err(db_err(format!("clearing {}", table.qualified())))?;
    let total = count(
        source,
        format!("SELECT COUNT(*) FROM {}", quote_ident(&table.name)),
    )
    .await?;
    let width = table.columns.len().max(1);
    let batch = options.batch_rows.clamp(1, 60_000 / width);
    let columns: Vec<String> = table.columns.iter().map(|c| quote_ident(&c.name)).collect();
    let mut after = i64::MIN;
    let mut done = 0_u64;
    loop {
        let page = sqlite_page(source, table, after, batch).await?;
        let Some((last, _)) = page.last() else { break };
        after = *last;
        // A page is at most `batch` rows, except a WITHOUT ROWID table's single page.
        let mut rows = page.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<(i64, Vec<Cell>)> = rows.by_ref().take(batch).collect();
            done += insert_rows(txn, table, &columns, chunk).await?;
            progress.show(&table.qualified(), done, total);
        }
    }
    Ok(done)
}

/// One multi-row INSERT; how many rows it wrote.
pub(super) async fn insert_rows(
    txn: &sea_orm::DatabaseTransaction,
    table: &Table,
    columns: &[String],
    chunk: Vec<(i64, Vec<Cell>)>,
) -> Result<u64, CopyError> {
    let mut values = Vec::with_capacity(chunk.len() * columns.len());
    let mut tuples = Vec::with_capacity(chunk.len());
    for (_, cells) in chunk {
        let mut placeholders = Vec::with_capacity(columns.len());
        for (cell, column) in cells.into_iter().zip(&table.columns) {
            values.push(cell.value);
            let n = values.len();
            placeholders.push(match &column.kind {
                Kind::Other(ty) => format!("CAST(${n} AS {ty})"),
                _ => format!("${n}"),
            });
        }
        tuples.push(format!("({})", placeholders.join(", ")));
    }
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        table.pg(),
        columns.join(", "),
        tuples.join(", ")
    );
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        values,
    ))
    .await
    .map_err(db_err(format!("writing {}", table.qualified())))?;
    Ok(tuples.len() as u64)
}
