//! A user's profile and preferences (seed 000 `user_profiles`, `user_preferences`): one row
//! each, created by the first update. Body measurements, allergies and diets are not here:
//! `health` holds them, their one source of truth.
//!
//! Every function acts as `actor` and reaches only `actor`'s rows (on PostgreSQL the row-level
//! security policies enforce the same).
use crate::{Actor, Conn};
use catalog::Subject;
use serde::Deserialize;
use std::borrow::Cow;

use chrono_tz::Tz;
use entity::types::{Numeric, TextList, Units};
use entity::{user_preferences, user_profiles};
use rust_decimal::Decimal;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    Iterable, QueryFilter, Set,
};
use uuid::Uuid;

use crate::input::{InRange, Limited, Patch, no_nul};
use crate::{Error, Result, accounts, acting};
use catalog::limits::Length;
use catalog::limits::foundation::{
    CUISINE, FULL_NAME, HEALTH_GOAL, LANGUAGE_TAG, MAX_COOKING_MINUTES,
};

/// What to change of a profile; `None` and [`Patch::Keep`] keep the stored value (or, on the
/// first update, the default: time zone `UTC`, language `en`, no goals).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ProfileChange {
    pub full_name: Patch<String>,
    /// An IANA time zone name (`Europe/Paris`), checked against the time zone database.
    pub timezone: Option<String>,
    /// A BCP 47 language tag (`en`, `en-US`, `zh-Hant-TW`).
    pub language_preference: Option<String>,
    pub health_goals: Option<Vec<String>>,
}

/// What to change of the preferences; `None` and [`Patch::Keep`] keep the stored value (or, on
/// the first update, the default: metric, no cuisines, no limits, email and push on, meal
/// reminders off).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PreferencesChange {
    pub units: Option<Units>,
    pub preferred_cuisines: Option<Vec<String>>,
    pub disliked_cuisines: Option<Vec<String>>,
    pub max_cooking_time_minutes: Patch<i32>,
    pub budget_per_meal: Patch<Numeric<8, 2>>,
    pub notify_email: Option<bool>,
    pub notify_push: Option<bool>,
    pub notify_meal_reminders: Option<bool>,
}

const MAX_HEALTH_GOALS: usize = 20;
const MAX_CUISINES: usize = 30;

/// A full name, trimmed: the limit counts what is stored.
fn validate_full_name(name: &str) -> Result<String> {
    let name = name.trim();
    FULL_NAME.check("full_name", name)?;
    Ok(name.to_owned())
}

/// An IANA time zone name, spelled as the time zone database spells it (`Europe/Paris`).
fn validate_timezone(name: &str) -> Result<String> {
    no_nul("timezone", name)?;
    name.trim()
        .parse::<Tz>()
        .map(|tz| tz.name().to_owned())
        .map_err(|_| Error::invalid("timezone", "is not an IANA time zone name"))
}

/// A language tag as [`LANGUAGE_TAG`] allows it, its language part stored in lower case
/// (`EN-US` gives `en-US`).
fn validate_language(tag: &str) -> Result<String> {
    no_nul("language_preference", tag)?;
    LANGUAGE_TAG
        .normalise(tag.trim())
        .ok_or_else(|| Error::invalid("language_preference", LANGUAGE_TAG.reason))
}

/// A list of short texts: each trimmed and within `item` (not blank, without NUL, not too
/// long); at most `max_items`; repeats (ignoring case) dropped. Errors name the element
/// (`health_goals[2]`).
fn validate_list(
    field: &'static str,
    items: &[String],
    max_items: usize,
    item: &Length,
) -> Result<Vec<String>> {
    if items.len() > max_items {
        return Err(Error::invalid(
            field,
            format!("must hold at most {max_items} items"),
        ));
    }
    let mut kept: Vec<String> = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        let value = value.trim();
        item.check(Cow::Owned(format!("{field}[{i}]")), value)?;
        if !kept.iter().any(|k| k.eq_ignore_ascii_case(value)) {
            kept.push(value.to_owned());
        }
    }
    Ok(kept)
}

