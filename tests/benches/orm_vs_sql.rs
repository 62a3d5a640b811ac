//! How much the service layer costs over hand-written SQL, measured in the same run on the same
//! database: `cargo bench -p eatsential-tests` (PostgreSQL too when `TEST_POSTGRES_URL` is set).
//!
//! Prints, per backend and operation, the median time of the service call and of the same work
//! written by hand (the same SQL with `query_all_raw`, decoding the same columns, inside the same
//! kind of transaction naming the acting user, as row-level security needs), and their ratio;
//! then what that transaction costs over the bare query, by hand on both sides.
use std::time::{Duration, Instant};

use entity::types::{Severity, TextList, Timestamp};
use sea_orm::{
    AccessMode, ConnectionTrait, DbBackend, QueryResult, Statement, TransactionOptions,
    TransactionTrait, Value,
};
use service::accounts;
use service::health::{self, AllergenRef, AllergyInput, ProfileInput};

#[allow(dead_code, unused_macros)]
#[path = "../suite/harness.rs"]
mod harness;

mod fixtures;

const ROUNDS: usize = 2000;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Median time of each of two operations, run alternately so drift in the machine's load
/// falls on both alike.
async fn compare<A, FA, B, FB>(mut service: A, mut by_hand: B) -> (Duration, Duration)
where
    A: FnMut() -> FA,
    FA: std::future::Future<Output = ()>,
    B: FnMut() -> FB,
    FB: std::future::Future<Output = ()>,
{
    for _ in 0..ROUNDS / 10 {
        service().await; // warm the statement caches and the pool
        by_hand().await;
    }
    let (mut a, mut b) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for _ in 0..ROUNDS {
        let start = Instant::now();
        service().await;
        a.push(start.elapsed());
        let start = Instant::now();
        by_hand().await;
        b.push(start.elapsed());
    }
    (median(a), median(b))
}

fn report(backend: &str, operation: &str, service: Duration, by_hand: Duration) {
    report_as(
        backend,
        operation,
        ("service", service),
        ("hand-written SQL", by_hand),
    );
}

fn report_as(backend: &str, operation: &str, a: (&str, Duration), b: (&str, Duration)) {
    println!(
        "{backend:<10} {operation:<22} {} {:>8.1} µs   {} {:>8.1} µs   ratio {:.2}",
        a.0,
        a.1.as_secs_f64() * 1e6,
        b.0,
        b.1.as_secs_f64() * 1e6,
        a.1.as_secs_f64() / b.1.as_secs_f64()
    );
}

/// What `service::acting::read` does around a query, by hand: a transaction (read-only on
/// PostgreSQL) that names the acting user, the query, the commit.
async fn acting_query(
    t: &harness::TestDb,
    actor: Option<uuid::Uuid>,
    sql: &str,
    values: Vec<Value>,
) -> Vec<QueryResult> {
    let pg = t.backend == DbBackend::Postgres;
    let txn =
        t.db.begin_with_options(TransactionOptions {
            access_mode: pg.then_some(AccessMode::ReadOnly),
            ..Default::default()
        })
        .await
        .unwrap();
    if pg {
        let actor = actor.map(|id| id.to_string()).unwrap_or_default();
        txn.execute_unprepared(&format!(
            "SELECT set_config('app.current_user_id', '{actor}', true)"
        ))
        .await
        .unwrap();
    }
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(t.backend, sql, values))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    rows
}

async fn bench(t: &harness::TestDb) {
    let name = if t.is_pg() { "postgres" } else { "sqlite" };
    let user_id = fixtures::bencher(t).await;
    let p = |n: usize| {
        if t.is_pg() {
            format!("${n}")
        } else {
            "?".to_owned()
        }
    };

    let service = || async {
        assert_eq!(
            health::list_allergies(&t.db, user_id).await.unwrap().len(),
            5
        );
    };
    // The same join, columns and ordering, decoded by hand into the same values.
    let list_sql = format!(
        "SELECT ua.id, ua.user_id, ua.health_profile_id, ua.allergen_id, ua.severity, ua.notes, \
                ua.diagnosed_date, ua.created_at, ua.updated_at, \
                a.id, a.name, a.category, a.description, a.common_foods, a.is_active, a.fda_recognized, a.created_at \
         FROM user_allergies ua JOIN allergens a ON a.id = ua.allergen_id \
         WHERE ua.user_id = {} AND ua.user_id IN (SELECT id FROM users WHERE deleted_at IS NULL) \
         ORDER BY a.name",
        p(1)
    );
    let by_hand = || async {
        let rows = acting_query(t, Some(user_id.id()), &list_sql, vec![user_id.into()]).await;
        let decoded = rows
            .iter()
            .map(|r| {
                let id: uuid::Uuid = r.try_get_by_index(0)?;
                let severity: Severity = r.try_get_by_index(4)?;
                let notes: Option<String> = r.try_get_by_index(5)?;
                let diagnosed: Option<chrono::NaiveDate> = r.try_get_by_index(6)?;
                let stamps: (Timestamp, Timestamp) =
                    (r.try_get_by_index(7)?, r.try_get_by_index(8)?);
                let name: String = r.try_get_by_index(10)?;
                let foods: TextList = r.try_get_by_index(13)?;
                let flags: (bool, bool) = (r.try_get_by_index(14)?, r.try_get_by_index(15)?);
                Ok::<_, sea_orm::DbErr>((
                    id, severity, notes, diagnosed, stamps, name, foods, flags,
                ))
            })
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(decoded.len(), 5);
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "list_allergies (join)", service, by_hand);

    let service = || async {
        assert!(
            accounts::find_by_email(&t.db, "Bencher@example.com")
                .await
                .unwrap()
                .is_some()
        );
    };
    // PostgreSQL signs in through the SECURITY DEFINER function, as the service does.
    let email_sql = if t.is_pg() {
        "SELECT id, username, email, password_hash, is_email_verified, is_active, created_at, updated_at, deleted_at \
         FROM auth.user_for_login($1)".to_owned()
    } else {
        "SELECT id, username, email, password_hash, is_email_verified, is_active, created_at, updated_at, deleted_at \
         FROM users WHERE lower(email) = ? AND deleted_at IS NULL LIMIT 1".to_owned()
    };
    let by_hand = || async {
        let rows = acting_query(t, None, &email_sql, vec!["bencher@example.com".into()]).await;
        let row = &rows[0];
        let decoded: (
            uuid::Uuid,
            String,
            String,
            String,
            bool,
            bool,
            Timestamp,
            Timestamp,
            Option<Timestamp>,
        ) = (
            row.try_get_by_index(0).unwrap(),
            row.try_get_by_index(1).unwrap(),
            row.try_get_by_index(2).unwrap(),
            row.try_get_by_index(3).unwrap(),
            row.try_get_by_index(4).unwrap(),
            row.try_get_by_index(5).unwrap(),
            row.try_get_by_index(6).unwrap(),
            row.try_get_by_index(7).unwrap(),
            row.try_get_by_index(8).unwrap(),
        );
        assert!(decoded.8.is_none());
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "find_by_email", service, by_hand);

    let service = || async {
        assert!(health::read_bmr(&t.db, user_id).await.unwrap().is_none());
    };
    let bmr_sql = format!(
        "SELECT bmr_calories FROM health_profile_bmr WHERE user_id = {} \
         AND user_id IN (SELECT id FROM users WHERE deleted_at IS NULL)",
        p(1)
    );
    let by_hand = || async {
        let _ = acting_query(t, Some(user_id.id()), &bmr_sql, vec![user_id.into()]).await;
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "read_bmr (view)", service, by_hand);

    // What naming the acting user costs: the same hand-written query, in the transaction and
    // bare.
    let bare = || async {
        let _ =
            t.db.query_all_raw(Statement::from_sql_and_values(
                t.backend,
                &bmr_sql,
                [user_id.into()],
            ))
            .await
            .unwrap();
    };
    let in_transaction = || async {
        let _ = acting_query(t, Some(user_id.id()), &bmr_sql, vec![user_id.into()]).await;
    };
    let (in_transaction, bare) = compare(in_transaction, bare).await;
    report_as(
        name,
        "naming the acting user",
        ("in its transaction", in_transaction),
        ("bare query", bare),
    );

    bench_recipes(t, name, user_id.id()).await;
}

