//! The account-independent tracking helpers:
//!
//! - `POST https://trkapi.impact.com/PageLoad` ([`Tracking::page_load`]);
//! - `POST https://trkapi.impact.com/DeferredDeepLink`
//!   ([`Tracking::deferred_deep_link`]);
//! - `POST https://twilio.ivr.impactradius.com/calldata/logCallData`
//!   ([`Tracking::log_call_data`]) and its `GET` form
//!   ([`Tracking::log_call_data_get`]).
//!
//! Bodies are form-encoded, as the specs say. `DeferredDeepLink` and
//! `calldata` take the client's credentials as HTTP Basic; `PageLoad` takes
//! none (it is meant to be called for anonymous visitors), so it is sent
//! without them.

use std::collections::BTreeMap;

use affiliate_common::{ApiPath, Request, Result, lenient};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{Client, send_json};

/// The tracking helpers. Made by [`Client::tracking`].
#[derive(Debug, Clone)]
pub struct Tracking {
    client: Client,
}

impl Tracking {
    pub(crate) fn new(client: Client) -> Self {
        Tracking { client }
    }

    /// Tracks a page load or app open (`POST /PageLoad`, form-encoded). The
    /// endpoint takes no credentials, and none are sent.
    ///
    /// Docs: <https://integrations.impact.com/impact-brand/reference/track-a-page-load-or-app-open>
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), impact_com::Error> {
    /// # let running = impact_com::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use impact_com::tracking::PageLoad;
    /// let load = PageLoad::new(1000, "NOW", "https://www.acme.com/p/1", "visitor-42")
    ///     .ip_address("72.194.216.61");
    /// let resp = client.tracking().page_load(&load).await?;
    /// println!("click id {:?}", resp.click_id);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`](crate::Error) of the request; a 400 carries the
    /// `errors` of the body as field errors.
    pub async fn page_load(&self, body: &PageLoad) -> Result<PageLoadResponse> {
        let req = Request::post(ApiPath::new("PageLoad"))
            .form(body)?
            .without_auth();
        Ok(send_json(self.client.tracking_http(), req)
            .await?
            .into_inner())
    }

    /// Looks up the deferred deep link of a first app open
    /// (`POST /DeferredDeepLink`, form-encoded).
    ///
    /// Docs: <https://integrations.impact.com/impact-brand/reference/get-deferred-deep-link-information>
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), impact_com::Error> {
    /// # let running = impact_com::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use impact_com::tracking::DeferredDeepLinkRequest;
    /// let req = DeferredDeepLinkRequest::new(1000, 12345, "2026-09-10T22:55:32-08:00");
    /// let link = client.tracking().deferred_deep_link(&req).await?;
    /// println!("landing page {:?}", link.landing_page);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`](crate::Error) of the request.
    pub async fn deferred_deep_link(
        &self,
        body: &DeferredDeepLinkRequest,
    ) -> Result<DeferredDeepLink> {
        let req = Request::post(ApiPath::new("DeferredDeepLink")).form(body)?;
        Ok(send_json(self.client.tracking_http(), req)
            .await?
            .into_inner())
    }

    /// Logs a call from a call-tracking provider
    /// (`POST /calldata/logCallData`, form-encoded).
    ///
    /// Docs: <https://integrations.impact.com/impact-brand/reference/log-call-data-via-post>
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), impact_com::Error> {
    /// # let running = impact_com::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use impact_com::tracking::CallData;
    /// let call = CallData::new(1000, 12, "2026-09-10T22:55:32-08:00", 5555, "Invoca")
    ///     .session("sess-1", "+15555550100", "+15555550199", 300, 240);
    /// let result = client.tracking().log_call_data(&call).await?;
    /// println!("{:?}", result.status);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`](crate::Error) of the request.
    pub async fn log_call_data(&self, body: &CallData) -> Result<CallDataResult> {
        let req = Request::post(ApiPath::new("calldata/logCallData")).form(body)?;
        Ok(send_json(self.client.calldata_http(), req)
            .await?
            .into_inner())
    }

    /// Logs a call with the fields in the query string
    /// (`GET /calldata/logCallData`), for providers that can only send a
    /// GET. Takes the same [`CallData`] as [`Tracking::log_call_data`].
    ///
    /// Docs: <https://integrations.impact.com/impact-brand/reference/log-call-data-via-get>
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> Result<(), impact_com::Error> {
    /// # let running = impact_com::sandbox::start().await?;
    /// # let client = running.client.clone();
    /// use impact_com::tracking::CallData;
    /// let call = CallData::new(1000, 12, "2026-09-10T22:55:32-08:00", 5555, "Invoca")
    ///     .session("sess-1", "+15555550100", "+15555550199", 300, 240)
    ///     .call_status("ANSWER");
    /// let result = client.tracking().log_call_data_get(&call).await?;
    /// println!("{:?}", result.status);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`](crate::Error) of the request.
    pub async fn log_call_data_get(&self, body: &CallData) -> Result<CallDataResult> {
        let mut req = Request::get(ApiPath::new("calldata/logCallData"));
        for (k, v) in body.pairs()? {
            req = req.query(k, v);
        }
        Ok(send_json(self.client.calldata_http(), req)
            .await?
            .into_inner())
    }
}

macro_rules! setters {
    ($ty:ident { $($(#[$m:meta])* $name:ident : $t:ty),* $(,)? }) => {
        impl $ty {
            $(
                $(#[$m])*
                pub fn $name(mut self, v: impl Into<$t>) -> Self {
                    self.$name = Some(v.into());
                    self
                }
            )*
        }
    };
}

/// The body of `POST /PageLoad`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PageLoad {
    /// The program (campaign) id.
    pub campaign_id: String,
    /// When it happened (ISO 8601) or `NOW`.
    pub event_date: String,
    /// The landing URL (or the tracking link for app opens).
    pub page_url: String,
    /// Your anonymous visitor id.
    pub custom_profile_id: String,
    /// The System App ID (mobile app opens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_id: Option<String>,
    /// The IDFA (iOS app opens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apple_ifa: Option<String>,
    /// The Google Advertising ID (Android app opens).
    #[serde(rename = "GoogAId", skip_serializing_if = "Option::is_none")]
    pub goog_a_id: Option<String>,
    /// The referring URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referring_url: Option<String>,
    /// Your non-PII customer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The customer's email, plain or SHA-1 hashed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
    /// Whether the user consented to tracking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_consent: Option<bool>,
    /// The browser's User-Agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The IDFV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apple_ifv: Option<String>,
    /// The customer's IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The app name (mobile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    /// The app package (mobile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_package: Option<String>,
    /// The app version (mobile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_ver: Option<String>,
    /// The device manufacturer (mobile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_mfr: Option<String>,
    /// The device model (mobile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_model: Option<String>,
}

impl PageLoad {
    /// A page load with the required fields.
    pub fn new(
        campaign_id: impl std::fmt::Display,
        event_date: impl Into<String>,
        page_url: impl Into<String>,
        custom_profile_id: impl Into<String>,
    ) -> Self {
        PageLoad {
            campaign_id: campaign_id.to_string(),
            event_date: event_date.into(),
            page_url: page_url.into(),
            custom_profile_id: custom_profile_id.into(),
            property_id: None,
            apple_ifa: None,
            goog_a_id: None,
            referring_url: None,
            customer_id: None,
            customer_email: None,
            tracking_consent: None,
            user_agent: None,
            apple_ifv: None,
            ip_address: None,
            app_name: None,
            app_package: None,
            app_ver: None,
            device_mfr: None,
            device_model: None,
        }
    }
}

impl PageLoad {
    /// Sets `PropertyId` (a number or its text).
    pub fn property_id(mut self, v: impl std::fmt::Display) -> Self {
        self.property_id = Some(v.to_string());
        self
    }
}

setters!(PageLoad {
    /// Sets `AppleIfa`.
    apple_ifa: String,
    /// Sets `GoogAId`.
    goog_a_id: String,
    /// Sets `ReferringUrl`.
    referring_url: String,
    /// Sets `CustomerId`.
    customer_id: String,
    /// Sets `CustomerEmail`.
    customer_email: String,
    /// Sets `TrackingConsent`.
    tracking_consent: bool,
    /// Sets `UserAgent`.
    user_agent: String,
    /// Sets `AppleIfv`.
    apple_ifv: String,
    /// Sets `IpAddress`.
    ip_address: String,
    /// Sets `AppName`.
    app_name: String,
    /// Sets `AppPackage`.
    app_package: String,
    /// Sets `AppVer`.
    app_ver: String,
    /// Sets `DeviceMfr`.
    device_mfr: String,
    /// Sets `DeviceModel`.
    device_model: String,
});

/// A warning (or error) of a tracking response.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TrackingWarning {
    /// The parameter concerned.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub field: Option<String>,
    /// `WARNING` or `ERROR`.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub level: Option<String>,
    /// What is wrong.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub message: Option<String>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The response of `POST /PageLoad`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PageLoadResponse {
    /// The landing page, when `PageUrl` was a gateway tracking link.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub landing_page: Option<String>,
    /// The click id impact.com generated.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub click_id: Option<String>,
    /// When the session started.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub session_start: Option<String>,
    /// Non-fatal warnings.
    #[serde(default)]
    pub warnings: Vec<TrackingWarning>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `POST /DeferredDeepLink`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeferredDeepLinkRequest {
    /// The program (campaign) id.
    pub campaign_id: String,
    /// The System App ID.
    pub impact_app_id: String,
    /// When the install happened (ISO 8601).
    pub event_date: String,
    /// The device's public IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The IDFA (iOS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apple_ifa: Option<String>,
    /// The Google Advertising ID (Android).
    #[serde(rename = "GoogAId", skip_serializing_if = "Option::is_none")]
    pub goog_a_id: Option<String>,
    /// The Play Store install referrer (Android).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_install_ref: Option<String>,
    /// The bundle id or package name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_package: Option<String>,
    /// A web tracking cookie or anonymous user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_profile_id: Option<String>,
}

impl DeferredDeepLinkRequest {
    /// A request with the required fields.
    pub fn new(
        campaign_id: impl std::fmt::Display,
        impact_app_id: impl std::fmt::Display,
        event_date: impl Into<String>,
    ) -> Self {
        DeferredDeepLinkRequest {
            campaign_id: campaign_id.to_string(),
            impact_app_id: impact_app_id.to_string(),
            event_date: event_date.into(),
            ip_address: None,
            apple_ifa: None,
            goog_a_id: None,
            app_install_ref: None,
            app_package: None,
            custom_profile_id: None,
        }
    }
}

setters!(DeferredDeepLinkRequest {
    /// Sets `IpAddress`.
    ip_address: String,
    /// Sets `AppleIfa`.
    apple_ifa: String,
    /// Sets `GoogAId`.
    goog_a_id: String,
    /// Sets `AppInstallRef`.
    app_install_ref: String,
    /// Sets `AppPackage`.
    app_package: String,
    /// Sets `CustomProfileId`.
    custom_profile_id: String,
});

/// The response of `POST /DeferredDeepLink`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeferredDeepLink {
    /// The page the user was headed to before the app store.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub landing_page: Option<String>,
    /// The click id.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub click_id: Option<String>,
    /// The IP address of the click.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub click_ip_address: Option<String>,
    /// The IP address of this call.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub connection_ip_address: Option<String>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `calldata/logCallData` (the form of the POST, the query of
/// the GET): all 50 documented fields are typed. The ten the API requires
/// are set by [`CallData::new`] and [`CallData::session`]; the others have
/// setters. [`CallData::field`] adds any other key by its wire name, sent
/// after the typed fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CallData {
    /// The program (campaign) id.
    pub campaign_id: String,
    /// The media partner id.
    pub media_id: String,
    /// When the call happened (ISO 8601).
    pub event_date: String,
    /// The event type (action tracker) id.
    pub action_tracker_id: String,
    /// The call-tracking provider (e.g. `Invoca`; at most 64 characters).
    pub call_provider: String,
    /// The provider's session id (required by the API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_session_id: Option<String>,
    /// The caller's number (required by the API; at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller_id: Option<String>,
    /// The number called (required by the API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub called_phone_number: Option<String>,
    /// The call's length in seconds (required by the API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_duration: Option<u64>,
    /// The talk time in seconds (required by the API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub talk_duration: Option<u64>,
    /// The ad id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ad_id: Option<String>,
    /// The call's outcome: `ANSWER` (the API's default), `CANCEL`, `CONGESTION`, `FAILURE`, `INCOMPLETE`, `IVR_DROPOFF`, `NO_TRANSFER_ATTEMPT` or `UNKNOWN_CALLERID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_status: Option<String>,
    /// The caller's country (default `US`; at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller_phone_number_country: Option<String>,
    /// The called number's country (default `US`; at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub called_phone_number_country: Option<String>,
    /// Partner sub-id 1 (at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_id1: Option<String>,
    /// Partner sub-id 2 (at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_id2: Option<String>,
    /// Partner sub-id 3 (at most 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_id3: Option<String>,
    /// The impact.com click id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub click_id: Option<String>,
    /// The caller's city.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// The caller's region (state).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The caller's postal code. Documented as an integer; kept as text so leading zeros survive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// Whether the caller called before, as the provider reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_caller: Option<String>,
    /// The caller's line type: `Landline`, `Mobile` or empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_type: Option<String>,
    /// A URL of the call recording.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_recording: Option<String>,
    /// Time spent in the phone menu (IVR), in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ivr_duration: Option<u64>,
    /// The keys pressed in the phone menu.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keypresses: Option<String>,
    /// Phone-menu key 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key1: Option<String>,
    /// Phone-menu key 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key2: Option<String>,
    /// Phone-menu key 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key3: Option<String>,
    /// Phone-menu key 4.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key4: Option<String>,
    /// The traffic source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_source: Option<String>,
    /// The caller's SMS opt-in, as the provider reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_in_sms: Option<String>,
    /// The caller's user agent, for calls started from a web page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The provider's disposition (outcome label) of the call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disposition_name: Option<String>,
    /// The sale amount, in the program's currency (a decimal, not cents).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale_amount: Option<f64>,
    /// The provider's reference id. Documented as a number; kept as text so long ids are not rounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    /// Name of custom conversion event 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_conversion_event1_name: Option<String>,
    /// Name of custom conversion event 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_conversion_event2_name: Option<String>,
    /// Name of custom conversion event 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_conversion_event3_name: Option<String>,
    /// Value of custom conversion event 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_conversion_event1_value: Option<String>,
    /// Value of custom conversion event 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_conversion_event2_value: Option<String>,
    /// Value of custom conversion event 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_conversion_event3_value: Option<String>,
    /// The provider's id of the call event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_event_id: Option<String>,
    /// A description of the promotional number called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promo_number_description: Option<String>,
    /// Name of custom call event 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_call_event1_name: Option<String>,
    /// Name of custom call event 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_call_event2_name: Option<String>,
    /// Name of custom call event 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_call_event3_name: Option<String>,
    /// Value of custom call event 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_call_event1_value: Option<String>,
    /// Value of custom call event 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_call_event2_value: Option<String>,
    /// Value of custom call event 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_call_event3_value: Option<String>,
    /// Any other field, by its wire name.
    #[serde(flatten)]
    pub fields: BTreeMap<String, String>,
}

impl CallData {
    /// Call data with the always-required fields; add the session with
    /// [`CallData::session`].
    pub fn new(
        campaign_id: impl std::fmt::Display,
        media_id: impl std::fmt::Display,
        event_date: impl Into<String>,
        action_tracker_id: impl std::fmt::Display,
        call_provider: impl Into<String>,
    ) -> Self {
        CallData {
            campaign_id: campaign_id.to_string(),
            media_id: media_id.to_string(),
            event_date: event_date.into(),
            action_tracker_id: action_tracker_id.to_string(),
            call_provider: call_provider.into(),
            call_session_id: None,
            caller_id: None,
            called_phone_number: None,
            call_duration: None,
            talk_duration: None,
            ad_id: None,
            call_status: None,
            caller_phone_number_country: None,
            called_phone_number_country: None,
            sub_id1: None,
            sub_id2: None,
            sub_id3: None,
            click_id: None,
            city: None,
            region: None,
            zip: None,
            repeat_caller: None,
            phone_type: None,
            call_recording: None,
            ivr_duration: None,
            keypresses: None,
            key1: None,
            key2: None,
            key3: None,
            key4: None,
            traffic_source: None,
            opt_in_sms: None,
            user_agent: None,
            disposition_name: None,
            sale_amount: None,
            reference_id: None,
            custom_conversion_event1_name: None,
            custom_conversion_event2_name: None,
            custom_conversion_event3_name: None,
            custom_conversion_event1_value: None,
            custom_conversion_event2_value: None,
            custom_conversion_event3_value: None,
            vendor_event_id: None,
            promo_number_description: None,
            custom_call_event1_name: None,
            custom_call_event2_name: None,
            custom_call_event3_name: None,
            custom_call_event1_value: None,
            custom_call_event2_value: None,
            custom_call_event3_value: None,
            fields: BTreeMap::new(),
        }
    }

    /// Sets the session fields the spec also requires: `CallSessionId`,
    /// `CallerId`, `CalledPhoneNumber`, `CallDuration`, `TalkDuration`.
    pub fn session(
        mut self,
        session_id: impl Into<String>,
        caller_id: impl Into<String>,
        called_number: impl Into<String>,
        call_duration_secs: u64,
        talk_duration_secs: u64,
    ) -> Self {
        self.call_session_id = Some(session_id.into());
        self.caller_id = Some(caller_id.into());
        self.called_phone_number = Some(called_number.into());
        self.call_duration = Some(call_duration_secs);
        self.talk_duration = Some(talk_duration_secs);
        self
    }

    /// Sets any other field by its wire name. A key that is also a typed
    /// field is sent twice; prefer the typed setter.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.insert(name.into(), value.into());
        self
    }

    /// The fields as `(wire name, value)` pairs, in the order of the form.
    fn pairs(&self) -> Result<Vec<(String, String)>> {
        let text = serde_json::to_value(self).map_err(|e| {
            affiliate_common::Error::invalid_input(format!("cannot encode the call data: {e}"))
        })?;
        let Value::Object(map) = text else {
            return Ok(Vec::new());
        };
        Ok(map
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect())
    }
}

impl CallData {
    /// Sets `AdId` (a number or its text).
    pub fn ad_id(mut self, v: impl std::fmt::Display) -> Self {
        self.ad_id = Some(v.to_string());
        self
    }
}

setters!(CallData {
    /// Sets `CallStatus`.
    call_status: String,
    /// Sets `CallerPhoneNumberCountry`.
    caller_phone_number_country: String,
    /// Sets `CalledPhoneNumberCountry`.
    called_phone_number_country: String,
    /// Sets `SubId1`.
    sub_id1: String,
    /// Sets `SubId2`.
    sub_id2: String,
    /// Sets `SubId3`.
    sub_id3: String,
    /// Sets `ClickId`.
    click_id: String,
    /// Sets `City`.
    city: String,
    /// Sets `Region`.
    region: String,
    /// Sets `Zip`.
    zip: String,
    /// Sets `RepeatCaller`.
    repeat_caller: String,
    /// Sets `PhoneType`.
    phone_type: String,
    /// Sets `CallRecording`.
    call_recording: String,
    /// Sets `IvrDuration`.
    ivr_duration: u64,
    /// Sets `Keypresses`.
    keypresses: String,
    /// Sets `Key1`.
    key1: String,
    /// Sets `Key2`.
    key2: String,
    /// Sets `Key3`.
    key3: String,
    /// Sets `Key4`.
    key4: String,
    /// Sets `TrafficSource`.
    traffic_source: String,
    /// Sets `OptInSms`.
    opt_in_sms: String,
    /// Sets `UserAgent`.
    user_agent: String,
    /// Sets `DispositionName`.
    disposition_name: String,
    /// Sets `SaleAmount`.
    sale_amount: f64,
    /// Sets `ReferenceId`.
    reference_id: String,
    /// Sets `CustomConversionEvent1Name`.
    custom_conversion_event1_name: String,
    /// Sets `CustomConversionEvent2Name`.
    custom_conversion_event2_name: String,
    /// Sets `CustomConversionEvent3Name`.
    custom_conversion_event3_name: String,
    /// Sets `CustomConversionEvent1Value`.
    custom_conversion_event1_value: String,
    /// Sets `CustomConversionEvent2Value`.
    custom_conversion_event2_value: String,
    /// Sets `CustomConversionEvent3Value`.
    custom_conversion_event3_value: String,
    /// Sets `VendorEventId`.
    vendor_event_id: String,
    /// Sets `PromoNumberDescription`.
    promo_number_description: String,
    /// Sets `CustomCallEvent1Name`.
    custom_call_event1_name: String,
    /// Sets `CustomCallEvent2Name`.
    custom_call_event2_name: String,
    /// Sets `CustomCallEvent3Name`.
    custom_call_event3_name: String,
    /// Sets `CustomCallEvent1Value`.
    custom_call_event1_value: String,
    /// Sets `CustomCallEvent2Value`.
    custom_call_event2_value: String,
    /// Sets `CustomCallEvent3Value`.
    custom_call_event3_value: String,
});

/// The response of `calldata/logCallData`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CallDataResult {
    /// `OK` on success.
    #[serde(
        rename = "Status",
        default,
        deserialize_with = "lenient::option_string"
    )]
    pub status: Option<String>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The event type of a conversion under the name an [`Action`] gives it.
