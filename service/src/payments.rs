//! Payment cards (seed 002 §10.2, repaired: `docs/DESIGN.md` D13).
//!
//! The card number is encrypted here, in the application, with AES-256-GCM under a key from
//! the environment ([`CARD_KEYS_VAR`]), so SQLite and PostgreSQL store the same text and no key
//! travels in SQL. Each row has a random 96-bit nonce, stored with its ciphertext, and the
//! ciphertext is bound to its row and its owner (associated data: the row's id and user id), so
//! a ciphertext copied onto another row, or another user's row, does not decrypt. Brand, last
//! four digits and expiry are stored in clear: listing cards decrypts nothing.
//!
//! Keys rotate: the variable lists several keys with ids, the first encrypts, every listed one
//! decrypts, and [`reencrypt_cards`] moves rows to the first. A missing or malformed variable, a
//! row under a key that is not listed, or a key that fails to authenticate the row, is an
//! [`Error::Config`]: never garbage, never a panic, and never the number or the key in a
//! message.
//!
//! ```no_run
//! use service::payments::{self, CardKeys, NewCard};
//!
//! # async fn cards(db: &service::Db, user_id: service::Actor) -> service::Result<()> {
//! let keys = CardKeys::from_env()?; // PAYMENT_CARD_KEYS=1:<base64 of 32 bytes>
//! let card = NewCard {
//!     id: None,
//!     number: "4111 1111 1111 1111".into(),
//!     holder: "Ada Lovelace".into(),
//!     expires_month: 12,
//!     expires_year: 2030,
//!     make_default: true,
//! };
//! let added = payments::create_card(db, user_id, &keys, card).await?;
//! for card in payments::list_cards(db, user_id).await? {
//!     println!("{:?} {} {:02}/{}", card.brand, card.masked_number, card.expires_month, card.expires_year);
//! }
//! payments::delete_card(db, user_id, added.id).await?;
//! # Ok(())
//! # }
//! ```
use crate::{Actor, Conn};
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use catalog::Subject;
use chrono::{Datelike, Utc};
use entity::types::{CardBrand, SealedCard, Timestamp};
use entity::user_payment_methods as cards;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::Zeroize;

use catalog::tables::USER_PAYMENT_METHODS;

use crate::accounts::{live_user, owner_is_live};
use crate::input::no_nul;
use crate::{Error, Result, acting};

/// The environment variable holding the card keys: `<id>:<base64 of 32 bytes>` entries,
/// comma-separated, the first encrypting (`PAYMENT_CARD_KEYS=2:<key 2>,1:<key 1>`). Ids are
/// positive integers, each listed once.
pub const CARD_KEYS_VAR: &str = "PAYMENT_CARD_KEYS";

/// The nonce length of AES-GCM: 96 bits.
const NONCE_LEN: usize = 12;

/// Binds a ciphertext to the table, the format version, its row and its owner.
const AAD_PREFIX: &[u8] = b"eatsential/user_payment_methods/v1";

/// The keys that encrypt and decrypt card numbers: the first encrypts, all decrypt. Its `Debug`
/// shows the key ids only.
pub struct CardKeys {
    /// Never empty; the first is the current key.
    keys: Vec<(i32, Aes256Gcm)>,
}

impl std::fmt::Debug for CardKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<i32> = self.keys.iter().map(|(id, _)| *id).collect();
        f.debug_struct("CardKeys").field("ids", &ids).finish()
    }
}

