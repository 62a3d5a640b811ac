use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use entity::health_profiles;
use entity::types::{ActivityLevel, Gender, Numeric, Timestamp};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use uuid::Uuid;

use catalog::tables::HEALTH_PROFILES;

use crate::error::Forbidden;
use crate::input::{InRange, dates};
use crate::{Error, Result, accounts, acting};
use catalog::limits::foundation;

/// The editable part of a health profile. `None` clears a field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    pub height_cm: Option<i32>,
    pub weight_kg: Option<Numeric<5, 2>>,
    pub date_of_birth: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub activity_level: Option<ActivityLevel>,
}

impl ProfileInput {
    /// The seed's CHECKs, checked here first so the caller learns which field is wrong.
    fn validate(&self, today: NaiveDate) -> Result<()> {
        foundation::HEIGHT_CM.check_some("height_cm", self.height_cm)?;
        foundation::WEIGHT_KG.check_some("weight_kg", self.weight_kg.map(Numeric::value))?;
        if let Some(born) = self.date_of_birth {
            dates::check_birth_date("date_of_birth", born, today)?;
        }
        Ok(())
    }
}

/// Creates the user's health profile or replaces its fields, in one statement (INSERT ... ON
/// CONFLICT (user_id) DO UPDATE), so two concurrent calls cannot both insert. The audit trail
/// records `actor` as the acting user.
///
/// # Errors
/// [`Error::Validation`] for an out-of-range field (`date_of_birth`: see
/// [`dates::check_birth_date`]), [`Error::NotFound`] (`user`) for an unknown
/// or deleted user, [`Error::Forbidden`] ([`Forbidden::EmailNotVerified`]) when the user has
/// not verified their email address.
#[crate::traced("health::set_profile")]
pub async fn set_profile(
    db: &impl Conn,
    actor: Actor,
    input: ProfileInput,
) -> Result<health_profiles::Model> {
    input.validate(dates::today())?;
    let txn = acting::write(db, Some(actor)).await?;
    let user = accounts::live_user(&txn, actor.id()).await?;
    if !user.is_email_verified {
        return Err(Error::Forbidden(Forbidden::EmailNotVerified));
    }
    let now = Timestamp::now();
    use health_profiles::Column as C;
    health_profiles::Entity::insert(health_profiles::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(actor.id()),
        height_cm: Set(input.height_cm),
        weight_kg: Set(input.weight_kg),
        date_of_birth: Set(input.date_of_birth),
        gender: Set(input.gender),
        activity_level: Set(input.activity_level),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(C::UserId)
            .update_columns([
                C::HeightCm,
                C::WeightKg,
                C::DateOfBirth,
                C::Gender,
                C::ActivityLevel,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await
    .map_err(Error::writing(HEALTH_PROFILES))?;
    let profile = profile_of(&txn, actor.id()).await?;
    txn.commit().await?;
    Ok(profile)
}

/// Deletes the user's health profile (and, by cascade, their allergies and diets).
///
/// # Errors
/// [`Error::NotFound`] (`health profile`) when there is none.
#[crate::traced("health::delete_profile")]
pub async fn delete_profile(db: &impl Conn, actor: Actor) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let deleted = health_profiles::Entity::delete_many()
        .filter(health_profiles::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(health_profiles::Column::UserId))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::HealthProfile,
        });
    }
    txn.commit().await?;
    Ok(())
}

/// The user's health profile, read acting as that user.
///
/// # Errors
/// [`Error::NotFound`] (`health profile`) when there is none.
#[crate::traced("health::get_profile")]
pub async fn get_profile(db: &impl Conn, actor: Actor) -> Result<health_profiles::Model> {
    let txn = acting::read(db, Some(actor)).await?;
    let profile = profile_of(&txn, actor.id()).await?;
    txn.commit().await?;
    Ok(profile)
}

/// An empty health profile for the user (nothing measured yet), inside a transaction already
/// acting as them; the database refuses it for an unverified email
/// ([`Forbidden::EmailNotVerified`]).
pub(crate) async fn create_empty<C: sea_orm::ConnectionTrait>(
    db: &C,
    user_id: Uuid,
) -> Result<health_profiles::Model> {
    let now = Timestamp::now();
    sea_orm::ActiveModelTrait::insert(
        health_profiles::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(user_id),
            height_cm: Set(None),
            weight_kg: Set(None),
            date_of_birth: Set(None),
            gender: Set(None),
            activity_level: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        },
        db,
    )
    .await
    .map_err(Error::writing(HEALTH_PROFILES))
}

/// The user's health profile, inside a transaction already acting as them.
pub(crate) async fn profile_of<C: sea_orm::ConnectionTrait>(
    db: &C,
    user_id: Uuid,
) -> Result<health_profiles::Model> {
    health_profiles::Entity::find()
        .filter(health_profiles::Column::UserId.eq(user_id))
        .filter(accounts::owner_is_live(health_profiles::Column::UserId))
        .one(db)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::HealthProfile,
        })
}
