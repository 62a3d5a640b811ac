//! Allergy safety verdicts: is a dish (a recipe, a restaurant meal) safe for a user, and why
//! not. Fixes seed 002 §7.2 `is_meal_safe_for_user` (`docs/DESIGN.md` D22), which said TRUE
//! for an unknown meal and ignored MILD and MODERATE allergies:
//!
//! - an unknown dish (or one the user may not see) is [`Error::NotFound`], never safe;
//! - every SEVERE or LIFE_THREATENING match is a reason the dish is [`Verdict::Unsafe`];
//! - MILD and MODERATE matches are returned as warnings, whether the dish is safe or not;
//! - an ingredient carrying several allergens (flour-and-egg pasta) is matched on each.
//!
//! One query answers for any number of dishes and ingredients. The dish table is a parameter
//! ([`DishSource`]), so meals and their ingredient lists use the same code as recipes.
use crate::{Actor, Conn};
use catalog::Subject;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

use entity::types::Severity;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use catalog::tables::{RECIPE_INGREDIENTS, RECIPES, Tbl};

use crate::{Error, Result, acting};

mod sql;

pub use sql::{recipe_verdicts_statement, safe_condition};

/// The most dishes one call judges (one statement binds one parameter per dish).
pub const MAX_DISHES: usize = 1000;

/// Where dishes and their ingredients live.
#[derive(Clone, Copy, Debug)]
pub struct DishSource {
    /// The dish table (its key is `id`).
    pub dishes: Tbl,
    /// The link table from a dish to `ingredients` (its `ingredient_id` column).
    pub lines: Tbl,
    /// The link table's column naming the dish.
    pub dish_key: &'static str,
    /// Which dishes are answered for, over the dish table aliased `d`, with `$1` the user's id
    /// (`None`: every dish): the recipes a user may see (PostgreSQL's row-level security says
    /// the same; this keeps SQLite, which has none, in step), or the meals whose ingredients
    /// are listed (the only ones a recommendation can vouch for). Any other dish is unknown.
    pub admits: Option<&'static str>,
    /// What [`Error::NotFound`] names.
    pub what: Subject,
}

/// Recipes and `recipe_ingredients`: a user sees public recipes and their own.
pub const RECIPE_DISHES: DishSource = DishSource {
    dishes: RECIPES,
    lines: RECIPE_INGREDIENTS,
    dish_key: "recipe_id",
    admits: Some("(d.is_public OR d.user_id = $1)"),
    what: Subject::Recipe,
};

/// One of the dish's ingredients carrying an allergen the user has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AllergenMatch {
    pub ingredient_id: Uuid,
    pub ingredient_name: String,
    pub allergen_id: Uuid,
    pub allergen_name: String,
    /// The user's severity for this allergen.
    pub severity: Severity,
}

/// Whether a dish is safe for a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No SEVERE or LIFE_THREATENING match; `warnings` lists the MILD and MODERATE ones.
    Safe { warnings: Vec<AllergenMatch> },
    /// At least one SEVERE or LIFE_THREATENING match (`reasons`, all of them), and the MILD
    /// and MODERATE ones as `warnings`.
    Unsafe {
        reasons: Vec<AllergenMatch>,
        warnings: Vec<AllergenMatch>,
    },
}

impl Verdict {
    pub fn is_safe(&self) -> bool {
        matches!(self, Self::Safe { .. })
    }

    /// Sorts matches into reasons and warnings.
    pub(crate) fn from_matches(matches: Vec<AllergenMatch>) -> Self {
        let (reasons, warnings): (Vec<_>, Vec<_>) = matches
            .into_iter()
            .partition(|m| m.severity >= Severity::Severe);
        if reasons.is_empty() {
            Self::Safe { warnings }
        } else {
            Self::Unsafe { reasons, warnings }
        }
    }
}

