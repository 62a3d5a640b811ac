//! Accepting a recommendation logs its meal (once, whatever the retries), dismissing marks it,
//! feedback is recorded once per recommendation and checked; another user's recommendation is
//! not found.
use chrono::Utc;
use entity::types::{MealSlot, RecommendationStatus, Timestamp};
use service::recommendations::{self, FeedbackOn, LogAs};
use service::{Actor, Error, Subject};
use uuid::Uuid;

use super::{Menu, dec, eve, menu, request};
use crate::harness::{TestDb, verified_user};

/// Eve's recommendations within 2 km of the menu: the salad's and the toast's ids.
struct SaladAndToast {
    m: Menu,
    eve: Actor,
    salad: Uuid,
    toast: Uuid,
}

async fn salad_and_toast(t: &TestDb) -> SaladAndToast {
    let m = menu(t).await;
    let eve = Actor::new(eve(t).await);
    let found = recommendations::recommend(&t.db, eve, &request(2.0))
        .await
        .unwrap();
    let of = |meal: Uuid| {
        let found = found.iter().find(|r| r.recommendation.meal_id == meal);
        found.unwrap().recommendation.id
    };
    let (salad, toast) = (of(m.salad), of(m.toast));
    SaladAndToast {
        m,
        eve,
        salad,
        toast,
    }
}

/// Logged as lunch, now, with a client-chosen id (so a retry finds it).
fn lunch_now() -> LogAs {
    LogAs {
        id: Some(Uuid::new_v4()),
        logged_at: Timestamp::now(),
        meal_slot: MealSlot::Lunch,
        tz: service::nutrition::Tz::UTC,
    }
}

/// Accepted again with the same log id (a retry): the same log, the meal counted once.
async fn accepting_logs_the_meal_once_whatever_the_retries(t: &TestDb) {
    let SaladAndToast { eve, salad, .. } = salad_and_toast(t).await;
    let today = Utc::now().date_naive();
    let log_as = lunch_now();
    let accept = || recommendations::accept(&t.db, eve, salad, Some(log_as));
    let log = accept().await.unwrap().unwrap();
    assert_eq!(log.name, "Salad at Here");
    assert_eq!(accept().await.unwrap(), Some(log));
    let p = recommendations::get_recommendation_profile(&t.db, eve, today)
        .await
        .unwrap();
    assert_eq!(p.consumed.energy_kcal, dec("1200.75"));
}

async fn the_latest_show_accepted_and_dismissed_newest_first(t: &TestDb) {
    let SaladAndToast {
        eve, salad, toast, ..
    } = salad_and_toast(t).await;
    recommendations::accept(&t.db, eve, salad, Some(lunch_now()))
        .await
        .unwrap();
    recommendations::dismiss(&t.db, eve, toast).await.unwrap();
    let latest = recommendations::list_recommendations(&t.db, eve, 10)
        .await
        .unwrap();
    let status = |id: Uuid| latest.iter().find(|r| r.id == id).unwrap().status;
    assert_eq!(status(salad), RecommendationStatus::Accepted);
    assert_eq!(status(toast), RecommendationStatus::Dismissed);
    for pair in latest.windows(2) {
        assert!(pair[0].created_at >= pair[1].created_at, "newest first");
    }
}

/// Feedback on a recommendation names its meal; once only.
async fn feedback_on_a_recommendation_names_its_meal_once_only(t: &TestDb) {
    let SaladAndToast { m, eve, salad, .. } = salad_and_toast(t).await;
    let on = FeedbackOn::Recommendation(salad);
    let given = recommendations::create_feedback(&t.db, eve, on, 5, Some("fresh"))
        .await
        .unwrap();
    assert_eq!(given.meal_id, m.salad);
    assert!(matches!(
        recommendations::create_feedback(&t.db, eve, on, 4, None).await,
        Err(Error::Conflict {
            what: Subject::FeedbackOnThisRecommendation
        })
    ));
}

/// Feedback on a meal needs a known meal, a rating of 1 to 5 and a comment of at most 2,000
/// characters.
async fn feedback_on_a_meal_is_checked_naming_the_field(t: &TestDb) {
    let SaladAndToast { m, eve, .. } = salad_and_toast(t).await;
    let toast = FeedbackOn::Meal(m.toast);
    recommendations::create_feedback(&t.db, eve, toast, 3, None)
        .await
        .unwrap();
    let unknown = FeedbackOn::Meal(Uuid::new_v4());
    assert!(matches!(
        recommendations::create_feedback(&t.db, eve, unknown, 3, None).await,
        Err(Error::Validation { field, .. }) if field == "meal_id"
    ));
    for (rating, comment, field) in [
        (0, None, "rating"),
        (6, None, "rating"),
        (3, Some("x".repeat(2001)), "comment"),
    ] {
        let comment = comment.as_deref();
        match recommendations::create_feedback(&t.db, eve, toast, rating, comment).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

/// Another user's recommendation is not found, for every function.
async fn another_users_recommendation_is_not_found(t: &TestDb) {
    let SaladAndToast { eve, salad, .. } = salad_and_toast(t).await;
    recommendations::accept(&t.db, eve, salad, Some(lunch_now()))
        .await
        .unwrap();
    let bob = verified_user(t, "bob").await;
    let no_recommendation = |result: &Result<(), Error>| {
        matches!(
            result,
            Err(Error::NotFound {
                what: Subject::Recommendation
            })
        )
    };
    let on = FeedbackOn::Recommendation(salad);
    let feedback = recommendations::create_feedback(&t.db, bob, on, 3, None).await;
    assert!(no_recommendation(&feedback.map(|_| ())));
    let dismissed = recommendations::dismiss(&t.db, bob, salad).await;
    assert!(no_recommendation(&dismissed.map(|_| ())));
    let accepted = recommendations::accept(&t.db, bob, salad, None).await;
    assert!(no_recommendation(&accepted.map(|_| ())));
    let his = recommendations::list_recommendations(&t.db, bob, 10).await;
    assert!(his.unwrap().is_empty());
}

dual!(
    accepting_logs_the_meal_once_whatever_the_retries,
    the_latest_show_accepted_and_dismissed_newest_first,
    feedback_on_a_recommendation_names_its_meal_once_only,
    feedback_on_a_meal_is_checked_naming_the_field,
    another_users_recommendation_is_not_found,
);
