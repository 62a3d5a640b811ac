//! Types that can only hold valid credentials ("parse, don't validate"). The database CHECKs
//! enforce the same username and email formats, as the last line.
use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash as PhcString};
use catalog::limits::foundation::{EMAIL, PASSWORD, USERNAME};
use entity::types::PasswordHash;

use crate::input::Limited;
use crate::{Error, Result};

/// A name as `catalog::limits::foundation::USERNAME` allows it: 3 to 20 ASCII letters, digits
/// or underscores (seed 002 `chk_username_format`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// # Errors
    /// [`Error::Validation`] on field `username`.
    pub fn parse(raw: &str) -> Result<Self> {
        let name = raw.trim();
        match USERNAME.refusal(name) {
            Some(reason) => Err(Error::invalid("username", reason)),
            None => Ok(Self(name.to_owned())),
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An email address as `catalog::limits::foundation::EMAIL` allows it: the seed's format,
/// `^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`, at most 255 characters (seed 002
/// `chk_email_format`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// # Errors
    /// [`Error::Validation`] on field `email`.
    pub fn parse(raw: &str) -> Result<Self> {
        let email = raw.trim();
        match EMAIL.refusal(email) {
            Some(reason) => Err(Error::invalid("email", reason)),
            None => Ok(Self(email.to_owned())),
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A password in clear, held only long enough to hash it. Its `Debug` shows nothing.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Password {
    /// Refuses a password outside [`PASSWORD`]'s length or with a NUL.
    ///
    /// # Errors
    /// [`Error::Validation`] on field `password` (the reason never quotes it).
    pub fn parse(raw: &str) -> Result<Self> {
        PASSWORD.check("password", raw)?;
        Ok(Self(raw.to_owned()))
    }

    /// Hashes with argon2id (OWASP's first choice; the crate's defaults are its parameters:
    /// 19 MiB, 2 passes, 1 lane) and a random salt, as a PHC string.
    ///
    /// # Errors
    /// [`Error::Config`] if the hasher fails, which only a broken RNG would cause.
    pub fn hash(&self) -> Result<PasswordHash> {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .map(|phc| PasswordHash(phc.to_string()))
            .map_err(|_| Error::Config("argon2 could not hash the password".to_owned()))
    }

    /// Whether `candidate` matches a stored hash.
    pub fn matches(candidate: &str, stored: &PasswordHash) -> bool {
        PhcString::new(stored.as_str())
            .map(|phc| {
                Argon2::default()
                    .verify_password(candidate.as_bytes(), &phc)
                    .is_ok()
            })
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert!(Username::parse("bob_99").is_ok());
        for bad in ["bo", "a_very_long_username_x", "bob smith", "bób"] {
            assert!(
                matches!(
                    Username::parse(bad),
                    Err(Error::Validation { ref field, .. }) if field == "username"
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn emails() {
        for good in [
            "bob@example.com",
            "b.o+b%x@sub.example.co",
            "a@b.cd",
            "x@a..bc",
        ] {
            assert!(Email::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "bob",
            "@example.com",
            "bob@@example.com",
            "bob@example.c",
            "bob@example.c0m",
            "bob@.com",
            "bob@com",
            "bob@exa mple.com",
            "bob@example.com_deleted_1795312100.87",
        ] {
            assert!(
                matches!(
                    Email::parse(bad),
                    Err(Error::Validation { ref field, ref reason })
                        if field == "email" && reason == "is not a valid email address"
                ),
                "{bad}"
            );
        }
        // 255 characters is the longest; the length is refused before the format.
        let longest = format!("{}@example.com", "b".repeat(255 - "@example.com".len()));
        assert_eq!(Email::parse(&longest).unwrap().into_inner(), longest);
        for too_long in [format!("b{longest}"), format!("{}@", "b".repeat(256))] {
            assert!(matches!(
                Email::parse(&too_long),
                Err(Error::Validation { ref field, ref reason })
                    if field == "email" && reason == "must be at most 255 characters long"
            ));
        }
        assert_eq!(
            Email::parse("  bob@example.com ").unwrap().into_inner(),
            "bob@example.com"
        );
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        assert!(Password::parse("short").is_err());
        let hash = Password::parse("correct horse").unwrap().hash().unwrap();
        assert!(hash.as_str().starts_with("$argon2id$"));
        assert!(!hash.as_str().contains("correct horse"));
        assert!(Password::matches("correct horse", &hash));
        assert!(!Password::matches("wrong horse", &hash));
        assert_eq!(
            format!("{:?}", Password::parse("correct horse").unwrap()),
            "Password(<redacted>)"
        );
    }
}
