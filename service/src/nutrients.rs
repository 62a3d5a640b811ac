//! Energy and macronutrients as one value ([`Nutrition`]): a recipe's per serving
//! (`recipes`), a meal log's and a day's totals (`nutrition`), a planned day's sums
//! (`planning`). It lives apart from them so that no domain depends on another for it.
use entity::types::Numeric;
use entity::{daily_nutrition, meal_logs};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Amounts of a log: DECIMAL(9, 2).
pub type LogAmount = meal_logs::LogAmount;

/// Energy and macronutrients, in kcal, grams and milligrams (sodium). Amounts are never
/// negative, and have at most two decimals where they are stored or given; a plan's day sums
/// (`planning::DayNutrition`) keep four, exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Nutrition {
    pub energy_kcal: Decimal,
    pub protein_g: Decimal,
    pub carbs_g: Decimal,
    pub fat_g: Decimal,
    pub fiber_g: Decimal,
    pub sugar_g: Decimal,
    pub sodium_mg: Decimal,
}

impl Nutrition {
    /// The nutrient names as the tables spell them, with their values, in that order.
    pub fn fields(&self) -> [(&'static str, Decimal); 7] {
        [
            ("energy_kcal", self.energy_kcal),
            ("protein_g", self.protein_g),
            ("carbs_g", self.carbs_g),
            ("fat_g", self.fat_g),
            ("fiber_g", self.fiber_g),
            ("sugar_g", self.sugar_g),
            ("sodium_mg", self.sodium_mg),
        ]
    }

    /// The amounts in the order of [`Nutrition::fields`].
    pub(crate) fn from_fields(values: [Decimal; 7]) -> Self {
        let [
            energy_kcal,
            protein_g,
            carbs_g,
            fat_g,
            fiber_g,
            sugar_g,
            sodium_mg,
        ] = values;
        Self {
            energy_kcal,
            protein_g,
            carbs_g,
            fat_g,
            fiber_g,
            sugar_g,
            sodium_mg,
        }
    }

    /// Each amount times `factor`, rounded half away from zero to two decimals.
    pub fn scaled(&self, factor: Decimal) -> Self {
        Self::from_fields(self.fields().map(|(_, v)| {
            let mut x =
                (v * factor).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            x.rescale(2);
            x
        }))
    }

    /// The nutrition a log stores.
    pub fn of_log(log: &meal_logs::Model) -> Self {
        Self::from_fields(
            [
                log.energy_kcal,
                log.protein_g,
                log.carbs_g,
                log.fat_g,
                log.fiber_g,
                log.sugar_g,
                log.sodium_mg,
            ]
            .map(Numeric::value),
        )
    }

    /// The totals a day stores.
    pub fn of_day(day: &daily_nutrition::Model) -> Self {
        Self::from_fields(
            [
                day.energy_kcal,
                day.protein_g,
                day.carbs_g,
                day.fat_g,
                day.fiber_g,
                day.sugar_g,
                day.sodium_mg,
            ]
            .map(Numeric::value),
        )
    }

    /// Checked into the log's columns, each error naming `<prefix>.<nutrient>`.
    pub(crate) fn to_log(self, prefix: &str) -> Result<[LogAmount; 7]> {
        let mut out = Vec::with_capacity(7);
        for (name, value) in self.fields() {
            let field = format!("{prefix}.{name}");
            if value < Decimal::ZERO {
                return Err(Error::invalid(field, "must not be negative"));
            }
            out.push(LogAmount::new(value).map_err(|e| Error::numeric(field, e))?);
        }
        out.try_into()
            .map_err(|_| Error::invalid(prefix.to_owned(), "needs every nutrient"))
    }
}
