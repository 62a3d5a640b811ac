//! Progress over a date range: each day's totals against the active goal's targets, in one
//! query whatever the length of the range.
//!
//! The query has two parts joined by `UNION ALL`. The first starts from a one-row table and
//! LEFT JOINs the user's active goal and one `nutrient_targets` row per tracked nutrient (each
//! join on the unique `(goal_id, nutrient)`, so at most one row each: one row in all, its
//! columns NULL when there is no goal). The second is the range's `daily_nutrition` rows, one
//! per day that has logs. Days without logs are reported
//! with zero totals, from a series of dates made in Rust. The totals were summed exactly when
//! the day was written and read back at their column's scale, so they are exact on SQLite too.
use crate::{Actor, Conn};
use chrono::NaiveDate;
use entity::types::{Numeric, Nutrient, NutritionGoalType};
use entity::{daily_nutrition, nutrient_targets, nutrition_goals};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query, SelectStatement};
use sea_orm::{ActiveEnum, ConnectionTrait, FromQueryResult};
use serde::Serialize;
use uuid::Uuid;

use crate::input::dates;
use crate::nutrients::Nutrition;
use crate::{Error, Result, acting};

/// The nutrients every nutrition table stores, as the tables name them.
pub const NUTRIENTS: [&str; 7] = [
    "energy_kcal",
    "protein_g",
    "carbs_g",
    "fat_g",
    "fiber_g",
    "sugar_g",
    "sodium_mg",
];

/// The same, as [`Nutrient`]s, in the same order.
const TRACKED: [Nutrient; 7] = [
    Nutrient::EnergyKcal,
    Nutrient::ProteinG,
    Nutrient::CarbsG,
    Nutrient::FatG,
    Nutrient::FiberG,
    Nutrient::SugarG,
    Nutrient::SodiumMg,
];

/// The goal's own target column for each tracked nutrient (seed 000 has none for sugar).
const GOAL_TARGET_COLUMNS: [Option<&str>; 7] = [
    Some("target_calories"),
    Some("target_protein_g"),
    Some("target_carbs_g"),
    Some("target_fat_g"),
    Some("target_fiber_g"),
    None,
    Some("target_sodium_mg"),
];

/// The longest range one call reports.
pub const MAX_DAYS: i64 = 366;

/// The active goal's targets for one tracked nutrient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NutrientGoal {
    pub nutrient: Nutrient,
    /// The goal's daily target (`target_calories`, ...).
    pub target: Option<Decimal>,
    /// The nutrient target's bounds (`nutrient_targets`).
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

/// The active goal, as progress compares days with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalTargets {
    pub goal_id: Uuid,
    pub goal_type: NutritionGoalType,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// Tracked nutrients with a target or a bound, in the order of [`NUTRIENTS`].
    pub nutrients: Vec<NutrientGoal>,
}

impl GoalTargets {
    /// Whether the goal runs on `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start_date <= date && self.end_date.is_none_or(|end| date <= end)
    }
}

/// One nutrient of one day against the goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NutrientProgress {
    pub nutrient: Nutrient,
    pub amount: Decimal,
    pub target: Option<Decimal>,
    /// `amount / target` in percent, one decimal (none without a positive target).
    pub percent_of_target: Option<Decimal>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    /// Neither below the minimum nor above the maximum.
    pub within_bounds: bool,
}

/// One day of the range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayProgress {
    pub date: NaiveDate,
    pub totals: Nutrition,
    pub meal_count: i32,
    /// Against the active goal, when it runs on this day; empty otherwise.
    pub against_goal: Vec<NutrientProgress>,
}

/// Every day of a range, in order, and the active goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub goal: Option<GoalTargets>,
    pub days: Vec<DayProgress>,
}

/// A goal's target (DECIMAL(8, 2)), a target's bound (DECIMAL(10, 3)), a day's total
/// (DECIMAL(11, 2)).
type Target = Option<Numeric<8, 2>>;
type Bound = Option<Numeric<10, 3>>;
type Total = Option<Numeric<11, 2>>;

/// The goal's row of [`get_progress`]'s query: the active goal (all NULL when there is none)
/// and the targets of each tracked nutrient in the order of [`TRACKED`].
#[derive(FromQueryResult)]
struct GoalRow {
    goal_id: Option<Uuid>,
    goal_type: Option<NutritionGoalType>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    target_calories: Target,
    target_protein_g: Target,
    target_carbs_g: Target,
    target_fat_g: Target,
    target_fiber_g: Target,
    target_sodium_mg: Target,
    min_0: Bound,
    min_1: Bound,
    min_2: Bound,
    min_3: Bound,
    min_4: Bound,
    min_5: Bound,
    min_6: Bound,
    max_0: Bound,
    max_1: Bound,
    max_2: Bound,
    max_3: Bound,
    max_4: Bound,
    max_5: Bound,
    max_6: Bound,
}

