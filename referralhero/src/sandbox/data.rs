//! The sandbox's seeded, deterministic data and its JSON shapes.

use std::collections::HashMap;

use serde_json::{Value, json};

/// The first `created_at` of the seeded data (2023-11-14, Unix seconds).
const EPOCH: i64 = 1_700_000_000;

/// A small deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `pct` percent.
    pub(crate) fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Margaret",
    "Linus",
    "Radia",
    "Ken",
    "Frances",
    "John",
    "Hedy",
    "Dennis",
    "Katherine",
    "Tim",
    "Sophie",
    "Niklaus",
    "Annie",
    "Bjarne",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Hamilton",
    "Torvalds",
    "Perlman",
    "Thompson",
    "Allen",
    "McCarthy",
    "Lamarr",
    "Ritchie",
    "Johnson",
    "Berners-Lee",
    "Wilson",
    "Wirth",
    "Easley",
    "Stroustrup",
];

/// A subscriber as the sandbox stores it.
#[derive(Debug, Clone)]
pub(crate) struct Sub {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub crypto_wallet_address: Option<String>,
    pub other_identifier_value: Option<String>,
    pub code: String,
    pub referrer: Option<usize>,
    pub children: Vec<usize>,
    pub referral_status: &'static str,
    pub verified_at: Option<i64>,
    pub promoted_at: Option<i64>,
    pub points: i64,
    pub conversion_amount: f64,
    pub created_at: i64,
    pub last_updated_at: i64,
    pub source: Option<String>,
    pub device: Option<String>,
    pub extra_field: Option<String>,
    pub extra_field_2: Option<String>,
    pub option_field: Option<String>,
    pub stripe_customer_id: Option<String>,
    pub tags: Vec<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub deleted: bool,
}

impl Sub {
    pub(crate) fn confirmed(&self) -> bool {
        self.referral_status == "confirmed"
    }

    /// Whether `field = value` identifies this subscriber.
    pub(crate) fn matches(&self, field: &str, value: &str) -> bool {
        let v = Some(value);
        match field {
            "email" => {
                self.email
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                    == Some(&value.to_ascii_lowercase())
            }
            "phone_number" => self.phone_number.as_deref() == v,
            "crypto_wallet_address" => self.crypto_wallet_address.as_deref() == v,
            "other_identifier_value" => self.other_identifier_value.as_deref() == v,
            _ => false,
        }
    }
}

/// An issued reward.
#[derive(Debug, Clone)]
pub(crate) struct RewardRec {
    pub id: u64,
    pub bonus: usize,
    pub sub: usize,
    pub status: String,
    pub coupon_code: Option<String>,
    pub created_at: i64,
    pub sent_date: Option<i64>,
}

/// A coupon group.
#[derive(Debug, Clone)]
pub(crate) struct GroupRec {
    pub id: u64,
    pub name: String,
    pub active: bool,
    pub created_at: i64,
    /// (code, sent to email, sent at).
    pub coupons: Vec<(String, Option<String>, Option<i64>)>,
}

/// A bonus (reward definition).
#[derive(Debug, Clone)]
pub(crate) struct BonusRec {
    pub id: u64,
    pub title: &'static str,
    pub referrals: u64,
    pub value: f64,
    pub manual: bool,
}

/// One list and everything in it.
#[derive(Debug, Clone)]
pub(crate) struct ListRec {
    pub uuid: String,
    pub name: String,
    pub list_type: &'static str,
    pub created_at: i64,
    pub subs: Vec<Sub>,
    pub by_id: HashMap<String, usize>,
    pub by_code: HashMap<String, usize>,
    pub deleted: usize,
    pub bonuses: Vec<BonusRec>,
    pub rewards: Vec<RewardRec>,
    pub groups: Vec<GroupRec>,
}

/// The whole simulated account.
#[derive(Debug)]
pub(crate) struct State {
    pub lists: Vec<ListRec>,
    pub calls_left: u64,
    pub rng: Rng,
    pub clock: i64,
    pub next_reward: u64,
    pub next_group: u64,
}

fn hex12(rng: &mut Rng) -> String {
    format!("{:012x}", rng.next() & 0xFFFF_FFFF_FFFF)
}

