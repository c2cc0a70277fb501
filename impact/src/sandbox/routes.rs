//! Request routing of the simulated impact.com.
#![allow(clippy::result_large_err)] // handlers return the error response itself

use affiliate_common::sandbox::{SandboxRequest, SandboxResponse};
use affiliate_common::url::form_urlencoded;
use serde_json::{Map, Value, json};

use super::data::{JobState, State};

pub(crate) fn error(status: u16, message: &str) -> SandboxResponse {
    SandboxResponse::json(status, &json!({ "Status": "ERROR", "Message": message }))
}

/// A request the sandbox cannot honour (a route or method it does not
/// model): `501` with the code `sandbox_unsupported` in impact.com's error
/// shape, never a `404` that would read as a real not-found.
pub(crate) fn unsupported(req: &SandboxRequest) -> SandboxResponse {
    SandboxResponse::json(
        501,
        &json!({
            "Status": "ERROR",
            "Message": format!("The sandbox does not serve {} {}", req.method, req.path),
            "Code": "sandbox_unsupported",
        }),
    )
}

pub(super) fn field_errors(message: &str, errors: &[(&str, &str)]) -> SandboxResponse {
    let errs: Vec<Value> = errors
        .iter()
        .map(|(f, m)| json!({ "Field": f, "Message": m }))
        .collect();
    SandboxResponse::json(
        400,
        &json!({ "Status": "ERROR", "Message": message, "Errors": errs }),
    )
}

fn ok(value: &Value) -> SandboxResponse {
    SandboxResponse::json(200, value)
}

fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `Authorization` header the sandbox accepts.
pub(crate) fn expected_auth(sid: &str, token: &str) -> String {
    format!("Basic {}", base64(format!("{sid}:{token}").as_bytes()))
}

/// A page of `items` under `key`, with the `@` metadata and next-page URI.
pub(super) fn paginate(
    req: &SandboxRequest,
    items: &[Value],
    key: &str,
    default_size: usize,
) -> Result<Value, SandboxResponse> {
    let size = match req.query("PageSize") {
        Some(s) => s.parse::<usize>().map_err(|_| {
            field_errors("Validation Failed", &[("PageSize", "Not a numeric value")])
        })?,
        None => default_size,
    }
    .max(1);
    let page = match req.query("Page") {
        Some(s) => s
            .parse::<usize>()
            .map_err(|_| field_errors("Validation Failed", &[("Page", "Not a numeric value")]))?,
        None => 1,
    }
    .max(1);
    let total = items.len();
    let num_pages = total.div_ceil(size).max(1);
    let start = (page - 1) * size;
    let slice: Vec<Value> = items.iter().skip(start).take(size).cloned().collect();
    let uri_for = |p: usize| {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &req.query {
            if k != "Page" && k != "PageSize" {
                ser.append_pair(k, v);
            }
        }
        ser.append_pair("PageSize", &size.to_string());
        ser.append_pair("Page", &p.to_string());
        format!("{}?{}", req.path, ser.finish())
    };
    let end = if slice.is_empty() {
        String::new()
    } else {
        (start + slice.len() - 1).to_string()
    };
    let mut body = Map::new();
    body.insert("@page".into(), json!(page.to_string()));
    body.insert("@numpages".into(), json!(num_pages.to_string()));
    body.insert("@pagesize".into(), json!(size.to_string()));
    body.insert("@total".into(), json!(total.to_string()));
    body.insert("@start".into(), json!(start.to_string()));
    body.insert("@end".into(), json!(end));
    body.insert("@uri".into(), json!(uri_for(page)));
    body.insert("@firstpageuri".into(), json!(uri_for(1)));
    body.insert(
        "@previouspageuri".into(),
        json!(if page > 1 {
            uri_for(page - 1)
        } else {
            String::new()
        }),
    );
    body.insert(
        "@nextpageuri".into(),
        json!(if page < num_pages {
            uri_for(page + 1)
        } else {
            String::new()
        }),
    );
    body.insert("@lastpageuri".into(), json!(uri_for(num_pages)));
    body.insert(key.into(), Value::Array(slice));
    Ok(Value::Object(body))
}

