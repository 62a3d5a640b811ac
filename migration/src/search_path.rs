//! The `search_path` as a property of the PostgreSQL database, not of each connection.
//!
//! The entities are unqualified (SQLite has one namespace), so a PostgreSQL connection finds
//! `auth.user_sessions` or `health.allergens` only through its `search_path`. Setting it with
//! `SET` on every new connection is session state: a proxy that multiplexes connections either
//! pins the session for it (RDS Proxy) or hands the next transaction a server connection that
//! never ran it (PgBouncer in transaction mode). Set on the database instead
//! (`ALTER DATABASE … SET search_path`), it is in force from the first statement of every new
//! session on that database, whoever logs in and through whatever proxy.
//!
//! What does not carry the setting, and so must call [`apply`] again:
//! - `CREATE DATABASE … TEMPLATE` copies the template's catalog but not its per-database
//!   settings (`pg_db_role_setting` belongs to the cluster): the test harness calls it after
//!   each copy.
//! - `pg_dump`/`pg_restore` into a new database (a plain `pg_dump` leaves database settings
//!   out; only `pg_dump --create` or `pg_dumpall` carries them): `migration up` calls it on
//!   every run, even with nothing pending, and says when it had to restore it.
//!
//! A setting on the login role (`ALTER ROLE … SET search_path`, or `… IN DATABASE …`) or in the
//! URL's `options=-csearch_path=…` wins over the database's: an operator who sets one must
//! include the four schemas. The project creates no login roles and sets nothing on its group
//! roles (a group role's settings do not reach its members anyway).
//!
//! `ALTER DATABASE … SET` needs the database's owner (or a superuser). On RDS the master user
//! that created the database owns it and runs the migrations; a migrating role that does not
//! own the database gets an error naming the owner and the statement to have it run.
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use catalog::tables::SEARCH_PATH;

/// The migration that makes the `search_path` the database's (the CLI's `up` re-asserts it
/// once this one is applied).
pub const MIGRATION: &str = "m20261122_000022_search_path_is_the_databases";

/// The schemas of [`SEARCH_PATH`], in order.
fn schemas() -> impl Iterator<Item = &'static str> {
    SEARCH_PATH.split(',').map(str::trim)
}

/// The value as PostgreSQL stores it in `pg_db_role_setting` (`public, auth, health, audit`),
/// to compare with what a database has.
pub fn stored_value() -> String {
    schemas().collect::<Vec<_>>().join(", ")
}

/// The current database's own `search_path` setting (not a role's, not the session's), if any.
///
/// # Errors
/// The catalog query failed.
pub async fn database_setting<C: ConnectionTrait>(db: &C) -> Result<Option<String>, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT substr(s.setting, length('search_path=') + 1) AS search_path \
             FROM pg_catalog.pg_db_role_setting d \
             CROSS JOIN LATERAL unnest(d.setconfig) AS s(setting) \
             WHERE d.setrole = 0 \
               AND d.setdatabase = (SELECT oid FROM pg_catalog.pg_database \
                                    WHERE datname = current_database()) \
               AND s.setting LIKE 'search\\_path=%'",
        ))
        .await?;
    row.map(|row| row.try_get::<String>("", "search_path"))
        .transpose()
}

/// Makes [`SEARCH_PATH`] the current database's `search_path`, unless it already is.
/// Returns whether it had to change anything (always `false` off PostgreSQL, which has no
/// schemas). Sessions already open keep the path they started with; new ones get it.
///
/// This is the one definition: migration 22, `migration up`'s re-assertion and the test
/// harness's copies of the template all call it.
///
/// # Errors
/// The catalog query failed, or the connection's role neither owns the database nor is a
/// superuser (the error names the owner and the statement it should run).
pub async fn apply<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(false);
    }
    if database_setting(db).await?.as_deref() == Some(stored_value().as_str()) {
        return Ok(false);
    }
    db.execute_unprepared(&alter_database_sql()).await?;
    Ok(true)
}

/// Removes the current database's `search_path` setting (migration 22's `down`).
///
/// # Errors
/// As [`apply`].
pub async fn reset<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    db.execute_unprepared(&in_do_block(
        "format('ALTER DATABASE %I RESET search_path', current_database())",
    ))
    .await?;
    Ok(())
}

/// The `ALTER DATABASE` for the current database, with each schema quoted by `%I`.
fn alter_database_sql() -> String {
    let array = schemas()
        .map(|schema| format!("'{schema}'"))
        .collect::<Vec<_>>()
        .join(", ");
    in_do_block(&format!(
        "format('ALTER DATABASE %I SET search_path = %s', current_database(), \
         (SELECT string_agg(format('%I', schema), ', ' ORDER BY position) \
          FROM unnest(ARRAY[{array}]) WITH ORDINALITY AS s(schema, position)))"
    ))
}

/// A DO block that executes the statement `statement_expression` evaluates to, and turns
/// PostgreSQL's bare "must be owner of database" into a message saying who can run it.
fn in_do_block(statement_expression: &str) -> String {
    format!(
        r#"DO $$
DECLARE
    statement text := {statement_expression};
BEGIN
    EXECUTE statement;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'the search_path of database % is set by its owner, %, or a superuser, not by %',
        current_database(),
        (SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_catalog.pg_database
         WHERE datname = current_database()),
        current_user
        USING ERRCODE = 'insufficient_privilege',
              HINT = format('run the migrations as the database owner, or have it run: %s', statement);
END
$$"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_value_is_the_search_path_postgres_writes_back() {
        assert_eq!(stored_value(), "public, auth, health, audit");
    }

    #[test]
    fn every_schema_is_quoted_by_the_server() {
        let sql = alter_database_sql();
        assert!(
            sql.contains("ARRAY['public', 'auth', 'health', 'audit']"),
            "{sql}"
        );
        assert!(sql.contains("format('%I', schema)"), "{sql}");
    }
}
