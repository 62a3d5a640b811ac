//! The hot calls at a tenth of a year: `TEST_POSTGRES_URL=... cargo bench -p eatsential-tests
//! --bench scale` (PostgreSQL only). Results and how to read them: docs/SPEED.md, "Scale: a
//! tenth of a year".
//!
//! 1. **Load.** Database `es_scale` is made, migrated with the project's migrator and loaded
//!    with a few set-based statements (`INSERT ... SELECT ... FROM generate_series`), as the
//!    migration owner, with every constraint and trigger in place: 36,500 verified users, each
//!    with a health profile, two allergies, a session, an active goal, a shopping list of six
//!    items, 50 recommendations, 50 meal logs over 25 days (one in five of a recipe) and their
//!    daily rollups, and 49 audit rows beside the one the profile's trigger writes (inserted
//!    directly into `audit.data_changes`, shaped as the trigger writes them: the profile row as
//!    JSON before and after a change); 50,000 recipes of five ingredient lines from the starter
//!    catalogue (20 cuisines, a third italian; two of 30 tags each and `spicy` on four in ten;
//!    correlated as in a real catalogue: a nordic recipe is never grilled and seldom smoked,
//!    an italian one never spicy; 10 to 180 minutes, nine in ten public, seven in ten rated); 3,000 restaurants of 50 meals of three ingredient lines each, 300 of them
//!    around the bench's city and the rest elsewhere. Then `ANALYZE`. The run prints each
//!    statement's time, the load's total and `pg_database_size`.
//! 2. **Small.** A test database copied from the migrated template gets the same generator at
//!    one user and 500 recipes (the 300 restaurants of the city included, none elsewhere).
//! 3. **The bench user.** On both, `bencher` (as in the floor bench: five severe allergies, a
//!    goal, a session, 30 days of meals, a month's plan and its shopping list): the same user
//!    shape on a one-user database and among 36,500 others.
//! 4. **Plans.** The statements each hot call sends on the large set (captured from the
//!    service through its metric callback) are run under `EXPLAIN (ANALYZE, BUFFERS)` as the
//!    application's role acting as the bench user, and each must use its index (see
//!    `expect_plan`); `SCALE_SHOW_PLANS=1` prints them.
//! 5. **Times.** Each hot call on both databases, interleaved, medians of `SCALE_ROUNDS`
//!    (default 200) rounds after `SCALE_WARMUP` (default 20), as a LOGIN role in
//!    `eatsential_write` (row-level security applies), and the ratio large / small.
//!
//! `SCALE_KEEP=1` keeps `es_scale` after the run and reuses it when a previous run finished
//! loading it (the bench user is made again each run); otherwise it is dropped at the end.
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use entity::types::{MealSlot, Timestamp};
use futures_util::future::LocalBoxFuture;
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, Statement, TransactionTrait, Value};
use service::{Actor, accounts, health, nutrition, recipes, recommendations, safety, shopping};
use uuid::Uuid;

#[allow(dead_code, unused_macros)]
#[path = "../suite/harness.rs"]
mod harness;

mod fixtures;

const LARGE_DB: &str = "es_scale";
/// Set as the database's comment once the load has finished, so a kept database that a run
/// stopped half-way through loading is loaded again, not measured.
const LOADED: &str = "eatsential scale data set, v3, loaded";

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// The data set.

/// How much of everything to load.
struct Shape {
    users: i64,
    recipes: i64,
    /// Restaurants away from the bench's city (it always has 300).
    restaurants_elsewhere: i64,
    /// Recommendations, meal logs and audit rows per user.
    per_user: i64,
}

const LARGE: Shape = Shape {
    users: 36_500,
    recipes: 50_000,
    restaurants_elsewhere: 2_700,
    per_user: 50,
};

const SMALL: Shape = Shape {
    users: 1,
    recipes: 500,
    restaurants_elsewhere: 0,
    per_user: 50,
};

const CITY: (f64, f64) = (40.75, -73.98);
const CITY_RESTAURANTS: i64 = 300;
const MEALS_PER_RESTAURANT: i64 = 50;

/// A fixed id of kind `kind` for row number `n` (an SQL expression), so that rows of one
/// statement can name rows of another without a join: `5ca1e0kk-0000-4000-8000-<n in hex>`.
fn uid(kind: u8, n: &str) -> String {
    format!("('5ca1e0{kind:02x}-0000-4000-8000-' || lpad(to_hex(({n})::bigint), 12, '0'))::uuid")
}

/// A pseudo-random non-negative integer from `n` (an SQL expression) and `salt`: the same on
/// every run, so the data set (and which recipes a search matches) does not change.
fn h(n: &str, salt: u32) -> String {
    format!("(hashint8(({n})::bigint * 1009 + {salt}) & 2147483647)")
}

const CUISINES: [&str; 20] = [
    "italian",
    "mexican",
    "thai",
    "indian",
    "japanese",
    "chinese",
    "french",
    "greek",
    "spanish",
    "korean",
    "vietnamese",
    "turkish",
    "lebanese",
    "ethiopian",
    "peruvian",
    "american",
    "british",
    "german",
    "moroccan",
    "nordic",
];

