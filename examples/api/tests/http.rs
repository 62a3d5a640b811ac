//! The example server driven over HTTP, on SQLite and on PostgreSQL (as the application's
//! login role): every route's success path and the failures a client meets (a bad body, a
//! bad query, no token, an expired or ended session, another user's recipe), and a sign-in
//! timing check.
mod support;

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use entity::types::{Timestamp, Unit};
use reqwest::Method;
use serde_json::{Value as Json, json};
use service::restaurants::{
    self, Location, MealIngredientInput, MealNutrition, NewMeal, NewRestaurant,
};
use support::{Database, Server, notice};

/// `name` as a test per backend: `name::sqlite` and `name::postgres`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = crate::Database::sqlite().await;
                super::$name(&db, "sqlite").await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = crate::Database::postgres(stringify!($name)).await {
                    super::$name(&db, "postgres").await;
                }
            }
        }
    )*};
}

on_both_backends!(every_route, sign_in_takes_as_long_for_an_unknown_email);

fn id_of(value: &Json) -> String {
    value.as_str().expect("an id").to_owned()
}

/// The id of the catalogue's ingredient named `name`, found through `GET /ingredients?q=`
/// (part of the name, in any case).
async fn ingredient(server: &Server, q: &str, name: &str) -> String {
    let (status, found) = server.get(&format!("/ingredients?q={q}"), None).await;
    assert_eq!(status, 200, "{found}");
    let found = found
        .as_array()
        .expect("a list")
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {found}"));
    id_of(&found["id"])
}

/// A recipe body: 200 g of each ingredient, the rest plain.
fn recipe(name: &str, public: bool, tags: &[&str], ingredients: &[&String]) -> Json {
    let lines: Vec<Json> = ingredients
        .iter()
        .map(|id| json!({ "ingredient_id": id, "quantity": "200", "unit": "g" }))
        .collect();
    json!({
        "name": name,
        "description": null,
        "cuisine_type": "Italian",
        "difficulty": "beginner",
        "prep_time_minutes": 5,
        "cook_time_minutes": 10,
        "servings": 2,
        "is_public": public,
        "tags": tags,
        "ingredients": lines,
        "steps": [{ "instruction": "Put it together." }],
    })
}

/// A restaurant 1.1 km north of (0, 0) serving a tomato salad, seeded behind the API's back
/// (restaurants are operators' data: the example has no route that writes them).
async fn seed_restaurant(db: &Database, tomato: &str) {
    let restaurant = restaurants::create_restaurant(
        &db.admin,
        NewRestaurant {
            name: "Green Bowl".into(),
            cuisine_type: Some("salads".into()),
            address: "1 Main St".into(),
            city: "Quito".into(),
            state: "P".into(),
            zip_code: "170150".into(),
            country: Some("EC".into()),
            location: Some(Location {
                latitude: "0.01".parse().unwrap(),
                longitude: "0".parse().unwrap(),
            }),
            rating: Some("4.5".parse().unwrap()),
            ..NewRestaurant::default()
        },
    )
    .await
    .expect("seed a restaurant");
    let meal = restaurants::create_meal(
        &db.admin,
        restaurant.id,
        NewMeal {
            name: "Tomato salad".into(),
            description: None,
            category: None,
            price: "9.50".parse().unwrap(),
            nutrition: MealNutrition {
                energy_kcal: Some(350),
                protein_g: Some("12.0".parse().unwrap()),
                ..MealNutrition::default()
            },
            image_url: None,
        },
    )
    .await
    .expect("seed a meal");
    restaurants::replace_meal_ingredients(
        &db.admin,
        meal.id,
        &[MealIngredientInput {
            ingredient_id: tomato.parse().unwrap(),
            quantity: "150".parse().unwrap(),
            unit: Unit::G,
        }],
    )
    .await
    .expect("seed the meal's ingredients");
}

