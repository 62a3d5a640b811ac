//! The price history of ingredients: shared data every user's lists are priced from.
use crate::{Actor, Conn};
use entity::ingredient_prices;
use entity::types::{Numeric, Timestamp, Unit};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::input::{Limited, dates};
use crate::{Error, Result, acting};
use catalog::limits;

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
