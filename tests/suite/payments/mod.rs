//! Payment cards: the table's rules through raw SQL, and the service's encryption, rotation,
//! masking and ownership, on both backends.
use base64::Engine as _;
use chrono::{Datelike, Utc};
use entity::types::CardBrand;
use sea_orm::EntityTrait;
use service::Error;
use service::Subject;
use service::payments::{self, CardKeys, CardNumber, NewCard};
use uuid::Uuid;

use crate::harness::{TestDb, insert_user, verified_user};
use crate::rule_cases::{self, Case, Row, Table};

const VISA: &str = "4111 1111 1111 1111";
const MASTERCARD: &str = "5555-5555-5555-4444";

fn key(byte: u8) -> String {
    base64::engine::general_purpose::STANDARD.encode([byte; 32])
}

/// A key set passed explicitly (never the process environment, which parallel tests share).
fn keys(spec: &[(i32, u8)]) -> CardKeys {
    let text: Vec<String> = spec
        .iter()
        .map(|(id, b)| format!("{id}:{}", key(*b)))
        .collect();
    CardKeys::parse(&text.join(",")).unwrap()
}

fn next_year() -> i32 {
    Utc::now().year() + 1
}

fn card(number: &str) -> NewCard {
    NewCard {
        id: None,
        number: number.to_owned(),
        holder: "Ada Lovelace".to_owned(),
        expires_month: 6,
        expires_year: next_year(),
        make_default: false,
    }
}

/// A well-formed card row of `user`, not the default.
fn card_row(user: Uuid) -> Row {
    Row::new("user_payment_methods")
        .col("user_id", user)
        .col("card_number_encrypted", "AAAA")
        .col("encryption_key_id", 1_i32)
        .col("card_holder", "Ada")
        .col("brand", "visa")
        .col("last_four", "1111")
        .col("expires_month", 12_i32)
        .col("expires_year", 2030_i32)
        .col("is_default", false)
}

fn card_cases(ada: Uuid, bob: Uuid) -> Table {
    let id = Uuid::new_v4();
    let default = card_row(ada).col("is_default", true);
    rule_cases::table(
        card_row(ada),
        [
            Case::refused("chk_user_payment_methods_key_id").set("encryption_key_id", 0_i32),
            Case::refused("chk_user_payment_methods_holder").set("card_holder", "  "),
            Case::refused("chk_user_payment_methods_brand").set("brand", "bitcoin"),
            Case::refused("chk_user_payment_methods_last_four").set("last_four", "12a4"),
            Case::refused("chk_user_payment_methods_last_four").set("last_four", "123"),
            Case::refused("chk_user_payment_methods_expires_month").set("expires_month", 0_i32),
            Case::refused("chk_user_payment_methods_expires_month").set("expires_month", 13_i32),
            Case::refused("chk_user_payment_methods_expires_year").set("expires_year", 1999_i32),
            Case::refused("chk_user_payment_methods_expires_year").set("expires_year", 10_000_i32),
            Case::refused("fk_user_payment_methods_user").set("user_id", Uuid::new_v4()),
            Case::accepted("expiry at the lower bounds")
                .set("expires_month", 1_i32)
                .set("expires_year", 2000_i32),
            Case::accepted("expiry at the upper bounds")
                .set("expires_month", 12_i32)
                .set("expires_year", 9999_i32),
            // One default card per user; another user's default is no conflict.
            Case::refused("uq_user_payment_methods_default")
                .after(default.clone())
                .set("is_default", true),
            Case::accepted("bob's default")
                .after(default)
                .set("user_id", bob)
                .set("is_default", true),
            Case::refused("user_payment_methods_pkey")
                .after(card_row(ada).col("id", id))
                .set("id", id),
        ],
    )
}

async fn payment_methods_checks_keys_and_cascade(t: &TestDb) {
    let ada = insert_user(t, "ada", true).await.id();
    let bob = insert_user(t, "bob", true).await.id();
    rule_cases::run(t, &[card_cases(ada, bob)]).await;

    for user in [ada, bob] {
        rule_cases::insert(t, &card_row(user)).await;
    }
    let count = "SELECT COUNT(*) FROM user_payment_methods WHERE user_id = $1";
    t.exec("DELETE FROM users WHERE id = $1", vec![ada.into()])
        .await
        .unwrap();
    assert_eq!(
        t.count(count, vec![ada.into()]).await,
        0,
        "deleted with the user"
    );
    assert_eq!(t.count(count, vec![bob.into()]).await, 1);
}

