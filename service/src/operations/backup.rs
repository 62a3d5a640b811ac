//! Online backups of a SQLite database (`docs/DESIGN.md` D38).
use std::path::{Path, PathBuf};

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

use crate::{Error, Result};

/// Writes a consistent copy of the SQLite database behind `db` to
/// `<dir>/eatsential-<UTC time>.db` with `VACUUM INTO`, while the application goes on reading
/// and writing (it reads one snapshot; writers wait only as for any reader), and returns the
/// file's path. The directory is created if missing. Restore by stopping the application and
/// copying the file back over the database (removing any `-wal` and `-shm` beside it).
///
/// # Errors
/// [`Error::Config`] on PostgreSQL (back it up with `pg_dump` or RDS snapshots: see
/// docs/OPERATIONS.md, "Backups") or when the directory cannot be made; [`Error::Db`] if
/// SQLite fails (a file of that name exists, the disk is full).
#[crate::traced("operations::backup_sqlite")]
pub async fn backup_sqlite(db: &DatabaseConnection, dir: &Path) -> Result<PathBuf> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(Error::Config(
            "backup copies SQLite databases; back up PostgreSQL with pg_dump or an RDS snapshot \
             (see docs/OPERATIONS.md, \"Backups\")"
                .to_owned(),
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Config(format!("cannot create {}: {e}", dir.display())))?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let path = dir.join(format!("eatsential-{stamp}.db"));
    let text = path
        .to_str()
        .ok_or_else(|| Error::Config(format!("{} is not UTF-8", path.display())))?;
    db.execute_raw(super::sql::vacuum_into(text)).await?;
    Ok(path)
}
