//! A goal with a target, a meal log (and so a daily total), an insight and a measurement
//! (migration 13).
use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: uuid::Uuid) {
    use entity::types::{
        HealthMetric, InsightKind, MealSlot, MetricUnit, Nutrient, NutritionGoalType, Timestamp,
    };
    use service::nutrition::{self, MealEntry, NewGoal, NewInsight, NewMealLog, NewMeasurement};
    let today = chrono::Utc::now().date_naive();
    let goal = nutrition::create_goal(
        &t.db,
        service::Actor::new(user),
        NewGoal::new(NutritionGoalType::Maintenance, today),
    )
    .await
    .unwrap(); // nutrition_goals
    let protein = nutrition::TargetInput {
        nutrient: Nutrient::ProteinG,
        min_amount: Some("50".parse().unwrap()),
        max_amount: None,
    };
    nutrition::set_target(&t.db, service::Actor::new(user), goal.id, protein)
        .await
        .unwrap(); // nutrient_targets
    let entry = MealEntry::Free {
        name: "Apple".into(),
        nutrition: nutrition::Nutrition {
            energy_kcal: "52".parse().unwrap(),
            ..Default::default()
        },
    };
    nutrition::log_meal(
        &t.db,
        service::Actor::new(user),
        nutrition::Tz::UTC,
        NewMealLog::new(Timestamp::now(), MealSlot::Snack, entry),
    )
    .await
    .unwrap(); // meal_logs, daily_nutrition
    let insight = NewInsight {
        kind: InsightKind::Pattern,
        message: "You eat late on weekdays".into(),
        data: Some(serde_json::json!({ "user_id": user.to_string() })),
        generated_by: "rule:late_meals".into(),
    };
    nutrition::record_insight(&t.db, service::Actor::new(user), insight)
        .await
        .unwrap(); // nutrition_insights
    let weight = NewMeasurement::new(
        HealthMetric::Weight,
        "70.5".parse().unwrap(),
        MetricUnit::Kg,
        Timestamp::now(),
    );
    nutrition::record_metric(&t.db, service::Actor::new(user), weight)
        .await
        .unwrap(); // health_metrics
}
