//! What every function reaching one of the acting user's rows by id does alike: the row must
//! be the user's, and the user live. Another user's id, an unknown one and a soft-deleted
//! user's row are all [`Error::NotFound`]: telling them apart would tell a caller which ids
//! exist.
use crate::{Actor, Conn};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{Error, Result, accounts, acting};

/// The row `id` of a table whose `user_column` names `actor`, a live user.
pub(crate) fn own<C: ColumnTrait>(
    actor: Uuid,
    id: Uuid,
    (id_column, user_column): (C, C),
) -> Condition {
    Condition::all()
        .add(id_column.eq(id))
        .add(user_column.eq(actor))
        .add(accounts::owner_is_live(user_column))
}

/// The acting user's row `id` of `E`, or `not_found`.
pub(crate) async fn find_own<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    id: Uuid,
    columns: (E::Column, E::Column),
    not_found: Error,
) -> Result<E::Model> {
    E::find()
        .filter(own(actor.id(), id, columns))
        .one(db)
        .await?
        .ok_or(not_found)
}

/// Deletes the acting user's row `id` of `E` in one write transaction acting as them, or
/// returns `not_found` having deleted nothing. Cascades and triggers do the rest of the work in
/// the same transaction.
pub(crate) async fn delete_own<E: EntityTrait>(
    db: &impl Conn,
    actor: Actor,
    id: Uuid,
    columns: (E::Column, E::Column),
    not_found: Error,
) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let deleted = E::delete_many()
        .filter(own(actor.id(), id, columns))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(not_found);
    }
    txn.commit().await?;
    Ok(())
}
