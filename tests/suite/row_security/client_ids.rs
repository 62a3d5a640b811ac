//! Client-chosen ids as the application's login role (PostgreSQL), under row security.
use service::{Error, Subject};
use uuid::Uuid;

use crate::harness::{LoginRole, TestDb, verified_user};

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
