//! A spatial index on a table's latitude and longitude, for "within R km of a point" queries,
//! without PostGIS (`docs/DESIGN.md` D11).
//!
//! PostgreSQL: a GiST index on the built-in `point(longitude, latitude)` (no extension needed,
//! so nothing is added to the server's catalogue); a query asks `point(..) <@ box(..)`.
//! SQLite: an R*Tree virtual table holding one degenerate box per row (min = max), with the
//! row's UUID as an auxiliary column, kept in step by triggers on insert, update of the
//! coordinates and delete; a query joins the R*Tree's hits back by that UUID.
//!
//! Why the UUID and not SQLite's `rowid` as the R*Tree key: `VACUUM` may renumber the rowids of
//! a table without an `INTEGER PRIMARY KEY`, which would leave the index pointing at other rows.
//! The triggers find a row's entry through the R*Tree itself (its old point's box), so keeping
//! the index in step costs a lookup, not a scan.
use sea_orm_migration::sea_orm::DbBackend;

use super::Tbl;

/// A point index: `table`'s `latitude` and `longitude` columns (degrees; a row with either
/// NULL has no entry), identified by the UUID column `key`.
#[derive(Clone, Copy, Debug)]
pub struct PointIndex<'a> {
    pub table: Tbl,
    pub key: &'a str,
    pub latitude: &'a str,
    pub longitude: &'a str,
    /// PostgreSQL: the GiST index's name.
    pub name: &'a str,
    /// SQLite: the R*Tree virtual table (columns `id, min_lat, max_lat, min_lon, max_lon` and
    /// the auxiliary [`RTREE_KEY`]).
    pub rtree: Tbl,
}

/// The R*Tree's auxiliary column holding the indexed row's key (its UUID).
pub const RTREE_KEY: &str = "row_key";

impl PointIndex<'_> {
    /// The statements creating the index (and on SQLite filling it from existing rows and
    /// the triggers keeping it in step). Run after the table exists.
    pub fn create(&self, backend: DbBackend) -> Vec<String> {
        let t = self.table.sql(backend);
        let (lat, lon, key) = (self.latitude, self.longitude, self.key);
        if backend == DbBackend::Postgres {
            return vec![format!(
                "CREATE INDEX {} ON {t} USING GIST (point({lon}::float8, {lat}::float8))",
                self.name
            )];
        }
        let rt = self.rtree.sql(backend);
        let aux = RTREE_KEY;
        let trigger = |what: &str| format!("\"trg_{}_{what}\"", self.rtree.name);
        let insert = |row: &str| {
            format!(
                "INSERT INTO {rt} (min_lat, max_lat, min_lon, max_lon, {aux}) \
                 SELECT {row}.{lat}, {row}.{lat}, {row}.{lon}, {row}.{lon}, {row}.{key} \
                 WHERE {row}.{lat} IS NOT NULL AND {row}.{lon} IS NOT NULL"
            )
        };
        // The old point's entry, found through the R*Tree (whose boxes are rounded outwards
        // to 32-bit floats, so they contain the exact point).
        let remove = format!(
            "DELETE FROM {rt} WHERE id IN (SELECT id FROM {rt} \
             WHERE min_lat <= OLD.{lat} AND max_lat >= OLD.{lat} \
             AND min_lon <= OLD.{lon} AND max_lon >= OLD.{lon} AND {aux} = OLD.{key})"
        );
        vec![
            format!(
                "CREATE VIRTUAL TABLE {rt} USING rtree(id, min_lat, max_lat, min_lon, max_lon, +{aux})"
            ),
            format!(
                "INSERT INTO {rt} (min_lat, max_lat, min_lon, max_lon, {aux}) \
                 SELECT {lat}, {lat}, {lon}, {lon}, {key} FROM {t} \
                 WHERE {lat} IS NOT NULL AND {lon} IS NOT NULL"
            ),
            format!(
                "CREATE TRIGGER {} AFTER INSERT ON {t} FOR EACH ROW BEGIN {}; END",
                trigger("insert"),
                insert("NEW")
            ),
            format!(
                "CREATE TRIGGER {} AFTER UPDATE OF {lat}, {lon}, {key} ON {t} FOR EACH ROW \
                 BEGIN {remove}; {}; END",
                trigger("update"),
                insert("NEW")
            ),
            format!(
                "CREATE TRIGGER {} AFTER DELETE ON {t} FOR EACH ROW BEGIN {remove}; END",
                trigger("delete")
            ),
        ]
    }

    /// What dropping the index leaves to do before the table is dropped: SQLite's R*Tree (its
    /// triggers go with the table). PostgreSQL's index goes with its table.
    pub fn drop(&self, backend: DbBackend) -> Vec<String> {
        match backend {
            DbBackend::Postgres => Vec::new(),
            _ => vec![format!("DROP TABLE IF EXISTS {}", self.rtree.sql(backend))],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: PointIndex<'static> = PointIndex {
        table: Tbl::new("public", "places"),
        key: "id",
        latitude: "lat",
        longitude: "lon",
        name: "idx_places_location",
        rtree: Tbl::new("public", "places_rtree"),
    };

    #[test]
    fn postgres_gets_a_gist_index_on_a_point() {
        assert_eq!(
            INDEX.create(DbBackend::Postgres),
            vec![
                "CREATE INDEX idx_places_location ON \"public\".\"places\" USING GIST (point(lon::float8, lat::float8))"
            ]
        );
        assert!(INDEX.drop(DbBackend::Postgres).is_empty());
    }

    #[test]
    fn sqlite_gets_an_rtree_and_three_triggers() {
        let sql = INDEX.create(DbBackend::Sqlite);
        assert_eq!(sql.len(), 5);
        assert!(sql[0].contains("USING rtree(id, min_lat, max_lat, min_lon, max_lon, +row_key)"));
        assert!(sql[3].contains("AFTER UPDATE OF lat, lon, id ON \"places\""));
        assert_eq!(
            INDEX.drop(DbBackend::Sqlite),
            vec!["DROP TABLE IF EXISTS \"places_rtree\""]
        );
    }
}
