//! A user's medical conditions through the service: they hang off a health profile, are named
//! from the reference list (by name or id, once each), take a past diagnosis and bounded notes,
//! change, list and go by name, and are out of another user's reach.
use chrono::{TimeDelta, Utc};
use entity::types::ConditionStatus;
use service::health::{self, ConditionChange, ConditionInput, ConditionRef, ProfileInput};
use service::{Actor, Error, Patch, Subject};

use super::{day, gout};
use crate::harness::field_of;
use crate::harness::{TestDb, verified_user};

/// Carol and Dave, each with a health profile (a condition needs one).
async fn carol_and_dave_with_profiles(t: &TestDb) -> (Actor, Actor) {
    let carol = verified_user(t, "carol").await;
    let dave = verified_user(t, "dave").await;
    for who in [carol, dave] {
        health::set_profile(&t.db, who, ProfileInput::default())
            .await
            .unwrap();
    }
    (carol, dave)
}

/// Carol's celiac disease (named in another case, diagnosed on a leap day) and gout (by id).
async fn carols_conditions(t: &TestDb, carol: Actor) {
    let celiac = health::create_condition(
        &t.db,
        carol,
        ConditionRef::Name("celiac DISEASE".into()),
        ConditionInput {
            diagnosed_date: Some(day(2020, 2, 29)),
            ..ConditionInput::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(celiac.status, ConditionStatus::Active);
    health::create_condition(
        &t.db,
        carol,
        ConditionRef::Id(gout()),
        ConditionInput::default(),
    )
    .await
    .unwrap();
}

async fn create(t: &TestDb, who: Actor, name: &str, input: ConditionInput) -> service::Result<()> {
    health::create_condition(&t.db, who, ConditionRef::Name(name.into()), input)
        .await
        .map(drop)
}

async fn a_condition_needs_a_health_profile(t: &TestDb) {
    let carol = verified_user(t, "carol").await;
    assert!(matches!(
        create(t, carol, "Gout", ConditionInput::default()).await,
        Err(Error::NotFound {
            what: Subject::HealthProfile
        })
    ));
}

/// A condition is named from the reference list, by name in any case or by id, once per user.
async fn a_condition_comes_from_the_reference_list_once(t: &TestDb) {
    let (carol, _) = carol_and_dave_with_profiles(t).await;
    carols_conditions(t, carol).await;
    assert!(matches!(
        create(t, carol, "Gout", ConditionInput::default()).await,
        Err(Error::Conflict {
            what: Subject::MedicalCondition
        })
    ));
    assert!(matches!(
        create(t, carol, "Dragon pox", ConditionInput::default()).await,
        Err(Error::Validation { field, .. }) if field == "condition"
    ));
}

async fn a_future_diagnosis_or_overlong_notes_are_refused(t: &TestDb) {
    let (carol, _) = carol_and_dave_with_profiles(t).await;
    let tomorrow = Utc::now().date_naive() + TimeDelta::days(1);
    let future = ConditionInput {
        diagnosed_date: Some(tomorrow),
        ..ConditionInput::default()
    };
    assert_eq!(
        field_of(create(t, carol, "Hypertension", future).await),
        "diagnosed_date"
    );
    let long = ConditionInput {
        notes: Some("n".repeat(501)),
        ..ConditionInput::default()
    };
    assert_eq!(
        field_of(create(t, carol, "Hypertension", long).await),
        "notes"
    );
}

/// A change sets the status and notes; the list is in name order with the diagnosis kept.
async fn a_condition_changes_and_lists_by_name(t: &TestDb) {
    let (carol, _) = carol_and_dave_with_profiles(t).await;
    carols_conditions(t, carol).await;
    let changed = health::update_condition(
        &t.db,
        carol,
        ConditionRef::Id(gout()),
        ConditionChange {
            status: Some(ConditionStatus::Managed),
            notes: Patch::Set("allopurinol".into()),
            ..ConditionChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.status, ConditionStatus::Managed);
    assert_eq!(changed.notes.as_deref(), Some("allopurinol"));
    let listed = health::list_conditions(&t.db, carol).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|c| c.reference.name.as_str()).collect();
    assert_eq!(names, ["Celiac disease", "Gout"]);
    assert_eq!(listed[0].condition.diagnosed_date, Some(day(2020, 2, 29)));
}

/// Another user reaches none of Carol's conditions: the same ids are simply not theirs. Carol
/// deletes one by name; the reference list keeps all of its conditions.
async fn another_users_conditions_are_out_of_reach(t: &TestDb) {
    let (carol, dave) = carol_and_dave_with_profiles(t).await;
    carols_conditions(t, carol).await;
    assert!(
        health::list_conditions(&t.db, dave)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        health::update_condition(
            &t.db,
            dave,
            ConditionRef::Id(gout()),
            ConditionChange::default()
        )
        .await,
        Err(Error::NotFound {
            what: Subject::MedicalCondition
        })
    ));
    assert!(matches!(
        health::delete_condition(&t.db, dave, ConditionRef::Id(gout())).await,
        Err(Error::NotFound {
            what: Subject::MedicalCondition
        })
    ));
    health::delete_condition(&t.db, carol, ConditionRef::Name("GOUT".into()))
        .await
        .unwrap();
    assert_eq!(
        health::list_conditions(&t.db, carol).await.unwrap().len(),
        1
    );
    assert_eq!(
        service::catalogue::list_medical_conditions(&t.db)
            .await
            .unwrap()
            .len(),
        12
    );
}

dual!(
    a_condition_needs_a_health_profile,
    a_condition_comes_from_the_reference_list_once,
    a_future_diagnosis_or_overlong_notes_are_refused,
    a_condition_changes_and_lists_by_name,
    another_users_conditions_are_out_of_reach,
);
