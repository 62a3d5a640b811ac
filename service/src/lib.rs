//! Business rules of the Eatsential data layer, on top of the `entity` crate.
//!
//! Every function validates its input first, so callers get a typed [`Error`] naming the field;
//! the database's constraints stay the last line and decide races (a unique violation becomes
//! [`Error::Conflict`]). Writes that touch several rows run in one transaction.

pub mod accounts;
pub mod aggregate;
pub mod audit;
pub mod db;
pub mod error;
pub mod health;
pub mod input;

pub use db::{PoolConfig, connect, connect_with};
pub use error::{Error, Forbidden, OnField, Result, Violation, violation};
pub use input::Patch;
