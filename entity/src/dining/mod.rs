//! Restaurants and their meals (shared catalogue data), and what users are recommended and
//! think of it (seed 002 §3.1, §4.4).
pub mod feedback;
pub mod meal_ingredients;
pub mod meals;
pub mod recommendations;
pub mod restaurants;
