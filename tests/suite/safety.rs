//! Allergy safety verdicts (`service::safety`, `docs/DESIGN.md` D22): an unknown recipe is
//! not found, never safe; SEVERE and LIFE_THREATENING matches are reasons, MILD and MODERATE
//! ones warnings; an ingredient carrying two allergens matches on both; a list of recipes is
//! judged in one statement whatever its length.
use entity::types::{Severity, Unit};
use service::Error;
use service::Subject;
use service::recipes;
use service::safety::{self, AllergenMatch, RECIPE_DISHES, Verdict};
use uuid::Uuid;

use crate::harness::{TestDb, insert_user, verified_user};
use crate::recipes::{
    BREAD, FRESH_EGG_PASTA, OLIVE_OIL, PEANUT_BUTTER, TOMATO, allergic, ing, input, line,
};

struct Dishes {
    pb_toast: Uuid,
    toast: Uuid,
    salad: Uuid,
    pasta: Uuid,
}

async fn dishes(t: &TestDb) -> Dishes {
    let owner = insert_user(t, "cook", true).await;
    let make = async |name: &str, lines| {
        recipes::create(&t.db, owner, &input(name, lines))
            .await
            .unwrap()
            .recipe
            .id
    };
    Dishes {
        // Bread twice: one match, not two.
        pb_toast: make(
            "PB toast",
            vec![
                line(BREAD, "1", Unit::Piece),
                line(PEANUT_BUTTER, "20", Unit::G),
                line(BREAD, "1", Unit::Piece),
            ],
        )
        .await,
        toast: make("Toast", vec![line(BREAD, "2", Unit::Piece)]).await,
        salad: make(
            "Salad",
            vec![
                line(TOMATO, "2", Unit::Piece),
                line(OLIVE_OIL, "10", Unit::Ml),
            ],
        )
        .await,
        pasta: make("Pasta", vec![line(FRESH_EGG_PASTA, "100", Unit::G)]).await,
    }
}

fn names(matches: &[AllergenMatch]) -> Vec<(String, String, Severity)> {
    matches
        .iter()
        .map(|m| {
            (
                m.ingredient_name.clone(),
                m.allergen_name.clone(),
                m.severity,
            )
        })
        .collect()
}

fn m(ingredient: &str, allergen: &str, severity: Severity) -> (String, String, Severity) {
    (ingredient.to_owned(), allergen.to_owned(), severity)
}

/// Eve: peanuts SEVERE, eggs LIFE_THREATENING, wheat MILD.
async fn eve(t: &TestDb) -> Uuid {
    let eve = verified_user(t, "eve").await;
    allergic(
        t,
        eve.id(),
        &[
            ("Peanuts", Severity::Severe),
            ("Eggs", Severity::LifeThreatening),
            ("Wheat", Severity::Mild),
        ],
    )
    .await;
    eve.id()
}

/// `who`'s verdict on `recipe`.
async fn verdict(t: &TestDb, who: Uuid, recipe: Uuid) -> Verdict {
    safety::get_recipe_verdict(&t.db, service::Actor::new(who), recipe)
        .await
        .unwrap()
}

/// Unknown recipe: not found, never safe.
async fn an_unknown_recipe_is_not_found_never_safe(t: &TestDb) {
    let eve = eve(t).await;
    assert!(matches!(
        safety::get_recipe_verdict(&t.db, service::Actor::new(eve), Uuid::new_v4()).await,
        Err(Error::NotFound {
            what: Subject::Recipe
        })
    ));
}

/// No allergies at all: safe, nothing to warn about.
async fn without_allergies_a_recipe_is_safe_without_warnings(t: &TestDb) {
    let d = dishes(t).await;
    let bob = verified_user(t, "bob").await;
    assert_eq!(
        verdict(t, bob.id(), d.pb_toast).await,
        Verdict::Safe { warnings: vec![] }
    );
}

/// One severe match is a reason, and the mild wheat of the bread a warning, once (the bread is
/// in twice).
async fn a_severe_match_is_a_reason_and_a_mild_one_a_warning_once(t: &TestDb) {
    let d = dishes(t).await;
    let eve = eve(t).await;
    match verdict(t, eve, d.pb_toast).await {
        Verdict::Unsafe { reasons, warnings } => {
            assert_eq!(
                names(&reasons),
                [m("Smooth peanut butter", "Peanuts", Severity::Severe)]
            );
            assert_eq!(reasons[0].ingredient_id, ing(PEANUT_BUTTER));
            assert_eq!(
                names(&warnings),
                [m("Whole-wheat bread", "Wheat", Severity::Mild)]
            );
        }
        safe => panic!("peanut butter is safe? {safe:?}"),
    }
}

/// A mild-only match: safe, with a warning.
async fn a_mild_only_match_is_safe_with_a_warning(t: &TestDb) {
    let d = dishes(t).await;
    let eve = eve(t).await;
    let warnings = match verdict(t, eve, d.toast).await {
        Verdict::Safe { warnings } => warnings,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        names(&warnings),
        [m("Whole-wheat bread", "Wheat", Severity::Mild)]
    );
}

/// One ingredient carrying two allergens: a reason for one, a warning for the other.
async fn an_ingredient_carrying_two_allergens_matches_on_both(t: &TestDb) {
    let d = dishes(t).await;
    let eve = eve(t).await;
    let (reasons, warnings) = match verdict(t, eve, d.pasta).await {
        Verdict::Unsafe { reasons, warnings } => (names(&reasons), names(&warnings)),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        reasons,
        [m("Fresh egg pasta", "Eggs", Severity::LifeThreatening)]
    );
    assert_eq!(warnings, [m("Fresh egg pasta", "Wheat", Severity::Mild)]);
}

