//! A recipe search that combines filters (a cuisine, tags, a difficulty, a time limit) reads
//! about as many rows as the combination matches, not the catalogue, on PostgreSQL (issue 20).
//!
//! Why a table of its own. Under row-level security PostgreSQL uses a condition in an index
//! scan only when its operator is LEAKPROOF (it could otherwise reveal rows a policy hides),
//! and only a superuser may mark a function leakproof (not possible on RDS). B-tree equality
//! and comparison of scalars are leakproof; array containment (`@>`), which a GIN index of
//! several keys answers, is not. So no index on `recipes` can intersect a cuisine with tags
//! for the application's role: `idx_recipes_tags` never served it, and each filter's own
//! B-tree reads all its matches (a third of the catalogue for a common cuisine).
//!
//! `recipe_facets` holds, for each public recipe only, its search keys (`tag:spicy`,
//! `cuisine:italian`, `difficulty:beginner`, `minutes<=30` for every time bucket its total time
//! fits), with a GIN index over them. The keys of public recipes are what every viewer may
//! read anyway, so the table has no row-level security; the application's roles may read it
//! and not write it. A SECURITY DEFINER trigger on `recipes` keeps it in step (a recipe made
//! public, private, re-tagged or re-timed); a foreign key removes a deleted recipe's row. The
//! search intersects the keys through the GIN index and joins `recipes` by id (a leakproof
//! equality), where the policies and every filter still apply to the recipe itself; the
//! viewer's own private recipes come through `idx_recipes_user` (`recipes::query`).
//!
//! The keys are written once, by `recipe_facets_of` (a row's keys); `recipe_search_keys` (a
//! query's) calls it and adds the one time bucket its limit rounds up to ([`MINUTE_BUCKETS`]). `rebuild_recipe_facets()` refills the table from
//! `recipes`: this migration's backfill, and `copy`'s last step (it writes with triggers off).
//!
//! PostgreSQL only: SQLite has no row-level security, and its search reaches the same rows
//! through each filter's index (`catalog::tables::RECIPE_FACETS`).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::online::Online;
use crate::portable::run_sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The time limits a search's `max_total_minutes` is rounded up to for the index. A recipe
/// carries `minutes<=B` for every bucket `B` at or above its total time; a search for at most
/// `m` minutes asks for the smallest bucket at or above `m` (and checks `m` itself on the
/// recipe), or for none above the largest.
pub const MINUTE_BUCKETS: [i32; 10] = [10, 15, 20, 30, 45, 60, 90, 120, 180, 240];

pub(crate) fn buckets() -> String {
    MINUTE_BUCKETS.map(|b| b.to_string()).join(", ")
}

/// `recipe_facets_of` as this migration made it (migration 24 adds the cuisine-with-tag keys,
/// and puts this back when undone).
pub(crate) fn facets_of_sql() -> String {
    let buckets = buckets();
    format!(
        r#"
CREATE OR REPLACE FUNCTION public.recipe_facets_of(tags text[], cuisine text, difficulty text, minutes integer)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT 'tag:' || t FROM unnest(tags) t)
        || ARRAY(SELECT 'cuisine:' || cuisine WHERE cuisine IS NOT NULL)
        || ARRAY(SELECT 'difficulty:' || difficulty WHERE difficulty IS NOT NULL)
        || ARRAY(SELECT 'minutes<=' || b FROM unnest(ARRAY[{buckets}]) b WHERE minutes <= b)
$$"#
    )
}

/// `recipe_search_keys` as this migration made it (see [`facets_of_sql`]).
pub(crate) fn search_keys_sql() -> String {
    let buckets = buckets();
    format!(
        r#"
CREATE OR REPLACE FUNCTION public.recipe_search_keys(tags text[], cuisine text, difficulty text, max_minutes integer)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.recipe_facets_of(tags, cuisine, difficulty, NULL)
        || ARRAY(SELECT 'minutes<=' || min(b) FROM unnest(ARRAY[{buckets}]) b
                 WHERE b >= max_minutes HAVING min(b) IS NOT NULL)
$$"#
    )
}

fn up_sql(timeouts: Online) -> Vec<String> {
    vec![
        // The backfill reads `recipes` and the trigger's creation locks it briefly: neither may
        // queue the application's writes behind it for long.
        format!(
            "SET LOCAL lock_timeout = {}",
            timeouts.lock_timeout().as_millis()
        ),
        format!(
            "SET LOCAL statement_timeout = {}",
            timeouts.statement_timeout().as_millis()
        ),
        facets_of_sql(),
        search_keys_sql(),
        "CREATE TABLE public.recipe_facets (\
             recipe_id uuid PRIMARY KEY \
                 CONSTRAINT fk_recipe_facets_recipe REFERENCES public.recipes (id) \
                 ON UPDATE CASCADE ON DELETE CASCADE, \
             facets text[] NOT NULL)"
            .to_owned(),
        // Public facts only, and kept by the trigger alone.
        "REVOKE INSERT, UPDATE, DELETE ON public.recipe_facets FROM eatsential_write".to_owned(),
        r#"
CREATE OR REPLACE FUNCTION public.keep_recipe_facets() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$"#
        .to_owned(),
        // Only the columns the keys are made of: a rating's update (every new rating) does not
        // fire it. `total_time_minutes` is generated from the two times.
        "CREATE TRIGGER trg_recipes_facets \
         AFTER INSERT OR UPDATE OF tags, cuisine_type, difficulty_level, prep_time_minutes, \
                                   cook_time_minutes, is_public \
         ON public.recipes FOR EACH ROW EXECUTE FUNCTION public.keep_recipe_facets()"
            .to_owned(),
        r#"
CREATE OR REPLACE FUNCTION public.rebuild_recipe_facets() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DELETE FROM public.recipe_facets;
    INSERT INTO public.recipe_facets (recipe_id, facets)
    SELECT id, public.recipe_facets_of(tags, cuisine_type, difficulty_level, total_time_minutes)
    FROM public.recipes WHERE is_public;
$$"#
        .to_owned(),
        "REVOKE EXECUTE ON FUNCTION public.keep_recipe_facets(), public.rebuild_recipe_facets() \
         FROM PUBLIC"
            .to_owned(),
        "SELECT public.rebuild_recipe_facets()".to_owned(),
        // Built after the backfill, in one pass. `fastupdate = off`: with it on, new keys wait
        // in a pending list that every search reads through in full until a vacuum merges it
        // (the planner prices that in, and on a freshly filled table picked a scan instead);
        // recipes are written far less often than searched.
        "CREATE INDEX idx_recipe_facets_facets ON public.recipe_facets USING GIN (facets) \
         WITH (fastupdate = off)"
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_sql(manager, &up_sql(Online::from_env()?)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_sql(
            manager,
            &[
                "DROP TRIGGER IF EXISTS trg_recipes_facets ON public.recipes",
                "DROP TABLE IF EXISTS public.recipe_facets",
                "DROP FUNCTION IF EXISTS public.keep_recipe_facets()",
                "DROP FUNCTION IF EXISTS public.rebuild_recipe_facets()",
                "DROP FUNCTION IF EXISTS public.recipe_facets_of(text[], text, text, integer)",
                "DROP FUNCTION IF EXISTS public.recipe_search_keys(text[], text, text, integer)",
            ],
        )
        .await
    }
}