/// Every route's success path, in the order a client meets them, with the failures on the
/// way: a bad body and a bad query (422 naming the field), no token or an unknown one (401),
/// a wrong sign-in (401, one answer for both kinds), another user's private recipe (404), an
/// expired and an ended session (401).
async fn every_route(db: &Database, backend: &str) {
    let _shared = ALONE.read().await;
    let server = Server::start(&db.url, true);
    let started = Instant::now();

    // POST /users: 201 with the account, and no secret in it.
    let (status, account) = server
        .post(
            "/users",
            None,
            &json!({ "username": "ada", "email": "ada@example.com", "password": support::PASSWORD }),
        )
        .await;
    assert_eq!(status, 201, "{account}");
    assert_eq!(account["username"], "ada");
    assert_eq!(account["is_email_verified"], false);
    let text = account.to_string();
    assert!(
        !text.contains("password") && !text.contains("argon2") && !text.contains(support::PASSWORD),
        "{text}"
    );
    let ada_id = id_of(&account["id"]);

    // A bad body: a 422 naming the field, also for JSON that does not parse.
    let (status, error) = server
        .post(
            "/users",
            None,
            &json!({ "username": "bea", "email": "bea@example.com" }),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(
        error,
        json!({ "error": "validation", "field": "password", "reason": "is required" })
    );
    let (status, error) = server.call(Method::POST, "/users", None, None).await;
    assert_eq!(status, 422, "an empty body: {error}");
    assert_eq!(error["field"], "body");

    // POST /users/verify, then POST /sessions: 201 with the token.
    let token = id_of(&account["verification_token"]);
    let (status, verified) = server
        .post("/users/verify", None, &json!({ "token": token }))
        .await;
    assert_eq!(status, 200, "{verified}");
    assert_eq!(verified["is_email_verified"], true);
    let (status, again) = server
        .post("/users/verify", None, &json!({ "token": token }))
        .await;
    assert_eq!(status, 422, "a used token: {again}");

    let (status, signed_in) = server
        .post(
            "/sessions",
            None,
            &json!({ "email": "ada@example.com", "password": support::PASSWORD }),
        )
        .await;
    assert_eq!(status, 201, "{signed_in}");
    assert_eq!(signed_in["session"]["user_id"], ada_id.as_str());
    assert_eq!(signed_in["session"]["ip_address"], "127.0.0.1");
    let ada = id_of(&signed_in["token"]);
    assert!(!signed_in["session"].to_string().contains(&ada));

    // Any wrong pair is one 401, the same answer whichever part was wrong.
    let (wrong_status, wrong) = server
        .post(
            "/sessions",
            None,
            &json!({ "email": "ada@example.com", "password": "not the password" }),
        )
        .await;
    let (unknown_status, unknown) = server
        .post(
            "/sessions",
            None,
            &json!({ "email": "nobody@example.com", "password": support::PASSWORD }),
        )
        .await;
    assert_eq!((wrong_status, unknown_status), (401, 401));
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["error"], "unauthenticated");

    // No token, or one no session has: 401, asking for a bearer token.
    let response = server.send(Method::GET, "/me/allergies", None, None).await;
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let (status, error) = server.get("/me/allergies", Some("not-a-token")).await;
    assert_eq!(status, 401, "{error}");
    assert_eq!(error["why"], "the session is unknown");

    // The catalogues: GET /allergens, GET /ingredients?q=.
    let (status, allergens) = server.get("/allergens", None).await;
    assert_eq!(status, 200, "{allergens}");
    let milk = allergens
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Milk")
        .expect("Milk in the catalogue");
    let milk = id_of(&milk["id"]);
    let tomato = ingredient(&server, "TOMATO", "Tomato").await;
    let peanut_butter = ingredient(&server, "peanut%20butter", "Smooth peanut butter").await;

    // PUT /me/allergies by name and by id (adds, then changes), GET /me/allergies.
    let (status, peanuts) = server
        .put(
            "/me/allergies",
            Some(&ada),
            &json!({ "allergen": "Peanuts", "severity": "MODERATE" }),
        )
        .await;
    assert_eq!(status, 200, "{peanuts}");
    let (status, changed) = server
        .put(
            "/me/allergies",
            Some(&ada),
            &json!({ "allergen": "peanuts", "severity": "SEVERE", "notes": "since childhood" }),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["id"], peanuts["id"], "set changes the same row");
    assert_eq!(changed["severity"], "SEVERE");
    let (status, by_id) = server
        .put(
            "/me/allergies",
            Some(&ada),
            &json!({ "allergen": milk, "severity": "MILD" }),
        )
        .await;
    assert_eq!(status, 200, "{by_id}");
    let (status, error) = server
        .put(
            "/me/allergies",
            Some(&ada),
            &json!({ "allergen": "Peanuts", "severity": "Severe" }),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(
        error["field"], "severity",
        "spelled as the database spells it"
    );
    let (status, error) = server
        .put(
            "/me/allergies",
            Some(&ada),
            &json!({ "allergen": "Kryptonite", "severity": "MILD" }),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["field"], "allergen");
    let (status, allergies) = server.get("/me/allergies", Some(&ada)).await;
    assert_eq!(status, 200, "{allergies}");
    let names: Vec<&str> = allergies
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["allergen"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Peanuts", "Milk"], "most severe first");

    // POST /recipes, with a bad line first.
    let mut bad = recipe("Soup", true, &[], &[&tomato]);
    bad["ingredients"][0]["quantity"] = json!("lots");
    let (status, error) = server.post("/recipes", Some(&ada), &bad).await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["field"], "ingredients[0].quantity");
    let mut ids = Vec::new();
    for (name, tags, ingredients) in [
        ("Tomato soup", &["Quick", "Vegan"][..], &[&tomato][..]),
        ("Tomato toast", &["quick"][..], &[&tomato][..]),
        ("Satay", &["quick"][..], &[&peanut_butter][..]),
    ] {
        let (status, created) = server
            .post(
                "/recipes",
                Some(&ada),
                &recipe(name, true, tags, ingredients),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["recipe"]["name"], name);
        ids.push(id_of(&created["recipe"]["id"]));
    }
    let soup = &ids[0];

    // GET /recipes/{id}.
    let (status, read) = server.get(&format!("/recipes/{soup}"), Some(&ada)).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["recipe"]["name"], "Tomato soup");
    assert_eq!(read["ingredients"].as_array().unwrap().len(), 1);

    // GET /recipes?tag=&cuisine=&max_minutes=&only_safe=&after=.
    let names_of = |page: &Json| -> Vec<String> {
        let mut names: Vec<String> = page["recipes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };
    let (status, page) = server
        .get(
            "/recipes?tag=quick&tag=vegan&cuisine=italian&max_minutes=15&only_safe=true",
            Some(&ada),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(names_of(&page), ["Tomato soup"]);
    let (_, safe) = server
        .get("/recipes?tag=quick&only_safe=true", Some(&ada))
        .await;
    assert_eq!(names_of(&safe), ["Tomato soup", "Tomato toast"], "no satay");
    let (_, too_long) = server.get("/recipes?max_minutes=14", Some(&ada)).await;
    assert_eq!(names_of(&too_long), Vec::<String>::new());
    let (_, first) = server.get("/recipes?tag=quick&limit=2", Some(&ada)).await;
    let next = first["next"].as_str().expect("a cursor, as one string");
    let (status, second) = server
        .get(
            &format!("/recipes?tag=quick&limit=2&after={next}"),
            Some(&ada),
        )
        .await;
    assert_eq!(status, 200, "{second}");
    let mut all = names_of(&first);
    all.extend(names_of(&second));
    all.sort();
    assert_eq!(all, ["Satay", "Tomato soup", "Tomato toast"]);
    assert!(second["next"].is_null());
    let (status, error) = server.get("/recipes?max_minutes=soon", Some(&ada)).await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["field"], "max_minutes");
    assert!(
        !error.to_string().contains("soon"),
        "the value is not echoed"
    );
    let (status, error) = server.get("/recipes?after=page-two", Some(&ada)).await;
    assert_eq!((status, &error["field"]), (422, &json!("after")), "{error}");

    // Another user's private recipe is not found, as an id that is not there.
    let bob = server.verified_user("bob").await;
    let (status, private) = server
        .post(
            "/recipes",
            Some(&bob),
            &recipe("Bob's secret", false, &[], &[&tomato]),
        )
        .await;
    assert_eq!(status, 201, "{private}");
    let secret = id_of(&private["recipe"]["id"]);
    let (status, mine) = server.get(&format!("/recipes/{secret}"), Some(&bob)).await;
    assert_eq!(status, 200, "{mine}");
    let (status, error) = server.get(&format!("/recipes/{secret}"), Some(&ada)).await;
    assert_eq!(status, 404, "{error}");
    assert_eq!(error, json!({ "error": "not_found", "what": "recipe" }));
    let (status, _) = server
        .get(&format!("/recipes/{}", uuid::Uuid::new_v4()), Some(&ada))
        .await;
    assert_eq!(status, 404);
    let (status, _) = server.get("/recipes/not-an-id", Some(&ada)).await;
    assert_eq!(status, 404);
    let (_, search) = server.get("/recipes", Some(&ada)).await;
    assert!(!names_of(&search).contains(&"Bob's secret".to_owned()));

    // POST /me/meals (a free entry, a recipe entry), GET /me/progress?from=&to=.
    let today = Utc::now().date_naive();
    let (status, log) = server
        .post(
            "/me/meals",
            Some(&ada),
            &json!({
                "logged_at": Utc::now(),
                "meal_slot": "lunch",
                "entry": { "free": { "name": "Falafel wrap", "nutrition": { "energy_kcal": "450.50", "protein_g": "20" } } },
            }),
        )
        .await;
    assert_eq!(status, 201, "{log}");
    assert_eq!(log["name"], "Falafel wrap");
    let (status, log) = server
        .post(
            "/me/meals",
            Some(&ada),
            &json!({
                "logged_at": Utc::now(),
                "meal_slot": "dinner",
                "entry": { "recipe": { "recipe_id": soup, "servings": "1" } },
            }),
        )
        .await;
    assert_eq!(status, 201, "{log}");
    let (status, error) = server
        .post(
            "/me/meals",
            Some(&ada),
            &json!({ "logged_at": "yesterday", "meal_slot": "lunch", "entry": { "free": { "name": "x", "nutrition": {} } } }),
        )
        .await;
    assert_eq!(
        (status, &error["field"]),
        (422, &json!("logged_at")),
        "{error}"
    );
    let (from, to) = (today - TimeDelta::days(1), today + TimeDelta::days(1));
    let (status, progress) = server
        .get(&format!("/me/progress?from={from}&to={to}"), Some(&ada))
        .await;
    assert_eq!(status, 200, "{progress}");
    let days = progress["days"].as_array().unwrap();
    assert_eq!(days.len(), 3);
    let eaten: u64 = days.iter().map(|d| d["meal_count"].as_u64().unwrap()).sum();
    assert_eq!(eaten, 2);
    let (status, error) = server
        .get(&format!("/me/progress?from={from}"), Some(&ada))
        .await;
    assert_eq!((status, &error["field"]), (422, &json!("to")), "{error}");

    // GET /restaurants?lat=&lon=&radius_km=.
    seed_restaurant(db, &tomato).await;
    let (status, nearby) = server
        .get("/restaurants?lat=0&lon=0&radius_km=5", None)
        .await;
    assert_eq!(status, 200, "{nearby}");
    let nearby = nearby.as_array().unwrap();
    assert_eq!(nearby.len(), 1);
    assert_eq!(nearby[0]["restaurant"]["name"], "Green Bowl");
    let km = nearby[0]["distance_km"].as_f64().unwrap();
    assert!((1.0..1.2).contains(&km), "{km} km");
    let (_, none) = server
        .get("/restaurants?lat=0&lon=0&radius_km=0.5", None)
        .await;
    assert_eq!(none, json!([]));
    let (status, error) = server
        .get("/restaurants?lat=north&lon=0&radius_km=5", None)
        .await;
    assert_eq!((status, &error["field"]), (422, &json!("lat")), "{error}");

    // GET /me/recommendations?lat=&lon=: read only, nothing recorded.
    let (status, recommended) = server
        .get("/me/recommendations?lat=0&lon=0", Some(&ada))
        .await;
    assert_eq!(status, 200, "{recommended}");
    let recommended = recommended.as_array().unwrap();
    assert_eq!(recommended.len(), 1, "{recommended:?}");
    assert_eq!(recommended[0]["meal_name"], "Tomato salad");
    assert_eq!(recommended[0]["restaurant_name"], "Green Bowl");
    let (_, asked_to_record) = server
        .get("/me/recommendations?lat=0&lon=0&record=true", Some(&ada))
        .await;
    assert_eq!(asked_to_record.as_array().unwrap().len(), 1);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM recommendations").await,
        0,
        "a GET records nothing"
    );
    let (status, error) = server.get("/me/recommendations?lon=0", Some(&ada)).await;
    assert_eq!((status, &error["field"]), (422, &json!("lat")), "{error}");

    // An expired session: 401, saying so.
    let expiring = server.sign_in("ada").await;
    let ago = |days| Timestamp::new(Utc::now() - TimeDelta::days(days)).unwrap();
    db.exec(
        "UPDATE user_sessions SET created_at = $1, expires_at = $2 \
         WHERE user_id = $3 AND id <> $4",
        vec![
            ago(2).into(),
            ago(1).into(),
            ada_id.parse::<uuid::Uuid>().unwrap().into(),
            signed_in["session"]["id"]
                .as_str()
                .unwrap()
                .parse::<uuid::Uuid>()
                .unwrap()
                .into(),
        ],
    )
    .await;
    let (status, error) = server.get("/me/allergies", Some(&expiring)).await;
    assert_eq!(status, 401, "{error}");
    assert_eq!(error["why"], "the session has expired");

    // DELETE /sessions/current: 204, and the token opens nothing after.
    let (status, body) = server
        .call(Method::DELETE, "/sessions/current", Some(&ada), None)
        .await;
    assert_eq!((status, body), (204, Json::Null));
    let (status, error) = server.get("/me/allergies", Some(&ada)).await;
    assert_eq!(status, 401, "{error}");
    assert_eq!(error["why"], "the session was revoked");
    let (status, _) = server
        .call(Method::DELETE, "/sessions/current", Some(&ada), None)
        .await;
    assert_eq!(status, 401, "signing out twice");

    notice(&format!(
        "api every_route on {backend}: {:.1} s",
        started.elapsed().as_secs_f64()
    ));
}

/// The timing checks run alone: each takes this for writing, every other test that drives a
/// server for reading, so no other server of this binary hashes passwords meanwhile.
static ALONE: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// How many sign-ins of each kind are timed.
const TRIES: usize = 50;

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    let mid = times.len() / 2;
    if times.len().is_multiple_of(2) {
        (times[mid - 1] + times[mid]) / 2
    } else {
        times[mid]
    }
}