/// Recipe search and safety verdicts over 500 public recipes of 3 ingredient lines each
/// (tomato, olive oil, and in one in three peanut butter, which the bench user is allergic to).
async fn bench_recipes(t: &harness::TestDb, name: &str, user_id: uuid::Uuid) {
    use service::recipes::{self, SearchQuery};
    use service::safety;

    fixtures::public_recipes(t).await;
    let _ = t.exec("ANALYZE", vec![]).await;

    let query = SearchQuery {
        tags: vec!["quick".into()],
        cuisine: Some("italian".into()),
        max_total_minutes: Some(40),
        only_safe: true,
        limit: 20,
        ..Default::default()
    };
    let service = || async {
        assert_eq!(
            recipes::search(&t.db, service::Actor::new(user_id), &query)
                .await
                .unwrap()
                .recipes
                .len(),
            20
        );
    };
    // The same statement the service builds, written out: visible, tags, cuisine, time, safe,
    // ordered by rank, one row more than the page.
    let tag_filter = if t.is_pg() {
        "r.tags @> $2::text[]".to_owned()
    } else {
        "EXISTS (SELECT 1 FROM json_each(r.tags) WHERE json_each.value = $2)".to_owned()
    };
    let search_sql = format!(
        "SELECT r.* FROM recipes r WHERE (r.is_public OR r.user_id = $1) AND {tag_filter} \
         AND r.cuisine_type = $3 AND r.total_time_minutes <= $4 \
         AND NOT EXISTS (SELECT 1 FROM recipe_ingredients l \
             JOIN ingredient_allergens ia ON ia.ingredient_id = l.ingredient_id \
             JOIN user_allergies ua ON ua.allergen_id = ia.allergen_id \
             WHERE l.recipe_id = r.id AND ua.user_id = $1 \
             AND ua.severity IN ('SEVERE', 'LIFE_THREATENING')) \
         ORDER BY coalesce(r.rating, -1) DESC, r.id LIMIT 21"
    );
    let tag_value: Value = if t.is_pg() {
        Value::Array(
            sea_orm::sea_query::ArrayType::String,
            Some(Box::new(vec![Value::String(Some("quick".into()))])),
        )
    } else {
        "quick".into()
    };
    let by_hand = || async {
        let rows = acting_query(
            t,
            Some(user_id),
            &search_sql,
            vec![
                user_id.into(),
                tag_value.clone(),
                "italian".into(),
                40.into(),
            ],
        )
        .await;
        let decoded = rows
            .iter()
            .take(20)
            .map(|r| {
                let id: uuid::Uuid = r.try_get("", "id")?;
                let name: String = r.try_get("", "name")?;
                let times: (i32, i32, i32) = (
                    r.try_get("", "prep_time_minutes")?,
                    r.try_get("", "cook_time_minutes")?,
                    r.try_get("", "total_time_minutes")?,
                );
                let rating: Option<entity::types::Numeric<3, 2>> = r.try_get("", "rating")?;
                let tags: TextList = r.try_get("", "tags")?;
                let stamps: (Timestamp, Timestamp) =
                    (r.try_get("", "created_at")?, r.try_get("", "updated_at")?);
                // Every other column of the model too, as the service decodes them.
                let rest = (
                    r.try_get::<uuid::Uuid>("", "user_id")?,
                    r.try_get::<Option<String>>("", "description")?,
                    r.try_get::<Option<String>>("", "cuisine_type")?,
                    r.try_get::<entity::types::Difficulty>("", "difficulty_level")?,
                    r.try_get::<i32>("", "servings")?,
                    r.try_get::<Option<entity::types::Numeric<8, 2>>>("", "calories_per_serving")?,
                    r.try_get::<Option<entity::types::Numeric<8, 2>>>("", "cost_estimate")?,
                    r.try_get::<i32>("", "rating_count")?,
                    r.try_get::<i32>("", "rating_sum")?,
                    r.try_get::<bool>("", "is_public")?,
                    r.try_get::<Option<String>>("", "source_url")?,
                    r.try_get::<Option<String>>("", "image_url")?,
                );
                Ok::<_, sea_orm::DbErr>((id, name, times, rating, tags, stamps, rest))
            })
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(decoded.len(), 20);
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "recipe search (page)", service, by_hand);

    let ids: Vec<uuid::Uuid> = t
        .query("SELECT id FROM recipes ORDER BY id LIMIT 20", vec![])
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let service = || async {
        assert_eq!(
            safety::list_recipe_verdicts(&t.db, service::Actor::new(user_id), &ids)
                .await
                .unwrap()
                .len(),
            20
        );
    };
    let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let list = list.join(", ");
    let verdict_sql = format!(
        "SELECT d.id AS dish_id, m.ingredient_id, m.ingredient_name, m.allergen_id, \
                m.allergen_name, m.severity \
         FROM recipes d \
         LEFT JOIN (SELECT l.recipe_id AS dish_id, i.id AS ingredient_id, i.name AS ingredient_name, \
                           a.id AS allergen_id, a.name AS allergen_name, ua.severity \
                    FROM recipe_ingredients l \
                    JOIN ingredients i ON i.id = l.ingredient_id \
                    JOIN ingredient_allergens ia ON ia.ingredient_id = i.id \
                    JOIN allergens a ON a.id = ia.allergen_id \
                    JOIN user_allergies ua ON ua.allergen_id = ia.allergen_id AND ua.user_id = $1 \
                    WHERE l.recipe_id IN ({list})) m ON m.dish_id = d.id \
         WHERE d.id IN ({list}) AND (d.is_public OR d.user_id = $1) \
         ORDER BY d.id, m.ingredient_name, m.allergen_name"
    );
    let mut values: Vec<Value> = vec![user_id.into()];
    values.extend(ids.iter().map(|id| Value::from(*id)));
    let by_hand = || async {
        let rows = acting_query(t, Some(user_id), &verdict_sql, values.clone()).await;
        let mut unsafe_dishes = std::collections::BTreeSet::new();
        let mut dishes = std::collections::BTreeSet::new();
        for r in &rows {
            let dish: uuid::Uuid = r.try_get("", "dish_id").unwrap();
            dishes.insert(dish);
            let severity: Option<Severity> = r.try_get("", "severity").unwrap();
            let _: Option<(uuid::Uuid, String, uuid::Uuid, String)> = severity.map(|_| {
                (
                    r.try_get("", "ingredient_id").unwrap(),
                    r.try_get("", "ingredient_name").unwrap(),
                    r.try_get("", "allergen_id").unwrap(),
                    r.try_get("", "allergen_name").unwrap(),
                )
            });
            if severity >= Some(Severity::Severe) {
                unsafe_dishes.insert(dish);
            }
        }
        assert_eq!(dishes.len(), 20);
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "safety verdicts (20)", service, by_hand);
}