const TAGS: [&str; 30] = [
    "quick",
    "vegetarian",
    "vegan",
    "gluten-free",
    "dairy-free",
    "high-protein",
    "low-carb",
    "keto",
    "paleo",
    "one-pot",
    "sheet-pan",
    "slow-cooker",
    "grilled",
    "baked",
    "fried",
    "smoked",
    "raw",
    "spicy",
    "sweet",
    "savory",
    "breakfast",
    "lunch",
    "dinner",
    "snack",
    "dessert",
    "soup",
    "salad",
    "budget",
    "meal-prep",
    "kid-friendly",
];

fn sql_array(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    format!("ARRAY[{}]::text[]", quoted.join(", "))
}

/// The load, as (what, statement) in order.
fn load_statements(s: &Shape) -> Vec<(String, String)> {
    let (users, recipes, per_user) = (s.users, s.recipes, s.per_user);
    let restaurants = CITY_RESTAURANTS + s.restaurants_elsewhere;
    let user = uid(1, "i");
    let profile = uid(2, "i");
    let day0 = "timestamptz '2025-12-01 00:00:00+00'";
    let cuisines = sql_array(&CUISINES);
    let tags = sql_array(&TAGS);
    let starter = |n: &str| {
        format!("('e1000000-0000-4000-8000-' || lpad(to_hex(({n})::bigint), 12, '0'))::uuid")
    };
    let allergen = |n: &str| {
        format!("('a1000000-0000-4000-8000-' || lpad(to_hex(({n})::bigint), 12, '0'))::uuid")
    };
    let mut out = vec![
        (
            format!("{users} users"),
            format!(
                "INSERT INTO users (id, username, email, password_hash, is_email_verified, \
                                    created_at, updated_at) \
                 SELECT {user}, 'scale' || i, 'scale' || i || '@example.com', \
                        'not-a-real-hash', true, at, at \
                 FROM (SELECT i, {day0} + (i % 30) * interval '1 day' AS at \
                       FROM generate_series(1, {users}) i) s"
            ),
        ),
        (
            format!("{users} health profiles (the audit trigger writes one row each)"),
            format!(
                "INSERT INTO health_profiles (id, user_id, height_cm, weight_kg, date_of_birth, \
                                              gender, activity_level) \
                 SELECT {profile}, {user}, 150 + i % 50, 50 + i % 60, \
                        date '1960-01-01' + (i % 15000)::int, \
                        (ARRAY['male', 'female', 'other', 'prefer_not_to_say'])[1 + i % 4], \
                        (ARRAY['sedentary', 'light', 'moderate', 'active', 'very_active'])[1 + i % 5] \
                 FROM generate_series(1, {users}) i"
            ),
        ),
        (
            format!("{} allergies", users * 2),
            format!(
                "INSERT INTO user_allergies (user_id, health_profile_id, allergen_id, severity) \
                 SELECT {user}, {profile}, {a}, \
                        (ARRAY['MILD', 'MODERATE', 'SEVERE', 'LIFE_THREATENING'])[1 + (i + k) % 4] \
                 FROM generate_series(1, {users}) i, generate_series(0, 1) k",
                a = allergen("1 + (i + 5 * k) % 12"),
            ),
        ),
        (
            format!("{users} sessions"),
            format!(
                "INSERT INTO auth.user_sessions (user_id, token_hash, expires_at, created_at, \
                                                 last_seen_at) \
                 SELECT {user}, md5('scale session ' || i) || md5('token ' || i), \
                        now() + interval '30 days', now(), now() \
                 FROM generate_series(1, {users}) i"
            ),
        ),
        (
            format!("{users} nutrition goals"),
            format!(
                "INSERT INTO nutrition_goals (user_id, goal_type, target_calories, \
                                              target_protein_g, start_date) \
                 SELECT {user}, 'maintenance', 1800 + i % 700, 90 + i % 60, date '2025-12-01' \
                 FROM generate_series(1, {users}) i"
            ),
        ),
        (
            format!("{recipes} recipes"),
            format!(
                "INSERT INTO recipes (id, user_id, name, cuisine_type, difficulty_level, \
                                      prep_time_minutes, cook_time_minutes, servings, is_public, \
                                      tags, rating_count, rating_sum, rating, created_at) \
                 SELECT id, owner, 'Scale dish ' || j, cuisine, difficulty, prep, cook, servings, \
                        public, \
                        ARRAY(SELECT DISTINCT t FROM unnest(ARRAY[t1, t2, t3]) t \
                              WHERE t IS NOT NULL \
                                AND (cuisine <> 'nordic' \
                                     OR (t <> 'grilled' AND (t <> 'smoked' OR j % 8 = 0))) \
                                AND (cuisine <> 'italian' OR t <> 'spicy') \
                              ORDER BY t), \
                        n, total, CASE WHEN n > 0 THEN round(total::numeric / n, 2) END, \
                        {day0} + (j % 30) * interval '1 day' \
                 FROM (SELECT j, {id} AS id, {owner} AS owner, \
                              CASE WHEN {hc} % 10 < 3 THEN 'italian' \
                                   ELSE ({cuisines})[1 + {hc} / 10 % 20] END AS cuisine, \
                              (ARRAY['beginner', 'intermediate', 'advanced'])[1 + {hd} % 3] AS difficulty, \
                              5 + {hp} % 56 AS prep, 5 + {hk} % 116 AS cook, 1 + {hs} % 6 AS servings, \
                              {hv} % 10 <> 0 AS public, \
                              ({tags})[1 + {t1} % 30] AS t1, ({tags})[1 + {t2} % 30] AS t2, \
                              CASE WHEN {t3} % 10 < 4 THEN 'spicy' END AS t3, \
                              CASE WHEN {hr} % 10 < 7 THEN 1 + {hn} % 20 ELSE 0 END AS n, \
                              {hq} AS q \
                       FROM generate_series(1, {recipes}) j) r, \
                      LATERAL (SELECT n + q % (4 * n + 1) AS total) s",
                id = uid(3, "j"),
                owner = uid(1, &format!("1 + j % {users}")),
                hc = h("j", 1),
                hd = h("j", 2),
                hp = h("j", 3),
                hk = h("j", 4),
                hs = h("j", 5),
                hv = h("j", 6),
                t1 = h("j", 7),
                t2 = h("j", 8),
                t3 = h("j", 36),
                hr = h("j", 9),
                hn = h("j", 10),
                hq = h("j", 11),
            ),
        ),
        (
            format!("{} recipe ingredient lines", recipes * 5),
            format!(
                "INSERT INTO recipe_ingredients (recipe_id, ingredient_id, quantity, unit, position) \
                 SELECT {recipe}, {ingredient}, 1 + {hq} % 300, 'g', k \
                 FROM generate_series(1, {recipes}) j, generate_series(1, 5) k",
                recipe = uid(3, "j"),
                ingredient = starter(&format!("1 + {} % 48", h("j * 8 + k", 12))),
                hq = h("j * 8 + k", 13),
            ),
        ),
        (
            format!(
                "{restaurants} restaurants ({CITY_RESTAURANTS} within 10 km of the bench's city)"
            ),
            format!(
                "INSERT INTO restaurants (id, name, cuisine_type, latitude, longitude, rating, \
                                          price_range, address, city, state, zip_code) \
                 SELECT {id}, 'Restaurant ' || r, \
                        (ARRAY['thai', 'italian', 'mexican', 'japanese', 'indian'])[1 + r % 5], \
                        CASE WHEN r <= {CITY_RESTAURANTS} \
                             THEN {lat} + ({hy} % 18001 - 9000) / 100000.0 \
                             ELSE 25 + {hy} % 1000 / 100.0 END, \
                        CASE WHEN r <= {CITY_RESTAURANTS} \
                             THEN {lon} + ({hx} % 23701 - 11850) / 100000.0 \
                             ELSE -120 + {hx} % 2000 / 100.0 END, \
                        (20 + {hr} % 31) / 10.0, 1 + {hp} % 4, '1 Main St', 'New York', 'NY', '10001' \
                 FROM generate_series(1, {restaurants}) r",
                id = uid(4, "r"),
                lat = CITY.0,
                lon = CITY.1,
                hy = h("r", 14),
                hx = h("r", 15),
                hr = h("r", 16),
                hp = h("r", 17),
            ),
        ),
        (
            format!("{} restaurant meals", restaurants * MEALS_PER_RESTAURANT),
            format!(
                "INSERT INTO meals (id, restaurant_id, name, price, energy_kcal, protein_g, \
                                    carbs_g, fat_g, sodium_mg, is_available) \
                 SELECT {meal}, {restaurant}, 'Dish ' || m, (500 + {a} % 3500) / 100.0, \
                        150 + {b} % 1250, {c} % 600 / 10.0, {d} % 1500 / 10.0, {e} % 700 / 10.0, \
                        {f} % 2500, {g} % 20 <> 0 \
                 FROM generate_series(1, {restaurants}) r, \
                      generate_series(1, {MEALS_PER_RESTAURANT}) m",
                meal = uid(5, &format!("(r - 1) * {MEALS_PER_RESTAURANT} + m")),
                restaurant = uid(4, "r"),
                a = h("r * 64 + m", 18),
                b = h("r * 64 + m", 19),
                c = h("r * 64 + m", 20),
                d = h("r * 64 + m", 21),
                e = h("r * 64 + m", 22),
                f = h("r * 64 + m", 23),
                g = h("r * 64 + m", 24),
            ),
        ),
        (
            format!(
                "{} meal ingredient lines",
                restaurants * MEALS_PER_RESTAURANT * 3
            ),
            format!(
                "INSERT INTO meal_ingredients (meal_id, ingredient_id, quantity, unit) \
                 SELECT {meal}, {ingredient}, 100, 'g' \
                 FROM generate_series(1, {meals}) m, generate_series(0, 2) k",
                meals = restaurants * MEALS_PER_RESTAURANT,
                meal = uid(5, "m"),
                ingredient = starter(&format!("1 + {} % 46 + k", h("m", 25))),
            ),
        ),
        (
            format!("{} recommendations", users * per_user),
            format!(
                "INSERT INTO recommendations (user_id, meal_id, restaurant_id, score, distance_km, \
                                              reason, reason_details, status, created_at, \
                                              updated_at) \
                 SELECT {user}, {meal}, {restaurant}, {a} % 10000 / 100.0, {b} % 20000 / 1000.0, \
                        'Fits your goals', jsonb_build_object('protein_g', {a} % 60), \
                        (ARRAY['shown', 'shown', 'shown', 'shown', 'shown', 'shown', 'shown', \
                               'shown', 'accepted', 'dismissed'])[1 + {c} % 10], at, at \
                 FROM (SELECT i, k, 1 + {hr} % {restaurants} AS r, 1 + {hm} % {MEALS_PER_RESTAURANT} AS m, \
                              {day0} + (k * 12) * interval '1 hour' AS at \
                       FROM generate_series(1, {users}) i, generate_series(1, {per_user}) k) s",
                meal = uid(5, &format!("(r - 1) * {MEALS_PER_RESTAURANT} + m")),
                restaurant = uid(4, "r"),
                hr = h("i * 64 + k", 26),
                hm = h("i * 64 + k", 27),
                a = h("i * 64 + k", 28),
                b = h("i * 64 + k", 29),
                c = h("i * 64 + k", 30),
            ),
        ),
        (
            format!("{} meal logs", users * per_user),
            format!(
                "INSERT INTO meal_logs (user_id, logged_at, local_date, meal_slot, recipe_id, \
                                        servings, name, energy_kcal, protein_g, carbs_g, fat_g) \
                 SELECT {user}, at, (at AT TIME ZONE 'UTC')::date, \
                        CASE WHEN k % 2 = 0 THEN 'breakfast' ELSE 'dinner' END, \
                        CASE WHEN k % 5 = 0 THEN {recipe} END, \
                        CASE WHEN k % 5 = 0 THEN 1.5 END, 'Meal ' || k, \
                        200 + {a} % 800, {b} % 60, {c} % 120, {d} % 50 \
                 FROM (SELECT i, k, {day0} + (k / 2) * interval '1 day' \
                                     + CASE WHEN k % 2 = 0 THEN interval '8 hours' \
                                            ELSE interval '19 hours' END AS at \
                       FROM generate_series(1, {users}) i, generate_series(0, {last}) k) s",
                last = per_user - 1,
                recipe = uid(3, &format!("1 + {} % {recipes}", h("i * 64 + k", 31))),
                a = h("i * 64 + k", 32),
                b = h("i * 64 + k", 33),
                c = h("i * 64 + k", 34),
                d = h("i * 64 + k", 35),
            ),
        ),
        (
            "daily rollups of those meal logs".to_owned(),
            "INSERT INTO daily_nutrition (user_id, date, energy_kcal, protein_g, carbs_g, fat_g, \
                                          fiber_g, sugar_g, sodium_mg, meal_count) \
             SELECT user_id, local_date, sum(energy_kcal), sum(protein_g), sum(carbs_g), \
                    sum(fat_g), sum(fiber_g), sum(sugar_g), sum(sodium_mg), count(*) \
             FROM meal_logs GROUP BY user_id, local_date"
                .to_owned(),
        ),
        (
            format!("{} audit rows (profile changes)", users * (per_user - 1)),
            format!(
                "INSERT INTO audit.data_changes (table_name, operation, user_id, record_id, \
                                                 old_data, new_data, changed_at) \
                 SELECT 'health_profiles', 'UPDATE', p.user_id, p.id, \
                        to_jsonb(p) || jsonb_build_object('weight_kg', 60 + k), \
                        to_jsonb(p) || jsonb_build_object('weight_kg', 61 + k), \
                        {day0} + k * interval '12 hours' \
                 FROM health_profiles p, generate_series(1, {last}) k",
                last = per_user - 1,
            ),
        ),
        (
            format!("{users} shopping lists of 6 items"),
            format!(
                "WITH lists AS ( \
                   INSERT INTO shopping_lists (id, user_id, name) \
                   SELECT {list}, {user}, 'Week ' || i FROM generate_series(1, {users}) i \
                   RETURNING id, user_id) \
                 INSERT INTO shopping_items (user_id, shopping_list_id, ingredient_id, quantity, unit) \
                 SELECT user_id, id, {ingredient}, 1 + k, 'piece' FROM lists, generate_series(0, 5) k",
                list = uid(6, "i"),
                ingredient = starter("1 + k * 7"),
            ),
        ),
    ];
    // As autovacuum would leave it: statistics, and the visibility map that lets index-only
    // scans skip the heap (a fresh load has none).
    out.push(("VACUUM ANALYZE".to_owned(), "VACUUM ANALYZE".to_owned()));
    out
}