async fn card_round_trip_masked_listing_and_defaults(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let keys = keys(&[(1, 1)]);
    let first = payments::create_card(&t.db, ada, &keys, card(VISA))
        .await
        .unwrap();
    assert_eq!(first.brand, CardBrand::Visa);
    assert_eq!(first.masked_number, "**** 1111");
    assert!(first.is_default, "the first card is the default");
    let second = payments::create_card(&t.db, ada, &keys, card(MASTERCARD))
        .await
        .unwrap();
    assert!(!second.is_default);
    assert_eq!(second.brand, CardBrand::Mastercard);

    let revealed = payments::reveal_card_number(&t.db, ada, &keys, second.id)
        .await
        .unwrap();
    assert_eq!(revealed.expose(), "5555555555554444");

    // Stored encrypted: neither the number nor its digits in clear; a fresh nonce per row.
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

    // Listing: one query, default first, masked.
    let before = t.statement_count();
    let listed = payments::list_cards(&t.db, ada).await.unwrap();
    assert_eq!(t.statement_count() - before, 1, "one query");
    assert_eq!(
        listed.iter().map(|c| c.id).collect::<Vec<_>>(),
        [first.id, second.id]
    );
    let shown = format!("{listed:?}");
    assert!(shown.contains("**** 4444") && !shown.contains("5555555555554444"));

    let now_default = payments::set_default_card(&t.db, ada, second.id)
        .await
        .unwrap();
    assert!(now_default.is_default);
    let listed = payments::list_cards(&t.db, ada).await.unwrap();
    assert_eq!(listed[0].id, second.id);
    assert!(!listed[1].is_default);

    // make_default moves the default too.
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

    payments::delete_card(&t.db, ada, first.id).await.unwrap();
    assert_eq!(payments::list_cards(&t.db, ada).await.unwrap().len(), 2);
    assert!(matches!(
        payments::delete_card(&t.db, ada, first.id).await,
        Err(Error::NotFound {
            what: Subject::PaymentMethod
        })
    ));
}

