//! Numbers: rating sums past 32 bits, rounding and trimming where PostgreSQL makes a value fit,
//! NaN in every numeric column and bound as a float, and loose integer and boolean forms.
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, Statement, TransactionTrait, Value,
};
use uuid::Uuid;

use super::{constraint_of, own_connection, profile_row, recipe, user_row};
use crate::harness::{TestDb, assert_accepted, assert_refused};

async fn rating_sums_past_32_bits_are_checked_alike(t: &TestDb) {
    let recipe = recipe(t, "popular").await;
    let set = "UPDATE recipes SET rating_count = $1, rating_sum = $2 WHERE id = $3";
    // 5 × 500,000,000 does not fit in 32 bits: PostgreSQL raised "integer out of range".
    for (count, sum) in [
        (500_000_000_i32, 2_000_000_000_i32),
        (i32::MAX, i32::MAX),
        (429_496_730, 2_147_483_647),
    ] {
        assert_accepted(
            t,
            "a sum between the count and five times it",
            set,
            vec![count.into(), sum.into(), recipe.into()],
        )
        .await;
    }
    assert_refused(
        t,
        "chk_recipes_rating_sum",
        set,
        vec![
            500_000_000_i32.into(),
            499_999_999_i32.into(),
            recipe.into(),
        ],
    )
    .await;
}

/// Where PostgreSQL changes a value to fit and SQLite refuses it (docs/PARITY.md, first rows of
/// "Remaining differences"): a third decimal in `numeric(5,2)`, a fraction in an integer,
/// trailing blanks past `varchar(n)`. SQLite is the stricter side; the service refuses all
/// three before either database sees them.
async fn postgres_rounds_and_trims_where_sqlite_refuses(t: &TestDb) {
    let user = user_row(t, "rounding").await;
    let profile = profile_row(t, user).await;
    // The username: 20 characters, the most varchar(20) holds, then three blanks.
    let cases: [(&str, Value, &str, &str); 3] = [
        (
            "UPDATE health_profiles SET weight_kg = 72.555 WHERE id = $1",
            profile.into(),
            "SELECT CAST(weight_kg AS text) FROM health_profiles WHERE id = $1",
            "72.56",
        ),
        (
            "UPDATE health_profiles SET height_cm = 180.5 WHERE id = $1",
            profile.into(),
            "SELECT CAST(height_cm AS text) FROM health_profiles WHERE id = $1",
            "181",
        ),
        (
            "UPDATE users SET username = 'abcdefghijklmnopqrst   ' WHERE id = $1",
            user.into(),
            "SELECT CAST(username AS text) FROM users WHERE id = $1",
            "abcdefghijklmnopqrst",
        ),
    ];
    let sqlite_rules = [
        "chk_weight_kg_decimal",
        "chk_height_cm_integer",
        "chk_username_varchar",
    ];
    for ((write, id, read, stored), rule) in cases.into_iter().zip(sqlite_rules) {
        if t.is_pg() {
            assert_accepted(t, "PostgreSQL makes it fit", write, vec![id.clone()]).await;
            let back: String = t.query(read, vec![id]).await[0]
                .try_get_by_index(0)
                .unwrap();
            assert_eq!(back, stored, "{write}");
        } else {
            assert_refused(t, rule, write, vec![id]).await;
        }
    }
}