/// Signing in with an unknown email takes as long as with a known email and a wrong password
/// (the medians of 50 tries each within 20% of each other), so the time of a 401 does not tell
/// which accounts exist. The two kinds alternate, so a slow stretch of the machine weighs on
/// both alike.
async fn sign_in_takes_as_long_for_an_unknown_email(db: &Database, backend: &str) {
    let server = Server::start(&db.url, true);
    server.verified_user("tim").await;
    let unknown = json!({ "email": "nobody@example.com", "password": "not the password" });
    let wrong = json!({ "email": "tim@example.com", "password": "not the password" });
    let _alone = ALONE.write().await;
    // Warm up: the first unknown email makes the dummy hash; connections open.
    for _ in 0..3 {
        for body in [&unknown, &wrong] {
            assert_eq!(server.post("/sessions", None, body).await.0, 401);
        }
    }
    let mut times = [Vec::new(), Vec::new()];
    for round in 0..TRIES {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for kind in order {
            let body = [&unknown, &wrong][kind];
            let started = Instant::now();
            let (status, error) = server.post("/sessions", None, body).await;
            times[kind].push(started.elapsed());
            assert_eq!(status, 401, "{error}");
        }
    }
    let [mut unknown_times, mut wrong_times] = times;
    let (unknown_median, wrong_median) = (median(&mut unknown_times), median(&mut wrong_times));
    let ratio = unknown_median.max(wrong_median).as_secs_f64()
        / unknown_median.min(wrong_median).as_secs_f64();
    notice(&format!(
        "api sign-in timing on {backend}: unknown email median {:.1} ms, wrong password median \
         {:.1} ms ({TRIES} tries each), slower/faster = {ratio:.3}",
        unknown_median.as_secs_f64() * 1000.0,
        wrong_median.as_secs_f64() * 1000.0,
    ));
    assert!(
        ratio <= 1.2,
        "the medians differ by more than 20%: unknown {unknown_median:?}, wrong {wrong_median:?}"
    );
}

