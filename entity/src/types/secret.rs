use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored password hash (argon2id PHC string). Its `Debug` prints nothing of it, so a model
/// that holds one can be logged.
///
/// It serialises as the PHC string itself: a model is a server-side value (a cache entry, a
/// fixture, a row copied between databases) and must deserialise back whole, and the PHC
/// string is what the database holds anyway. Anything sent to a client should be a type of its
/// own without this field; logs go through `Debug`, which stays redacted.
#[derive(Clone, PartialEq, Eq, DeriveValueType, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PasswordHash(pub String);

impl PasswordHash {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::PasswordHash;

    #[test]
    fn debug_hides_the_hash() {
        let hash = PasswordHash("$argon2id$v=19$secret".to_owned());
        assert!(!format!("{hash:?}").contains("secret"));
    }

    #[test]
    fn serde_round_trips_the_hash_while_debug_stays_redacted() {
        let hash = PasswordHash("$argon2id$v=19$secret".to_owned());
        let json = serde_json::to_string(&hash).unwrap();
        assert_eq!(json, "\"$argon2id$v=19$secret\"");
        let back: PasswordHash = serde_json::from_str(&json).unwrap();
        assert_eq!(back, hash);
        assert_eq!(format!("{back:?}"), "PasswordHash(<redacted>)");
    }
}
