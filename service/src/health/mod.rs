//! Health profiles, BMR and allergies.
mod allergies;
mod bmr;
mod conditions;
mod fitness;
mod profiles;
mod reference;

pub use allergies::{
    AllergenRef, Allergy, AllergyChange, AllergyEntry, AllergyInput, create_allergy,
    delete_allergy, list_allergies, set_allergy, update_allergy,
};
pub use bmr::{age_on, bmr_calories, read_bmr};
pub use conditions::{
    ConditionChange, ConditionInput, ConditionRef, MedicalCondition, create_condition,
    delete_condition, list_conditions, update_condition,
};
pub use fitness::{
    FitnessGoalChange, NewFitnessGoal, create_fitness_goal, end_fitness_goal, list_fitness_goals,
    update_fitness_goal,
};
pub use profiles::{ProfileInput, delete_profile, get_profile, set_profile};
pub use reference::ByIdOrName;
