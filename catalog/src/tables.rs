//! Every table, with its PostgreSQL schema (seed 002 §3.2). Names are unique across schemas
//! because SQLite has one namespace; entities stay unqualified and PostgreSQL connections find
//! them through [`SEARCH_PATH`].
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

/// The `search_path` a PostgreSQL connection needs to find every table unqualified.
pub const SEARCH_PATH: &str = "public,auth,health,audit";

/// The view that finishes the BMR formula with today's age (`health_profiles` stores no BMR).
pub const HEALTH_PROFILE_BMR_VIEW: &str = "health_profile_bmr";

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
