//! The closed sets of the ingredient catalogue and recipes (migration `m20261122_000012`):
//! short strings with a CHECK listing the same values, as in `enums`.

use rust_decimal::Decimal;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a unit measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    Mass,
    Volume,
    Count,
}

/// A unit a recipe quantity is given in: mass and volume units are metric or US customary
/// (`cup` is the US legal cup, 240 ml; `fl_oz` the US fluid ounce), `piece` counts items
/// (an egg, a clove of garlic).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    #[sea_orm(string_value = "g")]
    #[serde(rename = "g")]
    G,
    #[sea_orm(string_value = "kg")]
    #[serde(rename = "kg")]
    Kg,
    #[sea_orm(string_value = "mg")]
    #[serde(rename = "mg")]
    Mg,
    #[sea_orm(string_value = "oz")]
    #[serde(rename = "oz")]
    Oz,
    #[sea_orm(string_value = "lb")]
    #[serde(rename = "lb")]
    Lb,
    #[sea_orm(string_value = "ml")]
    #[serde(rename = "ml")]
    Ml,
    #[sea_orm(string_value = "l")]
    #[serde(rename = "l")]
    L,
    #[sea_orm(string_value = "tsp")]
    #[serde(rename = "tsp")]
    Tsp,
    #[sea_orm(string_value = "tbsp")]
    #[serde(rename = "tbsp")]
    Tbsp,
    #[sea_orm(string_value = "cup")]
    #[serde(rename = "cup")]
    Cup,
    #[sea_orm(string_value = "fl_oz")]
    #[serde(rename = "fl_oz")]
    FlOz,
    #[sea_orm(string_value = "piece")]
    #[serde(rename = "piece")]
    Piece,
}

impl Unit {
    pub fn kind(self) -> UnitKind {
        match self {
            Self::G | Self::Kg | Self::Mg | Self::Oz | Self::Lb => UnitKind::Mass,
            Self::Ml | Self::L | Self::Tsp | Self::Tbsp | Self::Cup | Self::FlOz => {
                UnitKind::Volume
            }
            Self::Piece => UnitKind::Count,
        }
    }

    /// One of this unit in its base unit: grams for a mass, millilitres for a volume, pieces
    /// for a count. Exact definitions: 1 oz = 28.349523125 g, 1 lb = 453.59237 g (the
    /// international avoirdupois pound), 1 US fl oz = 29.5735295625 ml, 1 tsp = 1/6 fl oz,
    /// 1 tbsp = 1/2 fl oz, 1 cup = 240 ml (US legal cup, what nutrition labels use).
    pub fn in_base_unit(self) -> Decimal {
        match self {
            Self::G | Self::Ml | Self::Piece => Decimal::ONE,
            Self::Kg | Self::L => Decimal::ONE_THOUSAND,
            Self::Mg => Decimal::new(1, 3),
            Self::Oz => Decimal::new(28_349_523_125, 9),
            Self::Lb => Decimal::new(45_359_237, 5),
            Self::FlOz => Decimal::new(295_735_295_625, 10),
            Self::Tsp => Decimal::new(492_892_159_375, 11),
            Self::Tbsp => Decimal::new(1_478_676_478_125, 11),
            Self::Cup => Decimal::from(240),
        }
    }

    /// `quantity` of this unit in grams, exactly (Decimal arithmetic): a mass directly, a
    /// volume through the ingredient's grams per millilitre, a count through its grams per
    /// piece. `None` when the ingredient lacks the density or piece weight it needs (never a
    /// silent zero).
    pub fn to_grams(
        self,
        quantity: Decimal,
        grams_per_ml: Option<Decimal>,
        grams_per_piece: Option<Decimal>,
    ) -> Option<Decimal> {
        let base = quantity.checked_mul(self.in_base_unit())?;
        match self.kind() {
            UnitKind::Mass => Some(base),
            UnitKind::Volume => base.checked_mul(grams_per_ml?),
            UnitKind::Count => base.checked_mul(grams_per_piece?),
        }
    }
}

/// How hard a recipe is (seed 000's `difficulty_enum`, which the seed never defined).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    #[sea_orm(string_value = "beginner")]
    #[serde(rename = "beginner")]
    Beginner,
    #[default]
    #[sea_orm(string_value = "intermediate")]
    #[serde(rename = "intermediate")]
    Intermediate,
    #[sea_orm(string_value = "advanced")]
    #[serde(rename = "advanced")]
    Advanced,
}

