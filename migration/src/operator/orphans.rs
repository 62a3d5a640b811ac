//! Rows whose parent does not exist ("orphans"), on SQLite and on PostgreSQL: the one
//! definition `copy` (before writing, and again after writing) and `migration check` use.
//!
//! Why this is needed: SQLite checks foreign keys only on a connection that ran
//! `PRAGMA foreign_keys = ON`. `service::connect` and the `migration` CLI do; the stock
//! `sqlite3` shell, Python's `sqlite3` module and most other clients do not, and a row they
//! write may name a parent that does not exist. On PostgreSQL the constraints hold for every
//! client, except for rows written while `session_replication_role = replica` (which `copy`
//! uses): those are never checked afterwards, so a copy must prove the keys itself.
//!
//! - SQLite: `PRAGMA foreign_key_check`, which reads every declared key whatever the
//!   connection's `foreign_keys` setting, with SQLite's own comparison rules.
//! - PostgreSQL: every foreign key in the catalog (`pg_constraint`, `contype = 'f'`), one
//!   anti-join each (`NOT EXISTS` the parent row), with the key's MATCH rule: under MATCH SIMPLE
//!   (the default) a key with any NULL column references nothing and is fine; under MATCH FULL
//!   a key is NULL in all its columns or in none. No table is named here.
use std::fmt;

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, IsolationLevel, QueryResult,
    Statement, TransactionTrait,
};

/// How many orphan rows a report names one by one (the counts cover all of them).
pub const SHOWN: usize = 5;

/// One row whose parent does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Orphan {
    /// The referencing table: its name on SQLite, `schema.table` on PostgreSQL.
    pub table: String,
    /// The row: its primary key as `column=value`, else `rowid=N` (SQLite) or `ctid=(p,n)`
    /// (PostgreSQL).
    pub row: String,
    /// The referencing columns and the values they hold (UUIDs as text).
    pub columns: Vec<String>,
    pub values: Vec<Option<String>>,
    /// The table the foreign key points at, which holds no matching row.
    pub parent: String,
}

impl fmt::Display for Orphan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs: Vec<String> = self
            .columns
            .iter()
            .zip(&self.values)
            .map(|(c, v)| format!("{c}={}", v.as_deref().unwrap_or("NULL")))
            .collect();
        write!(
            f,
            "{} {}: {} has no row in {}",
            self.table,
            self.row,
            pairs.join(", "),
            self.parent
        )
    }
}

/// How many rows break one foreign key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyCount {
    pub table: String,
    pub columns: Vec<String>,
    pub parent: String,
    pub rows: u64,
}

/// What a search for orphans found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Orphans {
    /// Foreign keys checked.
    pub keys_checked: usize,
    /// Per foreign key with orphans, how many rows break it.
    pub by_key: Vec<KeyCount>,
    /// The first orphan rows (at most the number asked for), in the order found.
    pub first: Vec<Orphan>,
}

impl Orphans {
    /// Every broken reference, over all keys (a row that breaks two keys counts twice).
    pub fn count(&self) -> u64 {
        self.by_key.iter().map(|k| k.rows).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// One line: `3 references to a parent row that does not exist (under 2 foreign keys)`.
    pub fn summary(&self) -> String {
        let rows = self.count();
        let keys = self.by_key.len();
        format!(
            "{rows} reference{} to a parent row that does not exist (under {keys} foreign key{})",
            if rows == 1 { "" } else { "s" },
            if keys == 1 { "" } else { "s" }
        )
    }
}

impl Orphans {
    /// The report on one line, for an error message: the summary, each broken key with its
    /// count, then the first rows, separated by `; `.
    pub fn one_line(&self) -> String {
        if self.is_empty() {
            return self.to_string();
        }
        let keys: Vec<String> = self.by_key.iter().map(KeyCount::to_string).collect();
        let mut line = format!("{}: {}", self.summary(), keys.join("; "));
        if !self.first.is_empty() {
            let rows: Vec<String> = self.first.iter().map(Orphan::to_string).collect();
            line.push_str(&format!(
                "; first {} of {}: {}",
                self.first.len(),
                self.count(),
                rows.join("; ")
            ));
        }
        line
    }
}

/// `meal_logs (user_id) -> users: 2 rows`.
impl fmt::Display for KeyCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}) -> {}: {} row{}",
            self.table,
            self.columns.join(", "),
            self.parent,
            self.rows,
            if self.rows == 1 { "" } else { "s" }
        )
    }
}

