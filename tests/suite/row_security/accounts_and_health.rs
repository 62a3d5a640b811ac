//! Accounts and health through the service: connected as the application's login role
//! (PostgreSQL), signing up, verifying, signing in, the health flows and erasure all work under
//! the policies; on both backends, another user's ids behave as unknown ones.
use service::Subject;
use service::accounts::{self, NewUser};
use service::health::{self, AllergenRef, AllergyChange, AllergyInput, ProfileInput};
use service::{Actor, Error};

use crate::harness::{LoginRole, TestDb, user_with_a_row_everywhere, verified_user};

/// Cy, signed up and verified through `app`.
async fn cy_signed_up_and_verified(app: &service::Db) -> Actor {
    let registered = accounts::register(
        app,
        NewUser {
            username: "cyd".to_owned(),
            email: "cy@example.com".to_owned(),
            password: "correct horse battery".to_owned(),
        },
    )
    .await
    .unwrap();
    let verified = accounts::verify_email(app, registered.verification_token.expose())
        .await
        .unwrap();
    assert!(verified.is_email_verified);
    Actor::new(registered.user.id)
}

async fn signing_up_and_in_works_as_the_application_login(t: &TestDb) {
    let ann = user_with_a_row_everywhere(t, "ann").await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    let cy = cy_signed_up_and_verified(&app).await;
    let found = accounts::find_by_email(&app, "CY@example.com")
        .await
        .unwrap()
        .expect("signing in finds the user with no one acting");
    assert_eq!(found.id, cy.id());
    assert_eq!(
        accounts::find_by_email(&app, "ann@example.com")
            .await
            .unwrap()
            .map(|u| u.id),
        Some(ann.id()),
        "the lookup returns the one user asked for"
    );
    app.close().await.unwrap();
}

async fn the_health_flows_work_as_the_application_login(t: &TestDb) {
    let ann = user_with_a_row_everywhere(t, "ann").await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    let cy = cy_signed_up_and_verified(&app).await;
    let milk = || AllergenRef::Name("Milk".into());
    health::set_profile(&app, cy, ProfileInput::default())
        .await
        .unwrap();
    let severe = AllergyInput::new(entity::types::Severity::Severe);
    health::create_allergy(&app, cy, milk(), severe)
        .await
        .unwrap();
    assert_eq!(health::list_allergies(&app, cy).await.unwrap().len(), 1);
    assert_eq!(health::list_allergies(&app, ann).await.unwrap().len(), 1);
    assert_eq!(health::read_bmr(&app, cy).await.unwrap(), None);
    health::get_profile(&app, ann).await.unwrap();
    accounts::issue_email_verification(&app, cy).await.unwrap();
    health::delete_allergy(&app, cy, milk()).await.unwrap();
    health::delete_profile(&app, cy).await.unwrap();
    app.close().await.unwrap();
}

async fn an_account_is_deleted_and_erased_as_the_application_login(t: &TestDb) {
    user_with_a_row_everywhere(t, "ann").await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    let cy = cy_signed_up_and_verified(&app).await;
    // Health rows, which the audit trail records.
    health::set_profile(&app, cy, ProfileInput::default())
        .await
        .unwrap();
    let severe = AllergyInput::new(entity::types::Severity::Severe);
    health::create_allergy(&app, cy, AllergenRef::Name("Milk".into()), severe)
        .await
        .unwrap();
    accounts::delete_account(&app, cy).await.unwrap();
    assert!(
        accounts::find_by_email(&app, "cy@example.com")
            .await
            .unwrap()
            .is_none()
    );
    // Erasure removes the audit rows through its SECURITY DEFINER function.
    let erased = accounts::erase(&app, cy).await.unwrap();
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
    signing_up_and_in_works_as_the_application_login,
    the_health_flows_work_as_the_application_login,
    an_account_is_deleted_and_erased_as_the_application_login,
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

dual!(service_functions_refuse_another_users_ids);
