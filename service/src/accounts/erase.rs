//! Erasing a user completely, on a data-deletion request (`docs/DESIGN.md` D18).
//!
//! Soft deletion ([`super::delete_account`]) hides a user and keeps their rows; erasure removes
//! every row of theirs: the `users` row, and with it, through the foreign keys' `ON DELETE
//! CASCADE`, every row of every table that names them (`Conventions::owned_by_user` gives each
//! new user-owned table that key). The audit trail is the one place that names a user without
//! a foreign key: its rows the user made, and its snapshots of their rows, hold personal data,
//! so they go too (including those the cascade itself just wrote). What stays is one
//! `audit.data_changes` row saying that user id was erased, when, and nothing else.
use crate::{Actor, Conn};
use catalog::Subject;
use entity::data_changes;
use entity::types::{AuditOperation, Timestamp};
use entity::users;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait,
    FromQueryResult, QueryFilter, Set,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{Error, Result, acting};

/// What an erasure removed from the audit trail (its other deletions are the cascade's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Erased {
    pub user_id: Uuid,
    /// Audit rows made by the user or holding a snapshot of one of their rows.
    pub audit_rows_removed: u64,
    /// The `audit.data_changes` row recording the erasure.
    pub erasure_record_id: Uuid,
}

/// Erases a user (live or soft-deleted) and every row of theirs, in one transaction; the audit
/// trail keeps one row recording the erasure: table `users`, operation `DELETE`, `record_id`
/// the user's id, no acting user, no snapshots.
///
/// # Errors
/// [`Error::NotFound`] (`user`) when no such user exists (already erased, or never was);
/// [`Error::Db`] when a table refuses the deletion (a foreign key to `users` without
/// `ON DELETE CASCADE`): then nothing is erased.
#[crate::traced("accounts::erase")]
pub async fn erase(db: &impl Conn, actor: Actor) -> Result<Erased> {
    // Acting as the user: on PostgreSQL, row-level security then lets this transaction reach
    // every row of theirs, and only theirs.
    let txn = acting::write(db, Some(actor)).await?;
    let deleted = users::Entity::delete_by_id(actor).exec(&txn).await?;
    if deleted.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::User,
        });
    }

    // After the delete, so the snapshots its cascade wrote go too.
    let (removed, erasure_record_id) = scrub_audit_trail(&txn, actor.id()).await?;
    txn.commit().await?;
    Ok(Erased {
        user_id: actor.id(),
        audit_rows_removed: removed,
        erasure_record_id,
    })
}

/// What `audit.record_erasure` answers: how many audit rows went, and the record it made.
#[derive(FromQueryResult)]
struct Erasure {
    removed: i64,
    erasure_id: Uuid,
}

/// Removes the audit rows that hold the erased user's data and records the erasure; returns how
/// many rows went and the id of the record. PostgreSQL: `audit.record_erasure` (migration 11),
/// a SECURITY DEFINER function, because the application's role has no rights on `audit`.
async fn scrub_audit_trail<C: ConnectionTrait>(txn: &C, user_id: Uuid) -> Result<(u64, Uuid)> {
    let backend = txn.get_database_backend();
    if backend == DbBackend::Postgres {
        let erased = Erasure::find_by_statement(super::definer_rows(
            "audit.record_erasure",
            "e",
            [user_id.into()],
        ))
        .one(txn)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::User,
        })?;
        let removed = u64::try_from(erased.removed).unwrap_or_default();
        return Ok((removed, erased.erasure_id));
    }
    let made_by_or_about = Condition::any()
        .add(data_changes::Column::UserId.eq(user_id))
        .add(data_changes::Column::RecordId.eq(user_id));
    let removed = data_changes::Entity::delete_many()
        .filter(made_by_or_about)
        .exec(txn)
        .await?
        .rows_affected;
    let snapshots = data_changes::Entity::delete_many()
        .filter(snapshot_of_a_row_of(user_id))
        .exec(txn)
        .await?
        .rows_affected;
    let record = data_changes::ActiveModel {
        id: Set(Uuid::new_v4()),
        table_name: Set("users".to_owned()),
        operation: Set(AuditOperation::Delete),
        user_id: Set(None),
        record_id: Set(user_id),
        old_data: Set(None),
        new_data: Set(None),
        changed_at: Set(Timestamp::now()),
    }
    .insert(txn)
    .await?;
    Ok((removed + snapshots, record.id))
}

/// The audit rows whose snapshot (before or after) is of a row owned by `user_id`: changes
/// another user or a system job made to the user's rows. SQLite only (PostgreSQL erases through
/// `audit.record_erasure`): its triggers' `json_object` snapshots hold UUIDs as hyphenated text.
fn snapshot_of_a_row_of(user_id: Uuid) -> Condition {
    let owner = |snapshot: data_changes::Column| {
        Expr::expr(
            Func::cust("json_extract")
                .arg(Expr::col(snapshot))
                .arg("$.user_id"),
        )
        .eq(user_id.to_string())
    };
    Condition::any()
        .add(owner(data_changes::Column::OldData))
        .add(owner(data_changes::Column::NewData))
}
