//! The benchmark scenarios, and what they share.
//!
//! A scenario is one file in this folder implementing [`Scenario`], listed
//! once in [`all`]. It gets a [`Context`] with the parsed [`Options`], the
//! Tokio runtime every measured phase runs on, [`Context::measure`], and the
//! local test server (started on first use, in a child process). It returns
//! a [`Report`]: a table, notes and the targets it checked.
//!
//! To add a per-API scenario (a typed client draining its own sandbox, for
//! instance `partnerstack.rs`), add the API crate to `bench/Cargo.toml`,
//! write the file, and add it to [`all`]. A scenario that serves its own
//! data should serve it from the server child too (as `partnerstack.rs` and
//! `dub.rs` do through [`crate::server`], asking for their data set with
//! [`Scenario::needs`]), so the measured process holds only the client;
//! [`compare`] runs the typed-client-against-hand-written comparison for
//! them.

pub mod compare;
mod concurrency;
pub mod dub;
mod engine_vs_hand;
pub mod impact;
pub mod partnerstack;
mod referralhero;
pub mod sync;

use std::cell::OnceCell;
use std::future::Future;
use std::time::Duration;

use tokio::runtime::Runtime;

use crate::BoxError;
use crate::measure::{self, Usage};
use crate::report::Report;
use crate::server::{Server, ServerConfig};

/// A benchmark scenario.
pub trait Scenario {
    /// The name used on the command line (`engine-vs-hand`).
    fn name(&self) -> &'static str;

    /// One line on what it measures.
    fn about(&self) -> &'static str;

    /// The data sets (and their sizes) it asks the shared test server for.
    fn needs(&self, _options: &Options) -> Needs {
        Needs::default()
    }

    /// Runs the scenario.
    ///
    /// # Errors
    /// When a drain fails or returns the wrong records: a benchmark of a
    /// wrong result is worthless, so that is an error, not a missed target.
    fn run(&self, ctx: &Context) -> Result<Report, BoxError>;
}

/// Every scenario, in the order they run by default.
pub fn all() -> Vec<Box<dyn Scenario>> {
    vec![
        Box::new(engine_vs_hand::EngineVsHand),
        Box::new(concurrency::Concurrency),
        Box::new(partnerstack::PartnerStack),
        Box::new(referralhero::ReferralHero),
        Box::new(dub::Dub),
        Box::new(impact::Impact),
        Box::new(sync::SyncScenario),
    ]
}

/// The records each data set of the shared test server must hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Generic partnership-like records (`engine-vs-hand`, `concurrency`).
    pub records: u64,
    /// PartnerStack partnerships.
    pub partnerstack: u64,
    /// Dub partners.
    pub dub: u64,
    /// impact.com actions.
    pub impact: u64,
}

impl Needs {
    /// The larger of each figure.
    fn max(self, other: Needs) -> Needs {
        Needs {
            records: self.records.max(other.records),
            partnerstack: self.partnerstack.max(other.partnerstack),
            dub: self.dub.max(other.dub),
            impact: self.impact.max(other.impact),
        }
    }
}

/// Command-line options scenarios read.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// List sizes for the engine-versus-hand comparison.
    pub records: Vec<u64>,
    /// Measured rounds per implementation and size (the median is reported).
    pub rounds: usize,
    /// Latency the slow server injects per request.
    pub latency: Duration,
    /// List sizes of the Dub comparison.
    pub dub_records: Vec<u64>,
    /// Subscribers in the ReferralHero list (the full size is
    /// 50,000; the default is smaller to keep the run short).
    pub subscribers: u64,
    /// Actions in the impact.com list (the full size is 100,000;
    /// the default is smaller to keep the run short).
    pub impact_records: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            records: vec![20_000, 200_000],
            rounds: 7,
            latency: Duration::from_millis(50),
            dub_records: vec![10_000, 50_000],
            subscribers: 10_000,
            impact_records: 20_000,
        }
    }
}

/// What a running scenario has at hand.
#[derive(Debug)]
pub struct Context {
    /// The parsed options.
    pub options: Options,
    runtime: Runtime,
    needs: Needs,
    server: OnceCell<Server>,
}

impl Context {
    /// A context for running `scenarios` with `options`.
    ///
    /// # Errors
    /// When the Tokio runtime cannot start.
    pub fn new(options: Options, scenarios: &[Box<dyn Scenario>]) -> Result<Self, BoxError> {
        let needs = scenarios
            .iter()
            .map(|s| s.needs(&options))
            .fold(Needs::default(), Needs::max);
        // The default multi-threaded runtime (one worker per core), as a
        // `#[tokio::main]` service would run the clients.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        Ok(Context {
            options,
            runtime,
            needs,
            server: OnceCell::new(),
        })
    }

    /// The shared test server, started on first use.
    ///
    /// # Errors
    /// When the server child cannot start.
    pub fn server(&self) -> Result<&Server, BoxError> {
        if let Some(server) = self.server.get() {
            return Ok(server);
        }
        let server = Server::spawn(ServerConfig {
            records: self.needs.records,
            latency: self.options.latency,
            partnerstack: self.needs.partnerstack,
            dub: self.needs.dub,
            impact: self.needs.impact,
        })?;
        Ok(self.server.get_or_init(|| server))
    }

    /// Runs `fut` on the runtime, measuring wall time, CPU time and peak heap.
    pub fn measure<F: Future>(&self, fut: F) -> (F::Output, Usage) {
        measure::measure(&self.runtime, fut)
    }

    /// Runs `fut` on the runtime without measuring it.
    pub fn block_on<F: Future>(&self, fut: F) -> F::Output {
        self.runtime.block_on(fut)
    }
}
