//! Payment card values (`user_payment_methods`, seed 002 §10.2).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A card's brand, told by the service from the number's leading digits and stored in clear so
/// a listing needs no decryption. The CHECK `chk_user_payment_methods_brand` lists the same
/// values.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum CardBrand {
    #[sea_orm(string_value = "visa")]
    #[serde(rename = "visa")]
    Visa,
    #[sea_orm(string_value = "mastercard")]
    #[serde(rename = "mastercard")]
    Mastercard,
    #[sea_orm(string_value = "amex")]
    #[serde(rename = "amex")]
    Amex,
    #[sea_orm(string_value = "discover")]
    #[serde(rename = "discover")]
    Discover,
    #[sea_orm(string_value = "diners")]
    #[serde(rename = "diners")]
    Diners,
    #[sea_orm(string_value = "jcb")]
    #[serde(rename = "jcb")]
    Jcb,
    #[sea_orm(string_value = "unionpay")]
    #[serde(rename = "unionpay")]
    UnionPay,
    #[sea_orm(string_value = "other")]
    #[serde(rename = "other")]
    Other,
}

/// An encrypted card number as stored: base64 of nonce, ciphertext and tag. Its `Debug` shows
/// nothing of it, so a model holding one can be logged (it is no secret without the key, but
/// nothing is gained by printing it).
#[derive(Clone, PartialEq, Eq, DeriveValueType, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SealedCard(pub String);

impl SealedCard {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SealedCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealedCard(<redacted>)")
    }
}
