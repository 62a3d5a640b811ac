//! Health data: profiles, allergies and dietary restrictions, and their reference tables
//! (schema `health` on PostgreSQL).
pub mod allergens;
pub mod dietary_restrictions_ref;
pub mod health_profiles;
pub mod user_allergies;
pub mod user_dietary_restrictions;
