//! The limits on a text field's length and on a number's range, each defined once: a migration writes its CHECK (or its
//! column's `varchar` size) from it, the rule registry ([`crate::constraints`]) takes its
//! refusal's reason from it, and the service refuses input with the same reason
//! (`service::input::Limited`). A released migration that reads a limit stays what it was
//! through the pinned schema dumps (`migration/schema/*.sql`): changing a limit here fails
//! `schema_is_pinned` until a new migration changes the databases too.
//!
//! Lengths are counted in characters, as `length()` counts them on both backends.

/// How few characters a text may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Least {
    /// Empty text is allowed.
    Any,
    /// The database asks for one character (`length(c) >= 1`); the service refuses text that
    /// is only whitespace as well, since no caller means it.
    NotEmpty,
    /// Something besides spaces (`length(trim(c)) > 0`).
    NotBlank,
    /// At least this many characters, spaces included (a password, which no column holds).
    Chars(usize),
}

/// Where the database holds the longest length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// In the limit's CHECK, beside the shortest length.
    Check,
    /// In the column's type, `varchar(max)`; the CHECK (if any) holds only the shortest.
    Column,
    /// Nowhere: the column is unbounded text and only the service refuses longer input.
    Service,
}

/// A limit on a text's length. Made with `length!`, so that its reasons are
/// `&'static str`s written from the same numbers the SQL is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Length {
    pub least: Least,
    pub max: usize,
    pub held: Held,
    /// Why a text too short is refused.
    pub too_short: &'static str,
    /// Why a text too long is refused.
    pub too_long: &'static str,
}

/// Why a blank text is refused.
pub const BLANK: &str = "must not be blank";
/// Why an empty text is refused.
pub const EMPTY: &str = "must not be empty";

/// A [`Length`]:
/// - `length!(at most 2000)`: at most 2000 characters, by a CHECK;
/// - `length!(1 to 2000)`: one to 2000 characters, by one CHECK;
/// - `length!(not blank, 1 to 5000)`: not blank, at most 5000 characters, by one CHECK;
/// - `length!(varchar 100)`, `length!(varchar 100, not blank)`, `length!(varchar 100, not
///   empty)`: at most 100 characters by the column's type, and a CHECK for the shortest;
/// - `length!(service at most 10000)`: an unbounded column that only the service limits;
///   `length!(service at most 200, not blank)`: the same, and not blank (an item of a list);
/// - `length!(service 8 to 128)`: 8 to 128 characters, spaces counted, that no column holds
///   (a password).
macro_rules! length {
    (at most $max:literal) => {
        length!(@ Any, Check, $max, "", concat!("must be at most ", $max, " characters"))
    };
    (1 to $max:literal) => {
        length!(@ NotEmpty, Check, $max, concat!("must be 1 to ", $max, " characters"))
    };
    (not blank, 1 to $max:literal) => {
        length!(@ NotBlank, Check, $max,
            concat!("must be 1 to ", $max, " characters, not blank"))
    };
    (varchar $max:literal) => {
        length!(@ Any, Column, $max, "", concat!("must be at most ", $max, " characters"))
    };
    (varchar $max:literal, not blank) => {
        length!(@ NotBlank, Column, $max, crate::limits::BLANK,
            concat!("must be at most ", $max, " characters"))
    };
    (varchar $max:literal, not empty) => {
        length!(@ NotEmpty, Column, $max, crate::limits::EMPTY,
            concat!("must be at most ", $max, " characters"))
    };
    (service at most $max:literal) => {
        length!(@ Any, Service, $max, "", concat!("must be at most ", $max, " characters"))
    };
    (service at most $max:literal, not blank) => {
        length!(@ NotBlank, Service, $max, crate::limits::BLANK,
            concat!("must be at most ", $max, " characters"))
    };
    (service $min:literal to $max:literal) => {
        crate::limits::Length {
            least: crate::limits::Least::Chars($min),
            max: $max,
            held: crate::limits::Held::Service,
            too_short: concat!("must be ", $min, " to ", $max, " characters long"),
            too_long: concat!("must be ", $min, " to ", $max, " characters long"),
        }
    };
    (@ $least:ident, $held:ident, $max:literal, $short:expr, $long:expr) => {
        crate::limits::Length {
            least: crate::limits::Least::$least,
            max: $max,
            held: crate::limits::Held::$held,
            too_short: $short,
            too_long: $long,
        }
    };
    (@ $least:ident, $held:ident, $max:literal, $both:expr) => {
        length!(@ $least, $held, $max, $both, $both)
    };
}

