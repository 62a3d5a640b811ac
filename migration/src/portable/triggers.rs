//! Triggers both backends run: `updated_at` kept current, the audit trail, and refusals that
//! raise a stable code (the rule's name in `catalog::constraints`) instead of a sentence.
use sea_orm_migration::sea_orm::DbBackend;

use super::Tbl;
use super::dialect::{SQLITE_NOW, sqlite_uuid_text};
use catalog::tables::{AUDIT_CONTEXT, DATA_CHANGES};

/// The trigger that keeps `updated_at` current on every update, whatever the client sends.
///
/// PostgreSQL: a BEFORE UPDATE trigger calling `public.set_updated_at()`. SQLite cannot assign
/// to NEW, so an AFTER UPDATE trigger writes the row again, found by `rowid` (so it works
/// whatever the table's key); the `IS NOT` guard ends the recursion should
/// `recursive_triggers` ever be on.
pub fn updated_at_trigger(backend: DbBackend, table: Tbl) -> String {
    let name = format!("trg_{}_updated_at", table.name);
    let t = table.sql(backend);
    match backend {
        DbBackend::Postgres => format!(
            "CREATE TRIGGER {name} BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()"
        ),
        _ => format!(
            "CREATE TRIGGER {name} AFTER UPDATE ON {t} FOR EACH ROW BEGIN \
             UPDATE {t} SET updated_at = {SQLITE_NOW} WHERE rowid = NEW.rowid AND updated_at IS NOT {SQLITE_NOW}; \
             END"
        ),
    }
}

/// What the audit trail records of a table: the UUID column that identifies a row (its
/// `record_id`) and, for SQLite's JSON snapshots, the columns (PostgreSQL's `to_jsonb` takes
/// the whole row).
#[derive(Clone, Copy, Debug)]
pub struct Audit<'a> {
    pub key: &'a str,
    pub columns: &'a [&'a str],
}

/// Whether a column holds a UUID (a blob on SQLite): `id` and every `*_id` column.
fn is_uuid_column(column: &str) -> bool {
    column == "id" || column.ends_with("_id")
}

/// SQLite `json_object(...)` of a row's columns, UUIDs as text (JSON cannot hold a blob).
fn sqlite_snapshot(row: &str, columns: &[&str]) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .map(|c| {
            let value = format!("{row}.{c}");
            let value = if is_uuid_column(c) {
                sqlite_uuid_text(&value)
            } else {
                value
            };
            format!("'{c}', {value}")
        })
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// The triggers that keep a table's `updated_at` current (when `keeps_updated_at`) and, when
/// `audit` is given, write every insert, update and delete to `audit.data_changes`.
///
/// PostgreSQL: the BEFORE UPDATE `updated_at` trigger and an AFTER trigger calling
/// `audit.audit_changes(key)`, which snapshots rows with `to_jsonb`. SQLite: one trigger per
/// operation; the UPDATE one also sets `updated_at` and then snapshots the row as stored, so the
/// audit sees the new `updated_at` (as on PostgreSQL) and the trigger's own write is not audited
/// a second time (SQLite does not re-fire a running trigger unless `recursive_triggers` is on).
/// The acting user is the row of `audit_context` written by the service's write transaction.
pub fn row_triggers(
    backend: DbBackend,
    table: Tbl,
    keeps_updated_at: bool,
    audit: Option<Audit<'_>>,
) -> Vec<String> {
    let mut statements = Vec::new();
    let Some(Audit { key, columns }) = audit else {
        if keeps_updated_at {
            statements.push(updated_at_trigger(backend, table));
        }
        return statements;
    };
    let t = table.sql(backend);
    let name = table.name;
    if backend == DbBackend::Postgres {
        if keeps_updated_at {
            statements.push(updated_at_trigger(backend, table));
        }
        statements.push(format!(
            "CREATE TRIGGER audit_{name} AFTER INSERT OR UPDATE OR DELETE ON {t} \
             FOR EACH ROW EXECUTE FUNCTION audit.audit_changes('{key}')"
        ));
        return statements;
    }
    let log = DATA_CHANGES.sql(backend);
    let actor = format!(
        "(SELECT user_id FROM {} WHERE slot = 1)",
        AUDIT_CONTEXT.sql(backend)
    );
    let record = |op: &str, id: &str, old: &str, new: &str| {
        format!(
            "INSERT INTO {log} (table_name, operation, user_id, record_id, old_data, new_data, changed_at) \
             VALUES ('{name}', '{op}', {actor}, {id}, {old}, {new}, {SQLITE_NOW})"
        )
    };
    let touch = if keeps_updated_at {
        format!(
            "UPDATE {t} SET updated_at = {SQLITE_NOW} WHERE rowid = NEW.rowid AND updated_at IS NOT {SQLITE_NOW}; "
        )
    } else {
        String::new()
    };
    let stored = sqlite_snapshot("stored", columns);
    let old = sqlite_snapshot("OLD", columns);
    statements.extend([
        format!(
            "CREATE TRIGGER audit_{name}_insert AFTER INSERT ON {t} FOR EACH ROW BEGIN {}; END",
            record(
                "INSERT",
                &format!("NEW.{key}"),
                "NULL",
                &sqlite_snapshot("NEW", columns)
            )
        ),
        format!(
            "CREATE TRIGGER audit_{name}_update AFTER UPDATE ON {t} FOR EACH ROW BEGIN {touch}\
             INSERT INTO {log} (table_name, operation, user_id, record_id, old_data, new_data, changed_at) \
             SELECT '{name}', 'UPDATE', {actor}, NEW.{key}, {old}, {stored}, {SQLITE_NOW} FROM {t} AS stored WHERE stored.rowid = NEW.rowid; END"
        ),
        format!(
            "CREATE TRIGGER audit_{name}_delete AFTER DELETE ON {t} FOR EACH ROW BEGIN {}; END",
            record("DELETE", &format!("OLD.{key}"), &old, "NULL")
        ),
    ]);
    statements
}

