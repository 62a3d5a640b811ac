//! Faults injected for real: SQLite's storage filling up during a write and at commit
//! (`storage`), a lock held by another connection and load on both backends (`concurrency`),
//! PostgreSQL connections killed mid-transaction and at commit, and a statement timeout
//! (`postgres`). After each, every call that returned `Ok` is read back from a connection of
//! its own, every failed call left nothing, and the same `Db` works again. The helpers here
//! log meals and read back what is stored.
use std::collections::BTreeSet;

use entity::meal_logs;
use entity::types::{MealSlot, Timestamp};
use rust_decimal::Decimal;
use sea_orm::EntityTrait;
use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
use service::{Db, Error, PoolConfig, Unavailable};
use uuid::Uuid;

mod concurrency;
mod postgres;
mod storage;

/// A meal log whose notes take most of a page, so that storage fills within a few calls.
fn meal(i: usize) -> NewMealLog {
    let mut new = NewMealLog::new(
        Timestamp::now(),
        MealSlot::Lunch,
        MealEntry::Free {
            name: format!("meal {i}"),
            nutrition: Nutrition {
                energy_kcal: Decimal::from(500),
                ..Nutrition::default()
            },
        },
    );
    new.notes = Some(format!("{i:04} {}", "x".repeat(980)));
    new
}

async fn log(db: &Db, user: Uuid, i: usize) -> Result<Uuid, Error> {
    nutrition::log_meal(db, service::Actor::new(user), Tz::UTC, meal(i))
        .await
        .map(|row| row.id)
}

/// The ids of the stored meal logs, read through a connection opened for the purpose (not one
/// of the pools under test).
async fn stored_logs(url: &str) -> BTreeSet<Uuid> {
    let fresh = service::connect_with(url, &PoolConfig::default())
        .await
        .expect("a fresh connection");
    let ids = meal_logs::Entity::find()
        .all(&fresh)
        .await
        .expect("read the meal logs")
        .into_iter()
        .map(|row| row.id)
        .collect();
    fresh.close().await.ok();
    ids
}

fn is_storage_full(err: &Error) -> bool {
    matches!(
        err,
        Error::Unavailable {
            cause: Unavailable::StorageFull,
            ..
        }
    )
}
