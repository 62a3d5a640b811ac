//! The service's calls that write and read log rows: activities and API requests.
use entity::types::HttpMethod;
use service::operations::{self, NewActivity, NewApiRequest};
use service::{Error, Subject};
use uuid::Uuid;

use crate::harness::{TestDb, verified_user};

async fn activities_are_listed_newest_first_and_only_the_users_own(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let bob = verified_user(t, "bob").await;
    let recipe = Uuid::new_v4();
    for kind in ["recipe.viewed", "recipe.saved"] {
        operations::record_activity(
            &t.db,
            ada,
            NewActivity {
                activity_type: kind.to_owned(),
                entity: Some(("recipe".to_owned(), recipe)),
                metadata: Some(serde_json::json!({"source": "search", "rank": 2})),
                ..NewActivity::default()
            },
        )
        .await
        .unwrap();
    }
    operations::record_activity(
        &t.db,
        bob,
        NewActivity {
            activity_type: "plan.opened".to_owned(),
            ..NewActivity::default()
        },
    )
    .await
    .unwrap();
    let mine = operations::list_activities(&t.db, ada, 10).await.unwrap();
    let kinds: Vec<&str> = mine.iter().map(|a| a.activity_type.as_str()).collect();
    assert_eq!(
        kinds,
        ["recipe.saved", "recipe.viewed"],
        "newest first, Ada's only"
    );
    assert_eq!(mine[0].entity_id, Some(recipe));
    assert_eq!(
        mine[0].metadata,
        Some(serde_json::json!({"rank": 2, "source": "search"}))
    );
}

async fn an_activity_of_a_bad_type_or_an_unknown_user_is_refused(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let bad = operations::record_activity(
        &t.db,
        ada,
        NewActivity {
            activity_type: "Viewed".to_owned(),
            ..NewActivity::default()
        },
    )
    .await;
    assert!(
        matches!(bad, Err(Error::Validation { ref field, .. }) if field == "activity_type"),
        "{bad:?}"
    );
    let ghost = operations::record_activity(
        &t.db,
        service::Actor::new(Uuid::new_v4()),
        NewActivity {
            activity_type: "x".to_owned(),
            ..NewActivity::default()
        },
    )
    .await;
    assert!(
        matches!(
            ghost,
            Err(Error::NotFound {
                what: Subject::User
            })
        ),
        "{ghost:?}"
    );
}

/// A failed sign-in of no one, from an IPv6 address.
fn failed_login() -> NewApiRequest {
    NewApiRequest {
        user_id: None,
        method: HttpMethod::Post,
        endpoint: "/api/login".to_owned(),
        status_code: 401,
        duration_ms: 35,
        request_bytes: Some(120),
        response_bytes: None,
        ip_address: Some("2001:db8::1".to_owned()),
        user_agent: Some("curl/8".to_owned()),
        error_message: Some("bad password".to_owned()),
    }
}

async fn api_requests_are_recorded_with_or_without_a_user(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let stored = operations::record_api_request(&t.db, failed_login())
        .await
        .unwrap();
    assert_eq!(
        (stored.user_id, stored.method, stored.status_code),
        (None, HttpMethod::Post, 401)
    );
    operations::record_api_request(
        &t.db,
        NewApiRequest {
            user_id: Some(ada.id()),
            status_code: 200,
            ..failed_login()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        t.count("SELECT COUNT(*) FROM api_requests", vec![]).await,
        2
    );
}

async fn a_bad_api_request_is_refused_naming_its_field_and_not_stored(t: &TestDb) {
    let request = failed_login();
    for (field, wrong) in [
        (
            "status_code",
            NewApiRequest {
                status_code: 42,
                ..request.clone()
            },
        ),
        (
            "duration_ms",
            NewApiRequest {
                duration_ms: -1,
                ..request.clone()
            },
        ),
        (
            "response_bytes",
            NewApiRequest {
                response_bytes: Some(-3),
                ..request.clone()
            },
        ),
        (
            "endpoint",
            NewApiRequest {
                endpoint: " ".to_owned(),
                ..request.clone()
            },
        ),
        (
            "user_agent",
            NewApiRequest {
                user_agent: Some("a\0b".to_owned()),
                ..request.clone()
            },
        ),
    ] {
        let refused = operations::record_api_request(&t.db, wrong).await;
        assert!(
            matches!(refused, Err(Error::Validation { field: ref f, .. }) if f == field),
            "{field}: {refused:?}"
        );
    }
    assert_eq!(
        t.count("SELECT COUNT(*) FROM api_requests", vec![]).await,
        0
    );
}

dual!(
    activities_are_listed_newest_first_and_only_the_users_own,
    an_activity_of_a_bad_type_or_an_unknown_user_is_refused,
    api_requests_are_recorded_with_or_without_a_user,
    a_bad_api_request_is_refused_naming_its_field_and_not_stored,
);
