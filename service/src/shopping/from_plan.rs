//! A shopping list made from a meal plan: what its recipes need, less what the pantry holds,
//! priced from each ingredient's latest price (see the module's docs).
use crate::{Actor, Conn};
use chrono::NaiveDate;
use entity::types::{Numeric, Timestamp, Unit};
use entity::{
    ingredients, meal_plans, planned_meals, recipe_ingredients, recipes, shopping_items,
    shopping_lists,
};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult,
    IntoActiveModel, JoinType, QueryFilter, QuerySelect, RelationTrait,
};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

use super::sql::{self, PriceRow};
use super::{ShoppingLine, ShoppingList, list_once, load_list, same_list};
use crate::idempotent::Claim;
use crate::input::Limited;
use crate::input::dates;
use crate::inventory::canonical;
use crate::planning::plan_of;
use crate::{Error, Result, acting};
use catalog::limits;

/// What [`create_shopping_list_from_plan`] needs besides the plan.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ListFromPlan {
    /// The list's name; `None`: named after the plan.
    #[serde(default)]
    pub name: Option<String>,
    /// Pantry items past their best-before date before this day do not count.
    pub today: NaiveDate,
    /// The list's id, chosen by the client so the call can be repeated safely.
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// What one ingredient needs, in its one unit.
struct Need {
    name: String,
    category: String,
    grams_per_ml: Option<Decimal>,
    grams_per_piece: Option<Decimal>,
    quantity: Decimal,
}

/// What the plan needs, by ingredient and the unit the list counts it in.
type Needs = HashMap<(Uuid, Unit), Need>;

const TOO_LARGE: &str = "the plan needs more than a list can hold";

fn too_large() -> Error {
    Error::invalid("meal_plan_id", TOO_LARGE)
}

/// Makes a shopping list from one of the acting user's plans (see the module's docs). Pantry
/// items past their best-before date (before `today`) do not count. The list is named `name`,
/// or after the plan. Six statements whatever the size of the plan (on SQLite one more names the acting
/// user).
///
/// `id` is the list's id, chosen by the client so the call can be repeated safely (`None`: the
/// service makes one). Repeated with the same id, the same plan and the same `name` (when one
/// is given), it returns the stored list with its lines as they are now and writes nothing: the
/// lines are what the plan, the pantry and the prices gave then, not an input of the call.
///
/// # Errors
/// [`Error::NotFound`] (`meal plan`); [`Error::Validation`] (`name`; `today` outside
/// [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`]; or `meal_plan_id` when a quantity grows
/// past what a list holds);
/// [`Error::Conflict`] (`shopping list id`) when `id` holds another list, or another user's.
#[crate::traced("shopping::create_shopping_list_from_plan")]
pub async fn create_shopping_list_from_plan(
    db: &impl Conn,
    actor: Actor,
    plan_id: Uuid,
    new: ListFromPlan,
) -> Result<ShoppingList> {
    let ListFromPlan { name, today, id } = new;
    let name = name.as_deref();
    dates::check_date("today", today)?;
    if let Some(name) = name {
        limits::planning::NAME.check("name", name)?;
    }
    let txn = acting::write(db, Some(actor)).await?;
    let plan = plan_of(&txn, actor, plan_id).await?;
    let mut needs = plan_needs(&txn, actor, plan_id).await?;
    subtract_pantry(&txn, actor, plan_id, today, &mut needs).await?;
    let prices: HashMap<Uuid, PriceRow> = sql::prices_of_plan(&txn, actor, plan_id)
        .await?
        .into_iter()
        .map(|price| (price.ingredient_id, price))
        .collect();

    let once = list_once(id);
    let list = list_for(actor, once.id, &plan, name);
    let active = list.clone().into_active_model().reset_all();
    let list = match once.insert(&txn, actor, active, Error::from).await? {
        Claim::New(list) => list,
        Claim::Stored(stored) => {
            // The list's lines are not compared: the plan, pantry and prices made them, and the
            // user may have checked some off since.
            let same = same_list(&stored, &list, name.is_some());
            let stored = load_list(&txn, actor, stored).await?;
            return once.repeat(txn, stored, same).await;
        }
    };
    let lines = lines_of(actor, &list, needs, &prices)?;
    if !lines.is_empty() {
        shopping_items::Entity::insert_many(
            lines
                .iter()
                .map(|(_, line)| line.item.clone().into_active_model().reset_all()),
        )
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(ShoppingList::new(list, lines))
}

/// The list a plan makes: named `name`, or after the plan.
fn list_for(
    actor: Actor,
    id: Uuid,
    plan: &meal_plans::Model,
    name: Option<&str>,
) -> shopping_lists::Model {
    let now = Timestamp::now();
    let name = match name {
        Some(name) => name.trim().to_owned(),
        None => format!("Shopping for {}", plan.name)
            .chars()
            .take(100)
            .collect(),
    };
    shopping_lists::Model {
        id,
        user_id: actor.id(),
        name,
        meal_plan_id: Some(plan.id),
        created_at: now,
        updated_at: now,
    }
}

/// An ingredient line of a planned recipe, with what converting it needs.
#[derive(FromQueryResult)]
struct PlannedIngredient {
    ingredient_id: Uuid,
    name: String,
    category: entity::types::IngredientCategory,
    grams_per_ml: Option<Numeric<5, 3>>,
    grams_per_piece: Option<Numeric<7, 2>>,
    quantity: Numeric<10, 3>,
    unit: Unit,
    servings: Numeric<6, 2>,
    recipe_servings: i32,
}

/// Every ingredient of every planned meal (of a recipe the actor may see), scaled by the
/// planned servings and summed in the ingredient's one unit ([`canonical`]). One statement.
async fn plan_needs<C: ConnectionTrait>(db: &C, actor: Actor, plan_id: Uuid) -> Result<Needs> {
    let rows = planned_meals::Entity::find()
        .select_only()
        .column_as(recipe_ingredients::Column::IngredientId, "ingredient_id")
        .column_as(ingredients::Column::Name, "name")
        .column_as(ingredients::Column::Category, "category")
        .column_as(ingredients::Column::GramsPerMl, "grams_per_ml")
        .column_as(ingredients::Column::GramsPerPiece, "grams_per_piece")
        .column_as(recipe_ingredients::Column::Quantity, "quantity")
        .column_as(recipe_ingredients::Column::Unit, "unit")
        .column_as(planned_meals::Column::Servings, "servings")
        .column_as(recipes::Column::Servings, "recipe_servings")
        .inner_join(recipes::Entity)
        .join(
            JoinType::InnerJoin,
            recipe_ingredients::Relation::Recipes.def().rev(),
        )
        .join(
            JoinType::InnerJoin,
            recipe_ingredients::Relation::Ingredients.def(),
        )
        .filter(planned_meals::Column::MealPlanId.eq(plan_id))
        .filter(planned_meals::Column::UserId.eq(actor))
        .filter(crate::recipes::visible_to(actor.id()))
        .into_model::<PlannedIngredient>()
        .all(db)
        .await?;
    let mut needs = Needs::new();
    for row in rows {
        let grams_per_ml = row.grams_per_ml.map(Numeric::value);
        let grams_per_piece = row.grams_per_piece.map(Numeric::value);
        let scaled = row
            .quantity
            .value()
            .checked_mul(row.servings.value())
            .and_then(|q| q.checked_div(Decimal::from(row.recipe_servings.max(1))))
            .ok_or_else(too_large)?;
        let (quantity, unit) =
            canonical(scaled, row.unit, grams_per_ml, grams_per_piece).ok_or_else(too_large)?;
        let need = needs
            .entry((row.ingredient_id, unit))
            .or_insert_with(|| Need {
                name: row.name,
                category: row.category.to_value(),
                grams_per_ml,
                grams_per_piece,
                quantity: Decimal::ZERO,
            });
        need.quantity = need.quantity.checked_add(quantity).ok_or_else(too_large)?;
    }
    Ok(needs)
}

/// Takes off each need what the pantry holds of it (still good on `today`), converted the same
/// way. One statement.
async fn subtract_pantry<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    plan_id: Uuid,
    today: NaiveDate,
    needs: &mut Needs,
) -> Result<()> {
    for row in sql::pantry_of_plan(db, actor, plan_id, today).await? {
        let held = row.quantity.value();
        // The pantry's quantity in each unit the list counts this ingredient in.
        for ((id, list_unit), need) in needs.iter_mut() {
            if *id != row.ingredient_id {
                continue;
            }
            if let Some((have, have_unit)) =
                canonical(held, row.unit, need.grams_per_ml, need.grams_per_piece)
                && have_unit == *list_unit
            {
                need.quantity -= have;
            }
        }
    }
    Ok(())
}

