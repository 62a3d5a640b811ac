//! Ownership as a rule of the database (PostgreSQL: roles, grants, row-level security) and of
//! the service (both backends: another user's id behaves as not found).
//!
//! The PostgreSQL tests connect as a LOGIN role made for the test and granted a group role,
//! never as the superuser or the tables' owner: a superuser bypasses every policy, and an owner
//! is held to them only by FORCE. The user-owned tables are found from the catalogue, so a
//! table added later without a policy fails here.
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
    TransactionTrait, Value,
};
use service::Error;
use service::Subject;
use service::accounts::{self, NewUser};
use service::health::{self, AllergenRef, AllergyChange, AllergyInput, ProfileInput};
use uuid::Uuid;

use crate::harness::{LoginRole, TestDb, sqlstate, user_with_a_row_everywhere, verified_user};

/// A transaction on `db` acting as `actor` (or no one), as the service names it.
pub(crate) async fn acting(db: &DatabaseConnection, actor: Option<Uuid>) -> DatabaseTransaction {
    let txn = db.begin().await.unwrap();
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('app.current_user_id', $1, true)",
        [actor.map(|a| a.to_string()).unwrap_or_default().into()],
    ))
    .await
    .unwrap();
    txn
}

async fn count(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .await?
        .expect("a count");
    row.try_get_by_index::<i64>(0)
}

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
/// are reached through their parent and tested in `recipes_work_as_the_application_login`.
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

async fn application_login_reaches_only_its_users_rows(t: &TestDb) {
    let ann = user_with_a_row_everywhere(t, "ann").await;
    let ben = user_with_a_row_everywhere(t, "ben").await;

    let tables = user_owned_tables(t).await;
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

    let app_role = LoginRole::create(t, "eatsential_write").await;
    let admin_role = LoginRole::create(t, "eatsential_admin").await;
    let app = app_role.connect(t).await;
    let admin = admin_role.connect(t).await;

    for Owned { table, owner, .. } in &tables {
        let of = |user: Uuid| vec![Value::from(user)];
        let mine = format!("SELECT COUNT(*) FROM {table} WHERE {owner} = $1");
        let ben_rows = t.count(&mine, of(ben.id())).await;
        let all_rows = t
            .count(&format!("SELECT COUNT(*) FROM {table}"), vec![])
            .await;
        assert!(
            ben_rows > 0,
            "{table}: no fixture row of the other user (add it to harness::user_with_a_row_everywhere)"
        );

        // Ann acting: none of Ben's rows are seen, changed or deleted; hers are seen.
        let txn = acting(&app, Some(ann.id())).await;
        assert_eq!(
            count(&txn, &mine, of(ben.id())).await.unwrap(),
            0,
            "{table}: seen"
        );
        assert_eq!(
            count(&txn, &mine, of(ann.id())).await.unwrap(),
            t.count(&mine, of(ann.id())).await,
            "{table}: Ann sees her own rows"
        );
        let updated = txn
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                format!("UPDATE {table} SET {owner} = {owner} WHERE {owner} = $1"),
                of(ben.id()),
            ))
            .await
            .unwrap();
        assert_eq!(updated.rows_affected(), 0, "{table}: updated");
        let deleted = txn
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                format!("DELETE FROM {table} WHERE {owner} = $1"),
                of(ben.id()),
            ))
            .await
            .unwrap();
        assert_eq!(deleted.rows_affected(), 0, "{table}: deleted");
        txn.commit().await.unwrap();
        assert_eq!(
            t.count(&mine, of(ben.id())).await,
            ben_rows,
            "{table}: Ben's rows"
        );

        // Ann acting cannot write a row owned by anyone else: the policy's WITH CHECK runs
        // before NOT NULL and foreign keys, so only the owner column is needed.
        let other = if owner == "id" {
            Uuid::new_v4()
        } else {
            ben.id()
        };
        let txn = acting(&app, Some(ann.id())).await;
        let refused = txn
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                format!("INSERT INTO {table} ({owner}) VALUES ($1)"),
                of(other),
            ))
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

        // No one acting: no user rows at all. The admin sees them all.
        let txn = acting(&app, None).await;
        let every = format!("SELECT COUNT(*) FROM {table}");
        assert_eq!(count(&txn, &every, vec![]).await.unwrap(), 0, "{table}");
        txn.rollback().await.unwrap();
        let txn = acting(&admin, None).await;
        assert_eq!(
            count(&txn, &every, vec![]).await.unwrap(),
            all_rows,
            "{table}"
        );
        txn.rollback().await.unwrap();
    }

    // Reference tables are read by anyone; the audit trail by the admin only.
    let txn = acting(&app, None).await;
    assert_eq!(
        count(&txn, "SELECT COUNT(*) FROM allergens", vec![])
            .await
            .unwrap(),
        12
    );
    assert!(
        count(
            &txn,
            "SELECT COUNT(*) FROM dietary_restrictions_ref",
            vec![]
        )
        .await
        .unwrap()
            > 0
    );
    let denied = count(&txn, "SELECT COUNT(*) FROM audit.data_changes", vec![])
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&denied).as_deref(), Some("42501"), "{denied}");
    txn.rollback().await.unwrap();
    let txn = acting(&admin, None).await;
    assert!(
        count(&txn, "SELECT COUNT(*) FROM audit.data_changes", vec![])
            .await
            .unwrap()
            > 0
    );
    txn.rollback().await.unwrap();

    // The BMR view reads as whoever queries it, not as its (superuser) owner.
    let txn = acting(&app, Some(ann.id())).await;
    assert_eq!(
        count(&txn, "SELECT COUNT(*) FROM health_profile_bmr", vec![])
            .await
            .unwrap(),
        1
    );
    txn.rollback().await.unwrap();

    app.close().await.unwrap();
    admin.close().await.unwrap();
}

