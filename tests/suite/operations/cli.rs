//! `migration maintain` and `migration backup` on the command line.
use uuid::Uuid;

use super::partition;
use crate::harness::TestDb;

/// `migration maintain` and `migration backup`, as an operator's cron job runs them.
async fn the_cli_maintains_and_backs_up(t: &TestDb) {
    use crate::cli::{one_error_line, run};
    let url = t.url.as_str();
    let first = run(&["-u", url, "maintain", "--months-ahead", "4"], &[]);
    assert!(first.ok, "{}{}", first.stdout, first.stderr);
    assert_eq!(
        first.stdout.lines().count(),
        3,
        "a line per table: {}",
        first.stdout
    );
    let made = partition("user_activities", 4);
    assert_eq!(first.stdout.contains(&made), t.is_pg(), "{}", first.stdout);
    let again = run(&["-u", url, "maintain", "--retain-months", "12"], &[]);
    assert!(again.ok, "{}", again.stderr);
    assert!(
        again
            .stdout
            .lines()
            .all(|l| l.ends_with("created none; dropped none; 0 old rows deleted")),
        "{}",
        again.stdout
    );

    let dir =
        std::env::temp_dir().join(format!("eatsential-cli-backup-{}", Uuid::new_v4().simple()));
    let dir_text = dir.display().to_string();
    let backup = run(&["-u", url, "backup", "--to", &dir_text], &[]);
    if t.is_pg() {
        assert!(
            one_error_line(&backup).contains("pg_dump"),
            "{}",
            backup.stderr
        );
    } else {
        assert!(backup.ok, "{}", backup.stderr);
        let path = backup.stdout.trim().strip_prefix("backed up to ").unwrap();
        assert!(std::path::Path::new(path).is_file(), "{}", backup.stdout);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

dual!(the_cli_maintains_and_backs_up);
