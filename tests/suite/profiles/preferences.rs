//! A user's preferences through the service: created by their first change with the
//! notification defaults, changed field by field, refused field by field without a write, and
//! read only for their own user.
use entity::types::Units;
use entity::user_preferences;
use service::profiles::{self, PreferencesChange};
use service::{Actor, Error, OnField, Patch};

use crate::harness::field_of;
use crate::harness::{TestDb, verified_user};

/// Ada's preferences, created by her first change: two cuisines, a budget, meal reminders on.
async fn adas_first_preferences(t: &TestDb, ada: Actor) -> user_preferences::Model {
    profiles::update_user_preferences(
        &t.db,
        ada,
        PreferencesChange {
            preferred_cuisines: Some(vec!["Thai".into(), "Italian".into()]),
            budget_per_meal: Patch::Set("12.50".parse().on_field("budget_per_meal").unwrap()),
            notify_meal_reminders: Some(true),
            ..PreferencesChange::default()
        },
    )
    .await
    .unwrap()
}

/// The first change creates the row, with defaults for what it leaves out.
async fn the_first_preferences_change_creates_them_with_defaults(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    assert_eq!(
        profiles::get_user_preferences(&t.db, ada).await.unwrap(),
        None
    );
    let prefs = adas_first_preferences(t, ada).await;
    assert_eq!(prefs.units, Units::Metric);
    assert_eq!(prefs.preferred_cuisines.items(), ["Thai", "Italian"]);
    assert!(prefs.disliked_cuisines.items().is_empty());
    assert_eq!(
        prefs.budget_per_meal.map(|b| b.to_string()),
        Some("12.50".into())
    );
    assert!(prefs.notify_email && prefs.notify_push && prefs.notify_meal_reminders);
}

/// A partial change keeps every field it leaves out.
async fn a_partial_preferences_change_keeps_what_it_leaves_out(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let prefs = adas_first_preferences(t, ada).await;
    let changed = profiles::update_user_preferences(
        &t.db,
        ada,
        PreferencesChange {
            units: Some(Units::Imperial),
            disliked_cuisines: Some(vec!["Fast food".into()]),
            max_cooking_time_minutes: Patch::Set(45),
            notify_push: Some(false),
            ..PreferencesChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.units, Units::Imperial);
    assert_eq!(changed.preferred_cuisines, prefs.preferred_cuisines);
    assert_eq!(changed.disliked_cuisines.items(), ["Fast food"]);
    assert_eq!(changed.budget_per_meal, prefs.budget_per_meal);
    assert_eq!(changed.max_cooking_time_minutes, Some(45));
    assert!(!changed.notify_push && changed.notify_email && changed.notify_meal_reminders);
    assert_eq!(
        profiles::get_user_preferences(&t.db, ada).await.unwrap(),
        Some(changed)
    );
}

/// Each invalid change is refused naming the field (or list item) at fault, and writes nothing.
async fn an_invalid_preferences_change_names_its_field_and_writes_nothing(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let prefs = adas_first_preferences(t, ada).await;
    let invalid = [
        (
            PreferencesChange {
                disliked_cuisines: Some(vec!["Greek".into(), "thai".into()]),
                ..PreferencesChange::default()
            },
            "disliked_cuisines[1]",
        ),
        (
            PreferencesChange {
                preferred_cuisines: Some(vec!["c".repeat(51)]),
                ..PreferencesChange::default()
            },
            "preferred_cuisines[0]",
        ),
        (
            PreferencesChange {
                max_cooking_time_minutes: Patch::Set(0),
                ..PreferencesChange::default()
            },
            "max_cooking_time_minutes",
        ),
        (
            PreferencesChange {
                budget_per_meal: Patch::Set("-1".parse().unwrap()),
                ..PreferencesChange::default()
            },
            "budget_per_meal",
        ),
    ];
    for (change, field) in invalid {
        assert_eq!(
            field_of(profiles::update_user_preferences(&t.db, ada, change).await),
            field
        );
    }
    assert!(matches!(
        "1.234".parse::<entity::types::Numeric<8, 2>>().on_field("budget_per_meal"),
        Err(Error::Validation { field, .. }) if field == "budget_per_meal"
    ));
    assert_eq!(
        profiles::get_user_preferences(&t.db, ada).await.unwrap(),
        Some(prefs)
    );
}

/// Another user sees none of Ada's preferences.
async fn preferences_are_their_users_alone(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    adas_first_preferences(t, ada).await;
    let bob = verified_user(t, "bob").await;
    assert_eq!(
        profiles::get_user_preferences(&t.db, bob).await.unwrap(),
        None
    );
}

dual!(
    the_first_preferences_change_creates_them_with_defaults,
    a_partial_preferences_change_keeps_what_it_leaves_out,
    an_invalid_preferences_change_names_its_field_and_writes_nothing,
    preferences_are_their_users_alone,
);