fn field_of<T: std::fmt::Debug>(result: service::Result<T>) -> String {
    match result {
        Err(Error::Validation { field, .. }) => field.into_owned(),
        other => panic!("expected a validation error, got {other:?}"),
    }
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

async fn wrong_or_missing_keys_are_config_errors(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let added = payments::create_card(&t.db, ada, &keys(&[(1, 1)]), card(VISA))
        .await
        .unwrap();
    // The same id with another key: authentication fails.
    let wrong = payments::reveal_card_number(&t.db, ada, &keys(&[(1, 2)]), added.id).await;
    assert!(
        matches!(wrong, Err(Error::Config(ref m)) if m.contains("does not decrypt")),
        "{wrong:?}"
    );
    // The row's key is not listed.
    let missing = payments::reveal_card_number(&t.db, ada, &keys(&[(2, 1)]), added.id).await;
    assert!(
        matches!(missing, Err(Error::Config(ref m)) if m.contains("does not list")),
        "{missing:?}"
    );

    // A ciphertext moved onto another row does not decrypt there.
    let other = payments::create_card(&t.db, ada, &keys(&[(1, 1)]), card(MASTERCARD))
        .await
        .unwrap();
    t.exec(
        "UPDATE user_payment_methods SET card_number_encrypted = \
         (SELECT card_number_encrypted FROM user_payment_methods WHERE id = $1) WHERE id = $2",
        vec![added.id.into(), other.id.into()],
    )
    .await
    .unwrap();
    let moved = payments::reveal_card_number(&t.db, ada, &keys(&[(1, 1)]), other.id).await;
    assert!(matches!(moved, Err(Error::Config(_))), "{moved:?}");

    // Malformed key variables, each named without the key.
    let secret = key(9);
    for bad in [
        String::new(),
        "1".to_owned(),
        format!("0:{secret}"),
        format!("x:{secret}"),
        "1:not base64!".to_owned(),
        format!(
            "1:{}",
            base64::engine::general_purpose::STANDARD.encode([1_u8; 16])
        ),
        format!("1:{secret},1:{secret}"),
        format!("1:{secret},"),
    ] {
        match CardKeys::parse(&bad) {
            Err(Error::Config(message)) => {
                assert!(message.contains("PAYMENT_CARD_KEYS"), "{message}");
                assert!(!message.contains(&secret), "{message}");
            }
            other => panic!("{bad:?} should be refused, got {other:?}"),
        }
    }
    let parsed = keys(&[(2, 2), (1, 1)]);
    assert_eq!(parsed.current_key_id(), 2);
    assert_eq!(format!("{parsed:?}"), "CardKeys { ids: [2, 1] }");
}

async fn keys_rotate_and_old_rows_stay_readable(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let bob = verified_user(t, "bob").await;
    let old = keys(&[(1, 1)]);
    let mut ids = Vec::new();
    for (user, number) in [(ada, VISA), (bob, MASTERCARD), (ada, MASTERCARD)] {
        ids.push((
            user,
            payments::create_card(&t.db, user, &old, card(number))
                .await
                .unwrap()
                .id,
        ));
    }
    let both = keys(&[(2, 2), (1, 1)]);
    for (user, id) in &ids {
        payments::reveal_card_number(&t.db, *user, &both, *id)
            .await
            .unwrap();
    }
    // A card added during the rotation is under the new key already.
    let new = payments::create_card(&t.db, bob, &both, card(VISA))
        .await
        .unwrap();
    let key_of = "SELECT encryption_key_id FROM user_payment_methods WHERE id = $1";
    let rows = t.query(key_of, vec![new.id.into()]).await;
    assert_eq!(rows[0].try_get::<i32>("", "encryption_key_id").unwrap(), 2);

    // In batches, each one transaction.
    assert_eq!(payments::reencrypt_cards(&t.db, &both, 2).await.unwrap(), 2);
    assert_eq!(payments::reencrypt_cards(&t.db, &both, 2).await.unwrap(), 1);
    assert_eq!(payments::reencrypt_cards(&t.db, &both, 2).await.unwrap(), 0);
    let under_one = "SELECT COUNT(*) FROM user_payment_methods WHERE encryption_key_id = 1";
    assert_eq!(t.count(under_one, vec![]).await, 0);

    let only_new = keys(&[(2, 2)]);
    let numbers = [VISA, MASTERCARD, MASTERCARD];
    for ((user, id), number) in ids.iter().zip(numbers) {
        let revealed = payments::reveal_card_number(&t.db, *user, &only_new, *id)
            .await
            .unwrap();
        assert_eq!(revealed, CardNumber::parse(number).unwrap());
    }
    // The old key alone no longer reads them.
    let stale = payments::reveal_card_number(&t.db, ada, &old, ids[0].1).await;
    assert!(matches!(stale, Err(Error::Config(_))), "{stale:?}");

    // A row under a key nobody lists stops the rotation and changes nothing.
    t.exec(
        "UPDATE user_payment_methods SET encryption_key_id = 7 WHERE id = $1",
        vec![ids[0].1.into()],
    )
    .await
    .unwrap();
    let three = keys(&[(3, 3), (2, 2)]);
    assert!(matches!(
        payments::reencrypt_cards(&t.db, &three, 100).await,
        Err(Error::Config(_))
    ));
    let under_three = "SELECT COUNT(*) FROM user_payment_methods WHERE encryption_key_id = 3";
    assert_eq!(t.count(under_three, vec![]).await, 0);
}

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
    payment_methods_checks_keys_and_cascade,
    card_round_trip_masked_listing_and_defaults,
    card_input_is_validated_naming_the_field,
    wrong_or_missing_keys_are_config_errors,
    keys_rotate_and_old_rows_stay_readable,
    no_clear_number_in_debug_or_errors,
    another_users_cards_are_not_found,
);