/// A logged day's row of [`get_progress`]'s query.
#[derive(FromQueryResult)]
struct DayRow {
    meal_count: Option<i32>,
    d_energy_kcal: Total,
    d_protein_g: Total,
    d_carbs_g: Total,
    d_fat_g: Total,
    d_fiber_g: Total,
    d_sugar_g: Total,
    d_sodium_mg: Total,
}

impl GoalRow {
    /// The goal's own target of each tracked nutrient, in the order of [`TRACKED`] (seed 000
    /// has none for sugar: [`GOAL_TARGET_COLUMNS`]).
    fn targets(&self) -> [Target; 7] {
        [
            self.target_calories,
            self.target_protein_g,
            self.target_carbs_g,
            self.target_fat_g,
            self.target_fiber_g,
            None,
            self.target_sodium_mg,
        ]
    }

    fn mins(&self) -> [Bound; 7] {
        [
            self.min_0, self.min_1, self.min_2, self.min_3, self.min_4, self.min_5, self.min_6,
        ]
    }

    fn maxes(&self) -> [Bound; 7] {
        [
            self.max_0, self.max_1, self.max_2, self.max_3, self.max_4, self.max_5, self.max_6,
        ]
    }
}

impl DayRow {
    /// The day's totals, in the order of [`NUTRIENTS`] (zero for a nutrient not summed).
    fn totals(&self) -> Nutrition {
        Nutrition::from_fields(
            [
                self.d_energy_kcal,
                self.d_protein_g,
                self.d_carbs_g,
                self.d_fat_g,
                self.d_fiber_g,
                self.d_sugar_g,
                self.d_sodium_mg,
            ]
            .map(|total| total.map(Numeric::value).unwrap_or_default()),
        )
    }
}

fn goal_of(row: &GoalRow) -> Option<GoalTargets> {
    let (goal_id, goal_type, start_date) = (row.goal_id?, row.goal_type?, row.start_date?);
    let (targets, mins, maxes) = (row.targets(), row.mins(), row.maxes());
    let nutrients = TRACKED
        .into_iter()
        .enumerate()
        .map(|(i, nutrient)| NutrientGoal {
            nutrient,
            target: targets[i].map(Numeric::value),
            min: mins[i].map(Numeric::value),
            max: maxes[i].map(Numeric::value),
        })
        .filter(|g| g.target.is_some() || g.min.is_some() || g.max.is_some())
        .collect();
    Some(GoalTargets {
        goal_id,
        goal_type,
        start_date,
        end_date: row.end_date,
        nutrients,
    })
}

fn against(goal: &GoalTargets, totals: &Nutrition) -> Vec<NutrientProgress> {
    let amounts = totals.fields();
    goal.nutrients
        .iter()
        .map(|g| {
            let i = TRACKED.iter().position(|n| *n == g.nutrient).unwrap_or(0);
            let amount = amounts[i].1;
            let percent_of_target = g.target.filter(|t| *t > Decimal::ZERO).map(|t| {
                let mut p = (amount * Decimal::ONE_HUNDRED / t)
                    .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
                p.rescale(1);
                p
            });
            NutrientProgress {
                nutrient: g.nutrient,
                amount,
                target: g.target,
                percent_of_target,
                min: g.min,
                max: g.max,
                within_bounds: g.min.is_none_or(|m| amount >= m)
                    && g.max.is_none_or(|m| amount <= m),
            }
        })
        .collect()
}

