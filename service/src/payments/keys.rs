//! The card keys and what they do: seal a number to its row and owner, open it again.
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use entity::types::SealedCard;
use entity::user_payment_methods as cards;
use uuid::Uuid;
use zeroize::Zeroize;

use super::CardNumber;
use crate::{Error, Result};

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
    pub(super) fn seal(
        &self,
        row_id: Uuid,
        user_id: Uuid,
        number: &CardNumber,
    ) -> Result<(i32, SealedCard)> {
        let (key_id, cipher) = self.current();
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(row_id, user_id);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: number.expose().as_bytes(),
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
    pub(super) fn open(&self, row: &cards::Model) -> Result<CardNumber> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use entity::types::{CardBrand, Timestamp};

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
