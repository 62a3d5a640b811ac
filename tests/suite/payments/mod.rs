//! Payment cards, on both backends, by topic: the table's rules through raw SQL (`rules`), the
//! service's cards with their masking, defaults and input checks (`cards`), the encryption keys
//! and their rotation (`keys`), and the secrecy of the numbers and ownership of the cards
//! (`secrecy`). The helpers here are the keys and cards they share.
use base64::Engine as _;
use chrono::{Datelike, Utc};
use service::payments::{CardKeys, NewCard};

mod cards;
mod keys;
mod rules;
mod secrecy;

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