impl Length {
    /// The CHECK's condition on `column`, exactly as the migrations write it. A limit whose
    /// longest length the column's type holds writes only its shortest (a limit with neither
    /// writes no CHECK: its condition is then the longest length alone).
    pub fn sql(&self, column: &str) -> String {
        let max = self.max;
        match (self.least, self.held) {
            (Least::NotEmpty, Held::Check) => format!("length({column}) BETWEEN 1 AND {max}"),
            (Least::NotBlank, Held::Check) => {
                format!("length(trim({column})) > 0 AND length({column}) <= {max}")
            }
            (Least::Chars(min), _) => format!("length({column}) BETWEEN {min} AND {max}"),
            (Least::NotEmpty, _) => format!("length({column}) >= 1"),
            (Least::NotBlank, _) => format!("length(trim({column})) > 0"),
            (Least::Any, _) => format!("length({column}) <= {max}"),
        }
    }

    /// The size of the column's `varchar` type.
    pub const fn varchar(&self) -> u32 {
        self.max as u32
    }

    /// What the CHECK's refusal means: the reason the registry gives.
    pub const fn check_reason(&self) -> &'static str {
        match self.held {
            Held::Check => self.too_long,
            Held::Column | Held::Service => self.too_short,
        }
    }

    /// Why `value` is refused, if it is.
    pub fn refusal(&self, value: &str) -> Option<&'static str> {
        let chars = value.chars().count();
        let too_short = match self.least {
            Least::Any => false,
            Least::NotEmpty | Least::NotBlank => value.trim().is_empty(),
            Least::Chars(min) => chars < min,
        };
        if too_short {
            return Some(self.too_short);
        }
        (chars > self.max).then_some(self.too_long)
    }
}

/// A limit on a number: from `min` to `max`, both included (whole numbers, as every such range
/// in the schema is). Made with `range!`, so that its reason is a `&'static str`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub min: i64,
    pub max: i64,
    pub reason: &'static str,
}

/// A [`Range`]: `range!(1 to 5)`, or with the unit its reason names, `range!(0 to 43200
/// "minutes")`, or with what the number is, `range!(100 to 599 as "an HTTP status code")`
/// ("must be an HTTP status code (100 to 599)").
macro_rules! range {
    ($min:literal to $max:literal) => {
        crate::limits::Range {
            min: $min,
            max: $max,
            reason: concat!("must be between ", $min, " and ", $max),
        }
    };
    ($min:literal to $max:literal $unit:literal) => {
        crate::limits::Range {
            min: $min,
            max: $max,
            reason: concat!("must be between ", $min, " and ", $max, " ", $unit),
        }
    };
    ($min:literal to $max:literal as $what:literal) => {
        crate::limits::Range {
            min: $min,
            max: $max,
            reason: concat!("must be ", $what, " (", $min, " to ", $max, ")"),
        }
    };
}

impl Range {
    /// The CHECK's condition on `column`, exactly as the migrations write it.
    pub fn sql(&self, column: &str) -> String {
        format!("{column} BETWEEN {} AND {}", self.min, self.max)
    }

    pub const fn contains(&self, value: i64) -> bool {
        self.min <= value && value <= self.max
    }

    /// Whether a real number is within (an infinity or NaN never is).
    pub fn contains_real(&self, value: f64) -> bool {
        value.is_finite() && (self.min as f64..=self.max as f64).contains(&value)
    }
}

/// A name made of ASCII letters, digits and a few more ASCII characters, `min` to `max` of them
/// (a username). Made with `word!`, so that its reasons are `&'static str`s written from the
/// same numbers and characters the SQL is. Each backend's CHECK is written from it by the
/// migrations' dialect (`migration::portable::word_format`): PostgreSQL matches a regex,
/// SQLite (which has no REGEXP) a length and a GLOB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub min: usize,
    pub max: usize,
    /// The characters allowed besides ASCII letters and digits, each standing for itself in
    /// a bracket expression (as `_` does).
    pub also: &'static str,
    /// Why a name too short or too long is refused.
    pub wrong_length: &'static str,
    /// Why a name with another character is refused.
    pub wrong_character: &'static str,
    /// What the CHECK's refusal means: the reason the registry gives.
    pub check_reason: &'static str,
}

