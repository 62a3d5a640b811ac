//! The statement of recipes that stays raw SQL: one page of the search.
//!
//! Why raw: each filter is written for two row sources of one statement (`bounded_search`: a
//! `MATERIALIZED` head in rank order, then a fallback gated on its count through `UNION ALL`),
//! over the rank expression `idx_recipes_rank` indexes, with the safety fragment
//! ([`crate::safety::safe_condition`]) embedded; `query_plans` and the benches pin its plans by
//! its text; on PostgreSQL it reads `recipe_facets` (migration 23). It runs on both backends in
//! `recipes::search_filters` (`search_only_safe` among them),
//! `recipes::paging::keyset_pages_have_no_gaps_or_repeats`, `query_plans` and `round_trips`.
use super::*;

/// Numbered parameters (`$1`, `$2`, ...), which both backends read.
#[derive(Default)]
struct Params(Vec<Value>);

impl Params {
    fn push(&mut self, value: impl Into<Value>) -> String {
        self.0.push(value.into());
        format!("${}", self.0.len())
    }
}

/// One filter of a search, its values already bound (`$n` placeholders), written out for a
/// given alias of `recipes`: a bounded search applies it to two different row sources.
enum Filter {
    /// PostgreSQL: the row carries all of these tags (one array parameter).
    TagsArray(String),
    /// SQLite: the row carries this tag (its JSON list holds it).
    TagJson(String),
    Cuisine(String),
    Difficulty(String),
    MaxMinutes(String),
    NameLike(String),
    /// No severe allergen of the viewer (bound as `me`).
    Safe,
}

impl Filter {
    fn sql(&self, a: &str, me: &str) -> String {
        match self {
            Self::TagsArray(list) => format!("{a}.tags @> {list}::text[]"),
            Self::TagJson(tag) => {
                format!("EXISTS (SELECT 1 FROM json_each({a}.tags) WHERE json_each.value = {tag})")
            }
            Self::Cuisine(c) => format!("{a}.cuisine_type = {c}"),
            Self::Difficulty(d) => format!("{a}.difficulty_level = {d}"),
            Self::MaxMinutes(m) => format!("{a}.total_time_minutes <= {m}"),
            Self::NameLike(pattern) => format!("lower({a}.name) LIKE {pattern} ESCAPE '\\'"),
            Self::Safe => safe_condition(&RECIPE_DISHES, a, me),
        }
    }

    /// Whether an index finds the rows that pass it.
    fn indexed(&self) -> bool {
        !matches!(self, Self::NameLike(_) | Self::Safe)
    }
}

