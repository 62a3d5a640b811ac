//! Every table holding users' rows, found from the catalogue, as the application's login role
//! (PostgreSQL): forced row-level security with a policy, the acting user's rows only, no user
//! rows with no one acting, all of them for the admin; and the tables that are not users'.
use sea_orm::Value;
use uuid::Uuid;

use super::{acting, count, execute};
use crate::harness::{LoginRole, TestDb, sqlstate, user_with_a_row_everywhere};

/// A table of the catalogue that holds users' rows: `owner` is the column naming the user.
#[derive(Debug)]
struct Owned {
    table: String,
    owner: String,
    rls: bool,
    forced: bool,
    policies: i64,
}

/// Every table of the four schemas that is `users`, has a foreign key to `users`, or has row
/// security on and a `user_id`; with the column naming its owner (`user_id` first). Parts of
/// a user's row without a user column of their own (a recipe's lines: `Conventions::part_of`)
/// are reached through their parent and tested in `row_security::recipes`.
async fn user_owned_tables(t: &TestDb) -> Vec<Owned> {
    let rows = t
        .query(
            "SELECT format('%I.%I', n.nspname, c.relname) AS qualified, \
                    CASE WHEN c.oid = 'public.users'::regclass THEN 'id' ELSE \
                      (SELECT a.attname::text FROM pg_constraint k \
                       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] \
                       WHERE k.conrelid = c.oid AND k.contype = 'f' \
                         AND k.confrelid = 'public.users'::regclass \
                       ORDER BY a.attname <> 'user_id', a.attname LIMIT 1) END AS owner, \
                    c.relrowsecurity AS rls, c.relforcerowsecurity AS forced, \
                    (SELECT COUNT(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition \
               AND n.nspname IN ('public', 'auth', 'health', 'audit') \
               AND (c.oid = 'public.users'::regclass \
                    OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid \
                               AND k.contype = 'f' AND k.confrelid = 'public.users'::regclass) \
                    OR (c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_attribute a \
                        WHERE a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped))) \
             ORDER BY 1",
            vec![],
        )
        .await;
    rows.into_iter()
        .map(|r| Owned {
            table: r.try_get("", "qualified").unwrap(),
            owner: r
                .try_get::<Option<String>>("", "owner")
                .unwrap()
                .unwrap_or_else(|| "user_id".to_owned()),
            rls: r.try_get("", "rls").unwrap(),
            forced: r.try_get("", "forced").unwrap(),
            policies: r.try_get("", "policies").unwrap(),
        })
        .collect()
}

/// Ann and Ben, each with a row in every table that holds users' rows, and those tables: each
/// holds a row of Ben's, so that what Ann (or no one) cannot reach is there to be reached.
async fn ann_ben_and_their_tables(t: &TestDb) -> (service::Actor, service::Actor, Vec<Owned>) {
    let ann = user_with_a_row_everywhere(t, "ann").await;
    let ben = user_with_a_row_everywhere(t, "ben").await;
    let tables = user_owned_tables(t).await;
    for Owned { table, owner, .. } in &tables {
        let bens = format!("SELECT COUNT(*) FROM {table} WHERE {owner} = $1");
        assert!(
            t.count(&bens, vec![ben.into()]).await > 0,
            "{table}: no fixture row of the other user (add it to harness::user_with_a_row_everywhere)"
        );
    }
    (ann, ben, tables)
}

async fn every_table_of_users_rows_has_forced_row_security_and_a_policy(t: &TestDb) {
    let (_, _, tables) = ann_ben_and_their_tables(t).await;
    let names: Vec<&str> = tables.iter().map(|o| o.table.as_str()).collect();
    for expected in [
        "auth.password_history",
        "auth.user_sessions",
        "auth.verification_tokens",
        "public.health_profiles",
        "public.user_allergies",
        "public.user_dietary_restrictions",
        "public.users",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} not found in {names:?}"
        );
    }
    for owned in &tables {
        assert!(
            owned.rls && owned.forced && owned.policies > 0,
            "{} holds users' rows but has no forced row-level security with a policy: {owned:?}",
            owned.table
        );
    }
}

/// Ann acting: none of Ben's rows are seen, changed or deleted; hers are seen.
async fn the_acting_user_reaches_only_their_own_rows(t: &TestDb) {
    let (ann, ben, tables) = ann_ben_and_their_tables(t).await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    for Owned { table, owner, .. } in &tables {
        let of = |user: Uuid| vec![Value::from(user)];
        let mine = format!("SELECT COUNT(*) FROM {table} WHERE {owner} = $1");
        let ben_rows = t.count(&mine, of(ben.id())).await;
        let txn = acting(&app, Some(ann.id())).await;
        let seen = count(&txn, &mine, of(ben.id())).await.unwrap();
        assert_eq!(seen, 0, "{table}: seen");
        assert_eq!(
            count(&txn, &mine, of(ann.id())).await.unwrap(),
            t.count(&mine, of(ann.id())).await,
            "{table}: Ann sees her own rows"
        );
        let update = format!("UPDATE {table} SET {owner} = {owner} WHERE {owner} = $1");
        let updated = execute(&txn, &update, of(ben.id())).await.unwrap();
        assert_eq!(updated.rows_affected(), 0, "{table}: updated");
        let delete = format!("DELETE FROM {table} WHERE {owner} = $1");
        let deleted = execute(&txn, &delete, of(ben.id())).await.unwrap();
        assert_eq!(deleted.rows_affected(), 0, "{table}: deleted");
        txn.commit().await.unwrap();
        let after = t.count(&mine, of(ben.id())).await;
        assert_eq!(after, ben_rows, "{table}: Ben's rows");
    }
    app.close().await.unwrap();
}

