//! [`AlterTable`] without a database: a `CREATE TABLE` taken apart, each operation's SQLite
//! plan and its refusals, and the pieces of a PostgreSQL `ALTER COLUMN`.
use super::*;
use crate::portable::Index;

const T: Tbl = Tbl::new("public", "pets");
const OWNERS: Tbl = Tbl::new("public", "owners");

/// A table in the shape sea-query writes, with the awkward bits: a comma and a parenthesis
/// in a string, a quoted name with a doubled quote, a comment, a nested CHECK.
const PETS: &str = "CREATE TABLE \"pets\" ( \"id\" BLOB NOT NULL DEFAULT ((randomblob(16))), \
    \"name\" TEXT NOT NULL, \"owner_id\" BLOB, \"say \"\"hi\"\"\" TEXT DEFAULT 'a, (b', \
    \"legs\" INTEGER, /* four, mostly ( */ PRIMARY KEY (\"id\"), \
    FOREIGN KEY (\"owner_id\") REFERENCES \"owners\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE, \
    CONSTRAINT \"chk_name_varchar\" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 20)), \
    CONSTRAINT \"chk_legs_integer\" CHECK (legs IS NULL OR (typeof(legs) = 'integer')), \
    CONSTRAINT \"chk_legs_range\" CHECK (legs BETWEEN 0 AND 8) )";

fn columns(def: &TableSql) -> Vec<&str> {
    def.columns().collect()
}

fn names(def: &TableSql) -> Vec<String> {
    def.items
        .iter()
        .filter_map(|i| match &i.kind {
            Kind::Constraint { name, .. } => Some(name.clone().unwrap_or_else(|| "-".to_owned())),
            Kind::Column { .. } => None,
        })
        .collect()
}

#[test]
fn a_create_table_splits_into_its_items() {
    let def = TableSql::parse(PETS).unwrap();
    assert_eq!(def.header, "CREATE TABLE \"pets\" (");
    assert_eq!(def.tail, "");
    assert_eq!(
        columns(&def),
        ["id", "name", "owner_id", "say \"hi\"", "legs"]
    );
    assert_eq!(def.items[3].text, "\"say \"\"hi\"\"\" TEXT DEFAULT 'a, (b'");
    // The comment belongs to the item it precedes and is kept.
    assert!(def.items[5].text.starts_with("/* four"));
    assert_eq!(
        names(&def),
        [
            "-",
            "-",
            "chk_name_varchar",
            "chk_legs_integer",
            "chk_legs_range"
        ]
    );
    assert_eq!(
        def.items[6].kind,
        Kind::Constraint {
            name: None,
            what: What::ForeignKey(vec!["owner_id".to_owned()])
        }
    );
    // Unchanged, it renders back to the same statement but for spacing.
    assert_eq!(TableSql::parse(&def.render()).unwrap().items, def.items);
    let strict =
        TableSql::parse("CREATE TABLE t (a INTEGER, b AS (a * 2) STORED) WITHOUT ROWID, STRICT")
            .unwrap();
    assert_eq!(strict.tail, " WITHOUT ROWID, STRICT");
    assert!(!strict.has_rowid());
    assert_eq!(
        strict.items[1].kind,
        Kind::Column {
            name: "b".to_owned(),
            generated: true
        }
    );
    assert!(def.has_rowid());
}

#[test]
fn broken_sql_is_an_error_not_a_panic() {
    for sql in [
        "CREATE TABLE t",
        "CREATE TABLE t (a TEXT DEFAULT 'x)",
        "CREATE TABLE t (a TEXT, (b)",
        "CREATE TABLE t (a, )",
        "CREATE TABLE t (CONSTRAINT CHECK (a))",
    ] {
        assert!(TableSql::parse(sql).is_err(), "{sql}");
    }
}

#[test]
fn mentions_are_identifiers_only() {
    assert!(mentions("CHECK (legs > 0)", "LEGS"));
    assert!(mentions(
        "UPDATE \"t\" SET x = 1 WHERE NEW.\"legs\" > 0",
        "legs"
    ));
    assert!(!mentions("CHECK (name <> 'legs')", "legs"));
    assert!(!mentions("CHECK (legs_count > 0) -- legs", "legs"));
}