/// Writes the columns whose value differs between `stored` and `wanted` (found through the
/// entity's columns, so a column added later is covered); nothing when none differs. Text lists
/// compare in their backend-neutral form and are encoded for the backend by `before_save`.
pub(crate) async fn save_changes<A, C>(db: &C, stored: A, wanted: A) -> Result<()>
where
    A: ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    C: ConnectionTrait,
{
    let mut row = stored;
    let mut changed = false;
    for column in <A::Entity as EntityTrait>::Column::iter() {
        if let ActiveValue::Unchanged(value) | ActiveValue::Set(value) = wanted.get(column)
            && row.get(column).into_value().as_ref() != Some(&value)
        {
            row.set(column, value);
            changed = true;
        }
    }
    if changed {
        row.update(db).await?;
    }
    Ok(())
}

/// The acting user's profile, `None` before the first update.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("profiles::get_user_profile")]
pub async fn get_user_profile(
    db: &impl Conn,
    actor: Actor,
) -> Result<Option<user_profiles::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let profile = stored_profile(&txn, actor).await?;
    txn.commit().await?;
    Ok(profile)
}

async fn stored_profile<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
) -> Result<Option<user_profiles::Model>> {
    Ok(user_profiles::Entity::find()
        .filter(user_profiles::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(user_profiles::Column::UserId))
        .one(db)
        .await?)
}

/// Updates the acting user's profile, creating it on the first call: only the fields the
/// change sets or clears. Concurrent first calls both succeed (the row is created once).
///
/// # Errors
/// [`Error::Validation`] naming the field (`full_name`, `timezone`, `language_preference`,
/// `health_goals[i]`); [`Error::NotFound`] (`user`) for an unknown or deleted user.
#[crate::traced("profiles::update_user_profile")]
pub async fn update_user_profile(
    db: &impl Conn,
    actor: Actor,
    change: ProfileChange,
) -> Result<user_profiles::Model> {
    let full_name = match change.full_name {
        Patch::Set(name) => Patch::Set(validate_full_name(&name)?),
        other => other,
    };
    let timezone = change
        .timezone
        .as_deref()
        .map(validate_timezone)
        .transpose()?;
    let language = change
        .language_preference
        .as_deref()
        .map(validate_language)
        .transpose()?;
    let goals = change
        .health_goals
        .as_deref()
        .map(|g| validate_list("health_goals", g, MAX_HEALTH_GOALS, &HEALTH_GOAL))
        .transpose()?;

    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    user_profiles::Entity::insert(user_profiles::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(actor.id()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(user_profiles::Column::UserId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let stored = stored_profile(&txn, actor).await?.ok_or(Error::NotFound {
        what: Subject::User,
    })?;
    let mut wanted = stored.clone();
    if let Some(name) = full_name.into_change() {
        wanted.full_name = name;
    }
    if let Some(tz) = timezone {
        wanted.timezone = tz;
    }
    if let Some(language) = language {
        wanted.language_preference = language;
    }
    if let Some(goals) = goals {
        wanted.health_goals = TextList::from(goals);
    }
    save_changes(&txn, stored.into_active_model(), wanted.into_active_model()).await?;
    let profile = stored_profile(&txn, actor).await?.ok_or(Error::NotFound {
        what: Subject::User,
    })?;
    txn.commit().await?;
    Ok(profile)
}

/// The acting user's preferences, `None` before the first update.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("profiles::get_user_preferences")]
pub async fn get_user_preferences(
    db: &impl Conn,
    actor: Actor,
) -> Result<Option<user_preferences::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let preferences = stored_preferences(&txn, actor).await?;
    txn.commit().await?;
    Ok(preferences)
}

async fn stored_preferences<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
) -> Result<Option<user_preferences::Model>> {
    Ok(user_preferences::Entity::find()
        .filter(user_preferences::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(user_preferences::Column::UserId))
        .one(db)
        .await?)
}

/// Updates the acting user's preferences, creating them on the first call: only the fields the
/// change sets or clears. A cuisine cannot be both preferred and disliked (ignoring case),
/// counting the stored list the change leaves as it is.
///
/// # Errors
/// [`Error::Validation`] naming the field (`preferred_cuisines[i]`, `disliked_cuisines[i]`,
/// `max_cooking_time_minutes`, `budget_per_meal`); [`Error::NotFound`] (`user`).
#[crate::traced("profiles::update_user_preferences")]
pub async fn update_user_preferences(
    db: &impl Conn,
    actor: Actor,
    change: PreferencesChange,
) -> Result<user_preferences::Model> {
    let lists = checked_lists(&change)?;
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let stored = preferences_made_if_missing(&txn, actor).await?;
    let wanted = changed(stored.clone(), change, lists)?;
    save_changes(&txn, stored.into_active_model(), wanted.into_active_model()).await?;
    let preferences = stored_preferences(&txn, actor)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::User,
        })?;
    txn.commit().await?;
    Ok(preferences)
}