fn actions_page(req: &SandboxRequest, st: &State, persona: &str) -> Result<Value, SandboxResponse> {
    let size: usize = req
        .query("PageSize")
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    if size < 2_000 {
        return Err(field_errors(
            "Validation Failed",
            &[("PageSize", "PageSize must be at least 2000")],
        ));
    }
    if req.query("StartDate").is_some() && req.query("EndDate").is_none() {
        return Err(field_errors(
            "Validation Failed",
            &[("EndDate", "EndDate is required when StartDate is provided")],
        ));
    }
    let day = |v: &Value| {
        v["EventDate"]
            .as_str()
            .unwrap_or("")
            .get(..10)
            .unwrap_or("")
            .to_owned()
    };
    let start = req
        .query("StartDate")
        .map(|s| s.get(..10).unwrap_or(s).to_owned());
    let end = req
        .query("EndDate")
        .map(|s| s.get(..10).unwrap_or(s).to_owned());
    let mut items: Vec<Value> = st
        .actions
        .iter()
        .filter(|a| {
            start.as_ref().is_none_or(|s| day(a) >= *s) && end.as_ref().is_none_or(|e| day(a) <= *e)
        })
        .filter(|a| req.query("State").is_none_or(|s| a["State"] == s))
        .filter(|a| req.query("CampaignId").is_none_or(|c| a["CampaignId"] == c))
        .cloned()
        .collect();
    if persona == "Mediapartners" {
        for a in &mut items {
            if let Some(uri) = a["Uri"].as_str() {
                a["Uri"] = json!(uri.replacen("/Advertisers/", "/Mediapartners/", 1));
            }
        }
    }
    if items.len().div_ceil(size) > 10 {
        return Err(error(
            400,
            "The query would return more than 10 pages; narrow the date range or raise PageSize",
        ));
    }
    paginate(req, &items, "Actions", 20_000)
}

fn job_json(id: &str, sid: &str, job: &JobState, status: &str) -> Value {
    let complete = status == "COMPLETED";
    json!({
        "Id": id, "Type": "DownloadReport", "ProgramId": "1000", "CreatedBy": sid,
        "CreatedDate": job.created, "StartedDate": if status == "QUEUED" { "" } else { "2026-02-01T00:00:05-08:00" },
        "CompletedDate": if complete { "2026-02-01T00:00:20-08:00" } else { "" },
        "AbandonedDate": "", "CancelledDate": "",
        "FailedDate": if status == "FAILED" { "2026-02-01T00:00:20-08:00" } else { "" },
        "LastProgressUpdateDate": "2026-02-01T00:00:10-08:00",
        "Status": status,
        "StatusMessage": match status { "FAILED" => "Report failed: invalid filter", "COMPLETED" => "Job processing completed successfully.", _ => "" },
        "RecordsProcessed": if complete { "30" } else { "0" },
        "PercentageComplete": if complete { "100" } else if status == "RUNNING" { "50" } else { "0" },
        "Replayable": "true",
        "ResultUri": if complete { format!("/{}/{sid}/Jobs/{id}/Download", job.persona) } else { String::new() },
    })
}

fn job_status(st: &State, job: &JobState) -> &'static str {
    if job.report.starts_with("fail") && job.polls >= 2 {
        "FAILED"
    } else if job.polls >= st.polls_to_complete {
        "COMPLETED"
    } else if job.polls == 0 {
        "QUEUED"
    } else {
        "RUNNING"
    }
}

