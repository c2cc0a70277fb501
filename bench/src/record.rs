//! The records the benchmark drains, their list envelopes, and a tally.
//!
//! [`Partnership`] is shaped like a real affiliate-API record (about 400
//! bytes of JSON: ids, timestamps, names, a nested group, tags, money). The
//! test server renders it with [`Partnership::generate`], and both the
//! engine and the hand-written loop decode it into the same typed struct, so
//! they do the same decoding work.

use affiliate_common::{PageBody, PageParts};
use serde::{Deserialize, Serialize};

/// A partnership-like record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Partnership {
    /// The cursor key, e.g. `part_00001234Kq`.
    pub key: String,
    /// Creation time, Unix epoch milliseconds.
    pub created_at: u64,
    /// Last update, Unix epoch milliseconds.
    pub updated_at: u64,
    /// The partner's e-mail address.
    pub email: String,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Lifecycle status (`active`, `pending`, `archived`).
    pub status: String,
    /// Whether the partner was approved.
    pub approved: bool,
    /// The partner group.
    pub group: Option<Group>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// Customers the partner referred.
    pub customer_count: u64,
    /// Lifetime earnings, integer cents.
    pub total_earnings: i64,
    /// ISO 4217 currency of `total_earnings`.
    pub currency: String,
    /// ISO 3166 country code.
    pub country: Option<String>,
    /// The partner's website.
    pub website: Option<String>,
}

/// The group a partner belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Group {
    /// Group key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Whether new partners join this group.
    pub default: bool,
}

const FIRST: [&str; 8] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken",
];
const LAST: [&str; 8] = [
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson",
];
const STATUS: [&str; 3] = ["active", "pending", "archived"];
const GROUPS: [(&str, &str, &str); 3] = [
    ("grp_4kR9", "Gold affiliates", "gold"),
    ("grp_8sT2", "Content creators", "creators"),
    ("grp_1zQ7", "Default", "default"),
];
const TAGS: [&str; 6] = ["newsletter", "tier-2", "coupon", "youtube", "b2b", "emea"];
const COUNTRIES: [&str; 5] = ["US", "DE", "FR", "GB", "CA"];

/// A fast, deterministic 64-bit mix (SplitMix64's finaliser).
pub(crate) fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Picks an element of `items` from the hash bits `h`.
pub(crate) fn pick<T: Copy>(items: &[T], h: u64) -> T {
    items[(h % items.len() as u64) as usize]
}

impl Partnership {
    /// The `i`-th record of the test data set (deterministic).
    pub fn generate(i: u64) -> Self {
        let h = mix(i);
        let first = pick(&FIRST, h);
        let last = pick(&LAST, h >> 8);
        let (gkey, gname, gslug) = pick(&GROUPS, h >> 16);
        let created_at = 1_600_000_000_000 + i * 60_000 + (h >> 40);
        let tags = (0..(h >> 20) % 3 + 1)
            .map(|t| pick(&TAGS, (h >> 24) + t).to_owned())
            .collect();
        Partnership {
            key: Self::key_of(i),
            created_at,
            updated_at: created_at + (h >> 44),
            email: format!(
                "{}.{}+{i}@partners.example.com",
                first.to_lowercase(),
                last.to_lowercase()
            ),
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
            status: pick(&STATUS, h >> 12).to_owned(),
            approved: h & 1 == 0,
            group: Some(Group {
                key: gkey.to_owned(),
                name: gname.to_owned(),
                slug: gslug.to_owned(),
                default: gslug == "default",
            }),
            tags,
            customer_count: Self::customers_of(i),
            total_earnings: ((h >> 32) % 5_000_000) as i64,
            currency: "USD".to_owned(),
            country: Some(pick(&COUNTRIES, h >> 28).to_owned()),
            website: Some(format!(
                "https://{}-{}.example.org/",
                last.to_lowercase(),
                i
            )),
        }
    }

    /// The cursor key of the `i`-th record.
    pub fn key_of(i: u64) -> String {
        const ALPHA: &[u8; 52] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let h = mix(i ^ 0x5bd1_e995);
        let a = ALPHA[(h % 52) as usize] as char;
        let b = ALPHA[((h >> 8) % 52) as usize] as char;
        format!("part_{i:08}{a}{b}")
    }

