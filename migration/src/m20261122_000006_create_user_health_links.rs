//! What a user is allergic to and which diets they follow (seed 002 §4.1, §5.2).
use crate::lint::{self, Exception};
use catalog::limits::foundation::HEALTH_NOTES;
use entity::types::Severity;
use sea_orm_migration::prelude::*;

use crate::conventions::Conventions;
use crate::portable::{Index, NewTable, drop_tables, one_of_enum, updated_at_trigger};
use catalog::tables::{
    ALLERGENS, DIETARY_RESTRICTIONS_REF, HEALTH_PROFILES, USER_ALLERGIES, USER_DIETARY_RESTRICTIONS,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// Adds the user and profile keys both link tables share. The composite key to the profile's
/// `(id, user_id)` keeps the redundant `user_id` honest (`docs/DESIGN.md` D6).
fn owned_by_profile(table: NewTable, prefix: &str) -> NewTable {
    table
        .owned_by_user_v1()
        .uuid("health_profile_id")
        .foreign_key(
            &format!("fk_{prefix}_profile"),
            &["health_profile_id", "user_id"],
            HEALTH_PROFILES,
            &["id", "user_id"],
            ForeignKeyAction::Cascade,
        )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        owned_by_profile(
            NewTable::new(backend, USER_ALLERGIES).id(),
            "user_allergies",
        )
        .uuid("allergen_id")
        .varchar("severity", 20)
        .text_null("notes")
        .date_null("diagnosed_date")
        .timestamps()
        .check("chk_severity_values", &one_of_enum::<Severity>("severity"))
        .check("chk_notes_length", &HEALTH_NOTES.sql("notes"))
        .unique("uq_user_allergen", &["user_id", "allergen_id"])
        .foreign_key(
            "fk_user_allergies_allergen",
            &["allergen_id"],
            ALLERGENS,
            &["id"],
            ForeignKeyAction::Restrict,
        )
        // INCLUDE on PostgreSQL; SQLite gets the column as a trailing key, which covers too.
        .index(
            Index::new("idx_user_allergies_lookup", "user_id, allergen_id").include(&["severity"]),
        )
        .index(
            Index::new("idx_user_allergies_severity", "severity")
                .filter("severity IN ('SEVERE', 'LIFE_THREATENING')"),
        )
        .index(Index::new(
            "idx_user_allergies_profile",
            "health_profile_id, user_id",
        ))
        .index(Index::new("idx_user_allergies_allergen", "allergen_id"))
        .then(updated_at_trigger(backend, USER_ALLERGIES))
        .create(manager)
        .await?;

        owned_by_profile(
            NewTable::new(backend, USER_DIETARY_RESTRICTIONS).id(),
            "user_dietary_restrictions",
        )
        .uuid("dietary_restriction_id")
        .timestamp_now("created_at")
        .unique(
            "uq_user_dietary_restriction",
            &["user_id", "dietary_restriction_id"],
        )
        .foreign_key(
            "fk_user_dietary_restrictions_restriction",
            &["dietary_restriction_id"],
            DIETARY_RESTRICTIONS_REF,
            &["id"],
            ForeignKeyAction::Restrict,
        )
        .index(Index::new(
            "idx_user_dietary_restrictions_profile",
            "health_profile_id, user_id",
        ))
        .index(Index::new(
            "idx_user_dietary_restrictions_restriction",
            "dietary_restriction_id",
        ))
        .create(manager)
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[USER_DIETARY_RESTRICTIONS, USER_ALLERGIES]).await
    }
}
