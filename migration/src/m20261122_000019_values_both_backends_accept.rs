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
use crate::lint::{self, Exception};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::guards::{guard, unguard};
use crate::portable::run_sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): it changes what older migrations made, and was released before the online
/// helpers (`crate::portable::online`).
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::BEFORE_HELPERS_LOCK_TIMEOUT,
    lint::BEFORE_HELPERS_STATEMENT_TIMEOUT,
    Exception {
        rule: "constraint-missing-not-valid",
        why: "the NaN and text-list CHECKs are validated against every row of their tables \
              under ACCESS EXCLUSIVE: released before the online helpers, when no table held \
              rows. Today: Online::add_check",
    },
    Exception {
        rule: "ban-drop-constraint",
        why: "chk_recipes_rating_sum is dropped and added back, wider (the product in bigint), \
              in the same ALTER TABLE statement: there is no moment without it",
    },
];

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