/// A [`Word`]: `word!(3 to 20, letters, digits and "_" ("underscores"))`.
macro_rules! word {
    ($min:literal to $max:literal, letters, digits and $also:literal ($names:literal)) => {
        crate::limits::Word {
            min: $min,
            max: $max,
            also: $also,
            wrong_length: concat!("must be ", $min, " to ", $max, " characters long"),
            wrong_character: concat!("may contain only letters, digits and ", $names),
            check_reason: concat!(
                "must be ",
                $min,
                " to ",
                $max,
                " letters, digits or ",
                $names
            ),
        }
    };
}

impl Word {
    /// The size of the column's `varchar` type.
    pub const fn varchar(&self) -> u32 {
        self.max as u32
    }

    /// Whether `c` may be in the name.
    pub fn allows(&self, c: char) -> bool {
        c.is_ascii_alphanumeric() || self.also.contains(c)
    }

    /// Why `value` is refused, if it is: its length first (in characters, as `length()`
    /// counts them), then its characters.
    pub fn refusal(&self, value: &str) -> Option<&'static str> {
        if !(self.min..=self.max).contains(&value.chars().count()) {
            return Some(self.wrong_length);
        }
        (!value.chars().all(|c| self.allows(c))).then_some(self.wrong_character)
    }
}

/// A code of exactly `len` ASCII capital letters (a country's). Made with `capitals!`, so that
/// its reason is a `&'static str`. Each backend's CHECK is written from it by the migrations'
/// dialect (`migration::portable::capitals_format`): PostgreSQL matches a regex, SQLite (which
/// has no REGEXP) a GLOB of one bracket expression per letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capitals {
    pub len: usize,
    /// Why another text is refused; also what the CHECK's refusal means.
    pub reason: &'static str,
}

/// [`Capitals`]: `capitals!(2 ("two") as "an ISO 3166-1 alpha-2 code")`, the length spelled
/// out for the reason.
macro_rules! capitals {
    ($len:literal ($spelled:literal) as $what:literal) => {
        crate::limits::Capitals {
            len: $len,
            reason: concat!("must be ", $what, " (", $spelled, " capital letters)"),
        }
    };
}

impl Capitals {
    /// The size of the column's `varchar` type.
    pub const fn varchar(&self) -> u32 {
        self.len as u32
    }

    /// Why `value` is refused, if it is.
    pub fn refusal(&self, value: &str) -> Option<&'static str> {
        let formed = value.len() == self.len && value.bytes().all(|b| b.is_ascii_uppercase());
        (!formed).then_some(self.reason)
    }
}

/// An email address in the seed's format, `^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`,
/// at most `max` characters: a local part of ASCII letters, digits and `local_also`, one `@`,
/// and a domain of ASCII letters, digits and `domain_also` that ends in a dot and a top-level
/// domain of at least `tld_min` letters. Made with `email!`, so that its reasons are
/// `&'static str`s written from the same numbers the SQL is. Each backend's CHECK is written
/// from it by the migrations' dialect (`migration::portable::email_format`): PostgreSQL
/// matches the regex, SQLite (which has no REGEXP) splits at the `@` and GLOBs each part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmailFormat {
    pub max: usize,
    /// The characters allowed in the local part besides ASCII letters and digits, each
    /// standing for itself in a bracket expression (`-` last).
    pub local_also: &'static str,
    /// The characters allowed in the domain besides ASCII letters and digits, as `local_also`.
    pub domain_also: &'static str,
    /// The fewest letters of the top-level domain.
    pub tld_min: usize,
    /// Why an address too long is refused.
    pub too_long: &'static str,
    /// Why an address not in the format is refused; also what the CHECK's refusal means.
    pub invalid: &'static str,
}

/// An [`EmailFormat`]: `email!(at most 255, local "._%+-", domain ".-", top level 2 letters)`.
macro_rules! email {
    (at most $max:literal, local $local:literal, domain $domain:literal,
     top level $tld:literal letters) => {
        crate::limits::EmailFormat {
            max: $max,
            local_also: $local,
            domain_also: $domain,
            tld_min: $tld,
            too_long: concat!("must be at most ", $max, " characters long"),
            invalid: "is not a valid email address",
        }
    };
}

impl EmailFormat {
    /// The size of the column's `varchar` type.
    pub const fn varchar(&self) -> u32 {
        self.max as u32
    }