fn sqlite(ops: AlterTable) -> Result<SqlitePlan, String> {
    sqlite_with(ops, &[], &[])
}

fn sqlite_with(
    ops: AlterTable,
    objects: &[SchemaObject],
    children: &[ChildKey],
) -> Result<SqlitePlan, String> {
    let steps = ops.prepare().map_err(|e| e.to_string())?;
    plan_sqlite("pets", "pets__alter_old", PETS, objects, children, &steps)
}

fn alter() -> AlterTable {
    AlterTable::new(DbBackend::Sqlite, T)
}

#[test]
fn added_columns_come_after_the_columns_with_their_stand_in_checks() {
    let plan = sqlite(
        alter()
            .add_columns(|t| {
                t.decimal_null("weight", 5, 2)
                    .varchar_default("color", 10, "brown")
            })
            .add_check("chk_weight_range", "weight > 0"),
    )
    .unwrap();
    let def = TableSql::parse(&plan.create).unwrap();
    assert_eq!(
        columns(&def),
        [
            "id",
            "name",
            "owner_id",
            "say \"hi\"",
            "legs",
            "weight",
            "color"
        ]
    );
    assert_eq!(def.items[5].text, "\"weight\" REAL");
    assert_eq!(
        def.items[6].text,
        "\"color\" varchar(10) NOT NULL DEFAULT 'brown'"
    );
    assert_eq!(
        names(&def)[5..],
        [
            "chk_weight_decimal",
            "chk_color_varchar",
            "chk_weight_range"
        ]
    );
    // New columns take their default; the rest are copied with their rowids.
    assert_eq!(
        plan.copy,
        "INSERT INTO \"pets\" (rowid, \"id\", \"name\", \"owner_id\", \"say \"\"hi\"\"\", \"legs\") \
         SELECT rowid, \"id\", \"name\", \"owner_id\", \"say \"\"hi\"\"\", \"legs\" FROM \"pets__alter_old\""
    );
}

#[test]
fn a_not_null_column_needs_a_default() {
    let refused = sqlite(alter().add_columns(|t| t.integer("age"))).unwrap_err();
    assert!(
        refused.contains("age is added NOT NULL without a default"),
        "{refused}"
    );
    assert!(sqlite(alter().add_columns(|t| t.integer_default("age", 1))).is_ok());
    assert!(
        sqlite(alter().add_columns(|t| t.generated_integer("double_legs", "legs * 2"))).is_ok()
    );
    let refused = sqlite(alter().add_columns(|t| t.text_null("name"))).unwrap_err();
    assert!(refused.contains("column name exists already"), "{refused}");
}

#[test]
fn a_dropped_column_takes_its_stand_ins_and_nothing_else() {
    let plan = sqlite(alter().drop_column("name")).unwrap();
    let def = TableSql::parse(&plan.create).unwrap();
    assert_eq!(columns(&def), ["id", "owner_id", "say \"hi\"", "legs"]);
    assert!(!names(&def).contains(&"chk_name_varchar".to_owned()));
    assert!(!plan.copy.contains("\"name\""));

    let refused = sqlite(alter().drop_column("legs")).unwrap_err();
    assert!(
        refused.contains("used by constraint chk_legs_range"),
        "{refused}"
    );
    assert!(
        sqlite(
            alter()
                .drop_constraint("chk_legs_range")
                .drop_column("legs")
        )
        .is_ok()
    );
    // Order matters, as on PostgreSQL.
    assert!(
        sqlite(
            alter()
                .drop_column("legs")
                .drop_constraint("chk_legs_range")
        )
        .is_err()
    );

    let refused = sqlite(alter().drop_column("id")).unwrap_err();
    assert!(
        refused.ends_with("column id is used by PRIMARY KEY (\"id\"): drop them first"),
        "{refused}"
    );
    let refused = sqlite(alter().drop_column("owner_id")).unwrap_err();
    assert!(
        refused.contains("used by FOREIGN KEY (\"owner_id\")"),
        "{refused}"
    );
    assert!(
        sqlite(alter().drop_column("nope"))
            .unwrap_err()
            .contains("no column nope")
    );
}