/// The service, connected as the application's login role: signing up, verifying, signing in
/// and the health flows all work under the policies.
async fn the_service_works_as_the_application_login(t: &TestDb) {
    let ann = user_with_a_row_everywhere(t, "ann").await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;

    let registered = accounts::register(
        &app,
        NewUser {
            username: "cyd".to_owned(),
            email: "cy@example.com".to_owned(),
            password: "correct horse battery".to_owned(),
        },
    )
    .await
    .unwrap();
    let cy = registered.user.id;
    let verified = accounts::verify_email(&app, registered.verification_token.expose())
        .await
        .unwrap();
    assert!(verified.is_email_verified);
    let found = accounts::find_by_email(&app, "CY@example.com")
        .await
        .unwrap()
        .expect("signing in finds the user with no one acting");
    assert_eq!(found.id, cy);
    assert_eq!(
        accounts::find_by_email(&app, "ann@example.com")
            .await
            .unwrap()
            .map(|u| u.id),
        Some(ann.id()),
        "the lookup returns the one user asked for"
    );

    health::set_profile(&app, service::Actor::new(cy), ProfileInput::default())
        .await
        .unwrap();
    health::create_allergy(
        &app,
        service::Actor::new(cy),
        AllergenRef::Name("Milk".into()),
        AllergyInput::new(entity::types::Severity::Severe),
    )
    .await
    .unwrap();
    assert_eq!(
        health::list_allergies(&app, service::Actor::new(cy))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(health::list_allergies(&app, ann).await.unwrap().len(), 1);
    assert_eq!(
        health::read_bmr(&app, service::Actor::new(cy))
            .await
            .unwrap(),
        None
    );
    health::get_profile(&app, ann).await.unwrap();
    accounts::issue_email_verification(&app, service::Actor::new(cy))
        .await
        .unwrap();
    health::delete_allergy(
        &app,
        service::Actor::new(cy),
        AllergenRef::Name("Milk".into()),
    )
    .await
    .unwrap();
    health::delete_profile(&app, service::Actor::new(cy))
        .await
        .unwrap();
    accounts::delete_account(&app, service::Actor::new(cy))
        .await
        .unwrap();
    assert!(
        accounts::find_by_email(&app, "cy@example.com")
            .await
            .unwrap()
            .is_none()
    );
    // Erasure removes the audit rows through its SECURITY DEFINER function.
    let erased = accounts::erase(&app, service::Actor::new(cy))
        .await
        .unwrap();
    assert!(erased.audit_rows_removed > 0);
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM audit.data_changes WHERE record_id = $1 OR user_id = $1",
            vec![cy.into()],
        )
        .await,
        1,
        "only the erasure record is left"
    );
    app.close().await.unwrap();
}

postgres_only!(
    application_login_reaches_only_its_users_rows,
    the_service_works_as_the_application_login
);