    /// Why `value` is refused, if it is: its length first (in characters, as `length()`
    /// counts them), then its format.
    pub fn refusal(&self, value: &str) -> Option<&'static str> {
        if value.chars().count() > self.max {
            return Some(self.too_long);
        }
        (!self.is_formed(value)).then_some(self.invalid)
    }

    /// Whether `value` matches the format (its length aside).
    fn is_formed(&self, value: &str) -> bool {
        let Some((local, domain)) = value.split_once('@') else {
            return false;
        };
        let allowed = |also: &str, c: char| c.is_ascii_alphanumeric() || also.contains(c);
        let local_ok = !local.is_empty() && local.chars().all(|c| allowed(self.local_also, c));
        let domain_ok = domain.chars().all(|c| allowed(self.domain_also, c));
        // The top-level domain is the trailing run of letters: the regex's `\.[A-Za-z]{2,}$`
        // can only end there, since a dot must come before it. Something must come before
        // that dot (the regex's `+`).
        let before_tld = domain.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let tld_len = domain.len() - before_tld.len();
        let tld_ok = tld_len >= self.tld_min && before_tld.len() >= 2 && before_tld.ends_with('.');
        local_ok && domain_ok && tld_ok
    }
}

/// A point's latitude and longitude in degrees, each a [`Range`], and one reason for the CHECK
/// that holds both. Made with `coordinates!`, so that the reason says the ranges' numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coordinates {
    pub latitude: Range,
    pub longitude: Range,
    /// What the CHECK's refusal means: the reason the registry gives.
    pub check_reason: &'static str,
}

/// [`Coordinates`]: `coordinates!(latitude -90 to 90, longitude -180 to 180)`.
macro_rules! coordinates {
    (latitude $lat_min:literal to $lat_max:literal,
     longitude $lon_min:literal to $lon_max:literal) => {
        crate::limits::Coordinates {
            latitude: range!($lat_min to $lat_max "degrees"),
            longitude: range!($lon_min to $lon_max "degrees"),
            check_reason: concat!("latitude must be within ", $lat_min, "..", $lat_max,
                " and longitude within ", $lon_min, "..", $lon_max),
        }
    };
}

impl Coordinates {
    /// The CHECK's condition on the two columns, exactly as the migrations write it.
    pub fn sql(&self, latitude: &str, longitude: &str) -> String {
        format!(
            "{} AND {}",
            self.latitude.sql(latitude),
            self.longitude.sql(longitude)
        )
    }
}

/// A language tag in the shape of BCP 47: a language of `language.0` to `language.1` ASCII
/// letters, then subtags of 1 to `subtag_max` ASCII letters or digits, each after a `-`
/// (`en`, `en-US`, `zh-Hant-TW`, `es-419`); at most `max` characters in all. Made with
/// `language_tag!`, so that its reason is a `&'static str`. Each backend's CHECK is written
/// from it by the migrations' dialect (`migration::portable::language_tag_format`): a regex on
/// PostgreSQL, GLOBs on SQLite. The CHECK holds the shape but not the subtags' length, which
/// only [`LanguageTag::normalise`] refuses (a CHECK that did would need a new migration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LanguageTag {
    /// The fewest and the most letters of the language part.
    pub language: (usize, usize),
    /// The most characters of a subtag after the language.
    pub subtag_max: usize,
    /// The most characters of the whole tag: the column's `varchar`.
    pub max: usize,
    /// Why another text is refused; also what the CHECK's refusal means.
    pub reason: &'static str,
}

/// A [`LanguageTag`]: `language_tag!(2 to 3 letters, subtags of at most 8, at most 35,
/// such as "en or en-US")`.
macro_rules! language_tag {
    ($min:literal to $max:literal letters, subtags of at most $subtag:literal,
     at most $len:literal, such as $example:literal) => {
        crate::limits::LanguageTag {
            language: ($min, $max),
            subtag_max: $subtag,
            max: $len,
            reason: concat!("must be a language tag such as ", $example),
        }
    };
}

impl LanguageTag {
    /// The size of the column's `varchar` type.
    pub const fn varchar(&self) -> u32 {
        self.max as u32
    }

