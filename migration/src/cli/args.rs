//! The command line, as clap derive types.
//!
//! Every subcommand is a variant of [`Command`] with its own argument struct, so a command with
//! options of its own (`maintain --months-ahead N`, `copy --from URL --to URL`) is one more
//! variant and one more struct, and `cli::run` gives it one more arm.
use clap::{Args, Parser, Subcommand};
use migration::DEFAULT_DATABASE_URL;

/// Applies, rolls back and inspects the Eatsential schema migrations, on SQLite or PostgreSQL.
///
/// With no subcommand it runs `up`.
// No `Debug`: the struct holds the database URL, password included.
#[derive(Parser)]
#[command(name = "migration", version)]
pub struct Cli {
    /// The database: sqlite://PATH?mode=rwc or postgres://USER:PASSWORD@HOST:PORT/NAME
    // `hide_env_values`: `--help` would otherwise print DATABASE_URL, password and all.
    #[arg(
        short = 'u',
        long,
        global = true,
        env = "DATABASE_URL",
        hide_env_values = true,
        default_value = DEFAULT_DATABASE_URL,
        value_name = "URL"
    )]
    pub database_url: String,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Every URL the command line holds (for redaction).
    pub fn urls(&self) -> Vec<&str> {
        let mut urls = vec![self.database_url.as_str()];
        if let Some(Command::Copy(copy)) = &self.command {
            urls.push(&copy.from);
            urls.push(&copy.to);
        }
        urls
    }

    /// The subcommand to run: `up` when none was given.
    pub fn subcommand(&self) -> Command {
        self.command
            .clone()
            .unwrap_or(Command::Up(UpArgs { num: None }))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Apply pending migrations (the default); restore the database's search_path if it was lost
    ///
    /// Applies pending migrations, all or `-n N`. On PostgreSQL it then checks, even with nothing
    /// pending, that the database still has its search_path (migration 22), which a restore by
    /// pg_restore into a new database or a copy by CREATE DATABASE ... TEMPLATE loses, and
    /// sets it again if not (as the database's owner).
    Up(UpArgs),
    /// Roll back applied migrations, newest first
    Down(DownArgs),
    /// List every migration as applied or pending
    Status,
    /// Drop every table, view and schema, then apply all migrations
    Fresh,
    /// Roll back every applied migration, then apply all migrations
    Refresh,
    /// Roll back every applied migration
    Reset,
    /// Make the log tables' months ahead and drop old ones (PostgreSQL); delete old log rows
    /// (SQLite). Safe to run at any time, from several processes at once
    Maintain(MaintainArgs),
    /// Copy a migrated SQLite database into a migrated, empty PostgreSQL database, then verify
    /// it table by table (needs `--features postgres`)
    Copy(CopyArgs),
    /// Write an online backup of the SQLite database to DIR/eatsential-<UTC time>.db
    Backup(BackupArgs),
    /// List rows whose parent does not exist (SQLite: left by a client with foreign keys off;
    /// PostgreSQL: every foreign key proved) and exit non-zero if there are any
    Check,
    /// Print sizes, connections and the slowest statements (PostgreSQL); file, pages and WAL
    /// (SQLite)
    ///
    /// PostgreSQL: the database's size, each table's total, table and index size (largest
    /// first), this database's client connections by state, and the slowest statements by mean
    /// execution time from pg_stat_statements when it is installed (else how to enable it).
    /// SQLite: the file's size, page size, page count and free pages, pages per table and
    /// index (dbstat), the WAL file's size. Only reads; prints no password and no statement's
    /// values (quoted literals show as '…'). See docs/OPERATIONS.md, "Monitoring".
    Monitor(MonitorArgs),
}

#[derive(Clone, Debug, PartialEq, Eq, Args)]
pub struct MonitorArgs {
    /// Slowest statements to list (PostgreSQL, pg_stat_statements)
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Args)]
pub struct MaintainArgs {
    /// Months to make ahead of the current one
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub months_ahead: u32,
    /// Keep the current month and M months before it; drop (delete) older log rows
    #[arg(long, value_name = "M")]
    pub retain_months: Option<u32>,
}

// No `Debug`: the URLs hold passwords.
#[derive(Clone, PartialEq, Eq, Args)]
pub struct CopyArgs {
    /// The SQLite database to copy: sqlite://PATH
    #[arg(long, value_name = "URL")]
    pub from: String,
    /// The PostgreSQL database to fill: postgres://USER:PASSWORD@HOST:PORT/NAME
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// One transaction per table instead of one for everything
    #[arg(long)]
    pub per_table: bool,
    /// Rows per INSERT
    #[arg(long, value_name = "ROWS", default_value_t = 1000)]
    pub batch: usize,
    /// Write nothing: compare row counts and checksums of every table
    #[arg(long)]
    pub verify_only: bool,
}

impl std::fmt::Debug for CopyArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CopyArgs")
            .field("per_table", &self.per_table)
            .field("batch", &self.batch)
            .field("verify_only", &self.verify_only)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Args)]
pub struct BackupArgs {
    /// The directory to write the backup into (created if missing)
    #[arg(long, value_name = "DIR", default_value = "backups")]
    pub to: std::path::PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq, Args)]
pub struct UpArgs {
    /// Apply at most N migrations [default: all pending]
    #[arg(short = 'n', long = "num", value_name = "N")]
    pub num: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Args)]
pub struct DownArgs {
    /// Roll back N migrations
    #[arg(short = 'n', long = "num", value_name = "N", default_value_t = 1)]
    pub num: u32,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    fn parse(args: &[&str]) -> Cli {
        let argv = std::iter::once("migration").chain(args.iter().copied());
        match Cli::try_parse_from(argv) {
            Ok(cli) => cli,
            Err(e) => panic!("{args:?} did not parse: {e}"),
        }
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_subcommand_means_up_and_down_defaults_to_one() {
        assert_eq!(parse(&[]).subcommand(), Command::Up(UpArgs { num: None }));
        assert_eq!(
            parse(&["up", "-n", "2"]).subcommand(),
            Command::Up(UpArgs { num: Some(2) })
        );
        assert_eq!(
            parse(&["down"]).subcommand(),
            Command::Down(DownArgs { num: 1 })
        );
        assert_eq!(
            parse(&["down", "--num", "3"]).subcommand(),
            Command::Down(DownArgs { num: 3 })
        );
        assert_eq!(parse(&["status"]).subcommand(), Command::Status);
        assert_eq!(parse(&["check"]).subcommand(), Command::Check);
        assert_eq!(
            parse(&["monitor"]).subcommand(),
            Command::Monitor(MonitorArgs { top: 10 })
        );
        assert_eq!(
            parse(&["monitor", "--top", "3"]).subcommand(),
            Command::Monitor(MonitorArgs { top: 3 })
        );
    }

    #[test]
    fn the_url_goes_before_or_after_the_subcommand() {
        assert_eq!(
            parse(&["-u", "sqlite://a.db", "up"]).database_url,
            "sqlite://a.db"
        );
        assert_eq!(
            parse(&["fresh", "--database-url=sqlite://b.db"]).database_url,
            "sqlite://b.db"
        );
    }

    #[test]
    fn help_never_shows_the_url_from_the_environment() {
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("DATABASE_URL"), "{help}");
        // What `--help` would print for a URL taken from the environment: no value, ever.
        let arg = Cli::command()
            .get_arguments()
            .find(|a| a.get_id() == "database_url")
            .map(|a| a.is_hide_env_values_set());
        assert_eq!(arg, Some(true));
    }
}
