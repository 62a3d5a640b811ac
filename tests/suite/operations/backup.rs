//! The SQLite backup: a consistent copy while a writer goes on (PostgreSQL's is pg_dump's).
use std::time::Duration;

use sea_orm::ConnectionTrait;
use service::operations;
use uuid::Uuid;

use crate::harness::TestDb;

async fn a_backup_under_a_concurrent_writer_holds_every_committed_row(t: &TestDb) {
    let dir = std::env::temp_dir().join(format!("eatsential-backups-{}", Uuid::new_v4().simple()));
    if t.is_pg() {
        let refused = operations::backup_sqlite(&t.db, &dir).await.unwrap_err();
        assert!(refused.to_string().contains("pg_dump"), "{refused}");
        return;
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let committed = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Uuid>::new()));
    let writer = {
        let (db, stop, committed) = (t.db.clone(), stop.clone(), committed.clone());
        tokio::spawn(async move {
            let mut n = 0_u32;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) || n < 200 {
                let id = Uuid::new_v4();
                db.execute_raw(sea_orm::Statement::from_sql_and_values(
                    sea_orm::DbBackend::Sqlite,
                    "INSERT INTO performance_metrics (id, metric_name, metric_value) VALUES ($1, 'w', $2)",
                    [id.into(), f64::from(n).into()],
                ))
                .await
                .expect("the writer keeps writing during the backup");
                committed.lock().unwrap().push(id);
                n += 1;
            }
            n
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let before: Vec<Uuid> = committed.lock().unwrap().clone();
    let path = operations::backup_sqlite(&t.db, &dir).await.unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = writer.await.unwrap();
    assert!(!before.is_empty() && written as usize > before.len());
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("eatsential-") && name.ends_with("Z.db"),
        "{name}"
    );

    let copy = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", path.display()))
        .await
        .unwrap();
    let check = copy
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
    let in_copy: std::collections::BTreeSet<Uuid> = copy
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT id FROM performance_metrics",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let missing = before.iter().filter(|id| !in_copy.contains(id)).count();
    assert_eq!(
        missing, 0,
        "rows committed before the backup began are in it"
    );
    assert!(in_copy.len() <= written as usize);
    copy.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

dual!(a_backup_under_a_concurrent_writer_holds_every_committed_row);
