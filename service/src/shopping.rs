//! Shopping lists, made from a meal plan or by hand, and the price history of ingredients.
//!
//! A list made from a plan holds every ingredient of every planned recipe, scaled by the
//! planned servings, in one unit per ingredient ([`canonical`]), summed, less what the pantry
//! holds in the same unit; an ingredient the pantry covers is left out. Each line gets a price
//! estimate from the ingredient's latest price, or none when it has no price (never zero).
//! The work is a fixed number of statements, whatever the size of the plan.
//!
//! ```no_run
//! # async fn shop(db: &service::Db, me: service::Actor, week: uuid::Uuid) -> service::Result<()> {
//! let today = chrono::Utc::now().date_naive();
//! let new = service::shopping::ListFromPlan { name: None, today, id: None };
//! let list = service::shopping::create_shopping_list_from_plan(db, me, week, new).await?;
//! for group in &list.groups {
//!     println!("{}", group.category);
//!     for line in &group.lines {
//!         println!("  {} {} {:?}: {:?}", line.label, line.item.quantity, line.item.unit, line.item.estimated_price);
//!     }
//! }
//! # Ok(())
//! # }
//! ```
use crate::{Actor, Conn};
use catalog::Subject;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use entity::types::{Numeric, StorageLocation, Timestamp, Unit, UnitKind};
use entity::{ingredient_prices, inventory_items, shopping_items, shopping_lists};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult,
    IntoActiveModel, QueryFilter, QueryOrder, QueryResult, Set,
};
use uuid::Uuid;

use crate::idempotent::{Claim, Once};
use crate::input::{Limited, dates};
use crate::owned;
use crate::planning::{plan_of, sql};
use crate::{Error, Result, accounts, acting};
use catalog::limits;

const LIST_NOT_FOUND: Error = Error::NotFound {
    what: Subject::ShoppingList,
};
const ITEM_NOT_FOUND: Error = Error::NotFound {
    what: Subject::ShoppingItem,
};

/// The category of a free-text line, and of an ingredient without one.
pub const OTHER_CATEGORY: &str = "other";

/// A quantity in the one unit an ingredient is counted in on a list: grams whenever the
/// quantity converts to grams (any mass; a volume when the ingredient has `grams_per_ml`; a
/// count when it has `grams_per_piece`), else millilitres for a volume and pieces for a count.
/// Exact (`Decimal`); `None` only for a quantity too large to convert.
pub fn canonical(
    quantity: Decimal,
    unit: Unit,
    grams_per_ml: Option<Decimal>,
    grams_per_piece: Option<Decimal>,
) -> Option<(Decimal, Unit)> {
    if let Some(grams) = unit.to_grams(quantity, grams_per_ml, grams_per_piece) {
        return Some((grams, Unit::G));
    }
    match unit.kind() {
        // A gram per millilitre makes the conversion count millilitres; one gram per piece,
        // pieces.
        UnitKind::Volume => Some((unit.to_grams(quantity, Some(Decimal::ONE), None)?, Unit::Ml)),
        UnitKind::Count => Some((
            unit.to_grams(quantity, None, Some(Decimal::ONE))?,
            Unit::Piece,
        )),
        UnitKind::Mass => None,
    }
}

/// What a line of a list is, for reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShoppingLine {
    pub item: shopping_items::Model,
    /// The ingredient's name, or the free-text item.
    pub label: String,
}

/// The lines of one ingredient category (`ingredients.category`; free-text lines are
/// [`OTHER_CATEGORY`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryGroup {
    pub category: String,
    pub lines: Vec<ShoppingLine>,
}

/// A shopping list with its lines grouped by category (categories and lines by name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShoppingList {
    pub list: shopping_lists::Model,
    pub groups: Vec<CategoryGroup>,
    /// The sum of the lines' estimates that have one.
    pub estimated_total: Decimal,
    /// How many lines have no estimate (no price known, or a price in a unit that does not
    /// convert).
    pub lines_without_price: usize,
}

impl ShoppingList {
    fn new(list: shopping_lists::Model, lines: Vec<(String, ShoppingLine)>) -> Self {
        let mut by_category: BTreeMap<String, Vec<ShoppingLine>> = BTreeMap::new();
        let mut estimated_total = Decimal::new(0, 2);
        let mut lines_without_price = 0;
        for (category, line) in lines {
            match line.item.estimated_price {
                Some(price) => estimated_total += price.value(),
                None => lines_without_price += 1,
            }
            by_category.entry(category).or_default().push(line);
        }
        let groups = by_category
            .into_iter()
            .map(|(category, mut lines)| {
                lines.sort_by(|a, b| {
                    (&a.label, a.item.unit.to_value()).cmp(&(&b.label, b.item.unit.to_value()))
                });
                CategoryGroup { category, lines }
            })
            .collect();
        Self {
            list,
            groups,
            estimated_total,
            lines_without_price,
        }
    }

