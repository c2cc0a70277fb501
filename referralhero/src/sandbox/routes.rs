//! The sandbox's request routing and endpoint behaviour.

// Handlers return a ready error response as their `Err`; the size does not
// matter in a test server.
#![allow(clippy::result_large_err)]

use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

use affiliate_common::sandbox::{SandboxRequest, SandboxResponse};

use serde_json::{Map, Value, json};

use super::data::{ListRec, State, Sub};

const IDENTIFIERS: [&str; 4] = [
    "email",
    "phone_number",
    "crypto_wallet_address",
    "other_identifier_value",
];

/// A response, serialized only after the state lock is released.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    fn json(status: u16, body: Value) -> Self {
        Reply { status, body }
    }

    /// The HTTP response.
    pub(crate) fn into_response(self) -> SandboxResponse {
        SandboxResponse::json(self.status, &self.body)
    }
}

/// The error envelope.
pub(crate) fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::json(
        status,
        json!({ "status": "error", "message": message, "code": code }),
    )
}

fn ok(st: &State, data: Value) -> Reply {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    Reply::json(
        200,
        json!({ "status": "ok", "data": data, "calls_left": st.calls_left, "timestamp": now }),
    )
}

/// A request the sandbox cannot honour (a route or method it does not
/// model): `501` with the code `sandbox_unsupported` in ReferralHero's
/// error envelope, never a `404` that would read as a real not-found.
fn unsupported(req: &SandboxRequest) -> Reply {
    error(
        501,
        "sandbox_unsupported",
        &format!("The sandbox does not serve {} {}", req.method, req.path),
    )
}

fn not_found_list() -> Reply {
    error(
        404,
        "invalid_list",
        "The list uuid is invalid or does not belong to your account.",
    )
}

fn not_found_sub() -> Reply {
    error(
        404,
        "subscriber_not_found",
        "The subscriber does not exist.",
    )
}

