//! The rules of restaurants, their meals, recommendations and feedback (migration 15), table by table.
#[allow(unused_imports)]
use super::{Rule, check, fk, pk, rule, unique};

pub(super) const RULES: &[Rule] = &[];
