//! SQLite's guard triggers: every guarded column has one, and the migration adding them refuses
//! to run over rows that already break them.
use super::{message_of, own_connection};
use crate::harness::TestDb;

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
