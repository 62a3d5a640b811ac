-- The schema the migrations build on Sqlite, as migration::operator::dump::schema_dump prints it.
-- Generated: do not edit. tests/suite/pinned.rs fails when the migrations build anything
-- else; after an intended change regenerate with
--   BLESS_SCHEMA=1 TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p eatsential-tests --test suite schema_is_pinned

index idx_access_logs_accessed_at on access_logs
  CREATE INDEX idx_access_logs_accessed_at ON "access_logs" (accessed_at)

index idx_access_logs_user on access_logs
  CREATE INDEX idx_access_logs_user ON "access_logs" (user_id, accessed_at)

index idx_active_users on users
  CREATE INDEX idx_active_users ON "users" (email) WHERE is_active AND deleted_at IS NULL

index idx_ai_model_results_model on ai_model_results
  CREATE INDEX idx_ai_model_results_model ON "ai_model_results" (model_name, model_version, created_at)

index idx_ai_model_results_user on ai_model_results
  CREATE INDEX idx_ai_model_results_user ON "ai_model_results" (user_id, created_at)

index idx_api_requests_endpoint on api_requests
  CREATE INDEX idx_api_requests_endpoint ON "api_requests" (endpoint, created_at)

index idx_api_requests_timestamp on api_requests
  CREATE INDEX idx_api_requests_timestamp ON "api_requests" (created_at)

index idx_api_requests_user on api_requests
  CREATE INDEX idx_api_requests_user ON "api_requests" (user_id, created_at)

index idx_data_changes_changed_at on data_changes
  CREATE INDEX idx_data_changes_changed_at ON "data_changes" (changed_at)

index idx_data_changes_record on data_changes
  CREATE INDEX idx_data_changes_record ON "data_changes" (table_name, record_id)

index idx_feedback_meal on feedback
  CREATE INDEX idx_feedback_meal ON "feedback" (meal_id)

index idx_feedback_user on feedback
  CREATE INDEX idx_feedback_user ON "feedback" (user_id, created_at)

index idx_fitness_goals_profile on fitness_goals
  CREATE INDEX idx_fitness_goals_profile ON "fitness_goals" (health_profile_id, user_id)

index idx_fitness_goals_user_status on fitness_goals
  CREATE INDEX idx_fitness_goals_user_status ON "fitness_goals" (user_id, status)

index idx_health_metrics_user_metric_time on health_metrics
  CREATE INDEX idx_health_metrics_user_metric_time ON "health_metrics" (user_id, metric, measured_at)

index idx_ingredient_allergens_allergen on ingredient_allergens
  CREATE INDEX idx_ingredient_allergens_allergen ON "ingredient_allergens" (allergen_id)

index idx_ingredient_prices_latest on ingredient_prices
  CREATE INDEX idx_ingredient_prices_latest ON "ingredient_prices" (ingredient_id, observed_at DESC, id DESC)

index idx_ingredients_category on ingredients
  CREATE INDEX idx_ingredients_category ON "ingredients" (category)

index idx_inventory_items_best_before on inventory_items
  CREATE INDEX idx_inventory_items_best_before ON "inventory_items" (user_id, best_before) WHERE best_before IS NOT NULL

index idx_inventory_items_ingredient on inventory_items
  CREATE INDEX idx_inventory_items_ingredient ON "inventory_items" (ingredient_id)

index idx_inventory_items_user_ingredient on inventory_items
  CREATE INDEX idx_inventory_items_user_ingredient ON "inventory_items" (user_id, ingredient_id)

index idx_meal_ingredients_ingredient on meal_ingredients
  CREATE INDEX idx_meal_ingredients_ingredient ON "meal_ingredients" (ingredient_id)

index idx_meal_logs_recipe on meal_logs
  CREATE INDEX idx_meal_logs_recipe ON "meal_logs" (recipe_id)

index idx_meal_logs_user_local_date on meal_logs
  CREATE INDEX idx_meal_logs_user_local_date ON "meal_logs" (user_id, local_date)

index idx_meal_logs_user_logged_at on meal_logs
  CREATE INDEX idx_meal_logs_user_logged_at ON "meal_logs" (user_id, logged_at)

index idx_meal_plans_user on meal_plans
  CREATE INDEX idx_meal_plans_user ON "meal_plans" (user_id, start_date)

index idx_meal_prep_session_meals_session on meal_prep_session_meals
  CREATE INDEX idx_meal_prep_session_meals_session ON "meal_prep_session_meals" (prep_session_id, user_id)

index idx_meal_prep_sessions_user on meal_prep_sessions
  CREATE INDEX idx_meal_prep_sessions_user ON "meal_prep_sessions" (user_id, scheduled_at)

index idx_meals_search on meals
  CREATE INDEX idx_meals_search ON "meals" (restaurant_id, is_available, energy_kcal)

index idx_nutrient_targets_user on nutrient_targets
  CREATE INDEX idx_nutrient_targets_user ON "nutrient_targets" (user_id)

index idx_nutrition_goals_user_start on nutrition_goals
  CREATE INDEX idx_nutrition_goals_user_start ON "nutrition_goals" (user_id, start_date)

index idx_nutrition_insights_user_created on nutrition_insights
  CREATE INDEX idx_nutrition_insights_user_created ON "nutrition_insights" (user_id, created_at)

index idx_password_history_user on password_history
  CREATE INDEX idx_password_history_user ON "password_history" (user_id, created_at)

index idx_performance_metrics_name_time on performance_metrics
  CREATE INDEX idx_performance_metrics_name_time ON "performance_metrics" (metric_name, recorded_at)

index idx_planned_meals_recipe on planned_meals
  CREATE INDEX idx_planned_meals_recipe ON "planned_meals" (recipe_id)

index idx_recipe_ingredients_ingredient on recipe_ingredients
  CREATE INDEX idx_recipe_ingredients_ingredient ON "recipe_ingredients" (ingredient_id)

index idx_recipe_ratings_user on recipe_ratings
  CREATE INDEX idx_recipe_ratings_user ON "recipe_ratings" (user_id)

index idx_recipes_cuisine_type on recipes
  CREATE INDEX idx_recipes_cuisine_type ON "recipes" (cuisine_type)

index idx_recipes_difficulty on recipes
  CREATE INDEX idx_recipes_difficulty ON "recipes" (difficulty_level)

index idx_recipes_prep_time on recipes
  CREATE INDEX idx_recipes_prep_time ON "recipes" (prep_time_minutes)

index idx_recipes_rank on recipes
  CREATE INDEX idx_recipes_rank ON "recipes" (coalesce(rating, -1) DESC, id)

index idx_recipes_total_time on recipes
  CREATE INDEX idx_recipes_total_time ON "recipes" (total_time_minutes)

index idx_recipes_user on recipes
  CREATE INDEX idx_recipes_user ON "recipes" (user_id)

index idx_recommendations_dismissed on recommendations
  CREATE INDEX idx_recommendations_dismissed ON "recommendations" (user_id, created_at) WHERE status = 'dismissed'

index idx_recommendations_meal on recommendations
  CREATE INDEX idx_recommendations_meal ON "recommendations" (meal_id, restaurant_id)

index idx_recommendations_user_latest on recommendations
  CREATE INDEX idx_recommendations_user_latest ON "recommendations" (user_id, created_at DESC)

index idx_refresh_tokens_family on refresh_tokens
  CREATE INDEX idx_refresh_tokens_family ON "refresh_tokens" (family_id)

index idx_refresh_tokens_user_live on refresh_tokens
  CREATE INDEX idx_refresh_tokens_user_live ON "refresh_tokens" (user_id, expires_at) WHERE revoked_at IS NULL AND used_at IS NULL

index idx_shopping_items_ingredient on shopping_items
  CREATE INDEX idx_shopping_items_ingredient ON "shopping_items" (ingredient_id)

index idx_shopping_lists_plan on shopping_lists
  CREATE INDEX idx_shopping_lists_plan ON "shopping_lists" (meal_plan_id)

index idx_shopping_lists_user on shopping_lists
  CREATE INDEX idx_shopping_lists_user ON "shopping_lists" (user_id, created_at)

index idx_user_activities_created_at on user_activities
  CREATE INDEX idx_user_activities_created_at ON "user_activities" (created_at)

index idx_user_activities_user_type on user_activities
  CREATE INDEX idx_user_activities_user_type ON "user_activities" (user_id, activity_type)

index idx_user_allergies_allergen on user_allergies
  CREATE INDEX idx_user_allergies_allergen ON "user_allergies" (allergen_id)

index idx_user_allergies_lookup on user_allergies
  CREATE INDEX idx_user_allergies_lookup ON "user_allergies" (user_id, allergen_id, severity)

index idx_user_allergies_profile on user_allergies
  CREATE INDEX idx_user_allergies_profile ON "user_allergies" (health_profile_id, user_id)

index idx_user_allergies_severity on user_allergies
  CREATE INDEX idx_user_allergies_severity ON "user_allergies" (severity) WHERE severity IN ('SEVERE', 'LIFE_THREATENING')

index idx_user_dietary_restrictions_profile on user_dietary_restrictions
  CREATE INDEX idx_user_dietary_restrictions_profile ON "user_dietary_restrictions" (health_profile_id, user_id)

index idx_user_dietary_restrictions_restriction on user_dietary_restrictions
  CREATE INDEX idx_user_dietary_restrictions_restriction ON "user_dietary_restrictions" (dietary_restriction_id)

index idx_user_medical_conditions_condition on user_medical_conditions
  CREATE INDEX idx_user_medical_conditions_condition ON "user_medical_conditions" (condition_id)

index idx_user_medical_conditions_profile on user_medical_conditions
  CREATE INDEX idx_user_medical_conditions_profile ON "user_medical_conditions" (health_profile_id, user_id)

index idx_user_payment_methods_user on user_payment_methods
  CREATE INDEX idx_user_payment_methods_user ON "user_payment_methods" (user_id, created_at)

index idx_user_sessions_live on user_sessions
  CREATE INDEX idx_user_sessions_live ON "user_sessions" (expires_at) WHERE revoked_at IS NULL

index idx_user_sessions_user_id on user_sessions
  CREATE INDEX idx_user_sessions_user_id ON "user_sessions" (user_id)

index idx_users_created_at on users
  CREATE INDEX idx_users_created_at ON "users" (created_at)

index idx_users_email on users
  CREATE INDEX idx_users_email ON "users" (email) WHERE deleted_at IS NULL

index idx_users_username on users
  CREATE INDEX idx_users_username ON "users" (username) WHERE deleted_at IS NULL

index idx_verification_tokens_expires on verification_tokens
  CREATE INDEX idx_verification_tokens_expires ON "verification_tokens" (expires_at) WHERE used_at IS NULL

index idx_verification_tokens_user_id on verification_tokens
  CREATE INDEX idx_verification_tokens_user_id ON "verification_tokens" (user_id)

index uq_daily_nutrition_user_date on daily_nutrition
  CREATE UNIQUE INDEX uq_daily_nutrition_user_date ON "daily_nutrition" (user_id, date)

index uq_ingredients_name on ingredients
  CREATE UNIQUE INDEX uq_ingredients_name ON "ingredients" (lower(name))

index uq_nutrition_goals_one_active on nutrition_goals
  CREATE UNIQUE INDEX uq_nutrition_goals_one_active ON "nutrition_goals" (user_id) WHERE is_active

index uq_user_payment_methods_default on user_payment_methods
  CREATE UNIQUE INDEX uq_user_payment_methods_default ON "user_payment_methods" (user_id) WHERE is_default

index uq_users_email_active on users
  CREATE UNIQUE INDEX uq_users_email_active ON "users" (lower(email)) WHERE deleted_at IS NULL

index uq_users_username_active on users
  CREATE UNIQUE INDEX uq_users_username_active ON "users" (lower(username)) WHERE deleted_at IS NULL

