//! The database refuses bad rows by itself: raw SQL, no service in between.
//!
//! By topic: users, their tokens and sessions, and the audit (`accounts`); column types and
//! SQLite's stand-ins for them (`types`); health profiles, allergies, diets and the `updated_at`
//! triggers (`health_profiles`); and the seeded allergens (`allergens`).
mod accounts;
mod allergens;
mod health_profiles;
mod types;
