//! Health profiles, BMR and allergies.
mod allergies;
mod bmr;
mod profiles;

pub use allergies::{
    AllergenRef, Allergy, AllergyChange, AllergyInput, add_allergy, change_allergy, list_allergies,
    remove_allergy,
};
pub use bmr::{age_on, bmr_calories, read_bmr};
pub use profiles::{ProfileInput, delete_profile, find_profile, upsert_profile};
