use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{MealSlot, Numeric, Timestamp};

/// `public.planned_meals`: a recipe put in a slot of a day of a plan, with servings.
/// `plan_start` and `plan_end` are copies of the plan's dates, kept equal by the database (a
/// composite foreign key whose updates cascade), so that a CHECK holds `date` inside them.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "planned_meals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub meal_plan_id: Uuid,
    pub plan_start: Date,
    pub plan_end: Date,
    pub date: Date,
    pub meal_slot: MealSlot,
    pub recipe_id: Uuid,
    pub servings: Numeric<6, 2>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl ActiveModelBehavior for ActiveModel {}