/// What kind of food an ingredient is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
#[serde(rename_all = "snake_case")]
pub enum IngredientCategory {
    #[sea_orm(string_value = "vegetable")]
    #[serde(rename = "vegetable")]
    Vegetable,
    #[sea_orm(string_value = "fruit")]
    #[serde(rename = "fruit")]
    Fruit,
    #[sea_orm(string_value = "grain")]
    #[serde(rename = "grain")]
    Grain,
    #[sea_orm(string_value = "legume")]
    #[serde(rename = "legume")]
    Legume,
    #[sea_orm(string_value = "nut_seed")]
    #[serde(rename = "nut_seed")]
    NutSeed,
    #[sea_orm(string_value = "dairy")]
    #[serde(rename = "dairy")]
    Dairy,
    #[sea_orm(string_value = "egg")]
    #[serde(rename = "egg")]
    Egg,
    #[sea_orm(string_value = "meat")]
    #[serde(rename = "meat")]
    Meat,
    #[sea_orm(string_value = "poultry")]
    #[serde(rename = "poultry")]
    Poultry,
    #[sea_orm(string_value = "fish")]
    #[serde(rename = "fish")]
    Fish,
    #[sea_orm(string_value = "shellfish")]
    #[serde(rename = "shellfish")]
    Shellfish,
    #[sea_orm(string_value = "oil_fat")]
    #[serde(rename = "oil_fat")]
    OilFat,
    #[sea_orm(string_value = "herb_spice")]
    #[serde(rename = "herb_spice")]
    HerbSpice,
    #[sea_orm(string_value = "condiment")]
    #[serde(rename = "condiment")]
    Condiment,
    #[sea_orm(string_value = "sweetener")]
    #[serde(rename = "sweetener")]
    Sweetener,
    #[sea_orm(string_value = "beverage")]
    #[serde(rename = "beverage")]
    Beverage,
    #[sea_orm(string_value = "other")]
    #[serde(rename = "other")]
    Other,
}

/// What a known tag says about a recipe.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
#[serde(rename_all = "snake_case")]
pub enum TagCategory {
    #[sea_orm(string_value = "diet")]
    #[serde(rename = "diet")]
    Diet,
    #[sea_orm(string_value = "meal_type")]
    #[serde(rename = "meal_type")]
    MealType,
    #[sea_orm(string_value = "cuisine")]
    #[serde(rename = "cuisine")]
    Cuisine,
    #[sea_orm(string_value = "technique")]
    #[serde(rename = "technique")]
    Technique,
    #[sea_orm(string_value = "occasion")]
    #[serde(rename = "occasion")]
    Occasion,
    #[sea_orm(string_value = "other")]
    #[serde(rename = "other")]
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn units_convert_exactly() {
        assert_eq!(Unit::Kg.to_grams(d("1.5"), None, None), Some(d("1500")));
        assert_eq!(Unit::Mg.to_grams(d("250"), None, None), Some(d("0.25")));
        assert_eq!(Unit::Lb.to_grams(d("2"), None, None), Some(d("907.18474")));
        assert_eq!(
            Unit::Oz.to_grams(d("16"), None, None),
            Unit::Lb.to_grams(d("1"), None, None)
        );
        assert_eq!(
            Unit::Cup.to_grams(d("0.5"), Some(d("0.53")), None),
            Some(d("63.6"))
        );
        assert_eq!(
            Unit::L.to_grams(d("1"), Some(d("1.03")), None),
            Some(d("1030"))
        );
        assert_eq!(
            Unit::Tbsp.to_grams(d("2"), Some(d("1")), None),
            Unit::FlOz.to_grams(d("1"), Some(d("1")), None)
        );
        assert_eq!(
            Unit::Tsp.to_grams(d("6"), Some(d("1")), None),
            Some(d("29.5735295625"))
        );
        assert_eq!(
            Unit::Tbsp.in_base_unit() * Decimal::TWO,
            Unit::FlOz.in_base_unit()
        );
        assert_eq!(
            Unit::Piece.to_grams(d("3"), None, Some(d("50"))),
            Some(d("150"))
        );
    }

    #[test]
    fn a_missing_density_or_piece_weight_is_none_never_zero() {
        assert_eq!(Unit::Cup.to_grams(d("1"), None, Some(d("50"))), None);
        assert_eq!(Unit::Piece.to_grams(d("1"), Some(d("1")), None), None);
        assert_eq!(Unit::G.to_grams(d("1"), None, None), Some(d("1")));
    }
}
