//! The closed sets of nutrition tracking (migration `m20261122_000013`): short strings with a
//! CHECK listing the same values, as in `enums`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A meal of the day (meal logs; planned meals use the same slots).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
pub enum MealSlot {
    #[sea_orm(string_value = "breakfast")]
    #[serde(rename = "breakfast")]
    Breakfast,
    #[sea_orm(string_value = "lunch")]
    #[serde(rename = "lunch")]
    Lunch,
    #[sea_orm(string_value = "dinner")]
    #[serde(rename = "dinner")]
    Dinner,
    #[sea_orm(string_value = "snack")]
    #[serde(rename = "snack")]
    Snack,
}

/// What a nutrition goal aims at (seed 000's `goal_type_enum`, never defined there).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(30))")]
pub enum NutritionGoalType {
    #[sea_orm(string_value = "weight_loss")]
    #[serde(rename = "weight_loss")]
    WeightLoss,
    #[sea_orm(string_value = "maintenance")]
    #[serde(rename = "maintenance")]
    Maintenance,
    #[sea_orm(string_value = "muscle_gain")]
    #[serde(rename = "muscle_gain")]
    MuscleGain,
    #[sea_orm(string_value = "weight_gain")]
    #[serde(rename = "weight_gain")]
    WeightGain,
    #[sea_orm(string_value = "athletic_performance")]
    #[serde(rename = "athletic_performance")]
    AthleticPerformance,
    /// Eating for a medical condition (diabetes, hypertension, kidney disease...).
    #[sea_orm(string_value = "health_condition")]
    #[serde(rename = "health_condition")]
    HealthCondition,
    #[sea_orm(string_value = "general_health")]
    #[serde(rename = "general_health")]
    GeneralHealth,
}

/// The unit a nutrient's amounts are in.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
pub enum NutrientUnit {
    #[sea_orm(string_value = "kcal")]
    #[serde(rename = "kcal")]
    Kcal,
    #[sea_orm(string_value = "g")]
    #[serde(rename = "g")]
    Gram,
    #[sea_orm(string_value = "mg")]
    #[serde(rename = "mg")]
    Milligram,
    #[sea_orm(string_value = "mcg")]
    #[serde(rename = "mcg")]
    Microgram,
}

/// A nutrient a goal can target, named with its unit ([`Nutrient::unit`]).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(30))")]
pub enum Nutrient {
    #[sea_orm(string_value = "energy_kcal")]
    #[serde(rename = "energy_kcal")]
    EnergyKcal,
    #[sea_orm(string_value = "protein_g")]
    #[serde(rename = "protein_g")]
    ProteinG,
    #[sea_orm(string_value = "carbs_g")]
    #[serde(rename = "carbs_g")]
    CarbsG,
    #[sea_orm(string_value = "fat_g")]
    #[serde(rename = "fat_g")]
    FatG,
    #[sea_orm(string_value = "fiber_g")]
    #[serde(rename = "fiber_g")]
    FiberG,
    #[sea_orm(string_value = "sugar_g")]
    #[serde(rename = "sugar_g")]
    SugarG,
    #[sea_orm(string_value = "sodium_mg")]
    #[serde(rename = "sodium_mg")]
    SodiumMg,
    #[sea_orm(string_value = "saturated_fat_g")]
    #[serde(rename = "saturated_fat_g")]
    SaturatedFatG,
    #[sea_orm(string_value = "cholesterol_mg")]
    #[serde(rename = "cholesterol_mg")]
    CholesterolMg,
    #[sea_orm(string_value = "potassium_mg")]
    #[serde(rename = "potassium_mg")]
    PotassiumMg,
    #[sea_orm(string_value = "calcium_mg")]
    #[serde(rename = "calcium_mg")]
    CalciumMg,
    #[sea_orm(string_value = "iron_mg")]
    #[serde(rename = "iron_mg")]
    IronMg,
    #[sea_orm(string_value = "vitamin_c_mg")]
    #[serde(rename = "vitamin_c_mg")]
    VitaminCMg,
    #[sea_orm(string_value = "vitamin_d_mcg")]
    #[serde(rename = "vitamin_d_mcg")]
    VitaminDMcg,
}

impl Nutrient {
    /// The one unit this nutrient's amounts are in (`chk_nutrient_targets_unit_of_nutrient`).
    pub fn unit(self) -> NutrientUnit {
        match self {
            Self::EnergyKcal => NutrientUnit::Kcal,
            Self::ProteinG
            | Self::CarbsG
            | Self::FatG
            | Self::FiberG
            | Self::SugarG
            | Self::SaturatedFatG => NutrientUnit::Gram,
            Self::SodiumMg
            | Self::CholesterolMg
            | Self::PotassiumMg
            | Self::CalciumMg
            | Self::IronMg
            | Self::VitaminCMg => NutrientUnit::Milligram,
            Self::VitaminDMcg => NutrientUnit::Microgram,
        }
    }
}

