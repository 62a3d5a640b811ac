//! Rule tests as tables: for each table a good row, by column name, and the cases that each
//! change a few of its columns and say which rule of `catalog::constraints` must refuse the
//! result (or that it is accepted, and why).
//!
//! Each case runs in a transaction of its own, rolled back, so cases neither see nor break each
//! other's rows and a case's ids may repeat the good row's. Every case runs even after one has
//! failed, and the test fails once at the end with the list. The list also names each CHECK,
//! trigger and foreign key the registry has for the tables of the test but no case refuses
//! with, so a new rule without a case fails with its name.
use std::collections::BTreeSet;

use catalog::constraints::{self, Kind};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, Statement, TransactionTrait, Value,
};

use crate::harness::{Expected, TestDb, refused_by};

/// A row of one table, as column names and values.
#[derive(Clone, Debug)]
pub struct Row {
    table: &'static str,
    columns: Vec<(&'static str, Value)>,
}

impl Row {
    pub fn new(table: &'static str) -> Self {
        Self {
            table,
            columns: Vec::new(),
        }
    }

    /// The row with `column` set to `value` (replaced if the row has it).
    pub fn col(mut self, column: &'static str, value: impl Into<Value>) -> Self {
        let value = value.into();
        match self.columns.iter_mut().find(|(name, _)| *name == column) {
            Some(slot) => slot.1 = value,
            None => self.columns.push((column, value)),
        }
        self
    }

    /// The row's `INSERT`.
    pub fn insert(&self, backend: DbBackend) -> Statement {
        let names: Vec<&str> = self.columns.iter().map(|(name, _)| *name).collect();
        let places: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.table,
            names.join(", "),
            places.join(", ")
        );
        let values = self.columns.iter().map(|(_, value)| value.clone());
        // SQLite reads `$n` as numbered parameters too.
        Statement::from_sql_and_values(backend, sql, values)
    }
}

/// The registry's rule of this name, as the `'static` name a [`Case`] takes: for names built
/// from a column (`chk_meal_logs_{nutrient}`). Fails the test for a name the registry lacks.
pub fn rule(name: &str) -> &'static str {
    constraints::by_name(name)
        .unwrap_or_else(|| panic!("no rule {name} in catalog::constraints"))
        .name
}

/// Inserts a row the cases refer to (outside any case's transaction), or fails the test.
pub async fn insert(t: &TestDb, row: &Row) {
    if let Err(e) = t.db.execute_raw(row.insert(t.backend)).await {
        panic!(
            "{:?}: a fixture row of {} was refused: {e}",
            t.backend, row.table
        );
    }
}

#[derive(Clone, Copy, Debug)]
enum Outcome {
    Refused(Expected),
    Accepted(&'static str),
}

/// A row inserted before a case's own, in the case's transaction.
#[derive(Clone, Debug)]
enum Prior {
    TheGoodRow,
    Row(Row),
}

/// The table's good row with some columns changed, and what the database must do with it.
#[derive(Clone, Debug)]
pub struct Case {
    outcome: Outcome,
    changes: Vec<(&'static str, Value)>,
    priors: Vec<Prior>,
}

impl Case {
    /// Refused by this rule (a name of `catalog::constraints` or a stand-in CHECK), or by one
    /// per backend (`harness::per_backend`).
    pub fn refused(by: impl Into<Expected>) -> Self {
        Self {
            outcome: Outcome::Refused(by.into()),
            changes: Vec::new(),
            priors: Vec::new(),
        }
    }

    /// Accepted, for the reason given.
    pub fn accepted(why: &'static str) -> Self {
        Self {
            outcome: Outcome::Accepted(why),
            changes: Vec::new(),
            priors: Vec::new(),
        }
    }

    /// Sets `column` of the good row (or adds it) for this case.
    pub fn set(mut self, column: &'static str, value: impl Into<Value>) -> Self {
        self.changes.push((column, value.into()));
        self
    }

    /// Inserts the table's good row first (a key or a unique rule to collide with).
    pub fn after_the_good_row(mut self) -> Self {
        self.priors.push(Prior::TheGoodRow);
        self
    }

    /// Inserts `row` first.
    pub fn after(mut self, row: Row) -> Self {
        self.priors.push(Prior::Row(row));
        self
    }

    fn row(&self, good: &Row) -> Row {
        self.changes
            .iter()
            .fold(good.clone(), |row, (column, value)| {
                row.col(column, value.clone())
            })
    }