fn object(kind: &str, name: &str, table: &str, sql: &str) -> SchemaObject {
    SchemaObject {
        kind: kind.to_owned(),
        name: name.to_owned(),
        table: table.to_owned(),
        sql: Some(sql.to_owned()),
    }
}

#[test]
fn a_dropped_column_in_use_elsewhere_is_refused_naming_the_users() {
    let objects = [
        object(
            "index",
            "idx_pets_name",
            "pets",
            "CREATE INDEX idx_pets_name ON \"pets\" (name)",
        ),
        SchemaObject {
            sql: None,
            ..object("index", "sqlite_autoindex_pets_1", "pets", "")
        },
        object(
            "trigger",
            "trg_owners_rename",
            "owners",
            "CREATE TRIGGER trg_owners_rename AFTER UPDATE ON owners BEGIN UPDATE pets SET name = NEW.name; END",
        ),
        // Mentions a `name`, but not of pets.
        object(
            "view",
            "owner_names",
            "owner_names",
            "CREATE VIEW owner_names AS SELECT name FROM owners",
        ),
        object(
            "view",
            "pet_names",
            "pet_names",
            "CREATE VIEW pet_names AS SELECT name FROM pets",
        ),
    ];
    let refused = sqlite_with(alter().drop_column("name"), &objects, &[]).unwrap_err();
    assert!(
        refused.ends_with(
            "column name is used by index idx_pets_name, trigger trg_owners_rename, view pet_names: drop them first"
        ),
        "{refused}"
    );
    let children = [ChildKey {
        child: "visits".to_owned(),
        column: Some("legs".to_owned()),
    }];
    let refused = sqlite_with(
        alter()
            .drop_constraint("chk_legs_range")
            .drop_column("legs"),
        &[],
        &children,
    )
    .unwrap_err();
    assert!(
        refused.contains("the foreign key of table visits"),
        "{refused}"
    );
}

#[test]
fn a_changed_column_keeps_its_place_and_its_values() {
    let plan = sqlite(
        alter()
            .change_columns(|t| t.varchar_null("name", 40).integer_default("legs", 4))
            .using("legs", "coalesce(legs, 4)"),
    )
    .unwrap();
    let def = TableSql::parse(&plan.create).unwrap();
    assert_eq!(
        columns(&def),
        ["id", "name", "owner_id", "say \"hi\"", "legs"]
    );
    assert_eq!(def.items[1].text, "\"name\" varchar(40)");
    assert_eq!(def.items[4].text, "\"legs\" INTEGER NOT NULL DEFAULT 4");
    let checks = names(&def);
    assert_eq!(
        checks[2..],
        ["chk_legs_range", "chk_name_varchar", "chk_legs_integer"]
    );
    let new_check = def
        .items
        .iter()
        .find(|i| i.describe() == "constraint chk_name_varchar")
        .unwrap();
    assert!(new_check.text.contains("length(name) <= 40"));
    assert!(plan.copy.ends_with(
        "SELECT rowid, \"id\", \"name\", \"owner_id\", \"say \"\"hi\"\"\", coalesce(legs, 4) FROM \"pets__alter_old\""
    ));
    let refused = sqlite(alter().change_columns(|t| t.text("x")).using("y", "1")).unwrap_err();
    assert!(
        refused.contains("using(y, ...) follows no change_columns"),
        "{refused}"
    );
    assert!(
        sqlite(alter().change_columns(|t| t.text("x")))
            .unwrap_err()
            .contains("no column x")
    );
    assert!(
        sqlite(alter().change_columns(|t| t.id()))
            .unwrap_err()
            .contains("primary key")
    );
}

