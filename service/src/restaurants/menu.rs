//! A meal's ingredients, and whether a meal (or a whole menu) is safe for a user: the recipe
//! verdict of `service::safety` ([`Verdict`]: reasons for SEVERE and LIFE_THREATENING
//! allergies, warnings for MILD and MODERATE), with `meals` and `meal_ingredients` as the
//! dish source.
use crate::{Actor, Conn};
use catalog::Subject;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use catalog::tables::{MEAL_INGREDIENTS, MEALS};
use entity::types::{Numeric, Unit};
use entity::{meal_ingredients, meals};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use crate::safety::{AllergenMatch, DishSource, Verdict, verdicts};
use crate::{Error, Result, acting};

/// Restaurant meals and their `meal_ingredients`, for [`crate::safety`]: every meal is
/// visible to every user (catalogue data).
pub const MEAL_DISHES: DishSource = DishSource {
    dishes: MEALS,
    lines: MEAL_INGREDIENTS,
    dish_key: "meal_id",
    admits: None,
    what: Subject::Meal,
};

/// [`MEAL_DISHES`] whose ingredients are listed: without a list, "no allergen found" vouches
/// for nothing, so a recommendation never names such a meal (any other meal is unknown here).
pub const LISTED_MEAL_DISHES: DishSource = DishSource {
    admits: Some("EXISTS (SELECT 1 FROM meal_ingredients li WHERE li.meal_id = d.id)"),
    ..MEAL_DISHES
};

/// The most lines a meal's ingredient list holds.
pub const MAX_INGREDIENTS: usize = 100;

/// One line of a meal's ingredient list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct MealIngredientInput {
    pub ingredient_id: Uuid,
    pub quantity: Numeric<10, 3>,
    pub unit: Unit,
}

/// Replaces a meal's whole ingredient list (an empty list clears it), in one transaction.
///
/// # Errors
/// [`Error::NotFound`] `meal` for an unknown meal; [`Error::Validation`] on
/// `ingredients[i].quantity` (not above 0), `ingredients[i].ingredient_id` (listed twice, or
/// not in the catalogue) or `ingredients` (more than [`MAX_INGREDIENTS`]).
#[crate::traced("restaurants::replace_meal_ingredients")]
pub async fn replace_meal_ingredients(
    db: &impl Conn,
    meal_id: Uuid,
    lines: &[MealIngredientInput],
) -> Result<Vec<meal_ingredients::Model>> {
    check_lines(lines)?;
    let txn = acting::write(db, None).await?;
    meal_and_ingredients_exist(&txn, meal_id, lines).await?;
    meal_ingredients::Entity::delete_many()
        .filter(meal_ingredients::Column::MealId.eq(meal_id))
        .exec(&txn)
        .await?;
    let rows: Vec<meal_ingredients::ActiveModel> = lines
        .iter()
        .map(|l| meal_ingredients::ActiveModel {
            meal_id: Set(meal_id),
            ingredient_id: Set(l.ingredient_id),
            quantity: Set(l.quantity),
            unit: Set(l.unit),
        })
        .collect();
    if !rows.is_empty() {
        meal_ingredients::Entity::insert_many(rows)
            .exec(&txn)
            .await
            .map_err(Error::writing(MEAL_INGREDIENTS))?;
    }
    txn.commit().await?;
    Ok(lines
        .iter()
        .map(|l| meal_ingredients::Model {
            meal_id,
            ingredient_id: l.ingredient_id,
            quantity: l.quantity,
            unit: l.unit,
        })
        .collect())
}

/// The lines' own checks, before anything is read: how many, quantities, no ingredient twice.
fn check_lines(lines: &[MealIngredientInput]) -> Result<()> {
    if lines.len() > MAX_INGREDIENTS {
        return Err(Error::invalid(
            "ingredients",
            format!("at most {MAX_INGREDIENTS} lines"),
        ));
    }
    let mut seen = HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        if line.quantity.value() <= rust_decimal::Decimal::ZERO {
            return Err(Error::invalid(
                format!("ingredients[{i}].quantity"),
                "must be more than 0",
            ));
        }
        if !seen.insert(line.ingredient_id) {
            return Err(Error::invalid(
                format!("ingredients[{i}].ingredient_id"),
                "is listed twice",
            ));
        }
    }
    Ok(())
}

