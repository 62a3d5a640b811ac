//! Every table, with its PostgreSQL schema (seed 002 §3.2). Names are unique across schemas
//! because SQLite has one namespace; entities stay unqualified and PostgreSQL connections find
//! them through [`SEARCH_PATH`], the database's default `search_path`.
use sea_orm::DbBackend;
use sea_orm::sea_query::{Alias, IntoTableRef, TableRef};

/// A table and the PostgreSQL schema it lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tbl {
    pub schema: &'static str,
    pub name: &'static str,
}

impl Tbl {
    pub const fn new(schema: &'static str, name: &'static str) -> Self {
        Self { schema, name }
    }

    /// For sea-query statements: `schema.name` on PostgreSQL, `name` on SQLite.
    pub fn table_ref(self, backend: DbBackend) -> TableRef {
        match backend {
            DbBackend::Postgres => {
                (Alias::new(self.schema), Alias::new(self.name)).into_table_ref()
            }
            _ => Alias::new(self.name).into_table_ref(),
        }
    }

    /// For raw SQL: `"schema"."name"` on PostgreSQL, `"name"` on SQLite.
    pub fn sql(self, backend: DbBackend) -> String {
        match backend {
            DbBackend::Postgres => format!("\"{}\".\"{}\"", self.schema, self.name),
            _ => format!("\"{}\"", self.name),
        }
    }
}

pub const USERS: Tbl = Tbl::new("public", "users");
pub const HEALTH_PROFILES: Tbl = Tbl::new("public", "health_profiles");
pub const USER_ALLERGIES: Tbl = Tbl::new("public", "user_allergies");
pub const USER_DIETARY_RESTRICTIONS: Tbl = Tbl::new("public", "user_dietary_restrictions");
/// Seed 002 §10.2: a user's cards, the number encrypted by the application (`docs/DESIGN.md` D13).
pub const USER_PAYMENT_METHODS: Tbl = Tbl::new("public", "user_payment_methods");
pub const USER_PROFILES: Tbl = Tbl::new("public", "user_profiles");
pub const USER_PREFERENCES: Tbl = Tbl::new("public", "user_preferences");
pub const USER_MEDICAL_CONDITIONS: Tbl = Tbl::new("public", "user_medical_conditions");
pub const FITNESS_GOALS: Tbl = Tbl::new("public", "fitness_goals");

pub const VERIFICATION_TOKENS: Tbl = Tbl::new("auth", "verification_tokens");
pub const USER_SESSIONS: Tbl = Tbl::new("auth", "user_sessions");
pub const PASSWORD_HISTORY: Tbl = Tbl::new("auth", "password_history");
pub const REFRESH_TOKENS: Tbl = Tbl::new("auth", "refresh_tokens");

pub const ALLERGENS: Tbl = Tbl::new("health", "allergens");
pub const DIETARY_RESTRICTIONS_REF: Tbl = Tbl::new("health", "dietary_restrictions_ref");
pub const MEDICAL_CONDITIONS_REF: Tbl = Tbl::new("health", "medical_conditions_ref");

pub const DATA_CHANGES: Tbl = Tbl::new("audit", "data_changes");
/// SQLite only: the acting user of the current write transaction, read by audit triggers
/// (PostgreSQL uses the transaction-local setting `app.current_user_id`).
pub const AUDIT_CONTEXT: Tbl = Tbl::new("audit", "audit_context");

/// The PostgreSQL schemas besides `public`, in the order they are created.
pub const APP_SCHEMAS: [&str; 3] = ["auth", "health", "audit"];

/// The `search_path` a PostgreSQL connection needs to find every table unqualified: the
/// database's own setting (migration 22, `migration::search_path`), so no connection sets it.
pub const SEARCH_PATH: &str = "public,auth,health,audit";

/// The view that finishes the BMR formula with today's age (`health_profiles` stores no BMR).
pub const HEALTH_PROFILE_BMR_VIEW: &str = "health_profile_bmr";

