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
use crate::input::{escape_like, no_nul};
use crate::safety::{RECIPE_DISHES, safe_condition};
use crate::{Error, OnField, Result, acting};

/// The most ingredient lines, steps and tags one recipe holds.
pub const MAX_LINES: usize = 100;
pub const MAX_TAGS: usize = 30;
/// The longest a preparation, cooking or step time may be (the CHECKs' limit).
pub const MAX_MINUTES: i32 = 43_200;
pub const MAX_SERVINGS: i32 = 1000;
/// The largest page [`search`] returns.
pub const MAX_PAGE: u64 = 100;

/// One line of a recipe's ingredient list, as given by the caller.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct IngredientLine {
    pub ingredient_id: Uuid,
    pub quantity: Decimal,
    pub unit: Unit,
    pub note: Option<String>,
}

/// One instruction; steps are numbered from 1 in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub instruction: String,
    pub duration_minutes: Option<i32>,
}

/// A whole recipe, for [`create`] and [`update`] (which replaces everything).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RecipeInput {
    /// The recipe's id, chosen by the client so [`create`] can be repeated safely; `None`: the
    /// service makes one. [`update`] takes the id apart and refuses another one here.
    pub id: Option<Uuid>,
    pub name: String,
    pub description: Option<String>,
    /// Stored trimmed and in lower case (`"Italian "` becomes `italian`), so the cuisine filter
    /// is an exact, indexed match.
    pub cuisine_type: Option<String>,
    pub difficulty: Difficulty,
    pub prep_time_minutes: i32,
    pub cook_time_minutes: i32,
    pub servings: i32,
    pub cost_estimate: Option<Decimal>,
    pub is_public: bool,
    pub source_url: Option<String>,
    pub image_url: Option<String>,
    /// Normalised to lower-case slugs (`"Gluten Free"` becomes `gluten-free`), duplicates
    /// dropped, order kept.
    pub tags: Vec<String>,
    pub ingredients: Vec<IngredientLine>,
    pub steps: Vec<StepInput>,
}

impl RecipeInput {
    /// A private recipe with just a name, times and servings; fill in the rest.
    pub fn new(name: &str, prep_time_minutes: i32, cook_time_minutes: i32, servings: i32) -> Self {
        Self {
            id: None,
            name: name.to_owned(),
            description: None,
            cuisine_type: None,
            difficulty: Difficulty::default(),
            prep_time_minutes,
            cook_time_minutes,
            servings,
            cost_estimate: None,
            is_public: false,
            source_url: None,
            image_url: None,
            tags: Vec::new(),
            ingredients: Vec::new(),
            steps: Vec::new(),
        }
    }
}

/// A recipe with its lines (in position order), steps (in number order) and nutrition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipe {
    pub recipe: recipes::Model,
    pub ingredients: Vec<recipe_ingredients::Model>,
    pub steps: Vec<recipe_steps::Model>,
    pub nutrition: Option<recipe_nutrition::Model>,
}

/// Nutrition per serving, exact to the stored 2 decimals: the same amounts a meal log holds.
pub use crate::nutrition::Nutrition;

/// Lower-case slug: ASCII letters and digits kept (lower-cased), any run of other characters
/// becomes one hyphen, none at either end. `None` when nothing is left.
pub fn slug(tag: &str) -> Option<String> {
    let mut out = String::with_capacity(tag.len());
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    (!out.is_empty()).then_some(out)
}

fn normalise_tags(tags: &[String]) -> Result<Vec<String>> {
    if tags.len() > MAX_TAGS {
        return Err(Error::invalid("tags", format!("at most {MAX_TAGS}")));
    }
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        let field = format!("tags[{i}]");
        let slug =
            slug(tag).ok_or_else(|| Error::invalid(field.clone(), "has no letters or digits"))?;
        if slug.len() > 50 {
            return Err(Error::invalid(field, "must be at most 50 characters"));
        }
        if !out.contains(&slug) {
            out.push(slug);
        }
    }
    Ok(out)
}

fn text(field: &'static str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    let Some(value) = value else {
        return Ok(None);
    };
    no_nul(field, value)?;
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(Some(value.to_owned()))
}

fn url(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    let value = text(field, value.map(str::trim), 2048)?;
    match value {
        Some(v) if !(v.starts_with("https://") || v.starts_with("http://")) => {
            Err(Error::invalid(field, "must be an http or https URL"))
        }
        other => Ok(other),
    }
}

