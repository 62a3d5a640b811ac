//! What operators see of each public service call: a `tracing` span named after the call
//! (`nutrition::log_meal`), made by `#[traced("nutrition::log_meal")]` on the function.
//!
//! The span (level INFO, target the function's module) carries:
//! - `actor`: the acting user's id, on calls that take an [`Actor`] (none on the calls that
//!   have no user yet: `accounts::sign_in`, `find_by_email`, `resolve_session`, ...). No other
//!   input is recorded: inputs hold emails, passwords and tokens.
//! - `statements`: the statements the call sent, counted as the metric callback of
//!   [`Db::set_metric_callback`](crate::Db::set_metric_callback) sees them (`BEGIN`, `COMMIT`
//!   and unprepared bookkeeping are not statements). Calls made by the call count in it too.
//! - `rows`: what the call returns: a list's (or a page's) length, 1 for one row or one value,
//!   0 for `()` or `None`. Not recorded when the call fails.
//! - `elapsed_ms`: the call's duration, in milliseconds (fractional).
//! - `error`: the kind of [`Error`] the call returns ([`Error::kind`]: `not_found`, ...), never
//!   its text, which can quote the input.
//!
//! When the call returns, an event (target `service::trace`) repeats them with `call`, the
//! call's name: DEBUG, or WARN `slow call` with `sql`, the text of the call's first statements
//! (placeholders, never the values bound to them), when the call took at least
//! [`PoolConfig::slow_call`](crate::PoolConfig::slow_call) (`DATABASE_SLOW_CALL_MS`).
//!
//! Statements are counted in a task-local tally that the call opens: the service's SeaORM
//! metric callback (installed by [`connect`](crate::connect), chained with an application's
//! own) and [`Db::record`](crate::Db) (the statements sent past SeaORM) add to it.
use std::cell::RefCell;
use std::future::Future;
use std::time::{Duration, Instant};

use sea_orm::Statement;
use tracing::field::{DisplayValue, display};
use tracing::{Instrument, Span};
use uuid::Uuid;

use crate::{Actor, Error};

/// Statements whose text the slow-call warning keeps; the others are only counted.
const KEPT_STATEMENTS: usize = 20;
/// Bytes kept of each statement's text (a search's statement runs to several kilobytes).
const KEPT_BYTES: usize = 500;

tokio::task_local! {
    /// The tally of the call running on this task (the innermost, when calls nest).
    static TALLY: RefCell<Tally>;
}

#[derive(Default)]
struct Tally {
    statements: u64,
    sql: Vec<String>,
    /// The threshold of the database the statements went to; `None` until one is sent.
    slow_call: Option<Duration>,
}

impl Tally {
    fn add(&mut self, sql: &str) {
        self.statements += 1;
        if self.sql.len() < KEPT_STATEMENTS {
            self.sql.push(cut(sql).to_owned());
        }
    }

    /// A nested call's tally, into its caller's.
    fn absorb(&mut self, inner: Tally) {
        self.statements += inner.statements;
        let room = KEPT_STATEMENTS.saturating_sub(self.sql.len());
        self.sql.extend(inner.sql.into_iter().take(room));
        self.slow_call = inner.slow_call.or(self.slow_call);
    }

    /// The kept statements as one script; the statements not kept are counted at the end.
    fn script(&self) -> String {
        let mut script = self.sql.join("; ");
        let left = self.statements.saturating_sub(self.sql.len() as u64);
        if left > 0 {
            script.push_str(&format!("; ... and {left} more"));
        }
        script
    }
}

/// `sql` cut to at most [`KEPT_BYTES`], at a character boundary.
fn cut(sql: &str) -> &str {
    if sql.len() <= KEPT_BYTES {
        return sql;
    }
    let mut end = KEPT_BYTES;
    while !sql.is_char_boundary(end) {
        end -= 1;
    }
    &sql[..end]
}

/// Counts `statement` (its text only: its values are never read) for the call running on this
/// task, if any: an application's own statement on a [`crate::Db`] counts for no call.
pub(crate) fn observe(statement: &Statement, slow_call: Duration) {
    // `try_with`: outside a call there is no tally. `try_borrow_mut`: the tally is borrowed only
    // in this function and in `call` between polls, never across a statement; should that ever
    // change, a statement goes uncounted rather than the call panicking.
    let _ = TALLY.try_with(|tally| {
        if let Ok(mut tally) = tally.try_borrow_mut() {
            tally.add(&statement.sql);
            tally.slow_call = Some(slow_call);
        }
    });
}

/// The span of the call named `$name`, with the fields [`call`] records.
macro_rules! call_span {
    ($name:literal) => {
        ::tracing::info_span!(
            $name,
            actor = ::tracing::field::Empty,
            statements = ::tracing::field::Empty,
            rows = ::tracing::field::Empty,
            elapsed_ms = ::tracing::field::Empty,
            error = ::tracing::field::Empty,
        )
    };
}
pub(crate) use call_span;

/// The acting user of a call's `actor` parameter.
pub(crate) trait ActorId {
    fn actor_id(&self) -> Option<Uuid>;
}

impl ActorId for Actor {
    fn actor_id(&self) -> Option<Uuid> {
        Some(self.id())
    }
}

