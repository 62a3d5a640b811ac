//! Values one backend stored and the other refused (issue 17), through raw SQL: each is now
//! refused on both by a named rule, or its remaining difference is pinned here as documented in
//! `docs/PARITY.md`. Migration 19 (`migration::portable::guards`) holds the rules.
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
    TransactionTrait, Value,
};
use uuid::Uuid;

use crate::harness::{TestDb, assert_accepted, assert_refused, per_backend};

/// A connection of the test's own to its database (one, so a transaction and its `SET LOCAL`
/// stay on it): these tests reach the database through SQL only.
async fn own_connection(t: &TestDb) -> DatabaseConnection {
    let mut options = ConnectOptions::new(t.url.clone());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options)
        .await
        .expect("connect to the test database")
}

/// The database's own message of an error (a SQLite guard's RAISE: the code alone).
fn message_of(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    match &**e {
        sea_orm::sqlx::Error::Database(db) => Some(db.message().to_owned()),
        _ => None,
    }
}

/// The constraint PostgreSQL names in a refusal.
fn constraint_of(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    match &**e {
        sea_orm::sqlx::Error::Database(db) => db.constraint().map(str::to_owned),
        _ => None,
    }
}

/// A verified user, by raw SQL (these tests use no service function, whose signatures change
/// independently of the schema). Returns its id.
async fn user_row(t: &TestDb, name: &str) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO users (id, username, email, password_hash, is_email_verified) \
         VALUES ($1, $2, $3, 'not-a-real-hash', $4)",
        vec![
            id.into(),
            name.into(),
            format!("{name}@example.com").into(),
            true.into(),
        ],
    )
    .await
    .unwrap_or_else(|e| panic!("fixture user {name}: {e}"));
    id
}

/// A health profile of `user`, by raw SQL. Returns its id.
async fn profile_row(t: &TestDb, user: Uuid) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO health_profiles (id, user_id, height_cm) VALUES ($1, $2, 180)",
        vec![id.into(), user.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("fixture profile: {e}"));
    id
}

/// A row of `ai_model_results` (a JSON column, `output`, and no required parent).
async fn model_result(t: &TestDb) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO ai_model_results (id, model_name, model_version, input_ref, output, latency_ms) \
         VALUES ($1, 'm', '1', 'x', '{}', 1)",
        vec![id.into()],
    )
    .await
    .expect("a model result");
    id
}

/// A recipe of a new user (a list column, `tags`).
async fn recipe(t: &TestDb, owner: &str) -> Uuid {
    let user = user_row(t, owner).await;
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes) \
         VALUES ($1, $2, 'Stew', 10, 20)",
        vec![id.into(), user.into()],
    )
    .await
    .expect("a recipe");
    id
}

/// An insert of `ai_model_results` with `output` bound as text (cast to jsonb on PostgreSQL,
/// which would otherwise refuse the parameter's type before reading it).
fn insert_output(t: &TestDb) -> &'static str {
    if t.is_pg() {
        "INSERT INTO ai_model_results (model_name, model_version, input_ref, output, latency_ms) \
         VALUES ('m', '1', 'x', CAST($1 AS jsonb), 1)"
    } else {
        "INSERT INTO ai_model_results (model_name, model_version, input_ref, output, latency_ms) \
         VALUES ('m', '1', 'x', $1, 1)"
    }
}

async fn raw_nul_in_json_and_lists_is_refused_on_both(t: &TestDb) {
    let result = model_result(t).await;
    let recipe = recipe(t, "nul_lister").await;
    if t.is_pg() {
        // PostgreSQL text cannot hold the byte at all: refused when the value is bound.
        assert_refused(
            t,
            "sqlstate:22021",
            "UPDATE ai_model_results SET output = CAST($1 AS jsonb) WHERE id = $2",
            vec!["{\"a\":1}\0garbage".into(), result.into()],
        )
        .await;
        assert_refused(
            t,
            "sqlstate:22021",
            "UPDATE recipes SET tags = CAST($1 AS text[]) WHERE id = $2",
            vec!["{a\0b}".into(), recipe.into()],
        )
        .await;
        return;
    }
    // The issue's rows: `json_valid` stops at the NUL and saw `{"a":1}`.
    assert_refused(
        t,
        "chk_output_json",
        "UPDATE ai_model_results SET output = '{\"a\":1}' || char(0) || 'garbage' WHERE id = $1",
        vec![result.into()],
    )
    .await;
    assert_refused(
        t,
        "chk_output_json",
        insert_output(t),
        vec!["{\"a\":1}\0garbage".into()],
    )
    .await;
    assert_refused(
        t,
        "chk_tags_text_list",
        "UPDATE recipes SET tags = '[\"a\"]' || char(0) || '[1]' WHERE id = $1",
        vec![recipe.into()],
    )
    .await;
}

