//! What every function that deletes one of the acting user's rows by id does alike.
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{Error, Result, accounts, acting};

/// Deletes the row `id` of `E` if it belongs to `actor`, a live user, in one write transaction
/// acting as them. Another user's id, an unknown one and a soft-deleted user's row are alike
/// [`Error::NotFound`] `what`: telling them apart would tell a caller which ids exist.
/// Cascades and triggers do the rest of the work in the same transaction.
pub(crate) async fn delete_own<E: EntityTrait>(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    (id_column, user_column): (E::Column, E::Column),
    what: &'static str,
) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let deleted = E::delete_many()
        .filter(id_column.eq(id))
        .filter(user_column.eq(actor))
        .filter(accounts::owner_is_live(user_column))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(Error::NotFound { what });
    }
    txn.commit().await?;
    Ok(())
}
