//! A meal's verdict for a user (a severe allergy's match is a reason, a mild one's a warning)
//! and a restaurant's menu with the same verdicts, in one statement.
use entity::types::Severity;
use service::restaurants;
use service::safety::Verdict;
use service::{Actor, Error, Subject};
use uuid::Uuid;

use super::{east, eve, menu, restaurant};
use crate::harness::{TestDb, verified_user};
use crate::recipes::{PEANUT_BUTTER, ing};

/// Unknown meal or restaurant: not found, never safe.
async fn an_unknown_meal_or_restaurant_is_not_found(t: &TestDb) {
    let eve = Actor::new(eve(t).await);
    assert!(matches!(
        restaurants::get_meal_verdict(&t.db, eve, Uuid::new_v4()).await,
        Err(Error::NotFound {
            what: Subject::Meal
        })
    ));
    assert!(matches!(
        restaurants::list_menu_verdicts(&t.db, eve, Uuid::new_v4()).await,
        Err(Error::NotFound {
            what: Subject::Restaurant
        })
    ));
}

/// A severe match is a reason; a mild one a warning; nothing of hers: safe. Someone without
/// allergies: all safe.
async fn a_severe_match_is_a_reason_and_a_mild_one_a_warning(t: &TestDb) {
    let m = menu(t).await;
    let eve = Actor::new(eve(t).await);
    match restaurants::get_meal_verdict(&t.db, eve, m.peanut_noodles)
        .await
        .unwrap()
    {
        Verdict::Unsafe { reasons, warnings } => {
            assert_eq!(reasons.len(), 1);
            assert_eq!(reasons[0].ingredient_id, ing(PEANUT_BUTTER));
            assert_eq!(reasons[0].allergen_name, "Peanuts");
            assert_eq!(reasons[0].severity, Severity::Severe);
            assert!(warnings.is_empty());
        }
        safe => panic!("peanuts are safe? {safe:?}"),
    }
    match restaurants::get_meal_verdict(&t.db, eve, m.toast)
        .await
        .unwrap()
    {
        Verdict::Safe { warnings } => {
            assert_eq!(warnings.len(), 1);
            assert_eq!(warnings[0].allergen_name, "Wheat");
            assert_eq!(warnings[0].severity, Severity::Mild);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        restaurants::get_meal_verdict(&t.db, eve, m.salad)
            .await
            .unwrap(),
        Verdict::Safe { warnings: vec![] }
    );
    let bob = verified_user(t, "bob").await;
    assert!(
        restaurants::get_meal_verdict(&t.db, bob, m.peanut_noodles)
            .await
            .unwrap()
            .is_safe()
    );
}

/// The menu: available meals only, by name, the same verdicts, in one statement; a
/// restaurant without an available meal has an empty menu.
async fn the_menu_lists_available_meals_by_name_with_their_verdicts(t: &TestDb) {
    let m = menu(t).await;
    let eve = Actor::new(eve(t).await);
    let before = t.statement_count();
    let items = restaurants::list_menu_verdicts(&t.db, eve, m.here)
        .await
        .unwrap();
    assert_eq!(
        t.statement_count() - before,
        1,
        "one statement for the menu"
    );
    let names: Vec<&str> = items.iter().map(|i| i.meal.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Caviar",
            "Feast",
            "Mystery",
            "Peanut noodles",
            "Salad",
            "Toast"
        ]
    );
    for item in &items {
        let single = restaurants::get_meal_verdict(&t.db, eve, item.meal.id)
            .await
            .unwrap();
        assert_eq!(item.verdict, single, "{}", item.meal.name);
        assert_eq!(item.ingredients_listed, item.meal.id != m.mystery);
    }
    assert!(!items[3].verdict.is_safe());
    let empty = restaurant(t, "Empty", east(9.0)).await;
    let menu = restaurants::list_menu_verdicts(&t.db, eve, empty).await;
    assert!(menu.unwrap().is_empty());
    let _ = (m.feast, m.caviar, m.salad_b, m.closed_salad);
}

dual!(
    an_unknown_meal_or_restaurant_is_not_found,
    a_severe_match_is_a_reason_and_a_mild_one_a_warning,
    the_menu_lists_available_meals_by_name_with_their_verdicts,
);
