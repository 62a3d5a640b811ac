//! Operator tooling, apart from the migrations: what the `migration` command's `copy`,
//! `backup`, `maintain` and `check` need beyond running migrations, compiled only with the
//! `cli` feature (so a deploy step that runs the migrations from code builds none of it).
//!
//! - [`copy`]: a migrated SQLite database into an empty, migrated PostgreSQL one, verified;
//! - [`orphans`]: rows whose parent does not exist (`migration check`, and before a copy);
//! - [`dump`]: the schema as text, the form the pinned dumps (`migration/schema/*.sql`) and
//!   the drift checks compare.
pub mod copy;
pub mod dump;
pub mod orphans;
