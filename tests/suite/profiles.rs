//! User profiles, preferences, medical conditions and fitness goals: the schema's rules through
//! raw SQL, and the service's rules.
use chrono::{NaiveDate, TimeDelta, Utc};
use entity::types::{ConditionStatus, FitnessGoalType, GoalStatus, TextList, Units};
use service::Subject;
use service::health::{
    self, ConditionChange, ConditionInput, ConditionRef, FitnessGoalChange, NewFitnessGoal,
    ProfileInput,
};
use service::profiles::{self, PreferencesChange, ProfileChange};
use service::{Error, OnField, Patch};
use uuid::Uuid;

use crate::harness::{
    TestDb, assert_accepted, assert_refused, insert_profile, insert_user, per_backend,
    verified_user,
};
use crate::rule_cases::{self, Case, Row, Table};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn field_of<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Validation { field, .. }) => field.into_owned(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// `user`'s profile: a time zone, a language tag, and a list of goals (quotes included).
fn user_profile_row(t: &TestDb, user: Uuid) -> Row {
    Row::new("user_profiles")
        .col("user_id", user)
        .col("timezone", "Europe/Paris")
        .col("language_preference", "zh-Hant-TW")
        .col(
            "health_goals",
            TextList::new(["sleep better", "eat \"clean\""]).bind(t.backend),
        )
}

fn user_profile_cases(t: &TestDb, user: Uuid) -> Table {
    let mut cases = vec![
        // Past VARCHAR(64) on PostgreSQL; SQLite has a stand-in CHECK.
        Case::refused(per_backend("sqlstate:22001", "chk_timezone_varchar"))
            .set("timezone", "x".repeat(65)),
        Case::refused("fk_user_profiles_user").set("user_id", Uuid::new_v4()),
        Case::refused("uq_user_profiles_user")
            .after_the_good_row()
            .set("timezone", "UTC")
            .set("language_preference", "en"),
    ];
    // A BCP 47 tag: a lower-case language, then subtags joined by single hyphens.
    for bad in ["EN", "e", "en-", "en--US", "en_US", "engl", "-en", "en-U S"] {
        cases.push(Case::refused("chk_user_profiles_language").set("language_preference", bad));
    }
    rule_cases::table(user_profile_row(t, user), cases)
}

/// `user`'s preferences at their bounds: a day of cooking, a free meal.
fn user_preferences_row(user: Uuid) -> Row {
    Row::new("user_preferences")
        .col("user_id", user)
        .col("units", "imperial")
        .col("max_cooking_time_minutes", 1440_i32)
        .col("budget_per_meal", 0.0_f64)
}

fn user_preferences_cases(user: Uuid) -> Table {
    rule_cases::table(
        user_preferences_row(user),
        [
            Case::refused("chk_user_preferences_units").set("units", "stone"),
            Case::refused("chk_user_preferences_max_cooking_time")
                .set("max_cooking_time_minutes", 0_i32),
            Case::refused("chk_user_preferences_max_cooking_time")
                .set("max_cooking_time_minutes", 1441_i32),
            Case::refused("chk_user_preferences_budget").set("budget_per_meal", -0.01_f64),
            Case::refused("fk_user_preferences_user").set("user_id", Uuid::new_v4()),
            Case::refused("uq_user_preferences_user")
                .after_the_good_row()
                .set("units", "metric")
                .set("max_cooking_time_minutes", None::<i32>)
                .set("budget_per_meal", None::<f64>),
        ],
    )
}

async fn profiles_and_preferences_keys_and_checks(t: &TestDb) {
    let user = insert_user(t, "prof", true).await.id();
    rule_cases::run(
        t,
        &[user_profile_cases(t, user), user_preferences_cases(user)],
    )
    .await;
}

/// A profile keeps its list of goals as written, preferences take the seed's notification
/// defaults, and both go with their user.
async fn profiles_and_preferences_keep_their_values_and_go_with_the_user(t: &TestDb) {
    let user = insert_user(t, "prof", true).await.id();
    rule_cases::insert(t, &user_profile_row(t, user)).await;
    rule_cases::insert(t, &user_preferences_row(user)).await;
    let stored = t
        .query(
            "SELECT health_goals FROM user_profiles WHERE user_id = $1",
            vec![user.into()],
        )
        .await;
    let list: TextList = stored[0].try_get("", "health_goals").unwrap();
    assert_eq!(list.items(), ["sleep better", "eat \"clean\""]);
    let defaults = t
        .query(
            "SELECT notify_email, notify_push, notify_meal_reminders FROM user_preferences WHERE user_id = $1",
            vec![user.into()],
        )
        .await;
    let flags: (bool, bool, bool) = (
        defaults[0].try_get("", "notify_email").unwrap(),
        defaults[0].try_get("", "notify_push").unwrap(),
        defaults[0].try_get("", "notify_meal_reminders").unwrap(),
    );
    assert_eq!(flags, (true, true, false));

    assert_accepted(
        t,
        "delete user",
        "DELETE FROM users WHERE id = $1",
        vec![user.into()],
    )
    .await;
    for table in ["user_profiles", "user_preferences"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
        assert_eq!(
            t.count(&sql, vec![user.into()]).await,
            0,
            "{table} cascades"
        );
    }
}

/// Migration 5's fixed ids of the starter conditions (docs/DESIGN.md P10).
fn celiac() -> Uuid {
    Uuid::parse_str("c1000000-0000-4000-8000-000000000007").unwrap()
}

fn gout() -> Uuid {
    Uuid::parse_str("c1000000-0000-4000-8000-00000000000b").unwrap()
}

/// `user`'s managed celiac disease on `profile`, with the longest notes allowed.
fn user_condition_row(user: Uuid, profile: Uuid) -> Row {
    Row::new("user_medical_conditions")
        .col("user_id", user)
        .col("health_profile_id", profile)
        .col("condition_id", celiac())
        .col("status", "managed")
        .col("notes", "n".repeat(500))
}

fn condition_cases(user: Uuid, profile: Uuid, other_profile: Uuid) -> [Table; 2] {
    let reference = rule_cases::table(
        Row::new("medical_conditions_ref").col("name", "Hemochromatosis"),
        [Case::refused("uq_medical_conditions_ref_name").set("name", "Gout")],
    );
    let own = rule_cases::table(
        user_condition_row(user, profile),
        [
            Case::refused("chk_user_medical_conditions_status")
                .set("condition_id", gout())
                .set("status", "ACTIVE"),
            Case::refused("chk_user_medical_conditions_notes_length")
                .set("condition_id", gout())
                .set("notes", "n".repeat(501)),
            Case::refused("uq_user_medical_condition")
                .after_the_good_row()
                .set("status", "active")
                .set("notes", None::<String>),
            Case::refused("fk_user_medical_conditions_condition")
                .set("condition_id", Uuid::new_v4()),
            // The profile must be the same user's.
            Case::refused("fk_user_medical_conditions_profile")
                .set("health_profile_id", other_profile),
            // An unknown user breaks the profile key too (it holds user_id): PostgreSQL
            // reports the user key, SQLite the first key its check finds.
            Case::refused(per_backend(
                "fk_user_medical_conditions_user",
                "fk_user_medical_conditions_profile",
            ))
            .set("user_id", Uuid::new_v4()),
        ],
    );
    [reference, own]
}

async fn medical_condition_rules_refuse_and_accept(t: &TestDb) {
    let user = insert_user(t, "patient", true).await.id();
    let other = insert_user(t, "other", true).await.id();
    let profile = insert_profile(t, user).await;
    let other_profile = insert_profile(t, other).await;
    rule_cases::run(t, &condition_cases(user, profile, other_profile)).await;
}

async fn medical_conditions_reference_link_and_cascades(t: &TestDb) {
    // The starter list with its fixed ids (docs/DESIGN.md P10).
    assert_eq!(
        t.count("SELECT COUNT(*) FROM medical_conditions_ref", vec![])
            .await,
        12
    );
    let celiac = celiac();
    let named = t
        .query(
            "SELECT name FROM medical_conditions_ref WHERE id = $1",
            vec![celiac.into()],
        )
        .await;
    assert_eq!(
        named[0].try_get::<String>("", "name").unwrap(),
        "Celiac disease"
    );
    let user = insert_user(t, "patient", true).await;
    let profile = insert_profile(t, user.id()).await;
    rule_cases::insert(t, &user_condition_row(user.id(), profile)).await;
    assert_refused(
        t,
        "fk_user_medical_conditions_condition",
        "DELETE FROM medical_conditions_ref WHERE id = $1",
        vec![celiac.into()],
    )
    .await;

    let goal = "INSERT INTO fitness_goals (user_id, health_profile_id, goal_type, start_date) VALUES ($1, $2, 'lose_weight', '2026-01-01')";
    assert_accepted(t, "goal", goal, vec![user.into(), profile.into()]).await;
    // Deleting the profile takes the conditions and goals hanging off it.
    assert_accepted(
        t,
        "delete profile",
        "DELETE FROM health_profiles WHERE id = $1",
        vec![profile.into()],
    )
    .await;
    for table in ["user_medical_conditions", "fitness_goals"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
        assert_eq!(t.count(&sql, vec![user.into()]).await, 0, "{table}");
    }
    // And deleting the user takes them too.
    let profile = insert_profile(t, user.id()).await;
    let row = user_condition_row(user.id(), profile).col("condition_id", gout());
    rule_cases::insert(t, &row).await;
    assert_accepted(t, "goal again", goal, vec![user.into(), profile.into()]).await;
    assert_accepted(
        t,
        "delete user",
        "DELETE FROM users WHERE id = $1",
        vec![user.into()],
    )
    .await;
    for table in [
        "user_medical_conditions",
        "fitness_goals",
        "health_profiles",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
        assert_eq!(t.count(&sql, vec![user.into()]).await, 0, "{table}");
    }
}

/// `user`'s active goal on `profile` to build muscle, every target set.
fn fitness_goal_row(user: Uuid, profile: Uuid) -> Row {
    Row::new("fitness_goals")
        .col("user_id", user)
        .col("health_profile_id", profile)
        .col("goal_type", "build_muscle")
        .col("status", "active")
        .col("ended_at", None::<entity::types::Timestamp>)
        .col("target_weight_kg", 80.5_f64)
        .col("target_body_fat_percent", 15.5_f64)
        .col("weekly_exercise_minutes", 150_i32)
        .col("daily_steps", 10_000_i32)
        .col("start_date", day(2026, 1, 1))
        .col("target_date", day(2026, 6, 1))
}

fn fitness_goal_cases(user: Uuid, profile: Uuid, other_profile: Uuid) -> Table {
    let ended = entity::types::Timestamp::new(Utc::now()).unwrap();
    rule_cases::table(
        fitness_goal_row(user, profile),
        [
            Case::refused("chk_fitness_goals_goal_type").set("goal_type", "get_rich"),
            // Ended, so that only the status list refuses it.
            Case::refused("chk_fitness_goals_status")
                .set("status", "paused")
                .set("ended_at", ended),
            // An ended goal has its end time, and only an ended goal.
            Case::refused("chk_fitness_goals_ended").set("status", "achieved"),
            Case::refused("chk_fitness_goals_ended").set("ended_at", ended),
            Case::accepted("ended with its time")
                .set("status", "abandoned")
                .set("ended_at", ended)
                .set("target_date", None::<NaiveDate>),
            Case::refused("chk_fitness_goals_target_weight").set("target_weight_kg", 19.99_f64),
            Case::refused("chk_fitness_goals_body_fat").set("target_body_fat_percent", 70.1_f64),
            Case::refused("chk_fitness_goals_weekly_minutes").set("weekly_exercise_minutes", 0_i32),
            Case::refused("chk_fitness_goals_daily_steps").set("daily_steps", 100_001_i32),
            Case::refused("chk_fitness_goals_dates").set("target_date", day(2025, 12, 31)),
            // An unknown user breaks the profile key too (it holds user_id): PostgreSQL
            // reports the user key, SQLite the first key its check finds.
            Case::refused(per_backend(
                "fk_fitness_goals_user",
                "fk_fitness_goals_profile",
            ))
            .set("user_id", Uuid::new_v4()),
            // The profile must be the same user's, and exist.
            Case::refused("fk_fitness_goals_profile").set("health_profile_id", other_profile),
            Case::refused("fk_fitness_goals_profile").set("health_profile_id", Uuid::new_v4()),
        ],
    )
}

async fn fitness_goal_checks(t: &TestDb) {
    let user = insert_user(t, "fit", true).await.id();
    let other = insert_user(t, "unfit", true).await.id();
    let profile = insert_profile(t, user).await;
    let other_profile = insert_profile(t, other).await;
    rule_cases::run(t, &[fitness_goal_cases(user, profile, other_profile)]).await;
}

async fn profile_and_preferences_through_the_service(t: &TestDb) {
    let user = verified_user(t, "ada").await;
    assert_eq!(profiles::get_user_profile(&t.db, user).await.unwrap(), None);
    assert_eq!(
        profiles::get_user_preferences(&t.db, user).await.unwrap(),
        None
    );

    // The first update creates the row, with defaults for what it leaves out.
    let created = profiles::update_user_profile(
        &t.db,
        user,
        ProfileChange {
            full_name: Patch::Set("  Ada Lovelace ".into()),
            health_goals: Some(vec!["Lose 5 kg".into(), "lose 5 KG".into(), "Sleep".into()]),
            ..ProfileChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(created.full_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(created.timezone, "UTC");
    assert_eq!(created.language_preference, "en");
    assert_eq!(created.health_goals.items(), ["Lose 5 kg", "Sleep"]);

    // A partial update keeps every field it leaves out.
    let changed = profiles::update_user_profile(
        &t.db,
        user,
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
        profiles::get_user_profile(&t.db, user).await.unwrap(),
        Some(changed.clone())
    );
    let cleared = profiles::update_user_profile(
        &t.db,
        user,
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

    let invalid = [
        (
            ProfileChange {
                timezone: Some("Mars/Olympus_Mons".into()),
                ..ProfileChange::default()
            },
            "timezone",
        ),
        (
            ProfileChange {
                timezone: Some("Europe/Par\0is".into()),
                ..ProfileChange::default()
            },
            "timezone",
        ),
        (
            ProfileChange {
                language_preference: Some("english".into()),
                ..ProfileChange::default()
            },
            "language_preference",
        ),
        (
            ProfileChange {
                language_preference: Some("en-abcdefghi".into()),
                ..ProfileChange::default()
            },
            "language_preference",
        ),
        (
            ProfileChange {
                full_name: Patch::Set("   ".into()),
                ..ProfileChange::default()
            },
            "full_name",
        ),
        (
            ProfileChange {
                full_name: Patch::Set("n".repeat(256)),
                ..ProfileChange::default()
            },
            "full_name",
        ),
        (
            ProfileChange {
                health_goals: Some(vec!["ok".into(), "bad\0".into()]),
                ..ProfileChange::default()
            },
            "health_goals[1]",
        ),
        (
            ProfileChange {
                health_goals: Some(vec!["ok".into(), " ".into()]),
                ..ProfileChange::default()
            },
            "health_goals[1]",
        ),
    ];
    for (change, field) in invalid {
        assert_eq!(
            field_of(profiles::update_user_profile(&t.db, user, change).await),
            field
        );
    }

    let prefs = profiles::update_user_preferences(
        &t.db,
        user,
        PreferencesChange {
            preferred_cuisines: Some(vec!["Thai".into(), "Italian".into()]),
            budget_per_meal: Patch::Set("12.50".parse().on_field("budget_per_meal").unwrap()),
            notify_meal_reminders: Some(true),
            ..PreferencesChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(prefs.units, Units::Metric);
    assert_eq!(prefs.preferred_cuisines.items(), ["Thai", "Italian"]);
    assert!(prefs.disliked_cuisines.items().is_empty());
    assert_eq!(
        prefs.budget_per_meal.map(|b| b.to_string()),
        Some("12.50".into())
    );
    assert!(prefs.notify_email && prefs.notify_push && prefs.notify_meal_reminders);
    let prefs2 = profiles::update_user_preferences(
        &t.db,
        user,
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
    assert_eq!(prefs2.units, Units::Imperial);
    assert_eq!(prefs2.preferred_cuisines, prefs.preferred_cuisines);
    assert_eq!(prefs2.disliked_cuisines.items(), ["Fast food"]);
    assert_eq!(prefs2.budget_per_meal, prefs.budget_per_meal);
    assert_eq!(prefs2.max_cooking_time_minutes, Some(45));
    assert!(!prefs2.notify_push && prefs2.notify_email && prefs2.notify_meal_reminders);
    assert_eq!(
        profiles::get_user_preferences(&t.db, user).await.unwrap(),
        Some(prefs2.clone())
    );

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
            field_of(profiles::update_user_preferences(&t.db, user, change).await),
            field
        );
    }
    assert!(matches!(
        "1.234".parse::<entity::types::Numeric<8, 2>>().on_field("budget_per_meal"),
        Err(Error::Validation { field, .. }) if field == "budget_per_meal"
    ));
    // Nothing was written by the refused changes.
    assert_eq!(
        profiles::get_user_preferences(&t.db, user).await.unwrap(),
        Some(prefs2)
    );

    // Another user sees none of this, and an unknown user cannot create a profile.
    let other = verified_user(t, "bob").await;
    assert_eq!(
        profiles::get_user_profile(&t.db, other).await.unwrap(),
        None
    );
    assert_eq!(
        profiles::get_user_preferences(&t.db, other).await.unwrap(),
        None
    );
    assert!(matches!(
        profiles::update_user_profile(
            &t.db,
            service::Actor::new(Uuid::new_v4()),
            ProfileChange::default()
        )
        .await,
        Err(Error::NotFound {
            what: Subject::User
        })
    ));
    // A soft-deleted user's profile is not read.
    service::accounts::delete_account(&t.db, user)
        .await
        .unwrap();
    assert_eq!(profiles::get_user_profile(&t.db, user).await.unwrap(), None);
}

async fn medical_conditions_through_the_service(t: &TestDb) {
    let user = verified_user(t, "carol").await;
    let other = verified_user(t, "dave").await;
    let input = ConditionInput::default();
    assert!(matches!(
        health::create_condition(
            &t.db,
            user,
            ConditionRef::Name("Gout".into()),
            input.clone()
        )
        .await,
        Err(Error::NotFound {
            what: Subject::HealthProfile
        })
    ));
    for who in [user, other] {
        health::set_profile(&t.db, who, ProfileInput::default())
            .await
            .unwrap();
    }
    let celiac = health::create_condition(
        &t.db,
        user,
        ConditionRef::Name("celiac DISEASE".into()),
        ConditionInput {
            diagnosed_date: Some(day(2020, 2, 29)),
            ..input.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(celiac.status, ConditionStatus::Active);
    let gout = Uuid::parse_str("c1000000-0000-4000-8000-00000000000b").unwrap();
    health::create_condition(&t.db, user, ConditionRef::Id(gout), input.clone())
        .await
        .unwrap();
    assert!(matches!(
        health::create_condition(
            &t.db,
            user,
            ConditionRef::Name("Gout".into()),
            input.clone()
        )
        .await,
        Err(Error::Conflict {
            what: Subject::MedicalCondition
        })
    ));
    assert!(matches!(
        health::create_condition(
            &t.db,
            user,
            ConditionRef::Name("Dragon pox".into()),
            input.clone()
        )
        .await,
        Err(Error::Validation { field, .. }) if field == "condition"
    ));
    let tomorrow = Utc::now().date_naive() + TimeDelta::days(1);
    let future = ConditionInput {
        diagnosed_date: Some(tomorrow),
        ..input.clone()
    };
    assert_eq!(
        field_of(
            health::create_condition(
                &t.db,
                user,
                ConditionRef::Name("Hypertension".into()),
                future
            )
            .await
        ),
        "diagnosed_date"
    );
    let long = ConditionInput {
        notes: Some("n".repeat(501)),
        ..input.clone()
    };
    assert_eq!(
        field_of(
            health::create_condition(&t.db, user, ConditionRef::Name("Hypertension".into()), long)
                .await
        ),
        "notes"
    );

    let changed = health::update_condition(
        &t.db,
        user,
        ConditionRef::Id(gout),
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
    let listed = health::list_conditions(&t.db, user).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|c| c.reference.name.as_str()).collect();
    assert_eq!(names, ["Celiac disease", "Gout"]);
    assert_eq!(listed[0].condition.diagnosed_date, Some(day(2020, 2, 29)));

    // Another user reaches none of it: the same names are simply not theirs.
    assert!(
        health::list_conditions(&t.db, other)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        health::update_condition(
            &t.db,
            other,
            ConditionRef::Id(gout),
            ConditionChange::default()
        )
        .await,
        Err(Error::NotFound {
            what: Subject::MedicalCondition
        })
    ));
    assert!(matches!(
        health::delete_condition(&t.db, other, ConditionRef::Id(gout)).await,
        Err(Error::NotFound {
            what: Subject::MedicalCondition
        })
    ));
    health::delete_condition(&t.db, user, ConditionRef::Name("GOUT".into()))
        .await
        .unwrap();
    assert_eq!(health::list_conditions(&t.db, user).await.unwrap().len(), 1);
    assert_eq!(
        service::catalogue::list_medical_conditions(&t.db)
            .await
            .unwrap()
            .len(),
        12
    );
}

async fn fitness_goals_through_the_service(t: &TestDb) {
    let user = verified_user(t, "erin").await;
    let other = verified_user(t, "frank").await;
    let start = day(2026, 1, 1);
    let mut new = NewFitnessGoal::new(FitnessGoalType::LoseWeight, start);
    assert!(matches!(
        health::create_fitness_goal(&t.db, user, new.clone()).await,
        Err(Error::NotFound {
            what: Subject::HealthProfile
        })
    ));
    for who in [user, other] {
        health::set_profile(&t.db, who, ProfileInput::default())
            .await
            .unwrap();
    }
    new.target_weight_kg = Some("70.50".parse().on_field("target_weight_kg").unwrap());
    new.target_date = Some(day(2026, 6, 30));
    let goal = health::create_fitness_goal(&t.db, user, new.clone())
        .await
        .unwrap();
    assert_eq!(goal.status, GoalStatus::Active);
    assert_eq!(goal.ended_at, None);
    assert_eq!(
        goal.target_weight_kg.map(|w| w.to_string()),
        Some("70.50".into())
    );

    let invalid = [
        (
            NewFitnessGoal {
                target_date: Some(day(2025, 12, 31)),
                ..new.clone()
            },
            "target_date",
        ),
        (
            NewFitnessGoal {
                target_weight_kg: Some("19.99".parse().unwrap()),
                ..new.clone()
            },
            "target_weight_kg",
        ),
        (
            NewFitnessGoal {
                target_body_fat_percent: Some("1.9".parse().unwrap()),
                ..new.clone()
            },
            "target_body_fat_percent",
        ),
        (
            NewFitnessGoal {
                weekly_exercise_minutes: Some(0),
                ..new.clone()
            },
            "weekly_exercise_minutes",
        ),
        (
            NewFitnessGoal {
                daily_steps: Some(100_001),
                ..new.clone()
            },
            "daily_steps",
        ),
    ];
    for (goal, field) in invalid {
        assert_eq!(
            field_of(health::create_fitness_goal(&t.db, user, goal).await),
            field
        );
    }

    // A partial update keeps what it leaves out; the merged goal is what gets checked.
    let updated = health::update_fitness_goal(
        &t.db,
        user,
        goal.id,
        FitnessGoalChange {
            daily_steps: Patch::Set(8000),
            target_weight_kg: Patch::Clear,
            ..FitnessGoalChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(updated.daily_steps, Some(8000));
    assert_eq!(updated.target_weight_kg, None);
    assert_eq!(updated.target_date, goal.target_date);
    assert_eq!(updated.goal_type, FitnessGoalType::LoseWeight);
    assert_eq!(
        field_of(
            health::update_fitness_goal(
                &t.db,
                user,
                goal.id,
                FitnessGoalChange {
                    start_date: Some(day(2026, 7, 1)),
                    ..FitnessGoalChange::default()
                },
            )
            .await
        ),
        "target_date"
    );

    // Another user's goal id behaves as an unknown one.
    let foreign = [goal.id, Uuid::new_v4()];
    for id in foreign {
        assert!(matches!(
            health::update_fitness_goal(&t.db, other, id, FitnessGoalChange::default()).await,
            Err(Error::NotFound {
                what: Subject::FitnessGoal
            })
        ));
        assert!(matches!(
            health::end_fitness_goal(&t.db, other, id, GoalStatus::Achieved).await,
            Err(Error::NotFound {
                what: Subject::FitnessGoal
            })
        ));
    }
    assert!(
        health::list_fitness_goals(&t.db, other, false)
            .await
            .unwrap()
            .is_empty()
    );

    let second = health::create_fitness_goal(
        &t.db,
        user,
        NewFitnessGoal::new(FitnessGoalType::ImproveEndurance, day(2025, 1, 1)),
    )
    .await
    .unwrap();
    assert_eq!(
        field_of(health::end_fitness_goal(&t.db, user, goal.id, GoalStatus::Active).await),
        "status"
    );
    let ended = health::end_fitness_goal(&t.db, user, goal.id, GoalStatus::Achieved)
        .await
        .unwrap();
    assert_eq!(ended.status, GoalStatus::Achieved);
    assert!(ended.ended_at.is_some());
    assert_eq!(
        field_of(health::end_fitness_goal(&t.db, user, goal.id, GoalStatus::Abandoned).await),
        "status"
    );
    assert_eq!(
        field_of(
            health::update_fitness_goal(&t.db, user, goal.id, FitnessGoalChange::default()).await
        ),
        "status"
    );
    let all: Vec<Uuid> = health::list_fitness_goals(&t.db, user, false)
        .await
        .unwrap()
        .iter()
        .map(|g| g.id)
        .collect();
    assert_eq!(all, [second.id, goal.id], "active first");
    let active: Vec<Uuid> = health::list_fitness_goals(&t.db, user, true)
        .await
        .unwrap()
        .iter()
        .map(|g| g.id)
        .collect();
    assert_eq!(active, [second.id]);
}

dual!(
    profiles_and_preferences_keys_and_checks,
    profiles_and_preferences_keep_their_values_and_go_with_the_user,
    medical_condition_rules_refuse_and_accept,
    medical_conditions_reference_link_and_cascades,
    fitness_goal_checks,
    profile_and_preferences_through_the_service,
    medical_conditions_through_the_service,
    fitness_goals_through_the_service,
);
