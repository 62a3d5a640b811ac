//! The rules of activity logs, request logs, metrics and model results (migration 16), table by table.
#[allow(unused_imports)]
use super::{Rule, check, fk, pk, rule, unique};

pub(super) const RULES: &[Rule] = &[];
