//! Nothing was lost when the generator moved from the vendors' documents
//! to the project's descriptions in `specs/`: the descriptions lower to
//! the same numbers of operations, parameters, types, fields and enum
//! values as the vendors' documents did before the move (counted then with
//! the same lowering), and every operation of a description reaches the
//! model.

use crate::apis::dub::Dub;
use crate::apis::impact::{Impact, Persona};
use crate::apis::partnerstack::PartnerStack;
use crate::config::ApiConfig;
use crate::ir::{Model, TypeDef};
use crate::lower::lower;
use crate::spec::{Node, Spec};

/// What a model holds.
#[derive(Debug, PartialEq, Eq)]
struct Counts {
    ops: usize,
    params: usize,
    types: usize,
    structs: usize,
    fields: usize,
    enum_values: usize,
}

fn counts(model: &Model) -> Counts {
    let mut c = Counts {
        ops: model.ops.len(),
        params: model
            .ops
            .iter()
            .map(|o| o.path_params.len() + o.query.len())
            .sum(),
        types: model.types.len(),
        structs: 0,
        fields: 0,
        enum_values: 0,
    };
    for t in &model.types {
        match t {
            TypeDef::Struct { fields, .. } => {
                c.structs += 1;
                c.fields += fields.len();
            }
            TypeDef::Enum { values, .. } => c.enum_values += values.len(),
            _ => {}
        }
    }
    c
}

/// Operations and their path and query parameters, counted in the
/// description itself.
fn spec_ops_and_params(spec: &Spec) -> (usize, usize) {
    let mut ops = 0;
    let mut params = 0;
    for (_, item) in spec.root.get("paths").entries() {
        for method in ["get", "post", "put", "patch", "delete"] {
            let op = item.get(method);
            if op.is_null() {
                continue;
            }
            ops += 1;
            params += item
                .get("parameters")
                .items()
                .iter()
                .chain(op.get("parameters").items())
                .map(|p| match p.get("$ref").as_str() {
                    Some(r) => spec.resolve_ref(r).unwrap_or(p),
                    None => p,
                })
                .filter(|p| matches!(p.get("in").as_str(), Some("path" | "query")))
                .count();
        }
    }
    (ops, params)
}

fn check(file: &str, cfg: &dyn ApiConfig, before: Counts) {
    let path = format!("{}/../specs/{file}", env!("CARGO_MANIFEST_DIR"));
    let spec = Spec::load(std::path::Path::new(&path)).unwrap();
    let model = lower(&spec, cfg).unwrap();
    let now = counts(&model);
    assert_eq!(now, before, "{file}: the model differs from the vendor's");
    assert_eq!(
        spec_ops_and_params(&spec),
        (now.ops, now.params),
        "{file}: an operation or parameter of the description is not in the model"
    );
    // No vendor prose: the importer leaves no description, summary longer
    // than a generated one, title or example behind.
    let mut prose = Vec::new();
    find_prose(&spec.root, "", &mut prose);
    assert!(prose.is_empty(), "{file}: prose left at {prose:?}");
}