/// [`Error::NotFound`] for an unknown meal; a validation error naming the first line whose
/// ingredient is not in the catalogue.
async fn meal_and_ingredients_exist(
    txn: &impl ConnectionTrait,
    meal_id: Uuid,
    lines: &[MealIngredientInput],
) -> Result<()> {
    if meals::Entity::find_by_id(meal_id)
        .select_only()
        .column(meals::Column::Id)
        .into_tuple::<Uuid>()
        .one(txn)
        .await?
        .is_none()
    {
        return Err(Error::NotFound {
            what: Subject::Meal,
        });
    }
    if !lines.is_empty() {
        let known: HashSet<Uuid> = entity::ingredients::Entity::find()
            .select_only()
            .column(entity::ingredients::Column::Id)
            .filter(entity::ingredients::Column::Id.is_in(lines.iter().map(|l| l.ingredient_id)))
            .into_tuple::<Uuid>()
            .all(txn)
            .await?
            .into_iter()
            .collect();
        if let Some(i) = lines.iter().position(|l| !known.contains(&l.ingredient_id)) {
            return Err(Error::invalid(
                format!("ingredients[{i}].ingredient_id"),
                "is not in the ingredient catalogue",
            ));
        }
    }
    Ok(())
}

/// Whether `meal` is safe for `user` (acting as `user`), in one query.
///
/// A meal whose ingredients are not listed has no match, so it is [`Verdict::Safe`] with no
/// warning, as a recipe would be: [`list_menu_verdicts`] says whether the list is there, and
/// recommendations leave such meals out.
///
/// # Errors
/// [`Error::NotFound`] `meal` for an unknown meal; [`Error::Db`].
#[crate::traced("restaurants::get_meal_verdict")]
pub async fn get_meal_verdict(db: &impl Conn, actor: Actor, meal: Uuid) -> Result<Verdict> {
    let txn = acting::read(db, Some(actor)).await?;
    let mut all = verdicts(&txn, actor, &MEAL_DISHES, &[meal]).await?;
    txn.commit().await?;
    all.pop()
        .map(|(_, verdict)| verdict)
        .ok_or(Error::NotFound {
            what: Subject::Meal,
        })
}

/// One available meal of a menu and its verdict for the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MenuItem {
    pub meal: meals::Model,
    pub verdict: Verdict,
    /// Whether the meal's ingredients are listed at all: without them `Safe` only means
    /// that nothing known is unsafe.
    pub ingredients_listed: bool,
}

/// The verdict for every available meal of a restaurant (its menu), by name, in one query
/// whatever the menu's size (acting as `user`).
///
/// # Errors
/// [`Error::NotFound`] `restaurant` for an unknown restaurant; [`Error::Db`].
#[crate::traced("restaurants::list_menu_verdicts")]
pub async fn list_menu_verdicts(
    db: &impl Conn,
    actor: Actor,
    restaurant: Uuid,
) -> Result<Vec<MenuItem>> {
    let txn = acting::read(db, Some(actor)).await?;
    let rows = super::sql::menu(&txn, actor.id(), restaurant).await?;
    txn.commit().await?;
    if rows.is_empty() {
        return Err(Error::NotFound {
            what: Subject::Restaurant,
        });
    }
    let mut menu: Vec<(meals::Model, bool, Vec<AllergenMatch>)> = Vec::new();
    for row in rows {
        let Some(meal) = row.meal else {
            continue; // the restaurant has no available meal
        };
        if menu.last().is_none_or(|(m, _, _)| m.id != meal.id) {
            menu.push((meal, row.x_listed.unwrap_or_default(), Vec::new()));
        }
        let (
            Some(ingredient_id),
            Some(ingredient_name),
            Some(allergen_id),
            Some(allergen_name),
            Some(severity),
        ) = (
            row.x_ingredient_id,
            row.x_ingredient_name,
            row.x_allergen_id,
            row.x_allergen_name,
            row.x_severity,
        )
        else {
            continue;
        };
        if let Some((_, _, matches)) = menu.last_mut() {
            matches.push(AllergenMatch {
                ingredient_id,
                ingredient_name,
                allergen_id,
                allergen_name,
                severity,
            });
        }
    }
    Ok(menu
        .into_iter()
        .map(|(meal, ingredients_listed, matches)| MenuItem {
            meal,
            verdict: Verdict::from_matches(matches),
            ingredients_listed,
        })
        .collect())
}
