//! impact.com's rules: which documents make up each persona's API, resource
//! handlers and method names. Brand v14, Partner v16 and Agency v3 are
//! generated into separate modules so their models (`Program`, `Action`,
//! ...) never merge.

use std::path::Path;

use crate::config::{ApiConfig, Mode, OpPlan};
use crate::import::{Rules, pagination};
use crate::ir::{Model, Operation};
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

    fn keep_extra(&self, _type_name: &str) -> bool {
        // Field sets differ by API version: every model keeps unknown keys.
        true
    }

    fn plan(&self, op: &Operation) -> OpPlan {
        let (handler, accessor) = self.resource(&op.tag);
        let method = self.method_name(op, &handler);
        // `ListActions`, else `ActionsGetItem`-style.
        let builder = if method == "list" {
            format!("List{handler}")
        } else {
            names::pascal(&format!("{handler} {method}"))
        };
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
            builder,
            mode,
            request_calls: Vec::new(),
            doc_url: op
                .doc_url
                .clone()
                .unwrap_or_else(|| self.persona.docs_root().to_owned()),
        }
    }
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
            crate::emit_impact::list_items_key(op, model).map(|key| {
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