    /// The tag as stored, its language part in lower case (`EN-US` gives `en-US`); `None`
    /// when it is not a tag of this shape.
    pub fn normalise(&self, tag: &str) -> Option<String> {
        if tag.len() > self.max {
            return None;
        }
        let mut parts = tag.split('-');
        let language = parts.next().unwrap_or_default().to_ascii_lowercase();
        let (fewest, most) = self.language;
        let language_ok = (fewest..=most).contains(&language.len())
            && language.bytes().all(|b| b.is_ascii_lowercase());
        let subtags: Vec<&str> = parts.collect();
        let subtags_ok = subtags.iter().all(|p| {
            (1..=self.subtag_max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())
        });
        (language_ok && subtags_ok).then(|| {
            std::iter::once(language.as_str())
                .chain(subtags)
                .collect::<Vec<_>>()
                .join("-")
        })
    }
}

/// Two dates of a row in order: `later` is not before `earlier` (a goal's or a plan's period).
/// Made with `not_before!`, so that the reason names the earlier column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateOrder {
    pub later: &'static str,
    pub earlier: &'static str,
    /// Why the later date is refused; the CHECK's refusal names the later column.
    pub reason: &'static str,
}

/// A [`DateOrder`]: `not_before!("end_date", "start_date")`.
macro_rules! not_before {
    ($later:literal, $earlier:literal) => {
        crate::limits::DateOrder {
            later: $later,
            earlier: $earlier,
            reason: concat!("must not be before ", $earlier),
        }
    };
}

impl DateOrder {
    /// The CHECK's condition, exactly as the migrations write it.
    pub fn sql(&self) -> String {
        format!("{} >= {}", self.later, self.earlier)
    }
}

/// A rating a user gives (a recipe, a meal): one to five stars.
pub const RATING: Range = range!(1 to 5);

/// Accounts, health and profiles.
pub mod foundation {
    use super::{DateOrder, EmailFormat, LanguageTag, Length, Range, Word};

    /// A user's email address; its column is `varchar(max)`, and its CHECK holds the format.
    pub const EMAIL: EmailFormat = email!(at most 255, local "._%+-", domain ".-",
        top level 2 letters);

    /// A user's name: its column is `varchar(max)`, and its CHECK holds the whole rule, since
    /// SQLite does not enforce a `varchar`'s size.
    pub const USERNAME: Word = word!(3 to 20, letters, digits and "_" ("underscores"));

    /// A password in clear: no column holds it (only its hash), and spaces count.
    pub const PASSWORD: Length = length!(service 8 to 128);

    /// A user's full name (`user_profiles.full_name`), stored trimmed. Migration 8 wrote no
    /// CHECK for it, so only the service refuses a blank name (a CHECK needs a new migration).
    pub const FULL_NAME: Length = length!(varchar 255, not blank);
    /// A user's language tag (`user_profiles.language_preference`).
    pub const LANGUAGE_TAG: LanguageTag =
        language_tag!(2 to 3 letters, subtags of at most 8, at most 35, such as "en or en-US");
    /// An IANA time zone name (`user_profiles.timezone`), checked against the time zone
    /// database by the service; the longest is 32 characters.
    pub const TIMEZONE: Length = length!(varchar 64);
    /// One of a profile's health goals (a list column, so only the service limits it).
    pub const HEALTH_GOAL: Length = length!(service at most 200, not blank);
    /// One of a user's preferred or disliked cuisines: as long as a recipe's cuisine may be
    /// ([`super::recipes::CUISINE_TYPE`]), so that one can match the other, and not blank.
    pub const CUISINE: Length = Length {
        least: super::Least::NotBlank,
        held: super::Held::Service,
        too_short: super::BLANK,
        ..super::recipes::CUISINE_TYPE
    };
    /// Notes on a user's allergy or medical condition.
    pub const HEALTH_NOTES: Length = length!(at most 500);
    pub const HEIGHT_CM: Range = range!(50 to 300);
    /// A weight, and a fitness goal's target weight.
    pub const WEIGHT_KG: Range = range!(20 to 500);
    pub const BODY_FAT_PERCENT: Range = range!(2 to 70);
    pub const WEEKLY_EXERCISE_MINUTES: Range = range!(1 to 10080);
    pub const DAILY_STEPS: Range = range!(1 to 100000);
    /// The longest cooking time a user's preferences may ask for: a day.
    pub const MAX_COOKING_MINUTES: Range = range!(1 to 1440);
    /// The name on a payment card.
    pub const CARD_HOLDER: Length = length!(varchar 255, not blank);
    pub const CARD_EXPIRES_MONTH: Range = range!(1 to 12);
    pub const CARD_EXPIRES_YEAR: Range = range!(2000 to 9999);
    /// A fitness goal's target date.
    pub const FITNESS_GOAL_DATES: DateOrder = not_before!("target_date", "start_date");
}

