//! The restaurant and meal service calls: what they refuse, and what they change.
use service::Subject;
use service::restaurants::{self, NewMeal, NewRestaurant};
use uuid::Uuid;

use super::location;
use crate::harness::TestDb;

/// A restaurant with a padded name, no country and opening hours.
fn chez_ada() -> NewRestaurant {
    NewRestaurant {
        name: "  Chez Ada ".into(),
        address: "1 Main St".into(),
        city: "Springfield".into(),
        state: "IL".into(),
        zip_code: "62701".into(),
        hours: Some(serde_json::json!({"mon": "9-17"})),
        ..Default::default()
    }
}

/// A meal of 650 kcal and 20.5 g protein, at 12.50.
fn pad_thai() -> NewMeal {
    NewMeal {
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
    }
}

/// [`chez_ada`] with [`pad_thai`] on its menu: the restaurant's id and the meal.
async fn a_restaurant_with_a_meal(t: &TestDb) -> (Uuid, entity::meals::Model) {
    let r = restaurants::create_restaurant(&t.db, chez_ada())
        .await
        .unwrap();
    let m = restaurants::create_meal(&t.db, r.id, pad_thai())
        .await
        .unwrap();
    (r.id, m)
}

async fn a_new_restaurant_is_trimmed_and_defaults_to_the_us(t: &TestDb) {
    let r = restaurants::create_restaurant(&t.db, chez_ada())
        .await
        .unwrap();
    assert_eq!(r.name, "Chez Ada");
    assert_eq!(r.country, "US");
    assert_eq!(r.hours, Some(serde_json::json!({"mon": "9-17"})));
}

async fn a_restaurant_with_a_bad_field_is_refused_naming_it(t: &TestDb) {
    let new = chez_ada();
    for (restaurant, field) in [
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
        match restaurants::create_restaurant(&t.db, restaurant).await {
            Err(service::Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

async fn a_meal_needs_an_existing_restaurant_and_a_price(t: &TestDb) {
    let (restaurant, m) = a_restaurant_with_a_meal(t).await;
    assert_eq!(m.price.to_string(), "12.50");
    assert!(matches!(
        restaurants::create_meal(&t.db, Uuid::new_v4(), pad_thai()).await,
        Err(service::Error::NotFound {
            what: Subject::Restaurant
        })
    ));
    let free = NewMeal {
        price: "0.00".parse().unwrap(),
        ..pad_thai()
    };
    assert!(matches!(
        restaurants::create_meal(&t.db, restaurant, free).await,
        Err(service::Error::Validation { ref field, .. }) if field == "price"
    ));
}

async fn a_meal_change_keeps_the_fields_it_does_not_name(t: &TestDb) {
    let (_, m) = a_restaurant_with_a_meal(t).await;
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
}

async fn deactivating_finds_the_meal_or_restaurant_or_says_not_found(t: &TestDb) {
    let (_, m) = a_restaurant_with_a_meal(t).await;
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

dual!(
    a_new_restaurant_is_trimmed_and_defaults_to_the_us,
    a_restaurant_with_a_bad_field_is_refused_naming_it,
    a_meal_needs_an_existing_restaurant_and_a_price,
    a_meal_change_keeps_the_fields_it_does_not_name,
    deactivating_finds_the_meal_or_restaurant_or_says_not_found,
);