///
/// impact.com calls one id by two names: a conversion submits it as
/// `EventTypeId` (required, so [`ConversionPayload::new`](crate::models::brand::ConversionPayload::new) takes it first),
/// an action reports it back as `ActionTrackerId`. Both names set the same
/// field, so an id read from `action.action_tracker_id` can be passed on as
/// it is.
///
/// [`Action`]: crate::models::brand::Action
impl crate::models::brand::ConversionPayload {
    /// Replaces the event type (`EventTypeId`, the first argument of
    /// [`new`](Self::new)) by the name an `Action` uses for it.
    ///
    /// ```
    /// use impact_com::models::brand::ConversionPayload;
    /// use impact_com::sandbox::{SANDBOX_CAMPAIGN_ID, SANDBOX_EVENT_TYPE_ID};
    ///
    /// let a = ConversionPayload::new(0, "NOW", SANDBOX_CAMPAIGN_ID, "ORDER-1")
    ///     .action_tracker_id(SANDBOX_EVENT_TYPE_ID);
    /// assert_eq!(a.event_type_id, SANDBOX_EVENT_TYPE_ID);
    /// ```
    #[doc(alias = "ActionTrackerId")]
    #[doc(alias = "EventTypeId")]
    pub fn action_tracker_id(mut self, event_type_id: impl std::fmt::Display) -> Self {
        self.event_type_id = event_type_id.to_string();
        self
    }
}
