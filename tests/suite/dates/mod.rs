//! Dates and times in the range both backends store (`service::input::dates`): every function
//! taking a date or time refuses one outside it, and the tighter rules of its domain, with the
//! same `Validation` error naming the field on SQLite and on PostgreSQL (each test body runs on
//! both), and writes nothing. BMR never goes below zero, in Rust or in the view. By topic: the
//! health dates (`health`), goals and the days read back (`goals`), plans (`plans`), the pantry
//! (`pantry`), the times of what was eaten, measured or seen (`ahead`), and maintenance with the
//! constants (`maintenance`). The helpers here are the dates and the assertions they share.
use std::fmt::Debug;

use chrono::{Months, NaiveDate, TimeDelta, Utc};
use entity::types::Timestamp;
use service::Error;
use uuid::Uuid;

use crate::harness::TestDb;

mod ahead;
mod goals;
mod health;
mod maintenance;
mod pantry;
mod plans;

const OUT_OF_RANGE: &str = "must be between 0001-01-01 and 9999-12-31";
const FUTURE: &str = "must not be in the future";
const TOO_OLD: &str = "gives an age over 130 years";
const BEFORE_ANYONE: &str = "must not be more than 130 years ago";
const AHEAD: &str = "must not be more than 24 hours ahead of now";

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn years_ago(years: u32) -> NaiveDate {
    today().checked_sub_months(Months::new(years * 12)).unwrap()
}

/// Year 1 and 9999-12-31: the ends of what both backends store.
fn first_day() -> NaiveDate {
    ymd(1, 1, 1)
}

fn last_day() -> NaiveDate {
    ymd(9999, 12, 31)
}

fn from_now(delta: TimeDelta) -> Timestamp {
    Timestamp::now().checked_add(delta).unwrap()
}

/// Asserts a `Validation` error on exactly `field` with exactly `reason`.
#[track_caller]
fn refused<T: Debug>(result: service::Result<T>, field: &str, reason: &str) {
    match result {
        Err(Error::Validation {
            field: f,
            reason: r,
        }) => {
            assert_eq!((f.as_ref(), r.as_ref()), (field, reason));
        }
        other => panic!("expected a validation error on {field} ({reason}), got {other:?}"),
    }
}

async fn count(t: &TestDb, table: &str, user: Uuid) -> i64 {
    t.count(
        &format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"),
        vec![user.into()],
    )
    .await
}
