//! Health profiles, BMR, allergies and the audit trail, through the service.
use chrono::{Months, NaiveDate, Utc};
use entity::data_changes;
use entity::types::{ActivityLevel, AuditOperation, Gender, Severity};
use sea_orm::{EntityTrait, QueryOrder};
use service::Subject;
use service::health::{self, AllergenRef, AllergyChange, AllergyInput, ProfileInput};
use service::{Error, Forbidden, Patch, accounts};
use uuid::Uuid;

use crate::harness::{TestDb, verified_user};

fn years_ago(years: u32, today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(years * 12)).unwrap()
}

fn profile(gender: Gender, weight: &str, height: i32, born: NaiveDate) -> ProfileInput {
    ProfileInput {
        height_cm: Some(height),
        weight_kg: Some(weight.parse().unwrap()),
        date_of_birth: Some(born),
        gender: Some(gender),
        activity_level: Some(ActivityLevel::Moderate),
    }
}

async fn profile_requires_a_verified_email_and_valid_fields(t: &TestDb) {
    let unverified = accounts::register(
        &t.db,
        accounts::NewUser {
            username: "hal".to_owned(),
            email: "hal@example.com".to_owned(),
            password: "correct horse battery".to_owned(),
        },
    )
    .await
    .unwrap()
    .user
    .id;
    let today = Utc::now().date_naive();
    let input = profile(Gender::Male, "80.00", 180, years_ago(30, today));
    let refused = health::set_profile(&t.db, service::Actor::new(unverified), input.clone()).await;
    assert!(
        matches!(refused, Err(Error::Forbidden(Forbidden::EmailNotVerified))),
        "{refused:?}"
    );
    let nobody =
        health::set_profile(&t.db, service::Actor::new(Uuid::new_v4()), input.clone()).await;
    assert!(
        matches!(
            nobody,
            Err(Error::NotFound {
                what: Subject::User
            })
        ),
        "{nobody:?}"
    );

    let user = verified_user(t, "ida").await;
    for (bad, field) in [
        (
            ProfileInput {
                height_cm: Some(49),
                ..input.clone()
            },
            "height_cm",
        ),
        (
            ProfileInput {
                weight_kg: Some("19.99".parse().unwrap()),
                ..input.clone()
            },
            "weight_kg",
        ),
        (
            ProfileInput {
                date_of_birth: Some(years_ago(12, today)),
                ..input.clone()
            },
            "date_of_birth",
        ),
    ] {
        match health::set_profile(&t.db, user, bad).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected a validation error on {field}, got {other:?}"),
        }
    }
    assert!(
        matches!(
            health::get_profile(&t.db, user).await,
            Err(Error::NotFound { .. })
        ),
        "nothing written"
    );

    let first = health::set_profile(&t.db, user, input.clone())
        .await
        .unwrap();
    let second = health::set_profile(
        &t.db,
        user,
        ProfileInput {
            height_cm: Some(181),
            ..input
        },
    )
    .await
    .unwrap();
    assert_eq!(first.id, second.id, "an upsert keeps the one profile");
    assert_eq!(second.height_cm, Some(181));
    assert_eq!(
        second.weight_kg.map(|w| w.to_string()),
        Some("80.00".into())
    );
}

/// The trigger's refusal, raised by the database itself, reaches callers as `Forbidden` (the
/// path a verified-then-unverified race would take past the service's own check).
async fn the_email_verified_trigger_maps_to_forbidden(t: &TestDb) {
    use sea_orm::ActiveModelTrait;
    let user = crate::harness::insert_user(t, "unverified", false).await;
    let now = entity::types::Timestamp::now();
    let row = entity::health_profiles::ActiveModel {
        id: sea_orm::Set(Uuid::new_v4()),
        user_id: sea_orm::Set(user.id()),
        height_cm: sea_orm::Set(None),
        weight_kg: sea_orm::Set(None),
        date_of_birth: sea_orm::Set(None),
        gender: sea_orm::Set(None),
        activity_level: sea_orm::Set(None),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
    };
    let err = row
        .insert(&t.db)
        .await
        .expect_err("the trigger refuses an unverified owner");
    assert!(matches!(
        Error::from(err),
        Error::Forbidden(Forbidden::EmailNotVerified)
    ));
}

