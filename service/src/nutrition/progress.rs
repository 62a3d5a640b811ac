//! Progress over a date range: each day's totals against the active goal's targets, in one
//! query whatever the length of the range.
//!
//! The query starts from a one-row table and LEFT JOINs the user's active goal, one
//! `nutrient_targets` row per tracked nutrient (each join on the unique `(goal_id, nutrient)`,
//! so at most one row each: no multiplication of rows), and the range's `daily_nutrition` rows:
//! one row per day that has logs (or one row, when none has). Days without logs are reported
//! with zero totals, from a series of dates made in Rust. The totals were summed exactly when
//! the day was written and read back at their column's scale, so they are exact on SQLite too.
use crate::{Actor, Conn};
use chrono::NaiveDate;
use entity::types::{Numeric, Nutrient, NutritionGoalType};
use entity::{daily_nutrition, nutrient_targets, nutrition_goals};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query};
use sea_orm::{ActiveEnum, ConnectionTrait, QueryResult};
use serde::Serialize;
use uuid::Uuid;

use crate::nutrients::Nutrition;
use crate::input::dates;
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

fn decimal<const P: u32, const S: u32>(row: &QueryResult, column: &str) -> Result<Option<Decimal>> {
    Ok(row
        .try_get::<Option<Numeric<P, S>>>("", column)?
        .map(Numeric::value))
}

fn goal_of(row: &QueryResult) -> Result<Option<GoalTargets>> {
    let Some(goal_id) = row.try_get::<Option<Uuid>>("", "goal_id")? else {
        return Ok(None);
    };
    let goal_type: String = row.try_get("", "goal_type")?;
    let goal_type = NutritionGoalType::try_from_value(&goal_type).map_err(Error::Db)?;
    let mut nutrients = Vec::new();
    for (i, nutrient) in TRACKED.into_iter().enumerate() {
        let target = match GOAL_TARGET_COLUMNS[i] {
            Some(column) => decimal::<8, 2>(row, column)?,
            None => None,
        };
        let min = decimal::<10, 3>(row, &format!("min_{i}"))?;
        let max = decimal::<10, 3>(row, &format!("max_{i}"))?;
        if target.is_some() || min.is_some() || max.is_some() {
            nutrients.push(NutrientGoal {
                nutrient,
                target,
                min,
                max,
            });
        }
    }
    Ok(Some(GoalTargets {
        goal_id,
        goal_type,
        start_date: row.try_get("", "start_date")?,
        end_date: row.try_get("", "end_date")?,
        nutrients,
    }))
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
    let (g, d) = (Alias::new("g"), Alias::new("d"));
    let mut query = Query::select();
    query
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
        )
        .expr_as(
            Expr::col((g.clone(), nutrition_goals::Column::Id)),
            Alias::new("goal_id"),
        )
        .expr_as(
            Expr::col((g.clone(), nutrition_goals::Column::GoalType)),
            Alias::new("goal_type"),
        )
        .expr_as(
            Expr::col((g.clone(), nutrition_goals::Column::StartDate)),
            Alias::new("start_date"),
        )
        .expr_as(
            Expr::col((g.clone(), nutrition_goals::Column::EndDate)),
            Alias::new("end_date"),
        );
    for column in GOAL_TARGET_COLUMNS.into_iter().flatten() {
        query.expr_as(
            Expr::col((g.clone(), Alias::new(column))),
            Alias::new(column),
        );
    }
    for (i, nutrient) in TRACKED.into_iter().enumerate() {
        let t = Alias::new(format!("t{i}"));
        query
            .join_as(
                JoinType::LeftJoin,
                nutrient_targets::Entity,
                t.clone(),
                Expr::col((t.clone(), nutrient_targets::Column::GoalId))
                    .equals((g.clone(), nutrition_goals::Column::Id))
                    .and(
                        Expr::col((t.clone(), nutrient_targets::Column::Nutrient))
                            .eq(nutrient.to_value()),
                    ),
            )
            .expr_as(
                Expr::col((t.clone(), nutrient_targets::Column::MinAmount)),
                Alias::new(format!("min_{i}")),
            )
            .expr_as(
                Expr::col((t, nutrient_targets::Column::MaxAmount)),
                Alias::new(format!("max_{i}")),
            );
    }
    query
        .join_as(
            JoinType::LeftJoin,
            daily_nutrition::Entity,
            d.clone(),
            Expr::col((d.clone(), daily_nutrition::Column::UserId))
                .eq(actor)
                .and(Expr::col((d.clone(), daily_nutrition::Column::Date)).gte(from))
                .and(Expr::col((d.clone(), daily_nutrition::Column::Date)).lte(to)),
        )
        .expr_as(
            Expr::col((d.clone(), daily_nutrition::Column::Date)),
            Alias::new("day"),
        )
        .expr_as(
            Expr::col((d.clone(), daily_nutrition::Column::MealCount)),
            Alias::new("meal_count"),
        );
    for name in NUTRIENTS {
        query.expr_as(
            Expr::col((d.clone(), Alias::new(name))),
            Alias::new(format!("d_{name}")),
        );
    }
    query.order_by((d, daily_nutrition::Column::Date), sea_orm::Order::Asc);

    let txn = acting::read(db, Some(actor)).await?;
    let rows = txn.query_all(&query).await?;
    txn.commit().await?;

    let goal = match rows.first() {
        Some(row) => goal_of(row)?,
        None => None,
    };
    let mut logged = std::collections::BTreeMap::new();
    for row in &rows {
        let Some(day) = row.try_get::<Option<NaiveDate>>("", "day")? else {
            continue;
        };
        let mut values = [Decimal::ZERO; 7];
        for (value, name) in values.iter_mut().zip(NUTRIENTS) {
            *value = decimal::<11, 2>(row, &format!("d_{name}"))?.unwrap_or_default();
        }
        let totals = Nutrition::from_fields(values);
        let meals: Option<i32> = row.try_get("", "meal_count")?;
        logged.insert(day, (totals, meals.unwrap_or(0)));
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
