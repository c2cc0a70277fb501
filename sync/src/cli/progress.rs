//! Progress: one indicatif bar per resource on a terminal, plain lines off it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use affiliate_sync::engine::{Observer, Outcome, ResourceSummary};
use affiliate_sync::registry::{Api, Clients, Resource};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws bars, or prints lines, and keeps the time each API's client spent
/// paused by its rate limiter.
pub struct Display {
    multi: Option<MultiProgress>,
    bars: Mutex<HashMap<String, ProgressBar>>,
    apis: HashMap<String, Api>,
    waited: Mutex<HashMap<Api, Duration>>,
}

const TICK: Duration = Duration::from_millis(200);

impl Display {
    pub fn new(bars: bool, _clients: &Clients, resources: &[&'static Resource]) -> Arc<Self> {
        let multi = bars.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Arc::new(Display {
            multi,
            bars: Mutex::new(HashMap::new()),
            apis: resources
                .iter()
                .map(|r| (r.selector.to_owned(), r.api))
                .collect(),
            waited: Mutex::new(HashMap::new()),
        })
    }

    /// Samples each API's rate limiter every 200 ms and adds the time it
    /// was paused.
    pub fn start_ticker(self: &Arc<Self>, clients: Clients) -> tokio::task::JoinHandle<()> {
        let me = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(TICK);
            loop {
                every.tick().await;
                for api in Api::ALL {
                    if let Some(http) = clients.http(api)
                        && http.limiter().paused_for().is_some()
                    {
                        *me.waited
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .entry(api)
                            .or_default() += TICK;
                    }
                }
            }
        })
    }

    /// Seconds `resource`'s API spent paused by its rate limiter.
    pub fn waited(&self, resource: &str) -> f64 {
        let Some(api) = self.apis.get(resource) else {
            return 0.0;
        };
        self.waited
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(api)
            .map_or(0.0, Duration::as_secs_f64)
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
            let w = self.waited(resource);
            if w > 0.0 {
                b.set_message(format!("rate-limit wait {w:.1}s"));
            }
        }
    }

    fn finished(&self, s: &ResourceSummary) {
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