/// Every `numeric` column of the live schema (information_schema, not the migration's own
/// walk), tried with NaN. Each table is cloned inside a transaction with its CHECKs
/// (`LIKE … INCLUDING CONSTRAINTS`) and without NOT NULL, so a row can name one column alone;
/// the same row with NULL instead of NaN must not be refused by the same rule, so the refusal
/// is NaN's. SQLite's REAL stand-ins refuse the text `'NaN'` by type (tested on one column).
async fn nan_is_refused_in_every_numeric_column(t: &TestDb) {
    if !t.is_pg() {
        let profile = profile_row(t, user_row(t, "nan_text").await).await;
        assert_refused(
            t,
            "chk_weight_kg_decimal",
            "UPDATE health_profiles SET weight_kg = 'NaN' WHERE id = $1",
            vec![profile.into()],
        )
        .await;
        return;
    }
    let columns = numeric_columns(t).await;
    assert!(
        columns.len() >= 54,
        "found {} numeric columns",
        columns.len()
    );
    let db = own_connection(t).await;
    let txn = db.begin().await.unwrap();
    let (mut tried, mut by_own_check) = (0, 0);
    for (schema, table, column) in &columns {
        let (nan, null) = nan_and_null_refused_by(&txn, schema, table, column).await;
        assert!(
            nan.is_some() && nan != null,
            "{schema}.{table}.{column}: NaN refused by {nan:?}, NULL by {null:?}"
        );
        if nan.as_deref() == Some(format!("chk_{column}_not_nan").as_str()) {
            by_own_check += 1;
        }
        tried += 1;
    }
    txn.rollback().await.unwrap();
    assert_eq!(tried, columns.len());
    // A two-sided CHECK sorting first by name refuses NaN before it; every other column is
    // refused by its own `chk_<column>_not_nan`.
    crate::harness::notice(&format!(
        "nan: {tried} numeric columns refuse NaN, {by_own_check} by chk_<column>_not_nan"
    ));
}

/// `(schema, table, column)` of every `numeric` column of the live PostgreSQL schema's tables,
/// from information_schema.
async fn numeric_columns(t: &TestDb) -> Vec<(String, String, String)> {
    t.query(
        "SELECT c.table_schema::text AS s, c.table_name::text AS t, c.column_name::text AS c \
         FROM information_schema.columns c JOIN pg_class k ON k.relname = c.table_name \
         JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = c.table_schema \
         WHERE c.table_schema IN ('public', 'auth', 'health', 'audit') \
         AND c.data_type = 'numeric' AND k.relkind IN ('r', 'p') AND NOT k.relispartition \
         ORDER BY 1, 2, 3",
        vec![],
    )
    .await
    .iter()
    .map(|row| {
        (
            row.try_get("", "s").unwrap(),
            row.try_get("", "t").unwrap(),
            row.try_get("", "c").unwrap(),
        )
    })
    .collect()
}

/// The rules that refuse a row of `column` alone holding NaN, then NULL, in a clone of its
/// table with its CHECKs and without NOT NULL, made and dropped in a savepoint of `txn`.
async fn nan_and_null_refused_by(
    txn: &DatabaseTransaction,
    schema: &str,
    table: &str,
    column: &str,
) -> (Option<String>, Option<String>) {
    let probe = txn.begin().await.unwrap();
    let run = async |sql: String| {
        probe
            .execute_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await
    };
    run(format!(
        "CREATE TABLE nan_probe (LIKE \"{schema}\".\"{table}\" INCLUDING CONSTRAINTS)"
    ))
    .await
    .unwrap();
    run(
        "DO $$ DECLARE c text; BEGIN FOR c IN SELECT attname FROM pg_attribute \
         WHERE attrelid = 'nan_probe'::regclass AND attnum > 0 AND attnotnull LOOP \
         EXECUTE format('ALTER TABLE nan_probe ALTER COLUMN %I DROP NOT NULL', c); END LOOP; END $$"
            .to_owned(),
    )
    .await
    .unwrap();
    let refused_by = async |value: &str| -> Option<String> {
        let attempt = probe.begin().await.unwrap();
        let outcome = attempt
            .execute_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("INSERT INTO nan_probe (\"{column}\") VALUES ({value})"),
            ))
            .await;
        attempt.rollback().await.unwrap();
        outcome
            .err()
            .map(|e| constraint_of(&e).unwrap_or_else(|| format!("unnamed: {e}")))
    };
    let nan = refused_by("'NaN'").await;
    let null = refused_by("NULL").await;
    probe.rollback().await.unwrap();
    (nan, null)
}

