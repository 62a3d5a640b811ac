//! Maintenance counts its months from a storable day, and the range's constants are the
//! documented ones.
use chrono::{NaiveDate, TimeDelta};
use service::input::dates;
use service::operations::{self, Maintenance};

use super::{OUT_OF_RANGE, first_day, last_day, refused, ymd};
use crate::harness::TestDb;

async fn maintenance_counts_from_a_storable_day(t: &TestDb) {
    for today in [NaiveDate::MIN, NaiveDate::MAX] {
        let options = Maintenance {
            today,
            ..Maintenance::default()
        };
        refused(
            operations::maintain(&t.db, &options).await,
            "today",
            OUT_OF_RANGE,
        );
    }
    let options = Maintenance {
        today: ymd(9999, 11, 15),
        months_ahead: 2,
        ..Maintenance::default()
    };
    refused(
        operations::maintain(&t.db, &options).await,
        "months_ahead",
        "reaches past 9999-12-31",
    );
}

#[test]
fn the_constants_are_the_documented_ones() {
    assert_eq!(dates::EARLIEST_DATE, first_day());
    assert_eq!(dates::LATEST_DATE, last_day());
    assert_eq!(dates::MAX_AGE_YEARS, 130);
    assert_eq!(dates::MAX_AHEAD, TimeDelta::hours(24));
}

dual!(maintenance_counts_from_a_storable_day);
