//! The reads: who may see a recipe, the whole recipe ([`get`]) and its lines scaled to
//! another number of servings ([`scale`]).
use super::*;

/// The whole recipe, already known to be visible.
pub(super) async fn load<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Recipe> {
    let recipe = recipes::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::Recipe,
        })?;
    let ingredients = recipe_ingredients::Entity::find()
        .filter(recipe_ingredients::Column::RecipeId.eq(id))
        .order_by_asc(recipe_ingredients::Column::Position)
        .all(db)
        .await?;
    let steps = recipe_steps::Entity::find()
        .filter(recipe_steps::Column::RecipeId.eq(id))
        .order_by_asc(recipe_steps::Column::StepNumber)
        .all(db)
        .await?;
    let nutrition = recipe_nutrition::Entity::find_by_id(id).one(db).await?;
    Ok(Recipe {
        recipe,
        ingredients,
        steps,
        nutrition,
    })
}

/// The recipes `viewer` may see: the public ones and their own (for a query that joins
/// `recipes`).
pub(crate) fn visible_to(viewer: Uuid) -> sea_orm::Condition {
    sea_orm::Condition::any()
        .add(recipes::Column::IsPublic.eq(true))
        .add(recipes::Column::UserId.eq(viewer))
}

/// The recipe as `viewer` may see it (public, or theirs); any other is `NotFound` `recipe`.
pub(crate) async fn visible<C: ConnectionTrait>(
    db: &C,
    viewer: Uuid,
    id: Uuid,
) -> Result<recipes::Model> {
    recipes::Entity::find_by_id(id)
        .filter(visible_to(viewer))
        .one(db)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::Recipe,
        })
}

/// Recipe `id` with its ingredients, steps and nutrition, if `viewer` may see it.
///
/// # Errors
/// [`Error::NotFound`] `"recipe"` for an unknown recipe or another user's private one.
#[crate::traced("recipes::get")]
pub async fn get(db: &impl Conn, actor: Actor, id: Uuid) -> Result<Recipe> {
    let txn = acting::read(db, Some(actor)).await?;
    visible(&txn, actor.id(), id).await?;
    let recipe = load(&txn, id).await?;
    txn.commit().await?;
    Ok(recipe)
}

/// The recipe's ingredient list for `servings` servings (nothing is stored).
///
/// # Errors
/// [`Error::Validation`] on `servings` outside 1 to 1000; [`Error::NotFound`] as [`get`].
#[crate::traced("recipes::scale")]
pub async fn scale(
    db: &impl Conn,
    actor: Actor,
    id: Uuid,
    servings: i32,
) -> Result<Vec<ScaledLine>> {
    limits::recipes::SERVINGS.check("servings", servings)?;
    let recipe = get(db, actor, id).await?;
    scale_lines(&recipe, servings)
}

/// [`scale`] on a recipe already read.
///
/// # Errors
/// [`Error::Validation`] on `servings` when a quantity would overflow.
pub fn scale_lines(recipe: &Recipe, servings: i32) -> Result<Vec<ScaledLine>> {
    let from = Decimal::from(recipe.recipe.servings.max(1));
    recipe
        .ingredients
        .iter()
        .map(|line| {
            let quantity = line
                .quantity
                .value()
                .checked_mul(Decimal::from(servings))
                .and_then(|q| q.checked_div(from))
                .ok_or_else(|| Error::invalid("servings", "too many"))?
                .normalize();
            Ok(ScaledLine {
                ingredient_id: line.ingredient_id,
                quantity,
                unit: line.unit,
                note: line.note.clone(),
            })
        })
        .collect()
}
