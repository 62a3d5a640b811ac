//! A user's profile and preferences (seed 000): who they are and how they like things shown.
//! Body measurements, allergies and diets live in `health`, their one source of truth.
pub mod user_preferences;
pub mod user_profiles;
