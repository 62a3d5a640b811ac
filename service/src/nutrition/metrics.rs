//! Health measurements over time (`health_metrics`): weight, body fat, blood pressure, blood
//! glucose, resting heart rate and the like, each with its unit and when it was measured.
//! Values are kept in the unit they were recorded in.
use crate::{Actor, Conn};
use catalog::Subject;
use entity::health_metrics;
use entity::types::{HealthMetric, MetricUnit, Numeric, Timestamp};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::idempotent::{Claim, Once};
use crate::input::{Limited, dates};
use crate::{Error, Result, accounts, acting};
use catalog::limits;

/// A measured value: DECIMAL(8, 2).
pub type MetricValue = Numeric<8, 2>;

/// A measurement to record. `value2` is the diastolic pressure of a blood pressure reading
/// (`value` the systolic), and absent for every other metric.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewMeasurement {
    /// The measurement's id, chosen by the client so the call can be repeated safely (see
    /// [`record_metric`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    pub metric: HealthMetric,
    pub value: MetricValue,
    pub value2: Option<MetricValue>,
    pub unit: MetricUnit,
    pub measured_at: Timestamp,
    pub source: Option<String>,
    pub notes: Option<String>,
}

impl NewMeasurement {
    pub fn new(metric: HealthMetric, value: MetricValue, unit: MetricUnit, at: Timestamp) -> Self {
        Self {
            id: None,
            metric,
            value,
            value2: None,
            unit,
            measured_at: at,
            source: None,
            notes: None,
        }
    }
}

fn validate(m: &NewMeasurement) -> Result<()> {
    // A measurement is taken, not planned.
    dates::check_not_ahead("measured_at", m.measured_at, Timestamp::now())?;
    if !m.metric.units().contains(&m.unit) {
        return Err(Error::invalid("unit", "is not a unit of this metric"));
    }
    if m.value.value() <= Decimal::ZERO {
        return Err(Error::invalid("value", "must be more than zero"));
    }
    match (m.metric.has_second_value(), m.value2) {
        (true, None) => {
            return Err(Error::invalid(
                "value2",
                "a blood pressure reading needs the diastolic value",
            ));
        }
        (false, Some(_)) => {
            return Err(Error::invalid(
                "value2",
                "only a blood pressure reading has a second value",
            ));
        }
        (true, Some(v)) if v.value() <= Decimal::ZERO => {
            return Err(Error::invalid("value2", "must be more than zero"));
        }
        _ => {}
    }
    limits::nutrition::METRIC_SOURCE.check_some("source", m.source.as_deref())?;
    limits::nutrition::NOTES.check_some("notes", m.notes.as_deref())?;
    Ok(())
}

/// Whether a stored measurement is what [`record_metric`] would store now: every field the
/// input sets (the id and the time of writing aside).
fn same_measurement(stored: &health_metrics::Model, candidate: &health_metrics::Model) -> bool {
    health_metrics::Model {
        id: stored.id,
        created_at: stored.created_at,
        ..candidate.clone()
    } == *stored
}

/// Records a measurement for the acting user. Repeated with the same `id` and the same
/// content, it returns the stored measurement and writes nothing.
///
/// # Errors
/// [`Error::Validation`] naming the field (`measured_at` more than [`dates::MAX_AHEAD`] after
/// now, `unit` not one of the metric's, `value`, `value2`, `source`, `notes`);
/// [`Error::NotFound`] (`user`);
/// [`Error::Conflict`] (`health metric id`) when `id` holds another measurement, or another
/// user's.
#[crate::traced("nutrition::record_metric")]
pub async fn record_metric(
    db: &impl Conn,
    actor: Actor,
    new: NewMeasurement,
) -> Result<health_metrics::Model> {
    validate(&new)?;
    let once = Once::<health_metrics::Entity>::new(
        new.id,
        (health_metrics::Column::Id, health_metrics::Column::UserId),
        Subject::HealthMetricId,
    );
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let row = health_metrics::Model {
        id: once.id,
        user_id: actor.id(),
        metric: new.metric,
        value: new.value,
        value2: new.value2,
        unit: new.unit,
        measured_at: new.measured_at,
        source: new.source,
        notes: new.notes,
        created_at: Timestamp::now(),
    };
    let active = row.clone().into_active_model().reset_all();
    let row = match once.insert(&txn, actor, active, Error::from).await? {
        Claim::New(row) => row,
        Claim::Stored(stored) => {
            let same = same_measurement(&stored, &row);
            return once.repeat(txn, stored, same).await;
        }
    };
    txn.commit().await?;
    Ok(row)
}

/// The acting user's measurements of `metric` with `from <= measured_at < to`, oldest first:
/// one query, served by `idx_health_metrics_user_metric_time`.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("nutrition::list_metrics")]
pub async fn list_metrics(
    db: &impl Conn,
    actor: Actor,
    metric: HealthMetric,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<health_metrics::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let rows = health_metrics::Entity::find()
        .filter(health_metrics::Column::UserId.eq(actor))
        .filter(health_metrics::Column::Metric.eq(metric))
        .filter(health_metrics::Column::MeasuredAt.gte(from))
        .filter(health_metrics::Column::MeasuredAt.lt(to))
        .order_by_asc(health_metrics::Column::MeasuredAt)
        .order_by_asc(health_metrics::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows)
}

/// Removes one of the acting user's measurements.
///
/// # Errors
/// [`Error::NotFound`] (`health metric`) for an unknown id or another user's measurement.
#[crate::traced("nutrition::delete_metric")]
pub async fn delete_metric(db: &impl Conn, actor: Actor, metric_id: Uuid) -> Result<()> {
    crate::owned::delete_own::<health_metrics::Entity>(
        db,
        actor,
        metric_id,
        (health_metrics::Column::Id, health_metrics::Column::UserId),
        Error::NotFound {
            what: Subject::HealthMetric,
        },
    )
    .await
}