/// Every service function given another user's id behaves as for an unknown one, and leaves
/// that user's rows as they were.
async fn service_functions_refuse_another_users_ids(t: &TestDb) {
    let ann = verified_user(t, "ann").await;
    let ben = verified_user(t, "ben").await;
    for user in [ann, ben] {
        health::set_profile(&t.db, user, ProfileInput::default())
            .await
            .unwrap();
    }
    health::create_allergy(
        &t.db,
        ben,
        AllergenRef::Name("Peanuts".into()),
        AllergyInput::new(entity::types::Severity::Severe),
    )
    .await
    .unwrap();
    let bens_profile = health::get_profile(&t.db, ben).await.unwrap();

    // A profile call names no other user: it acts on the actor's own profile only, so Ann has
    // no way to name Ben's.
    // Ann acting on the allergen Ben has: she has none, so there is nothing to change.
    let change = health::update_allergy(
        &t.db,
        ann,
        AllergenRef::Name("Peanuts".into()),
        AllergyChange {
            severity: Some(entity::types::Severity::Mild),
            ..AllergyChange::default()
        },
    )
    .await;
    assert!(
        matches!(
            change,
            Err(Error::NotFound {
                what: Subject::Allergy
            })
        ),
        "{change:?}"
    );
    let remove = health::delete_allergy(&t.db, ann, AllergenRef::Name("Peanuts".into())).await;
    assert!(
        matches!(
            remove,
            Err(Error::NotFound {
                what: Subject::Allergy
            })
        ),
        "{remove:?}"
    );
    assert!(health::list_allergies(&t.db, ann).await.unwrap().is_empty());

    assert_eq!(health::get_profile(&t.db, ben).await.unwrap(), bens_profile);
    let bens = health::list_allergies(&t.db, ben).await.unwrap();
    assert_eq!(bens.len(), 1);
    assert_eq!(bens[0].allergy.severity, entity::types::Severity::Severe);
}

/// The group roles present, and migration 7's policies (on tables that exist).
async fn count_roles_and_policies(t: &TestDb) -> (i64, i64) {
    if !t.is_pg() {
        return (0, 0);
    }
    let roles = t
        .count(
            "SELECT COUNT(*) FROM pg_roles WHERE rolname IN \
             ('eatsential_read', 'eatsential_write', 'eatsential_admin')",
            vec![],
        )
        .await;
    let policies = t
        .count(
            "SELECT COUNT(*) FROM pg_policies WHERE policyname IN ('users_owner', \
             'health_profiles_owner', 'user_allergies_owner', 'user_dietary_restrictions_owner', \
             'verification_tokens_owner', 'user_sessions_owner', 'password_history_owner')",
            vec![],
        )
        .await;
    (roles, policies)
}

/// The roles belong to the server: down never drops them, and up where they exist succeeds.
async fn roles_outlive_down_and_up_where_they_exist_succeeds(t: &TestDb) {
    let migrations = Migrator::migrations();
    let from_seventh = migrations.len()
        - migrations
            .iter()
            .position(|m| m.name() == "m20261122_000007_create_roles_and_row_security")
            .expect("migration 7 is listed");
    let expected = if t.is_pg() { (3, 7) } else { (0, 0) };
    assert_eq!(count_roles_and_policies(t).await, expected);

    Migrator::down(t.db.primary(), Some(u32::try_from(from_seventh).unwrap()))
        .await
        .unwrap();
    assert_eq!(count_roles_and_policies(t).await, (expected.0, 0));
    if t.is_pg() {
        let grants = t
            .count(
                "SELECT COUNT(*) FROM information_schema.role_table_grants \
                 WHERE grantee LIKE 'eatsential\\_%'",
                vec![],
            )
            .await;
        assert_eq!(grants, 0, "down revokes this database's grants");
        let security = t
            .count(
                "SELECT COUNT(*) FROM pg_class WHERE relrowsecurity OR relforcerowsecurity",
                vec![],
            )
            .await;
        assert_eq!(security, 0, "down turns row-level security off again");
    }
    Migrator::up(t.db.primary(), None).await.unwrap();
    assert_eq!(count_roles_and_policies(t).await, expected);
    Migrator::down(t.db.primary(), None).await.unwrap();
    assert_eq!(count_roles_and_policies(t).await, (expected.0, 0));
    Migrator::up(t.db.primary(), None).await.unwrap();
    Migrator::fresh(t.db.primary()).await.unwrap();
    assert_eq!(count_roles_and_policies(t).await, expected);
    assert!(
        Migrator::get_pending_migrations(&t.db)
            .await
            .unwrap()
            .is_empty()
    );
}

dual!(
    service_functions_refuse_another_users_ids,
    roles_outlive_down_and_up_where_they_exist_succeeds
);

