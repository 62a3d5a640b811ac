//! A user's pantry: what they have, where it is kept, until when it is good. Quantities never go
//! below zero; shopping lists made from a plan subtract what is here.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::{Days, NaiveDate};
use entity::types::{Numeric, StorageLocation, Timestamp, Unit, UnitKind};
use entity::{ingredients, inventory_items};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DerivePartialModel, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::idempotent::{Claim, Once};
use crate::input::dates;
use crate::owned;
use crate::{Error, OnField, Result, accounts, acting};

const NOT_FOUND: Error = Error::NotFound {
    what: Subject::InventoryItem,
};

/// Something put in the pantry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct NewInventoryItem {
    /// The item's id, chosen by the client so the call can be repeated safely (see
    /// [`create_inventory_item`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    pub ingredient_id: Uuid,
    pub quantity: Numeric<12, 3>,
    pub unit: Unit,
    pub location: StorageLocation,
    pub best_before: Option<NaiveDate>,
}

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

/// What converting a quantity of an ingredient between kinds of unit needs.
#[derive(DerivePartialModel)]
#[sea_orm(entity = "ingredients::Entity")]
struct Conversion {
    grams_per_ml: Option<Numeric<5, 3>>,
    grams_per_piece: Option<Numeric<7, 2>>,
}

/// Whether a stored pantry item is what [`create_inventory_item`] would store now: the
/// ingredient, quantity, unit, place and best-before date (an item used since differs).
fn same_item(stored: &inventory_items::Model, candidate: &inventory_items::Model) -> bool {
    inventory_items::Model {
        id: stored.id,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        ..candidate.clone()
    } == *stored
}

