//! The rules of nutrition goals, meal logs, meal plans, prep sessions, shopping and the pantry (migration 13), table by table.
#[allow(unused_imports)]
use super::{Rule, check, fk, pk, rule, unique};

pub(super) const RULES: &[Rule] = &[];
