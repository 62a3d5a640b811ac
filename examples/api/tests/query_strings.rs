//! The query strings of the example's routes, read by `service::input::from_query` into the
//! service's own query types, without a server: the parameter names the routes promise, a
//! repeated `tag`, the cursor as one string, defaults, and errors naming the parameter.
use service::Error;
use service::catalogue::IngredientQuery;
use service::input::from_query;
use service::recipes::{Cursor, Page, SearchQuery};
use service::recommendations::{DEFAULT_RADIUS_KM, RecommendationRequest};
use service::restaurants::{DEFAULT_LIMIT, NearbyQuery};

/// The field and reason of a validation error.
fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> (String, String) {
    match result {
        Err(Error::Validation { field, reason }) => (field.into_owned(), reason.into_owned()),
        other => panic!("not a validation error: {other:?}"),
    }
}

#[test]
fn recipe_search_reads_tag_max_minutes_and_the_rest() {
    let query: SearchQuery =
        from_query("tag=vegan&tag=quick&cuisine=thai&max_minutes=30&only_safe=true&limit=5")
            .unwrap();
    assert_eq!(query.tags, ["vegan", "quick"]);
    assert_eq!(query.cuisine.as_deref(), Some("thai"));
    assert_eq!(query.max_total_minutes, Some(30));
    assert!(query.only_safe);
    assert_eq!(query.limit, 5);
    let one: SearchQuery = from_query("tag=vegan").unwrap();
    assert_eq!(one.tags, ["vegan"], "one tag is a list of one");
    assert_eq!(
        from_query::<SearchQuery>("").unwrap(),
        SearchQuery::default()
    );
    let empty: SearchQuery = from_query("?max_minutes=&only_safe=false").unwrap();
    assert_eq!(empty.max_total_minutes, None, "an empty number is no value");
}

#[test]
fn a_page_cursor_goes_back_as_one_string() {
    let id = uuid::Uuid::new_v4();
    for rating in [Some("4.50".parse().unwrap()), None] {
        let page = Page {
            recipes: Vec::new(),
            next: Some(Cursor { rating, id }),
        };
        let json = serde_json::to_value(&page).unwrap();
        let next = json["next"].as_str().expect("one string");
        assert!(
            next.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)),
            "{next} needs no escaping in a URL"
        );
        let query: SearchQuery = from_query(&format!("after={next}")).unwrap();
        assert_eq!(query.after, page.next);
    }
    assert_eq!(
        refused(from_query::<SearchQuery>("after=4.5")).0,
        "after",
        "not a cursor"
    );
    assert_eq!(refused(from_query::<SearchQuery>("after=x_y")).0, "after");
}

#[test]
fn ingredients_read_q() {
    let query: IngredientQuery = from_query("q=tom&limit=3").unwrap();
    assert_eq!(query.name.as_deref(), Some("tom"));
    assert_eq!(query.limit, Some(3));
}

#[test]
fn restaurants_read_lat_lon_and_radius_km() {
    let query: NearbyQuery = from_query("lat=40.75&lon=-73.99&radius_km=2.5").unwrap();
    assert_eq!(query.center.latitude, 40.75);
    assert_eq!(query.center.longitude, -73.99);
    assert_eq!(query.radius_km, 2.5);
    assert_eq!(query.limit, DEFAULT_LIMIT);
    assert_eq!(query.cuisine, None);
    let (field, reason) = refused(from_query::<NearbyQuery>("lat=40.75&lon=-73.99"));
    assert_eq!(
        (field.as_str(), reason.as_str()),
        ("radius_km", "is required")
    );
    assert_eq!(
        refused(from_query::<NearbyQuery>("lat=north&lon=0&radius_km=1")).0,
        "lat"
    );
}

#[test]
fn recommendations_read_lat_lon_and_default_the_rest() {
    let request: RecommendationRequest = from_query("lat=0.5&lon=-1").unwrap();
    assert_eq!(request.center.latitude, 0.5);
    assert_eq!(request.center.longitude, -1.0);
    assert_eq!(request.radius_km, DEFAULT_RADIUS_KM);
    let defaults = RecommendationRequest::new(request.center, DEFAULT_RADIUS_KM, request.today);
    assert_eq!(request, defaults, "what RecommendationRequest::new sets");
    assert!(!request.record);
    let chosen: RecommendationRequest =
        from_query("lat=0&lon=0&radius_km=2&limit=3&max_price=20.00&today=2026-01-31").unwrap();
    assert_eq!((chosen.radius_km, chosen.limit), (2.0, 3));
    assert_eq!(chosen.today.to_string(), "2026-01-31");
    assert_eq!(
        chosen.max_price.map(|p| p.value().to_string()),
        Some("20.00".into())
    );
    assert_eq!(
        refused(from_query::<RecommendationRequest>("lon=0")),
        ("lat".to_owned(), "is required".to_owned())
    );
}

#[test]
fn a_value_that_does_not_parse_is_named_and_not_repeated() {
    let (field, reason) = refused(from_query::<SearchQuery>("max_minutes=hunter2"));
    assert_eq!(field, "max_minutes");
    assert!(!reason.contains("hunter2"), "{reason}");
    let (field, reason) = refused(from_query::<SearchQuery>("only_safe=hunter2"));
    assert_eq!(field, "only_safe");
    assert!(!reason.contains("hunter2"), "{reason}");
    let (field, reason) = refused(from_query::<SearchQuery>("difficulty=hunter2"));
    assert_eq!(field, "difficulty");
    assert!(
        reason.starts_with("expected") && !reason.contains("hunter2"),
        "{reason}"
    );
}