impl CardKeys {
    /// The keys in [`CARD_KEYS_VAR`].
    ///
    /// # Errors
    /// [`Error::Config`] when the variable is missing, not Unicode, or malformed (see
    /// [`CardKeys::parse`]).
    pub fn from_env() -> Result<Self> {
        match std::env::var(CARD_KEYS_VAR) {
            Ok(value) => Self::parse(&value),
            Err(std::env::VarError::NotPresent) => Err(Error::Config(format!(
                "{CARD_KEYS_VAR} is not set: payment cards need `<id>:<base64 of 32 bytes>`"
            ))),
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::Config(format!(
                "{CARD_KEYS_VAR} is not valid Unicode"
            ))),
        }
    }

    /// Keys written as in [`CARD_KEYS_VAR`]: `2:<base64>,1:<base64>`. Blanks around entries are
    /// ignored. Messages name the entry by position, never its key.
    ///
    /// # Errors
    /// [`Error::Config`] for an empty list, an entry without `:`, an id that is not a positive
    /// integer or is listed twice, a key that is not base64 (standard alphabet) or not 32 bytes.
    pub fn parse(value: &str) -> Result<Self> {
        let bad = |n: usize, why: &str| Error::Config(format!("{CARD_KEYS_VAR}: entry {n} {why}"));
        let mut keys: Vec<(i32, Aes256Gcm)> = Vec::new();
        for (i, entry) in value.split(',').enumerate() {
            let n = i + 1;
            let entry = entry.trim();
            if entry.is_empty() {
                return Err(bad(n, "is empty (expected `<id>:<base64 of 32 bytes>`)"));
            }
            let (id, key) = entry
                .split_once(':')
                .ok_or_else(|| bad(n, "is not `<id>:<base64 of 32 bytes>`"))?;
            let id: i32 = id
                .trim()
                .parse()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| bad(n, "has an id that is not a positive integer"))?;
            if keys.iter().any(|(other, _)| *other == id) {
                return Err(bad(n, &format!("repeats key id {id}")));
            }
            let mut bytes = BASE64
                .decode(key.trim())
                .map_err(|_| bad(n, "has a key that is not base64"))?;
            if bytes.len() != 32 {
                bytes.zeroize();
                return Err(bad(n, "has a key that is not 32 bytes (AES-256)"));
            }
            let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&bytes));
            bytes.zeroize();
            keys.push((id, cipher));
        }
        Ok(Self { keys })
    }

    /// The id of the key new ciphertexts are made with.
    pub fn current_key_id(&self) -> i32 {
        self.keys[0].0
    }

    fn current(&self) -> &(i32, Aes256Gcm) {
        &self.keys[0]
    }

    fn by_id(&self, id: i32) -> Option<&Aes256Gcm> {
        self.keys.iter().find(|(k, _)| *k == id).map(|(_, c)| c)
    }

    /// Encrypts `number` for row `row_id` of `user_id` under the current key.
    fn seal(&self, row_id: Uuid, user_id: Uuid, number: &CardNumber) -> Result<(i32, SealedCard)> {
        let (key_id, cipher) = self.current();
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(row_id, user_id);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: number.0.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Config("payment card encryption failed".to_owned()))?;
        let mut stored = Vec::with_capacity(NONCE_LEN + sealed.len());
        stored.extend_from_slice(&nonce);
        stored.extend_from_slice(&sealed);
        Ok((*key_id, SealedCard(BASE64.encode(stored))))
    }

    /// Decrypts a stored card number, checking it belongs to this row and owner.
    fn open(&self, row: &cards::Model) -> Result<CardNumber> {
        let key_id = row.encryption_key_id;
        let cipher = self.by_id(key_id).ok_or_else(|| {
            Error::Config(format!(
                "payment method {} is encrypted under key {key_id}, which {CARD_KEYS_VAR} does not list",
                row.id
            ))
        })?;
        let unreadable = || {
            Error::Config(format!(
                "payment method {} does not decrypt under key {key_id}: wrong key, or the stored \
                 ciphertext was altered or moved from another row",
                row.id
            ))
        };
        let stored = BASE64
            .decode(row.card_number_encrypted.as_str())
            .map_err(|_| unreadable())?;
        if stored.len() <= NONCE_LEN {
            return Err(unreadable());
        }
        let (nonce, sealed) = stored.split_at(NONCE_LEN);
        let aad = associated_data(row.id, row.user_id);
        let mut clear = cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| unreadable())?;
        let number = std::str::from_utf8(&clear)
            .ok()
            .and_then(|text| CardNumber::parse(text).ok());
        clear.zeroize();
        number.ok_or_else(unreadable)
    }
}

fn associated_data(row_id: Uuid, user_id: Uuid) -> Vec<u8> {
    let mut aad = Vec::with_capacity(AAD_PREFIX.len() + 32);
    aad.extend_from_slice(AAD_PREFIX);
    aad.extend_from_slice(row_id.as_bytes());
    aad.extend_from_slice(user_id.as_bytes());
    aad
}

