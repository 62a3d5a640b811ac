//! Business rules of the Eatsential data layer, on top of the `entity` crate.
//!
//! Every function validates its input first, so callers get a typed [`Error`] naming the field;
//! the database's constraints stay the last line and decide races (a unique violation becomes
//! [`Error::Conflict`]). Writes that touch several rows run in one transaction.
//!
//! # How every call is shaped
//!
//! `module::verb_noun(conn, actor, input)`:
//! - **`conn`** first: a [`Db`] (the call runs in a transaction of its own) or an
//!   [`ActingTxn`] from [`begin`] (the call runs inside it, so several calls commit or roll back
//!   together). Both implement [`Conn`].
//! - **`actor`** next, for every call that reaches a user's rows: the signed-in user as an
//!   [`Actor`] (from [`accounts::resolve_session`]), never a bare id, so it cannot be swapped
//!   with the id of a row. Calls with no user (register, sign in, the catalogues, operators'
//!   calls on restaurants) take none.
//! - **the input** last: the id of the row in the path (a bare `Uuid`: at most one per call),
//!   then an owned input type that implements `serde::Deserialize` with the field names a JSON
//!   client sends ([`input::from_json`] turns a body into it, or into an
//!   [`Error::Validation`] naming the field). Every output implements `serde::Serialize` and
//!   holds no secret.
//!
//! The verbs, the same in every domain:
//!
//! | verb | does | returns | when the row is not the actor's |
//! |---|---|---|---|
//! | `create_x` | inserts a row (an optional client-chosen `id` makes it repeatable) | the row | — |
//! | `get_x` | reads one row by its key | the row | [`Error::NotFound`] |
//! | `find_x` | reads one row that may not exist | `Option` | `None` |
//! | `list_x` | reads the actor's rows (or a catalogue), in a stated order | `Vec` | — |
//! | `update_x` | changes the fields given (a [`Patch`] or `Option` per field) | the row | [`Error::NotFound`] |
//! | `delete_x` | deletes the row (cascades do the rest) | `()` | [`Error::NotFound`] |
//! | `set_x` | creates or replaces (an allergy, a profile, a target, a status) | the row | — |
//!
//! and the domain verbs that say more than those: `register`, `verify_email`, `sign_in`,
//! `resolve_session`, `end_session`, `revoke_*`, `issue_*`, `rotate_*`, `reset_password`,
//! `erase`; `log_meal`, `record_*`, `mark_*`, `dismiss*`, `end_*`; `scale`, `rate`, `search`,
//! `search_nearby`; `move_planned_meal`, `schedule_prep_session`, `check_shopping_item`,
//! `use_inventory_item`; `recommend`, `accept`; `deactivate_*`, `replace_*`, `reveal_*`.
//!
//! # The main flow, from registration to a user's allergies
//!
//! ```no_run
//! use entity::types::{ActivityLevel, Gender, Severity};
//! use service::accounts::{self, Credentials, NewUser, SessionInfo};
//! use service::health::{self, AllergenRef, AllergyEntry, AllergyInput, ProfileInput};
//! use service::{Error, OnField};
//!
//! # async fn flow(token_from_the_link: &str) -> Result<(), Error> {
//! let db = service::connect("sqlite://eatsential.db?mode=rwc").await?;
//! let new = NewUser {
//!     username: "ada".into(),
//!     email: "ada@example.com".into(),
//!     password: "correct horse battery".into(),
//! };
//! let registered = accounts::register(&db, new).await?;
//! // Email `registered.verification_token.expose()` to the user; the link brings it back.
//! accounts::verify_email(&db, token_from_the_link).await?;
//!
//! let credentials = Credentials {
//!     email: "ada@example.com".into(),
//!     password: "correct horse battery".into(),
//! };
//! let signed_in = accounts::sign_in(&db, credentials, SessionInfo::default()).await?;
//! // Give `signed_in.token.expose()` to the client; each request brings it back.
//! let session = accounts::resolve_session(&db, signed_in.token.expose()).await?;
//! let actor = session.actor();
//!
//! let profile = ProfileInput {
//!     height_cm: Some(170),
//!     weight_kg: Some("64.5".parse().on_field("weight_kg")?),
//!     gender: Some(Gender::Female),
//!     activity_level: Some(ActivityLevel::Moderate),
//!     ..ProfileInput::default()
//! };
//! health::set_profile(&db, actor, profile).await?;
//! let peanuts = AllergyEntry::new(AllergenRef::Name("Peanuts".into()), AllergyInput::new(Severity::Severe));
//! health::set_allergy(&db, actor, peanuts).await?;
//! for allergy in health::list_allergies(&db, actor).await? {
//!     println!("{}: {:?}", allergy.allergen.name, allergy.allergy.severity);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! An actor and a row's id do not swap:
//!
//! ```compile_fail
//! # async fn f(db: &service::Db, actor: service::Actor, recipe: uuid::Uuid) {
//! let _ = service::recipes::get(db, recipe, actor).await;
//! # }
//! ```
//!
//! A refusal by the database arrives as the same variant on both backends:
//!
//! ```no_run
//! # use service::{Error, accounts::{self, NewUser}};
//! # async fn twice(db: &service::Db) {
//! let again = NewUser {
//!     username: "ada2".into(),
//!     email: "ADA@example.com".into(),
//!     password: "correct horse battery".into(),
//! };
//! match accounts::register(db, again).await {
//!     Err(Error::Conflict { what: service::Subject::Email }) => println!("that email is taken"),
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
mod advisory;
pub mod aggregate;
#[doc(hidden)]
pub mod autocommit;
pub mod catalogue;
pub mod db;
pub mod error;
#[cfg(feature = "postgres")]
// Its module docs explain the crate-private `Flight` by linking to it (they resolve with
// `cargo doc --document-private-items`); without this, `cargo doc` with `-D warnings` fails.
#[allow(rustdoc::private_intra_doc_links)]
pub mod flight;
pub mod health;
mod idempotent;
pub mod input;
mod nutrients;
pub mod nutrition;
pub mod operations;
mod owned;
pub mod payments;
pub mod profiles;
// Without the `postgres` feature no replica is ever connected (the URLs are refused).
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
mod replicas;
pub mod restaurants;
mod trace;

/// `#[traced("module::verb_noun")]` on every public call: its span (see `trace`).
use service_macros::traced;

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
