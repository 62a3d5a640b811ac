//! SeaORM entities of the Eatsential data layer: one module per table, grouped by domain.
//!
//! Entities say what a row is and nothing else; rules live in the `service` crate and in the
//! database (see `migration`). The same entity code runs on SQLite and PostgreSQL: tables that
//! live in the `auth`, `health` and `audit` schemas on PostgreSQL are left unqualified here and
//! found through the connection's `search_path`, because SQLite has one namespace.

pub mod accounts;
pub mod audit;
pub mod health;
pub mod types;

pub use accounts::{password_history, user_sessions, users, verification_tokens};
pub use audit::data_changes;
pub use health::{
    allergens, dietary_restrictions_ref, health_profiles, user_allergies, user_dietary_restrictions,
};