/// A card number in clear: 12 to 19 digits passing the Luhn check. Its `Debug` shows nothing of
/// it, it has no `Display`, and its memory is wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber(String);

impl CardNumber {
    /// Reads a number as people type it: digits, with spaces or dashes anywhere.
    ///
    /// # Errors
    /// [`Error::Validation`] on `card_number` (the message never repeats the input).
    pub fn parse(raw: &str) -> Result<Self> {
        no_nul("card_number", raw)?;
        let mut digits = String::with_capacity(raw.len());
        for c in raw.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' => {}
                _ => {
                    digits.zeroize();
                    return Err(Error::invalid(
                        "card_number",
                        "may contain only digits, spaces and dashes",
                    ));
                }
            }
        }
        let number = Self(digits);
        if !(12..=19).contains(&number.0.len()) {
            return Err(Error::invalid("card_number", "must be 12 to 19 digits"));
        }
        if !luhn_valid(&number.0) {
            return Err(Error::invalid(
                "card_number",
                "is not a valid card number (Luhn check)",
            ));
        }
        Ok(number)
    }

    /// The digits, to hand to a payment processor. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn last_four(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    /// `**** 1234`.
    pub fn masked(&self) -> String {
        mask(self.last_four())
    }

    /// The brand its leading digits (IIN ranges) say.
    pub fn brand(&self) -> CardBrand {
        brand_of(&self.0)
    }
}

impl std::fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CardNumber(<redacted>)")
    }
}

impl Drop for CardNumber {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

fn mask(last_four: &str) -> String {
    format!("**** {last_four}")
}

/// The Luhn checksum over ASCII digits.
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The brand by the issuer ranges the card networks publish.
fn brand_of(digits: &str) -> CardBrand {
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
    let in_range =
        |n: usize, low: u32, high: u32| prefix(n).is_some_and(|p| (low..=high).contains(&p));
    if digits.starts_with('4') {
        CardBrand::Visa
    } else if in_range(2, 51, 55) || in_range(4, 2221, 2720) {
        CardBrand::Mastercard
    } else if in_range(2, 34, 34) || in_range(2, 37, 37) {
        CardBrand::Amex
    } else if in_range(4, 6011, 6011) || in_range(3, 644, 649) || in_range(2, 65, 65) {
        CardBrand::Discover
    } else if in_range(3, 300, 305) || in_range(2, 36, 36) || in_range(2, 38, 39) {
        CardBrand::Diners
    } else if in_range(4, 3528, 3589) {
        CardBrand::Jcb
    } else if in_range(2, 62, 62) {
        CardBrand::UnionPay
    } else {
        CardBrand::Other
    }
}

/// A card to add. Its `Debug` hides the number.
#[derive(Clone, Deserialize)]
pub struct NewCard {
    /// The card's id, chosen by the client so the call can be repeated safely (see
    /// [`create_card`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    /// As typed: digits, spaces and dashes.
    pub number: String,
    pub holder: String,
    pub expires_month: i32,
    pub expires_year: i32,
    /// Make it the user's default card (the first card a user adds is the default anyway).
    pub make_default: bool,
}

impl std::fmt::Debug for NewCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewCard")
            .field("id", &self.id)
            .field("number", &"<redacted>")
            .field("holder", &self.holder)
            .field("expires_month", &self.expires_month)
            .field("expires_year", &self.expires_year)
            .field("make_default", &self.make_default)
            .finish()
    }
}

/// A card as listings show it: never the number, never its ciphertext.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MaskedCard {
    pub id: Uuid,
    pub brand: CardBrand,
    /// `**** 1234`.
    pub masked_number: String,
    pub last_four: String,
    pub card_holder: String,
    pub expires_month: i32,
    pub expires_year: i32,
    pub is_default: bool,
    pub created_at: Timestamp,
}

impl From<cards::Model> for MaskedCard {
    fn from(row: cards::Model) -> Self {
        Self {
            id: row.id,
            brand: row.brand,
            masked_number: mask(&row.last_four),
            last_four: row.last_four,
            card_holder: row.card_holder,
            expires_month: row.expires_month,
            expires_year: row.expires_year,
            is_default: row.is_default,
            created_at: row.created_at,
        }
    }
}

