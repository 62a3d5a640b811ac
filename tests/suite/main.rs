//! The integration suite. Every test body runs twice: on a fresh SQLite file, and on a fresh
//! PostgreSQL database when `TEST_POSTGRES_URL` is set (see `harness`).

#[macro_use]
mod harness;
// The benches' data set, shared with the round-trip tests.
#[path = "../benches/fixtures/mod.rs"]
mod fixtures;

mod accounts;
mod alter;
mod autocommit_reads;
mod best_candidates;
mod builder;
mod catalogue;
mod cli;
mod connection;
mod contract;
mod copy;
mod copy_property;
mod dates;
mod drift;
mod erasure;
mod facets;
mod faults;
mod health;
mod migrations;
mod monitor;
mod nutrition;
mod online;
mod operations;
mod orphans;
mod parity;
mod payments;
mod pinned;
mod planning;
mod profiles;
mod query_plans;
mod recipes;
mod recommendations;
mod refusals;
mod replicas;
mod restaurants;
mod retry;
mod round_trips;
mod row_security;
mod rule_cases;
mod safety;
mod schema;
mod session_state;
mod sessions;
mod spans;
mod squawk;
mod stale_plans;
mod value_parity;
mod values;
mod write_flights;