/// A trigger that refuses a row when `refuse_when` holds (an expression over `NEW`, written for
/// this backend), raising `code` (the rule's name in `catalog::constraints`) on both backends.
///
/// PostgreSQL: a function `public.<code>()` raising `check_violation` with
/// `CONSTRAINT = code`, so the driver reports the code as the constraint; fired `BEFORE` the
/// given events (`INSERT`, `UPDATE OF user_id`, ...). SQLite: one `BEFORE` trigger per event
/// with `RAISE(ABORT, code)`; the message is the code.
pub fn refusal_trigger(
    backend: DbBackend,
    table: Tbl,
    code: &str,
    events: &[&str],
    refuse_when: &str,
) -> Vec<String> {
    let t = table.sql(backend);
    if backend == DbBackend::Postgres {
        return vec![
            format!(
                "CREATE OR REPLACE FUNCTION public.{code}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
                 BEGIN\n    IF {refuse_when} THEN\n        \
                 RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = '{code}', MESSAGE = '{code}';\n    \
                 END IF;\n    RETURN NEW;\nEND\n$$"
            ),
            format!(
                "CREATE TRIGGER {code} BEFORE {} ON {t} FOR EACH ROW EXECUTE FUNCTION public.{code}()",
                events.join(" OR ")
            ),
        ];
    }
    events
        .iter()
        .map(|event| {
            let suffix = event
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_lowercase();
            format!(
                "CREATE TRIGGER {code}_{suffix} BEFORE {event} ON {t} FOR EACH ROW \
                 WHEN {refuse_when} BEGIN SELECT RAISE(ABORT, '{code}'); END"
            )
        })
        .collect()
}

/// What [`refusal_trigger`] leaves behind once its table is dropped: PostgreSQL's function.
pub fn drop_refusal_trigger(backend: DbBackend, code: &str) -> Option<String> {
    (backend == DbBackend::Postgres).then(|| format!("DROP FUNCTION IF EXISTS public.{code}()"))
}

/// A parent row's running count, sum and mean of an integer column of its children
/// (`recipes.rating_count`, `rating_sum`, `rating` from `recipe_ratings.rating`), kept by the
/// database on every insert, update and delete of a child, so raw SQL keeps them right too.
#[derive(Clone, Copy, Debug)]
pub struct RunningMean<'a> {
    pub child: Tbl,
    /// The child's column naming its parent's `id`.
    pub parent_key: &'a str,
    /// The child's integer column averaged.
    pub value: &'a str,
    pub parent: Tbl,
    pub count: &'a str,
    pub sum: &'a str,
    /// A DECIMAL column: the mean rounded half away from zero to `scale` decimals, NULL when
    /// there is no child.
    pub mean: &'a str,
    pub scale: u32,
}

