//! Closed sets of values. Each is a short string column with a CHECK listing the same values
//! (see the migrations): SeaORM's `Enum` columns get no CHECK on SQLite and need a PostgreSQL
//! type, so they are plain strings on both backends.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum Gender {
    #[sea_orm(string_value = "male")]
    #[serde(rename = "male")]
    Male,
    #[sea_orm(string_value = "female")]
    #[serde(rename = "female")]
    Female,
    #[sea_orm(string_value = "other")]
    #[serde(rename = "other")]
    Other,
    #[sea_orm(string_value = "prefer_not_to_say")]
    #[serde(rename = "prefer_not_to_say")]
    PreferNotToSay,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum ActivityLevel {
    #[sea_orm(string_value = "sedentary")]
    #[serde(rename = "sedentary")]
    Sedentary,
    #[sea_orm(string_value = "light")]
    #[serde(rename = "light")]
    Light,
    #[sea_orm(string_value = "moderate")]
    #[serde(rename = "moderate")]
    Moderate,
    #[sea_orm(string_value = "active")]
    #[serde(rename = "active")]
    Active,
    #[sea_orm(string_value = "very_active")]
    #[serde(rename = "very_active")]
    VeryActive,
}

/// How bad a reaction to an allergen is, mildest first (the derived order is meaningful).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum Severity {
    #[sea_orm(string_value = "MILD")]
    #[serde(rename = "MILD")]
    Mild,
    #[sea_orm(string_value = "MODERATE")]
    #[serde(rename = "MODERATE")]
    Moderate,
    #[sea_orm(string_value = "SEVERE")]
    #[serde(rename = "SEVERE")]
    Severe,
    #[sea_orm(string_value = "LIFE_THREATENING")]
    #[serde(rename = "LIFE_THREATENING")]
    LifeThreatening,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(50))")]
pub enum AllergenCategory {
    #[sea_orm(string_value = "Food")]
    #[serde(rename = "Food")]
    Food,
    #[sea_orm(string_value = "Environmental")]
    #[serde(rename = "Environmental")]
    Environmental,
    #[sea_orm(string_value = "Medication")]
    #[serde(rename = "Medication")]
    Medication,
    #[sea_orm(string_value = "Other")]
    #[serde(rename = "Other")]
    Other,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum TokenType {
    #[sea_orm(string_value = "email_verify")]
    #[serde(rename = "email_verify")]
    EmailVerify,
    #[sea_orm(string_value = "password_reset")]
    #[serde(rename = "password_reset")]
    PasswordReset,
    #[sea_orm(string_value = "email_change")]
    #[serde(rename = "email_change")]
    EmailChange,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
pub enum AuditOperation {
    #[sea_orm(string_value = "INSERT")]
    #[serde(rename = "INSERT")]
    Insert,
    #[sea_orm(string_value = "UPDATE")]
    #[serde(rename = "UPDATE")]
    Update,
    #[sea_orm(string_value = "DELETE")]
    #[serde(rename = "DELETE")]
    Delete,
}

/// What a user may do in the application (`users.role`). Not a PostgreSQL role: the database's
/// group roles (`eatsential_read`, `eatsential_write`, `eatsential_admin`) are granted to login
/// roles, never to users of the application.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum Role {
    /// What every account is at registration (the column's default).
    #[default]
    #[sea_orm(string_value = "user")]
    #[serde(rename = "user")]
    User,
    #[sea_orm(string_value = "admin")]
    #[serde(rename = "admin")]
    Admin,
}