    fn title(&self, table: &str) -> String {
        match self.outcome {
            Outcome::Refused(by) => format!(
                "{table}: refused by {}",
                by.names().collect::<Vec<_>>().join(" / ")
            ),
            Outcome::Accepted(why) => format!("{table}: accepted ({why})"),
        }
    }
}

/// One table's good row and its cases.
pub struct Table {
    good: Row,
    cases: Vec<Case>,
}

/// The cases of `good`'s table. The good row itself is checked first, as a case of its own.
pub fn table(good: Row, cases: impl IntoIterator<Item = Case>) -> Table {
    let mut all = vec![Case::accepted("the good row")];
    all.extend(cases);
    Table { good, cases: all }
}

/// Runs every case of every table and fails once, listing each case that went wrong and each
/// rule of these tables no case covers.
pub async fn run(t: &TestDb, tables: &[Table]) {
    let mut failures = uncovered_rules(tables);
    for table in tables {
        failures.extend(misplaced_rules(table));
        for case in &table.cases {
            if let Err(what) = run_case(t, &table.good, case).await {
                failures.push(format!("{}: {what}", case.title(table.good.table)));
            }
        }
    }
    let cases: usize = tables.iter().map(|table| table.cases.len()).sum();
    assert!(
        failures.is_empty(),
        "{:?}: {} of {cases} rule cases failed:\n{}",
        t.backend,
        failures.len(),
        failures.join("\n")
    );
}

async fn run_case(t: &TestDb, good: &Row, case: &Case) -> Result<(), String> {
    let txn =
        t.db.begin()
            .await
            .map_err(|e| format!("cannot begin: {e}"))?;
    let outcome = in_transaction(&txn, good, case).await;
    txn.rollback()
        .await
        .map_err(|e| format!("cannot roll back: {e}"))?;
    outcome
}

async fn in_transaction(txn: &DatabaseTransaction, good: &Row, case: &Case) -> Result<(), String> {
    let backend = txn.get_database_backend();
    for prior in &case.priors {
        let row = match prior {
            Prior::TheGoodRow => good,
            Prior::Row(row) => row,
        };
        let insert = row.insert(backend);
        txn.execute_raw(insert.clone())
            .await
            .map_err(|e| format!("the row it needs first was refused: {}: {e}", insert.sql))?;
    }
    let insert = case.row(good).insert(backend);
    // In a savepoint of its own, undone before the refusal is named: a refused statement may
    // leave its row behind on SQLite until then (and the naming runs the statement again).
    let attempt = txn
        .begin()
        .await
        .map_err(|e| format!("cannot begin: {e}"))?;
    let outcome = attempt.execute_raw(insert.clone()).await;
    attempt
        .rollback()
        .await
        .map_err(|e| format!("cannot roll back: {e}"))?;
    match (case.outcome, outcome) {
        (Outcome::Refused(by), outcome) => {
            let values = insert.values.map_or_else(Vec::new, |v| v.0);
            refused_by(txn, by, outcome, &insert.sql, values).await
        }
        (Outcome::Accepted(_), Ok(_)) => Ok(()),
        (Outcome::Accepted(_), Err(e)) => Err(format!("refused: {}: {e}", insert.sql)),
    }
}

/// The registry's CHECKs, triggers and foreign keys of the tested tables that no case expects.
fn uncovered_rules(tables: &[Table]) -> Vec<String> {
    let expected: BTreeSet<&str> = tables
        .iter()
        .flat_map(|table| &table.cases)
        .filter_map(|case| match case.outcome {
            Outcome::Refused(by) => Some(by),
            Outcome::Accepted(_) => None,
        })
        .flat_map(|by| by.names())
        .collect();
    let names: BTreeSet<&str> = tables.iter().map(|table| table.good.table).collect();
    constraints::all()
        .filter(|rule| names.contains(rule.table.name))
        .filter(|rule| matches!(rule.kind, Kind::Check | Kind::Trigger | Kind::ForeignKey))
        .filter(|rule| !expected.contains(rule.name))
        .map(|rule| format!("{}: no case refused by {}", rule.table.name, rule.name))
        .collect()
}

/// Cases whose rule the registry places on another table than the case's row.
fn misplaced_rules(table: &Table) -> Vec<String> {
    let own = table.good.table;
    table
        .cases
        .iter()
        .filter_map(|case| match case.outcome {
            Outcome::Refused(by) => Some(by),
            Outcome::Accepted(_) => None,
        })
        .flat_map(|by| by.names())
        .filter_map(|name| constraints::by_name(name))
        .filter(|rule| rule.table.name != own)
        .map(|rule| {
            format!(
                "{own}: a case expects {}, a rule of {}",
                rule.name, rule.table.name
            )
        })
        .collect()
}