pub(crate) fn handle(st: &mut State, sid: &str, req: &SandboxRequest) -> SandboxResponse {
    let segs = req.segments();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let method = req.method.as_str();
    match (method, segs.as_slice()) {
        ("POST", ["PageLoad"]) => {
            let form = req.form();
            let has = |k: &str| form.iter().any(|(f, v)| f == k && !v.is_empty());
            if !has("CampaignId") || !has("PageUrl") {
                return SandboxResponse::json(
                    400,
                    &json!({"errors": [{"field": "CampaignId", "level": "ERROR", "message": "CampaignId and PageUrl are required"}], "warnings": []}),
                );
            }
            return ok(
                &json!({"clickId": "0c22384eN-sandbox", "landingPage": "", "sessionStart": "2026-02-01T00:00:00-08:00", "warnings": []}),
            );
        }
        ("POST", ["DeferredDeepLink"]) => {
            return ok(
                &json!({"landingPage": "https://www.acme.com/products/tennis-balls", "clickId": "QiiWX-sandbox", "clickIpAddress": "192.0.2.1", "connectionIpAddress": "192.0.2.2"}),
            );
        }
        ("POST" | "GET", ["calldata", "logCallData"]) => return ok(&json!({"Status": "OK"})),
        _ => {}
    }
    let [
        persona @ ("Advertisers" | "Mediapartners" | "Agencies"),
        account,
        rest @ ..,
    ] = segs.as_slice()
    else {
        return unsupported(req);
    };
    if *account != sid {
        return error(
            403,
            "Forbidden: the credentials do not give access to this account",
        );
    }
    let persona: &'static str = match *persona {
        "Advertisers" => "Advertisers",
        "Mediapartners" => "Mediapartners",
        _ => "Agencies",
    };
    if method == "GET"
        && let Some(resp) = super::lists::serve(&st.lists, persona, rest, req)
    {
        return resp;
    }
    if method == "GET" && rest == ["Jobs"] {
        let mut ids: Vec<&String> = st
            .jobs
            .iter()
            .filter(|(_, j)| j.persona == persona)
            .map(|(id, _)| id)
            .collect();
        ids.sort();
        let jobs: Vec<Value> = ids
            .into_iter()
            .map(|id| {
                let job = &st.jobs[id];
                job_json(id, sid, job, job_status(st, job))
            })
            .collect();
        return match paginate(req, &jobs, "Jobs", 100) {
            Ok(v) => ok(&v),
            Err(resp) => resp,
        };
    }
    // The Agency persona serves its simple lists, its jobs and reports.
    if persona == "Agencies" && !matches!(rest, ["Jobs", ..] | ["Reports"] | ["ReportExport", _]) {
        return unsupported(req);
    }
    let brand = persona == "Advertisers";
    let result: Result<Value, SandboxResponse> = match (method, rest) {
        ("GET", ["Campaigns"]) => {
            let items = if brand {
                &st.brand_campaigns
            } else {
                &st.partner_campaigns
            };
            paginate(req, items, "Campaigns", 1_000)
        }
        ("GET", ["Campaigns", id]) => {
            let (items, key) = if brand {
                (&st.brand_campaigns, "Id")
            } else {
                (&st.partner_campaigns, "CampaignId")
            };
            items
                .iter()
                .find(|c| c[key] == *id)
                .cloned()
                .ok_or_else(|| error(404, "Campaign not found"))
        }
        ("GET", ["Campaigns", id, "Deals"]) if !brand => {
            let deals: Vec<Value> = st
                .deals
                .iter()
                .filter(|d| d["CampaignId"] == *id)
                .cloned()
                .collect();
            paginate(req, &deals, "Deals", 1_000)
        }
        ("GET", ["MediaPartners"]) if brand => paginate(req, &st.media_partners, "Partners", 1_000),
        ("GET", ["MediaPartners", id]) if brand => st
            .media_partners
            .iter()
            .find(|p| p["Id"] == *id)
            .cloned()
            .ok_or_else(|| error(404, "Media partner not found")),
        ("GET", ["Actions"]) => actions_page(req, st, persona),
        ("GET", ["Actions", id]) => st
            .actions
            .iter()
            .find(|a| a["Id"] == *id)
            .cloned()
            .ok_or_else(|| error(404, "Action not found")),
        ("GET", ["Reports"]) => paginate(req, &st.reports, "Reports", 1_000),
        ("GET", ["ReportExport", report]) => {
            let id = format!(
                "{:08x}-5a1d-4b0c-9e3f-{:012x}",
                0xd880_7a9f_u64 + st.next_id,
                st.next_id
            );
            st.next_id += 1;
            st.jobs.insert(
                id.clone(),
                JobState {
                    persona,
                    report: (*report).to_owned(),
                    polls: 0,
                    format: req
                        .query("ResultFormat")
                        .unwrap_or("CSV")
                        .to_ascii_uppercase(),
                    created: "2026-02-01T00:00:00-08:00".into(),
                },
            );
            Ok(json!({
                "Status": "QUEUED",
                "QueuedUri": format!("/{persona}/{sid}/Jobs/{id}"),
                "ResultUri": format!("/{persona}/{sid}/Jobs/{id}/Download"),
            }))
        }
        ("GET", ["Jobs", id]) => {
            let polls_needed = st.polls_to_complete;
            let Some(job) = st.jobs.get_mut(*id) else {
                return error(404, "Job not found");
            };
            job.polls = job.polls.saturating_add(1).min(polls_needed.max(2));
            let job = job.clone();
            let status = job_status(st, &job);
            Ok(job_json(id, sid, &job, status))
        }
        ("GET", ["Jobs", id, "Download"]) => {
            let Some(job) = st.jobs.get(*id).cloned() else {
                return error(404, "Job not found");
            };
            let status = job_status(st, &job);
            if status != "COMPLETED" {
                return SandboxResponse::json(202, &job_json(id, sid, &job, status));
            }
            let rows = st.report_rows();
            if job.format == "JSON" {
                let records: Vec<Value> = rows
                    .iter()
                    .map(|(d, n, a, p)| json!({"Date": d, "Actions": n.to_string(), "Revenue": a, "Payout": p}))
                    .collect();
                return ok(&json!({ "Records": records }));
            }
            let mut csv = String::from("Date,Actions,Revenue,Payout\n");
            for (d, n, a, p) in rows {
                csv.push_str(&format!("{d},{n},{a},{p}\n"));
            }
            return SandboxResponse::bytes(200, "text/csv", csv);
        }
        ("POST", ["Conversions"]) if brand => {
            let ct = req.header("content-type").unwrap_or("");
            if !ct.starts_with("application/x-www-form-urlencoded") {
                return error(
                    415,
                    "Unsupported media type: send application/x-www-form-urlencoded",
                );
            }
            let form = req.form();
            let get = |k: &str| {
                form.iter()
                    .find(|(f, _)| f == k)
                    .map(|(_, v)| v.as_str())
                    .filter(|v| !v.is_empty())
            };
            let mut missing = Vec::new();
            if get("CampaignId").is_none() {
                missing.push(("CampaignId", "Required"));
            }
            match get("EventTypeId").or(get("ActionTrackerId")) {
                None => missing.push((
                    "ActionTrackerId",
                    "ActionTrackerId or EventTypeId is required",
                )),
                Some(id) if id != super::SANDBOX_EVENT_TYPE_ID => missing.push((
                    if get("EventTypeId").is_some() {
                        "EventTypeId"
                    } else {
                        "ActionTrackerId"
                    },
                    "No event type with this id in the campaign",
                )),
                Some(_) => {}
            }
            if get("EventDate").is_none() {
                missing.push(("EventDate", "Required"));
            }
            if !missing.is_empty() {
                return field_errors("Validation Failed", &missing);
            }
            let n = st.next_id;
            st.next_id += 1;
            // The conversion becomes a pending action, as impact.com's
            // processing would make it.
            let action = conversion_action(st, sid, &form, n);
            st.actions.push(action);
            st.conversions.push(form.clone());
            Ok(json!({
                "Status": "QUEUED",
                "QueuedUri": format!("/Advertisers/{sid}/APISubmissions/A-{n:08x}-sandbox"),
            }))
        }
        // `PUT Actions` changes an action's amount; `DELETE Actions` reverses
        // it (both form-encoded, naming the action by `ActionId`, or by
        // `OrderId`).
        ("PUT" | "DELETE", ["Actions"]) if brand => {
            let form = req.form();
            let get = |k: &str| {
                form.iter()
                    .find(|(f, _)| f == k)
                    .map(|(_, v)| v.as_str())
                    .filter(|v| !v.is_empty())
            };
            if method == "DELETE" && get("DispositionCode").is_none() {
                return field_errors("Validation Failed", &[("DispositionCode", "Required")]);
            }
            let (id, order) = (get("ActionId"), get("OrderId"));
            if id.is_none() && order.is_none() {
                return field_errors(
                    "Validation Failed",
                    &[("ActionId", "ActionId or OrderId is required")],
                );
            }
            let Some(action) = st
                .actions
                .iter_mut()
                .find(|a| id.is_some_and(|i| a["Id"] == i) || order.is_some_and(|o| a["Oid"] == o))
            else {
                return error(404, "Action not found");
            };
            if method == "DELETE" {
                action["State"] = json!("REVERSED");
                action["Note"] = json!(get("DispositionCode").unwrap_or_default());
            } else if let Some(amount) = get("Amount") {
                action["Amount"] = json!(amount);
            }
            let n = st.next_id;
            st.next_id += 1;
            Ok(json!({
                "Status": "QUEUED",
                "QueuedUri": format!("/Advertisers/{sid}/APISubmissions/A-{n:08x}-sandbox"),
            }))
        }
        _ => Err(unsupported(req)),
    };
    match result {
        Ok(v) => ok(&v),
        Err(resp) => resp,
    }
}

