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
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    /// `fk_planned_meals_plan`: the plan's id, user and dates, whose updates cascade.
    #[sea_orm(
        belongs_to,
        from = "(meal_plan_id, user_id, plan_start, plan_end)",
        to = "(id, user_id, start_date, end_date)",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    pub meal_plan: BelongsTo<super::meal_plans::Entity>,
    #[sea_orm(belongs_to, from = "recipe_id", to = "id", on_delete = "Cascade")]
    pub recipe: BelongsTo<crate::recipes::Entity>,
    /// The link to the prep session that cooks it, if one does.
    #[sea_orm(has_one)]
    pub prep_session_meal: HasOne<super::meal_prep_session_meals::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