/// Keyword positions holding text that is not ours: a `description` of
/// more than three words (responses keep a reason phrase), a `title`
/// (but the API's name in `info`), `example(s)`.
fn find_prose(node: &Node, at: &str, out: &mut Vec<String>) {
    match node {
        Node::Obj(m) => {
            let in_names = at.ends_with("/properties") || at.ends_with("/schemas");
            for (k, v) in m {
                let here = format!("{at}/{k}");
                if !in_names {
                    let long_description =
                        k == "description" && v.as_str().is_some_and(|d| d.split(' ').count() > 3);
                    let title = k == "title" && at != "/info";
                    if long_description || title || matches!(k.as_str(), "example" | "examples") {
                        out.push(here.clone());
                    }
                }
                find_prose(v, &here, out);
            }
        }
        Node::Arr(a) => {
            for (i, v) in a.iter().enumerate() {
                find_prose(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn dub_description_holds_everything_the_vendor_document_had() {
    check(
        "dub.yaml",
        &Dub,
        Counts {
            ops: 54,
            params: 226,
            types: 168,
            structs: 118,
            fields: 909,
            enum_values: 207,
        },
    );
}

#[test]
fn impact_descriptions_hold_everything_the_vendor_documents_had() {
    // Brand: 240 types, not the vendor's 242. With every id a string, two
    // vendor structs have the same shape as another and are written once:
    // `PromoCodeExceptionListItem` (7 fields) is `ExceptionListItem`, and an
    // action-tracker pair (2 fields) is shared. No field is lost.
    let before = [
        (Persona::Brand, (117, 403, 240, 163, 1458, 388)),
        (Persona::Partner, (74, 236, 187, 114, 1112, 701)),
        (Persona::Agency, (15, 35, 41, 22, 164, 55)),
    ];
    for (persona, (ops, params, types, structs, fields, enum_values)) in before {
        check(
            &format!("impact/{}", persona.spec_file()),
            &Impact { persona },
            Counts {
                ops,
                params,
                types,
                structs,
                fields,
                enum_values,
            },
        );
    }
}

#[test]
fn partnerstack_plain_operations_are_generated() {
    let path = format!("{}/../specs/partnerstack.yaml", env!("CARGO_MANIFEST_DIR"));
    let spec = Spec::load(std::path::Path::new(&path)).unwrap();
    let model = lower(&spec, &PartnerStack).unwrap();
    let header = crate::emit::Header {
        input: "specs/partnerstack.yaml".into(),
        title: String::new(),
        version: String::new(),
        openapi: String::new(),
        sha256: String::new(),
    };
    let out = crate::emit::emit(&model, &PartnerStack, &header, &[]).unwrap();
    // Every operation but the lists (paged by hand-written builders) and
    // the deal files (unwrapped below `data`) has a generated method.
    let lists = model
        .ops
        .iter()
        .filter(|op| {
            op.response_component
                .as_deref()
                .is_some_and(|c| c.ends_with("ListEnvelope"))
        })
        .count();
    assert_eq!(out.ops + out.skipped.len(), model.ops.len());
    assert_eq!(out.skipped.len(), lists + 1, "{:?}", out.skipped);
    assert_eq!(out.ops, 55);
    let ops_rs = out.src.iter().find(|f| f.name == "operations.rs").unwrap();
    for id in [
        "get_partnership",
        "create_transaction",
        "get_marketplace_program",
    ] {
        assert!(
            ops_rs.text.contains(&format!("(`{id}`")),
            "{id} has no generated method"
        );
    }
    // The partner paths' `/v2` is the base URL's.
    assert!(
        ops_rs
            .text
            .contains("op::request(\"GET\", \"marketplace/programs/{company_key}\"")
    );
}

#[test]
fn referralhero_plain_operations_are_generated() {
    use crate::apis::referralhero::ReferralHero;
    let path = format!("{}/../specs/referralhero.yaml", env!("CARGO_MANIFEST_DIR"));
    let spec = Spec::load(std::path::Path::new(&path)).unwrap();
    let model = lower(&spec, &ReferralHero).unwrap();
    let header = crate::emit::Header {
        input: "specs/referralhero.yaml".into(),
        title: String::new(),
        version: String::new(),
        openapi: String::new(),
        sha256: String::new(),
    };
    let out = crate::emit::emit(&model, &ReferralHero, &header, &[]).unwrap();
    // Every operation but the lists (paged by hand-written builders) has a
    // generated method: 35 operations, 12 lists.
    let lists = model
        .ops
        .iter()
        .filter(|op| {
            op.response_component
                .as_deref()
                .is_some_and(|c| c.ends_with("PageBody"))
        })
        .count();
    assert_eq!(model.ops.len(), 35);
    assert_eq!(lists, 12);
    assert_eq!(out.ops + out.skipped.len(), model.ops.len());
    assert_eq!(out.skipped.len(), lists, "{:?}", out.skipped);
    assert_eq!(out.ops, 23);
    let ops_rs = out.src.iter().find(|f| f.name == "operations.rs").unwrap();
    for op in model.ops.iter().filter(|op| {
        !op.response_component
            .as_deref()
            .is_some_and(|c| c.ends_with("PageBody"))
    }) {
        assert!(
            ops_rs.text.contains(&format!("(`{}`", op.operation_id)),
            "{} has no generated method",
            op.operation_id
        );
    }
    // The list uuid (and a referral listing's subscriber) is the handler's
    // field, never an argument; a subscriber id is an argument.
    assert!(
        ops_rs.text.contains(
            "pub fn get(&self, subscriber_id: impl std::fmt::Display) -> GetSubscriber {"
        )
    );
    assert!(ops_rs.text.contains("&[&self.uuid, &subscriber_id]"));
    // A body built from the method's arguments, an empty body, an
    // idempotent POST, a checked text query and a checked range.
    assert!(
        ops_rs
            .text
            .contains("r.json(&models::BulkTransactions::new(transactions)?)")
    );
    assert!(ops_rs.text.contains("r.json(&serde_json::json!({}))"));
    assert!(ops_rs.text.contains(".map(|r| r.idempotent())"));
    assert!(
        ops_rs
            .text
            .contains("crate::resources::text(\"email\", email.into())?")
    );
    assert!(
        ops_rs
            .text
            .contains("crate::resources::in_range(&request, \"count\", 10, 100)?")
    );
    // The builder names the crate had keep their names.
    assert!(
        ops_rs
            .text
            .contains("GetLeaderboard -> models::Leaderboard")
    );
}

#[test]
fn partnerstack_and_referralhero_descriptions_lower_whole() {
    // Written by the project (no vendor document to compare with): the
    // counts pin what the descriptions hold, so an edit that drops an
    // operation, a parameter or a field shows here.
    use crate::apis::referralhero::ReferralHero;
    let pinned: [(&str, &dyn ApiConfig, Counts); 2] = [
        (
            "partnerstack.yaml",
            &PartnerStack,
            Counts {
                ops: 85,
                params: 241,
                types: 89,
                structs: 81,
                fields: 515,
                enum_values: 36,
            },
        ),
        (
            "referralhero.yaml",
            &ReferralHero,
            Counts {
                ops: 35,
                params: 78,
                types: 9,
                structs: 7,
                fields: 98,
                enum_values: 15,
            },
        ),
    ];
    for (file, cfg, want) in pinned {
        let path = format!("{}/../specs/{file}", env!("CARGO_MANIFEST_DIR"));
        let spec = Spec::load(std::path::Path::new(&path)).unwrap();
        let model = lower(&spec, cfg).unwrap();
        assert_eq!(counts(&model), want, "{file}");
        assert_eq!(
            spec_ops_and_params(&spec),
            (want.ops, want.params),
            "{file}"
        );
    }
}
