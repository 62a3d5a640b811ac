//! Closed sets of the log tables (migration 16).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The HTTP method of a logged request (`access_logs.method`, `api_requests.method`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
pub enum HttpMethod {
    #[sea_orm(string_value = "GET")]
    #[serde(rename = "GET")]
    Get,
    #[sea_orm(string_value = "POST")]
    #[serde(rename = "POST")]
    Post,
    #[sea_orm(string_value = "PUT")]
    #[serde(rename = "PUT")]
    Put,
    #[sea_orm(string_value = "PATCH")]
    #[serde(rename = "PATCH")]
    Patch,
    #[sea_orm(string_value = "DELETE")]
    #[serde(rename = "DELETE")]
    Delete,
    #[sea_orm(string_value = "HEAD")]
    #[serde(rename = "HEAD")]
    Head,
    #[sea_orm(string_value = "OPTIONS")]
    #[serde(rename = "OPTIONS")]
    Options,
}
