//! What a caller gives to create or change a recipe, and its checks: the limits, the input
//! types, tag slugs, and `check`, which refuses a bad field by name before anything is written.
use super::*;

/// The most ingredient lines, steps and tags one recipe holds.
pub const MAX_LINES: usize = 100;
pub const MAX_TAGS: usize = 30;
/// The largest page [`search`] returns.
pub const MAX_PAGE: u64 = 100;

/// One line of a recipe's ingredient list, as given by the caller.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct IngredientLine {
    pub ingredient_id: Uuid,
    pub quantity: Decimal,
    pub unit: Unit,
    pub note: Option<String>,
}

/// One instruction; steps are numbered from 1 in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub instruction: String,
    pub duration_minutes: Option<i32>,
}

/// A whole recipe, for [`create`] and [`update`] (which replaces everything).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RecipeInput {
    /// The recipe's id, chosen by the client so [`create`] can be repeated safely; `None`: the
    /// service makes one. [`update`] takes the id apart and refuses another one here.
    pub id: Option<Uuid>,
    pub name: String,
    pub description: Option<String>,
    /// Stored trimmed and in lower case (`"Italian "` becomes `italian`), so the cuisine filter
    /// is an exact, indexed match.
    pub cuisine_type: Option<String>,
    pub difficulty: Difficulty,
    pub prep_time_minutes: i32,
    pub cook_time_minutes: i32,
    pub servings: i32,
    pub cost_estimate: Option<Decimal>,
    pub is_public: bool,
    pub source_url: Option<String>,
    pub image_url: Option<String>,
    /// Normalised to lower-case slugs (`"Gluten Free"` becomes `gluten-free`), duplicates
    /// dropped, order kept.
    pub tags: Vec<String>,
    pub ingredients: Vec<IngredientLine>,
    pub steps: Vec<StepInput>,
}

impl RecipeInput {
    /// A private recipe with just a name, times and servings; fill in the rest.
    pub fn new(name: &str, prep_time_minutes: i32, cook_time_minutes: i32, servings: i32) -> Self {
        Self {
            id: None,
            name: name.to_owned(),
            description: None,
            cuisine_type: None,
            difficulty: Difficulty::default(),
            prep_time_minutes,
            cook_time_minutes,
            servings,
            cost_estimate: None,
            is_public: false,
            source_url: None,
            image_url: None,
            tags: Vec::new(),
            ingredients: Vec::new(),
            steps: Vec::new(),
        }
    }
}

/// Lower-case slug: ASCII letters and digits kept (lower-cased), any run of other characters
/// becomes one hyphen, none at either end. `None` when nothing is left.
pub fn slug(tag: &str) -> Option<String> {
    let mut out = String::with_capacity(tag.len());
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    (!out.is_empty()).then_some(out)
}

pub(super) fn normalise_tags(tags: &[String]) -> Result<Vec<String>> {
    if tags.len() > MAX_TAGS {
        return Err(Error::invalid("tags", format!("at most {MAX_TAGS}")));
    }
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        let field = format!("tags[{i}]");
        let slug =
            slug(tag).ok_or_else(|| Error::invalid(field.clone(), "has no letters or digits"))?;
        if slug.len() > 50 {
            return Err(Error::invalid(field, "must be at most 50 characters"));
        }
        if !out.contains(&slug) {
            out.push(slug);
        }
    }
    Ok(out)
}

pub(super) fn url(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    let value = value.map(str::trim);
    limits::recipes::URL.check_some(field, value)?;
    match value {
        Some(v) if !(v.starts_with("https://") || v.starts_with("http://")) => {
            Err(Error::invalid(field, "must be an http or https URL"))
        }
        other => Ok(other.map(str::to_owned)),
    }
}

pub(super) fn minutes(field: impl Into<std::borrow::Cow<'static, str>>, value: i32) -> Result<i32> {
    limits::recipes::MINUTES.check(field, value)?;
    Ok(value)
}

/// One checked ingredient line: ingredient, quantity, unit, note.
pub(super) type CheckedLine = (Uuid, Numeric<10, 3>, Unit, Option<String>);

/// What [`RecipeInput`] becomes once checked.
pub(super) struct Checked {
    pub(super) name: String,
    pub(super) description: Option<String>,
    pub(super) cuisine_type: Option<String>,
    pub(super) cost_estimate: Option<Numeric<8, 2>>,
    pub(super) source_url: Option<String>,
    pub(super) image_url: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) lines: Vec<CheckedLine>,
    pub(super) steps: Vec<(String, Option<i32>)>,
}

