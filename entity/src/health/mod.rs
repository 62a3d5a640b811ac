//! Health data: profiles, allergies and dietary restrictions, and their reference tables
//! (schema `health` on PostgreSQL).
pub mod allergens;
pub mod dietary_restrictions_ref;
pub mod fitness_goals;
pub mod health_profiles;
pub mod medical_conditions_ref;
pub mod user_allergies;
pub mod user_dietary_restrictions;
pub mod user_medical_conditions;
