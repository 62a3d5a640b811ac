//! The schema's rules for profiles, preferences, medical conditions and fitness goals, through
//! raw SQL: their keys and CHECKs, the values they keep, and the cascades from their user.
use chrono::{NaiveDate, Utc};
use entity::types::TextList;
use uuid::Uuid;

use super::{celiac, day, gout};
use crate::harness::{
    TestDb, assert_accepted, assert_refused, insert_profile, insert_user, per_backend,
};
use crate::rule_cases::{self, Case, Row, Table};

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

dual!(
    profiles_and_preferences_keys_and_checks,
    profiles_and_preferences_keep_their_values_and_go_with_the_user,
    medical_condition_rules_refuse_and_accept,
    medical_conditions_reference_link_and_cascades,
    fitness_goal_checks,
);
