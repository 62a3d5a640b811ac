//! Meal plans, planned meals and prep sessions; shopping lists, the pantry and ingredient
//! prices (seed 000 "Meal Planning" and "Shopping & Inventory", which name these tables but
//! define none of them).
//!
//! A planned meal's date must lie inside its plan's range, for raw SQL too. A CHECK cannot read
//! the plan's row, so each planned meal carries a copy of its plan's dates (`plan_start`,
//! `plan_end`), held equal to the plan's by a composite foreign key to `meal_plans (id,
//! user_id, start_date, end_date)` whose updates cascade, and a CHECK compares the date with
//! the copy. Changing a plan's range rewrites the copies through the cascade, and the CHECK
//! then refuses a range that would leave a meal outside: the database decides both directions,
//! under races too, with no trigger (`docs/DESIGN.md` D28).
use crate::lint::{self, Exception};
use catalog::limits::planning;
use entity::types::{MealSlot, PrepStatus, StorageLocation, Unit};
use sea_orm_migration::prelude::*;

use crate::conventions::Conventions;
use crate::portable::{Index, NewTable, drop_tables, one_of_enum, row_triggers};
use catalog::tables::{
    INGREDIENT_PRICES, INGREDIENTS, INVENTORY_ITEMS, MEAL_PLANS, MEAL_PREP_SESSION_MEALS,
    MEAL_PREP_SESSIONS, PLANNED_MEALS, RECIPES, SHOPPING_ITEMS, SHOPPING_LISTS,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        NewTable::new(backend, MEAL_PLANS)
            .id()
            .owned_by_user()
            .varchar("name", planning::NAME.varchar())
            .date("start_date")
            .date("end_date")
            .text_null("notes")
            .timestamps()
            .check("chk_meal_plans_name", &planning::NAME.sql("name"))
            .check("chk_meal_plans_dates", &planning::PLAN_DATES.sql())
            .check("chk_meal_plans_notes_length", &planning::NOTES.sql("notes"))
            // The target of planned_meals' key: a meal's user and dates are its plan's.
            .unique(
                "uq_meal_plans_id_user_dates",
                &["id", "user_id", "start_date", "end_date"],
            )
            .index(Index::new("idx_meal_plans_user", "user_id, start_date"))
            .then_all(row_triggers(backend, MEAL_PLANS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, PLANNED_MEALS)
            .id()
            .owned_by_user()
            .uuid("meal_plan_id")
            // Copies of the plan's dates, kept equal by fk_planned_meals_plan (ON UPDATE
            // CASCADE), so that a CHECK can compare the meal's date with them.
            .date("plan_start")
            .date("plan_end")
            .date("date")
            .varchar("meal_slot", 10)
            .uuid("recipe_id")
            .decimal("servings", 6, 2)
            .timestamps()
            .check(
                "chk_planned_meals_date_in_plan",
                "date BETWEEN plan_start AND plan_end",
            )
            .check(
                "chk_planned_meals_slot",
                &one_of_enum::<MealSlot>("meal_slot"),
            )
            .check("chk_planned_meals_servings", "servings > 0")
            .foreign_key(
                "fk_planned_meals_plan",
                &["meal_plan_id", "user_id", "plan_start", "plan_end"],
                MEAL_PLANS,
                &["id", "user_id", "start_date", "end_date"],
                ForeignKeyAction::Cascade,
            )
            // A recipe that is deleted leaves the plans it was in (its author's erasure must
            // not be blocked by someone else's plan).
            .foreign_key(
                "fk_planned_meals_recipe",
                &["recipe_id"],
                RECIPES,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            // One row per recipe in a slot: more of it is more servings.
            .unique(
                "uq_planned_meals_slot_recipe",
                &["meal_plan_id", "date", "meal_slot", "recipe_id"],
            )
            // The target of prep sessions' links: a linked meal is the same user's.
            .unique("uq_planned_meals_id_user", &["id", "user_id"])
            .index(Index::new("idx_planned_meals_recipe", "recipe_id"))
            .then_all(row_triggers(backend, PLANNED_MEALS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, MEAL_PREP_SESSIONS)
            .id()
            .owned_by_user()
            .timestamp("scheduled_at")
            .varchar_default("status", 20, "scheduled")
            .timestamp_null("completed_at")
            .text_null("notes")
            .timestamps()
            .check(
                "chk_meal_prep_sessions_status",
                &one_of_enum::<PrepStatus>("status"),
            )
            // A completed session says when; no other session has a completion time.
            .check(
                "chk_meal_prep_sessions_completed",
                "(status = 'completed') = (completed_at IS NOT NULL)",
            )
            .check(
                "chk_meal_prep_sessions_notes_length",
                &planning::NOTES.sql("notes"),
            )
            .unique("uq_meal_prep_sessions_id_user", &["id", "user_id"])
            .index(Index::new(
                "idx_meal_prep_sessions_user",
                "user_id, scheduled_at",
            ))
            .then_all(row_triggers(backend, MEAL_PREP_SESSIONS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, MEAL_PREP_SESSION_MEALS)
            .uuid("prep_session_id")
            .uuid("planned_meal_id")
            .owned_by_user()
            // A planned meal is cooked once: in one session.
            .primary_key(&["planned_meal_id"])
            .foreign_key(
                "fk_meal_prep_session_meals_session",
                &["prep_session_id", "user_id"],
                MEAL_PREP_SESSIONS,
                &["id", "user_id"],
                ForeignKeyAction::Cascade,
            )
            .foreign_key(
                "fk_meal_prep_session_meals_meal",
                &["planned_meal_id", "user_id"],
                PLANNED_MEALS,
                &["id", "user_id"],
                ForeignKeyAction::Cascade,
            )
            .index(Index::new(
                "idx_meal_prep_session_meals_session",
                "prep_session_id, user_id",
            ))
            .create(manager)
            .await?;

        NewTable::new(backend, SHOPPING_LISTS)
            .id()
            .owned_by_user()
            .varchar("name", planning::NAME.varchar())
            // The plan it was made from; the list stays when the plan goes.
            .uuid_null("meal_plan_id")
            .timestamps()
            .check("chk_shopping_lists_name", &planning::NAME.sql("name"))
            .foreign_key(
                "fk_shopping_lists_plan",
                &["meal_plan_id"],
                MEAL_PLANS,
                &["id"],
                ForeignKeyAction::SetNull,
            )
            .unique("uq_shopping_lists_id_user", &["id", "user_id"])
            .index(Index::new("idx_shopping_lists_user", "user_id, created_at"))
            .index(Index::new("idx_shopping_lists_plan", "meal_plan_id"))
            .then_all(row_triggers(backend, SHOPPING_LISTS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, SHOPPING_ITEMS)
            .id()
            .owned_by_user()
            .uuid("shopping_list_id")
            // An ingredient of the catalogue, or else a free-text item: exactly one of them.
            .uuid_null("ingredient_id")
            .varchar_null("name", planning::ITEM_NAME.varchar())
            .decimal("quantity", 12, 3)
            .varchar("unit", 10)
            .boolean("is_checked", false)
            .decimal_null("estimated_price", 10, 2)
            .timestamps()
            .check(
                "chk_shopping_items_what",
                "(ingredient_id IS NULL) <> (name IS NULL)",
            )
            .check("chk_shopping_items_name", &planning::ITEM_NAME.sql("name"))
            .check("chk_shopping_items_quantity", "quantity > 0")
            .check("chk_shopping_items_unit", &one_of_enum::<Unit>("unit"))
            .check("chk_shopping_items_price", "estimated_price >= 0")
            .foreign_key(
                "fk_shopping_items_list",
                &["shopping_list_id", "user_id"],
                SHOPPING_LISTS,
                &["id", "user_id"],
                ForeignKeyAction::Cascade,
            )
            .foreign_key(
                "fk_shopping_items_ingredient",
                &["ingredient_id"],
                INGREDIENTS,
                &["id"],
                ForeignKeyAction::Restrict,
            )
            // One line per ingredient and unit in a list (free-text lines are NULL: distinct).
            .unique(
                "uq_shopping_items_ingredient",
                &["shopping_list_id", "ingredient_id", "unit"],
            )
            .index(Index::new("idx_shopping_items_ingredient", "ingredient_id"))
            .then_all(row_triggers(backend, SHOPPING_ITEMS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, INVENTORY_ITEMS)
            .id()
            .owned_by_user()
            .uuid("ingredient_id")
            .decimal("quantity", 12, 3)
            .varchar("unit", 10)
            .varchar_default("location", 20, "pantry")
            .date_null("best_before")
            .timestamps()
            .check("chk_inventory_items_quantity", "quantity >= 0")
            .check("chk_inventory_items_unit", &one_of_enum::<Unit>("unit"))
            .check(
                "chk_inventory_items_location",
                &one_of_enum::<StorageLocation>("location"),
            )
            .foreign_key(
                "fk_inventory_items_ingredient",
                &["ingredient_id"],
                INGREDIENTS,
                &["id"],
                ForeignKeyAction::Restrict,
            )
            .index(Index::new(
                "idx_inventory_items_user_ingredient",
                "user_id, ingredient_id",
            ))
            // "What expires within N days": by user, soonest first.
            .index(
                Index::new("idx_inventory_items_best_before", "user_id, best_before")
                    .filter("best_before IS NOT NULL"),
            )
            .index(Index::new(
                "idx_inventory_items_ingredient",
                "ingredient_id",
            ))
            .then_all(row_triggers(backend, INVENTORY_ITEMS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, INGREDIENT_PRICES)
            .id()
            .uuid("ingredient_id")
            .varchar_null("store", planning::STORE.varchar())
            // The price paid for `quantity` `unit` of the ingredient.
            .decimal("price", 10, 2)
            .decimal("quantity", 10, 3)
            .varchar("unit", 10)
            .timestamp_now("observed_at")
            .timestamp_now("created_at")
            .check("chk_ingredient_prices_price", "price >= 0")
            .check("chk_ingredient_prices_quantity", "quantity > 0")
            .check("chk_ingredient_prices_unit", &one_of_enum::<Unit>("unit"))
            .check("chk_ingredient_prices_store", &planning::STORE.sql("store"))
            .foreign_key(
                "fk_ingredient_prices_ingredient",
                &["ingredient_id"],
                INGREDIENTS,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            // The latest price of an ingredient: the first entry of this index (the id breaks
            // ties the same way on both backends, without a sort).
            .index(Index::new(
                "idx_ingredient_prices_latest",
                "ingredient_id, observed_at DESC, id DESC",
            ))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                INGREDIENT_PRICES,
                INVENTORY_ITEMS,
                SHOPPING_ITEMS,
                SHOPPING_LISTS,
                MEAL_PREP_SESSION_MEALS,
                MEAL_PREP_SESSIONS,
                PLANNED_MEALS,
                MEAL_PLANS,
            ],
        )
        .await
    }
}