/// What a generated insight is about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(30))")]
pub enum InsightKind {
    #[sea_orm(string_value = "nutrient_gap")]
    #[serde(rename = "nutrient_gap")]
    NutrientGap,
    #[sea_orm(string_value = "nutrient_excess")]
    #[serde(rename = "nutrient_excess")]
    NutrientExcess,
    #[sea_orm(string_value = "goal_progress")]
    #[serde(rename = "goal_progress")]
    GoalProgress,
    #[sea_orm(string_value = "pattern")]
    #[serde(rename = "pattern")]
    Pattern,
    #[sea_orm(string_value = "recommendation")]
    #[serde(rename = "recommendation")]
    Recommendation,
    #[sea_orm(string_value = "achievement")]
    #[serde(rename = "achievement")]
    Achievement,
    #[sea_orm(string_value = "health_alert")]
    #[serde(rename = "health_alert")]
    HealthAlert,
}

/// A measurement a user records over time ([`HealthMetric::units`] says in what).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(30))")]
pub enum HealthMetric {
    #[sea_orm(string_value = "weight")]
    #[serde(rename = "weight")]
    Weight,
    #[sea_orm(string_value = "body_fat")]
    #[serde(rename = "body_fat")]
    BodyFat,
    /// Systolic in `value`, diastolic in `value2`.
    #[sea_orm(string_value = "blood_pressure")]
    #[serde(rename = "blood_pressure")]
    BloodPressure,
    #[sea_orm(string_value = "blood_glucose")]
    #[serde(rename = "blood_glucose")]
    BloodGlucose,
    #[sea_orm(string_value = "resting_heart_rate")]
    #[serde(rename = "resting_heart_rate")]
    RestingHeartRate,
    #[sea_orm(string_value = "waist_circumference")]
    #[serde(rename = "waist_circumference")]
    WaistCircumference,
    #[sea_orm(string_value = "body_temperature")]
    #[serde(rename = "body_temperature")]
    BodyTemperature,
    #[sea_orm(string_value = "sleep_duration")]
    #[serde(rename = "sleep_duration")]
    SleepDuration,
    #[sea_orm(string_value = "steps")]
    #[serde(rename = "steps")]
    Steps,
}

impl HealthMetric {
    /// The units this metric may be recorded in (`chk_health_metrics_unit_of_metric`).
    pub fn units(self) -> &'static [MetricUnit] {
        use MetricUnit as U;
        match self {
            Self::Weight => &[U::Kg, U::Lb],
            Self::BodyFat => &[U::Percent],
            Self::BloodPressure => &[U::MmHg],
            Self::BloodGlucose => &[U::MgPerDl, U::MmolPerL],
            Self::RestingHeartRate => &[U::Bpm],
            Self::WaistCircumference => &[U::Cm, U::Inch],
            Self::BodyTemperature => &[U::Celsius, U::Fahrenheit],
            Self::SleepDuration => &[U::Hours],
            Self::Steps => &[U::Steps],
        }
    }

    /// Whether a reading has a second value (`value2`): blood pressure only.
    pub fn has_second_value(self) -> bool {
        self == Self::BloodPressure
    }
}

/// The unit of a health measurement.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
pub enum MetricUnit {
    #[sea_orm(string_value = "kg")]
    #[serde(rename = "kg")]
    Kg,
    #[sea_orm(string_value = "lb")]
    #[serde(rename = "lb")]
    Lb,
    #[sea_orm(string_value = "percent")]
    #[serde(rename = "percent")]
    Percent,
    #[sea_orm(string_value = "mmHg")]
    #[serde(rename = "mmHg")]
    MmHg,
    #[sea_orm(string_value = "mg/dL")]
    #[serde(rename = "mg/dL")]
    MgPerDl,
    #[sea_orm(string_value = "mmol/L")]
    #[serde(rename = "mmol/L")]
    MmolPerL,
    #[sea_orm(string_value = "bpm")]
    #[serde(rename = "bpm")]
    Bpm,
    #[sea_orm(string_value = "cm")]
    #[serde(rename = "cm")]
    Cm,
    #[sea_orm(string_value = "in")]
    #[serde(rename = "in")]
    Inch,
    #[sea_orm(string_value = "celsius")]
    #[serde(rename = "celsius")]
    Celsius,
    #[sea_orm(string_value = "fahrenheit")]
    #[serde(rename = "fahrenheit")]
    Fahrenheit,
    #[sea_orm(string_value = "hours")]
    #[serde(rename = "hours")]
    Hours,
    #[sea_orm(string_value = "steps")]
    #[serde(rename = "steps")]
    Steps,
}
