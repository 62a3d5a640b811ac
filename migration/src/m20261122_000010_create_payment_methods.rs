//! `public.user_payment_methods` (seed 002 §10.2), repaired (`docs/DESIGN.md` D13): the card
//! number is encrypted by the application with AES-256-GCM under a key from the environment,
//! so both backends store the same text and no key ever travels in SQL (the seed's pgcrypto
//! exists only on PostgreSQL and reads the key from a session setting). The brand, the last four
//! digits and the expiry stay readable in clear, so listing a user's cards decrypts nothing.
//!
//! No audit trigger: a snapshot would copy the ciphertext into `audit.data_changes`, out of
//! reach of key rotation and of the owner's deletion of the card.
use crate::lint::{self, Exception};
use catalog::limits::foundation::{CARD_EXPIRES_MONTH, CARD_EXPIRES_YEAR, CARD_HOLDER};
use entity::types::CardBrand;
use sea_orm_migration::prelude::*;

use crate::conventions::Conventions;
use crate::portable::{Index, NewTable, drop_tables, one_of_enum, row_triggers};
use catalog::tables::USER_PAYMENT_METHODS;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        NewTable::new(backend, USER_PAYMENT_METHODS)
            .id()
            .owned_by_user()
            // base64 of nonce (12 bytes) || ciphertext || tag (16 bytes): text, so both backends
            // store and compare it alike.
            .text("card_number_encrypted")
            .integer("encryption_key_id")
            .varchar("card_holder", CARD_HOLDER.varchar())
            .varchar("brand", 20)
            .varchar("last_four", 4)
            .integer("expires_month")
            .integer("expires_year")
            .boolean("is_default", false)
            .timestamps()
            .check("chk_user_payment_methods_key_id", "encryption_key_id > 0")
            .check(
                "chk_user_payment_methods_holder",
                &CARD_HOLDER.sql("card_holder"),
            )
            .check(
                "chk_user_payment_methods_brand",
                &one_of_enum::<CardBrand>("brand"),
            )
            .check_per_backend(
                "chk_user_payment_methods_last_four",
                "last_four ~ '^[0-9]{4}$'",
                "length(last_four) = 4 AND last_four NOT GLOB '*[^0-9]*'",
            )
            .check(
                "chk_user_payment_methods_expires_month",
                &CARD_EXPIRES_MONTH.sql("expires_month"),
            )
            .check(
                "chk_user_payment_methods_expires_year",
                &CARD_EXPIRES_YEAR.sql("expires_year"),
            )
            .index(Index::new(
                "idx_user_payment_methods_user",
                "user_id, created_at",
            ))
            // At most one default card per user, decided by the database under races.
            .index(
                Index::new("uq_user_payment_methods_default", "user_id")
                    .unique()
                    .filter("is_default"),
            )
            .then_all(row_triggers(backend, USER_PAYMENT_METHODS, true, None))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[USER_PAYMENT_METHODS]).await
    }
}
