//! Audit trail (schema `audit` on PostgreSQL), written by database triggers.
pub mod data_changes;