impl State {
    pub(crate) fn seed(lists: &[(String, usize)], seed: u64, calls_left: u64) -> Self {
        let mut st = State {
            lists: Vec::new(),
            calls_left,
            rng: Rng::new(seed),
            clock: EPOCH,
            next_reward: 1,
            next_group: 1,
        };
        let types = ["waitlist", "sweepstake", "leadmagnet"];
        for (i, (name, count)) in lists.iter().enumerate() {
            let uuid = format!("MF{}", &hex12(&mut st.rng)[..10]);
            let mut list = ListRec {
                uuid,
                name: name.clone(),
                list_type: types[i % types.len()],
                created_at: EPOCH - 86_400 * (30 - i as i64),
                subs: Vec::with_capacity(*count),
                by_id: HashMap::with_capacity(*count),
                by_code: HashMap::with_capacity(*count),
                deleted: 0,
                bonuses: default_bonuses(),
                rewards: Vec::new(),
                groups: Vec::new(),
            };
            let gid = st.next_group;
            st.next_group += 1;
            list.groups.push(GroupRec {
                id: gid,
                name: "Launch codes".into(),
                active: true,
                created_at: list.created_at,
                coupons: (1..=40)
                    .map(|n| (format!("LAUNCH-{:03}-{n:03}", i + 1), None, None))
                    .collect(),
            });
            for n in 0..*count {
                let referrer = if n > 0 && st.rng.chance(65) {
                    // Favour earlier subscribers so trees grow deep.
                    let a = st.rng.below(n as u64);
                    let b = st.rng.below(n as u64);
                    Some(a.min(b) as usize)
                } else {
                    None
                };
                let status = if referrer.is_none() {
                    "confirmed"
                } else {
                    match st.rng.below(100) {
                        0..=79 => "confirmed",
                        80..=94 => "pending",
                        _ => "unconfirmed",
                    }
                };
                let first = FIRST[st.rng.below(FIRST.len() as u64) as usize];
                let last = LAST[st.rng.below(LAST.len() as u64) as usize];
                let created = list.created_at + 600 * n as i64 + st.rng.below(600) as i64;
                let sub = Sub {
                    id: format!("sub_{}", hex12(&mut st.rng)),
                    name: Some(format!("{first} {last}")),
                    email: Some(format!(
                        "{}.{}{}@example.com",
                        first.to_ascii_lowercase(),
                        last.to_ascii_lowercase(),
                        n
                    )),
                    phone_number: st
                        .rng
                        .chance(30)
                        .then(|| format!("+1555{:07}", st.rng.below(10_000_000))),
                    crypto_wallet_address: None,
                    other_identifier_value: None,
                    code: hex12(&mut st.rng)[..8].to_owned(),
                    referrer,
                    children: Vec::new(),
                    referral_status: status,
                    verified_at: (status == "confirmed").then_some(created + 120),
                    promoted_at: None,
                    points: st.rng.below(50) as i64,
                    conversion_amount: 0.0,
                    created_at: created,
                    last_updated_at: created + 120,
                    source: Some(
                        ["twitter", "facebook", "email", "direct"][st.rng.below(4) as usize].into(),
                    ),
                    device: Some(["desktop", "mobile"][st.rng.below(2) as usize].into()),
                    extra_field: st.rng.chance(20).then(|| "beta".to_owned()),
                    extra_field_2: None,
                    option_field: Some(["basic", "pro"][st.rng.below(2) as usize].into()),
                    stripe_customer_id: st
                        .rng
                        .chance(10)
                        .then(|| format!("cus_{}", hex12(&mut st.rng))),
                    tags: Vec::new(),
                    address: None,
                    city: None,
                    country: None,
                    deleted: false,
                };
                list.insert(sub);
            }
            for idx in 0..list.subs.len() {
                let people = list.counts(idx).0;
                list.subs[idx].points += people as i64 * 10;
            }
            st.clock = st.clock.max(list.created_at + 600 * *count as i64 + 600);
            st.lists.push(list);
        }
        for li in 0..st.lists.len() {
            for idx in 0..st.lists[li].subs.len() {
                st.sync_rewards(li, idx);
            }
        }
        st
    }

    /// The next simulated instant (strictly increasing, deterministic).
    pub(crate) fn tick(&mut self) -> i64 {
        self.clock += 60;
        self.clock
    }

    pub(crate) fn list_index(&self, uuid: &str) -> Option<usize> {
        self.lists.iter().position(|l| l.uuid == uuid)
    }

