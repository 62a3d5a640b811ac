//! Values read back the same on both backends: thousands of random values per column type,
//! written through an entity and read back through it, field by field.
//!
//! The generator is seeded (`SEED`, or `TEST_VALUES_SEED` to explore other seeds), so a
//! failure names the seed and the row and replays exactly.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::types::{Numeric, TextList, Timestamp};
use migration::SchemaManager;
use migration::portable::{NewTable, Tbl};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use uuid::Uuid;

use crate::harness::TestDb;

const SEED: u64 = 0x2026_1122;
/// Rows written per backend; every row holds one value of each column type.
const ROWS: usize = 3000;
/// Rows written one by one through `ActiveModel::insert` (the `before_save` path); the rest go
/// through `insert_many`, which skips that hook.
const ONE_BY_ONE: usize = 48;
/// Rows then changed through `ActiveModel::update` (`before_save` on update).
const UPDATED: usize = 24;
const BATCH: usize = 250;
const VARCHAR_LEN: usize = 40;

const TABLE: Tbl = Tbl::new("public", "value_samples");

mod sample {
    use entity::types::{Numeric, TextList, Timestamp};
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "value_samples")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub note: Option<String>,
        pub count: Option<i32>,
        pub flag: bool,
        #[sea_orm(column_name = "dec_5_2")]
        pub dec_5_2: Option<Numeric<5, 2>>,
        #[sea_orm(column_name = "dec_15_4")]
        pub dec_15_4: Option<Numeric<15, 4>>,
        #[sea_orm(column_name = "dec_10_8")]
        pub dec_10_8: Option<Numeric<10, 8>>,
        #[sea_orm(column_name = "dec_11_8")]
        pub dec_11_8: Option<Numeric<11, 8>>,
        pub day: Option<Date>,
        pub at: Timestamp,
        pub at_null: Option<Timestamp>,
        #[sea_orm(column_type = "JsonBinary")]
        pub doc: Option<Json>,
        pub tags: TextList,
    }

    entity::text_list_behavior!(tags);
}

async fn create_table(t: &TestDb) {
    NewTable::new(t.backend, TABLE)
        .id()
        .varchar("name", VARCHAR_LEN as u32)
        .text_null("note")
        .integer_null("count")
        .boolean("flag", false)
        .decimal_null("dec_5_2", 5, 2)
        .decimal_null("dec_15_4", 15, 4)
        .decimal_null("dec_10_8", 10, 8)
        .decimal_null("dec_11_8", 11, 8)
        .date_null("day")
        .timestamp("at")
        .timestamp_null("at_null")
        .json_null("doc")
        .text_list("tags")
        .create(&SchemaManager::new(t.db.primary()))
        .await
        .expect("create value_samples");
}

/// Characters from every UTF-8 width, plus those that quoting and escaping get wrong. Never
/// NUL, which PostgreSQL text cannot hold.
fn random_char(rng: &mut StdRng) -> char {
    const AWKWARD: &[char] = &[
        '\'', '"', '\\', '%', '_', ',', '{', '}', '[', ']', '$', '?', ' ', '\n', '\r', '\t',
        '\u{1}', '\u{7f}', '\u{a0}', '\u{301}', '\u{200b}', '\u{feff}', '\u{fffd}', '\u{ffff}',
    ];
    loop {
        let code = match rng.gen_range(0..6) {
            0 | 1 => rng.gen_range(0x20..0x7f),
            2 => return AWKWARD[rng.gen_range(0..AWKWARD.len())],
            3 => rng.gen_range(0x80..0x800),
            4 => rng.gen_range(0x800..0x1_0000),
            _ => rng.gen_range(0x1_0000..=0x10_ffff),
        };
        // Surrogates are not characters; draw again.
        if let Some(c) = char::from_u32(code) {
            return c;
        }
    }
}

fn random_string(rng: &mut StdRng, max_chars: usize) -> String {
    let len = rng.gen_range(0..=max_chars);
    (0..len).map(|_| random_char(rng)).collect()
}

/// Sometimes `None`, so that NULL goes through every nullable column too.
fn maybe<T>(rng: &mut StdRng, value: impl FnOnce(&mut StdRng) -> T) -> Option<T> {
    if rng.gen_ratio(1, 16) {
        None
    } else {
        Some(value(rng))
    }
}

fn random_i32(rng: &mut StdRng) -> i32 {
    match rng.gen_range(0..8) {
        0 => [i32::MIN, i32::MAX, 0, -1, 1][rng.gen_range(0..5)],
        _ => rng.r#gen(),
    }
}

