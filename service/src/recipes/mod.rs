//! Recipes: create, update (ingredients and steps replaced as a whole), delete, read, scale,
//! rate and search. Only a recipe's owner changes it; anyone reads a public recipe.
//!
//! Nutrition per serving is computed here, exactly (Decimal), from each ingredient's
//! nutrition per 100 g and the line's quantity turned into grams ([`Unit::to_grams`]); it is
//! stored in `recipe_nutrition` and `recipes.calories_per_serving` in the transaction that
//! writes the ingredients. A line whose unit cannot be turned into grams (a cup of an
//! ingredient with no known density) is a validation error naming it, never a silent zero.
use crate::{Actor, Conn};
use catalog::Subject;
use std::collections::{HashMap, HashSet};

use entity::types::{Difficulty, Numeric, TextList, Unit, UnitKind};
use entity::{
    ingredients, recipe_ingredients, recipe_nutrition, recipe_ratings, recipe_steps, recipes,
};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, NotSet, QueryFilter,
    QueryOrder, Set, Statement, Value,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use catalog::tables::{RECIPE_INGREDIENTS, RECIPE_RATINGS, RECIPE_STEPS, RECIPES};

use crate::idempotent::{Claim, Once};
use crate::input::{InRange, Limited, escape_like, no_nul};
use crate::safety::{RECIPE_DISHES, safe_condition};
use crate::{Error, OnField, Result, acting};
use catalog::limits;

mod input;
mod query;

pub use input::*;
pub use query::*;

/// A recipe with its lines (in position order), steps (in number order) and nutrition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipe {
    pub recipe: recipes::Model,
    pub ingredients: Vec<recipe_ingredients::Model>,
    pub steps: Vec<recipe_steps::Model>,
    pub nutrition: Option<recipe_nutrition::Model>,
}

/// Nutrition per serving, exact to the stored 2 decimals: the same amounts a meal log holds.
pub use crate::nutrients::Nutrition;

/// Nutrition per serving of `lines` (ingredient, quantity, unit), from `catalogue`, exactly,
/// rounded half away from zero to 2 decimals at the end.
///
/// # Errors
/// [`Error::Validation`] on `ingredients[i].ingredient_id` for an ingredient not in the
/// catalogue, on `ingredients[i].unit` for a quantity that cannot be turned into grams.
pub fn nutrition_per_serving(
    lines: &[(Uuid, Decimal, Unit)],
    servings: i32,
    catalogue: &HashMap<Uuid, ingredients::Model>,
) -> Result<Nutrition> {
    let mut total = [Decimal::ZERO; 7];
    let overflow = || Error::invalid("ingredients", "the quantities are too large");
    for (i, (id, quantity, unit)) in lines.iter().enumerate() {
        let ingredient = catalogue.get(id).ok_or_else(|| {
            Error::invalid(
                format!("ingredients[{i}].ingredient_id"),
                "is not a known ingredient",
            )
        })?;
        let grams = unit
            .to_grams(
                *quantity,
                ingredient.grams_per_ml.map(Numeric::value),
                ingredient.grams_per_piece.map(Numeric::value),
            )
            .ok_or_else(|| {
                let missing = match unit.kind() {
                    UnitKind::Volume => "grams per millilitre",
                    _ => "grams per piece",
                };
                Error::invalid(
                    format!("ingredients[{i}].unit"),
                    format!(
                        "{} cannot be measured in {unit:?}: its {missing} is unknown",
                        ingredient.name
                    ),
                )
            })?;
        let per_100g = [
            ingredient.energy_kcal.value(),
            ingredient.protein_g.value(),
            ingredient.carbs_g.value(),
            ingredient.fat_g.value(),
            ingredient.fiber_g.value(),
            ingredient.sugar_g.value(),
            ingredient.sodium_mg.value(),
        ];
        for (sum, value) in total.iter_mut().zip(per_100g) {
            let amount = value.checked_mul(grams).ok_or_else(overflow)?;
            *sum = sum.checked_add(amount).ok_or_else(overflow)?;
        }
    }
    let divisor = Decimal::from(servings) * Decimal::ONE_HUNDRED;
    let per_serving = total.map(|sum| {
        let mut v =
            (sum / divisor).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        v.rescale(2);
        v
    });
    Ok(Nutrition::from_fields(per_serving))
}

