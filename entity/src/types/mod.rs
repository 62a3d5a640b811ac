//! Column value types that keep one meaning on both backends.
//!
//! SeaORM's stock types drift apart between SQLite and PostgreSQL:
//!
//! - a `Decimal` loses its scale on SQLite, whose column is a REAL read back through `f64`
//!   (`1.10` comes back as `1.1`): [`Numeric`] restores it;
//! - a `DateTime<Utc>` keeps nanoseconds in SQLite's text but microseconds in PostgreSQL, and
//!   either backend holds years the other cannot: [`Timestamp`] truncates to the microsecond
//!   and keeps to years 1 to 9999;
//! - a `Vec<String>` makes sea-query panic when bound on SQLite: [`TextList`] is JSON text
//!   there and `text[]` on PostgreSQL;
//! - SeaORM's `Enum` columns get no CHECK on SQLite and need a PostgreSQL type: the enums here
//!   are short strings with a CHECK on both.
//!
//! A value written through these types on one backend reads back the same on the other.

mod card;
mod enums;
mod numeric;
mod nutrition_enums;
mod operations_enums;
mod planning_enums;
mod profile_enums;
mod recipe_enums;
mod restaurant_enums;
mod secret;
mod text_list;
mod timestamp;

pub use card::{CardBrand, SealedCard};
pub use enums::{
    ActivityLevel, AllergenCategory, AuditOperation, Gender, Role, Severity, TokenType,
};
pub use numeric::{Numeric, NumericError};
pub use nutrition_enums::{
    HealthMetric, InsightKind, MealSlot, MetricUnit, Nutrient, NutrientUnit, NutritionGoalType,
};
pub use operations_enums::HttpMethod;
pub use planning_enums::{PrepStatus, StorageLocation};
pub use profile_enums::{ConditionStatus, FitnessGoalType, GoalStatus, Units};
pub use recipe_enums::{Difficulty, IngredientCategory, TagCategory, Unit, UnitKind};
pub use restaurant_enums::RecommendationStatus;
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
