//! Property tests over every public `Deserialize` type of the crate (the
//! generated Brand, Partner and Agency models included): mutated wire
//! payloads (seeded from `tests/fixtures`, the generated operation fixtures
//! included) decode to a value or to a decode error with a JSON path, never
//! panic, and decoded values survive encode → decode → encode unchanged.
//!
//! A long soak:
//! `PROPTEST_CASES=200000 cargo test --release -p impact-com --test fuzz_models`.

use std::path::PathBuf;
use std::sync::LazyLock;

use affiliate_common::fuzz::proptest::prelude::*;
use affiliate_common::fuzz::proptest::proptest;
use affiliate_common::fuzz::{self, Corpus, Pool};
use affiliate_common::reqwest::StatusCode;
use impact_com::flavor::ImpactFlavor;
use impact_com::jobs::{Job, JobStatus, JobType};
use impact_com::models::{agency, brand, partner};
use impact_com::page::ImpactPage;
use impact_com::tracking::{CallDataResult, DeferredDeepLink, PageLoadResponse, TrackingWarning};
use impact_com::write::{WriteResult, WriteStatus};

fn path(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The `Deserialize` types declared in the model sources.
fn models() -> Vec<fuzz::Model> {
    let mut all = Vec::new();
    let shared = fuzz::scan_models("", &[path("src/generated/shared.rs")], &["open_enum"]);
    for persona in ["brand", "partner", "agency"] {
        let file = path(&format!("src/generated/{persona}/models.rs"));
        // The types the personas share are emitted once (`shared.rs`) and
        // re-exported by each persona that has them.
        let text = std::fs::read_to_string(&file).expect("models.rs");
        let reexported: Vec<&str> = text
            .split_once("pub use super::super::shared::{")
            .and_then(|(_, rest)| rest.split_once("};"))
            .map(|(names, _)| {
                names
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        all.extend(fuzz::scan_models(persona, &[file], &["open_enum"]));
        all.extend(
            shared
                .iter()
                .filter(|m| reexported.contains(&m.name.as_str()))
                .map(|m| {
                    let mut m = m.clone();
                    m.name = format!("{persona}::{}", m.name);
                    m
                }),
        );
    }
    let files = [
        "src/jobs.rs",
        "src/write.rs",
        "src/tracking.rs",
        "src/page.rs",
    ]
    .map(path);
    all.extend(fuzz::scan_models("", &files, &["open_enum"]));
    all
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let targets = affiliate_common::fuzz_targets![
        eq: [
            // impact/src/generated/brand/models.rs
            brand::CompanyInformation, brand::Industry, brand::OrganizationType, brand::Address,
            brand::Contact, brand::UpdateCompanyInformationResponse,
            brand::CompanyInformationUpdate, brand::ListLegalEntitiesResponse,
            brand::LegalEntity, brand::ListActionInquiriesResponse, brand::ActionInquiry,
            brand::ActionInquiryInquiryType, brand::ActionInquiryComment,
            brand::ActionInquiryResolutionStatus, brand::ActionInquiryRejectReason,
            brand::ActionInquiryUpdateRequest,
            brand::ActionInquiryUpdateRequestResolutionStatus, brand::ListActionsResponse,
            brand::Action, brand::ActionState, brand::QueuedResponse,
            brand::ActionModificationRequest, brand::ActionReversalRequest,
            brand::ActionReversalRequestDispositionCode, brand::ListActionItemsResponse,
            brand::ActionItem, brand::ListActionUpdatesResponse, brand::ActionUpdate,
            brand::ListAdsResponse, brand::Ad, brand::BannerTextLinkCoupon, brand::AdMobileFallbacks,
            brand::AdGetHtmlCodeType, brand::AdCreateUpdate, brand::LogCallDataGetResponse,
            brand::LogCallDataGetCallStatus, brand::LogCallDataGetPhoneType,
            brand::CallDataPayload, brand::ListCatalogsResponse, brand::Catalog,
            brand::CatalogStatus, brand::CatalogUploadMethod, brand::CatalogShoppingCart,
            brand::CatalogShoppingCartShoppingCartType, brand::CatalogPullSettingsUpdate,
            brand::CatalogPullSettingsUpdateUploadType,
            brand::CatalogPullSettingsUpdatePullFromUrlSettings,
            brand::CatalogPullSettingsUpdatePullFromUrlSettingsPullFrequency,
            brand::UploadCatalogFileBody, brand::ListCatalogItemsResponse, brand::CatalogItem,
            brand::CatalogItemStockAvailability, brand::CatalogItemGtinType,
            brand::WeightUnit, brand::CatalogItemShippingLengthUnit,
            brand::CatalogItemCondition, brand::CatalogItemAgeGroup,
            brand::CatalogItemAgeRangeUnit, brand::CatalogItemGender, brand::Click,
            brand::ClickAdType, brand::ClickBrandRelated, brand::ClickDeviceType,
            brand::DealType, brand::CategoryEntireStoreProduct, brand::ClickPartnerRelated,
            brand::ExportClicksResponse, brand::ExportClicksResultFormat,
            brand::ListContactsResponse, brand::ContactsContact, brand::ContactsContactAccount,
            brand::ContactCreate, brand::ContactUpdate, brand::ListContractsResponse,
            brand::Contract, brand::ContractStatus, brand::TemplateTerms, brand::EventPayout,
            brand::EventPayoutPayoutLevel, brand::PayoutGroup, brand::Rule,
            brand::PromotionalTerm, brand::PromotionalTermTermsType, brand::ScheduledTerm,
            brand::ScheduledTermStatus, brand::ScheduledTermRepeat, brand::CampaignTerm,
            brand::ContractDecisionResponse, brand::ContractDecisionResponseStatus,
            brand::AcceptContractRequest, brand::DeclineContractRequest,
            brand::ConversionPayload, brand::ListDealsResponse, brand::Deal, brand::DealState,
            brand::DealProduct, brand::DealDiscountType, brand::ProductCategory,
            brand::DealBogoGetDiscountType, brand::DealCreate, brand::DealUpdate,
            brand::DeferredDeepLinkResponse, brand::DeferredDeepLinkRequest,
            brand::ListExceptionListsResponse, brand::ExceptionList, brand::ExceptionListState,
            brand::ExceptionListType,
            brand::ExceptionListCreate, brand::ExceptionListUpdate,
            brand::ListExceptionListItemsResponse, brand::ExceptionListItem,
            brand::ExceptionListItemMatchMode, brand::ExceptionListItemCreateForm,
            brand::ReplaceExceptionListItemsBody, brand::ListInvoicesResponse, brand::Invoice,
            brand::LineItem, brand::LineItemDescription, brand::LineItemStatus,
            brand::DetailedLineItem, brand::ListJobsResponse, brand::Job, brand::JobType,
            brand::JobStatus, brand::DownloadJobResultMode, brand::ListNotesResponse,
            brand::Note, brand::NoteType, brand::NoteCreate, brand::NoteUpdate,
            brand::PageLoadResponse, brand::Warning, brand::WarningLevel,
            brand::PageLoadRequest, brand::ListPartnerGroupsResponse, brand::PartnerGroup,
            brand::PartnerGroupMediaPartner, brand::CreatePartnerGroupBody,
            brand::UpdatePartnerGroupBody, brand::ListPartnersResponse, brand::Partner,
            brand::PartnerState, brand::PartnerAddress, brand::PartnerPhone,
            brand::PartnerPartnerType, brand::PartnerPromotionalMethod, brand::PartnerProperty,
            brand::PartnerPropertyType, brand::PartnerProgram, brand::PartnerContact,
            brand::PartnerLinkedAccount, brand::PartnerPartnerValues, brand::PartnerCreate,
            brand::PartnerCreatePrimaryPromotionalMethod, brand::UpdatePartnerBody,
            brand::ListPhoneNumbersResponse, brand::PhoneNumber, brand::ListProgramsResponse,
            brand::Program, brand::ProgramState, brand::ProgramType, brand::ProgramCategories,
            brand::ProgramResources, brand::ProgramResourcesAdditionalRelatedLink,
            brand::ProgramResourcesAdditionalRelatedLinkLinkType, brand::ProgramCompanyContact,
            brand::ProgramIdentityMatching, brand::ProgramGatewayTrackingSettings,
            brand::ProgramGatewayTrackingSettingsUniqueClickWindowLength,
            brand::ProgramGatewayTrackingSettingsUniqueClickWindowType,
            brand::ProgramDirectTrackingSettings, brand::UnsubscribedContactsResponse,
            brand::UnsubscribedContact, brand::UnsubscribeContactBody,
            brand::CreatePromoCodeExceptionListBody, brand::PromoCodeExceptionList,
            brand::UpdatePromoCodeExceptionListBody,
            brand::ListPromoCodeExceptionListItemsResponse,
            brand::CreatePromoCodeExceptionListItemBody, brand::ListPromoCodesResponse,
            brand::PromoCode, brand::LiRe, brand::PromoCodeCreditPolicy,
            brand::PromoCodeState, brand::PromoCodeCreate, brand::ExportReportResponse,
            brand::ListAllReportsResponse, brand::Report, brand::RunReportResponse,
            brand::ReportMetadata, brand::ReportMetadataFilter, brand::ReportMetadataAttribute,
            brand::ListRoutingRulesResponse, brand::RoutingRule, brand::RoutingRuleCondition,
            brand::SubCondition, brand::ConditionVariable, brand::SubConditionOperator,
            brand::RoutingRuleAction, brand::Interstitial, brand::InterstitialUserInput,
            brand::InterstitialUserInputVariable, brand::RoutingRuleRank,
            brand::RoutingRuleState, brand::RoutingRuleSource,
            brand::ListApiSubmissionsResponse, brand::ApiSubmission, brand::ApiSubmissionType,
            brand::ApiSubmissionStatus, brand::ListFtpSubmissionsResponse, brand::FtpSubmission,
            brand::GetFtpSubmissionErrorDetailsResponse, brand::FtpErrorDetail,
            brand::FtpErrorDetailStatus, brand::FtpErrorDetailReason, brand::ListTasksResponse,
            brand::Task, brand::TaskReference, brand::TaskDetails, brand::TaskDetailsState,
            brand::TaskDetailsType, brand::Attachment, brand::User, brand::Comment,
            brand::CreateTrackingLinkResponse, brand::TrackingLinkCreate,
            brand::TrackingLinkCreateType, brand::ListTrackingValueRequestsResponse,
            brand::TrackingValueRequest, brand::TrackingValueRequestRequestType,
            brand::TrackingValueRequestPromoCode, brand::TrackingValueRequestUniqueUrl,
            brand::TrackingValueRequestPhoneNumber, brand::TrackingValueRequestState,
            brand::TrackingValueRequestDealProduct, brand::TrackingValueApproval,
            brand::ErrorResponse, brand::ErrorResponseError, brand::ExceptionListItemCreateFile,
            brand::PageloadErrorResponse,
            // impact/src/generated/partner/models.rs
            partner::CompanyInformation, partner::PromotionalMethod, partner::OrganizationType,
            partner::Gender, partner::Ethnicity, partner::ParentalStatus,
            partner::RelationshipStatus, partner::Education, partner::Pronouns,
            partner::HouseholdIncome, partner::Address, partner::Contact,
            partner::UpdateCompanyInformationResponse, partner::UpdateCompanyInformationBody,
            partner::ListActionInquiriesResponse, partner::ActionInquiry, partner::InquiryType,
            partner::Comment, partner::ResolutionStatus, partner::RejectReason,
            partner::CreateActionInquiryBody, partner::ListActionsResponse, partner::Action,
            partner::ActionState, partner::ActionReferringType,
            partner::ListActionItemsResponse, partner::Item, partner::ItemAdjustmentReason,
            partner::ListActionUpdatesResponse, partner::ActionUpdate, partner::ListAdsResponse,
            partner::Ad, partner::AdType, partner::AdLanguage, partner::AdSeason,
            partner::ActiveExpiredPending, partner::DealType, partner::CategoryEntireStoreProduct,
            partner::AdDealProduct, partner::AdDiscountType, partner::ProductCategory,
            partner::AdBogoGetDiscountType, partner::RetrieveAdCodeResponse,
            partner::RetrieveAdIFrameCodeResponse, partner::RetrieveAdTrackingLinkResponse,
            partner::ListProgramsResponse, partner::Program, partner::ProgramType,
            partner::CountryCode, partner::ActiveExpired,
            partner::TrueFalse, partner::ListCatalogsResponse, partner::Catalog,
            partner::ListCatalogItemsResponse, partner::CatalogsItem,
            partner::CatalogsItemPromotion, partner::Click, partner::ClickAdType,
            partner::ClickBrandRelated, partner::ClickDeviceType, partner::ClickDeviceFamily,
            partner::ClickBrowser, partner::ClickOs, partner::ClickPartnerRelated,
            partner::ExportClicksResponse, partner::TrueFalseUpper,
            partner::ExportClicksResultFormat, partner::ListContractsResponse,
            partner::Contract, partner::Terms, partner::EventPayout, partner::PayoutGroup,
            partner::Rule, partner::Limit, partner::PayoutRestriction,
            partner::PayoutAdjustment, partner::PerformanceBonus, partner::PerformanceBonusTier,
            partner::Locking, partner::PayoutScheduling, partner::ValidReferral,
            partner::SpecialTerm, partner::CampaignTerm, partner::CampaignTermEventPayout,
            partner::ListContractsStatus, partner::ConversionSubmissionResponse,
            partner::ConversionSubmissionResponseWarning, partner::ConversionPayload,
            partner::ListDealsResponse, partner::Deal, partner::DealProduct,
            partner::EventNotificationPayload, partner::EventNotificationItem,
            partner::ExceptionList, partner::ExceptionListState, partner::ExceptionListType,
            partner::ListExceptionListItemsResponse, partner::ExceptionListItem,
            partner::ExceptionListItemMatchMode, partner::IdentityVerificationSession,
            partner::CreateIdentityVerificationSessionBody, partner::ListInvoicesResponse,
            partner::Invoice, partner::LineItem, partner::LineItemDescription,
            partner::LineItemStatus, partner::DetailedLineItem, partner::ListJobsResponse,
            partner::Job, partner::JobType, partner::JobStatus, partner::DownloadJobResultsMode,
            partner::ListMediaPropertiesResponse, partner::MediaProperty, partner::RevenueModel,
            partner::PropertyType, partner::MobilePlatform, partner::InstallsFollowers,
            partner::SocialPlatform, partner::CreateMediaPropertyBody,
            partner::UpdateMediaPropertyBody, partner::DeleteMediaPropertyResponse,
            partner::ListPromoCodesResponse, partner::PromoCode, partner::PromoCodeState,
            partner::PromoCodeProgram, partner::PromoCodeDeal, partner::MatchMode,
            partner::CreditRule, partner::PromoCodeExceptionList,
            partner::ListPromoCodeExceptionListItemsResponse, partner::ListPromotionsResponse,
            partner::Promotion, partner::ListReportsResponse, partner::Report,
            partner::ReportCategory, partner::RunReportResponse, partner::ReportMetadata,
            partner::ReportFilter, partner::ReportFilterDataType, partner::ReportAttribute,
            partner::ListStoresResponse, partner::Store, partner::StoreGroup,
            partner::StoreGroupStatus, partner::ListStoreItemsResponse, partner::CatalogItem,
            partner::CatalogItemStockAvailability, partner::CatalogItemShippingWeightUnit,
            partner::CatalogItemCondition, partner::CatalogItemGender,
            partner::ListTasksResponse, partner::Task, partner::TaskReference,
            partner::TaskDetails, partner::TaskDetailsState, partner::TaskDetailsType,
            partner::Attachment, partner::User, partner::TasksComment, partner::TaxDocument,
            partner::TaxDocumentStatus, partner::W9W8BenW8Bene, partner::TaxDocumentProvider,
            partner::CreateTaxDocumentResponse, partner::CreateTaxDocumentBody,
            partner::ListAllTaxDocumentsResponse, partner::CompleteTaxDocumentSubmissionBody,
            partner::CompleteTaxDocumentSubmissionBodyEvent,
            partner::CreateTrackingLinkResponse, partner::CreateTrackingLinkType,
            partner::ListUsersResponse, partner::UsersUser, partner::UserState,
            partner::AccessRight, partner::AccessRightRole, partner::AccessRightPermission,
            partner::WithdrawalSettings, partner::WithdrawalSettingsPaymentMethod,
            partner::WithdrawalSettingsBeneficiaryClassification,
            partner::WithdrawalSettingsBankAccountType,
            partner::WithdrawalSettingsPaymentSchedulingType, partner::WithdrawalSettingsUpdate,
            partner::RequiredFieldsResponse, partner::RequiredFieldsResponsePaymentMethodsValue,
            partner::ConversionError, partner::AuthError,
            // impact/src/generated/agency/models.rs
            agency::Advertiser, agency::AdvertiserState, agency::TrueFalse,
            agency::AdvertiserOrganizationType, agency::AdvertiserFinancialSetup,
            agency::CompanyInformation, agency::Address, agency::Contact,
            agency::UpdateCompanyInformationResponse, agency::CompanyInformationUpdate,
            agency::CreateComplianceContentResponse,
            agency::CreateComplianceContentResponseStatus, agency::ComplianceContent,
            agency::ComplianceContentType, agency::ComplianceContentSource, agency::Keyword,
            agency::KeywordStatus, agency::KeywordFunction, agency::SubmissionStatus,
            agency::SubmissionStatusStatus, agency::Job, agency::JobType, agency::JobStatus,
            agency::DownloadJobResultMode, agency::ReportExportResponse,
            agency::ReportExportResponseStatus, agency::ExportReportResultFormat,
            agency::Report, agency::ReportCategory, agency::ReportMetadata,
            agency::ReportFilter, agency::ReportFilterDataType, agency::ReportFilterFormat,
            agency::ReportAttribute, agency::ComplianceSubmissionRequest,
            agency::ComplianceSubmissionRequestContext, agency::ErrorResponse,
            agency::ErrorResponseStatus, agency::ErrorResponseErrors,
            agency::ErrorResponseErrorsError, agency::ReportsErrorResponse,
            // jobs.rs, write.rs, tracking.rs
            JobStatus, JobType, Job, WriteStatus, WriteResult, TrackingWarning,
            PageLoadResponse, DeferredDeepLink, CallDataResult,
        ],
        de: [
            ImpactPage<brand::Program>, ImpactPage<brand::Action>, ImpactPage<partner::Program>,
            ImpactPage<agency::Advertiser>, ImpactPage<Job>,
        ],
    ];
    let fixture = |name: &str| affiliate_common::test_util::fixture(path("tests/fixtures"), name);
    let named = [
        (
            "ImpactPage<brand::Program>",
            fixture("campaigns_page1.json"),
        ),
        (
            "ImpactPage<partner::Program>",
            fixture("campaigns_page2.json"),
        ),
        (
            "ImpactPage<brand::Action>",
            fixture("actions_tap_page.json"),
        ),
        (
            "ImpactPage<agency::Advertiser>",
            fixture("media_partners_tap_page.json"),
        ),
        ("ImpactPage<Job>", fixture("campaigns_page3.json")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    Corpus::build(
        targets,
        &models(),
        &Pool::from_dirs(&[path("tests/fixtures")]),
        &named,
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
    fuzz::assert_sweep(&CORPUS, 1);
}

proptest! {
    #![proptest_config(fuzz::config(4000))]

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
    ["error_validation.json"]
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
        fuzz::check_flavor(&ImpactFlavor::default(), status, &headers, &body).map_err(TestCaseError::fail)?;
    }
}
