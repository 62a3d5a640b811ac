//! Allergies through the service: they hang off a health profile, name a known allergen once,
//! change keeping what a change leaves out, list with their allergens in one query, and go;
//! `set_allergy` adds or changes in one call.
use entity::types::Severity;
use service::health::{self, AllergenRef, AllergyChange, AllergyInput, ProfileInput};
use service::{Actor, Error, Forbidden, Patch, Subject, accounts};

use crate::harness::{TestDb, allergen_id, verified_user};

/// Joan, with a health profile (an allergy needs one).
async fn joan_with_a_profile(t: &TestDb) -> Actor {
    let joan = verified_user(t, "joan").await;
    health::set_profile(&t.db, joan, ProfileInput::default())
        .await
        .unwrap();
    joan
}

/// Joan's allergies: to peanuts (named in another case), life-threatening, and to milk (by id),
/// mild.
async fn joans_allergies(t: &TestDb, joan: Actor) {
    add(
        t,
        joan,
        "peanuts",
        AllergyInput::new(Severity::LifeThreatening),
    )
    .await
    .unwrap();
    let milk = allergen_id(t, "Milk").await;
    let by_id = AllergenRef::Id(milk);
    health::create_allergy(&t.db, joan, by_id, AllergyInput::new(Severity::Mild))
        .await
        .unwrap();
}

async fn add(t: &TestDb, who: Actor, allergen: &str, input: AllergyInput) -> service::Result<()> {
    health::create_allergy(&t.db, who, AllergenRef::Name(allergen.into()), input)
        .await
        .map(drop)
}

/// `who`'s allergy to milk, changed by `change`.
async fn change_milk(
    t: &TestDb,
    who: Actor,
    change: AllergyChange,
) -> entity::user_allergies::Model {
    health::update_allergy(&t.db, who, AllergenRef::Name("Milk".into()), change)
        .await
        .unwrap()
}

async fn an_allergy_needs_a_health_profile(t: &TestDb) {
    let joan = verified_user(t, "joan").await;
    let no_profile = add(t, joan, "Peanuts", AllergyInput::new(Severity::Mild)).await;
    assert!(
        matches!(
            no_profile,
            Err(Error::NotFound {
                what: Subject::HealthProfile
            })
        ),
        "{no_profile:?}"
    );
}

/// An allergy names a known allergen, once per user, and its notes are bounded.
async fn an_allergy_is_to_a_known_allergen_once_with_bounded_notes(t: &TestDb) {
    let joan = joan_with_a_profile(t).await;
    joans_allergies(t, joan).await;
    let duplicate = add(t, joan, "Peanuts", AllergyInput::new(Severity::Mild)).await;
    assert!(
        matches!(
            duplicate,
            Err(Error::Conflict {
                what: Subject::Allergy
            })
        ),
        "{duplicate:?}"
    );
    let unknown = add(t, joan, "Unobtainium", AllergyInput::new(Severity::Mild)).await;
    assert!(
        matches!(
            unknown,
            Err(Error::Validation { ref field, .. }) if field == "allergen"
        ),
        "{unknown:?}"
    );
    let long_notes = AllergyInput {
        notes: Some("x".repeat(501)),
        ..AllergyInput::new(Severity::Mild)
    };
    let too_long = add(t, joan, "Soy", long_notes).await;
    assert!(
        matches!(too_long, Err(Error::Validation { ref field, .. }) if field == "notes"),
        "{too_long:?}"
    );
}

/// A change sets what it names; one that leaves the notes out keeps them; clearing is explicit.
async fn an_allergy_change_keeps_the_notes_it_leaves_out(t: &TestDb) {
    let joan = joan_with_a_profile(t).await;
    joans_allergies(t, joan).await;
    let changed = AllergyChange {
        severity: Some(Severity::Severe),
        notes: Patch::Set("hives".into()),
        ..AllergyChange::default()
    };
    let changed = change_milk(t, joan, changed).await;
    assert_eq!(
        (changed.severity, changed.notes.as_deref()),
        (Severity::Severe, Some("hives"))
    );
    let kept = AllergyChange {
        severity: Some(Severity::Moderate),
        ..AllergyChange::default()
    };
    let kept = change_milk(t, joan, kept).await;
    assert_eq!(
        (kept.severity, kept.notes.as_deref()),
        (Severity::Moderate, Some("hives"))
    );
    let cleared = AllergyChange {
        severity: Some(Severity::Severe),
        notes: Patch::Clear,
        ..AllergyChange::default()
    };
    assert_eq!(change_milk(t, joan, cleared).await.notes, None);
}

/// The list gives each allergy with its allergen (and the allergen's common foods).
async fn allergies_list_with_their_allergens(t: &TestDb) {
    let joan = joan_with_a_profile(t).await;
    joans_allergies(t, joan).await;
    let severe = AllergyChange {
        severity: Some(Severity::Severe),
        ..AllergyChange::default()
    };
    change_milk(t, joan, severe).await;
    let listed = health::list_allergies(&t.db, joan).await.unwrap();
    let summary: Vec<(&str, Severity)> = listed
        .iter()
        .map(|a| (a.allergen.name.as_str(), a.allergy.severity))
        .collect();
    assert_eq!(
        summary,
        [
            ("Peanuts", Severity::LifeThreatening),
            ("Milk", Severity::Severe)
        ]
    );
    assert_eq!(listed[0].allergen.common_foods.items()[0], "Peanut butter");
}

