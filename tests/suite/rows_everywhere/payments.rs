//! A payment card, the default.
use chrono::{Datelike, Utc};
use service::payments::{self, CardKeys, NewCard};

use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: service::Actor) {
    let keys = &CardKeys::parse(&format!(
        "1:{}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [5_u8; 32])
    ))
    .unwrap();
    let card = NewCard {
        id: None,
        number: "4111 1111 1111 1111".to_owned(),
        holder: "Card Holder".to_owned(),
        expires_month: 1,
        expires_year: Utc::now().year() + 2,
        make_default: true,
    };
    payments::create_card(&t.db, user, keys, card)
        .await
        .unwrap();
}
