use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use entity::types::{Severity, Timestamp};
use entity::{allergens, user_allergies};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::profiles::profile_of;
use super::reference::{self, ByIdOrName, validate_diagnosed};
use crate::input::Limited;
use catalog::limits::foundation::HEALTH_NOTES;
use catalog::tables::USER_ALLERGIES;

use crate::acting::ActingTxn;
use crate::input::Patch;
use crate::{Error, Result, accounts, acting};

/// An allergen named by id or by name (case-insensitive).
pub type AllergenRef = ByIdOrName;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
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
        HEALTH_NOTES.check_some("notes", self.notes.as_deref())?;
        validate_diagnosed(self.diagnosed_date)
    }
}

/// An allergy as a client sets it in one body (`{"allergen": "Peanuts", "severity":
/// "SEVERE"}`): the allergen by name or id, and what [`AllergyInput`] holds. [`set_allergy`]'s
/// input. (Its fields are spelled out rather than flattened, so that a field that does not
/// parse is named.)
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AllergyEntry {
    pub allergen: AllergenRef,
    pub severity: Severity,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub diagnosed_date: Option<NaiveDate>,
}

impl AllergyEntry {
    pub fn new(allergen: AllergenRef, input: AllergyInput) -> Self {
        Self {
            allergen,
            severity: input.severity,
            notes: input.notes,
            diagnosed_date: input.diagnosed_date,
        }
    }

    fn split(self) -> (AllergenRef, AllergyInput) {
        let input = AllergyInput {
            severity: self.severity,
            notes: self.notes,
            diagnosed_date: self.diagnosed_date,
        };
        (self.allergen, input)
    }
}

/// What to change of an allergy; fields left as [`Patch::Keep`] keep their stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AllergyChange {
    pub severity: Option<Severity>,
    pub notes: Patch<String>,
    pub diagnosed_date: Patch<NaiveDate>,
}

/// One of a user's allergies with the allergen it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Allergy {
    pub allergy: user_allergies::Model,
    pub allergen: allergens::Model,
}

async fn resolve<C: ConnectionTrait>(db: &C, allergen: AllergenRef) -> Result<allergens::Model> {
    reference::resolve::<allergens::Entity, _>(
        db,
        &allergen,
        allergens::Column::Name,
        Subject::Allergen,
    )
    .await
}

/// The row recording this user's allergy to this allergen (at most one: `uq_user_allergen`).
fn allergy_of(user_id: Uuid, allergen_id: Uuid) -> Condition {
    Condition::all()
        .add(user_allergies::Column::UserId.eq(user_id))
        .add(user_allergies::Column::AllergenId.eq(allergen_id))
}

/// The allergy row `mine` selects ([`allergy_of`]), read back after a write.
async fn stored_allergy<C: ConnectionTrait>(
    db: &C,
    mine: Condition,
) -> Result<user_allergies::Model> {
    user_allergies::Entity::find()
        .filter(mine)
        .one(db)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::Allergy,
        })
}

/// Opens the write transaction every allergy change runs in, acting as the user, and resolves
/// the allergen inside it. A deleted user's allergies are no longer theirs to change.
async fn begin_change(
    db: &impl Conn,
    actor: Actor,
    allergen: AllergenRef,
) -> Result<(ActingTxn, allergens::Model)> {
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let allergen = resolve(&txn, allergen).await?;
    Ok((txn, allergen))
}

