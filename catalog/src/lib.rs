//! The names the migrations and the service share, in one small crate so that an application
//! linking `service` does not pull in the migration CLI: the tables and their PostgreSQL
//! schemas, every named constraint with what its refusal means, and which backend a database
//! URL names.
pub mod constraints;
pub mod limits;
pub mod subject;
pub use subject::Subject;
pub mod tables;
mod url;

pub use url::{DEFAULT_DATABASE_URL, UnsupportedUrl, backend_for_url};
