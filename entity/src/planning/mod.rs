//! Meal planning and shopping (issue 8): a user's meal plans and the recipes put in their slots,
//! prep sessions, shopping lists, the pantry, and the shared price history of ingredients.
pub mod ingredient_prices;
pub mod inventory_items;
pub mod meal_plans;
pub mod meal_prep_session_meals;
pub mod meal_prep_sessions;
pub mod planned_meals;
pub mod shopping_items;
pub mod shopping_lists;
