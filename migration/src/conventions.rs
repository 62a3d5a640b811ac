//! The conventions every table of the schema follows, on top of the portable builders: who
//! owns a row, and link tables.
use sea_orm_migration::prelude::ForeignKeyAction;

use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::{NewTable, Tbl};
use catalog::tables::USERS;

/// Who may reach a user's row on PostgreSQL: the acting user the service names in
/// `app.current_user_id` for every transaction, or a member of `eatsential_admin`. A
/// transaction that names no one reaches no user rows. (`pg_has_role` resolves the role when a
/// row is checked, so the policy can be created before the role exists.)
pub const OWNER_IS_ACTING_USER: &str = "user_id = NULLIF(current_setting('app.current_user_id', true), '')::uuid \
     OR pg_has_role('eatsential_admin', 'MEMBER')";

/// Shared column sets, as methods on [`NewTable`].
pub trait Conventions {
    /// `user_id`, a foreign key to `users` named `fk_<table>_user`, deleted with its user; on
    /// PostgreSQL, row-level security enabled and forced, with the policy `<table>_owner`
    /// ([`OWNER_IS_ACTING_USER`]) for reads and writes.
    fn owned_by_user(self) -> Self;

    /// [`Conventions::owned_by_user`] as the first six migrations used it, before row-level
    /// security: frozen, so that what a released migration creates never changes. Migration 7
    /// adds the policies to those tables.
    fn owned_by_user_v1(self) -> Self;

    /// A link table's two keys: each a UUID foreign key named `fk_<table>_<column without
    /// _id>`, deleted with the row it names, together the primary key.
    fn links(self, left: (&str, Tbl), right: (&str, Tbl)) -> Self;

    /// A SHA-256 digest column as stored for a secret token: unique, lower-case hex, checked
    /// by `chk_<table>_<column>_format` and `uq_<table>_<column>`.
    fn sha256_digest(self, column: &str) -> Self;

    /// [`Conventions::owned_by_user`], plus a second PostgreSQL policy `<table>_read` that lets
    /// anyone read a row where `condition` holds (a public recipe): policies of one command are
    /// OR-ed, so the owner still reads and writes all of theirs, and only the owner writes.
    fn owned_by_user_readable_when(self, condition: &str) -> Self;

    /// Shared reference data (the ingredient catalogue, the tag vocabulary): readable by every
    /// application role, written only by `eatsential_admin`. PostgreSQL takes INSERT, UPDATE
    /// and DELETE back from `eatsential_write` (granted by default privileges, migration 7);
    /// SQLite has no roles.
    fn reference_data(self) -> Self;
}

impl Conventions for NewTable {
    fn owned_by_user(self) -> Self {
        let backend = self.backend();
        let table = self.table();
        self.owned_by_user_v1()
            .then_all(owner_policy(backend, table, OWNER_IS_ACTING_USER))
    }

    fn owned_by_user_v1(self) -> Self {
        let name = format!("fk_{}_user", self.table().name);
        self.uuid("user_id").foreign_key(
            &name,
            &["user_id"],
            USERS,
            &["id"],
            ForeignKeyAction::Cascade,
        )
    }

    fn links(self, left: (&str, Tbl), right: (&str, Tbl)) -> Self {
        let table = self.table().name;
        let mut this = self;
        for (column, target) in [left, right] {
            let short = column.strip_suffix("_id").unwrap_or(column);
            this = this.uuid(column).foreign_key(
                &format!("fk_{table}_{short}"),
                &[column],
                target,
                &["id"],
                ForeignKeyAction::Cascade,
            );
        }
        this.primary_key(&[left.0, right.0])
    }

    fn sha256_digest(self, column: &str) -> Self {
        let name = self.table().name;
        self.varchar(column, 64)
            .check_per_backend(
                &format!("chk_{name}_{column}_format"),
                &format!("{column} ~ '^[0-9a-f]{{64}}$'"),
                &format!("length({column}) = 64 AND {column} NOT GLOB '*[^0-9a-f]*'"),
            )
            .unique(&format!("uq_{name}_{column}"), &[column])
    }

    fn owned_by_user_readable_when(self, condition: &str) -> Self {
        let backend = self.backend();
        let table = self.table();
        let read = (backend == DbBackend::Postgres).then(|| {
            format!(
                "CREATE POLICY {}_read ON {} FOR SELECT USING ({condition})",
                table.name,
                table.sql(backend)
            )
        });
        self.owned_by_user().then_all(read)
    }

    fn reference_data(self) -> Self {
        let backend = self.backend();
        let revoke = (backend == DbBackend::Postgres).then(|| {
            format!(
                "REVOKE INSERT, UPDATE, DELETE ON {} FROM eatsential_write",
                self.table().sql(backend)
            )
        });
        self.then_all(revoke)
    }
}

/// Row-level security on `table`, enabled and forced (so the table's owner is held to it too),
/// with one policy `<table>_owner` for every command. PostgreSQL only: SQLite has no row-level
/// security, and the service's own filters do the same work there.
pub fn owner_policy(backend: DbBackend, table: Tbl, condition: &str) -> Vec<String> {
    if backend != DbBackend::Postgres {
        return Vec::new();
    }
    let t = table.sql(backend);
    vec![
        format!("ALTER TABLE {t} ENABLE ROW LEVEL SECURITY"),
        format!("ALTER TABLE {t} FORCE ROW LEVEL SECURITY"),
        format!(
            "CREATE POLICY {}_owner ON {t} USING ({condition}) WITH CHECK ({condition})",
            table.name
        ),
    ]
}
