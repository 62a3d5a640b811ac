//! Lists and lines by hand: create, read, check off (into the pantry), delete.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use entity::types::{Numeric, StorageLocation, Timestamp, Unit};
use entity::{shopping_items, shopping_lists};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{LIST_NOT_FOUND, ShoppingList, item_of, list_of, list_once, load_list, same_list};
use crate::idempotent::{Claim, Once};
use crate::input::{Limited, dates};
use crate::inventory::{self, NewInventoryItem};
use crate::owned;
use crate::{Error, Result, accounts, acting};
use catalog::limits;

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
        let new = NewInventoryItem {
            id: None,
            ingredient_id,
            quantity: stored.quantity,
            unit: stored.unit,
            location: stock.location,
            best_before: stock.best_before,
        };
        inventory::stock(&txn, actor, new).await?;
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