/// The summary, a line per broken key with its count, then the first rows one per line.
impl fmt::Display for Orphans {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return write!(
                f,
                "no orphan rows ({} foreign keys checked)",
                self.keys_checked
            );
        }
        write!(f, "{}:", self.summary())?;
        for key in &self.by_key {
            write!(f, "\n  {key}")?;
        }
        let total = self.count();
        let shown = self.first.len() as u64;
        if shown > 0 {
            write!(f, "\nfirst {shown} of {total}:")?;
            for orphan in &self.first {
                write!(f, "\n  {orphan}")?;
            }
        }
        Ok(())
    }
}

/// Every orphan row of the database `db` (SQLite or PostgreSQL), naming the first `first`:
/// what `migration check` runs. Reads only, in one snapshot.
///
/// On PostgreSQL it reads with `row_security = off`, so a role that row-level security would
/// filter gets an error instead of a partial answer (run it as the tables' owner or a
/// superuser).
///
/// # Errors
/// Whatever the database returns.
pub async fn find(db: &DatabaseConnection, first: usize) -> Result<Orphans, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let txn = db
                .begin_with_config(
                    Some(IsolationLevel::RepeatableRead),
                    Some(AccessMode::ReadOnly),
                )
                .await?;
            txn.execute_unprepared("SET LOCAL row_security = off")
                .await?;
            let keys = postgres_keys(&txn).await?;
            let found = prove(&txn, &keys, first).await;
            // Read only: nothing to keep.
            txn.rollback().await?;
            found
        }
        _ => {
            // One read transaction: the counts and the rows named come from the same state.
            let txn = db.begin().await?;
            let found = in_sqlite(&txn, first).await;
            txn.rollback().await?;
            found
        }
    }
}

/// SQLite's `foreign_key_check` over every table, with the first `first` rows named.
///
/// # Errors
/// Whatever SQLite returns (a key naming a parent without a unique index on its columns is a
/// "foreign key mismatch").
pub async fn in_sqlite(db: &impl ConnectionTrait, first: usize) -> Result<Orphans, DbErr> {
    let sqlite = |sql: String| Statement::from_string(DbBackend::Sqlite, sql);
    let keys_checked = db
        .query_one_raw(sqlite(
            "SELECT COUNT(*) AS n FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND f.seq = 0"
                .to_owned(),
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    let mut by_key = Vec::new();
    for row in db
        .query_all_raw(sqlite(
            "SELECT \"table\" AS t, parent AS p, fkid AS k, COUNT(*) AS n \
             FROM pragma_foreign_key_check GROUP BY 1, 2, 3 ORDER BY 1, 3"
                .to_owned(),
        ))
        .await?
    {
        let table: String = row.try_get("", "t")?;
        let fkid: i64 = row.try_get("", "k")?;
        let rows: i64 = row.try_get("", "n")?;
        by_key.push(KeyCount {
            columns: sqlite_key_columns(db, &table, fkid).await?,
            table,
            parent: row.try_get("", "p")?,
            rows: u64::try_from(rows).unwrap_or(0),
        });
    }
    let mut named = Vec::new();
    if !by_key.is_empty() && first > 0 {
        for row in db
            .query_all_raw(sqlite(format!(
                "SELECT \"table\" AS t, rowid AS r, parent AS p, fkid AS k \
                 FROM pragma_foreign_key_check LIMIT {first}"
            )))
            .await?
        {
            let table: String = row.try_get("", "t")?;
            let rowid: Option<i64> = row.try_get("", "r")?;
            let fkid: i64 = row.try_get("", "k")?;
            let parent: String = row.try_get("", "p")?;
            named.push(sqlite_orphan(db, table, rowid, fkid, parent).await?);
        }
    }
    Ok(Orphans {
        keys_checked: usize::try_from(keys_checked).unwrap_or(0),
        by_key,
        first: named,
    })
}

/// The referencing columns of key `fkid` of `table`, in key order.
async fn sqlite_key_columns(
    db: &impl ConnectionTrait,
    table: &str,
    fkid: i64,
) -> Result<Vec<String>, DbErr> {
    db.query_all_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "SELECT \"from\" AS c FROM pragma_foreign_key_list($1) WHERE id = $2 ORDER BY seq",
        [table.into(), fkid.into()],
    ))
    .await?
    .iter()
    .map(|r| r.try_get::<String>("", "c"))
    .collect()
}