/// A `DECIMAL(P, S)` value: the limits, the smallest step, or a random number of digits.
fn random_numeric<const P: u32, const S: u32>(rng: &mut StdRng) -> Numeric<P, S> {
    let largest = 10_i64.pow(P) - 1;
    let mantissa = match rng.gen_range(0..10) {
        0 => [largest, -largest, 1, -1, 0][rng.gen_range(0..5)],
        _ => {
            let digits = rng.gen_range(0..=P);
            let magnitude = rng.gen_range(0..10_i64.pow(digits));
            if rng.r#gen() { magnitude } else { -magnitude }
        }
    };
    Numeric::new(Decimal::new(mantissa, S)).expect("at most P digits and S decimals")
}

fn random_date(rng: &mut StdRng) -> NaiveDate {
    let edges = [
        (1, 1, 1),
        (9999, 12, 31),
        (2000, 2, 29),
        (1900, 2, 28),
        (1970, 1, 1),
    ];
    let date = if rng.gen_ratio(1, 10) {
        let (y, m, d) = edges[rng.gen_range(0..edges.len())];
        NaiveDate::from_ymd_opt(y, m, d)
    } else {
        // 0001-01-01 is day 1 of the common era, 9999-12-31 day 3 652 059.
        NaiveDate::from_num_days_from_ce_opt(rng.gen_range(1..=3_652_059))
    };
    date.expect("a date within 0001..=9999")
}

/// An instant across years 1 to 9999: whole seconds, whole milliseconds, microseconds, or
/// nanoseconds (which the type truncates), and the range's ends.
fn random_timestamp(rng: &mut StdRng) -> Timestamp {
    let first = Timestamp::MIN.as_datetime().timestamp();
    let last = Timestamp::MAX.as_datetime().timestamp();
    if rng.gen_ratio(1, 20) {
        let edges = [
            Timestamp::MIN,
            Timestamp::MAX,
            Timestamp::new(DateTime::UNIX_EPOCH).expect("1970"),
        ];
        return edges[rng.gen_range(0..edges.len())];
    }
    let seconds = rng.gen_range(first..=last);
    let nanos = match rng.gen_range(0..4) {
        0 => 0,
        1 => rng.gen_range(0..1_000) * 1_000_000,
        2 => rng.gen_range(0..1_000_000) * 1_000,
        _ => rng.gen_range(0..1_000_000_000),
    };
    let instant = DateTime::<Utc>::from_timestamp(seconds, nanos).expect("within chrono's range");
    Timestamp::new(instant).expect("within 0001..=9999")
}