/// What `service::acting::write` does around statements, by hand: a transaction (`BEGIN
/// IMMEDIATE` on SQLite) naming the acting user, the statements, the commit (clearing the
/// acting user on SQLite first).
async fn acting_write(
    t: &harness::TestDb,
    actor: uuid::Uuid,
    read: Statement,
    statements: Vec<Statement>,
) {
    let pg = t.backend == DbBackend::Postgres;
    let txn =
        t.db.begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
        .unwrap();
    if pg {
        txn.execute_unprepared(&format!(
            "SELECT set_config('app.current_user_id', '{actor}', true)"
        ))
        .await
        .unwrap();
    } else {
        txn.execute_raw(Statement::from_sql_and_values(
            t.backend,
            "INSERT OR REPLACE INTO audit_context (slot, user_id) VALUES (1, ?)",
            [actor.into()],
        ))
        .await
        .unwrap();
    }
    assert_eq!(txn.query_all_raw(read).await.unwrap().len(), 1);
    for statement in statements {
        txn.execute_raw(statement).await.unwrap();
    }
    if !pg {
        txn.execute_unprepared("DELETE FROM audit_context")
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
}

/// Nutrition tracking: logging a meal (the log and its day's totals) and 30 days of progress.
async fn bench_nutrition(t: &harness::TestDb) {
    use entity::types::{MealSlot, NutritionGoalType};
    use service::nutrition::{self, MealEntry, NewGoal, NewMealLog, Nutrition, Tz};
    use std::sync::atomic::{AtomicI64, Ordering};

    let name = if t.is_pg() { "postgres" } else { "sqlite" };
    let user = harness::verified_user(t, "eater").await;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut goal = NewGoal::new(NutritionGoalType::Maintenance, start);
    goal.target_calories = Some("2000".parse().unwrap());
    goal.target_protein_g = Some("120".parse().unwrap());
    nutrition::create_goal(&t.db, user, goal).await.unwrap();
    let p = |n: usize| {
        if t.is_pg() {
            format!("${n}")
        } else {
            "?".to_owned()
        }
    };
    let meal = Nutrition {
        energy_kcal: "512.30".parse().unwrap(),
        protein_g: "31.10".parse().unwrap(),
        carbs_g: "60.05".parse().unwrap(),
        fat_g: "14.20".parse().unwrap(),
        ..Nutrition::default()
    };
    // Each log lands on the next of 365 days, so no day's sum grows without bound.
    let counter = AtomicI64::new(0);
    let next_time = || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 1, 1, 12, 0, 0).unwrap()
            + chrono::TimeDelta::days(n % 365)
            + chrono::TimeDelta::seconds(n / 365);
        Timestamp::new(at).unwrap()
    };
    let service = || async {
        let entry = MealEntry::Free {
            name: "Bowl".into(),
            nutrition: meal,
        };
        nutrition::log_meal(
            &t.db,
            user,
            Tz::UTC,
            NewMealLog::new(next_time(), MealSlot::Lunch, entry),
        )
        .await
        .unwrap();
    };
    let columns = "energy_kcal, protein_g, carbs_g, fat_g, fiber_g, sugar_g, sodium_mg";
    let by_hand = || async {
        let at = next_time();
        let date = at.as_datetime().date_naive();
        let amounts: Vec<Value> = [
            meal.energy_kcal,
            meal.protein_g,
            meal.carbs_g,
            meal.fat_g,
            meal.fiber_g,
            meal.sugar_g,
            meal.sodium_mg,
        ]
        .into_iter()
        .map(Value::from)
        .collect();
        let mut insert_values: Vec<Value> = vec![
            uuid::Uuid::new_v4().into(),
            user.into(),
            at.into(),
            date.into(),
            "lunch".into(),
            "Bowl".into(),
        ];
        insert_values.extend(amounts);
        let insert = Statement::from_sql_and_values(
            t.backend,
            format!(
                "INSERT INTO meal_logs (id, user_id, logged_at, local_date, meal_slot, name, {columns}) \
                 VALUES ({})",
                (1..=13).map(p).collect::<Vec<_>>().join(", ")
            ),
            insert_values,
        );
        // The day recomputed exactly from its logs, in one upsert.
        let upsert = Statement::from_sql_and_values(
            t.backend,
            format!(
                "INSERT INTO daily_nutrition (id, user_id, date, {columns}, meal_count) \
                 SELECT {}, {}, {}, {}, COUNT(id) FROM meal_logs WHERE user_id = {} AND local_date = {} \
                 GROUP BY user_id, local_date \
                 ON CONFLICT (user_id, date) DO UPDATE SET energy_kcal = excluded.energy_kcal, \
                 protein_g = excluded.protein_g, carbs_g = excluded.carbs_g, fat_g = excluded.fat_g, \
                 fiber_g = excluded.fiber_g, sugar_g = excluded.sugar_g, sodium_mg = excluded.sodium_mg, \
                 meal_count = excluded.meal_count",
                p(1),
                p(2),
                p(3),
                [
                    "energy_kcal",
                    "protein_g",
                    "carbs_g",
                    "fat_g",
                    "fiber_g",
                    "sugar_g",
                    "sodium_mg"
                ]
                .map(|c| format!("CAST(SUM(CAST(ROUND({c} * 100) AS BIGINT)) AS BIGINT) / 100.0"))
                .join(", "),
                p(4),
                p(5),
            ),
            vec![
                uuid::Uuid::new_v4().into(),
                user.into(),
                date.into(),
                user.into(),
                date.into(),
            ],
        );
        // The live user the service checks first.
        let live = Statement::from_sql_and_values(
            t.backend,
            format!(
                "SELECT id, username, email, password_hash, is_email_verified, is_active, role, \
                 created_at, updated_at, deleted_at FROM users WHERE id = {} AND deleted_at IS NULL LIMIT 1",
                p(1)
            ),
            vec![user.into()],
        );
        acting_write(t, user.id(), live, vec![insert, upsert]).await;
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "log_meal (+ day)", service, by_hand);

    let from = start;
    let to = start + chrono::Days::new(29);
    let service = || async {
        let progress = nutrition::get_progress(&t.db, user, from, to)
            .await
            .unwrap();
        assert_eq!(progress.days.len(), 30);
    };
    let targets: String = (0..7)
        .map(|i| format!("t{i}.min_amount, t{i}.max_amount, "))
        .collect();
    let joins: String = [
        "energy_kcal",
        "protein_g",
        "carbs_g",
        "fat_g",
        "fiber_g",
        "sugar_g",
        "sodium_mg",
    ]
    .iter()
    .enumerate()
    .map(|(i, n)| {
        format!(" LEFT JOIN nutrient_targets t{i} ON t{i}.goal_id = g.id AND t{i}.nutrient = '{n}'")
    })
    .collect();
    let progress_sql = format!(
        "SELECT g.id, g.goal_type, g.start_date, g.end_date, g.target_calories, g.target_protein_g, \
                g.target_carbs_g, g.target_fat_g, g.target_fiber_g, g.target_sodium_mg, {targets}\
                d.date, d.meal_count, d.energy_kcal, d.protein_g, d.carbs_g, d.fat_g, d.fiber_g, d.sugar_g, d.sodium_mg \
         FROM (SELECT 1) AS one \
         LEFT JOIN nutrition_goals g ON g.user_id = {} AND g.is_active = {}{joins} \
         LEFT JOIN daily_nutrition d ON d.user_id = {} AND d.date >= {} AND d.date <= {} \
         ORDER BY d.date",
        p(1),
        p(2),
        p(3),
        p(4),
        p(5)
    );
    let by_hand = || async {
        let rows = acting_query(
            t,
            Some(user.id()),
            &progress_sql,
            vec![
                user.into(),
                true.into(),
                user.into(),
                from.into(),
                to.into(),
            ],
        )
        .await;
        // Every column the service reads: the goal, its targets' bounds, each day's totals.
        type Target = Option<entity::types::Numeric<8, 2>>;
        type Bound = Option<entity::types::Numeric<10, 3>>;
        type Total = Option<entity::types::Numeric<11, 2>>;
        let goal = rows.first().map(|r| {
            let id: Option<uuid::Uuid> = r.try_get_by_index(0).unwrap();
            let kind: Option<String> = r.try_get_by_index(1).unwrap();
            let dates: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) = (
                r.try_get_by_index(2).unwrap(),
                r.try_get_by_index(3).unwrap(),
            );
            let targets: Vec<Target> = (4..10).map(|i| r.try_get_by_index(i).unwrap()).collect();
            let bounds: Vec<Bound> = (10..24).map(|i| r.try_get_by_index(i).unwrap()).collect();
            (id, kind, dates, targets, bounds)
        });
        assert!(goal.is_some());
        let mut days = std::collections::BTreeMap::new();
        for r in &rows {
            let date: Option<chrono::NaiveDate> = r.try_get_by_index(24).unwrap();
            let meals: Option<i32> = r.try_get_by_index(25).unwrap();
            let totals: Vec<Total> = (26..33).map(|i| r.try_get_by_index(i).unwrap()).collect();
            if let Some(date) = date {
                days.insert(date, (meals, totals));
            }
        }
        let all: Vec<_> = from
            .iter_days()
            .take(30)
            .map(|d| days.get(&d).cloned())
            .collect();
        assert_eq!(all.len(), 30);
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "progress (30 days)", service, by_hand);
}