/// Checks every field, in the order a caller reads them, and refuses the first bad one by name.
pub(super) fn check(input: &RecipeInput) -> Result<Checked> {
    let name = input.name.trim();
    limits::recipes::NAME.check("name", name)?;
    let cuisine_type = check_cuisine(input.cuisine_type.as_deref())?;
    minutes("prep_time_minutes", input.prep_time_minutes)?;
    minutes("cook_time_minutes", input.cook_time_minutes)?;
    limits::recipes::SERVINGS.check("servings", input.servings)?;
    let cost_estimate = check_cost(input.cost_estimate)?;
    let lines = check_lines(&input.ingredients)?;
    let steps = check_steps(&input.steps)?;
    Ok(Checked {
        name: name.to_owned(),
        description: {
            let description = input.description.as_deref();
            limits::recipes::DESCRIPTION.check_some("description", description)?;
            description.map(str::to_owned)
        },
        cuisine_type,
        cost_estimate,
        source_url: url("source_url", input.source_url.as_deref())?,
        image_url: url("image_url", input.image_url.as_deref())?,
        tags: normalise_tags(&input.tags)?,
        lines,
        steps,
    })
}

/// The cuisine trimmed and in lower case; blank is none.
fn check_cuisine(cuisine_type: Option<&str>) -> Result<Option<String>> {
    match cuisine_type.map(str::trim) {
        Some("") | None => Ok(None),
        Some(c) => {
            let cuisine = c.to_lowercase();
            limits::recipes::CUISINE_TYPE.check("cuisine_type", &cuisine)?;
            Ok(Some(cuisine))
        }
    }
}

fn check_cost(cost_estimate: Option<Decimal>) -> Result<Option<Numeric<8, 2>>> {
    match cost_estimate {
        Some(c) if c.is_sign_negative() => {
            Err(Error::invalid("cost_estimate", "must not be negative"))
        }
        Some(c) => Ok(Some(Numeric::new(c).on_field("cost_estimate")?)),
        None => Ok(None),
    }
}

/// At least one ingredient line and at most [`MAX_LINES`], each quantity positive.
fn check_lines(ingredients: &[IngredientLine]) -> Result<Vec<CheckedLine>> {
    if ingredients.is_empty() {
        return Err(Error::invalid(
            "ingredients",
            "must list at least one ingredient",
        ));
    }
    if ingredients.len() > MAX_LINES {
        return Err(Error::invalid(
            "ingredients",
            format!("at most {MAX_LINES}"),
        ));
    }
    let mut lines = Vec::with_capacity(ingredients.len());
    for (i, line) in ingredients.iter().enumerate() {
        if line.quantity <= Decimal::ZERO {
            return Err(Error::invalid(
                format!("ingredients[{i}].quantity"),
                "must be positive",
            ));
        }
        let quantity = Numeric::new(line.quantity)
            .map_err(|e| Error::numeric(format!("ingredients[{i}].quantity"), e))?;
        let note = match &line.note {
            Some(note) => {
                limits::recipes::INGREDIENT_NOTE.check(format!("ingredients[{i}].note"), note)?;
                Some(note.clone())
            }
            None => None,
        };
        lines.push((line.ingredient_id, quantity, line.unit, note));
    }
    Ok(lines)
}

/// At most [`MAX_LINES`] steps, each instruction trimmed.
fn check_steps(input: &[StepInput]) -> Result<Vec<(String, Option<i32>)>> {
    if input.len() > MAX_LINES {
        return Err(Error::invalid("steps", format!("at most {MAX_LINES}")));
    }
    let mut steps = Vec::with_capacity(input.len());
    for (i, step) in input.iter().enumerate() {
        let field = format!("steps[{i}].instruction");
        let instruction = step.instruction.trim();
        limits::recipes::INSTRUCTION.check(field, instruction)?;
        if let Some(d) = step.duration_minutes {
            minutes(format!("steps[{i}].duration_minutes"), d)?;
        }
        steps.push((instruction.to_owned(), step.duration_minutes));
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_lower_case_slugs() {
        assert_eq!(slug("Gluten Free").as_deref(), Some("gluten-free"));
        assert_eq!(slug("  Quick & Easy!! ").as_deref(), Some("quick-easy"));
        assert_eq!(slug("one_pot").as_deref(), Some("one-pot"));
        assert_eq!(slug("!!"), None);
        assert_eq!(
            normalise_tags(&["Vegan".into(), "vegan".into(), "Keto".into()]).unwrap(),
            ["vegan", "keto"]
        );
        assert!(matches!(
            normalise_tags(&["ok".into(), "***".into()]),
            Err(Error::Validation { field, .. }) if field == "tags[1]"
        ));
    }
}