/// The token from `Authorization: Bearer` or `X-API-Key`.
fn token(req: &SandboxRequest) -> Option<String> {
    if let Some(a) = req.header("authorization") {
        let t = a.strip_prefix("Bearer ").unwrap_or(a).trim();
        if !t.is_empty() {
            return Some(t.to_owned());
        }
    }
    req.header("x-api-key")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

pub(crate) fn handle(st: &mut State, req: &SandboxRequest) -> Reply {
    let Some(tok) = token(req) else {
        return error(401, "no_token", "You must provide an API token.");
    };
    if tok.starts_with("invalid") {
        return error(401, "invalid_token", "The API token is invalid.");
    }
    if tok.starts_with("inactive") {
        return error(
            403,
            "inactive_account",
            "The account of this API token is inactive.",
        );
    }
    if st.calls_left == 0 {
        return error(
            429,
            "too_many_calls",
            "You have exceeded the 5,000 API calls per hour limit. Wait 60 minutes for it to reset.",
        );
    }
    st.calls_left -= 1;

    let segs = req.segments();
    let mut s: Vec<&str> = segs.iter().map(String::as_str).collect();
    if s.len() >= 2 && s[0] == "api" && s[1] == "v2" {
        s.drain(..2);
    }
    let body: Map<String, Value> = if req.body.is_empty() {
        Map::new()
    } else {
        match req.json::<Value>() {
            Ok(Value::Object(m)) => m,
            _ => return error(400, "invalid_json", "The body must be a JSON object."),
        }
    };
    let method = req.method.as_str();
    match (method, s.as_slice()) {
        ("GET", ["lists"]) => list_lists(st, req),
        ("POST", ["lists"]) => create_list(st, &body),
        ("GET", ["subscribers", "search_by_name"]) => search(st, req),
        (_, ["lists", uuid, rest @ ..]) => {
            let Some(li) = st.list_index(uuid) else {
                return not_found_list();
            };
            list_routes(st, li, method, rest, req, &body)
        }
        _ => unsupported(req),
    }
}

fn list_routes(
    st: &mut State,
    li: usize,
    method: &str,
    rest: &[&str],
    req: &SandboxRequest,
    body: &Map<String, Value>,
) -> Reply {
    match (method, rest) {
        ("GET", ["leaderboard"]) => leaderboard(st, li, req),
        ("GET", ["bonuses"]) => {
            let l = &st.lists[li];
            let data: Vec<Value> = l.bonuses.iter().map(|b| l.bonus_json(b)).collect();
            ok(st, Value::Array(data))
        }
        ("GET", ["rewards"]) => list_rewards(st, li, req, None),
        ("GET", ["coupon_groups"]) => {
            let l = &st.lists[li];
            let groups: Vec<Value> = l
                .groups
                .iter()
                .map(|g| ListRec::group_json(g, false))
                .collect();
            ok(
                st,
                json!({ "response": "coupon_groups_retrieved", "coupon_groups": groups }),
            )
        }
        ("GET", ["coupon_groups", id]) => {
            let l = &st.lists[li];
            match l.groups.iter().find(|g| g.id.to_string() == *id) {
                Some(g) => {
                    let coupons: Vec<Value> = g
                        .coupons
                        .iter()
                        .map(|c| super::data::coupon_json(g, c))
                        .collect();
                    ok(st, Value::Array(coupons))
                }
                None => error(
                    404,
                    "coupon_group_not_found",
                    "The coupon group does not exist.",
                ),
            }
        }
        ("POST", ["coupon_groups"]) => create_group(st, li, body),
        ("POST", ["coupons"]) => add_coupons(st, li, body),
        ("GET", ["subscribers"]) => list_subscribers(st, li, req),
        ("POST", ["subscribers"]) => create_subscriber(st, li, body),
        ("GET", ["subscribers", "retrieve_by_email"]) => match req.query("email") {
            None | Some("") => error(400, "no_email_address", "The email parameter is missing."),
            Some(e) => match st.lists[li].find_by("email", e) {
                Some(i) => {
                    let v = st.lists[li].sub_json(i);
                    ok(st, v)
                }
                None => not_found_sub(),
            },
        },
        ("GET", ["subscribers", "retrieve_by_mwr"]) => {
            let code = req.query("mwr").unwrap_or_default();
            let l = &st.lists[li];
            match l.by_code.get(code).copied().filter(|i| !l.subs[*i].deleted) {
                Some(i) => {
                    let v = l.sub_json(i);
                    ok(st, v)
                }
                None => not_found_sub(),
            }
        }
        ("POST", ["subscribers", "confirm"]) => match identify(&st.lists[li], body) {
            Ok(i) => confirm(st, li, i),
            Err(r) => r,
        },
        ("POST", ["subscribers", "track_referral_conversion_event"]) => track(st, li, body),
        ("POST", ["subscribers", "add_points"]) => {
            let i = match identify(&st.lists[li], body) {
                Ok(i) => i,
                Err(r) => return r,
            };
            let Some(points) = num(body.get("points")) else {
                return error(400, "no_points", "The points parameter is missing.");
            };
            let now = st.tick();
            let s = &mut st.lists[li].subs[i];
            s.points += points as i64;
            s.last_updated_at = now;
            let v = st.lists[li].sub_json(i);
            ok(st, v)
        }
        ("POST", ["subscribers", "add_transactions"]) => match transaction(st, li, body) {
            Ok(i) => {
                let mut v = st.lists[li].sub_json(i);
                v["response"] = json!("transaction_added");
                ok(st, v)
            }
            Err(r) => r,
        },
        ("POST", ["subscribers", "add_bulk_transactions"]) => bulk(st, li, body),
        ("POST", ["subscribers", "update_reward_status"]) => update_reward_status(st, li, body),
        ("GET", ["subscribers", id]) => match st.lists[li].find(id) {
            Some(i) => {
                let v = st.lists[li].sub_json(i);
                ok(st, v)
            }
            None => not_found_sub(),
        },
        ("POST", ["subscribers", id]) => match st.lists[li].find(id) {
            Some(i) => update_subscriber(st, li, i, body),
            None => not_found_sub(),
        },
        ("DELETE", ["subscribers", id]) => match st.lists[li].find(id) {
            Some(i) => {
                st.lists[li].subs[i].deleted = true;
                st.lists[li].deleted += 1;
                ok(st, json!({ "response": "subscriber_deleted" }))
            }
            None => not_found_sub(),
        },
        (m, ["subscribers", id, action]) => {
            let Some(i) = st.lists[li].find(id) else {
                return not_found_sub();
            };
            subscriber_action(st, li, i, m, action, req, body)
        }
        _ => unsupported(req),
    }
}

fn subscriber_action(
    st: &mut State,
    li: usize,
    i: usize,
    method: &str,
    action: &str,
    req: &SandboxRequest,
    body: &Map<String, Value>,
) -> Reply {
    let level = |name: &str| -> Option<(u8, bool)> {
        Some(match name {
            "referred" => (1, false),
            "level_1_referrals" => (1, true),
            "level_2_referrals" => (2, true),
            "level_3_referrals" => (3, true),
            "level_2_all_referrals" => (2, false),
            "level_3_all_referrals" => (3, false),
            _ => return None,
        })
    };
    match (method, action) {
        ("GET", "rewards") => list_rewards(st, li, req, Some(i)),
        ("GET", a) if level(a).is_some() => {
            let (lvl, confirmed) = level(a).unwrap_or((1, false));
            let mut idx = st.lists[li].referrals(i, lvl, confirmed);
            sort_subs(&st.lists[li], &mut idx, req.query("sort_by"));
            let (range, pagination) = page_of(idx.len(), page(req), 50);
            let l = &st.lists[li];
            let items: Vec<Value> = idx[range].iter().map(|j| l.sub_json(*j)).collect();
            ok(
                st,
                json!({ "response": "referrals_retrieved", "subscribers": items, "pagination": pagination }),
            )
        }
        ("POST", "confirm") => confirm(st, li, i),
        ("POST", "promote") => {
            if st.lists[li].subs[i].promoted_at.is_some() {
                return error(
                    400,
                    "subscriber_already_promoted",
                    "The subscriber is already promoted.",
                );
            }
            let now = st.tick();
            let s = &mut st.lists[li].subs[i];
            s.promoted_at = Some(now);
            s.last_updated_at = now;
            let mut v = st.lists[li].sub_json(i);
            v["response"] = json!("subscriber_promoted");
            ok(st, v)
        }
        ("POST", "unlock_promoted_reward") => {
            if st.lists[li].subs[i].promoted_at.is_none() {
                return error(
                    400,
                    "subscriber_not_promoted",
                    "The subscriber is not promoted.",
                );
            }
            let Some(rid) = text(body.get("reward_id")) else {
                return error(400, "no_reward_id", "The reward_id parameter is missing.");
            };
            let l = &st.lists[li];
            let Some(b) = l.bonuses.iter().position(|b| b.id.to_string() == rid) else {
                return error(404, "reward_not_found", "The reward does not exist.");
            };
            let id = st.next_reward;
            st.next_reward += 1;
            let now = st.tick();
            st.lists[li].rewards.push(super::data::RewardRec {
                id,
                bonus: b,
                sub: i,
                status: "unlocked".into(),
                coupon_code: None,
                created_at: now,
                sent_date: None,
            });
            ok(
                st,
                json!({ "response": "reward_unlocked", "reward_id": id }),
            )
        }
        ("POST", "qualify" | "unqualify") => {
            let now = st.tick();
            let s = &mut st.lists[li].subs[i];
            if action == "qualify" {
                s.referral_status = "confirmed";
                s.verified_at.get_or_insert(now);
            } else {
                s.referral_status = "unconfirmed";
            }
            s.last_updated_at = now;
            if let Some(r) = st.lists[li].subs[i].referrer {
                st.sync_rewards(li, r);
            }
            let response = if action == "qualify" {
                "referral_qualified"
            } else {
                "referral_unqualified"
            };
            ok(st, json!({ "response": response }))
        }
        _ => unsupported(req),
    }
}

fn page(req: &SandboxRequest) -> usize {
    req.query("page")
        .and_then(|p| p.trim().parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// The slice of page `page` and the `pagination` object.
fn page_of(total: usize, page: usize, per_page: usize) -> (Range<usize>, Value) {
    let total_pages = total.div_ceil(per_page).max(1);
    let start = (page - 1).saturating_mul(per_page).min(total);
    let end = (start + per_page).min(total);
    (
        start..end,
        json!({
            "total_pages": total_pages,
            "current_page": page,
            "per_page": per_page,
            "total_objects": total,
        }),
    )
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The one identifier of a body, and the subscriber it names.
fn identify(l: &ListRec, body: &Map<String, Value>) -> Result<usize, Reply> {
    let (field, value) = identifier(body)?;
    l.find_by(field, &value).ok_or_else(not_found_sub)
}

fn identifier(body: &Map<String, Value>) -> Result<(&'static str, String), Reply> {
    let found: Vec<(&'static str, String)> = IDENTIFIERS
        .iter()
        .filter_map(|f| text(body.get(*f)).map(|v| (*f, v)))
        .collect();
    match found.as_slice() {
        [] => Err(error(
            400,
            "no_email_address",
            "The email (or another identifier) is missing.",
        )),
        [(f, v)] => {
            if *f == "email" && !v.contains('@') {
                return Err(error(
                    400,
                    "invalid_email_address",
                    "The email address is not valid.",
                ));
            }
            Ok((f, v.clone()))
        }
        _ => Err(error(
            400,
            "too_many_identifiers",
            "Send exactly one identifier.",
        )),
    }
}

fn sort_subs(l: &ListRec, idx: &mut [usize], sort: Option<&str>) {
    let Some(sort) = sort else { return };
    let key_str =
        |i: &usize, f: fn(&Sub) -> Option<&String>| f(&l.subs[*i]).cloned().unwrap_or_default();
    match sort {
        "registration_asc" | "position_asc" => idx.sort_by_key(|i| (l.subs[*i].created_at, *i)),
        "registration_desc" | "position_desc" => idx.sort_by_key(|i| {
            (
                std::cmp::Reverse(l.subs[*i].created_at),
                std::cmp::Reverse(*i),
            )
        }),
        "email_asc" => idx.sort_by_key(|i| (key_str(i, |s| s.email.as_ref()), *i)),
        "email_desc" => {
            idx.sort_by_key(|i| std::cmp::Reverse((key_str(i, |s| s.email.as_ref()), *i)))
        }
        "name_asc" => idx.sort_by_key(|i| (key_str(i, |s| s.name.as_ref()), *i)),
        "name_desc" => {
            idx.sort_by_key(|i| std::cmp::Reverse((key_str(i, |s| s.name.as_ref()), *i)))
        }
        "people_referred_asc" => idx.sort_by_key(|i| (l.counts(*i).0, *i)),
        "people_referred_desc" => {
            idx.sort_by_key(|i| std::cmp::Reverse((l.counts(*i).0, std::cmp::Reverse(*i))))
        }
        "points_asc" => idx.sort_by_key(|i| (l.subs[*i].points, *i)),
        "points_desc" => {
            idx.sort_by_key(|i| std::cmp::Reverse((l.subs[*i].points, std::cmp::Reverse(*i))))
        }
        _ => {}
    }
}

fn list_lists(st: &State, req: &SandboxRequest) -> Reply {
    let (range, pagination) = page_of(st.lists.len(), page(req), 10);
    let lists: Vec<Value> = st.lists[range].iter().map(ListRec::list_json).collect();
    ok(
        st,
        json!({ "response": "lists_retrieved", "lists": lists, "pagination": pagination }),
    )
}

fn create_list(st: &mut State, body: &Map<String, Value>) -> Reply {
    let Some(name) = text(body.get("name")) else {
        return error(400, "no_name", "The name parameter is missing.");
    };
    let uuid = format!("MF{:010x}", st.rng.next() & 0xFF_FFFF_FFFF);
    let now = st.tick();
    let list = ListRec {
        uuid,
        name,
        list_type: "waitlist",
        created_at: now,
        subs: Vec::new(),
        by_id: Default::default(),
        by_code: Default::default(),
        deleted: 0,
        bonuses: Vec::new(),
        rewards: Vec::new(),
        groups: Vec::new(),
    };
    let v = list.list_json();
    st.lists.push(list);
    ok(st, v)
}

fn leaderboard(st: &State, li: usize, req: &SandboxRequest) -> Reply {
    let l = &st.lists[li];
    if l.list_type == "sweepstake" {
        return error(
            400,
            "wrong_list_type",
            "Leaderboards are not available for sweepstakes.",
        );
    }
    let count = req
        .query("count")
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(10)
        .clamp(10, 100);
    let mut idx: Vec<usize> = (0..l.subs.len()).filter(|i| !l.subs[*i].deleted).collect();
    sort_subs(l, &mut idx, Some("people_referred_desc"));
    let ranking: Vec<Value> = idx.iter().take(count).map(|i| l.sub_json(*i)).collect();
    ok(st, json!({ "ranking": ranking, "count": count }))
}

fn list_subscribers(st: &State, li: usize, req: &SandboxRequest) -> Reply {
    let l = &st.lists[li];
    let filters: Vec<(&str, &str)> = [
        "extra_field",
        "extra_field_2",
        "option_field",
        "stripe_customer_id",
    ]
    .iter()
    .filter_map(|f| req.query(f).map(|v| (*f, v)))
    .collect();
    let sort = req.query("sort_by");
    let p = page(req);
    if filters.is_empty() && sort.is_none() && l.deleted == 0 {
        // Fast path: registration order, no scan.
        let (range, pagination) = page_of(l.subs.len(), p, 50);
        let items: Vec<Value> = range.map(|i| l.sub_json(i)).collect();
        return ok(
            st,
            json!({ "response": "subscribers_retrieved", "subscribers": items, "pagination": pagination }),
        );
    }
    let mut idx: Vec<usize> = (0..l.subs.len())
        .filter(|i| {
            let s = &l.subs[*i];
            !s.deleted
                && filters.iter().all(|(f, v)| {
                    let got = match *f {
                        "extra_field" => s.extra_field.as_deref(),
                        "extra_field_2" => s.extra_field_2.as_deref(),
                        "option_field" => s.option_field.as_deref(),
                        _ => s.stripe_customer_id.as_deref(),
                    };
                    got == Some(*v)
                })
        })
        .collect();
    sort_subs(l, &mut idx, sort);
    let (range, pagination) = page_of(idx.len(), p, 50);
    let items: Vec<Value> = idx[range].iter().map(|i| l.sub_json(*i)).collect();
    ok(
        st,
        json!({ "response": "subscribers_retrieved", "subscribers": items, "pagination": pagination }),
    )
}

fn search(st: &State, req: &SandboxRequest) -> Reply {
    let Some(name) = req.query("name").map(str::trim).filter(|n| !n.is_empty()) else {
        return error(400, "no_name", "The name parameter is missing.");
    };
    let needle = name.to_lowercase();
    let hits: Vec<(usize, usize)> = st
        .lists
        .iter()
        .enumerate()
        .flat_map(|(li, l)| {
            l.subs.iter().enumerate().filter_map({
                let needle = needle.clone();
                move |(i, s)| {
                    (!s.deleted
                        && s.name
                            .as_deref()
                            .is_some_and(|n| n.to_lowercase().contains(&needle)))
                    .then_some((li, i))
                }
            })
        })
        .collect();
    let (range, pagination) = page_of(hits.len(), page(req), 50);
    let items: Vec<Value> = hits[range]
        .iter()
        .map(|(li, i)| st.lists[*li].sub_json(*i))
        .collect();
    ok(
        st,
        json!({ "response": "subscribers_retrieved", "subscribers": items, "pagination": pagination }),
    )
}

fn create_subscriber(st: &mut State, li: usize, body: &Map<String, Value>) -> Reply {
    let (field, value) = match identifier(body) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Some(i) = st.lists[li].find_by(field, &value) {
        let mut v = st.lists[li].sub_json(i);
        v["response"] = json!("subscriber_retrieved");
        return ok(st, v);
    }
    let referrer = match text(body.get("referrer")) {
        Some(r) => match st.lists[li].find_referrer(&r) {
            Some(i) => Some(i),
            None => return error(404, "referrer_not_found", "The referrer does not exist."),
        },
        None => None,
    };
    let now = st.tick();
    let id = format!("sub_{:012x}", st.rng.next() & 0xFFFF_FFFF_FFFF);
    let code = format!("{:08x}", st.rng.next() & 0xFFFF_FFFF);
    let set = |f: &str| {
        if f == field {
            Some(value.clone())
        } else {
            None
        }
    };
    let status = if referrer.is_some() {
        "pending"
    } else {
        "confirmed"
    };
    let sub = Sub {
        id,
        name: text(body.get("name")),
        email: set("email"),
        phone_number: set("phone_number"),
        crypto_wallet_address: set("crypto_wallet_address"),
        other_identifier_value: set("other_identifier_value"),
        code,
        referrer,
        children: Vec::new(),
        referral_status: status,
        verified_at: (status == "confirmed").then_some(now),
        promoted_at: None,
        points: num(body.get("points")).unwrap_or(0.0) as i64,
        conversion_amount: num(body.get("conversion_value")).unwrap_or(0.0),
        created_at: now,
        last_updated_at: now,
        source: text(body.get("source")),
        device: text(body.get("device")),
        extra_field: text(body.get("extra_field")),
        extra_field_2: text(body.get("extra_field_2")),
        option_field: None,
        stripe_customer_id: text(body.get("stripe_customer_id")),
        tags: tags(body.get("tags")),
        address: None,
        city: None,
        country: None,
        deleted: false,
    };
    let i = st.lists[li].insert(sub);
    let mut v = st.lists[li].sub_json(i);
    v["response"] = json!("subscriber_created");
    ok(st, v)
}

fn tags(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|t| text(Some(t))).collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn confirm(st: &mut State, li: usize, i: usize) -> Reply {
    let now = st.tick();
    let s = &mut st.lists[li].subs[i];
    s.referral_status = "confirmed";
    s.verified_at.get_or_insert(now);
    s.last_updated_at = now;
    if let Some(r) = st.lists[li].subs[i].referrer {
        st.sync_rewards(li, r);
    }
    let mut v = st.lists[li].sub_json(i);
    v["response"] = json!("subscriber_confirmed");
    ok(st, v)
}

fn track(st: &mut State, li: usize, body: &Map<String, Value>) -> Reply {
    let (field, value) = match identifier(body) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let i = match st.lists[li].find_by(field, &value) {
        Some(i) => i,
        None => {
            // A conversion of someone new creates the referral first.
            let resp = create_subscriber(st, li, body);
            if resp.status != 200 {
                return resp;
            }
            match st.lists[li].find_by(field, &value) {
                Some(i) => i,
                None => return not_found_sub(),
            }
        }
    };
    let value = num(body.get("conversion_value")).unwrap_or(0.0);
    st.lists[li].subs[i].conversion_amount += value;
    let mut resp_v = match confirm(st, li, i) {
        r if r.status == 200 => st.lists[li].sub_json(i),
        r => return r,
    };
    resp_v["response"] = json!("conversion_event_tracked");
    ok(st, resp_v)
}

fn transaction(st: &mut State, li: usize, body: &Map<String, Value>) -> Result<usize, Reply> {
    let i = identify(&st.lists[li], body)?;
    let Some(amount) = num(body.get("amount")) else {
        return Err(error(400, "no_amount", "The amount parameter is missing."));
    };
    let now = st.tick();
    let s = &mut st.lists[li].subs[i];
    s.conversion_amount += amount;
    s.last_updated_at = now;
    Ok(i)
}

fn bulk(st: &mut State, li: usize, body: &Map<String, Value>) -> Reply {
    let Some(Value::Array(items)) = body.get("transactions") else {
        return error(
            400,
            "no_transactions",
            "The transactions parameter is missing.",
        );
    };
    if items.len() > 500 {
        return error(
            400,
            "too_many_transactions",
            "At most 500 transactions per call.",
        );
    }
    let mut applied = 0;
    for t in items {
        if let Value::Object(m) = t
            && transaction(st, li, m).is_ok()
        {
            applied += 1;
        }
    }
    ok(
        st,
        json!({ "response": "bulk_transactions_queued", "received": items.len(), "processed": applied }),
    )
}

fn update_subscriber(st: &mut State, li: usize, i: usize, body: &Map<String, Value>) -> Reply {
    let now = st.tick();
    let l = &mut st.lists[li];
    let s = &mut l.subs[i];
    let set = |slot: &mut Option<String>, key: &str| {
        if let Some(v) = text(body.get(key)) {
            *slot = Some(v);
        }
    };
    set(&mut s.name, "name");
    set(&mut s.email, "email");
    set(&mut s.phone_number, "phone_number");
    set(&mut s.crypto_wallet_address, "crypto_wallet_address");
    set(&mut s.other_identifier_value, "other_identifier_value");
    set(&mut s.extra_field, "extra_field");
    set(&mut s.extra_field_2, "extra_field_2");
    set(&mut s.stripe_customer_id, "stripe_customer_id");
    set(&mut s.address, "address");
    set(&mut s.city, "city");
    set(&mut s.country, "country");
    if let Some(p) = num(body.get("points")) {
        s.points = p as i64;
    }
    if body.contains_key("tags") {
        s.tags = tags(body.get("tags"));
    }
    if let Some(rs) = text(body.get("referral_status")) {
        s.referral_status = match rs.as_str() {
            "confirmed" => "confirmed",
            "pending" => "pending",
            _ => "unconfirmed",
        };
    }
    s.last_updated_at = now;
    let mut v = l.sub_json(i);
    v["response"] = json!("subscriber_updated");
    ok(st, v)
}

fn update_reward_status(st: &mut State, li: usize, body: &Map<String, Value>) -> Reply {
    let Some(rid) = text(body.get("reward_id")) else {
        return error(400, "no_reward_id", "The reward_id parameter is missing.");
    };
    let status = text(body.get("status")).unwrap_or_default();
    if !["sent", "resent", "canceled"].contains(&status.as_str()) {
        return error(
            400,
            "invalid_status",
            "The status must be sent, resent or canceled.",
        );
    }
    let now = st.tick();
    let Some(r) = st.lists[li]
        .rewards
        .iter_mut()
        .find(|r| r.id.to_string() == rid)
    else {
        return error(404, "reward_not_found", "The reward does not exist.");
    };
    r.status = status;
    if r.status != "canceled" {
        r.sent_date = Some(now);
    }
    ok(st, json!({ "response": "reward_status_updated" }))
}

fn list_rewards(st: &State, li: usize, req: &SandboxRequest, of: Option<usize>) -> Reply {
    let l = &st.lists[li];
    let status = req.query("status");
    let picked: Vec<&super::data::RewardRec> = l
        .rewards
        .iter()
        .filter(|r| of.is_none_or(|s| r.sub == s) && !l.subs[r.sub].deleted)
        .filter(|r| status.is_none_or(|s| r.status == s))
        .collect();
    if of.is_some() {
        // The documented shape of a subscriber's rewards has no pagination.
        let items: Vec<Value> = picked.iter().map(|r| l.reward_json(r)).collect();
        return ok(
            st,
            json!({ "response": "rewards_retrieved", "rewards": items }),
        );
    }
    let per_page = req
        .query("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(25)
        .clamp(1, 250);
    let (range, pagination) = page_of(picked.len(), page(req), per_page);
    let items: Vec<Value> = picked[range].iter().map(|r| l.reward_json(r)).collect();
    ok(
        st,
        json!({ "response": "rewards_retrieved", "rewards": items, "pagination": pagination }),
    )
}

fn create_group(st: &mut State, li: usize, body: &Map<String, Value>) -> Reply {
    let Some(name) = text(body.get("name")) else {
        return error(400, "no_name", "The name parameter is missing.");
    };
    let coupons = tags(body.get("coupons"));
    let id = st.next_group;
    st.next_group += 1;
    let now = st.tick();
    let g = super::data::GroupRec {
        id,
        name,
        active: body.get("active").and_then(Value::as_bool).unwrap_or(true),
        created_at: now,
        coupons: coupons.into_iter().map(|c| (c, None, None)).collect(),
    };
    let v = ListRec::group_json(&g, true);
    st.lists[li].groups.push(g);
    ok(st, v)
}

fn add_coupons(st: &mut State, li: usize, body: &Map<String, Value>) -> Reply {
    let Some(gid) = text(body.get("coupon_group_id")) else {
        return error(
            400,
            "no_coupon_group_id",
            "The coupon_group_id parameter is missing.",
        );
    };
    let codes = tags(body.get("coupons"));
    let Some(g) = st.lists[li]
        .groups
        .iter_mut()
        .find(|g| g.id.to_string() == gid)
    else {
        return error(
            404,
            "coupon_group_not_found",
            "The coupon group does not exist.",
        );
    };
    let added = codes.len();
    g.coupons.extend(codes.into_iter().map(|c| (c, None, None)));
    ok(st, json!({ "response": "coupons_added", "added": added }))
}