impl ActorId for Option<Actor> {
    fn actor_id(&self) -> Option<Uuid> {
        self.map(Actor::id)
    }
}

/// What a call's result says for its span: the rows it returns, or the kind of its error.
pub(crate) trait Outcome {
    fn rows(&self) -> Option<u64>;
    fn error(&self) -> Option<&'static str>;
}

impl<T: Returned> Outcome for Result<T, Error> {
    fn rows(&self) -> Option<u64> {
        self.as_ref().ok().map(Returned::rows)
    }

    fn error(&self) -> Option<&'static str> {
        self.as_ref().err().map(Error::kind)
    }
}

/// The health check answers even when the database does not: its status says how it went.
impl Outcome for crate::operations::Health {
    fn rows(&self) -> Option<u64> {
        Some(1)
    }

    fn error(&self) -> Option<&'static str> {
        None
    }
}

/// The rows a call returns to its caller: one, unless the type says otherwise.
pub(crate) trait Returned {
    fn rows(&self) -> u64 {
        1
    }
}

impl<T> Returned for Vec<T> {
    fn rows(&self) -> u64 {
        self.len() as u64
    }
}

impl<T: Returned> Returned for Option<T> {
    fn rows(&self) -> u64 {
        self.as_ref().map_or(0, Returned::rows)
    }
}

impl Returned for () {
    fn rows(&self) -> u64 {
        0
    }
}

impl Returned for crate::recipes::Page {
    fn rows(&self) -> u64 {
        self.recipes.len() as u64
    }
}

/// One row, or one value (a count, a path, a report), each.
macro_rules! one_row {
    ($($ty:ty),* $(,)?) => {$(impl Returned for $ty {})*};
}

one_row!(
    u64,
    i32,
    std::path::PathBuf,
    chrono_tz::Tz,
    entity::api_requests::Model,
    entity::feedback::Model,
    entity::fitness_goals::Model,
    entity::health_metrics::Model,
    entity::health_profiles::Model,
    entity::ingredient_prices::Model,
    entity::inventory_items::Model,
    entity::meal_logs::Model,
    entity::meal_plans::Model,
    entity::meal_prep_sessions::Model,
    entity::meals::Model,
    entity::nutrient_targets::Model,
    entity::nutrition_goals::Model,
    entity::nutrition_insights::Model,
    entity::planned_meals::Model,
    entity::recipe_ratings::Model,
    entity::restaurants::Model,
    entity::shopping_items::Model,
    entity::shopping_lists::Model,
    entity::user_activities::Model,
    entity::user_allergies::Model,
    entity::user_medical_conditions::Model,
    entity::user_preferences::Model,
    entity::user_profiles::Model,
    crate::accounts::Account,
    crate::accounts::Erased,
    crate::accounts::IssuedRefreshToken,
    crate::accounts::NewSession,
    crate::accounts::Registered,
    crate::accounts::Session,
    crate::accounts::VerificationToken,
    crate::nutrition::Progress,
    crate::operations::MaintenanceReport,
    crate::operations::Monitor,
    crate::payments::CardNumber,
    crate::payments::MaskedCard,
    crate::planning::PrepSession,
    crate::recipes::Recipe,
    crate::recommendations::UserProfile,
    crate::safety::Verdict,
    crate::shopping::ShoppingList,
);

/// Runs a call's body (`future`) in `span`, with a tally of its statements, then records on
/// the span what it did and logs its end: at DEBUG, or at WARN with its statements' text when
/// it took at least the slow-call threshold. What `#[traced]` expands to; `name` is the span's.
pub(crate) async fn call<O: Outcome>(
    name: &'static str,
    actor: Option<Uuid>,
    span: Span,
    future: impl Future<Output = O>,
) -> O {
    let actor: Option<DisplayValue<Uuid>> = actor.map(display);
    if let Some(actor) = &actor {
        span.record("actor", actor);
    }
    let started = Instant::now();
    let (out, tally) = TALLY
        .scope(RefCell::new(Tally::default()), async {
            let out = future.instrument(span.clone()).await;
            (out, TALLY.with(RefCell::take))
        })
        .await;
    let elapsed = started.elapsed();
    let slow_call = tally.slow_call.unwrap_or(crate::db::DEFAULT_SLOW_CALL);
    let (statements, rows, error) = (tally.statements, out.rows(), out.error());
    // Whole microseconds, so that the field prints as `2.81`, not `2.8100000000000005`.
    let elapsed_ms = elapsed.as_micros() as f64 / 1000.0;
    span.record("statements", statements);
    span.record("rows", rows);
    span.record("elapsed_ms", elapsed_ms);
    span.record("error", error);
    if elapsed >= slow_call {
        tracing::warn!(
            parent: &span,
            call = name,
            actor,
            statements,
            rows,
            elapsed_ms,
            error,
            sql = %tally.script(),
            "slow call"
        );
    } else {
        tracing::debug!(
            parent: &span,
            call = name,
            actor,
            statements,
            rows,
            elapsed_ms,
            error,
            "call done"
        );
    }
    // A call made by another call counts in its caller's statements too.
    let _ = TALLY.try_with(|outer| {
        if let Ok(mut outer) = outer.try_borrow_mut() {
            outer.absorb(tally);
        }
    });
    out
}
