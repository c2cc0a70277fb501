//! The write tools, listed and callable only with `--allow-writes`.
//!
//! Each takes the API's de-duplication key where the API has one, and its
//! annotations say that it is not read-only and whether repeating it is
//! harmless. None of them is retried blindly: the clients retry a write only
//! when the API de-duplicates it.

use rmcp::handler::server::common::schema_for_type;
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::catalog::{Api, Clients};
use crate::error::{ToolError, api_err};

/// The names of the write tools, with their API.
pub const WRITE_TOOLS: [(&str, Api); 5] = [
    ("partnerstack_create_customer", Api::PartnerStack),
    ("dub_track_lead", Api::Dub),
    ("dub_track_sale", Api::Dub),
    ("impact_submit_conversion", Api::Impact),
    ("referralhero_add_subscriber", Api::ReferralHero),
];

/// Whether `name` is a write tool.
pub fn is_write_tool(name: &str) -> bool {
    WRITE_TOOLS.iter().any(|(n, _)| *n == name)
}

/// Arguments of `partnerstack_create_customer`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomerArgs {
    /// The customer's email address.
    pub email: String,
    /// The referring partner's key (`gstest` is every program's test partner).
    pub partner_key: String,
    /// Your own key for the customer, unique in your program: the key to find it again by.
    pub customer_key: String,
    /// The customer's or company's name.
    pub name: Option<String>,
}

/// Arguments of `dub_track_lead`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackLeadArgs {
    /// The click id (`dub_id`) the lead came from.
    pub click_id: String,
    /// The event's name, e.g. `Sign up`. Dub counts one lead per customer and event name.
    pub event_name: String,
    /// Your id for the customer (de-duplication key together with `event_name`).
    pub customer_external_id: String,
    /// The customer's name.
    pub customer_name: Option<String>,
    /// The customer's email.
    pub customer_email: Option<String>,
}

/// Arguments of `dub_track_sale`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackSaleArgs {
    /// Your id for the customer (who must have a lead).
    pub customer_external_id: String,
    /// The amount in integer cents (minor units) of `currency`.
    #[schemars(range(min = 0))]
    pub amount_cents: i64,
    /// ISO 4217 code, lower case (default `usd`).
    pub currency: Option<String>,
    /// The invoice id: Dub records one sale per invoice id, so a retry does not count twice.
    pub invoice_id: String,
    /// The event's name (default `Purchase`).
    pub event_name: Option<String>,
}

/// Arguments of `impact_submit_conversion`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitConversionArgs {
    /// The campaign (program) id.
    #[schemars(range(min = 1))]
    pub campaign_id: i64,
    /// Your order id: impact.com refuses a second conversion with the same one (CONV_DUPLICATE).
    pub order_id: String,
    /// When it happened (ISO 8601), or `NOW` (the default).
    pub event_date: Option<String>,
    /// The event type (action tracker) id; impact.com requires it.
    #[schemars(range(min = 1))]
    pub event_type_id: i64,
    /// The click id the conversion came from.
    pub click_id: Option<String>,
    /// Your id for the customer.
    pub customer_id: Option<String>,
    /// The order amount in major units of `currency` (e.g. 49.90).
    pub amount: Option<f64>,
    /// ISO 4217 code.
    pub currency: Option<String>,
}

/// Arguments of `referralhero_add_subscriber`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddSubscriberArgs {
    /// The list (campaign) uuid.
    pub list_uuid: String,
    /// The subscriber's email: the list's identifier of a subscriber.
    pub email: String,
    /// The subscriber's name.
    pub name: Option<String>,
    /// The referral code of the subscriber who referred this one.
    pub referrer: Option<String>,
}

fn write_annotations(title: &str, idempotent: bool) -> ToolAnnotations {
    let mut a = ToolAnnotations::new()
        .read_only(false)
        .destructive(false)
        .idempotent(idempotent)
        .open_world(true);
    a.title = Some(title.to_owned());
    a
}