    /// Every line, category by category.
    pub fn lines(&self) -> impl Iterator<Item = &ShoppingLine> {
        self.groups.iter().flat_map(|g| g.lines.iter())
    }
}

fn unit_of(text: &str, field: &'static str) -> Result<Unit> {
    Unit::try_from_value(&text.to_owned()).map_err(|_| Error::invalid(field, "is not a known unit"))
}

fn decimal(row: &QueryResult, column: &str, scale: u32) -> Result<Decimal> {
    let value: Decimal = row.try_get("", column)?;
    // SQLite reads a REAL through f64: bring it back to the column's scale.
    Ok(value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero))
}

fn optional_decimal(row: &QueryResult, column: &str, scale: u32) -> Result<Option<Decimal>> {
    let value: Option<Decimal> = row.try_get("", column)?;
    Ok(value.map(|v| v.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero)))
}

/// What one ingredient needs, in its one unit.
struct Need {
    name: String,
    category: String,
    grams_per_ml: Option<Decimal>,
    grams_per_piece: Option<Decimal>,
    quantity: Decimal,
}

/// The latest price of an ingredient.
struct Price {
    price: Decimal,
    quantity: Decimal,
    unit: Unit,
}

const TOO_LARGE: &str = "the plan needs more than a list can hold";

/// The ingredients of the plan's recipes, for the `IN` lists of the pantry and price lookups.
const PLAN_INGREDIENTS: &str = "SELECT ri.ingredient_id FROM planned_meals pm \
     JOIN recipes r ON r.id = pm.recipe_id JOIN recipe_ingredients ri ON ri.recipe_id = r.id \
     WHERE pm.meal_plan_id = $1 AND pm.user_id = $2 AND (r.user_id = $2 OR r.is_public)";

/// The latest price of each ingredient in `ingredients` (a subquery or list): the first entry
/// of `idx_ingredient_prices_latest` for each (ties on `observed_at` go to the larger id, the
/// same on both backends).
pub fn latest_prices_sql(ingredients: &str) -> String {
    format!(
        "SELECT p.ingredient_id, p.price, p.quantity, p.unit FROM ingredient_prices p \
         WHERE p.ingredient_id IN ({ingredients}) AND p.id = (\
         SELECT q.id FROM ingredient_prices q WHERE q.ingredient_id = p.ingredient_id \
         ORDER BY q.observed_at DESC, q.id DESC LIMIT 1)"
    )
}

/// Rounds a quantity up to the list's three decimals: a list never asks for less than needed.
fn round_up_quantity(quantity: Decimal) -> Decimal {
    let mut q = quantity.round_dp_with_strategy(3, RoundingStrategy::AwayFromZero);
    q.rescale(3);
    q
}

