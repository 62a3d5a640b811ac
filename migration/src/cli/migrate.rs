//! The migration subcommands. Each runs `migration::Migrator` and returns what to tell the user:
//! a short line per action (`applied 6 migrations, now at m..._000006_...`).
use migration::{Migrator, MigratorTrait, search_path};
use sea_orm::{DatabaseConnection, DbErr};
use sea_orm_migration::{Migration, MigrationStatus};

use super::count;
use super::error::CliError;
use super::inventory::Inventory;

/// Migration names, split by status, in the order the migrator runs them.
struct State {
    applied: Vec<String>,
    pending: Vec<String>,
}

impl State {
    fn from(migrations: Vec<Migration>) -> Self {
        let (applied, pending): (Vec<_>, Vec<_>) = migrations
            .iter()
            .partition(|m| m.status() == MigrationStatus::Applied);
        let names = |list: Vec<&Migration>| list.iter().map(|m| m.name().to_owned()).collect();
        Self {
            applied: names(applied),
            pending: names(pending),
        }
    }

    /// Reads the state, creating the migrator's table if it is missing (as every run but
    /// `status` would anyway).
    async fn read(db: &DatabaseConnection) -> Result<Self, DbErr> {
        Ok(Self::from(Migrator::get_migration_with_status(db).await?))
    }
}

fn now_at(name: Option<&String>) -> String {
    match name {
        Some(name) => format!("now at {name}"),
        None => "none applied now".to_owned(),
    }
}

/// Applies pending migrations, all or at most `num`; then, once migration 22 is applied,
/// makes sure the database still has its `search_path` (see [`restore_search_path`]).
pub async fn up(db: &DatabaseConnection, num: Option<u32>) -> Result<String, CliError> {
    let before = State::read(db)
        .await
        .map_err(CliError::db("reading the migration status"))?;
    let todo = num.map_or(before.pending.len(), |n| {
        before.pending.len().min(n as usize)
    });
    let applied = if todo == 0 {
        match before.applied.last() {
            Some(last) => format!("nothing to apply, already at {last}"),
            None => "nothing to apply".to_owned(),
        }
    } else {
        Migrator::up(db, num)
            .await
            .map_err(CliError::db("applying migrations"))?;
        format!(
            "applied {}, {}",
            count(todo, "migration"),
            now_at(before.pending.get(todo - 1))
        )
    };
    let search_path_applied = before
        .applied
        .iter()
        .chain(before.pending.iter().take(todo))
        .any(|name| name == search_path::MIGRATION);
    match restore_search_path(db, search_path_applied).await? {
        Some(restored) => Ok(format!("{applied}\n{restored}")),
        None => Ok(applied),
    }
}

/// Re-asserts the database's `search_path` (migration 22) on every `up`, pending migrations or
/// not: a database restored by `pg_restore` into a new database, or copied with `CREATE
/// DATABASE … TEMPLATE`, has the schema and the migration rows but not the setting, and the
/// service, which sends no `SET`, would not find its tables. A line to print when it had to be
/// restored; nothing when it was in place (so a role that does not own the database can run
/// `up` as long as nothing needs restoring).
async fn restore_search_path(
    db: &DatabaseConnection,
    migration_applied: bool,
) -> Result<Option<String>, CliError> {
    if !migration_applied {
        return Ok(None);
    }
    let restored = search_path::apply(db)
        .await
        .map_err(CliError::db("restoring the database's search_path"))?;
    Ok(restored.then(|| {
        format!(
            "restored the database's search_path ({}): it was missing, as after a restore \
             into a new database",
            search_path::stored_value()
        )
    }))
}

/// Rolls back the newest `num` applied migrations.
pub async fn down(db: &DatabaseConnection, num: u32) -> Result<String, CliError> {
    let before = State::read(db)
        .await
        .map_err(CliError::db("reading the migration status"))?;
    let todo = before.applied.len().min(num as usize);
    if todo == 0 {
        return Ok("nothing to roll back".to_owned());
    }
    Migrator::down(db, Some(num))
        .await
        .map_err(CliError::db("rolling back migrations"))?;
    let left = before.applied.len() - todo;
    Ok(format!(
        "rolled back {}, {}",
        count(todo, "migration"),
        now_at(left.checked_sub(1).and_then(|i| before.applied.get(i)))
    ))
}

/// One line per migration, then the totals. Reads only: a database never migrated stays as
/// it was.
pub async fn status(db: &DatabaseConnection) -> Result<String, CliError> {
    let migrations = Migrator::get_migration_with_status_read_only(db)
        .await
        .map_err(CliError::db("reading the migration status"))?;
    let mut lines: Vec<String> = migrations
        .iter()
        .map(|m| {
            let status = match m.status() {
                MigrationStatus::Applied => "applied",
                MigrationStatus::Pending => "pending",
            };
            format!("{status}  {}", m.name())
        })
        .collect();
    let state = State::from(migrations);
    lines.push(format!(
        "{} applied, {} pending",
        state.applied.len(),
        state.pending.len()
    ));
    Ok(lines.join("\n"))
}

/// Drops everything (`Migrator::fresh`), then applies every migration.
pub async fn fresh(db: &DatabaseConnection) -> Result<String, CliError> {
    let before = take_inventory(db).await?;
    Migrator::fresh(db)
        .await
        .map_err(CliError::db("dropping everything and applying migrations"))?;
    let after = State::read(db)
        .await
        .map_err(CliError::db("reading the migration status"))?;
    Ok(format!(
        "dropped {}\napplied {}, {}",
        before.describe(),
        count(after.applied.len(), "migration"),
        now_at(after.applied.last())
    ))
}

/// Rolls back every applied migration, then applies them all again.
pub async fn refresh(db: &DatabaseConnection) -> Result<String, CliError> {
    let before = State::read(db)
        .await
        .map_err(CliError::db("reading the migration status"))?;
    Migrator::refresh(db)
        .await
        .map_err(CliError::db("rolling back and reapplying migrations"))?;
    let after = State::read(db)
        .await
        .map_err(CliError::db("reading the migration status"))?;
    Ok(format!(
        "rolled back {}, applied {}, {}",
        count(before.applied.len(), "migration"),
        count(after.applied.len(), "migration"),
        now_at(after.applied.last())
    ))
}

/// Rolls back every applied migration and drops the migrator's table.
pub async fn reset(db: &DatabaseConnection) -> Result<String, CliError> {
    let before = State::read(db)
        .await
        .map_err(CliError::db("reading the migration status"))?;
    let existed = take_inventory(db).await?;
    Migrator::reset(db)
        .await
        .map_err(CliError::db("rolling back migrations"))?;
    // Only what the rollback removed: objects the migrations do not own are still there.
    let dropped = existed.gone_from(&take_inventory(db).await?);
    Ok(format!(
        "rolled back {}, dropped {}",
        count(before.applied.len(), "migration"),
        dropped.describe()
    ))
}

async fn take_inventory(db: &DatabaseConnection) -> Result<Inventory, CliError> {
    Inventory::take(db)
        .await
        .map_err(CliError::db("listing the database's tables"))
}
