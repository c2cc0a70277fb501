//! The PostgreSQL sink against a real PostgreSQL server.
//!
//! The server comes from `AFFILIATE_TEST_POSTGRES_URL`
//! (`postgres://USER:PASSWORD@127.0.0.1:5432/DATABASE`; the user needs the
//! right to create schemas). `.ci/run` starts the machine's PostgreSQL 15 and
//! sets it. Without it each test prints `skipped: <why>` on stderr and
//! returns; when the variable is set and `AFFILIATE_TEST_POSTGRES_REQUIRED`
//! or `CI` is set too, an unreachable server fails the tests instead.
//!
//! Each test works in a schema of its own (dropped at the end), so the tests
//! run in parallel.

use std::io::Write as _;

use affiliate_sync::sink::postgres::PostgresSink;
use affiliate_sync::sink::{
    ColumnType, PageCommit, Quarantined, ResourceState, Sink, SinkError, Widening,
};
use postgres::{Client, NoTls};
use serde_json::{Map, Value, json};

const URL_VAR: &str = "AFFILIATE_TEST_POSTGRES_URL";

/// A schema of its own for one test, and an admin connection to inspect it.
struct Db {
    admin: Client,
    /// The sink's URL: the server's, with the schema as its search path.
    url: String,
    schema: String,
}

impl Drop for Db {
    fn drop(&mut self) {
        let _ = self
            .admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
    }
}

fn skip(why: &str) {
    // Straight to stderr: libtest's capture would hide a `println!`.
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// The test's schema on the test server, or `None` (after saying why) when
/// there is no server to test against.
fn db(test: &str) -> Option<Db> {
    let base = match std::env::var(URL_VAR) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            skip(&format!(
                "{test}: {URL_VAR} is not set (`.ci/run` starts PostgreSQL 15 and sets it)"
            ));
            return None;
        }
    };
    let required = ["AFFILIATE_TEST_POSTGRES_REQUIRED", "CI"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
    let mut admin = match Client::connect(&base, NoTls) {
        Ok(client) => client,
        Err(e) if required => panic!("{URL_VAR} is set but the server is unreachable: {e:?}"),
        Err(e) => {
            skip(&format!(
                "{test}: the PostgreSQL server of {URL_VAR} is unreachable ({e})"
            ));
            return None;
        }
    };
    let schema = format!("sink_{test}_{}", std::process::id());
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; SET search_path TO {schema}; SET TIME ZONE 'UTC'"
        ))
        .expect("create the test schema");
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options=-csearch_path%3D{schema}");
    Some(Db { admin, url, schema })
}

impl Db {
    fn sink(&self) -> PostgresSink {
        PostgresSink::connect(&self.url).expect("connect the sink")
    }

    fn count(&mut self, sql: &str) -> i64 {
        self.admin.query_one(sql, &[]).expect(sql).get(0)
    }

    /// `table`'s columns and their SQL types, in creation order.
    fn columns(&mut self, table: &str) -> Vec<(String, String)> {
        self.admin
            .query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                &[&table],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    }

    fn column_type(&mut self, table: &str, column: &str) -> Option<String> {
        self.columns(table)
            .into_iter()
            .find(|(c, _)| c == column)
            .map(|(_, t)| t)
    }
}

fn rows(values: Value) -> Vec<Map<String, Value>> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_object().unwrap().clone())
        .collect()
}

fn page(resource: &str, records: Value, synced_at: &str) -> PageCommit {
    PageCommit::new(
        ResourceState::new(resource),
        vec!["id".into()],
        rows(records),
        synced_at,
    )
}

const T1: &str = "2026-01-01T00:00:00Z";
const T2: &str = "2026-01-02T00:00:00Z";
const T3: &str = "2026-01-03T00:00:00Z";