/// Meal planning: the shopping list of a 30-day plan (three recipes a day, a pantry, prices),
/// made and stored; by hand: the same statements in the same acting write transaction, the
/// same conversion (`shopping::canonical`), one multi-row INSERT for the lines.
async fn bench_shopping(t: &harness::TestDb) {
    use entity::types::Unit;
    use rust_decimal::Decimal;
    use service::shopping;
    use std::collections::HashMap;

    let name = if t.is_pg() { "postgres" } else { "sqlite" };
    let user = harness::verified_user(t, "shopper").await;
    let (plan, start) = fixtures::month_plan(t, user).await;
    let today = start;

    let service = || async {
        let list = shopping::create_shopping_list_from_plan(
            &t.db,
            user,
            plan,
            shopping::ListFromPlan {
                name: None,
                today,
                id: None,
            },
        )
        .await
        .unwrap();
        // Six lines: ingredient 3 has no conversion factor, so its pieces and grams stay apart.
        assert_eq!(list.lines().count(), 6);
    };
    let plan_sql = "SELECT id, user_id, name, start_date, end_date, notes, created_at, updated_at \
         FROM meal_plans WHERE id = $1 AND user_id = $2 \
         AND user_id IN (SELECT id FROM users WHERE deleted_at IS NULL) LIMIT 1";
    let needs_sql = "SELECT ri.ingredient_id, i.name, i.category, i.grams_per_ml, i.grams_per_piece, \
         ri.quantity, ri.unit, pm.servings, r.servings AS recipe_servings \
         FROM planned_meals pm JOIN recipes r ON r.id = pm.recipe_id \
         JOIN recipe_ingredients ri ON ri.recipe_id = r.id \
         JOIN ingredients i ON i.id = ri.ingredient_id \
         WHERE pm.meal_plan_id = $1 AND pm.user_id = $2 AND (r.user_id = $2 OR r.is_public)";
    let plan_ingredients = "SELECT ri.ingredient_id FROM planned_meals pm \
         JOIN recipes r ON r.id = pm.recipe_id JOIN recipe_ingredients ri ON ri.recipe_id = r.id \
         WHERE pm.meal_plan_id = $1 AND pm.user_id = $2 AND (r.user_id = $2 OR r.is_public)";
    let pantry_sql = format!(
        "SELECT ii.ingredient_id, ii.quantity, ii.unit FROM inventory_items ii \
         WHERE ii.user_id = $2 AND (ii.best_before IS NULL OR ii.best_before >= $3) \
         AND ii.ingredient_id IN ({plan_ingredients})"
    );
    let prices_sql = shopping::latest_prices_sql(plan_ingredients);
    let dec = |r: &QueryResult, i: usize, scale: u32| -> Decimal {
        let v: Decimal = r.try_get_by_index(i).unwrap();
        v.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let opt_dec = |r: &QueryResult, i: usize, scale: u32| -> Option<Decimal> {
        let v: Option<Decimal> = r.try_get_by_index(i).unwrap();
        v.map(|v| {
            v.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        })
    };
    let unit = |r: &QueryResult, i: usize| -> Unit {
        let text: String = r.try_get_by_index(i).unwrap();
        sea_orm::ActiveEnum::try_from_value(&text).unwrap()
    };
    let by_hand = || async {
        let pg = t.is_pg();
        let txn =
            t.db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
            .unwrap();
        if pg {
            txn.execute_unprepared(&format!(
                "SELECT set_config('app.current_user_id', '{user}', true)"
            ))
            .await
            .unwrap();
        } else {
            txn.execute_raw(Statement::from_sql_and_values(
                t.backend,
                "INSERT OR REPLACE INTO audit_context (slot, user_id) VALUES (1, ?)",
                [user.into()],
            ))
            .await
            .unwrap();
        }
        let q =
            |sql: &str, values: Vec<Value>| Statement::from_sql_and_values(t.backend, sql, values);
        let found = txn
            .query_all_raw(q(plan_sql, vec![plan.into(), user.into()]))
            .await
            .unwrap();
        let plan_name: String = found[0].try_get_by_index(2).unwrap();
        type Need = (String, String, Option<Decimal>, Option<Decimal>, Decimal);
        let mut needs: HashMap<(uuid::Uuid, Unit), Need> = HashMap::new();
        for r in txn
            .query_all_raw(q(needs_sql, vec![plan.into(), user.into()]))
            .await
            .unwrap()
        {
            let ingredient: uuid::Uuid = r.try_get_by_index(0).unwrap();
            let (per_ml, per_piece) = (opt_dec(&r, 3, 3), opt_dec(&r, 4, 2));
            let recipe_servings: i32 = r.try_get_by_index(8).unwrap();
            let scaled = dec(&r, 5, 3) * dec(&r, 7, 2) / Decimal::from(recipe_servings);
            let (quantity, u) =
                shopping::canonical(scaled, unit(&r, 6), per_ml, per_piece).unwrap();
            let need = needs.entry((ingredient, u)).or_insert_with(|| {
                (
                    r.try_get_by_index(1).unwrap(),
                    r.try_get_by_index(2).unwrap(),
                    per_ml,
                    per_piece,
                    Decimal::ZERO,
                )
            });
            need.4 += quantity;
        }
        for r in txn
            .query_all_raw(q(&pantry_sql, vec![plan.into(), user.into(), today.into()]))
            .await
            .unwrap()
        {
            let ingredient: uuid::Uuid = r.try_get_by_index(0).unwrap();
            let held = dec(&r, 1, 3);
            let u = unit(&r, 2);
            for ((id, list_unit), need) in needs.iter_mut() {
                if *id == ingredient
                    && let Some((have, have_unit)) = shopping::canonical(held, u, need.2, need.3)
                    && have_unit == *list_unit
                {
                    need.4 -= have;
                }
            }
        }
        let mut prices = HashMap::new();
        for r in txn
            .query_all_raw(q(&prices_sql, vec![plan.into(), user.into()]))
            .await
            .unwrap()
        {
            let ingredient: uuid::Uuid = r.try_get_by_index(0).unwrap();
            prices.insert(ingredient, (dec(&r, 1, 2), dec(&r, 2, 3), unit(&r, 3)));
        }
        let list = uuid::Uuid::new_v4();
        let now = Timestamp::now();
        txn.execute_raw(q(
            "INSERT INTO shopping_lists (id, user_id, name, meal_plan_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                list.into(),
                user.into(),
                format!("Shopping for {plan_name}").into(),
                Some(plan).into(),
                now.into(),
                now.into(),
            ],
        ))
        .await
        .unwrap();
        let mut rows = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for ((ingredient, u), need) in &needs {
            if need.4 <= Decimal::ZERO {
                continue;
            }
            let quantity = need
                .4
                .round_dp_with_strategy(3, rust_decimal::RoundingStrategy::AwayFromZero);
            let estimate = prices.get(ingredient).and_then(|(price, per, per_unit)| {
                let (per, per_unit) = shopping::canonical(*per, *per_unit, need.2, need.3)?;
                (per_unit == *u).then(|| {
                    (quantity * price / per).round_dp_with_strategy(
                        2,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    )
                })
            });
            let n = values.len();
            rows.push(format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7,
                n + 8,
                n + 9
            ));
            values.extend([
                uuid::Uuid::new_v4().into(),
                user.into(),
                list.into(),
                (*ingredient).into(),
                quantity.into(),
                sea_orm::ActiveEnum::to_value(u).into(),
                estimate.into(),
                now.into(),
                now.into(),
            ]);
        }
        assert_eq!(rows.len(), 6);
        txn.execute_raw(q(
            &format!(
                "INSERT INTO shopping_items (id, user_id, shopping_list_id, ingredient_id, quantity, \
                 unit, estimated_price, created_at, updated_at) VALUES {}",
                rows.join(", ")
            ),
            values,
        ))
        .await
        .unwrap();
        if !pg {
            txn.execute_unprepared("DELETE FROM audit_context")
                .await
                .unwrap();
        }
        txn.commit().await.unwrap();
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "shopping list (30 d)", service, by_hand);
}

