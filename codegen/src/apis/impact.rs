//! impact.com's rules: which documents make up each persona's API, resource
//! handlers and method names. Brand v14, Partner v16 and Agency v3 are
//! generated into separate modules so their models (`Program`, `Action`,
//! ...) never merge.

use std::path::Path;

use crate::config::{ApiConfig, Mode, ModelStyle, OpPlan, OpsStyle, Returns, struct_fields};
use crate::emit::qualified;
use crate::import::{Rules, pagination};
use crate::ir::{Model, Operation, Param, ResponseBody, TypeRef};
use crate::names;
use crate::spec::{Node, Spec};

/// One persona of the impact.com API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    /// `/Advertisers/{AccountSID}` (Brand API v14).
    Brand,
    /// `/Mediapartners/{AccountSID}` (Partner API v16).
    Partner,
    /// `/Agencies/{AccountSID}` (Agency API v3).
    Agency,
}

impl Persona {
    /// Every persona the generator emits.
    pub const ALL: [Persona; 3] = [Persona::Brand, Persona::Partner, Persona::Agency];

    /// The module name (`brand`).
    pub fn module(self) -> &'static str {
        match self {
            Persona::Brand => "brand",
            Persona::Partner => "partner",
            Persona::Agency => "agency",
        }
    }

    /// The hand-written client type the handlers hang off.
    pub fn client_type(self) -> &'static str {
        match self {
            Persona::Brand => "BrandClient",
            Persona::Partner => "PartnerClient",
            Persona::Agency => "AgencyClient",
        }
    }

    /// The path prefix every generated operation starts with.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Persona::Brand => "/Advertisers/{AccountSID}",
            Persona::Partner => "/Mediapartners/{AccountSID}",
            Persona::Agency => "/Agencies/{AccountSID}",
        }
    }

    /// Whether a document file name belongs to this persona.
    pub fn selects(self, file: &str) -> bool {
        let (prefix, suffix) = match self {
            Persona::Brand => ("impact-brand-", "-v14.yaml"),
            Persona::Partner => ("impact-partner-", "-v16.yaml"),
            Persona::Agency => ("impact-agency-", "-v3.yaml"),
        };
        file.starts_with(prefix) && file.ends_with(suffix) && !file.contains("advocate")
    }

    /// The root of the persona's API reference (`info.x-vendor-docs`, and
    /// every operation's `externalDocs.url`: the vendor's per-operation
    /// pages cannot be derived from the documents).
    pub fn docs_root(self) -> &'static str {
        match self {
            Persona::Brand => "https://integrations.impact.com/impact-brand/reference",
            Persona::Partner => "https://integrations.impact.com/impact-publisher/reference",
            Persona::Agency => "https://integrations.impact.com/impact-agency/reference",
        }
    }

    /// The persona's description in `specs/impact/` (`brand.yaml`).
    pub fn spec_file(self) -> String {
        format!("{}.yaml", self.module())
    }

    /// The title and version of the persona's description.
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            Persona::Brand => ("impact.com Brand API", "v14"),
            Persona::Partner => ("impact.com Partner API", "v16"),
            Persona::Agency => ("impact.com Agency API", "v3"),
        }
    }
}

/// The doc of `generated/mod.rs`, above the persona modules.
pub const ROOT_DOC: &str = "//! Code generated from the project's impact.com descriptions\n//! (`specs/impact/`): one module per persona, so the Brand and Partner\n//! models never merge.\n";

/// The impact.com config of one persona.
pub struct Impact {
    /// The persona.
    pub persona: Persona,
}

/// tag -> (handler type, accessor), where the tag alone reads badly.
const RESOURCES: &[(&str, &str, &str)] = &[
    ("Programs", "Campaigns", "campaigns"),
    ("Partners", "MediaPartners", "media_partners"),
    ("Reports (Legacy)", "Reports", "reports"),
    ("ClickExport", "ClickExport", "click_export"),
    ("Accounts", "CompanyInformation", "company_information"),
];

