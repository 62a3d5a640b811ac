//! A user's rating of a recipe: [`rate`] and [`delete_rating`].
use super::*;

/// Rates recipe `id` (1 to 5) as `user`, or changes their rating; `review` is optional. The
/// database keeps `recipes.rating` and `rating_count` (a trigger).
///
/// # Errors
/// [`Error::Validation`] on `rating` or `review`; [`Error::NotFound`] `"recipe"` for a recipe
/// the user may not see; [`Error::Db`].
#[crate::traced("recipes::rate")]
pub async fn rate(
    db: &impl Conn,
    actor: Actor,
    id: Uuid,
    rating: i32,
    review: Option<&str>,
) -> Result<recipe_ratings::Model> {
    limits::RATING.check("rating", rating)?;
    limits::recipes::REVIEW.check_some("review", review)?;
    let review = review.map(str::to_owned);
    let txn = acting::write(db, Some(actor)).await?;
    visible(&txn, actor.id(), id).await?;
    use recipe_ratings::Column as R;
    let row = recipe_ratings::ActiveModel {
        id: Set(Uuid::new_v4()),
        recipe_id: Set(id),
        user_id: Set(actor.id()),
        rating: Set(rating),
        review: Set(review),
        created_at: NotSet,
        updated_at: NotSet,
    };
    recipe_ratings::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([R::RecipeId, R::UserId])
                .update_columns([R::Rating, R::Review])
                .to_owned(),
        )
        .exec(&txn)
        .await
        .map_err(Error::writing(RECIPE_RATINGS))?;
    let saved = recipe_ratings::Entity::find()
        .filter(R::RecipeId.eq(id))
        .filter(R::UserId.eq(actor))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::Rating,
        })?;
    txn.commit().await?;
    Ok(saved)
}

/// Removes `user`'s rating of recipe `id`.
///
/// # Errors
/// [`Error::NotFound`] `"rating"` when they had none; [`Error::Db`].
#[crate::traced("recipes::delete_rating")]
pub async fn delete_rating(db: &impl Conn, actor: Actor, id: Uuid) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let deleted = recipe_ratings::Entity::delete_many()
        .filter(recipe_ratings::Column::RecipeId.eq(id))
        .filter(recipe_ratings::Column::UserId.eq(actor))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::Rating,
        });
    }
    txn.commit().await?;
    Ok(())
}