/// The verdict for each of `dishes` (in the order given; a repeated id is answered again) for
/// `user`, in one statement, on a connection or transaction the caller chose (acting as
/// `user` on PostgreSQL, so that row-level security shows their allergies).
///
/// # Errors
/// [`Error::NotFound`] naming `source.what` when any dish does not exist or the user may not
/// see it (never a verdict for it); [`Error::Validation`] on `dishes` for more than
/// [`MAX_DISHES`]; [`Error::Db`].
#[crate::traced("safety::verdicts")]
pub async fn verdicts<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    source: &DishSource,
    dishes: &[Uuid],
) -> Result<Vec<(Uuid, Verdict)>> {
    verdicts_if_known(db, actor, source, dishes)
        .await?
        .into_iter()
        .map(|(dish, verdict)| Ok((dish, verdict.ok_or(Error::NotFound { what: source.what })?)))
        .collect()
}

/// [`verdicts`] with `None` for a dish that does not exist or that `source` does not admit,
/// for a caller that skips such dishes instead of failing.
///
/// # Errors
/// [`Error::Validation`] on `dishes` for more than [`MAX_DISHES`]; [`Error::Db`].
#[crate::traced("safety::verdicts_if_known")]
pub async fn verdicts_if_known<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    source: &DishSource,
    dishes: &[Uuid],
) -> Result<Vec<(Uuid, Option<Verdict>)>> {
    if dishes.len() > MAX_DISHES {
        return Err(Error::invalid(
            "dishes",
            format!("at most {MAX_DISHES} at once"),
        ));
    }
    let mut unique: Vec<Uuid> = Vec::with_capacity(dishes.len());
    let mut seen = HashSet::new();
    for dish in dishes {
        if seen.insert(*dish) {
            unique.push(*dish);
        }
    }
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sql::matches(db, source, actor.id(), &unique).await?;
    let mut found: BTreeMap<Uuid, Vec<AllergenMatch>> = BTreeMap::new();
    for row in rows {
        let matches = found.entry(row.dish_id).or_default();
        // A dish with no match has one row, with no match columns.
        let (
            Some(ingredient_id),
            Some(ingredient_name),
            Some(allergen_id),
            Some(allergen_name),
            Some(severity),
        ) = (
            row.ingredient_id,
            row.ingredient_name,
            row.allergen_id,
            row.allergen_name,
            row.severity,
        )
        else {
            continue;
        };
        let m = AllergenMatch {
            ingredient_id,
            ingredient_name,
            allergen_id,
            allergen_name,
            severity,
        };
        // The same ingredient on two lines of a dish is one match.
        if !matches.contains(&m) {
            matches.push(m);
        }
    }
    Ok(dishes
        .iter()
        .map(|dish| {
            let verdict = found
                .get(dish)
                .map(|matches| Verdict::from_matches(matches.clone()));
            (*dish, verdict)
        })
        .collect())
}

/// Whether `recipe` is safe for `user` (acting as `user`).
///
/// # Errors
/// [`Error::NotFound`] `"recipe"` for an unknown recipe or another user's private one;
/// [`Error::Db`].
#[crate::traced("safety::get_recipe_verdict")]
pub async fn get_recipe_verdict(db: &impl Conn, actor: Actor, recipe: Uuid) -> Result<Verdict> {
    let mut all = list_recipe_verdicts(db, actor, &[recipe]).await?;
    all.pop()
        .map(|(_, verdict)| verdict)
        .ok_or(Error::NotFound {
            what: Subject::Recipe,
        })
}

/// [`get_recipe_verdict`] for a list of recipes, in one query, in the order given.
///
/// # Errors
/// As [`verdicts`]: one unknown recipe makes the whole call [`Error::NotFound`].
#[crate::traced("safety::list_recipe_verdicts")]
pub async fn list_recipe_verdicts(
    db: &impl Conn,
    actor: Actor,
    recipes: &[Uuid],
) -> Result<Vec<(Uuid, Verdict)>> {
    let txn = acting::read(db, Some(actor)).await?;
    let result = verdicts(&txn, actor, &RECIPE_DISHES, recipes).await?;
    txn.commit().await?;
    Ok(result)
}