/// Recipes through the application login: a rater updates the rating of someone else's
/// recipe only through the (SECURITY DEFINER) trigger; a public recipe is read by everyone, a
/// private one by its owner; verdicts and the safe-only search see the acting user's
/// allergies; the ingredient catalogue and tags are read, not written, by the application.
async fn recipes_work_as_the_application_login(t: &TestDb) {
    use entity::types::{Severity, Unit};
    use service::recipes::{self, SearchQuery};
    use service::safety;

    use crate::recipes::{BREAD, PEANUT_BUTTER, allergic, input, line};

    let cook = verified_user(t, "cook").await;
    let eve = verified_user(t, "eve").await;
    allergic(t, eve.id(), &[("Peanuts", Severity::Severe)]).await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;

    let open = input(
        "PB toast",
        vec![
            line(BREAD, "1", Unit::Piece),
            line(PEANUT_BUTTER, "20", Unit::G),
        ],
    );
    let mut secret = input("Toast", vec![line(BREAD, "1", Unit::Piece)]);
    secret.is_public = false;
    let open = recipes::create(&app, cook, &open).await.unwrap().recipe.id;
    let secret = recipes::create(&app, cook, &secret)
        .await
        .unwrap()
        .recipe
        .id;

    recipes::rate(&app, eve, open, 4, Some("Good"))
        .await
        .unwrap();
    let seen = recipes::get(&app, eve, open).await.unwrap();
    assert_eq!(seen.recipe.rating_count, 1);
    assert!(matches!(
        recipes::get(&app, eve, secret).await,
        Err(Error::NotFound {
            what: Subject::Recipe
        })
    ));
    assert!(matches!(
        recipes::update(
            &app,
            eve,
            open,
            &input("Mine", vec![line(BREAD, "1", Unit::Piece)])
        )
        .await,
        Err(Error::NotFound {
            what: Subject::Recipe
        })
    ));

    let page = recipes::search(&app, eve, &SearchQuery::default())
        .await
        .unwrap();
    assert_eq!(
        page.recipes.iter().map(|r| r.id).collect::<Vec<_>>(),
        [open]
    );
    let own = recipes::search(&app, cook, &SearchQuery::default())
        .await
        .unwrap();
    assert_eq!(own.recipes.len(), 2);
    let safe = recipes::search(
        &app,
        eve,
        &SearchQuery {
            only_safe: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(
        safe.recipes.is_empty(),
        "her peanut allergy is seen under row security"
    );

    assert!(
        !safety::get_recipe_verdict(&app, eve, open)
            .await
            .unwrap()
            .is_safe()
    );
    assert!(matches!(
        safety::get_recipe_verdict(&app, eve, secret).await,
        Err(Error::NotFound {
            what: Subject::Recipe
        })
    ));

    // Reference data: read by the application, written by the admin only.
    let txn = acting(&app, Some(eve.id())).await;
    assert_eq!(
        count(&txn, "SELECT COUNT(*) FROM ingredients", vec![])
            .await
            .unwrap(),
        48
    );
    let refused = txn
        .execute_unprepared("UPDATE ingredients SET energy_kcal = 0")
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    assert!(
        matches!(
            service::Error::from(refused),
            service::Error::Forbidden(service::Forbidden::NotPermitted)
        ),
        "a refusal by row security is Forbidden, never Db"
    );
    txn.rollback().await.unwrap();
    let txn = acting(&app, Some(eve.id())).await;
    let refused = txn
        .execute_unprepared("DELETE FROM recipe_tags")
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    txn.rollback().await.unwrap();

    // A recipe's lines, steps and nutrition follow their recipe (`Conventions::part_of`): eve
    // reads those of the public recipe, not the private one's, and writes none of them.
    let txn = acting(&app, Some(eve.id())).await;
    let lines = "SELECT COUNT(*) FROM recipe_ingredients WHERE recipe_id = $1";
    assert_eq!(count(&txn, lines, vec![open.into()]).await.unwrap(), 2);
    assert_eq!(count(&txn, lines, vec![secret.into()]).await.unwrap(), 0);
    let nutrition = "SELECT COUNT(*) FROM recipe_nutrition WHERE recipe_id = $1";
    assert_eq!(count(&txn, nutrition, vec![open.into()]).await.unwrap(), 1);
    assert_eq!(
        count(&txn, nutrition, vec![secret.into()]).await.unwrap(),
        0
    );
    let deleted = txn
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "DELETE FROM recipe_ingredients WHERE recipe_id = $1",
            vec![open.into()],
        ))
        .await
        .unwrap();
    assert_eq!(
        deleted.rows_affected(),
        0,
        "eve deletes none of cook's lines"
    );
    let refused = txn
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO recipe_steps (recipe_id, step_number, instruction) VALUES ($1, 99, 'Add salt')",
            vec![open.into()],
        ))
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    txn.rollback().await.unwrap();
    let txn = acting(&app, Some(cook.id())).await;
    assert_eq!(count(&txn, lines, vec![secret.into()]).await.unwrap(), 1);
    txn.rollback().await.unwrap();
    app.close().await.unwrap();
}