/// (persona module, operationId) -> method name, where the derived one is
/// unclear.
const METHODS: &[(&str, &str, &str)] = &[
    ("brand", "listAllReports", "list"),
    ("agency", "listAllReports", "list"),
    (
        "agency",
        "getComplianceSubmissionStatus",
        "get_submission_status",
    ),
    (
        "agency",
        "getComplianceSubmissionResults",
        "get_submission_results",
    ),
    ("brand", "updateActionOrItems", "update"),
    ("brand", "listActionItems", "list_items"),
    ("brand", "getActionItemBySku", "get_item"),
    ("brand", "listUnsubscribedContacts", "list"),
    ("brand", "unsubscribeContact", "create"),
    (
        "brand",
        "getFtpSubmissionErrorDetails",
        "list_error_details",
    ),
    ("brand", "listCompanyInformation", "list"),
    ("partner", "listActionItems", "list_items"),
    ("partner", "retrieveActionItem", "get_item"),
    ("partner", "listActionUpdates", "list_updates"),
    ("partner", "retrieveActionUpdate", "get_update"),
    ("partner", "retrieveCompanyInformation", "get"),
    ("partner", "listAllTaxDocuments", "list"),
    ("partner", "retrieveLatestTaxDocument", "get_latest"),
    ("partner", "searchCatalogItems", "search_items"),
    ("partner", "retrieveJobStatus", "get"),
    (
        "partner",
        "retrieveRequiredBankingFields",
        "get_required_fields",
    ),
];

impl Impact {
    /// The handler type and accessor of a tag.
    pub fn resource(&self, tag: &str) -> (String, String) {
        RESOURCES
            .iter()
            .find(|(t, _, _)| *t == tag)
            .map(|(_, h, a)| (h.to_string(), a.to_string()))
            .unwrap_or_else(|| {
                let base = tag.split('(').next().unwrap_or(tag).trim();
                (names::pascal(base), names::snake(base))
            })
    }

    /// A verb-first method name: the operationId without the resource's
    /// own nouns and without `By...` suffixes (`getActionById` -> `get`).
    fn method_name(&self, op: &Operation, handler: &str) -> String {
        if let Some((_, _, m)) = METHODS
            .iter()
            .find(|(p, id, _)| *p == self.persona.module() && *id == op.id)
        {
            return (*m).to_owned();
        }
        let mut words = names::words(&op.id);
        if let Some(pos) = words.iter().position(|w| w == "by") {
            words.truncate(pos);
        }
        if let Some(first) = words.first_mut()
            && first == "retrieve"
        {
            *first = "get".into();
        }
        let mut nouns: Vec<String> = names::words(handler);
        nouns.extend(names::words(&op.tag));
        let nouns: Vec<String> = nouns
            .iter()
            .flat_map(|n| [n.clone(), names::singular(n), format!("{n}s")])
            .collect();
        let verb = words.first().cloned().unwrap_or_default();
        let rest: Vec<String> = words
            .iter()
            .skip(1)
            .filter(|w| !nouns.contains(w))
            .cloned()
            .collect();
        let mut all = vec![verb];
        all.extend(rest);
        names::rust_ident(&all.join("_"))
    }
}