fn minutes(field: impl Into<std::borrow::Cow<'static, str>>, value: i32) -> Result<i32> {
    if !(0..=MAX_MINUTES).contains(&value) {
        return Err(Error::invalid(
            field,
            format!("must be between 0 and {MAX_MINUTES} minutes"),
        ));
    }
    Ok(value)
}

/// What [`RecipeInput`] becomes once checked.
struct Checked {
    name: String,
    description: Option<String>,
    cuisine_type: Option<String>,
    cost_estimate: Option<Numeric<8, 2>>,
    source_url: Option<String>,
    image_url: Option<String>,
    tags: Vec<String>,
    lines: Vec<(Uuid, Numeric<10, 3>, Unit, Option<String>)>,
    steps: Vec<(String, Option<i32>)>,
}

fn check(input: &RecipeInput) -> Result<Checked> {
    let name = input.name.trim();
    no_nul("name", name)?;
    if name.is_empty() {
        return Err(Error::invalid("name", "must not be blank"));
    }
    if name.chars().count() > 255 {
        return Err(Error::invalid("name", "must be at most 255 characters"));
    }
    let cuisine_type = match input.cuisine_type.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(c) => text("cuisine_type", Some(&c.to_lowercase()), 50)?,
    };
    minutes("prep_time_minutes", input.prep_time_minutes)?;
    minutes("cook_time_minutes", input.cook_time_minutes)?;
    if !(1..=MAX_SERVINGS).contains(&input.servings) {
        return Err(Error::invalid(
            "servings",
            format!("must be between 1 and {MAX_SERVINGS}"),
        ));
    }
    let cost_estimate = match input.cost_estimate {
        Some(c) if c.is_sign_negative() => {
            return Err(Error::invalid("cost_estimate", "must not be negative"));
        }
        Some(c) => Some(Numeric::new(c).on_field("cost_estimate")?),
        None => None,
    };
    if input.ingredients.is_empty() {
        return Err(Error::invalid(
            "ingredients",
            "must list at least one ingredient",
        ));
    }
    if input.ingredients.len() > MAX_LINES {
        return Err(Error::invalid(
            "ingredients",
            format!("at most {MAX_LINES}"),
        ));
    }
    let mut lines = Vec::with_capacity(input.ingredients.len());
    for (i, line) in input.ingredients.iter().enumerate() {
        if line.quantity <= Decimal::ZERO {
            return Err(Error::invalid(
                format!("ingredients[{i}].quantity"),
                "must be positive",
            ));
        }
        let quantity = Numeric::new(line.quantity)
            .map_err(|e| Error::numeric(format!("ingredients[{i}].quantity"), e))?;
        let note = match &line.note {
            Some(note) => {
                no_nul(format!("ingredients[{i}].note"), note)?;
                if note.chars().count() > 500 {
                    return Err(Error::invalid(
                        format!("ingredients[{i}].note"),
                        "must be at most 500 characters",
                    ));
                }
                Some(note.clone())
            }
            None => None,
        };
        lines.push((line.ingredient_id, quantity, line.unit, note));
    }
    if input.steps.len() > MAX_LINES {
        return Err(Error::invalid("steps", format!("at most {MAX_LINES}")));
    }
    let mut steps = Vec::with_capacity(input.steps.len());
    for (i, step) in input.steps.iter().enumerate() {
        let field = format!("steps[{i}].instruction");
        let instruction = step.instruction.trim();
        no_nul(field.clone(), instruction)?;
        if instruction.is_empty() || instruction.chars().count() > 5000 {
            return Err(Error::invalid(
                field,
                "must be 1 to 5000 characters, not blank",
            ));
        }
        if let Some(d) = step.duration_minutes {
            minutes(format!("steps[{i}].duration_minutes"), d)?;
        }
        steps.push((instruction.to_owned(), step.duration_minutes));
    }
    Ok(Checked {
        name: name.to_owned(),
        description: text("description", input.description.as_deref(), 10_000)?,
        cuisine_type,
        cost_estimate,
        source_url: url("source_url", input.source_url.as_deref())?,
        image_url: url("image_url", input.image_url.as_deref())?,
        tags: normalise_tags(&input.tags)?,
        lines,
        steps,
    })
}

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
async fn owned<C: ConnectionTrait>(db: &C, owner: Uuid, id: Uuid) -> Result<recipes::Model> {
    recipes::Entity::find_by_id(id)
        .filter(recipes::Column::UserId.eq(owner))
        .one(db)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::Recipe,
        })
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
    owned(&txn, actor.id(), id).await?;
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