async fn bmr_matches_hand_computed_values_in_sql_and_rust(t: &TestDb) {
    let today = Utc::now().date_naive();
    let tomorrow_years_ago = |years| years_ago(years, today).succ_opt().unwrap();
    // (gender, weight, height, born, expected): worked by hand from Mifflin-St Jeor.
    let cases = [
        // 10*80 + 6.25*180 - 5*30 + 5 = 1780
        (Gender::Male, "80.00", 180, years_ago(30, today), Some(1780)),
        // 10*65.5 + 6.25*165 - 5*40 - 161 = 1325.25 -> 1325
        (
            Gender::Female,
            "65.50",
            165,
            years_ago(40, today),
            Some(1325),
        ),
        // 10*72.05 + 6.25*172 - 5*30 + 5 = 1650.5 -> 1651 (half away from zero)
        (Gender::Male, "72.05", 172, years_ago(30, today), Some(1651)),
        // Birthday tomorrow: still 29. 10*60 + 6.25*170 - 5*29 - 161 = 1356.5 -> 1357
        (
            Gender::Female,
            "60.00",
            170,
            tomorrow_years_ago(30),
            Some(1357),
        ),
        (Gender::Other, "70.00", 170, years_ago(30, today), None),
    ];
    for (i, (gender, weight, height, born, expected)) in cases.into_iter().enumerate() {
        let user = verified_user(t, &format!("bmr_{i}")).await;
        let saved = health::set_profile(&t.db, user, profile(gender, weight, height, born))
            .await
            .unwrap();
        assert_eq!(
            health::bmr_calories(&saved, today),
            expected,
            "Rust, case {i}"
        );
        assert_eq!(
            health::read_bmr(&t.db, user).await.unwrap(),
            expected,
            "SQL view, case {i}"
        );
    }
    assert_eq!(
        health::age_on(
            NaiveDate::from_ymd_opt(2008, 2, 29).unwrap(),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        ),
        16
    );
    assert_eq!(
        health::age_on(
            NaiveDate::from_ymd_opt(2008, 2, 29).unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
        ),
        17
    );
}

