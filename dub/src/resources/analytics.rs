//! Analytics: the response shape depends on `groupBy` (and `event`).

use affiliate_common::{ApiPath, Request};
use serde::de::DeserializeOwned;

use crate::models::{
    AnalyticsBrowsers, AnalyticsCities, AnalyticsContinents, AnalyticsCount, AnalyticsCountries,
    AnalyticsDevices, AnalyticsOs, AnalyticsRefererUrls, AnalyticsReferers, AnalyticsRegions,
    AnalyticsTimeseries, AnalyticsTopLinks, AnalyticsTopUrls, AnalyticsTriggers,
    PartnerAnalyticsCount, PartnerAnalyticsTimeseries, PartnerAnalyticsTopLinks,
};
use crate::resources::{Analytics, PartnerAnalytics, RetrieveAnalytics};
use crate::{Error, Result};

/// `GET /analytics` decoded by the `groupBy` that was asked for.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AnalyticsResponse {
    /// `groupBy=count` (the default).
    Count(AnalyticsCount),
    /// `timeseries`.
    Timeseries(Vec<AnalyticsTimeseries>),
    /// `continents`.
    Continents(Vec<AnalyticsContinents>),
    /// `countries`.
    Countries(Vec<AnalyticsCountries>),
    /// `regions`.
    Regions(Vec<AnalyticsRegions>),
    /// `cities`.
    Cities(Vec<AnalyticsCities>),
    /// `devices`.
    Devices(Vec<AnalyticsDevices>),
    /// `browsers`.
    Browsers(Vec<AnalyticsBrowsers>),
    /// `os`.
    Os(Vec<AnalyticsOs>),
    /// `trigger` / `triggers`.
    Triggers(Vec<AnalyticsTriggers>),
    /// `referers`.
    Referers(Vec<AnalyticsReferers>),
    /// `referer_urls`.
    RefererUrls(Vec<AnalyticsRefererUrls>),
    /// `top_links`.
    TopLinks(Vec<AnalyticsTopLinks>),
    /// `top_urls`.
    TopUrls(Vec<AnalyticsTopUrls>),
    /// Any other grouping (`utm_*`, `top_partners`, ...), untyped.
    Other(serde_json::Value),
}

fn rows<T: DeserializeOwned>(v: serde_json::Value) -> Result<T> {
    serde_json::from_value(v)
        .map_err(|e| Error::invalid_input(format!("unexpected analytics shape: {e}")))
}

impl AnalyticsResponse {
    fn decode(group_by: &str, v: serde_json::Value) -> Result<Self> {
        Ok(match group_by {
            "count" => Self::Count(rows(v)?),
            "timeseries" => Self::Timeseries(rows(v)?),
            "continents" => Self::Continents(rows(v)?),
            "countries" => Self::Countries(rows(v)?),
            "regions" => Self::Regions(rows(v)?),
            "cities" => Self::Cities(rows(v)?),
            "devices" => Self::Devices(rows(v)?),
            "browsers" => Self::Browsers(rows(v)?),
            "os" => Self::Os(rows(v)?),
            "trigger" | "triggers" => Self::Triggers(rows(v)?),
            "referers" => Self::Referers(rows(v)?),
            "referer_urls" => Self::RefererUrls(rows(v)?),
            "top_links" => Self::TopLinks(rows(v)?),
            "top_urls" => Self::TopUrls(rows(v)?),
            _ => Self::Other(v),
        })
    }
}

impl RetrieveAnalytics {
    /// Sends the request and decodes the rows for the requested `groupBy`.
    ///
    /// # Errors
    /// As for [`Analytics::retrieve`].
    pub async fn send(self) -> Result<AnalyticsResponse> {
        let (client, request) = self.into_parts()?;
        let group = request.query_value("groupBy").unwrap_or("count").to_owned();
        let v: serde_json::Value = client.send_json(request).await?;
        // A count that is not an object (or rows that are not a list) stays untyped.
        match (&v, group.as_str()) {
            (serde_json::Value::Object(_), "count") | (serde_json::Value::Array(_), _) => {
                AnalyticsResponse::decode(&group, v.clone()).or(Ok(AnalyticsResponse::Other(v)))
            }
            _ => Ok(AnalyticsResponse::Other(v)),
        }
    }
}
affiliate_common::into_future!(RetrieveAnalytics => AnalyticsResponse);

impl Analytics {
    /// Retrieves aggregated analytics, through the analytics rate-limit
    /// budget (per second, by plan).
    ///
    /// `GET /analytics`. The shape depends on `groupBy`: see
    /// [`AnalyticsResponse`]. Filters take one value, a comma-separated
    /// list, or a `-` exclusion (`.country("-US")`).
    ///
    /// # Errors
    /// Any [`Error`] of the request (a Free plan gets 403).
    ///
    /// ```
    /// # #[allow(unsafe_code)] fn set(k: &str, v: &str) { unsafe { std::env::set_var(k, v) } }
    /// # #[tokio::main] async fn main() -> dub::Result<()> {
    /// # let running = dub::sandbox::start().await?;
    /// # set("DUB_API_KEY", dub::sandbox::SANDBOX_KEY);
    /// # set("DUB_BASE_URL", running.sandbox.url().as_str());
    /// let client = dub::Client::from_env()?;
    /// let by_country = client.analytics().retrieve().group_by("countries").interval("30d").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn retrieve(&self) -> RetrieveAnalytics {
        RetrieveAnalytics::new(
            self.client.clone(),
            Ok(Request::get(ApiPath::new("analytics")).bucket(crate::client::ANALYTICS_BUCKET)),
        )
    }
}

/// `GET /partners/analytics` decoded by the `groupBy` that was asked for.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PartnerAnalyticsResponse {
    /// `groupBy=count` (the default).
    Count(PartnerAnalyticsCount),
    /// `timeseries`.
    Timeseries(Vec<PartnerAnalyticsTimeseries>),
    /// `top_links`.
    TopLinks(Vec<PartnerAnalyticsTopLinks>),
    /// Any other shape, untyped.
    Other(serde_json::Value),
}

impl PartnerAnalytics {
    /// Sends the request and decodes the rows for the requested `groupBy`.
    ///
    /// # Errors
    /// As for [`Partners::analytics`](crate::resources::Partners::analytics).
    pub async fn send(self) -> Result<PartnerAnalyticsResponse> {
        let (client, request) = self.into_parts()?;
        let group = request.query_value("groupBy").unwrap_or("count").to_owned();
        let v: serde_json::Value = client.send_json(request).await?;
        let decoded = match (group.as_str(), &v) {
            ("count", serde_json::Value::Object(_)) => {
                rows(v.clone()).map(PartnerAnalyticsResponse::Count)
            }
            ("timeseries", serde_json::Value::Array(_)) => {
                rows(v.clone()).map(PartnerAnalyticsResponse::Timeseries)
            }
            ("top_links", serde_json::Value::Array(_)) => {
                rows(v.clone()).map(PartnerAnalyticsResponse::TopLinks)
            }
            _ => Ok(PartnerAnalyticsResponse::Other(v.clone())),
        };
        Ok(decoded.unwrap_or(PartnerAnalyticsResponse::Other(v)))
    }
}
affiliate_common::into_future!(PartnerAnalytics => PartnerAnalyticsResponse);