/// The recipe as `viewer` may see it (public, or theirs); any other is `NotFound` `recipe`.
pub(crate) async fn visible<C: ConnectionTrait>(
    db: &C,
    viewer: Uuid,
    id: Uuid,
) -> Result<recipes::Model> {
    recipes::Entity::find_by_id(id)
        .filter(
            sea_orm::Condition::any()
                .add(recipes::Column::IsPublic.eq(true))
                .add(recipes::Column::UserId.eq(viewer)),
        )
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
    if !(1..=MAX_SERVINGS).contains(&servings) {
        return Err(Error::invalid(
            "servings",
            format!("must be between 1 and {MAX_SERVINGS}"),
        ));
    }
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
    if !(1..=5).contains(&rating) {
        return Err(Error::invalid("rating", "must be between 1 and 5"));
    }
    let review = text("review", review, 2000)?;
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

/// Where the previous page ended: its last recipe's rating (unrated: `None`) and id.
///
/// In JSON and in a URL it is one string, `<rating>_<id>` (`4.50_0b3c...`; unrated:
/// `_0b3c...`), so a client passes `Page::next` back as `after=` without taking it apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Cursor {
    pub rating: Option<Decimal>,
    pub id: Uuid,
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.rating {
            Some(rating) => write!(f, "{rating}_{}", self.id),
            None => write!(f, "_{}", self.id),
        }
    }
}

impl From<Cursor> for String {
    fn from(cursor: Cursor) -> Self {
        cursor.to_string()
    }
}

impl TryFrom<String> for Cursor {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        const NOT_A_CURSOR: &str = "is not a cursor (the `next` of a previous page)";
        let (rating, id) = text.split_once('_').ok_or(NOT_A_CURSOR)?;
        let rating = match rating {
            "" => None,
            rating => Some(rating.parse().map_err(|_| NOT_A_CURSOR)?),
        };
        let id = id.parse().map_err(|_| NOT_A_CURSOR)?;
        Ok(Self { rating, id })
    }
}

/// What [`search`] looks for. Every filter left empty matches all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Recipes carrying all of these tags (normalised as on save). In a query string: `tag`,
    /// once per tag (`tag=vegan&tag=quick`).
    #[serde(alias = "tag")]
    pub tags: Vec<String>,
    /// Exact cuisine (case-insensitive: stored and compared in lower case).
    pub cuisine: Option<String>,
    pub difficulty: Option<Difficulty>,
    /// At most this total (preparation plus cooking) time. In a query string: `max_minutes`.
    #[serde(alias = "max_minutes")]
    pub max_total_minutes: Option<i32>,
    /// Text anywhere in the name, case-insensitive (ASCII letters).
    pub name_contains: Option<String>,
    /// Only recipes safe for the searching user (no SEVERE or LIFE_THREATENING allergen of
    /// theirs; milder ones do not exclude, as in [`crate::safety::Verdict::Safe`]).
    pub only_safe: bool,
    /// Page size, 1 to [`MAX_PAGE`]; 0 means 20.
    pub limit: u64,
    /// The page after this cursor (`Page::next` of the previous page, as the string it
    /// serialises to).
    pub after: Option<Cursor>,
}

/// One page of [`search`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub recipes: Vec<recipes::Model>,
    /// The cursor for the next page; `None` on the last page.
    pub next: Option<Cursor>,
}

/// Numbered parameters (`$1`, `$2`, ...), which both backends read.
#[derive(Default)]
struct Params(Vec<Value>);

impl Params {
    fn push(&mut self, value: impl Into<Value>) -> String {
        self.0.push(value.into());
        format!("${}", self.0.len())
    }
}

/// One filter of a search, its values already bound (`$n` placeholders), written out for a
/// given alias of `recipes`: a bounded search applies it to two different row sources.
enum Filter {
    /// PostgreSQL: the row carries all of these tags (one array parameter).
    TagsArray(String),
    /// SQLite: the row carries this tag (its JSON list holds it).
    TagJson(String),
    Cuisine(String),
    Difficulty(String),
    MaxMinutes(String),
    NameLike(String),
    /// No severe allergen of the viewer (bound as `me`).
    Safe,
}