async fn allergies_add_change_remove_and_list(t: &TestDb) {
    let user = verified_user(t, "joan").await;
    let no_profile = health::create_allergy(
        &t.db,
        user,
        AllergenRef::Name("Peanuts".into()),
        AllergyInput::new(Severity::Mild),
    )
    .await;
    assert!(
        matches!(
            no_profile,
            Err(Error::NotFound {
                what: Subject::HealthProfile
            })
        ),
        "{no_profile:?}"
    );
    health::set_profile(&t.db, user, ProfileInput::default())
        .await
        .unwrap();

    let milk_id = crate::harness::allergen_id(t, "Milk").await;
    health::create_allergy(
        &t.db,
        user,
        AllergenRef::Name("peanuts".into()),
        AllergyInput::new(Severity::LifeThreatening),
    )
    .await
    .unwrap();
    health::create_allergy(
        &t.db,
        user,
        AllergenRef::Id(milk_id),
        AllergyInput::new(Severity::Mild),
    )
    .await
    .unwrap();

    let duplicate = health::create_allergy(
        &t.db,
        user,
        AllergenRef::Name("Peanuts".into()),
        AllergyInput::new(Severity::Mild),
    )
    .await;
    assert!(
        matches!(
            duplicate,
            Err(Error::Conflict {
                what: Subject::Allergy
            })
        ),
        "{duplicate:?}"
    );
    let unknown = health::create_allergy(
        &t.db,
        user,
        AllergenRef::Name("Unobtainium".into()),
        AllergyInput::new(Severity::Mild),
    )
    .await;
    assert!(
        matches!(
            unknown,
            Err(Error::Validation { ref field, .. }) if field == "allergen"
        ),
        "{unknown:?}"
    );
    let long_notes = AllergyInput {
        notes: Some("x".repeat(501)),
        ..AllergyInput::new(Severity::Mild)
    };
    let too_long =
        health::create_allergy(&t.db, user, AllergenRef::Name("Soy".into()), long_notes).await;
    assert!(
        matches!(too_long, Err(Error::Validation { ref field, .. }) if field == "notes"),
        "{too_long:?}"
    );

    let changed = health::update_allergy(
        &t.db,
        user,
        AllergenRef::Name("Milk".into()),
        AllergyChange {
            severity: Some(Severity::Severe),
            notes: Patch::Set("hives".into()),
            ..AllergyChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (changed.severity, changed.notes.as_deref()),
        (Severity::Severe, Some("hives"))
    );
    // A change that leaves the notes out keeps them; clearing is explicit.
    let kept = health::update_allergy(
        &t.db,
        user,
        AllergenRef::Name("Milk".into()),
        AllergyChange {
            severity: Some(Severity::Moderate),
            ..AllergyChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (kept.severity, kept.notes.as_deref()),
        (Severity::Moderate, Some("hives"))
    );
    let cleared = health::update_allergy(
        &t.db,
        user,
        AllergenRef::Name("Milk".into()),
        AllergyChange {
            severity: Some(Severity::Severe),
            notes: Patch::Clear,
            ..AllergyChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(cleared.notes, None);

    let listed = health::list_allergies(&t.db, user).await.unwrap();
    let summary: Vec<(&str, Severity)> = listed
        .iter()
        .map(|a| (a.allergen.name.as_str(), a.allergy.severity))
        .collect();
    assert_eq!(
        summary,
        [
            ("Peanuts", Severity::LifeThreatening),
            ("Milk", Severity::Severe)
        ]
    );
    assert_eq!(listed[0].allergen.common_foods.items()[0], "Peanut butter");

    health::delete_allergy(&t.db, user, AllergenRef::Name("Milk".into()))
        .await
        .unwrap();
    let gone = health::delete_allergy(&t.db, user, AllergenRef::Name("Milk".into())).await;
    assert!(
        matches!(
            gone,
            Err(Error::NotFound {
                what: Subject::Allergy
            })
        ),
        "{gone:?}"
    );
    assert_eq!(health::list_allergies(&t.db, user).await.unwrap().len(), 1);
}

async fn listing_allergies_is_one_query_however_many(t: &TestDb) {
    let user = verified_user(t, "kim").await;
    health::set_profile(&t.db, user, ProfileInput::default())
        .await
        .unwrap();
    let mut counts = Vec::new();
    for (i, name) in ["Peanuts", "Milk", "Eggs", "Wheat", "Soy", "Fish"]
        .iter()
        .enumerate()
    {
        health::create_allergy(
            &t.db,
            user,
            AllergenRef::Name(name.to_string()),
            AllergyInput::new(Severity::Mild),
        )
        .await
        .unwrap();
        if i == 0 || i == 5 {
            let before = t.statement_count();
            let listed = health::list_allergies(&t.db, user).await.unwrap();
            counts.push((listed.len(), t.statement_count() - before));
        }
    }
    assert_eq!(counts, [(1, 1), (6, 1)], "(allergies, statements)");
}

async fn audit_trail_records_each_change_with_its_actor(t: &TestDb) {
    let user = verified_user(t, "lee").await;
    let today = Utc::now().date_naive();
    let profile_id = health::set_profile(
        &t.db,
        user,
        profile(Gender::Female, "60.00", 165, years_ago(35, today)),
    )
    .await
    .unwrap()
    .id;
    let tick = || tokio::time::sleep(std::time::Duration::from_millis(5));
    tick().await;
    let change = ProfileInput {
        height_cm: Some(166),
        ..ProfileInput::default()
    };
    // Each user acts on their own profile only: the actor is the profile's owner.
    health::set_profile(&t.db, user, change).await.unwrap();
    tick().await;
    // A client outside the service: no acting user.
    t.exec(
        "UPDATE health_profiles SET height_cm = 167 WHERE id = $1",
        vec![profile_id.into()],
    )
    .await
    .unwrap();
    tick().await;
    health::delete_profile(&t.db, user).await.unwrap();

    let trail = data_changes::Entity::find()
        .order_by_asc(data_changes::Column::ChangedAt)
        .all(&t.db)
        .await
        .unwrap();
    let summary: Vec<(AuditOperation, Option<Uuid>)> =
        trail.iter().map(|c| (c.operation, c.user_id)).collect();
    assert_eq!(
        summary,
        [
            (AuditOperation::Insert, Some(user.id())),
            (AuditOperation::Update, Some(user.id())),
            (AuditOperation::Update, None),
            (AuditOperation::Delete, Some(user.id())),
        ]
    );
    assert!(
        trail
            .iter()
            .all(|c| c.record_id == profile_id && c.table_name == "health_profiles")
    );
    let first = &trail[0];
    assert!(first.old_data.is_none());
    let snapshot = first.new_data.as_ref().unwrap();
    assert_eq!(snapshot["user_id"], serde_json::json!(user.to_string()));
    assert_eq!(snapshot["height_cm"], serde_json::json!(165));
    assert_eq!(
        trail[2].new_data.as_ref().unwrap()["height_cm"],
        serde_json::json!(167)
    );
    assert!(trail[3].new_data.is_none() && trail[3].old_data.is_some());
    // The snapshot holds the row as stored, updated_at included (set by its trigger).
    let second = trail[1].new_data.as_ref().unwrap();
    let first_stamp = snapshot["updated_at"].as_str().unwrap().to_owned();
    let second_stamp = second["updated_at"].as_str().unwrap().to_owned();
    let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    assert!(
        instant(&second_stamp) > instant(&first_stamp),
        "{first_stamp} then {second_stamp}"
    );
    // The SQLite actor slot is empty again once each transaction has committed.
    if !t.is_pg() {
        assert_eq!(
            t.count("SELECT COUNT(*) FROM audit_context", vec![]).await,
            0
        );
    }
}

/// One audit row per changed row and statement, whichever column changed, and none for the
/// `updated_at` trigger's own write.
async fn audit_records_one_row_per_update_of_any_column(t: &TestDb) {
    let user = crate::harness::insert_user(t, "counted", true).await;
    let profile = crate::harness::insert_profile(t, user.id()).await;
    let updates = [
        "UPDATE health_profiles SET created_at = $1 WHERE id = $2",
        "UPDATE health_profiles SET updated_at = $1 WHERE id = $2",
    ];
    let then = entity::types::Timestamp::new(Utc::now() - chrono::TimeDelta::days(1)).unwrap();
    for sql in updates {
        t.exec(sql, vec![then.into(), profile.into()])
            .await
            .unwrap();
    }
    t.exec(
        "UPDATE health_profiles SET height_cm = 170 WHERE id = $1",
        vec![profile.into()],
    )
    .await
    .unwrap();
    let audited = t
        .count(
            "SELECT COUNT(*) FROM data_changes WHERE record_id = $1 AND operation = 'UPDATE'",
            vec![profile.into()],
        )
        .await;
    assert_eq!(audited, 3);
}

async fn a_soft_deleted_users_data_is_not_read(t: &TestDb) {
    let user = verified_user(t, "departed").await;
    let today = Utc::now().date_naive();
    health::set_profile(
        &t.db,
        user,
        profile(Gender::Female, "60.00", 165, years_ago(40, today)),
    )
    .await
    .unwrap();
    health::create_allergy(
        &t.db,
        user,
        AllergenRef::Name("Soy".into()),
        AllergyInput::new(Severity::Mild),
    )
    .await
    .unwrap();
    assert!(health::read_bmr(&t.db, user).await.unwrap().is_some());
    accounts::delete_account(&t.db, user).await.unwrap();
    assert!(matches!(
        health::get_profile(&t.db, user).await,
        Err(Error::NotFound {
            what: Subject::HealthProfile
        })
    ));
    assert!(
        health::list_allergies(&t.db, user)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(health::read_bmr(&t.db, user).await.unwrap(), None);
    assert!(matches!(
        health::delete_profile(&t.db, user).await,
        Err(Error::NotFound { .. })
    ));
}

/// A value a raw client leaves behind (SQLite: a committed `audit_context` row; PostgreSQL: a
/// session-level `app.current_user_id` on a pooled connection) is not attributed to the next
/// transaction that acts as no user, and a service transaction leaves nothing behind.
async fn the_acting_user_never_leaks_into_later_writes(t: &TestDb) {
    let user = verified_user(t, "leaky").await;
    let stranger = Uuid::new_v4();
    // One connection, so the raw client and the service share it.
    let pool = service::PoolConfig {
        max_connections: Some(1),
        ..service::PoolConfig::default()
    };
    let db = service::connect_with(&t.url, &pool).await.unwrap();
    let leave_behind = if t.is_pg() {
        "SELECT set_config('app.current_user_id', CAST($1 AS text), false)"
    } else {
        "INSERT OR REPLACE INTO audit_context (slot, user_id) VALUES (1, $1)"
    };
    sea_orm::ConnectionTrait::execute_raw(
        &db,
        sea_orm::Statement::from_sql_and_values(t.backend, leave_behind, [stranger.into()]),
    )
    .await
    .unwrap();
    health::set_profile(&db, user, ProfileInput::default())
        .await
        .unwrap();
    let actors: Vec<Option<Uuid>> = data_changes::Entity::find()
        .order_by_asc(data_changes::Column::ChangedAt)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.user_id)
        .collect();
    assert_eq!(
        actors,
        [Some(user.id())],
        "a write is attributed to its actor, not to what a raw client left behind"
    );

    // After a write acting as the user, a raw write is attributed to no one either.
    health::set_profile(&db, user, ProfileInput::default())
        .await
        .unwrap();
    if !t.is_pg() {
        assert_eq!(
            t.count("SELECT COUNT(*) FROM audit_context", vec![]).await,
            0,
            "commit clears the acting user"
        );
    }
    sea_orm::ConnectionTrait::execute_unprepared(&db, "UPDATE health_profiles SET height_cm = 170")
        .await
        .unwrap();
    let last = data_changes::Entity::find()
        .order_by_desc(data_changes::Column::ChangedAt)
        .all(&db)
        .await
        .unwrap();
    let raw_update = last
        .iter()
        .find(|c| {
            c.new_data
                .as_ref()
                .is_some_and(|d| d["height_cm"] == serde_json::json!(170))
        })
        .expect("the raw update is audited");
    if t.is_pg() {
        // The raw client's own session setting is still its to answer for.
        assert_eq!(raw_update.user_id, Some(stranger));
    } else {
        assert_eq!(raw_update.user_id, None);
    }
    db.close().await.unwrap();
}

/// `set_allergy` adds or changes in one call, making the health profile of a verified user who
/// has none, and says in one typed error why not for an unverified one: what `PUT
/// /me/allergies` needs, instead of add, create the profile on `NotFound`, retry, change on
/// `Conflict`.
async fn set_allergy_adds_or_changes_in_one_call(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    assert!(matches!(
        health::get_profile(&t.db, ada).await,
        Err(Error::NotFound { .. })
    ));
    let added = health::set_allergy(
        &t.db,
        ada,
        health::AllergyEntry::new(
            AllergenRef::Name("peanuts".into()),
            AllergyInput::new(Severity::Mild),
        ),
    )
    .await
    .expect("added, with a profile made for it");
    health::get_profile(&t.db, ada)
        .await
        .expect("the profile exists now");
    let mut severe = AllergyInput::new(Severity::Severe);
    severe.notes = Some("since childhood".into());
    let changed = health::set_allergy(
        &t.db,
        ada,
        health::AllergyEntry::new(AllergenRef::Id(added.allergen_id), severe),
    )
    .await
    .unwrap();
    assert_eq!(changed.id, added.id, "the same row, changed");
    assert_eq!(changed.severity, Severity::Severe);
    assert_eq!(changed.notes.as_deref(), Some("since childhood"));
    let listed = health::list_allergies(&t.db, ada).await.unwrap();
    assert_eq!(listed.len(), 1);

    assert!(matches!(
        health::set_allergy(&t.db, ada, health::AllergyEntry::new(AllergenRef::Name("pea\0nuts".into()), AllergyInput::new(Severity::Mild)))
        .await,
        Err(Error::Validation { field, .. }) if field == "allergen"
    ));
    assert!(matches!(
        health::set_allergy(&t.db, ada, health::AllergyEntry::new(AllergenRef::Name("unobtainium".into()), AllergyInput::new(Severity::Mild)))
        .await,
        Err(Error::Validation { field, .. }) if field == "allergen"
    ));
    let unverified = accounts::register(
        &t.db,
        accounts::NewUser {
            username: "una".to_owned(),
            email: "una@example.com".to_owned(),
            password: "correct horse battery".to_owned(),
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        health::set_allergy(
            &t.db,
            service::Actor::new(unverified.user.id),
            health::AllergyEntry::new(
                AllergenRef::Name("peanuts".into()),
                AllergyInput::new(Severity::Mild)
            )
        )
        .await,
        Err(Error::Forbidden(Forbidden::EmailNotVerified))
    ));
    assert_eq!(
        t.count("SELECT COUNT(*) FROM user_allergies", vec![]).await,
        1,
        "the refusals wrote nothing"
    );
}

dual!(
    set_allergy_adds_or_changes_in_one_call,
    a_soft_deleted_users_data_is_not_read,
    the_acting_user_never_leaks_into_later_writes,
    audit_records_one_row_per_update_of_any_column,
    the_email_verified_trigger_maps_to_forbidden,
    profile_requires_a_verified_email_and_valid_fields,
    bmr_matches_hand_computed_values_in_sql_and_rust,
    allergies_add_change_remove_and_list,
    listing_allergies_is_one_query_however_many,
    audit_trail_records_each_change_with_its_actor,
);
