//! A recipe's name and per-serving nutrition, for logging servings of it.
use crate::Actor;
use entity::recipe_nutrition;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::nutrients::Nutrition;
use crate::{Error, Result};

/// The name and per-serving nutrition of a recipe `actor` may see (their own, or a public
/// one); another user's private recipe is not found.
pub(super) async fn per_serving<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    recipe_id: Uuid,
) -> Result<(String, Nutrition)> {
    let recipe = crate::recipes::visible(db, actor.id(), recipe_id).await?;
    let nutrition = recipe_nutrition::Entity::find_by_id(recipe_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "recipe_id",
                "the recipe's nutrition has not been computed yet",
            )
        })?;
    let value = |n: entity::types::Numeric<10, 2>| -> Decimal { n.value() };
    Ok((
        recipe.name,
        Nutrition {
            energy_kcal: value(nutrition.energy_kcal),
            protein_g: value(nutrition.protein_g),
            carbs_g: value(nutrition.carbs_g),
            fat_g: value(nutrition.fat_g),
            fiber_g: value(nutrition.fiber_g),
            sugar_g: value(nutrition.sugar_g),
            sodium_mg: value(nutrition.sodium_mg),
        },
    ))
}
