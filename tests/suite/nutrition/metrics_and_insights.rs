//! Health metrics over a period, and insights read and dismissed.
use entity::types::{HealthMetric, InsightKind, MetricUnit};
use service::Error;
use service::nutrition::{self, NewInsight, NewMeasurement};

use super::at;
use crate::harness::{TestDb, verified_user};

async fn metric_series_over_a_period(t: &TestDb) {
    let user = verified_user(t, "hank").await;
    for (d, kg) in [(3, "80.10"), (1, "80.50"), (5, "79.90"), (9, "79.00")] {
        let new = NewMeasurement::new(
            HealthMetric::Weight,
            kg.parse().unwrap(),
            MetricUnit::Kg,
            at(2026, 4, d, 7, 0),
        );
        nutrition::record_metric(&t.db, user, new).await.unwrap();
    }
    let mut pressure = NewMeasurement::new(
        HealthMetric::BloodPressure,
        "120".parse().unwrap(),
        MetricUnit::MmHg,
        at(2026, 4, 2, 7, 0),
    );
    pressure.value2 = Some("80".parse().unwrap());
    nutrition::record_metric(&t.db, user, pressure)
        .await
        .unwrap();
    let series = nutrition::list_metrics(
        &t.db,
        user,
        HealthMetric::Weight,
        at(2026, 4, 1, 0, 0),
        at(2026, 4, 6, 0, 0),
    )
    .await
    .unwrap();
    assert_eq!(
        series
            .iter()
            .map(|m| m.value.to_string())
            .collect::<Vec<_>>(),
        ["80.50", "80.10", "79.90"]
    );
    let mut wrong_unit = NewMeasurement::new(
        HealthMetric::Weight,
        "80".parse().unwrap(),
        MetricUnit::Bpm,
        at(2026, 4, 2, 7, 0),
    );
    let refused = nutrition::record_metric(&t.db, user, wrong_unit.clone()).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "unit"),
        "{refused:?}"
    );
    wrong_unit.unit = MetricUnit::Kg;
    wrong_unit.value2 = Some("1".parse().unwrap());
    let refused = nutrition::record_metric(&t.db, user, wrong_unit).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "value2"),
        "{refused:?}"
    );
    nutrition::delete_metric(&t.db, user, series[0].id)
        .await
        .unwrap();
}

async fn insights_are_read_and_dismissed(t: &TestDb) {
    let user = verified_user(t, "iris").await;
    let new = |message: &str| NewInsight {
        kind: InsightKind::NutrientGap,
        message: message.into(),
        data: Some(serde_json::json!({ "fiber_g": { "mean": "12.40", "target": "30.00" } })),
        generated_by: "rule:fiber_below_target".into(),
    };
    let first = nutrition::record_insight(&t.db, user, new("Fiber is low"))
        .await
        .unwrap();
    let second = nutrition::record_insight(&t.db, user, new("Still low"))
        .await
        .unwrap();
    let read = nutrition::mark_insight_read(&t.db, user, first.id)
        .await
        .unwrap();
    assert!(read.read_at.is_some());
    let again = nutrition::mark_insight_read(&t.db, user, first.id)
        .await
        .unwrap();
    assert_eq!(again.read_at, read.read_at, "read once");
    nutrition::dismiss_insight(&t.db, user, second.id)
        .await
        .unwrap();
    let listed = nutrition::list_insights(&t.db, user, false).await.unwrap();
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), [first.id]);
    assert_eq!(listed[0].data, first.data);
    assert_eq!(
        nutrition::list_insights(&t.db, user, true)
            .await
            .unwrap()
            .len(),
        2
    );
    let refused = nutrition::record_insight(&t.db, user, new("")).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "message"),
        "{refused:?}"
    );
}

dual!(metric_series_over_a_period, insights_are_read_and_dismissed,);