/// Nothing of hers in it: safe, nothing to warn about.
async fn a_recipe_with_none_of_her_allergens_is_safe(t: &TestDb) {
    let d = dishes(t).await;
    let eve = eve(t).await;
    assert_eq!(
        verdict(t, eve, d.salad).await,
        Verdict::Safe { warnings: vec![] }
    );
}

/// A moderate allergy is a warning too, and a severe one of another user (Eve's) is not hers.
async fn a_moderate_match_is_a_warning_and_another_users_severe_one_is_not_hers(t: &TestDb) {
    let d = dishes(t).await;
    eve(t).await;
    let max = verified_user(t, "max").await;
    allergic(t, max.id(), &[("Peanuts", Severity::Moderate)]).await;
    assert!(verdict(t, max.id(), d.pb_toast).await.is_safe());
}

async fn a_batch_mixes_every_case_in_one_statement(t: &TestDb) {
    let d = dishes(t).await;
    let eve = eve(t).await;
    let list = [d.salad, d.pb_toast, d.toast, d.pasta, d.salad];
    let start = t.statement_count();
    let verdicts = safety::list_recipe_verdicts(&t.db, service::Actor::new(eve), &list)
        .await
        .unwrap();
    assert_eq!(t.statement_count() - start, 1, "one statement for the list");
    let safe: Vec<(Uuid, bool)> = verdicts.iter().map(|(id, v)| (*id, v.is_safe())).collect();
    assert_eq!(
        safe,
        [
            (d.salad, true),
            (d.pb_toast, false),
            (d.toast, true),
            (d.pasta, false),
            (d.salad, true)
        ]
    );
    // Each verdict is the one the single call gives.
    for (id, verdict) in &verdicts {
        assert_eq!(
            &safety::get_recipe_verdict(&t.db, service::Actor::new(eve), *id)
                .await
                .unwrap(),
            verdict
        );
    }
    // One unknown recipe in the list: the whole answer is NotFound, never a partial "safe".
    assert!(matches!(
        safety::list_recipe_verdicts(&t.db, service::Actor::new(eve), &[d.salad, Uuid::new_v4()])
            .await,
        Err(Error::NotFound {
            what: Subject::Recipe
        })
    ));
    assert!(
        safety::list_recipe_verdicts(&t.db, service::Actor::new(eve), &[])
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_private_recipe_of_another_user_is_not_found(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let mut private = input("Secret", vec![line(BREAD, "1", Unit::Piece)]);
    private.is_public = false;
    let id = recipes::create(&t.db, owner, &private)
        .await
        .unwrap()
        .recipe
        .id;
    let eve = eve(t).await;
    assert!(matches!(
        safety::get_recipe_verdict(&t.db, service::Actor::new(eve), id).await,
        Err(Error::NotFound {
            what: Subject::Recipe
        })
    ));
    assert!(
        safety::get_recipe_verdict(&t.db, owner, id)
            .await
            .unwrap()
            .is_safe()
    );
}

/// The statement count does not grow with the list: 2 recipes and 300.
async fn the_statement_count_does_not_grow_with_the_list(t: &TestDb) {
    let eve = eve(t).await;
    let owner = insert_user(t, "cook", true).await;
    t.exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) \
         INSERT INTO recipes (user_id, name, prep_time_minutes, cook_time_minutes, is_public) \
         SELECT $1, 'Bulk ' || i, 1, 1, true FROM n",
        vec![owner.into()],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO recipe_ingredients (recipe_id, ingredient_id, quantity, unit, position) \
         SELECT id, $1, 1, 'piece', 1 FROM recipes",
        vec![ing(BREAD).into()],
    )
    .await
    .unwrap();
    let ids: Vec<Uuid> = t
        .query("SELECT id FROM recipes", vec![])
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let mut counts = Vec::new();
    for list in [&ids[..2], &ids[..]] {
        let txn = service::acting::read(&t.db, Some(service::Actor::new(eve)))
            .await
            .unwrap();
        let start = t.statement_count();
        let verdicts = safety::verdicts(&txn, service::Actor::new(eve), &RECIPE_DISHES, list)
            .await
            .unwrap();
        counts.push(t.statement_count() - start);
        txn.commit().await.unwrap();
        assert_eq!(verdicts.len(), list.len());
        assert!(
            verdicts
                .iter()
                .all(|(_, v)| matches!(v, Verdict::Safe { warnings } if warnings.len() == 1))
        );
    }
    assert_eq!(counts, [1, 1]);
}

dual!(
    an_unknown_recipe_is_not_found_never_safe,
    without_allergies_a_recipe_is_safe_without_warnings,
    a_severe_match_is_a_reason_and_a_mild_one_a_warning_once,
    a_mild_only_match_is_safe_with_a_warning,
    an_ingredient_carrying_two_allergens_matches_on_both,
    a_recipe_with_none_of_her_allergens_is_safe,
    a_moderate_match_is_a_warning_and_another_users_severe_one_is_not_hers,
    a_batch_mixes_every_case_in_one_statement,
    a_private_recipe_of_another_user_is_not_found,
    the_statement_count_does_not_grow_with_the_list,
);
