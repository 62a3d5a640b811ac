//! The rules of the ingredient catalogue, recipes and their ratings (migration 12), table by table.
#[allow(unused_imports)]
use super::{Rule, check, fk, pk, rule, unique};

pub(super) const RULES: &[Rule] = &[];