postgres_only!(recipes_work_as_the_application_login);

/// Restaurants, menus and recommendations through the service as the application's login: the
/// catalogue is written and read, the user's allergies and goal are seen under row security,
/// and a user's recommendations and feedback are theirs alone.
async fn dining_works_as_the_application_login(t: &TestDb) {
    use entity::types::{MealSlot, NutritionGoalType, Severity, Timestamp, Unit};
    use service::nutrition::{self, NewGoal};
    use service::recommendations::{self, FeedbackOn, LogAs, RecommendationRequest};
    use service::restaurants::geo::LatLon;
    use service::restaurants::{
        self, Location, MealIngredientInput, MealNutrition, NearbyQuery, NewMeal, NewRestaurant,
    };

    use crate::recipes::{PEANUT_BUTTER, TOMATO, ing};

    let eve = verified_user(t, "eve").await;
    let bob = verified_user(t, "bob").await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    let today = chrono::Utc::now().date_naive();

    health::set_profile(&app, eve, ProfileInput::default())
        .await
        .unwrap();
    health::create_allergy(
        &app,
        eve,
        AllergenRef::Name("Peanuts".into()),
        AllergyInput::new(Severity::Severe),
    )
    .await
    .unwrap();
    let goal = NewGoal {
        target_calories: Some("2000".parse().unwrap()),
        ..NewGoal::new(NutritionGoalType::Maintenance, today)
    };
    nutrition::create_goal(&app, eve, goal).await.unwrap();

    // The catalogue, written by the application's role.
    let here = restaurants::create_restaurant(
        &app,
        NewRestaurant {
            name: "Here".into(),
            address: "1 Main St".into(),
            city: "Quito".into(),
            state: "P".into(),
            zip_code: "170150".into(),
            location: Some(Location {
                latitude: "0".parse().unwrap(),
                longitude: "0.001".parse().unwrap(),
            }),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id;
    let mut meals = Vec::new();
    for (name, ingredient) in [("Salad", TOMATO), ("Peanut noodles", PEANUT_BUTTER)] {
        let meal = restaurants::create_meal(
            &app,
            here,
            NewMeal {
                name: name.into(),
                description: None,
                category: None,
                price: "9.50".parse().unwrap(),
                nutrition: MealNutrition {
                    energy_kcal: Some(500),
                    ..Default::default()
                },
                image_url: None,
            },
        )
        .await
        .unwrap()
        .id;
        let line = MealIngredientInput {
            ingredient_id: ing(ingredient),
            quantity: "100".parse().unwrap(),
            unit: Unit::G,
        };
        restaurants::replace_meal_ingredients(&app, meal, &[line])
            .await
            .unwrap();
        meals.push(meal);
    }
    let (salad, noodles) = (meals[0], meals[1]);

    let center = LatLon::new(0.0, 0.0).unwrap();
    let near = restaurants::search_nearby(&app, &NearbyQuery::new(center, 1.0))
        .await
        .unwrap();
    assert_eq!(
        near.iter().map(|n| n.restaurant.id).collect::<Vec<_>>(),
        [here]
    );
    let menu = restaurants::list_menu_verdicts(&app, eve, here)
        .await
        .unwrap();
    let safe = |meal: Uuid| {
        menu.iter()
            .find(|item| item.meal.id == meal)
            .map(|item| item.verdict.is_safe())
    };
    assert_eq!(
        (safe(salad), safe(noodles)),
        (Some(true), Some(false)),
        "her peanut allergy is seen under row security"
    );
    let profile = recommendations::get_recommendation_profile(&app, eve, today)
        .await
        .unwrap();
    assert_eq!(profile.allergy_count, 1);
    assert_eq!(profile.energy_left_kcal(), Some("2000".parse().unwrap()));

    let request = RecommendationRequest {
        record: true,
        ..RecommendationRequest::new(center, 1.0, today)
    };
    let picked = recommendations::recommend(&app, eve, &request)
        .await
        .unwrap();
    assert_eq!(
        picked
            .iter()
            .map(|r| r.recommendation.meal_id)
            .collect::<Vec<_>>(),
        [salad]
    );
    let rec = picked[0].recommendation.id;
    let log = LogAs {
        id: None,
        logged_at: Timestamp::now(),
        meal_slot: MealSlot::Lunch,
        tz: nutrition::Tz::UTC,
    };
    let logged = recommendations::accept(&app, eve, rec, Some(log))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(logged.name, "Salad at Here");
    recommendations::create_feedback(&app, eve, FeedbackOn::Recommendation(rec), 5, None)
        .await
        .unwrap();

    // Bob: no allergy, so both meals; none of eve's rows, through the service or raw SQL.
    let his = recommendations::recommend(&app, bob, &request)
        .await
        .unwrap();
    assert_eq!(his.len(), 2);
    let latest = recommendations::list_recommendations(&app, bob, 10)
        .await
        .unwrap();
    assert!(latest.iter().all(|r| r.user_id == bob.id()) && latest.len() == 2);
    assert!(matches!(
        recommendations::accept(&app, bob, rec, None).await,
        Err(Error::NotFound {
            what: Subject::Recommendation
        })
    ));
    assert!(matches!(
        recommendations::create_feedback(&app, bob, FeedbackOn::Recommendation(rec), 1, None).await,
        Err(Error::NotFound {
            what: Subject::Recommendation
        })
    ));
    let txn = acting(&app, Some(bob.id())).await;
    for table in ["recommendations", "feedback"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
        assert_eq!(
            count(&txn, &sql, vec![eve.into()]).await.unwrap(),
            0,
            "{table}"
        );
    }
    let refused = txn
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO recommendations (user_id, meal_id, restaurant_id, score, distance_km, \
             reason, reason_details) VALUES ($1, $2, $3, 99, 0.1, 'planted', '{}')",
            vec![eve.into(), noodles.into(), here.into()],
        ))
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    txn.rollback().await.unwrap();
    let txn = acting(&app, Some(eve.id())).await;
    assert_eq!(
        count(
            &txn,
            "SELECT COUNT(*) FROM recommendations WHERE user_id = $1 AND status = 'accepted'",
            vec![eve.into()]
        )
        .await
        .unwrap(),
        1
    );
    txn.rollback().await.unwrap();
    app.close().await.unwrap();
}