/// Runs the load on `t`: each statement's time, and the total.
async fn load(t: &harness::TestDb, shape: &Shape, verbose: bool) -> Duration {
    let started = Instant::now();
    for (what, sql) in load_statements(shape) {
        let at = Instant::now();
        if let Err(e) = t.exec(&sql, vec![]).await {
            panic!("loading {what}: {e}\n{sql}");
        }
        if verbose {
            println!("  {what}: {:.1} s", at.elapsed().as_secs_f64());
        }
    }
    started.elapsed()
}

async fn database_size(t: &harness::TestDb) -> i64 {
    t.count("SELECT pg_database_size(current_database())", vec![])
        .await
}

async fn loaded(t: &harness::TestDb) -> bool {
    let rows = t
        .query(
            "SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database \
             WHERE datname = current_database()",
            vec![],
        )
        .await;
    rows.first()
        .and_then(|r| r.try_get::<Option<String>>("", "note").ok().flatten())
        .is_some_and(|note| note == LOADED)
}

/// Whether `es_scale` exists on the server (a fresh handle would otherwise create it).
async fn large_exists() -> bool {
    let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
        return false;
    };
    let Ok(admin) = sea_orm::Database::connect(&admin_url).await else {
        return false;
    };
    let rows = admin
        .query_all_raw(Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            [LARGE_DB.into()],
        ))
        .await
        .unwrap_or_default();
    let _ = admin.close().await;
    !rows.is_empty()
}

