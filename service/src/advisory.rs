//! The one way the service takes a PostgreSQL advisory lock: transaction-scoped (released by
//! the commit or the rollback, never left held), on a text key hashed to a number by the
//! database. The key is a value sea-query binds or writes as a literal, never text pasted into
//! SQL. SQLite needs none (its writes run one at a time): callers take one only on PostgreSQL.
use sea_orm::sea_query::{Func, Query, SelectStatement};
use sea_orm::{DbBackend, DbErr};

use crate::ActingTxn;

/// How a key becomes the lock's number. Two holders exclude each other only when both hash the
/// same key the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hash {
    /// `hashtextextended(key, 0)`, 64 bits: the service's own locks.
    Extended,
    /// `hashtext(key)`, 32 bits: how `audit.create_monthly_partition` (a released migration's
    /// function) takes the partition-maintenance lock, which maintenance must share with it.
    Text,
}

/// `SELECT pg_advisory_xact_lock(<key hashed>)`: waits until no other transaction holds the
/// lock on `key`, then holds it until this one ends.
pub(crate) fn xact_lock(hash: Hash, key: &str) -> SelectStatement {
    let number = match hash {
        Hash::Extended => Func::cust("hashtextextended").arg(key).arg(0),
        Hash::Text => Func::cust("hashtext").arg(key),
    };
    Query::select()
        .expr(Func::cust("pg_advisory_xact_lock").arg(number))
        .to_owned()
}

/// Takes [`xact_lock`] on `key` ([`Hash::Extended`]) in an acting transaction, as bookkeeping: unprepared, ahead of
/// the call's next statement on the flight path (`crate::flight`), the key written as a quoted
/// literal by sea-query.
///
/// # Errors
/// [`DbErr`] from the database.
pub(crate) async fn lock_in(txn: &ActingTxn, key: &str) -> Result<(), DbErr> {
    let sql = DbBackend::Postgres
        .build(&xact_lock(Hash::Extended, key))
        .to_string();
    txn.bookkeeping(sql).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_a_quoted_literal() {
        // sea-query writes a string holding a quote as an escape string.
        let text = |hash| {
            DbBackend::Postgres
                .build(&xact_lock(hash, "a'b/1"))
                .to_string()
        };
        assert_eq!(
            text(Hash::Extended),
            r"SELECT pg_advisory_xact_lock(hashtextextended(E'a\'b/1', 0))"
        );
        assert_eq!(
            text(Hash::Text),
            r"SELECT pg_advisory_xact_lock(hashtext(E'a\'b/1'))"
        );
    }
}
