//! The indexes the hot lookups rely on are the ones the planner picks, on both backends.
//! PostgreSQL runs with `enable_seqscan = off` so that a tiny test table does not make a scan
//! look cheaper: the question is whether the index can serve the query at all.
use entity::types::TextList;
use entity::{allergens, user_allergies, users};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryTrait, Statement, TransactionTrait,
};

use crate::harness::TestDb;

async fn plan(t: &TestDb, query: Statement) -> String {
    let txn = t.db.begin().await.unwrap();
    let prefix = if t.is_pg() {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await
            .unwrap();
        "EXPLAIN "
    } else {
        "EXPLAIN QUERY PLAN "
    };
    let explain = Statement {
        sql: format!("{prefix}{}", query.sql),
        ..query
    };
    let rows = txn.query_all_raw(explain).await.unwrap();
    let column = if t.is_pg() { "QUERY PLAN" } else { "detail" };
    let lines: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", column).unwrap())
        .collect();
    txn.rollback().await.unwrap();
    lines.join("\n")
}

async fn lookups_use_their_indexes(t: &TestDb) {
    let by_email = users::Entity::find()
        .filter(Expr::expr(Func::lower(Expr::col(users::Column::Email))).eq("bob@example.com"))
        .filter(users::Column::DeletedAt.is_null())
        .build(t.backend);
    let found = plan(t, by_email).await;
    assert!(found.contains("uq_users_email_active"), "{found}");

    let allergies = user_allergies::Entity::find()
        .filter(user_allergies::Column::UserId.eq(uuid::Uuid::new_v4()))
        .find_also_related(allergens::Entity)
        .build(t.backend);
    let found = plan(t, allergies).await;
    assert!(
        found.contains("uq_user_allergen") || found.contains("idx_user_allergies_lookup"),
        "{found}"
    );

    if t.is_pg() {
        let by_food = allergens::Entity::find()
            .filter(TextList::contains(
                t.backend,
                allergens::Column::CommonFoods,
                "Pasta",
            ))
            .build(t.backend);
        let found = plan(t, by_food).await;
        assert!(
            found.contains("idx_allergens_common_foods"),
            "the GIN index serves contains: {found}"
        );
    }
}

dual!(lookups_use_their_indexes);
