//! The engine against the four built-in sandboxes and real SQLite files.

use affiliate_sync::engine::{Outcome, SyncOptions, sync};
use affiliate_sync::registry::{self, Clients};
use affiliate_sync::sink::sqlite::SqliteSink;

async fn all_sandboxes() -> (
    Clients,
    partnerstack::sandbox::Running,
    impact_com::sandbox::Running,
    referralhero::sandbox::Running,
    dub::sandbox::Running,
) {
    let ps = partnerstack::sandbox::start().await.unwrap();
    let im = impact_com::sandbox::start().await.unwrap();
    let rh = referralhero::sandbox::start().await.unwrap();
    let db = dub::sandbox::start().await.unwrap();
    let mut clients = Clients::default();
    clients.partnerstack = Some(ps.client.clone());
    clients.partnerstack_partner = Some(ps.partner.clone());
    // The sandbox serves the three personas under one account SID.
    clients.impact = Some(im.client.clone());
    clients.impact_partner = Some(im.client.clone());
    clients.impact_agency = Some(im.client.clone());
    clients.referralhero = Some(rh.client.clone());
    clients.dub = Some(db.client.clone());
    (clients, ps, im, rh, db)
}

fn count(db: &SqliteSink, table: &str) -> i64 {
    db.connection()
        .query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_four_sandboxes_land_every_resource_and_a_rerun_duplicates_nothing() {
    let (clients, ps, _im, _rh, _db) = all_sandboxes().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let all = registry::select(&[]).unwrap();
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (summary, _sink) = sync(&clients, &all, sink, &SyncOptions::default())
        .await
        .unwrap();
    for r in &summary.resources {
        eprintln!(
            "{:40} {:?} records={} new={} req={}",
            r.resource, r.outcome, r.records, r.new, r.requests
        );
    }
    assert!(!summary.any_failed());
    let db = SqliteSink::open(&path).unwrap();
    for r in &all {
        let s = summary.get(r.selector).unwrap();
        // Every resource is served by its sandbox (none skipped, none
        // answered `501 sandbox_unsupported`), lands records, and every
        // seeded record decodes into the crate's model.
        assert!(
            matches!(s.outcome, Outcome::Ok),
            "{}: {:?}",
            r.selector,
            s.outcome
        );
        assert!(s.new > 0, "{} landed nothing", r.selector);
        assert_eq!(s.quarantined, 0, "{} quarantined records", r.selector);
        assert_eq!(count(&db, &r.table()) as u64, s.new, "{}", r.selector);
    }
    assert_eq!(
        count(&db, "partnerstack_partnerships") as usize,
        ps.seeded.partnerships
    );
    drop(db);

    // Again: nothing new, every row updated in place.
    let sink = Box::new(SqliteSink::open(&path).unwrap());
    let (again, mut sink) = sync(&clients, &all, sink, &SyncOptions::default())
        .await
        .unwrap();
    assert!(!again.any_failed());
    let db = SqliteSink::open(&path).unwrap();
    for r in &all {
        let first = summary.get(r.selector).unwrap();
        assert_eq!(
            count(&db, &r.table()) as u64,
            first.new,
            "{} grew",
            r.selector
        );
        let s = again.get(r.selector).unwrap();
        assert_eq!(s.new, 0, "{}", r.selector);
    }
    let states = sink.states().unwrap();
    assert_eq!(states.len(), all.len());
    assert!(
        states
            .iter()
            .all(|s| s.cursor.is_none() && s.completed_at.is_some())
    );
}
