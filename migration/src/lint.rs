//! The PostgreSQL lint of the migrations: squawk (a released linter for PostgreSQL migrations)
//! over the SQL each migration sends, with every rule about what would lock, scan or break a
//! populated table turned on.
//!
//! The SQL is what goes over the wire: the suite's `squawk` test runs every migration, one at a
//! time, on a scratch PostgreSQL database through a recording proxy, writes each migration's
//! statements to `<target>/squawk/<migration>.sql` (transactions included, the migrator's own
//! `seaql_migrations` bookkeeping left out) and runs squawk with [`SQUAWK_ARGS`] on them. Any
//! finding fails it, unless the migration excuses that rule.
//!
//! An exception is written next to the migration it excuses, as a `SQUAWK_EXCEPTIONS` constant
//! of [`Exception`]s (rule and why), and listed once in [`exceptions`]; the test puts it in the
//! migration's file as squawk's own `-- squawk-ignore-file` comment, and fails on an exception
//! squawk no longer needs, so none outlives its reason. Released migrations carry the
//! exceptions for what they did before the online helpers existed; a new migration that
//! changes an existing table uses [`crate::portable::online`] and needs none.
//!
//! Run it: `bash .ci/squawk` (installs squawk if missing; needs `TEST_POSTGRES_URL`).

/// A squawk rule a migration breaks on purpose, and why that is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exception {
    /// squawk's name of the rule, e.g. `require-concurrent-index-creation`.
    pub rule: &'static str,
    pub why: &'static str,
}

/// `require-lock-timeout` in a released migration that creates its tables: squawk asks for
/// `SET lock_timeout` before the first statement that takes a lock, even on a table created in
/// the same transaction.
pub const NEW_TABLES_LOCK_TIMEOUT: Exception = Exception {
    rule: "require-lock-timeout",
    why: "the tables it locks are created in the same transaction: empty, and invisible to other \
          sessions until the commit, so nothing queues behind those locks; a foreign key to an \
          older table locks that parent only for the instant of its CREATE TABLE, and the \
          migration was released before the online helpers, when no database held rows",
};

/// As [`NEW_TABLES_LOCK_TIMEOUT`], for `statement_timeout`.
pub const NEW_TABLES_STATEMENT_TIMEOUT: Exception = Exception {
    rule: "require-statement-timeout",
    why: "every statement works on tables created in the same transaction, empty: none can run \
          long",
};

/// `require-lock-timeout` in a released migration that changes older tables, views or
/// functions.
pub const BEFORE_HELPERS_LOCK_TIMEOUT: Exception = Exception {
    rule: "require-lock-timeout",
    why: "released before the online helpers existed, when no database held rows or served \
          traffic (nothing was deployed); a database that has run it never runs it again, and a \
          new database runs it on empty tables. A change like it now uses \
          migration::portable::online, which sets lock_timeout",
};

/// As [`BEFORE_HELPERS_LOCK_TIMEOUT`], for `statement_timeout`.
pub const BEFORE_HELPERS_STATEMENT_TIMEOUT: Exception = Exception {
    rule: "require-statement-timeout",
    why: "released before the online helpers existed; it ran, and runs, on empty tables only, \
          where no statement runs long",
};

/// squawk's options for the lint: PostgreSQL 15 (the oldest the project supports); the rules
/// that squawk leaves off by default but that concern a populated table, turned on; and the
/// ones that are about column types or naming style rather than locks and scans, turned off
/// (the schema's types are fixed by the design: `docs/DESIGN.md`).
///
/// squawk's other opt-in rules stay off: `require-table-schema` is naming style, and the
/// `ban-*` rules for older clients (`ban-new-write-restriction`, `ban-create-policy`,
/// `ban-alter-row-level-security`, `ban-revoke`, `ban-replace-view-function`, ...) flag what an
/// application version running during the deploy might not expect, which is not what a
/// populated table suffers: every CHECK the helpers add is such a "write restriction".
pub const SQUAWK_ARGS: &[&str] = &[
    "--pg-version=15.0",
    // Off by default, about a populated table: REINDEX and DETACH PARTITION without
    // CONCURRENTLY block writes; the combined timeout rule; a transaction left open.
    "--include=require-concurrent-reindex,require-concurrent-partition-detach,\
     require-timeout-settings,ban-uncommitted-transaction",
    // Style: which integer, text and timestamp types, and identity over serial.
    "--exclude=prefer-bigint-over-int,prefer-bigint-over-smallint,prefer-identity,\
     prefer-text-field,prefer-timestamp-tz,ban-char-field",
];

/// Every migration's exceptions, by migration name; a migration not listed has none.
pub fn exceptions() -> Vec<(&'static str, &'static [Exception])> {
    crate::squawk_exceptions()
}

/// The comment that excuses `exceptions` in a migration's SQL file: squawk's
/// `squawk-ignore-file`, one line per rule, each with its reason.
pub fn ignore_header(exceptions: &[Exception]) -> String {
    exceptions
        .iter()
        .map(|e| format!("-- squawk-ignore-file {}\n--   why: {}\n", e.rule, e.why))
        .collect()
}