    /// The `customer_count` of the `i`-th record (the summed field).
    fn customers_of(i: u64) -> u64 {
        mix(i) >> 50
    }
}

/// `{"data":{"items":[...],"has_more":bool,"total":N}}`: a cursor-paged list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CursorEnvelope {
    /// The list.
    pub data: CursorData,
}

/// The `data` of a [`CursorEnvelope`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CursorData {
    /// This page's records.
    pub items: Vec<Partnership>,
    /// Whether more records follow.
    pub has_more: bool,
    /// Records in the whole list.
    pub total: u64,
}

impl PageBody for CursorEnvelope {
    type Item = Partnership;

    fn into_parts(self) -> PageParts<Partnership> {
        PageParts::new(self.data.items)
            .has_more(Some(self.data.has_more))
            .total_items(Some(self.data.total))
    }
}

/// `{"items":[...],"total_pages":P}`: a page-numbered list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NumberedPage {
    /// This page's records.
    pub items: Vec<Partnership>,
    /// Pages in the whole list.
    pub total_pages: u64,
}

impl PageBody for NumberedPage {
    type Item = Partnership;

    fn into_parts(self) -> PageParts<Partnership> {
        PageParts::new(self.items).total_pages(Some(self.total_pages))
    }
}

/// How a drain consumed its records: a count and a checksum, so the
/// compiler cannot skip the work and the harness can check every record
/// arrived exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Records seen.
    pub count: u64,
    /// Sum of `customer_count` and key lengths.
    pub checksum: u64,
}

impl Tally {
    /// Counts one record.
    #[inline]
    pub fn add(&mut self, p: &Partnership) {
        self.count += 1;
        self.checksum = self
            .checksum
            .wrapping_add(p.customer_count)
            .wrapping_add(p.key.len() as u64);
    }

    /// Counts one record of another data set, by the figure its scenario
    /// sums (for instance a key length plus a counter).
    #[inline]
    pub fn push(&mut self, figure: u64) {
        self.count += 1;
        self.checksum = self.checksum.wrapping_add(figure);
    }

    /// The tally of records `0..n`, each counted by `figure(i)`.
    pub fn expected_by(n: u64, figure: impl Fn(u64) -> u64) -> Tally {
        (0..n).fold(Tally::default(), |mut t, i| {
            t.push(figure(i));
            t
        })
    }

    /// The tally of the first `n` records of the data set.
    pub fn expected(n: u64) -> Tally {
        (0..n).fold(Tally::default(), |mut t, i| {
            t.count += 1;
            t.checksum = t
                .checksum
                .wrapping_add(Partnership::customers_of(i))
                .wrapping_add(Partnership::key_of(i).len() as u64);
            t
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_realistic_in_size_and_round_trip() {
        for i in [0, 1, 17, 199_999] {
            let p = Partnership::generate(i);
            let json = serde_json::to_vec(&p).unwrap();
            assert!((300..=500).contains(&json.len()), "{} bytes", json.len());
            let back: Partnership = serde_json::from_slice(&json).unwrap();
            assert_eq!(back, p);
        }
    }

    #[test]
    fn keys_are_unique_and_the_expected_tally_matches_a_real_one() {
        assert_ne!(Partnership::key_of(1), Partnership::key_of(2));
        let mut t = Tally::default();
        (0..100).for_each(|i| t.add(&Partnership::generate(i)));
        assert_eq!(t, Tally::expected(100));
    }

    #[test]
    fn envelopes_expose_their_paging_facts() {
        let body = br#"{"data":{"items":[{"key":"part_1"}],"has_more":true,"total":9}}"#;
        let parts = serde_json::from_slice::<CursorEnvelope>(body)
            .unwrap()
            .into_parts();
        assert_eq!(
            (parts.items.len(), parts.has_more, parts.total_items),
            (1, Some(true), Some(9))
        );
        let body = br#"{"items":[],"total_pages":3}"#;
        let parts = serde_json::from_slice::<NumberedPage>(body)
            .unwrap()
            .into_parts();
        assert_eq!(parts.total_pages, Some(3));
    }
}
