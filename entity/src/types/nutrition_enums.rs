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
    Breakfast,
    #[sea_orm(string_value = "lunch")]
    Lunch,
    #[sea_orm(string_value = "dinner")]
    Dinner,
    #[sea_orm(string_value = "snack")]
    Snack,
}

/// What a nutrition goal aims at (seed 000's `goal_type_enum`, never defined there).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(30))")]
pub enum NutritionGoalType {
    #[sea_orm(string_value = "weight_loss")]
    WeightLoss,
    #[sea_orm(string_value = "maintenance")]
    Maintenance,
    #[sea_orm(string_value = "muscle_gain")]
    MuscleGain,
    #[sea_orm(string_value = "weight_gain")]
    WeightGain,
    #[sea_orm(string_value = "athletic_performance")]
    AthleticPerformance,
    /// Eating for a medical condition (diabetes, hypertension, kidney disease...).
    #[sea_orm(string_value = "health_condition")]
    HealthCondition,
    #[sea_orm(string_value = "general_health")]
    GeneralHealth,
}

/// The unit a nutrient's amounts are in.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
pub enum NutrientUnit {
    #[sea_orm(string_value = "kcal")]
    Kcal,
    #[sea_orm(string_value = "g")]
    Gram,
    #[sea_orm(string_value = "mg")]
    Milligram,
    #[sea_orm(string_value = "mcg")]
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
    EnergyKcal,
    #[sea_orm(string_value = "protein_g")]
    ProteinG,
    #[sea_orm(string_value = "carbs_g")]
    CarbsG,
    #[sea_orm(string_value = "fat_g")]
    FatG,
    #[sea_orm(string_value = "fiber_g")]
    FiberG,
    #[sea_orm(string_value = "sugar_g")]
    SugarG,
    #[sea_orm(string_value = "sodium_mg")]
    SodiumMg,
    #[sea_orm(string_value = "saturated_fat_g")]
    SaturatedFatG,
    #[sea_orm(string_value = "cholesterol_mg")]
    CholesterolMg,
    #[sea_orm(string_value = "potassium_mg")]
    PotassiumMg,
    #[sea_orm(string_value = "calcium_mg")]
    CalciumMg,
    #[sea_orm(string_value = "iron_mg")]
    IronMg,
    #[sea_orm(string_value = "vitamin_c_mg")]
    VitaminCMg,
    #[sea_orm(string_value = "vitamin_d_mcg")]
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
    NutrientGap,
    #[sea_orm(string_value = "nutrient_excess")]
    NutrientExcess,
    #[sea_orm(string_value = "goal_progress")]
    GoalProgress,
    #[sea_orm(string_value = "pattern")]
    Pattern,
    #[sea_orm(string_value = "recommendation")]
    Recommendation,
    #[sea_orm(string_value = "achievement")]
    Achievement,
    #[sea_orm(string_value = "health_alert")]
    HealthAlert,
}

/// A measurement a user records over time ([`HealthMetric::units`] says in what).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(30))")]
pub enum HealthMetric {
    #[sea_orm(string_value = "weight")]
    Weight,
    #[sea_orm(string_value = "body_fat")]
    BodyFat,
    /// Systolic in `value`, diastolic in `value2`.
    #[sea_orm(string_value = "blood_pressure")]
    BloodPressure,
    #[sea_orm(string_value = "blood_glucose")]
    BloodGlucose,
    #[sea_orm(string_value = "resting_heart_rate")]
    RestingHeartRate,
    #[sea_orm(string_value = "waist_circumference")]
    WaistCircumference,
    #[sea_orm(string_value = "body_temperature")]
    BodyTemperature,
    #[sea_orm(string_value = "sleep_duration")]
    SleepDuration,
    #[sea_orm(string_value = "steps")]
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
    Kg,
    #[sea_orm(string_value = "lb")]
    Lb,
    #[sea_orm(string_value = "percent")]
    Percent,
    #[sea_orm(string_value = "mmHg")]
    MmHg,
    #[sea_orm(string_value = "mg/dL")]
    MgPerDl,
    #[sea_orm(string_value = "mmol/L")]
    MmolPerL,
    #[sea_orm(string_value = "bpm")]
    Bpm,
    #[sea_orm(string_value = "cm")]
    Cm,
    #[sea_orm(string_value = "in")]
    Inch,
    #[sea_orm(string_value = "celsius")]
    Celsius,
    #[sea_orm(string_value = "fahrenheit")]
    Fahrenheit,
    #[sea_orm(string_value = "hours")]
    Hours,
    #[sea_orm(string_value = "steps")]
    Steps,
}