/// The acting user's days from `from` to `to` (both included) against their active goal: one
/// statement whatever the range.
///
/// # Errors
/// [`Error::Validation`] (`from`, `to`) for a date outside
/// [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`]; (`to`) when `to` is before `from` or
/// the range is longer than [`MAX_DAYS`].
#[crate::traced("nutrition::get_progress")]
pub async fn get_progress(
    db: &impl Conn,
    actor: Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Progress> {
    dates::check_date("from", from)?;
    dates::check_date("to", to)?;
    let length = (to - from).num_days() + 1;
    if length < 1 {
        return Err(Error::invalid("to", "must not be before from"));
    }
    if length > MAX_DAYS {
        return Err(Error::invalid("to", "a range is at most 366 days"));
    }
    let query = progress_query(actor, from, to);
    let txn = acting::read(db, Some(actor)).await?;
    let rows = txn
        .query_all_raw(txn.get_database_backend().build(&query))
        .await?;
    txn.commit().await?;

    // Each row is decoded as its own part only: SeaORM formats an error message for every NULL
    // it reads, and the other part's columns are all NULL (on a month, 720 of them).
    let mut goal = None;
    let mut logged = std::collections::BTreeMap::new();
    for row in &rows {
        if let Some(day) = row.try_get::<Option<NaiveDate>>("", "day")? {
            let totals = DayRow::from_query_result(row, "")?;
            logged.insert(day, (totals.totals(), totals.meal_count.unwrap_or(0)));
        } else if goal.is_none() {
            goal = goal_of(&GoalRow::from_query_result(row, "")?);
        }
    }
    let zero = Nutrition::default().scaled(Decimal::ONE);
    let days = from
        .iter_days()
        .take_while(|day| *day <= to)
        .map(|date| {
            let (totals, meal_count) = logged.get(&date).copied().unwrap_or((zero, 0));
            let against_goal = match &goal {
                Some(goal) if goal.covers(date) => against(goal, &totals),
                _ => Vec::new(),
            };
            DayProgress {
                date,
                totals,
                meal_count,
                against_goal,
            }
        })
        .collect();
    Ok(Progress { goal, days })
}

/// The one statement of [`get_progress`] (see the module's docs): a row of the user's active
/// goal with a target per tracked nutrient, then a row per `daily_nutrition` row from `from`
/// to `to`, each part's columns NULL in the other's rows.
///
/// Two parts rather than the goal joined to every day: the goal's 24 columns would come back
/// (and be decoded) once per day, three quarters of a month's values.
fn progress_query(actor: Actor, from: NaiveDate, to: NaiveDate) -> SelectStatement {
    let mut parts = Parts {
        goal: Query::select(),
        days: Query::select(),
    };
    goal_part(&mut parts, actor);
    days_part(&mut parts, actor, from, to);
    let Parts { mut goal, days } = parts;
    goal.union(sea_orm::sea_query::UnionType::All, days);
    goal
}

/// The two parts of [`progress_query`], whose columns are the same list in the same order.
struct Parts {
    goal: SelectStatement,
    days: SelectStatement,
}

impl Parts {
    /// A column of the goal's row, NULL in the days' rows.
    fn goal_column(&mut self, value: Expr, name: impl Into<String>) {
        let name = name.into();
        self.goal.expr_as(value, Alias::new(&name));
        self.days.expr_as(Expr::cust("NULL"), Alias::new(name));
    }

    /// A column of the days' rows, NULL in the goal's row.
    fn day_column(&mut self, value: Expr, name: impl Into<String>) {
        let name = name.into();
        self.days.expr_as(value, Alias::new(&name));
        self.goal.expr_as(Expr::cust("NULL"), Alias::new(name));
    }
}

/// The user's active goal (`g`) with each tracked nutrient's bounds under it, as `min_<i>` and
/// `max_<i>` (at most one row each: `(goal_id, nutrient)` is unique): one row, from a one-row
/// table, its columns NULL when there is no goal.
fn goal_part(parts: &mut Parts, actor: Actor) {
    let g = Alias::new("g");
    parts
        .goal
        .from_subquery(
            Query::select().expr(Expr::val(1)).to_owned(),
            Alias::new("one"),
        )
        .join_as(
            JoinType::LeftJoin,
            nutrition_goals::Entity,
            g.clone(),
            Expr::col((g.clone(), nutrition_goals::Column::UserId))
                .eq(actor)
                .and(Expr::col((g.clone(), nutrition_goals::Column::IsActive)).eq(true)),
        );
    for (name, column) in [
        ("goal_id", nutrition_goals::Column::Id),
        ("goal_type", nutrition_goals::Column::GoalType),
        ("start_date", nutrition_goals::Column::StartDate),
        ("end_date", nutrition_goals::Column::EndDate),
    ] {
        parts.goal_column(Expr::col((g.clone(), column)), name);
    }
    for column in GOAL_TARGET_COLUMNS.into_iter().flatten() {
        parts.goal_column(Expr::col((g.clone(), Alias::new(column))), column);
    }
    for (i, nutrient) in TRACKED.into_iter().enumerate() {
        let t = Alias::new(format!("t{i}"));
        parts.goal.join_as(
            JoinType::LeftJoin,
            nutrient_targets::Entity,
            t.clone(),
            Expr::col((t.clone(), nutrient_targets::Column::GoalId))
                .equals((g.clone(), nutrition_goals::Column::Id))
                .and(
                    Expr::col((t.clone(), nutrient_targets::Column::Nutrient))
                        .eq(nutrient.to_value()),
                ),
        );
        parts.goal_column(
            Expr::col((t.clone(), nutrient_targets::Column::MinAmount)),
            format!("min_{i}"),
        );
        parts.goal_column(
            Expr::col((t, nutrient_targets::Column::MaxAmount)),
            format!("max_{i}"),
        );
    }
}

/// The range's logged days, as `day`, `meal_count` and `d_<nutrient>`, in no order (the
/// caller files them by date).
fn days_part(parts: &mut Parts, actor: Actor, from: NaiveDate, to: NaiveDate) {
    let d = Alias::new("d");
    parts
        .days
        .from_as(daily_nutrition::Entity, d.clone())
        .and_where(Expr::col((d.clone(), daily_nutrition::Column::UserId)).eq(actor))
        .and_where(Expr::col((d.clone(), daily_nutrition::Column::Date)).gte(from))
        .and_where(Expr::col((d.clone(), daily_nutrition::Column::Date)).lte(to));
    parts.day_column(Expr::col((d.clone(), daily_nutrition::Column::Date)), "day");
    parts.day_column(
        Expr::col((d.clone(), daily_nutrition::Column::MealCount)),
        "meal_count",
    );
    for name in NUTRIENTS {
        parts.day_column(
            Expr::col((d.clone(), Alias::new(name))),
            format!("d_{name}"),
        );
    }
}
