//! SQLite: storage full during a write (a page limit), and at commit (a full file system).
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sea_orm::ConnectionTrait;
use service::PoolConfig;
use uuid::Uuid;

use super::{is_storage_full, log, stored_logs};
use crate::harness::{TestDb, notice, verified_user};

/// `PRAGMA max_page_count` (on every connection, through `PoolConfig::sqlite_max_pages`) makes
/// the file full a few pages above its size: the writes that need a new page fail with
/// `StorageFull`, every acknowledged one is stored, and once the limit is lifted the same `Db`
/// writes again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_full_during_a_write_loses_nothing_acknowledged() {
    let t = TestDb::sqlite("full_during_write").await;
    let ada = verified_user(&t, "ada").await;
    let pages = t
        .count("SELECT page_count FROM pragma_page_count()", vec![])
        .await;
    let pool = PoolConfig {
        sqlite_max_pages: Some(u32::try_from(pages).unwrap() + 12),
        ..PoolConfig::default()
    };
    let db = service::connect_with(&t.url, &pool).await.unwrap();
    let (mut acked, mut full) = (BTreeSet::new(), 0);
    for i in 0..60 {
        match log(&db, ada.id(), i).await {
            Ok(id) => {
                acked.insert(id);
            }
            Err(err) if is_storage_full(&err) => full += 1,
            Err(other) => panic!("call {i}: expected StorageFull, got {other:?}"),
        }
    }
    notice(&format!(
        "storage full during a write: 60 calls, {} Ok, {full} Unavailable(StorageFull), 0 acknowledged missing",
        acked.len()
    ));
    assert!(full > 0, "the page limit was never reached");
    assert!(!acked.is_empty(), "nothing fitted below the limit");
    assert_eq!(stored_logs(&t.url).await, acked, "acknowledged = stored");

    db.execute_unprepared("PRAGMA max_page_count = 1073741823")
        .await
        .unwrap();
    for i in 100..105 {
        acked.insert(log(&db, ada.id(), i).await.expect("writes work again"));
    }
    assert_eq!(stored_logs(&t.url).await, acked);
    db.close().await.unwrap();
}

/// A small tmpfs, mounted for the test and unmounted when it ends.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    /// `None` when this process may not mount (not root).
    fn mount(bytes: u64) -> Option<Self> {
        let dir = std::env::temp_dir().join(format!("eatsential-disk-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).ok()?;
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            let _ = std::fs::remove_dir(&dir);
            return None;
        }
        Some(Self { dir })
    }

    /// Fills the disk with a file, then gives back `leave` bytes of it.
    fn fill_leaving(&self, leave: u64) -> PathBuf {
        use std::io::Write;
        let path = self.dir.join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let chunk = vec![0u8; 16 * 1024];
        while file.write_all(&chunk).and_then(|()| file.flush()).is_ok() {}
        let written = std::fs::metadata(&path).unwrap().len();
        file.set_len(written.saturating_sub(leave)).unwrap();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.dir)
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Copies the test's SQLite file (checkpointed, so the copy holds everything) to `dir`.
async fn copy_database(t: &TestDb, dir: &Path) -> String {
    t.db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
        .await
        .unwrap();
    let source = t
        .url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let target = dir.join("eatsential.db");
    std::fs::copy(source, &target).unwrap();
    format!("sqlite://{}?mode=rwc", target.display())
}

/// A real full file system under the database: in WAL mode a transaction's pages reach the
/// disk at COMMIT, so it is the commit that fails with "database or disk is full". Before the
/// fix SQLite kept that transaction open on the pooled connection and the driver still counted
/// it, so every later call's transaction became a savepoint inside it: `Ok` for writes no other
/// connection ever saw. Needs root to mount a tmpfs (CI runs as root); elsewhere it says it was
/// skipped, which CI refuses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disk_full_at_commit_loses_nothing_acknowledged() {
    let Some(disk) = SmallDisk::mount(8 * 1024 * 1024) else {
        notice(
            "SKIPPED faults::storage::disk_full_at_commit_loses_nothing_acknowledged: mounting a tmpfs needs root",
        );
        return;
    };
    let t = TestDb::sqlite("full_at_commit").await;
    let ada = verified_user(&t, "ada").await;
    let url = copy_database(&t, &disk.dir).await;
    let db = service::connect_with(&url, &PoolConfig::default())
        .await
        .unwrap();
    log(&db, ada.id(), 0)
        .await
        .expect("a first write, before the disk fills");
    let filler = disk.fill_leaving(256 * 1024);

    let (mut acked, mut full) = (BTreeSet::new(), 0);
    for i in 1..80 {
        match log(&db, ada.id(), i).await {
            Ok(id) => {
                acked.insert(id);
            }
            Err(err) if is_storage_full(&err) => full += 1,
            Err(other) => panic!("call {i}: expected StorageFull, got {other:?}"),
        }
    }
    assert!(full > 0, "the disk never filled");
    let stored = stored_logs(&url).await;
    notice(&format!(
        "disk full at commit: 79 calls, {} Ok, {full} Unavailable(StorageFull), {} acknowledged missing, {} failed calls stored",
        acked.len(),
        acked.difference(&stored).count(),
        (stored.len() - 1).saturating_sub(acked.len()),
    ));
    assert!(
        acked.is_subset(&stored),
        "{} acknowledged writes are not stored",
        acked.difference(&stored).count()
    );
    assert_eq!(stored.len(), acked.len() + 1, "a failed call left a row");

    std::fs::remove_file(filler).unwrap();
    for i in 100..110 {
        acked.insert(
            log(&db, ada.id(), i)
                .await
                .expect("writes work again once space is freed"),
        );
    }
    let stored = stored_logs(&url).await;
    assert!(acked.is_subset(&stored));
    assert_eq!(stored.len(), acked.len() + 1);
    db.close().await.unwrap();
    drop(t);
}