/// The estimate of `quantity` (in `unit`) at `price`, to the cent (half away from zero), or
/// `None` when the price's unit does not convert to the line's.
fn estimate(quantity: Decimal, unit: Unit, need: &Need, price: &Price) -> Option<Decimal> {
    let (per, per_unit) = canonical(
        price.quantity,
        price.unit,
        need.grams_per_ml,
        need.grams_per_piece,
    )?;
    if per_unit != unit || per.is_zero() {
        return None;
    }
    let mut cost = quantity
        .checked_mul(price.price)?
        .checked_div(per)?
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    cost.rescale(2);
    Some(cost)
}

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
    let params = || vec![plan_id.into(), actor.into()];

    // 1. Every ingredient of every planned meal, with what converting it needs.
    let rows = txn
        .query_all_raw(sql(
            &txn,
            "SELECT ri.ingredient_id, i.name, i.category, i.grams_per_ml, i.grams_per_piece, \
             ri.quantity, ri.unit, pm.servings, r.servings AS recipe_servings \
             FROM planned_meals pm JOIN recipes r ON r.id = pm.recipe_id \
             JOIN recipe_ingredients ri ON ri.recipe_id = r.id \
             JOIN ingredients i ON i.id = ri.ingredient_id \
             WHERE pm.meal_plan_id = $1 AND pm.user_id = $2 AND (r.user_id = $2 OR r.is_public)",
            params(),
        ))
        .await?;
    let mut needs: HashMap<(Uuid, Unit), Need> = HashMap::new();
    for row in &rows {
        let ingredient: Uuid = row.try_get("", "ingredient_id")?;
        let grams_per_ml = optional_decimal(row, "grams_per_ml", 3)?;
        let grams_per_piece = optional_decimal(row, "grams_per_piece", 2)?;
        let unit = unit_of(&row.try_get::<String>("", "unit")?, "unit")?;
        let per_recipe = decimal(row, "quantity", 3)?;
        let servings = decimal(row, "servings", 2)?;
        let recipe_servings: i32 = row.try_get("", "recipe_servings")?;
        let scaled = per_recipe
            .checked_mul(servings)
            .and_then(|q| q.checked_div(Decimal::from(recipe_servings.max(1))))
            .ok_or_else(|| Error::invalid("meal_plan_id", TOO_LARGE))?;
        let (quantity, unit) = canonical(scaled, unit, grams_per_ml, grams_per_piece)
            .ok_or_else(|| Error::invalid("meal_plan_id", TOO_LARGE))?;
        let need = needs.entry((ingredient, unit)).or_insert_with(|| Need {
            name: String::new(),
            category: String::new(),
            grams_per_ml,
            grams_per_piece,
            quantity: Decimal::ZERO,
        });
        need.name = row.try_get("", "name")?;
        need.category = row
            .try_get::<Option<String>>("", "category")?
            .unwrap_or_else(|| OTHER_CATEGORY.to_owned());
        need.quantity = need
            .quantity
            .checked_add(quantity)
            .ok_or_else(|| Error::invalid("meal_plan_id", TOO_LARGE))?;
    }

    // 2. What the pantry holds of them, converted the same way.
    let pantry = txn
        .query_all_raw(sql(
            &txn,
            &format!(
                "SELECT ii.ingredient_id, ii.quantity, ii.unit FROM inventory_items ii \
                 WHERE ii.user_id = $2 AND (ii.best_before IS NULL OR ii.best_before >= $3) \
                 AND ii.ingredient_id IN ({PLAN_INGREDIENTS})"
            ),
            vec![plan_id.into(), actor.into(), today.into()],
        ))
        .await?;
    for row in &pantry {
        let ingredient: Uuid = row.try_get("", "ingredient_id")?;
        let unit = unit_of(&row.try_get::<String>("", "unit")?, "unit")?;
        let held = decimal(row, "quantity", 3)?;
        // The pantry's quantity in each unit the list counts this ingredient in.
        for ((id, list_unit), need) in needs.iter_mut() {
            if *id != ingredient {
                continue;
            }
            if let Some((have, have_unit)) =
                canonical(held, unit, need.grams_per_ml, need.grams_per_piece)
                && have_unit == *list_unit
            {
                need.quantity -= have;
            }
        }
    }

    // 3. The latest price of each.
    let price_rows = txn
        .query_all_raw(sql(&txn, &latest_prices_sql(PLAN_INGREDIENTS), params()))
        .await?;
    let mut prices: HashMap<Uuid, Price> = HashMap::new();
    for row in &price_rows {
        prices.insert(
            row.try_get("", "ingredient_id")?,
            Price {
                price: decimal(row, "price", 2)?,
                quantity: decimal(row, "quantity", 3)?,
                unit: unit_of(&row.try_get::<String>("", "unit")?, "unit")?,
            },
        );
    }

    // 4. The list and its lines.
    let now = Timestamp::now();
    let list_name = match name {
        Some(name) => name.trim().to_owned(),
        None => format!("Shopping for {}", plan.name)
            .chars()
            .take(100)
            .collect(),
    };
    let once = list_once(id);
    let list = shopping_lists::Model {
        id: once.id,
        user_id: actor.id(),
        name: list_name,
        meal_plan_id: Some(plan.id),
        created_at: now,
        updated_at: now,
    };
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
    let mut lines = Vec::new();
    for ((ingredient, unit), need) in needs {
        if need.quantity <= Decimal::ZERO {
            continue; // the pantry covers it
        }
        let quantity = Numeric::<12, 3>::new(round_up_quantity(need.quantity))
            .map_err(|_| Error::invalid("meal_plan_id", TOO_LARGE))?;
        let estimated_price = match prices.get(&ingredient) {
            Some(price) => match estimate(quantity.value(), unit, &need, price) {
                Some(cost) => Some(
                    Numeric::<10, 2>::new(cost)
                        .map_err(|_| Error::invalid("meal_plan_id", TOO_LARGE))?,
                ),
                None => None,
            },
            None => None,
        };
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
            created_at: now,
            updated_at: now,
        };
        lines.push((
            need.category,
            ShoppingLine {
                item,
                label: need.name,
            },
        ));
    }
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