/// Ann acting cannot write a row owned by anyone else: the policy's WITH CHECK runs before NOT
/// NULL and foreign keys, so only the owner column is needed.
async fn the_acting_user_writes_no_row_owned_by_another(t: &TestDb) {
    let (ann, ben, tables) = ann_ben_and_their_tables(t).await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    for Owned { table, owner, .. } in &tables {
        let other = if owner == "id" {
            Uuid::new_v4()
        } else {
            ben.id()
        };
        let txn = acting(&app, Some(ann.id())).await;
        let insert = format!("INSERT INTO {table} ({owner}) VALUES ($1)");
        let refused = execute(&txn, &insert, vec![other.into()])
            .await
            .expect_err(table);
        // health_profiles' BEFORE trigger reads Ben's user row first, which the policy on
        // users hides from Ann: it refuses as for an unverified user.
        let code = sqlstate(&refused);
        let by_trigger = table == "public.health_profiles" && code.as_deref() == Some("23514");
        assert!(
            code.as_deref() == Some("42501") || by_trigger,
            "{table}: refused by {refused}"
        );
        txn.rollback().await.unwrap();
    }
    app.close().await.unwrap();
}

async fn with_no_one_acting_no_user_row_is_seen_and_the_admin_sees_them_all(t: &TestDb) {
    let (_, _, tables) = ann_ben_and_their_tables(t).await;
    let app_role = LoginRole::create(t, "eatsential_write").await;
    let admin_role = LoginRole::create(t, "eatsential_admin").await;
    let app = app_role.connect(t).await;
    let admin = admin_role.connect(t).await;
    for Owned { table, .. } in &tables {
        let every = format!("SELECT COUNT(*) FROM {table}");
        let all_rows = t.count(&every, vec![]).await;
        let txn = acting(&app, None).await;
        assert_eq!(count(&txn, &every, vec![]).await.unwrap(), 0, "{table}");
        txn.rollback().await.unwrap();
        let txn = acting(&admin, None).await;
        let seen = count(&txn, &every, vec![]).await.unwrap();
        assert_eq!(seen, all_rows, "{table}");
        txn.rollback().await.unwrap();
    }
    app.close().await.unwrap();
    admin.close().await.unwrap();
}

/// Reference tables are read by anyone; the audit trail by the admin only.
async fn reference_tables_are_read_by_anyone_and_the_audit_trail_by_the_admin(t: &TestDb) {
    user_with_a_row_everywhere(t, "ann").await;
    let app_role = LoginRole::create(t, "eatsential_write").await;
    let admin_role = LoginRole::create(t, "eatsential_admin").await;
    let app = app_role.connect(t).await;
    let admin = admin_role.connect(t).await;
    let txn = acting(&app, None).await;
    let allergens = count(&txn, "SELECT COUNT(*) FROM allergens", vec![]).await;
    assert_eq!(allergens.unwrap(), 12);
    let diets = count(
        &txn,
        "SELECT COUNT(*) FROM dietary_restrictions_ref",
        vec![],
    )
    .await;
    assert!(diets.unwrap() > 0);
    let audit = "SELECT COUNT(*) FROM audit.data_changes";
    let denied = count(&txn, audit, vec![]).await.unwrap_err();
    assert_eq!(sqlstate(&denied).as_deref(), Some("42501"), "{denied}");
    txn.rollback().await.unwrap();
    let txn = acting(&admin, None).await;
    assert!(count(&txn, audit, vec![]).await.unwrap() > 0);
    txn.rollback().await.unwrap();
    app.close().await.unwrap();
    admin.close().await.unwrap();
}

/// The BMR view reads as whoever queries it, not as its (superuser) owner.
async fn the_bmr_view_reads_as_whoever_queries_it(t: &TestDb) {
    let ann = user_with_a_row_everywhere(t, "ann").await;
    user_with_a_row_everywhere(t, "ben").await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    let txn = acting(&app, Some(ann.id())).await;
    let bmr = "SELECT COUNT(*) FROM health_profile_bmr";
    assert_eq!(count(&txn, bmr, vec![]).await.unwrap(), 1);
    txn.rollback().await.unwrap();
    app.close().await.unwrap();
}

postgres_only!(
    every_table_of_users_rows_has_forced_row_security_and_a_policy,
    the_acting_user_reaches_only_their_own_rows,
    the_acting_user_writes_no_row_owned_by_another,
    with_no_one_acting_no_user_row_is_seen_and_the_admin_sees_them_all,
    reference_tables_are_read_by_anyone_and_the_audit_trail_by_the_admin,
    the_bmr_view_reads_as_whoever_queries_it,
);