    /// Issues the rewards whose threshold subscriber `idx` has reached.
    pub(crate) fn sync_rewards(&mut self, li: usize, idx: usize) {
        let confirmed = self.lists[li].counts(idx).0;
        let now = self.clock;
        for b in 0..self.lists[li].bonuses.len() {
            let bonus = &self.lists[li].bonuses[b];
            if bonus.manual || confirmed < bonus.referrals {
                continue;
            }
            if self.lists[li]
                .rewards
                .iter()
                .any(|r| r.sub == idx && r.bonus == b)
            {
                continue;
            }
            let id = self.next_reward;
            self.next_reward += 1;
            let list = &mut self.lists[li];
            let coupon_code = if b == 1 {
                let email = list.subs[idx].email.clone();
                list.groups
                    .iter_mut()
                    .filter(|g| g.active)
                    .flat_map(|g| g.coupons.iter_mut())
                    .find(|c| c.1.is_none())
                    .map(|c| {
                        c.1 = Some(email.unwrap_or_default());
                        c.2 = Some(now);
                        c.0.clone()
                    })
            } else {
                None
            };
            let sent = id.is_multiple_of(3);
            list.rewards.push(RewardRec {
                id,
                bonus: b,
                sub: idx,
                status: if sent {
                    "sent".into()
                } else {
                    "unlocked".into()
                },
                coupon_code,
                created_at: list.subs[idx]
                    .last_updated_at
                    .max(list.subs[idx].created_at),
                sent_date: sent.then_some(now),
            });
        }
    }
}

fn default_bonuses() -> Vec<BonusRec> {
    vec![
        BonusRec {
            id: 1,
            title: "Early access",
            referrals: 1,
            value: 0.0,
            manual: false,
        },
        BonusRec {
            id: 2,
            title: "20% off coupon",
            referrals: 3,
            value: 20.0,
            manual: false,
        },
        BonusRec {
            id: 3,
            title: "Lifetime plan",
            referrals: 10,
            value: 299.0,
            manual: false,
        },
        BonusRec {
            id: 4,
            title: "Winner prize",
            referrals: 0,
            value: 500.0,
            manual: true,
        },
    ]
}

impl ListRec {
    pub(crate) fn insert(&mut self, sub: Sub) -> usize {
        let idx = self.subs.len();
        if let Some(r) = sub.referrer {
            self.subs[r].children.push(idx);
        }
        self.by_id.insert(sub.id.clone(), idx);
        self.by_code.insert(sub.code.clone(), idx);
        self.subs.push(sub);
        idx
    }