#[test]
fn creates_a_typed_table_and_upserts_without_duplicates() {
    let Some(mut db) = db("create_upsert") else {
        return;
    };
    let mut sink = db.sink();
    let first = page(
        "dub.partners",
        json!([
            {"id": 1, "name": "Ada", "score": 1.5, "active": true,
             "created_at": "2024-01-31T12:00:00Z", "meta": {"tier": "gold"}},
            {"id": 2, "name": "Bob", "score": 2.5, "active": false,
             "created_at": "2024-02-01T08:30:00+02:00", "meta": {"tier": "silver"}},
        ]),
        T1,
    );
    let outcome = sink.commit(&first).unwrap();
    assert_eq!((outcome.inserted, outcome.updated), (2, 0));
    assert_eq!(outcome.added_columns.len(), 6, "{outcome:?}");
    assert!(outcome.widened.is_empty());

    let mut columns = db.columns("dub_partners");
    columns.sort();
    let mut expected = [
        ("id", "bigint"),
        ("name", "text"),
        ("score", "double precision"),
        ("active", "boolean"),
        ("created_at", "timestamp with time zone"),
        ("meta", "jsonb"),
        ("_synced_at", "timestamp with time zone"),
    ];
    expected.sort();
    assert_eq!(
        columns,
        expected
            .iter()
            .map(|(c, t)| ((*c).to_owned(), (*t).to_owned()))
            .collect::<Vec<_>>()
    );
    let pk = db.count(
        "SELECT count(*) FROM information_schema.key_column_usage
         WHERE table_schema = current_schema() AND table_name = 'dub_partners' AND column_name = 'id'",
    );
    assert_eq!(pk, 1, "id is the primary key");

    // The same page again: updated in place, no duplicate.
    let again = sink.commit(&first).unwrap();
    assert_eq!((again.inserted, again.updated), (0, 2));
    assert!(again.added_columns.is_empty());
    assert_eq!(db.count("SELECT count(*) FROM dub_partners"), 2);

    let row = db
        .admin
        .query_one(
            "SELECT name, score, active, created_at = '2024-02-01T06:30:00Z'::timestamptz,
                    _synced_at = $1::text::timestamptz
             FROM dub_partners WHERE id = 2",
            &[&T1],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "Bob");
    assert_eq!(row.get::<_, f64>(1), 2.5);
    assert!(!row.get::<_, bool>(2));
    assert!(row.get::<_, bool>(3), "the offset is kept in the instant");
    assert!(row.get::<_, bool>(4));
}

