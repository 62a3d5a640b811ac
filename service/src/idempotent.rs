//! Creating a user's row under an id the client may choose, so that a create call can be
//! repeated safely.
//!
//! A connection lost at commit leaves the caller not knowing whether the row was stored
//! ([`Error::Unavailable`]). A create call given a client-chosen id answers a repeat from what
//! is stored: the row is inserted with `ON CONFLICT (id) DO NOTHING`, so the database decides
//! between racing calls; when the id is taken, the call reads the acting user's row under it in
//! the same transaction and compares it with what it would have stored. Equal: it returns the
//! stored row and rolls back, so nothing else of the call runs twice. Different, or not the
//! acting user's (on PostgreSQL row-level security shows another user's row as absent; on
//! SQLite the service filters it out): [`Error::Conflict`]. Nothing keeps the ids of deleted
//! rows (that would take a table of them), so a repeat after the row was deleted stores it
//! again.
//!
//! Each domain keeps its comparison beside its create call; this module only claims the id.
use crate::Actor;
use catalog::Subject;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr,
    EntityTrait, FromQueryResult, IntoActiveModel, ModelTrait, QueryFilter, QueryTrait,
    TryInsertResult,
    sea_query::{OnConflict, Value},
};
use uuid::Uuid;

use crate::acting::ActingTxn;
use crate::{Error, Result, advisory};

/// What inserting a row under its id found.
pub(crate) enum Claim<M> {
    /// The row is new: the call goes on (children, totals) and commits.
    New(M),
    /// The acting user's row already under this id, as stored: the call compares it with what
    /// it would have stored and finishes with [`Once::repeat`].
    Stored(M),
}

/// The id of a row a create call is about to insert into `E`, and how a clash on it is named.
pub(crate) struct Once<E: EntityTrait> {
    /// The client's id, or a new one.
    pub(crate) id: Uuid,
    /// Only a client's id can be repeated or raced; a new random one cannot.
    client_chosen: bool,
    id_column: E::Column,
    owner_column: E::Column,
    /// The `what` of the [`Error::Conflict`], `"<entity> id"`.
    what: Subject,
}

impl<E: EntityTrait> Once<E> {
    /// `client_id`, or a new random id when the client gave none. `columns` are the table's id
    /// column and the column naming the row's user.
    pub(crate) fn new(
        client_id: Option<Uuid>,
        (id_column, owner_column): (E::Column, E::Column),
        what: Subject,
    ) -> Self {
        Self {
            id: client_id.unwrap_or_else(Uuid::new_v4),
            client_chosen: client_id.is_some(),
            id_column,
            owner_column,
            what,
        }
    }

    pub(crate) fn conflict(&self) -> Error {
        Error::Conflict { what: self.what }
    }

    /// Inserts `row` (whose id is [`Once::id`]) unless a row with that id exists, and then
    /// reads the acting user's row under it.
    ///
    /// `refused` classifies a refusal of the insert (another rule than the id).
    ///
    /// # Errors
    /// [`Error::Conflict`] when the id is taken by a row the acting user cannot see; `refused`'s
    /// error; [`Error::Db`] and the rest from the database.
    pub(crate) async fn insert<A>(
        &self,
        txn: &ActingTxn,
        actor: Actor,
        row: A,
        refused: impl FnOnce(DbErr) -> Error,
    ) -> Result<Claim<E::Model>>
    where
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<A>,
    {
        self.serialise(txn).await?;
        // The hooks `ActiveModel::insert` runs (a list column is encoded for the backend in
        // `before_save`), which `Entity::insert` skips.
        let row = row.before_save(txn, true).await.map_err(Error::from)?;
        let inserted = E::insert(row)
            .on_conflict_do_nothing_on([self.id_column])
            .exec_with_returning(txn)
            .await;
        match inserted {
            Ok(TryInsertResult::Inserted(row)) => {
                let row = A::after_save(row, txn, true).await?;
                return Ok(Claim::New(row));
            }
            // SeaORM 2.0.4 reports `DO NOTHING` as `Conflicted` where it reads the row back
            // after the insert (SQLite here: no RETURNING), but as `RecordNotFound` where the
            // RETURNING clause came back empty (PostgreSQL). Either way nothing was inserted.
            Ok(TryInsertResult::Conflicted | TryInsertResult::Empty)
            | Err(DbErr::RecordNotFound(_)) => {}
            Err(err) => return Err(refused(err)),
        }
        match self.find(txn, Some(actor.id())).await? {
            Some(stored) => Ok(Claim::Stored(stored)),
            None => Err(self.conflict()),
        }
    }

