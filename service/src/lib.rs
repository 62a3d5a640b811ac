//! Business rules of the Eatsential data layer, on top of the `entity` crate.
//!
//! Every function validates its input first, so callers get a typed [`Error`] naming the field;
//! the database's constraints stay the last line and decide races (a unique violation becomes
//! [`Error::Conflict`]). Writes that touch several rows run in one transaction.
//!
//! The main flow, from registration to a user's allergies:
//!
//! ```no_run
//! use entity::types::{ActivityLevel, Gender, Severity};
//! use service::accounts::{self, NewUser};
//! use service::health::{self, AllergenRef, AllergyInput, ProfileInput};
//! use service::{Error, OnField};
//!
//! # async fn flow(token_from_the_link: &str) -> Result<(), Error> {
//! let db = service::connect("sqlite://eatsential.db?mode=rwc").await?;
//! let registered = accounts::register(
//!     &db,
//!     NewUser { username: "ada", email: "ada@example.com", password: "correct horse battery" },
//! )
//! .await?;
//! // Email `registered.verification_token.expose()` to the user; the link brings it back.
//! let user = accounts::verify_email(&db, token_from_the_link).await?;
//!
//! let profile = ProfileInput {
//!     height_cm: Some(170),
//!     weight_kg: Some("64.5".parse().on_field("weight_kg")?),
//!     gender: Some(Gender::Female),
//!     activity_level: Some(ActivityLevel::Moderate),
//!     ..ProfileInput::default()
//! };
//! health::set_profile(&db, Some(user.id), user.id, profile).await?;
//! health::create_allergy(&db, user.id, AllergenRef::Name("Peanuts"), AllergyInput::new(Severity::Severe))
//!     .await?;
//! for allergy in health::list_allergies(&db, user.id).await? {
//!     println!("{}: {:?}", allergy.allergen.name, allergy.allergy.severity);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! A refusal by the database arrives as the same variant on both backends:
//!
//! ```no_run
//! # use service::{Error, accounts::{self, NewUser}};
//! # async fn twice(db: &service::Db) {
//! let again = NewUser { username: "ada2", email: "ADA@example.com", password: "correct horse battery" };
//! match accounts::register(db, again).await {
//!     Err(Error::Conflict { what: Subject::Email }) => println!("that email is taken"),
//!     Err(Error::Validation { field, reason }) => println!("{field}: {reason}"),
//!     other => println!("{other:?}"),
//! }
//! # }
//! ```
//!
//! Retrying a create call. A connection lost while committing
//! ([`Error::Unavailable`] with [`Unavailable::ConnectionLost`]) leaves it unknown whether the
//! write was stored. Every call that creates one of a user's rows (a meal log, a recipe, a
//! health metric, a nutrition or fitness goal, a plan or a planned meal, a prep session, a
//! shopping list or line, a pantry item, a card, an activity) takes an optional `id` chosen by
//! the client (a field of its input, or a last parameter): choose it once (`Uuid::new_v4()`)
//! and send the same call again with it. If the first try was stored, the repeat returns the
//! stored row and writes nothing; else it stores the row now. Two repeats racing each other
//! end with one row, and both get it. The same id with other content, or an id another user
//! holds, is [`Error::Conflict`] (`"meal log id"`, `"recipe id"`, ...), which says nothing of
//! that row. Nothing remembers the id of a row deleted since: a repeat then stores it again.
//! Without an id the service makes one, and a repeat stores a second row.

pub mod accounts;
pub mod acting;
pub mod aggregate;
pub mod catalogue;
pub mod db;
pub mod error;
pub mod health;
mod idempotent;
pub mod input;
pub mod nutrition;
pub mod operations;
mod owned;
pub mod payments;
pub mod profiles;
pub mod restaurants;

pub use acting::{ActingTxn, Actor, Conn, begin};
pub use catalog::Subject;
pub use db::{Db, PoolConfig, connect, connect_with};
pub use error::{
    AuthFailure, Error, Forbidden, OnField, Result, Unavailable, Violation, violation,
};
pub use input::Patch;
pub mod inventory;
pub mod planning;
pub mod recipes;
pub mod recommendations;
pub mod safety;
pub mod shopping;
