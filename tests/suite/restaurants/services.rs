//! The restaurant and meal service calls: what they refuse, and what they change.
use service::Subject;
use service::restaurants::{self, NewMeal, NewRestaurant};
use uuid::Uuid;

use super::location;
use crate::harness::TestDb;

async fn restaurant_and_meal_services_validate_and_change(t: &TestDb) {
    let new = NewRestaurant {
        name: "  Chez Ada ".into(),
        address: "1 Main St".into(),
        city: "Springfield".into(),
        state: "IL".into(),
        zip_code: "62701".into(),
        hours: Some(serde_json::json!({"mon": "9-17"})),
        ..Default::default()
    };
    let r = restaurants::create_restaurant(&t.db, new.clone())
        .await
        .unwrap();
    assert_eq!(r.name, "Chez Ada");
    assert_eq!(r.country, "US");
    assert_eq!(r.hours, Some(serde_json::json!({"mon": "9-17"})));
    for (bad, field) in [
        (
            NewRestaurant {
                name: " ".into(),
                ..new.clone()
            },
            "name",
        ),
        (
            NewRestaurant {
                country: Some("usa".into()),
                ..new.clone()
            },
            "country",
        ),
        (
            NewRestaurant {
                price_range: Some(0),
                ..new.clone()
            },
            "price_range",
        ),
        (
            NewRestaurant {
                rating: Some("5.1".parse().unwrap()),
                ..new.clone()
            },
            "rating",
        ),
        (
            NewRestaurant {
                hours: Some(serde_json::json!([1])),
                ..new.clone()
            },
            "hours",
        ),
        (
            NewRestaurant {
                location: Some(location(0.0, 181.0)),
                ..new.clone()
            },
            "longitude",
        ),
    ] {
        match restaurants::create_restaurant(&t.db, bad).await {
            Err(service::Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let meal = NewMeal {
        name: "Pad thai".into(),
        description: None,
        category: Some("main".into()),
        price: "12.50".parse().unwrap(),
        nutrition: restaurants::MealNutrition {
            energy_kcal: Some(650),
            protein_g: Some("20.5".parse().unwrap()),
            ..Default::default()
        },
        image_url: None,
    };
    let m = restaurants::create_meal(&t.db, r.id, meal.clone())
        .await
        .unwrap();
    assert_eq!(m.price.to_string(), "12.50");
    assert!(matches!(
        restaurants::create_meal(&t.db, Uuid::new_v4(), meal.clone()).await,
        Err(service::Error::NotFound {
            what: Subject::Restaurant
        })
    ));
    let free = NewMeal {
        price: "0.00".parse().unwrap(),
        ..meal.clone()
    };
    assert!(matches!(
        restaurants::create_meal(&t.db, r.id, free).await,
        Err(service::Error::Validation { ref field, .. }) if field == "price"
    ));
    let changed = restaurants::update_meal(
        &t.db,
        m.id,
        restaurants::MealChange {
            price: Some("13.00".parse().unwrap()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.price.to_string(), "13.00");
    assert_eq!(changed.energy_kcal, Some(650));
    restaurants::deactivate_meal(&t.db, m.id).await.unwrap();
    assert!(matches!(
        restaurants::deactivate_meal(&t.db, Uuid::new_v4()).await,
        Err(service::Error::NotFound {
            what: Subject::Meal
        })
    ));
    assert!(matches!(
        restaurants::deactivate_restaurant(&t.db, Uuid::new_v4()).await,
        Err(service::Error::NotFound {
            what: Subject::Restaurant
        })
    ));
}

dual!(restaurant_and_meal_services_validate_and_change,);