/// Runs the groups named on the command line (`accounts`, `nutrition`, `shopping`, `dining`),
/// or all of them: `cargo bench -p eatsential-tests -- dining`.
async fn run_groups(t: &harness::TestDb, wanted: &[String]) {
    let runs = |group: &str| wanted.is_empty() || wanted.iter().any(|w| w == group);
    if runs("accounts") {
        bench(t).await;
    }
    if runs("nutrition") {
        bench_nutrition(t).await;
    }
    if runs("shopping") {
        bench_shopping(t).await;
    }
    if runs("dining") {
        bench_dining(t).await;
    }
}

#[tokio::main]
async fn main() {
    // `cargo bench` adds `--bench`; every other argument names a group.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let sqlite = harness::TestDb::sqlite("bench").await;
    run_groups(&sqlite, &wanted).await;
    if let Some(pg) = harness::TestDb::postgres("bench").await {
        run_groups(&pg, &wanted).await;
    }
    harness::drop_templates().await;
}

/// Like [`compare`] with fewer rounds, for operations that take milliseconds.
async fn compare_few<A, FA, B, FB>(rounds: usize, mut a: A, mut b: B) -> (Duration, Duration)
where
    A: FnMut() -> FA,
    FA: std::future::Future<Output = ()>,
    B: FnMut() -> FB,
    FB: std::future::Future<Output = ()>,
{
    for _ in 0..rounds / 10 + 1 {
        a().await;
        b().await;
    }
    let (mut sa, mut sb) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let start = Instant::now();
        a().await;
        sa.push(start.elapsed());
        let start = Instant::now();
        b().await;
        sb.push(start.elapsed());
    }
    (median(sa), median(sb))
}