impl ApiConfig for Impact {
    fn name(&self) -> &'static str {
        "impact"
    }

    fn crate_name(&self) -> &'static str {
        "impact_com"
    }

    fn model_style(&self) -> ModelStyle {
        // Every id is a string, as the wire sends it (`"Id": "1000"`; a
        // number is read as its text). A resource's own id (`x-id`, required
        // in `specs/impact/`) is a plain `String`: a record without it fails
        // to decode, naming the path.
        const ID: &str = "affiliate_common::lenient::string_or_number";
        ModelStyle {
            plain_id: &[("Id", ID), ("CampaignId", ID), ("BatchId", ID)],
            id_required: true,
            ..ModelStyle::default()
        }
    }

    fn keep_extra(&self, _type_name: &str) -> bool {
        // Field sets differ by API version: every model keeps unknown keys.
        true
    }

    fn plan(&self, op: &Operation) -> OpPlan {
        let (handler, accessor) = self.resource(&op.tag);
        let method = self.method_name(op, &handler);
        let mode = if op.path.starts_with(self.persona.path_prefix()) {
            Mode::Generated
        } else {
            // Tracking endpoints on other hosts (`tracking.rs`) and webhook
            // receivers are not account-scoped.
            Mode::Manual
        };
        OpPlan {
            handler,
            accessor: format!("{}.{accessor}()", self.persona.module()),
            method,
            mode,
            request_calls: Vec::new(),
            doc_url: op
                .doc_url
                .clone()
                .unwrap_or_else(|| self.persona.docs_root().to_owned()),
        }
    }

    fn example_setup(&self) -> Option<crate::config::ExampleSetup> {
        // One sandbox serves the three personas under its Account SID;
        // held ids: the first record it holds in a collection.
        Some(crate::config::ExampleSetup {
            start: "impact_com::sandbox::start_with(impact_com::sandbox::SandboxConfig::small(), |b| b)",
            receivers: &[
                ("client", "running.client.clone()"),
                (
                    "brand",
                    "running.client.brand(impact_com::sandbox::SANDBOX_ACCOUNT_SID)",
                ),
                (
                    "partner",
                    "running.client.partner(impact_com::sandbox::SANDBOX_ACCOUNT_SID)",
                ),
                (
                    "agency",
                    "running.client.agency(impact_com::sandbox::SANDBOX_ACCOUNT_SID)",
                ),
            ],
            held: &[
                (
                    "campaign_id",
                    "running.api.ids(\"Campaigns\").unwrap_or_default()[0].clone()",
                ),
                (
                    "media_partner_id",
                    "running.api.ids(\"MediaPartners\").unwrap_or_default()[0].clone()",
                ),
                (
                    "action_id",
                    "running.api.ids(\"Actions\").unwrap_or_default()[0].clone()",
                ),
                (
                    "job_id",
                    "running.api.ids(\"Jobs\").unwrap_or_default()[0].clone()",
                ),
            ],
            path_ids: &[
                ("Campaigns", "campaign_id"),
                ("MediaPartners", "media_partner_id"),
                ("Actions", "action_id"),
                ("Jobs", "job_id"),
            ],
        })
    }

    fn ops_style(&self) -> OpsStyle {
        let p = self.persona;
        let module = p.module();
        OpsStyle {
            sender: "Scope",
            field: "scope",
            imports: "use super::models;\nuse crate::Scope;\n",
            handlers_on: Some(p.client_type()),
            path_prefix: Some(p.path_prefix()),
            models_path: format!("impact_com::models::{module}"),
            path_note: " The Account SID comes from the scoped client.",
            errors: "[`Error::Api`](crate::Error::Api) for an error response, \
                     [`Error::RateLimited`](crate::Error::RateLimited) after a 429, \
                     [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty id or a rejected query, \
                     and transport, timeout or decode errors (XML bodies included).",
            empty_enum_none: true,
            module: Some(module),
            title: format!(
                "The {} {}: models (public as `impact_com::models::{module}`) and\n//! resource handlers (`impact_com::resources::{module}`).",
                p.title().0,
                p.title().1
            ),
            wiremock_tests: true,
            roundtrip: false,
            ..OpsStyle::default()
        }
    }

    fn returns(&self, op: &Operation, _plan: &OpPlan, model: &Model) -> Returns {
        returns(op, model)
    }

    fn send_expr(&self, r: &Returns) -> Option<String> {
        Some(match r {
            Returns::List(_) => return None,
            Returns::Json(t) => format!("sender.get::<{}>(request).await", qualified(t)),
            Returns::Empty | Returns::Write => "sender.write(request).await".into(),
            Returns::Bytes => "Ok(sender.client().http().execute(sender.prepare(request)).await.map_err(crate::flavor::xml_error)?.body.to_vec())".into(),
        })
    }

    fn list_paginator(
        &self,
        op: &Operation,
        builder: &str,
        optional: &[Param],
        item: &str,
    ) -> Option<String> {
        let actions = is_actions(&op.path);
        if !actions {
            // The common case, in one line (`affiliate_common::paged_list!`).
            let page_size = if optional.iter().any(|q| q.wire == "PageSize") {
                ""
            } else {
                "; page_size \"PageSize\""
            };
            return Some(format!(
                "affiliate_common::paged_list!({builder} => crate::ImpactPage<{item}> = |scope, request| scope.paginate(request){page_size});\n"
            ));
        }
        let mut out = format!("impl {builder} {{\n");
        if !optional.iter().any(|q| q.wire == "PageSize") {
            out.push_str("    /// `PageSize`: items per page. Defaults to the largest page the API allows for this list.\n");
            out.push_str("    pub fn page_size(self, value: u64) -> Self {\n        self.set(\"PageSize\", value.to_string())\n    }\n\n");
        }
        out.push_str(&format!(
            "    /// The paginator of this list (page size and rate-limit bucket applied).\n    ///\n    /// # Errors\n    /// [`Error::InvalidInput`](crate::Error::InvalidInput) when a parameter was rejected{}.\n    pub fn into_paginator(self) -> crate::Result<crate::Paginator<crate::ImpactPage<{item}>>> {{\n        let (scope, request) = self.into_parts()?;\n",
            if actions { " or the Actions rules fail" } else { "" }
        ));
        if actions {
            out.push_str("        let request = if request.query_value(\"PageSize\").is_none() {\n            request.set_query(\"PageSize\", crate::validate::ListKind::Actions.default_page_size())\n        } else {\n            request\n        };\n        crate::validate::check_actions_request(&request)?;\n");
        }
        out.push_str("        scope.paginate(request)\n    }\n}\n\n");
        out.push_str(&format!(
            "affiliate_common::list_builder!({builder} => crate::ImpactPage<{item}>);\n"
        ));
        Some(out)
    }

    fn op_notes(&self, op: &Operation, returns: &Returns) -> Vec<String> {
        let mut notes = Vec::new();
        match returns {
            Returns::List(_) => {
                notes.push("Pages follow `@nextpageuri`; the stream ends when it is empty.".into());
                if is_actions(&op.path) {
                    notes.push("The Actions rules (PageSize at least 2,000, a 45-day window, at most 10 pages) are checked before sending.".into());
                }
            }
            Returns::Write | Returns::Empty => notes.push(
                "Answers a [`WriteResult`](crate::WriteResult) (`{Status, Uri}` or a queued job)."
                    .into(),
            ),
            _ => {}
        }
        notes
    }

    fn default_page_size(&self, op: &Operation) -> Option<u64> {
        Some(if is_actions(&op.path) || is_report_run(op) {
            20000
        } else {
            1000
        })
    }

    fn checks_list_rules(&self, op: &Operation) -> bool {
        is_actions(&op.path)
    }

    fn list_items_key(&self, op: &Operation, model: &Model) -> Option<String> {
        list_items_key(op, model)
    }
}

