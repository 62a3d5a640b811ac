//! Reading a table back on both sides into one canonical text per row, and comparing counts and
//! checksums.
use super::*;

/// The digest of one row's canonical cells (each tagged with its length, so no two rows
/// share an encoding).
pub(super) fn row_digest(cells: &[Option<String>]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for cell in cells {
        match cell {
            None => hasher.update(b"N;"),
            Some(text) => {
                hasher.update(format!("S{}:", text.len()).as_bytes());
                hasher.update(text.as_bytes());
                hasher.update(b";");
            }
        }
    }
    hasher.finalize().into()
}

/// The checksum of a table: SHA-256 over its row digests in sorted order (row order differs
/// between the backends).
pub(super) fn table_checksum(mut digests: Vec<[u8; 32]>) -> String {
    digests.sort_unstable();
    let mut hasher = Sha256::new();
    for d in &digests {
        hasher.update(d);
    }
    hex::encode(hasher.finalize())
}

/// A page of SQLite rows, in rowid order after `after`.
pub(super) async fn sqlite_page(
    source: &DatabaseConnection,
    table: &Table,
    after: i64,
    limit: usize,
) -> Result<Vec<(i64, Vec<Cell>)>, CopyError> {
    let select: Vec<String> = table.columns.iter().map(sqlite_select).collect();
    let sql = if table.without_rowid {
        if after != i64::MIN {
            return Ok(Vec::new());
        }
        format!(
            "SELECT 0 AS __rowid, {} FROM {} WHERE $1 IS NOT NULL",
            select.join(", "),
            quote_ident(&table.name)
        )
    } else {
        format!(
            "SELECT rowid AS __rowid, {} FROM {} WHERE rowid > $1 ORDER BY rowid LIMIT {limit}",
            select.join(", "),
            quote_ident(&table.name)
        )
    };
    let rows = source
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            [after.into()],
        ))
        .await
        .map_err(db_err(format!("reading {}", table.name)))?;
    rows.iter()
        .map(|row| {
            let rowid: i64 = row
                .try_get_by_index(0)
                .map_err(db_err(format!("reading {}", table.name)))?;
            let cells = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| sqlite_cell(table, row, i + 1, c))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((rowid, cells))
        })
        .collect()
}

/// Every row of a table, canonical, from either side (`Vec` per row, in the table's column
/// order), sorted: the field-by-field view a comparison needs.
pub(super) async fn canonical_rows(
    db: &DatabaseConnection,
    table: &Table,
) -> Result<Vec<Vec<Option<String>>>, CopyError> {
    let mut rows = Vec::new();
    if db.get_database_backend() == DbBackend::Postgres {
        let select: Vec<String> = table.columns.iter().map(pg_select).collect();
        let sql = format!("SELECT {} FROM {}", select.join(", "), table.pg());
        let result = db
            .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await
            .map_err(db_err(format!("reading {}", table.qualified())))?;
        for row in &result {
            rows.push(
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| pg_cell(table, row, i, c))
                    .collect::<Result<Vec<_>, _>>()?,
            );
        }
    } else {
        let mut after = i64::MIN;
        loop {
            let page = sqlite_page(db, table, after, 5_000).await?;
            let Some((last, _)) = page.last() else { break };
            after = *last;
            rows.extend(
                page.into_iter()
                    .map(|(_, cells)| cells.into_iter().map(|c| c.canonical).collect()),
            );
        }
    }
    rows.sort();
    Ok(rows)
}

/// One table, read on both sides through the same canonical decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRows {
    /// `schema.table` on PostgreSQL.
    pub table: String,
    pub columns: Vec<String>,
    /// Rows sorted by their canonical text; `None` is NULL.
    pub source: Vec<Vec<Option<String>>>,
    pub target: Vec<Vec<Option<String>>>,
}

/// Every table the copy walks, read on both sides: for a field-by-field comparison.
///
/// # Errors
/// As [`verify`].
pub async fn read_both(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
) -> Result<Vec<TableRows>, CopyError> {
    check_backends(source, target)?;
    let plan = plan(source, target).await?;
    let mut out = Vec::new();
    for table in &plan.tables {
        out.push(TableRows {
            table: table.qualified(),
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            source: canonical_rows(source, table).await?,
            target: canonical_rows(target, table).await?,
        });
    }
    Ok(out)
}

pub(super) async fn verify_plan(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
    plan: &Plan,
) -> Result<CopyReport, CopyError> {
    let mut report = CopyReport::default();
    for table in &plan.tables {
        let (from, to) = (
            canonical_rows(source, table).await?,
            canonical_rows(target, table).await?,
        );
        report.tables.push(TableReport {
            table: table.qualified(),
            copied: 0,
            source_rows: from.len() as u64,
            target_rows: to.len() as u64,
            source_checksum: table_checksum(from.iter().map(|r| row_digest(r)).collect()),
            target_checksum: table_checksum(to.iter().map(|r| row_digest(r)).collect()),
        });
    }
    for name in &plan.sqlite_only {
        let n = count(
            source,
            format!("SELECT COUNT(*) FROM {}", quote_ident(name)),
        )
        .await?;
        report.sqlite_only.push((name.clone(), n));
    }
    Ok(report)
}

/// Compares every table of `source` and `target` without writing: row counts and checksums,
/// per table (after a copy, or to check a target later).
///
/// # Errors
/// [`CopyError::Refused`] when the databases are not a SQLite and a PostgreSQL database at the
/// same migration; [`CopyError::Db`] if a database fails.
pub async fn verify(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
) -> Result<CopyReport, CopyError> {
    check_backends(source, target)?;
    same_migrations(source, target).await?;
    let plan = plan(source, target).await?;
    verify_plan(source, target, &plan).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_digest_tells_null_from_empty_and_where_cells_end() {
        let s = |x: &str| Some(x.to_owned());
        assert_ne!(row_digest(&[None]), row_digest(&[s("")]));
        assert_ne!(
            row_digest(&[s("ab"), s("c")]),
            row_digest(&[s("a"), s("bc")])
        );
        assert_eq!(
            table_checksum(vec![row_digest(&[s("1")]), row_digest(&[s("2")])]),
            table_checksum(vec![row_digest(&[s("2")]), row_digest(&[s("1")])])
        );
    }
}
