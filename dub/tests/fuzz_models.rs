//! Property tests over every public `Deserialize` type of the crate: mutated
//! wire payloads (seeded from the generated `samples.json` and
//! `tests/fixtures`) decode to a value or to a decode error with a JSON
//! path, never panic, and decoded values survive encode → decode → encode
//! unchanged.
//!
//! A long soak:
//! `PROPTEST_CASES=200000 cargo test --release -p dub --test fuzz_models`.

use std::path::PathBuf;
use std::sync::LazyLock;

use affiliate_common::fuzz::proptest::prelude::*;
use affiliate_common::fuzz::proptest::proptest;
use affiliate_common::fuzz::{self, Corpus, Pool};
use dub::ErrorCode;
use dub::models::*;
use dub::webhooks::{MergedPartner, PartnerMerged, PayoutConfirmed, Webhook, WebhookEvent};

fn path(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The `Deserialize` types declared in the model sources.
fn models() -> Vec<fuzz::Model> {
    let mut files = fuzz::rust_files(path("src/models"));
    files.push(path("src/generated/models.rs"));
    files.push(path("src/webhooks.rs"));
    files.push(path("src/flavor.rs"));
    fuzz::scan_models("", &files, &["open_enum"])
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let targets = affiliate_common::fuzz_targets![
        eq: [
            DiscountCode, NewDiscountCode, ClawbackReason, BountyType, BountyStartMode,
            SubmissionFrequency, PerformanceScope, IdRef, Bounty, Webhook<Link>, Webhook<PartnerMerged>, Webhook<PayoutConfirmed>,
            MergedPartner, PartnerMerged, PayoutConfirmed, WebhookEvent, ErrorCode, Link, Tag,
            TagColor, LinkTestVariant, NewLink, LinksCountGroupBy, UpdateLink, Deleted,
            BulkUpdateLinks, BulkLinkUpdate, BulkDeleted, AnalyticsEvent, AnalyticsGroupBy,
            Interval, SaleType, ClickEvent, Click, LeadEvent, SaleEvent, EventSale,
            PaymentProcessor, Event, EventKind, SortOrder, EventsSortBy, TagsSortBy, TagInput,
            Folder, FolderType, FolderAccessLevel, NewFolder, UpdateFolder, Domain,
            DomainRegisteredDomain, NewDomain, UpdateDomain, DeletedDomain, RegisteredDomain,
            RegisterDomain, DomainStatus, TrackedLead, TrackedLeadLink, TrackedLeadCustomer,
            TrackLead, TrackLeadMode, TrackedSale, TrackedSaleCustomer, TrackedSaleSale,
            TrackSale, TrackedOpen, TrackedOpenLink, TrackOpen, Customer, CustomerLink,
            CustomerPartner, CustomerDiscount, CustomerDiscountType, CustomersSortBy,
            UpdateCustomer, Partner, PartnerNetworkStatus, ConnectStablecoinPaypal,
            PartnerStatus, PartnerLink, BannedReason, PartnerReferralFormData,
            ReferralFormFieldText, ReferralFormFieldTextConstraints, ReferralFormFieldTextarea,
            ReferralFormFieldTextareaConstraints, ReferralFormFieldSelect,
            ReferralFormFieldSelectOption, ReferralFormFieldCountry, ReferralFormField,
            PartnerApplicationReview, PartnerApplicationReviewRejectionReason, PartnerTag,
            PartnersSortBy, NewPartner, LinkProps, PartnerApplication,
            PartnerApplicationPartner, PartnerApplicationApplicationFormData, NewPartnerLink,
            UpsertPartnerLink, PartnerAnalyticsGroupBy, PartnerRef, ApproveApplication,
            RejectApplication, ReapplicationTimeframe, BanPartner, DeactivatePartner,
            Commission, CommissionType, CommissionStatus, CommissionPartner, CommissionsSortBy,
            CommissionQueued, NewCommissionCustom, NewCommissionLead, NewCommissionLeadCustomer,
            NewCommissionSale, NewCommission, UpdateCommission, CommissionUpdateStatus,
            CommissionStatusUpdate, BulkUpdateCommissions, Payout, PayoutStatus, PayoutMode,
            PayoutPartner, PayoutUser, PayoutsSortBy, EmbedToken, NewEmbedToken, QrLevel,
            BountySubmission, BountySubmissionFile, BountySubmissionStatus,
            BountySubmissionsSortBy, ApproveSubmission, RejectSubmission,
            SubmissionRejectionReason, LinkWebhookEvent, LinkWebhookEventType, LinkClickedEvent,
            LinkClickedEventEvent, LinkClickedData, LeadCreatedEvent, LeadCreatedEventEvent,
            LeadCreatedData, WebhookPartner, SaleCreatedEvent, SaleCreatedEventEvent,
            SaleCreatedData, WebhookSale, PartnerEnrolledEvent, PartnerEnrolledEventEvent,
            PartnerApplicationSubmittedEvent, PartnerApplicationSubmittedEventEvent,
            CommissionCreatedEvent, CommissionCreatedEventEvent, CommissionCreatedData,
            CommissionCreatedDataPartner, CommissionCreatedDataLink, AnalyticsCount,
            AnalyticsTimeseries, AnalyticsContinents, AnalyticsContinentsContinent,
            AnalyticsCountries, Wildcard, AnalyticsRegions, AnalyticsCities,
            AnalyticsDevices, AnalyticsBrowsers, AnalyticsOs, AnalyticsTriggers,
            AnalyticsTriggersTrigger, AnalyticsReferers, AnalyticsRefererUrls,
            AnalyticsTopLinks, AnalyticsTopUrls, PartnerAnalyticsCount,
            PartnerAnalyticsTimeseries, PartnerAnalyticsTopLinks, LinkError, LinkErrorCode,
        ],
    ];
    let samples: serde_json::Value =
        serde_json::from_str(include_str!("../src/generated/samples.json")).expect("samples.json");
    let named = samples["types"]
        .as_object()
        .expect("samples.json has `types`")
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut pool = Pool::from_dirs(&[path("tests/fixtures")]);
    pool.add(&samples["types"]);
    Corpus::build(targets, &models(), &pool, &named)
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
    #![proptest_config(fuzz::config(2500))]

    #[test]
    fn mutated_payloads_decode_or_fail_with_a_path(
        target in any::<usize>(),
        seed in any::<usize>(),
        muts in fuzz::mutations(),
    ) {
        CORPUS.check_case(target, seed, &muts).map_err(TestCaseError::fail)?;
    }
}