/// Any JSON document, nested up to `depth`. Numbers are integers or binary fractions with a
/// short decimal form: others do not survive text exactly even on one backend (serde_json's
/// default float parsing may be one unit in the last place off), nor do floats that PostgreSQL
/// prints as integers.
fn random_json(rng: &mut StdRng, depth: u32) -> serde_json::Value {
    use serde_json::Value as J;
    let kinds = if depth == 0 { 5 } else { 7 };
    match rng.gen_range(0..kinds) {
        0 => J::Null,
        1 => J::Bool(rng.r#gen()),
        2 => match rng.gen_range(0..4) {
            0 => J::from([i64::MIN, i64::MAX, 0][rng.gen_range(0..3)]),
            1 => J::from(u64::MAX),
            _ => J::from(rng.gen_range(-1_000_000_i64..1_000_000)),
        },
        3 => {
            let fraction = f64::from(rng.gen_range(-(1 << 20)..(1 << 20)))
                / f64::from(1 << rng.gen_range(0..12));
            J::from(fraction)
        }
        4 => J::String(random_string(rng, 12)),
        5 => J::Array(
            (0..rng.gen_range(0..4))
                .map(|_| random_json(rng, depth - 1))
                .collect(),
        ),
        _ => J::Object(
            (0..rng.gen_range(0..4))
                .map(|_| (random_string(rng, 6), random_json(rng, depth - 1)))
                .collect(),
        ),
    }
}

fn random_tags(rng: &mut StdRng) -> TextList {
    (0..rng.gen_range(0..6))
        .map(|_| match rng.gen_range(0..5) {
            0 => String::new(),
            1 => ["\"", "\\", "\\\"", "a,b", "{x}", "NULL", "null"][rng.gen_range(0..7)].to_owned(),
            _ => random_string(rng, 10),
        })
        .collect()
}

fn random_row(rng: &mut StdRng) -> sample::Model {
    sample::Model {
        id: Uuid::from_u128(rng.r#gen()),
        name: random_string(rng, VARCHAR_LEN),
        note: maybe(rng, |r| random_string(r, 200)),
        count: maybe(rng, random_i32),
        flag: rng.r#gen(),
        dec_5_2: maybe(rng, random_numeric),
        dec_15_4: maybe(rng, random_numeric),
        dec_10_8: maybe(rng, random_numeric),
        dec_11_8: maybe(rng, random_numeric),
        day: maybe(rng, random_date),
        at: random_timestamp(rng),
        at_null: maybe(rng, random_timestamp),
        doc: maybe(rng, |r| random_json(r, 3)),
        tags: random_tags(rng),
    }
}

/// Panics at the first field of `read` that differs from `wrote`, naming seed, row and field.
fn assert_same(t: &TestDb, seed: u64, row: usize, wrote: &sample::Model, read: &sample::Model) {
    macro_rules! fields {
        ($($field:ident),+) => {$(
            assert!(
                wrote.$field == read.$field,
                "{:?}, seed {seed:#x}, row {row}, field `{}`: wrote {:?}, read back {:?}",
                t.backend,
                stringify!($field),
                wrote.$field,
                read.$field,
            );
        )+};
    }
    fields!(
        id, name, note, count, flag, dec_5_2, dec_15_4, dec_10_8, dec_11_8, day, at, at_null, doc,
        tags
    );
    // `Decimal` equality ignores the scale (1.1 == 1.10); the text shows it.
    macro_rules! scales {
        ($($field:ident),+) => {$(
            let (w, r) = (wrote.$field.map(|n| n.to_string()), read.$field.map(|n| n.to_string()));
            assert!(
                w == r,
                "{:?}, seed {seed:#x}, row {row}, field `{}`: wrote {w:?}, read back {r:?}",
                t.backend,
                stringify!($field),
            );
        )+};
    }
    scales!(dec_5_2, dec_15_4, dec_10_8, dec_11_8);
}

/// Random rows written three ways (inserted one by one, in batches, updated) read back equal,
/// and the database orders their instants as the type does.
async fn values_read_back_equal(t: &TestDb) {
    let seed = std::env::var("TEST_VALUES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED);
    let mut rng = StdRng::seed_from_u64(seed);
    create_table(t).await;
    let mut rows: Vec<sample::Model> = (0..ROWS).map(|_| random_row(&mut rng)).collect();
    insert_one_by_one(t, seed, &rows[..ONE_BY_ONE]).await;
    insert_in_batches(t, seed, &rows[ONE_BY_ONE..]).await;
    update_the_first(t, seed, &mut rng, &mut rows[..UPDATED]).await;
    assert_every_row_reads_back(t, seed, &rows).await;
    assert_ordered_as_the_instants(t, seed, &rows).await;
    if !t.is_pg() {
        assert_sqlite_text_is_canonical(t, seed, &rows).await;
    }
}

/// Through `ActiveModel::insert`: lists are built unbound and `before_save` encodes them.
async fn insert_one_by_one(t: &TestDb, seed: u64, rows: &[sample::Model]) {
    for (i, row) in rows.iter().enumerate() {
        let active = sample::ActiveModel {
            tags: Set(TextList::new(row.tags.items().to_vec())),
            ..row.clone().into_active_model()
        };
        let saved = active
            .insert(&t.db)
            .await
            .unwrap_or_else(|e| panic!("{:?}, seed {seed:#x}: insert row {i}: {e}", t.backend));
        assert_same(t, seed, i, row, &saved);
    }
}

/// Through `insert_many`, which skips `before_save`: the lists are bound explicitly. `rows`
/// follow the first `ONE_BY_ONE`.
async fn insert_in_batches(t: &TestDb, seed: u64, rows: &[sample::Model]) {
    for (batch_index, batch) in rows.chunks(BATCH).enumerate() {
        let models = batch.iter().map(|row| sample::ActiveModel {
            tags: Set(row.tags.clone().for_backend(t.backend)),
            ..row.clone().into_active_model()
        });
        sample::Entity::insert_many(models)
            .exec(&t.db)
            .await
            .unwrap_or_else(|e| {
                let first = ONE_BY_ONE + batch_index * BATCH;
                panic!(
                    "{:?}, seed {seed:#x}: insert rows {first}..: {e}",
                    t.backend
                )
            });
    }
}

/// Through `ActiveModel::update`, again with unbound lists: new tags and a new instant for each
/// of `rows`, changed in place to what they should read back as.
async fn update_the_first(t: &TestDb, seed: u64, rng: &mut StdRng, rows: &mut [sample::Model]) {
    for (i, row) in rows.iter_mut().enumerate() {
        row.tags = random_tags(rng);
        row.at = random_timestamp(rng);
        let mut active = row.clone().into_active_model();
        active.tags = Set(TextList::new(row.tags.items().to_vec()));
        active.at = Set(row.at);
        active
            .update(&t.db)
            .await
            .unwrap_or_else(|e| panic!("{:?}, seed {seed:#x}: update row {i}: {e}", t.backend));
    }
}

/// Every row reads back, each equal to what was written.
async fn assert_every_row_reads_back(t: &TestDb, seed: u64, rows: &[sample::Model]) {
    let read: HashMap<Uuid, sample::Model> = sample::Entity::find()
        .all(&t.db)
        .await
        .expect("read value_samples")
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    assert_eq!(read.len(), ROWS, "{:?}: rows read back", t.backend);
    for (i, wrote) in rows.iter().enumerate() {
        let back = read
            .get(&wrote.id)
            .unwrap_or_else(|| panic!("{:?}, seed {seed:#x}: row {i} missing", t.backend));
        assert_same(t, seed, i, wrote, back);
    }
}

/// The database orders the instants as the type does (on SQLite, by their text).
async fn assert_ordered_as_the_instants(t: &TestDb, seed: u64, rows: &[sample::Model]) {
    let by_instant: Vec<Uuid> = t
        .query(
            &format!("SELECT id FROM {} ORDER BY at, id", TABLE.sql(t.backend)),
            vec![],
        )
        .await
        .iter()
        .map(|r| r.try_get_by_index(0).expect("an id"))
        .collect();
    let mut expected: Vec<(Timestamp, Uuid)> = rows.iter().map(|r| (r.at, r.id)).collect();
    expected.sort();
    let expected: Vec<Uuid> = expected.into_iter().map(|(_, id)| id).collect();
    assert!(
        by_instant == expected,
        "{:?}, seed {seed:#x}: ORDER BY at differs from the instants' order",
        t.backend
    );
}

/// SQLite holds each instant as exactly the text `Timestamp::sqlite_text` gives.
async fn assert_sqlite_text_is_canonical(t: &TestDb, seed: u64, rows: &[sample::Model]) {
    let stored: HashMap<Uuid, (String, Option<String>)> = t
        .query(
            "SELECT id, CAST(at AS TEXT), CAST(at_null AS TEXT) FROM value_samples",
            vec![],
        )
        .await
        .iter()
        .map(|r| {
            let id: Uuid = r.try_get_by_index(0).expect("an id");
            let at: String = r.try_get_by_index(1).expect("text");
            let at_null: Option<String> = r.try_get_by_index(2).expect("text or NULL");
            (id, (at, at_null))
        })
        .collect();
    for (i, row) in rows.iter().enumerate() {
        let (at, at_null) = &stored[&row.id];
        let wanted = (
            row.at.sqlite_text(),
            row.at_null.map(Timestamp::sqlite_text),
        );
        assert!(
            (at, at_null) == (&wanted.0, &wanted.1),
            "seed {seed:#x}, row {i}: SQLite holds {at:?} / {at_null:?}, canonical {wanted:?}"
        );
    }
}

/// What the database hands back goes through the same rules as what is written: more than
/// microseconds is truncated, years outside 1..=9999 are an error (never a panic). Literals
/// rather than a table, so no column CHECK stands in the way.
async fn instants_read_back_under_the_same_rules(t: &TestDb) {
    let read = |sql: &'static str| async move {
        let rows = t.query(sql, vec![]).await;
        (
            rows[0].try_get_by_index::<Timestamp>(0),
            rows[0].try_get_by_index::<Option<Timestamp>>(0),
        )
    };
    let (inside, outside) = if t.is_pg() {
        (
            [
                (
                    "SELECT '0001-01-01 00:00:00+00'::timestamptz",
                    Timestamp::MIN,
                ),
                (
                    "SELECT '9999-12-31 23:59:59.999999+00'::timestamptz",
                    Timestamp::MAX,
                ),
            ],
            [
                "SELECT '10000-01-01 00:00:00+00'::timestamptz",
                "SELECT '0001-12-31 23:59:59.999999+00 BC'::timestamptz",
            ],
        )
    } else {
        (
            [
                (
                    "SELECT '0001-01-01T00:00:00.000000999+00:00'",
                    Timestamp::MIN,
                ),
                (
                    "SELECT '9999-12-31T23:59:59.999999999+00:00'",
                    Timestamp::MAX,
                ),
            ],
            [
                "SELECT '0000-12-31T23:59:59.999999+00:00'",
                "SELECT '+10000-01-01T00:00:00+00:00'",
            ],
        )
    };
    for (sql, wanted) in inside {
        let (plain, optional) = read(sql).await;
        assert_eq!(plain.ok(), Some(wanted), "{:?}: {sql}", t.backend);
        assert_eq!(optional.ok(), Some(Some(wanted)), "{:?}: {sql}", t.backend);
    }
    for sql in outside {
        let (plain, optional) = read(sql).await;
        assert!(plain.is_err(), "{:?}: {sql} gave {plain:?}", t.backend);
        assert!(
            optional.is_err(),
            "{:?}: {sql} gave {optional:?}",
            t.backend
        );
    }
}

dual!(
    values_read_back_equal,
    instants_read_back_under_the_same_rules
);
