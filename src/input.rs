//! Manifest + knowledge base → the Rego input document (the one place that shapes it).
//!
//! The document is versioned (`input_version`) and documented in `policies/README.md`;
//! `modelgate input PATH` prints it.

use serde::Serialize;
use serde_json::{json, Value};

use crate::catalog::{parse_expression, Catalog, LicenseExpr, MatchKind, ModelFacts};
use crate::manifest::{Manifest, ModelDecl};

/// Bumped when a field is removed or changes meaning (additions keep the version).
pub const INPUT_VERSION: u64 = 1;

/// Providers whose models are reached over an API (no weights are shipped).
pub const API_PROVIDERS: &[&str] = &[
    "openai",
    "azure-openai",
    "anthropic",
    "google",
    "vertex-ai",
    "gemini",
    "aws-bedrock",
    "bedrock",
    "cohere",
    "mistral-api",
    "groq",
    "together",
    "fireworks",
    "openrouter",
    "xai",
    "perplexity",
];

/// What the knowledge base knows about a declared model.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogMatch<'c> {
    pub matched_by: MatchKind,
    #[serde(flatten)]
    pub facts: &'c ModelFacts,
}

/// Look a declared model up: by id, else through its `base_model`.
pub fn lookup<'c>(catalog: &'c Catalog, decl: &ModelDecl) -> Option<CatalogMatch<'c>> {
    if let Some((facts, matched_by)) = catalog.model(&decl.id) {
        return Some(CatalogMatch { matched_by, facts });
    }
    let base = decl.base_model.as_deref()?;
    let (facts, _) = catalog.model(base)?;
    Some(CatalogMatch {
        matched_by: MatchKind::BaseModel,
        facts,
    })
}

fn license_block(
    catalog: &Catalog,
    decl: &ModelDecl,
    known: Option<&CatalogMatch<'_>>,
    pointer: &str,
) -> (Value, bool) {
    let derived = known.is_some_and(|k| k.matched_by == MatchKind::BaseModel);
    let known_expr: Option<LicenseExpr> = known.map(|k| match (&decl.license, derived) {
        // A derivative is bound by its own license and by the terms it inherits from its base.
        (Some(own), true) => {
            parse_expression(catalog, &format!("({own}) AND ({})", k.facts.license))
        }
        _ => parse_expression(catalog, &k.facts.license),
    });
    let declared_expr: Option<LicenseExpr> = decl
        .license
        .as_deref()
        .map(|l| parse_expression(catalog, l));
    // The terms that bind are the model's real license when the knowledge base has it (a
    // wrong declaration is `license-mismatch`'s business, not a way around the terms);
    // otherwise whatever the manifest declares.
    let (effective, source, expr) = match (&decl.license, &declared_expr, known, &known_expr) {
        (Some(own), _, Some(k), Some(e)) if derived => (
            Some(format!("({own}) AND ({})", k.facts.license)),
            "declared+base",
            Some(e),
        ),
        (_, _, Some(k), Some(e)) => (Some(k.facts.license.clone()), "catalog", Some(e)),
        (Some(d), Some(e), _, _) => (Some(d.clone()), "declared", Some(e)),
        _ => (None, "none", None),
    };
    let license_pointer = if decl.license.is_some() {
        format!("{pointer}/license")
    } else {
        format!("{pointer}/id")
    };
    let proprietary = expr.is_some_and(|e| e.every_alternative_has("proprietary"));
    let block = json!({
        "declared": decl.license,
        "declared_ids": declared_expr.as_ref().map(LicenseExpr::ids).unwrap_or_default(),
        "known": known.map(|k| &k.facts.license),
        "known_ids": known_expr.as_ref().map(LicenseExpr::ids).unwrap_or_default(),
        "known_name": known.map(|k| &k.facts.license_name),
        "effective": effective,
        "from": source,
        "pointer": license_pointer,
        "error": expr.and_then(|e| e.error.clone()),
        "declared_error": declared_expr.as_ref().and_then(|e| e.error.clone()),
        "declared_alternatives": declared_expr.as_ref().map(|e| e.alternatives.as_slice()).unwrap_or_default(),
        "alternatives": expr.map(|e| e.alternatives.as_slice()).unwrap_or_default(),
    });
    (block, proprietary)
}

/// The input document for one manifest. `path` is the manifest path as reported.
pub fn build(catalog: &Catalog, manifest: &Manifest, path: &str) -> Value {
    let models: Vec<Value> = manifest
        .models
        .iter()
        .enumerate()
        .map(|(i, decl)| {
            let pointer = format!("/models/{i}");
            let known = lookup(catalog, decl);
            let provider_is_api = decl
                .provider
                .as_deref()
                .is_some_and(|p| API_PROVIDERS.contains(&p.to_lowercase().as_str()));
            let hosted_api = known.as_ref().is_some_and(|k| !k.facts.hf) || provider_is_api;
            let (license, proprietary_terms) =
                license_block(catalog, decl, known.as_ref(), &pointer);
            let openness = match &known {
                Some(k) => k.facts.openness.clone(),
                None if hosted_api || proprietary_terms => "proprietary".into(),
                None => "unknown".into(),
            };
            json!({
                "index": i,
                "pointer": pointer,
                "id": decl.id,
                "declared": decl,
                "known": known.is_some(),
                "catalog": known,
                "hosted_api": hosted_api,
                "openness": openness,
                "environment": decl.environment.as_deref().unwrap_or("production"),
                "usage": decl.usage,
                "license": license,
            })
        })
        .collect();
    json!({
        "input_version": INPUT_VERSION,
        "manifest": { "path": path },
        "project": manifest.project,
        "models": models,
    })
}