async fn lone_surrogates_in_json_are_refused_on_both(t: &TestDb) {
    let result = model_result(t).await;
    let recipe = recipe(t, "surrogates").await;
    // Literals: the same SQL on both (PostgreSQL's strings keep backslashes as they are).
    for json in [
        r#"{"a":"\ud800"}"#,            // a lone high surrogate
        r#"{"a":"\udc00"}"#,            // a lone low surrogate
        r#"{"a":"\ud800\u0041"}"#,      // a high surrogate before a non-surrogate
        r#"{"\udbff":1}"#,              // in a key
        r#"[[{"deep":["x\uDFFFy"]}]]"#, // nested, upper-case hex
    ] {
        let sql = format!("UPDATE ai_model_results SET output = '{json}' WHERE id = $1");
        assert_refused(
            t,
            per_backend("sqlstate:22P02", "chk_output_json"),
            &sql,
            vec![result.into()],
        )
        .await;
    }
    assert_refused(
        t,
        per_backend("sqlstate:22P02", "chk_output_json"),
        insert_output(t),
        vec![r#"{"a":"\ud800"}"#.into()],
    )
    .await;
    // A proper pair is a character (U+1F600) on both; an escaped backslash before `ud800` is
    // text, not an escape.
    for json in [r#"{"a":"\ud83d\ude00"}"#, r#"{"a":"\\ud800"}"#] {
        assert_accepted(
            t,
            "a surrogate pair, or no escape at all",
            &format!("UPDATE ai_model_results SET output = '{json}' WHERE id = $1"),
            vec![result.into()],
        )
        .await;
    }
    if !t.is_pg() {
        // Lists are JSON on SQLite only; PostgreSQL's `text[]` has no escapes to get wrong.
        assert_refused(
            t,
            "chk_tags_text_list",
            r#"UPDATE recipes SET tags = '["ok", "\ud800"]' WHERE id = $1"#,
            vec![recipe.into()],
        )
        .await;
    }
}

async fn lists_of_other_than_strings_are_refused_on_both(t: &TestDb) {
    let recipe = recipe(t, "tagger").await;
    // PostgreSQL reads `[1,2]` as a malformed array literal; SQLite finds numbers in the list.
    for list in [
        "[1,2]",
        "[\"a\", true]",
        "[null]",
        "[[\"a\"]]",
        "[{\"a\":\"b\"}]",
    ] {
        assert_refused(
            t,
            per_backend("sqlstate:22P02", "chk_tags_text_list"),
            &format!("UPDATE recipes SET tags = '{list}' WHERE id = $1"),
            vec![recipe.into()],
        )
        .await;
    }
    // The reverse: PostgreSQL's arrays hold NULL elements and several dimensions, which the
    // application's list cannot read; SQLite's JSON can say the same.
    let (null_element, two_dimensions) = if t.is_pg() {
        ("{NULL}", "{{a},{b}}")
    } else {
        ("[\"a\", null]", "[[\"a\"],[\"b\"]]")
    };
    for list in [null_element, two_dimensions] {
        assert_refused(
            t,
            "chk_tags_text_list",
            &format!("UPDATE recipes SET tags = '{list}' WHERE id = $1"),
            vec![recipe.into()],
        )
        .await;
    }
    let good = if t.is_pg() { "{a,b}" } else { "[\"a\",\"b\"]" };
    assert_accepted(
        t,
        "a list of texts",
        &format!("UPDATE recipes SET tags = '{good}' WHERE id = $1"),
        vec![recipe.into()],
    )
    .await;
}

async fn json_and_list_columns_refuse_blobs_and_numbers_on_both(t: &TestDb) {
    let result = model_result(t).await;
    let recipe = recipe(t, "blobber").await;
    // PostgreSQL has no cast from bytea or integer to jsonb or text[] (42804); SQLite's
    // `json_valid` read the blob's bytes as JSON text.
    let mismatch = |name| per_backend("sqlstate:42804", name);
    let blob = Value::from(b"{}".to_vec());
    assert_refused(
        t,
        mismatch("chk_output_json"),
        "UPDATE ai_model_results SET output = $1 WHERE id = $2",
        vec![blob.clone(), result.into()],
    )
    .await;
    assert_refused(
        t,
        mismatch("chk_output_json"),
        "INSERT INTO ai_model_results (model_name, model_version, input_ref, output, latency_ms) \
         VALUES ('m', '1', 'x', $1, 1)",
        vec![blob.clone()],
    )
    .await;
    for value in [blob, Value::from(5_i64)] {
        assert_refused(
            t,
            mismatch("chk_tags_text_list"),
            "UPDATE recipes SET tags = $1 WHERE id = $2",
            vec![value, recipe.into()],
        )
        .await;
    }
    // A number bound to a JSON column: SQLite's TEXT affinity stores it as the text `5`, a JSON
    // document that copies as the jsonb 5; PostgreSQL refuses the integer's type. The looser
    // side is SQLite, and what it holds is valid (docs/PARITY.md).
    let number = "UPDATE ai_model_results SET output = $1 WHERE id = $2";
    if t.is_pg() {
        assert_refused(
            t,
            "sqlstate:42804",
            number,
            vec![5_i64.into(), result.into()],
        )
        .await;
    } else {
        assert_accepted(
            t,
            "stored as text",
            number,
            vec![5_i64.into(), result.into()],
        )
        .await;
        let stored = t
            .query(
                "SELECT typeof(output), output FROM ai_model_results WHERE id = $1",
                vec![result.into()],
            )
            .await;
        let kind: String = stored[0].try_get_by_index(0).unwrap();
        let text: String = stored[0].try_get_by_index(1).unwrap();
        assert_eq!((kind.as_str(), text.as_str()), ("text", "5"));
    }
    // The same number as JSON text is a JSON document on both.
    let five = if t.is_pg() {
        "CAST('5' AS jsonb)"
    } else {
        "'5'"
    };
    assert_accepted(
        t,
        "a JSON number as text",
        &format!("UPDATE ai_model_results SET output = {five} WHERE id = $1"),
        vec![result.into()],
    )
    .await;
}

async fn dates_with_a_negative_year_are_refused_on_both(t: &TestDb) {
    let user = user_row(t, "bc_born").await;
    let profile = profile_row(t, user).await;
    // PostgreSQL reads the second as a date and a time zone, and refuses the zone.
    for (date, postgres) in [
        ("-0001-01-01", "sqlstate:22007"),
        ("-0100-06-15", "sqlstate:22009"),
    ] {
        assert_refused(
            t,
            per_backend(postgres, "chk_date_of_birth_date"),
            &format!("UPDATE health_profiles SET date_of_birth = '{date}' WHERE id = $1"),
            vec![profile.into()],
        )
        .await;
    }
    assert_accepted(
        t,
        "a date of the common era",
        "UPDATE health_profiles SET date_of_birth = '1990-05-01' WHERE id = $1",
        vec![profile.into()],
    )
    .await;
}

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

dual!(
    raw_nul_in_json_and_lists_is_refused_on_both,
    lone_surrogates_in_json_are_refused_on_both,
    lists_of_other_than_strings_are_refused_on_both,
    json_and_list_columns_refuse_blobs_and_numbers_on_both,
    dates_with_a_negative_year_are_refused_on_both,
    rating_sums_past_32_bits_are_checked_alike,
    nan_is_refused_in_every_numeric_column,
    a_float_nan_bound_by_a_client,
    escaped_backslash_before_u0000,
    json_nested_deeper_than_1000_levels,
    audit_snapshots_write_instants_in_utc,
    loose_integer_and_boolean_forms,
    postgres_rounds_and_trims_where_sqlite_refuses,
);

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
    let columns = t
        .query(
            "SELECT c.table_schema::text AS s, c.table_name::text AS t, c.column_name::text AS c \
             FROM information_schema.columns c JOIN pg_class k ON k.relname = c.table_name \
             JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = c.table_schema \
             WHERE c.table_schema IN ('public', 'auth', 'health', 'audit') \
             AND c.data_type = 'numeric' AND k.relkind IN ('r', 'p') AND NOT k.relispartition \
             ORDER BY 1, 2, 3",
            vec![],
        )
        .await;
    assert!(
        columns.len() >= 54,
        "found {} numeric columns",
        columns.len()
    );
    let db = own_connection(t).await;
    let txn = db.begin().await.unwrap();
    let (mut tried, mut by_own_check) = (0, 0);
    for row in &columns {
        let (schema, table, column): (String, String, String) = (
            row.try_get("", "s").unwrap(),
            row.try_get("", "t").unwrap(),
            row.try_get("", "c").unwrap(),
        );
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
        run("DO $$ DECLARE c text; BEGIN FOR c IN SELECT attname FROM pg_attribute \
             WHERE attrelid = 'nan_probe'::regclass AND attnum > 0 AND attnotnull LOOP \
             EXECUTE format('ALTER TABLE nan_probe ALTER COLUMN %I DROP NOT NULL', c); END LOOP; END $$"
            .to_owned())
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
        assert!(
            nan.is_some() && nan != null,
            "{schema}.{table}.{column}: NaN refused by {nan:?}, NULL by {null:?}"
        );
        probe.rollback().await.unwrap();
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

/// `"\\u0000"` is a backslash then `u0000`: text PostgreSQL's jsonb accepts. SQLite's CHECK
/// (migration 1's stand-in, frozen) looks for the six characters `\u0000` and refuses it: the
/// stricter side, so nothing SQLite holds fails to copy. The escape itself is refused on both.
async fn escaped_backslash_before_u0000(t: &TestDb) {
    let result = model_result(t).await;
    let escaped_backslash =
        r#"UPDATE ai_model_results SET output = '{"a":"\\u0000"}' WHERE id = $1"#;
    if t.is_pg() {
        assert_accepted(t, "text", escaped_backslash, vec![result.into()]).await;
    } else {
        assert_refused(t, "chk_output_json", escaped_backslash, vec![result.into()]).await;
    }
    for escape in [r#"{"a":"\u0000"}"#, r#"{"\u0000":1}"#] {
        assert_refused(
            t,
            per_backend("sqlstate:22P05", "chk_output_json"),
            &format!("UPDATE ai_model_results SET output = '{escape}' WHERE id = $1"),
            vec![result.into()],
        )
        .await;
    }
}

/// SQLite's JSON parser stops at 1,000 levels of nesting; PostgreSQL's at its stack depth
/// (far deeper). 1,000 levels pass on both, 1,001 only on PostgreSQL.
async fn json_nested_deeper_than_1000_levels(t: &TestDb) {
    let result = model_result(t).await;
    let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    let set = "UPDATE ai_model_results SET output = CAST($1 AS TEXT) WHERE id = $2";
    let set = if t.is_pg() {
        "UPDATE ai_model_results SET output = CAST($1 AS jsonb) WHERE id = $2"
    } else {
        set
    };
    assert_accepted(
        t,
        "1,000 levels",
        set,
        vec![nested(1000).into(), result.into()],
    )
    .await;
    if t.is_pg() {
        assert_accepted(
            t,
            "PostgreSQL nests deeper",
            set,
            vec![nested(1001).into(), result.into()],
        )
        .await;
    } else {
        assert_refused(
            t,
            "chk_output_json",
            set,
            vec![nested(1001).into(), result.into()],
        )
        .await;
    }
}

/// The audit snapshot of an instant: `+00:00` on both, whatever time zone the PostgreSQL
/// session uses (migration 19 sets UTC on the trigger function). The fraction stays each
/// backend's own: PostgreSQL's `to_jsonb` drops trailing zeros (`.5`), SQLite keeps the stored
/// text (`.500`); both are RFC 3339 for the same instant.
async fn audit_snapshots_write_instants_in_utc(t: &TestDb) {
    let user = user_row(t, "audited_zone").await;
    let db = own_connection(t).await;
    let txn = db.begin().await.unwrap();
    if t.is_pg() {
        txn.execute_unprepared("SET LOCAL TIME ZONE 'Europe/Paris'")
            .await
            .unwrap();
    }
    let profile = Uuid::new_v4();
    txn.execute_raw(Statement::from_sql_and_values(
        t.backend,
        if t.is_pg() {
            "INSERT INTO public.health_profiles (id, user_id, height_cm, created_at) VALUES ($1, $2, 180, $3)"
        } else {
            "INSERT INTO health_profiles (id, user_id, height_cm, created_at) VALUES ($1, $2, 180, $3)"
        },
        vec![
            profile.into(),
            user.into(),
            if t.is_pg() {
                Value::from(
                    chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00.5+00:00")
                        .unwrap()
                        .with_timezone(&chrono::Utc),
                )
            } else {
                Value::from("2026-01-01T00:00:00.500+00:00")
            },
        ],
    ))
    .await
    .unwrap();
    let json_text = if t.is_pg() {
        "SELECT new_data ->> 'created_at' FROM audit.data_changes WHERE record_id = $1"
    } else {
        "SELECT new_data ->> '$.created_at' FROM data_changes WHERE record_id = $1"
    };
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(
            t.backend,
            json_text,
            vec![profile.into()],
        ))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    let written: String = rows[0].try_get_by_index(0).unwrap();
    let expected = if t.is_pg() {
        "2026-01-01T00:00:00.5+00:00"
    } else {
        "2026-01-01T00:00:00.500+00:00"
    };
    assert_eq!(written, expected, "{:?}", t.backend);
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

/// SQLite only: `INSERT OR REPLACE` deletes the row it replaces without firing DELETE triggers
/// (`recursive_triggers` is off, which the `updated_at` and audit triggers rely on): the R*Tree
/// keeps the old box and the audit has no DELETE row. PostgreSQL has no such statement; `ON
/// CONFLICT DO UPDATE` fires UPDATE triggers on both and keeps both in step (docs/PARITY.md).
mod insert_or_replace {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let t = TestDb::sqlite("insert_or_replace").await;
        let restaurant = Uuid::new_v4();
        let insert = |verb: &str, tail: &str, lat: f64| {
            format!(
                "{verb} INTO restaurants (id, name, address, city, state, zip_code, latitude, longitude) \
                 VALUES ($1, 'R', 'a', 'c', 's', 'z', {lat}, 10){tail}"
            )
        };
        t.exec(&insert("INSERT", "", 10.0), vec![restaurant.into()])
            .await
            .unwrap();
        let boxes = async || {
            t.count(
                "SELECT count(*) FROM restaurants_rtree WHERE row_key = $1",
                vec![restaurant.into()],
            )
            .await
        };
        assert_eq!(boxes().await, 1);
        t.exec(
            &insert(
                "INSERT",
                " ON CONFLICT (id) DO UPDATE SET latitude = excluded.latitude",
                20.0,
            ),
            vec![restaurant.into()],
        )
        .await
        .unwrap();
        assert_eq!(boxes().await, 1, "an upsert keeps the index in step");
        t.exec(
            &insert("INSERT OR REPLACE", "", 30.0),
            vec![restaurant.into()],
        )
        .await
        .unwrap();
        assert_eq!(boxes().await, 2, "REPLACE leaves the old box behind");

        let user = user_row(&t, "replaced").await;
        let profile = profile_row(&t, user).await;
        t.exec(
            "INSERT OR REPLACE INTO health_profiles (id, user_id, height_cm) VALUES ($1, $2, 190)",
            vec![profile.into(), user.into()],
        )
        .await
        .unwrap();
        let operations: Vec<String> = t
            .query(
                "SELECT operation FROM data_changes WHERE record_id = $1 ORDER BY rowid",
                vec![profile.into()],
            )
            .await
            .iter()
            .map(|r| r.try_get_by_index(0).unwrap())
            .collect();
        assert_eq!(
            operations,
            ["INSERT", "INSERT"],
            "no DELETE for the replaced row"
        );
    }
}

/// SQLite only: every JSON, list and date column of the live schema has its guard trigger,
/// including tables a later migration adds (which must call `guards::guard_table`). A row
/// naming only that column reaches the BEFORE INSERT guard before any NOT NULL check.
mod every_guarded_column_has_its_guard {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let t = TestDb::sqlite("every_guarded_column").await;
        let tables = t
            .query(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
                 AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                vec![],
            )
            .await;
        let mut tried = 0;
        for table in tables {
            let name: String = table.try_get("", "name").unwrap();
            let sql: String = table.try_get("", "sql").unwrap();
            for column in t
                .query(
                    &format!("SELECT name FROM pragma_table_xinfo('{name}')"),
                    vec![],
                )
                .await
            {
                let column: String = column.try_get("", "name").unwrap();
                for (suffix, bad) in [
                    ("json", r#"'{"a":"\ud800"}'"#),
                    ("text_list", "'[1]'"),
                    ("date", "'-0001-01-01'"),
                ] {
                    let code = format!("chk_{column}_{suffix}");
                    if !sql.contains(&format!("CONSTRAINT \"{code}\" CHECK")) {
                        continue;
                    }
                    let sql = format!("INSERT INTO \"{name}\" (\"{column}\") VALUES ({bad})");
                    match t.exec(&sql, vec![]).await {
                        // A guard's RAISE: the message is the code, nothing else.
                        Err(e) if message_of(&e).as_deref() == Some(code.as_str()) => {}
                        other => panic!("{sql}: expected {code}, got {other:?}"),
                    }
                    tried += 1;
                }
            }
        }
        assert!(tried >= 20, "only {tried} guarded columns found");
    }
}

/// The migration that adds the guards refuses to run over rows that already break them, as
/// PostgreSQL's `ADD CONSTRAINT` does, naming table, column and count.
mod guards_refuse_existing_bad_rows {
    use super::*;
    use migration::{Migrator, MigratorTrait};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let t = TestDb::sqlite("guards_existing_rows").await;
        let db = own_connection(&t).await;
        // Down to just before the migration that adds the guards (later ones come off first).
        let guards_and_later = Migrator::migrations()
            .iter()
            .rev()
            .position(|m| m.name() == "m20261122_000019_values_both_backends_accept")
            .expect("the guards' migration")
            + 1;
        Migrator::down(&db, Some(u32::try_from(guards_and_later).unwrap()))
            .await
            .unwrap();
        t.exec(
            "INSERT INTO ai_model_results (model_name, model_version, input_ref, output, latency_ms) \
             VALUES ('m', '1', 'x', '[1]' || char(0) || 'x', 1)",
            vec![],
        )
        .await
        .unwrap();
        let refused = Migrator::up(&db, None).await.unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("ai_model_results.output: 1 rows (chk_output_json)"),
            "{refused}"
        );
        t.exec("DELETE FROM ai_model_results", vec![])
            .await
            .unwrap();
        Migrator::up(&db, None).await.unwrap();
    }
}