/// The expiry is a real month, and not before the current month (UTC): a card is valid through
/// the last day of its expiry month.
fn validate_expiry(month: i32, year: i32, today: chrono::NaiveDate) -> Result<()> {
    if !(1..=12).contains(&month) {
        return Err(Error::invalid("expires_month", "must be between 1 and 12"));
    }
    if !(2000..=9999).contains(&year) {
        return Err(Error::invalid(
            "expires_year",
            "must be between 2000 and 9999",
        ));
    }
    if year < today.year() {
        return Err(Error::invalid("expires_year", "is in the past"));
    }
    if year == today.year() && u32::try_from(month).unwrap_or(0) < today.month() {
        return Err(Error::invalid("expires_month", "is in the past"));
    }
    Ok(())
}

fn validate_holder(holder: &str) -> Result<String> {
    no_nul("card_holder", holder)?;
    let holder = holder.trim();
    if holder.is_empty() {
        return Err(Error::invalid("card_holder", "must not be blank"));
    }
    if holder.chars().count() > 255 {
        return Err(Error::invalid(
            "card_holder",
            "must be at most 255 characters long",
        ));
    }
    Ok(holder.to_owned())
}

/// What a caller is told of a card that is not theirs or does not exist.
const NOT_FOUND: Error = Error::NotFound {
    what: Subject::PaymentMethod,
};

/// The user's card `card_id` (another user's card, or a deleted user's, is not found).
fn mine(user_id: Uuid, card_id: Uuid) -> sea_orm::Select<cards::Entity> {
    cards::Entity::find().filter(crate::owned::own(
        user_id,
        card_id,
        (cards::Column::Id, cards::Column::UserId),
    ))
}

/// Clears the user's default card, but for `except`.
async fn clear_default<C: sea_orm::ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    except: Option<Uuid>,
) -> Result<()> {
    let mut update = cards::Entity::update_many()
        .col_expr(cards::Column::IsDefault, Expr::value(false))
        .filter(cards::Column::UserId.eq(user_id))
        .filter(cards::Column::IsDefault.eq(true));
    if let Some(id) = except {
        update = update.filter(cards::Column::Id.ne(id));
    }
    update.exec(db).await?;
    Ok(())
}

/// Whether a stored card is what [`create_card`] would store now: the same number (decrypted: its
/// ciphertext has a nonce of its own), holder and expiry, and the default when the call makes
/// it so (a card added without `make_default` may be the default or not).
fn same_card(
    keys: &CardKeys,
    stored: &cards::Model,
    number: &CardNumber,
    holder: &str,
    card: &NewCard,
) -> Result<bool> {
    Ok(stored.card_holder == holder
        && stored.expires_month == card.expires_month
        && stored.expires_year == card.expires_year
        && (stored.is_default || !card.make_default)
        && keys.open(stored)? == *number)
}

