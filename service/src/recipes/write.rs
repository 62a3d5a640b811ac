//! The writes: [`create`], [`update`] and [`delete`], and the lines, steps and nutrition
//! they store with a recipe.
use super::*;

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
        delete_lines_and_steps(db, recipe_id).await?;
    }
    insert_lines(db, recipe_id, &checked.lines).await?;
    if !checked.steps.is_empty() {
        insert_steps(db, recipe_id, &checked.steps).await?;
    }
    upsert_nutrition(db, recipe_id, nutrition).await
}

/// Removes the ingredient lines and steps [`update`] replaces (nutrition is upserted).
async fn delete_lines_and_steps<C: ConnectionTrait>(db: &C, recipe_id: Uuid) -> Result<()> {
    recipe_ingredients::Entity::delete_many()
        .filter(recipe_ingredients::Column::RecipeId.eq(recipe_id))
        .exec(db)
        .await?;
    recipe_steps::Entity::delete_many()
        .filter(recipe_steps::Column::RecipeId.eq(recipe_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The checked ingredient lines, positioned from 1 in the order given, in one statement.
async fn insert_lines<C: ConnectionTrait>(
    db: &C,
    recipe_id: Uuid,
    lines: &[CheckedLine],
) -> Result<()> {
    let rows = lines
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
    recipe_ingredients::Entity::insert_many(rows)
        .exec(db)
        .await
        .map_err(Error::writing(RECIPE_INGREDIENTS))?;
    Ok(())
}

/// The checked steps (at least one), numbered from 1 in the order given, in one statement.
async fn insert_steps<C: ConnectionTrait>(
    db: &C,
    recipe_id: Uuid,
    steps: &[(String, Option<i32>)],
) -> Result<()> {
    let rows = steps
        .iter()
        .enumerate()
        .map(|(i, (instruction, duration))| recipe_steps::ActiveModel {
            id: Set(Uuid::new_v4()),
            recipe_id: Set(recipe_id),
            step_number: Set(i as i32 + 1),
            instruction: Set(instruction.clone()),
            duration_minutes: Set(*duration),
        });
    recipe_steps::Entity::insert_many(rows)
        .exec(db)
        .await
        .map_err(Error::writing(RECIPE_STEPS))?;
    Ok(())
}

/// Stores the recipe's nutrition per serving, replacing the row a previous write left.
async fn upsert_nutrition<C: ConnectionTrait>(
    db: &C,
    recipe_id: Uuid,
    nutrition: &Nutrition,
) -> Result<()> {
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