impl RunningMean<'_> {
    fn name(&self) -> String {
        format!("trg_{}_{}_mean", self.child.name, self.value)
    }

    /// The `SET` list adding `sign` times the child `row` (`NEW` or `OLD`) to the parent.
    /// Every expression reads the row as it was before this UPDATE, so the three agree.
    fn set(&self, backend: DbBackend, row: &str, sign: &str) -> String {
        let Self {
            count, sum, mean, ..
        } = self;
        let new_sum = format!("({sum} {sign} {row}.{})", self.value);
        let new_count = format!("({count} {sign} 1)");
        let mean_value = match backend {
            DbBackend::Postgres => {
                format!("round({new_sum}::numeric / {new_count}, {})", self.scale)
            }
            // Integer arithmetic, then one division into REAL: round(x, 2) on a REAL quotient
            // can land on the wrong side of a half (2.345 is 2.34499... in binary).
            _ => {
                let unit = 10_u64.pow(self.scale);
                format!(
                    "(({new_sum} * {twice} + {new_count}) / (2 * {new_count})) / {unit}.0",
                    twice = 2 * unit
                )
            }
        };
        format!(
            "{sum} = {new_sum}, {count} = {new_count}, \
             {mean} = CASE WHEN {new_count} = 0 THEN NULL ELSE {mean_value} END"
        )
    }

    fn update(&self, backend: DbBackend, row: &str, sign: &str) -> String {
        format!(
            "UPDATE {} SET {} WHERE id = {row}.{}",
            self.parent.sql(backend),
            self.set(backend, row, sign),
            self.parent_key
        )
    }

    /// The triggers (and on PostgreSQL their function).
    ///
    /// Exact under concurrency on PostgreSQL: each change adds to or subtracts from the
    /// parent's sum and count in one `UPDATE`, which takes the parent row's lock; a
    /// transaction that waited for that lock re-evaluates the `SET` list on the row as the
    /// other committed it (READ COMMITTED), so no rating is lost. A recomputing
    /// `SELECT avg(...)` subquery would not be re-evaluated and could miss the other's row.
    /// The function is `SECURITY DEFINER` with a fixed `search_path`: a rater updates a
    /// recipe that row-level security lets only its owner write.
    pub fn triggers(&self, backend: DbBackend) -> Vec<String> {
        let name = self.name();
        let child = self.child.sql(backend);
        let watched = format!("{}, {}", self.value, self.parent_key);
        if backend == DbBackend::Postgres {
            return vec![
                format!(
                    "CREATE OR REPLACE FUNCTION public.{name}() RETURNS trigger LANGUAGE plpgsql \
                     SECURITY DEFINER SET search_path = public, pg_temp AS $$\n\
                     BEGIN\n    \
                     IF TG_OP IN ('UPDATE', 'DELETE') THEN\n        {};\n    END IF;\n    \
                     IF TG_OP IN ('INSERT', 'UPDATE') THEN\n        {};\n    END IF;\n    \
                     RETURN NULL;\nEND\n$$",
                    self.update(backend, "OLD", "-"),
                    self.update(backend, "NEW", "+")
                ),
                format!(
                    "CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {watched} ON {child} \
                     FOR EACH ROW EXECUTE FUNCTION public.{name}()"
                ),
            ];
        }
        vec![
            format!(
                "CREATE TRIGGER {name}_insert AFTER INSERT ON {child} FOR EACH ROW BEGIN {}; END",
                self.update(backend, "NEW", "+")
            ),
            format!(
                "CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {child} FOR EACH ROW \
                 BEGIN {}; {}; END",
                self.update(backend, "OLD", "-"),
                self.update(backend, "NEW", "+")
            ),
            format!(
                "CREATE TRIGGER {name}_delete AFTER DELETE ON {child} FOR EACH ROW BEGIN {}; END",
                self.update(backend, "OLD", "-")
            ),
        ]
    }

    /// What is left once the child table is dropped: PostgreSQL's function.
    pub fn drop(&self, backend: DbBackend) -> Option<String> {
        (backend == DbBackend::Postgres)
            .then(|| format!("DROP FUNCTION IF EXISTS public.{}()", self.name()))
    }
}
