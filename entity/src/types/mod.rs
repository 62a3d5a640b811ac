//! Column value types that keep one meaning on both backends.
//!
//! SeaORM's stock types drift apart between SQLite and PostgreSQL (see
//! `shared/design/SEAORM-NOTES.md`): decimals lose their scale on SQLite, timestamps keep
//! nanoseconds on SQLite but microseconds on PostgreSQL, and `Vec<String>` panics on SQLite.
//! The types here close those gaps so a value written on one backend reads back the same on
//! the other.

mod enums;
mod numeric;
mod secret;
mod text_list;
mod timestamp;

pub use enums::{ActivityLevel, AllergenCategory, AuditOperation, Gender, Severity, TokenType};
pub use numeric::{Numeric, NumericError};
pub use secret::PasswordHash;
pub use text_list::TextList;
pub use timestamp::{Timestamp, TimestampError};

/// What [`text_list_behavior!`](crate::text_list_behavior) expands to needs, reachable from
/// any crate that uses the macro. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use async_trait::async_trait;
    pub use sea_orm;
}
