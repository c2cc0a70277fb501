//! The server in process, driven by rmcp's client over a duplex pipe,
//! against the four sandboxes and a database synced from them.

mod common;

use std::collections::HashSet;

use affiliate_mcp::catalog::{self, RESOURCES};
use affiliate_mcp::server::{MAX_LIMIT, MAX_RECORD_BYTES};
use affiliate_mcp::{Api, Clients, Options};
use common::{call, err, harness, ok, text, with_clients};
use serde_json::{Value, json};

const READ_TOOLS: [&str; 5] = [
    "list_records",
    "get_record",
    "describe_resource",
    "sql_query",
    "sync_status",
];

const WRITE_TOOLS: [&str; 5] = [
    "partnerstack_create_customer",
    "dub_track_lead",
    "dub_track_sale",
    "impact_submit_conversion",
    "referralhero_add_subscriber",
];

/// Required filters for the resources that have one, with sandbox values.
async fn filters_for(h: &common::Harness, r: &catalog::Resource) -> Value {
    match r.required_filter {
        Some("campaign_id") => json!({ "campaign_id": 1000 }),
        Some("list_uuid") => {
            let lists = call(
                &h.client,
                "list_records",
                json!({"api": "referralhero", "resource": "lists", "limit": 1}),
            )
            .await;
            json!({ "list_uuid": ok(&lists)["records"][0]["uuid"] })
        }
        _ => json!({}),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialize_and_tools_list_with_valid_schemas() {
    let h = harness(true, false).await;
    let info = h
        .client
        .peer_info()
        .expect("the server answered initialize");
    assert_eq!(info.server_info.as_ref().unwrap().name, "affiliate-mcp");
    assert!(info.capabilities.tools.is_some());
    assert!(info.instructions.as_deref().unwrap().contains("Read-only"));

    let tools = h.client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(
        names, READ_TOOLS,
        "exactly the read tools, without --allow-writes"
    );
    for t in &tools {
        let schema = Value::Object((*t.input_schema).clone());
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{}: not a valid JSON Schema: {e}\n{schema:#}", t.name);
        }
        assert_eq!(schema["type"], "object", "{}", t.name);
        let a = t.annotations.as_ref().expect("annotations");
        assert_eq!(a.read_only_hint, Some(true), "{}", t.name);
        assert!(!t.description.as_deref().unwrap_or("").is_empty());
    }
    // `api` and `resource` are enums of what is configured.
    let list = &tools[0];
    let props = &list.input_schema["properties"];
    assert_eq!(
        props["api"]["enum"],
        json!(["partnerstack", "impact", "referralhero", "dub"])
    );
    let resources: HashSet<&str> = props["resource"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(resources.contains("partnerships") && resources.contains("subscribers"));
    assert_eq!(props["limit"]["maximum"], 100);
    // Arguments that the schema accepts are accepted by the tool and vice
    // versa for a bad one: a limit of 0 is invalid for both.
    let validator =
        jsonschema::validator_for(&Value::Object((*list.input_schema).clone())).unwrap();
    assert!(validator.is_valid(&json!({"api": "dub", "resource": "partners"})));
    assert!(!validator.is_valid(&json!({"api": "nope", "resource": "partners"})));
    // sql_query's description lists the synced tables and their columns.
    let sql = tools.iter().find(|t| t.name == "sql_query").unwrap();
    let d = sql.description.as_deref().unwrap();
    for table in [
        "partnerstack_partnerships(",
        "dub_partners(",
        "_affiliate_state(",
    ] {
        assert!(d.contains(table), "{table} missing from:\n{d}");
    }
    assert!(d.contains("email"), "columns are listed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_records_answers_for_every_resource_of_the_catalog() {
    let h = harness(false, false).await;
    for r in RESOURCES {
        let filters = filters_for(&h, r).await;
        let out = call(
            &h.client,
            "list_records",
            json!({"api": r.api.name(), "resource": r.name, "limit": 3, "filters": filters}),
        )
        .await;
        let v = ok(&out);
        let records = v["records"].as_array().unwrap();
        assert!(
            !records.is_empty() && records.len() <= 3,
            "{}.{}: {} records",
            r.api,
            r.name,
            records.len()
        );
        assert!(
            records[0].get(r.id_field).is_some(),
            "{}.{} records carry {}",
            r.api,
            r.name,
            r.id_field
        );
        assert!(
            text(&out).starts_with(&format!("{} {}.{} record", records.len(), r.api, r.name)),
            "summary first: {}",
            text(&out)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cursor_continues_without_gap_or_repeat() {
    let h = harness(false, false).await;
    // Every partnership key, from the crate's own client.
    let ps = h.sandboxes.partnerstack.as_ref().unwrap();
    let expected: Vec<String> = ps
        .client
        .partnerships()
        .list()
        .limit(250)
        .send()
        .await
        .unwrap()
        .items
        .iter()
        .map(|p| p.key.clone())
        .collect();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    while seen.len() < 200 {
        let mut a = json!({"api": "partnerstack", "resource": "partnerships", "limit": 37});
        if let Some(c) = &cursor {
            a["cursor"] = json!(c);
        }
        let out = call(&h.client, "list_records", a).await;
        let v = ok(&out);
        seen.extend(
            v["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["key"].as_str().unwrap().to_owned()),
        );
        cursor = v["next_cursor"].as_str().map(str::to_owned);
        assert!(cursor.is_some());
    }
    assert_eq!(seen[..], expected[..seen.len()]);

    // A ReferralHero page holds more than asked: the rest comes next.
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut a = json!({"api": "referralhero", "resource": "lists", "limit": 2});
        if let Some(c) = &cursor {
            a["cursor"] = json!(c);
        }
        let v = ok(&call(&h.client, "list_records", a).await).clone();
        names.extend(
            v["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["uuid"].clone()),
        );
        match v["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let all = h.sandboxes.referralhero.as_ref().unwrap();
    let lists = all.client.lists().list().collect_all().await.unwrap();
    assert_eq!(names.len(), lists.len());
    assert_eq!(
        names.iter().collect::<HashSet<_>>().len(),
        lists.len(),
        "no repeat"
    );

    // A cursor only continues its own listing.
    let first = call(
        &h.client,
        "list_records",
        json!({"api": "dub", "resource": "partners", "limit": 5}),
    )
    .await;
    let c = ok(&first)["next_cursor"].as_str().unwrap().to_owned();
    let wrong = call(
        &h.client,
        "list_records",
        json!({"api": "dub", "resource": "partners", "limit": 5, "cursor": c, "filters": {"status": "approved"}}),
    )
    .await;
    assert!(err(&wrong).contains("invalid cursor"));
    let garbage = call(
        &h.client,
        "list_records",
        json!({"api": "dub", "resource": "partners", "cursor": "%%%"}),
    )
    .await;
    assert!(err(&garbage).contains("pass the `next_cursor`"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_list_is_bounded_and_says_how_to_continue() {
    let h = harness(false, false).await;
    let out = call(
        &h.client,
        "list_records",
        json!({"api": "partnerstack", "resource": "partnerships", "limit": 1000}),
    )
    .await;
    let v = ok(&out);
    let records = v["records"].as_array().unwrap();
    let bytes = serde_json::to_string(records).unwrap().len();
    assert!(records.len() <= MAX_LIMIT as usize);
    assert!(bytes <= MAX_RECORD_BYTES, "{bytes} bytes of records");
    assert!(
        records.len() > 20,
        "the cap is not a tiny page: {}",
        records.len()
    );
    assert_eq!(v["truncated"], true);
    assert!(v["next_cursor"].is_string());
    let summary = text(&out);
    assert!(
        summary.contains("lowered to the maximum of 100"),
        "{summary}"
    );
    assert!(summary.contains("call again with `cursor`"), "{summary}");
    // The whole answer, text included, stays small.
    assert!(summary.len() < 2 * MAX_RECORD_BYTES + 1024);

    // The next call starts right after the last record returned.
    let next = call(
        &h.client,
        "list_records",
        json!({"api": "partnerstack", "resource": "partnerships", "limit": 1000, "cursor": v["next_cursor"]}),
    )
    .await;
    let more = ok(&next)["records"].as_array().unwrap().clone();
    let all = h.sandboxes.partnerstack.as_ref().unwrap();
    let first_250: Vec<String> = all
        .client
        .partnerships()
        .list()
        .limit(250)
        .send()
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.key)
        .collect();
    assert_eq!(more[0]["key"].as_str().unwrap(), first_250[records.len()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_record_and_describe_resource_for_every_resource() {
    let h = harness(true, false).await;
    for r in RESOURCES {
        let filters = filters_for(&h, r).await;
        let listed = call(
            &h.client,
            "list_records",
            json!({"api": r.api.name(), "resource": r.name, "limit": 1, "filters": filters}),
        )
        .await;
        let first = ok(&listed)["records"][0].clone();
        let id = match &first[r.id_field] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut a = json!({"api": r.api.name(), "resource": r.name, "id": id});
        if let Some(uuid) = filters.get("list_uuid") {
            a["list_uuid"] = uuid.clone();
        }
        let got = call(&h.client, "get_record", a).await;
        if r.gettable {
            let v = ok(&got);
            assert_eq!(
                v["record"][r.id_field], first[r.id_field],
                "{}.{}",
                r.api, r.name
            );
        } else {
            let e = err(&got);
            assert!(
                e.contains("cannot be fetched by id") && e.contains("list_records"),
                "{e}"
            );
        }

        let d = call(
            &h.client,
            "describe_resource",
            json!({"api": r.api.name(), "resource": r.name}),
        )
        .await;
        let v = ok(&d);
        assert!(!v["fields"].as_array().unwrap().is_empty());
        assert_eq!(v["id_field"], r.id_field);
        assert_eq!(v["sync"]["table"], r.table());
        let held = common::SYNCED.contains(&r.sync_selector);
        assert_eq!(v["sync"]["held"], held, "{}", r.sync_selector);
        assert!(
            v["sync"]["registry"]["mode"].is_string(),
            "{} is in the sync's registry",
            r.sync_selector
        );
        if held {
            assert!(v["sync"]["rows"].as_i64().unwrap() > 0);
        }
    }
    // Money fields say their unit.
    let d = call(
        &h.client,
        "describe_resource",
        json!({"api": "partnerstack", "resource": "transactions"}),
    )
    .await;
    let fields = ok(&d)["fields"].as_array().unwrap().clone();
    let amount = fields.iter().find(|f| f["name"] == "amount").unwrap();
    assert!(amount["description"].as_str().unwrap().contains("cents"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_tool_errors_that_say_what_to_do() {
    let h = harness(false, false).await;
    let e = err(&call(
        &h.client,
        "list_records",
        json!({"api": "dub", "resource": "foo"}),
    )
    .await);
    assert!(
        e.contains("unknown resource `foo`")
            && e.contains("known: partners, customers, commissions, links"),
        "{e}"
    );
    let e = err(&call(
        &h.client,
        "list_records",
        json!({"api": "tapfiliate", "resource": "x"}),
    )
    .await);
    assert!(
        e.contains("unknown api `tapfiliate`; configured: partnerstack"),
        "{e}"
    );
    let e = err(&call(
        &h.client,
        "list_records",
        json!({"api": "dub", "resource": "links", "filters": {"campaign_id": 3}}),
    )
    .await);
    assert!(
        e.contains("has no filter `campaign_id`; its filters: search"),
        "{e}"
    );
    let e = err(&call(
        &h.client,
        "list_records",
        json!({"api": "impact", "resource": "actions"}),
    )
    .await);
    assert!(e.contains("needs the filter `campaign_id`"), "{e}");
    let e = err(&call(
        &h.client,
        "list_records",
        json!({"api": "dub", "resource": "links", "extra": 1}),
    )
    .await);
    assert!(
        e.contains("invalid arguments for list_records") && e.contains("extra"),
        "{e}"
    );
    let e = err(&call(
        &h.client,
        "list_records",
        json!({"api": "partnerstack", "resource": "customers", "filters": {"updated_since": "yesterday"}}),
    )
    .await);
    assert!(e.contains("RFC 3339"), "{e}");
    let e = err(&call(
        &h.client,
        "get_record",
        json!({"api": "partnerstack", "resource": "customers", "id": "cus_nope"}),
    )
    .await);
    assert!(e.starts_with("partnerstack: ") && e.contains("404"), "{e}");
    // sql_query and sync_status need --db.
    let e = err(&call(&h.client, "sql_query", json!({"sql": "SELECT 1"})).await);
    assert!(e.contains("--db sqlite://PATH"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_reads_retry_after_and_a_bad_key_never_shows() {
    let (_c, sb) = affiliate_mcp::start_sandboxes(&[Api::PartnerStack])
        .await
        .unwrap();
    let ps = sb.partnerstack.as_ref().unwrap();
    let mut clients = Clients::new();
    clients.partnerstack = Some(
        ps.client_builder()
            .retry(partnerstack::RetryPolicy::none())
            .build()
            .unwrap(),
    );
    let client = with_clients(clients, Options::new()).await;
    ps.faults()
        .fail_next(1, affiliate_common::sandbox::Fault::rate_limited(12));
    let e = err(&call(
        &client,
        "list_records",
        json!({"api": "partnerstack", "resource": "partnerships"}),
    )
    .await);
    assert!(e.contains("rate limited, retry after 12 s"), "{e}");

    let secret = "sk_this_must_never_be_shown_123";
    let mut clients = Clients::new();
    clients.partnerstack = Some(
        partnerstack::Client::builder(partnerstack::Auth::basic("pk_wrong", secret))
            .base_url(ps.url().clone())
            .build()
            .unwrap(),
    );
    let client = with_clients(clients, Options::new()).await;
    let out = call(
        &client,
        "list_records",
        json!({"api": "partnerstack", "resource": "partnerships"}),
    )
    .await;
    let e = err(&out);
    assert!(e.contains("credentials"), "{e}");
    let whole = serde_json::to_string(&out).unwrap();
    assert!(
        !whole.contains(secret) && !whole.contains("pk_wrong"),
        "{whole}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_tools_are_absent_without_allow_writes_and_work_with_it() {
    let h = harness(false, false).await;
    let names: Vec<String> = h
        .client
        .list_all_tools()
        .await
        .unwrap()
        .iter()
        .map(|t| t.name.to_string())
        .collect();
    for w in WRITE_TOOLS {
        assert!(!names.contains(&w.to_owned()));
    }
    let e = err(&call(
        &h.client,
        "dub_track_sale",
        json!({"customer_external_id": "user_1", "amount_cents": 100, "invoice_id": "in_1"}),
    )
    .await);
    assert!(
        e.contains("only when the server runs with --allow-writes"),
        "{e}"
    );

    let h = harness(false, true).await;
    let tools = h.client.list_all_tools().await.unwrap();
    for w in WRITE_TOOLS {
        let t = tools
            .iter()
            .find(|t| t.name == w)
            .unwrap_or_else(|| panic!("{w} listed"));
        let a = t.annotations.as_ref().unwrap();
        assert_eq!(a.read_only_hint, Some(false), "{w}");
        assert_eq!(a.destructive_hint, Some(false), "{w}");
        assert!(a.idempotent_hint.is_some(), "{w}");
        jsonschema::meta::validate(&Value::Object((*t.input_schema).clone())).unwrap();
    }
    let idem = |n: &str| {
        tools
            .iter()
            .find(|t| t.name == n)
            .unwrap()
            .annotations
            .as_ref()
            .unwrap()
            .idempotent_hint
    };
    assert_eq!(idem("dub_track_sale"), Some(true));
    assert_eq!(idem("partnerstack_create_customer"), Some(false));
    assert!(
        tools
            .iter()
            .find(|t| t.name == "dub_track_sale")
            .unwrap()
            .input_schema["required"]
            .as_array()
            .unwrap()
            .contains(&json!("invoice_id")),
        "the de-duplication key is required"
    );

    let out = call(
        &h.client,
        "partnerstack_create_customer",
        json!({"email": "new.customer@example.com", "partner_key": "gstest", "customer_key": "crm-mcp-1", "name": "New Co"}),
    )
    .await;
    let v = ok(&out);
    assert_eq!(v["customer"]["customer_key"], "crm-mcp-1");
    let key = v["customer"]["key"].as_str().unwrap().to_owned();
    // It is really there.
    let got = call(
        &h.client,
        "get_record",
        json!({"api": "partnerstack", "resource": "customers", "id": key}),
    )
    .await;
    assert_eq!(ok(&got)["record"]["email"], "new.customer@example.com");

    let out = call(
        &h.client,
        "dub_track_lead",
        json!({"click_id": "clk_1", "event_name": "Sign up", "customer_external_id": "mcp_user_1", "customer_email": "u1@example.com"}),
    )
    .await;
    ok(&out);
    for _ in 0..2 {
        let out = call(
            &h.client,
            "dub_track_sale",
            json!({"customer_external_id": "mcp_user_1", "amount_cents": 4900, "invoice_id": "in_mcp_1"}),
        )
        .await;
        ok(&out);
    }
    let dub = h.sandboxes.dub.as_ref().unwrap();
    let sales = dub
        .client
        .commissions()
        .list()
        .invoice_id("in_mcp_1")
        .collect_all()
        .await
        .unwrap();
    assert!(sales.len() <= 1, "one sale per invoice id: {}", sales.len());

    let out = call(
        &h.client,
        "impact_submit_conversion",
        json!({"campaign_id": 1000, "event_type_id": 12345, "order_id": "ORD-MCP-1", "amount": 49.9, "currency": "USD"}),
    )
    .await;
    assert!(text(&out).contains("ORD-MCP-1"), "{}", text(&out));
    ok(&out);

    let lists = call(
        &h.client,
        "list_records",
        json!({"api": "referralhero", "resource": "lists", "limit": 1}),
    )
    .await;
    let uuid = ok(&lists)["records"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = call(
        &h.client,
        "referralhero_add_subscriber",
        json!({"list_uuid": uuid, "email": "mcp.subscriber@example.com", "name": "Mcp"}),
    )
    .await;
    let id = ok(&out)["subscriber"]["id"].as_str().unwrap().to_owned();
    let got = call(
        &h.client,
        "get_record",
        json!({"api": "referralhero", "resource": "subscribers", "id": id, "list_uuid": uuid}),
    )
    .await;
    assert_eq!(ok(&got)["record"]["email"], "mcp.subscriber@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sql_query_reads_and_refuses_everything_else() {
    let h = harness(true, false).await;
    let (_, path) = h.db.as_ref().unwrap();
    let before = std::fs::read(path).unwrap();

    let out = call(
        &h.client,
        "sql_query",
        json!({"sql": "SELECT COUNT(*) AS n FROM partnerstack_partnerships"}),
    )
    .await;
    let v = ok(&out);
    let seeded = h
        .sandboxes
        .partnerstack
        .as_ref()
        .unwrap()
        .seeded
        .partnerships;
    assert_eq!(v["rows"][0]["n"], seeded as i64);
    assert_eq!(v["truncated"], false);

    let refused = [
        (
            "DROP TABLE partnerstack_partnerships",
            "only one SELECT or WITH",
        ),
        (
            "ATTACH DATABASE '/tmp/x.db' AS x",
            "only one SELECT or WITH",
        ),
        ("PRAGMA writable_schema = ON", "only one SELECT or WITH"),
        ("SELECT 1; DROP TABLE dub_partners", "only one statement"),
        ("SELECT 1; SELECT 2", "only one statement"),
        (
            "SELECT * FROM pragma_table_info('dub_partners')",
            "not allowed",
        ),
        ("SELECT load_extension('/tmp/evil.so')", "not allowed"),
        ("WITH x AS (SELECT 1) DELETE FROM dub_partners", ""),
        (
            "WITH x AS (SELECT 1) INSERT INTO dub_partners (id) VALUES ('x')",
            "",
        ),
    ];
    for (sql, why) in refused {
        let e = err(&call(&h.client, "sql_query", json!({"sql": sql})).await);
        assert!(e.contains(why), "{sql}: {e}");
    }
    let still = call(
        &h.client,
        "sql_query",
        json!({"sql": "SELECT COUNT(*) AS n FROM dub_partners"}),
    )
    .await;
    assert!(ok(&still)["rows"][0]["n"].as_i64().unwrap() > 0);
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "the file is unchanged"
    );

    // Over the row cap: truncated, not failed.
    let out = call(
        &h.client,
        "sql_query",
        json!({"sql": "SELECT key FROM partnerstack_partnerships"}),
    )
    .await;
    let v = ok(&out);
    assert_eq!(
        v["rows"].as_array().unwrap().len(),
        affiliate_mcp::sql::MAX_ROWS
    );
    assert_eq!(v["truncated"], true);
    assert!(v["note"].as_str().unwrap().contains("LIMIT"));
    assert!(text(&out).contains("truncated"));
    let out = call(
        &h.client,
        "sql_query",
        json!({"sql": "SELECT key FROM partnerstack_partnerships", "max_rows": 7}),
    )
    .await;
    assert_eq!(ok(&out)["rows"].as_array().unwrap().len(), 7);
    // Over the size cap: truncated too.
    let out = call(
        &h.client,
        "sql_query",
        json!({"sql": "SELECT *, printf('%.2000c', 'x') AS pad FROM partnerstack_partnerships"}),
    )
    .await;
    let v = ok(&out);
    assert_eq!(v["truncated"], true);
    assert!(
        serde_json::to_string(&v["rows"]).unwrap().len() <= affiliate_mcp::sql::MAX_OUTPUT_BYTES
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_status_reads_the_state_table() {
    let h = harness(true, false).await;
    let out = call(&h.client, "sync_status", json!({})).await;
    let v = ok(&out);
    let resources = v["resources"].as_array().unwrap();
    let names: HashSet<&str> = resources
        .iter()
        .map(|r| r["resource"].as_str().unwrap())
        .collect();
    for s in common::SYNCED {
        assert!(names.contains(s), "{s} in {names:?}");
    }
    let ps = resources
        .iter()
        .find(|r| r["resource"] == "partnerstack.partnerships")
        .unwrap();
    let seeded = h
        .sandboxes
        .partnerstack
        .as_ref()
        .unwrap()
        .seeded
        .partnerships as i64;
    assert_eq!(ps["table_rows"], seeded);
    assert!(ps["completed_at"].is_string(), "{ps}");
    assert_eq!(v["quarantined_records"], 0);
    assert!(text(&out).starts_with(&format!("{} synced resources", common::SYNCED.len())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apis_limit_what_is_exposed() {
    let (clients, _sb) = affiliate_mcp::start_sandboxes(&[Api::Dub]).await.unwrap();
    let client = with_clients(clients, Options::new()).await;
    let tools = client.list_all_tools().await.unwrap();
    assert_eq!(
        tools[0].input_schema["properties"]["api"]["enum"],
        json!(["dub"])
    );
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(names, ["list_records", "get_record", "describe_resource"]);
    let e = err(&call(
        &client,
        "list_records",
        json!({"api": "partnerstack", "resource": "partnerships"}),
    )
    .await);
    assert!(e.contains("configured: dub"), "{e}");
}