/// The write tools of `apis`.
pub fn tools(apis: &[Api]) -> Vec<Tool> {
    let mut out = Vec::new();
    for (name, api) in WRITE_TOOLS {
        if !apis.contains(&api) {
            continue;
        }
        out.push(match name {
            "partnerstack_create_customer" => Tool::new(
                name,
                "WRITE: create a PartnerStack customer referred by a partner (POST /customers). \
                 `customer_key` is your own unique key for it; a create with a key already in use is refused \
                 with a 400. The vendor does not document that guarantee, so the tool is marked not \
                 idempotent: it is sent once and never retried.",
                schema_for_type::<CreateCustomerArgs>(),
            )
            .annotate(write_annotations("Create a PartnerStack customer", false)),
            "dub_track_lead" => Tool::new(
                name,
                "WRITE: record a lead in Dub for a click (POST /track/lead). Dub counts one lead per \
                 customer_external_id and event_name, so repeating the call is harmless.",
                schema_for_type::<TrackLeadArgs>(),
            )
            .annotate(write_annotations("Track a Dub lead", true)),
            "dub_track_sale" => Tool::new(
                name,
                "WRITE: record a sale in Dub for a customer who has a lead (POST /track/sale). \
                 Amount in integer cents. `invoice_id` is Dub's de-duplication key: one sale per invoice.",
                schema_for_type::<TrackSaleArgs>(),
            )
            .annotate(write_annotations("Track a Dub sale", true)),
            "impact_submit_conversion" => Tool::new(
                name,
                "WRITE: submit a conversion to impact.com (POST Conversions, processed asynchronously; \
                 the answer is a queued submission). `order_id` is the de-duplication key: impact.com \
                 refuses a second conversion with the same order id.",
                schema_for_type::<SubmitConversionArgs>(),
            )
            .annotate(write_annotations("Submit an impact.com conversion", true)),
            _ => Tool::new(
                name,
                "WRITE: add a subscriber to a ReferralHero list (POST /lists/{uuid}/subscribers), \
                 identified by email. Not idempotent: it is sent once and never retried.",
                schema_for_type::<AddSubscriberArgs>(),
            )
            .annotate(write_annotations("Add a ReferralHero subscriber", false)),
        });
    }
    out
}

fn args<T: for<'de> Deserialize<'de>>(tool: &str, a: Option<JsonObject>) -> Result<T, ToolError> {
    serde_json::from_value(Value::Object(a.unwrap_or_default())).map_err(|e| {
        ToolError::invalid(format!(
            "invalid arguments for {tool}: {e}; see the tool's input schema"
        ))
    })
}

fn non_empty<'a>(field: &str, v: &'a str) -> Result<&'a str, ToolError> {
    let t = v.trim();
    if t.is_empty() {
        Err(ToolError::invalid(format!("`{field}` must not be empty")))
    } else {
        Ok(t)
    }
}

fn to_json<T: serde::Serialize>(v: T) -> Result<Value, ToolError> {
    serde_json::to_value(v).map_err(|e| ToolError::internal(e.to_string()))
}

