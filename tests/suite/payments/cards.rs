//! Cards through the service: the first is the default, a number is revealed to its owner and
//! stored encrypted, the list is masked with the default first, the default moves, a card goes;
//! and input is checked naming the field.
use chrono::{Datelike, Utc};
use entity::types::CardBrand;
use service::payments::{self, CardKeys, MaskedCard, NewCard};
use service::{Actor, Error, Subject};

use super::{MASTERCARD, VISA, card, keys};
use crate::harness::field_of;
use crate::harness::{TestDb, verified_user};

/// Ada with two cards under key 1: a Visa (the first, so the default), then a Mastercard.
struct AdasCards {
    ada: Actor,
    keys: CardKeys,
    first: MaskedCard,
    second: MaskedCard,
}

impl AdasCards {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await;
        let keys = keys(&[(1, 1)]);
        let first = payments::create_card(&t.db, ada, &keys, card(VISA))
            .await
            .unwrap();
        let second = payments::create_card(&t.db, ada, &keys, card(MASTERCARD))
            .await
            .unwrap();
        Self {
            ada,
            keys,
            first,
            second,
        }
    }
}

/// A card's brand and last four digits are read from its number; the first card is the default.
async fn the_first_card_is_the_default_and_its_number_is_revealed(t: &TestDb) {
    let AdasCards {
        ada,
        keys,
        first,
        second,
    } = AdasCards::insert(t).await;
    assert_eq!(first.brand, CardBrand::Visa);
    assert_eq!(first.masked_number, "**** 1111");
    assert!(first.is_default, "the first card is the default");
    assert!(!second.is_default);
    assert_eq!(second.brand, CardBrand::Mastercard);
    let revealed = payments::reveal_card_number(&t.db, ada, &keys, second.id)
        .await
        .unwrap();
    assert_eq!(revealed.expose(), "5555555555554444");
}

/// Stored encrypted: neither the number nor its digits in clear; a fresh nonce per row.
async fn a_card_number_is_stored_encrypted_with_a_fresh_nonce(t: &TestDb) {
    let ada = AdasCards::insert(t).await.ada;
    let stored = t
        .query(
            "SELECT card_number_encrypted, encryption_key_id FROM user_payment_methods \
             WHERE user_id = $1",
            vec![ada.into()],
        )
        .await;
    let texts: Vec<String> = stored
        .iter()
        .map(|r| r.try_get("", "card_number_encrypted").unwrap())
        .collect();
    for text in &texts {
        assert!(!text.contains("4111111111111111") && !text.contains("5555555555554444"));
    }
    assert_ne!(texts[0], texts[1]);
}

/// Listing: one query, default first, masked.
async fn cards_list_in_one_query_default_first_and_masked(t: &TestDb) {
    let AdasCards {
        ada, first, second, ..
    } = AdasCards::insert(t).await;
    let before = t.statement_count();
    let listed = payments::list_cards(&t.db, ada).await.unwrap();
    assert_eq!(t.statement_count() - before, 1, "one query");
    assert_eq!(
        listed.iter().map(|c| c.id).collect::<Vec<_>>(),
        [first.id, second.id]
    );
    let shown = format!("{listed:?}");
    assert!(shown.contains("**** 4444") && !shown.contains("5555555555554444"));
}

/// The default moves to the card chosen, or to a new card made the default: one at a time.
async fn the_default_moves_when_chosen_or_with_a_new_card(t: &TestDb) {
    let AdasCards {
        ada, keys, second, ..
    } = AdasCards::insert(t).await;
    let now_default = payments::set_default_card(&t.db, ada, second.id)
        .await
        .unwrap();
    assert!(now_default.is_default);
    let listed = payments::list_cards(&t.db, ada).await.unwrap();
    assert_eq!(listed[0].id, second.id);
    assert!(!listed[1].is_default);

    let mut third = card("3782 822463 10005");
    third.make_default = true;
    let third = payments::create_card(&t.db, ada, &keys, third)
        .await
        .unwrap();
    assert_eq!(third.brand, CardBrand::Amex);
    let defaults = payments::list_cards(&t.db, ada)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.is_default)
        .map(|c| c.id)
        .collect::<Vec<_>>();
    assert_eq!(defaults, [third.id]);
}

/// A deleted card is gone: the others stay, and deleting it again finds nothing.
async fn a_deleted_card_is_gone(t: &TestDb) {
    let AdasCards { ada, second, .. } = AdasCards::insert(t).await;
    payments::delete_card(&t.db, ada, second.id).await.unwrap();
    assert_eq!(payments::list_cards(&t.db, ada).await.unwrap().len(), 1);
    assert!(matches!(
        payments::delete_card(&t.db, ada, second.id).await,
        Err(Error::NotFound {
            what: Subject::PaymentMethod
        })
    ));
}

async fn card_input_is_validated_naming_the_field(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let keys = keys(&[(1, 1)]);
    let now = Utc::now();
    let (year, month) = (now.year(), i32::try_from(now.month()).unwrap());
    let bad_numbers = [
        "4111 1111 1111 1112",  // Luhn
        "4111",                 // too short
        "41111111111111111113", // 20 digits
        "4111.1111.1111.1111",  // other separators
        "4111\u{0}1111",        // NUL
    ];
    for number in bad_numbers {
        let err = payments::create_card(&t.db, ada, &keys, card(number)).await;
        let text = format!(
            "{err:?} {}",
            err.as_ref()
                .map_or_else(ToString::to_string, |_| String::new())
        );
        assert!(
            !text.contains("1111 1111"),
            "the input is not echoed: {text}"
        );
        assert_eq!(field_of(err), "card_number", "{number:?}");
    }
    let with = |expires_month, expires_year| NewCard {
        id: None,
        expires_month,
        expires_year,
        ..card(VISA)
    };
    assert_eq!(
        field_of(payments::create_card(&t.db, ada, &keys, with(6, year - 1)).await),
        "expires_year"
    );
    if month > 1 {
        assert_eq!(
            field_of(payments::create_card(&t.db, ada, &keys, with(month - 1, year)).await),
            "expires_month"
        );
    }
    assert_eq!(
        field_of(payments::create_card(&t.db, ada, &keys, with(13, year + 1)).await),
        "expires_month"
    );
    let blank = NewCard {
        id: None,
        holder: "  ".to_owned(),
        ..card(VISA)
    };
    assert_eq!(
        field_of(payments::create_card(&t.db, ada, &keys, blank).await),
        "card_holder"
    );
    // The current month is still valid.
    payments::create_card(&t.db, ada, &keys, with(month, year))
        .await
        .unwrap();
    let count = "SELECT COUNT(*) FROM user_payment_methods";
    assert_eq!(
        t.count(count, vec![]).await,
        1,
        "refused input wrote nothing"
    );
}

dual!(
    the_first_card_is_the_default_and_its_number_is_revealed,
    a_card_number_is_stored_encrypted_with_a_fresh_nonce,
    cards_list_in_one_query_default_first_and_masked,
    the_default_moves_when_chosen_or_with_a_new_card,
    a_deleted_card_is_gone,
    card_input_is_validated_naming_the_field,
);
