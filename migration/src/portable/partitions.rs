//! Tables range-partitioned by month on PostgreSQL (`docs/DESIGN.md` D14, D35).
//!
//! The parent is `PARTITION BY RANGE (<time column>)` with the time column in its primary key
//! (PostgreSQL requires it of every unique key of a partitioned table), a DEFAULT partition
//! `<table>_default` so that writing a row never fails for want of a month, and one partition
//! per month `<table>_YYYY_MM` (months in UTC). SQLite has no partitions: the same table, key
//! and indexes, plain.
//!
//! Months are made by one PL/pgSQL function, [`CREATE_MONTHLY_PARTITION`], which the migration
//! calls for the current and next month and maintenance (`service::operations::maintain`)
//! calls for the months ahead. It is safe to run at any time and from several processes at
//! once: it takes a transaction-level advisory lock, does nothing for a month that exists, and
//! moves the rows that landed in DEFAULT for that month into the new partition (PostgreSQL
//! refuses to attach a partition whose rows sit in DEFAULT): it creates the month as a
//! standalone table, moves the rows, then attaches it, all in the caller's transaction.
//!
//! A partition is reached through its parent only: the application's roles get no privilege on
//! it (the schema's default privileges would give them some), since row-level security is the
//! parent's and a partition read directly would bypass it.
use sea_orm_migration::sea_orm::DbBackend;

use super::Tbl;

/// The advisory lock every partition change takes (`pg_advisory_xact_lock(hashtext(..))`), so
/// that concurrent maintenance runs queue rather than race.
pub const LOCK_KEY: &str = "eatsential.partition_maintenance";

/// `audit.create_monthly_partition(parent, month)`: makes the partition of `parent` for the
/// month holding `month` unless it exists, moving that month's rows out of DEFAULT. Returns
/// whether it made one. Runs as its caller (the tables' owner: the migrating role).
pub const CREATE_MONTHLY_PARTITION: &str = r#"
CREATE OR REPLACE FUNCTION audit.create_monthly_partition(parent regclass, month date)
RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    first_day date := date_trunc('month', month)::date;
    from_at timestamptz := (date_trunc('month', month)::timestamp) AT TIME ZONE 'UTC';
    to_at timestamptz := (date_trunc('month', month)::timestamp + interval '1 month') AT TIME ZONE 'UTC';
    nsp text;
    rel text;
    part text;
    key_column text;
    default_part regclass;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('eatsential.partition_maintenance'));
    SELECT n.nspname, c.relname INTO nsp, rel
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = parent AND c.relkind = 'p';
    IF rel IS NULL THEN
        RAISE EXCEPTION '% is not a partitioned table', parent USING ERRCODE = 'wrong_object_type';
    END IF;
    part := rel || '_' || to_char(first_day, 'YYYY_MM');
    IF to_regclass(format('%I.%I', nsp, part)) IS NOT NULL THEN
        RETURN false;
    END IF;
    SELECT a.attname INTO key_column
      FROM pg_partitioned_table p
      JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
     WHERE p.partrelid = parent;
    SELECT i.inhrelid::regclass INTO default_part
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';
    EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                   nsp, part, parent);
    -- Lets ATTACH skip scanning the new table; dropped once attached.
    EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT partition_bounds CHECK (%I >= %L AND %I < %L)',
                   nsp, part, key_column, from_at, key_column, to_at);
    IF default_part IS NOT NULL THEN
        EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING *) '
                       'INSERT INTO %I.%I SELECT * FROM moved',
                       default_part, key_column, key_column, nsp, part)
          USING from_at, to_at;
    END IF;
    EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                   parent, nsp, part, from_at, to_at);
    EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT partition_bounds', nsp, part);
    EXECUTE format('REVOKE ALL ON %I.%I FROM PUBLIC, eatsential_read, eatsential_write',
                   nsp, part);
    RETURN true;
END
$$"#;

/// Drops [`CREATE_MONTHLY_PARTITION`].
pub const DROP_CREATE_MONTHLY_PARTITION: &str =
    "DROP FUNCTION IF EXISTS audit.create_monthly_partition(regclass, date)";

/// The name of the month partition of `table` for `year`-`month`: `<table>_YYYY_MM`.
pub fn month_partition_name(table: Tbl, year: i32, month: u32) -> String {
    format!("{}_{year:04}_{month:02}", table.name)
}

/// The name of the DEFAULT partition of `table`.
pub fn default_partition_name(table: Tbl) -> String {
    format!("{}_default", table.name)
}

/// What makes `table` partitioned once its parent exists: the DEFAULT partition and the
/// current and next month (UTC), the application's roles kept off the partitions. Nothing on
/// SQLite.
pub fn partition_statements(backend: DbBackend, table: Tbl) -> Vec<String> {
    if backend != DbBackend::Postgres {
        return Vec::new();
    }
    let parent = table.sql(backend);
    let default = format!("\"{}\".\"{}\"", table.schema, default_partition_name(table));
    let literal = format!("'{}.{}'", table.schema, table.name);
    vec![
        format!("CREATE TABLE {default} PARTITION OF {parent} DEFAULT"),
        format!("REVOKE ALL ON {default} FROM PUBLIC, eatsential_read, eatsential_write"),
        format!(
            "SELECT audit.create_monthly_partition({literal}::regclass, \
             (now() AT TIME ZONE 'UTC')::date)"
        ),
        format!(
            "SELECT audit.create_monthly_partition({literal}::regclass, \
             ((now() AT TIME ZONE 'UTC') + interval '1 month')::date)"
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_table() {
        let t = Tbl::new("audit", "access_logs");
        assert_eq!(month_partition_name(t, 2026, 3), "access_logs_2026_03");
        assert_eq!(default_partition_name(t), "access_logs_default");
        assert!(partition_statements(DbBackend::Sqlite, t).is_empty());
        let pg = partition_statements(DbBackend::Postgres, t);
        assert_eq!(
            pg[0],
            "CREATE TABLE \"audit\".\"access_logs_default\" PARTITION OF \"audit\".\"access_logs\" DEFAULT"
        );
    }
}
