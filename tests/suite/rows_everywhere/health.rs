//! A health profile, an allergy, a dietary restriction, a medical condition and a fitness goal.
use chrono::Utc;
use entity::types::Severity;
use service::health::{self, AllergenRef, AllergyInput, ProfileInput};

use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: service::Actor) {
    let profile = ProfileInput {
        height_cm: Some(170),
        ..ProfileInput::default()
    };
    health::set_profile(&t.db, user, profile).await.unwrap(); // health_profiles, and its audit row (data_changes.user_id)
    health::create_allergy(
        &t.db,
        user,
        AllergenRef::Name("Peanuts".into()),
        AllergyInput::new(Severity::Severe),
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO user_dietary_restrictions (user_id, health_profile_id, dietary_restriction_id) \
         SELECT $1, hp.id, d.id FROM health_profiles hp, dietary_restrictions_ref d \
         WHERE hp.user_id = $1 AND d.name = 'vegan'",
        vec![user.into()],
    )
    .await
    .unwrap();
    health::create_condition(
        &t.db,
        user,
        health::ConditionRef::Name("Hypertension".into()),
        Default::default(),
    )
    .await
    .unwrap(); // user_medical_conditions
    health::create_fitness_goal(
        &t.db,
        user,
        health::NewFitnessGoal::new(
            entity::types::FitnessGoalType::LoseWeight,
            Utc::now().date_naive(),
        ),
    )
    .await
    .unwrap(); // fitness_goals
}

/// A change to the user's row made by someone else (no acting user): its audit row names the
/// user only inside its snapshots.
pub(super) async fn changed_by_no_one(t: &TestDb, user: service::Actor) {
    t.exec(
        "UPDATE health_profiles SET height_cm = 171 WHERE user_id = $1",
        vec![user.into()],
    )
    .await
    .unwrap();
}