/// Adds a card for the user: the number checked (12 to 19 digits, Luhn), the expiry not past,
/// the number encrypted under the current key. The user's first card becomes the default.
/// Repeated with the same `id` and the same card, it returns the stored card and writes
/// nothing (no other card loses its default).
///
/// # Errors
/// [`Error::Validation`] (`card_number`, `card_holder`, `expires_month`, `expires_year`),
/// [`Error::NotFound`] (`user`) for an unknown or deleted user, [`Error::Config`] if encryption
/// fails (or, on a repeat, the stored card's key is not in `keys`); [`Error::Conflict`]
/// (`payment method id`) when `id` holds another card, or another user's.
#[crate::traced("payments::create_card")]
pub async fn create_card(
    db: &impl Conn,
    actor: Actor,
    keys: &CardKeys,
    card: NewCard,
) -> Result<MaskedCard> {
    let number = CardNumber::parse(&card.number)?;
    let holder = validate_holder(&card.holder)?;
    validate_expiry(
        card.expires_month,
        card.expires_year,
        Utc::now().date_naive(),
    )?;

    let txn = acting::write(db, Some(actor)).await?;
    live_user(&txn, actor.id()).await?;
    let has_cards = cards::Entity::find()
        .select_only()
        .column(cards::Column::Id)
        .filter(cards::Column::UserId.eq(actor))
        .into_tuple::<Uuid>()
        .one(&txn)
        .await?
        .is_some();
    let is_default = card.make_default || !has_cards;
    let once = crate::idempotent::Once::<cards::Entity>::new(
        card.id,
        (cards::Column::Id, cards::Column::UserId),
        Subject::PaymentMethodId,
    );
    let id = once.id;
    if is_default {
        // Not the card under this id: a repeat compares it as it was stored.
        clear_default(&txn, actor.id(), Some(id)).await?;
    }
    let (key_id, sealed) = keys.seal(id, actor.id(), &number)?;
    let now = Timestamp::now();
    let row = cards::ActiveModel {
        id: Set(id),
        user_id: Set(actor.id()),
        card_number_encrypted: Set(sealed),
        encryption_key_id: Set(key_id),
        card_holder: Set(holder.clone()),
        brand: Set(number.brand()),
        last_four: Set(number.last_four().to_owned()),
        expires_month: Set(card.expires_month),
        expires_year: Set(card.expires_year),
        is_default: Set(is_default),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let refused = Error::writing(USER_PAYMENT_METHODS);
    let row = match once.insert(&txn, actor, row, refused).await? {
        crate::idempotent::Claim::New(row) => row,
        crate::idempotent::Claim::Stored(stored) => {
            let same = same_card(keys, &stored, &number, &holder, &card)?;
            return once.repeat(txn, stored.into(), same).await;
        }
    };
    txn.commit().await?;
    Ok(row.into())
}

/// The user's cards, masked: the default first, then oldest first. One query; decrypts nothing.
///
/// # Errors
/// [`Error::Db`] only (an unknown or deleted user has no cards).
#[crate::traced("payments::list_cards")]
pub async fn list_cards(db: &impl Conn, actor: Actor) -> Result<Vec<MaskedCard>> {
    let txn = acting::read(db, Some(actor)).await?;
    let rows = cards::Entity::find()
        .filter(cards::Column::UserId.eq(actor))
        .filter(owner_is_live(cards::Column::UserId))
        .order_by_desc(cards::Column::IsDefault)
        .order_by_asc(cards::Column::CreatedAt)
        .order_by_asc(cards::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows.into_iter().map(MaskedCard::from).collect())
}

/// Makes one of the user's cards the default (and no other).
///
/// # Errors
/// [`Error::NotFound`] (`payment method`) for an unknown card or another user's.
#[crate::traced("payments::set_default_card")]
pub async fn set_default_card(db: &impl Conn, actor: Actor, card_id: Uuid) -> Result<MaskedCard> {
    let txn = acting::write(db, Some(actor)).await?;
    mine(actor.id(), card_id)
        .one(&txn)
        .await?
        .ok_or(NOT_FOUND)?;
    clear_default(&txn, actor.id(), Some(card_id)).await?;
    cards::Entity::update_many()
        .col_expr(cards::Column::IsDefault, Expr::value(true))
        .filter(cards::Column::Id.eq(card_id))
        .exec(&txn)
        .await?;
    let row = mine(actor.id(), card_id)
        .one(&txn)
        .await?
        .ok_or(NOT_FOUND)?;
    txn.commit().await?;
    Ok(row.into())
}

/// Removes one of the user's cards. Removing the default leaves the user without one.
///
/// # Errors
/// [`Error::NotFound`] (`payment method`) for an unknown card or another user's.
#[crate::traced("payments::delete_card")]
pub async fn delete_card(db: &impl Conn, actor: Actor, card_id: Uuid) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let removed = cards::Entity::delete_many()
        .filter(cards::Column::Id.eq(card_id))
        .filter(cards::Column::UserId.eq(actor))
        .filter(owner_is_live(cards::Column::UserId))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(NOT_FOUND);
    }
    txn.commit().await?;
    Ok(())
}

/// The number of one of the user's cards, decrypted: for the owner (or a payment processor
/// acting for them), never for a listing.
///
/// # Errors
/// [`Error::NotFound`] (`payment method`) for an unknown card or another user's;
/// [`Error::Config`] when its key is not in `keys` or does not decrypt it.
#[crate::traced("payments::reveal_card_number")]
pub async fn reveal_card_number(
    db: &impl Conn,
    actor: Actor,
    keys: &CardKeys,
    card_id: Uuid,
) -> Result<CardNumber> {
    let txn = acting::read_primary(db, Some(actor)).await?;
    let row = mine(actor.id(), card_id)
        .one(&txn)
        .await?
        .ok_or(NOT_FOUND)?;
    txn.commit().await?;
    keys.open(&row)
}