/// Recipes and the ingredient catalogue.
pub mod recipes {
    use super::{Length, Range};

    pub const NAME: Length = length!(varchar 255, not blank);
    pub const DESCRIPTION: Length = length!(service at most 10000);
    pub const CUISINE_TYPE: Length = length!(varchar 50);
    /// A source or image URL.
    pub const URL: Length = length!(service at most 2048);
    /// The note on one ingredient line.
    pub const INGREDIENT_NOTE: Length = length!(at most 500);
    pub const INSTRUCTION: Length = length!(not blank, 1 to 5000);
    pub const REVIEW: Length = length!(at most 2000);
    /// A preparation, cooking or step time.
    pub const MINUTES: Range = range!(0 to 43200 "minutes");
    pub const SERVINGS: Range = range!(1 to 1000);
    /// A recipe's rating: the mean of its users' ratings ([`super::RATING`]), zero when none.
    pub const AVERAGE_RATING: Range = range!(0 to 5);
    /// The name of a catalogue ingredient.
    pub const INGREDIENT_NAME: Length = length!(varchar 100, not blank);
    /// A macronutrient of a catalogue ingredient, per 100 g of it.
    pub const MACRO_PER_100_G: Range = range!(0 to 100 "g per 100 g");
}

/// Meal logs, insights and health metrics.
pub mod nutrition {
    use super::{DateOrder, Length};

    /// A nutrition goal's period (its end, when it has one).
    pub const GOAL_DATES: DateOrder = not_before!("end_date", "start_date");

    pub const MEAL_NAME: Length = length!(varchar 200, not empty);
    /// Notes on a logged meal or a health measurement.
    pub const NOTES: Length = length!(at most 1000);
    pub const INSIGHT_MESSAGE: Length = length!(1 to 2000);
    pub const GENERATED_BY: Length = length!(varchar 100, not empty);
    /// Where a health measurement comes from.
    pub const METRIC_SOURCE: Length = length!(varchar 50);
}

/// Meal plans, prep sessions, shopping lists and prices.
pub mod planning {
    use super::{DateOrder, Length};

    /// A meal plan's period.
    pub const PLAN_DATES: DateOrder = not_before!("end_date", "start_date");

    /// A meal plan's or a shopping list's name.
    pub const NAME: Length = length!(varchar 100, not blank);
    /// Notes on a meal plan or a prep session.
    pub const NOTES: Length = length!(at most 2000);
    /// A shopping item named by free text.
    pub const ITEM_NAME: Length = length!(varchar 200, not blank);
    pub const STORE: Length = length!(varchar 100, not blank);
}

/// Restaurants, recommendations and feedback.
pub mod restaurants {
    use super::{Capitals, Coordinates, Length, Range};

    /// A restaurant's location.
    pub const COORDINATES: Coordinates = coordinates!(latitude -90 to 90, longitude -180 to 180);

    /// A restaurant's or a restaurant meal's name.
    pub const NAME: Length = length!(varchar 255, not blank);
    pub const CUISINE_TYPE: Length = length!(varchar 50);
    /// A restaurant's street address.
    pub const ADDRESS: Length = length!(service at most 10000);
    pub const CITY: Length = length!(varchar 100);
    pub const COUNTRY: Capitals = capitals!(2 ("two") as "an ISO 3166-1 alpha-2 code");
    pub const STATE: Length = length!(varchar 50);
    pub const ZIP_CODE: Length = length!(varchar 10);
    pub const PHONE: Length = length!(varchar 20);
    pub const WEBSITE: Length = length!(varchar 255);
    pub const MEAL_DESCRIPTION: Length = length!(service at most 10000);
    pub const MEAL_CATEGORY: Length = length!(varchar 50);
    pub const MEAL_IMAGE_URL: Length = length!(varchar 500);
    /// A restaurant's rating, as its source gives it.
    pub const RATING: Range = range!(0 to 5);
    /// How expensive a restaurant is, `$` to `$$$$`.
    pub const PRICE_RANGE: Range = range!(1 to 4);
    /// The energy of one portion of a restaurant meal.
    pub const MEAL_ENERGY_KCAL: Range = range!(0 to 5000);
    /// How well a recommended meal fits the user.
    pub const SCORE: Range = range!(0 to 100);
    pub const FEEDBACK_COMMENT: Length = length!(at most 2000);
}