/// A deleted allergy is gone: deleting it again finds nothing, and the others stay.
async fn a_deleted_allergy_is_gone(t: &TestDb) {
    let joan = joan_with_a_profile(t).await;
    joans_allergies(t, joan).await;
    health::delete_allergy(&t.db, joan, AllergenRef::Name("Milk".into()))
        .await
        .unwrap();
    let gone = health::delete_allergy(&t.db, joan, AllergenRef::Name("Milk".into())).await;
    assert!(
        matches!(
            gone,
            Err(Error::NotFound {
                what: Subject::Allergy
            })
        ),
        "{gone:?}"
    );
    assert_eq!(health::list_allergies(&t.db, joan).await.unwrap().len(), 1);
}

async fn listing_allergies_is_one_query_however_many(t: &TestDb) {
    let user = verified_user(t, "kim").await;
    health::set_profile(&t.db, user, ProfileInput::default())
        .await
        .unwrap();
    let mut counts = Vec::new();
    for (i, name) in ["Peanuts", "Milk", "Eggs", "Wheat", "Soy", "Fish"]
        .iter()
        .enumerate()
    {
        health::create_allergy(
            &t.db,
            user,
            AllergenRef::Name(name.to_string()),
            AllergyInput::new(Severity::Mild),
        )
        .await
        .unwrap();
        if i == 0 || i == 5 {
            let before = t.statement_count();
            let listed = health::list_allergies(&t.db, user).await.unwrap();
            counts.push((listed.len(), t.statement_count() - before));
        }
    }
    assert_eq!(counts, [(1, 1), (6, 1)], "(allergies, statements)");
}

/// `set_allergy` adds or changes in one call, making the health profile of a verified user who
/// has none, and says in one typed error why not for an unverified one: what `PUT
/// /me/allergies` needs, instead of add, create the profile on `NotFound`, retry, change on
/// `Conflict`.
async fn set_allergy_adds_or_changes_in_one_call(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    assert!(matches!(
        health::get_profile(&t.db, ada).await,
        Err(Error::NotFound { .. })
    ));
    let added = health::set_allergy(
        &t.db,
        ada,
        health::AllergyEntry::new(
            AllergenRef::Name("peanuts".into()),
            AllergyInput::new(Severity::Mild),
        ),
    )
    .await
    .expect("added, with a profile made for it");
    health::get_profile(&t.db, ada)
        .await
        .expect("the profile exists now");
    let mut severe = AllergyInput::new(Severity::Severe);
    severe.notes = Some("since childhood".into());
    let changed = health::set_allergy(
        &t.db,
        ada,
        health::AllergyEntry::new(AllergenRef::Id(added.allergen_id), severe),
    )
    .await
    .unwrap();
    assert_eq!(changed.id, added.id, "the same row, changed");
    assert_eq!(changed.severity, Severity::Severe);
    assert_eq!(changed.notes.as_deref(), Some("since childhood"));
    let listed = health::list_allergies(&t.db, ada).await.unwrap();
    assert_eq!(listed.len(), 1);

    assert!(matches!(
        health::set_allergy(&t.db, ada, health::AllergyEntry::new(AllergenRef::Name("pea\0nuts".into()), AllergyInput::new(Severity::Mild)))
        .await,
        Err(Error::Validation { field, .. }) if field == "allergen"
    ));
    assert!(matches!(
        health::set_allergy(&t.db, ada, health::AllergyEntry::new(AllergenRef::Name("unobtainium".into()), AllergyInput::new(Severity::Mild)))
        .await,
        Err(Error::Validation { field, .. }) if field == "allergen"
    ));
    let unverified = accounts::register(
        &t.db,
        accounts::NewUser {
            username: "una".to_owned(),
            email: "una@example.com".to_owned(),
            password: "correct horse battery".to_owned(),
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        health::set_allergy(
            &t.db,
            service::Actor::new(unverified.user.id),
            health::AllergyEntry::new(
                AllergenRef::Name("peanuts".into()),
                AllergyInput::new(Severity::Mild)
            )
        )
        .await,
        Err(Error::Forbidden(Forbidden::EmailNotVerified))
    ));
    assert_eq!(
        t.count("SELECT COUNT(*) FROM user_allergies", vec![]).await,
        1,
        "the refusals wrote nothing"
    );
}

dual!(
    an_allergy_needs_a_health_profile,
    an_allergy_is_to_a_known_allergen_once_with_bounded_notes,
    an_allergy_change_keeps_the_notes_it_leaves_out,
    allergies_list_with_their_allergens,
    a_deleted_allergy_is_gone,
    listing_allergies_is_one_query_however_many,
    set_allergy_adds_or_changes_in_one_call,
);