fn list_once(id: Option<Uuid>) -> Once<shopping_lists::Entity> {
    Once::new(
        id,
        (shopping_lists::Column::Id, shopping_lists::Column::UserId),
        Subject::ShoppingListId,
    )
}

/// Whether a stored list is what a call creating it would store now: the plan it came from,
/// and the name when the call names it (a list named after its plan keeps the plan's name of
/// then).
fn same_list(
    stored: &shopping_lists::Model,
    candidate: &shopping_lists::Model,
    named: bool,
) -> bool {
    stored.meal_plan_id == candidate.meal_plan_id && (!named || stored.name == candidate.name)
}

/// Whether a stored line is what [`create_shopping_item`] would store now: its list, what it is, quantity
/// and unit (whether it is checked off, and its estimate, are the list's own since).
fn same_item(stored: &shopping_items::Model, candidate: &shopping_items::Model) -> bool {
    shopping_items::Model {
        id: stored.id,
        is_checked: stored.is_checked,
        estimated_price: stored.estimated_price,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        ..candidate.clone()
    } == *stored
}

async fn list_of<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    list_id: Uuid,
) -> Result<shopping_lists::Model> {
    owned::find_own::<shopping_lists::Entity, _>(
        db,
        actor,
        list_id,
        (shopping_lists::Column::Id, shopping_lists::Column::UserId),
        LIST_NOT_FOUND,
    )
    .await
}

async fn item_of<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    item_id: Uuid,
) -> Result<shopping_items::Model> {
    owned::find_own::<shopping_items::Entity, _>(
        db,
        actor,
        item_id,
        (shopping_items::Column::Id, shopping_items::Column::UserId),
        ITEM_NOT_FOUND,
    )
    .await
}

/// An empty list to fill by hand ([`create_shopping_list`]).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewShoppingList {
    pub name: String,
    /// The list's id, chosen by the client so the call can be repeated safely.
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// Creates an empty list, to fill by hand.
///
/// `id` is the list's id, chosen by the client so the call can be repeated safely (`None`: the
/// service makes one): repeated with the same id and name, it returns the stored list and
/// writes nothing.
///
/// # Errors
/// [`Error::Validation`] (`name`); [`Error::NotFound`] (`user`); [`Error::Conflict`]
/// (`shopping list id`) when `id` holds another list, or another user's.
#[crate::traced("shopping::create_shopping_list")]
pub async fn create_shopping_list(
    db: &impl Conn,
    actor: Actor,
    new: NewShoppingList,
) -> Result<shopping_lists::Model> {
    let NewShoppingList { name, id } = new;
    limits::planning::NAME.check("name", &name)?;
    let once = list_once(id);
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let now = Timestamp::now();
    let list = shopping_lists::Model {
        id: once.id,
        user_id: actor.id(),
        name: name.trim().to_owned(),
        meal_plan_id: None,
        created_at: now,
        updated_at: now,
    };
    let active = list.clone().into_active_model().reset_all();
    let list = match once.insert(&txn, actor, active, Error::from).await? {
        Claim::New(list) => list,
        Claim::Stored(stored) => {
            let same = same_list(&stored, &list, true);
            return once.repeat(txn, stored, same).await;
        }
    };
    txn.commit().await?;
    Ok(list)
}

/// The acting user's lists, newest first (without their lines).
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("shopping::list_shopping_lists")]
pub async fn list_shopping_lists(
    db: &impl Conn,
    actor: Actor,
) -> Result<Vec<shopping_lists::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let lists = shopping_lists::Entity::find()
        .filter(shopping_lists::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(shopping_lists::Column::UserId))
        .order_by_desc(shopping_lists::Column::CreatedAt)
        .order_by_asc(shopping_lists::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(lists)
}

/// One of the acting user's lists with its lines, grouped by category. Two queries.
///
/// # Errors
/// [`Error::NotFound`] (`shopping list`).
#[crate::traced("shopping::get_shopping_list")]
pub async fn get_shopping_list(
    db: &impl Conn,
    actor: Actor,
    list_id: Uuid,
) -> Result<ShoppingList> {
    let txn = acting::read(db, Some(actor)).await?;
    let list = list_of(&txn, actor, list_id).await?;
    let list = load_list(&txn, actor, list).await?;
    txn.commit().await?;
    Ok(list)
}

