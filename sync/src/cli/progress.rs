//! Progress: one indicatif bar per resource on a terminal, plain lines off it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use affiliate_common::RateLimiter;
use affiliate_sync::engine::{Observer, Outcome, ResourceSummary};
use affiliate_sync::registry::{Clients, Resource};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws bars, or prints lines, and tells how long each resource's account
/// was held back by its rate limiter during the run.
pub struct Display {
    multi: Option<MultiProgress>,
    bars: Mutex<HashMap<String, ProgressBar>>,
    /// Per resource: its account's rate limiter.
    limiters: HashMap<String, RateLimiter>,
    /// Per resource: its limiter's held-back time when the resource
    /// started, and when it finished.
    spans: Mutex<HashMap<String, (Duration, Option<Duration>)>>,
}

const TICK: Duration = Duration::from_millis(200);

impl Display {
    pub fn new(bars: bool, clients: &Clients, resources: &[&'static Resource]) -> Arc<Self> {
        let multi = bars.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        let limiters = resources
            .iter()
            .filter_map(|r| {
                let limiter = clients.http_of(r)?.limiter().clone();
                Some((r.selector.to_owned(), limiter))
            })
            .collect();
        Arc::new(Display {
            multi,
            bars: Mutex::new(HashMap::new()),
            limiters,
            spans: Mutex::new(HashMap::new()),
        })
    }

    /// Every 200 ms, shows on each running resource's bar how long its
    /// account has been held back by the rate limiter (the budget or a
    /// 429's pause), also while no page arrives.
    pub fn start_ticker(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let me = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(TICK);
            loop {
                every.tick().await;
                let bars: Vec<(String, ProgressBar)> = me
                    .bars
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .iter()
                    .filter(|(_, b)| !b.is_finished())
                    .map(|(r, b)| (r.clone(), b.clone()))
                    .collect();
                for (resource, bar) in bars {
                    me.show_wait(&resource, &bar);
                }
            }
        })
    }

    /// Seconds `resource`'s account was held back by its rate limiter
    /// while the resource ran (requests waiting together count once).
    pub fn waited(&self, resource: &str) -> f64 {
        let Some(limiter) = self.limiters.get(resource) else {
            return 0.0;
        };
        let spans = self.spans.lock().unwrap_or_else(|p| p.into_inner());
        match spans.get(resource) {
            Some(&(from, to)) => to
                .unwrap_or_else(|| limiter.held_back())
                .saturating_sub(from)
                .as_secs_f64(),
            None => 0.0,
        }
    }

    /// Notes the held-back time of `resource`'s limiter as it starts
    /// (`end` false) or ends.
    fn mark(&self, resource: &str, end: bool) {
        let Some(limiter) = self.limiters.get(resource) else {
            return;
        };
        let now = limiter.held_back();
        let mut spans = self.spans.lock().unwrap_or_else(|p| p.into_inner());
        let span = spans.entry(resource.to_owned()).or_insert((now, None));
        if end {
            span.1 = Some(now);
        }
    }

    fn show_wait(&self, resource: &str, bar: &ProgressBar) {
        let w = self.waited(resource);
        if w >= 0.05 {
            bar.set_message(format!("rate-limit wait {w:.1}s"));
        }
    }

    pub fn finish(&self) {
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }

    fn bar(&self, resource: &str) -> Option<ProgressBar> {
        let m = self.multi.as_ref()?;
        let mut bars = self.bars.lock().unwrap_or_else(|p| p.into_inner());
        Some(
            bars.entry(resource.to_owned())
                .or_insert_with(|| {
                    let b = m.add(ProgressBar::no_length());
                    b.set_style(
                        ProgressStyle::with_template(
                            "{prefix:38} {pos:>9} records {per_sec:>12} {wide_bar} {eta} {msg}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                    b.set_prefix(resource.to_owned());
                    b
                })
                .clone(),
        )
    }
}

impl Observer for Display {
    fn started(&self, resource: &str) {
        self.mark(resource, false);
        if self.multi.is_none() {
            eprintln!("{resource}: started");
        } else {
            let _ = self.bar(resource);
        }
    }

    fn progress(&self, resource: &str, records: u64, total: Option<u64>) {
        if let Some(b) = self.bar(resource) {
            if let Some(t) = total {
                b.set_length(t.max(records));
            }
            b.set_position(records);
            self.show_wait(resource, &b);
        }
    }

    fn finished(&self, s: &ResourceSummary) {
        self.mark(&s.resource, true);
        let line = match &s.outcome {
            Outcome::Ok => format!(
                "{}: {} records ({} new, {} updated, {} quarantined, {} skipped) in {:.2}s, {} requests",
                s.resource,
                s.records,
                s.new,
                s.updated,
                s.quarantined,
                s.skipped,
                s.seconds,
                s.requests
            ),
            Outcome::Failed(e) => {
                format!("{}: FAILED after {} records: {e}", s.resource, s.records)
            }
            Outcome::Skipped(e) => format!("{}: skipped ({e})", s.resource),
            _ => format!("{}: ended", s.resource),
        };
        match self.bar(&s.resource) {
            Some(b) => b.finish_with_message(line),
            None => eprintln!("{line}"),
        }
    }
}