/// Request logs, metrics and model results.
pub mod operations {
    use super::{Length, Range};

    pub const STATUS_CODE: Range = range!(100 to 599 as "an HTTP status code");
    pub const METRIC_NAME: Length = length!(varchar 100, not blank);
    pub const MODEL_NAME: Length = length!(varchar 100, not blank);
    pub const MODEL_VERSION: Length = length!(varchar 50, not blank);
    /// A model's confidence in its result, a probability.
    pub const CONFIDENCE: Range = range!(0 to 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_is_what_the_migrations_write() {
        assert_eq!(planning::NOTES.sql("notes"), "length(notes) <= 2000");
        assert_eq!(
            nutrition::INSIGHT_MESSAGE.sql("message"),
            "length(message) BETWEEN 1 AND 2000"
        );
        assert_eq!(
            recipes::INSTRUCTION.sql("instruction"),
            "length(trim(instruction)) > 0 AND length(instruction) <= 5000"
        );
        assert_eq!(planning::NAME.sql("name"), "length(trim(name)) > 0");
        assert_eq!(nutrition::MEAL_NAME.sql("name"), "length(name) >= 1");
        assert_eq!(planning::NAME.varchar(), 100);
        assert_eq!(
            foundation::HEIGHT_CM.sql("height_cm"),
            "height_cm BETWEEN 50 AND 300"
        );
    }

    #[test]
    fn the_reasons_say_the_numbers() {
        assert_eq!(
            planning::NOTES.check_reason(),
            "must be at most 2000 characters"
        );
        assert_eq!(planning::NAME.check_reason(), "must not be blank");
        assert_eq!(
            recipes::INSTRUCTION.check_reason(),
            "must be 1 to 5000 characters, not blank"
        );
        assert_eq!(nutrition::MEAL_NAME.check_reason(), "must not be empty");
        assert_eq!(
            recipes::MINUTES.reason,
            "must be between 0 and 43200 minutes"
        );
        assert_eq!(RATING.reason, "must be between 1 and 5");
        assert_eq!(
            operations::STATUS_CODE.reason,
            "must be an HTTP status code (100 to 599)"
        );
        assert_eq!(
            operations::STATUS_CODE.sql("status_code"),
            "status_code BETWEEN 100 AND 599"
        );
        assert!(RATING.contains(5) && !RATING.contains(0));
        assert_eq!(
            foundation::USERNAME.check_reason,
            "must be 3 to 20 letters, digits or underscores"
        );
        assert_eq!(
            foundation::USERNAME.wrong_length,
            "must be 3 to 20 characters long"
        );
        assert_eq!(
            foundation::USERNAME.wrong_character,
            "may contain only letters, digits and underscores"
        );
    }

    #[test]
    fn two_column_rules_write_what_the_migrations_wrote() {
        let coordinates = restaurants::COORDINATES;
        assert_eq!(
            coordinates.sql("latitude", "longitude"),
            "latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180"
        );
        assert_eq!(
            coordinates.check_reason,
            "latitude must be within -90..90 and longitude within -180..180"
        );
        assert_eq!(
            coordinates.latitude.reason,
            "must be between -90 and 90 degrees"
        );
        assert!(coordinates.longitude.contains_real(-180.0));
        assert!(!coordinates.longitude.contains_real(180.000_001));
        assert!(!coordinates.latitude.contains_real(f64::NAN));
        assert_eq!(planning::PLAN_DATES.sql(), "end_date >= start_date");
        assert_eq!(
            foundation::FITNESS_GOAL_DATES.sql(),
            "target_date >= start_date"
        );
        assert_eq!(
            nutrition::GOAL_DATES.reason,
            "must not be before start_date"
        );
    }

    #[test]
    fn a_word_counts_characters_then_looks_at_them() {
        let username = foundation::USERNAME;
        assert_eq!(username.refusal("bob_99"), None);
        assert_eq!(username.refusal(&"b".repeat(20)), None);
        assert_eq!(username.refusal("bo"), Some(username.wrong_length));
        assert_eq!(
            username.refusal(&"b".repeat(21)),
            Some(username.wrong_length)
        );
        assert_eq!(username.refusal("bob-2"), Some(username.wrong_character));
        assert_eq!(username.refusal("böb"), Some(username.wrong_character));
    }

    #[test]
    fn a_language_tag_keeps_its_shape_and_lowers_its_language() {
        let tag = foundation::LANGUAGE_TAG;
        assert_eq!(tag.reason, "must be a language tag such as en or en-US");
        assert_eq!(tag.normalise("EN-US").as_deref(), Some("en-US"));
        assert_eq!(tag.normalise("zh-Hant-TW").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(tag.normalise("es-419").as_deref(), Some("es-419"));
        for refused in ["e", "engl", "en-", "en--US", "en_US", "en-abcdefghi", "1a"] {
            assert_eq!(tag.normalise(refused), None, "{refused}");
        }
        let longest = format!("en{}", "-ab".repeat(11));
        assert_eq!(tag.normalise(&longest).as_deref(), Some(longest.as_str()));
        assert_eq!(tag.normalise(&format!("{longest}-a")), None);
    }

    #[test]
    fn a_password_counts_every_character() {
        let password = foundation::PASSWORD;
        let reason = "must be 8 to 128 characters long";
        assert_eq!(password.refusal(&" ".repeat(8)), None);
        assert_eq!(password.refusal(&"é".repeat(128)), None);
        assert_eq!(password.refusal(&"é".repeat(7)), Some(reason));
        assert_eq!(password.refusal(&"é".repeat(129)), Some(reason));
        assert_eq!(password.refusal(""), Some(reason));
    }

    #[test]
    fn list_items_are_not_blank_and_cuisines_fit_a_recipe() {
        assert_eq!(foundation::HEALTH_GOAL.refusal(" "), Some(BLANK));
        assert_eq!(
            foundation::HEALTH_GOAL.refusal(&"g".repeat(201)),
            Some("must be at most 200 characters")
        );
        assert_eq!(foundation::CUISINE.max, recipes::CUISINE_TYPE.max);
        assert_eq!(foundation::CUISINE.refusal(""), Some(BLANK));
        assert_eq!(foundation::CUISINE.refusal(&"c".repeat(50)), None);
        assert_eq!(foundation::FULL_NAME.varchar(), 255);
    }

    #[test]
    fn a_country_is_two_capitals() {
        let country = restaurants::COUNTRY;
        assert_eq!(
            country.reason,
            "must be an ISO 3166-1 alpha-2 code (two capital letters)"
        );
        assert_eq!(country.varchar(), 2);
        assert_eq!(country.refusal("FR"), None);
        for bad in ["fr", "F", "FRA", "F1", "ÉF", ""] {
            assert_eq!(country.refusal(bad), Some(country.reason), "{bad}");
        }
    }

    #[test]
    fn an_email_is_counted_then_matched() {
        let email = foundation::EMAIL;
        assert_eq!(email.varchar(), 255);
        assert_eq!(email.too_long, "must be at most 255 characters long");
        assert_eq!(email.invalid, "is not a valid email address");
        for good in [
            "bob@example.com",
            "b.o+b%x@sub.example.co",
            "a@b.cd",
            "x@a..bc",
        ] {
            assert_eq!(email.refusal(good), None, "{good}");
        }
        for bad in [
            "bob",
            "@example.com",
            "bob@@example.com",
            "bob@example.c",
            "bob@.com",
        ] {
            assert_eq!(email.refusal(bad), Some(email.invalid), "{bad}");
        }
        assert_eq!(
            email.refusal(&format!("{}@example.com", "é".repeat(244))),
            Some(email.too_long)
        );
        assert_eq!(
            email.refusal(&format!("{}@example.com", "é".repeat(243))),
            Some(email.invalid)
        );
    }

    #[test]
    fn refusals_count_characters_and_blanks() {
        let notes = planning::NOTES;
        assert_eq!(notes.refusal(""), None);
        assert_eq!(notes.refusal(&"é".repeat(2000)), None);
        assert_eq!(
            notes.refusal(&"é".repeat(2001)),
            Some("must be at most 2000 characters")
        );
        assert_eq!(planning::NAME.refusal(" \t"), Some("must not be blank"));
        assert_eq!(
            planning::NAME.refusal(&"n".repeat(101)),
            Some("must be at most 100 characters")
        );
        assert_eq!(
            nutrition::INSIGHT_MESSAGE.refusal("  "),
            Some("must be 1 to 2000 characters")
        );
        assert_eq!(nutrition::MEAL_NAME.refusal(" "), Some("must not be empty"));
    }
}
