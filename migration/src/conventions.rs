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

    /// A part of a user's row that holds no `user_id` of its own (a recipe's ingredient lines,
    /// steps and nutrition), reached through `column` -> `parent.id`. On PostgreSQL, row-level
    /// security enabled and forced with two policies: `<table>_read`, anyone who can see the
    /// parent row can read it (the parent's own policies decide, inside the subquery);
    /// `<table>_owner`, only the parent's owner (or an admin) writes it. Without them, the
    /// application's role could change the lines of anybody's recipe with raw SQL.
    fn part_of(self, parent: Tbl, column: &str) -> Self;

    /// A nullable `user_id` for rows that may belong to no one (a request before sign-in):
    /// a foreign key `fk_<table>_user` deleted with its user, and on PostgreSQL the policy
    /// `<table>_owner` of [`Conventions::owned_by_user`] for reads, updates and deletes, while
    /// a write may also name no user (`user_id IS NULL`). Rows of no one are read by members of
    /// `eatsential_admin` only.
    fn owned_by_user_or_no_one(self) -> Self;
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

    fn part_of(self, parent: Tbl, column: &str) -> Self {
        let backend = self.backend();
        if backend != DbBackend::Postgres {
            return self;
        }
        let table = self.table();
        let (t, p) = (table.sql(backend), parent.sql(backend));
        let visible = format!("EXISTS (SELECT 1 FROM {p} parent WHERE parent.id = {t}.{column})");
        let owned = format!(
            "EXISTS (SELECT 1 FROM {p} parent WHERE parent.id = {t}.{column} \
             AND ({OWNER_IS_ACTING_USER}))"
        );
        let mut statements = owner_policy(backend, table, &owned);
        statements.push(format!(
            "CREATE POLICY {}_read ON {t} FOR SELECT USING ({visible})",
            table.name
        ));
        self.then_all(statements)
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

    fn owned_by_user_or_no_one(self) -> Self {
        let backend = self.backend();
        let table = self.table();
        let name = format!("fk_{}_user", table.name);
        let mut statements = owner_policy(backend, table, OWNER_IS_ACTING_USER);
        if let Some(policy) = statements.last_mut() {
            *policy = format!(
                "CREATE POLICY {}_owner ON {} USING ({OWNER_IS_ACTING_USER}) \
                 WITH CHECK (user_id IS NULL OR {OWNER_IS_ACTING_USER})",
                table.name,
                table.sql(backend)
            );
        }
        self.uuid_null("user_id")
            .foreign_key(
                &name,
                &["user_id"],
                USERS,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            .then_all(statements)
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
