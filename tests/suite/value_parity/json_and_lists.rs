//! JSON and list columns: a raw NUL, a lone surrogate, a list of other than strings, a BLOB or a
//! number are refused on both; an escaped backslash before `u0000` and nesting past 1,000
//! levels are pinned as PARITY.md lists them.
use sea_orm::Value;

use super::{insert_output, model_result, recipe};
use crate::harness::{TestDb, assert_accepted, assert_refused, per_backend};

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

dual!(
    raw_nul_in_json_and_lists_is_refused_on_both,
    lone_surrogates_in_json_are_refused_on_both,
    lists_of_other_than_strings_are_refused_on_both,
    json_and_list_columns_refuse_blobs_and_numbers_on_both,
    escaped_backslash_before_u0000,
    json_nested_deeper_than_1000_levels,
);
