//! A card's number is in clear nowhere but its reveal (no `Debug`, no error, no stored text);
//! and another user's cards, or a soft-deleted owner's, are not found.
use sea_orm::EntityTrait;
use service::payments::{self, CardNumber};
use service::{Error, Subject};
use uuid::Uuid;

use super::{VISA, card, key, keys};
use crate::harness::{TestDb, verified_user};

async fn no_clear_number_in_debug_or_errors(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let current = keys(&[(1, 1)]);
    let digits = "4111111111111111";
    let number = CardNumber::parse(VISA).unwrap();
    let new = card(VISA);
    let added = payments::create_card(&t.db, ada, &current, new.clone())
        .await
        .unwrap();
    let model = entity::user_payment_methods::Entity::find_by_id(added.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let revealed = payments::reveal_card_number(&t.db, ada, &current, added.id)
        .await
        .unwrap();
    let errors = [
        payments::reveal_card_number(&t.db, ada, &keys(&[(1, 2)]), added.id)
            .await
            .unwrap_err(),
        payments::create_card(&t.db, ada, &current, card("4111 1111 1111 1112"))
            .await
            .unwrap_err(),
    ];
    let mut texts = vec![
        format!("{number:?}"),
        format!("{new:?}"),
        format!("{added:?}"),
        format!("{model:?}"),
        format!("{revealed:?}"),
        format!("{current:?}"),
    ];
    for e in &errors {
        texts.push(format!("{e:?}"));
        texts.push(e.to_string());
    }
    for text in texts {
        assert!(
            !text.contains(digits) && !text.contains(VISA) && !text.contains(&key(1)),
            "{text}"
        );
        assert!(
            !text.contains(model.card_number_encrypted.as_str()),
            "{text}"
        );
    }
}

async fn another_users_cards_are_not_found(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let bob = verified_user(t, "bob").await;
    let keys = keys(&[(1, 1)]);
    let adas = payments::create_card(&t.db, ada, &keys, card(VISA))
        .await
        .unwrap();
    let not_found = |r: &service::Result<_>| {
        matches!(
            r,
            Err(Error::NotFound {
                what: Subject::PaymentMethod
            })
        )
    };
    assert!(not_found(
        &payments::reveal_card_number(&t.db, bob, &keys, adas.id)
            .await
            .map(|_| ())
    ));
    assert!(not_found(
        &payments::set_default_card(&t.db, bob, adas.id)
            .await
            .map(|_| ())
    ));
    assert!(not_found(&payments::delete_card(&t.db, bob, adas.id).await));
    assert!(payments::list_cards(&t.db, bob).await.unwrap().is_empty());
    assert_eq!(payments::list_cards(&t.db, ada).await.unwrap().len(), 1);

    // A soft-deleted owner's cards are found by no one; an unknown user cannot add one.
    service::accounts::delete_account(&t.db, ada).await.unwrap();
    assert!(payments::list_cards(&t.db, ada).await.unwrap().is_empty());
    assert!(not_found(
        &payments::reveal_card_number(&t.db, ada, &keys, adas.id)
            .await
            .map(|_| ())
    ));
    assert!(matches!(
        payments::create_card(&t.db, ada, &keys, card(VISA)).await,
        Err(Error::NotFound {
            what: Subject::User
        })
    ));
    assert!(matches!(
        payments::create_card(
            &t.db,
            service::Actor::new(Uuid::new_v4()),
            &keys,
            card(VISA)
        )
        .await,
        Err(Error::NotFound {
            what: Subject::User
        })
    ));
}

dual!(
    no_clear_number_in_debug_or_errors,
    another_users_cards_are_not_found,
);
