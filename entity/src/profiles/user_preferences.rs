use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, TextList, Timestamp, Units};

/// `public.user_preferences`, at most one per user: units, cuisines, cooking time, budget and
/// which notifications they want.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_preferences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub user_id: Uuid,
    pub units: Units,
    pub preferred_cuisines: TextList,
    pub disliked_cuisines: TextList,
    /// The longest a recipe may take, in minutes (1 to 1440).
    pub max_cooking_time_minutes: Option<i32>,
    pub budget_per_meal: Option<Numeric<8, 2>>,
    pub notify_email: bool,
    pub notify_push: bool,
    pub notify_meal_reminders: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

crate::text_list_behavior!(preferred_cuisines, disliked_cuisines);