/// Re-encrypts up to `limit` cards that are under an older key with the current one, in one
/// transaction; returns how many. Call it until it returns 0, then drop the old key from
/// [`CARD_KEYS_VAR`]. It acts as no user: on PostgreSQL run it as a role that row-level security
/// lets see every user's cards (a member of `eatsential_admin`); the application's role sees
/// none and would re-encrypt nothing.
///
/// # Errors
/// [`Error::Config`] when a row's key is not listed or does not decrypt it (nothing is changed
/// then).
#[crate::traced("payments::reencrypt_cards")]
pub async fn reencrypt_cards(db: &impl Conn, keys: &CardKeys, limit: u64) -> Result<u64> {
    let current = keys.current_key_id();
    let txn = acting::write(db, None).await?;
    let rows = cards::Entity::find()
        .filter(cards::Column::EncryptionKeyId.ne(current))
        .order_by_asc(cards::Column::Id)
        .limit(limit)
        .all(&txn)
        .await?;
    let mut done = 0;
    for row in rows {
        let number = keys.open(&row)?;
        let (key_id, sealed) = keys.seal(row.id, row.user_id, &number)?;
        let updated = cards::Entity::update_many()
            .col_expr(cards::Column::CardNumberEncrypted, Expr::value(sealed))
            .col_expr(cards::Column::EncryptionKeyId, Expr::value(key_id))
            .filter(cards::Column::Id.eq(row.id))
            .filter(cards::Column::EncryptionKeyId.eq(row.encryption_key_id))
            .exec(&txn)
            .await?;
        done += updated.rows_affected;
    }
    txn.commit().await?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_brands() {
        assert!(luhn_valid("4111111111111111"));
        assert!(!luhn_valid("4111111111111112"));
        assert_eq!(brand_of("4111111111111111"), CardBrand::Visa);
        assert_eq!(brand_of("5555555555554444"), CardBrand::Mastercard);
        assert_eq!(brand_of("2223003122003222"), CardBrand::Mastercard);
        assert_eq!(brand_of("378282246310005"), CardBrand::Amex);
        assert_eq!(brand_of("6011111111111117"), CardBrand::Discover);
        assert_eq!(brand_of("30569309025904"), CardBrand::Diners);
        assert_eq!(brand_of("3530111333300000"), CardBrand::Jcb);
        assert_eq!(brand_of("6200000000000005"), CardBrand::UnionPay);
        assert_eq!(brand_of("9999999999999995"), CardBrand::Other);
    }

    #[test]
    fn expiry_is_checked_by_month() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        assert!(validate_expiry(11, 2026, today).is_ok());
        let field = |r: Result<()>| match r {
            Err(Error::Validation { field, .. }) => field.into_owned(),
            other => format!("{other:?}"),
        };
        assert_eq!(field(validate_expiry(10, 2026, today)), "expires_month");
        assert_eq!(field(validate_expiry(12, 2025, today)), "expires_year");
        assert_eq!(field(validate_expiry(13, 2030, today)), "expires_month");
        assert_eq!(field(validate_expiry(0, 2030, today)), "expires_month");
    }

    #[test]
    fn sealed_numbers_open_only_on_their_row() {
        let keys = CardKeys::parse(&format!("1:{}", BASE64.encode([7_u8; 32]))).unwrap();
        let number = CardNumber::parse("4111-1111 1111-1111").unwrap();
        let (id, user) = (Uuid::new_v4(), Uuid::new_v4());
        let (key_id, sealed) = keys.seal(id, user, &number).unwrap();
        let now = Timestamp::now();
        let mut row = cards::Model {
            id,
            user_id: user,
            card_number_encrypted: sealed,
            encryption_key_id: key_id,
            card_holder: "A".into(),
            brand: CardBrand::Visa,
            last_four: "1111".into(),
            expires_month: 1,
            expires_year: 2100,
            is_default: false,
            created_at: now,
            updated_at: now,
        };
        assert_eq!(keys.open(&row).unwrap().expose(), "4111111111111111");
        row.id = Uuid::new_v4();
        assert!(matches!(keys.open(&row), Err(Error::Config(_))));
    }
}
