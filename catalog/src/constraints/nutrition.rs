//! The rules of nutrition goals and targets, meal logs and daily totals, insights and health metrics (migration 13), table by table.
#[allow(unused_imports)]
use super::{Rule, check, fk, pk, rule, unique};

pub(super) const RULES: &[Rule] = &[];
