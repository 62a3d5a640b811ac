use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// `public.meal_prep_session_meals`: which planned meals a prep session prepares. A planned
/// meal is in at most one session; both keys name rows of the same user.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meal_prep_session_meals")]
pub struct Model {
    pub prep_session_id: Uuid,
    /// The key: a planned meal is prepared in one session.
    #[sea_orm(primary_key, auto_increment = false)]
    pub planned_meal_id: Uuid,
    pub user_id: Uuid,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(
        belongs_to,
        from = "(prep_session_id, user_id)",
        to = "(id, user_id)",
        on_delete = "Cascade"
    )]
    pub prep_session: BelongsTo<super::meal_prep_sessions::Entity>,
    #[sea_orm(
        belongs_to,
        from = "(planned_meal_id, user_id)",
        to = "(id, user_id)",
        on_delete = "Cascade"
    )]
    pub planned_meal: BelongsTo<super::planned_meals::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
