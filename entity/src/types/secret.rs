use sea_orm::entity::prelude::*;

/// A stored password hash (argon2id PHC string). Its `Debug` prints nothing of it, so a model
/// that holds one can be logged.
#[derive(Clone, PartialEq, Eq, DeriveValueType)]
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
    #[test]
    fn debug_hides_the_hash() {
        let hash = super::PasswordHash("$argon2id$v=19$secret".to_owned());
        assert!(!format!("{hash:?}").contains("secret"));
    }
}
