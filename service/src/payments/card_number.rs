//! A card number in clear: its checks (length, Luhn), its brand, and how it is shown masked.
use entity::types::CardBrand;
use zeroize::Zeroize;

use crate::input::no_nul;
use crate::{Error, Result};

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

pub(super) fn mask(last_four: &str) -> String {
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
}