/// The pending action a submitted conversion becomes: `Id`
/// `1000.<tracker>.sbx<n>`, the conversion's campaign, tracker, order id
/// (`Oid`) and amount; `EventDate` the given one, or for `NOW` the latest
/// of the held actions (so the default date windows of the lists hold it).
fn conversion_action(st: &State, sid: &str, form: &[(String, String)], n: u64) -> Value {
    let get = |k: &str| {
        form.iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let tracker = Some(get("EventTypeId"))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| get("ActionTrackerId"));
    let id = format!("1000.{tracker}.sbx{n}");
    let date = match get("EventDate").as_str() {
        "" | "NOW" => st
            .actions
            .iter()
            .filter_map(|a| a["EventDate"].as_str())
            .max()
            .unwrap_or("2026-01-01T00:00:00-08:00")
            .to_owned(),
        given => given.to_owned(),
    };
    let amount = Some(get("Amount"))
        .filter(|a| !a.is_empty())
        .or_else(|| Some(get("ItemSubTotal1")).filter(|a| !a.is_empty()))
        .unwrap_or_else(|| "0.00".to_owned());
    json!({
        "Id": id, "CampaignId": get("CampaignId"), "ActionTrackerId": tracker,
        "State": "PENDING", "Oid": get("OrderId"), "Amount": amount, "Currency": "USD",
        "EventDate": date, "CreationDate": date, "CustomerId": get("CustomerId"), "Note": "",
        "Uri": format!("/Advertisers/{sid}/Actions/{id}"),
    })
}

/// impact.com's default representation, sent when `Accept` asks for no JSON.
pub(crate) fn xml_body() -> SandboxResponse {
    SandboxResponse::bytes(
        200,
        "application/xml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><ImpactRadiusResponse><Campaigns/></ImpactRadiusResponse>",
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_known_values() {
        assert_eq!(super::base64(b"pk_1:sk_2"), "cGtfMTpza18y");
        assert_eq!(super::base64(b"a"), "YQ==");
        assert_eq!(super::base64(b"ab"), "YWI=");
    }
}