// ---------------------------------------------------------------------------------------------
// The bench user and the hot calls.

type Call = Rc<dyn for<'a> Fn(&'a service::Db) -> LocalBoxFuture<'a, ()>>;

struct Hot {
    name: &'static str,
    call: Call,
    /// What the plans of the call's statements must show on the large set (see `expect_plan`).
    plan: Expect,
}

#[derive(Clone, Copy)]
enum Expect {
    /// Each of these indexes appears in the call's plans (any one of a `|`-separated group).
    Indexes(&'static [&'static str]),
    /// The selective search: no walk of `idx_recipes_rank` over the catalogue, and at most
    /// this many buffers touched.
    BoundedSearch(u64),
    /// Only the tables' own indexes: no sequential scan of a loaded table (writes).
    NoSeqScan,
}

/// The bench user on `t` (removed first when a kept database has one from a previous run),
/// and the hot calls for it.
async fn bench_user(t: &harness::TestDb) -> (Actor, Vec<Hot>) {
    // A kept database still has the previous run's bench user, its month plan's ingredients
    // (not a user's rows, so not removed with the user) and the meals it logged.
    t.exec(
        "DELETE FROM users WHERE username IN ('bencher', 'chef')",
        vec![],
    )
    .await
    .unwrap();
    t.exec(
        "DELETE FROM ingredients WHERE name LIKE 'Bench ingredient %'",
        vec![],
    )
    .await
    .unwrap();
    let (user, token) = fixtures::bencher_with_a_month(t).await;
    let token: Rc<str> = token.into();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let (plan, plan_start) = fixtures::month_plan(t, user).await;
    let list = shopping::create_shopping_list_from_plan(
        &t.db,
        user,
        plan,
        shopping::ListFromPlan {
            name: None,
            today: plan_start,
            id: None,
        },
    )
    .await
    .unwrap()
    .list
    .id;
    let page_ids: Rc<Vec<Uuid>> = Rc::new(
        t.query(
            "SELECT id FROM recipes WHERE is_public ORDER BY id LIMIT 20",
            vec![],
        )
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect(),
    );
    let _ = t
        .exec(
            "ANALYZE users, health_profiles, user_allergies, meal_logs, daily_nutrition",
            vec![],
        )
        .await;

    let actor = user;
    let mut hot: Vec<Hot> = Vec::new();
    hot.push(Hot {
        name: "find_by_email",
        call: Rc::new(|db| {
            Box::pin(async move {
                let found = accounts::find_by_email(db, "Bencher@example.com")
                    .await
                    .unwrap();
                assert!(found.is_some());
            })
        }),
        plan: Expect::Indexes(&["uq_users_email_active"]),
    });
    let tok = token.clone();
    hot.push(Hot {
        name: "resolve_session",
        call: Rc::new(move |db| {
            let tok = tok.clone();
            Box::pin(async move {
                accounts::resolve_session(db, &tok).await.unwrap();
            })
        }),
        plan: Expect::Indexes(&["uq_user_sessions_token_hash", "users_pkey"]),
    });
    hot.push(Hot {
        name: "list_allergies",
        call: Rc::new(move |db| {
            Box::pin(async move {
                assert_eq!(health::list_allergies(db, actor).await.unwrap().len(), 5);
            })
        }),
        plan: Expect::Indexes(&["uq_user_allergen|idx_user_allergies_lookup"]),
    });
    let counter = Rc::new(Cell::new(0_i64));
    hot.push(Hot {
        name: "log_meal",
        call: Rc::new(move |db| {
            let n = counter.get();
            counter.set(n + 1);
            Box::pin(async move {
                let entry = nutrition::MealEntry::Free {
                    name: "Bowl".into(),
                    nutrition: nutrition::Nutrition {
                        energy_kcal: "512.30".parse().unwrap(),
                        protein_g: "31.10".parse().unwrap(),
                        ..nutrition::Nutrition::default()
                    },
                };
                nutrition::log_meal(
                    db,
                    actor,
                    nutrition::Tz::UTC,
                    nutrition::NewMealLog::new(log_time(n), MealSlot::Lunch, entry),
                )
                .await
                .unwrap();
            })
        }),
        plan: Expect::NoSeqScan,
    });
    let to = start + chrono::Days::new(29);
    hot.push(Hot {
        name: "get_progress",
        call: Rc::new(move |db| {
            Box::pin(async move {
                let progress = nutrition::get_progress(db, actor, start, to).await.unwrap();
                assert_eq!(progress.days.len(), 30);
            })
        }),
        plan: Expect::Indexes(&["uq_daily_nutrition_user_date|idx_meal_logs_user_local_date"]),
    });
    // How many each search finds on each set is printed before the times.
    for (name, query, plan) in searches() {
        let query = Rc::new(query);
        hot.push(Hot {
            name,
            call: Rc::new(move |db| {
                let query = query.clone();
                Box::pin(async move {
                    recipes::search(db, actor, &query).await.unwrap();
                })
            }),
            plan,
        });
    }
    hot.push(Hot {
        name: "list_recipe_verdicts",
        call: Rc::new(move |db| {
            let ids = page_ids.clone();
            Box::pin(async move {
                let verdicts = safety::list_recipe_verdicts(db, actor, &ids).await.unwrap();
                assert_eq!(verdicts.len(), 20);
            })
        }),
        plan: Expect::Indexes(&["recipes_pkey", "uq_recipe_ingredients_position"]),
    });
    hot.push(Hot {
        name: "get_shopping_list",
        call: Rc::new(move |db| {
            Box::pin(async move {
                let got = shopping::get_shopping_list(db, actor, list).await.unwrap();
                assert_eq!(got.lines().count(), 6);
            })
        }),
        plan: Expect::Indexes(&[
            "idx_shopping_lists_user|shopping_lists_pkey",
            "uq_shopping_items_ingredient",
        ]),
    });
    let today = chrono::Utc::now().date_naive();
    let center = service::restaurants::geo::LatLon::new(CITY.0, CITY.1).unwrap();
    let request = Rc::new(recommendations::RecommendationRequest::new(
        center, 2.0, today,
    ));
    hot.push(Hot {
        name: "recommend",
        call: Rc::new(move |db| {
            let request = request.clone();
            Box::pin(async move {
                let found = recommendations::recommend(db, actor, &request)
                    .await
                    .unwrap();
                assert!(!found.is_empty());
            })
        }),
        plan: Expect::Indexes(&["idx_restaurants_location"]),
    });
    let wanted: Vec<String> = std::env::var("SCALE_CALLS")
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect())
        .unwrap_or_default();
    // A name or its start: `search` picks every search (whose names hold commas).
    hot.retain(|h| wanted.is_empty() || wanted.iter().any(|w| h.name.starts_with(w.as_str())));
    (user, hot)
}

