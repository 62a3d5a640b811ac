use chrono::NaiveDate;
use entity::types::{Severity, Timestamp};
use entity::{allergens, user_allergies};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::profiles::find_profile;
use crate::error::Constraint;
use crate::{Error, Result, accounts, audit};

/// An allergen named by id or by name (case-insensitive).
#[derive(Clone, Copy, Debug)]
pub enum AllergenRef<'a> {
    Id(Uuid),
    Name(&'a str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllergyInput {
    pub severity: Severity,
    pub notes: Option<String>,
    pub diagnosed_date: Option<NaiveDate>,
}

impl AllergyInput {
    pub fn new(severity: Severity) -> Self {
        Self {
            severity,
            notes: None,
            diagnosed_date: None,
        }
    }

    fn validate(&self) -> Result<()> {
        if let Some(notes) = &self.notes
            && notes.chars().count() > 500
        {
            return Err(Error::invalid(
                "notes",
                "must be at most 500 characters long",
            ));
        }
        Ok(())
    }
}

/// One of a user's allergies with the allergen it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allergy {
    pub allergy: user_allergies::Model,
    pub allergen: allergens::Model,
}

const ALLERGY_CONSTRAINTS: &[Constraint] = &[
    Constraint {
        needles: &[
            "uq_user_allergen",
            "user_allergies.user_id, user_allergies.allergen_id",
        ],
        what: "allergy",
    },
    Constraint {
        needles: &["fk_user_allergies_allergen"],
        what: "allergen",
    },
];

/// The allergen, by id or by name. An exact name wins; otherwise the name is compared
/// case-insensitively (`lower()`: Unicode-aware on PostgreSQL, ASCII-only on SQLite).
async fn resolve<C: ConnectionTrait>(
    db: &C,
    allergen: AllergenRef<'_>,
) -> Result<allergens::Model> {
    let query = match allergen {
        AllergenRef::Id(id) => allergens::Entity::find_by_id(id),
        AllergenRef::Name(name) => {
            let name = name.trim();
            let exact = allergens::Column::Name.eq(name);
            allergens::Entity::find()
                .filter(
                    Condition::any().add(exact.clone()).add(
                        Expr::expr(Func::lower(Expr::col(allergens::Column::Name)))
                            .eq(Func::lower(Expr::val(name))),
                    ),
                )
                .order_by_desc(exact)
        }
    };
    query
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "allergen" })
}

/// The row recording this user's allergy to this allergen (at most one: `uq_user_allergen`).
fn allergy_of(user_id: Uuid, allergen_id: Uuid) -> Condition {
    Condition::all()
        .add(user_allergies::Column::UserId.eq(user_id))
        .add(user_allergies::Column::AllergenId.eq(allergen_id))
}

/// Opens the write transaction every allergy change runs in, acting as the user, and resolves
/// the allergen inside it. A deleted user's allergies are no longer theirs to change.
async fn begin_change(
    db: &DatabaseConnection,
    user_id: Uuid,
    allergen: AllergenRef<'_>,
) -> Result<(DatabaseTransaction, allergens::Model)> {
    let txn = audit::begin(db, Some(user_id)).await?;
    accounts::live_user(&txn, user_id).await?;
    let allergen = resolve(&txn, allergen).await?;
    Ok((txn, allergen))
}

/// Records an allergy on the user's health profile.
///
/// # Errors
/// [`Error::Validation`] (`notes`), [`Error::NotFound`] (`user`, `allergen` or `health profile`),
/// [`Error::Conflict`] (`allergy`) when the user already has this allergen.
pub async fn add_allergy(
    db: &DatabaseConnection,
    user_id: Uuid,
    allergen: AllergenRef<'_>,
    input: AllergyInput,
) -> Result<user_allergies::Model> {
    input.validate()?;
    let (txn, allergen) = begin_change(db, user_id, allergen).await?;
    let profile = find_profile(&txn, user_id).await?;
    let now = Timestamp::now();
    let row = user_allergies::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        health_profile_id: Set(profile.id),
        allergen_id: Set(allergen.id),
        severity: Set(input.severity),
        notes: Set(input.notes),
        diagnosed_date: Set(input.diagnosed_date),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(|e| Error::from_db(e, ALLERGY_CONSTRAINTS))?;
    audit::commit(txn).await?;
    Ok(row)
}

/// Replaces the severity, notes and diagnosis date of one of the user's allergies.
///
/// # Errors
/// [`Error::Validation`] (`notes`), [`Error::NotFound`] (`user`, `allergen` or `allergy`).
pub async fn change_allergy(
    db: &DatabaseConnection,
    user_id: Uuid,
    allergen: AllergenRef<'_>,
    input: AllergyInput,
) -> Result<user_allergies::Model> {
    input.validate()?;
    let (txn, allergen) = begin_change(db, user_id, allergen).await?;
    let mine = allergy_of(user_id, allergen.id);
    let updated = user_allergies::Entity::update_many()
        .col_expr(
            user_allergies::Column::Severity,
            Expr::value(input.severity),
        )
        .col_expr(user_allergies::Column::Notes, Expr::value(input.notes))
        .col_expr(
            user_allergies::Column::DiagnosedDate,
            Expr::value(input.diagnosed_date),
        )
        .filter(mine.clone())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Error::NotFound { what: "allergy" });
    }
    let row = user_allergies::Entity::find()
        .filter(mine)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound { what: "allergy" })?;
    audit::commit(txn).await?;
    Ok(row)
}

/// Removes one of the user's allergies.
///
/// # Errors
/// [`Error::NotFound`] (`user`, `allergen` or `allergy`).
pub async fn remove_allergy(
    db: &DatabaseConnection,
    user_id: Uuid,
    allergen: AllergenRef<'_>,
) -> Result<()> {
    let (txn, allergen) = begin_change(db, user_id, allergen).await?;
    let deleted = user_allergies::Entity::delete_many()
        .filter(allergy_of(user_id, allergen.id))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(Error::NotFound { what: "allergy" });
    }
    audit::commit(txn).await?;
    Ok(())
}

/// The user's allergies with their allergens, most severe first, in one query (a join).
///
/// # Errors
/// [`Error::Db`] only.
pub async fn list_allergies(db: &DatabaseConnection, user_id: Uuid) -> Result<Vec<Allergy>> {
    let rows = user_allergies::Entity::find()
        .filter(user_allergies::Column::UserId.eq(user_id))
        .find_also_related(allergens::Entity)
        .order_by_asc(allergens::Column::Name)
        .all(db)
        .await?;
    let mut allergies: Vec<Allergy> = rows
        .into_iter()
        .filter_map(|(allergy, allergen)| allergen.map(|allergen| Allergy { allergy, allergen }))
        .collect();
    // Severity is a CHECKed string whose text order is not its meaning: order in Rust.
    allergies.sort_by_key(|a| std::cmp::Reverse(a.allergy.severity));
    Ok(allergies)
}