/// Without `API_DEV_TOKENS=1` a registration answers with the account alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_tokens_are_off_by_default() {
    let _shared = ALONE.read().await;
    let db = Database::sqlite().await;
    let server = Server::start(&db.url, false);
    let (status, account) = server
        .post(
            "/users",
            None,
            &json!({ "username": "cyd", "email": "cyd@example.com", "password": support::PASSWORD }),
        )
        .await;
    assert_eq!(status, 201, "{account}");
    assert_eq!(account["username"], "cyd");
    assert!(account.get("verification_token").is_none(), "{account}");
}

/// The server never migrates: on a database without the schema it stops at once and says how
/// to migrate. Without `DATABASE_URL` it opens the file the migration CLI makes by default.
#[test]
fn an_unmigrated_database_is_refused_at_start() {
    let dir = std::env::temp_dir().join(format!("api_test_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_api"))
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .env("API_LISTEN", "127.0.0.1:0")
        .output()
        .expect("run the api binary");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let default_file = migration::DEFAULT_DATABASE_URL
        .strip_prefix("sqlite://")
        .and_then(|rest| rest.split('?').next())
        .expect("the CLI's default is a SQLite file");
    let made = dir.join(default_file).exists();
    std::fs::remove_dir_all(&dir).ok();
    assert!(!output.status.success(), "it started: {stderr}");
    assert!(
        stderr.contains("cargo run -p migration -- up"),
        "it says how to migrate: {stderr}"
    );
    assert!(
        made,
        "it opened {default_file}, the migration CLI's default, in the working directory"
    );
}