/// The statement for one page of `query`, as `viewer` sees (public recipes and their own).
/// Public so benchmarks and tests can look at its plan.
///
/// # Errors
/// [`Error::Validation`] on the query's fields.
pub fn search_statement(
    backend: DbBackend,
    viewer: Uuid,
    query: &SearchQuery,
) -> Result<Statement> {
    let mut p = Params::default();
    let me = p.push(viewer);
    let (filters, keys) = filters_of(backend, query, &mut p)?;
    let after_cursor = query
        .after
        .map(|after| cursor_values(backend, after, &mut p));
    let limit = match query.limit {
        0 => 20,
        n if n <= MAX_PAGE => n,
        _ => {
            return Err(Error::invalid(
                "limit",
                format!("must be at most {MAX_PAGE}"),
            ));
        }
    };
    let rows = limit + 1;
    // Who may see it and where the page starts: the rows a page is taken from, in rank order.
    let shown = |a: &str| {
        let visible = format!("({a}.is_public OR {a}.user_id = {me})");
        match &after_cursor {
            Some((rating, id)) => {
                let rank = rank(a);
                format!(
                    "{visible} AND ({rank} < {rating} OR ({rank} = {rating} AND {a}.id > {id}))"
                )
            }
            None => visible,
        }
    };
    let matching = |a: &str| {
        filters
            .iter()
            .map(|f| f.sql(a, &me))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let sql = if filters.iter().any(Filter::indexed) {
        let matches = match backend {
            DbBackend::Postgres => Matches::Facets {
                keys: keys.sql(),
                me: &me,
            },
            _ => Matches::FilterIndexes,
        };
        format!(
            "{}{}",
            crate::autocommit::GENERIC_PLAN,
            bounded_search(&shown, &matching, rows, &matches)
        )
    } else {
        // No filter narrows the catalogue through an index: read in rank order (the index
        // `idx_recipes_rank`), filtering as it goes, and stop at the page.
        let mut all = vec![shown("r")];
        if !filters.is_empty() {
            all.push(matching("r"));
        }
        format!(
            "SELECT r.* FROM recipes r WHERE {} ORDER BY {} DESC, r.id LIMIT {rows}",
            all.join(" AND "),
            rank("r")
        )
    };
    Ok(Statement::from_sql_and_values(backend, sql, p.0))
}

/// The query's filters past who may see a recipe, their values bound in `p`, and (PostgreSQL)
/// the same filters as `recipe_facets` keys.
fn filters_of(
    backend: DbBackend,
    query: &SearchQuery,
    p: &mut Params,
) -> Result<(Vec<Filter>, FacetKeys)> {
    let mut filters = Vec::new();
    let mut keys = FacetKeys::default();
    let tags = normalise_tags(&query.tags)?;
    if !tags.is_empty() {
        match backend {
            DbBackend::Postgres => {
                let list = p.push(Value::Array(
                    sea_orm::sea_query::ArrayType::String,
                    Some(Box::new(
                        tags.into_iter().map(|t| Value::String(Some(t))).collect(),
                    )),
                ));
                keys.tags = Some(format!("{list}::text[]"));
                filters.push(Filter::TagsArray(list));
            }
            _ => {
                for tag in tags {
                    filters.push(Filter::TagJson(p.push(tag)));
                }
            }
        }
    }
    if let Some(cuisine) = query.cuisine.as_deref().map(str::trim) {
        no_nul("cuisine", cuisine)?;
        let c = p.push(cuisine.to_lowercase());
        keys.cuisine = Some(c.clone());
        filters.push(Filter::Cuisine(c));
    }
    if let Some(difficulty) = query.difficulty {
        let d = p.push(sea_orm::ActiveEnum::to_value(&difficulty));
        keys.difficulty = Some(d.clone());
        filters.push(Filter::Difficulty(d));
    }
    if let Some(max) = query.max_total_minutes {
        let m = p.push(max);
        keys.max_minutes = Some(m.clone());
        filters.push(Filter::MaxMinutes(m));
    }
    if let Some(text) = query.name_contains.as_deref() {
        no_nul("name_contains", text)?;
        if !text.is_empty() {
            let pattern = p.push(format!("%{}%", escape_like(&text.to_lowercase())));
            filters.push(Filter::NameLike(pattern));
        }
    }
    if query.only_safe {
        filters.push(Filter::Safe);
    }
    Ok((filters, keys))
}

/// Where the page starts, bound in `p`: the previous page's last (rating, id).
fn cursor_values(backend: DbBackend, after: Cursor, p: &mut Params) -> (String, String) {
    let rating = after.rating.unwrap_or(Decimal::NEGATIVE_ONE);
    let rating = match backend {
        DbBackend::Postgres => p.push(rating),
        // The column is REAL there, and a Decimal is bound as text, which SQLite sorts
        // after every number. A 2-decimal rating is exact through f64 (`Numeric`).
        _ => p.push(rust_decimal::prelude::ToPrimitive::to_f64(&rating).unwrap_or(-1.0)),
    };
    (rating, p.push(after.id))
}

/// The order of pages, for rows of alias `a`: unrated last (-1 sorts below every rating, 0 to
/// 5), then by id. The same expression is indexed (`idx_recipes_rank`).
fn rank(a: &str) -> String {
    format!("coalesce({a}.rating, -1)")
}

/// The column a bounded search's rows carry their rank in (past the recipe's own columns,
/// which is all a caller decodes).
const SORT_RANK: &str = "sort_rank";

/// How many recipes, in rank order, a filtered search reads before it finds its matches
/// through the filters' indexes instead.
const RANK_WALK: u64 = 500;

/// A search's filters as `recipe_facets` keys (PostgreSQL): each placeholder already bound, or
/// `None` for a filter the search does not have.
#[derive(Default)]
struct FacetKeys {
    tags: Option<String>,
    cuisine: Option<String>,
    difficulty: Option<String>,
    max_minutes: Option<String>,
}

impl FacetKeys {
    /// The keys a match must carry, made by the database's `recipe_search_keys` (migrations
    /// 23 and 24), which writes them exactly as the trigger writes a recipe's.
    ///
    /// As a scalar subquery, computed once when the statement runs: called in place, the
    /// function is inlined and folded into constants, which a generic plan cannot hold
    /// (the statement runs with its generic plan: `autocommit::GENERIC_PLAN`).
    fn sql(&self) -> String {
        let or_null = |v: &Option<String>| v.clone().unwrap_or_else(|| "NULL".to_owned());
        format!(
            "(SELECT recipe_search_keys({}, {}, {}, {}))",
            self.tags
                .clone()
                .unwrap_or_else(|| "NULL::text[]".to_owned()),
            or_null(&self.cuisine),
            or_null(&self.difficulty),
            or_null(&self.max_minutes)
        )
    }
}

/// Where a bounded search finds all the matches when the first rows in rank order fall short.
enum Matches<'a> {
    /// Through each filter's own index (SQLite, where no row-level security stands between a
    /// condition and its index).
    FilterIndexes,
    /// PostgreSQL: the public recipes whose `recipe_facets` row holds `keys` (its GIN index
    /// intersects them: under row-level security no index on `recipes` can, see migration
    /// 23), joined to `recipes` by id, and the viewer's (`me`) own private recipes through
    /// `idx_recipes_user`.
    Facets { keys: String, me: &'a str },
}

/// One page (`rows` rows) of the recipes in `shown` that match `filters`, where at least one
/// filter has an index, read at a cost bounded by the matches rather than by the catalogue.
///
/// Read in rank order and filtered as it goes (the plan a planner picks for `ORDER BY rank
/// LIMIT n`), a search reads about `n / (share matching)` recipes: the whole catalogue when
/// few or none match. Found through the filters' indexes and sorted, it reads every match:
/// much more than a page when many match. So both, in one statement: the first
/// [`RANK_WALK`] recipes in rank order are filtered until a page is found (`head`); when they
/// hold a full page, that is the page (any later match ranks below all of them); otherwise
/// the page is taken from all the matches, found as [`Matches`] says (`ORDER BY rank + 0` is
/// not the indexed expression, so no plan can walk the rank index instead) and sorted. The
/// second part runs only when the first falls short: its condition on `head` is a constant both
/// backends test before reading a row. The cost is at most [`RANK_WALK`] recipes plus the
/// matches of the filters' indexes, whatever the catalogue's size.
fn bounded_search(
    shown: &dyn Fn(&str) -> String,
    matching: &dyn Fn(&str) -> String,
    rows: u64,
    matches: &Matches,
) -> String {
    let walk = RANK_WALK.max(rows);
    // Aliases: `r` for the table, `w` for the first rows in rank order, `m` for all the
    // matches, `page` for the result (each name says which rows a plan line reads).
    let (r, m) = (rank("r"), rank("m"));
    let short = format!("(SELECT count(*) FROM head) < {rows}");
    let (shown_r, filters) = (shown("r"), matching("r"));
    let all_matches = match matches {
        // The gate is the outer side of a CROSS JOIN, which SQLite never reorders: tested once,
        // before a row is read. As a WHERE term SQLite tested it on every row its filters'
        // index gave (0.5 ms on the floor bench's search, whose head holds the page).
        Matches::FilterIndexes => format!(
            "SELECT r.* FROM (SELECT 1 WHERE {short}) gate CROSS JOIN recipes r \
             WHERE {shown_r} AND {filters}"
        ),
        // From the facets' matches to their recipes, one probe of `recipes_pkey` each: the
        // subquery with `OFFSET 0` is not merged into the join, so the planner cannot start
        // from a filter's own index instead. It would: multiplying the keys' shares, it
        // expects thousands of italian spicy recipes where a correlated catalogue has none,
        // and reads all 16,757 italian ones to find that out (1,606 buffers on the scale
        // bench's set, against 28 this way).
        Matches::Facets { keys, me } => format!(
            "SELECT r.* FROM recipe_facets f \
             CROSS JOIN LATERAL (SELECT * FROM recipes r WHERE r.id = f.recipe_id OFFSET 0) r \
             WHERE f.facets @> {keys} AND {shown_r} AND {filters} AND {short} \
             UNION ALL \
             SELECT r.* FROM recipes r \
             WHERE r.user_id = {me} AND NOT r.is_public AND {shown_r} AND {filters} AND {short}"
        ),
    };
    // The walk carries its rank as a column of its own (`sort_rank`), so that both planners
    // see its rows arrive in the order the head asks for and stop at the page's last match:
    // ordered by the expression over `w` instead, each filtered all the walk's rows (the
    // safety check's probes included) and sorted them.
    format!(
        "WITH head AS MATERIALIZED (\
             SELECT w.* FROM (SELECT r.*, {r} AS {SORT_RANK} FROM recipes r WHERE {shown_r} \
                              ORDER BY {r} DESC, r.id LIMIT {walk}) w \
             WHERE {head_filters} ORDER BY w.{SORT_RANK} DESC, w.id LIMIT {rows}) \
         SELECT * FROM (\
             SELECT * FROM head WHERE (SELECT count(*) FROM head) = {rows} \
             UNION ALL \
             SELECT * FROM (SELECT m.*, {m} AS {SORT_RANK} FROM ({all_matches}) m \
                            ORDER BY {m} + 0 DESC, m.id LIMIT {rows}) matches\
         ) page ORDER BY page.{SORT_RANK} DESC, page.id",
        head_filters = matching("w"),
    )
}