#[test]
fn counts_new_and_updated_rows_and_takes_the_last_of_a_repeated_key() {
    let Some(mut db) = db("new_updated") else {
        return;
    };
    let mut sink = db.sink();
    sink.commit(&page(
        "partnerstack.partnerships",
        json!([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]),
        T1,
    ))
    .unwrap();
    let outcome = sink
        .commit(&page(
            "partnerstack.partnerships",
            json!([
                {"id": 2, "name": "b2"},
                {"id": 3, "name": "c"},
                {"id": 4, "name": "d"},
                {"id": 3, "name": "c2"},
            ]),
            T2,
        ))
        .unwrap();
    assert_eq!((outcome.inserted, outcome.updated), (2, 1));
    assert_eq!(
        db.count("SELECT count(*) FROM partnerstack_partnerships"),
        4
    );
    let names: Vec<String> = db
        .admin
        .query(
            "SELECT name FROM partnerstack_partnerships ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names, ["a", "b2", "c2", "d"]);

    // A row without its primary key is refused with a clear error, and
    // nothing of its page is stored.
    let err = sink
        .commit(&page(
            "partnerstack.partnerships",
            json!([{"id": 5, "name": "e"}, {"name": "no id"}]),
            T3,
        ))
        .unwrap_err();
    assert!(err.to_string().contains("primary key `id`"), "{err}");
    assert_eq!(
        db.count("SELECT count(*) FROM partnerstack_partnerships"),
        4
    );
}

#[test]
fn a_new_field_adds_a_column() {
    let Some(mut db) = db("new_column") else {
        return;
    };
    let mut sink = db.sink();
    sink.commit(&page(
        "dub.customers",
        json!([{"id": "c1", "email": "a@example.com", "note": null}]),
        T1,
    ))
    .unwrap();
    // A field that was only null has no column yet.
    assert_eq!(db.column_type("dub_customers", "note"), None);
    assert_eq!(
        db.column_type("dub_customers", "id").as_deref(),
        Some("text")
    );

    let outcome = sink
        .commit(&page(
            "dub.customers",
            json!([{"id": "c2", "email": "b@example.com", "country": "FR", "note": "vip"}]),
            T2,
        ))
        .unwrap();
    let mut added = outcome.added_columns.clone();
    added.sort();
    assert_eq!(added, ["country", "note"]);
    assert_eq!(
        db.column_type("dub_customers", "country").as_deref(),
        Some("text")
    );
    let rows: Vec<(String, Option<String>)> = db
        .admin
        .query("SELECT id, country FROM dub_customers ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        rows,
        [
            ("c1".to_owned(), None),
            ("c2".to_owned(), Some("FR".to_owned()))
        ]
    );

    // A new sink (a later run) reads the columns from the catalog: no
    // column is added twice.
    let mut later = db.sink();
    let outcome = later
        .commit(&page(
            "dub.customers",
            json!([{"id": "c3", "email": "c@example.com", "country": "DE"}]),
            T3,
        ))
        .unwrap();
    assert!(outcome.added_columns.is_empty(), "{outcome:?}");
    assert_eq!(outcome.inserted, 1);
}

#[test]
fn a_type_conflict_widens_the_column_and_is_reported() {
    let Some(mut db) = db("widening") else {
        return;
    };
    let mut sink = db.sink();
    sink.commit(&page(
        "impact.brand.actions",
        json!([{"id": 1, "amount": 10, "locked_at": "2024-01-31T12:00:00Z", "code": 7}]),
        T1,
    ))
    .unwrap();
    assert_eq!(
        db.column_type("impact_brand_actions", "amount").as_deref(),
        Some("bigint")
    );

    let outcome = sink
        .commit(&page(
            "impact.brand.actions",
            json!([{"id": 2, "amount": 10.25, "locked_at": "not yet", "code": "A7"}]),
            T2,
        ))
        .unwrap();
    let mut widened = outcome.widened.clone();
    widened.sort_by(|a, b| a.column.cmp(&b.column));
    let expect = |column: &str, from, to| {
        let mut w: Widening = serde_json::from_value(json!({
            "table": "impact_brand_actions", "column": column, "from": "text", "to": "text"
        }))
        .unwrap();
        w.from = from;
        w.to = to;
        w
    };
    assert_eq!(
        widened,
        [
            expect("amount", ColumnType::Integer, ColumnType::Real),
            expect("code", ColumnType::Integer, ColumnType::Json),
            expect("locked_at", ColumnType::Timestamp, ColumnType::Text),
        ]
    );
    assert_eq!(outcome.inserted, 1);
    assert_eq!(
        db.column_type("impact_brand_actions", "amount").as_deref(),
        Some("double precision")
    );
    assert_eq!(
        db.column_type("impact_brand_actions", "locked_at")
            .as_deref(),
        Some("text")
    );
    assert_eq!(
        db.column_type("impact_brand_actions", "code").as_deref(),
        Some("jsonb")
    );
    // The old values survive the conversion.
    let rows: Vec<(f64, String, String)> = db
        .admin
        .query(
            "SELECT amount, locked_at, code::text FROM impact_brand_actions ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        rows,
        [
            (10.0, "2024-01-31T12:00:00+00:00".to_owned(), "7".to_owned()),
            (10.25, "not yet".to_owned(), "\"A7\"".to_owned()),
        ]
    );

    // A date PostgreSQL can't store is text from the start, not a failure.
    let outcome = sink
        .commit(&page(
            "impact.brand.actions",
            json!([{"id": 3, "amount": 1, "cleared_at": "2023-02-29T00:00:00Z"}]),
            T3,
        ))
        .unwrap();
    assert_eq!(outcome.added_columns, ["cleared_at"]);
    assert!(outcome.widened.is_empty(), "an integer fits a real column");
    assert_eq!(
        db.column_type("impact_brand_actions", "cleared_at")
            .as_deref(),
        Some("text")
    );
}

#[test]
fn nested_values_are_jsonb() {
    let Some(mut db) = db("nested_jsonb") else {
        return;
    };
    let mut sink = db.sink();
    sink.commit(&page(
        "referralhero.subscribers",
        json!([{
            "id": "s1",
            "address": {"city": "Lyon", "geo": {"lat": 45.76}},
            "tags": ["a", "b", "c"],
            "bio": "nul\u{0}inside"
        }]),
        T1,
    ))
    .unwrap();
    assert_eq!(
        db.column_type("referralhero_subscribers", "address")
            .as_deref(),
        Some("jsonb")
    );
    let row = db
        .admin
        .query_one(
            "SELECT address->>'city', (address->'geo'->>'lat')::float8, jsonb_array_length(tags), bio
             FROM referralhero_subscribers",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "Lyon");
    assert_eq!(row.get::<_, f64>(1), 45.76);
    assert_eq!(row.get::<_, i32>(2), 3);
    assert_eq!(row.get::<_, String>(3), "nul\u{fffd}inside");
}

#[test]
fn state_and_quarantine_commit_with_the_page_and_roll_back_with_it() {
    let Some(mut db) = db("state_quarantine") else {
        return;
    };
    let mut sink = db.sink();
    assert!(sink.states().unwrap().is_empty());

    let mut state = ResourceState::new("dub.commissions");
    state.mark = Some("2026-01-01T00:00:00.000Z".into());
    state.cursor = Some("page:2".into());
    state.run_started_at = Some(T1.into());
    state.records = 2;
    let mut first = PageCommit::new(
        state.clone(),
        vec!["id".into()],
        rows(json!([{"id": "cm1", "amount": 100}, {"id": "cm2", "amount": 200}])),
        T1,
    );
    first.quarantined.push(Quarantined::new(
        json!({"id": "cm3", "amount": "lots"}),
        "invalid type: string \"lots\", expected i64",
        "$.amount",
    ));
    sink.commit(&first).unwrap();
    assert_eq!(sink.states().unwrap(), [state.clone()]);
    let q = db
        .admin
        .query_one(
            "SELECT resource, raw->>'amount', error, path FROM _affiliate_quarantine",
            &[],
        )
        .unwrap();
    assert_eq!(q.get::<_, String>(0), "dub.commissions");
    assert_eq!(q.get::<_, String>(1), "lots");
    assert!(q.get::<_, String>(2).contains("expected i64"));
    assert_eq!(q.get::<_, String>(3), "$.amount");

    // The server refuses the next page's state write, after its rows, its new
    // column and its quarantined record were written: none of them stays.
    db.admin
        .batch_execute(
            "CREATE FUNCTION refuse_state() RETURNS trigger LANGUAGE plpgsql AS
                 $$ BEGIN RAISE EXCEPTION 'state write refused'; END $$;
             CREATE TRIGGER refuse_state BEFORE UPDATE ON _affiliate_state
                 FOR EACH ROW WHEN (NEW.cursor = 'page:3') EXECUTE FUNCTION refuse_state();",
        )
        .unwrap();
    let mut next_state = state.clone();
    next_state.cursor = Some("page:3".into());
    next_state.records = 4;
    let mut second = PageCommit::new(
        next_state,
        vec!["id".into()],
        rows(json!([
            {"id": "cm2", "amount": 250, "currency": "EUR"},
            {"id": "cm4", "amount": 400, "currency": "EUR"},
        ])),
        T2,
    );
    second
        .quarantined
        .push(Quarantined::new(json!({"id": 5}), "bad", "$"));
    let err = sink.commit(&second).unwrap_err();
    assert!(
        matches!(&err, SinkError::Backend { message, .. } if message.contains("state write refused")),
        "{err:?}"
    );
    assert_eq!(sink.states().unwrap(), [state.clone()]);
    assert_eq!(db.count("SELECT count(*) FROM _affiliate_quarantine"), 1);
    assert_eq!(db.count("SELECT count(*) FROM dub_commissions"), 2);
    assert_eq!(
        db.count("SELECT amount FROM dub_commissions WHERE id = 'cm2'"),
        200
    );
    assert_eq!(db.column_type("dub_commissions", "currency"), None);

    // Once the server accepts it, the same page commits whole (the sink
    // does not believe in the column the failed transaction added).
    db.admin
        .batch_execute("DROP TRIGGER refuse_state ON _affiliate_state")
        .unwrap();
    let outcome = sink.commit(&second).unwrap();
    assert_eq!((outcome.inserted, outcome.updated), (1, 1));
    assert_eq!(outcome.added_columns, ["currency"]);
    assert_eq!(sink.states().unwrap()[0].cursor.as_deref(), Some("page:3"));
    assert_eq!(db.count("SELECT count(*) FROM _affiliate_quarantine"), 2);

    // An empty page still moves the state (a page of only bad records).
    let mut done = state.clone();
    done.cursor = None;
    done.completed_at = Some(T3.into());
    sink.commit(&PageCommit::new(
        done.clone(),
        vec!["id".into()],
        vec![],
        T3,
    ))
    .unwrap();
    assert_eq!(db.sink().states().unwrap(), [done]);
}

#[test]
fn mark_deleted_marks_rows_a_full_refresh_no_longer_returns() {
    let Some(mut db) = db("mark_deleted") else {
        return;
    };
    let mut sink = db.sink();
    // Nothing stored yet: nothing to mark, and no error.
    assert_eq!(sink.mark_deleted("dub_tags", T1, T1).unwrap(), 0);

    sink.commit(&page(
        "dub.tags",
        json!([{"id": "t1"}, {"id": "t2"}, {"id": "t3"}]),
        T1,
    ))
    .unwrap();
    // The second full refresh, started at T2, sees t1 and t2 only.
    sink.commit(&page("dub.tags", json!([{"id": "t1"}, {"id": "t2"}]), T2))
        .unwrap();
    assert_eq!(sink.mark_deleted("dub_tags", T2, T3).unwrap(), 1);
    assert_eq!(
        db.column_type("dub_tags", "_deleted_at").as_deref(),
        Some("timestamp with time zone")
    );
    assert_eq!(
        db.count("SELECT count(*) FROM dub_tags"),
        3,
        "never deleted"
    );
    assert_eq!(
        db.count(
            "SELECT count(*) FROM dub_tags WHERE id = 't3' AND _deleted_at = '2026-01-03T00:00:00Z'"
        ),
        1
    );
    // Already marked rows are not marked again.
    assert_eq!(sink.mark_deleted("dub_tags", T2, T3).unwrap(), 0);

    // t3 comes back: its mark is cleared, by this sink and by a new one.
    sink.commit(&page("dub.tags", json!([{"id": "t3"}]), T3))
        .unwrap();
    assert_eq!(
        db.count("SELECT count(*) FROM dub_tags WHERE _deleted_at IS NOT NULL"),
        0
    );
    db.admin
        .batch_execute("UPDATE dub_tags SET _deleted_at = now() WHERE id = 't1'")
        .unwrap();
    db.sink()
        .commit(&page("dub.tags", json!([{"id": "t1"}]), T3))
        .unwrap();
    assert_eq!(
        db.count("SELECT count(*) FROM dub_tags WHERE _deleted_at IS NOT NULL"),
        0
    );
}

#[test]
fn passwords_never_appear_in_errors_or_debug() {
    // A URL that does not parse: no server needed.
    let err =
        PostgresSink::connect("postgres://me:pw-in-bad-url@localhost:notaport/db").unwrap_err();
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("pw-in-bad-url"), "{text}");
        assert!(text.contains("me:***@localhost"), "{text}");
    }
    let err = PostgresSink::connect("mysql://me:pw-other-scheme@localhost/db").unwrap_err();
    assert!(matches!(err, SinkError::InvalidUrl { .. }));
    assert!(!format!("{err} {err:?}").contains("pw-other-scheme"));

    let Some(db) = db("passwords") else {
        return;
    };
    // A refused login.
    let wrong = with_password(&db.url, "wrong-pw-9f3a");
    let err = PostgresSink::connect(&wrong).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, SinkError::Backend { .. }), "{text}");
    assert!(!text.contains("wrong-pw-9f3a"), "{text}");
    // A working sink.
    let sink = db.sink();
    let debug = format!("{sink:?}");
    if let Some(password) = password_of(&db.url) {
        // (The test password may also be the user's or the database's name.)
        assert!(!debug.contains(&format!(":{password}@")), "{debug}");
        assert!(debug.contains(":***@"), "{debug}");
    }
    assert!(debug.contains("PostgresSink"), "{debug}");
}