postgres_only!(dining_works_as_the_application_login);

/// Client-chosen ids (`service::idempotent`) as the application's login, under row security: a
/// repeat finds the user's own row; another user's row with that id reads as absent, yet the
/// database still sees its key, so the id is a `Conflict`. Activities are the exception their
/// docs state: their table holds no key on the id alone, so under row security each user holds
/// an activity id once.
async fn client_ids_work_as_the_application_login(t: &TestDb) {
    use entity::types::{MealSlot, Timestamp};
    use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
    use service::operations::{self, NewActivity};

    let ada = verified_user(t, "ada").await;
    let eve = verified_user(t, "eve").await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;

    let id = Uuid::new_v4();
    let eaten = Timestamp::now();
    let log = || NewMealLog {
        id: Some(id),
        ..NewMealLog::new(
            eaten,
            MealSlot::Snack,
            MealEntry::Free {
                name: "Apple".into(),
                nutrition: Nutrition::default(),
            },
        )
    };
    let first = nutrition::log_meal(&app, ada, Tz::UTC, log())
        .await
        .unwrap();
    let again = nutrition::log_meal(&app, ada, Tz::UTC, log())
        .await
        .unwrap();
    assert_eq!(again, first);
    assert!(matches!(
        nutrition::log_meal(&app, eve, Tz::UTC, log()).await,
        Err(Error::Conflict {
            what: Subject::MealLogId
        })
    ));

    let activity = NewActivity {
        id: Some(Uuid::new_v4()),
        activity_type: "recipe.viewed".to_owned(),
        ..NewActivity::default()
    };
    let hers = operations::record_activity(&app, ada, activity.clone())
        .await
        .unwrap();
    let again = operations::record_activity(&app, ada, activity.clone())
        .await
        .unwrap();
    assert_eq!(again, hers);
    let his = operations::record_activity(&app, eve, activity.clone())
        .await
        .unwrap();
    assert_eq!((his.id, his.user_id), (hers.id, eve.id()));
    app.close().await.unwrap();
}

postgres_only!(client_ids_work_as_the_application_login);