/// The dining data set: `RESTAURANTS` restaurants spread uniformly over a 20 km square around
/// `CITY`, `MEALS_PER_RESTAURANT` meals each, inserted in batches.
mod dining {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    use rust_decimal::Decimal;

    pub const RESTAURANTS: usize = 2_000;
    pub const MEALS_PER_RESTAURANT: usize = 50;
    pub use super::fixtures::CITY;
    use super::fixtures::insert_batches;

    /// Loads the data set; returns the meal ids, restaurant by restaurant.
    pub async fn load(db: &super::harness::TestDb) -> Vec<uuid::Uuid> {
        use sea_orm::TransactionTrait;
        // One transaction: SQLite would otherwise sync the file after every batch.
        let txn = db.db.begin().await.unwrap();
        let t = &txn;
        let mut rng = StdRng::seed_from_u64(2026);
        // 20 km is 0.18 degrees of latitude, and 0.18 / cos(40.75°) of longitude.
        let (dlat, dlon) = (0.09, 0.09 / CITY.0.to_radians().cos());
        let mut restaurants = Vec::with_capacity(RESTAURANTS);
        let mut meals = Vec::with_capacity(RESTAURANTS * MEALS_PER_RESTAURANT);
        let mut meal_ids = Vec::with_capacity(RESTAURANTS * MEALS_PER_RESTAURANT);
        let cuisines = ["thai", "italian", "mexican", "japanese", "indian"];
        for i in 0..RESTAURANTS {
            let id = uuid::Uuid::new_v4();
            let lat = Decimal::new(
                ((CITY.0 + rng.gen_range(-dlat..dlat)) * 1e8).round() as i64,
                8,
            );
            let lon = Decimal::new(
                ((CITY.1 + rng.gen_range(-dlon..dlon)) * 1e8).round() as i64,
                8,
            );
            restaurants.push(vec![
                id.into(),
                format!("Restaurant {i}").into(),
                cuisines[i % cuisines.len()].into(),
                lat.into(),
                lon.into(),
                Decimal::new(rng.gen_range(20..=50), 1).into(),
                rng.gen_range(1..=4_i32).into(),
            ]);
            for j in 0..MEALS_PER_RESTAURANT {
                let meal = uuid::Uuid::new_v4();
                meal_ids.push(meal);
                meals.push(vec![
                    meal.into(),
                    id.into(),
                    format!("Dish {j}").into(),
                    Decimal::new(rng.gen_range(500..4000), 2).into(),
                    rng.gen_range(150..1400_i32).into(),
                    Decimal::new(rng.gen_range(0..600), 1).into(),
                    Decimal::new(rng.gen_range(0..1500), 1).into(),
                    Decimal::new(rng.gen_range(0..700), 1).into(),
                    rng.gen_range(0..2500_i32).into(),
                    rng.gen_bool(0.95).into(),
                ]);
            }
        }
        insert_batches(
            t,
            "restaurants",
            "id, name, cuisine_type, latitude, longitude, rating, price_range, address, city, state, zip_code",
            &restaurants
                .into_iter()
                .map(|mut r| {
                    r.extend(["1 Main St".into(), "New York".into(), "NY".into(), "10001".into()]);
                    r
                })
                .collect::<Vec<_>>(),
            500,
        )
        .await;
        insert_batches(
            t,
            "meals",
            "id, restaurant_id, name, price, energy_kcal, protein_g, carbs_g, fat_g, sodium_mg, is_available",
            &meals,
            1000,
        )
        .await;
        // Three distinct ingredients of the starter catalogue per meal (ids e1…01 to e1…48).
        let mut lines = Vec::with_capacity(meal_ids.len() * 3);
        for meal in &meal_ids {
            let first = rng.gen_range(1..=46_u128);
            for n in [first, first + 1, first + 2] {
                lines.push(vec![
                    (*meal).into(),
                    uuid::Uuid::from_u128(0xe100_0000_0000_4000_8000_0000_0000_0000 | n).into(),
                    Decimal::new(100, 0).into(),
                    "g".into(),
                ]);
            }
        }
        insert_batches(
            t,
            "meal_ingredients",
            "meal_id, ingredient_id, quantity, unit",
            &lines,
            2000,
        )
        .await;
        txn.commit().await.unwrap();
        meal_ids
    }
}