/// A list of the acting user's with its lines, in one query.
async fn load_list<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    list: shopping_lists::Model,
) -> Result<ShoppingList> {
    let rows = db
        .query_all_raw(sql(
            db,
            "SELECT s.*, i.name AS ingredient_name, i.category AS ingredient_category \
             FROM shopping_items s LEFT JOIN ingredients i ON i.id = s.ingredient_id \
             WHERE s.shopping_list_id = $1 AND s.user_id = $2",
            vec![list.id.into(), actor.into()],
        ))
        .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        let item = shopping_items::Model::from_query_result(row, "")?;
        let name: Option<String> = row.try_get("", "ingredient_name")?;
        let category: Option<String> = row.try_get("", "ingredient_category")?;
        let label = name.or_else(|| item.name.clone()).unwrap_or_default();
        lines.push((
            category.unwrap_or_else(|| OTHER_CATEGORY.to_owned()),
            ShoppingLine { item, label },
        ));
    }
    Ok(ShoppingList::new(list, lines))
}

/// A line to add to a list by hand: an ingredient of the catalogue, or a free-text item.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemWhat {
    Ingredient(Uuid),
    FreeText(String),
}

/// A line added by hand to a list ([`create_shopping_item`]).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewShoppingItem {
    pub what: ItemWhat,
    pub quantity: Numeric<12, 3>,
    pub unit: Unit,
    /// The line's id, chosen by the client so the call can be repeated safely.
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// Adds a line to one of the acting user's lists. No price estimate: the user knows best.
///
/// `id` is the line's id, chosen by the client so the call can be repeated safely (`None`: the
/// service makes one): repeated with the same id and the same content, it returns the stored
/// line and writes nothing.
///
/// # Errors
/// [`Error::Validation`] (`name`, `quantity`); [`Error::NotFound`] (`shopping list`,
/// `ingredient`); [`Error::Conflict`] (`shopping item`) for an ingredient already on the list
/// in that unit, (`shopping item id`) when `id` holds another line, or another user's.
#[crate::traced("shopping::create_shopping_item")]
pub async fn create_shopping_item(
    db: &impl Conn,
    actor: Actor,
    list_id: Uuid,
    new: NewShoppingItem,
) -> Result<shopping_items::Model> {
    let NewShoppingItem {
        what,
        quantity,
        unit,
        id,
    } = new;
    if quantity.value() <= Decimal::ZERO {
        return Err(Error::invalid("quantity", "must be more than zero"));
    }
    let (ingredient_id, name) = match what {
        ItemWhat::Ingredient(id) => (Some(id), None),
        ItemWhat::FreeText(text) => {
            limits::planning::ITEM_NAME.check("name", &text)?;
            (None, Some(text.trim().to_owned()))
        }
    };
    let once = Once::<shopping_items::Entity>::new(
        id,
        (shopping_items::Column::Id, shopping_items::Column::UserId),
        Subject::ShoppingItemId,
    );
    let txn = acting::write(db, Some(actor)).await?;
    list_of(&txn, actor, list_id).await?;
    let now = Timestamp::now();
    let item = shopping_items::Model {
        id: once.id,
        user_id: actor.id(),
        shopping_list_id: list_id,
        ingredient_id,
        name,
        quantity,
        unit,
        is_checked: false,
        estimated_price: None,
        created_at: now,
        updated_at: now,
    };
    let active = item.clone().into_active_model().reset_all();
    let refused = |e| match crate::violation(&e) {
        Some(crate::Violation::ForeignKey) => Error::missing("what", Subject::Ingredient),
        _ => Error::from(e),
    };
    let row = match once.insert(&txn, actor, active, refused).await? {
        Claim::New(row) => row,
        Claim::Stored(stored) => {
            let same = same_item(&stored, &item);
            return once.repeat(txn, stored, same).await;
        }
    };
    txn.commit().await?;
    Ok(row)
}

/// Where a checked-off line goes in the pantry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Stock {
    pub location: StorageLocation,
    pub best_before: Option<NaiveDate>,
}