/// `url` with its user info's password set to `password`.
fn with_password(url: &str, password: &str) -> String {
    let start = url.find("://").unwrap() + 3;
    let at = start + url[start..].rfind('@').expect("the test URL has a user");
    let user_end = url[start..at].find(':').map_or(at, |c| start + c);
    format!("{}:{password}{}", &url[..user_end], &url[at..])
}

fn password_of(url: &str) -> Option<String> {
    let start = url.find("://")? + 3;
    let at = start + url[start..].rfind('@')?;
    let (_, password) = url[start..at].split_once(':')?;
    Some(password.to_owned()).filter(|p| !p.is_empty())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn can_be_created_used_and_dropped_on_an_async_runtime_thread() {
    let Some(db) = db("async_thread") else {
        return;
    };
    // The `postgres` crate's runtime can't start inside another one: the
    // sink connects and disconnects on a thread of its own there.
    runtime().block_on(async {
        let mut sink = PostgresSink::connect(&db.url).unwrap();
        // Used on a thread of its own, as the engine's writer thread does.
        let sink = std::thread::spawn(move || {
            sink.commit(&page("dub.tags", json!([{"id": "t1"}]), T1))
                .unwrap();
            sink
        })
        .join()
        .unwrap();
        drop(sink);
    });
}

/// Whether `table` exists in the test's schema.
fn has_table(db: &mut Db, table: &str) -> bool {
    db.admin
        .query_one(
            "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name = $1",
            &[&table],
        )
        .unwrap()
        .get::<_, i64>(0)
        == 1
}

#[test]
fn the_engine_syncs_the_dub_sandbox_into_postgres_and_a_rerun_duplicates_nothing() {
    use affiliate_sync::engine::{SyncOptions, sync};
    use affiliate_sync::registry::{self, Clients};

    let Some(mut db) = db("engine_dub") else {
        return;
    };
    let rt = runtime();
    let dub = rt.block_on(dub::sandbox::start()).unwrap();
    let mut clients = Clients::default();
    clients.dub = Some(dub.client.clone());
    let selectors: Vec<String> = registry::resources()
        .iter()
        .filter(|r| r.selector.starts_with("dub."))
        .map(|r| r.selector.to_owned())
        .collect();
    let resources = registry::select(&selectors).unwrap();
    assert!(!resources.is_empty());
    let run = |sink: PostgresSink| {
        // The sink comes back at the end, and is dropped on the runtime.
        rt.block_on(async {
            sync(
                &clients,
                &resources,
                Box::new(sink),
                &SyncOptions::default(),
            )
            .await
            .unwrap()
            .0
        })
    };
    let stored = |db: &mut Db| -> Vec<i64> {
        resources
            .iter()
            .map(|r| {
                let table = r.table();
                if has_table(db, &table) {
                    db.count(&format!("SELECT count(*) FROM \"{table}\""))
                } else {
                    0
                }
            })
            .collect()
    };

    let first = run(db.sink());
    assert!(!first.any_failed(), "{first:?}");
    let after_first = stored(&mut db);
    for (r, n) in resources.iter().zip(&after_first) {
        assert_eq!(
            *n as u64,
            first.get(r.selector).unwrap().new,
            "{}",
            r.selector
        );
    }
    assert!(
        after_first.iter().sum::<i64>() > 0,
        "the sandbox's records landed"
    );
    assert_eq!(
        db.count("SELECT count(*) FROM _affiliate_state") as usize,
        resources.len()
    );

    let again = run(db.sink());
    assert!(!again.any_failed(), "{again:?}");
    for r in &resources {
        assert_eq!(again.get(r.selector).unwrap().new, 0, "{}", r.selector);
    }
    assert_eq!(stored(&mut db), after_first, "a re-run duplicates nothing");
}