/// The searches measured: (name, query, plan expectation).
fn searches() -> Vec<(&'static str, recipes::SearchQuery, Expect)> {
    let safe = |cuisine: Option<&str>, tag: Option<&str>, max: Option<i32>| recipes::SearchQuery {
        cuisine: cuisine.map(str::to_owned),
        tags: tag.map(|t| vec![t.to_owned()]).unwrap_or_default(),
        max_total_minutes: max,
        only_safe: true,
        limit: 20,
        ..Default::default()
    };
    vec![
        (
            "search: only_safe",
            safe(None, None, None),
            Expect::Indexes(&["idx_recipes_rank"]),
        ),
        (
            "search: only_safe+cuisine",
            safe(Some("italian"), None, None),
            Expect::NoSeqScan,
        ),
        // Tags and cuisines are correlated, as in real catalogues: a nordic recipe is never
        // grilled and seldom smoked (one in eight may be), an italian one never spicy, though
        // a third of the catalogue is italian and a quarter spicy. The planner, multiplying
        // the filters' shares, expects dozens of nordic smoked recipes where there are a few,
        // and thousands of italian spicy ones where there are none.
        (
            "search: selective, few",
            safe(Some("nordic"), Some("smoked"), Some(90)),
            Expect::BoundedSearch(3_000),
        ),
        (
            "search: selective, none",
            safe(Some("italian"), Some("spicy"), Some(120)),
            Expect::BoundedSearch(3_000),
        ),
    ]
}

