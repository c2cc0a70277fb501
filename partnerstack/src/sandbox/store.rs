//! The sandbox's record store: rows kept as serialized JSON in creation
//! order, with the few fields filters need pulled out at insert time.

use std::collections::HashMap;

use serde_json::Value;

/// One stored record.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub key: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Filterable fields: (query parameter, value).
    pub fields: Vec<(&'static str, String)>,
    /// Other keys the record can be fetched by (`partner_key`, `external_key`).
    pub aliases: Vec<String>,
    pub json: String,
}

impl Row {
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.json).unwrap_or(Value::Null)
    }

    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How a collection indexes its records.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    /// Key prefix of new records (`part_`).
    pub prefix: &'static str,
    /// (query parameter, JSON pointer) pairs usable as equality filters.
    pub filters: &'static [(&'static str, &'static str)],
    /// JSON pointers of alternative lookup keys.
    pub aliases: &'static [&'static str],
}

/// A collection, oldest record first; removed records leave a hole so
/// positions stay valid.
#[derive(Debug)]
pub(crate) struct Collection {
    pub spec: Spec,
    rows: Vec<Option<Row>>,
    index: HashMap<String, usize>,
    live: usize,
}

/// Paging parameters read from the query.
#[derive(Debug, Default)]
pub(crate) struct Paging {
    pub limit: usize,
    pub starting_after: Option<String>,
    pub ending_before: Option<String>,
    pub min_created: Option<i64>,
    pub max_created: Option<i64>,
    pub min_updated: Option<i64>,
    pub max_updated: Option<i64>,
    pub equals: Vec<(String, String)>,
    pub ascending: bool,
}

/// A page of serialized records.
pub(crate) struct PageOut<'a> {
    pub items: Vec<&'a str>,
    pub has_more: bool,
    pub total: usize,
}

/// Why a page could not be served.
pub(crate) enum PageError {
    UnknownCursor(String),
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Collection {
    pub fn new(spec: Spec) -> Self {
        Collection {
            spec,
            rows: Vec::new(),
            index: HashMap::new(),
            live: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.live
    }

    /// Stores `v` (which must carry `key`, `created_at`, `updated_at`),
    /// replacing a record with the same key in place.
    pub fn put(&mut self, v: &Value) {
        let key = v.get("key").and_then(text).unwrap_or_default();
        let num = |f: &str| v.get(f).and_then(Value::as_i64).unwrap_or(0);
        let fields = self
            .spec
            .filters
            .iter()
            .filter_map(|(param, ptr)| v.pointer(ptr).and_then(text).map(|t| (*param, t)))
            .collect();
        let aliases = self
            .spec
            .aliases
            .iter()
            .filter_map(|ptr| v.pointer(ptr).and_then(text))
            .filter(|a| !a.is_empty())
            .collect::<Vec<_>>();
        let row = Row {
            key: key.clone(),
            created_at: num("created_at"),
            updated_at: num("updated_at"),
            fields,
            aliases: aliases.clone(),
            json: serde_json::to_string(v).unwrap_or_default(),
        };
        match self.index.get(&key) {
            Some(&i) => self.rows[i] = Some(row),
            None => {
                let i = self.rows.len();
                self.index.insert(key, i);
                for a in aliases {
                    self.index.entry(a).or_insert(i);
                }
                self.rows.push(Some(row));
                self.live += 1;
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&Row> {
        self.index
            .get(key)
            .and_then(|&i| self.rows.get(i))
            .and_then(Option::as_ref)
    }

    pub fn remove(&mut self, key: &str) -> Option<Row> {
        let i = *self.index.get(key)?;
        let row = self.rows.get_mut(i)?.take()?;
        self.index.remove(&row.key);
        for a in &row.aliases {
            if self.index.get(a) == Some(&i) {
                self.index.remove(a);
            }
        }
        self.live -= 1;
        Some(row)
    }

    /// Every live record, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Row> {
        self.rows.iter().flatten()
    }

    fn matches(&self, row: &Row, p: &Paging) -> bool {
        p.min_created.is_none_or(|t| row.created_at >= t)
            && p.max_created.is_none_or(|t| row.created_at < t)
            && p.min_updated.is_none_or(|t| row.updated_at >= t)
            && p.max_updated.is_none_or(|t| row.updated_at < t)
            && p.equals
                .iter()
                .all(|(k, v)| row.field(k) == Some(v.as_str()))
    }

    fn filtered(&self, p: &Paging) -> bool {
        p.min_created.is_some()
            || p.max_created.is_some()
            || p.min_updated.is_some()
            || p.max_updated.is_some()
            || !p.equals.is_empty()
    }

    /// One page in list order (newest first unless `ascending`).
    pub fn page(&self, p: &Paging) -> Result<PageOut<'_>, PageError> {
        let filtered = self.filtered(p);
        let total = if filtered {
            self.iter().filter(|r| self.matches(r, p)).count()
        } else {
            self.live
        };
        let position = |key: &str| {
            self.index
                .get(key)
                .copied()
                .filter(|&i| self.rows[i].is_some())
                .ok_or_else(|| PageError::UnknownCursor(key.to_owned()))
        };
        let n = self.rows.len();
        // Positions in list order: `order[k]` is the row index of the k-th record.
        let at = |k: usize| if p.ascending { k } else { n - 1 - k };
        let rank = |i: usize| if p.ascending { i } else { n - 1 - i };
        let pick = |k: &usize| {
            self.rows[at(*k)]
                .as_ref()
                .filter(|r| !filtered || self.matches(r, p))
        };
        if let Some(before) = &p.ending_before {
            let end = rank(position(before)?);
            let mut picked: Vec<&Row> = Vec::with_capacity(p.limit);
            let mut more = false;
            for k in (0..end).rev() {
                if let Some(r) = pick(&k) {
                    if picked.len() == p.limit {
                        more = true;
                        break;
                    }
                    picked.push(r);
                }
            }
            picked.reverse();
            return Ok(PageOut {
                items: picked.into_iter().map(|r| r.json.as_str()).collect(),
                has_more: more,
                total,
            });
        }
        let start = match &p.starting_after {
            Some(after) => rank(position(after)?) + 1,
            None => 0,
        };
        let mut items = Vec::with_capacity(p.limit.min(256));
        let mut more = false;
        for k in start..n {
            if let Some(r) = pick(&k) {
                if items.len() == p.limit {
                    more = true;
                    break;
                }
                items.push(r.json.as_str());
            }
        }
        Ok(PageOut {
            items,
            has_more: more,
            total,
        })
    }
}
