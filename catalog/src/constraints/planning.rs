//! The rules of meal plans, prep sessions, shopping lists, the pantry and ingredient prices (migration 14), table by table.
use super::{Kind, Refusal, Rule, check, fk, in_order, length, pk, rule, unique};
use crate::Subject;
use crate::limits::planning::{ITEM_NAME, NAME, NOTES, PLAN_DATES, STORE};
use crate::tables::{
    INGREDIENT_PRICES, INVENTORY_ITEMS, MEAL_PLANS, MEAL_PREP_SESSION_MEALS, MEAL_PREP_SESSIONS,
    PLANNED_MEALS, SHOPPING_ITEMS, SHOPPING_LISTS,
};

pub(super) const RULES: &[Rule] = &[
    // meal plans
    pk("meal_plans_pkey", MEAL_PLANS, Subject::MealPlan),
    fk(
        "fk_meal_plans_user",
        MEAL_PLANS,
        &["user_id"],
        Subject::User,
    ),
    length("chk_meal_plans_name", MEAL_PLANS, "name", &NAME),
    in_order("chk_meal_plans_dates", MEAL_PLANS, &PLAN_DATES),
    length("chk_meal_plans_notes_length", MEAL_PLANS, "notes", &NOTES),
    unique(
        "uq_meal_plans_id_user_dates",
        MEAL_PLANS,
        &["id", "user_id", "start_date", "end_date"],
        Subject::MealPlan,
    ),
    // planned meals
    pk("planned_meals_pkey", PLANNED_MEALS, Subject::PlannedMeal),
    fk(
        "fk_planned_meals_user",
        PLANNED_MEALS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_planned_meals_date_in_plan",
        PLANNED_MEALS,
        "date",
        "must be within its meal plan's dates",
    ),
    check(
        "chk_planned_meals_slot",
        PLANNED_MEALS,
        "meal_slot",
        "is not a known meal slot",
    ),
    check(
        "chk_planned_meals_servings",
        PLANNED_MEALS,
        "servings",
        "must be more than zero",
    ),
    fk(
        "fk_planned_meals_plan",
        PLANNED_MEALS,
        &["meal_plan_id", "user_id", "plan_start", "plan_end"],
        Subject::MealPlan,
    ),
    fk(
        "fk_planned_meals_recipe",
        PLANNED_MEALS,
        &["recipe_id"],
        Subject::Recipe,
    ),
    unique(
        "uq_planned_meals_slot_recipe",
        PLANNED_MEALS,
        &["meal_plan_id", "date", "meal_slot", "recipe_id"],
        Subject::PlannedMeal,
    ),
    unique(
        "uq_planned_meals_id_user",
        PLANNED_MEALS,
        &["id", "user_id"],
        Subject::PlannedMeal,
    ),
    // prep sessions and the meals they prepare
    pk(
        "meal_prep_sessions_pkey",
        MEAL_PREP_SESSIONS,
        Subject::PrepSession,
    ),
    fk(
        "fk_meal_prep_sessions_user",
        MEAL_PREP_SESSIONS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_meal_prep_sessions_status",
        MEAL_PREP_SESSIONS,
        "status",
        "is not a known prep session status",
    ),
    check(
        "chk_meal_prep_sessions_completed",
        MEAL_PREP_SESSIONS,
        "completed_at",
        "is set exactly when the session is completed",
    ),
    length(
        "chk_meal_prep_sessions_notes_length",
        MEAL_PREP_SESSIONS,
        "notes",
        &NOTES,
    ),
    unique(
        "uq_meal_prep_sessions_id_user",
        MEAL_PREP_SESSIONS,
        &["id", "user_id"],
        Subject::PrepSession,
    ),
    // A planned meal is prepared in one session: the key is the meal.
    rule(
        "meal_prep_session_meals_pkey",
        MEAL_PREP_SESSION_MEALS,
        Kind::PrimaryKey,
        &["planned_meal_id"],
        Refusal::Conflict {
            what: Subject::PlannedMealInAPrepSession,
        },
    ),
    fk(
        "fk_meal_prep_session_meals_user",
        MEAL_PREP_SESSION_MEALS,
        &["user_id"],
        Subject::User,
    ),
    fk(
        "fk_meal_prep_session_meals_session",
        MEAL_PREP_SESSION_MEALS,
        &["prep_session_id", "user_id"],
        Subject::PrepSession,
    ),
    fk(
        "fk_meal_prep_session_meals_meal",
        MEAL_PREP_SESSION_MEALS,
        &["planned_meal_id", "user_id"],
        Subject::PlannedMeal,
    ),
    // shopping lists
    pk("shopping_lists_pkey", SHOPPING_LISTS, Subject::ShoppingList),
    fk(
        "fk_shopping_lists_user",
        SHOPPING_LISTS,
        &["user_id"],
        Subject::User,
    ),
    length("chk_shopping_lists_name", SHOPPING_LISTS, "name", &NAME),
    fk(
        "fk_shopping_lists_plan",
        SHOPPING_LISTS,
        &["meal_plan_id"],
        Subject::MealPlan,
    ),
    unique(
        "uq_shopping_lists_id_user",
        SHOPPING_LISTS,
        &["id", "user_id"],
        Subject::ShoppingList,
    ),
    pk("shopping_items_pkey", SHOPPING_ITEMS, Subject::ShoppingItem),
    fk(
        "fk_shopping_items_user",
        SHOPPING_ITEMS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_shopping_items_what",
        SHOPPING_ITEMS,
        "ingredient_id",
        "an item is an ingredient or a named free-text item, not both",
    ),
    length(
        "chk_shopping_items_name",
        SHOPPING_ITEMS,
        "name",
        &ITEM_NAME,
    ),
    check(
        "chk_shopping_items_quantity",
        SHOPPING_ITEMS,
        "quantity",
        "must be more than zero",
    ),
    check(
        "chk_shopping_items_unit",
        SHOPPING_ITEMS,
        "unit",
        "is not a known unit",
    ),
    check(
        "chk_shopping_items_price",
        SHOPPING_ITEMS,
        "estimated_price",
        "must not be negative",
    ),
    fk(
        "fk_shopping_items_list",
        SHOPPING_ITEMS,
        &["shopping_list_id", "user_id"],
        Subject::ShoppingList,
    ),
    fk(
        "fk_shopping_items_ingredient",
        SHOPPING_ITEMS,
        &["ingredient_id"],
        Subject::Ingredient,
    ),
    unique(
        "uq_shopping_items_ingredient",
        SHOPPING_ITEMS,
        &["shopping_list_id", "ingredient_id", "unit"],
        Subject::ShoppingItem,
    ),
    // the pantry
    pk(
        "inventory_items_pkey",
        INVENTORY_ITEMS,
        Subject::InventoryItem,
    ),
    fk(
        "fk_inventory_items_user",
        INVENTORY_ITEMS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_inventory_items_quantity",
        INVENTORY_ITEMS,
        "quantity",
        "must not be below zero",
    ),
    check(
        "chk_inventory_items_unit",
        INVENTORY_ITEMS,
        "unit",
        "is not a known unit",
    ),
    check(
        "chk_inventory_items_location",
        INVENTORY_ITEMS,
        "location",
        "is not a known storage location",
    ),
    fk(
        "fk_inventory_items_ingredient",
        INVENTORY_ITEMS,
        &["ingredient_id"],
        Subject::Ingredient,
    ),
    // prices (shared data)
    pk(
        "ingredient_prices_pkey",
        INGREDIENT_PRICES,
        Subject::IngredientPrice,
    ),
    check(
        "chk_ingredient_prices_price",
        INGREDIENT_PRICES,
        "price",
        "must not be negative",
    ),
    check(
        "chk_ingredient_prices_quantity",
        INGREDIENT_PRICES,
        "quantity",
        "must be more than zero",
    ),
    check(
        "chk_ingredient_prices_unit",
        INGREDIENT_PRICES,
        "unit",
        "is not a known unit",
    ),
    length(
        "chk_ingredient_prices_store",
        INGREDIENT_PRICES,
        "store",
        &STORE,
    ),
    fk(
        "fk_ingredient_prices_ingredient",
        INGREDIENT_PRICES,
        &["ingredient_id"],
        Subject::Ingredient,
    ),
];