table access_logs
  CREATE TABLE "access_logs" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "accessed_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "user_id" BLOB,
    "session_id" BLOB,
    "ip_address" varchar(45),
    "user_agent" TEXT,
    "endpoint" varchar(255),
    "method" varchar(10),
    "status_code" INTEGER,
    "response_time_ms" INTEGER,
    "error_message" TEXT,
    PRIMARY KEY ("id", "accessed_at"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_accessed_at_timestamp" CHECK (accessed_at IS NULL OR (typeof(accessed_at) = 'text' AND ((length(accessed_at) = 25 AND accessed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(accessed_at) = 29 AND accessed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(accessed_at, 21, 3) <> '000') OR (length(accessed_at) = 32 AND accessed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(accessed_at, 24, 3) <> '000')) AND date(substr(accessed_at, 1, 10), '+0 days') IS substr(accessed_at, 1, 10) AND substr(accessed_at, 12, 2) < '24' AND substr(accessed_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_session_id_uuid" CHECK (session_id IS NULL OR (typeof(session_id) = 'blob' AND length(session_id) = 16)),
    CONSTRAINT "chk_ip_address_varchar" CHECK (ip_address IS NULL OR (typeof(ip_address) = 'text' AND length(ip_address) <= 45 AND instr(CAST(ip_address AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_user_agent_text" CHECK (user_agent IS NULL OR (typeof(user_agent) = 'text' AND instr(CAST(user_agent AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_endpoint_varchar" CHECK (endpoint IS NULL OR (typeof(endpoint) = 'text' AND length(endpoint) <= 255 AND instr(CAST(endpoint AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_method_varchar" CHECK (method IS NULL OR (typeof(method) = 'text' AND length(method) <= 10 AND instr(CAST(method AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_status_code_integer" CHECK (status_code IS NULL OR (typeof(status_code) = 'integer' AND status_code BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_response_time_ms_integer" CHECK (response_time_ms IS NULL OR (typeof(response_time_ms) = 'integer' AND response_time_ms BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_error_message_text" CHECK (error_message IS NULL OR (typeof(error_message) = 'text' AND instr(CAST(error_message AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_access_logs_method" CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')),
    CONSTRAINT "chk_access_logs_status_code" CHECK (status_code BETWEEN 100 AND 599),
    CONSTRAINT "chk_access_logs_response_time" CHECK (response_time_ms >= 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column accessed_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) PRIMARY KEY #2
  column user_id BLOB
  column session_id BLOB
  column ip_address varchar(45)
  column user_agent TEXT
  column endpoint varchar(255)
  column method varchar(10)
  column status_code INTEGER
  column response_time_ms INTEGER
  column error_message TEXT

table ai_model_results
  CREATE TABLE "ai_model_results" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB,
    "model_name" varchar(100) NOT NULL,
    "model_version" varchar(50) NOT NULL,
    "input_ref" varchar(255) NOT NULL,
    "output" TEXT NOT NULL,
    "confidence" REAL,
    "latency_ms" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_model_name_varchar" CHECK (model_name IS NULL OR (typeof(model_name) = 'text' AND length(model_name) <= 100 AND instr(CAST(model_name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_model_version_varchar" CHECK (model_version IS NULL OR (typeof(model_version) = 'text' AND length(model_version) <= 50 AND instr(CAST(model_version AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_input_ref_varchar" CHECK (input_ref IS NULL OR (typeof(input_ref) = 'text' AND length(input_ref) <= 255 AND instr(CAST(input_ref AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_output_json" CHECK (output IS NULL OR (json_valid(output) AND instr(output, '\u0000') = 0)),
    CONSTRAINT "chk_confidence_decimal" CHECK (confidence IS NULL OR (typeof(confidence) IN ('integer', 'real') AND confidence = round(confidence, 4) AND abs(confidence) < 10)),
    CONSTRAINT "chk_latency_ms_integer" CHECK (latency_ms IS NULL OR (typeof(latency_ms) = 'integer' AND latency_ms BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_ai_model_results_model" CHECK (length(trim(model_name)) > 0 AND length(trim(model_version)) > 0),
    CONSTRAINT "chk_ai_model_results_confidence" CHECK (confidence BETWEEN 0 AND 1),
    CONSTRAINT "chk_ai_model_results_latency" CHECK (latency_ms >= 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB
  column model_name varchar(100) NOT NULL
  column model_version varchar(50) NOT NULL
  column input_ref varchar(255) NOT NULL
  column output TEXT NOT NULL
  column confidence REAL
  column latency_ms INTEGER NOT NULL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table allergens
  CREATE TABLE "allergens" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "name" varchar(100) NOT NULL,
    "category" varchar(50) NOT NULL,
    "description" TEXT,
    "common_foods" TEXT NOT NULL DEFAULT '[]',
    "is_active" INTEGER NOT NULL DEFAULT TRUE,
    "fda_recognized" INTEGER NOT NULL DEFAULT TRUE,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_allergens_name" UNIQUE ("name"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 100 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_category_varchar" CHECK (category IS NULL OR (typeof(category) = 'text' AND length(category) <= 50 AND instr(CAST(category AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_description_text" CHECK (description IS NULL OR (typeof(description) = 'text' AND instr(CAST(description AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_common_foods_text_list" CHECK (common_foods IS NULL OR (json_valid(common_foods) AND json_type(common_foods) = 'array' AND instr(common_foods, '\u0000') = 0)),
    CONSTRAINT "chk_is_active_boolean" CHECK (is_active IS NULL OR (is_active IN (0, 1))),
    CONSTRAINT "chk_fda_recognized_boolean" CHECK (fda_recognized IS NULL OR (fda_recognized IN (0, 1))),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_allergen_category" CHECK (category IN ('Food', 'Environmental', 'Medication', 'Other'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column name varchar(100) NOT NULL
  column category varchar(50) NOT NULL
  column description TEXT
  column common_foods TEXT NOT NULL DEFAULT '[]'
  column is_active INTEGER NOT NULL DEFAULT TRUE
  column fda_recognized INTEGER NOT NULL DEFAULT TRUE
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table api_requests
  CREATE TABLE "api_requests" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "user_id" BLOB,
    "method" varchar(10) NOT NULL,
    "endpoint" varchar(255) NOT NULL,
    "status_code" INTEGER NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "request_bytes" INTEGER,
    "response_bytes" INTEGER,
    "ip_address" varchar(45),
    "user_agent" TEXT,
    "error_message" TEXT,
    PRIMARY KEY ("id", "created_at"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_method_varchar" CHECK (method IS NULL OR (typeof(method) = 'text' AND length(method) <= 10 AND instr(CAST(method AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_endpoint_varchar" CHECK (endpoint IS NULL OR (typeof(endpoint) = 'text' AND length(endpoint) <= 255 AND instr(CAST(endpoint AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_status_code_integer" CHECK (status_code IS NULL OR (typeof(status_code) = 'integer' AND status_code BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_duration_ms_integer" CHECK (duration_ms IS NULL OR (typeof(duration_ms) = 'integer' AND duration_ms BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_request_bytes_integer" CHECK (request_bytes IS NULL OR (typeof(request_bytes) = 'integer' AND request_bytes BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_response_bytes_integer" CHECK (response_bytes IS NULL OR (typeof(response_bytes) = 'integer' AND response_bytes BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_ip_address_varchar" CHECK (ip_address IS NULL OR (typeof(ip_address) = 'text' AND length(ip_address) <= 45 AND instr(CAST(ip_address AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_user_agent_text" CHECK (user_agent IS NULL OR (typeof(user_agent) = 'text' AND instr(CAST(user_agent AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_error_message_text" CHECK (error_message IS NULL OR (typeof(error_message) = 'text' AND instr(CAST(error_message AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_api_requests_method" CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')),
    CONSTRAINT "chk_api_requests_status_code" CHECK (status_code BETWEEN 100 AND 599),
    CONSTRAINT "chk_api_requests_duration" CHECK (duration_ms >= 0),
    CONSTRAINT "chk_api_requests_bytes" CHECK (request_bytes >= 0 AND response_bytes >= 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) PRIMARY KEY #2
  column user_id BLOB
  column method varchar(10) NOT NULL
  column endpoint varchar(255) NOT NULL
  column status_code INTEGER NOT NULL
  column duration_ms INTEGER NOT NULL
  column request_bytes INTEGER
  column response_bytes INTEGER
  column ip_address varchar(45)
  column user_agent TEXT
  column error_message TEXT

table audit_context
  CREATE TABLE "audit_context" (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    user_id BLOB CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16))
  )
  column slot INTEGER PRIMARY KEY #1
  column user_id BLOB

table daily_nutrition
  CREATE TABLE "daily_nutrition" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "date" TEXT NOT NULL,
    "energy_kcal" REAL NOT NULL DEFAULT 0,
    "protein_g" REAL NOT NULL DEFAULT 0,
    "carbs_g" REAL NOT NULL DEFAULT 0,
    "fat_g" REAL NOT NULL DEFAULT 0,
    "fiber_g" REAL NOT NULL DEFAULT 0,
    "sugar_g" REAL NOT NULL DEFAULT 0,
    "sodium_mg" REAL NOT NULL DEFAULT 0,
    "meal_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_date_date" CHECK (date IS NULL OR (typeof(date) = 'text' AND date(date, '+0 days') IS date AND substr(date, 1, 4) <> '0000')),
    CONSTRAINT "chk_energy_kcal_decimal" CHECK (energy_kcal IS NULL OR (typeof(energy_kcal) IN ('integer', 'real') AND energy_kcal = round(energy_kcal, 2) AND abs(energy_kcal) < 1000000000)),
    CONSTRAINT "chk_daily_nutrition_energy_kcal" CHECK (energy_kcal >= 0),
    CONSTRAINT "chk_protein_g_decimal" CHECK (protein_g IS NULL OR (typeof(protein_g) IN ('integer', 'real') AND protein_g = round(protein_g, 2) AND abs(protein_g) < 1000000000)),
    CONSTRAINT "chk_daily_nutrition_protein_g" CHECK (protein_g >= 0),
    CONSTRAINT "chk_carbs_g_decimal" CHECK (carbs_g IS NULL OR (typeof(carbs_g) IN ('integer', 'real') AND carbs_g = round(carbs_g, 2) AND abs(carbs_g) < 1000000000)),
    CONSTRAINT "chk_daily_nutrition_carbs_g" CHECK (carbs_g >= 0),
    CONSTRAINT "chk_fat_g_decimal" CHECK (fat_g IS NULL OR (typeof(fat_g) IN ('integer', 'real') AND fat_g = round(fat_g, 2) AND abs(fat_g) < 1000000000)),
    CONSTRAINT "chk_daily_nutrition_fat_g" CHECK (fat_g >= 0),
    CONSTRAINT "chk_fiber_g_decimal" CHECK (fiber_g IS NULL OR (typeof(fiber_g) IN ('integer', 'real') AND fiber_g = round(fiber_g, 2) AND abs(fiber_g) < 1000000000)),
    CONSTRAINT "chk_daily_nutrition_fiber_g" CHECK (fiber_g >= 0),
    CONSTRAINT "chk_sugar_g_decimal" CHECK (sugar_g IS NULL OR (typeof(sugar_g) IN ('integer', 'real') AND sugar_g = round(sugar_g, 2) AND abs(sugar_g) < 1000000000)),
    CONSTRAINT "chk_daily_nutrition_sugar_g" CHECK (sugar_g >= 0),
    CONSTRAINT "chk_sodium_mg_decimal" CHECK (sodium_mg IS NULL OR (typeof(sodium_mg) IN ('integer', 'real') AND sodium_mg = round(sodium_mg, 2) AND abs(sodium_mg) < 1000000000)),
    CONSTRAINT "chk_daily_nutrition_sodium_mg" CHECK (sodium_mg >= 0),
    CONSTRAINT "chk_meal_count_integer" CHECK (meal_count IS NULL OR (typeof(meal_count) = 'integer' AND meal_count BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_daily_nutrition_meal_count" CHECK (meal_count >= 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column date TEXT NOT NULL
  column energy_kcal REAL NOT NULL DEFAULT 0
  column protein_g REAL NOT NULL DEFAULT 0
  column carbs_g REAL NOT NULL DEFAULT 0
  column fat_g REAL NOT NULL DEFAULT 0
  column fiber_g REAL NOT NULL DEFAULT 0
  column sugar_g REAL NOT NULL DEFAULT 0
  column sodium_mg REAL NOT NULL DEFAULT 0
  column meal_count INTEGER NOT NULL DEFAULT 0
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table data_changes
  CREATE TABLE "data_changes" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "table_name" varchar(64) NOT NULL,
    "operation" varchar(10) NOT NULL,
    "user_id" BLOB,
    "record_id" BLOB NOT NULL,
    "old_data" TEXT,
    "new_data" TEXT,
    "changed_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_table_name_varchar" CHECK (table_name IS NULL OR (typeof(table_name) = 'text' AND length(table_name) <= 64 AND instr(CAST(table_name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_operation_varchar" CHECK (operation IS NULL OR (typeof(operation) = 'text' AND length(operation) <= 10 AND instr(CAST(operation AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_record_id_uuid" CHECK (record_id IS NULL OR (typeof(record_id) = 'blob' AND length(record_id) = 16)),
    CONSTRAINT "chk_old_data_json" CHECK (old_data IS NULL OR (json_valid(old_data) AND instr(old_data, '\u0000') = 0)),
    CONSTRAINT "chk_new_data_json" CHECK (new_data IS NULL OR (json_valid(new_data) AND instr(new_data, '\u0000') = 0)),
    CONSTRAINT "chk_changed_at_timestamp" CHECK (changed_at IS NULL OR (typeof(changed_at) = 'text' AND ((length(changed_at) = 25 AND changed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(changed_at) = 29 AND changed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(changed_at, 21, 3) <> '000') OR (length(changed_at) = 32 AND changed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(changed_at, 24, 3) <> '000')) AND date(substr(changed_at, 1, 10), '+0 days') IS substr(changed_at, 1, 10) AND substr(changed_at, 12, 2) < '24' AND substr(changed_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_data_changes_operation" CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column table_name varchar(64) NOT NULL
  column operation varchar(10) NOT NULL
  column user_id BLOB
  column record_id BLOB NOT NULL
  column old_data TEXT
  column new_data TEXT
  column changed_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table dietary_restrictions_ref
  CREATE TABLE "dietary_restrictions_ref" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "name" varchar(50) NOT NULL,
    "description" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_dietary_restrictions_ref_name" UNIQUE ("name"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 50 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_description_text" CHECK (description IS NULL OR (typeof(description) = 'text' AND instr(CAST(description AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column name varchar(50) NOT NULL
  column description TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table feedback
  CREATE TABLE "feedback" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "recommendation_id" BLOB,
    "meal_id" BLOB NOT NULL,
    "rating" INTEGER NOT NULL,
    "comment" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_feedback_recommendation" UNIQUE ("recommendation_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("meal_id") REFERENCES "meals" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("recommendation_id", "user_id", "meal_id") REFERENCES "recommendations" ("id", "user_id", "meal_id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_recommendation_id_uuid" CHECK (recommendation_id IS NULL OR (typeof(recommendation_id) = 'blob' AND length(recommendation_id) = 16)),
    CONSTRAINT "chk_meal_id_uuid" CHECK (meal_id IS NULL OR (typeof(meal_id) = 'blob' AND length(meal_id) = 16)),
    CONSTRAINT "chk_rating_integer" CHECK (rating IS NULL OR (typeof(rating) = 'integer' AND rating BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_comment_text" CHECK (comment IS NULL OR (typeof(comment) = 'text' AND instr(CAST(comment AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_feedback_rating" CHECK (rating BETWEEN 1 AND 5),
    CONSTRAINT "chk_feedback_comment" CHECK (length(comment) <= 2000)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column recommendation_id BLOB
  column meal_id BLOB NOT NULL
  column rating INTEGER NOT NULL
  column comment TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table fitness_goals
  CREATE TABLE "fitness_goals" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "health_profile_id" BLOB NOT NULL,
    "goal_type" varchar(30) NOT NULL,
    "target_weight_kg" REAL,
    "target_body_fat_percent" REAL,
    "weekly_exercise_minutes" INTEGER,
    "daily_steps" INTEGER,
    "start_date" TEXT NOT NULL,
    "target_date" TEXT,
    "status" varchar(20) NOT NULL DEFAULT 'active',
    "ended_at" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("health_profile_id", "user_id") REFERENCES "health_profiles" ("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_health_profile_id_uuid" CHECK (health_profile_id IS NULL OR (typeof(health_profile_id) = 'blob' AND length(health_profile_id) = 16)),
    CONSTRAINT "chk_goal_type_varchar" CHECK (goal_type IS NULL OR (typeof(goal_type) = 'text' AND length(goal_type) <= 30 AND instr(CAST(goal_type AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_target_weight_kg_decimal" CHECK (target_weight_kg IS NULL OR (typeof(target_weight_kg) IN ('integer', 'real') AND target_weight_kg = round(target_weight_kg, 2) AND abs(target_weight_kg) < 1000)),
    CONSTRAINT "chk_target_body_fat_percent_decimal" CHECK (target_body_fat_percent IS NULL OR (typeof(target_body_fat_percent) IN ('integer', 'real') AND target_body_fat_percent = round(target_body_fat_percent, 1) AND abs(target_body_fat_percent) < 1000)),
    CONSTRAINT "chk_weekly_exercise_minutes_integer" CHECK (weekly_exercise_minutes IS NULL OR (typeof(weekly_exercise_minutes) = 'integer' AND weekly_exercise_minutes BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_daily_steps_integer" CHECK (daily_steps IS NULL OR (typeof(daily_steps) = 'integer' AND daily_steps BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_start_date_date" CHECK (start_date IS NULL OR (typeof(start_date) = 'text' AND date(start_date, '+0 days') IS start_date AND substr(start_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_target_date_date" CHECK (target_date IS NULL OR (typeof(target_date) = 'text' AND date(target_date, '+0 days') IS target_date AND substr(target_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_status_varchar" CHECK (status IS NULL OR (typeof(status) = 'text' AND length(status) <= 20 AND instr(CAST(status AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_ended_at_timestamp" CHECK (ended_at IS NULL OR (typeof(ended_at) = 'text' AND ((length(ended_at) = 25 AND ended_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(ended_at) = 29 AND ended_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(ended_at, 21, 3) <> '000') OR (length(ended_at) = 32 AND ended_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(ended_at, 24, 3) <> '000')) AND date(substr(ended_at, 1, 10), '+0 days') IS substr(ended_at, 1, 10) AND substr(ended_at, 12, 2) < '24' AND substr(ended_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_fitness_goals_goal_type" CHECK (goal_type IN ('lose_weight', 'gain_weight', 'build_muscle', 'maintain_weight', 'improve_endurance', 'improve_flexibility', 'general_fitness')),
    CONSTRAINT "chk_fitness_goals_status" CHECK (status IN ('active', 'achieved', 'abandoned')),
    CONSTRAINT "chk_fitness_goals_target_weight" CHECK (target_weight_kg BETWEEN 20 AND 500),
    CONSTRAINT "chk_fitness_goals_body_fat" CHECK (target_body_fat_percent BETWEEN 2 AND 70),
    CONSTRAINT "chk_fitness_goals_weekly_minutes" CHECK (weekly_exercise_minutes BETWEEN 1 AND 10080),
    CONSTRAINT "chk_fitness_goals_daily_steps" CHECK (daily_steps BETWEEN 1 AND 100000),
    CONSTRAINT "chk_fitness_goals_dates" CHECK (target_date >= start_date),
    CONSTRAINT "chk_fitness_goals_ended" CHECK ((status = 'active') = (ended_at IS NULL))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column health_profile_id BLOB NOT NULL
  column goal_type varchar(30) NOT NULL
  column target_weight_kg REAL
  column target_body_fat_percent REAL
  column weekly_exercise_minutes INTEGER
  column daily_steps INTEGER
  column start_date TEXT NOT NULL
  column target_date TEXT
  column status varchar(20) NOT NULL DEFAULT 'active'
  column ended_at TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table health_metrics
  CREATE TABLE "health_metrics" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "metric" varchar(30) NOT NULL,
    "value" REAL NOT NULL,
    "value2" REAL,
    "unit" varchar(10) NOT NULL,
    "measured_at" TEXT NOT NULL,
    "source" varchar(50),
    "notes" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_metric_varchar" CHECK (metric IS NULL OR (typeof(metric) = 'text' AND length(metric) <= 30 AND instr(CAST(metric AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_value_decimal" CHECK (value IS NULL OR (typeof(value) IN ('integer', 'real') AND value = round(value, 2) AND abs(value) < 1000000)),
    CONSTRAINT "chk_value2_decimal" CHECK (value2 IS NULL OR (typeof(value2) IN ('integer', 'real') AND value2 = round(value2, 2) AND abs(value2) < 1000000)),
    CONSTRAINT "chk_unit_varchar" CHECK (unit IS NULL OR (typeof(unit) = 'text' AND length(unit) <= 10 AND instr(CAST(unit AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_measured_at_timestamp" CHECK (measured_at IS NULL OR (typeof(measured_at) = 'text' AND ((length(measured_at) = 25 AND measured_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(measured_at) = 29 AND measured_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(measured_at, 21, 3) <> '000') OR (length(measured_at) = 32 AND measured_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(measured_at, 24, 3) <> '000')) AND date(substr(measured_at, 1, 10), '+0 days') IS substr(measured_at, 1, 10) AND substr(measured_at, 12, 2) < '24' AND substr(measured_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_source_varchar" CHECK (source IS NULL OR (typeof(source) = 'text' AND length(source) <= 50 AND instr(CAST(source AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_notes_text" CHECK (notes IS NULL OR (typeof(notes) = 'text' AND instr(CAST(notes AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_health_metrics_metric" CHECK (metric IN ('weight', 'body_fat', 'blood_pressure', 'blood_glucose', 'resting_heart_rate', 'waist_circumference', 'body_temperature', 'sleep_duration', 'steps')),
    CONSTRAINT "chk_health_metrics_unit" CHECK (unit IN ('kg', 'lb', 'percent', 'mmHg', 'mg/dL', 'mmol/L', 'bpm', 'cm', 'in', 'celsius', 'fahrenheit', 'hours', 'steps')),
    CONSTRAINT "chk_health_metrics_unit_of_metric" CHECK (CASE metric WHEN 'weight' THEN unit IN ('kg', 'lb') WHEN 'body_fat' THEN unit IN ('percent') WHEN 'blood_pressure' THEN unit IN ('mmHg') WHEN 'blood_glucose' THEN unit IN ('mg/dL', 'mmol/L') WHEN 'resting_heart_rate' THEN unit IN ('bpm') WHEN 'waist_circumference' THEN unit IN ('cm', 'in') WHEN 'body_temperature' THEN unit IN ('celsius', 'fahrenheit') WHEN 'sleep_duration' THEN unit IN ('hours') WHEN 'steps' THEN unit IN ('steps') END),
    CONSTRAINT "chk_health_metrics_value" CHECK (value > 0),
    CONSTRAINT "chk_health_metrics_value2" CHECK ((metric = 'blood_pressure') = (value2 IS NOT NULL) AND (value2 IS NULL OR value2 > 0)),
    CONSTRAINT "chk_health_metrics_notes" CHECK (length(notes) <= 1000)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column metric varchar(30) NOT NULL
  column value REAL NOT NULL
  column value2 REAL
  column unit varchar(10) NOT NULL
  column measured_at TEXT NOT NULL
  column source varchar(50)
  column notes TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table health_profiles
  CREATE TABLE "health_profiles" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "height_cm" INTEGER,
    "weight_kg" REAL,
    "date_of_birth" TEXT,
    "gender" varchar(20),
    "activity_level" varchar(20),
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_one_profile_per_user" UNIQUE ("user_id"),
    CONSTRAINT "uq_health_profiles_id_user" UNIQUE ("id", "user_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_height_cm_integer" CHECK (height_cm IS NULL OR (typeof(height_cm) = 'integer' AND height_cm BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_weight_kg_decimal" CHECK (weight_kg IS NULL OR (typeof(weight_kg) IN ('integer', 'real') AND weight_kg = round(weight_kg, 2) AND abs(weight_kg) < 1000)),
    CONSTRAINT "chk_date_of_birth_date" CHECK (date_of_birth IS NULL OR (typeof(date_of_birth) = 'text' AND date(date_of_birth, '+0 days') IS date_of_birth AND substr(date_of_birth, 1, 4) <> '0000')),
    CONSTRAINT "chk_gender_varchar" CHECK (gender IS NULL OR (typeof(gender) = 'text' AND length(gender) <= 20 AND instr(CAST(gender AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_activity_level_varchar" CHECK (activity_level IS NULL OR (typeof(activity_level) = 'text' AND length(activity_level) <= 20 AND instr(CAST(activity_level AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_height_range" CHECK (height_cm BETWEEN 50 AND 300),
    CONSTRAINT "chk_weight_range" CHECK (weight_kg BETWEEN 20 AND 500),
    CONSTRAINT "chk_age_minimum" CHECK (date_of_birth <= CASE WHEN strftime('%d', date(CURRENT_DATE, '-13 years')) = strftime('%d', CURRENT_DATE) THEN date(CURRENT_DATE, '-13 years') ELSE date(CURRENT_DATE, '-13 years', 'start of month', '-1 day') END),
    CONSTRAINT "chk_gender_values" CHECK (gender IN ('male', 'female', 'other', 'prefer_not_to_say')),
    CONSTRAINT "chk_activity_level" CHECK (activity_level IN ('sedentary', 'light', 'moderate', 'active', 'very_active'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column height_cm INTEGER
  column weight_kg REAL
  column date_of_birth TEXT
  column gender varchar(20)
  column activity_level varchar(20)
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table ingredient_allergens
  CREATE TABLE "ingredient_allergens" (
    "ingredient_id" BLOB NOT NULL,
    "allergen_id" BLOB NOT NULL,
    PRIMARY KEY ("ingredient_id", "allergen_id"),
    FOREIGN KEY ("ingredient_id") REFERENCES "ingredients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("allergen_id") REFERENCES "allergens" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "chk_ingredient_id_uuid" CHECK (ingredient_id IS NULL OR (typeof(ingredient_id) = 'blob' AND length(ingredient_id) = 16)),
    CONSTRAINT "chk_allergen_id_uuid" CHECK (allergen_id IS NULL OR (typeof(allergen_id) = 'blob' AND length(allergen_id) = 16))
  )
  column ingredient_id BLOB NOT NULL PRIMARY KEY #1
  column allergen_id BLOB NOT NULL PRIMARY KEY #2

table ingredient_prices
  CREATE TABLE "ingredient_prices" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "ingredient_id" BLOB NOT NULL,
    "store" varchar(100),
    "price" REAL NOT NULL,
    "quantity" REAL NOT NULL,
    "unit" varchar(10) NOT NULL,
    "observed_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("ingredient_id") REFERENCES "ingredients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_ingredient_id_uuid" CHECK (ingredient_id IS NULL OR (typeof(ingredient_id) = 'blob' AND length(ingredient_id) = 16)),
    CONSTRAINT "chk_store_varchar" CHECK (store IS NULL OR (typeof(store) = 'text' AND length(store) <= 100 AND instr(CAST(store AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_price_decimal" CHECK (price IS NULL OR (typeof(price) IN ('integer', 'real') AND price = round(price, 2) AND abs(price) < 100000000)),
    CONSTRAINT "chk_quantity_decimal" CHECK (quantity IS NULL OR (typeof(quantity) IN ('integer', 'real') AND quantity = round(quantity, 3) AND abs(quantity) < 10000000)),
    CONSTRAINT "chk_unit_varchar" CHECK (unit IS NULL OR (typeof(unit) = 'text' AND length(unit) <= 10 AND instr(CAST(unit AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_observed_at_timestamp" CHECK (observed_at IS NULL OR (typeof(observed_at) = 'text' AND ((length(observed_at) = 25 AND observed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(observed_at) = 29 AND observed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(observed_at, 21, 3) <> '000') OR (length(observed_at) = 32 AND observed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(observed_at, 24, 3) <> '000')) AND date(substr(observed_at, 1, 10), '+0 days') IS substr(observed_at, 1, 10) AND substr(observed_at, 12, 2) < '24' AND substr(observed_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_ingredient_prices_price" CHECK (price >= 0),
    CONSTRAINT "chk_ingredient_prices_quantity" CHECK (quantity > 0),
    CONSTRAINT "chk_ingredient_prices_unit" CHECK (unit IN ('g', 'kg', 'mg', 'oz', 'lb', 'ml', 'l', 'tsp', 'tbsp', 'cup', 'fl_oz', 'piece')),
    CONSTRAINT "chk_ingredient_prices_store" CHECK (length(trim(store)) > 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column ingredient_id BLOB NOT NULL
  column store varchar(100)
  column price REAL NOT NULL
  column quantity REAL NOT NULL
  column unit varchar(10) NOT NULL
  column observed_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table ingredients
  CREATE TABLE "ingredients" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "name" varchar(100) NOT NULL,
    "category" varchar(20) NOT NULL,
    "energy_kcal" REAL NOT NULL,
    "protein_g" REAL NOT NULL,
    "carbs_g" REAL NOT NULL,
    "fat_g" REAL NOT NULL,
    "fiber_g" REAL NOT NULL,
    "sugar_g" REAL NOT NULL,
    "sodium_mg" REAL NOT NULL,
    "grams_per_piece" REAL,
    "grams_per_ml" REAL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 100 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_category_varchar" CHECK (category IS NULL OR (typeof(category) = 'text' AND length(category) <= 20 AND instr(CAST(category AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_energy_kcal_decimal" CHECK (energy_kcal IS NULL OR (typeof(energy_kcal) IN ('integer', 'real') AND energy_kcal = round(energy_kcal, 2) AND abs(energy_kcal) < 10000)),
    CONSTRAINT "chk_ingredients_energy" CHECK (energy_kcal >= 0),
    CONSTRAINT "chk_protein_g_decimal" CHECK (protein_g IS NULL OR (typeof(protein_g) IN ('integer', 'real') AND protein_g = round(protein_g, 2) AND abs(protein_g) < 1000)),
    CONSTRAINT "chk_ingredients_protein" CHECK (protein_g BETWEEN 0 AND 100),
    CONSTRAINT "chk_carbs_g_decimal" CHECK (carbs_g IS NULL OR (typeof(carbs_g) IN ('integer', 'real') AND carbs_g = round(carbs_g, 2) AND abs(carbs_g) < 1000)),
    CONSTRAINT "chk_ingredients_carbs" CHECK (carbs_g BETWEEN 0 AND 100),
    CONSTRAINT "chk_fat_g_decimal" CHECK (fat_g IS NULL OR (typeof(fat_g) IN ('integer', 'real') AND fat_g = round(fat_g, 2) AND abs(fat_g) < 1000)),
    CONSTRAINT "chk_ingredients_fat" CHECK (fat_g BETWEEN 0 AND 100),
    CONSTRAINT "chk_fiber_g_decimal" CHECK (fiber_g IS NULL OR (typeof(fiber_g) IN ('integer', 'real') AND fiber_g = round(fiber_g, 2) AND abs(fiber_g) < 1000)),
    CONSTRAINT "chk_ingredients_fiber" CHECK (fiber_g BETWEEN 0 AND 100),
    CONSTRAINT "chk_sugar_g_decimal" CHECK (sugar_g IS NULL OR (typeof(sugar_g) IN ('integer', 'real') AND sugar_g = round(sugar_g, 2) AND abs(sugar_g) < 1000)),
    CONSTRAINT "chk_ingredients_sugar" CHECK (sugar_g BETWEEN 0 AND 100),
    CONSTRAINT "chk_sodium_mg_decimal" CHECK (sodium_mg IS NULL OR (typeof(sodium_mg) IN ('integer', 'real') AND sodium_mg = round(sodium_mg, 2) AND abs(sodium_mg) < 100000)),
    CONSTRAINT "chk_ingredients_sodium" CHECK (sodium_mg >= 0),
    CONSTRAINT "chk_grams_per_piece_decimal" CHECK (grams_per_piece IS NULL OR (typeof(grams_per_piece) IN ('integer', 'real') AND grams_per_piece = round(grams_per_piece, 2) AND abs(grams_per_piece) < 100000)),
    CONSTRAINT "chk_grams_per_ml_decimal" CHECK (grams_per_ml IS NULL OR (typeof(grams_per_ml) IN ('integer', 'real') AND grams_per_ml = round(grams_per_ml, 3) AND abs(grams_per_ml) < 100)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_ingredients_category" CHECK (category IN ('vegetable', 'fruit', 'grain', 'legume', 'nut_seed', 'dairy', 'egg', 'meat', 'poultry', 'fish', 'shellfish', 'oil_fat', 'herb_spice', 'condiment', 'sweetener', 'beverage', 'other')),
    CONSTRAINT "chk_ingredients_name_blank" CHECK (length(trim(name)) > 0),
    CONSTRAINT "chk_ingredients_grams_per_piece" CHECK (grams_per_piece > 0),
    CONSTRAINT "chk_ingredients_grams_per_ml" CHECK (grams_per_ml > 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column name varchar(100) NOT NULL
  column category varchar(20) NOT NULL
  column energy_kcal REAL NOT NULL
  column protein_g REAL NOT NULL
  column carbs_g REAL NOT NULL
  column fat_g REAL NOT NULL
  column fiber_g REAL NOT NULL
  column sugar_g REAL NOT NULL
  column sodium_mg REAL NOT NULL
  column grams_per_piece REAL
  column grams_per_ml REAL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table inventory_items
  CREATE TABLE "inventory_items" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "ingredient_id" BLOB NOT NULL,
    "quantity" REAL NOT NULL,
    "unit" varchar(10) NOT NULL,
    "location" varchar(20) NOT NULL DEFAULT 'pantry',
    "best_before" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("ingredient_id") REFERENCES "ingredients" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_ingredient_id_uuid" CHECK (ingredient_id IS NULL OR (typeof(ingredient_id) = 'blob' AND length(ingredient_id) = 16)),
    CONSTRAINT "chk_quantity_decimal" CHECK (quantity IS NULL OR (typeof(quantity) IN ('integer', 'real') AND quantity = round(quantity, 3) AND abs(quantity) < 1000000000)),
    CONSTRAINT "chk_unit_varchar" CHECK (unit IS NULL OR (typeof(unit) = 'text' AND length(unit) <= 10 AND instr(CAST(unit AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_location_varchar" CHECK (location IS NULL OR (typeof(location) = 'text' AND length(location) <= 20 AND instr(CAST(location AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_best_before_date" CHECK (best_before IS NULL OR (typeof(best_before) = 'text' AND date(best_before, '+0 days') IS best_before AND substr(best_before, 1, 4) <> '0000')),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_inventory_items_quantity" CHECK (quantity >= 0),
    CONSTRAINT "chk_inventory_items_unit" CHECK (unit IN ('g', 'kg', 'mg', 'oz', 'lb', 'ml', 'l', 'tsp', 'tbsp', 'cup', 'fl_oz', 'piece')),
    CONSTRAINT "chk_inventory_items_location" CHECK (location IN ('pantry', 'fridge', 'freezer', 'other'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column ingredient_id BLOB NOT NULL
  column quantity REAL NOT NULL
  column unit varchar(10) NOT NULL
  column location varchar(20) NOT NULL DEFAULT 'pantry'
  column best_before TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table meal_ingredients
  CREATE TABLE "meal_ingredients" (
    "meal_id" BLOB NOT NULL,
    "ingredient_id" BLOB NOT NULL,
    "quantity" REAL NOT NULL,
    "unit" varchar(10) NOT NULL,
    PRIMARY KEY ("meal_id", "ingredient_id"),
    FOREIGN KEY ("meal_id") REFERENCES "meals" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("ingredient_id") REFERENCES "ingredients" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "chk_meal_id_uuid" CHECK (meal_id IS NULL OR (typeof(meal_id) = 'blob' AND length(meal_id) = 16)),
    CONSTRAINT "chk_ingredient_id_uuid" CHECK (ingredient_id IS NULL OR (typeof(ingredient_id) = 'blob' AND length(ingredient_id) = 16)),
    CONSTRAINT "chk_quantity_decimal" CHECK (quantity IS NULL OR (typeof(quantity) IN ('integer', 'real') AND quantity = round(quantity, 3) AND abs(quantity) < 10000000)),
    CONSTRAINT "chk_unit_varchar" CHECK (unit IS NULL OR (typeof(unit) = 'text' AND length(unit) <= 10 AND instr(CAST(unit AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_meal_ingredients_quantity" CHECK (quantity > 0),
    CONSTRAINT "chk_meal_ingredients_unit" CHECK (unit IN ('g', 'kg', 'mg', 'oz', 'lb', 'ml', 'l', 'tsp', 'tbsp', 'cup', 'fl_oz', 'piece'))
  )
  column meal_id BLOB NOT NULL PRIMARY KEY #1
  column ingredient_id BLOB NOT NULL PRIMARY KEY #2
  column quantity REAL NOT NULL
  column unit varchar(10) NOT NULL

table meal_logs
  CREATE TABLE "meal_logs" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "logged_at" TEXT NOT NULL,
    "local_date" TEXT NOT NULL,
    "meal_slot" varchar(10) NOT NULL,
    "recipe_id" BLOB,
    "servings" REAL,
    "name" varchar(200) NOT NULL,
    "notes" TEXT,
    "energy_kcal" REAL NOT NULL DEFAULT 0,
    "protein_g" REAL NOT NULL DEFAULT 0,
    "carbs_g" REAL NOT NULL DEFAULT 0,
    "fat_g" REAL NOT NULL DEFAULT 0,
    "fiber_g" REAL NOT NULL DEFAULT 0,
    "sugar_g" REAL NOT NULL DEFAULT 0,
    "sodium_mg" REAL NOT NULL DEFAULT 0,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("recipe_id") REFERENCES "recipes" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_logged_at_timestamp" CHECK (logged_at IS NULL OR (typeof(logged_at) = 'text' AND ((length(logged_at) = 25 AND logged_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(logged_at) = 29 AND logged_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(logged_at, 21, 3) <> '000') OR (length(logged_at) = 32 AND logged_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(logged_at, 24, 3) <> '000')) AND date(substr(logged_at, 1, 10), '+0 days') IS substr(logged_at, 1, 10) AND substr(logged_at, 12, 2) < '24' AND substr(logged_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_local_date_date" CHECK (local_date IS NULL OR (typeof(local_date) = 'text' AND date(local_date, '+0 days') IS local_date AND substr(local_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_meal_slot_varchar" CHECK (meal_slot IS NULL OR (typeof(meal_slot) = 'text' AND length(meal_slot) <= 10 AND instr(CAST(meal_slot AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_recipe_id_uuid" CHECK (recipe_id IS NULL OR (typeof(recipe_id) = 'blob' AND length(recipe_id) = 16)),
    CONSTRAINT "chk_servings_decimal" CHECK (servings IS NULL OR (typeof(servings) IN ('integer', 'real') AND servings = round(servings, 2) AND abs(servings) < 10000)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 200 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_notes_text" CHECK (notes IS NULL OR (typeof(notes) = 'text' AND instr(CAST(notes AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_energy_kcal_decimal" CHECK (energy_kcal IS NULL OR (typeof(energy_kcal) IN ('integer', 'real') AND energy_kcal = round(energy_kcal, 2) AND abs(energy_kcal) < 10000000)),
    CONSTRAINT "chk_meal_logs_energy_kcal" CHECK (energy_kcal >= 0),
    CONSTRAINT "chk_protein_g_decimal" CHECK (protein_g IS NULL OR (typeof(protein_g) IN ('integer', 'real') AND protein_g = round(protein_g, 2) AND abs(protein_g) < 10000000)),
    CONSTRAINT "chk_meal_logs_protein_g" CHECK (protein_g >= 0),
    CONSTRAINT "chk_carbs_g_decimal" CHECK (carbs_g IS NULL OR (typeof(carbs_g) IN ('integer', 'real') AND carbs_g = round(carbs_g, 2) AND abs(carbs_g) < 10000000)),
    CONSTRAINT "chk_meal_logs_carbs_g" CHECK (carbs_g >= 0),
    CONSTRAINT "chk_fat_g_decimal" CHECK (fat_g IS NULL OR (typeof(fat_g) IN ('integer', 'real') AND fat_g = round(fat_g, 2) AND abs(fat_g) < 10000000)),
    CONSTRAINT "chk_meal_logs_fat_g" CHECK (fat_g >= 0),
    CONSTRAINT "chk_fiber_g_decimal" CHECK (fiber_g IS NULL OR (typeof(fiber_g) IN ('integer', 'real') AND fiber_g = round(fiber_g, 2) AND abs(fiber_g) < 10000000)),
    CONSTRAINT "chk_meal_logs_fiber_g" CHECK (fiber_g >= 0),
    CONSTRAINT "chk_sugar_g_decimal" CHECK (sugar_g IS NULL OR (typeof(sugar_g) IN ('integer', 'real') AND sugar_g = round(sugar_g, 2) AND abs(sugar_g) < 10000000)),
    CONSTRAINT "chk_meal_logs_sugar_g" CHECK (sugar_g >= 0),
    CONSTRAINT "chk_sodium_mg_decimal" CHECK (sodium_mg IS NULL OR (typeof(sodium_mg) IN ('integer', 'real') AND sodium_mg = round(sodium_mg, 2) AND abs(sodium_mg) < 10000000)),
    CONSTRAINT "chk_meal_logs_sodium_mg" CHECK (sodium_mg >= 0),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_meal_logs_meal_slot" CHECK (meal_slot IN ('breakfast', 'lunch', 'dinner', 'snack')),
    CONSTRAINT "chk_meal_logs_servings" CHECK (servings > 0),
    CONSTRAINT "chk_meal_logs_recipe_servings" CHECK (recipe_id IS NULL OR servings IS NOT NULL),
    CONSTRAINT "chk_meal_logs_name" CHECK (length(name) >= 1),
    CONSTRAINT "chk_meal_logs_notes" CHECK (length(notes) <= 1000)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column logged_at TEXT NOT NULL
  column local_date TEXT NOT NULL
  column meal_slot varchar(10) NOT NULL
  column recipe_id BLOB
  column servings REAL
  column name varchar(200) NOT NULL
  column notes TEXT
  column energy_kcal REAL NOT NULL DEFAULT 0
  column protein_g REAL NOT NULL DEFAULT 0
  column carbs_g REAL NOT NULL DEFAULT 0
  column fat_g REAL NOT NULL DEFAULT 0
  column fiber_g REAL NOT NULL DEFAULT 0
  column sugar_g REAL NOT NULL DEFAULT 0
  column sodium_mg REAL NOT NULL DEFAULT 0
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table meal_plans
  CREATE TABLE "meal_plans" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "name" varchar(100) NOT NULL,
    "start_date" TEXT NOT NULL,
    "end_date" TEXT NOT NULL,
    "notes" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_meal_plans_id_user_dates" UNIQUE ("id", "user_id", "start_date", "end_date"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 100 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_start_date_date" CHECK (start_date IS NULL OR (typeof(start_date) = 'text' AND date(start_date, '+0 days') IS start_date AND substr(start_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_end_date_date" CHECK (end_date IS NULL OR (typeof(end_date) = 'text' AND date(end_date, '+0 days') IS end_date AND substr(end_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_notes_text" CHECK (notes IS NULL OR (typeof(notes) = 'text' AND instr(CAST(notes AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_meal_plans_name" CHECK (length(trim(name)) > 0),
    CONSTRAINT "chk_meal_plans_dates" CHECK (end_date >= start_date),
    CONSTRAINT "chk_meal_plans_notes_length" CHECK (length(notes) <= 2000)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column name varchar(100) NOT NULL
  column start_date TEXT NOT NULL
  column end_date TEXT NOT NULL
  column notes TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table meal_prep_session_meals
  CREATE TABLE "meal_prep_session_meals" (
    "prep_session_id" BLOB NOT NULL,
    "planned_meal_id" BLOB NOT NULL,
    "user_id" BLOB NOT NULL,
    PRIMARY KEY ("planned_meal_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("prep_session_id", "user_id") REFERENCES "meal_prep_sessions" ("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("planned_meal_id", "user_id") REFERENCES "planned_meals" ("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_prep_session_id_uuid" CHECK (prep_session_id IS NULL OR (typeof(prep_session_id) = 'blob' AND length(prep_session_id) = 16)),
    CONSTRAINT "chk_planned_meal_id_uuid" CHECK (planned_meal_id IS NULL OR (typeof(planned_meal_id) = 'blob' AND length(planned_meal_id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16))
  )
  column prep_session_id BLOB NOT NULL
  column planned_meal_id BLOB NOT NULL PRIMARY KEY #1
  column user_id BLOB NOT NULL

table meal_prep_sessions
  CREATE TABLE "meal_prep_sessions" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "scheduled_at" TEXT NOT NULL,
    "status" varchar(20) NOT NULL DEFAULT 'scheduled',
    "completed_at" TEXT,
    "notes" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_meal_prep_sessions_id_user" UNIQUE ("id", "user_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_scheduled_at_timestamp" CHECK (scheduled_at IS NULL OR (typeof(scheduled_at) = 'text' AND ((length(scheduled_at) = 25 AND scheduled_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(scheduled_at) = 29 AND scheduled_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(scheduled_at, 21, 3) <> '000') OR (length(scheduled_at) = 32 AND scheduled_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(scheduled_at, 24, 3) <> '000')) AND date(substr(scheduled_at, 1, 10), '+0 days') IS substr(scheduled_at, 1, 10) AND substr(scheduled_at, 12, 2) < '24' AND substr(scheduled_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_status_varchar" CHECK (status IS NULL OR (typeof(status) = 'text' AND length(status) <= 20 AND instr(CAST(status AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_completed_at_timestamp" CHECK (completed_at IS NULL OR (typeof(completed_at) = 'text' AND ((length(completed_at) = 25 AND completed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(completed_at) = 29 AND completed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(completed_at, 21, 3) <> '000') OR (length(completed_at) = 32 AND completed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(completed_at, 24, 3) <> '000')) AND date(substr(completed_at, 1, 10), '+0 days') IS substr(completed_at, 1, 10) AND substr(completed_at, 12, 2) < '24' AND substr(completed_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_notes_text" CHECK (notes IS NULL OR (typeof(notes) = 'text' AND instr(CAST(notes AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_meal_prep_sessions_status" CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    CONSTRAINT "chk_meal_prep_sessions_completed" CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
    CONSTRAINT "chk_meal_prep_sessions_notes_length" CHECK (length(notes) <= 2000)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column scheduled_at TEXT NOT NULL
  column status varchar(20) NOT NULL DEFAULT 'scheduled'
  column completed_at TEXT
  column notes TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table meals
  CREATE TABLE "meals" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "restaurant_id" BLOB NOT NULL,
    "name" varchar(255) NOT NULL,
    "description" TEXT,
    "category" varchar(50),
    "price" REAL NOT NULL,
    "energy_kcal" INTEGER,
    "protein_g" REAL,
    "carbs_g" REAL,
    "fat_g" REAL,
    "fiber_g" REAL,
    "sugar_g" REAL,
    "sodium_mg" INTEGER,
    "image_url" varchar(500),
    "is_available" INTEGER NOT NULL DEFAULT TRUE,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_meals_restaurant" UNIQUE ("id", "restaurant_id"),
    FOREIGN KEY ("restaurant_id") REFERENCES "restaurants" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_restaurant_id_uuid" CHECK (restaurant_id IS NULL OR (typeof(restaurant_id) = 'blob' AND length(restaurant_id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 255 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_description_text" CHECK (description IS NULL OR (typeof(description) = 'text' AND instr(CAST(description AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_category_varchar" CHECK (category IS NULL OR (typeof(category) = 'text' AND length(category) <= 50 AND instr(CAST(category AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_price_decimal" CHECK (price IS NULL OR (typeof(price) IN ('integer', 'real') AND price = round(price, 2) AND abs(price) < 100000000)),
    CONSTRAINT "chk_energy_kcal_integer" CHECK (energy_kcal IS NULL OR (typeof(energy_kcal) = 'integer' AND energy_kcal BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_protein_g_decimal" CHECK (protein_g IS NULL OR (typeof(protein_g) IN ('integer', 'real') AND protein_g = round(protein_g, 1) AND abs(protein_g) < 10000)),
    CONSTRAINT "chk_carbs_g_decimal" CHECK (carbs_g IS NULL OR (typeof(carbs_g) IN ('integer', 'real') AND carbs_g = round(carbs_g, 1) AND abs(carbs_g) < 10000)),
    CONSTRAINT "chk_fat_g_decimal" CHECK (fat_g IS NULL OR (typeof(fat_g) IN ('integer', 'real') AND fat_g = round(fat_g, 1) AND abs(fat_g) < 10000)),
    CONSTRAINT "chk_fiber_g_decimal" CHECK (fiber_g IS NULL OR (typeof(fiber_g) IN ('integer', 'real') AND fiber_g = round(fiber_g, 1) AND abs(fiber_g) < 10000)),
    CONSTRAINT "chk_sugar_g_decimal" CHECK (sugar_g IS NULL OR (typeof(sugar_g) IN ('integer', 'real') AND sugar_g = round(sugar_g, 1) AND abs(sugar_g) < 10000)),
    CONSTRAINT "chk_sodium_mg_integer" CHECK (sodium_mg IS NULL OR (typeof(sodium_mg) = 'integer' AND sodium_mg BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_image_url_varchar" CHECK (image_url IS NULL OR (typeof(image_url) = 'text' AND length(image_url) <= 500 AND instr(CAST(image_url AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_is_available_boolean" CHECK (is_available IS NULL OR (is_available IN (0, 1))),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_meals_price" CHECK (price > 0),
    CONSTRAINT "chk_meals_energy" CHECK (energy_kcal BETWEEN 0 AND 5000),
    CONSTRAINT "chk_meals_nutrients" CHECK (protein_g >= 0 AND carbs_g >= 0 AND fat_g >= 0 AND fiber_g >= 0 AND sugar_g >= 0 AND sodium_mg >= 0),
    CONSTRAINT "chk_meals_name" CHECK (length(trim(name)) > 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column restaurant_id BLOB NOT NULL
  column name varchar(255) NOT NULL
  column description TEXT
  column category varchar(50)
  column price REAL NOT NULL
  column energy_kcal INTEGER
  column protein_g REAL
  column carbs_g REAL
  column fat_g REAL
  column fiber_g REAL
  column sugar_g REAL
  column sodium_mg INTEGER
  column image_url varchar(500)
  column is_available INTEGER NOT NULL DEFAULT TRUE
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table medical_conditions_ref
  CREATE TABLE "medical_conditions_ref" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "name" varchar(100) NOT NULL,
    "description" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_medical_conditions_ref_name" UNIQUE ("name"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 100 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_description_text" CHECK (description IS NULL OR (typeof(description) = 'text' AND instr(CAST(description AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column name varchar(100) NOT NULL
  column description TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table nutrient_targets
  CREATE TABLE "nutrient_targets" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "goal_id" BLOB NOT NULL,
    "nutrient" varchar(30) NOT NULL,
    "min_amount" REAL,
    "max_amount" REAL,
    "unit" varchar(10) NOT NULL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_nutrient_targets_goal_nutrient" UNIQUE ("goal_id", "nutrient"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("goal_id", "user_id") REFERENCES "nutrition_goals" ("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_goal_id_uuid" CHECK (goal_id IS NULL OR (typeof(goal_id) = 'blob' AND length(goal_id) = 16)),
    CONSTRAINT "chk_nutrient_varchar" CHECK (nutrient IS NULL OR (typeof(nutrient) = 'text' AND length(nutrient) <= 30 AND instr(CAST(nutrient AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_min_amount_decimal" CHECK (min_amount IS NULL OR (typeof(min_amount) IN ('integer', 'real') AND min_amount = round(min_amount, 3) AND abs(min_amount) < 10000000)),
    CONSTRAINT "chk_max_amount_decimal" CHECK (max_amount IS NULL OR (typeof(max_amount) IN ('integer', 'real') AND max_amount = round(max_amount, 3) AND abs(max_amount) < 10000000)),
    CONSTRAINT "chk_unit_varchar" CHECK (unit IS NULL OR (typeof(unit) = 'text' AND length(unit) <= 10 AND instr(CAST(unit AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_nutrient_targets_nutrient" CHECK (nutrient IN ('energy_kcal', 'protein_g', 'carbs_g', 'fat_g', 'fiber_g', 'sugar_g', 'sodium_mg', 'saturated_fat_g', 'cholesterol_mg', 'potassium_mg', 'calcium_mg', 'iron_mg', 'vitamin_c_mg', 'vitamin_d_mcg')),
    CONSTRAINT "chk_nutrient_targets_unit" CHECK (unit IN ('kcal', 'g', 'mg', 'mcg')),
    CONSTRAINT "chk_nutrient_targets_unit_of_nutrient" CHECK (unit = CASE nutrient WHEN 'energy_kcal' THEN 'kcal' WHEN 'protein_g' THEN 'g' WHEN 'carbs_g' THEN 'g' WHEN 'fat_g' THEN 'g' WHEN 'fiber_g' THEN 'g' WHEN 'sugar_g' THEN 'g' WHEN 'sodium_mg' THEN 'mg' WHEN 'saturated_fat_g' THEN 'g' WHEN 'cholesterol_mg' THEN 'mg' WHEN 'potassium_mg' THEN 'mg' WHEN 'calcium_mg' THEN 'mg' WHEN 'iron_mg' THEN 'mg' WHEN 'vitamin_c_mg' THEN 'mg' WHEN 'vitamin_d_mcg' THEN 'mcg' END),
    CONSTRAINT "chk_nutrient_targets_bound" CHECK (min_amount IS NOT NULL OR max_amount IS NOT NULL),
    CONSTRAINT "chk_nutrient_targets_min_amount" CHECK (min_amount >= 0),
    CONSTRAINT "chk_nutrient_targets_max_amount" CHECK (max_amount >= 0),
    CONSTRAINT "chk_nutrient_targets_range" CHECK (min_amount <= max_amount)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column goal_id BLOB NOT NULL
  column nutrient varchar(30) NOT NULL
  column min_amount REAL
  column max_amount REAL
  column unit varchar(10) NOT NULL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table nutrition_goals
  CREATE TABLE "nutrition_goals" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "goal_type" varchar(30) NOT NULL,
    "target_calories" REAL,
    "target_protein_g" REAL,
    "target_carbs_g" REAL,
    "target_fat_g" REAL,
    "target_fiber_g" REAL,
    "target_sodium_mg" REAL,
    "start_date" TEXT NOT NULL,
    "end_date" TEXT,
    "is_active" INTEGER NOT NULL DEFAULT TRUE,
    "created_by_ai" INTEGER NOT NULL DEFAULT FALSE,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_nutrition_goals_id_user" UNIQUE ("id", "user_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_goal_type_varchar" CHECK (goal_type IS NULL OR (typeof(goal_type) = 'text' AND length(goal_type) <= 30 AND instr(CAST(goal_type AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_target_calories_decimal" CHECK (target_calories IS NULL OR (typeof(target_calories) IN ('integer', 'real') AND target_calories = round(target_calories, 2) AND abs(target_calories) < 1000000)),
    CONSTRAINT "chk_nutrition_goals_target_calories" CHECK (target_calories >= 0),
    CONSTRAINT "chk_target_protein_g_decimal" CHECK (target_protein_g IS NULL OR (typeof(target_protein_g) IN ('integer', 'real') AND target_protein_g = round(target_protein_g, 2) AND abs(target_protein_g) < 1000000)),
    CONSTRAINT "chk_nutrition_goals_target_protein_g" CHECK (target_protein_g >= 0),
    CONSTRAINT "chk_target_carbs_g_decimal" CHECK (target_carbs_g IS NULL OR (typeof(target_carbs_g) IN ('integer', 'real') AND target_carbs_g = round(target_carbs_g, 2) AND abs(target_carbs_g) < 1000000)),
    CONSTRAINT "chk_nutrition_goals_target_carbs_g" CHECK (target_carbs_g >= 0),
    CONSTRAINT "chk_target_fat_g_decimal" CHECK (target_fat_g IS NULL OR (typeof(target_fat_g) IN ('integer', 'real') AND target_fat_g = round(target_fat_g, 2) AND abs(target_fat_g) < 1000000)),
    CONSTRAINT "chk_nutrition_goals_target_fat_g" CHECK (target_fat_g >= 0),
    CONSTRAINT "chk_target_fiber_g_decimal" CHECK (target_fiber_g IS NULL OR (typeof(target_fiber_g) IN ('integer', 'real') AND target_fiber_g = round(target_fiber_g, 2) AND abs(target_fiber_g) < 1000000)),
    CONSTRAINT "chk_nutrition_goals_target_fiber_g" CHECK (target_fiber_g >= 0),
    CONSTRAINT "chk_target_sodium_mg_decimal" CHECK (target_sodium_mg IS NULL OR (typeof(target_sodium_mg) IN ('integer', 'real') AND target_sodium_mg = round(target_sodium_mg, 2) AND abs(target_sodium_mg) < 1000000)),
    CONSTRAINT "chk_nutrition_goals_target_sodium_mg" CHECK (target_sodium_mg >= 0),
    CONSTRAINT "chk_start_date_date" CHECK (start_date IS NULL OR (typeof(start_date) = 'text' AND date(start_date, '+0 days') IS start_date AND substr(start_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_end_date_date" CHECK (end_date IS NULL OR (typeof(end_date) = 'text' AND date(end_date, '+0 days') IS end_date AND substr(end_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_is_active_boolean" CHECK (is_active IS NULL OR (is_active IN (0, 1))),
    CONSTRAINT "chk_created_by_ai_boolean" CHECK (created_by_ai IS NULL OR (created_by_ai IN (0, 1))),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_nutrition_goals_goal_type" CHECK (goal_type IN ('weight_loss', 'maintenance', 'muscle_gain', 'weight_gain', 'athletic_performance', 'health_condition', 'general_health')),
    CONSTRAINT "chk_nutrition_goals_dates" CHECK (end_date >= start_date)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column goal_type varchar(30) NOT NULL
  column target_calories REAL
  column target_protein_g REAL
  column target_carbs_g REAL
  column target_fat_g REAL
  column target_fiber_g REAL
  column target_sodium_mg REAL
  column start_date TEXT NOT NULL
  column end_date TEXT
  column is_active INTEGER NOT NULL DEFAULT TRUE
  column created_by_ai INTEGER NOT NULL DEFAULT FALSE
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table nutrition_insights
  CREATE TABLE "nutrition_insights" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "kind" varchar(30) NOT NULL,
    "message" TEXT NOT NULL,
    "data" TEXT,
    "generated_by" varchar(100) NOT NULL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "read_at" TEXT,
    "dismissed_at" TEXT,
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_kind_varchar" CHECK (kind IS NULL OR (typeof(kind) = 'text' AND length(kind) <= 30 AND instr(CAST(kind AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_message_text" CHECK (message IS NULL OR (typeof(message) = 'text' AND instr(CAST(message AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_data_json" CHECK (data IS NULL OR (json_valid(data) AND instr(data, '\u0000') = 0)),
    CONSTRAINT "chk_generated_by_varchar" CHECK (generated_by IS NULL OR (typeof(generated_by) = 'text' AND length(generated_by) <= 100 AND instr(CAST(generated_by AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_read_at_timestamp" CHECK (read_at IS NULL OR (typeof(read_at) = 'text' AND ((length(read_at) = 25 AND read_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(read_at) = 29 AND read_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(read_at, 21, 3) <> '000') OR (length(read_at) = 32 AND read_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(read_at, 24, 3) <> '000')) AND date(substr(read_at, 1, 10), '+0 days') IS substr(read_at, 1, 10) AND substr(read_at, 12, 2) < '24' AND substr(read_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_dismissed_at_timestamp" CHECK (dismissed_at IS NULL OR (typeof(dismissed_at) = 'text' AND ((length(dismissed_at) = 25 AND dismissed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(dismissed_at) = 29 AND dismissed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(dismissed_at, 21, 3) <> '000') OR (length(dismissed_at) = 32 AND dismissed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(dismissed_at, 24, 3) <> '000')) AND date(substr(dismissed_at, 1, 10), '+0 days') IS substr(dismissed_at, 1, 10) AND substr(dismissed_at, 12, 2) < '24' AND substr(dismissed_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_nutrition_insights_kind" CHECK (kind IN ('nutrient_gap', 'nutrient_excess', 'goal_progress', 'pattern', 'recommendation', 'achievement', 'health_alert')),
    CONSTRAINT "chk_nutrition_insights_message" CHECK (length(message) BETWEEN 1 AND 2000),
    CONSTRAINT "chk_nutrition_insights_generated_by" CHECK (length(generated_by) >= 1)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column kind varchar(30) NOT NULL
  column message TEXT NOT NULL
  column data TEXT
  column generated_by varchar(100) NOT NULL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column read_at TEXT
  column dismissed_at TEXT

table password_history
  CREATE TABLE "password_history" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "password_hash" varchar(255) NOT NULL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_password_hash_varchar" CHECK (password_hash IS NULL OR (typeof(password_hash) = 'text' AND length(password_hash) <= 255 AND instr(CAST(password_hash AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column password_hash varchar(255) NOT NULL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table performance_metrics
  CREATE TABLE "performance_metrics" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "metric_name" varchar(100) NOT NULL,
    "metric_value" REAL NOT NULL,
    "unit" varchar(20),
    "source" varchar(100),
    "tags" TEXT,
    "recorded_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_metric_name_varchar" CHECK (metric_name IS NULL OR (typeof(metric_name) = 'text' AND length(metric_name) <= 100 AND instr(CAST(metric_name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_metric_value_decimal" CHECK (metric_value IS NULL OR (typeof(metric_value) IN ('integer', 'real') AND metric_value = round(metric_value, 4) AND abs(metric_value) < 100000000000)),
    CONSTRAINT "chk_unit_varchar" CHECK (unit IS NULL OR (typeof(unit) = 'text' AND length(unit) <= 20 AND instr(CAST(unit AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_source_varchar" CHECK (source IS NULL OR (typeof(source) = 'text' AND length(source) <= 100 AND instr(CAST(source AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_tags_json" CHECK (tags IS NULL OR (json_valid(tags) AND instr(tags, '\u0000') = 0)),
    CONSTRAINT "chk_recorded_at_timestamp" CHECK (recorded_at IS NULL OR (typeof(recorded_at) = 'text' AND ((length(recorded_at) = 25 AND recorded_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(recorded_at) = 29 AND recorded_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(recorded_at, 21, 3) <> '000') OR (length(recorded_at) = 32 AND recorded_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(recorded_at, 24, 3) <> '000')) AND date(substr(recorded_at, 1, 10), '+0 days') IS substr(recorded_at, 1, 10) AND substr(recorded_at, 12, 2) < '24' AND substr(recorded_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_performance_metrics_name" CHECK (length(trim(metric_name)) > 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column metric_name varchar(100) NOT NULL
  column metric_value REAL NOT NULL
  column unit varchar(20)
  column source varchar(100)
  column tags TEXT
  column recorded_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table planned_meals
  CREATE TABLE "planned_meals" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "meal_plan_id" BLOB NOT NULL,
    "plan_start" TEXT NOT NULL,
    "plan_end" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "meal_slot" varchar(10) NOT NULL,
    "recipe_id" BLOB NOT NULL,
    "servings" REAL NOT NULL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_planned_meals_slot_recipe" UNIQUE ("meal_plan_id", "date", "meal_slot", "recipe_id"),
    CONSTRAINT "uq_planned_meals_id_user" UNIQUE ("id", "user_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("meal_plan_id", "user_id", "plan_start", "plan_end") REFERENCES "meal_plans" ("id", "user_id", "start_date", "end_date") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("recipe_id") REFERENCES "recipes" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_meal_plan_id_uuid" CHECK (meal_plan_id IS NULL OR (typeof(meal_plan_id) = 'blob' AND length(meal_plan_id) = 16)),
    CONSTRAINT "chk_plan_start_date" CHECK (plan_start IS NULL OR (typeof(plan_start) = 'text' AND date(plan_start, '+0 days') IS plan_start AND substr(plan_start, 1, 4) <> '0000')),
    CONSTRAINT "chk_plan_end_date" CHECK (plan_end IS NULL OR (typeof(plan_end) = 'text' AND date(plan_end, '+0 days') IS plan_end AND substr(plan_end, 1, 4) <> '0000')),
    CONSTRAINT "chk_date_date" CHECK (date IS NULL OR (typeof(date) = 'text' AND date(date, '+0 days') IS date AND substr(date, 1, 4) <> '0000')),
    CONSTRAINT "chk_meal_slot_varchar" CHECK (meal_slot IS NULL OR (typeof(meal_slot) = 'text' AND length(meal_slot) <= 10 AND instr(CAST(meal_slot AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_recipe_id_uuid" CHECK (recipe_id IS NULL OR (typeof(recipe_id) = 'blob' AND length(recipe_id) = 16)),
    CONSTRAINT "chk_servings_decimal" CHECK (servings IS NULL OR (typeof(servings) IN ('integer', 'real') AND servings = round(servings, 2) AND abs(servings) < 10000)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_planned_meals_date_in_plan" CHECK (date BETWEEN plan_start AND plan_end),
    CONSTRAINT "chk_planned_meals_slot" CHECK (meal_slot IN ('breakfast', 'lunch', 'dinner', 'snack')),
    CONSTRAINT "chk_planned_meals_servings" CHECK (servings > 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column meal_plan_id BLOB NOT NULL
  column plan_start TEXT NOT NULL
  column plan_end TEXT NOT NULL
  column date TEXT NOT NULL
  column meal_slot varchar(10) NOT NULL
  column recipe_id BLOB NOT NULL
  column servings REAL NOT NULL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table recipe_ingredients
  CREATE TABLE "recipe_ingredients" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "recipe_id" BLOB NOT NULL,
    "ingredient_id" BLOB NOT NULL,
    "quantity" REAL NOT NULL,
    "unit" varchar(10) NOT NULL,
    "position" INTEGER NOT NULL,
    "note" TEXT,
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_recipe_ingredients_position" UNIQUE ("recipe_id", "position"),
    FOREIGN KEY ("recipe_id") REFERENCES "recipes" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("ingredient_id") REFERENCES "ingredients" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_recipe_id_uuid" CHECK (recipe_id IS NULL OR (typeof(recipe_id) = 'blob' AND length(recipe_id) = 16)),
    CONSTRAINT "chk_ingredient_id_uuid" CHECK (ingredient_id IS NULL OR (typeof(ingredient_id) = 'blob' AND length(ingredient_id) = 16)),
    CONSTRAINT "chk_quantity_decimal" CHECK (quantity IS NULL OR (typeof(quantity) IN ('integer', 'real') AND quantity = round(quantity, 3) AND abs(quantity) < 10000000)),
    CONSTRAINT "chk_unit_varchar" CHECK (unit IS NULL OR (typeof(unit) = 'text' AND length(unit) <= 10 AND instr(CAST(unit AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_position_integer" CHECK (position IS NULL OR (typeof(position) = 'integer' AND position BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_note_text" CHECK (note IS NULL OR (typeof(note) = 'text' AND instr(CAST(note AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_recipe_ingredients_quantity" CHECK (quantity > 0),
    CONSTRAINT "chk_recipe_ingredients_unit" CHECK (unit IN ('g', 'kg', 'mg', 'oz', 'lb', 'ml', 'l', 'tsp', 'tbsp', 'cup', 'fl_oz', 'piece')),
    CONSTRAINT "chk_recipe_ingredients_position" CHECK (position >= 1),
    CONSTRAINT "chk_recipe_ingredients_note_length" CHECK (length(note) <= 500)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column recipe_id BLOB NOT NULL
  column ingredient_id BLOB NOT NULL
  column quantity REAL NOT NULL
  column unit varchar(10) NOT NULL
  column position INTEGER NOT NULL
  column note TEXT

table recipe_nutrition
  CREATE TABLE "recipe_nutrition" (
    "recipe_id" BLOB NOT NULL,
    "energy_kcal" REAL NOT NULL,
    "protein_g" REAL NOT NULL,
    "carbs_g" REAL NOT NULL,
    "fat_g" REAL NOT NULL,
    "fiber_g" REAL NOT NULL,
    "sugar_g" REAL NOT NULL,
    "sodium_mg" REAL NOT NULL,
    "computed_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("recipe_id"),
    FOREIGN KEY ("recipe_id") REFERENCES "recipes" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_recipe_id_uuid" CHECK (recipe_id IS NULL OR (typeof(recipe_id) = 'blob' AND length(recipe_id) = 16)),
    CONSTRAINT "chk_energy_kcal_decimal" CHECK (energy_kcal IS NULL OR (typeof(energy_kcal) IN ('integer', 'real') AND energy_kcal = round(energy_kcal, 2) AND abs(energy_kcal) < 100000000)),
    CONSTRAINT "chk_protein_g_decimal" CHECK (protein_g IS NULL OR (typeof(protein_g) IN ('integer', 'real') AND protein_g = round(protein_g, 2) AND abs(protein_g) < 100000000)),
    CONSTRAINT "chk_carbs_g_decimal" CHECK (carbs_g IS NULL OR (typeof(carbs_g) IN ('integer', 'real') AND carbs_g = round(carbs_g, 2) AND abs(carbs_g) < 100000000)),
    CONSTRAINT "chk_fat_g_decimal" CHECK (fat_g IS NULL OR (typeof(fat_g) IN ('integer', 'real') AND fat_g = round(fat_g, 2) AND abs(fat_g) < 100000000)),
    CONSTRAINT "chk_fiber_g_decimal" CHECK (fiber_g IS NULL OR (typeof(fiber_g) IN ('integer', 'real') AND fiber_g = round(fiber_g, 2) AND abs(fiber_g) < 100000000)),
    CONSTRAINT "chk_sugar_g_decimal" CHECK (sugar_g IS NULL OR (typeof(sugar_g) IN ('integer', 'real') AND sugar_g = round(sugar_g, 2) AND abs(sugar_g) < 100000000)),
    CONSTRAINT "chk_sodium_mg_decimal" CHECK (sodium_mg IS NULL OR (typeof(sodium_mg) IN ('integer', 'real') AND sodium_mg = round(sodium_mg, 2) AND abs(sodium_mg) < 100000000)),
    CONSTRAINT "chk_computed_at_timestamp" CHECK (computed_at IS NULL OR (typeof(computed_at) = 'text' AND ((length(computed_at) = 25 AND computed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(computed_at) = 29 AND computed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(computed_at, 21, 3) <> '000') OR (length(computed_at) = 32 AND computed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(computed_at, 24, 3) <> '000')) AND date(substr(computed_at, 1, 10), '+0 days') IS substr(computed_at, 1, 10) AND substr(computed_at, 12, 2) < '24' AND substr(computed_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_recipe_nutrition_non_negative" CHECK (energy_kcal >= 0 AND protein_g >= 0 AND carbs_g >= 0 AND fat_g >= 0 AND fiber_g >= 0 AND sugar_g >= 0 AND sodium_mg >= 0)
  )
  column recipe_id BLOB NOT NULL PRIMARY KEY #1
  column energy_kcal REAL NOT NULL
  column protein_g REAL NOT NULL
  column carbs_g REAL NOT NULL
  column fat_g REAL NOT NULL
  column fiber_g REAL NOT NULL
  column sugar_g REAL NOT NULL
  column sodium_mg REAL NOT NULL
  column computed_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table recipe_ratings
  CREATE TABLE "recipe_ratings" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "recipe_id" BLOB NOT NULL,
    "user_id" BLOB NOT NULL,
    "rating" INTEGER NOT NULL,
    "review" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_recipe_ratings_recipe_user" UNIQUE ("recipe_id", "user_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("recipe_id") REFERENCES "recipes" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_recipe_id_uuid" CHECK (recipe_id IS NULL OR (typeof(recipe_id) = 'blob' AND length(recipe_id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_rating_integer" CHECK (rating IS NULL OR (typeof(rating) = 'integer' AND rating BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_review_text" CHECK (review IS NULL OR (typeof(review) = 'text' AND instr(CAST(review AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_recipe_ratings_rating" CHECK (rating BETWEEN 1 AND 5),
    CONSTRAINT "chk_recipe_ratings_review_length" CHECK (length(review) <= 2000)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column recipe_id BLOB NOT NULL
  column user_id BLOB NOT NULL
  column rating INTEGER NOT NULL
  column review TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table recipe_steps
  CREATE TABLE "recipe_steps" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "recipe_id" BLOB NOT NULL,
    "step_number" INTEGER NOT NULL,
    "instruction" TEXT NOT NULL,
    "duration_minutes" INTEGER,
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_recipe_steps_number" UNIQUE ("recipe_id", "step_number"),
    FOREIGN KEY ("recipe_id") REFERENCES "recipes" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_recipe_id_uuid" CHECK (recipe_id IS NULL OR (typeof(recipe_id) = 'blob' AND length(recipe_id) = 16)),
    CONSTRAINT "chk_step_number_integer" CHECK (step_number IS NULL OR (typeof(step_number) = 'integer' AND step_number BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_instruction_text" CHECK (instruction IS NULL OR (typeof(instruction) = 'text' AND instr(CAST(instruction AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_duration_minutes_integer" CHECK (duration_minutes IS NULL OR (typeof(duration_minutes) = 'integer' AND duration_minutes BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_recipe_steps_number" CHECK (step_number >= 1),
    CONSTRAINT "chk_recipe_steps_instruction" CHECK (length(trim(instruction)) > 0 AND length(instruction) <= 5000),
    CONSTRAINT "chk_recipe_steps_duration" CHECK (duration_minutes BETWEEN 0 AND 43200)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column recipe_id BLOB NOT NULL
  column step_number INTEGER NOT NULL
  column instruction TEXT NOT NULL
  column duration_minutes INTEGER

table recipe_tags
  CREATE TABLE "recipe_tags" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "slug" varchar(50) NOT NULL,
    "name" varchar(100) NOT NULL,
    "category" varchar(20) NOT NULL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_recipe_tags_slug" UNIQUE ("slug"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_slug_varchar" CHECK (slug IS NULL OR (typeof(slug) = 'text' AND length(slug) <= 50 AND instr(CAST(slug AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 100 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_category_varchar" CHECK (category IS NULL OR (typeof(category) = 'text' AND length(category) <= 20 AND instr(CAST(category AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_recipe_tags_slug" CHECK (length(slug) > 0 AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*' AND slug NOT GLOB '*-' AND slug NOT GLOB '*--*'),
    CONSTRAINT "chk_recipe_tags_category" CHECK (category IN ('diet', 'meal_type', 'cuisine', 'technique', 'occasion', 'other'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column slug varchar(50) NOT NULL
  column name varchar(100) NOT NULL
  column category varchar(20) NOT NULL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table recipes
  CREATE TABLE "recipes" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "name" varchar(255) NOT NULL,
    "description" TEXT,
    "cuisine_type" varchar(50),
    "difficulty_level" varchar(20) NOT NULL DEFAULT 'intermediate',
    "prep_time_minutes" INTEGER NOT NULL,
    "cook_time_minutes" INTEGER NOT NULL,
    "total_time_minutes" integer NOT NULL GENERATED ALWAYS AS (prep_time_minutes + cook_time_minutes) STORED,
    "servings" INTEGER NOT NULL DEFAULT 1,
    "calories_per_serving" REAL,
    "cost_estimate" REAL,
    "rating" REAL,
    "rating_count" INTEGER NOT NULL DEFAULT 0,
    "rating_sum" INTEGER NOT NULL DEFAULT 0,
    "is_public" INTEGER NOT NULL DEFAULT FALSE,
    "source_url" TEXT,
    "image_url" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 255 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_description_text" CHECK (description IS NULL OR (typeof(description) = 'text' AND instr(CAST(description AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_cuisine_type_varchar" CHECK (cuisine_type IS NULL OR (typeof(cuisine_type) = 'text' AND length(cuisine_type) <= 50 AND instr(CAST(cuisine_type AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_difficulty_level_varchar" CHECK (difficulty_level IS NULL OR (typeof(difficulty_level) = 'text' AND length(difficulty_level) <= 20 AND instr(CAST(difficulty_level AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_prep_time_minutes_integer" CHECK (prep_time_minutes IS NULL OR (typeof(prep_time_minutes) = 'integer' AND prep_time_minutes BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_cook_time_minutes_integer" CHECK (cook_time_minutes IS NULL OR (typeof(cook_time_minutes) = 'integer' AND cook_time_minutes BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_servings_integer" CHECK (servings IS NULL OR (typeof(servings) = 'integer' AND servings BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_calories_per_serving_decimal" CHECK (calories_per_serving IS NULL OR (typeof(calories_per_serving) IN ('integer', 'real') AND calories_per_serving = round(calories_per_serving, 2) AND abs(calories_per_serving) < 1000000)),
    CONSTRAINT "chk_cost_estimate_decimal" CHECK (cost_estimate IS NULL OR (typeof(cost_estimate) IN ('integer', 'real') AND cost_estimate = round(cost_estimate, 2) AND abs(cost_estimate) < 1000000)),
    CONSTRAINT "chk_rating_decimal" CHECK (rating IS NULL OR (typeof(rating) IN ('integer', 'real') AND rating = round(rating, 2) AND abs(rating) < 10)),
    CONSTRAINT "chk_rating_count_integer" CHECK (rating_count IS NULL OR (typeof(rating_count) = 'integer' AND rating_count BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_rating_sum_integer" CHECK (rating_sum IS NULL OR (typeof(rating_sum) = 'integer' AND rating_sum BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_is_public_boolean" CHECK (is_public IS NULL OR (is_public IN (0, 1))),
    CONSTRAINT "chk_source_url_text" CHECK (source_url IS NULL OR (typeof(source_url) = 'text' AND instr(CAST(source_url AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_image_url_text" CHECK (image_url IS NULL OR (typeof(image_url) = 'text' AND instr(CAST(image_url AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_tags_text_list" CHECK (tags IS NULL OR (json_valid(tags) AND json_type(tags) = 'array' AND instr(tags, '\u0000') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_recipes_name_blank" CHECK (length(trim(name)) > 0),
    CONSTRAINT "chk_recipes_difficulty" CHECK (difficulty_level IN ('beginner', 'intermediate', 'advanced')),
    CONSTRAINT "chk_recipes_prep_time" CHECK (prep_time_minutes BETWEEN 0 AND 43200),
    CONSTRAINT "chk_recipes_cook_time" CHECK (cook_time_minutes BETWEEN 0 AND 43200),
    CONSTRAINT "chk_recipes_servings" CHECK (servings BETWEEN 1 AND 1000),
    CONSTRAINT "chk_recipes_calories" CHECK (calories_per_serving >= 0),
    CONSTRAINT "chk_recipes_cost" CHECK (cost_estimate >= 0),
    CONSTRAINT "chk_recipes_rating" CHECK (rating BETWEEN 0 AND 5),
    CONSTRAINT "chk_recipes_rating_count" CHECK (rating_count >= 0),
    CONSTRAINT "chk_recipes_rating_sum" CHECK (rating_sum BETWEEN rating_count AND 5 * rating_count)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column name varchar(255) NOT NULL
  column description TEXT
  column cuisine_type varchar(50)
  column difficulty_level varchar(20) NOT NULL DEFAULT 'intermediate'
  column prep_time_minutes INTEGER NOT NULL
  column cook_time_minutes INTEGER NOT NULL
  column total_time_minutes INTEGER NOT NULL GENERATED STORED
  column servings INTEGER NOT NULL DEFAULT 1
  column calories_per_serving REAL
  column cost_estimate REAL
  column rating REAL
  column rating_count INTEGER NOT NULL DEFAULT 0
  column rating_sum INTEGER NOT NULL DEFAULT 0
  column is_public INTEGER NOT NULL DEFAULT FALSE
  column source_url TEXT
  column image_url TEXT
  column tags TEXT NOT NULL DEFAULT '[]'
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table recommendations
  CREATE TABLE "recommendations" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "meal_id" BLOB NOT NULL,
    "restaurant_id" BLOB NOT NULL,
    "score" REAL NOT NULL,
    "distance_km" REAL NOT NULL,
    "reason" TEXT NOT NULL,
    "reason_details" TEXT NOT NULL,
    "status" varchar(20) NOT NULL DEFAULT 'shown',
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_recommendations_owner" UNIQUE ("id", "user_id", "meal_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("meal_id", "restaurant_id") REFERENCES "meals" ("id", "restaurant_id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_meal_id_uuid" CHECK (meal_id IS NULL OR (typeof(meal_id) = 'blob' AND length(meal_id) = 16)),
    CONSTRAINT "chk_restaurant_id_uuid" CHECK (restaurant_id IS NULL OR (typeof(restaurant_id) = 'blob' AND length(restaurant_id) = 16)),
    CONSTRAINT "chk_score_decimal" CHECK (score IS NULL OR (typeof(score) IN ('integer', 'real') AND score = round(score, 2) AND abs(score) < 1000)),
    CONSTRAINT "chk_distance_km_decimal" CHECK (distance_km IS NULL OR (typeof(distance_km) IN ('integer', 'real') AND distance_km = round(distance_km, 3) AND abs(distance_km) < 100000)),
    CONSTRAINT "chk_reason_text" CHECK (reason IS NULL OR (typeof(reason) = 'text' AND instr(CAST(reason AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_reason_details_json" CHECK (reason_details IS NULL OR (json_valid(reason_details) AND instr(reason_details, '\u0000') = 0)),
    CONSTRAINT "chk_status_varchar" CHECK (status IS NULL OR (typeof(status) = 'text' AND length(status) <= 20 AND instr(CAST(status AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_recommendations_score" CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT "chk_recommendations_distance" CHECK (distance_km >= 0),
    CONSTRAINT "chk_recommendations_status" CHECK (status IN ('shown', 'accepted', 'dismissed'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column meal_id BLOB NOT NULL
  column restaurant_id BLOB NOT NULL
  column score REAL NOT NULL
  column distance_km REAL NOT NULL
  column reason TEXT NOT NULL
  column reason_details TEXT NOT NULL
  column status varchar(20) NOT NULL DEFAULT 'shown'
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table refresh_tokens
  CREATE TABLE "refresh_tokens" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "token_hash" varchar(64) NOT NULL,
    "family_id" BLOB NOT NULL,
    "expires_at" TEXT NOT NULL,
    "used_at" TEXT,
    "revoked_at" TEXT,
    "replaced_by" BLOB,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_refresh_tokens_token_hash" UNIQUE ("token_hash"),
    CONSTRAINT "uq_refresh_tokens_replaced_by" UNIQUE ("replaced_by"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("replaced_by") REFERENCES "refresh_tokens" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_token_hash_varchar" CHECK (token_hash IS NULL OR (typeof(token_hash) = 'text' AND length(token_hash) <= 64 AND instr(CAST(token_hash AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_refresh_tokens_token_hash_format" CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
    CONSTRAINT "chk_family_id_uuid" CHECK (family_id IS NULL OR (typeof(family_id) = 'blob' AND length(family_id) = 16)),
    CONSTRAINT "chk_expires_at_timestamp" CHECK (expires_at IS NULL OR (typeof(expires_at) = 'text' AND ((length(expires_at) = 25 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(expires_at) = 29 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(expires_at, 21, 3) <> '000') OR (length(expires_at) = 32 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(expires_at, 24, 3) <> '000')) AND date(substr(expires_at, 1, 10), '+0 days') IS substr(expires_at, 1, 10) AND substr(expires_at, 12, 2) < '24' AND substr(expires_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_used_at_timestamp" CHECK (used_at IS NULL OR (typeof(used_at) = 'text' AND ((length(used_at) = 25 AND used_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(used_at) = 29 AND used_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(used_at, 21, 3) <> '000') OR (length(used_at) = 32 AND used_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(used_at, 24, 3) <> '000')) AND date(substr(used_at, 1, 10), '+0 days') IS substr(used_at, 1, 10) AND substr(used_at, 12, 2) < '24' AND substr(used_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_revoked_at_timestamp" CHECK (revoked_at IS NULL OR (typeof(revoked_at) = 'text' AND ((length(revoked_at) = 25 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(revoked_at) = 29 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(revoked_at, 21, 3) <> '000') OR (length(revoked_at) = 32 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(revoked_at, 24, 3) <> '000')) AND date(substr(revoked_at, 1, 10), '+0 days') IS substr(revoked_at, 1, 10) AND substr(revoked_at, 12, 2) < '24' AND substr(revoked_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_replaced_by_uuid" CHECK (replaced_by IS NULL OR (typeof(replaced_by) = 'blob' AND length(replaced_by) = 16)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_refresh_tokens_expiry" CHECK (expires_at > created_at),
    CONSTRAINT "chk_refresh_tokens_replaced_after_use" CHECK (replaced_by IS NULL OR (used_at IS NOT NULL AND replaced_by <> id))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column token_hash varchar(64) NOT NULL
  column family_id BLOB NOT NULL
  column expires_at TEXT NOT NULL
  column used_at TEXT
  column revoked_at TEXT
  column replaced_by BLOB
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table restaurants
  CREATE TABLE "restaurants" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "name" varchar(255) NOT NULL,
    "cuisine_type" varchar(50),
    "address" TEXT NOT NULL,
    "city" varchar(100) NOT NULL,
    "state" varchar(50) NOT NULL,
    "zip_code" varchar(10) NOT NULL,
    "country" varchar(2) NOT NULL DEFAULT 'US',
    "latitude" REAL,
    "longitude" REAL,
    "phone" varchar(20),
    "website" varchar(255),
    "hours" TEXT,
    "rating" REAL,
    "price_range" INTEGER,
    "is_active" INTEGER NOT NULL DEFAULT TRUE,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 255 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_cuisine_type_varchar" CHECK (cuisine_type IS NULL OR (typeof(cuisine_type) = 'text' AND length(cuisine_type) <= 50 AND instr(CAST(cuisine_type AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_address_text" CHECK (address IS NULL OR (typeof(address) = 'text' AND instr(CAST(address AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_city_varchar" CHECK (city IS NULL OR (typeof(city) = 'text' AND length(city) <= 100 AND instr(CAST(city AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_state_varchar" CHECK (state IS NULL OR (typeof(state) = 'text' AND length(state) <= 50 AND instr(CAST(state AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_zip_code_varchar" CHECK (zip_code IS NULL OR (typeof(zip_code) = 'text' AND length(zip_code) <= 10 AND instr(CAST(zip_code AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_country_varchar" CHECK (country IS NULL OR (typeof(country) = 'text' AND length(country) <= 2 AND instr(CAST(country AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_latitude_decimal" CHECK (latitude IS NULL OR (typeof(latitude) IN ('integer', 'real') AND latitude = round(latitude, 8) AND abs(latitude) < 100)),
    CONSTRAINT "chk_longitude_decimal" CHECK (longitude IS NULL OR (typeof(longitude) IN ('integer', 'real') AND longitude = round(longitude, 8) AND abs(longitude) < 1000)),
    CONSTRAINT "chk_phone_varchar" CHECK (phone IS NULL OR (typeof(phone) = 'text' AND length(phone) <= 20 AND instr(CAST(phone AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_website_varchar" CHECK (website IS NULL OR (typeof(website) = 'text' AND length(website) <= 255 AND instr(CAST(website AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_hours_json" CHECK (hours IS NULL OR (json_valid(hours) AND instr(hours, '\u0000') = 0)),
    CONSTRAINT "chk_rating_decimal" CHECK (rating IS NULL OR (typeof(rating) IN ('integer', 'real') AND rating = round(rating, 1) AND abs(rating) < 10)),
    CONSTRAINT "chk_price_range_integer" CHECK (price_range IS NULL OR (typeof(price_range) = 'integer' AND price_range BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_is_active_boolean" CHECK (is_active IS NULL OR (is_active IN (0, 1))),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_restaurants_rating" CHECK (rating BETWEEN 0 AND 5),
    CONSTRAINT "chk_restaurants_price_range" CHECK (price_range BETWEEN 1 AND 4),
    CONSTRAINT "chk_restaurants_coordinates" CHECK (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180),
    CONSTRAINT "chk_restaurants_location_pair" CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CONSTRAINT "chk_restaurants_name" CHECK (length(trim(name)) > 0),
    CONSTRAINT "chk_restaurants_country" CHECK (country GLOB '[A-Z][A-Z]')
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column name varchar(255) NOT NULL
  column cuisine_type varchar(50)
  column address TEXT NOT NULL
  column city varchar(100) NOT NULL
  column state varchar(50) NOT NULL
  column zip_code varchar(10) NOT NULL
  column country varchar(2) NOT NULL DEFAULT 'US'
  column latitude REAL
  column longitude REAL
  column phone varchar(20)
  column website varchar(255)
  column hours TEXT
  column rating REAL
  column price_range INTEGER
  column is_active INTEGER NOT NULL DEFAULT TRUE
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table restaurants_rtree
  CREATE VIRTUAL TABLE "restaurants_rtree" USING rtree(id, min_lat, max_lat, min_lon, max_lon, +row_key)
  column id INT
  column min_lat REAL
  column max_lat REAL
  column min_lon REAL
  column max_lon REAL
  column row_key

table restaurants_rtree_node
  CREATE TABLE "restaurants_rtree_node"(
    nodeno INTEGER PRIMARY KEY,
    data
  )
  column nodeno INTEGER PRIMARY KEY #1
  column data

table restaurants_rtree_parent
  CREATE TABLE "restaurants_rtree_parent"(
    nodeno INTEGER PRIMARY KEY,
    parentnode
  )
  column nodeno INTEGER PRIMARY KEY #1
  column parentnode

table restaurants_rtree_rowid
  CREATE TABLE "restaurants_rtree_rowid"(
    rowid INTEGER PRIMARY KEY,
    nodeno,
    a0
  )
  column rowid INTEGER PRIMARY KEY #1
  column nodeno
  column a0

table shopping_items
  CREATE TABLE "shopping_items" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "shopping_list_id" BLOB NOT NULL,
    "ingredient_id" BLOB,
    "name" varchar(200),
    "quantity" REAL NOT NULL,
    "unit" varchar(10) NOT NULL,
    "is_checked" INTEGER NOT NULL DEFAULT FALSE,
    "estimated_price" REAL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_shopping_items_ingredient" UNIQUE ("shopping_list_id", "ingredient_id", "unit"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("shopping_list_id", "user_id") REFERENCES "shopping_lists" ("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("ingredient_id") REFERENCES "ingredients" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_shopping_list_id_uuid" CHECK (shopping_list_id IS NULL OR (typeof(shopping_list_id) = 'blob' AND length(shopping_list_id) = 16)),
    CONSTRAINT "chk_ingredient_id_uuid" CHECK (ingredient_id IS NULL OR (typeof(ingredient_id) = 'blob' AND length(ingredient_id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 200 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_quantity_decimal" CHECK (quantity IS NULL OR (typeof(quantity) IN ('integer', 'real') AND quantity = round(quantity, 3) AND abs(quantity) < 1000000000)),
    CONSTRAINT "chk_unit_varchar" CHECK (unit IS NULL OR (typeof(unit) = 'text' AND length(unit) <= 10 AND instr(CAST(unit AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_is_checked_boolean" CHECK (is_checked IS NULL OR (is_checked IN (0, 1))),
    CONSTRAINT "chk_estimated_price_decimal" CHECK (estimated_price IS NULL OR (typeof(estimated_price) IN ('integer', 'real') AND estimated_price = round(estimated_price, 2) AND abs(estimated_price) < 100000000)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_shopping_items_what" CHECK ((ingredient_id IS NULL) <> (name IS NULL)),
    CONSTRAINT "chk_shopping_items_name" CHECK (length(trim(name)) > 0),
    CONSTRAINT "chk_shopping_items_quantity" CHECK (quantity > 0),
    CONSTRAINT "chk_shopping_items_unit" CHECK (unit IN ('g', 'kg', 'mg', 'oz', 'lb', 'ml', 'l', 'tsp', 'tbsp', 'cup', 'fl_oz', 'piece')),
    CONSTRAINT "chk_shopping_items_price" CHECK (estimated_price >= 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column shopping_list_id BLOB NOT NULL
  column ingredient_id BLOB
  column name varchar(200)
  column quantity REAL NOT NULL
  column unit varchar(10) NOT NULL
  column is_checked INTEGER NOT NULL DEFAULT FALSE
  column estimated_price REAL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table shopping_lists
  CREATE TABLE "shopping_lists" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "name" varchar(100) NOT NULL,
    "meal_plan_id" BLOB,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_shopping_lists_id_user" UNIQUE ("id", "user_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("meal_plan_id") REFERENCES "meal_plans" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_name_varchar" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 100 AND instr(CAST(name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_meal_plan_id_uuid" CHECK (meal_plan_id IS NULL OR (typeof(meal_plan_id) = 'blob' AND length(meal_plan_id) = 16)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_shopping_lists_name" CHECK (length(trim(name)) > 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column name varchar(100) NOT NULL
  column meal_plan_id BLOB
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table user_activities
  CREATE TABLE "user_activities" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "user_id" BLOB NOT NULL,
    "activity_type" varchar(50) NOT NULL,
    "entity_type" varchar(50),
    "entity_id" BLOB,
    "session_id" BLOB,
    "metadata" TEXT,
    PRIMARY KEY ("id", "created_at"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_activity_type_varchar" CHECK (activity_type IS NULL OR (typeof(activity_type) = 'text' AND length(activity_type) <= 50 AND instr(CAST(activity_type AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_entity_type_varchar" CHECK (entity_type IS NULL OR (typeof(entity_type) = 'text' AND length(entity_type) <= 50 AND instr(CAST(entity_type AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_entity_id_uuid" CHECK (entity_id IS NULL OR (typeof(entity_id) = 'blob' AND length(entity_id) = 16)),
    CONSTRAINT "chk_session_id_uuid" CHECK (session_id IS NULL OR (typeof(session_id) = 'blob' AND length(session_id) = 16)),
    CONSTRAINT "chk_metadata_json" CHECK (metadata IS NULL OR (json_valid(metadata) AND instr(metadata, '\u0000') = 0)),
    CONSTRAINT "chk_user_activities_activity_type" CHECK (activity_type GLOB '[a-z]*' AND activity_type NOT GLOB '*[^a-z0-9_.]*')
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) PRIMARY KEY #2
  column user_id BLOB NOT NULL
  column activity_type varchar(50) NOT NULL
  column entity_type varchar(50)
  column entity_id BLOB
  column session_id BLOB
  column metadata TEXT

table user_allergies
  CREATE TABLE "user_allergies" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "health_profile_id" BLOB NOT NULL,
    "allergen_id" BLOB NOT NULL,
    "severity" varchar(20) NOT NULL,
    "notes" TEXT,
    "diagnosed_date" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_user_allergen" UNIQUE ("user_id", "allergen_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("health_profile_id", "user_id") REFERENCES "health_profiles" ("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("allergen_id") REFERENCES "allergens" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_health_profile_id_uuid" CHECK (health_profile_id IS NULL OR (typeof(health_profile_id) = 'blob' AND length(health_profile_id) = 16)),
    CONSTRAINT "chk_allergen_id_uuid" CHECK (allergen_id IS NULL OR (typeof(allergen_id) = 'blob' AND length(allergen_id) = 16)),
    CONSTRAINT "chk_severity_varchar" CHECK (severity IS NULL OR (typeof(severity) = 'text' AND length(severity) <= 20 AND instr(CAST(severity AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_notes_text" CHECK (notes IS NULL OR (typeof(notes) = 'text' AND instr(CAST(notes AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_diagnosed_date_date" CHECK (diagnosed_date IS NULL OR (typeof(diagnosed_date) = 'text' AND date(diagnosed_date, '+0 days') IS diagnosed_date AND substr(diagnosed_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_severity_values" CHECK (severity IN ('MILD', 'MODERATE', 'SEVERE', 'LIFE_THREATENING')),
    CONSTRAINT "chk_notes_length" CHECK (length(notes) <= 500)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column health_profile_id BLOB NOT NULL
  column allergen_id BLOB NOT NULL
  column severity varchar(20) NOT NULL
  column notes TEXT
  column diagnosed_date TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table user_dietary_restrictions
  CREATE TABLE "user_dietary_restrictions" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "health_profile_id" BLOB NOT NULL,
    "dietary_restriction_id" BLOB NOT NULL,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_user_dietary_restriction" UNIQUE ("user_id", "dietary_restriction_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("health_profile_id", "user_id") REFERENCES "health_profiles" ("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("dietary_restriction_id") REFERENCES "dietary_restrictions_ref" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_health_profile_id_uuid" CHECK (health_profile_id IS NULL OR (typeof(health_profile_id) = 'blob' AND length(health_profile_id) = 16)),
    CONSTRAINT "chk_dietary_restriction_id_uuid" CHECK (dietary_restriction_id IS NULL OR (typeof(dietary_restriction_id) = 'blob' AND length(dietary_restriction_id) = 16)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column health_profile_id BLOB NOT NULL
  column dietary_restriction_id BLOB NOT NULL
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table user_medical_conditions
  CREATE TABLE "user_medical_conditions" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "health_profile_id" BLOB NOT NULL,
    "condition_id" BLOB NOT NULL,
    "status" varchar(20) NOT NULL DEFAULT 'active',
    "notes" TEXT,
    "diagnosed_date" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_user_medical_condition" UNIQUE ("user_id", "condition_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("health_profile_id", "user_id") REFERENCES "health_profiles" ("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY ("condition_id") REFERENCES "medical_conditions_ref" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_health_profile_id_uuid" CHECK (health_profile_id IS NULL OR (typeof(health_profile_id) = 'blob' AND length(health_profile_id) = 16)),
    CONSTRAINT "chk_condition_id_uuid" CHECK (condition_id IS NULL OR (typeof(condition_id) = 'blob' AND length(condition_id) = 16)),
    CONSTRAINT "chk_status_varchar" CHECK (status IS NULL OR (typeof(status) = 'text' AND length(status) <= 20 AND instr(CAST(status AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_notes_text" CHECK (notes IS NULL OR (typeof(notes) = 'text' AND instr(CAST(notes AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_diagnosed_date_date" CHECK (diagnosed_date IS NULL OR (typeof(diagnosed_date) = 'text' AND date(diagnosed_date, '+0 days') IS diagnosed_date AND substr(diagnosed_date, 1, 4) <> '0000')),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_user_medical_conditions_status" CHECK (status IN ('active', 'managed', 'in_remission', 'resolved')),
    CONSTRAINT "chk_user_medical_conditions_notes_length" CHECK (length(notes) <= 500)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column health_profile_id BLOB NOT NULL
  column condition_id BLOB NOT NULL
  column status varchar(20) NOT NULL DEFAULT 'active'
  column notes TEXT
  column diagnosed_date TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table user_payment_methods
  CREATE TABLE "user_payment_methods" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "card_number_encrypted" TEXT NOT NULL,
    "encryption_key_id" INTEGER NOT NULL,
    "card_holder" varchar(255) NOT NULL,
    "brand" varchar(20) NOT NULL,
    "last_four" varchar(4) NOT NULL,
    "expires_month" INTEGER NOT NULL,
    "expires_year" INTEGER NOT NULL,
    "is_default" INTEGER NOT NULL DEFAULT FALSE,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_card_number_encrypted_text" CHECK (card_number_encrypted IS NULL OR (typeof(card_number_encrypted) = 'text' AND instr(CAST(card_number_encrypted AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_encryption_key_id_integer" CHECK (encryption_key_id IS NULL OR (typeof(encryption_key_id) = 'integer' AND encryption_key_id BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_card_holder_varchar" CHECK (card_holder IS NULL OR (typeof(card_holder) = 'text' AND length(card_holder) <= 255 AND instr(CAST(card_holder AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_brand_varchar" CHECK (brand IS NULL OR (typeof(brand) = 'text' AND length(brand) <= 20 AND instr(CAST(brand AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_last_four_varchar" CHECK (last_four IS NULL OR (typeof(last_four) = 'text' AND length(last_four) <= 4 AND instr(CAST(last_four AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_expires_month_integer" CHECK (expires_month IS NULL OR (typeof(expires_month) = 'integer' AND expires_month BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_expires_year_integer" CHECK (expires_year IS NULL OR (typeof(expires_year) = 'integer' AND expires_year BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_is_default_boolean" CHECK (is_default IS NULL OR (is_default IN (0, 1))),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_user_payment_methods_key_id" CHECK (encryption_key_id > 0),
    CONSTRAINT "chk_user_payment_methods_holder" CHECK (length(trim(card_holder)) > 0),
    CONSTRAINT "chk_user_payment_methods_brand" CHECK (brand IN ('visa', 'mastercard', 'amex', 'discover', 'diners', 'jcb', 'unionpay', 'other')),
    CONSTRAINT "chk_user_payment_methods_last_four" CHECK (length(last_four) = 4 AND last_four NOT GLOB '*[^0-9]*'),
    CONSTRAINT "chk_user_payment_methods_expires_month" CHECK (expires_month BETWEEN 1 AND 12),
    CONSTRAINT "chk_user_payment_methods_expires_year" CHECK (expires_year BETWEEN 2000 AND 9999)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column card_number_encrypted TEXT NOT NULL
  column encryption_key_id INTEGER NOT NULL
  column card_holder varchar(255) NOT NULL
  column brand varchar(20) NOT NULL
  column last_four varchar(4) NOT NULL
  column expires_month INTEGER NOT NULL
  column expires_year INTEGER NOT NULL
  column is_default INTEGER NOT NULL DEFAULT FALSE
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table user_preferences
  CREATE TABLE "user_preferences" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "units" varchar(10) NOT NULL DEFAULT 'metric',
    "preferred_cuisines" TEXT NOT NULL DEFAULT '[]',
    "disliked_cuisines" TEXT NOT NULL DEFAULT '[]',
    "max_cooking_time_minutes" INTEGER,
    "budget_per_meal" REAL,
    "notify_email" INTEGER NOT NULL DEFAULT TRUE,
    "notify_push" INTEGER NOT NULL DEFAULT TRUE,
    "notify_meal_reminders" INTEGER NOT NULL DEFAULT FALSE,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_user_preferences_user" UNIQUE ("user_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_units_varchar" CHECK (units IS NULL OR (typeof(units) = 'text' AND length(units) <= 10 AND instr(CAST(units AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_preferred_cuisines_text_list" CHECK (preferred_cuisines IS NULL OR (json_valid(preferred_cuisines) AND json_type(preferred_cuisines) = 'array' AND instr(preferred_cuisines, '\u0000') = 0)),
    CONSTRAINT "chk_disliked_cuisines_text_list" CHECK (disliked_cuisines IS NULL OR (json_valid(disliked_cuisines) AND json_type(disliked_cuisines) = 'array' AND instr(disliked_cuisines, '\u0000') = 0)),
    CONSTRAINT "chk_max_cooking_time_minutes_integer" CHECK (max_cooking_time_minutes IS NULL OR (typeof(max_cooking_time_minutes) = 'integer' AND max_cooking_time_minutes BETWEEN -2147483648 AND 2147483647)),
    CONSTRAINT "chk_budget_per_meal_decimal" CHECK (budget_per_meal IS NULL OR (typeof(budget_per_meal) IN ('integer', 'real') AND budget_per_meal = round(budget_per_meal, 2) AND abs(budget_per_meal) < 1000000)),
    CONSTRAINT "chk_notify_email_boolean" CHECK (notify_email IS NULL OR (notify_email IN (0, 1))),
    CONSTRAINT "chk_notify_push_boolean" CHECK (notify_push IS NULL OR (notify_push IN (0, 1))),
    CONSTRAINT "chk_notify_meal_reminders_boolean" CHECK (notify_meal_reminders IS NULL OR (notify_meal_reminders IN (0, 1))),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_user_preferences_units" CHECK (units IN ('metric', 'imperial')),
    CONSTRAINT "chk_user_preferences_max_cooking_time" CHECK (max_cooking_time_minutes BETWEEN 1 AND 1440),
    CONSTRAINT "chk_user_preferences_budget" CHECK (budget_per_meal >= 0)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column units varchar(10) NOT NULL DEFAULT 'metric'
  column preferred_cuisines TEXT NOT NULL DEFAULT '[]'
  column disliked_cuisines TEXT NOT NULL DEFAULT '[]'
  column max_cooking_time_minutes INTEGER
  column budget_per_meal REAL
  column notify_email INTEGER NOT NULL DEFAULT TRUE
  column notify_push INTEGER NOT NULL DEFAULT TRUE
  column notify_meal_reminders INTEGER NOT NULL DEFAULT FALSE
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table user_profiles
  CREATE TABLE "user_profiles" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "full_name" varchar(255),
    "timezone" varchar(64) NOT NULL DEFAULT 'UTC',
    "language_preference" varchar(35) NOT NULL DEFAULT 'en',
    "health_goals" TEXT NOT NULL DEFAULT '[]',
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_user_profiles_user" UNIQUE ("user_id"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_full_name_varchar" CHECK (full_name IS NULL OR (typeof(full_name) = 'text' AND length(full_name) <= 255 AND instr(CAST(full_name AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_timezone_varchar" CHECK (timezone IS NULL OR (typeof(timezone) = 'text' AND length(timezone) <= 64 AND instr(CAST(timezone AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_language_preference_varchar" CHECK (language_preference IS NULL OR (typeof(language_preference) = 'text' AND length(language_preference) <= 35 AND instr(CAST(language_preference AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_health_goals_text_list" CHECK (health_goals IS NULL OR (json_valid(health_goals) AND json_type(health_goals) = 'array' AND instr(health_goals, '\u0000') = 0)),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_user_profiles_language" CHECK (language_preference NOT GLOB '*[^A-Za-z0-9-]*' AND (language_preference GLOB '[a-z][a-z]' OR language_preference GLOB '[a-z][a-z][a-z]' OR language_preference GLOB '[a-z][a-z]-?*' OR language_preference GLOB '[a-z][a-z][a-z]-?*') AND language_preference NOT GLOB '*--*' AND language_preference NOT GLOB '*-')
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column full_name varchar(255)
  column timezone varchar(64) NOT NULL DEFAULT 'UTC'
  column language_preference varchar(35) NOT NULL DEFAULT 'en'
  column health_goals TEXT NOT NULL DEFAULT '[]'
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table user_sessions
  CREATE TABLE "user_sessions" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "token_hash" varchar(64) NOT NULL,
    "user_agent" TEXT,
    "ip_address" varchar(45),
    "expires_at" TEXT NOT NULL,
    "revoked_at" TEXT,
    "last_seen_at" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_user_sessions_token_hash" UNIQUE ("token_hash"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_token_hash_varchar" CHECK (token_hash IS NULL OR (typeof(token_hash) = 'text' AND length(token_hash) <= 64 AND instr(CAST(token_hash AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_user_sessions_token_hash_format" CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
    CONSTRAINT "chk_user_agent_text" CHECK (user_agent IS NULL OR (typeof(user_agent) = 'text' AND instr(CAST(user_agent AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_ip_address_varchar" CHECK (ip_address IS NULL OR (typeof(ip_address) = 'text' AND length(ip_address) <= 45 AND instr(CAST(ip_address AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_expires_at_timestamp" CHECK (expires_at IS NULL OR (typeof(expires_at) = 'text' AND ((length(expires_at) = 25 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(expires_at) = 29 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(expires_at, 21, 3) <> '000') OR (length(expires_at) = 32 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(expires_at, 24, 3) <> '000')) AND date(substr(expires_at, 1, 10), '+0 days') IS substr(expires_at, 1, 10) AND substr(expires_at, 12, 2) < '24' AND substr(expires_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_revoked_at_timestamp" CHECK (revoked_at IS NULL OR (typeof(revoked_at) = 'text' AND ((length(revoked_at) = 25 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(revoked_at) = 29 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(revoked_at, 21, 3) <> '000') OR (length(revoked_at) = 32 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(revoked_at, 24, 3) <> '000')) AND date(substr(revoked_at, 1, 10), '+0 days') IS substr(revoked_at, 1, 10) AND substr(revoked_at, 12, 2) < '24' AND substr(revoked_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_last_seen_at_timestamp" CHECK (last_seen_at IS NULL OR (typeof(last_seen_at) = 'text' AND ((length(last_seen_at) = 25 AND last_seen_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(last_seen_at) = 29 AND last_seen_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(last_seen_at, 21, 3) <> '000') OR (length(last_seen_at) = 32 AND last_seen_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(last_seen_at, 24, 3) <> '000')) AND date(substr(last_seen_at, 1, 10), '+0 days') IS substr(last_seen_at, 1, 10) AND substr(last_seen_at, 12, 2) < '24' AND substr(last_seen_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_session_expiry" CHECK (expires_at > created_at)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column token_hash varchar(64) NOT NULL
  column user_agent TEXT
  column ip_address varchar(45)
  column expires_at TEXT NOT NULL
  column revoked_at TEXT
  column last_seen_at TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

table users
  CREATE TABLE "users" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "username" varchar(20) NOT NULL,
    "email" varchar(255) NOT NULL,
    "password_hash" varchar(255) NOT NULL,
    "is_email_verified" INTEGER NOT NULL DEFAULT FALSE,
    "is_active" INTEGER NOT NULL DEFAULT TRUE,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "updated_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    "deleted_at" TEXT,
    "role" varchar(20) NOT NULL DEFAULT 'user',
    PRIMARY KEY ("id"),
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_username_varchar" CHECK (username IS NULL OR (typeof(username) = 'text' AND length(username) <= 20 AND instr(CAST(username AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_email_varchar" CHECK (email IS NULL OR (typeof(email) = 'text' AND length(email) <= 255 AND instr(CAST(email AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_password_hash_varchar" CHECK (password_hash IS NULL OR (typeof(password_hash) = 'text' AND length(password_hash) <= 255 AND instr(CAST(password_hash AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_is_email_verified_boolean" CHECK (is_email_verified IS NULL OR (is_email_verified IN (0, 1))),
    CONSTRAINT "chk_is_active_boolean" CHECK (is_active IS NULL OR (is_active IN (0, 1))),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_updated_at_timestamp" CHECK (updated_at IS NULL OR (typeof(updated_at) = 'text' AND ((length(updated_at) = 25 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(updated_at) = 29 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(updated_at, 21, 3) <> '000') OR (length(updated_at) = 32 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(updated_at, 24, 3) <> '000')) AND date(substr(updated_at, 1, 10), '+0 days') IS substr(updated_at, 1, 10) AND substr(updated_at, 12, 2) < '24' AND substr(updated_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_deleted_at_timestamp" CHECK (deleted_at IS NULL OR (typeof(deleted_at) = 'text' AND ((length(deleted_at) = 25 AND deleted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(deleted_at) = 29 AND deleted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(deleted_at, 21, 3) <> '000') OR (length(deleted_at) = 32 AND deleted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(deleted_at, 24, 3) <> '000')) AND date(substr(deleted_at, 1, 10), '+0 days') IS substr(deleted_at, 1, 10) AND substr(deleted_at, 12, 2) < '24' AND substr(deleted_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_username_format" CHECK (length(username) BETWEEN 3 AND 20 AND username NOT GLOB '*[^A-Za-z0-9_]*'),
    CONSTRAINT "chk_email_format" CHECK (instr(email, '@') > 1 AND instr(substr(email, instr(email, '@') + 1), '@') = 0 AND substr(email, 1, instr(email, '@') - 1) NOT GLOB '*[^A-Za-z0-9._%+-]*' AND substr(email, instr(email, '@') + 1) NOT GLOB '*[^A-Za-z0-9.-]*' AND substr(rtrim(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'), -1) = '.' AND length(email) - length(rtrim(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')) >= 2 AND length(rtrim(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')) - instr(email, '@') >= 2),
    CONSTRAINT "chk_role_varchar" CHECK (role IS NULL OR (typeof(role) = 'text' AND length(role) <= 20 AND instr(CAST(role AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_users_role" CHECK (role IN ('user', 'admin'))
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column username varchar(20) NOT NULL
  column email varchar(255) NOT NULL
  column password_hash varchar(255) NOT NULL
  column is_email_verified INTEGER NOT NULL DEFAULT FALSE
  column is_active INTEGER NOT NULL DEFAULT TRUE
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column updated_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)
  column deleted_at TEXT
  column role varchar(20) NOT NULL DEFAULT 'user'

table verification_tokens
  CREATE TABLE "verification_tokens" (
    "id" BLOB NOT NULL DEFAULT ((randomblob(16))),
    "user_id" BLOB NOT NULL,
    "token_hash" varchar(64) NOT NULL,
    "token_type" varchar(20) NOT NULL,
    "expires_at" TEXT NOT NULL,
    "used_at" TEXT,
    "created_at" TEXT NOT NULL DEFAULT ((CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)),
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_verification_tokens_token_hash" UNIQUE ("token_hash"),
    FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "chk_id_uuid" CHECK (id IS NULL OR (typeof(id) = 'blob' AND length(id) = 16)),
    CONSTRAINT "chk_user_id_uuid" CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)),
    CONSTRAINT "chk_token_hash_varchar" CHECK (token_hash IS NULL OR (typeof(token_hash) = 'text' AND length(token_hash) <= 64 AND instr(CAST(token_hash AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_verification_tokens_token_hash_format" CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
    CONSTRAINT "chk_token_type_varchar" CHECK (token_type IS NULL OR (typeof(token_type) = 'text' AND length(token_type) <= 20 AND instr(CAST(token_type AS BLOB), X'00') = 0)),
    CONSTRAINT "chk_expires_at_timestamp" CHECK (expires_at IS NULL OR (typeof(expires_at) = 'text' AND ((length(expires_at) = 25 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(expires_at) = 29 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(expires_at, 21, 3) <> '000') OR (length(expires_at) = 32 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(expires_at, 24, 3) <> '000')) AND date(substr(expires_at, 1, 10), '+0 days') IS substr(expires_at, 1, 10) AND substr(expires_at, 12, 2) < '24' AND substr(expires_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_used_at_timestamp" CHECK (used_at IS NULL OR (typeof(used_at) = 'text' AND ((length(used_at) = 25 AND used_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(used_at) = 29 AND used_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(used_at, 21, 3) <> '000') OR (length(used_at) = 32 AND used_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(used_at, 24, 3) <> '000')) AND date(substr(used_at, 1, 10), '+0 days') IS substr(used_at, 1, 10) AND substr(used_at, 12, 2) < '24' AND substr(used_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_created_at_timestamp" CHECK (created_at IS NULL OR (typeof(created_at) = 'text' AND ((length(created_at) = 25 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]+00:00') OR (length(created_at) = 29 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' AND substr(created_at, 21, 3) <> '000') OR (length(created_at) = 32 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr(created_at, 24, 3) <> '000')) AND date(substr(created_at, 1, 10), '+0 days') IS substr(created_at, 1, 10) AND substr(created_at, 12, 2) < '24' AND substr(created_at, 1, 4) <> '0000')),
    CONSTRAINT "chk_token_type" CHECK (token_type IN ('email_verify', 'password_reset', 'email_change')),
    CONSTRAINT "chk_token_expiry" CHECK (expires_at > created_at)
  )
  column id BLOB NOT NULL DEFAULT (randomblob(16)) PRIMARY KEY #1
  column user_id BLOB NOT NULL
  column token_hash varchar(64) NOT NULL
  column token_type varchar(20) NOT NULL
  column expires_at TEXT NOT NULL
  column used_at TEXT
  column created_at TEXT NOT NULL DEFAULT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)

trigger audit_health_profiles_delete on health_profiles
  CREATE TRIGGER audit_health_profiles_delete AFTER DELETE ON "health_profiles" FOR EACH ROW BEGIN
    INSERT INTO "data_changes" (table_name, operation, user_id, record_id, old_data, new_data, changed_at) VALUES ('health_profiles', 'DELETE', (SELECT user_id FROM "audit_context" WHERE slot = 1), OLD.id, json_object('id', lower(substr(hex(OLD.id), 1, 8) || '-' || substr(hex(OLD.id), 9, 4) || '-' || substr(hex(OLD.id), 13, 4) || '-' || substr(hex(OLD.id), 17, 4) || '-' || substr(hex(OLD.id), 21)), 'user_id', lower(substr(hex(OLD.user_id), 1, 8) || '-' || substr(hex(OLD.user_id), 9, 4) || '-' || substr(hex(OLD.user_id), 13, 4) || '-' || substr(hex(OLD.user_id), 17, 4) || '-' || substr(hex(OLD.user_id), 21)), 'height_cm', OLD.height_cm, 'weight_kg', OLD.weight_kg, 'date_of_birth', OLD.date_of_birth, 'gender', OLD.gender, 'activity_level', OLD.activity_level, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL, (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END));
  END

trigger audit_health_profiles_insert on health_profiles
  CREATE TRIGGER audit_health_profiles_insert AFTER INSERT ON "health_profiles" FOR EACH ROW BEGIN
    INSERT INTO "data_changes" (table_name, operation, user_id, record_id, old_data, new_data, changed_at) VALUES ('health_profiles', 'INSERT', (SELECT user_id FROM "audit_context" WHERE slot = 1), NEW.id, NULL, json_object('id', lower(substr(hex(NEW.id), 1, 8) || '-' || substr(hex(NEW.id), 9, 4) || '-' || substr(hex(NEW.id), 13, 4) || '-' || substr(hex(NEW.id), 17, 4) || '-' || substr(hex(NEW.id), 21)), 'user_id', lower(substr(hex(NEW.user_id), 1, 8) || '-' || substr(hex(NEW.user_id), 9, 4) || '-' || substr(hex(NEW.user_id), 13, 4) || '-' || substr(hex(NEW.user_id), 17, 4) || '-' || substr(hex(NEW.user_id), 21)), 'height_cm', NEW.height_cm, 'weight_kg', NEW.weight_kg, 'date_of_birth', NEW.date_of_birth, 'gender', NEW.gender, 'activity_level', NEW.activity_level, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at), (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END));
  END

trigger audit_health_profiles_update on health_profiles
  CREATE TRIGGER audit_health_profiles_update AFTER UPDATE ON "health_profiles" FOR EACH ROW BEGIN
    UPDATE "health_profiles" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
    INSERT INTO "data_changes" (table_name, operation, user_id, record_id, old_data, new_data, changed_at) SELECT 'health_profiles', 'UPDATE', (SELECT user_id FROM "audit_context" WHERE slot = 1), NEW.id, json_object('id', lower(substr(hex(OLD.id), 1, 8) || '-' || substr(hex(OLD.id), 9, 4) || '-' || substr(hex(OLD.id), 13, 4) || '-' || substr(hex(OLD.id), 17, 4) || '-' || substr(hex(OLD.id), 21)), 'user_id', lower(substr(hex(OLD.user_id), 1, 8) || '-' || substr(hex(OLD.user_id), 9, 4) || '-' || substr(hex(OLD.user_id), 13, 4) || '-' || substr(hex(OLD.user_id), 17, 4) || '-' || substr(hex(OLD.user_id), 21)), 'height_cm', OLD.height_cm, 'weight_kg', OLD.weight_kg, 'date_of_birth', OLD.date_of_birth, 'gender', OLD.gender, 'activity_level', OLD.activity_level, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', lower(substr(hex(stored.id), 1, 8) || '-' || substr(hex(stored.id), 9, 4) || '-' || substr(hex(stored.id), 13, 4) || '-' || substr(hex(stored.id), 17, 4) || '-' || substr(hex(stored.id), 21)), 'user_id', lower(substr(hex(stored.user_id), 1, 8) || '-' || substr(hex(stored.user_id), 9, 4) || '-' || substr(hex(stored.user_id), 13, 4) || '-' || substr(hex(stored.user_id), 17, 4) || '-' || substr(hex(stored.user_id), 21)), 'height_cm', stored.height_cm, 'weight_kg', stored.weight_kg, 'date_of_birth', stored.date_of_birth, 'gender', stored.gender, 'activity_level', stored.activity_level, 'created_at', stored.created_at, 'updated_at', stored.updated_at), (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) FROM "health_profiles" AS stored WHERE stored.rowid = NEW.rowid;
  END

trigger ensure_email_verified_insert on health_profiles
  CREATE TRIGGER ensure_email_verified_insert BEFORE INSERT ON "health_profiles" FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM "users" WHERE id = NEW.user_id AND is_email_verified) BEGIN
    SELECT RAISE(ABORT, 'ensure_email_verified');
  END

trigger ensure_email_verified_update on health_profiles
  CREATE TRIGGER ensure_email_verified_update BEFORE UPDATE OF user_id ON "health_profiles" FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM "users" WHERE id = NEW.user_id AND is_email_verified) BEGIN
    SELECT RAISE(ABORT, 'ensure_email_verified');
  END

trigger stand_in_ai_model_results_insert on ai_model_results
  CREATE TRIGGER "stand_in_ai_model_results_insert" BEFORE INSERT ON "ai_model_results" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_output_json') WHERE NOT (NEW."output" IS NULL OR (typeof(NEW."output") = 'text' AND instr(CAST(NEW."output" AS BLOB), X'00') = 0 AND json_valid(NEW."output")));
    SELECT RAISE(ABORT, 'chk_output_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."output") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_ai_model_results_update on ai_model_results
  CREATE TRIGGER "stand_in_ai_model_results_update" BEFORE UPDATE OF "output" ON "ai_model_results" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_output_json') WHERE NOT (NEW."output" IS NULL OR (typeof(NEW."output") = 'text' AND instr(CAST(NEW."output" AS BLOB), X'00') = 0 AND json_valid(NEW."output")));
    SELECT RAISE(ABORT, 'chk_output_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."output") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_allergens_insert on allergens
  CREATE TRIGGER "stand_in_allergens_insert" BEFORE INSERT ON "allergens" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_common_foods_text_list') WHERE NOT (NEW."common_foods" IS NULL OR (typeof(NEW."common_foods") = 'text' AND instr(CAST(NEW."common_foods" AS BLOB), X'00') = 0 AND json_valid(NEW."common_foods") AND json_type(NEW."common_foods") = 'array'));
    SELECT RAISE(ABORT, 'chk_common_foods_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."common_foods") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
  END

trigger stand_in_allergens_update on allergens
  CREATE TRIGGER "stand_in_allergens_update" BEFORE UPDATE OF "common_foods" ON "allergens" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_common_foods_text_list') WHERE NOT (NEW."common_foods" IS NULL OR (typeof(NEW."common_foods") = 'text' AND instr(CAST(NEW."common_foods" AS BLOB), X'00') = 0 AND json_valid(NEW."common_foods") AND json_type(NEW."common_foods") = 'array'));
    SELECT RAISE(ABORT, 'chk_common_foods_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."common_foods") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
  END

trigger stand_in_daily_nutrition_insert on daily_nutrition
  CREATE TRIGGER "stand_in_daily_nutrition_insert" BEFORE INSERT ON "daily_nutrition" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_date_date') WHERE NOT (NEW."date" IS NULL OR NEW."date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_daily_nutrition_update on daily_nutrition
  CREATE TRIGGER "stand_in_daily_nutrition_update" BEFORE UPDATE OF "date" ON "daily_nutrition" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_date_date') WHERE NOT (NEW."date" IS NULL OR NEW."date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_data_changes_insert on data_changes
  CREATE TRIGGER "stand_in_data_changes_insert" BEFORE INSERT ON "data_changes" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_old_data_json') WHERE NOT (NEW."old_data" IS NULL OR (typeof(NEW."old_data") = 'text' AND instr(CAST(NEW."old_data" AS BLOB), X'00') = 0 AND json_valid(NEW."old_data")));
    SELECT RAISE(ABORT, 'chk_old_data_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."old_data") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
    SELECT RAISE(ABORT, 'chk_new_data_json') WHERE NOT (NEW."new_data" IS NULL OR (typeof(NEW."new_data") = 'text' AND instr(CAST(NEW."new_data" AS BLOB), X'00') = 0 AND json_valid(NEW."new_data")));
    SELECT RAISE(ABORT, 'chk_new_data_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."new_data") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_data_changes_update on data_changes
  CREATE TRIGGER "stand_in_data_changes_update" BEFORE UPDATE OF "old_data", "new_data" ON "data_changes" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_old_data_json') WHERE NOT (NEW."old_data" IS NULL OR (typeof(NEW."old_data") = 'text' AND instr(CAST(NEW."old_data" AS BLOB), X'00') = 0 AND json_valid(NEW."old_data")));
    SELECT RAISE(ABORT, 'chk_old_data_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."old_data") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
    SELECT RAISE(ABORT, 'chk_new_data_json') WHERE NOT (NEW."new_data" IS NULL OR (typeof(NEW."new_data") = 'text' AND instr(CAST(NEW."new_data" AS BLOB), X'00') = 0 AND json_valid(NEW."new_data")));
    SELECT RAISE(ABORT, 'chk_new_data_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."new_data") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_fitness_goals_insert on fitness_goals
  CREATE TRIGGER "stand_in_fitness_goals_insert" BEFORE INSERT ON "fitness_goals" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_start_date_date') WHERE NOT (NEW."start_date" IS NULL OR NEW."start_date" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_target_date_date') WHERE NOT (NEW."target_date" IS NULL OR NEW."target_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_fitness_goals_update on fitness_goals
  CREATE TRIGGER "stand_in_fitness_goals_update" BEFORE UPDATE OF "start_date", "target_date" ON "fitness_goals" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_start_date_date') WHERE NOT (NEW."start_date" IS NULL OR NEW."start_date" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_target_date_date') WHERE NOT (NEW."target_date" IS NULL OR NEW."target_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_health_profiles_insert on health_profiles
  CREATE TRIGGER "stand_in_health_profiles_insert" BEFORE INSERT ON "health_profiles" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_date_of_birth_date') WHERE NOT (NEW."date_of_birth" IS NULL OR NEW."date_of_birth" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_health_profiles_update on health_profiles
  CREATE TRIGGER "stand_in_health_profiles_update" BEFORE UPDATE OF "date_of_birth" ON "health_profiles" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_date_of_birth_date') WHERE NOT (NEW."date_of_birth" IS NULL OR NEW."date_of_birth" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_inventory_items_insert on inventory_items
  CREATE TRIGGER "stand_in_inventory_items_insert" BEFORE INSERT ON "inventory_items" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_best_before_date') WHERE NOT (NEW."best_before" IS NULL OR NEW."best_before" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_inventory_items_update on inventory_items
  CREATE TRIGGER "stand_in_inventory_items_update" BEFORE UPDATE OF "best_before" ON "inventory_items" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_best_before_date') WHERE NOT (NEW."best_before" IS NULL OR NEW."best_before" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_meal_logs_insert on meal_logs
  CREATE TRIGGER "stand_in_meal_logs_insert" BEFORE INSERT ON "meal_logs" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_local_date_date') WHERE NOT (NEW."local_date" IS NULL OR NEW."local_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_meal_logs_update on meal_logs
  CREATE TRIGGER "stand_in_meal_logs_update" BEFORE UPDATE OF "local_date" ON "meal_logs" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_local_date_date') WHERE NOT (NEW."local_date" IS NULL OR NEW."local_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_meal_plans_insert on meal_plans
  CREATE TRIGGER "stand_in_meal_plans_insert" BEFORE INSERT ON "meal_plans" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_start_date_date') WHERE NOT (NEW."start_date" IS NULL OR NEW."start_date" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_end_date_date') WHERE NOT (NEW."end_date" IS NULL OR NEW."end_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_meal_plans_update on meal_plans
  CREATE TRIGGER "stand_in_meal_plans_update" BEFORE UPDATE OF "start_date", "end_date" ON "meal_plans" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_start_date_date') WHERE NOT (NEW."start_date" IS NULL OR NEW."start_date" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_end_date_date') WHERE NOT (NEW."end_date" IS NULL OR NEW."end_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_nutrition_goals_insert on nutrition_goals
  CREATE TRIGGER "stand_in_nutrition_goals_insert" BEFORE INSERT ON "nutrition_goals" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_start_date_date') WHERE NOT (NEW."start_date" IS NULL OR NEW."start_date" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_end_date_date') WHERE NOT (NEW."end_date" IS NULL OR NEW."end_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_nutrition_goals_update on nutrition_goals
  CREATE TRIGGER "stand_in_nutrition_goals_update" BEFORE UPDATE OF "start_date", "end_date" ON "nutrition_goals" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_start_date_date') WHERE NOT (NEW."start_date" IS NULL OR NEW."start_date" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_end_date_date') WHERE NOT (NEW."end_date" IS NULL OR NEW."end_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_nutrition_insights_insert on nutrition_insights
  CREATE TRIGGER "stand_in_nutrition_insights_insert" BEFORE INSERT ON "nutrition_insights" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_data_json') WHERE NOT (NEW."data" IS NULL OR (typeof(NEW."data") = 'text' AND instr(CAST(NEW."data" AS BLOB), X'00') = 0 AND json_valid(NEW."data")));
    SELECT RAISE(ABORT, 'chk_data_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."data") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_nutrition_insights_update on nutrition_insights
  CREATE TRIGGER "stand_in_nutrition_insights_update" BEFORE UPDATE OF "data" ON "nutrition_insights" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_data_json') WHERE NOT (NEW."data" IS NULL OR (typeof(NEW."data") = 'text' AND instr(CAST(NEW."data" AS BLOB), X'00') = 0 AND json_valid(NEW."data")));
    SELECT RAISE(ABORT, 'chk_data_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."data") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_performance_metrics_insert on performance_metrics
  CREATE TRIGGER "stand_in_performance_metrics_insert" BEFORE INSERT ON "performance_metrics" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_tags_json') WHERE NOT (NEW."tags" IS NULL OR (typeof(NEW."tags") = 'text' AND instr(CAST(NEW."tags" AS BLOB), X'00') = 0 AND json_valid(NEW."tags")));
    SELECT RAISE(ABORT, 'chk_tags_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."tags") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_performance_metrics_update on performance_metrics
  CREATE TRIGGER "stand_in_performance_metrics_update" BEFORE UPDATE OF "tags" ON "performance_metrics" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_tags_json') WHERE NOT (NEW."tags" IS NULL OR (typeof(NEW."tags") = 'text' AND instr(CAST(NEW."tags" AS BLOB), X'00') = 0 AND json_valid(NEW."tags")));
    SELECT RAISE(ABORT, 'chk_tags_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."tags") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_planned_meals_insert on planned_meals
  CREATE TRIGGER "stand_in_planned_meals_insert" BEFORE INSERT ON "planned_meals" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_plan_start_date') WHERE NOT (NEW."plan_start" IS NULL OR NEW."plan_start" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_plan_end_date') WHERE NOT (NEW."plan_end" IS NULL OR NEW."plan_end" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_date_date') WHERE NOT (NEW."date" IS NULL OR NEW."date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_planned_meals_update on planned_meals
  CREATE TRIGGER "stand_in_planned_meals_update" BEFORE UPDATE OF "plan_start", "plan_end", "date" ON "planned_meals" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_plan_start_date') WHERE NOT (NEW."plan_start" IS NULL OR NEW."plan_start" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_plan_end_date') WHERE NOT (NEW."plan_end" IS NULL OR NEW."plan_end" GLOB '[0-9][0-9][0-9][0-9]-*');
    SELECT RAISE(ABORT, 'chk_date_date') WHERE NOT (NEW."date" IS NULL OR NEW."date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_recipes_insert on recipes
  CREATE TRIGGER "stand_in_recipes_insert" BEFORE INSERT ON "recipes" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_tags_text_list') WHERE NOT (NEW."tags" IS NULL OR (typeof(NEW."tags") = 'text' AND instr(CAST(NEW."tags" AS BLOB), X'00') = 0 AND json_valid(NEW."tags") AND json_type(NEW."tags") = 'array'));
    SELECT RAISE(ABORT, 'chk_tags_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."tags") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
  END

trigger stand_in_recipes_update on recipes
  CREATE TRIGGER "stand_in_recipes_update" BEFORE UPDATE OF "tags" ON "recipes" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_tags_text_list') WHERE NOT (NEW."tags" IS NULL OR (typeof(NEW."tags") = 'text' AND instr(CAST(NEW."tags" AS BLOB), X'00') = 0 AND json_valid(NEW."tags") AND json_type(NEW."tags") = 'array'));
    SELECT RAISE(ABORT, 'chk_tags_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."tags") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
  END

trigger stand_in_recommendations_insert on recommendations
  CREATE TRIGGER "stand_in_recommendations_insert" BEFORE INSERT ON "recommendations" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_reason_details_json') WHERE NOT (NEW."reason_details" IS NULL OR (typeof(NEW."reason_details") = 'text' AND instr(CAST(NEW."reason_details" AS BLOB), X'00') = 0 AND json_valid(NEW."reason_details")));
    SELECT RAISE(ABORT, 'chk_reason_details_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."reason_details") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_recommendations_update on recommendations
  CREATE TRIGGER "stand_in_recommendations_update" BEFORE UPDATE OF "reason_details" ON "recommendations" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_reason_details_json') WHERE NOT (NEW."reason_details" IS NULL OR (typeof(NEW."reason_details") = 'text' AND instr(CAST(NEW."reason_details" AS BLOB), X'00') = 0 AND json_valid(NEW."reason_details")));
    SELECT RAISE(ABORT, 'chk_reason_details_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."reason_details") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_restaurants_insert on restaurants
  CREATE TRIGGER "stand_in_restaurants_insert" BEFORE INSERT ON "restaurants" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_hours_json') WHERE NOT (NEW."hours" IS NULL OR (typeof(NEW."hours") = 'text' AND instr(CAST(NEW."hours" AS BLOB), X'00') = 0 AND json_valid(NEW."hours")));
    SELECT RAISE(ABORT, 'chk_hours_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."hours") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_restaurants_update on restaurants
  CREATE TRIGGER "stand_in_restaurants_update" BEFORE UPDATE OF "hours" ON "restaurants" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_hours_json') WHERE NOT (NEW."hours" IS NULL OR (typeof(NEW."hours") = 'text' AND instr(CAST(NEW."hours" AS BLOB), X'00') = 0 AND json_valid(NEW."hours")));
    SELECT RAISE(ABORT, 'chk_hours_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."hours") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_user_activities_insert on user_activities
  CREATE TRIGGER "stand_in_user_activities_insert" BEFORE INSERT ON "user_activities" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_metadata_json') WHERE NOT (NEW."metadata" IS NULL OR (typeof(NEW."metadata") = 'text' AND instr(CAST(NEW."metadata" AS BLOB), X'00') = 0 AND json_valid(NEW."metadata")));
    SELECT RAISE(ABORT, 'chk_metadata_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."metadata") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_user_activities_update on user_activities
  CREATE TRIGGER "stand_in_user_activities_update" BEFORE UPDATE OF "metadata" ON "user_activities" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_metadata_json') WHERE NOT (NEW."metadata" IS NULL OR (typeof(NEW."metadata") = 'text' AND instr(CAST(NEW."metadata" AS BLOB), X'00') = 0 AND json_valid(NEW."metadata")));
    SELECT RAISE(ABORT, 'chk_metadata_json') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."metadata") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)));
  END

trigger stand_in_user_allergies_insert on user_allergies
  CREATE TRIGGER "stand_in_user_allergies_insert" BEFORE INSERT ON "user_allergies" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_diagnosed_date_date') WHERE NOT (NEW."diagnosed_date" IS NULL OR NEW."diagnosed_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_user_allergies_update on user_allergies
  CREATE TRIGGER "stand_in_user_allergies_update" BEFORE UPDATE OF "diagnosed_date" ON "user_allergies" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_diagnosed_date_date') WHERE NOT (NEW."diagnosed_date" IS NULL OR NEW."diagnosed_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_user_medical_conditions_insert on user_medical_conditions
  CREATE TRIGGER "stand_in_user_medical_conditions_insert" BEFORE INSERT ON "user_medical_conditions" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_diagnosed_date_date') WHERE NOT (NEW."diagnosed_date" IS NULL OR NEW."diagnosed_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_user_medical_conditions_update on user_medical_conditions
  CREATE TRIGGER "stand_in_user_medical_conditions_update" BEFORE UPDATE OF "diagnosed_date" ON "user_medical_conditions" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_diagnosed_date_date') WHERE NOT (NEW."diagnosed_date" IS NULL OR NEW."diagnosed_date" GLOB '[0-9][0-9][0-9][0-9]-*');
  END

trigger stand_in_user_preferences_insert on user_preferences
  CREATE TRIGGER "stand_in_user_preferences_insert" BEFORE INSERT ON "user_preferences" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_preferred_cuisines_text_list') WHERE NOT (NEW."preferred_cuisines" IS NULL OR (typeof(NEW."preferred_cuisines") = 'text' AND instr(CAST(NEW."preferred_cuisines" AS BLOB), X'00') = 0 AND json_valid(NEW."preferred_cuisines") AND json_type(NEW."preferred_cuisines") = 'array'));
    SELECT RAISE(ABORT, 'chk_preferred_cuisines_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."preferred_cuisines") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
    SELECT RAISE(ABORT, 'chk_disliked_cuisines_text_list') WHERE NOT (NEW."disliked_cuisines" IS NULL OR (typeof(NEW."disliked_cuisines") = 'text' AND instr(CAST(NEW."disliked_cuisines" AS BLOB), X'00') = 0 AND json_valid(NEW."disliked_cuisines") AND json_type(NEW."disliked_cuisines") = 'array'));
    SELECT RAISE(ABORT, 'chk_disliked_cuisines_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."disliked_cuisines") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
  END

trigger stand_in_user_preferences_update on user_preferences
  CREATE TRIGGER "stand_in_user_preferences_update" BEFORE UPDATE OF "preferred_cuisines", "disliked_cuisines" ON "user_preferences" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_preferred_cuisines_text_list') WHERE NOT (NEW."preferred_cuisines" IS NULL OR (typeof(NEW."preferred_cuisines") = 'text' AND instr(CAST(NEW."preferred_cuisines" AS BLOB), X'00') = 0 AND json_valid(NEW."preferred_cuisines") AND json_type(NEW."preferred_cuisines") = 'array'));
    SELECT RAISE(ABORT, 'chk_preferred_cuisines_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."preferred_cuisines") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
    SELECT RAISE(ABORT, 'chk_disliked_cuisines_text_list') WHERE NOT (NEW."disliked_cuisines" IS NULL OR (typeof(NEW."disliked_cuisines") = 'text' AND instr(CAST(NEW."disliked_cuisines" AS BLOB), X'00') = 0 AND json_valid(NEW."disliked_cuisines") AND json_type(NEW."disliked_cuisines") = 'array'));
    SELECT RAISE(ABORT, 'chk_disliked_cuisines_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."disliked_cuisines") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
  END

trigger stand_in_user_profiles_insert on user_profiles
  CREATE TRIGGER "stand_in_user_profiles_insert" BEFORE INSERT ON "user_profiles" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_health_goals_text_list') WHERE NOT (NEW."health_goals" IS NULL OR (typeof(NEW."health_goals") = 'text' AND instr(CAST(NEW."health_goals" AS BLOB), X'00') = 0 AND json_valid(NEW."health_goals") AND json_type(NEW."health_goals") = 'array'));
    SELECT RAISE(ABORT, 'chk_health_goals_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."health_goals") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
  END

trigger stand_in_user_profiles_update on user_profiles
  CREATE TRIGGER "stand_in_user_profiles_update" BEFORE UPDATE OF "health_goals" ON "user_profiles" FOR EACH ROW BEGIN
    SELECT RAISE(ABORT, 'chk_health_goals_text_list') WHERE NOT (NEW."health_goals" IS NULL OR (typeof(NEW."health_goals") = 'text' AND instr(CAST(NEW."health_goals" AS BLOB), X'00') = 0 AND json_valid(NEW."health_goals") AND json_type(NEW."health_goals") = 'array'));
    SELECT RAISE(ABORT, 'chk_health_goals_text_list') WHERE EXISTS (SELECT 1 FROM json_tree(NEW."health_goals") AS j WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'00') > 0 OR (instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), X'ED') > 0 AND EXISTS (SELECT 1 FROM (SELECT column1 AS b FROM (VALUES (X'EDA0'), (X'EDA1'), (X'EDA2'), (X'EDA3'), (X'EDA4'), (X'EDA5'), (X'EDA6'), (X'EDA7'), (X'EDA8'), (X'EDA9'), (X'EDAA'), (X'EDAB'), (X'EDAC'), (X'EDAD'), (X'EDAE'), (X'EDAF'), (X'EDB0'), (X'EDB1'), (X'EDB2'), (X'EDB3'), (X'EDB4'), (X'EDB5'), (X'EDB6'), (X'EDB7'), (X'EDB8'), (X'EDB9'), (X'EDBA'), (X'EDBB'), (X'EDBC'), (X'EDBD'), (X'EDBE'), (X'EDBF'))) AS s WHERE instr(CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB), s.b) > 0)) OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'));
  END

trigger trg_daily_nutrition_updated_at on daily_nutrition
  CREATE TRIGGER trg_daily_nutrition_updated_at AFTER UPDATE ON "daily_nutrition" FOR EACH ROW BEGIN
    UPDATE "daily_nutrition" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_fitness_goals_updated_at on fitness_goals
  CREATE TRIGGER trg_fitness_goals_updated_at AFTER UPDATE ON "fitness_goals" FOR EACH ROW BEGIN
    UPDATE "fitness_goals" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_ingredients_updated_at on ingredients
  CREATE TRIGGER trg_ingredients_updated_at AFTER UPDATE ON "ingredients" FOR EACH ROW BEGIN
    UPDATE "ingredients" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_inventory_items_updated_at on inventory_items
  CREATE TRIGGER trg_inventory_items_updated_at AFTER UPDATE ON "inventory_items" FOR EACH ROW BEGIN
    UPDATE "inventory_items" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_meal_logs_updated_at on meal_logs
  CREATE TRIGGER trg_meal_logs_updated_at AFTER UPDATE ON "meal_logs" FOR EACH ROW BEGIN
    UPDATE "meal_logs" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_meal_plans_updated_at on meal_plans
  CREATE TRIGGER trg_meal_plans_updated_at AFTER UPDATE ON "meal_plans" FOR EACH ROW BEGIN
    UPDATE "meal_plans" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_meal_prep_sessions_updated_at on meal_prep_sessions
  CREATE TRIGGER trg_meal_prep_sessions_updated_at AFTER UPDATE ON "meal_prep_sessions" FOR EACH ROW BEGIN
    UPDATE "meal_prep_sessions" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_meals_updated_at on meals
  CREATE TRIGGER trg_meals_updated_at AFTER UPDATE ON "meals" FOR EACH ROW BEGIN
    UPDATE "meals" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_nutrient_targets_updated_at on nutrient_targets
  CREATE TRIGGER trg_nutrient_targets_updated_at AFTER UPDATE ON "nutrient_targets" FOR EACH ROW BEGIN
    UPDATE "nutrient_targets" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_nutrition_goals_updated_at on nutrition_goals
  CREATE TRIGGER trg_nutrition_goals_updated_at AFTER UPDATE ON "nutrition_goals" FOR EACH ROW BEGIN
    UPDATE "nutrition_goals" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_planned_meals_updated_at on planned_meals
  CREATE TRIGGER trg_planned_meals_updated_at AFTER UPDATE ON "planned_meals" FOR EACH ROW BEGIN
    UPDATE "planned_meals" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_recipe_ratings_rating_mean_delete on recipe_ratings
  CREATE TRIGGER trg_recipe_ratings_rating_mean_delete AFTER DELETE ON "recipe_ratings" FOR EACH ROW BEGIN
    UPDATE "recipes" SET rating_sum = (rating_sum - OLD.rating), rating_count = (rating_count - 1), rating = CASE WHEN (rating_count - 1) = 0 THEN NULL ELSE (((rating_sum - OLD.rating) * 200 + (rating_count - 1)) / (2 * (rating_count - 1))) / 100.0 END WHERE id = OLD.recipe_id;
  END

trigger trg_recipe_ratings_rating_mean_insert on recipe_ratings
  CREATE TRIGGER trg_recipe_ratings_rating_mean_insert AFTER INSERT ON "recipe_ratings" FOR EACH ROW BEGIN
    UPDATE "recipes" SET rating_sum = (rating_sum + NEW.rating), rating_count = (rating_count + 1), rating = CASE WHEN (rating_count + 1) = 0 THEN NULL ELSE (((rating_sum + NEW.rating) * 200 + (rating_count + 1)) / (2 * (rating_count + 1))) / 100.0 END WHERE id = NEW.recipe_id;
  END

trigger trg_recipe_ratings_rating_mean_update on recipe_ratings
  CREATE TRIGGER trg_recipe_ratings_rating_mean_update AFTER UPDATE OF rating, recipe_id ON "recipe_ratings" FOR EACH ROW BEGIN
    UPDATE "recipes" SET rating_sum = (rating_sum - OLD.rating), rating_count = (rating_count - 1), rating = CASE WHEN (rating_count - 1) = 0 THEN NULL ELSE (((rating_sum - OLD.rating) * 200 + (rating_count - 1)) / (2 * (rating_count - 1))) / 100.0 END WHERE id = OLD.recipe_id;
    UPDATE "recipes" SET rating_sum = (rating_sum + NEW.rating), rating_count = (rating_count + 1), rating = CASE WHEN (rating_count + 1) = 0 THEN NULL ELSE (((rating_sum + NEW.rating) * 200 + (rating_count + 1)) / (2 * (rating_count + 1))) / 100.0 END WHERE id = NEW.recipe_id;
  END

trigger trg_recipe_ratings_updated_at on recipe_ratings
  CREATE TRIGGER trg_recipe_ratings_updated_at AFTER UPDATE ON "recipe_ratings" FOR EACH ROW BEGIN
    UPDATE "recipe_ratings" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_recipes_updated_at on recipes
  CREATE TRIGGER trg_recipes_updated_at AFTER UPDATE ON "recipes" FOR EACH ROW BEGIN
    UPDATE "recipes" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_recommendations_updated_at on recommendations
  CREATE TRIGGER trg_recommendations_updated_at AFTER UPDATE ON "recommendations" FOR EACH ROW BEGIN
    UPDATE "recommendations" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_restaurants_rtree_delete on restaurants
  CREATE TRIGGER "trg_restaurants_rtree_delete" AFTER DELETE ON "restaurants" FOR EACH ROW BEGIN
    DELETE FROM "restaurants_rtree" WHERE id IN (SELECT id FROM "restaurants_rtree" WHERE min_lat <= OLD.latitude AND max_lat >= OLD.latitude AND min_lon <= OLD.longitude AND max_lon >= OLD.longitude AND row_key = OLD.id);
  END

trigger trg_restaurants_rtree_insert on restaurants
  CREATE TRIGGER "trg_restaurants_rtree_insert" AFTER INSERT ON "restaurants" FOR EACH ROW BEGIN
    INSERT INTO "restaurants_rtree" (min_lat, max_lat, min_lon, max_lon, row_key) SELECT NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude, NEW.id WHERE NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL;
  END

trigger trg_restaurants_rtree_update on restaurants
  CREATE TRIGGER "trg_restaurants_rtree_update" AFTER UPDATE OF latitude, longitude, id ON "restaurants" FOR EACH ROW BEGIN
    DELETE FROM "restaurants_rtree" WHERE id IN (SELECT id FROM "restaurants_rtree" WHERE min_lat <= OLD.latitude AND max_lat >= OLD.latitude AND min_lon <= OLD.longitude AND max_lon >= OLD.longitude AND row_key = OLD.id);
    INSERT INTO "restaurants_rtree" (min_lat, max_lat, min_lon, max_lon, row_key) SELECT NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude, NEW.id WHERE NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL;
  END

trigger trg_restaurants_updated_at on restaurants
  CREATE TRIGGER trg_restaurants_updated_at AFTER UPDATE ON "restaurants" FOR EACH ROW BEGIN
    UPDATE "restaurants" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_shopping_items_updated_at on shopping_items
  CREATE TRIGGER trg_shopping_items_updated_at AFTER UPDATE ON "shopping_items" FOR EACH ROW BEGIN
    UPDATE "shopping_items" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_shopping_lists_updated_at on shopping_lists
  CREATE TRIGGER trg_shopping_lists_updated_at AFTER UPDATE ON "shopping_lists" FOR EACH ROW BEGIN
    UPDATE "shopping_lists" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_user_allergies_updated_at on user_allergies
  CREATE TRIGGER trg_user_allergies_updated_at AFTER UPDATE ON "user_allergies" FOR EACH ROW BEGIN
    UPDATE "user_allergies" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_user_medical_conditions_updated_at on user_medical_conditions
  CREATE TRIGGER trg_user_medical_conditions_updated_at AFTER UPDATE ON "user_medical_conditions" FOR EACH ROW BEGIN
    UPDATE "user_medical_conditions" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_user_payment_methods_updated_at on user_payment_methods
  CREATE TRIGGER trg_user_payment_methods_updated_at AFTER UPDATE ON "user_payment_methods" FOR EACH ROW BEGIN
    UPDATE "user_payment_methods" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_user_preferences_updated_at on user_preferences
  CREATE TRIGGER trg_user_preferences_updated_at AFTER UPDATE ON "user_preferences" FOR EACH ROW BEGIN
    UPDATE "user_preferences" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_user_profiles_updated_at on user_profiles
  CREATE TRIGGER trg_user_profiles_updated_at AFTER UPDATE ON "user_profiles" FOR EACH ROW BEGIN
    UPDATE "user_profiles" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

trigger trg_users_updated_at on users
  CREATE TRIGGER trg_users_updated_at AFTER UPDATE ON "users" FOR EACH ROW BEGIN
    UPDATE "users" SET updated_at = (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END) WHERE rowid = NEW.rowid AND updated_at IS NOT (CASE WHEN strftime('%f', 'now') GLOB '*.000' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
  END

view health_profile_bmr
  CREATE VIEW health_profile_bmr AS SELECT health_profile_id, user_id, age_years, CAST(CASE WHEN raw < 0 THEN 0 ELSE raw END AS INTEGER) AS bmr_calories FROM ( SELECT id AS health_profile_id, user_id, age_years, CAST(round((CASE gender WHEN 'male' THEN 10 * CAST(round(weight_kg * 100) AS INTEGER) + 625 * height_cm - 500 * age_years + 500 WHEN 'female' THEN 10 * CAST(round(weight_kg * 100) AS INTEGER) + 625 * height_cm - 500 * age_years - 16100 END) / 100.0) AS INTEGER) AS raw FROM ( SELECT *, CAST(strftime('%Y', 'now') AS INTEGER) - CAST(strftime('%Y', date_of_birth) AS INTEGER) - (strftime('%m-%d', 'now') < strftime('%m-%d', date_of_birth)) AS age_years FROM health_profiles ) )
  column health_profile_id BLOB
  column user_id BLOB
  column age_years
  column bmr_calories INT