/// Checks a line off (or back on). Checking off with `stock` also puts its quantity in the
/// acting user's pantry, in the same transaction.
///
/// # Errors
/// [`Error::NotFound`] (`shopping item`); [`Error::Validation`] (`stock.best_before` outside
/// [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`]; `stock` to stock a free-text line,
/// which names no ingredient).
#[crate::traced("shopping::check_shopping_item")]
pub async fn check_shopping_item(
    db: &impl Conn,
    actor: Actor,
    item_id: Uuid,
    checked: bool,
    stock: Option<Stock>,
) -> Result<shopping_items::Model> {
    dates::check_optional_date("stock.best_before", stock.and_then(|s| s.best_before))?;
    let txn = acting::write(db, Some(actor)).await?;
    let stored = item_of(&txn, actor, item_id).await?;
    if let Some(stock) = stock.filter(|_| checked && !stored.is_checked) {
        let Some(ingredient_id) = stored.ingredient_id else {
            return Err(Error::invalid(
                "stock",
                "a free-text item names no ingredient to stock",
            ));
        };
        let now = Timestamp::now();
        inventory_items::Model {
            id: Uuid::new_v4(),
            user_id: actor.id(),
            ingredient_id,
            quantity: stored.quantity,
            unit: stored.unit,
            location: stock.location,
            best_before: stock.best_before,
            created_at: now,
            updated_at: now,
        }
        .into_active_model()
        .reset_all()
        .insert(&txn)
        .await?;
    }
    let mut row = stored.into_active_model();
    row.is_checked = Set(checked);
    let row = row.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

/// Deletes one of the acting user's lists with its lines.
///
/// # Errors
/// [`Error::NotFound`] (`shopping list`).
#[crate::traced("shopping::delete_shopping_list")]
pub async fn delete_shopping_list(db: &impl Conn, actor: Actor, list_id: Uuid) -> Result<()> {
    owned::delete_own::<shopping_lists::Entity>(
        db,
        actor,
        list_id,
        (shopping_lists::Column::Id, shopping_lists::Column::UserId),
        LIST_NOT_FOUND,
    )
    .await
}

/// A price seen for an ingredient.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewPrice {
    pub ingredient_id: Uuid,
    #[serde(default)]
    pub store: Option<String>,
    pub price: Numeric<10, 2>,
    pub quantity: Numeric<10, 3>,
    pub unit: Unit,
    /// When it was seen (now when `None`).
    pub observed_at: Option<Timestamp>,
}

/// Records a price (shared data: every user's lists use it). `actor` is who reports it, for
/// the audit of the transaction.
///
/// # Errors
/// [`Error::Validation`] (`price` negative, `quantity` not above zero, `store`, `observed_at`
/// more than [`dates::MAX_AHEAD`] after now: the latest observation is the price every list
/// uses, and one dated ahead would stay the latest until then);
/// [`Error::NotFound`] (`ingredient`).
#[crate::traced("shopping::record_price")]
pub async fn record_price(
    db: &impl Conn,
    actor: Option<Actor>,
    new: NewPrice,
) -> Result<ingredient_prices::Model> {
    if new.price.value() < Decimal::ZERO {
        return Err(Error::invalid("price", "must not be negative"));
    }
    if new.quantity.value() <= Decimal::ZERO {
        return Err(Error::invalid("quantity", "must be more than zero"));
    }
    limits::planning::STORE.check_some("store", new.store.as_deref())?;
    let now = Timestamp::now();
    if let Some(at) = new.observed_at {
        dates::check_not_ahead("observed_at", at, now)?;
    }
    let txn = acting::write(db, actor).await?;
    let row = ingredient_prices::Model {
        id: Uuid::new_v4(),
        ingredient_id: new.ingredient_id,
        store: new.store.map(|s| s.trim().to_owned()),
        price: new.price,
        quantity: new.quantity,
        unit: new.unit,
        observed_at: new.observed_at.unwrap_or(now),
        created_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await
    .map_err(Error::writing(catalog::tables::INGREDIENT_PRICES))?;
    txn.commit().await?;
    Ok(row)
}

/// The latest price of an ingredient (the newest observation; `None` when it has none). One
/// query, served by `idx_ingredient_prices_latest`.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("shopping::get_latest_price")]
pub async fn get_latest_price(
    db: &impl Conn,
    ingredient_id: Uuid,
) -> Result<Option<ingredient_prices::Model>> {
    Ok(ingredient_prices::Entity::find()
        .filter(ingredient_prices::Column::IngredientId.eq(ingredient_id))
        .order_by_desc(ingredient_prices::Column::ObservedAt)
        .order_by_desc(ingredient_prices::Column::Id)
        .one(db)
        .await?)
}