/// The list's lines: each need the pantry does not cover, rounded up, with its estimate.
fn lines_of(
    actor: Actor,
    list: &shopping_lists::Model,
    needs: Needs,
    prices: &HashMap<Uuid, PriceRow>,
) -> Result<Vec<(String, ShoppingLine)>> {
    let mut lines = Vec::new();
    for ((ingredient, unit), need) in needs {
        if need.quantity <= Decimal::ZERO {
            continue; // the pantry covers it
        }
        let quantity =
            Numeric::<12, 3>::new(round_up_quantity(need.quantity)).map_err(|_| too_large())?;
        let estimated_price = prices
            .get(&ingredient)
            .and_then(|price| estimate(quantity.value(), unit, &need, price))
            .map(|cost| Numeric::<10, 2>::new(cost).map_err(|_| too_large()))
            .transpose()?;
        let item = shopping_items::Model {
            id: Uuid::new_v4(),
            user_id: actor.id(),
            shopping_list_id: list.id,
            ingredient_id: Some(ingredient),
            name: None,
            quantity,
            unit,
            is_checked: false,
            estimated_price,
            created_at: list.created_at,
            updated_at: list.created_at,
        };
        let label = need.name;
        lines.push((need.category, ShoppingLine { item, label }));
    }
    Ok(lines)
}

/// Rounds a quantity up to the list's three decimals: a list never asks for less than needed.
fn round_up_quantity(quantity: Decimal) -> Decimal {
    let mut q = quantity.round_dp_with_strategy(3, RoundingStrategy::AwayFromZero);
    q.rescale(3);
    q
}

/// The estimate of `quantity` (in `unit`) at `price`, to the cent (half away from zero), or
/// `None` when the price's unit does not convert to the line's.
fn estimate(quantity: Decimal, unit: Unit, need: &Need, price: &PriceRow) -> Option<Decimal> {
    let (per, per_unit) = canonical(
        price.quantity.value(),
        price.unit,
        need.grams_per_ml,
        need.grams_per_piece,
    )?;
    if per_unit != unit || per.is_zero() {
        return None;
    }
    let mut cost = quantity
        .checked_mul(price.price.value())?
        .checked_div(per)?
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    cost.rescale(2);
    Some(cost)
}