/// Names one row `foreign_key_check` reported: its primary key and the key's values.
async fn sqlite_orphan(
    db: &impl ConnectionTrait,
    table: String,
    rowid: Option<i64>,
    fkid: i64,
    parent: String,
) -> Result<Orphan, DbErr> {
    let columns = sqlite_key_columns(db, &table, fkid).await?;
    let Some(rowid) = rowid else {
        // A WITHOUT ROWID table: the check does not say which row.
        let values = vec![None; columns.len()];
        return Ok(Orphan {
            table,
            row: "(a WITHOUT ROWID row)".to_owned(),
            columns,
            values,
            parent,
        });
    };
    let primary: Vec<String> = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk",
            [table.as_str().into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()?;
    // `quote()` keeps a blob apart from text, so a 16-byte blob can be shown as a UUID.
    let select: Vec<String> = primary
        .iter()
        .chain(&columns)
        .map(|c| format!("quote({})", quote_ident(c)))
        .collect();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            format!(
                "SELECT {} FROM {} WHERE rowid = $1",
                select.join(", "),
                quote_ident(&table)
            ),
            [rowid.into()],
        ))
        .await?;
    let mut cells = Vec::with_capacity(select.len());
    if let Some(row) = &row {
        for i in 0..select.len() {
            cells.push(row.try_get_by_index::<Option<String>>(i)?.and_then(unquote));
        }
    }
    cells.resize(select.len(), None);
    let values = cells.split_off(primary.len());
    let row = if primary.is_empty() {
        format!("rowid={rowid}")
    } else {
        row_name(&primary, &cells)
    };
    Ok(Orphan {
        table,
        row,
        columns,
        values,
        parent,
    })
}

/// A value as SQLite's `quote()` prints it, made readable: a 16-byte blob as a UUID, text
/// without its quotes, NULL as `None`.
fn unquote(quoted: String) -> Option<String> {
    if quoted == "NULL" {
        return None;
    }
    if let Some(hex) = quoted
        .strip_prefix("X'")
        .and_then(|rest| rest.strip_suffix('\''))
    {
        return Some(match uuid::Uuid::try_parse(hex) {
            Ok(id) if hex.len() == 32 => id.to_string(),
            _ => quoted,
        });
    }
    if let Some(text) = quoted
        .strip_prefix('\'')
        .and_then(|rest| rest.strip_suffix('\''))
    {
        return Some(text.replace("''", "'"));
    }
    Some(quoted)
}

fn row_name(columns: &[String], values: &[Option<String>]) -> String {
    columns
        .iter()
        .zip(values)
        .map(|(c, v)| format!("{c}={}", v.as_deref().unwrap_or("NULL")))
        .collect::<Vec<_>>()
        .join(",")
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A PostgreSQL foreign key, as the proof reads it from `pg_constraint`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKey {
    pub name: String,
    /// `schema.table` holding the referencing columns.
    pub table: String,
    pub columns: Vec<String>,
    /// `schema.table` referenced.
    pub parent: String,
    pub parent_columns: Vec<String>,
    /// MATCH FULL; otherwise MATCH SIMPLE.
    pub match_full: bool,
    /// The referencing table's primary key (empty: rows are named by `ctid`).
    row_key: Vec<String>,
    /// The two tables as the FROM clause needs them: `ONLY` for a plain table, whose
    /// inheritance children the constraint does not cover, as PostgreSQL's own check reads it.
    from_child: String,
    from_parent: String,
}

/// Every foreign key of the PostgreSQL database `db`, from its catalog. A key a partitioned
/// table gives its partitions is listed once, on the partitioned table (whose rows include
/// every partition's).
///
/// # Errors
/// Whatever the database returns.
pub async fn postgres_keys(db: &impl ConnectionTrait) -> Result<Vec<ForeignKey>, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT c.conname::text AS name, c.confmatchtype = 'f' AS full, \
                    cn.nspname::text AS cs, cr.relname::text AS ct, cr.relkind = 'p' AS cp, \
                    pn.nspname::text AS ps, pr.relname::text AS pt, pr.relkind = 'p' AS pp, \
                    ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(n, i) \
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n \
                          ORDER BY k.i) AS columns, \
                    ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(n, i) \
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n \
                          ORDER BY k.i) AS parent_columns, \
                    ARRAY(SELECT a.attname::text FROM pg_constraint p \
                          CROSS JOIN LATERAL unnest(p.conkey) WITH ORDINALITY AS k(n, i) \
                          JOIN pg_attribute a ON a.attrelid = p.conrelid AND a.attnum = k.n \
                          WHERE p.conrelid = c.conrelid AND p.contype = 'p' \
                          ORDER BY k.i) AS row_key \
             FROM pg_constraint c \
             JOIN pg_class cr ON cr.oid = c.conrelid \
             JOIN pg_namespace cn ON cn.oid = cr.relnamespace \
             JOIN pg_class pr ON pr.oid = c.confrelid \
             JOIN pg_namespace pn ON pn.oid = pr.relnamespace \
             WHERE c.contype = 'f' AND c.conparentid = 0 \
             ORDER BY cn.nspname, cr.relname, c.conname",
        ))
        .await?;
    rows.iter().map(foreign_key).collect()
}

