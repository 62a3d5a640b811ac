//! Differences pinned on one backend: SQLite's `INSERT OR REPLACE` fires no DELETE trigger, and
//! SQLite stores text that is not UTF-8, which `copy` then refuses.
use uuid::Uuid;

use super::{model_result, own_connection, profile_row, user_row};
use crate::harness::{TestDb, assert_accepted};

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