/// Not closed, pinned: SQLite stores text that is not UTF-8 (`CAST(X'FF' AS TEXT)`), which
/// PostgreSQL's text can never hold, and no SQLite function validates UTF-8. `copy` then fails
/// on that row, naming table and column, and writes nothing (one transaction). docs/PARITY.md.
mod text_that_is_not_utf8 {
    use super::*;
    use migration::operator::copy::{self, CopyError, CopyOptions};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_stores_it_and_copy_refuses_it() {
        let Some(target) = TestDb::postgres("not_utf8").await else {
            return;
        };
        let source = TestDb::sqlite("not_utf8").await;
        let result = model_result(&source).await;
        assert_accepted(
            &source,
            "SQLite does not validate UTF-8",
            "UPDATE ai_model_results SET model_name = CAST(X'6DFF' AS TEXT) WHERE id = $1",
            vec![result.into()],
        )
        .await;
        let (from, to) = (own_connection(&source).await, own_connection(&target).await);
        let options = CopyOptions {
            progress: false,
            ..CopyOptions::default()
        };
        match copy::copy(&from, &to, &options).await {
            Err(CopyError::Value {
                table,
                column,
                reason,
            }) => {
                assert_eq!(
                    (table.as_str(), column.as_str()),
                    ("public.ai_model_results", "model_name"),
                    "{reason}"
                );
                assert!(reason.contains("utf-8"), "{reason}");
            }
            other => panic!("expected the copy to fail on the row: {other:?}"),
        }
        let written = target
            .count("SELECT count(*) FROM ai_model_results", vec![])
            .await;
        assert_eq!(written, 0, "nothing is written");
    }
}