fn foreign_key(row: &QueryResult) -> Result<ForeignKey, DbErr> {
    let text = |c: &str| row.try_get::<String>("", c);
    let flag = |c: &str| row.try_get::<bool>("", c);
    let from = |schema: &str, table: &str, partitioned: bool| {
        let only = if partitioned { "" } else { "ONLY " };
        format!("{only}{}.{}", quote_ident(schema), quote_ident(table))
    };
    let (cs, ct, ps, pt) = (text("cs")?, text("ct")?, text("ps")?, text("pt")?);
    Ok(ForeignKey {
        name: text("name")?,
        from_child: from(&cs, &ct, flag("cp")?),
        from_parent: from(&ps, &pt, flag("pp")?),
        table: format!("{cs}.{ct}"),
        parent: format!("{ps}.{pt}"),
        columns: row.try_get("", "columns")?,
        parent_columns: row.try_get("", "parent_columns")?,
        match_full: flag("full")?,
        row_key: row.try_get("", "row_key")?,
    })
}

impl ForeignKey {
    /// The rows of the referencing table that break this key, in key order, with the row's
    /// name, the key's values and how many rows break it in all (`count(*) OVER ()`, taken
    /// before the LIMIT).
    fn orphans_sql(&self, limit: usize) -> String {
        let child = |c: &String| format!("c.{}", quote_ident(c));
        let all = |op: &str, test: &str| {
            self.columns
                .iter()
                .map(|c| format!("{} {test}", child(c)))
                .collect::<Vec<_>>()
                .join(op)
        };
        let matches: Vec<String> = self
            .columns
            .iter()
            .zip(&self.parent_columns)
            .map(|(c, p)| format!("p.{} = {}", quote_ident(p), child(c)))
            .collect();
        let missing = format!(
            "NOT EXISTS (SELECT 1 FROM {} AS p WHERE {})",
            self.from_parent,
            matches.join(" AND ")
        );
        let broken = if self.match_full {
            // MATCH FULL: all NULL references nothing; some NULL is itself a violation.
            format!(
                "NOT ({}) AND ({} OR {missing})",
                all(" AND ", "IS NULL"),
                all(" OR ", "IS NULL")
            )
        } else {
            // MATCH SIMPLE: any NULL column and the key references nothing.
            format!("{} AND {missing}", all(" AND ", "IS NOT NULL"))
        };
        let order: Vec<String> = if self.row_key.is_empty() {
            vec!["c.ctid".to_owned()]
        } else {
            self.row_key.iter().map(child).collect()
        };
        let row: Vec<String> = order.iter().map(|c| format!("{c}::text")).collect();
        let values: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("{}::text", child(c)))
            .collect();
        format!(
            "SELECT {}, {}, count(*) OVER () AS total FROM {} AS c WHERE {broken} \
             ORDER BY {} LIMIT {limit}",
            row.join(", "),
            values.join(", "),
            self.from_child,
            order.join(", "),
        )
    }
}