/// The row recording `input` as the user's allergy to `allergen_id` on their profile.
fn new_allergy(
    user_id: Uuid,
    health_profile_id: Uuid,
    allergen_id: Uuid,
    input: AllergyInput,
) -> user_allergies::ActiveModel {
    let now = Timestamp::now();
    user_allergies::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        health_profile_id: Set(health_profile_id),
        allergen_id: Set(allergen_id),
        severity: Set(input.severity),
        notes: Set(input.notes),
        diagnosed_date: Set(input.diagnosed_date),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Records an allergy on the user's health profile.
///
/// # Errors
/// [`Error::Validation`] (`notes`, `diagnosed_date`), [`Error::NotFound`] (`user`, `allergen` or
/// `health profile`),
/// [`Error::Conflict`] (`allergy`) when the user already has this allergen.
#[crate::traced("health::create_allergy")]
pub async fn create_allergy(
    db: &impl Conn,
    actor: Actor,
    allergen: AllergenRef,
    input: AllergyInput,
) -> Result<user_allergies::Model> {
    input.validate()?;
    let (txn, allergen) = begin_change(db, actor, allergen)
        .await
        .map_err(|e| e.referenced("allergen", Subject::Allergen))?;
    let profile = profile_of(&txn, actor.id()).await?;
    let row = new_allergy(actor.id(), profile.id, allergen.id, input)
        .insert(&txn)
        .await
        .map_err(Error::writing(USER_ALLERGIES))?;
    txn.commit().await?;
    Ok(row)
}

/// Sets the user's allergy to this allergen in one call and one transaction: records it, or
/// replaces the recorded one's severity, notes and diagnosis date with `input` (same row, same
/// id). A user with no health profile gets an empty one first, which the domain allows only
/// for a verified email.
///
/// # Errors
/// [`Error::Validation`] (`notes`, `diagnosed_date`), [`Error::NotFound`] (`user`,
/// `allergen`), [`Error::Forbidden`] ([`crate::Forbidden::EmailNotVerified`]) when a profile
/// would be needed for a user whose email is not verified.
#[crate::traced("health::set_allergy")]
pub async fn set_allergy(
    db: &impl Conn,
    actor: Actor,
    entry: AllergyEntry,
) -> Result<user_allergies::Model> {
    use user_allergies::Column as C;
    let (allergen, input) = entry.split();
    input.validate()?;
    let (txn, allergen) = begin_change(db, actor, allergen)
        .await
        .map_err(|e| e.referenced("allergen", Subject::Allergen))?;
    // The database refuses a profile for an unverified email (`ensure_email_verified`).
    let profile = match profile_of(&txn, actor.id()).await {
        Err(Error::NotFound { .. }) => super::profiles::create_empty(&txn, actor.id()).await?,
        other => other?,
    };
    user_allergies::Entity::insert(new_allergy(actor.id(), profile.id, allergen.id, input))
        .on_conflict(
            OnConflict::columns([C::UserId, C::AllergenId])
                .update_columns([C::Severity, C::Notes, C::DiagnosedDate])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await
        .map_err(Error::writing(USER_ALLERGIES))?;
    let row = stored_allergy(&txn, allergy_of(actor.id(), allergen.id)).await?;
    txn.commit().await?;
    Ok(row)
}

/// Changes one of the user's allergies: only the fields the change sets or clears.
///
/// # Errors
/// [`Error::Validation`] (`notes`, `diagnosed_date`), [`Error::NotFound`] (`user`, `allergen` or
/// `allergy`).
#[crate::traced("health::update_allergy")]
pub async fn update_allergy(
    db: &impl Conn,
    actor: Actor,
    allergen: AllergenRef,
    change: AllergyChange,
) -> Result<user_allergies::Model> {
    HEALTH_NOTES.check_some("notes", change.notes.as_set().map(String::as_str))?;
    validate_diagnosed(change.diagnosed_date.as_set().copied())?;
    let (txn, allergen) = begin_change(db, actor, allergen).await?;
    let mine = allergy_of(actor.id(), allergen.id);
    let mut update = user_allergies::Entity::update_many().filter(mine.clone());
    if let Some(severity) = change.severity {
        update = update.col_expr(user_allergies::Column::Severity, Expr::value(severity));
    }
    if let Some(notes) = change.notes.into_change() {
        update = update.col_expr(user_allergies::Column::Notes, Expr::value(notes));
    }
    if let Some(date) = change.diagnosed_date.into_change() {
        update = update.col_expr(user_allergies::Column::DiagnosedDate, Expr::value(date));
    }
    // With nothing to change, the update still touches `updated_at` (the trigger) and proves
    // the row exists.
    let updated = update
        .col_expr(
            user_allergies::Column::UserId,
            Expr::col(user_allergies::Column::UserId),
        )
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::Allergy,
        });
    }
    let row = stored_allergy(&txn, mine).await?;
    txn.commit().await?;
    Ok(row)
}

/// Removes one of the user's allergies.
///
/// # Errors
/// [`Error::NotFound`] (`user`, `allergen` or `allergy`).
#[crate::traced("health::delete_allergy")]
pub async fn delete_allergy(db: &impl Conn, actor: Actor, allergen: AllergenRef) -> Result<()> {
    let (txn, allergen) = begin_change(db, actor, allergen).await?;
    let deleted = user_allergies::Entity::delete_many()
        .filter(allergy_of(actor.id(), allergen.id))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::Allergy,
        });
    }
    txn.commit().await?;
    Ok(())
}

/// The user's allergies with their allergens, most severe first, in one query (a join).
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("health::list_allergies")]
pub async fn list_allergies(db: &impl Conn, actor: Actor) -> Result<Vec<Allergy>> {
    let txn = acting::read(db, Some(actor)).await?;
    let rows = user_allergies::Entity::find()
        .filter(user_allergies::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(user_allergies::Column::UserId))
        .find_also_related(allergens::Entity)
        .order_by_asc(allergens::Column::Name)
        .all(&txn)
        .await?;
    txn.commit().await?;
    let mut allergies: Vec<Allergy> = rows
        .into_iter()
        .filter_map(|(allergy, allergen)| allergen.map(|allergen| Allergy { allergy, allergen }))
        .collect();
    // Severity is a CHECKed string whose text order is not its meaning: order in Rust.
    allergies.sort_by_key(|a| std::cmp::Reverse(a.allergy.severity));
    Ok(allergies)
}