fn log_time(n: i64) -> Timestamp {
    // A day in 2024 (a year no other call reads), each call's on the next of 365.
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 1, 1, 12, 0, 0).unwrap()
        + chrono::TimeDelta::days(n % 365)
        + chrono::TimeDelta::seconds(n / 365);
    Timestamp::new(at).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Plans on the large set.

static CAPTURED: Mutex<Vec<(String, Vec<Value>)>> = Mutex::new(Vec::new());
static CAPTURING: AtomicBool = AtomicBool::new(false);

fn capture_on(db: &mut service::Db) {
    db.set_metric_callback(|info| {
        if CAPTURING.load(Ordering::SeqCst) {
            let values = info
                .statement
                .values
                .as_ref()
                .map(|v| v.0.clone())
                .unwrap_or_default();
            CAPTURED
                .lock()
                .unwrap()
                .push((info.statement.sql.clone(), values));
        }
    });
}

/// The bodies of the SECURITY DEFINER lookups (migrations 7 and 20): `EXPLAIN` of a call shows
/// only a function scan, so their plans are taken of the statement inside, as their owner.
fn definer_body(sql: &str) -> Option<&'static str> {
    if sql.contains("auth.user_for_login") {
        Some(
            "SELECT * FROM public.users WHERE lower(email) = lower(btrim($1)) \
             AND deleted_at IS NULL",
        )
    } else if sql.contains("auth.session_for_token") {
        Some(
            "SELECT s.* FROM auth.user_sessions s \
             JOIN public.users u ON u.id = s.user_id AND u.deleted_at IS NULL \
             WHERE s.token_hash = $1",
        )
    } else {
        None
    }
}