/// Proves on PostgreSQL that every key of `keys` holds: one anti-join per key (see the module
/// comment), naming the first `first` rows that break one. Run it inside the transaction that
/// wrote the rows, before COMMIT; `copy` does.
///
/// # Errors
/// Whatever the database returns.
pub async fn prove(
    db: &impl ConnectionTrait,
    keys: &[ForeignKey],
    first: usize,
) -> Result<Orphans, DbErr> {
    let mut found = Orphans {
        keys_checked: keys.len(),
        ..Orphans::default()
    };
    for key in keys {
        // At least one row, for the total.
        let limit = first.saturating_sub(found.first.len()).max(1);
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                key.orphans_sql(limit),
            ))
            .await?;
        let Some(head) = rows.first() else { continue };
        let total: i64 = head.try_get("", "total")?;
        found.by_key.push(KeyCount {
            table: key.table.clone(),
            columns: key.columns.clone(),
            parent: key.parent.clone(),
            rows: u64::try_from(total).unwrap_or(0),
        });
        let width = key.row_key.len().max(1);
        for row in &rows {
            if found.first.len() >= first {
                break;
            }
            let mut cells = Vec::with_capacity(width + key.columns.len());
            for i in 0..width + key.columns.len() {
                cells.push(row.try_get_by_index::<Option<String>>(i)?);
            }
            let values = cells.split_off(width);
            let name = if key.row_key.is_empty() {
                format!("ctid={}", cells[0].as_deref().unwrap_or("?"))
            } else {
                row_name(&key.row_key, &cells)
            };
            found.first.push(Orphan {
                table: key.table.clone(),
                row: name,
                columns: key.columns.clone(),
                values,
                parent: key.parent.clone(),
            });
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_quotes_read_back_as_values() {
        assert_eq!(
            unquote("X'5F0C1E2D3C4B5A69788796A5B4C3D2E1'".to_owned()).as_deref(),
            Some("5f0c1e2d-3c4b-5a69-7887-96a5b4c3d2e1")
        );
        assert_eq!(unquote("X'00FF'".to_owned()).as_deref(), Some("X'00FF'"));
        assert_eq!(unquote("'it''s'".to_owned()).as_deref(), Some("it's"));
        assert_eq!(unquote("42".to_owned()).as_deref(), Some("42"));
        assert_eq!(unquote("NULL".to_owned()), None);
    }

    fn key(full: bool) -> ForeignKey {
        ForeignKey {
            name: "fk".to_owned(),
            table: "public.planned_meals".to_owned(),
            columns: vec!["plan_id".to_owned(), "user_id".to_owned()],
            parent: "public.meal_plans".to_owned(),
            parent_columns: vec!["id".to_owned(), "user_id".to_owned()],
            match_full: full,
            row_key: vec!["id".to_owned()],
            from_child: "ONLY \"public\".\"planned_meals\"".to_owned(),
            from_parent: "ONLY \"public\".\"meal_plans\"".to_owned(),
        }
    }

    #[test]
    fn match_simple_skips_a_key_with_any_null_and_match_full_only_an_all_null_one() {
        let simple = key(false).orphans_sql(5);
        assert!(
            simple.contains(
                "WHERE c.\"plan_id\" IS NOT NULL AND c.\"user_id\" IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM ONLY \"public\".\"meal_plans\" AS p WHERE p.\"id\" = c.\"plan_id\" \
                 AND p.\"user_id\" = c.\"user_id\")"
            ),
            "{simple}"
        );
        let full = key(true).orphans_sql(5);
        assert!(
            full.contains(
                "WHERE NOT (c.\"plan_id\" IS NULL AND c.\"user_id\" IS NULL) AND \
                 (c.\"plan_id\" IS NULL OR c.\"user_id\" IS NULL OR NOT EXISTS"
            ),
            "{full}"
        );
    }

    #[test]
    fn a_report_lists_counts_per_key_then_the_first_rows() {
        let orphan = Orphan {
            table: "meal_logs".to_owned(),
            row: "id=a".to_owned(),
            columns: vec!["user_id".to_owned()],
            values: vec![Some("b".to_owned())],
            parent: "users".to_owned(),
        };
        let report = Orphans {
            keys_checked: 3,
            by_key: vec![KeyCount {
                table: "meal_logs".to_owned(),
                columns: vec!["user_id".to_owned()],
                parent: "users".to_owned(),
                rows: 7,
            }],
            first: vec![orphan],
        };
        assert_eq!(
            report.to_string(),
            "7 references to a parent row that does not exist (under 1 foreign key):\n  \
             meal_logs (user_id) -> users: 7 rows\nfirst 1 of 7:\n  \
             meal_logs id=a: user_id=b has no row in users"
        );
        assert_eq!(
            report.one_line(),
            "7 references to a parent row that does not exist (under 1 foreign key): \
             meal_logs (user_id) -> users: 7 rows; first 1 of 7: \
             meal_logs id=a: user_id=b has no row in users"
        );
        assert_eq!(
            Orphans::default().to_string(),
            "no orphan rows (0 foreign keys checked)"
        );
    }
}
