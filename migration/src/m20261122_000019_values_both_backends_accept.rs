//! What SQLite stores, PostgreSQL accepts, and the reverse for NaN (issue 17): a file that
//! SQLite accepted must copy to PostgreSQL, and a row PostgreSQL accepted must read back.
//!
//! - SQLite: guard triggers on every JSON, list and date column, for what the stand-in CHECKs
//!   miss (a NUL byte, a BLOB or a number, a lone surrogate, a list of non-strings, a negative
//!   year): see [`crate::portable::guards`]. Refused while rows already break them.
//! - PostgreSQL: `chk_<column>_not_nan` on every `numeric` column, and `chk_<column>_text_list`
//!   (no NULL element, one dimension) on every `text[]` column: rows the application could not
//!   read back.
//! - PostgreSQL: `chk_recipes_rating_sum` computes `5 * rating_count` in 64 bits, as SQLite
//!   does: in 32 bits it overflowed from 429,496,730 ratings and refused with an error where
//!   SQLite accepted.
//! - PostgreSQL: the audit trigger function writes its snapshots with the session's time zone
//!   set to UTC, so an instant reads `…+00:00` as on SQLite, whatever `TimeZone` the client set.
//!
//! Found in the live catalog rather than listed, so every column of these kinds is covered.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::guards::{guard, unguard};
use crate::portable::run_sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Migration 12's condition, which PostgreSQL evaluates in `integer`.
const RATING_SUM_RELEASED: &str = "rating_sum BETWEEN rating_count AND 5 * rating_count";
/// The same rule with the product in `bigint`, where it cannot overflow (at most 5 × 2^31).
const RATING_SUM_WIDE: &str = "rating_sum BETWEEN rating_count AND 5 * rating_count::bigint";

fn replace_rating_sum(condition: &str) -> String {
    format!(
        "ALTER TABLE public.recipes DROP CONSTRAINT chk_recipes_rating_sum, \
         ADD CONSTRAINT chk_recipes_rating_sum CHECK ({condition})"
    )
}

const AUDIT_IN_UTC: &str = "ALTER FUNCTION audit.audit_changes() SET timezone TO 'UTC'";
const AUDIT_IN_SESSION_ZONE: &str = "ALTER FUNCTION audit.audit_changes() RESET timezone";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        guard(manager, None).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            run_sql(
                manager,
                &[replace_rating_sum(RATING_SUM_WIDE), AUDIT_IN_UTC.to_owned()],
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            run_sql(
                manager,
                &[
                    AUDIT_IN_SESSION_ZONE.to_owned(),
                    replace_rating_sum(RATING_SUM_RELEASED),
                ],
            )
            .await?;
        }
        unguard(manager, None).await
    }
}
