//! SeaORM entities of the Eatsential data layer: one module per table, grouped by domain.
//!
//! Entities say what a row is and nothing else; rules live in the `service` crate and in the
//! database (see `migration`). The same entity code runs on SQLite and PostgreSQL: tables that
//! live in the `auth`, `health` and `audit` schemas on PostgreSQL are left unqualified here and
//! found through the `search_path` (the database's own setting, migration 22), because SQLite
//! has one namespace.

pub mod accounts;
pub mod audit;
pub mod cooking;
pub mod dining;
pub mod health;
pub mod nutrition;
pub mod operations;
pub mod planning;
pub mod profiles;
pub mod types;

pub use accounts::{
    password_history, refresh_tokens, user_payment_methods, user_sessions, users,
    verification_tokens,
};
pub use audit::data_changes;
pub use cooking::{
    ingredient_allergens, ingredients, recipe_ingredients, recipe_nutrition, recipe_ratings,
    recipe_steps, recipe_tags, recipes,
};
pub use dining::{feedback, meal_ingredients, meals, recommendations, restaurants};
pub use health::{
    allergens, dietary_restrictions_ref, health_profiles, user_allergies, user_dietary_restrictions,
};
pub use health::{fitness_goals, medical_conditions_ref, user_medical_conditions};
pub use nutrition::{
    daily_nutrition, health_metrics, meal_logs, nutrient_targets, nutrition_goals,
    nutrition_insights,
};
pub use operations::{
    access_logs, ai_model_results, api_requests, performance_metrics, user_activities,
};
pub use planning::{
    ingredient_prices, inventory_items, meal_plans, meal_prep_session_meals, meal_prep_sessions,
    planned_meals, shopping_items, shopping_lists,
};
pub use profiles::{user_preferences, user_profiles};

#[cfg(test)]
mod tests {
    use sea_orm::prelude::Uuid;

    use crate::types::{AllergenCategory, PasswordHash, TextList, Timestamp};
    use crate::{allergens, users};

    fn stamp(text: &str) -> Timestamp {
        let instant = chrono::DateTime::parse_from_rfc3339(text).unwrap();
        Timestamp::new(instant.to_utc()).unwrap()
    }

    #[test]
    fn models_serde_round_trip() {
        let user = users::Model {
            id: Uuid::from_u128(7),
            username: "ada".into(),
            email: "ada@example.com".into(),
            password_hash: PasswordHash("$argon2id$v=19$hash".into()),
            is_email_verified: true,
            is_active: true,
            role: crate::types::Role::User,
            created_at: stamp("0001-01-01T00:00:00Z"),
            updated_at: stamp("2026-11-22T01:46:39.012269Z"),
            deleted_at: None,
        };
        let json = serde_json::to_value(&user).unwrap();
        assert_eq!(json["password_hash"], "$argon2id$v=19$hash");
        assert_eq!(serde_json::from_value::<users::Model>(json).unwrap(), user);

        let peanuts = allergens::Model {
            id: Uuid::from_u128(8),
            name: "Peanuts".into(),
            category: AllergenCategory::Food,
            description: Some("legume".into()),
            common_foods: TextList::new(["Peanut butter", "\"satay\""]),
            is_active: true,
            fda_recognized: true,
            created_at: stamp("9999-12-31T23:59:59.999999Z"),
        };
        let json = serde_json::to_value(&peanuts).unwrap();
        assert_eq!(
            json["common_foods"],
            serde_json::json!(["Peanut butter", "\"satay\""])
        );
        assert_eq!(json["category"], "Food");
        assert_eq!(
            serde_json::from_value::<allergens::Model>(json).unwrap(),
            peanuts
        );
    }

    #[test]
    fn relation_fields_live_on_model_ex_and_serialise_as_null_until_loaded() {
        let peanuts = allergens::Model {
            id: Uuid::from_u128(8),
            name: "Peanuts".into(),
            category: AllergenCategory::Food,
            description: None,
            common_foods: TextList::default(),
            is_active: true,
            fda_recognized: true,
            created_at: stamp("2026-11-22T01:46:39Z"),
        };
        let ex = allergens::ModelEx::from(peanuts.clone());
        let json = serde_json::to_value(&ex).unwrap();
        assert_eq!(json["user_allergies"], serde_json::Value::Null);
        let back: allergens::ModelEx = serde_json::from_value(json).unwrap();
        assert_eq!(allergens::Model::from(back), peanuts);
        // A plain model has no relation key at all.
        let plain = serde_json::to_value(&peanuts).unwrap();
        assert!(plain.get("user_allergies").is_none());
    }

    #[test]
    fn a_timestamp_outside_the_range_fails_deserialisation_of_a_model() {
        let mut json = serde_json::to_value(users::Model {
            id: Uuid::from_u128(7),
            username: "ada".into(),
            email: "ada@example.com".into(),
            password_hash: PasswordHash("h".into()),
            is_email_verified: false,
            is_active: true,
            role: crate::types::Role::Admin,
            created_at: Timestamp::MIN,
            updated_at: Timestamp::MAX,
            deleted_at: None,
        })
        .unwrap();
        let year_10000 = chrono::NaiveDate::from_ymd_opt(10_000, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap()
            .and_utc();
        json["deleted_at"] = serde_json::to_value(year_10000).unwrap();
        let error = serde_json::from_value::<users::Model>(json).unwrap_err();
        assert!(error.to_string().contains("outside"), "{error}");
    }
}
