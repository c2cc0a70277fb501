//! Property tests over every public `Deserialize` type of the crate: mutated
//! wire payloads (seeded from `tests/fixtures`) decode to a value or to a
//! decode error with a JSON path, never panic, and decoded values survive
//! encode → decode → encode unchanged.
//!
//! A long soak:
//! `PROPTEST_CASES=200000 cargo test --release -p partnerstack --test fuzz_models`.

use std::path::PathBuf;
use std::sync::LazyLock;

use affiliate_common::fuzz::proptest::prelude::*;
use affiliate_common::fuzz::proptest::proptest;
use affiliate_common::fuzz::{self, Corpus, Pool};
use affiliate_common::reqwest::StatusCode;
use partnerstack::envelope::{Envelope, ListData, ListEnvelope};
use partnerstack::flavor::PartnerStackFlavor;
use partnerstack::webhooks::EventType;
use partnerstack::*;

fn path(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The `Deserialize` types declared in the model sources.
fn models() -> Vec<fuzz::Model> {
    let mut files = fuzz::rust_files(path("src/models"));
    files.push(path("src/generated/models.rs"));
    files.push(path("src/webhooks.rs"));
    files.push(path("src/envelope.rs"));
    fuzz::scan_models("", &files, &["model", "body", "open_enum"])
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let targets = affiliate_common::fuzz_targets![
        eq: [
            Action, ActionCompany, ActionCustomer, ActionTargetType, NewAction,
            ApplicationDecision, Application, NewApplication, Decision, BulkDecision,
            DecidedApplications, Customer, NewCustomer, UpdateCustomer, DealSource, Deal,
            DealFile, DealFiles, DealFileUrl, NewDeal, UpdateDeal, Conversion, DistiCategory,
            FormTemplate, SalesCycleStage, Group, GroupFeatures, LeadStatus, Lead, NewLead,
            UpdateLead, PartnerPartnership, PartnerCompany, Offer, PartnerCustomer, Payout,
            MarketplaceProgram, Promotion, Partnership, TierRef, Manager, Link, NewPartnership,
            UpdatePartnership, MovePartnerships, UpdateTags, NewMember, MovedPartnerships,
            ProductBook, Product, NewProductBook, UpdateProductBook, NewProduct, UpdateProduct,
            ReportConfiguration, ExportStatus, ReportExport, ExportReport, BaseRecordsExport,
            BaseRecordsExportResult, RewardStatus, PaymentStatus, InvoiceStatus, Reward,
            RewardAction, RewardCustomer, RewardInvoice, RewardOffer, RewardPartnership,
            RewardTransaction, RewardTrigger, RewardTargetType, RewardTarget, NewReward,
            StringOrObject, FieldData, FieldValue, Team, TeamMember, OrderBy, Tier,
            TierCollection, NewTier, UpdateTier, NewTierCollection, UpdateTierCollection,
            Transaction, TransactionCustomer, NewTransaction, Webhook, NewWebhook,
            UpdateWebhook, EventType,
        ],
        de: [
            Envelope<Partnership>, Envelope<Reward>, ListData<Customer>,
            ListEnvelope<Transaction>, ListEnvelope<Deal>,
        ],
    ];
    Corpus::build(
        targets,
        &models(),
        &Pool::from_dirs(&[path("tests/fixtures")]),
        &Default::default(),
    )
});

#[test]
fn every_deserialize_model_is_fuzzed() {
    fuzz::assert_covered(&CORPUS, &models());
}

#[test]
fn every_target_has_a_seed_that_decodes() {
    assert_eq!(CORPUS.unseeded(), Vec::<&str>::new());
}

#[test]
fn every_target_survives_every_kind_of_mutation() {
    fuzz::assert_sweep(&CORPUS, 2);
}

proptest! {
    #![proptest_config(fuzz::config(1500))]

    #[test]
    fn mutated_payloads_decode_or_fail_with_a_path(
        target in any::<usize>(),
        seed in any::<usize>(),
        muts in fuzz::mutations(),
    ) {
        CORPUS.check_case(target, seed, &muts).map_err(TestCaseError::fail)?;
    }
}

/// The crate's error fixtures, as seeds of the error bodies.
fn error_fixtures() -> Vec<serde_json::Value> {
    [
        "errors/legacy_error.json",
        "errors/not_found.json",
        "errors/rate_limited.json",
        "errors/unauthorized.json",
    ]
    .iter()
    .map(|f| affiliate_common::test_util::fixture(path("tests/fixtures"), f))
    .collect()
}

proptest! {
    #![proptest_config(fuzz::config(500))]

    /// Error responses of any shape, with any headers, through the flavor:
    /// no panic, the status kept, a message, valid header names.
    #[test]
    fn error_responses_read_through_the_flavor(
        body in fuzz::error_body_from(error_fixtures()),
        headers in fuzz::header_map(),
        status in 100u16..1000,
    ) {
        let status = StatusCode::from_u16(status).expect("100..1000 is a status");
        fuzz::check_flavor(&PartnerStackFlavor::default(), status, &headers, &body).map_err(TestCaseError::fail)?;
    }
}