async fn bench_dining(t: &harness::TestDb) {
    use service::restaurants::{self, NearbyQuery, geo};
    let name = if t.is_pg() { "postgres" } else { "sqlite" };
    let started = Instant::now();
    let _meal_ids = dining::load(t).await;
    if t.is_pg() {
        t.db.execute_unprepared("ANALYZE").await.unwrap();
    }
    println!(
        "{name:<10} loaded {} restaurants and {} meals in {:.1} s",
        dining::RESTAURANTS,
        dining::RESTAURANTS * dining::MEALS_PER_RESTAURANT,
        started.elapsed().as_secs_f64()
    );
    let center = geo::LatLon::new(dining::CITY.0, dining::CITY.1).unwrap();
    let query = NearbyQuery {
        limit: 10_000,
        ..NearbyQuery::new(center, 2.0)
    };
    let expected = restaurants::search_nearby(&t.db, &query)
        .await
        .unwrap()
        .len();
    let service = || async {
        assert_eq!(
            restaurants::search_nearby(&t.db, &query)
                .await
                .unwrap()
                .len(),
            expected
        );
    };
    // The same candidates by hand: the boxes, the index's condition, the exact distance in
    // Rust, nearest first.
    let boxes = geo::boxes_within(center, 2.0);
    let (sql, values): (String, Vec<Value>) = {
        let b = boxes[0];
        let bounds: Vec<Value> = if t.is_pg() {
            vec![
                b.min_longitude.into(),
                b.min_latitude.into(),
                b.max_longitude.into(),
                b.max_latitude.into(),
            ]
        } else {
            vec![
                b.min_latitude.into(),
                b.max_latitude.into(),
                b.min_longitude.into(),
                b.max_longitude.into(),
            ]
        };
        let condition = if t.is_pg() {
            "point(longitude::float8, latitude::float8) <@ box(point($1, $2), point($3, $4))"
        } else {
            "id IN (SELECT row_key FROM restaurants_rtree WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?)"
        };
        (
            format!(
                "SELECT id, name, cuisine_type, address, city, state, zip_code, country, latitude, longitude, \
                 phone, website, hours, rating, price_range, is_active, created_at, updated_at \
                 FROM restaurants WHERE {condition} AND is_active"
            ),
            bounds,
        )
    };
    let by_hand = || async {
        let rows =
            t.db.query_all_raw(Statement::from_sql_and_values(
                t.backend,
                &sql,
                values.clone(),
            ))
            .await
            .unwrap();
        let mut found: Vec<(f64, uuid::Uuid, String)> = rows
            .iter()
            .filter_map(|r| {
                let id: uuid::Uuid = r.try_get_by_index(0).ok()?;
                let name: String = r.try_get_by_index(1).ok()?;
                let lat: Option<entity::types::Numeric<10, 8>> = r.try_get_by_index(8).ok()?;
                let lon: Option<entity::types::Numeric<11, 8>> = r.try_get_by_index(9).ok()?;
                let _: (Option<sea_orm::JsonValue>, Timestamp, Timestamp) = (
                    r.try_get_by_index(12).ok()?,
                    r.try_get_by_index(16).ok()?,
                    r.try_get_by_index(17).ok()?,
                );
                let point = restaurants::Location {
                    latitude: lat?,
                    longitude: lon?,
                }
                .point();
                let d = geo::distance_km(center, point);
                (d <= 2.0).then_some((d, id, name))
            })
            .collect();
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        assert_eq!(found.len(), expected);
    };
    let (service, by_hand) = compare_few(300, service, by_hand).await;
    report(name, &format!("nearby 2 km ({expected})"), service, by_hand);

    bench_menu_and_recommendations(t, name).await;
}

/// A diner with a severe peanut and a mild wheat allergy and a 2000 kcal goal, 650 eaten.
async fn diner(t: &harness::TestDb) -> uuid::Uuid {
    let user = harness::verified_user(t, "diner").await;
    health::set_profile(&t.db, user, ProfileInput::default())
        .await
        .unwrap();
    for (allergen, severity) in [("Peanuts", Severity::Severe), ("Wheat", Severity::Mild)] {
        health::create_allergy(
            &t.db,
            user,
            AllergenRef::Name(allergen.to_owned()),
            AllergyInput::new(severity),
        )
        .await
        .unwrap();
    }
    let today = chrono::Utc::now().date_naive();
    let goal = service::nutrition::NewGoal {
        target_calories: Some("2000".parse().unwrap()),
        ..service::nutrition::NewGoal::new(entity::types::NutritionGoalType::Maintenance, today)
    };
    service::nutrition::create_goal(&t.db, user, goal)
        .await
        .unwrap();
    let nutrition = service::nutrition::Nutrition {
        energy_kcal: "650".parse().unwrap(),
        ..Default::default()
    };
    service::nutrition::log_meal(
        &t.db,
        user,
        service::nutrition::Tz::UTC,
        service::nutrition::NewMealLog::new(
            Timestamp::now(),
            entity::types::MealSlot::Breakfast,
            service::nutrition::MealEntry::Free {
                name: "Oats".into(),
                nutrition,
            },
        ),
    )
    .await
    .unwrap();
    user.id()
}

