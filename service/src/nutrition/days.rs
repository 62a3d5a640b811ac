//! The day's totals (`daily_nutrition`), kept in step with its meal logs by the calls of
//! [`logs`](super::logs) in the transaction that changes them: recomputed from the day's logs in
//! one statement, exact on both backends, and serialised per day on PostgreSQL.
use chrono::NaiveDate;
use entity::{daily_nutrition, meal_logs};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryTrait, Statement,
};
use uuid::Uuid;

use crate::aggregate::sum_units;
use crate::{Error, Result, advisory};

/// Recomputes `daily_nutrition` of `user` on `date` from that day's logs, in one statement:
/// `INSERT INTO daily_nutrition ... SELECT <exact sums> FROM meal_logs WHERE <the day>
/// GROUP BY user_id, local_date ON CONFLICT (user_id, date) DO UPDATE`. Each sum is an integer
/// number of hundredths ([`sum_units`]) divided by the literal `100.0`: exact NUMERIC on
/// PostgreSQL, and on SQLite the double nearest the exact total (a correctly rounded division
/// of two exact doubles), which is what binding the decimal would store. With `may_empty`, a
/// second statement removes the day's row when no log is left (a SELECT with GROUP BY over no
/// rows inserts nothing).
pub(super) async fn refresh_day<C: ConnectionTrait>(
    db: &C,
    user: Uuid,
    date: NaiveDate,
    may_empty: bool,
) -> Result<()> {
    for stmt in day_totals(db.get_database_backend(), user, date, may_empty)? {
        db.execute_raw(stmt).await?;
    }
    Ok(())
}

/// Makes the calls that recompute `user`'s totals of `dates` wait for each other, on
/// PostgreSQL: each call recomputes a day from the rows its statement sees, so two calls logging
/// on the same day at once would each miss the other's new row, and the later upsert would
/// store totals without the earlier meal. A transaction-scoped advisory lock per day, taken
/// before the call changes anything (it goes with the call's next statement: no round trip of
/// its own), in date order so that two calls never wait for each other crosswise. SQLite needs
/// none: its writes run one at a time.
pub(super) async fn lock_days(
    txn: &crate::ActingTxn,
    user: Uuid,
    dates: &[NaiveDate],
) -> Result<()> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mut dates = dates.to_vec();
    dates.sort_unstable();
    dates.dedup();
    for date in dates {
        advisory::lock_in(txn, &format!("eatsential.day/{user}/{date}")).await?;
    }
    Ok(())
}

/// [`refresh_day`]'s statements, for a call that sends them with its commit
/// ([`crate::ActingTxn::commit_with`]).
pub(super) fn day_totals(
    backend: DbBackend,
    user: Uuid,
    date: NaiveDate,
    may_empty: bool,
) -> Result<Vec<Statement>> {
    use daily_nutrition::Column as D;
    let mut sums = Query::select();
    sums.expr(Expr::val(Uuid::new_v4()))
        .expr(Expr::val(user))
        .expr(Expr::val(date));
    for name in super::progress::NUTRIENTS {
        sums.expr(sum_units(Expr::col(Alias::new(name)), 2).div(Expr::cust("100.0")));
    }
    sums.expr(Func::count(Expr::col(meal_logs::Column::Id)))
        .from(meal_logs::Entity)
        .and_where(meal_logs::Column::UserId.eq(user))
        .and_where(meal_logs::Column::LocalDate.eq(date))
        .group_by_columns([meal_logs::Column::UserId, meal_logs::Column::LocalDate]);
    let totals = [
        D::EnergyKcal,
        D::ProteinG,
        D::CarbsG,
        D::FatG,
        D::FiberG,
        D::SugarG,
        D::SodiumMg,
    ];
    let mut upsert = Query::insert();
    upsert
        .into_table(daily_nutrition::Entity)
        .columns(
            [D::Id, D::UserId, D::Date]
                .into_iter()
                .chain(totals)
                .chain([D::MealCount]),
        )
        .select_from(sums)
        .map_err(|e| Error::Db(sea_orm::DbErr::Custom(e.to_string())))?
        .on_conflict(
            OnConflict::columns([D::UserId, D::Date])
                .update_columns(totals)
                .update_column(D::MealCount)
                // A day whose totals did not change is left alone (a repeated call, or an
                // edit that changes no amount): no new `updated_at`, no audit row.
                .action_and_where(
                    totals
                        .into_iter()
                        .chain([D::MealCount])
                        .map(|column| {
                            Expr::col((daily_nutrition::Entity, column))
                                .ne(Expr::col((Alias::new("excluded"), column)))
                        })
                        .reduce(ExprTrait::or)
                        .unwrap_or_else(|| Expr::val(true)),
                )
                .to_owned(),
        );
    let mut statements = vec![backend.build(&upsert)];
    if may_empty {
        let delete = daily_nutrition::Entity::delete_many()
            .filter(daily_nutrition::Column::UserId.eq(user))
            .filter(daily_nutrition::Column::Date.eq(date))
            .filter(
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(meal_logs::Entity)
                        .and_where(meal_logs::Column::UserId.eq(user))
                        .and_where(meal_logs::Column::LocalDate.eq(date))
                        .to_owned(),
                )
                .not(),
            );
        statements.push(delete.build(backend));
    }
    Ok(statements)
}