/// Runs the write tool `name`: a one-line summary and the API's answer.
pub(crate) async fn call(
    clients: &Clients,
    name: &str,
    a: Option<JsonObject>,
) -> Result<(String, Value), ToolError> {
    match name {
        "partnerstack_create_customer" => {
            let a: CreateCustomerArgs = args(name, a)?;
            let ps = clients.partnerstack()?;
            let mut body = partnerstack::NewCustomer::new(
                non_empty("email", &a.email)?,
                non_empty("partner_key", &a.partner_key)?,
            )
            .customer_key(non_empty("customer_key", &a.customer_key)?);
            if let Some(n) = a.name {
                body = body.name(n);
            }
            let c = ps
                .customers()
                .create(&body)
                .await
                .map_err(api_err(Api::PartnerStack))?;
            let v = to_json(c)?;
            Ok((
                format!(
                    "created PartnerStack customer {} (customer_key {})",
                    v["key"].as_str().unwrap_or("?"),
                    a.customer_key
                ),
                json!({ "customer": v }),
            ))
        }
        "dub_track_lead" => {
            let a: TrackLeadArgs = args(name, a)?;
            let dub = clients.dub()?;
            let mut body = dub::models::TrackLead::new(
                non_empty("click_id", &a.click_id)?,
                non_empty("event_name", &a.event_name)?,
                non_empty("customer_external_id", &a.customer_external_id)?,
            );
            if let Some(n) = a.customer_name {
                body = body.customer_name(n);
            }
            if let Some(e) = a.customer_email {
                body = body.customer_email(e);
            }
            let out = dub.track().lead(&body).await.map_err(api_err(Api::Dub))?;
            Ok((
                format!(
                    "tracked Dub lead `{}` for customer {}",
                    a.event_name, a.customer_external_id
                ),
                json!({ "result": to_json(out)? }),
            ))
        }
        "dub_track_sale" => {
            let a: TrackSaleArgs = args(name, a)?;
            if a.amount_cents < 0 {
                return Err(ToolError::invalid(
                    "`amount_cents` must be 0 or more (integer cents)",
                ));
            }
            let dub = clients.dub()?;
            let mut body = dub::models::TrackSale::new(
                non_empty("customer_external_id", &a.customer_external_id)?,
                a.amount_cents,
            )
            .invoice_id(non_empty("invoice_id", &a.invoice_id)?);
            if let Some(c) = a.currency {
                body = body.currency(c);
            }
            if let Some(e) = a.event_name {
                body = body.event_name(e);
            }
            let out = dub.track().sale(&body).await.map_err(api_err(Api::Dub))?;
            Ok((
                format!(
                    "tracked Dub sale of {} cents, invoice {}",
                    a.amount_cents, a.invoice_id
                ),
                json!({ "result": to_json(out)? }),
            ))
        }
        "impact_submit_conversion" => {
            let a: SubmitConversionArgs = args(name, a)?;
            let brand = clients.impact()?;
            let mut body = impact_com::models::brand::ConversionPayload::new(
                a.event_type_id,
                a.event_date.as_deref().unwrap_or("NOW"),
                a.campaign_id,
                non_empty("order_id", &a.order_id)?,
            );
            if let Some(v) = a.click_id {
                body = body.click_id(v);
            }
            if let Some(v) = a.customer_id {
                body = body.customer_id(v);
            }
            if let Some(v) = a.amount {
                body = body.amount(v);
            }
            if let Some(v) = a.currency {
                body = body.currency_code(v);
            }
            let out = brand
                .conversions()
                .submit(&body)
                .await
                .map_err(api_err(Api::Impact))?;
            let v = to_json(out)?;
            Ok((
                format!(
                    "submitted impact.com conversion for order {} (campaign {}): {}",
                    a.order_id,
                    a.campaign_id,
                    v.get("Status").and_then(Value::as_str).unwrap_or("queued")
                ),
                json!({ "submission": v }),
            ))
        }
        "referralhero_add_subscriber" => {
            let a: AddSubscriberArgs = args(name, a)?;
            let rh = clients.referralhero()?;
            let mut body = referralhero::models::NewSubscriber::new(
                referralhero::models::Identifier::email(non_empty("email", &a.email)?),
            );
            if let Some(n) = a.name {
                body = body.name(n);
            }
            if let Some(r) = a.referrer {
                body = body.referrer(r);
            }
            let s = rh
                .subscribers(non_empty("list_uuid", &a.list_uuid)?)
                .create(&body)
                .await
                .map_err(api_err(Api::ReferralHero))?;
            let v = to_json(s)?;
            Ok((
                format!(
                    "added ReferralHero subscriber {} ({}) to list {}",
                    v["id"].as_str().unwrap_or("?"),
                    a.email,
                    a.list_uuid
                ),
                json!({ "subscriber": v }),
            ))
        }
        other => Err(ToolError::invalid(format!("unknown write tool `{other}`"))),
    }
}
