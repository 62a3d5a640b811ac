//! What the table builder expresses for the tables still to come, on both backends: link tables
//! with a composite key, tables keyed by something other than `id` (with their `updated_at` and
//! audit triggers), generated stored columns, and GIN/GiST indexes by name.
use migration::conventions::Conventions;
use migration::portable::{Audit, Index, Method, NewTable, Tbl, row_triggers};
use sea_orm_migration::SchemaManager;
use uuid::Uuid;

use crate::harness::{TestDb, assert_accepted, assert_refused, insert_user, per_backend};

const FAVOURITES: Tbl = Tbl::new("public", "test_favourite_allergens");
const USER_NOTES: Tbl = Tbl::new("public", "test_user_notes");
const DISHES: Tbl = Tbl::new("public", "test_dishes");
const PLACES: Tbl = Tbl::new("public", "test_places");

async fn link_tables_have_a_composite_key_and_cascade(t: &TestDb) {
    let manager = SchemaManager::new(t.db.primary());
    NewTable::new(t.backend, FAVOURITES)
        .links(
            ("user_id", catalog::tables::USERS),
            ("allergen_id", catalog::tables::ALLERGENS),
        )
        .timestamp_now("created_at")
        .create(&manager)
        .await
        .unwrap();
    let user = insert_user(t, "linker", true).await;
    let peanuts = crate::harness::allergen_id(t, "Peanuts").await;
    let insert = "INSERT INTO test_favourite_allergens (user_id, allergen_id) VALUES ($1, $2)";
    assert_accepted(t, "a link", insert, vec![user.into(), peanuts.into()]).await;
    let duplicate = t.exec(insert, vec![user.into(), peanuts.into()]).await;
    assert!(
        matches!(
            duplicate.as_ref().map_err(service::violation),
            Err(Some(service::Violation::Unknown { .. }))
        ),
        "{:?}: the composite key refuses a second link: {duplicate:?}",
        t.backend
    );
    let orphan = t
        .exec(insert, vec![Uuid::new_v4().into(), peanuts.into()])
        .await;
    assert!(orphan.is_err(), "a link to no user is refused");
    t.exec("DELETE FROM users WHERE id = $1", vec![user.into()])
        .await
        .unwrap();
    assert_eq!(
        t.count("SELECT COUNT(*) FROM test_favourite_allergens", vec![])
            .await,
        0,
        "links go with their user"
    );
}

async fn tables_keyed_otherwise_keep_updated_at_and_are_audited(t: &TestDb) {
    let manager = SchemaManager::new(t.db.primary());
    NewTable::new(t.backend, USER_NOTES)
        .owned_by_user()
        .primary_key(&["user_id"])
        .text("body")
        .timestamps()
        .then_all(row_triggers(
            t.backend,
            USER_NOTES,
            true,
            Some(Audit {
                key: "user_id",
                columns: &["user_id", "body", "created_at", "updated_at"],
            }),
        ))
        .create(&manager)
        .await
        .unwrap();
    let user = insert_user(t, "noted", true).await;
    let old = entity::types::Timestamp::new(
        chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc),
    )
    .unwrap();
    t.exec(
        "INSERT INTO test_user_notes (user_id, body, created_at, updated_at) VALUES ($1, 'hi', $2, $2)",
        vec![user.into(), old.into()],
    )
    .await
    .unwrap();
    t.exec(
        "UPDATE test_user_notes SET body = 'hello' WHERE user_id = $1",
        vec![user.into()],
    )
    .await
    .unwrap();
    let fresh = t
        .count(
            "SELECT COUNT(*) FROM test_user_notes WHERE updated_at > created_at",
            vec![],
        )
        .await;
    assert_eq!(fresh, 1, "the update moved updated_at on");
    let audited = t
        .query(
            "SELECT operation FROM data_changes WHERE table_name = 'test_user_notes' \
             AND record_id = $1 ORDER BY changed_at, operation",
            vec![user.into()],
        )
        .await
        .iter()
        .map(|r| r.try_get::<String>("", "operation").unwrap())
        .collect::<Vec<_>>();
    assert_eq!(audited, ["INSERT", "UPDATE"], "audited by the user_id key");
}

async fn generated_columns_are_computed_and_refuse_writes(t: &TestDb) {
    let manager = SchemaManager::new(t.db.primary());
    NewTable::new(t.backend, DISHES)
        .id()
        .integer("prep_time_minutes")
        .integer("cook_time_minutes")
        .generated_integer(
            "total_time_minutes",
            "prep_time_minutes + cook_time_minutes",
        )
        .create(&manager)
        .await
        .unwrap();
    t.exec(
        "INSERT INTO test_dishes (prep_time_minutes, cook_time_minutes) VALUES (10, 25)",
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(
        t.count(
            "SELECT CAST(total_time_minutes AS BIGINT) FROM test_dishes",
            vec![]
        )
        .await,
        35
    );
    t.exec("UPDATE test_dishes SET cook_time_minutes = 5", vec![])
        .await
        .unwrap();
    assert_eq!(
        t.count(
            "SELECT CAST(total_time_minutes AS BIGINT) FROM test_dishes",
            vec![]
        )
        .await,
        15
    );
    let direct = t
        .exec("UPDATE test_dishes SET total_time_minutes = 1", vec![])
        .await;
    assert!(
        direct.is_err(),
        "{:?}: a direct write is refused",
        t.backend
    );
    let on_insert = t
        .exec(
            "INSERT INTO test_dishes (prep_time_minutes, cook_time_minutes, total_time_minutes) VALUES (1, 1, 9)",
            vec![],
        )
        .await;
    assert!(on_insert.is_err(), "{:?}: so is one on insert", t.backend);
}

async fn gist_and_gin_indexes_exist_where_the_backend_has_them(t: &TestDb) {
    let manager = SchemaManager::new(t.db.primary());
    NewTable::new(t.backend, PLACES)
        .id()
        .decimal("latitude", 10, 8)
        .decimal("longitude", 11, 8)
        .text_list("tags")
        .index(
            Index::new("idx_test_places_location", "point(longitude, latitude)")
                .using(Method::Gist),
        )
        .index(Index::new("idx_test_places_tags", "tags").using(Method::Gin))
        .index(
            Index::new("idx_test_places_north", "latitude")
                .filter("latitude > 0")
                .include(&["longitude"]),
        )
        .create(&manager)
        .await
        .unwrap();
    let sql = if t.is_pg() {
        "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'test_places' ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'test_places' \
         AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    };
    let names: Vec<String> = t
        .query(sql, vec![])
        .await
        .iter()
        .map(|r| r.try_get("", "name").unwrap())
        .collect();
    if t.is_pg() {
        assert_eq!(
            names,
            [
                "idx_test_places_location",
                "idx_test_places_north",
                "idx_test_places_tags",
                "test_places_pkey"
            ]
        );
    } else {
        // No GIN or GiST in SQLite (an R*Tree table serves locations there).
        assert_eq!(names, ["idx_test_places_north"]);
    }
    assert_refused(
        t,
        per_backend("sqlstate:22003", "chk_latitude_decimal"),
        "INSERT INTO test_places (latitude, longitude) VALUES (123.5, 0)",
        vec![],
    )
    .await;
}

dual!(
    link_tables_have_a_composite_key_and_cascade,
    tables_keyed_otherwise_keep_updated_at_and_are_audited,
    generated_columns_are_computed_and_refuse_writes,
    gist_and_gin_indexes_exist_where_the_backend_has_them,
);