/// What an impact.com operation answers.
fn returns(op: &Operation, model: &Model) -> Returns {
    match &op.response {
        ResponseBody::Binary(_) => Returns::Bytes,
        // A read without a documented body answers its raw bytes.
        ResponseBody::Empty if op.method == "GET" => Returns::Bytes,
        ResponseBody::Empty => Returns::Write,
        // impact.com wraps every list in an `@`-metadata object, even where
        // a spec documents a bare array: the wire wins.
        ResponseBody::Json(TypeRef::Array(item)) if op.method == "GET" => {
            Returns::List((**item).clone())
        }
        ResponseBody::Json(t) if op.method == "GET" => {
            if let Some(fields) = struct_fields(model, t) {
                let data: Vec<_> = fields.iter().filter(|f| !f.wire.starts_with('@')).collect();
                if let [only] = data.as_slice()
                    && let TypeRef::Array(item) = &only.ty
                {
                    return Returns::List((**item).clone());
                }
            }
            Returns::Json(t.clone())
        }
        ResponseBody::Json(t) => {
            let is_write = struct_fields(model, t).is_some_and(|fs| {
                fs.iter()
                    .any(|f| matches!(f.wire.as_str(), "Status" | "Uri" | "QueuedUri"))
            });
            if is_write || *t == TypeRef::Any || *t == TypeRef::Object {
                Returns::Write
            } else {
                Returns::Json(t.clone())
            }
        }
    }
}