/// A client binding a float NaN: PostgreSQL casts it to numeric NaN, which the CHECK refuses.
/// SQLite's C API turns a NaN double into NULL when it is bound (`sqlite3_bind_double`), before
/// any trigger or CHECK sees a value: a nullable column stores NULL, a NOT NULL one refuses.
/// No database rule can tell that NULL from a real one; the entities hold no float (decimals are
/// `Numeric`, which has no NaN), so only raw SQL binding an `f64` gets there (docs/PARITY.md).
async fn a_float_nan_bound_by_a_client(t: &TestDb) {
    let ingredient = t
        .query("SELECT id FROM ingredients ORDER BY name LIMIT 1", vec![])
        .await[0]
        .try_get_by_index::<Uuid>(0)
        .unwrap();
    let set_nullable = "UPDATE ingredients SET grams_per_ml = $1 WHERE id = $2";
    let set_required = "UPDATE ingredients SET energy_kcal = $1 WHERE id = $2";
    if t.is_pg() {
        assert_refused(
            t,
            "chk_grams_per_ml_not_nan",
            set_nullable,
            vec![f64::NAN.into(), ingredient.into()],
        )
        .await;
        assert_refused(
            t,
            "chk_energy_kcal_not_nan",
            set_required,
            vec![f64::NAN.into(), ingredient.into()],
        )
        .await;
        return;
    }
    assert_accepted(
        t,
        "SQLite receives NULL",
        set_nullable,
        vec![f64::NAN.into(), ingredient.into()],
    )
    .await;
    let stored = t
        .query(
            "SELECT typeof(grams_per_ml) FROM ingredients WHERE id = $1",
            vec![ingredient.into()],
        )
        .await[0]
        .try_get_by_index::<String>(0)
        .unwrap();
    assert_eq!(stored, "null");
    assert_refused(
        t,
        "not_null:energy_kcal",
        set_required,
        vec![f64::NAN.into(), ingredient.into()],
    )
    .await;
}

/// Integer and boolean columns: SQLite's column affinity turns `'1.0'`, `'1e0'`, `'01'` and
/// `0.0` into the integer before any trigger or CHECK sees it, so it stores a valid value;
/// PostgreSQL refuses what its input functions refuse. SQLite is the looser side here, but
/// what it stores copies (the value is an integer). Outcomes as docs/PARITY.md lists them.
async fn loose_integer_and_boolean_forms(t: &TestDb) {
    let recipe = recipe(t, "loose").await;
    // (column SQL, value, PostgreSQL's outcome: None accepted, Some(rule) refused)
    let cases: [(&str, &str, Option<&'static str>); 8] = [
        ("servings", "'1.0'", Some("sqlstate:22P02")),
        ("servings", "'1e0'", Some("sqlstate:22P02")),
        ("servings", "'01'", None),
        ("servings", "2.0", None),
        ("is_public", "'1.0'", Some("sqlstate:22P02")),
        ("is_public", "'01'", Some("sqlstate:22P02")),
        ("is_public", "0.0", Some("sqlstate:42804")),
        ("is_public", "'1'", None),
    ];
    for (column, value, on_postgres) in cases {
        let sql = format!("UPDATE recipes SET {column} = {value} WHERE id = $1");
        match (t.is_pg(), on_postgres) {
            (true, Some(rule)) => assert_refused(t, rule, &sql, vec![recipe.into()]).await,
            _ => {
                assert_accepted(t, "a loose form", &sql, vec![recipe.into()]).await;
                if !t.is_pg() {
                    let stored = t
                        .query(
                            &format!("SELECT typeof({column}) FROM recipes WHERE id = $1"),
                            vec![recipe.into()],
                        )
                        .await[0]
                        .try_get_by_index::<String>(0)
                        .unwrap();
                    assert_eq!(stored, "integer", "{column} = {value}");
                }
            }
        }
    }
}

dual!(
    rating_sums_past_32_bits_are_checked_alike,
    postgres_rounds_and_trims_where_sqlite_refuses,
    nan_is_refused_in_every_numeric_column,
    a_float_nan_bound_by_a_client,
    loose_integer_and_boolean_forms,
);
