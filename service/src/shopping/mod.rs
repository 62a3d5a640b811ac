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
//!
//! Lists made from a plan are in [`from_plan`], lists and lines by hand in [`items`], prices in
//! [`pricing`]; the statements that stay raw SQL in `sql`.
use crate::Actor;
use catalog::Subject;
use entity::types::IngredientCategory;
use entity::{ingredients, shopping_items, shopping_lists};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect,
};
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

use crate::idempotent::Once;
use crate::owned;
use crate::{Error, Result};

pub mod from_plan;
pub mod items;
pub mod pricing;
mod sql;

pub use crate::inventory::canonical;
pub use from_plan::{ListFromPlan, create_shopping_list_from_plan};
pub use items::{
    ItemWhat, NewShoppingItem, NewShoppingList, Stock, check_shopping_item, create_shopping_item,
    create_shopping_list, delete_shopping_list, get_shopping_list, list_shopping_lists,
};
pub use pricing::{NewPrice, get_latest_price, record_price};
pub use sql::latest_prices_sql;

const LIST_NOT_FOUND: Error = Error::NotFound {
    what: Subject::ShoppingList,
};
const ITEM_NOT_FOUND: Error = Error::NotFound {
    what: Subject::ShoppingItem,
};

/// The category of a free-text line, and of an ingredient without one.
pub const OTHER_CATEGORY: &str = "other";

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

/// A line as [`load_list`] reads it: the item, and its ingredient's name and category (none
/// for a free-text line).
#[derive(FromQueryResult)]
struct LineRow {
    #[sea_orm(nested)]
    item: shopping_items::Model,
    ingredient_name: Option<String>,
    ingredient_category: Option<IngredientCategory>,
}

/// A list of the acting user's with its lines, in one query.
async fn load_list<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    list: shopping_lists::Model,
) -> Result<ShoppingList> {
    let rows = shopping_items::Entity::find()
        .left_join(ingredients::Entity)
        .column_as(ingredients::Column::Name, "ingredient_name")
        .column_as(ingredients::Column::Category, "ingredient_category")
        .filter(shopping_items::Column::ShoppingListId.eq(list.id))
        .filter(shopping_items::Column::UserId.eq(actor))
        .into_model::<LineRow>()
        .all(db)
        .await?;
    let lines = rows
        .into_iter()
        .map(|row| {
            let label = row
                .ingredient_name
                .or_else(|| row.item.name.clone())
                .unwrap_or_default();
            let category = row
                .ingredient_category
                .map_or_else(|| OTHER_CATEGORY.to_owned(), |c| c.to_value());
            (
                category,
                ShoppingLine {
                    item: row.item,
                    label,
                },
            )
        })
        .collect();
    Ok(ShoppingList::new(list, lines))
}