/// The key of the records in a list operation's body (`Actions`), or
/// `None` when the operation is not a list.
pub fn list_items_key(op: &Operation, model: &Model) -> Option<String> {
    if !matches!(returns(op, model), Returns::List(_)) {
        return None;
    }
    let key = match &op.response {
        ResponseBody::Json(t) => struct_fields(model, t)
            .and_then(|fs| fs.iter().find(|f| !f.wire.starts_with('@')))
            .map(|f| f.wire.clone()),
        _ => None,
    }
    .or_else(|| {
        op.path
            .rsplit('/')
            .find(|s| !s.starts_with('{'))
            .map(str::to_owned)
    })
    .unwrap_or_else(|| "Items".into());
    Some(key)
}

/// `/{Persona}/{AccountSID}/Actions` or `.../ActionUpdates`.
fn is_actions(path: &str) -> bool {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    matches!(segs.as_slice(), [_, _, last] if matches!(*last, "Actions" | "ActionUpdates"))
}

fn is_report_run(op: &Operation) -> bool {
    let segs: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    matches!(segs.as_slice(), [_, _, "Reports", id] if id.starts_with('{'))
}

/// Reads the vendor's documents of `persona` from `dir` (one YAML file per
/// resource) and merges them into one document, as the description of the
/// persona was first imported: a component two documents define
/// differently is renamed in the later one (`{FileStem}{Name}`).
pub fn load_vendor(dir: &Path, persona: Persona) -> Result<Spec, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| persona.selects(n))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!(
            "no {} documents in {}",
            persona.module(),
            dir.display()
        ));
    }
    let mut docs = Vec::new();
    let mut stems = Vec::new();
    for name in &names {
        let path = dir.join(name);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let spec = Spec::parse(&bytes, "yaml").map_err(|e| format!("{name}: {e}"))?;
        // `impact-brand-exceptionlists-v14.yaml` -> `Exceptionlists`.
        let stem = name
            .trim_end_matches(".yaml")
            .split('-')
            .skip(2)
            .filter(|w| !w.starts_with('v') || !w[1..].chars().all(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ");
        stems.push(names::pascal(&stem));
        docs.push((spec, bytes));
    }
    let servers = docs[0].0.root.get("servers").clone();
    let (title, version) = persona.title();
    let mut spec = Spec::merge(
        docs,
        format!("{title} ({} documents)", names.len()),
        version.to_owned(),
        |i| stems[i].clone(),
    )?;
    if let Node::Obj(m) = &mut spec.root
        && !servers.is_null()
    {
        m.shift_insert(2, "servers".to_owned(), servers);
    }
    Ok(spec)
}

/// Imports the Brand, Partner and Agency descriptions from the vendor's
/// folder: `(persona, YAML text)` for `specs/impact/<persona>.yaml`.
pub fn import(dir: &Path) -> Result<Vec<(Persona, String)>, String> {
    let mut out = Vec::new();
    for persona in Persona::ALL {
        let vendor = load_vendor(dir, persona)?;
        let cfg = Impact { persona };
        let (title, version) = persona.title();
        let preamble = format!(
            "# The project's description of the {title} {version} (OpenAPI 3.1), read by\n\
             # the generator (`cargo run -p codegen`). It was bootstrapped from\n\
             # impact.com's per-resource OpenAPI documents of this persona, merged, by\n\
             # `cargo run -p codegen -- import impact <openapi folder> specs/impact`,\n\
             # keeping facts only (no vendor prose); edit it by hand from now on.\n\
             # `cargo run -p codegen -- diff impact <openapi folder>` lists vendor drift.\n"
        );
        let doc_url = |_: &Operation| persona.docs_root().to_owned();
        let pagination = |op: &Operation, _: &OpPlan, model: &Model| {
            list_items_key(op, model).map(|key| {
                pagination(&[
                    ("style", "next_link"),
                    ("items", &key),
                    ("page_size_param", "PageSize"),
                    ("page_param", "Page"),
                    ("next_link", "@nextpageuri"),
                    ("ends_when", "@nextpageuri is empty"),
                    ("total", "@total"),
                ])
            })
        };
        let text = crate::import::import(
            &vendor.root,
            &Rules {
                cfg: &cfg,
                doc_url: &doc_url,
                pagination: &pagination,
                info: (title, version, persona.docs_root()),
                preamble: &preamble,
            },
        )?;
        out.push((persona, text));
    }
    Ok(out)
}