/// The cuisine lists `change` sets (preferred, disliked), checked with its other values.
type CuisineLists = (Option<Vec<String>>, Option<Vec<String>>);

/// `change`'s values checked before anything is read.
fn checked_lists(change: &PreferencesChange) -> Result<CuisineLists> {
    let preferred = change
        .preferred_cuisines
        .as_deref()
        .map(|c| validate_list("preferred_cuisines", c, MAX_CUISINES, &CUISINE))
        .transpose()?;
    let disliked = change
        .disliked_cuisines
        .as_deref()
        .map(|c| validate_list("disliked_cuisines", c, MAX_CUISINES, &CUISINE))
        .transpose()?;
    if let Some(&minutes) = change.max_cooking_time_minutes.as_set() {
        MAX_COOKING_MINUTES.check("max_cooking_time_minutes", minutes)?;
    }
    if let Some(budget) = change.budget_per_meal.as_set()
        && budget.value() < Decimal::ZERO
    {
        return Err(Error::invalid("budget_per_meal", "must not be negative"));
    }
    Ok((preferred, disliked))
}

/// The user's preferences row, made with the defaults first when they have none.
async fn preferences_made_if_missing(
    txn: &impl ConnectionTrait,
    actor: Actor,
) -> Result<user_preferences::Model> {
    user_preferences::Entity::insert(user_preferences::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(actor.id()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(user_preferences::Column::UserId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    stored_preferences(txn, actor)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::User,
        })
}

/// `stored` with `change` applied; a cuisine both preferred and disliked is refused.
fn changed(
    stored: user_preferences::Model,
    change: PreferencesChange,
    (preferred, disliked): CuisineLists,
) -> Result<user_preferences::Model> {
    let mut wanted = stored;
    if let Some(units) = change.units {
        wanted.units = units;
    }
    if let Some(preferred) = preferred {
        wanted.preferred_cuisines = TextList::from(preferred);
    }
    if let Some(disliked) = disliked {
        wanted.disliked_cuisines = TextList::from(disliked);
    }
    if let Some((i, _)) = wanted
        .disliked_cuisines
        .items()
        .iter()
        .enumerate()
        .find(|(_, d)| {
            wanted
                .preferred_cuisines
                .items()
                .iter()
                .any(|p| p.eq_ignore_ascii_case(d))
        })
    {
        return Err(Error::invalid(
            format!("disliked_cuisines[{i}]"),
            "is also a preferred cuisine",
        ));
    }
    if let Some(minutes) = change.max_cooking_time_minutes.into_change() {
        wanted.max_cooking_time_minutes = minutes;
    }
    if let Some(budget) = change.budget_per_meal.into_change() {
        wanted.budget_per_meal = budget;
    }
    if let Some(on) = change.notify_email {
        wanted.notify_email = on;
    }
    if let Some(on) = change.notify_push {
        wanted.notify_push = on;
    }
    if let Some(on) = change.notify_meal_reminders {
        wanted.notify_meal_reminders = on;
    }
    Ok(wanted)
}
