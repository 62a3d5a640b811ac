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
mod card_number;
mod keys;

pub use card_number::CardNumber;
pub use keys::{CARD_KEYS_VAR, CardKeys};

use crate::{Actor, Conn};
use catalog::Subject;
use chrono::{Datelike, Utc};
use entity::types::{CardBrand, Timestamp};
use entity::user_payment_methods as cards;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use catalog::limits::foundation::{CARD_EXPIRES_MONTH, CARD_EXPIRES_YEAR, CARD_HOLDER};
use catalog::tables::USER_PAYMENT_METHODS;

use crate::accounts::{live_user, owner_is_live};
use crate::input::{InRange, Limited};
use crate::{Error, Result, acting};

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
            masked_number: card_number::mask(&row.last_four),
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
    CARD_EXPIRES_MONTH.check("expires_month", month)?;
    CARD_EXPIRES_YEAR.check("expires_year", year)?;
    if year < today.year() {
        return Err(Error::invalid("expires_year", "is in the past"));
    }
    if year == today.year() && u32::try_from(month).unwrap_or(0) < today.month() {
        return Err(Error::invalid("expires_month", "is in the past"));
    }
    Ok(())
}

fn validate_holder(holder: &str) -> Result<String> {
    // Stored trimmed: the limit counts what is stored.
    let holder = holder.trim();
    CARD_HOLDER.check("card_holder", holder)?;
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
    crate::owned::delete_own::<cards::Entity>(
        db,
        actor,
        card_id,
        (cards::Column::Id, cards::Column::UserId),
        NOT_FOUND,
    )
    .await
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
}