#[test]
fn constraints_are_added_and_dropped_by_name() {
    let plan = sqlite(
        alter()
            .add_unique("uq_pets_name", &["name"])
            .add_foreign_key(
                "fk_pets_best_friend",
                &["owner_id"],
                OWNERS,
                &["id"],
                ForeignKeyAction::SetNull,
            )
            .drop_constraint("chk_legs_range"),
    )
    .unwrap();
    let def = TableSql::parse(&plan.create).unwrap();
    assert_eq!(
        names(&def),
        [
            "-",
            "-",
            "chk_name_varchar",
            "chk_legs_integer",
            "uq_pets_name",
            "fk_pets_best_friend"
        ]
    );
    assert_eq!(
        def.items[9].text,
        "CONSTRAINT \"uq_pets_name\" UNIQUE (\"name\")"
    );
    assert_eq!(
        def.items[10].text,
        "CONSTRAINT \"fk_pets_best_friend\" FOREIGN KEY (\"owner_id\") REFERENCES \"owners\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE"
    );
    let dup = sqlite(alter().add_check("chk_legs_range", "legs < 9")).unwrap_err();
    assert!(dup.contains("chk_legs_range exists already"), "{dup}");
    let missing = sqlite(alter().drop_constraint("fk_pets_owner")).unwrap_err();
    assert!(missing.contains("use drop_foreign_key"), "{missing}");
    // NewTable's foreign keys have no name on SQLite: found by their columns.
    let plan = sqlite(alter().drop_foreign_key("fk_pets_owner", &["owner_id"])).unwrap();
    assert!(!plan.create.contains("FOREIGN KEY"));
    assert!(sqlite(alter().drop_foreign_key("fk_pets_owner", &["id"])).is_err());
}

#[test]
fn indexes_and_triggers_are_recreated_and_closure_statements_run_last() {
    let objects = [
        object(
            "index",
            "idx_pets_legs",
            "pets",
            "CREATE INDEX idx_pets_legs ON \"pets\" (legs)",
        ),
        object(
            "trigger",
            "trg_pets",
            "pets",
            "CREATE TRIGGER trg_pets AFTER UPDATE ON \"pets\" BEGIN SELECT 1; END",
        ),
        object("table", "owners", "owners", "CREATE TABLE owners (id BLOB)"),
    ];
    let plan = sqlite_with(
        alter().add_columns(|t| {
            t.text_null("nick")
                .index(Index::new("idx_pets_nick", "nick"))
        }),
        &objects,
        &[],
    )
    .unwrap();
    assert_eq!(plan.old_triggers, ["trg_pets"]);
    assert_eq!(
        plan.recreate,
        [
            "CREATE INDEX idx_pets_legs ON \"pets\" (legs)",
            "CREATE TRIGGER trg_pets AFTER UPDATE ON \"pets\" BEGIN SELECT 1; END",
            "CREATE INDEX idx_pets_nick ON \"pets\" (nick)",
        ]
    );
}

#[test]
fn postgres_gets_each_piece_of_a_changed_column() {
    let table = NewTable::new(DbBackend::Postgres, T)
        .varchar_default("color", 40, "brown")
        .timestamp_null("seen_at");
    let columns = table.statement().get_columns();
    let color = postgres_column(&columns[0]).unwrap();
    assert_eq!(
        color,
        PostgresColumn {
            ty: "varchar(40) COLLATE \"C\"".to_owned(),
            not_null: true,
            default: Some("'brown'".to_owned()),
        }
    );
    assert_eq!(
        color.alter_column("color", Some("upper(color)")),
        "ALTER COLUMN \"color\" TYPE varchar(40) COLLATE \"C\" USING upper(color), \
         ALTER COLUMN \"color\" SET NOT NULL, ALTER COLUMN \"color\" SET DEFAULT 'brown'"
    );
    let seen = postgres_column(&columns[1]).unwrap();
    assert_eq!(
        seen.alter_column("seen_at", None),
        "ALTER COLUMN \"seen_at\" TYPE timestamp with time zone, \
         ALTER COLUMN \"seen_at\" DROP NOT NULL, ALTER COLUMN \"seen_at\" DROP DEFAULT"
    );
    let items = rendered_items(&table).unwrap();
    assert_eq!(
        items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
        [
            "\"color\" varchar(40) NOT NULL DEFAULT 'brown' COLLATE \"C\"",
            "\"seen_at\" timestamp with time zone",
            "CONSTRAINT \"chk_seen_at_finite\" CHECK (seen_at >= '0001-01-01 00:00:00+00' AND seen_at < '10000-01-01 00:00:00+00')",
        ]
    );
}
