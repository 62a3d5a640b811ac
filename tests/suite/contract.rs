//! The service as an application's API: what crosses the HTTP boundary. Every output
//! serialises without a secret; a body that does not parse is a field error; the enum values'
//! one spelling.
use std::collections::BTreeSet;

use chrono::{TimeDelta, Utc};
use entity::types::{Severity, Timestamp};
use sea_orm::EntityTrait;
use serde::Serialize;
use service::accounts::{self, Credentials, NewUser, SessionInfo};
use service::health::{self, AllergyEntry};
use service::{
    Error, catalogue, input, nutrition, payments, planning, recipes, recommendations, restaurants,
    safety, shopping,
};

use crate::harness::{TestDb, user_with_a_row_everywhere};
use crate::recommendations::{eve, menu, request};

/// Output types that appear only inside another one's JSON (checked there), with the type
/// that carries them.
const NESTED: &[(&str, &str)] = &[
    ("Session", "NewSession"),
    ("RefreshToken", "IssuedRefreshToken"),
    ("Actor", "every call's input; serialised as the user's id"),
    ("Nutrition", "MealEntry, Recommended and DayNutrition"),
    ("GoalTargets", "Progress and UserProfile"),
    ("NutrientGoal", "Progress"),
    ("NutrientProgress", "Progress"),
    ("DayProgress", "Progress"),
    ("Consumed", "UserProfile"),
    ("ScoreParts", "Recommended"),
    ("Screening", "Recommended"),
    ("AllergenMatch", "Verdict"),
    ("LatLon", "NearbyRestaurant"),
    ("Location", "NearbyRestaurant"),
    ("GeoBox", "NearbyQuery, an input"),
    ("MealNutrition", "NearbyRestaurant"),
    ("CategoryGroup", "ShoppingList"),
    ("ShoppingLine", "ShoppingList"),
    ("Stock", "check_shopping_item's input"),
    ("Cursor", "Page"),
    ("LogAs", "accept's input"),
    ("FeedbackOn", "create_feedback's input"),
    ("HealthStatus", "Health"),
    ("PoolStats", "Health"),
    ("TableMaintenance", "MaintenanceReport"),
    ("Maintenance", "maintain's input"),
];

/// Serialised outputs, by the service types their Rust type names.
#[derive(Default)]
struct Outputs {
    json: Vec<(String, String)>,
    types: BTreeSet<String>,
}

impl Outputs {
    fn add<T: Serialize>(&mut self, value: &T) {
        let name = std::any::type_name::<T>();
        for part in name.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
            if part.starts_with("service::") {
                let short = part.rsplit("::").next().unwrap_or(part);
                self.types.insert(short.to_owned());
            }
        }
        self.json
            .push((name.to_owned(), serde_json::to_string(value).unwrap()));
    }
}

/// The service's types that derive `Serialize`, read from its source: a new output type fails
/// this test until it is added to the calls below (or to [`NESTED`]).
fn serialisable_types() -> BTreeSet<String> {
    fn walk(dir: &std::path::Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut derives_serialize = false;
                for line in text.lines().map(str::trim) {
                    if line.starts_with("#[derive(") {
                        derives_serialize = false;
                    }
                    if line.starts_with("#[derive(") || line.starts_with("Serialize") {
                        derives_serialize |= line.contains("Serialize");
                    }
                    let declared = line
                        .strip_prefix("pub struct ")
                        .or_else(|| line.strip_prefix("pub enum "));
                    if let Some(rest) = declared {
                        if derives_serialize {
                            let name: String = rest
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect();
                            found.insert(name);
                        }
                        derives_serialize = false;
                    }
                }
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../service/src"),
        &mut found,
    );
    found
}

/// Every output the service hands out, serialised: none carries a secret, as stored or as
/// handed out, and every output type is among them (or nested in one that is).
async fn every_output_serialises_without_a_secret(t: &TestDb) {
    let actor = user_with_a_row_everywhere(t, "sam").await;
    let mut out = Outputs::default();
    let mut secrets = account_outputs(t, actor, &mut out).await;
    user_data_outputs(t, actor, &mut out).await;
    dining_outputs(t, &mut out).await;
    assert_every_output_type_is_covered(&out);

    secrets.extend(stored_secrets(t).await);
    assert!(secrets.len() > 10, "{secrets:?}");
    for (type_name, json) in &out.json {
        for secret in &secrets {
            assert!(
                !json.contains(secret.as_str()),
                "{type_name} serialises a secret: {json}"
            );
        }
    }
}

