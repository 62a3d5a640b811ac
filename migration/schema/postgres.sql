-- The schema the migrations build on Postgres, as migration::operator::dump::schema_dump prints it.
-- Generated: do not edit. tests/suite/pinned.rs fails when the migrations build anything
-- else; after an intended change regenerate with
--   BLESS_SCHEMA=1 TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p eatsential-tests --test suite schema_is_pinned

database setting search_path=public, auth, health, audit
extension plpgsql in schema pg_catalog
schema audit
schema auth
schema health
schema public

partitioned table audit.access_logs
  row level security: enabled, forced
  partition by RANGE (accessed_at)
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column accessed_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column user_id uuid
  column session_id uuid
  column ip_address character varying(45) COLLATE pg_catalog."C"
  column user_agent text COLLATE pg_catalog."C"
  column endpoint character varying(255) COLLATE pg_catalog."C"
  column method character varying(10) COLLATE pg_catalog."C"
  column status_code integer
  column response_time_ms integer
  column error_message text COLLATE pg_catalog."C"
  constraint access_logs_pkey: PRIMARY KEY (id, accessed_at)
  constraint chk_access_logs_method: CHECK (((method)::text = ANY ((ARRAY['GET'::character varying, 'POST'::character varying, 'PUT'::character varying, 'PATCH'::character varying, 'DELETE'::character varying, 'HEAD'::character varying, 'OPTIONS'::character varying])::text[])))
  constraint chk_access_logs_response_time: CHECK ((response_time_ms >= 0))
  constraint chk_access_logs_status_code: CHECK (((status_code >= 100) AND (status_code <= 599)))
  constraint chk_accessed_at_finite: CHECK (((accessed_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (accessed_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_access_logs_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  index access_logs_pkey: CREATE UNIQUE INDEX access_logs_pkey ON ONLY audit.access_logs USING btree (id, accessed_at)
  index idx_access_logs_accessed_at: CREATE INDEX idx_access_logs_accessed_at ON ONLY audit.access_logs USING brin (accessed_at)
  index idx_access_logs_user: CREATE INDEX idx_access_logs_user ON ONLY audit.access_logs USING btree (user_id, accessed_at)
  policy access_logs_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id IS NULL) OR (user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table audit.access_logs_default
  row level security: disabled
  inherits audit.access_logs
  partition bound DEFAULT
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column accessed_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column user_id uuid
  column session_id uuid
  column ip_address character varying(45) COLLATE pg_catalog."C"
  column user_agent text COLLATE pg_catalog."C"
  column endpoint character varying(255) COLLATE pg_catalog."C"
  column method character varying(10) COLLATE pg_catalog."C"
  column status_code integer
  column response_time_ms integer
  column error_message text COLLATE pg_catalog."C"
  constraint access_logs_default_pkey: PRIMARY KEY (id, accessed_at)
  constraint chk_access_logs_method: CHECK (((method)::text = ANY ((ARRAY['GET'::character varying, 'POST'::character varying, 'PUT'::character varying, 'PATCH'::character varying, 'DELETE'::character varying, 'HEAD'::character varying, 'OPTIONS'::character varying])::text[])))
  constraint chk_access_logs_response_time: CHECK ((response_time_ms >= 0))
  constraint chk_access_logs_status_code: CHECK (((status_code >= 100) AND (status_code <= 599)))
  constraint chk_accessed_at_finite: CHECK (((accessed_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (accessed_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_access_logs_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  index access_logs_default_accessed_at_idx: CREATE INDEX access_logs_default_accessed_at_idx ON audit.access_logs_default USING brin (accessed_at)
  index access_logs_default_pkey: CREATE UNIQUE INDEX access_logs_default_pkey ON audit.access_logs_default USING btree (id, accessed_at)
  index access_logs_default_user_id_accessed_at_idx: CREATE INDEX access_logs_default_user_id_accessed_at_idx ON audit.access_logs_default USING btree (user_id, accessed_at)

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
  constraint chk_common_foods_text_list: CHECK ( CASE WHEN (COALESCE(array_ndims(common_foods), 1) = 1) THEN (array_position(common_foods, NULL::text) IS NULL) ELSE false END)
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

table public.ai_model_results
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid
  column model_name character varying(100) COLLATE pg_catalog."C" NOT NULL
  column model_version character varying(50) COLLATE pg_catalog."C" NOT NULL
  column input_ref character varying(255) COLLATE pg_catalog."C" NOT NULL
  column output jsonb NOT NULL
  column confidence numeric(5,4)
  column latency_ms integer NOT NULL
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint ai_model_results_pkey: PRIMARY KEY (id)
  constraint chk_ai_model_results_confidence: CHECK (((confidence >= (0)::numeric) AND (confidence <= (1)::numeric)))
  constraint chk_ai_model_results_latency: CHECK ((latency_ms >= 0))
  constraint chk_ai_model_results_model: CHECK (((length(TRIM(BOTH FROM model_name)) > 0) AND (length(TRIM(BOTH FROM model_version)) > 0)))
  constraint chk_confidence_not_nan: CHECK ((confidence <> 'NaN'::numeric))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_ai_model_results_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  index ai_model_results_pkey: CREATE UNIQUE INDEX ai_model_results_pkey ON public.ai_model_results USING btree (id)
  index idx_ai_model_results_model: CREATE INDEX idx_ai_model_results_model ON public.ai_model_results USING btree (model_name, model_version, created_at)
  index idx_ai_model_results_user: CREATE INDEX idx_ai_model_results_user ON public.ai_model_results USING btree (user_id, created_at)
  policy ai_model_results_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id IS NULL) OR (user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

partitioned table public.api_requests
  row level security: enabled, forced
  partition by RANGE (created_at)
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column user_id uuid
  column method character varying(10) COLLATE pg_catalog."C" NOT NULL
  column endpoint character varying(255) COLLATE pg_catalog."C" NOT NULL
  column status_code integer NOT NULL
  column duration_ms integer NOT NULL
  column request_bytes integer
  column response_bytes integer
  column ip_address character varying(45) COLLATE pg_catalog."C"
  column user_agent text COLLATE pg_catalog."C"
  column error_message text COLLATE pg_catalog."C"
  constraint api_requests_pkey: PRIMARY KEY (id, created_at)
  constraint chk_api_requests_bytes: CHECK (((request_bytes >= 0) AND (response_bytes >= 0)))
  constraint chk_api_requests_duration: CHECK ((duration_ms >= 0))
  constraint chk_api_requests_method: CHECK (((method)::text = ANY ((ARRAY['GET'::character varying, 'POST'::character varying, 'PUT'::character varying, 'PATCH'::character varying, 'DELETE'::character varying, 'HEAD'::character varying, 'OPTIONS'::character varying])::text[])))
  constraint chk_api_requests_status_code: CHECK (((status_code >= 100) AND (status_code <= 599)))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_api_requests_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  index api_requests_pkey: CREATE UNIQUE INDEX api_requests_pkey ON ONLY public.api_requests USING btree (id, created_at)
  index idx_api_requests_endpoint: CREATE INDEX idx_api_requests_endpoint ON ONLY public.api_requests USING btree (endpoint, created_at)
  index idx_api_requests_timestamp: CREATE INDEX idx_api_requests_timestamp ON ONLY public.api_requests USING brin (created_at)
  index idx_api_requests_user: CREATE INDEX idx_api_requests_user ON ONLY public.api_requests USING btree (user_id, created_at)
  policy api_requests_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id IS NULL) OR (user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.api_requests_default
  row level security: disabled
  inherits public.api_requests
  partition bound DEFAULT
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column user_id uuid
  column method character varying(10) COLLATE pg_catalog."C" NOT NULL
  column endpoint character varying(255) COLLATE pg_catalog."C" NOT NULL
  column status_code integer NOT NULL
  column duration_ms integer NOT NULL
  column request_bytes integer
  column response_bytes integer
  column ip_address character varying(45) COLLATE pg_catalog."C"
  column user_agent text COLLATE pg_catalog."C"
  column error_message text COLLATE pg_catalog."C"
  constraint api_requests_default_pkey: PRIMARY KEY (id, created_at)
  constraint chk_api_requests_bytes: CHECK (((request_bytes >= 0) AND (response_bytes >= 0)))
  constraint chk_api_requests_duration: CHECK ((duration_ms >= 0))
  constraint chk_api_requests_method: CHECK (((method)::text = ANY ((ARRAY['GET'::character varying, 'POST'::character varying, 'PUT'::character varying, 'PATCH'::character varying, 'DELETE'::character varying, 'HEAD'::character varying, 'OPTIONS'::character varying])::text[])))
  constraint chk_api_requests_status_code: CHECK (((status_code >= 100) AND (status_code <= 599)))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_api_requests_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  index api_requests_default_created_at_idx: CREATE INDEX api_requests_default_created_at_idx ON public.api_requests_default USING brin (created_at)
  index api_requests_default_endpoint_created_at_idx: CREATE INDEX api_requests_default_endpoint_created_at_idx ON public.api_requests_default USING btree (endpoint, created_at)
  index api_requests_default_pkey: CREATE UNIQUE INDEX api_requests_default_pkey ON public.api_requests_default USING btree (id, created_at)
  index api_requests_default_user_id_created_at_idx: CREATE INDEX api_requests_default_user_id_created_at_idx ON public.api_requests_default USING btree (user_id, created_at)

table public.daily_nutrition
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column date date NOT NULL
  column energy_kcal numeric(11,2) NOT NULL DEFAULT 0
  column protein_g numeric(11,2) NOT NULL DEFAULT 0
  column carbs_g numeric(11,2) NOT NULL DEFAULT 0
  column fat_g numeric(11,2) NOT NULL DEFAULT 0
  column fiber_g numeric(11,2) NOT NULL DEFAULT 0
  column sugar_g numeric(11,2) NOT NULL DEFAULT 0
  column sodium_mg numeric(11,2) NOT NULL DEFAULT 0
  column meal_count integer NOT NULL DEFAULT 0
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_carbs_g_not_nan: CHECK ((carbs_g <> 'NaN'::numeric))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_daily_nutrition_carbs_g: CHECK ((carbs_g >= (0)::numeric))
  constraint chk_daily_nutrition_energy_kcal: CHECK ((energy_kcal >= (0)::numeric))
  constraint chk_daily_nutrition_fat_g: CHECK ((fat_g >= (0)::numeric))
  constraint chk_daily_nutrition_fiber_g: CHECK ((fiber_g >= (0)::numeric))
  constraint chk_daily_nutrition_meal_count: CHECK ((meal_count >= 0))
  constraint chk_daily_nutrition_protein_g: CHECK ((protein_g >= (0)::numeric))
  constraint chk_daily_nutrition_sodium_mg: CHECK ((sodium_mg >= (0)::numeric))
  constraint chk_daily_nutrition_sugar_g: CHECK ((sugar_g >= (0)::numeric))
  constraint chk_date_finite: CHECK (((date >= '0001-01-01'::date) AND (date <= '9999-12-31'::date)))
  constraint chk_energy_kcal_not_nan: CHECK ((energy_kcal <> 'NaN'::numeric))
  constraint chk_fat_g_not_nan: CHECK ((fat_g <> 'NaN'::numeric))
  constraint chk_fiber_g_not_nan: CHECK ((fiber_g <> 'NaN'::numeric))
  constraint chk_protein_g_not_nan: CHECK ((protein_g <> 'NaN'::numeric))
  constraint chk_sodium_mg_not_nan: CHECK ((sodium_mg <> 'NaN'::numeric))
  constraint chk_sugar_g_not_nan: CHECK ((sugar_g <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint daily_nutrition_pkey: PRIMARY KEY (id)
  constraint fk_daily_nutrition_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  index daily_nutrition_pkey: CREATE UNIQUE INDEX daily_nutrition_pkey ON public.daily_nutrition USING btree (id)
  index uq_daily_nutrition_user_date: CREATE UNIQUE INDEX uq_daily_nutrition_user_date ON public.daily_nutrition USING btree (user_id, date)
  trigger trg_daily_nutrition_updated_at: CREATE TRIGGER trg_daily_nutrition_updated_at BEFORE UPDATE ON public.daily_nutrition FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy daily_nutrition_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

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
  constraint chk_target_body_fat_percent_not_nan: CHECK ((target_body_fat_percent <> 'NaN'::numeric))
  constraint chk_target_date_finite: CHECK (((target_date >= '0001-01-01'::date) AND (target_date <= '9999-12-31'::date)))
  constraint chk_target_weight_kg_not_nan: CHECK ((target_weight_kg <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fitness_goals_pkey: PRIMARY KEY (id)
  constraint fk_fitness_goals_profile: FOREIGN KEY (health_profile_id, user_id) REFERENCES public.health_profiles(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_fitness_goals_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  index fitness_goals_pkey: CREATE UNIQUE INDEX fitness_goals_pkey ON public.fitness_goals USING btree (id)
  index idx_fitness_goals_profile: CREATE INDEX idx_fitness_goals_profile ON public.fitness_goals USING btree (health_profile_id, user_id)
  index idx_fitness_goals_user_status: CREATE INDEX idx_fitness_goals_user_status ON public.fitness_goals USING btree (user_id, status)
  trigger trg_fitness_goals_updated_at: CREATE TRIGGER trg_fitness_goals_updated_at BEFORE UPDATE ON public.fitness_goals FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy fitness_goals_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.health_metrics
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column metric character varying(30) COLLATE pg_catalog."C" NOT NULL
  column value numeric(8,2) NOT NULL
  column value2 numeric(8,2)
  column unit character varying(10) COLLATE pg_catalog."C" NOT NULL
  column measured_at timestamp with time zone NOT NULL
  column source character varying(50) COLLATE pg_catalog."C"
  column notes text COLLATE pg_catalog."C"
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_health_metrics_metric: CHECK (((metric)::text = ANY ((ARRAY['weight'::character varying, 'body_fat'::character varying, 'blood_pressure'::character varying, 'blood_glucose'::character varying, 'resting_heart_rate'::character varying, 'waist_circumference'::character varying, 'body_temperature'::character varying, 'sleep_duration'::character varying, 'steps'::character varying])::text[])))
  constraint chk_health_metrics_notes: CHECK ((length(notes) <= 1000))
  constraint chk_health_metrics_unit: CHECK (((unit)::text = ANY ((ARRAY['kg'::character varying, 'lb'::character varying, 'percent'::character varying, 'mmHg'::character varying, 'mg/dL'::character varying, 'mmol/L'::character varying, 'bpm'::character varying, 'cm'::character varying, 'in'::character varying, 'celsius'::character varying, 'fahrenheit'::character varying, 'hours'::character varying, 'steps'::character varying])::text[])))
  constraint chk_health_metrics_unit_of_metric: CHECK ( CASE metric WHEN 'weight'::text THEN ((unit)::text = ANY ((ARRAY['kg'::character varying, 'lb'::character varying])::text[])) WHEN 'body_fat'::text THEN ((unit)::text = 'percent'::text) WHEN 'blood_pressure'::text THEN ((unit)::text = 'mmHg'::text) WHEN 'blood_glucose'::text THEN ((unit)::text = ANY ((ARRAY['mg/dL'::character varying, 'mmol/L'::character varying])::text[])) WHEN 'resting_heart_rate'::text THEN ((unit)::text = 'bpm'::text) WHEN 'waist_circumference'::text THEN ((unit)::text = ANY ((ARRAY['cm'::character varying, 'in'::character varying])::text[])) WHEN 'body_temperature'::text THEN ((unit)::text = ANY ((ARRAY['celsius'::character varying, 'fahrenheit'::character varying])::text[])) WHEN 'sleep_duration'::text THEN ((unit)::text = 'hours'::text) WHEN 'steps'::text THEN ((unit)::text = 'steps'::text) ELSE NULL::boolean END)
  constraint chk_health_metrics_value: CHECK ((value > (0)::numeric))
  constraint chk_health_metrics_value2: CHECK (((((metric)::text = 'blood_pressure'::text) = (value2 IS NOT NULL)) AND ((value2 IS NULL) OR (value2 > (0)::numeric))))
  constraint chk_measured_at_finite: CHECK (((measured_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (measured_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_value2_not_nan: CHECK ((value2 <> 'NaN'::numeric))
  constraint chk_value_not_nan: CHECK ((value <> 'NaN'::numeric))
  constraint fk_health_metrics_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint health_metrics_pkey: PRIMARY KEY (id)
  index health_metrics_pkey: CREATE UNIQUE INDEX health_metrics_pkey ON public.health_metrics USING btree (id)
  index idx_health_metrics_user_metric_time: CREATE INDEX idx_health_metrics_user_metric_time ON public.health_metrics USING btree (user_id, metric, measured_at)
  policy health_metrics_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

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
  constraint chk_weight_kg_not_nan: CHECK ((weight_kg <> 'NaN'::numeric))
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

table public.ingredient_allergens
  row level security: disabled
  column ingredient_id uuid NOT NULL
  column allergen_id uuid NOT NULL
  constraint fk_ingredient_allergens_allergen: FOREIGN KEY (allergen_id) REFERENCES health.allergens(id) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint fk_ingredient_allergens_ingredient: FOREIGN KEY (ingredient_id) REFERENCES public.ingredients(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint ingredient_allergens_pkey: PRIMARY KEY (ingredient_id, allergen_id)
  index idx_ingredient_allergens_allergen: CREATE INDEX idx_ingredient_allergens_allergen ON public.ingredient_allergens USING btree (allergen_id)
  index ingredient_allergens_pkey: CREATE UNIQUE INDEX ingredient_allergens_pkey ON public.ingredient_allergens USING btree (ingredient_id, allergen_id)

table public.ingredient_prices
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column ingredient_id uuid NOT NULL
  column store character varying(100) COLLATE pg_catalog."C"
  column price numeric(10,2) NOT NULL
  column quantity numeric(10,3) NOT NULL
  column unit character varying(10) COLLATE pg_catalog."C" NOT NULL
  column observed_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_ingredient_prices_price: CHECK ((price >= (0)::numeric))
  constraint chk_ingredient_prices_quantity: CHECK ((quantity > (0)::numeric))
  constraint chk_ingredient_prices_store: CHECK ((length(TRIM(BOTH FROM store)) > 0))
  constraint chk_ingredient_prices_unit: CHECK (((unit)::text = ANY ((ARRAY['g'::character varying, 'kg'::character varying, 'mg'::character varying, 'oz'::character varying, 'lb'::character varying, 'ml'::character varying, 'l'::character varying, 'tsp'::character varying, 'tbsp'::character varying, 'cup'::character varying, 'fl_oz'::character varying, 'piece'::character varying])::text[])))
  constraint chk_observed_at_finite: CHECK (((observed_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (observed_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_price_not_nan: CHECK ((price <> 'NaN'::numeric))
  constraint chk_quantity_not_nan: CHECK ((quantity <> 'NaN'::numeric))
  constraint fk_ingredient_prices_ingredient: FOREIGN KEY (ingredient_id) REFERENCES public.ingredients(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint ingredient_prices_pkey: PRIMARY KEY (id)
  index idx_ingredient_prices_latest: CREATE INDEX idx_ingredient_prices_latest ON public.ingredient_prices USING btree (ingredient_id, observed_at DESC, id DESC)
  index ingredient_prices_pkey: CREATE UNIQUE INDEX ingredient_prices_pkey ON public.ingredient_prices USING btree (id)

table public.ingredients
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column name character varying(100) COLLATE pg_catalog."C" NOT NULL
  column category character varying(20) COLLATE pg_catalog."C" NOT NULL
  column energy_kcal numeric(6,2) NOT NULL
  column protein_g numeric(5,2) NOT NULL
  column carbs_g numeric(5,2) NOT NULL
  column fat_g numeric(5,2) NOT NULL
  column fiber_g numeric(5,2) NOT NULL
  column sugar_g numeric(5,2) NOT NULL
  column sodium_mg numeric(7,2) NOT NULL
  column grams_per_piece numeric(7,2)
  column grams_per_ml numeric(5,3)
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_carbs_g_not_nan: CHECK ((carbs_g <> 'NaN'::numeric))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_energy_kcal_not_nan: CHECK ((energy_kcal <> 'NaN'::numeric))
  constraint chk_fat_g_not_nan: CHECK ((fat_g <> 'NaN'::numeric))
  constraint chk_fiber_g_not_nan: CHECK ((fiber_g <> 'NaN'::numeric))
  constraint chk_grams_per_ml_not_nan: CHECK ((grams_per_ml <> 'NaN'::numeric))
  constraint chk_grams_per_piece_not_nan: CHECK ((grams_per_piece <> 'NaN'::numeric))
  constraint chk_ingredients_carbs: CHECK (((carbs_g >= (0)::numeric) AND (carbs_g <= (100)::numeric)))
  constraint chk_ingredients_category: CHECK (((category)::text = ANY ((ARRAY['vegetable'::character varying, 'fruit'::character varying, 'grain'::character varying, 'legume'::character varying, 'nut_seed'::character varying, 'dairy'::character varying, 'egg'::character varying, 'meat'::character varying, 'poultry'::character varying, 'fish'::character varying, 'shellfish'::character varying, 'oil_fat'::character varying, 'herb_spice'::character varying, 'condiment'::character varying, 'sweetener'::character varying, 'beverage'::character varying, 'other'::character varying])::text[])))
  constraint chk_ingredients_energy: CHECK ((energy_kcal >= (0)::numeric))
  constraint chk_ingredients_fat: CHECK (((fat_g >= (0)::numeric) AND (fat_g <= (100)::numeric)))
  constraint chk_ingredients_fiber: CHECK (((fiber_g >= (0)::numeric) AND (fiber_g <= (100)::numeric)))
  constraint chk_ingredients_grams_per_ml: CHECK ((grams_per_ml > (0)::numeric))
  constraint chk_ingredients_grams_per_piece: CHECK ((grams_per_piece > (0)::numeric))
  constraint chk_ingredients_name_blank: CHECK ((length(TRIM(BOTH FROM name)) > 0))
  constraint chk_ingredients_protein: CHECK (((protein_g >= (0)::numeric) AND (protein_g <= (100)::numeric)))
  constraint chk_ingredients_sodium: CHECK ((sodium_mg >= (0)::numeric))
  constraint chk_ingredients_sugar: CHECK (((sugar_g >= (0)::numeric) AND (sugar_g <= (100)::numeric)))
  constraint chk_protein_g_not_nan: CHECK ((protein_g <> 'NaN'::numeric))
  constraint chk_sodium_mg_not_nan: CHECK ((sodium_mg <> 'NaN'::numeric))
  constraint chk_sugar_g_not_nan: CHECK ((sugar_g <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint ingredients_pkey: PRIMARY KEY (id)
  index idx_ingredients_category: CREATE INDEX idx_ingredients_category ON public.ingredients USING btree (category)
  index ingredients_pkey: CREATE UNIQUE INDEX ingredients_pkey ON public.ingredients USING btree (id)
  index uq_ingredients_name: CREATE UNIQUE INDEX uq_ingredients_name ON public.ingredients USING btree (lower((name)::text))
  trigger trg_ingredients_updated_at: CREATE TRIGGER trg_ingredients_updated_at BEFORE UPDATE ON public.ingredients FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()

table public.inventory_items
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column ingredient_id uuid NOT NULL
  column quantity numeric(12,3) NOT NULL
  column unit character varying(10) COLLATE pg_catalog."C" NOT NULL
  column location character varying(20) COLLATE pg_catalog."C" NOT NULL DEFAULT 'pantry'::character varying
  column best_before date
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_best_before_finite: CHECK (((best_before >= '0001-01-01'::date) AND (best_before <= '9999-12-31'::date)))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_inventory_items_location: CHECK (((location)::text = ANY ((ARRAY['pantry'::character varying, 'fridge'::character varying, 'freezer'::character varying, 'other'::character varying])::text[])))
  constraint chk_inventory_items_quantity: CHECK ((quantity >= (0)::numeric))
  constraint chk_inventory_items_unit: CHECK (((unit)::text = ANY ((ARRAY['g'::character varying, 'kg'::character varying, 'mg'::character varying, 'oz'::character varying, 'lb'::character varying, 'ml'::character varying, 'l'::character varying, 'tsp'::character varying, 'tbsp'::character varying, 'cup'::character varying, 'fl_oz'::character varying, 'piece'::character varying])::text[])))
  constraint chk_quantity_not_nan: CHECK ((quantity <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_inventory_items_ingredient: FOREIGN KEY (ingredient_id) REFERENCES public.ingredients(id) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint fk_inventory_items_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint inventory_items_pkey: PRIMARY KEY (id)
  index idx_inventory_items_best_before: CREATE INDEX idx_inventory_items_best_before ON public.inventory_items USING btree (user_id, best_before) WHERE (best_before IS NOT NULL)
  index idx_inventory_items_ingredient: CREATE INDEX idx_inventory_items_ingredient ON public.inventory_items USING btree (ingredient_id)
  index idx_inventory_items_user_ingredient: CREATE INDEX idx_inventory_items_user_ingredient ON public.inventory_items USING btree (user_id, ingredient_id)
  index inventory_items_pkey: CREATE UNIQUE INDEX inventory_items_pkey ON public.inventory_items USING btree (id)
  trigger trg_inventory_items_updated_at: CREATE TRIGGER trg_inventory_items_updated_at BEFORE UPDATE ON public.inventory_items FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy inventory_items_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.meal_ingredients
  row level security: disabled
  column meal_id uuid NOT NULL
  column ingredient_id uuid NOT NULL
  column quantity numeric(10,3) NOT NULL
  column unit character varying(10) COLLATE pg_catalog."C" NOT NULL
  constraint chk_meal_ingredients_quantity: CHECK ((quantity > (0)::numeric))
  constraint chk_meal_ingredients_unit: CHECK (((unit)::text = ANY ((ARRAY['g'::character varying, 'kg'::character varying, 'mg'::character varying, 'oz'::character varying, 'lb'::character varying, 'ml'::character varying, 'l'::character varying, 'tsp'::character varying, 'tbsp'::character varying, 'cup'::character varying, 'fl_oz'::character varying, 'piece'::character varying])::text[])))
  constraint chk_quantity_not_nan: CHECK ((quantity <> 'NaN'::numeric))
  constraint fk_meal_ingredients_ingredient: FOREIGN KEY (ingredient_id) REFERENCES public.ingredients(id) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint fk_meal_ingredients_meal: FOREIGN KEY (meal_id) REFERENCES public.meals(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint meal_ingredients_pkey: PRIMARY KEY (meal_id, ingredient_id)
  index idx_meal_ingredients_ingredient: CREATE INDEX idx_meal_ingredients_ingredient ON public.meal_ingredients USING btree (ingredient_id)
  index meal_ingredients_pkey: CREATE UNIQUE INDEX meal_ingredients_pkey ON public.meal_ingredients USING btree (meal_id, ingredient_id)

table public.meal_logs
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column logged_at timestamp with time zone NOT NULL
  column local_date date NOT NULL
  column meal_slot character varying(10) COLLATE pg_catalog."C" NOT NULL
  column recipe_id uuid
  column servings numeric(6,2)
  column name character varying(200) COLLATE pg_catalog."C" NOT NULL
  column notes text COLLATE pg_catalog."C"
  column energy_kcal numeric(9,2) NOT NULL DEFAULT 0
  column protein_g numeric(9,2) NOT NULL DEFAULT 0
  column carbs_g numeric(9,2) NOT NULL DEFAULT 0
  column fat_g numeric(9,2) NOT NULL DEFAULT 0
  column fiber_g numeric(9,2) NOT NULL DEFAULT 0
  column sugar_g numeric(9,2) NOT NULL DEFAULT 0
  column sodium_mg numeric(9,2) NOT NULL DEFAULT 0
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_carbs_g_not_nan: CHECK ((carbs_g <> 'NaN'::numeric))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_energy_kcal_not_nan: CHECK ((energy_kcal <> 'NaN'::numeric))
  constraint chk_fat_g_not_nan: CHECK ((fat_g <> 'NaN'::numeric))
  constraint chk_fiber_g_not_nan: CHECK ((fiber_g <> 'NaN'::numeric))
  constraint chk_local_date_finite: CHECK (((local_date >= '0001-01-01'::date) AND (local_date <= '9999-12-31'::date)))
  constraint chk_logged_at_finite: CHECK (((logged_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (logged_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_meal_logs_carbs_g: CHECK ((carbs_g >= (0)::numeric))
  constraint chk_meal_logs_energy_kcal: CHECK ((energy_kcal >= (0)::numeric))
  constraint chk_meal_logs_fat_g: CHECK ((fat_g >= (0)::numeric))
  constraint chk_meal_logs_fiber_g: CHECK ((fiber_g >= (0)::numeric))
  constraint chk_meal_logs_meal_slot: CHECK (((meal_slot)::text = ANY ((ARRAY['breakfast'::character varying, 'lunch'::character varying, 'dinner'::character varying, 'snack'::character varying])::text[])))
  constraint chk_meal_logs_name: CHECK ((length((name)::text) >= 1))
  constraint chk_meal_logs_notes: CHECK ((length(notes) <= 1000))
  constraint chk_meal_logs_protein_g: CHECK ((protein_g >= (0)::numeric))
  constraint chk_meal_logs_recipe_servings: CHECK (((recipe_id IS NULL) OR (servings IS NOT NULL)))
  constraint chk_meal_logs_servings: CHECK ((servings > (0)::numeric))
  constraint chk_meal_logs_sodium_mg: CHECK ((sodium_mg >= (0)::numeric))
  constraint chk_meal_logs_sugar_g: CHECK ((sugar_g >= (0)::numeric))
  constraint chk_protein_g_not_nan: CHECK ((protein_g <> 'NaN'::numeric))
  constraint chk_servings_not_nan: CHECK ((servings <> 'NaN'::numeric))
  constraint chk_sodium_mg_not_nan: CHECK ((sodium_mg <> 'NaN'::numeric))
  constraint chk_sugar_g_not_nan: CHECK ((sugar_g <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_meal_logs_recipe: FOREIGN KEY (recipe_id) REFERENCES public.recipes(id) ON UPDATE CASCADE ON DELETE SET NULL
  constraint fk_meal_logs_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint meal_logs_pkey: PRIMARY KEY (id)
  index idx_meal_logs_recipe: CREATE INDEX idx_meal_logs_recipe ON public.meal_logs USING btree (recipe_id)
  index idx_meal_logs_user_local_date: CREATE INDEX idx_meal_logs_user_local_date ON public.meal_logs USING btree (user_id, local_date)
  index idx_meal_logs_user_logged_at: CREATE INDEX idx_meal_logs_user_logged_at ON public.meal_logs USING btree (user_id, logged_at)
  index meal_logs_pkey: CREATE UNIQUE INDEX meal_logs_pkey ON public.meal_logs USING btree (id)
  trigger trg_meal_logs_updated_at: CREATE TRIGGER trg_meal_logs_updated_at BEFORE UPDATE ON public.meal_logs FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy meal_logs_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.meal_plans
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column name character varying(100) COLLATE pg_catalog."C" NOT NULL
  column start_date date NOT NULL
  column end_date date NOT NULL
  column notes text COLLATE pg_catalog."C"
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_end_date_finite: CHECK (((end_date >= '0001-01-01'::date) AND (end_date <= '9999-12-31'::date)))
  constraint chk_meal_plans_dates: CHECK ((end_date >= start_date))
  constraint chk_meal_plans_name: CHECK ((length(TRIM(BOTH FROM name)) > 0))
  constraint chk_meal_plans_notes_length: CHECK ((length(notes) <= 2000))
  constraint chk_start_date_finite: CHECK (((start_date >= '0001-01-01'::date) AND (start_date <= '9999-12-31'::date)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_meal_plans_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint meal_plans_pkey: PRIMARY KEY (id)
  constraint uq_meal_plans_id_user_dates: UNIQUE (id, user_id, start_date, end_date)
  index idx_meal_plans_user: CREATE INDEX idx_meal_plans_user ON public.meal_plans USING btree (user_id, start_date)
  index meal_plans_pkey: CREATE UNIQUE INDEX meal_plans_pkey ON public.meal_plans USING btree (id)
  index uq_meal_plans_id_user_dates: CREATE UNIQUE INDEX uq_meal_plans_id_user_dates ON public.meal_plans USING btree (id, user_id, start_date, end_date)
  trigger trg_meal_plans_updated_at: CREATE TRIGGER trg_meal_plans_updated_at BEFORE UPDATE ON public.meal_plans FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy meal_plans_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.meal_prep_session_meals
  row level security: enabled, forced
  column prep_session_id uuid NOT NULL
  column planned_meal_id uuid NOT NULL
  column user_id uuid NOT NULL
  constraint fk_meal_prep_session_meals_meal: FOREIGN KEY (planned_meal_id, user_id) REFERENCES public.planned_meals(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_meal_prep_session_meals_session: FOREIGN KEY (prep_session_id, user_id) REFERENCES public.meal_prep_sessions(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_meal_prep_session_meals_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint meal_prep_session_meals_pkey: PRIMARY KEY (planned_meal_id)
  index idx_meal_prep_session_meals_session: CREATE INDEX idx_meal_prep_session_meals_session ON public.meal_prep_session_meals USING btree (prep_session_id, user_id)
  index meal_prep_session_meals_pkey: CREATE UNIQUE INDEX meal_prep_session_meals_pkey ON public.meal_prep_session_meals USING btree (planned_meal_id)
  policy meal_prep_session_meals_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.meal_prep_sessions
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column scheduled_at timestamp with time zone NOT NULL
  column status character varying(20) COLLATE pg_catalog."C" NOT NULL DEFAULT 'scheduled'::character varying
  column completed_at timestamp with time zone
  column notes text COLLATE pg_catalog."C"
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_completed_at_finite: CHECK (((completed_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (completed_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_meal_prep_sessions_completed: CHECK ((((status)::text = 'completed'::text) = (completed_at IS NOT NULL)))
  constraint chk_meal_prep_sessions_notes_length: CHECK ((length(notes) <= 2000))
  constraint chk_meal_prep_sessions_status: CHECK (((status)::text = ANY ((ARRAY['scheduled'::character varying, 'in_progress'::character varying, 'completed'::character varying, 'cancelled'::character varying])::text[])))
  constraint chk_scheduled_at_finite: CHECK (((scheduled_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (scheduled_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_meal_prep_sessions_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint meal_prep_sessions_pkey: PRIMARY KEY (id)
  constraint uq_meal_prep_sessions_id_user: UNIQUE (id, user_id)
  index idx_meal_prep_sessions_user: CREATE INDEX idx_meal_prep_sessions_user ON public.meal_prep_sessions USING btree (user_id, scheduled_at)
  index meal_prep_sessions_pkey: CREATE UNIQUE INDEX meal_prep_sessions_pkey ON public.meal_prep_sessions USING btree (id)
  index uq_meal_prep_sessions_id_user: CREATE UNIQUE INDEX uq_meal_prep_sessions_id_user ON public.meal_prep_sessions USING btree (id, user_id)
  trigger trg_meal_prep_sessions_updated_at: CREATE TRIGGER trg_meal_prep_sessions_updated_at BEFORE UPDATE ON public.meal_prep_sessions FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy meal_prep_sessions_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

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
  constraint chk_carbs_g_not_nan: CHECK ((carbs_g <> 'NaN'::numeric))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_fat_g_not_nan: CHECK ((fat_g <> 'NaN'::numeric))
  constraint chk_fiber_g_not_nan: CHECK ((fiber_g <> 'NaN'::numeric))
  constraint chk_meals_energy: CHECK (((energy_kcal >= 0) AND (energy_kcal <= 5000)))
  constraint chk_meals_name: CHECK ((length(TRIM(BOTH FROM name)) > 0))
  constraint chk_meals_nutrients: CHECK (((protein_g >= (0)::numeric) AND (carbs_g >= (0)::numeric) AND (fat_g >= (0)::numeric) AND (fiber_g >= (0)::numeric) AND (sugar_g >= (0)::numeric) AND (sodium_mg >= 0)))
  constraint chk_meals_price: CHECK ((price > (0)::numeric))
  constraint chk_price_not_nan: CHECK ((price <> 'NaN'::numeric))
  constraint chk_protein_g_not_nan: CHECK ((protein_g <> 'NaN'::numeric))
  constraint chk_sugar_g_not_nan: CHECK ((sugar_g <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_meals_restaurant: FOREIGN KEY (restaurant_id) REFERENCES public.restaurants(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint meals_pkey: PRIMARY KEY (id)
  constraint uq_meals_restaurant: UNIQUE (id, restaurant_id)
  index idx_meals_search: CREATE INDEX idx_meals_search ON public.meals USING btree (restaurant_id, is_available, energy_kcal)
  index meals_pkey: CREATE UNIQUE INDEX meals_pkey ON public.meals USING btree (id)
  index uq_meals_restaurant: CREATE UNIQUE INDEX uq_meals_restaurant ON public.meals USING btree (id, restaurant_id)
  trigger trg_meals_updated_at: CREATE TRIGGER trg_meals_updated_at BEFORE UPDATE ON public.meals FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()

table public.nutrient_targets
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column goal_id uuid NOT NULL
  column nutrient character varying(30) COLLATE pg_catalog."C" NOT NULL
  column min_amount numeric(10,3)
  column max_amount numeric(10,3)
  column unit character varying(10) COLLATE pg_catalog."C" NOT NULL
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_max_amount_not_nan: CHECK ((max_amount <> 'NaN'::numeric))
  constraint chk_min_amount_not_nan: CHECK ((min_amount <> 'NaN'::numeric))
  constraint chk_nutrient_targets_bound: CHECK (((min_amount IS NOT NULL) OR (max_amount IS NOT NULL)))
  constraint chk_nutrient_targets_max_amount: CHECK ((max_amount >= (0)::numeric))
  constraint chk_nutrient_targets_min_amount: CHECK ((min_amount >= (0)::numeric))
  constraint chk_nutrient_targets_nutrient: CHECK (((nutrient)::text = ANY ((ARRAY['energy_kcal'::character varying, 'protein_g'::character varying, 'carbs_g'::character varying, 'fat_g'::character varying, 'fiber_g'::character varying, 'sugar_g'::character varying, 'sodium_mg'::character varying, 'saturated_fat_g'::character varying, 'cholesterol_mg'::character varying, 'potassium_mg'::character varying, 'calcium_mg'::character varying, 'iron_mg'::character varying, 'vitamin_c_mg'::character varying, 'vitamin_d_mcg'::character varying])::text[])))
  constraint chk_nutrient_targets_range: CHECK ((min_amount <= max_amount))
  constraint chk_nutrient_targets_unit: CHECK (((unit)::text = ANY ((ARRAY['kcal'::character varying, 'g'::character varying, 'mg'::character varying, 'mcg'::character varying])::text[])))
  constraint chk_nutrient_targets_unit_of_nutrient: CHECK (((unit)::text = CASE nutrient WHEN 'energy_kcal'::text THEN 'kcal'::text WHEN 'protein_g'::text THEN 'g'::text WHEN 'carbs_g'::text THEN 'g'::text WHEN 'fat_g'::text THEN 'g'::text WHEN 'fiber_g'::text THEN 'g'::text WHEN 'sugar_g'::text THEN 'g'::text WHEN 'sodium_mg'::text THEN 'mg'::text WHEN 'saturated_fat_g'::text THEN 'g'::text WHEN 'cholesterol_mg'::text THEN 'mg'::text WHEN 'potassium_mg'::text THEN 'mg'::text WHEN 'calcium_mg'::text THEN 'mg'::text WHEN 'iron_mg'::text THEN 'mg'::text WHEN 'vitamin_c_mg'::text THEN 'mg'::text WHEN 'vitamin_d_mcg'::text THEN 'mcg'::text ELSE NULL::text END))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_nutrient_targets_goal: FOREIGN KEY (goal_id, user_id) REFERENCES public.nutrition_goals(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_nutrient_targets_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint nutrient_targets_pkey: PRIMARY KEY (id)
  constraint uq_nutrient_targets_goal_nutrient: UNIQUE (goal_id, nutrient)
  index idx_nutrient_targets_user: CREATE INDEX idx_nutrient_targets_user ON public.nutrient_targets USING btree (user_id)
  index nutrient_targets_pkey: CREATE UNIQUE INDEX nutrient_targets_pkey ON public.nutrient_targets USING btree (id)
  index uq_nutrient_targets_goal_nutrient: CREATE UNIQUE INDEX uq_nutrient_targets_goal_nutrient ON public.nutrient_targets USING btree (goal_id, nutrient)
  trigger trg_nutrient_targets_updated_at: CREATE TRIGGER trg_nutrient_targets_updated_at BEFORE UPDATE ON public.nutrient_targets FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy nutrient_targets_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.nutrition_goals
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column goal_type character varying(30) COLLATE pg_catalog."C" NOT NULL
  column target_calories numeric(8,2)
  column target_protein_g numeric(8,2)
  column target_carbs_g numeric(8,2)
  column target_fat_g numeric(8,2)
  column target_fiber_g numeric(8,2)
  column target_sodium_mg numeric(8,2)
  column start_date date NOT NULL
  column end_date date
  column is_active boolean NOT NULL DEFAULT true
  column created_by_ai boolean NOT NULL DEFAULT false
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_end_date_finite: CHECK (((end_date >= '0001-01-01'::date) AND (end_date <= '9999-12-31'::date)))
  constraint chk_nutrition_goals_dates: CHECK ((end_date >= start_date))
  constraint chk_nutrition_goals_goal_type: CHECK (((goal_type)::text = ANY ((ARRAY['weight_loss'::character varying, 'maintenance'::character varying, 'muscle_gain'::character varying, 'weight_gain'::character varying, 'athletic_performance'::character varying, 'health_condition'::character varying, 'general_health'::character varying])::text[])))
  constraint chk_nutrition_goals_target_calories: CHECK ((target_calories >= (0)::numeric))
  constraint chk_nutrition_goals_target_carbs_g: CHECK ((target_carbs_g >= (0)::numeric))
  constraint chk_nutrition_goals_target_fat_g: CHECK ((target_fat_g >= (0)::numeric))
  constraint chk_nutrition_goals_target_fiber_g: CHECK ((target_fiber_g >= (0)::numeric))
  constraint chk_nutrition_goals_target_protein_g: CHECK ((target_protein_g >= (0)::numeric))
  constraint chk_nutrition_goals_target_sodium_mg: CHECK ((target_sodium_mg >= (0)::numeric))
  constraint chk_start_date_finite: CHECK (((start_date >= '0001-01-01'::date) AND (start_date <= '9999-12-31'::date)))
  constraint chk_target_calories_not_nan: CHECK ((target_calories <> 'NaN'::numeric))
  constraint chk_target_carbs_g_not_nan: CHECK ((target_carbs_g <> 'NaN'::numeric))
  constraint chk_target_fat_g_not_nan: CHECK ((target_fat_g <> 'NaN'::numeric))
  constraint chk_target_fiber_g_not_nan: CHECK ((target_fiber_g <> 'NaN'::numeric))
  constraint chk_target_protein_g_not_nan: CHECK ((target_protein_g <> 'NaN'::numeric))
  constraint chk_target_sodium_mg_not_nan: CHECK ((target_sodium_mg <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_nutrition_goals_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint nutrition_goals_pkey: PRIMARY KEY (id)
  constraint uq_nutrition_goals_id_user: UNIQUE (id, user_id)
  index idx_nutrition_goals_user_start: CREATE INDEX idx_nutrition_goals_user_start ON public.nutrition_goals USING btree (user_id, start_date)
  index nutrition_goals_pkey: CREATE UNIQUE INDEX nutrition_goals_pkey ON public.nutrition_goals USING btree (id)
  index uq_nutrition_goals_id_user: CREATE UNIQUE INDEX uq_nutrition_goals_id_user ON public.nutrition_goals USING btree (id, user_id)
  index uq_nutrition_goals_one_active: CREATE UNIQUE INDEX uq_nutrition_goals_one_active ON public.nutrition_goals USING btree (user_id) WHERE is_active
  trigger trg_nutrition_goals_updated_at: CREATE TRIGGER trg_nutrition_goals_updated_at BEFORE UPDATE ON public.nutrition_goals FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy nutrition_goals_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.nutrition_insights
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column kind character varying(30) COLLATE pg_catalog."C" NOT NULL
  column message text COLLATE pg_catalog."C" NOT NULL
  column data jsonb
  column generated_by character varying(100) COLLATE pg_catalog."C" NOT NULL
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column read_at timestamp with time zone
  column dismissed_at timestamp with time zone
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_dismissed_at_finite: CHECK (((dismissed_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (dismissed_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_nutrition_insights_generated_by: CHECK ((length((generated_by)::text) >= 1))
  constraint chk_nutrition_insights_kind: CHECK (((kind)::text = ANY ((ARRAY['nutrient_gap'::character varying, 'nutrient_excess'::character varying, 'goal_progress'::character varying, 'pattern'::character varying, 'recommendation'::character varying, 'achievement'::character varying, 'health_alert'::character varying])::text[])))
  constraint chk_nutrition_insights_message: CHECK (((length(message) >= 1) AND (length(message) <= 2000)))
  constraint chk_read_at_finite: CHECK (((read_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (read_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_nutrition_insights_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint nutrition_insights_pkey: PRIMARY KEY (id)
  index idx_nutrition_insights_user_created: CREATE INDEX idx_nutrition_insights_user_created ON public.nutrition_insights USING btree (user_id, created_at)
  index nutrition_insights_pkey: CREATE UNIQUE INDEX nutrition_insights_pkey ON public.nutrition_insights USING btree (id)
  policy nutrition_insights_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.performance_metrics
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column metric_name character varying(100) COLLATE pg_catalog."C" NOT NULL
  column metric_value numeric(15,4) NOT NULL
  column unit character varying(20) COLLATE pg_catalog."C"
  column source character varying(100) COLLATE pg_catalog."C"
  column tags jsonb
  column recorded_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_metric_value_not_nan: CHECK ((metric_value <> 'NaN'::numeric))
  constraint chk_performance_metrics_name: CHECK ((length(TRIM(BOTH FROM metric_name)) > 0))
  constraint chk_recorded_at_finite: CHECK (((recorded_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (recorded_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint performance_metrics_pkey: PRIMARY KEY (id)
  index idx_performance_metrics_name_time: CREATE INDEX idx_performance_metrics_name_time ON public.performance_metrics USING btree (metric_name, recorded_at)
  index performance_metrics_pkey: CREATE UNIQUE INDEX performance_metrics_pkey ON public.performance_metrics USING btree (id)

table public.planned_meals
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column meal_plan_id uuid NOT NULL
  column plan_start date NOT NULL
  column plan_end date NOT NULL
  column date date NOT NULL
  column meal_slot character varying(10) COLLATE pg_catalog."C" NOT NULL
  column recipe_id uuid NOT NULL
  column servings numeric(6,2) NOT NULL
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_date_finite: CHECK (((date >= '0001-01-01'::date) AND (date <= '9999-12-31'::date)))
  constraint chk_plan_end_finite: CHECK (((plan_end >= '0001-01-01'::date) AND (plan_end <= '9999-12-31'::date)))
  constraint chk_plan_start_finite: CHECK (((plan_start >= '0001-01-01'::date) AND (plan_start <= '9999-12-31'::date)))
  constraint chk_planned_meals_date_in_plan: CHECK (((date >= plan_start) AND (date <= plan_end)))
  constraint chk_planned_meals_servings: CHECK ((servings > (0)::numeric))
  constraint chk_planned_meals_slot: CHECK (((meal_slot)::text = ANY ((ARRAY['breakfast'::character varying, 'lunch'::character varying, 'dinner'::character varying, 'snack'::character varying])::text[])))
  constraint chk_servings_not_nan: CHECK ((servings <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_planned_meals_plan: FOREIGN KEY (meal_plan_id, user_id, plan_start, plan_end) REFERENCES public.meal_plans(id, user_id, start_date, end_date) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_planned_meals_recipe: FOREIGN KEY (recipe_id) REFERENCES public.recipes(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_planned_meals_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint planned_meals_pkey: PRIMARY KEY (id)
  constraint uq_planned_meals_id_user: UNIQUE (id, user_id)
  constraint uq_planned_meals_slot_recipe: UNIQUE (meal_plan_id, date, meal_slot, recipe_id)
  index idx_planned_meals_recipe: CREATE INDEX idx_planned_meals_recipe ON public.planned_meals USING btree (recipe_id)
  index planned_meals_pkey: CREATE UNIQUE INDEX planned_meals_pkey ON public.planned_meals USING btree (id)
  index uq_planned_meals_id_user: CREATE UNIQUE INDEX uq_planned_meals_id_user ON public.planned_meals USING btree (id, user_id)
  index uq_planned_meals_slot_recipe: CREATE UNIQUE INDEX uq_planned_meals_slot_recipe ON public.planned_meals USING btree (meal_plan_id, date, meal_slot, recipe_id)
  trigger trg_planned_meals_updated_at: CREATE TRIGGER trg_planned_meals_updated_at BEFORE UPDATE ON public.planned_meals FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy planned_meals_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.recipe_facets
  row level security: disabled
  column recipe_id uuid NOT NULL
  column facets text[] NOT NULL
  constraint fk_recipe_facets_recipe: FOREIGN KEY (recipe_id) REFERENCES public.recipes(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint recipe_facets_pkey: PRIMARY KEY (recipe_id)
  index idx_recipe_facets_facets: CREATE INDEX idx_recipe_facets_facets ON public.recipe_facets USING gin (facets) WITH (fastupdate=off)
  index recipe_facets_pkey: CREATE UNIQUE INDEX recipe_facets_pkey ON public.recipe_facets USING btree (recipe_id)

table public.recipe_ingredients
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column recipe_id uuid NOT NULL
  column ingredient_id uuid NOT NULL
  column quantity numeric(10,3) NOT NULL
  column unit character varying(10) COLLATE pg_catalog."C" NOT NULL
  column "position" integer NOT NULL
  column note text COLLATE pg_catalog."C"
  constraint chk_quantity_not_nan: CHECK ((quantity <> 'NaN'::numeric))
  constraint chk_recipe_ingredients_note_length: CHECK ((length(note) <= 500))
  constraint chk_recipe_ingredients_position: CHECK (("position" >= 1))
  constraint chk_recipe_ingredients_quantity: CHECK ((quantity > (0)::numeric))
  constraint chk_recipe_ingredients_unit: CHECK (((unit)::text = ANY ((ARRAY['g'::character varying, 'kg'::character varying, 'mg'::character varying, 'oz'::character varying, 'lb'::character varying, 'ml'::character varying, 'l'::character varying, 'tsp'::character varying, 'tbsp'::character varying, 'cup'::character varying, 'fl_oz'::character varying, 'piece'::character varying])::text[])))
  constraint fk_recipe_ingredients_ingredient: FOREIGN KEY (ingredient_id) REFERENCES public.ingredients(id) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint fk_recipe_ingredients_recipe: FOREIGN KEY (recipe_id) REFERENCES public.recipes(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint recipe_ingredients_pkey: PRIMARY KEY (id)
  constraint uq_recipe_ingredients_position: UNIQUE (recipe_id, "position")
  index idx_recipe_ingredients_ingredient: CREATE INDEX idx_recipe_ingredients_ingredient ON public.recipe_ingredients USING btree (ingredient_id)
  index recipe_ingredients_pkey: CREATE UNIQUE INDEX recipe_ingredients_pkey ON public.recipe_ingredients USING btree (id)
  index uq_recipe_ingredients_position: CREATE UNIQUE INDEX uq_recipe_ingredients_position ON public.recipe_ingredients USING btree (recipe_id, "position")
  policy recipe_ingredients_owner: AS PERMISSIVE FOR ALL TO public USING ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE ((parent.id = recipe_ingredients.recipe_id) AND ((parent.user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))))) WITH CHECK ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE ((parent.id = recipe_ingredients.recipe_id) AND ((parent.user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))))))
  policy recipe_ingredients_read: AS PERMISSIVE FOR SELECT TO public USING ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE (parent.id = recipe_ingredients.recipe_id))))

table public.recipe_nutrition
  row level security: enabled, forced
  column recipe_id uuid NOT NULL
  column energy_kcal numeric(10,2) NOT NULL
  column protein_g numeric(10,2) NOT NULL
  column carbs_g numeric(10,2) NOT NULL
  column fat_g numeric(10,2) NOT NULL
  column fiber_g numeric(10,2) NOT NULL
  column sugar_g numeric(10,2) NOT NULL
  column sodium_mg numeric(10,2) NOT NULL
  column computed_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_carbs_g_not_nan: CHECK ((carbs_g <> 'NaN'::numeric))
  constraint chk_computed_at_finite: CHECK (((computed_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (computed_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_energy_kcal_not_nan: CHECK ((energy_kcal <> 'NaN'::numeric))
  constraint chk_fat_g_not_nan: CHECK ((fat_g <> 'NaN'::numeric))
  constraint chk_fiber_g_not_nan: CHECK ((fiber_g <> 'NaN'::numeric))
  constraint chk_protein_g_not_nan: CHECK ((protein_g <> 'NaN'::numeric))
  constraint chk_recipe_nutrition_non_negative: CHECK (((energy_kcal >= (0)::numeric) AND (protein_g >= (0)::numeric) AND (carbs_g >= (0)::numeric) AND (fat_g >= (0)::numeric) AND (fiber_g >= (0)::numeric) AND (sugar_g >= (0)::numeric) AND (sodium_mg >= (0)::numeric)))
  constraint chk_sodium_mg_not_nan: CHECK ((sodium_mg <> 'NaN'::numeric))
  constraint chk_sugar_g_not_nan: CHECK ((sugar_g <> 'NaN'::numeric))
  constraint fk_recipe_nutrition_recipe: FOREIGN KEY (recipe_id) REFERENCES public.recipes(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint recipe_nutrition_pkey: PRIMARY KEY (recipe_id)
  index recipe_nutrition_pkey: CREATE UNIQUE INDEX recipe_nutrition_pkey ON public.recipe_nutrition USING btree (recipe_id)
  policy recipe_nutrition_owner: AS PERMISSIVE FOR ALL TO public USING ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE ((parent.id = recipe_nutrition.recipe_id) AND ((parent.user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))))) WITH CHECK ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE ((parent.id = recipe_nutrition.recipe_id) AND ((parent.user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))))))
  policy recipe_nutrition_read: AS PERMISSIVE FOR SELECT TO public USING ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE (parent.id = recipe_nutrition.recipe_id))))

table public.recipe_ratings
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column recipe_id uuid NOT NULL
  column user_id uuid NOT NULL
  column rating integer NOT NULL
  column review text COLLATE pg_catalog."C"
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_recipe_ratings_rating: CHECK (((rating >= 1) AND (rating <= 5)))
  constraint chk_recipe_ratings_review_length: CHECK ((length(review) <= 2000))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_recipe_ratings_recipe: FOREIGN KEY (recipe_id) REFERENCES public.recipes(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_recipe_ratings_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint recipe_ratings_pkey: PRIMARY KEY (id)
  constraint uq_recipe_ratings_recipe_user: UNIQUE (recipe_id, user_id)
  index idx_recipe_ratings_user: CREATE INDEX idx_recipe_ratings_user ON public.recipe_ratings USING btree (user_id)
  index recipe_ratings_pkey: CREATE UNIQUE INDEX recipe_ratings_pkey ON public.recipe_ratings USING btree (id)
  index uq_recipe_ratings_recipe_user: CREATE UNIQUE INDEX uq_recipe_ratings_recipe_user ON public.recipe_ratings USING btree (recipe_id, user_id)
  trigger trg_recipe_ratings_rating_mean: CREATE TRIGGER trg_recipe_ratings_rating_mean AFTER INSERT OR DELETE OR UPDATE OF rating, recipe_id ON public.recipe_ratings FOR EACH ROW EXECUTE FUNCTION public.trg_recipe_ratings_rating_mean()
  trigger trg_recipe_ratings_updated_at: CREATE TRIGGER trg_recipe_ratings_updated_at BEFORE UPDATE ON public.recipe_ratings FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy recipe_ratings_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))
  policy recipe_ratings_read: AS PERMISSIVE FOR SELECT TO public USING ((EXISTS ( SELECT 1 FROM public.recipes r WHERE ((r.id = recipe_ratings.recipe_id) AND r.is_public))))

table public.recipe_steps
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column recipe_id uuid NOT NULL
  column step_number integer NOT NULL
  column instruction text COLLATE pg_catalog."C" NOT NULL
  column duration_minutes integer
  constraint chk_recipe_steps_duration: CHECK (((duration_minutes >= 0) AND (duration_minutes <= 43200)))
  constraint chk_recipe_steps_instruction: CHECK (((length(TRIM(BOTH FROM instruction)) > 0) AND (length(instruction) <= 5000)))
  constraint chk_recipe_steps_number: CHECK ((step_number >= 1))
  constraint fk_recipe_steps_recipe: FOREIGN KEY (recipe_id) REFERENCES public.recipes(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint recipe_steps_pkey: PRIMARY KEY (id)
  constraint uq_recipe_steps_number: UNIQUE (recipe_id, step_number)
  index recipe_steps_pkey: CREATE UNIQUE INDEX recipe_steps_pkey ON public.recipe_steps USING btree (id)
  index uq_recipe_steps_number: CREATE UNIQUE INDEX uq_recipe_steps_number ON public.recipe_steps USING btree (recipe_id, step_number)
  policy recipe_steps_owner: AS PERMISSIVE FOR ALL TO public USING ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE ((parent.id = recipe_steps.recipe_id) AND ((parent.user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))))) WITH CHECK ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE ((parent.id = recipe_steps.recipe_id) AND ((parent.user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))))))
  policy recipe_steps_read: AS PERMISSIVE FOR SELECT TO public USING ((EXISTS ( SELECT 1 FROM public.recipes parent WHERE (parent.id = recipe_steps.recipe_id))))

table public.recipe_tags
  row level security: disabled
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column slug character varying(50) COLLATE pg_catalog."C" NOT NULL
  column name character varying(100) COLLATE pg_catalog."C" NOT NULL
  column category character varying(20) COLLATE pg_catalog."C" NOT NULL
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_recipe_tags_category: CHECK (((category)::text = ANY ((ARRAY['diet'::character varying, 'meal_type'::character varying, 'cuisine'::character varying, 'technique'::character varying, 'occasion'::character varying, 'other'::character varying])::text[])))
  constraint chk_recipe_tags_slug: CHECK (((slug)::text ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text))
  constraint recipe_tags_pkey: PRIMARY KEY (id)
  constraint uq_recipe_tags_slug: UNIQUE (slug)
  index recipe_tags_pkey: CREATE UNIQUE INDEX recipe_tags_pkey ON public.recipe_tags USING btree (id)
  index uq_recipe_tags_slug: CREATE UNIQUE INDEX uq_recipe_tags_slug ON public.recipe_tags USING btree (slug)

table public.recipes
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column name character varying(255) COLLATE pg_catalog."C" NOT NULL
  column description text COLLATE pg_catalog."C"
  column cuisine_type character varying(50) COLLATE pg_catalog."C"
  column difficulty_level character varying(20) COLLATE pg_catalog."C" NOT NULL DEFAULT 'intermediate'::character varying
  column prep_time_minutes integer NOT NULL
  column cook_time_minutes integer NOT NULL
  column total_time_minutes integer NOT NULL GENERATED ALWAYS AS ((prep_time_minutes + cook_time_minutes)) STORED
  column servings integer NOT NULL DEFAULT 1
  column calories_per_serving numeric(8,2)
  column cost_estimate numeric(8,2)
  column rating numeric(3,2)
  column rating_count integer NOT NULL DEFAULT 0
  column rating_sum integer NOT NULL DEFAULT 0
  column is_public boolean NOT NULL DEFAULT false
  column source_url text COLLATE pg_catalog."C"
  column image_url text COLLATE pg_catalog."C"
  column tags text[] NOT NULL DEFAULT '{}'::text[]
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_calories_per_serving_not_nan: CHECK ((calories_per_serving <> 'NaN'::numeric))
  constraint chk_cost_estimate_not_nan: CHECK ((cost_estimate <> 'NaN'::numeric))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_rating_not_nan: CHECK ((rating <> 'NaN'::numeric))
  constraint chk_recipes_calories: CHECK ((calories_per_serving >= (0)::numeric))
  constraint chk_recipes_cook_time: CHECK (((cook_time_minutes >= 0) AND (cook_time_minutes <= 43200)))
  constraint chk_recipes_cost: CHECK ((cost_estimate >= (0)::numeric))
  constraint chk_recipes_difficulty: CHECK (((difficulty_level)::text = ANY ((ARRAY['beginner'::character varying, 'intermediate'::character varying, 'advanced'::character varying])::text[])))
  constraint chk_recipes_name_blank: CHECK ((length(TRIM(BOTH FROM name)) > 0))
  constraint chk_recipes_prep_time: CHECK (((prep_time_minutes >= 0) AND (prep_time_minutes <= 43200)))
  constraint chk_recipes_rating: CHECK (((rating >= (0)::numeric) AND (rating <= (5)::numeric)))
  constraint chk_recipes_rating_count: CHECK ((rating_count >= 0))
  constraint chk_recipes_rating_sum: CHECK (((rating_sum >= rating_count) AND (rating_sum <= (5 * (rating_count)::bigint))))
  constraint chk_recipes_servings: CHECK (((servings >= 1) AND (servings <= 1000)))
  constraint chk_tags_text_list: CHECK ( CASE WHEN (COALESCE(array_ndims(tags), 1) = 1) THEN (array_position(tags, NULL::text) IS NULL) ELSE false END)
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_recipes_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint recipes_pkey: PRIMARY KEY (id)
  index idx_recipes_cuisine_type: CREATE INDEX idx_recipes_cuisine_type ON public.recipes USING btree (cuisine_type)
  index idx_recipes_difficulty: CREATE INDEX idx_recipes_difficulty ON public.recipes USING btree (difficulty_level)
  index idx_recipes_prep_time: CREATE INDEX idx_recipes_prep_time ON public.recipes USING btree (prep_time_minutes)
  index idx_recipes_rank: CREATE INDEX idx_recipes_rank ON public.recipes USING btree (COALESCE(rating, ('-1'::integer)::numeric) DESC, id)
  index idx_recipes_tags: CREATE INDEX idx_recipes_tags ON public.recipes USING gin (tags)
  index idx_recipes_total_time: CREATE INDEX idx_recipes_total_time ON public.recipes USING btree (total_time_minutes)
  index idx_recipes_user: CREATE INDEX idx_recipes_user ON public.recipes USING btree (user_id)
  index recipes_pkey: CREATE UNIQUE INDEX recipes_pkey ON public.recipes USING btree (id)
  trigger trg_recipes_facets: CREATE TRIGGER trg_recipes_facets AFTER INSERT OR UPDATE OF tags, cuisine_type, difficulty_level, prep_time_minutes, cook_time_minutes, is_public ON public.recipes FOR EACH ROW EXECUTE FUNCTION public.keep_recipe_facets()
  trigger trg_recipes_updated_at: CREATE TRIGGER trg_recipes_updated_at BEFORE UPDATE ON public.recipes FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy recipes_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))
  policy recipes_read: AS PERMISSIVE FOR SELECT TO public USING (is_public)

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
  constraint chk_distance_km_not_nan: CHECK ((distance_km <> 'NaN'::numeric))
  constraint chk_recommendations_distance: CHECK ((distance_km >= (0)::numeric))
  constraint chk_recommendations_score: CHECK (((score >= (0)::numeric) AND (score <= (100)::numeric)))
  constraint chk_recommendations_status: CHECK (((status)::text = ANY ((ARRAY['shown'::character varying, 'accepted'::character varying, 'dismissed'::character varying])::text[])))
  constraint chk_score_not_nan: CHECK ((score <> 'NaN'::numeric))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_recommendations_meal: FOREIGN KEY (meal_id, restaurant_id) REFERENCES public.meals(id, restaurant_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_recommendations_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint recommendations_pkey: PRIMARY KEY (id)
  constraint uq_recommendations_owner: UNIQUE (id, user_id, meal_id)
  index idx_recommendations_dismissed: CREATE INDEX idx_recommendations_dismissed ON public.recommendations USING btree (user_id, created_at) WHERE ((status)::text = 'dismissed'::text)
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
  constraint chk_latitude_not_nan: CHECK ((latitude <> 'NaN'::numeric))
  constraint chk_longitude_not_nan: CHECK ((longitude <> 'NaN'::numeric))
  constraint chk_rating_not_nan: CHECK ((rating <> 'NaN'::numeric))
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

table public.shopping_items
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column shopping_list_id uuid NOT NULL
  column ingredient_id uuid
  column name character varying(200) COLLATE pg_catalog."C"
  column quantity numeric(12,3) NOT NULL
  column unit character varying(10) COLLATE pg_catalog."C" NOT NULL
  column is_checked boolean NOT NULL DEFAULT false
  column estimated_price numeric(10,2)
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_estimated_price_not_nan: CHECK ((estimated_price <> 'NaN'::numeric))
  constraint chk_quantity_not_nan: CHECK ((quantity <> 'NaN'::numeric))
  constraint chk_shopping_items_name: CHECK ((length(TRIM(BOTH FROM name)) > 0))
  constraint chk_shopping_items_price: CHECK ((estimated_price >= (0)::numeric))
  constraint chk_shopping_items_quantity: CHECK ((quantity > (0)::numeric))
  constraint chk_shopping_items_unit: CHECK (((unit)::text = ANY ((ARRAY['g'::character varying, 'kg'::character varying, 'mg'::character varying, 'oz'::character varying, 'lb'::character varying, 'ml'::character varying, 'l'::character varying, 'tsp'::character varying, 'tbsp'::character varying, 'cup'::character varying, 'fl_oz'::character varying, 'piece'::character varying])::text[])))
  constraint chk_shopping_items_what: CHECK (((ingredient_id IS NULL) <> (name IS NULL)))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_shopping_items_ingredient: FOREIGN KEY (ingredient_id) REFERENCES public.ingredients(id) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint fk_shopping_items_list: FOREIGN KEY (shopping_list_id, user_id) REFERENCES public.shopping_lists(id, user_id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint fk_shopping_items_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint shopping_items_pkey: PRIMARY KEY (id)
  constraint uq_shopping_items_ingredient: UNIQUE (shopping_list_id, ingredient_id, unit)
  index idx_shopping_items_ingredient: CREATE INDEX idx_shopping_items_ingredient ON public.shopping_items USING btree (ingredient_id)
  index shopping_items_pkey: CREATE UNIQUE INDEX shopping_items_pkey ON public.shopping_items USING btree (id)
  index uq_shopping_items_ingredient: CREATE UNIQUE INDEX uq_shopping_items_ingredient ON public.shopping_items USING btree (shopping_list_id, ingredient_id, unit)
  trigger trg_shopping_items_updated_at: CREATE TRIGGER trg_shopping_items_updated_at BEFORE UPDATE ON public.shopping_items FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy shopping_items_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.shopping_lists
  row level security: enabled, forced
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column user_id uuid NOT NULL
  column name character varying(100) COLLATE pg_catalog."C" NOT NULL
  column meal_plan_id uuid
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_shopping_lists_name: CHECK ((length(TRIM(BOTH FROM name)) > 0))
  constraint chk_updated_at_finite: CHECK (((updated_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (updated_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint fk_shopping_lists_plan: FOREIGN KEY (meal_plan_id) REFERENCES public.meal_plans(id) ON UPDATE CASCADE ON DELETE SET NULL
  constraint fk_shopping_lists_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint shopping_lists_pkey: PRIMARY KEY (id)
  constraint uq_shopping_lists_id_user: UNIQUE (id, user_id)
  index idx_shopping_lists_plan: CREATE INDEX idx_shopping_lists_plan ON public.shopping_lists USING btree (meal_plan_id)
  index idx_shopping_lists_user: CREATE INDEX idx_shopping_lists_user ON public.shopping_lists USING btree (user_id, created_at)
  index shopping_lists_pkey: CREATE UNIQUE INDEX shopping_lists_pkey ON public.shopping_lists USING btree (id)
  index uq_shopping_lists_id_user: CREATE UNIQUE INDEX uq_shopping_lists_id_user ON public.shopping_lists USING btree (id, user_id)
  trigger trg_shopping_lists_updated_at: CREATE TRIGGER trg_shopping_lists_updated_at BEFORE UPDATE ON public.shopping_lists FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()
  policy shopping_lists_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

partitioned table public.user_activities
  row level security: enabled, forced
  partition by RANGE (created_at)
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column user_id uuid NOT NULL
  column activity_type character varying(50) COLLATE pg_catalog."C" NOT NULL
  column entity_type character varying(50) COLLATE pg_catalog."C"
  column entity_id uuid
  column session_id uuid
  column metadata jsonb
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_user_activities_activity_type: CHECK (((activity_type)::text ~ '^[a-z][a-z0-9_.]*$'::text))
  constraint fk_user_activities_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint user_activities_pkey: PRIMARY KEY (id, created_at)
  index idx_user_activities_created_at: CREATE INDEX idx_user_activities_created_at ON ONLY public.user_activities USING brin (created_at)
  index idx_user_activities_user_type: CREATE INDEX idx_user_activities_user_type ON ONLY public.user_activities USING btree (user_id, activity_type)
  index user_activities_pkey: CREATE UNIQUE INDEX user_activities_pkey ON ONLY public.user_activities USING btree (id, created_at)
  policy user_activities_owner: AS PERMISSIVE FOR ALL TO public USING (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text))) WITH CHECK (((user_id = (NULLIF(current_setting('app.current_user_id'::text, true), ''::text))::uuid) OR pg_has_role('eatsential_admin'::name, 'MEMBER'::text)))

table public.user_activities_default
  row level security: disabled
  inherits public.user_activities
  partition bound DEFAULT
  column id uuid NOT NULL DEFAULT gen_random_uuid()
  column created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  column user_id uuid NOT NULL
  column activity_type character varying(50) COLLATE pg_catalog."C" NOT NULL
  column entity_type character varying(50) COLLATE pg_catalog."C"
  column entity_id uuid
  column session_id uuid
  column metadata jsonb
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_user_activities_activity_type: CHECK (((activity_type)::text ~ '^[a-z][a-z0-9_.]*$'::text))
  constraint fk_user_activities_user: FOREIGN KEY (user_id) REFERENCES public.users(id) ON UPDATE CASCADE ON DELETE CASCADE
  constraint user_activities_default_pkey: PRIMARY KEY (id, created_at)
  index user_activities_default_created_at_idx: CREATE INDEX user_activities_default_created_at_idx ON public.user_activities_default USING brin (created_at)
  index user_activities_default_pkey: CREATE UNIQUE INDEX user_activities_default_pkey ON public.user_activities_default USING btree (id, created_at)
  index user_activities_default_user_id_activity_type_idx: CREATE INDEX user_activities_default_user_id_activity_type_idx ON public.user_activities_default USING btree (user_id, activity_type)

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
  constraint chk_budget_per_meal_not_nan: CHECK ((budget_per_meal <> 'NaN'::numeric))
  constraint chk_created_at_finite: CHECK (((created_at >= '0001-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '10000-01-01 00:00:00+00'::timestamp with time zone)))
  constraint chk_disliked_cuisines_text_list: CHECK ( CASE WHEN (COALESCE(array_ndims(disliked_cuisines), 1) = 1) THEN (array_position(disliked_cuisines, NULL::text) IS NULL) ELSE false END)
  constraint chk_preferred_cuisines_text_list: CHECK ( CASE WHEN (COALESCE(array_ndims(preferred_cuisines), 1) = 1) THEN (array_position(preferred_cuisines, NULL::text) IS NULL) ELSE false END)
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
  constraint chk_health_goals_text_list: CHECK ( CASE WHEN (COALESCE(array_ndims(health_goals), 1) = 1) THEN (array_position(health_goals, NULL::text) IS NULL) ELSE false END)
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
            CASE
                WHEN b.raw < 0::numeric THEN 0::numeric
                ELSE b.raw
            END::integer AS bmr_calories
       FROM public.health_profiles hp
         CROSS JOIN LATERAL ( SELECT date_part('year'::text, age((now() AT TIME ZONE 'UTC'::text)::date::timestamp with time zone, hp.date_of_birth::timestamp with time zone))::integer AS age_years) a
         CROSS JOIN LATERAL ( SELECT
                    CASE hp.gender
                        WHEN 'male'::text THEN round(10::numeric * hp.weight_kg + 6.25 * hp.height_cm::numeric - (5 * a.age_years)::numeric + 5::numeric)
                        WHEN 'female'::text THEN round(10::numeric * hp.weight_kg + 6.25 * hp.height_cm::numeric - (5 * a.age_years)::numeric - 161::numeric)
                        ELSE NULL::numeric
                    END AS raw) b;

function audit.audit_changes()
    CREATE OR REPLACE FUNCTION audit.audit_changes()
     RETURNS trigger
     LANGUAGE plpgsql
     SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
     SET "TimeZone" TO 'UTC'
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

function audit.create_monthly_partition(parent regclass, month date)
    CREATE OR REPLACE FUNCTION audit.create_monthly_partition(parent regclass, month date)
     RETURNS boolean
     LANGUAGE plpgsql
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
    DECLARE
        first_day date := date_trunc('month', month)::date;
        from_at timestamptz := (date_trunc('month', month)::timestamp) AT TIME ZONE 'UTC';
        to_at timestamptz := (date_trunc('month', month)::timestamp + interval '1 month') AT TIME ZONE 'UTC';
        nsp text;
        rel text;
        part text;
        key_column text;
        default_part regclass;
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('eatsential.partition_maintenance'));
        SELECT n.nspname, c.relname INTO nsp, rel
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = parent AND c.relkind = 'p';
        IF rel IS NULL THEN
            RAISE EXCEPTION '% is not a partitioned table', parent USING ERRCODE = 'wrong_object_type';
        END IF;
        part := rel || '_' || to_char(first_day, 'YYYY_MM');
        IF to_regclass(format('%I.%I', nsp, part)) IS NOT NULL THEN
            RETURN false;
        END IF;
        SELECT a.attname INTO key_column
          FROM pg_partitioned_table p
          JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
         WHERE p.partrelid = parent;
        SELECT i.inhrelid::regclass INTO default_part
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';
        EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                       nsp, part, parent);
        -- Lets ATTACH skip scanning the new table; dropped once attached.
        EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT partition_bounds CHECK (%I >= %L AND %I < %L)',
                       nsp, part, key_column, from_at, key_column, to_at);
        IF default_part IS NOT NULL THEN
            EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING *) '
                           'INSERT INTO %I.%I SELECT * FROM moved',
                           default_part, key_column, key_column, nsp, part)
              USING from_at, to_at;
        END IF;
        EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                       parent, nsp, part, from_at, to_at);
        EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT partition_bounds', nsp, part);
        EXECUTE format('REVOKE ALL ON %I.%I FROM PUBLIC, eatsential_read, eatsential_write',
                       nsp, part);
        RETURN true;
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

function auth.session_for_token(digest text)
    CREATE OR REPLACE FUNCTION auth.session_for_token(digest text)
     RETURNS SETOF auth.user_sessions
     LANGUAGE plpgsql
     STABLE SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
    BEGIN
        RETURN QUERY
            SELECT s.* FROM auth.user_sessions s
            JOIN public.users u ON u.id = s.user_id AND u.deleted_at IS NULL
            WHERE s.token_hash = digest;
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
     LANGUAGE plpgsql
     STABLE SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
    BEGIN
        RETURN QUERY
            SELECT * FROM public.users
            WHERE lower(email) = lower(btrim(login_email)) AND deleted_at IS NULL;
    END
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

function public.keep_recipe_facets()
    CREATE OR REPLACE FUNCTION public.keep_recipe_facets()
     RETURNS trigger
     LANGUAGE plpgsql
     SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
    BEGIN
        IF NEW.is_public THEN
            INSERT INTO public.recipe_facets (recipe_id, facets)
            VALUES (NEW.id, public.recipe_facets_of(NEW.tags, NEW.cuisine_type,
                                                    NEW.difficulty_level, NEW.total_time_minutes))
            ON CONFLICT (recipe_id) DO UPDATE SET facets = EXCLUDED.facets;
        ELSE
            DELETE FROM public.recipe_facets WHERE recipe_id = NEW.id;
        END IF;
        RETURN NULL;
    END
    $function$

function public.rebuild_recipe_facets()
    CREATE OR REPLACE FUNCTION public.rebuild_recipe_facets()
     RETURNS void
     LANGUAGE sql
     SECURITY DEFINER
     SET search_path TO 'pg_catalog', 'pg_temp'
    AS $function$
        DELETE FROM public.recipe_facets;
        INSERT INTO public.recipe_facets (recipe_id, facets)
        SELECT id, public.recipe_facets_of(tags, cuisine_type, difficulty_level, total_time_minutes)
        FROM public.recipes WHERE is_public;
    $function$

function public.recipe_facets_of(tags text[], cuisine text, difficulty text, minutes integer)
    CREATE OR REPLACE FUNCTION public.recipe_facets_of(tags text[], cuisine text, difficulty text, minutes integer)
     RETURNS text[]
     LANGUAGE sql
     IMMUTABLE PARALLEL SAFE
    AS $function$
        SELECT ARRAY(SELECT 'tag:' || t FROM unnest(tags) t)
            || ARRAY(SELECT 'cuisine:' || cuisine WHERE cuisine IS NOT NULL)
            || ARRAY(SELECT 'cuisine:' || cuisine || '/tag:' || t FROM unnest(tags) t
                     WHERE cuisine IS NOT NULL)
            || ARRAY(SELECT 'difficulty:' || difficulty WHERE difficulty IS NOT NULL)
            || ARRAY(SELECT 'minutes<=' || b FROM unnest(ARRAY[10, 15, 20, 30, 45, 60, 90, 120, 180, 240]) b WHERE minutes <= b)
    $function$

function public.recipe_search_keys(tags text[], cuisine text, difficulty text, max_minutes integer)
    CREATE OR REPLACE FUNCTION public.recipe_search_keys(tags text[], cuisine text, difficulty text, max_minutes integer)
     RETURNS text[]
     LANGUAGE sql
     IMMUTABLE PARALLEL SAFE
    AS $function$
        SELECT ARRAY(SELECT k FROM unnest(q.keys) k
                     WHERE NOT EXISTS (SELECT 1 FROM unnest(q.keys) p
                                       WHERE starts_with(p, k || '/')
                                          OR right(p, length(k) + 1) = '/' || k))
            || ARRAY(SELECT 'minutes<=' || min(b) FROM unnest(ARRAY[10, 15, 20, 30, 45, 60, 90, 120, 180, 240]) b
                     WHERE b >= max_minutes HAVING min(b) IS NOT NULL)
        FROM (SELECT public.recipe_facets_of(tags, cuisine, difficulty, NULL) AS keys) q
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

function public.trg_recipe_ratings_rating_mean()
    CREATE OR REPLACE FUNCTION public.trg_recipe_ratings_rating_mean()
     RETURNS trigger
     LANGUAGE plpgsql
     SECURITY DEFINER
     SET search_path TO 'public', 'pg_temp'
    AS $function$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE "public"."recipes" SET rating_sum = (rating_sum - OLD.rating), rating_count = (rating_count - 1), rating = CASE WHEN (rating_count - 1) = 0 THEN NULL ELSE round((rating_sum - OLD.rating)::numeric / (rating_count - 1), 2) END WHERE id = OLD.recipe_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE "public"."recipes" SET rating_sum = (rating_sum + NEW.rating), rating_count = (rating_count + 1), rating = CASE WHEN (rating_count + 1) = 0 THEN NULL ELSE round((rating_sum + NEW.rating)::numeric / (rating_count + 1), 2) END WHERE id = NEW.recipe_id;
        END IF;
        RETURN NULL;
    END
    $function$