    /// As [`Once::insert`], committing with it: the insert, `finals` and the commit go
    /// together (on PostgreSQL one round trip with what the transaction queued:
    /// [`crate::flight`]). Returns the new row, or `None` when the id was taken: the caller
    /// then reads the stored row ([`Once::stored`]) and compares it.
    ///
    /// `finals` run (and commit) either way, so they must leave the same state whether or not
    /// the row was inserted: a day's totals recomputed from its rows, say. A repeat then stores
    /// nothing new, where [`Once::insert`] rolls it back.
    ///
    /// # Errors
    /// `refused`'s error for a refusal of the insert, of `finals` or of the commit; the
    /// transaction is then rolled back.
    pub(crate) async fn insert_committing<A>(
        &self,
        txn: ActingTxn,
        row: A,
        finals: Vec<sea_orm::Statement>,
        refused: impl FnOnce(DbErr) -> Error,
    ) -> Result<Option<E::Model>>
    where
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<A> + FromQueryResult,
    {
        self.serialise(&txn).await?;
        // The hooks `ActiveModel::insert` runs (as in `Once::insert`).
        let row = row.before_save(&txn, true).await.map_err(Error::from)?;
        let mut insert =
            E::insert(row).on_conflict(OnConflict::column(self.id_column).do_nothing().to_owned());
        QueryTrait::query(&mut insert).returning_all();
        let stmt = insert.build(txn.get_database_backend());
        let rows = txn.query_and_commit(stmt, finals).await.map_err(refused)?;
        match rows.first() {
            Some(row) => Ok(Some(E::Model::from_query_result(row, "")?)),
            None => Ok(None),
        }
    }

    /// The acting user's row under the id, after [`Once::insert_committing`] found the id
    /// taken.
    ///
    /// # Errors
    /// [`Error::Conflict`] when the id is taken by a row the acting user cannot see;
    /// [`Error::Db`] and the rest from the database.
    pub(crate) async fn stored(&self, db: &impl crate::Conn, actor: Actor) -> Result<E::Model> {
        let txn = crate::acting::read(db, Some(actor)).await?;
        self.find(&txn, Some(actor.id()))
            .await?
            .ok_or_else(|| self.conflict())
    }

    /// As [`Once::insert`], for a table whose key cannot hold the id alone (a log table
    /// partitioned by month on PostgreSQL, keyed by `(id, created_at)`): with a client's id,
    /// the row under it is looked up first, under the same lock as [`Once::insert`] takes.
    ///
    /// Under PostgreSQL row-level security another user's row with this id is invisible, so
    /// there the id is held once per user only; where every row can be read (SQLite, an
    /// administrator's connection) another user's row is a [`Error::Conflict`] as in
    /// [`Once::insert`].
    ///
    /// # Errors
    /// As [`Once::insert`].
    pub(crate) async fn insert_unkeyed<A>(
        &self,
        txn: &ActingTxn,
        actor: Actor,
        row: A,
        refused: impl FnOnce(DbErr) -> Error,
    ) -> Result<Claim<E::Model>>
    where
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<A>,
    {
        if self.client_chosen {
            self.serialise(txn).await?;
            if let Some(stored) = self.find(txn, None).await? {
                return match stored.get(self.owner_column) == Value::from(actor) {
                    true => Ok(Claim::Stored(stored)),
                    false => Err(self.conflict()),
                };
            }
        }
        Ok(Claim::New(row.insert(txn).await.map_err(refused)?))
    }

    /// Ends a repeated call: rolls back (nothing of it is kept, so nothing runs twice) and
    /// returns `stored` when it is what the call would have stored, else [`Error::Conflict`].
    ///
    /// # Errors
    /// [`Error::Conflict`] when `same` is false.
    pub(crate) async fn repeat<T>(&self, txn: ActingTxn, stored: T, same: bool) -> Result<T> {
        // The answer does not depend on the rollback: this transaction wrote nothing that
        // stays, and a connection whose rollback failed is closed by the pool, never reused.
        let _ = txn.rollback().await;
        self.repeated(stored, same)
    }

    /// A repeated call's answer: `stored` when it is what the call would have stored, else
    /// [`Error::Conflict`].
    ///
    /// # Errors
    /// [`Error::Conflict`] when `same` is false.
    pub(crate) fn repeated<T>(&self, stored: T, same: bool) -> Result<T> {
        if same {
            Ok(stored)
        } else {
            Err(self.conflict())
        }
    }

    /// The row under the id, the acting user's only when `owner` is given.
    async fn find(&self, txn: &ActingTxn, owner: Option<Uuid>) -> Result<Option<E::Model>> {
        let mut find = E::find().filter(self.id_column.eq(self.id));
        if let Some(owner) = owner {
            find = find.filter(self.owner_column.eq(owner));
        }
        Ok(find.one(txn).await?)
    }

    /// On PostgreSQL, makes calls with the same client id wait for each other. `ON CONFLICT
    /// (id) DO NOTHING` alone settles a race on the primary key, but a table's other unique
    /// indexes are checked without it: two calls inserting the same row at the same instant
    /// would see the second refused by `uq_planned_meals_id_user` (say) instead of finding the
    /// first's row. A transaction-scoped advisory lock on the table and id closes that window.
    /// SQLite needs none: its write transactions begin IMMEDIATE, one at a time.
    async fn serialise(&self, txn: &ActingTxn) -> Result<()> {
        if self.client_chosen && txn.get_database_backend() == DbBackend::Postgres {
            // Bookkeeping, as the acting user's setting is: not one of the statements a call
            // promises.
            let table = E::default().table_name();
            advisory::lock_in(txn, &format!("eatsential.once/{table}/{}", self.id)).await?;
        }
        Ok(())
    }
}
