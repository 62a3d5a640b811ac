//! Nutrition tracking (migration 13), on both backends, by topic: the rules of its tables
//! through raw SQL (`rules`), and through the service goals and targets (`goals`), meal logs
//! and daily totals (`logs_and_days`), logging recipes (`logging_recipes`), the calls as the
//! application's login role (`application_login`), progress (`progress`), health metrics and
//! insights (`metrics_and_insights`), and another user's ids (`another_users_ids`). The
//! helpers here make what several need: days, instants, amounts, free entries, recipes by raw
//! SQL, and the daily totals as stored and as summed from the logs.
use chrono::{NaiveDate, TimeZone, Utc};
use entity::types::Timestamp;
use entity::{daily_nutrition, meal_logs};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::nutrition::{MealEntry, Nutrition};
use std::collections::BTreeMap;
use uuid::Uuid;

use crate::harness::TestDb;

mod another_users_ids;
mod application_login;
mod goals;
mod logging_recipes;
mod logs_and_days;
mod metrics_and_insights;
mod progress;
mod rules;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
    Timestamp::new(Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()).unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn free(name: &str, kcal: &str, protein: &str) -> MealEntry {
    MealEntry::Free {
        name: name.into(),
        nutrition: Nutrition {
            energy_kcal: dec(kcal),
            protein_g: dec(protein),
            ..Nutrition::default()
        },
    }
}

const NUTRIENTS: [&str; 7] = [
    "energy_kcal",
    "protein_g",
    "carbs_g",
    "fat_g",
    "fiber_g",
    "sugar_g",
    "sodium_mg",
];

/// `daily_nutrition` as stored: date -> (totals, meal count).
async fn stored_days(t: &TestDb, user: Uuid) -> BTreeMap<NaiveDate, ([Decimal; 7], i32)> {
    daily_nutrition::Entity::find()
        .filter(daily_nutrition::Column::UserId.eq(user))
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| {
            let totals = Nutrition::of_day(&d).fields().map(|(_, v)| v);
            (d.date, (totals, d.meal_count))
        })
        .collect()
}

/// The same, summed in Rust from the stored logs (exact decimals).
async fn summed_logs(t: &TestDb, user: Uuid) -> BTreeMap<NaiveDate, ([Decimal; 7], i32)> {
    let mut days: BTreeMap<NaiveDate, ([Decimal; 7], i32)> = BTreeMap::new();
    for log in meal_logs::Entity::find()
        .filter(meal_logs::Column::UserId.eq(user))
        .all(&t.db)
        .await
        .unwrap()
    {
        let entry = days
            .entry(log.local_date)
            .or_insert(([Decimal::new(0, 2); 7], 0));
        for (total, (_, value)) in entry.0.iter_mut().zip(Nutrition::of_log(&log).fields()) {
            *total += value;
        }
        entry.1 += 1;
    }
    days
}

async fn insert_recipe(
    t: &TestDb,
    owner: Uuid,
    name: &str,
    public: bool,
    kcal: Option<&str>,
) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes, is_public) \
         VALUES ($1, $2, $3, 10, 20, $4)",
        vec![id.into(), owner.into(), name.into(), public.into()],
    )
    .await
    .unwrap();
    if let Some(kcal) = kcal {
        t.exec(
            "INSERT INTO recipe_nutrition (recipe_id, energy_kcal, protein_g, carbs_g, fat_g, fiber_g, sugar_g, sodium_mg) \
             VALUES ($1, $2, 20.10, 50.05, 12.33, 5, 3.10, 480.55)",
            vec![id.into(), dec(kcal).into()],
        )
        .await
        .unwrap();
    }
    id
}