/// Nutrition tracking (migration 13, `docs/DESIGN.md` D25-D27): goals and their per-nutrient
/// targets, what a user ate, the day's totals, insights and health measurements.
pub const NUTRITION_GOALS: Tbl = Tbl::new("public", "nutrition_goals");
pub const NUTRIENT_TARGETS: Tbl = Tbl::new("public", "nutrient_targets");
pub const MEAL_LOGS: Tbl = Tbl::new("public", "meal_logs");
pub const DAILY_NUTRITION: Tbl = Tbl::new("public", "daily_nutrition");
pub const NUTRITION_INSIGHTS: Tbl = Tbl::new("public", "nutrition_insights");
pub const HEALTH_METRICS: Tbl = Tbl::new("public", "health_metrics");
/// Seed 002 §4.4: restaurants, shared catalogue data (no owner; written by the admin/write role).
pub const RESTAURANTS: Tbl = Tbl::new("public", "restaurants");
/// Seed 002 §4.4: a restaurant's dishes, with their nutrition per portion.
pub const MEALS: Tbl = Tbl::new("public", "meals");
/// A meal's ingredients from the shared catalogue (`ingredients`), with quantity and unit.
pub const MEAL_INGREDIENTS: Tbl = Tbl::new("public", "meal_ingredients");
/// A meal suggested to a user at a place, with its score and why (user-owned).
pub const RECOMMENDATIONS: Tbl = Tbl::new("public", "recommendations");
/// A user's rating of a recommendation or a meal (user-owned).
pub const FEEDBACK: Tbl = Tbl::new("public", "feedback");
/// SQLite only: the R*Tree virtual table indexing `restaurants`' locations, kept in step by
/// triggers (columns `id, min_lat, max_lat, min_lon, max_lon` and the auxiliary `row_key`,
/// the restaurant's id). PostgreSQL indexes the same points with the GiST index
/// [`RESTAURANTS_LOCATION_INDEX`].
pub const RESTAURANTS_RTREE: Tbl = Tbl::new("public", "restaurants_rtree");
/// PostgreSQL's GiST index on `point(longitude, latitude)` of `restaurants`.
pub const RESTAURANTS_LOCATION_INDEX: &str = "idx_restaurants_location";
/// The ingredient catalogue shared by recipes and restaurant meals: nutrition per 100 g and
/// what turns a recipe unit into grams (issue 7).
pub const INGREDIENTS: Tbl = Tbl::new("public", "ingredients");
/// Which allergens an ingredient contains, many to many (seed 002 had one per ingredient).
pub const INGREDIENT_ALLERGENS: Tbl = Tbl::new("public", "ingredient_allergens");
/// Seed 000 `recipes`, owned by a user; public ones are readable by everyone.
pub const RECIPES: Tbl = Tbl::new("public", "recipes");
pub const RECIPE_INGREDIENTS: Tbl = Tbl::new("public", "recipe_ingredients");
pub const RECIPE_STEPS: Tbl = Tbl::new("public", "recipe_steps");
/// Nutrition per serving, computed by `service::recipes` from the ingredients.
pub const RECIPE_NUTRITION: Tbl = Tbl::new("public", "recipe_nutrition");
pub const RECIPE_RATINGS: Tbl = Tbl::new("public", "recipe_ratings");
/// The vocabulary of known tags; `recipes.tags` holds slugs.
pub const RECIPE_TAGS: Tbl = Tbl::new("public", "recipe_tags");
/// PostgreSQL only: each public recipe's search keys (`tag:…`, `cuisine:…`, `difficulty:…`,
/// `minutes<=…`) under a GIN index, kept from `recipes` by a trigger, so that a search combining
/// filters reads about as many rows as the combination matches under row-level security
/// (migration 23 says why it is a table). Derived: see [`DERIVED_ON_POSTGRES`].
pub const RECIPE_FACETS: Tbl = Tbl::new("public", "recipe_facets");
/// PostgreSQL tables derived from others by triggers, with the function that refills each one
/// from its source. A SQLite file has none of them: `copy` leaves them out of its tables and
/// calls the function once the rows are in (it writes with triggers off).
pub const DERIVED_ON_POSTGRES: [(Tbl, &str); 1] =
    [(RECIPE_FACETS, "public.rebuild_recipe_facets()")];

/// Whether the table called `name` is one of [`DERIVED_ON_POSTGRES`] (names are unique across
/// schemas).
pub fn is_derived_on_postgres(name: &str) -> bool {
    DERIVED_ON_POSTGRES.iter().any(|(t, _)| t.name == name)
}
/// Meal planning (issue 8): a user's plans over a date range and the recipes put in their slots.
pub const MEAL_PLANS: Tbl = Tbl::new("public", "meal_plans");
pub const PLANNED_MEALS: Tbl = Tbl::new("public", "planned_meals");
pub const MEAL_PREP_SESSIONS: Tbl = Tbl::new("public", "meal_prep_sessions");
/// Which planned meals a prep session prepares (a planned meal is prepared by one session).
pub const MEAL_PREP_SESSION_MEALS: Tbl = Tbl::new("public", "meal_prep_session_meals");
pub const SHOPPING_LISTS: Tbl = Tbl::new("public", "shopping_lists");
pub const SHOPPING_ITEMS: Tbl = Tbl::new("public", "shopping_items");
/// A user's pantry.
pub const INVENTORY_ITEMS: Tbl = Tbl::new("public", "inventory_items");
/// Price history of ingredients: shared data, not a user's rows.
pub const INGREDIENT_PRICES: Tbl = Tbl::new("public", "ingredient_prices");

/// Seed 002 §10.3: every request a user (or no one yet) made, partitioned by month on
/// PostgreSQL (`docs/DESIGN.md` D14, D35).
pub const ACCESS_LOGS: Tbl = Tbl::new("audit", "access_logs");
/// Seed 000 "Analytics & Logging": API usage, partitioned by month on PostgreSQL.
pub const API_REQUESTS: Tbl = Tbl::new("public", "api_requests");
/// Seed 000: what users do in the product, partitioned by month on PostgreSQL.
pub const USER_ACTIVITIES: Tbl = Tbl::new("public", "user_activities");
/// Seed 000: measurements of the system (latencies, queue depths, ...).
pub const PERFORMANCE_METRICS: Tbl = Tbl::new("public", "performance_metrics");
/// Seed 000: what a model answered, for which input, how sure and how fast.
pub const AI_MODEL_RESULTS: Tbl = Tbl::new("public", "ai_model_results");

/// The tables range-partitioned by month on PostgreSQL, with the time column in their key
/// (plain tables with the same key on SQLite). Partition maintenance walks this list.
pub const PARTITIONED_BY_MONTH: [(Tbl, &str); 3] = [
    (ACCESS_LOGS, "accessed_at"),
    (API_REQUESTS, "created_at"),
    (USER_ACTIVITIES, "created_at"),
];
