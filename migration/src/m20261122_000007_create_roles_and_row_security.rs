//! Group roles, their grants, and row-level security on the tables the first six migrations
//! made (seed 002 §10.1, repaired: `docs/DESIGN.md` D12). PostgreSQL only: SQLite has neither
//! roles nor policies, and the service's own filters do that work there; on SQLite this
//! migration does nothing, in both directions.
//!
//! - `eatsential_read`: USAGE on the four schemas, SELECT on every table and view of `public`,
//!   `auth` and `health`, SELECT on their sequences, EXECUTE on the sign-in lookups below.
//! - `eatsential_write` (a member of `eatsential_read`): INSERT, UPDATE, DELETE too, USAGE on
//!   sequences.
//! - `eatsential_admin` (a member of `eatsential_write`): every privilege on those tables, and
//!   SELECT on `audit` (the trail is written only by the SECURITY DEFINER trigger, and no role
//!   edits history). Every owner policy lets its members reach every row.
//!
//! `ALTER DEFAULT PRIVILEGES` gives the same to every table, view and sequence the migrating
//! role creates later, so a new table is reachable by the application from its first day; its
//! rows are protected by `Conventions::owned_by_user`, which adds the policy.
//!
//! Roles belong to the whole server and other databases use them: they are created when absent
//! (two databases migrating at once included) and `down` never drops them; it revokes this
//! database's grants and removes the policies.
use crate::lint::{self, Exception};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::conventions::{OWNER_IS_ACTING_USER, owner_policy};
use crate::portable::{Tbl, run_sql};
use catalog::tables::{
    HEALTH_PROFILE_BMR_VIEW, HEALTH_PROFILES, PASSWORD_HISTORY, USER_ALLERGIES,
    USER_DIETARY_RESTRICTIONS, USER_SESSIONS, USERS, VERIFICATION_TOKENS,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): it changes what older migrations made, and was released before the online
/// helpers (`crate::portable::online`).
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::BEFORE_HELPERS_LOCK_TIMEOUT,
    lint::BEFORE_HELPERS_STATEMENT_TIMEOUT,
];

/// The roles, each a member of the one before it.
const ROLES: [&str; 3] = ["eatsential_read", "eatsential_write", "eatsential_admin"];

/// The tables holding a user's rows when this migration was written, keyed by `user_id`.
/// Later tables get their policy from `Conventions::owned_by_user`.
const OWNED: [Tbl; 6] = [
    HEALTH_PROFILES,
    USER_ALLERGIES,
    USER_DIETARY_RESTRICTIONS,
    VERIFICATION_TOKENS,
    USER_SESSIONS,
    PASSWORD_HISTORY,
];

/// `users` is its own owner: a user reaches their own row, by `id`.
const USER_IS_ACTING_USER: &str = "id = NULLIF(current_setting('app.current_user_id', true), '')::uuid \
     OR pg_has_role('eatsential_admin', 'MEMBER')";

/// Schemas holding the application's tables (`audit` apart: admin reads it, no one writes it).
const DATA_SCHEMAS: &str = "public, auth, health";
const ALL_SCHEMAS: &str = "public, auth, health, audit";

/// Creates the roles when absent. Two databases of one server migrating at once both see a
/// role missing; the second CREATE then waits for the first and fails with a duplicate, which
/// is caught: the role exists, as wanted. Memberships the same way.
const PG_CREATE_ROLES: &str = r#"
DO $$
DECLARE
    roles text[] := ARRAY['eatsential_read', 'eatsential_write', 'eatsential_admin'];
    i int;
