-- The schema the migrations build on Postgres, as migration::dump::schema_dump prints it.
-- Generated: do not edit. tests/suite/pinned.rs fails when the migrations build anything
-- else; after an intended change regenerate with
--   BLESS_SCHEMA=1 TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p eatsential-tests --test suite schema_is_pinned

extension plpgsql in schema pg_catalog
schema audit
schema auth
schema health
schema public

table audit.data_changes
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column table_name character varying(64) COLLATE pg_catalog."C" NOT NULL
  column operation character varying(10) COLLATE pg_catalog."C" NOT NULL
  column user_id uuid
  column record_id uuid NOT NULL
  column old_data jsonb
  column new_data jsonb
  column changed_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_changed_at_finite: CHECK (((changed_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (changed_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_data_changes_operation: CHECK (((operation)::text = ANY ((ARRAY['INSERT'::character varying, 'UPDATE'::character varying, 'DELETE'::character varying])::text[])))
  constraint data_changes_pkey: PRIMARY KEY (id)
  index data_changes_pkey: CREATE UNIQUE INDEX data_changes_pkey ON audit.data_changes USING btree (id)
  index idx_data_changes_changed_at: CREATE INDEX idx_data_changes_changed_at ON audit.data_changes USING brin (changed_at)
  index idx_data_changes_record: CREATE INDEX idx_data_changes_record ON audit.data_changes USING btree (table_name, record_id)

table auth.password_history
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column password_hash character varying(255) COLLATE pg_catalog."C" NOT NULL
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_password_history_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint password_history_pkey: PRIMARY KEY (id)
  index idx_password_history_user: CREATE INDEX idx_password_history_user ON auth.password_history USING btree (user_id, created_at)
  index password_history_pkey: CREATE UNIQUE INDEX password_history_pkey ON auth.password_history USING btree (id)
  policy password_history_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table auth.refresh_tokens
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column token_hash character varying(64) COLLATE pg_catalog."C" NOT NULL
  column family_id uuid NOT NULL
  column expires_at timestamp with time zone NOT NULL
  column used_at timestamp with time zone
  column revoked_at timestamp with time zone
  column replaced_by uuid
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_expires_at_finite: CHECK (((expires_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (expires_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_refresh_tokens_expiry: CHECK ((expires_at > created_at))
  constraint chk_refresh_tokens_replaced_after_use: CHECK (((replaced_by IS NULL) OR ((used_at IS NOT NULL) AND (replaced_by <> id))))
  constraint chk_refresh_tokens_token_hash_format: CHECK (((token_hash)::text ~ '^[0-9a-f]{64}$'::text))
  constraint chk_revoked_at_finite: CHECK (((revoked_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (revoked_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_used_at_finite: CHECK (((used_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (used_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_refresh_tokens_replaced_by: FOREIGN KEY (replaced_by) REFERENCES auth.refresh_tokens(id) ON UPDATE CASCADE ON DELETE SET NULL
  constraint fk_refresh_tokens_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint refresh_tokens_pkey: PRIMARY KEY (id)
  constraint uq_refresh_tokens_replaced_by: UNIQUE (replaced_by)
  constraint uq_refresh_tokens_token_hash: UNIQUE (token_hash)
  index idx_refresh_tokens_family: CREATE INDEX idx_refresh_tokens_family ON auth.refresh_tokens USING btree (family_id)
  index idx_refresh_tokens_user_live: CREATE INDEX idx_refresh_tokens_user_live ON auth.refresh_tokens USING btree (user_id, expires_at) WHERE ((revoked_at IS NULL) AND (used_at IS NULL))
  index refresh_tokens_pkey: CREATE UNIQUE INDEX refresh_tokens_pkey ON auth.refresh_tokens USING btree (id)
  index uq_refresh_tokens_replaced_by: CREATE UNIQUE INDEX uq_refresh_tokens_replaced_by ON auth.refresh_tokens USING btree (replaced_by)
  index uq_refresh_tokens_token_hash: CREATE UNIQUE INDEX uq_refresh_tokens_token_hash ON auth.refresh_tokens USING btree (token_hash)
  policy refresh_tokens_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table auth.user_sessions
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column token_hash character varying(64) COLLATE pg_catalog."C" NOT NULL
  column user_agent text COLLATE pg_catalog."C"
  column ip_address character varying(45) COLLATE pg_catalog."C"
  column expires_at timestamp with time zone NOT NULL
  column revoked_at timestamp with time zone
  column last_seen_at timestamp with time zone
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_expires_at_finite: CHECK (((expires_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (expires_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_last_seen_at_finite: CHECK (((last_seen_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (last_seen_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_revoked_at_finite: CHECK (((revoked_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (revoked_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_session_expiry: CHECK ((expires_at > created_at))
  constraint chk_user_sessions_token_hash_format: CHECK (((token_hash)::text ~ '^[0-9a-f]{64}$'::text))
  constraint fk_user_sessions_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint uq_user_sessions_token_hash: UNIQUE (token_hash)
  constraint user_sessions_pkey: PRIMARY KEY (id)
  index idx_user_sessions_live: CREATE INDEX idx_user_sessions_live ON auth.user_sessions USING btree (expires_at) WHERE (revoked_at IS NULL)
  index idx_user_sessions_user_id: CREATE INDEX idx_user_sessions_user_id ON auth.user_sessions USING btree (user_id)
  index uq_user_sessions_token_hash: CREATE UNIQUE INDEX uq_user_sessions_token_hash ON auth.user_sessions USING btree (token_hash)
  index user_sessions_pkey: CREATE UNIQUE INDEX user_sessions_pkey ON auth.user_sessions USING btree (id)
  policy user_sessions_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table auth.verification_tokens
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column token_hash character varying(64) COLLATE pg_catalog."C" NOT NULL
  column token_type character varying(20) COLLATE pg_catalog."C" NOT NULL
  column expires_at timestamp with time zone NOT NULL
  column used_at timestamp with time zone
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_expires_at_finite: CHECK (((expires_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (expires_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_token_expiry: CHECK ((expires_at > created_at))
  constraint chk_token_type: CHECK (((token_type)::text = ANY ((ARRAY['email_verify'::character varying, 'password_reset'::character varying, 'email_change'::character varying])::text[])))
  constraint chk_used_at_finite: CHECK (((used_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (used_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_verification_tokens_token_hash_format: CHECK (((token_hash)::text ~ '^[0-9a-f]{64}$'::text))
  constraint fk_verification_tokens_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint uq_verification_tokens_token_hash: UNIQUE (token_hash)
  constraint verification_tokens_pkey: PRIMARY KEY (id)
  index idx_verification_tokens_expires: CREATE INDEX idx_verification_tokens_expires ON auth.verification_tokens USING btree (expires_at) WHERE (used_at IS NULL)
  index idx_verification_tokens_user_id: CREATE INDEX idx_verification_tokens_user_id ON auth.verification_tokens USING btree (user_id)
  index uq_verification_tokens_token_hash: CREATE UNIQUE INDEX uq_verification_tokens_token_hash ON auth.verification_tokens USING btree (token_hash)
  index verification_tokens_pkey: CREATE UNIQUE INDEX verification_tokens_pkey ON auth.verification_tokens USING btree (id)
  policy verification_tokens_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table health.allergens
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column name character varying(100) COLLATE pg_catalog."C" NOT NULL
  column category character varying(50) COLLATE pg_catalog."C" NOT NULL
  column description text COLLATE pg_catalog."C"
  column common_foods text[] NOT NULL DEFAULT '{}'::text[]
  column is_active boolean NOT NULL DEFAULT true
  column fda_recognized boolean NOT NULL DEFAULT true
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint allergens_pkey: PRIMARY KEY (id)
  constraint chk_allergen_category: CHECK (((category)::text = ANY ((ARRAY['Food'::character varying, 'Environmental'::character varying, 'Medication'::character varying, 'Other'::character varying])::text[])))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint uq_allergens_name: UNIQUE (name)
  index allergens_pkey: CREATE UNIQUE INDEX allergens_pkey ON health.allergens USING btree (id)
  index idx_allergens_common_foods: CREATE INDEX idx_allergens_common_foods ON health.allergens USING gin (common_foods)
  index uq_allergens_name: CREATE UNIQUE INDEX uq_allergens_name ON health.allergens USING btree (name)

table health.dietary_restrictions_ref
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column name character varying(50) COLLATE pg_catalog."C" NOT NULL
  column description text COLLATE pg_catalog."C"
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint dietary_restrictions_ref_pkey: PRIMARY KEY (id)
  constraint uq_dietary_restrictions_ref_name: UNIQUE (name)
  index dietary_restrictions_ref_pkey: CREATE UNIQUE INDEX dietary_restrictions_ref_pkey ON health.dietary_restrictions_ref USING btree (id)
  index uq_dietary_restrictions_ref_name: CREATE UNIQUE INDEX uq_dietary_restrictions_ref_name ON health.dietary_restrictions_ref USING btree (name)

table health.medical_conditions_ref
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column name character varying(100) COLLATE pg_catalog."C" NOT NULL
  column description text COLLATE pg_catalog."C"
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint medical_conditions_ref_pkey: PRIMARY KEY (id)
  constraint uq_medical_conditions_ref_name: UNIQUE (name)
  index medical_conditions_ref_pkey: CREATE UNIQUE INDEX medical_conditions_ref_pkey ON health.medical_conditions_ref USING btree (id)
  index uq_medical_conditions_ref_name: CREATE UNIQUE INDEX uq_medical_conditions_ref_name ON health.medical_conditions_ref USING btree (name)

table public.feedback
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column recommendation_id uuid
  column meal_id uuid NOT NULL
  column rating integer NOT NULL
  column comment text COLLATE pg_catalog."C"
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_feedback_comment: CHECK ((length(comment) <= 2000))
  constraint chk_feedback_rating: CHECK (((rating >= 1) AND (rating <= 5)))
  constraint feedback_pkey: PRIMARY KEY (id)
  constraint fk_feedback_meal: FOREIGN KEY (meal_id) REFERENCES public.meals(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_feedback_recommendation: FOREIGN KEY (recommendation_id, user_id, meal_id) REFERENCES public.recommendations(id, user_id, meal_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_feedback_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint uq_feedback_recommendation: UNIQUE (recommendation_id)
  index feedback_pkey: CREATE UNIQUE INDEX feedback_pkey ON public.feedback USING btree (id)
  index idx_feedback_meal: CREATE INDEX idx_feedback_meal ON public.feedback USING btree (meal_id)
  index idx_feedback_user: CREATE INDEX idx_feedback_user ON public.feedback USING btree (user_id, created_at)
  index uq_feedback_recommendation: CREATE UNIQUE INDEX uq_feedback_recommendation ON public.feedback USING btree (recommendation_id)
  policy feedback_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.fitness_goals
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column health_profile_id uuid NOT NULL
  column goal_type character varying(30) COLLATE pg_catalog."C" NOT NULL
  column target_weight_kg numeric(5,2)
  column target_body_fat_percent numeric(4,1)
  column weekly_exercise_minutes integer
  column daily_steps integer
  column start_date date NOT NULL
  column target_date date
  column status character varying(20) COLLATE pg_catalog."C" NOT NULL DEFAULT 'active'::character varying
  column ended_at timestamp with time zone
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_ended_at_finite: CHECK (((ended_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (ended_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_fitness_goals_body_fat: CHECK (((target_body_fat_percent >= (2)::numeric) AND (target_body_fat_percent <= (70)::numeric)))
  constraint chk_fitness_goals_daily_steps: CHECK (((daily_steps >= 1) AND (daily_steps <= 100000)))
  constraint chk_fitness_goals_dates: CHECK ((target_date >= start_date))
  constraint chk_fitness_goals_ended: CHECK ((((status)::text = 'active'::text) = (ended_at IS NULL)))
  constraint chk_fitness_goals_goal_type: CHECK (((goal_type)::text = ANY ((ARRAY['lose_weight'::character varying, 'gain_weight'::character varying, 'build_muscle'::character varying, 'maintain_weight'::character varying, 'improve_endurance'::character varying, 'improve_flexibility'::character varying, 'general_fitness'::character varying])::text[])))
  constraint chk_fitness_goals_status: CHECK (((status)::text = ANY ((ARRAY['active'::character varying, 'achieved'::character varying, 'abandoned'::character varying])::text[])))
  constraint chk_fitness_goals_target_weight: CHECK (((target_weight_kg >= (20)::numeric) AND (target_weight_kg <= (500)::numeric)))
  constraint chk_fitness_goals_weekly_minutes: CHECK (((weekly_exercise_minutes >= 1) AND (weekly_exercise_minutes <= 10080)))
  constraint chk_start_date_finite: CHECK (((start_date >= '0001-01-01'::date) AND (start_date <= '9999-12-31'::date)))
  constraint chk_target_date_finite: CHECK (((target_date >= '0001-01-01'::date) AND (target_date <= '9999-12-31'::date)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fitness_goals_pkey: PRIMARY KEY (id)
  constraint fk_fitness_goals_profile: FOREIGN KEY (health_profile_id, user_id) REFERENCES public.health_profiles(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_fitness_goals_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  index fitness_goals_pkey: CREATE UNIQUE INDEX fitness_goals_pkey ON public.fitness_goals USING btree (id)
  index idx_fitness_goals_profile: CREATE INDEX idx_fitness_goals_profile ON public.fitness_goals USING btree (health_profile_id, user_id)
  index idx_fitness_goals_user_status: CREATE INDEX idx_fitness_goals_user_status ON public.fitness_goals USING btree (user_id, status)
  trigger trg_fitness_goals_updated_at: CREATE TRIGGER trg_fitness_goals_updated_at BEFORE UPDATE ON public.fitness_goals FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy fitness_goals_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.health_profiles
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column height_cm integer
  column weight_kg numeric(5,2)
  column date_of_birth date
  column gender character varying(20) COLLATE pg_catalog."C"
  column activity_level character varying(20) COLLATE pg_catalog."C"
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_activity_level: CHECK (((activity_level)::text = ANY ((ARRAY['sedentary'::character varying, 'light'::character varying, 'moderate'::character varying, 'active'::character varying, 'very_active'::character varying])::text[])))
  constraint chk_age_minimum: CHECK ((date_of_birth <= (CURRENT_DATE - '13 years'::interval)))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_date_of_birth_finite: CHECK (((date_of_birth >= '0001-01-01'::date) AND (date_of_birth <= '9999-12-31'::date)))
  constraint chk_gender_values: CHECK (((gender)::text = ANY ((ARRAY['male'::character varying, 'female'::character varying, 'other'::character varying, 'prefer_not_to_say'::character varying])::text[])))
  constraint chk_height_range: CHECK (((height_cm >= 50) AND (height_cm <= 300)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_weight_range: CHECK (((weight_kg >= (20)::numeric) AND (weight_kg <= (500)::numeric)))
  constraint fk_health_profiles_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint health_profiles_pkey: PRIMARY KEY (id)
  constraint uq_health_profiles_id_user: UNIQUE (id, user_id)
  constraint uq_one_profile_per_user: UNIQUE (user_id)
  index health_profiles_pkey: CREATE UNIQUE INDEX health_profiles_pkey ON public.health_profiles USING btree (id)
  index uq_health_profiles_id_user: CREATE UNIQUE INDEX uq_health_profiles_id_user ON public.health_profiles USING btree (id, user_id)
  index uq_one_profile_per_user: CREATE UNIQUE INDEX uq_one_profile_per_user ON public.health_profiles USING btree (user_id)
  trigger audit_health_profiles: CREATE TRIGGER audit_health_profiles AFTER INSERT OR DELETE OR UPDATE ON public.health_profiles FOR EACH ROW EXECUTE FUNCTION audit.audit_changes('id')
  trigger ensure_email_verified: CREATE TRIGGER ensure_email_verified BEFORE INSERT OR UPDATE OF user_id ON public.health_profiles FOR EACH ROW EXECUTE FUNCTION public.ensure_email_verified()
  trigger trg_health_profiles_updated_at: CREATE TRIGGER trg_health_profiles_updated_at BEFORE UPDATE ON public.health_profiles FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy health_profiles_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.meals
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column restaurant_id uuid NOT NULL
  column name character varying(255) COLLATE pg_catalog."C" NOT NULL
  column description text COLLATE pg_catalog."C"
  column category character varying(50) COLLATE pg_catalog."C"
  column price numeric(10,2) NOT NULL
  column energy_kcal integer
  column protein_g numeric(5,1)
  column carbs_g numeric(5,1)
  column fat_g numeric(5,1)
  column fiber_g numeric(5,1)
  column sugar_g numeric(5,1)
  column sodium_mg integer
  column image_url character varying(500) COLLATE pg_catalog."C"
  column is_available boolean NOT NULL DEFAULT true
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_meals_energy: CHECK (((energy_kcal >= 0) AND (energy_kcal <= 5000)))
  constraint chk_meals_name: CHECK ((length(TRIM(BOTH FROM name)) > 0))
  constraint chk_meals_nutrients: CHECK (((protein_g >= (0)::numeric) AND (carbs_g >= (0)::numeric) AND (fat_g >= (0)::numeric) AND (fiber_g >= (0)::numeric) AND (sugar_g >= (0)::numeric) AND (sodium_mg >= 0)))
  constraint chk_meals_price: CHECK ((price > (0)::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_meals_restaurant: FOREIGN KEY (restaurant_id) REFERENCES public.restaurants(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint meals_pkey: PRIMARY KEY (id)
  constraint uq_meals_restaurant: UNIQUE (id, restaurant_id)
  index idx_meals_search: CREATE INDEX idx_meals_search ON public.meals USING btree (restaurant_id, is_available, energy_kcal)
  index meals_pkey: CREATE UNIQUE INDEX meals_pkey ON public.meals USING btree (id)
  index uq_meals_restaurant: CREATE UNIQUE INDEX uq_meals_restaurant ON public.meals USING btree (id, restaurant_id)
  trigger trg_meals_updated_at: CREATE TRIGGER trg_meals_updated_at BEFORE UPDATE ON public.meals FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()

table public.recommendations
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column meal_id uuid NOT NULL
  column restaurant_id uuid NOT NULL
  column score numeric(5,2) NOT NULL
  column distance_km numeric(8,3) NOT NULL
  column reason text COLLATE pg_catalog."C" NOT NULL
  column reason_details jsonb NOT NULL
  column status character varying(20) COLLATE pg_catalog."C" NOT NULL DEFAULT 'shown'::character varying
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_recommendations_distance: CHECK ((distance_km >= (0)::numeric))
  constraint chk_recommendations_score: CHECK (((score >= (0)::numeric) AND (score <= (100)::numeric)))
  constraint chk_recommendations_status: CHECK (((status)::text = ANY ((ARRAY['shown'::character varying, 'accepted'::character varying, 'dismissed'::character varying])::text[])))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_recommendations_meal: FOREIGN KEY (meal_id, restaurant_id) REFERENCES public.meals(id, restaurant_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_recommendations_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint recommendations_pkey: PRIMARY KEY (id)
  constraint uq_recommendations_owner: UNIQUE (id, user_id, meal_id)
  index idx_recommendations_meal: CREATE INDEX idx_recommendations_meal ON public.recommendations USING btree (meal_id, restaurant_id)
  index idx_recommendations_user_latest: CREATE INDEX idx_recommendations_user_latest ON public.recommendations USING btree (user_id, created_at DESC)
  index recommendations_pkey: CREATE UNIQUE INDEX recommendations_pkey ON public.recommendations USING btree (id)
  index uq_recommendations_owner: CREATE UNIQUE INDEX uq_recommendations_owner ON public.recommendations USING btree (id, user_id, meal_id)
  trigger trg_recommendations_updated_at: CREATE TRIGGER trg_recommendations_updated_at BEFORE UPDATE ON public.recommendations FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy recommendations_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.restaurants
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column name character varying(255) COLLATE pg_catalog."C" NOT NULL
  column cuisine_type character varying(50) COLLATE pg_catalog."C"
  column address text COLLATE pg_catalog."C" NOT NULL
  column city character varying(100) COLLATE pg_catalog."C" NOT NULL
  column state character varying(50) COLLATE pg_catalog."C" NOT NULL
  column zip_code character varying(10) COLLATE pg_catalog."C" NOT NULL
  column country character varying(2) COLLATE pg_catalog."C" NOT NULL DEFAULT 'US'::character varying
  column latitude numeric(10,8)
  column longitude numeric(11,8)
  column phone character varying(20) COLLATE pg_catalog."C"
  column website character varying(255) COLLATE pg_catalog."C"
  column hours jsonb
  column rating numeric(2,1)
  column price_range integer
  column is_active boolean NOT NULL DEFAULT true
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_restaurants_coordinates: CHECK ((((latitude >= ('-90'::integer)::numeric) AND (latitude <= (90)::numeric)) AND ((longitude >= ('-180'::integer)::numeric) AND (longitude <= (180)::numeric))))
  constraint chk_restaurants_country: CHECK (((country)::text ~ '^[A-Z]{2}$'::text))
  constraint chk_restaurants_location_pair: CHECK (((latitude IS NULL) = (longitude IS NULL)))
  constraint chk_restaurants_name: CHECK ((length(TRIM(BOTH FROM name)) > 0))
  constraint chk_restaurants_price_range: CHECK (((price_range >= 1) AND (price_range <= 4)))
  constraint chk_restaurants_rating: CHECK (((rating >= (0)::numeric) AND (rating <= (5)::numeric)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint restaurants_pkey: PRIMARY KEY (id)
  index idx_restaurants_location: CREATE INDEX idx_restaurants_location ON public.restaurants USING gist (point((longitude)::double precision, (latitude)::double precision))
  index restaurants_pkey: CREATE UNIQUE INDEX restaurants_pkey ON public.restaurants USING btree (id)
  trigger trg_restaurants_updated_at: CREATE TRIGGER trg_restaurants_updated_at BEFORE UPDATE ON public.restaurants FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()

table public.user_allergies
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column health_profile_id uuid NOT NULL
  column allergen_id uuid NOT NULL
  column severity character varying(20) COLLATE pg_catalog."C" NOT NULL
  column notes text COLLATE pg_catalog."C"
  column diagnosed_date date
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_diagnosed_date_finite: CHECK (((diagnosed_date >= '0001-01-01'::date) AND (diagnosed_date <= '9999-12-31'::date)))
  constraint chk_notes_length: CHECK ((length(notes) <= 500))
  constraint chk_severity_values: CHECK (((severity)::text = ANY ((ARRAY['MILD'::character varying, 'MODERATE'::character varying, 'SEVERE'::character varying, 'LIFE_THREATENING'::character varying])::text[])))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_user_allergies_allergen: FOREIGN KEY (allergen_id) REFERENCES health.allergens(id) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint fk_user_allergies_profile: FOREIGN KEY (health_profile_id, user_id) REFERENCES public.health_profiles(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_user_allergies_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint uq_user_allergen: UNIQUE (user_id, allergen_id)
  constraint user_allergies_pkey: PRIMARY KEY (id)
  index idx_user_allergies_allergen: CREATE INDEX idx_user_allergies_allergen ON public.user_allergies USING btree (allergen_id)
  index idx_user_allergies_lookup: CREATE INDEX idx_user_allergies_lookup ON public.user_allergies USING btree (user_id, allergen_id) INCLUDE (severity)
  index idx_user_allergies_profile: CREATE INDEX idx_user_allergies_profile ON public.user_allergies USING btree (health_profile_id, user_id)
  index idx_user_allergies_severity: CREATE INDEX idx_user_allergies_severity ON public.user_allergies USING btree (severity) WHERE ((severity)::text = ANY ((ARRAY['SEVERE'::character varying, 'LIFE_THREATENING'::character varying])::text[]))
  index uq_user_allergen: CREATE UNIQUE INDEX uq_user_allergen ON public.user_allergies USING btree (user_id, allergen_id)
  index user_allergies_pkey: CREATE UNIQUE INDEX user_allergies_pkey ON public.user_allergies USING btree (id)
  trigger trg_user_allergies_updated_at: CREATE TRIGGER trg_user_allergies_updated_at BEFORE UPDATE ON public.user_allergies FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy user_allergies_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.user_dietary_restrictions
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column health_profile_id uuid NOT NULL
  column dietary_restriction_id uuid NOT NULL
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_user_dietary_restrictions_profile: FOREIGN KEY (health_profile_id, user_id) REFERENCES public.health_profiles(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_user_dietary_restrictions_restriction: FOREIGN KEY (dietary_restriction_id) REFERENCES health.dietary_restrictions_ref(id) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint fk_user_dietary_restrictions_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint uq_user_dietary_restriction: UNIQUE (user_id, dietary_restriction_id)
  constraint user_dietary_restrictions_pkey: PRIMARY KEY (id)
  index idx_user_dietary_restrictions_profile: CREATE INDEX idx_user_dietary_restrictions_profile ON public.user_dietary_restrictions USING btree (health_profile_id, user_id)
  index idx_user_dietary_restrictions_restriction: CREATE INDEX idx_user_dietary_restrictions_restriction ON public.user_dietary_restrictions USING btree (dietary_restriction_id)
  index uq_user_dietary_restriction: CREATE UNIQUE INDEX uq_user_dietary_restriction ON public.user_dietary_restrictions USING btree (user_id, dietary_restriction_id)
  index user_dietary_restrictions_pkey: CREATE UNIQUE INDEX user_dietary_restrictions_pkey ON public.user_dietary_restrictions USING btree (id)
  policy user_dietary_restrictions_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.user_medical_conditions
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column health_profile_id uuid NOT NULL
  column condition_id uuid NOT NULL
  column status character varying(20) COLLATE pg_catalog."C" NOT NULL DEFAULT 'active'::character varying
  column notes text COLLATE pg_catalog."C"
  column diagnosed_date date
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_diagnosed_date_finite: CHECK (((diagnosed_date >= '0001-01-01'::date) AND (diagnosed_date <= '9999-12-31'::date)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_user_medical_conditions_notes_length: CHECK ((length(notes) <= 500))
  constraint chk_user_medical_conditions_status: CHECK (((status)::text = ANY ((ARRAY['active'::character varying, 'managed'::character varying, 'in_remission'::character varying, 'resolved'::character varying])::text[])))
  constraint fk_user_medical_conditions_condition: FOREIGN KEY (condition_id) REFERENCES health.medical_conditions_ref(id) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint fk_user_medical_conditions_profile: FOREIGN KEY (health_profile_id, user_id) REFERENCES public.health_profiles(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_user_medical_conditions_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint uq_user_medical_condition: UNIQUE (user_id, condition_id)
  constraint user_medical_conditions_pkey: PRIMARY KEY (id)
  index idx_user_medical_conditions_condition: CREATE INDEX idx_user_medical_conditions_condition ON public.user_medical_conditions USING btree (condition_id)
  index idx_user_medical_conditions_profile: CREATE INDEX idx_user_medical_conditions_profile ON public.user_medical_conditions USING btree (health_profile_id, user_id)
  index uq_user_medical_condition: CREATE UNIQUE INDEX uq_user_medical_condition ON public.user_medical_conditions USING btree (user_id, condition_id)
  index user_medical_conditions_pkey: CREATE UNIQUE INDEX user_medical_conditions_pkey ON public.user_medical_conditions USING btree (id)
  trigger trg_user_medical_conditions_updated_at: CREATE TRIGGER trg_user_medical_conditions_updated_at BEFORE UPDATE ON public.user_medical_conditions FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy user_medical_conditions_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.user_payment_methods
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column card_number_encrypted text COLLATE pg_catalog."C" NOT NULL
  column encryption_key_id integer NOT NULL
  column card_holder character varying(255) COLLATE pg_catalog."C" NOT NULL
  column brand character varying(20) COLLATE pg_catalog."C" NOT NULL
  column last_four character varying(4) COLLATE pg_catalog."C" NOT NULL
  column expires_month integer NOT NULL
  column expires_year integer NOT NULL
  column is_default boolean NOT NULL DEFAULT false
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_user_payment_methods_brand: CHECK (((brand)::text = ANY ((ARRAY['visa'::character varying, 'mastercard'::character varying, 'amex'::character varying, 'discover'::character varying, 'diners'::character varying, 'jcb'::character varying, 'unionpay'::character varying, 'other'::character varying])::text[])))
  constraint chk_user_payment_methods_expires_month: CHECK (((expires_month >= 1) AND (expires_month <= 12)))
  constraint chk_user_payment_methods_expires_year: CHECK (((expires_year >= 2000) AND (expires_year <= 9999)))
  constraint chk_user_payment_methods_holder: CHECK ((length(TRIM(BOTH FROM card_holder)) > 0))
  constraint chk_user_payment_methods_key_id: CHECK ((encryption_key_id > 0))
  constraint chk_user_payment_methods_last_four: CHECK (((last_four)::text ~ '^[0-9]{4}$'::text))
  constraint fk_user_payment_methods_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint user_payment_methods_pkey: PRIMARY KEY (id)
  index idx_user_payment_methods_user: CREATE INDEX idx_user_payment_methods_user ON public.user_payment_methods USING btree (user_id, created_at)
  index uq_user_payment_methods_default: CREATE UNIQUE INDEX uq_user_payment_methods_default ON public.user_payment_methods USING btree (user_id) WHERE is_default
  index user_payment_methods_pkey: CREATE UNIQUE INDEX user_payment_methods_pkey ON public.user_payment_methods USING btree (id)
  trigger trg_user_payment_methods_updated_at: CREATE TRIGGER trg_user_payment_methods_updated_at BEFORE UPDATE ON public.user_payment_methods FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy user_payment_methods_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.user_preferences
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column units character varying(10) COLLATE pg_catalog."C" NOT NULL DEFAULT 'metric'::character varying
  column preferred_cuisines text[] NOT NULL DEFAULT '{}'::text[]
  column disliked_cuisines text[] NOT NULL DEFAULT '{}'::text[]
  column max_cooking_time_minutes integer
  column budget_per_meal numeric(8,2)
  column notify_email boolean NOT NULL DEFAULT true
  column notify_push boolean NOT NULL DEFAULT true
  column notify_meal_reminders boolean NOT NULL DEFAULT false
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_user_preferences_budget: CHECK ((budget_per_meal >= (0)::numeric))
  constraint chk_user_preferences_max_cooking_time: CHECK (((max_cooking_time_minutes >= 1) AND (max_cooking_time_minutes <= 1440)))
  constraint chk_user_preferences_units: CHECK (((units)::text = ANY ((ARRAY['metric'::character varying, 'imperial'::character varying])::text[])))
  constraint fk_user_preferences_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint uq_user_preferences_user: UNIQUE (user_id)
  constraint user_preferences_pkey: PRIMARY KEY (id)
  index uq_user_preferences_user: CREATE UNIQUE INDEX uq_user_preferences_user ON public.user_preferences USING btree (user_id)
  index user_preferences_pkey: CREATE UNIQUE INDEX user_preferences_pkey ON public.user_preferences USING btree (id)
  trigger trg_user_preferences_updated_at: CREATE TRIGGER trg_user_preferences_updated_at BEFORE UPDATE ON public.user_preferences FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy user_preferences_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.user_profiles
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column full_name character varying(255) COLLATE pg_catalog."C"
  column timezone character varying(64) COLLATE pg_catalog."C" NOT NULL DEFAULT 'UTC'::character varying
  column language_preference character varying(35) COLLATE pg_catalog."C" NOT NULL DEFAULT 'en'::character varying
  column health_goals text[] NOT NULL DEFAULT '{}'::text[]
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_user_profiles_language: CHECK (((language_preference)::text ~ '^[a-z]{2,3}(-[A-Za-z0-9]+)*$'::text))
  constraint fk_user_profiles_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint uq_user_profiles_user: UNIQUE (user_id)
  constraint user_profiles_pkey: PRIMARY KEY (id)
  index uq_user_profiles_user: CREATE UNIQUE INDEX uq_user_profiles_user ON public.user_profiles USING btree (user_id)
  index user_profiles_pkey: CREATE UNIQUE INDEX user_profiles_pkey ON public.user_profiles USING btree (id)
  trigger trg_user_profiles_updated_at: CREATE TRIGGER trg_user_profiles_updated_at BEFORE UPDATE ON public.user_profiles FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy user_profiles_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.users
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column username character varying(20) COLLATE pg_catalog."C" NOT NULL
  column email character varying(255) COLLATE pg_catalog."C" NOT NULL
  column password_hash character varying(255) COLLATE pg_catalog."C" NOT NULL
  column is_email_verified boolean NOT NULL DEFAULT false
  column is_active boolean NOT NULL DEFAULT true
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column deleted_at timestamp with time zone
  column role character varying(20) COLLATE pg_catalog."C" NOT NULL DEFAULT 'user'::character varying
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_deleted_at_finite: CHECK (((deleted_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (deleted_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_email_format: CHECK (((email)::text ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'::text))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_username_format: CHECK (((username)::text ~ '^[a-zA-Z0-9_]{3,20}$'::text))
  constraint chk_users_role: CHECK (((role)::text = ANY ((ARRAY['user'::character varying, 'admin'::character varying])::text[])))
  constraint users_pkey: PRIMARY KEY (id)
  index idx_active_users: CREATE INDEX idx_active_users ON public.users USING btree (email) WHERE (is_active AND (deleted_at IS NULL))
  index idx_users_created_at: CREATE INDEX idx_users_created_at ON public.users USING btree (created_at)
  index idx_users_email: CREATE INDEX idx_users_email ON public.users USING btree (email) WHERE (deleted_at IS NULL)
  index idx_users_username: CREATE INDEX idx_users_username ON public.users USING btree (username) WHERE (deleted_at IS NULL)
  index uq_users_email_active: CREATE UNIQUE INDEX uq_users_email_active ON public.users USING btree (lower((email)::text)) WHERE (deleted_at IS NULL)
  index uq_users_username_active: CREATE UNIQUE INDEX uq_users_username_active ON public.users USING btree (lower((username)::text)) WHERE (deleted_at IS NULL)
  index users_pkey: CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)
  trigger trg_users_updated_at: CREATE TRIGGER trg_users_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy users_owner: AS PERMISSIVE FOR ALL TO public USING (((id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

view public.health_profile_bmr
  column health_profile_id uuid
  column user_id uuid
  column age_years integer
  column bmr_calories integer
  definition:
     SELECT hp.id AS health_profile_id,
        hp.user_id,
        a.age_years,
            CASE hp.gender
                WHEN 'male'::text THEN round(10::numeric * hp.weight_kg + 6.25 * hp.height_cm::numeric - (5 * a.age_years)::numeric + 5::numeric)
                WHEN 'female'::text THEN round(10::numeric * hp.weight_kg + 6.25 * hp.height_cm::numeric - (5 * a.age_years)::numeric - 161::numeric)
                ELSE NULL::numeric
            END::integer AS bmr_calories
       FROM public.health_profiles hp
         CROSS JOIN LATERAL ( SELECT date_part('year'::text, age((now() AT TIME ZONE 'UTC'::text)::date::timestamp with time zone, hp.date_of_birth::timestamp with time zone))::integer AS age_years) a;

function audit.audit_changes()
    CREATE OR REPLACE FUNCTION audit.audit_changes()
     RETURNS trigger
     LANGUAGE plpgsql
     SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
    DECLARE
        old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
    BEGIN
        INSERT INTO audit.data_changes (table_name, operation, user_id, record_id, old_data, new_data)
        VALUES (
            TG_TABLE_NAME,
            TG_OP,
            NULLIF(current_setting('app.current_user_id', true), '')::uuid,
            (COALESCE(new_row, old_row) ->> TG_ARGV[0])::uuid,
            old_row,
            new_row
        );
        RETURN COALESCE(NEW, OLD);
    END
    $function$

function audit.record_erasure(erased uuid, OUT removed bigint, OUT erasure_id uuid)
    CREATE OR REPLACE FUNCTION audit.record_erasure(erased uuid, OUT removed bigint, OUT erasure_id uuid)
     RETURNS record
     LANGUAGE plpgsql
     SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
    BEGIN
        IF EXISTS (SELECT 1 FROM public.users WHERE id = erased) THEN
            RAISE EXCEPTION 'user % still exists', erased USING ERRCODE = 'object_in_use';
        END IF;
        DELETE FROM audit.data_changes AS c
        WHERE c.user_id = erased OR c.record_id = erased
           OR c.old_data ->> 'user_id' = erased::text OR c.new_data ->> 'user_id' = erased::text;
        GET DIAGNOSTICS removed = ROW_COUNT;
        INSERT INTO audit.data_changes (table_name, operation, user_id, record_id, old_data, new_data)
        VALUES ('users', 'DELETE', NULL, erased, NULL, NULL)
        RETURNING id INTO erasure_id;
    END
    $function$

function auth.token_owner(kind text, digest text)
    CREATE OR REPLACE FUNCTION auth.token_owner(kind text, digest text)
     RETURNS uuid
     LANGUAGE plpgsql
     STABLE SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
    BEGIN
        RETURN CASE
            WHEN kind IN ('email_verify', 'password_reset', 'email_change') THEN
                (SELECT user_id FROM auth.verification_tokens
                 WHERE token_hash = digest AND token_type = kind)
            WHEN kind = 'session' THEN
                (SELECT user_id FROM auth.user_sessions WHERE token_hash = digest)
            WHEN kind = 'refresh' THEN
                (SELECT user_id FROM auth.refresh_tokens WHERE token_hash = digest)
        END;
    END
    $function$

function auth.user_for_login(login_email text)
    CREATE OR REPLACE FUNCTION auth.user_for_login(login_email text)
     RETURNS SETOF public.users
     LANGUAGE sql
     STABLE SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
        SELECT * FROM public.users
        WHERE lower(email) = lower(btrim(login_email)) AND deleted_at IS NULL
    $function$

function public.ensure_email_verified()
    CREATE OR REPLACE FUNCTION public.ensure_email_verified()
     RETURNS trigger
     LANGUAGE plpgsql
    AS $function$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM "public"."users" WHERE id = NEW.user_id AND is_email_verified) THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'ensure_email_verified', MESSAGE = 'ensure_email_verified';
        END IF;
        RETURN NEW;
    END
    $function$

function public.set_updated_at()
    CREATE OR REPLACE FUNCTION public.set_updated_at()
     RETURNS trigger
     LANGUAGE plpgsql
    AS $function$
    BEGIN
        NEW.updated_at := CURRENT_TIMESTAMP;
        RETURN NEW;
    END
    $function$