/// `EXPLAIN (ANALYZE, BUFFERS)` of each statement of one call of `hot`, as `db`'s role acting
/// as `user` (inside a transaction rolled back, so a write's statements change nothing): the
/// plans, and whether they show what they must.
async fn explain(
    app: &mut service::Db,
    admin: &harness::TestDb,
    user: Uuid,
    hot: &Hot,
    show: bool,
) -> (Vec<String>, Result<(), String>) {
    // One call first, so a session's `last_seen_at` is fresh and the statements are the steady
    // state's.
    (hot.call)(app).await;
    CAPTURED.lock().unwrap().clear();
    capture_on(app);
    CAPTURING.store(true, Ordering::SeqCst);
    (hot.call)(app).await;
    CAPTURING.store(false, Ordering::SeqCst);
    let statements = std::mem::take(&mut *CAPTURED.lock().unwrap());
    assert!(
        !statements.is_empty(),
        "{}: the metric callback saw no statement",
        hot.name
    );
    let mut plans = Vec::new();
    for (sql, values) in statements {
        let lines = if let Some(body) = definer_body(&sql) {
            explain_one(&admin.db, None, body, values).await
        } else {
            explain_one(app, Some(user), &sql, values).await
        };
        if show {
            println!("--- {}: {sql}\n{lines}", hot.name);
        }
        plans.push(lines);
    }
    let checked = expect_plan(hot, &plans);
    (plans, checked)
}

async fn explain_one(
    db: &service::Db,
    user: Option<Uuid>,
    sql: &str,
    values: Vec<Value>,
) -> String {
    // An INSERT is planned, not run again: its new ids are taken by the call just made.
    let analyze = if sql.trim_start().starts_with("INSERT") {
        ""
    } else {
        "(ANALYZE, BUFFERS) "
    };
    let txn = db.begin().await.unwrap();
    if let Some(user) = user {
        txn.execute_unprepared(&format!(
            "SELECT set_config('app.current_user_id', '{user}', true)"
        ))
        .await
        .unwrap();
    }
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            format!("EXPLAIN {analyze}{sql}"),
            values,
        ))
        .await
        .unwrap_or_else(|e| panic!("EXPLAIN {sql}: {e}"));
    txn.rollback().await.unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", "QUERY PLAN").unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The loaded tables: a sequential scan of any of them in a hot call's plan reads rows of
/// every user (or the whole catalogue).
const LOADED_TABLES: [&str; 14] = [
    "users",
    "health_profiles",
    "user_allergies",
    "user_sessions",
    "nutrition_goals",
    "recipes",
    "recipe_ingredients",
    "meals",
    "meal_ingredients",
    "recommendations",
    "meal_logs",
    "daily_nutrition",
    "shopping_lists",
    "shopping_items",
];