async fn bench_menu_and_recommendations(t: &harness::TestDb, name: &str) {
    use service::recommendations::{self, RecommendationRequest};
    use service::restaurants::{self, geo};
    let user = diner(t).await;
    let restaurant: uuid::Uuid = t
        .query("SELECT id FROM restaurants ORDER BY id LIMIT 1", vec![])
        .await[0]
        .try_get_by_index(0)
        .unwrap();

    // The menu verdict of one restaurant (50 meals), against the same statement by hand.
    let menu_sql = restaurants::menu_statement(&t.db, user, restaurant).sql;
    let expected_menu =
        restaurants::list_menu_verdicts(&t.db, service::Actor::new(user), restaurant)
            .await
            .unwrap()
            .len();
    let service = || async {
        assert_eq!(
            restaurants::list_menu_verdicts(&t.db, service::Actor::new(user), restaurant)
                .await
                .unwrap()
                .len(),
            expected_menu
        );
    };
    let by_hand = || async {
        let rows = acting_query(
            t,
            Some(user),
            &menu_sql,
            vec![user.into(), restaurant.into()],
        )
        .await;
        let mut meals: Vec<(uuid::Uuid, String, Option<String>)> = Vec::new();
        for r in &rows {
            let id: uuid::Uuid = r.try_get("", "id").unwrap();
            let allergen: Option<String> = r.try_get("", "x_allergen_name").unwrap();
            let _: (Timestamp, entity::types::Numeric<10, 2>) = (
                r.try_get("", "created_at").unwrap(),
                r.try_get("", "price").unwrap(),
            );
            if meals.last().is_none_or(|m| m.0 != id) {
                meals.push((id, r.try_get("", "name").unwrap(), allergen));
            }
        }
        assert_eq!(meals.len(), expected_menu);
    };
    let (service, by_hand) = compare_few(300, service, by_hand).await;
    report(
        name,
        &format!("menu verdicts ({expected_menu})"),
        service,
        by_hand,
    );

    // Recommendations within 2 km: the service's four statements against the same work by
    // hand in the same kind of transaction: the profile, the candidates that fit, scored,
    // one hand-written query for which of the best 20 have a listed, safe ingredient list,
    // the insert. The hand-written side reads every candidate that fits, where the service's
    // statement leaves out those that cannot rank among the best (`best_candidates`): this
    // compares the service with the plain way to write it, not with its own SQL (the floor
    // bench replays the service's own statements).
    let center = geo::LatLon::new(dining::CITY.0, dining::CITY.1).unwrap();
    let request = RecommendationRequest {
        limit: 5,
        record: true,
        ..RecommendationRequest::new(center, 2.0, chrono::Utc::now().date_naive())
    };
    let found = recommendations::recommend(&t.db, service::Actor::new(user), &request)
        .await
        .unwrap();
    assert_eq!(found.len(), 5);
    let service = || async {
        assert_eq!(
            recommendations::recommend(&t.db, service::Actor::new(user), &request)
                .await
                .unwrap()
                .len(),
            5
        );
    };
    let profile_sql = recommendations::profile_statement(t.backend, user, request.today);
    let by_hand = || async {
        let pg = t.is_pg();
        let txn = t.db.begin().await.unwrap();
        if pg {
            txn.execute_unprepared(&format!(
                "SELECT set_config('app.current_user_id', '{user}', true)"
            ))
            .await
            .unwrap();
        }
        let profile = txn
            .query_one_raw(profile_sql.clone())
            .await
            .unwrap()
            .unwrap();
        let target: entity::types::Numeric<8, 2> = profile.try_get("", "target_calories").unwrap();
        let eaten: entity::types::Numeric<9, 2> = profile.try_get("", "c_energy").unwrap();
        let left = target.value() - eaten.value();
        let max = rust_decimal::prelude::ToPrimitive::to_i64(&left.floor()).unwrap();
        let candidates = recommendations::candidates_statement(
            t.backend,
            user,
            &request,
            Some(max),
            recommendations::Screening::Fit,
        );
        let rows = txn.query_all_raw(candidates).await.unwrap();
        let mut scored: Vec<(f64, uuid::Uuid, uuid::Uuid)> = rows
            .iter()
            .filter_map(|r| {
                let lat: entity::types::Numeric<10, 8> = r.try_get("", "latitude").ok()?;
                let lon: entity::types::Numeric<11, 8> = r.try_get("", "longitude").ok()?;
                let kcal: i32 = r.try_get("", "energy_kcal").ok()?;
                let point = restaurants::Location {
                    latitude: lat,
                    longitude: lon,
                }
                .point();
                let d = geo::distance_km(center, point);
                (d <= 2.0).then(|| {
                    (
                        30.0 * (1.0 - d / 2.0) + 30.0
                            - (f64::from(kcal) - 666.0).abs() / 666.0 * 30.0,
                        r.try_get("", "id").unwrap(),
                        r.try_get("", "restaurant_id").unwrap(),
                    )
                })
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.truncate(20);
        let marks: Vec<String> = (0..scored.len()).map(|i| format!("${}", i + 2)).collect();
        let mut judged: Vec<Value> = vec![user.into()];
        judged.extend(scored.iter().map(|(_, meal, _)| Value::from(*meal)));
        let safe: std::collections::HashSet<uuid::Uuid> = txn
            .query_all_raw(Statement::from_sql_and_values(
                t.backend,
                format!(
                    "SELECT DISTINCT l.meal_id FROM meal_ingredients l WHERE l.meal_id IN ({0}) \
                     AND NOT EXISTS (SELECT 1 FROM meal_ingredients u \
                       JOIN ingredient_allergens ia ON ia.ingredient_id = u.ingredient_id \
                       JOIN user_allergies ua ON ua.allergen_id = ia.allergen_id \
                       WHERE u.meal_id = l.meal_id AND ua.user_id = $1 \
                       AND ua.severity IN ('SEVERE', 'LIFE_THREATENING'))",
                    marks.join(", ")
                ),
                judged,
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get_by_index(0).unwrap())
            .collect();
        scored.retain(|(_, meal, _)| safe.contains(meal));
        scored.truncate(5);
        let mut sql = String::from(
            "INSERT INTO recommendations (id, user_id, meal_id, restaurant_id, score, distance_km, reason, reason_details) VALUES ",
        );
        let mut values: Vec<Value> = Vec::new();
        for (i, (_, meal, restaurant)) in scored.iter().enumerate() {
            let n = i * 6;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, 50, 1, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6
            ));
            values.extend([
                uuid::Uuid::new_v4().into(),
                user.into(),
                (*meal).into(),
                (*restaurant).into(),
                "by hand".into(),
                Value::Json(Some(Box::new(serde_json::json!({"parts": {}})))),
            ]);
        }
        txn.execute_raw(Statement::from_sql_and_values(t.backend, sql, values))
            .await
            .unwrap();
        txn.commit().await.unwrap();
    };
    let (service, by_hand) = compare_few(100, service, by_hand).await;
    report(name, "recommend 2 km, top 5", service, by_hand);
}