BEGIN
    FOR i IN 1 .. array_length(roles, 1) LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = roles[i]) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', roles[i]);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
        END IF;
        IF i > 1 AND NOT pg_catalog.pg_has_role(roles[i], roles[i - 1], 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', roles[i - 1], roles[i]);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
        END IF;
    END LOOP;
    -- The sign-in lookups below are SECURITY DEFINER: they run as the tables' owner, which
    -- FORCE ROW LEVEL SECURITY holds to the policies. A superuser bypasses them; any other
    -- owner (RDS's master user) is made a member of eatsential_admin, whose clause lets it
    -- reach the rows. It owns the tables, so this gives it nothing it could not take.
    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
       AND NOT pg_catalog.pg_has_role(current_user, 'eatsential_admin', 'MEMBER') THEN
        BEGIN
            EXECUTE format('GRANT eatsential_admin TO %I', current_user);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
END
$$"#;

/// Signing in by email happens before anyone is acting, so no policy would show the row: this
/// returns the one live user with that email (case-insensitively, as `uq_users_email_active`
/// compares), and nothing else. SECURITY DEFINER with a fixed search_path, so no caller can
/// substitute the tables it reads.
const PG_USER_FOR_LOGIN: &str = r#"
CREATE OR REPLACE FUNCTION auth.user_for_login(login_email text) RETURNS SETOF public.users
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM public.users
    WHERE lower(email) = lower(btrim(login_email)) AND deleted_at IS NULL
$$"#;

/// The owner of a secret token the caller holds, found by its SHA-256 digest before anyone is
/// acting; the service then acts as that owner and reads or redeems the token under the
/// policies. It returns no more than a user id, and only to someone who has the token.
///
/// `kind` names the token table: `email_verify`, `password_reset`, `email_change`
/// (`auth.verification_tokens` by `token_type`) and `session` (`auth.user_sessions`). A
/// migration adding a token table extends the CASE with `CREATE OR REPLACE FUNCTION` (the
/// signature stays, so grants stay); an unknown kind returns NULL.
pub(crate) fn pg_token_owner(more_kinds: &str) -> String {
    format!(
        r#"
CREATE OR REPLACE FUNCTION auth.token_owner(kind text, digest text) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN CASE
        WHEN kind IN ('email_verify', 'password_reset', 'email_change') THEN
            (SELECT user_id FROM auth.verification_tokens
             WHERE token_hash = digest AND token_type = kind)
        WHEN kind = 'session' THEN
            (SELECT user_id FROM auth.user_sessions WHERE token_hash = digest){more_kinds}
    END;
END
$$"#
    )
}

/// The SECURITY DEFINER functions: executable by the application's roles and no one else.
const DEFINER_FUNCTIONS: [&str; 2] = ["auth.user_for_login(text)", "auth.token_owner(text, text)"];

fn grants() -> Vec<String> {
    let [read, write, admin] = ROLES;
    let mut sql = vec![
        format!("GRANT USAGE ON SCHEMA {ALL_SCHEMAS} TO {read}"),
        format!("GRANT SELECT ON ALL TABLES IN SCHEMA {DATA_SCHEMAS} TO {read}"),
        format!("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {DATA_SCHEMAS} TO {write}"),
        format!("GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA {DATA_SCHEMAS} TO {admin}"),
        format!("GRANT SELECT ON ALL TABLES IN SCHEMA audit TO {admin}"),
        format!("GRANT SELECT ON ALL SEQUENCES IN SCHEMA {DATA_SCHEMAS} TO {read}"),
        format!("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {DATA_SCHEMAS} TO {write}"),
        format!("GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA {DATA_SCHEMAS} TO {admin}"),
        // The migrator's bookkeeping is no business of the application.
        format!("REVOKE ALL ON public.seaql_migrations FROM {read}, {write}"),
        // Tables, views and sequences the migrating role creates later get the same.
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {DATA_SCHEMAS} GRANT SELECT ON TABLES TO {read}"
        ),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {DATA_SCHEMAS} \
             GRANT INSERT, UPDATE, DELETE ON TABLES TO {write}"
        ),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {DATA_SCHEMAS} \
             GRANT ALL PRIVILEGES ON TABLES TO {admin}"
        ),
        format!("ALTER DEFAULT PRIVILEGES IN SCHEMA audit GRANT SELECT ON TABLES TO {admin}"),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {DATA_SCHEMAS} GRANT SELECT ON SEQUENCES TO {read}"
        ),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {DATA_SCHEMAS} GRANT USAGE ON SEQUENCES TO {write}"
        ),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {DATA_SCHEMAS} \
             GRANT ALL PRIVILEGES ON SEQUENCES TO {admin}"
        ),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {ALL_SCHEMAS} GRANT EXECUTE ON FUNCTIONS TO {read}"
        ),
    ];
    for function in DEFINER_FUNCTIONS {
        sql.push(format!("REVOKE ALL ON FUNCTION {function} FROM PUBLIC"));
        sql.push(format!("GRANT EXECUTE ON FUNCTION {function} TO {read}"));
    }
    sql
}

fn revokes() -> Vec<String> {
    let roles = ROLES.join(", ");
    let [read, write, admin] = ROLES;
    vec![
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {ALL_SCHEMAS} REVOKE ALL ON TABLES FROM {roles}"
        ),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {ALL_SCHEMAS} REVOKE ALL ON SEQUENCES FROM {roles}"
        ),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {ALL_SCHEMAS} REVOKE ALL ON FUNCTIONS FROM {roles}"
        ),
        format!("REVOKE ALL ON ALL TABLES IN SCHEMA {ALL_SCHEMAS} FROM {roles}"),
        format!("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {ALL_SCHEMAS} FROM {roles}"),
        format!("REVOKE ALL ON SCHEMA {ALL_SCHEMAS} FROM {read}, {write}, {admin}"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        if backend != DbBackend::Postgres {
            return Ok(());
        }
        run_sql(
            manager,
            &[
                PG_CREATE_ROLES.to_owned(),
                PG_USER_FOR_LOGIN.to_owned(),
                pg_token_owner(""),
            ],
        )
        .await?;
        run_sql(manager, &grants()).await?;
        for table in OWNED {
            run_sql(manager, &owner_policy(backend, table, OWNER_IS_ACTING_USER)).await?;
        }
        run_sql(manager, &owner_policy(backend, USERS, USER_IS_ACTING_USER)).await?;
        // A view runs with its owner's rights, and a superuser owner bypasses every policy:
        // the BMR view must read health_profiles as whoever queries it.
        run_sql(
            manager,
            &[format!(
                "ALTER VIEW public.{HEALTH_PROFILE_BMR_VIEW} SET (security_invoker = true)"
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        if backend != DbBackend::Postgres {
            return Ok(());
        }
        let mut sql = vec![format!(
            "ALTER VIEW public.{HEALTH_PROFILE_BMR_VIEW} RESET (security_invoker)"
        )];
        for table in OWNED.iter().chain([&USERS]) {
            let t = table.sql(backend);
            sql.push(format!("DROP POLICY IF EXISTS {}_owner ON {t}", table.name));
            sql.push(format!("ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY"));
            sql.push(format!("ALTER TABLE {t} DISABLE ROW LEVEL SECURITY"));
        }
        sql.extend(revokes());
        for function in DEFINER_FUNCTIONS {
            sql.push(format!("DROP FUNCTION IF EXISTS {function}"));
        }
        run_sql(manager, &sql).await
    }
}
