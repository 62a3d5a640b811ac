//! The conventions every table of the schema follows, on top of the portable builders: who
//! owns a row, and link tables.
use sea_orm_migration::prelude::ForeignKeyAction;

use crate::portable::{NewTable, Tbl};
use catalog::tables::USERS;

/// Shared column sets, as methods on [`NewTable`].
pub trait Conventions {
    /// `user_id`, a foreign key to `users` named `fk_<table>_user`, deleted with its user.
    fn owned_by_user(self) -> Self;

    /// A link table's two keys: each a UUID foreign key named `fk_<table>_<column without
    /// _id>`, deleted with the row it names, together the primary key.
    fn links(self, left: (&str, Tbl), right: (&str, Tbl)) -> Self;

    /// A SHA-256 digest column as stored for a secret token: unique, lower-case hex, checked
    /// by `chk_<table>_<column>_format` and `uq_<table>_<column>`.
    fn sha256_digest(self, column: &str) -> Self;
}

impl Conventions for NewTable {
    fn owned_by_user(self) -> Self {
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
}
