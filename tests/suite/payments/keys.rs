//! The card encryption keys: a wrong or missing key, or a malformed key variable, is a
//! configuration error; keys rotate in batches and old rows stay readable throughout.
use base64::Engine as _;
use service::Error;
use service::payments::{self, CardKeys, CardNumber};

use super::{MASTERCARD, VISA, card, key, keys};
use crate::harness::{TestDb, verified_user};

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

dual!(
    wrong_or_missing_keys_are_config_errors,
    keys_rotate_and_old_rows_stay_readable,
);
