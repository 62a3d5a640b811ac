//! A user's profile through the service: created by its first change, changed field by field,
//! refused field by field, and read only for its own, live user.
use entity::user_profiles;
use service::profiles::{self, ProfileChange};
use service::{Actor, Error, Patch, Subject};
use uuid::Uuid;

use crate::harness::field_of;
use crate::harness::{TestDb, verified_user};

/// Ada's profile, created by her first change: a trimmed name and a list of goals that repeats
/// one (in another case).
async fn adas_first_profile(t: &TestDb, ada: Actor) -> user_profiles::Model {
    profiles::update_user_profile(
        &t.db,
        ada,
        ProfileChange {
            full_name: Patch::Set("  Ada Lovelace ".into()),
            health_goals: Some(vec!["Lose 5 kg".into(), "lose 5 KG".into(), "Sleep".into()]),
            ..ProfileChange::default()
        },
    )
    .await
    .unwrap()
}

/// The first change creates the row, with defaults for what it leaves out.
async fn the_first_profile_change_creates_it_with_defaults(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    assert_eq!(profiles::get_user_profile(&t.db, ada).await.unwrap(), None);
    let created = adas_first_profile(t, ada).await;
    assert_eq!(created.full_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(created.timezone, "UTC");
    assert_eq!(created.language_preference, "en");
    assert_eq!(created.health_goals.items(), ["Lose 5 kg", "Sleep"]);
}

/// A partial change keeps every field it leaves out; a cleared field is gone.
async fn a_partial_profile_change_keeps_what_it_leaves_out(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let created = adas_first_profile(t, ada).await;
    let changed = profiles::update_user_profile(
        &t.db,
        ada,
        ProfileChange {
            timezone: Some("America/Argentina/Buenos_Aires".into()),
            language_preference: Some("PT-BR".into()),
            ..ProfileChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.timezone, "America/Argentina/Buenos_Aires");
    assert_eq!(changed.language_preference, "pt-BR");
    assert_eq!(changed.full_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(changed.health_goals, created.health_goals);
    assert_eq!(changed.id, created.id);
    assert_eq!(
        profiles::get_user_profile(&t.db, ada).await.unwrap(),
        Some(changed.clone())
    );
    let cleared = profiles::update_user_profile(
        &t.db,
        ada,
        ProfileChange {
            full_name: Patch::Clear,
            health_goals: Some(vec![]),
            ..ProfileChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(cleared.full_name, None);
    assert!(cleared.health_goals.items().is_empty());
    assert_eq!(cleared.timezone, "America/Argentina/Buenos_Aires");
}

/// Each invalid change is refused naming the field (or list item) at fault.
async fn an_invalid_profile_change_names_its_field(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    adas_first_profile(t, ada).await;
    let timezone = |zone: &str| ProfileChange {
        timezone: Some(zone.into()),
        ..ProfileChange::default()
    };
    let language = |tag: &str| ProfileChange {
        language_preference: Some(tag.into()),
        ..ProfileChange::default()
    };
    let full_name = |name: String| ProfileChange {
        full_name: Patch::Set(name),
        ..ProfileChange::default()
    };
    let goals = |goals: [&str; 2]| ProfileChange {
        health_goals: Some(goals.map(str::to_owned).to_vec()),
        ..ProfileChange::default()
    };
    let invalid = [
        (timezone("Mars/Olympus_Mons"), "timezone"),
        (timezone("Europe/Par\0is"), "timezone"),
        (language("english"), "language_preference"),
        (language("en-abcdefghi"), "language_preference"),
        (full_name("   ".into()), "full_name"),
        (full_name("n".repeat(256)), "full_name"),
        (goals(["ok", "bad\0"]), "health_goals[1]"),
        (goals(["ok", " "]), "health_goals[1]"),
    ];
    for (change, field) in invalid {
        assert_eq!(
            field_of(profiles::update_user_profile(&t.db, ada, change).await),
            field
        );
    }
}

/// Another user sees none of Ada's profile, and an unknown user cannot create one.
async fn a_profile_is_its_users_alone(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    adas_first_profile(t, ada).await;
    let bob = verified_user(t, "bob").await;
    assert_eq!(profiles::get_user_profile(&t.db, bob).await.unwrap(), None);
    assert!(matches!(
        profiles::update_user_profile(&t.db, Actor::new(Uuid::new_v4()), ProfileChange::default())
            .await,
        Err(Error::NotFound {
            what: Subject::User
        })
    ));
}

/// A soft-deleted user's profile is not read.
async fn a_soft_deleted_users_profile_is_not_read(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    adas_first_profile(t, ada).await;
    service::accounts::delete_account(&t.db, ada).await.unwrap();
    assert_eq!(profiles::get_user_profile(&t.db, ada).await.unwrap(), None);
}

dual!(
    the_first_profile_change_creates_it_with_defaults,
    a_partial_profile_change_keeps_what_it_leaves_out,
    an_invalid_profile_change_names_its_field,
    a_profile_is_its_users_alone,
    a_soft_deleted_users_profile_is_not_read,
);