/// What is wrong with `plans` for `hot`, if anything.
fn expect_plan(hot: &Hot, plans: &[String]) -> Result<(), String> {
    let all = plans.join("\n");
    // What was read: a branch the statement skipped (the search's fallback when the walk
    // filled the page) is planned but "never executed".
    for line in all.lines().filter(|l| !l.contains("(never executed)")) {
        let scanned = line
            .split("Seq Scan on ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next());
        if let Some(table) = scanned
            && LOADED_TABLES
                .iter()
                .any(|t| table == *t || table.ends_with(&format!(".{t}")))
        {
            return Err(format!(
                "{}: a sequential scan of {table} on the large set:\n{all}",
                hot.name
            ));
        }
    }
    match hot.plan {
        Expect::Indexes(indexes) => {
            for group in indexes {
                if !group.split('|').any(|index| all.contains(index)) {
                    return Err(format!(
                        "{}: the plan does not use {group}:\n{all}",
                        hot.name
                    ));
                }
            }
        }
        Expect::BoundedSearch(max_buffers) => {
            let buffers = top_buffers(&all);
            let scanned = all
                .lines()
                .any(|l| l.contains("Seq Scan on recipes") && !l.contains("(never executed)"));
            if buffers > max_buffers || scanned {
                return Err(format!(
                    "{}: {buffers} buffers (at most {max_buffers} expected):\n{all}",
                    hot.name
                ));
            }
        }
        Expect::NoSeqScan => {}
    }
    Ok(())
}

/// The buffers (hit + read) of the first `Buffers:` line: the top node's, the statement's
/// total.
fn top_buffers(plan: &str) -> u64 {
    let Some(line) = plan
        .lines()
        .find(|l| l.trim_start().starts_with("Buffers:"))
    else {
        return 0;
    };
    line.split_whitespace()
        .filter_map(|w| {
            w.strip_prefix("hit=")
                .or_else(|| w.strip_prefix("read="))
                .and_then(|n| n.trim_end_matches(',').parse::<u64>().ok())
        })
        .sum()
}

// ---------------------------------------------------------------------------------------------
// Timing.

/// `t`'s database as `role`.
fn url_as(t: &harness::TestDb, role: &str) -> String {
    let rest = t.url.split_once("://").unwrap().1;
    let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
    format!("postgres://{role}@{rest}")
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let started = Instant::now();
    if std::env::var("TEST_POSTGRES_URL").is_err() {
        println!("scale: TEST_POSTGRES_URL is not set; the scale bench runs on PostgreSQL only");
        return;
    }
    let keep = std::env::var("SCALE_KEEP").is_ok_and(|v| v == "1");
    let rounds: usize = env_or("SCALE_ROUNDS", 200);
    let warmup: usize = env_or("SCALE_WARMUP", 20);
    let show = std::env::var("SCALE_SHOW_PLANS").is_ok_and(|v| v == "1");

    // The large set: reused when kept and fully loaded by an earlier run.
    let reuse = keep && large_exists().await && {
        let t = harness::TestDb::postgres_named(LARGE_DB, false, true)
            .await
            .unwrap();
        loaded(&t).await
    };
    let large = harness::TestDb::postgres_named(LARGE_DB, !reuse, keep)
        .await
        .unwrap();
    if reuse {
        println!("scale: reusing the loaded database {LARGE_DB} (SCALE_KEEP=1)");
        // Migrations added since it was loaded, so it has the schema the small set has.
        migration::Migrator::up(large.db.primary(), None)
            .await
            .expect("migrate the kept database");
        // Statistics for anything they added (an expression index's expression has none
        // until then).
        large.exec("ANALYZE", vec![]).await.unwrap();
    } else {
        println!("scale: loading {LARGE_DB}");
        let took = load(&large, &LARGE, true).await;
        large
            .exec(
                &format!("COMMENT ON DATABASE {LARGE_DB} IS '{LOADED}'"),
                vec![],
            )
            .await
            .unwrap();
        println!("scale: load took {:.1} s", took.as_secs_f64());
    }
    let size = database_size(&large).await;
    println!(
        "scale: {LARGE_DB} is {:.2} GB ({size} bytes, pg_database_size)",
        size as f64 / 1e9
    );
    for table in [
        "users",
        "recipes",
        "recommendations",
        "meal_logs",
        "daily_nutrition",
        "audit.data_changes",
    ] {
        let n = large
            .count(&format!("SELECT count(*) FROM {table}"), vec![])
            .await;
        println!("  {table}: {n} rows");
    }

    let small = harness::TestDb::postgres("scale_small").await.unwrap();
    load(&small, &SMALL, false).await;

    let (large_user, large_hot) = bench_user(&large).await;
    let (small_user, small_hot) = bench_user(&small).await;
    let role = harness::LoginRole::create(&large, "eatsential_write").await;
    let mut large_app = service::connect_with(&url_as(&large, role.name()), &Default::default())
        .await
        .unwrap();
    let small_app = service::connect_with(&url_as(&small, role.name()), &Default::default())
        .await
        .unwrap();

    // What each search matches, on each set.
    for (name, query, _) in searches() {
        let mut counts = Vec::new();
        for (t, user) in [(&small, small_user), (&large, large_user)] {
            let mut q = query.clone();
            q.limit = 100;
            let page = recipes::search(&t.db, user, &q).await.unwrap();
            counts.push(page.recipes.len());
        }
        println!(
            "  {name}: {} matches on the small set, {} on the large (counted up to 100)",
            counts[0], counts[1]
        );
    }

    println!("\nPlans on the large set (EXPLAIN (ANALYZE, BUFFERS), as the application's role):");
    let mut wrong = Vec::new();
    for hot in &large_hot {
        let (plans, checked) = explain(&mut large_app, &large, large_user.id(), hot, show).await;
        let buffers: u64 = plans.iter().map(|p| top_buffers(p)).sum();
        let verdict = if checked.is_ok() { "ok" } else { "WRONG" };
        println!("  {:<28} {verdict} ({buffers} buffers)", hot.name);
        if let Err(e) = checked {
            wrong.push(e);
        }
    }
    // Without the capture callback for the timings.
    large_app.close().await.ok();
    let large_app = service::connect_with(&url_as(&large, role.name()), &Default::default())
        .await
        .unwrap();

    let mut samples: BTreeMap<(usize, usize), Vec<Duration>> = BTreeMap::new();
    let sets = [(&small_app, &small_hot), (&large_app, &large_hot)];
    for round in 0..warmup + rounds {
        for call in 0..large_hot.len() {
            // Alternate which set goes first, so neither always runs on a warmer cache.
            let order = if (round + call) % 2 == 0 {
                [0, 1]
            } else {
                [1, 0]
            };
            for set in order {
                let (db, hot) = sets[set];
                let at = Instant::now();
                (hot[call].call)(db).await;
                if round >= warmup {
                    samples.entry((call, set)).or_default().push(at.elapsed());
                }
            }
        }
    }
    println!(
        "\nHot calls, medians of {rounds} rounds (+{warmup} warm-up), ms; small: one user and \
         500 recipes; large: {LARGE_DB}"
    );
    println!(
        "| {:<28} | {:>9} | {:>9} | {:>6} |",
        "call", "small", "large", "ratio"
    );
    println!(
        "|{}|{}|{}|{}|",
        "-".repeat(30),
        "-".repeat(11),
        "-".repeat(11),
        "-".repeat(8)
    );
    let mut worst = 0.0_f64;
    for (call, hot) in large_hot.iter().enumerate() {
        let s = median(samples.get_mut(&(call, 0)).unwrap());
        let l = median(samples.get_mut(&(call, 1)).unwrap());
        let ratio = l.as_secs_f64() / s.as_secs_f64();
        worst = worst.max(ratio);
        println!(
            "| {:<28} | {:>9} | {:>9} | {:>5.2}x |",
            hot.name,
            ms(s),
            ms(l),
            ratio
        );
    }
    println!("\nworst ratio {worst:.2}x (target: at most 1.5x)");
    small_app.close().await.ok();
    large_app.close().await.ok();
    drop(small);
    drop(large);
    drop(role);
    harness::drop_templates().await;
    if keep {
        println!("scale: {LARGE_DB} kept (SCALE_KEEP=1); drop it with DROP DATABASE {LARGE_DB}");
    }
    // After the times, so a wrong plan still leaves a table to read.
    assert!(
        wrong.is_empty(),
        "plans on the large set:\n{}",
        wrong.join("\n\n")
    );
    println!("(run took {:.0} s)", started.elapsed().as_secs_f64());
}