/// Puts an ingredient in the acting user's pantry. Repeated with the same `id` and the same
/// content, it returns the stored item and writes nothing.
///
/// # Errors
/// [`Error::Validation`] (`quantity` below zero, `best_before` outside
/// [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`]); [`Error::NotFound`] (`ingredient`,
/// `user`);
/// [`Error::Conflict`] (`inventory item id`) when `id` holds another item, or another user's.
#[crate::traced("inventory::create_inventory_item")]
pub async fn create_inventory_item(
    db: &impl Conn,
    actor: Actor,
    new: NewInventoryItem,
) -> Result<inventory_items::Model> {
    let once = Once::<inventory_items::Entity>::new(
        new.id,
        (inventory_items::Column::Id, inventory_items::Column::UserId),
        Subject::InventoryItemId,
    );
    let item = checked_item(actor, once.id, new)?;
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let active = item.clone().into_active_model().reset_all();
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

/// The pantry row `new` makes for `actor` under `id`, once its values pass the pantry's rules.
/// Every write of a new pantry row goes through here ([`create_inventory_item`], and
/// [`stock`] for a checked-off shopping line).
fn checked_item(actor: Actor, id: Uuid, new: NewInventoryItem) -> Result<inventory_items::Model> {
    dates::check_optional_date("best_before", new.best_before)?;
    if new.quantity.value() < Decimal::ZERO {
        return Err(Error::invalid("quantity", "must not be below zero"));
    }
    let now = Timestamp::now();
    Ok(inventory_items::Model {
        id,
        user_id: actor.id(),
        ingredient_id: new.ingredient_id,
        quantity: new.quantity,
        unit: new.unit,
        location: new.location,
        best_before: new.best_before,
        created_at: now,
        updated_at: now,
    })
}

/// A pantry insert refused by the database: an unknown ingredient is named as such.
fn refused(e: sea_orm::DbErr) -> Error {
    match crate::violation(&e) {
        Some(crate::Violation::ForeignKey) => Error::missing("ingredient_id", Subject::Ingredient),
        _ => Error::from(e),
    }
}

/// Puts `new` in the acting user's pantry inside the caller's transaction `txn` (which has
/// checked that the user is live), with the checks of [`create_inventory_item`]; `new.id` is
/// ignored: the row is always a new one.
pub(crate) async fn stock<C: ConnectionTrait>(
    txn: &C,
    actor: Actor,
    new: NewInventoryItem,
) -> Result<inventory_items::Model> {
    checked_item(actor, Uuid::new_v4(), new)?
        .into_active_model()
        .reset_all()
        .insert(txn)
        .await
        .map_err(refused)
}

/// Uses some of a pantry item: `quantity` in `unit`, which may be any unit that converts to
/// the item's (through the ingredient's grams per millilitre or per piece). Using more than is
/// left leaves zero: the pantry is the user's estimate, and cooking does not wait for it.
///
/// # Errors
/// [`Error::Validation`] (`quantity` not above zero, `unit` that does not convert);
/// [`Error::NotFound`] (`inventory item`).
#[crate::traced("inventory::use_inventory_item")]
pub async fn use_inventory_item(
    db: &impl Conn,
    actor: Actor,
    item_id: Uuid,
    quantity: Numeric<12, 3>,
    unit: Unit,
) -> Result<inventory_items::Model> {
    if quantity.value() <= Decimal::ZERO {
        return Err(Error::invalid("quantity", "must be more than zero"));
    }
    let txn = acting::write(db, Some(actor)).await?;
    // FOR UPDATE on PostgreSQL: two uses at once both subtract. (SQLite's write transaction
    // already holds the only write lock.)
    let mut find = inventory_items::Entity::find().filter(owned::own(
        actor.id(),
        item_id,
        (inventory_items::Column::Id, inventory_items::Column::UserId),
    ));
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        find = find.lock_exclusive();
    }
    let stored = find.one(&txn).await?.ok_or(NOT_FOUND)?;
    let used = if unit == stored.unit {
        quantity.value()
    } else {
        let factors = ingredients::Entity::find_by_id(stored.ingredient_id)
            .into_partial_model::<Conversion>()
            .one(&txn)
            .await?;
        let (per_ml, per_piece) = factors.map_or((None, None), |f| {
            (
                f.grams_per_ml.map(Numeric::value),
                f.grams_per_piece.map(Numeric::value),
            )
        });
        let from = canonical(quantity.value(), unit, per_ml, per_piece);
        let one = canonical(Decimal::ONE, stored.unit, per_ml, per_piece);
        match (from, one) {
            (Some((q, a)), Some((per, b))) if a == b && !per.is_zero() => {
                q.checked_div(per).unwrap_or(Decimal::MAX)
            }
            _ => {
                return Err(Error::invalid(
                    "unit",
                    "does not convert to the item's unit",
                ));
            }
        }
    };
    let left = (stored.quantity.value() - used).max(Decimal::ZERO);
    // Round a remainder converted from another unit down to the column's decimals.
    let mut left = left.round_dp_with_strategy(3, rust_decimal::RoundingStrategy::ToZero);
    left.rescale(3);
    let left = Numeric::<12, 3>::new(left).on_field("quantity")?;
    let mut row = stored.into_active_model();
    row.quantity = Set(left);
    let row = row.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

/// Removes a pantry item.
///
/// # Errors
/// [`Error::NotFound`] (`inventory item`).
#[crate::traced("inventory::delete_inventory_item")]
pub async fn delete_inventory_item(db: &impl Conn, actor: Actor, item_id: Uuid) -> Result<()> {
    owned::delete_own::<inventory_items::Entity>(
        db,
        actor,
        item_id,
        (inventory_items::Column::Id, inventory_items::Column::UserId),
        NOT_FOUND,
    )
    .await
}

/// The acting user's pantry, by best-before date (none last).
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("inventory::list_inventory_items")]
pub async fn list_inventory_items(
    db: &impl Conn,
    actor: Actor,
) -> Result<Vec<inventory_items::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let mut items = inventory_items::Entity::find()
        .filter(inventory_items::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(inventory_items::Column::UserId))
        .order_by_asc(inventory_items::Column::CreatedAt)
        .order_by_asc(inventory_items::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    items.sort_by_key(|i| (i.best_before.is_none(), i.best_before));
    Ok(items)
}

/// What expires within `days` days of `today` (best before `today + days` or earlier, the
/// already expired included), soonest first; items used up (zero left) are left out. One
/// query, served by `idx_inventory_items_best_before`.
///
/// # Errors
/// [`Error::Validation`] (`today` outside [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`]).
#[crate::traced("inventory::list_expiring_items")]
pub async fn list_expiring_items(
    db: &impl Conn,
    actor: Actor,
    today: NaiveDate,
    days: u32,
) -> Result<Vec<inventory_items::Model>> {
    dates::check_date("today", today)?;
    // A bound past the last storable date finds what the last date finds (nothing is stored
    // later), and stays a date SQLite's text compares in order: a five-digit year would sort
    // before 9999.
    let until = today
        .checked_add_days(Days::new(u64::from(days)))
        .map_or(dates::LATEST_DATE, |until| until.min(dates::LATEST_DATE));
    let txn = acting::read(db, Some(actor)).await?;
    let items = inventory_items::Entity::find()
        .filter(inventory_items::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(inventory_items::Column::UserId))
        .filter(inventory_items::Column::BestBefore.is_not_null())
        .filter(inventory_items::Column::BestBefore.lte(until))
        .filter(inventory_items::Column::Quantity.gt(0))
        .order_by_asc(inventory_items::Column::BestBefore)
        .order_by_asc(inventory_items::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(items)
}
