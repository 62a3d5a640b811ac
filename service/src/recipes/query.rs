//! The recipe search: the query a caller gives, its keyset cursor and the page it returns (the
//! statement, one per page, is in [`super::sql`]).
use super::*;

/// Where the previous page ended: its last recipe's rating (unrated: `None`) and id.
///
/// In JSON and in a URL it is one string, `<rating>_<id>` (`4.50_0b3c...`; unrated:
/// `_0b3c...`), so a client passes `Page::next` back as `after=` without taking it apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Cursor {
    pub rating: Option<Decimal>,
    pub id: Uuid,
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.rating {
            Some(rating) => write!(f, "{rating}_{}", self.id),
            None => write!(f, "_{}", self.id),
        }
    }
}

impl From<Cursor> for String {
    fn from(cursor: Cursor) -> Self {
        cursor.to_string()
    }
}

impl TryFrom<String> for Cursor {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        const NOT_A_CURSOR: &str = "is not a cursor (the `next` of a previous page)";
        let (rating, id) = text.split_once('_').ok_or(NOT_A_CURSOR)?;
        let rating = match rating {
            "" => None,
            rating => Some(rating.parse().map_err(|_| NOT_A_CURSOR)?),
        };
        let id = id.parse().map_err(|_| NOT_A_CURSOR)?;
        Ok(Self { rating, id })
    }
}

/// What [`search`] looks for. Every filter left empty matches all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Recipes carrying all of these tags (normalised as on save). In a query string: `tag`,
    /// once per tag (`tag=vegan&tag=quick`).
    #[serde(alias = "tag")]
    pub tags: Vec<String>,
    /// Exact cuisine (case-insensitive: stored and compared in lower case).
    pub cuisine: Option<String>,
    pub difficulty: Option<Difficulty>,
    /// At most this total (preparation plus cooking) time. In a query string: `max_minutes`.
    #[serde(alias = "max_minutes")]
    pub max_total_minutes: Option<i32>,
    /// Text anywhere in the name, case-insensitive (ASCII letters).
    pub name_contains: Option<String>,
    /// Only recipes safe for the searching user (no SEVERE or LIFE_THREATENING allergen of
    /// theirs; milder ones do not exclude, as in [`crate::safety::Verdict::Safe`]).
    pub only_safe: bool,
    /// Page size, 1 to [`MAX_PAGE`]; 0 means 20.
    pub limit: u64,
    /// The page after this cursor (`Page::next` of the previous page, as the string it
    /// serialises to).
    pub after: Option<Cursor>,
}

/// One page of [`search`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub recipes: Vec<recipes::Model>,
    /// The cursor for the next page; `None` on the last page.
    pub next: Option<Cursor>,
}

/// One page of public recipes and `viewer`'s own matching `query`, best rated first (unrated
/// last), then by id; keyset pages, so rows inserted between pages cause no gaps or repeats.
/// One statement per page, whatever the filters.
///
/// # Errors
/// [`Error::Validation`] on the query's fields; [`Error::Db`].
#[crate::traced("recipes::search")]
pub async fn search(db: &impl Conn, actor: Actor, query: &SearchQuery) -> Result<Page> {
    let statement = search_statement(db.get_database_backend(), actor.id(), query)?;
    let limit = match query.limit {
        0 => 20,
        n => n,
    } as usize;
    let txn = acting::read(db, Some(actor)).await?;
    let mut rows = recipes::Entity::find()
        .from_raw_sql(statement)
        .all(&txn)
        .await?;
    txn.commit().await?;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| Cursor {
            rating: r.rating.map(Numeric::value),
            id: r.id,
        })
    } else {
        None
    };
    Ok(Page {
        recipes: rows,
        next,
    })
}