/// The catalogue rows of the ingredients `lines` name, in one query.
async fn catalogue_for<C: ConnectionTrait>(
    db: &C,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, ingredients::Model>> {
    let ids: HashSet<Uuid> = ids.collect();
    Ok(ingredients::Entity::find()
        .filter(ingredients::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect())
}

fn numeric<const P: u32>(field: &'static str, value: Decimal) -> Result<Numeric<P, 2>> {
    Numeric::new(value).map_err(|_| Error::invalid(field, "is too large per serving"))
}

/// Writes the lines, steps and nutrition of `recipe_id` (after its row), replacing any.
async fn write_parts<C: ConnectionTrait>(
    db: &C,
    recipe_id: Uuid,
    checked: &Checked,
    nutrition: &Nutrition,
    replace: bool,
) -> Result<()> {
    if replace {
        recipe_ingredients::Entity::delete_many()
            .filter(recipe_ingredients::Column::RecipeId.eq(recipe_id))
            .exec(db)
            .await?;
        recipe_steps::Entity::delete_many()
            .filter(recipe_steps::Column::RecipeId.eq(recipe_id))
            .exec(db)
            .await?;
    }
    let lines = checked
        .lines
        .iter()
        .enumerate()
        .map(
            |(i, (id, quantity, unit, note))| recipe_ingredients::ActiveModel {
                id: Set(Uuid::new_v4()),
                recipe_id: Set(recipe_id),
                ingredient_id: Set(*id),
                quantity: Set(*quantity),
                unit: Set(*unit),
                position: Set(i as i32 + 1),
                note: Set(note.clone()),
            },
        );
    recipe_ingredients::Entity::insert_many(lines)
        .exec(db)
        .await
        .map_err(Error::writing(RECIPE_INGREDIENTS))?;
    if !checked.steps.is_empty() {
        let steps = checked
            .steps
            .iter()
            .enumerate()
            .map(|(i, (instruction, duration))| recipe_steps::ActiveModel {
                id: Set(Uuid::new_v4()),
                recipe_id: Set(recipe_id),
                step_number: Set(i as i32 + 1),
                instruction: Set(instruction.clone()),
                duration_minutes: Set(*duration),
            });
        recipe_steps::Entity::insert_many(steps)
            .exec(db)
            .await
            .map_err(Error::writing(RECIPE_STEPS))?;
    }
    let row = recipe_nutrition::ActiveModel {
        recipe_id: Set(recipe_id),
        energy_kcal: Set(numeric("nutrition.energy_kcal", nutrition.energy_kcal)?),
        protein_g: Set(numeric("nutrition.protein_g", nutrition.protein_g)?),
        carbs_g: Set(numeric("nutrition.carbs_g", nutrition.carbs_g)?),
        fat_g: Set(numeric("nutrition.fat_g", nutrition.fat_g)?),
        fiber_g: Set(numeric("nutrition.fiber_g", nutrition.fiber_g)?),
        sugar_g: Set(numeric("nutrition.sugar_g", nutrition.sugar_g)?),
        sodium_mg: Set(numeric("nutrition.sodium_mg", nutrition.sodium_mg)?),
        computed_at: Set(entity::types::Timestamp::now()),
    };
    use recipe_nutrition::Column as N;
    recipe_nutrition::Entity::insert(row)
        .on_conflict(
            OnConflict::column(N::RecipeId)
                .update_columns([
                    N::EnergyKcal,
                    N::ProteinG,
                    N::CarbsG,
                    N::FatG,
                    N::FiberG,
                    N::SugarG,
                    N::SodiumMg,
                    N::ComputedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Checks the input and computes its nutrition against the catalogue (read in `db`).
async fn prepare<C: ConnectionTrait>(db: &C, input: &RecipeInput) -> Result<(Checked, Nutrition)> {
    let checked = check(input)?;
    let catalogue = catalogue_for(db, checked.lines.iter().map(|l| l.0)).await?;
    let lines: Vec<(Uuid, Decimal, Unit)> = checked
        .lines
        .iter()
        .map(|(id, q, u, _)| (*id, q.value(), *u))
        .collect();
    let nutrition = nutrition_per_serving(&lines, input.servings, &catalogue)?;
    Ok((checked, nutrition))
}

fn calories(nutrition: &Nutrition) -> Result<Numeric<8, 2>> {
    Numeric::new(nutrition.energy_kcal)
        .map_err(|_| Error::invalid("ingredients", "too many calories per serving"))
}

/// Whether a stored recipe is what [`create`] would store now from `input`: every field the
/// input sets, normalised as stored (trimmed name, lower-case cuisine, tag slugs), and its
/// ingredient lines and steps in order. What the service derives (nutrition, calories, total
/// time, ratings) is not compared: the catalogue may have changed since.
fn same_recipe(stored: &Recipe, input: &RecipeInput, checked: &Checked) -> bool {
    let r = &stored.recipe;
    let lines = stored
        .ingredients
        .iter()
        .map(|l| (l.ingredient_id, l.quantity, l.unit, l.note.clone()));
    let steps = stored
        .steps
        .iter()
        .map(|s| (s.instruction.clone(), s.duration_minutes));
    r.name == checked.name
        && r.description == checked.description
        && r.cuisine_type == checked.cuisine_type
        && r.difficulty_level == input.difficulty
        && r.prep_time_minutes == input.prep_time_minutes
        && r.cook_time_minutes == input.cook_time_minutes
        && r.servings == input.servings
        && r.cost_estimate == checked.cost_estimate
        && r.is_public == input.is_public
        && r.source_url == checked.source_url
        && r.image_url == checked.image_url
        && r.tags.items() == checked.tags.as_slice()
        && lines.eq(checked.lines.iter().cloned())
        && steps.eq(checked.steps.iter().cloned())
}

/// Creates a recipe owned by `owner` with its ingredients, steps, tags and nutrition, in one
/// transaction. Repeated with the same `input.id` and the same content, it returns the stored
/// recipe and writes nothing.
///
/// # Errors
/// [`Error::Validation`] naming the field (`ingredients[2].quantity`, `tags[0]`, ...),
/// including an ingredient not in the catalogue or a unit it cannot be weighed in;
/// [`Error::NotFound`] `"user"` for an unknown owner; [`Error::Conflict`] (`recipe id`) when
/// `input.id` holds another recipe, or another user's; [`Error::Db`].
#[crate::traced("recipes::create")]
pub async fn create(db: &impl Conn, actor: Actor, input: &RecipeInput) -> Result<Recipe> {
    check(input)?; // before any transaction: a bad input costs no round trip
    let once = Once::<recipes::Entity>::new(
        input.id,
        (recipes::Column::Id, recipes::Column::UserId),
        Subject::RecipeId,
    );
    let txn = acting::write(db, Some(actor)).await?;
    let (checked, nutrition) = prepare(&txn, input).await?;
    let id = once.id;
    let row = recipes::ActiveModel {
        id: Set(id),
        user_id: Set(actor.id()),
        name: Set(checked.name.clone()),
        description: Set(checked.description.clone()),
        cuisine_type: Set(checked.cuisine_type.clone()),
        difficulty_level: Set(input.difficulty),
        prep_time_minutes: Set(input.prep_time_minutes),
        cook_time_minutes: Set(input.cook_time_minutes),
        total_time_minutes: NotSet,
        servings: Set(input.servings),
        calories_per_serving: Set(Some(calories(&nutrition)?)),
        cost_estimate: Set(checked.cost_estimate),
        rating: NotSet,
        rating_count: NotSet,
        rating_sum: NotSet,
        is_public: Set(input.is_public),
        source_url: Set(checked.source_url.clone()),
        image_url: Set(checked.image_url.clone()),
        tags: Set(TextList::new(checked.tags.iter().cloned())),
        created_at: NotSet,
        updated_at: NotSet,
    };
    if let Claim::Stored(_) = once
        .insert(&txn, actor, row, Error::writing(RECIPES))
        .await?
    {
        let stored = load(&txn, id).await?;
        let same = same_recipe(&stored, input, &checked);
        return once.repeat(txn, stored, same).await;
    }
    write_parts(&txn, id, &checked, &nutrition, false).await?;
    let recipe = load(&txn, id).await?;
    txn.commit().await?;
    Ok(recipe)
}

/// The recipe `id` if `owner` owns it (another user's recipe is not found, public or not).
async fn owned<C: ConnectionTrait>(db: &C, owner: Actor, id: Uuid) -> Result<recipes::Model> {
    crate::owned::find_own::<recipes::Entity, _>(
        db,
        owner,
        id,
        (recipes::Column::Id, recipes::Column::UserId),
        Error::NotFound {
            what: Subject::Recipe,
        },
    )
    .await
}

/// Replaces recipe `id` as a whole: its fields, ingredients, steps and tags; nutrition is
/// computed again. Its ratings stay.
///
/// # Errors
/// As [`create`] (but no [`Error::Conflict`]); [`Error::Validation`] (`id`) when `input.id`
/// names another recipe; [`Error::NotFound`] `"recipe"` unless `owner` owns it.
#[crate::traced("recipes::update")]
pub async fn update(db: &impl Conn, actor: Actor, id: Uuid, input: &RecipeInput) -> Result<Recipe> {
    if input.id.is_some_and(|given| given != id) {
        return Err(Error::invalid(
            "id",
            "is not the id of the recipe being updated",
        ));
    }
    check(input)?;
    let txn = acting::write(db, Some(actor)).await?;
    owned(&txn, actor, id).await?;
    let (checked, nutrition) = prepare(&txn, input).await?;
    recipes::ActiveModel {
        id: Set(id),
        name: Set(checked.name.clone()),
        description: Set(checked.description.clone()),
        cuisine_type: Set(checked.cuisine_type.clone()),
        difficulty_level: Set(input.difficulty),
        prep_time_minutes: Set(input.prep_time_minutes),
        cook_time_minutes: Set(input.cook_time_minutes),
        servings: Set(input.servings),
        calories_per_serving: Set(Some(calories(&nutrition)?)),
        cost_estimate: Set(checked.cost_estimate),
        is_public: Set(input.is_public),
        source_url: Set(checked.source_url.clone()),
        image_url: Set(checked.image_url.clone()),
        tags: Set(TextList::new(checked.tags.iter().cloned())),
        ..Default::default()
    }
    .update(&txn)
    .await
    .map_err(Error::writing(RECIPES))?;
    write_parts(&txn, id, &checked, &nutrition, true).await?;
    let recipe = load(&txn, id).await?;
    txn.commit().await?;
    Ok(recipe)
}

/// Deletes recipe `id` with its ingredients, steps, nutrition and ratings.
///
/// # Errors
/// [`Error::NotFound`] `"recipe"` unless `owner` owns it; [`Error::Db`].
#[crate::traced("recipes::delete")]
pub async fn delete(db: &impl Conn, actor: Actor, id: Uuid) -> Result<()> {
    crate::owned::delete_own::<recipes::Entity>(
        db,
        actor,
        id,
        (recipes::Column::Id, recipes::Column::UserId),
        Error::NotFound {
            what: Subject::Recipe,
        },
    )
    .await
}

/// The whole recipe, already known to be visible.
async fn load<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Recipe> {
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

/// One ingredient line scaled to another number of servings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaledLine {
    pub ingredient_id: Uuid,
    /// `quantity * servings / recipe servings`, exact whenever that quotient has a finite
    /// decimal form (28 significant digits otherwise), trailing zeros removed.
    pub quantity: Decimal,
    pub unit: Unit,
    pub note: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_lower_case_slugs() {
        assert_eq!(slug("Gluten Free").as_deref(), Some("gluten-free"));
        assert_eq!(slug("  Quick & Easy!! ").as_deref(), Some("quick-easy"));
        assert_eq!(slug("one_pot").as_deref(), Some("one-pot"));
        assert_eq!(slug("!!"), None);
        assert_eq!(
            normalise_tags(&["Vegan".into(), "vegan".into(), "Keto".into()]).unwrap(),
            ["vegan", "keto"]
        );
        assert!(matches!(
            normalise_tags(&["ok".into(), "***".into()]),
            Err(Error::Validation { field, .. }) if field == "tags[1]"
        ));
    }

    #[test]
    fn nutrition_rounds_once_at_the_end() {
        let id = Uuid::from_u128(1);
        let n = |s: &str| s.parse::<Decimal>().unwrap();
        let ingredient = ingredients::Model {
            id,
            name: "Thing".into(),
            category: entity::types::IngredientCategory::Other,
            energy_kcal: Numeric::new(n("100")).unwrap(),
            protein_g: Numeric::new(n("0.01")).unwrap(),
            carbs_g: Numeric::new(n("0")).unwrap(),
            fat_g: Numeric::new(n("0")).unwrap(),
            fiber_g: Numeric::new(n("0")).unwrap(),
            sugar_g: Numeric::new(n("0")).unwrap(),
            sodium_mg: Numeric::new(n("0")).unwrap(),
            grams_per_piece: None,
            grams_per_ml: None,
            created_at: entity::types::Timestamp::now(),
            updated_at: entity::types::Timestamp::now(),
        };
        let catalogue = HashMap::from([(id, ingredient)]);
        // 3 lines of 50 g: protein 3 x 0.005 = 0.015 g over 1 serving -> 0.02 (each line
        // rounded first would give 0.00 + 0.00 + 0.00, or 3 x 0.01 = 0.03).
        let lines = [(id, n("50"), Unit::G); 3];
        let got = nutrition_per_serving(&lines, 1, &catalogue).unwrap();
        assert_eq!(got.protein_g, n("0.02"));
        assert_eq!(got.energy_kcal, n("150.00"));
        let cup = [(id, n("1"), Unit::Cup)];
        assert!(matches!(
            nutrition_per_serving(&cup, 1, &catalogue),
            Err(Error::Validation { field, .. }) if field == "ingredients[0].unit"
        ));
    }
}
