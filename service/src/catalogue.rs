//! The reference catalogues a client lists and searches: allergens, medical conditions,
//! dietary restrictions, recipe tags and ingredients. Each is one query in a read-only
//! transaction that names no user (reference rows are readable by the application's role).
use crate::Conn;
use entity::types::IngredientCategory;
use entity::{
    allergens, dietary_restrictions_ref, ingredient_allergens, ingredients, medical_conditions_ref,
    recipe_tags,
};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::Deserialize;
use uuid::Uuid;

use crate::input::{escape_like, no_nul};
use crate::{Error, Result, acting};

/// The most ingredients one search returns; [`IngredientQuery::limit`] asks for fewer.
pub const INGREDIENTS_MAX_PAGE: u64 = 200;

/// Every allergen, by name.
///
/// # Errors
/// [`Error::Db`] or [`Error::Unavailable`] only.
#[crate::traced("catalogue::list_allergens")]
pub async fn list_allergens(db: &impl Conn) -> Result<Vec<allergens::Model>> {
    read_all(
        db,
        allergens::Entity::find().order_by_asc(allergens::Column::Name),
    )
    .await
}

/// Every medical condition of the catalogue, by name.
///
/// # Errors
/// [`Error::Db`] or [`Error::Unavailable`] only.
#[crate::traced("catalogue::list_medical_conditions")]
pub async fn list_medical_conditions(db: &impl Conn) -> Result<Vec<medical_conditions_ref::Model>> {
    read_all(
        db,
        medical_conditions_ref::Entity::find().order_by_asc(medical_conditions_ref::Column::Name),
    )
    .await
}

/// Every dietary restriction of the catalogue, by name.
///
/// # Errors
/// [`Error::Db`] or [`Error::Unavailable`] only.
#[crate::traced("catalogue::list_dietary_restrictions")]
pub async fn list_dietary_restrictions(
    db: &impl Conn,
) -> Result<Vec<dietary_restrictions_ref::Model>> {
    read_all(
        db,
        dietary_restrictions_ref::Entity::find()
            .order_by_asc(dietary_restrictions_ref::Column::Name),
    )
    .await
}

/// Every recipe tag, by category then name.
///
/// # Errors
/// [`Error::Db`] or [`Error::Unavailable`] only.
#[crate::traced("catalogue::list_tags")]
pub async fn list_tags(db: &impl Conn) -> Result<Vec<recipe_tags::Model>> {
    let tags = recipe_tags::Entity::find()
        .order_by_asc(recipe_tags::Column::Category)
        .order_by_asc(recipe_tags::Column::Name);
    read_all(db, tags).await
}

/// What to look for among the ingredients; every field left `None` matches all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct IngredientQuery {
    /// Part of the name, in any case. In a query string: `q` (`name` is read too).
    #[serde(alias = "q")]
    pub name: Option<String>,
    pub category: Option<IngredientCategory>,
    /// Only ingredients that contain this allergen.
    pub allergen: Option<Uuid>,
    /// At most this many (default and ceiling [`INGREDIENTS_MAX_PAGE`]).
    pub limit: Option<u64>,
    /// The page after the ingredient with this name (names are unique).
    pub after: Option<String>,
}

/// Ingredients matching `query`, by name, one page: one query.
///
/// # Errors
/// [`Error::Validation`] (`name`, `after` holding NUL; `limit` of 0).
#[crate::traced("catalogue::list_ingredients")]
pub async fn list_ingredients(
    db: &impl Conn,
    query: &IngredientQuery,
) -> Result<Vec<ingredients::Model>> {
    let limit = match query.limit {
        Some(0) => return Err(Error::invalid("limit", "must be at least 1")),
        Some(n) => Ord::min(n, INGREDIENTS_MAX_PAGE),
        None => INGREDIENTS_MAX_PAGE,
    };
    let mut find = ingredients::Entity::find();
    if let Some(name) = &query.name {
        no_nul("name", name)?;
        let pattern = format!("%{}%", escape_like(&name.trim().to_lowercase()));
        find = find.filter(
            Expr::expr(Func::lower(Expr::col(ingredients::Column::Name)))
                .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
        );
    }
    if let Some(category) = query.category {
        find = find.filter(ingredients::Column::Category.eq(category));
    }
    if let Some(allergen) = query.allergen {
        find = find.filter(
            ingredients::Column::Id.in_subquery(
                Query::select()
                    .column(ingredient_allergens::Column::IngredientId)
                    .from(ingredient_allergens::Entity)
                    .and_where(ingredient_allergens::Column::AllergenId.eq(allergen))
                    .to_owned(),
            ),
        );
    }
    if let Some(after) = &query.after {
        no_nul("after", after)?;
        find = find.filter(ingredients::Column::Name.gt(after.as_str()));
    }
    read_all(
        db,
        find.order_by_asc(ingredients::Column::Name).limit(limit),
    )
    .await
}

/// The rows `select` finds, in a read-only transaction that names no user.
async fn read_all<E: EntityTrait>(db: &impl Conn, select: Select<E>) -> Result<Vec<E::Model>> {
    let txn = acting::read(db, None).await?;
    let rows = select.all(&txn).await?;
    txn.commit().await?;
    Ok(rows)
}
