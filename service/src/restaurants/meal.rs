//! A restaurant's meals: added, changed and taken off the menu by an operator or an import
//! job (catalogue data, no acting user).
use catalog::tables::MEALS;
use entity::meals;
use entity::types::Numeric;
use sea_orm::{ActiveModelTrait, ActiveValue, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{MEAL_NOT_FOUND, NOT_FOUND, optional_text, patch, patch_text, required_text};
use crate::input::{InRange, Patch};
use crate::{Conn, Error, Result, acting};
use catalog::limits::restaurants::{
    MEAL_CATEGORY, MEAL_DESCRIPTION, MEAL_ENERGY_KCAL, MEAL_IMAGE_URL, NAME,
};

/// A new meal of a restaurant. Nutrition is per portion; `None` is unknown.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewMeal {
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub price: Numeric<10, 2>,
    pub nutrition: MealNutrition,
    pub image_url: Option<String>,
}

/// A meal's nutrition per portion (`None`: unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct MealNutrition {
    pub energy_kcal: Option<i32>,
    pub protein_g: Option<Numeric<5, 1>>,
    pub carbs_g: Option<Numeric<5, 1>>,
    pub fat_g: Option<Numeric<5, 1>>,
    pub fiber_g: Option<Numeric<5, 1>>,
    pub sugar_g: Option<Numeric<5, 1>>,
    pub sodium_mg: Option<i32>,
}

impl MealNutrition {
    fn check(&self) -> Result<()> {
        MEAL_ENERGY_KCAL.check_some("energy_kcal", self.energy_kcal)?;
        for (field, value) in [
            ("protein_g", self.protein_g),
            ("carbs_g", self.carbs_g),
            ("fat_g", self.fat_g),
            ("fiber_g", self.fiber_g),
            ("sugar_g", self.sugar_g),
        ] {
            if value.is_some_and(|v| v.value().is_sign_negative()) {
                return Err(Error::invalid(field, "must not be negative"));
            }
        }
        if self.sodium_mg.is_some_and(|v| v < 0) {
            return Err(Error::invalid("sodium_mg", "must not be negative"));
        }
        Ok(())
    }
}

/// What to change of a meal; `None` and [`Patch::Keep`] keep the stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct MealChange {
    pub name: Option<String>,
    pub description: Patch<String>,
    pub category: Patch<String>,
    pub price: Option<Numeric<10, 2>>,
    /// Replaces the whole nutrition when given.
    pub nutrition: Option<MealNutrition>,
    pub image_url: Patch<String>,
    pub is_available: Option<bool>,
}

fn check_price(price: &Numeric<10, 2>) -> Result<()> {
    if price.value() <= rust_decimal::Decimal::ZERO {
        return Err(Error::invalid("price", "must be more than 0"));
    }
    Ok(())
}

/// Adds a meal to a restaurant's menu.
///
/// # Errors
/// [`Error::NotFound`] `restaurant` for an unknown restaurant; [`Error::Validation`] naming
/// the field.
#[crate::traced("restaurants::create_meal")]
pub async fn create_meal(
    db: &impl Conn,
    restaurant_id: Uuid,
    new: NewMeal,
) -> Result<meals::Model> {
    check_price(&new.price)?;
    new.nutrition.check()?;
    let n = new.nutrition;
    let row = meals::ActiveModel {
        id: Set(Uuid::new_v4()),
        restaurant_id: Set(restaurant_id),
        name: Set(required_text("name", &new.name, &NAME)?),
        description: Set(optional_text(
            "description",
            new.description.as_deref(),
            &MEAL_DESCRIPTION,
        )?),
        category: Set(optional_text(
            "category",
            new.category.as_deref(),
            &MEAL_CATEGORY,
        )?),
        price: Set(new.price),
        energy_kcal: Set(n.energy_kcal),
        protein_g: Set(n.protein_g),
        carbs_g: Set(n.carbs_g),
        fat_g: Set(n.fat_g),
        fiber_g: Set(n.fiber_g),
        sugar_g: Set(n.sugar_g),
        sodium_mg: Set(n.sodium_mg),
        image_url: Set(optional_text(
            "image_url",
            new.image_url.as_deref(),
            &MEAL_IMAGE_URL,
        )?),
        is_available: Set(true),
        ..Default::default()
    };
    let txn = acting::write(db, None).await?;
    // The restaurant is the resource the call is about (the path), not an input's reference.
    let model = row
        .insert(&txn)
        .await
        .map_err(|e| match Error::writing(MEALS)(e) {
            Error::Validation { field, .. } if field == "restaurant_id" => NOT_FOUND,
            other => other,
        })?;
    txn.commit().await?;
    Ok(model)
}

/// Changes a meal.
///
/// # Errors
/// [`Error::NotFound`] `meal` for an unknown id; [`Error::Validation`] as [`create_meal`].
#[crate::traced("restaurants::update_meal")]
pub async fn update_meal(db: &impl Conn, id: Uuid, change: MealChange) -> Result<meals::Model> {
    let mut row = meals::ActiveModel {
        id: ActiveValue::Unchanged(id),
        ..Default::default()
    };
    if let Some(name) = &change.name {
        row.name = Set(required_text("name", name, &NAME)?);
    }
    row.description = patch(patch_text(
        "description",
        change.description,
        &MEAL_DESCRIPTION,
    )?);
    row.category = patch(patch_text("category", change.category, &MEAL_CATEGORY)?);
    if let Some(price) = change.price {
        check_price(&price)?;
        row.price = Set(price);
    }
    if let Some(n) = change.nutrition {
        n.check()?;
        row.energy_kcal = Set(n.energy_kcal);
        row.protein_g = Set(n.protein_g);
        row.carbs_g = Set(n.carbs_g);
        row.fat_g = Set(n.fat_g);
        row.fiber_g = Set(n.fiber_g);
        row.sugar_g = Set(n.sugar_g);
        row.sodium_mg = Set(n.sodium_mg);
    }
    row.image_url = patch(patch_text("image_url", change.image_url, &MEAL_IMAGE_URL)?);
    if let Some(available) = change.is_available {
        row.is_available = Set(available);
    }
    let txn = acting::write(db, None).await?;
    let model = if row.is_changed() {
        match row.update(&txn).await {
            Ok(model) => model,
            Err(sea_orm::DbErr::RecordNotUpdated) => return Err(MEAL_NOT_FOUND),
            Err(e) => return Err(Error::writing(MEALS)(e)),
        }
    } else {
        meals::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(MEAL_NOT_FOUND)?
    };
    txn.commit().await?;
    Ok(model)
}

/// Takes a meal off the menu (`is_available = false`): no longer in menus or
/// recommendations; its rows stay.
///
/// # Errors
/// [`Error::NotFound`] `meal` for an unknown id.
#[crate::traced("restaurants::deactivate_meal")]
pub async fn deactivate_meal(db: &impl Conn, id: Uuid) -> Result<()> {
    let change = MealChange {
        is_available: Some(false),
        ..Default::default()
    };
    update_meal(db, id, change).await.map(|_| ())
}