    pub(crate) fn alive(&self) -> usize {
        self.subs.len() - self.deleted
    }

    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.by_id
            .get(id)
            .copied()
            .filter(|i| !self.subs[*i].deleted)
    }

    pub(crate) fn find_by(&self, field: &str, value: &str) -> Option<usize> {
        self.subs
            .iter()
            .position(|s| !s.deleted && s.matches(field, value))
    }

    /// A referrer named by referral code or email.
    pub(crate) fn find_referrer(&self, code_or_email: &str) -> Option<usize> {
        self.by_code
            .get(code_or_email)
            .copied()
            .filter(|i| !self.subs[*i].deleted)
            .or_else(|| self.find_by("email", code_or_email))
    }

    fn live_children(&self, idx: usize) -> impl Iterator<Item = usize> + '_ {
        self.subs[idx]
            .children
            .iter()
            .copied()
            .filter(|c| !self.subs[*c].deleted)
    }

    /// The referrals of `idx` at `level` (1 to 3); `confirmed_only` keeps
    /// confirmed ones (and walks only confirmed links).
    pub(crate) fn referrals(&self, idx: usize, level: u8, confirmed_only: bool) -> Vec<usize> {
        let mut frontier = vec![idx];
        for _ in 0..level {
            let mut next = Vec::new();
            for f in &frontier {
                next.extend(
                    self.live_children(*f)
                        .filter(|c| !confirmed_only || self.subs[*c].confirmed()),
                );
            }
            frontier = next;
        }
        frontier
    }

    /// Confirmed level-1 referrals.
    fn confirmed_children(&self, idx: usize) -> usize {
        self.live_children(idx)
            .filter(|c| self.subs[*c].confirmed())
            .count()
    }

    /// (confirmed level 1, pending, unconfirmed, level 2 confirmed, level 3 confirmed).
    pub(crate) fn counts(&self, idx: usize) -> (u64, u64, u64, u64, u64) {
        let mut c = (0, 0, 0, 0, 0);
        for ch in self.live_children(idx) {
            match self.subs[ch].referral_status {
                "confirmed" => c.0 += 1,
                "pending" => c.1 += 1,
                _ => c.2 += 1,
            }
        }
        if c.0 > 0 {
            c.3 = self.referrals(idx, 2, true).len() as u64;
            if c.3 > 0 {
                c.4 = self.referrals(idx, 3, true).len() as u64;
            }
        }
        c
    }

    /// The waitlist position: 1-based rank by registration among live subscribers.
    fn position(&self, idx: usize) -> usize {
        if self.deleted == 0 {
            return idx + 1;
        }
        self.subs[..idx].iter().filter(|s| !s.deleted).count() + 1
    }

    pub(crate) fn sub_json(&self, idx: usize) -> Value {
        let s = &self.subs[idx];
        let (people, pending, unconfirmed, l2, l3) = self.counts(idx);
        let referred_by = match s.referrer {
            Some(r) => {
                let p = &self.subs[r];
                json!({
                    "id": p.id, "name": p.name, "email": p.email, "phone_number": p.phone_number,
                    "code": p.code, "people_referred": self.confirmed_children(r), "points": p.points,
                })
            }
            None => json!({}),
        };
        json!({
            "id": s.id,
            "name": s.name,
            "email": s.email,
            "phone_number": s.phone_number,
            "crypto_wallet_address": s.crypto_wallet_address,
            "crypto_wallet_provider": null,
            "other_identifier_value": s.other_identifier_value,
            "extra_field": s.extra_field.clone().unwrap_or_default(),
            "extra_field_2": s.extra_field_2.clone().unwrap_or_default(),
            "option_field": s.option_field,
            "conversion_amount": s.conversion_amount,
            "code": s.code,
            "position": self.position(idx),
            "referred": s.referrer.is_some(),
            "referred_by": referred_by,
            "pending_referrals": pending,
            "unconfirmed_referrals": unconfirmed,
            "people_referred": people,
            "level_2_confirmed_referrals": l2,
            "level_3_confirmed_referrals": l3,
            "promoted": s.promoted_at.is_some(),
            "promoted_at": s.promoted_at,
            "verified": s.verified_at.is_some(),
            "verified_at": s.verified_at,
            "points": s.points,
            "risk_level": 0,
            "host": "example.com",
            "source": s.source,
            "device": s.device,
            "referral_link": format!("https://example.com/?mwr={}", s.code),
            "universal_link": null,
            "status": if s.verified_at.is_some() { "active" } else { "unverified" },
            "referral_status": s.referral_status,
            "stripe_customer_id": s.stripe_customer_id,
            "tags": s.tags,
            "visitors": people * 3 + pending,
            "created_at": s.created_at,
            "last_updated_at": s.last_updated_at,
        })
    }

    pub(crate) fn list_json(&self) -> Value {
        json!({
            "uuid": self.uuid,
            "name": self.name,
            "subscribers": self.alive(),
            "created_at": self.created_at,
            "type": self.list_type,
        })
    }

    pub(crate) fn bonus_json(&self, b: &BonusRec) -> Value {
        json!({
            "id": b.id,
            "title": b.title,
            "description": format!("Unlocked at {} confirmed referrals", b.referrals),
            "referrals": b.referrals,
            "category": if b.manual { "manual" } else { "referrals" },
            "points": null,
            "signup_type": "confirmed",
        })
    }

    pub(crate) fn reward_json(&self, r: &RewardRec) -> Value {
        let b = &self.bonuses[r.bonus];
        let s = &self.subs[r.sub];
        json!({
            "id": r.id,
            "name": b.title,
            "status": r.status,
            "image_url": null,
            "value": b.value,
            "referrals": b.referrals,
            "referrals_type": "confirmed",
            "recurring_count": 0,
            "signup_type": "confirmed",
            "coupon_code": r.coupon_code,
            "coupon_group": r.coupon_code.as_ref().map(|_| "Launch codes"),
            "subscriber_id": s.id,
            "subscriber_email": s.email,
            "created_at": r.created_at,
            "unlocked_date": r.created_at,
            "sent_date": r.sent_date,
        })
    }

    pub(crate) fn group_json(g: &GroupRec, with_coupons: bool) -> Value {
        let mut v = json!({
            "id": g.id,
            "name": g.name,
            "active": g.active,
            "created_at": g.created_at,
        });
        if with_coupons {
            v["coupons"] = Value::Array(g.coupons.iter().map(|c| coupon_json(g, c)).collect());
        }
        v
    }
}

pub(crate) fn coupon_json(g: &GroupRec, c: &(String, Option<String>, Option<i64>)) -> Value {
    json!({
        "code": c.0,
        "available": c.1.is_none(),
        "created_at": g.created_at,
        "email_id": c.1,
        "sent_at": c.2,
    })
}