impl Filter {
    fn sql(&self, a: &str, me: &str) -> String {
        match self {
            Self::TagsArray(list) => format!("{a}.tags @> {list}::text[]"),
            Self::TagJson(tag) => {
                format!("EXISTS (SELECT 1 FROM json_each({a}.tags) WHERE json_each.value = {tag})")
            }
            Self::Cuisine(c) => format!("{a}.cuisine_type = {c}"),
            Self::Difficulty(d) => format!("{a}.difficulty_level = {d}"),
            Self::MaxMinutes(m) => format!("{a}.total_time_minutes <= {m}"),
            Self::NameLike(pattern) => format!("lower({a}.name) LIKE {pattern} ESCAPE '\\'"),
            Self::Safe => safe_condition(&RECIPE_DISHES, a, me),
        }
    }

    /// Whether an index finds the rows that pass it.
    fn indexed(&self) -> bool {
        !matches!(self, Self::NameLike(_) | Self::Safe)
    }
}

/// The statement for one page of `query`, as `viewer` sees (public recipes and their own).
/// Public so benchmarks and tests can look at its plan.
///
/// # Errors
/// [`Error::Validation`] on the query's fields.
pub fn search_statement(
    backend: DbBackend,
    viewer: Uuid,
    query: &SearchQuery,
) -> Result<Statement> {
    let mut p = Params::default();
    let me = p.push(viewer);
    // The filters past who may see a recipe.
    let mut filters = Vec::new();
    let tags = normalise_tags(&query.tags)?;
    if !tags.is_empty() {
        match backend {
            DbBackend::Postgres => {
                let list = p.push(Value::Array(
                    sea_orm::sea_query::ArrayType::String,
                    Some(Box::new(
                        tags.into_iter().map(|t| Value::String(Some(t))).collect(),
                    )),
                ));
                filters.push(Filter::TagsArray(list));
            }
            _ => {
                for tag in tags {
                    filters.push(Filter::TagJson(p.push(tag)));
                }
            }
        }
    }
    if let Some(cuisine) = query.cuisine.as_deref().map(str::trim) {
        no_nul("cuisine", cuisine)?;
        filters.push(Filter::Cuisine(p.push(cuisine.to_lowercase())));
    }
    if let Some(difficulty) = query.difficulty {
        let d = p.push(sea_orm::ActiveEnum::to_value(&difficulty));
        filters.push(Filter::Difficulty(d));
    }
    if let Some(max) = query.max_total_minutes {
        filters.push(Filter::MaxMinutes(p.push(max)));
    }
    if let Some(text) = query.name_contains.as_deref() {
        no_nul("name_contains", text)?;
        if !text.is_empty() {
            let pattern = p.push(format!("%{}%", escape_like(&text.to_lowercase())));
            filters.push(Filter::NameLike(pattern));
        }
    }
    if query.only_safe {
        filters.push(Filter::Safe);
    }
    let mut after_cursor = None;
    if let Some(after) = query.after {
        let rating = after.rating.unwrap_or(Decimal::NEGATIVE_ONE);
        let rating = match backend {
            DbBackend::Postgres => p.push(rating),
            // The column is REAL there, and a Decimal is bound as text, which SQLite sorts
            // after every number. A 2-decimal rating is exact through f64 (`Numeric`).
            _ => p.push(rust_decimal::prelude::ToPrimitive::to_f64(&rating).unwrap_or(-1.0)),
        };
        let id = p.push(after.id);
        after_cursor = Some((rating, id));
    }
    let limit = match query.limit {
        0 => 20,
        n if n <= MAX_PAGE => n,
        _ => {
            return Err(Error::invalid(
                "limit",
                format!("must be at most {MAX_PAGE}"),
            ));
        }
    };
    let rows = limit + 1;
    // Who may see it and where the page starts: the rows a page is taken from, in rank order.
    let shown = |a: &str| {
        let visible = format!("({a}.is_public OR {a}.user_id = {me})");
        match &after_cursor {
            Some((rating, id)) => {
                let rank = rank(a);
                format!(
                    "{visible} AND ({rank} < {rating} OR ({rank} = {rating} AND {a}.id > {id}))"
                )
            }
            None => visible,
        }
    };
    let matching = |a: &str| {
        filters
            .iter()
            .map(|f| f.sql(a, &me))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let sql = if filters.iter().any(Filter::indexed) {
        bounded_search(&shown("r"), &matching, rows)
    } else {
        // No filter narrows the catalogue through an index: read in rank order (the index
        // `idx_recipes_rank`), filtering as it goes, and stop at the page.
        let mut all = vec![shown("r")];
        if !filters.is_empty() {
            all.push(matching("r"));
        }
        format!(
            "SELECT r.* FROM recipes r WHERE {} ORDER BY {} DESC, r.id LIMIT {rows}",
            all.join(" AND "),
            rank("r")
        )
    };
    Ok(Statement::from_sql_and_values(backend, sql, p.0))
}

/// The order of pages, for rows of alias `a`: unrated last (-1 sorts below every rating, 0 to
/// 5), then by id. The same expression is indexed (`idx_recipes_rank`).
fn rank(a: &str) -> String {
    format!("coalesce({a}.rating, -1)")
}

/// How many recipes, in rank order, a filtered search reads before it finds its matches
/// through the filters' indexes instead.
const RANK_WALK: u64 = 500;

/// One page (`rows` rows) of the recipes in `shown` that match `filters`, where at least one
/// filter has an index, read at a cost bounded by the matches rather than by the catalogue.
///
/// Read in rank order and filtered as it goes (the plan a planner picks for `ORDER BY rank
/// LIMIT n`), a search reads about `n / (share matching)` recipes: the whole catalogue when
/// few or none match. Found through the filters' indexes and sorted, it reads every match:
/// much more than a page when many match. So both, in one statement: the first
/// [`RANK_WALK`] recipes in rank order are filtered (`head`); when they hold a full page,
/// that is the page (any later match ranks below all of them); otherwise the page is taken
/// from all the matches, found through the filters' indexes (`ORDER BY rank + 0` is not the
/// indexed expression, so no plan can walk the rank index instead) and sorted. The second
/// part runs only when the first falls short: its condition on `head` is a constant both
/// backends test before reading a row. The cost is at most [`RANK_WALK`] recipes plus the
/// matches of the filters' indexes, whatever the catalogue's size.
fn bounded_search(shown: &str, matching: &dyn Fn(&str) -> String, rows: u64) -> String {
    let walk = RANK_WALK.max(rows);
    // Aliases: `r` for the table, `w` for the first rows in rank order, `page` for the result
    // (each name says which rows a plan line reads).
    let (r, w, page) = (rank("r"), rank("w"), rank("page"));
    format!(
        "WITH head AS MATERIALIZED (\
             SELECT w.* FROM (SELECT * FROM recipes r WHERE {shown} \
                              ORDER BY {r} DESC, r.id LIMIT {walk}) w \
             WHERE {head_filters} ORDER BY {w} DESC, w.id LIMIT {rows}) \
         SELECT * FROM (\
             SELECT * FROM head WHERE (SELECT count(*) FROM head) = {rows} \
             UNION ALL \
             SELECT * FROM (SELECT r.* FROM recipes r \
                            WHERE {shown} AND {filters} AND (SELECT count(*) FROM head) < {rows} \
                            ORDER BY {r} + 0 DESC, r.id LIMIT {rows}) matches\
         ) page ORDER BY {page} DESC, page.id",
        head_filters = matching("w"),
        filters = matching("r"),
    )
}

/// One page of public recipes and `viewer`'s own matching `query`, best rated first (unrated
/// last), then by id; keyset pages, so rows inserted between pages cause no gaps or repeats.
/// One statement per page, whatever the filters.
///
/// # Errors
/// [`Error::Validation`] on the query's fields; [`Error::Db`].
#[crate::traced("recipes::search")]
pub async fn search(db: &impl Conn, actor: Actor, query: &SearchQuery) -> Result<Page> {
    let statement = search_statement(db.get_database_backend(), actor.id(), query)?;
    let limit = match query.limit {
        0 => 20,
        n => n,
    } as usize;
    let txn = acting::read(db, Some(actor)).await?;
    let mut rows = recipes::Entity::find()
        .from_raw_sql(statement)
        .all(&txn)
        .await?;
    txn.commit().await?;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| Cursor {
            rating: r.rating.map(Numeric::value),
            id: r.id,
        })
    } else {
        None
    };
    Ok(Page {
        recipes: rows,
        next,
    })
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