/// The password `verified_user` gives every user (and the one Tess registers with).
const PASSWORD: &str = "correct horse battery";

/// The accounts' outputs: signing in, a refresh token, registering, finding a user, the
/// sessions. Returns the secrets handed out on the way (and the fixture's card number, key
/// and password).
async fn account_outputs(t: &TestDb, actor: service::Actor, out: &mut Outputs) -> Vec<String> {
    let signed_in = accounts::sign_in(
        &t.db,
        Credentials {
            email: "sam@example.com".into(),
            password: PASSWORD.into(),
        },
        SessionInfo::default(),
    )
    .await
    .unwrap();
    out.add(&signed_in);
    let refresh = accounts::issue_refresh_token(&t.db, actor).await.unwrap();
    out.add(&refresh);
    let registered = accounts::register(
        &t.db,
        NewUser {
            username: "tess".into(),
            email: "tess@example.com".into(),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap();
    out.add(&registered);
    out.add(
        &accounts::find_by_email(&t.db, "sam@example.com")
            .await
            .unwrap(),
    );
    out.add(&accounts::list_sessions(&t.db, actor).await.unwrap());
    out.add(
        &accounts::resolve_session(&t.db, signed_in.token.expose())
            .await
            .unwrap(),
    );
    vec![
        PASSWORD.to_owned(),
        signed_in.token.expose().to_owned(),
        refresh.token.expose().to_owned(),
        registered.verification_token.expose().to_owned(),
        "4111111111111111".to_owned(),
        "4111 1111 1111 1111".to_owned(),
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [5_u8; 32]),
    ]
}

/// The outputs about the user's own data: health, cards, progress, recipes, verdicts, plans,
/// shopping, prep sessions; and the catalogue's and the operations' outputs.
async fn user_data_outputs(t: &TestDb, actor: service::Actor, out: &mut Outputs) {
    out.add(&health::list_allergies(&t.db, actor).await.unwrap());
    out.add(&health::list_conditions(&t.db, actor).await.unwrap());
    out.add(&health::get_profile(&t.db, actor).await.unwrap());
    out.add(&payments::list_cards(&t.db, actor).await.unwrap());
    let today = Utc::now().date_naive();
    let since_yesterday = nutrition::get_progress(&t.db, actor, today - TimeDelta::days(1), today);
    out.add(&since_yesterday.await.unwrap());
    let page = recipes::search(&t.db, actor, &recipes::SearchQuery::default())
        .await
        .unwrap();
    out.add(&page);
    let recipe = page.recipes.first().expect("the fixture's recipe").id;
    out.add(&recipes::get(&t.db, actor, recipe).await.unwrap());
    out.add(&recipes::scale(&t.db, actor, recipe, 2).await.unwrap());
    let verdicts = safety::list_recipe_verdicts(&t.db, actor, &[recipe]).await;
    out.add(&verdicts.unwrap());
    let plan = planning::list_plans(&t.db, actor).await.unwrap()[0].id;
    let plan_nutrition = planning::get_plan_nutrition(&t.db, actor, plan);
    out.add(&plan_nutrition.await.unwrap());
    let lists = shopping::list_shopping_lists(&t.db, actor).await.unwrap();
    let list = shopping::get_shopping_list(&t.db, actor, lists[0].id);
    out.add(&list.await.unwrap());
    let sessions = planning_sessions(t, actor).await;
    out.add(&sessions);
    let tasks = planning::list_prep_tasks(&t.db, actor, sessions[0].session.id);
    out.add(&tasks.await.unwrap());
    out.add(&catalogue::list_allergens(&t.db).await.unwrap());
    out.add(&service::operations::health_check(&t.db, std::time::Duration::from_secs(5)).await);
    out.add(
        &service::operations::maintain(&t.db, &service::operations::Maintenance::default())
            .await
            .unwrap(),
    );
}

/// Dining: a menu near a user with allergies and a goal, recommendations, and her erasure.
async fn dining_outputs(t: &TestDb, out: &mut Outputs) {
    let m = menu(t).await;
    let eve = service::Actor::new(eve(t).await);
    let origin = restaurants::geo::LatLon::new(0.0, 0.0).unwrap();
    let near_origin = restaurants::NearbyQuery::new(origin, 2.0);
    let nearby = restaurants::search_nearby(&t.db, &near_origin);
    out.add(&nearby.await.unwrap());
    let verdicts = restaurants::list_menu_verdicts(&t.db, eve, m.here);
    out.add(&verdicts.await.unwrap());
    let verdict = restaurants::get_meal_verdict(&t.db, eve, m.salad);
    out.add(&verdict.await.unwrap());
    let recommended = recommendations::recommend(&t.db, eve, &request(2.0)).await;
    out.add(&recommended.unwrap());
    let today = Utc::now().date_naive();
    let profile = recommendations::get_recommendation_profile(&t.db, eve, today);
    out.add(&profile.await.unwrap());
    out.add(&accounts::erase(&t.db, eve).await.unwrap());
}

/// Every output type is covered, among `out` or inside another.
fn assert_every_output_type_is_covered(out: &Outputs) {
    let nested: BTreeSet<String> = NESTED.iter().map(|(n, _)| (*n).to_owned()).collect();
    let missing: Vec<_> = serialisable_types()
        .into_iter()
        .filter(|name| !out.types.contains(name) && !nested.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "output types this test does not serialise: {missing:?}"
    );
}

/// The secrets as stored: every password hash, token digest and encrypted card number.
async fn stored_secrets(t: &TestDb) -> Vec<String> {
    let mut secrets = Vec::new();
    for user in entity::users::Entity::find().all(&t.db).await.unwrap() {
        secrets.push(user.password_hash.as_str().to_owned());
    }
    for sql in [
        "SELECT token_hash FROM user_sessions",
        "SELECT token_hash FROM refresh_tokens",
        "SELECT token_hash FROM verification_tokens",
        "SELECT card_number_encrypted FROM user_payment_methods",
    ] {
        for row in t.query(sql, vec![]).await {
            if let Ok(secret) = row.try_get_by_index::<String>(0) {
                secrets.push(secret);
            }
        }
    }
    secrets
}

async fn planning_sessions(t: &TestDb, actor: service::Actor) -> Vec<planning::PrepSession> {
    let plan = planning::list_plans(&t.db, actor).await.unwrap()[0].clone();
    let meals = planning::list_planned_meals(&t.db, actor, plan.id)
        .await
        .unwrap();
    // The fixture's planned meal is in a session already: plan another, for a new session.
    let dinner = planning::MealInput {
        id: None,
        date: plan.start_date,
        slot: entity::types::MealSlot::Dinner,
        recipe_id: meals[0].recipe_id,
        servings: "1".parse().unwrap(),
    };
    let dinner = planning::create_planned_meal(&t.db, actor, plan.id, dinner)
        .await
        .unwrap();
    let at = Timestamp::new(Utc::now() + TimeDelta::days(1)).unwrap();
    let session = planning::schedule_prep_session(
        &t.db,
        actor,
        planning::NewPrepSession {
            scheduled_at: at,
            planned_meal_ids: vec![dinner.id],
            notes: None,
            id: None,
        },
    )
    .await
    .unwrap();
    vec![session]
}

/// A body that does not parse is a `Validation` naming the field, down to a list's element,
/// and never quotes the value sent.
#[test]
fn a_body_that_does_not_parse_names_its_field() {
    let field_of = |body: &str| match input::from_json::<recipes::RecipeInput>(body.as_bytes()) {
        Err(Error::Validation { field, reason }) => (field.into_owned(), reason.into_owned()),
        other => panic!("{body}: {other:?}"),
    };
    let base = serde_json::json!({
        "name": "Stew",
        "servings": 2,
        "ingredients": [
            {"ingredient_id": uuid::Uuid::new_v4(), "quantity": "1", "unit": "g"},
            {"ingredient_id": uuid::Uuid::new_v4(), "quantity": "1", "unit": "g"},
            {"ingredient_id": uuid::Uuid::new_v4(), "quantity": "hunter2", "unit": "g"}
        ]
    });
    let (field, reason) = field_of(&base.to_string());
    assert_eq!(field, "ingredients[2].quantity");
    assert!(!reason.contains("hunter2"), "{reason}");
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("name");
    missing["ingredients"][2]["quantity"] = "1".into();
    assert_eq!(field_of(&missing.to_string()).0, "name");
    // A body cut off after its first key.
    let whole = r#"{"name": "Stew"}"#;
    assert_eq!(field_of(&whole[..9]).0, "body");
    assert_eq!(field_of("[]").0, "body");
}

/// An allergy as a client sends it: the severity is spelled as the database stores it.
#[test]
fn an_allergy_entry_spells_its_severity_as_stored() {
    let entry: AllergyEntry =
        input::from_json(br#"{"allergen": "Peanuts", "severity": "SEVERE"}"#).unwrap();
    assert_eq!(entry.severity, Severity::Severe);
    let wrong =
        input::from_json::<AllergyEntry>(br#"{"allergen": "Peanuts", "severity": "Severe"}"#);
    assert!(
        matches!(&wrong, Err(Error::Validation { field, .. }) if field == "severity"),
        "{wrong:?}"
    );
}

/// One spelling per enum value: JSON writes what the database stores (and docs/API.md and the
/// error messages list), for every value of every enum column.
#[test]
fn enum_values_are_spelled_as_stored() {
    use sea_orm::{ActiveEnum, Iterable};
    fn check<E>()
    where
        E: ActiveEnum<Value = String> + Iterable + Serialize,
    {
        for value in E::iter() {
            assert_eq!(
                serde_json::to_value(&value).unwrap(),
                serde_json::Value::String(value.to_value()),
                "{}",
                std::any::type_name::<E>()
            );
        }
    }
    use entity::types::*;
    check::<Severity>();
    check::<Gender>();
    check::<ActivityLevel>();
    check::<Unit>();
    check::<MealSlot>();
    check::<Difficulty>();
    check::<Role>();
    check::<NutritionGoalType>();
    check::<RecommendationStatus>();
    check::<IngredientCategory>();
}

dual!(every_output_serialises_without_a_secret);

/// The README's dependency block for an application is the example server's: every line of it
/// stands in `examples/api/Cargo.toml`, which the workspace builds and CI drives over HTTP, so
/// the block compiles as it stands.
#[test]
fn the_readme_dependency_block_is_the_examples() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme
        .split("## Using it from an application")
        .nth(1)
        .expect("the README's section");
    let block = section
        .split("```toml")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a toml block");
    let dependencies: Vec<&str> = block
        .lines()
        .skip_while(|line| line.trim() != "[dependencies]")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .collect();
    assert!(dependencies.len() >= 5, "{block}");
    let example = std::fs::read_to_string(root.join("examples/api/Cargo.toml")).unwrap();
    for line in dependencies {
        assert!(
            example.lines().any(|l| l.trim() == line.trim()),
            "README's `{line}` is not in examples/api/Cargo.toml"
        );
    }
}

/// Migrating from code (`migration` as a library, without its CLI) builds no service code and
/// no password or encryption crate: the `cli` feature brings those, for the command line only.
#[test]
fn migrating_from_code_builds_no_service() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tree = std::process::Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "tree",
            "--offline",
            "-p",
            "migration",
            "--no-default-features",
            "--features",
            "sqlite,postgres",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        tree.status.success(),
        "{}",
        String::from_utf8_lossy(&tree.stderr)
    );
    let crates: Vec<String> = String::from_utf8_lossy(&tree.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(
        crates.iter().any(|c| c == "sea-orm-migration"),
        "{crates:?}"
    );
    for banned in ["service", "argon2", "aes-gcm"] {
        assert!(
            !crates.iter().any(|c| c == banned),
            "migration without its CLI depends on {banned}"
        );
    }
}
