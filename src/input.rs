//! Manifest + knowledge base → the Rego input document (the one place that shapes it).
//!
//! The document is versioned (`input_version`) and documented in `policies/README.md`;
//! `modelgate input PATH` prints it.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::catalog::cards::Card;
use crate::catalog::{
    parse_expression, Catalog, Inference, LicenseExpr, MatchKind, ModelFacts, Term,
};
use crate::finding::{Fact, ModelRow, ResolvedBy};
use crate::manifest::{Manifest, ModelDecl};

/// Bumped when a field is removed or changes meaning (additions keep the version).
pub const INPUT_VERSION: u64 = 1;

/// Providers whose models are reached over an API (no weights are shipped).
pub const API_PROVIDERS: &[&str] = &[
    "openai",
    "azure",
    "azure-openai",
    "azure-ai",
    "anthropic",
    "google",
    "vertex-ai",
    "gemini",
    "aws-bedrock",
    "amazon-bedrock",
    "bedrock",
    "cohere",
    "mistral-api",
    "deepseek-api",
    "dashscope",
    "moonshot",
    "groq",
    "together",
    "fireworks",
    "openrouter",
    "xai",
    "perplexity",
];

/// What the knowledge base knows about a declared model.
#[derive(Debug, Clone)]
pub struct CatalogMatch<'c> {
    pub matched_by: MatchKind,
    pub facts: &'c ModelFacts,
    /// Set when the match was inferred from the name (a quantization, a re-upload, a repo named
    /// after a publisher's scheme).
    pub inference: Option<Inference>,
}

impl Serialize for CatalogMatch<'_> {
    /// The entry's facts with `matched_by`, and for an inferred match an `inference` object
    /// whose note is also appended to `source`, so every finding that cites the entry says
    /// the match was inferred and how to confirm it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut v = serde_json::to_value(self.facts).map_err(serde::ser::Error::custom)?;
        if let Value::Object(map) = &mut v {
            let mut out = serde_json::Map::with_capacity(map.len() + 2);
            out.insert(
                "matched_by".into(),
                serde_json::to_value(self.matched_by).map_err(serde::ser::Error::custom)?,
            );
            for (k, val) in std::mem::take(map) {
                out.insert(k, val);
            }
            if let Some(inf) = &self.inference {
                let source = format!("{}; {}", self.facts.source, inf.note);
                out.insert("source".into(), Value::String(source));
                out.insert(
                    "inference".into(),
                    serde_json::to_value(inf).map_err(serde::ser::Error::custom)?,
                );
            }
            v = Value::Object(out);
        }
        v.serialize(s)
    }
}

/// Look a declared model up. The catalog's own naming of the model wins (exact ids, variants,
/// service names, publishers' and services' naming schemes); then the manifest's
/// `base_model:`; then what the catalog infers from the name (a declared `base_model:` always
/// beats inference).
pub fn lookup<'c>(catalog: &'c Catalog, decl: &ModelDecl) -> Option<CatalogMatch<'c>> {
    let own = catalog.resolve(&decl.id);
    if let Some(r) = &own {
        if r.kind.is_direct() {
            return Some(CatalogMatch {
                matched_by: r.kind,
                facts: r.facts,
                inference: None,
            });
        }
    }
    if let Some(base) = decl.base_model.as_deref() {
        if let Some(b) = catalog.resolve(base) {
            return Some(CatalogMatch {
                matched_by: MatchKind::BaseModel,
                facts: b.facts,
                inference: b.inference,
            });
        }
    }
    own.map(|r| CatalogMatch {
        matched_by: r.kind,
        facts: r.facts,
        inference: r.inference,
    })
}

/// A declared model as it is judged: the declaration, with what a local model card adds
/// where the manifest is silent and no knowledge (catalog or overlay) has the model.
pub struct Judged<'c, 'd> {
    pub decl: Cow<'d, ModelDecl>,
    pub known: Option<CatalogMatch<'c>>,
    /// The local card that filled something in.
    pub card: Option<Arc<Card>>,
    /// The manifest keys the card filled in (`license`, `base_model`).
    pub filled: Vec<&'static str>,
}

impl Judged<'_, '_> {
    /// Where the facts about the model come from when that is not the built-in catalog: a
    /// local card, or a knowledge overlay entry (its `source` cites file and line).
    pub fn provenance(&self, catalog: &Catalog) -> Option<String> {
        if let Some(card) = &self.card {
            return Some(format!("{} {}", self.filled.join(" and "), card.note()));
        }
        let k = self.known.as_ref()?;
        catalog
            .is_overlay(k.facts)
            .then(|| format!("model entry from {}", k.facts.source))
    }
}

/// Look a declared model up, reading its local model card (when the catalog reads cards)
/// if no knowledge has it. `dir` is the manifest's directory (for `source:` paths).
pub fn judge<'c, 'd>(
    catalog: &'c Catalog,
    decl: &'d ModelDecl,
    dir: Option<&Path>,
) -> Judged<'c, 'd> {
    let known = lookup(catalog, decl);
    let plain = |known| Judged {
        decl: Cow::Borrowed(decl),
        known,
        card: None,
        filled: Vec::new(),
    };
    let Some(cards) = catalog.cards().filter(|_| known.is_none()) else {
        return plain(known);
    };
    let Some(card) = cards.find(&decl.id, decl.source.as_deref(), dir) else {
        return plain(known);
    };
    let mut d = decl.clone();
    let mut filled = Vec::new();
    if d.license.is_none() {
        if let Some(l) = card.license_id() {
            d.license = Some(l);
            filled.push("license");
        }
    }
    if d.base_model.is_none() {
        if let Some(b) = &card.base_model {
            d.base_model = Some(b.clone());
            filled.push("base_model");
        }
    }
    if filled.is_empty() {
        return plain(known);
    }
    let known = lookup(catalog, &d);
    Judged {
        decl: Cow::Owned(d),
        known,
        card: Some(card),
        filled,
    }
}

/// Where an input document is written: JSON (`modelgate input`, the ML-BOM, explanations) or
/// the policy engine's own value type (evaluation, see `engine::RegoDoc`). The document's shape
/// is written once, in [`build_as`], for both.
pub trait Doc: Sized {
    fn null() -> Self;
    fn bool(b: bool) -> Self;
    fn uint(n: u64) -> Self;
    fn str(s: &str) -> Self;
    fn list(items: Vec<Self>) -> Self;
    /// Fields in the order the document shows them.
    fn object(fields: Vec<(&'static str, Self)>) -> Self;
    /// Any other serializable part (a model declaration, the project block).
    fn serialized<T: Serialize>(v: &T) -> Self;
    /// One license term; terms repeat across models and documents.
    fn term(t: &Term) -> Self {
        Self::serialized(t)
    }
    /// A catalog entry; entries repeat across documents.
    fn catalog(k: &CatalogMatch<'_>) -> Self {
        Self::serialized(k)
    }

    fn opt_str(s: Option<&str>) -> Self {
        s.map_or_else(Self::null, Self::str)
    }
    fn strings(items: &[String]) -> Self {
        Self::list(items.iter().map(|s| Self::str(s)).collect())
    }
}

impl Doc for Value {
    fn null() -> Self {
        Value::Null
    }
    fn bool(b: bool) -> Self {
        Value::Bool(b)
    }
    fn uint(n: u64) -> Self {
        Value::from(n)
    }
    fn str(s: &str) -> Self {
        Value::from(s)
    }
    fn list(items: Vec<Self>) -> Self {
        Value::Array(items)
    }
    fn object(fields: Vec<(&'static str, Self)>) -> Self {
        Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }
    fn serialized<T: Serialize>(v: &T) -> Self {
        serde_json::to_value(v).expect("input parts serialize")
    }
}

fn alternatives<D: Doc>(expr: Option<&LicenseExpr>) -> D {
    D::list(
        expr.map(|e| e.alternatives.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|alt| D::list(alt.iter().map(D::term).collect()))
            .collect(),
    )
}

fn license_block<D: Doc>(catalog: &Catalog, judged: &Judged<'_, '_>, pointer: &str) -> (D, bool) {
    let decl: &ModelDecl = &judged.decl;
    let known = judged.known.as_ref();
    let from_card = judged.filled.contains(&"license");
    let derived = known.is_some_and(|k| k.matched_by == MatchKind::BaseModel);
    // SPDX's `NOASSERTION` and `NONE` state that no license is known: they count as missing.
    let own_license: Option<String> = decl.license.clone().filter(|l| {
        !l.trim().eq_ignore_ascii_case("NOASSERTION") && !l.trim().eq_ignore_ascii_case("NONE")
    });
    let known_expr: Option<LicenseExpr> = known.map(|k| match (&own_license, derived) {
        // A derivative is bound by its own license and by the terms it inherits from its base.
        (Some(own), true) => parse_expression(
            catalog,
            &format!("({own}) AND ({})", k.facts.binding_license()),
        ),
        _ => parse_expression(catalog, k.facts.binding_license()),
    });
    let declared_expr: Option<LicenseExpr> =
        own_license.as_deref().map(|l| parse_expression(catalog, l));
    // The terms that bind are the model's real license when the knowledge base has it (a
    // wrong declaration is `license-mismatch`'s business, not a way around the terms);
    // otherwise whatever the manifest declares.
    let (effective, source, expr) = match (&own_license, &declared_expr, known, &known_expr) {
        (Some(own), _, Some(k), Some(e)) if derived => (
            Some(format!("({own}) AND ({})", k.facts.binding_license())),
            "declared+base",
            Some(e),
        ),
        (_, _, Some(k), Some(e)) => (
            Some(k.facts.binding_license().to_string()),
            "catalog",
            Some(e),
        ),
        (Some(d), Some(e), _, _) => (Some(d.clone()), "declared", Some(e)),
        _ => (None, "none", None),
    };
    let source = match source {
        "declared" | "declared+base" if from_card => "local-card",
        other => other,
    };
    let license_pointer = if decl.license.is_some() && !from_card {
        format!("{pointer}/license")
    } else {
        format!("{pointer}/id")
    };
    let proprietary = expr.is_some_and(|e| e.every_alternative_has("proprietary"));
    let block = D::object(vec![
        ("declared", D::opt_str(decl.license.as_deref())),
        (
            "declared_ids",
            D::strings(
                &declared_expr
                    .as_ref()
                    .map(LicenseExpr::ids)
                    .unwrap_or_default(),
            ),
        ),
        (
            "known",
            D::opt_str(known.map(|k| k.facts.binding_license())),
        ),
        (
            "known_ids",
            D::strings(
                &known_expr
                    .as_ref()
                    .map(LicenseExpr::ids)
                    .unwrap_or_default(),
            ),
        ),
        (
            "known_name",
            D::opt_str(known.map(|k| k.facts.binding_license_name())),
        ),
        ("effective", D::opt_str(effective.as_deref())),
        ("from", D::str(source)),
        ("pointer", D::str(&license_pointer)),
        ("error", D::opt_str(expr.and_then(|e| e.error.as_deref()))),
        (
            "declared_error",
            D::opt_str(declared_expr.as_ref().and_then(|e| e.error.as_deref())),
        ),
        (
            "declared_alternatives",
            alternatives(declared_expr.as_ref()),
        ),
        ("alternatives", alternatives(expr)),
    ]);
    (block, proprietary)
}

/// Whether a model is reached over an API: a service the knowledge base knows, or a provider
/// that serves models over an API.
fn hosted_api(decl: &ModelDecl, known: Option<&CatalogMatch<'_>>) -> bool {
    let provider_is_api = decl
        .provider
        .as_deref()
        .is_some_and(|p| API_PROVIDERS.contains(&p.to_lowercase().as_str()));
    known.is_some_and(|k| !k.facts.hf) || provider_is_api
}

/// The openness class: the knowledge base's, else proprietary for a service or proprietary
/// terms, else unknown.
fn openness<'c>(known: Option<&CatalogMatch<'c>>, hosted_api: bool, proprietary: bool) -> &'c str {
    match known {
        Some(k) => k.facts.openness.as_str(),
        None if hosted_api || proprietary => "proprietary",
        None => "unknown",
    }
}

/// One declared model as the reports show it (the model table): the license that binds it,
/// how that was resolved, its openness class, and the facts with their sources. Resolved
/// exactly as [`build_as`] resolves it for the policies.
pub fn model_row(
    catalog: &Catalog,
    decl: &ModelDecl,
    dir: Option<&Path>,
    index: usize,
    manifest: &str,
    line: usize,
) -> ModelRow {
    let judged = judge(catalog, decl, dir);
    let known = judged.known.clone();
    let hosted = hosted_api(decl, known.as_ref());
    let (block, proprietary) =
        license_block::<Value>(catalog, &judged, &format!("/models/{index}"));
    let license = block["effective"].as_str().map(str::to_string);
    let resolved = match &known {
        _ if judged.card.is_some() && !judged.filled.is_empty() => ResolvedBy::LocalCard,
        Some(k) if catalog.is_overlay(k.facts) => ResolvedBy::Overlay,
        Some(k) if k.matched_by == MatchKind::BaseModel => ResolvedBy::BaseModel,
        Some(k) if k.inference.is_some() || !k.matched_by.is_direct() => ResolvedBy::Inferred,
        Some(_) => ResolvedBy::Catalog,
        None if license.is_some() => ResolvedBy::Declared,
        None => ResolvedBy::Unresolved,
    };
    let fact = |fact: &str, value: Value, source: Option<String>| Fact {
        fact: fact.into(),
        value,
        source,
    };
    let mut facts = vec![fact(
        "declared license",
        decl.license.clone().map_or(Value::Null, Value::from),
        None,
    )];
    if let Some(k) = &known {
        let mut source = k.facts.source.clone();
        if let Some(inf) = &k.inference {
            source = format!("{source}; {}", inf.note);
        }
        facts.push(fact(
            "knowledge base entry",
            Value::from(k.facts.id.as_str()),
            Some(source.clone()),
        ));
        facts.push(fact(
            "license",
            Value::from(k.facts.binding_license()),
            Some(source.clone()),
        ));
        facts.push(fact(
            "openness",
            Value::from(k.facts.openness.as_str()),
            Some(source),
        ));
    }
    if let Some(p) = judged.provenance(catalog) {
        facts.push(fact("provenance", Value::from(p.as_str()), None));
    }
    if let Some(p) = &decl.provider {
        facts.push(fact("provider", Value::from(p.as_str()), None));
    }
    facts.push(fact("hosted API", Value::Bool(hosted), None));
    facts.push(fact(
        "environment",
        Value::from(decl.environment.as_deref().unwrap_or("production")),
        None,
    ));
    facts.push(fact(
        "revision",
        decl.revision.clone().map_or(Value::Null, Value::from),
        None,
    ));
    ModelRow {
        manifest: manifest.to_string(),
        index,
        line,
        id: decl.id.clone(),
        license,
        resolved,
        openness: openness(known.as_ref(), hosted, proprietary).to_string(),
        facts,
    }
}

/// The input document for one manifest, as JSON. `path` is the manifest path as reported.
pub fn build(catalog: &Catalog, manifest: &Manifest, path: &str) -> Value {
    build_as(catalog, manifest, path)
}

/// The input document for one manifest in any [`Doc`] form.
pub fn build_as<D: Doc>(catalog: &Catalog, manifest: &Manifest, path: &str) -> D {
    let models: Vec<D> = manifest
        .models
        .iter()
        .enumerate()
        .map(|(i, decl)| {
            let pointer = format!("/models/{i}");
            let judged = judge(catalog, decl, manifest.dir.as_deref());
            let known = judged.known.clone();
            let hosted_api = hosted_api(decl, known.as_ref());
            let (license, proprietary_terms) = license_block::<D>(catalog, &judged, &pointer);
            let openness = openness(known.as_ref(), hosted_api, proprietary_terms);
            D::object(vec![
                ("index", D::uint(i as u64)),
                ("pointer", D::str(&pointer)),
                ("id", D::str(&decl.id)),
                ("declared", D::serialized(decl)),
                ("known", D::bool(known.is_some())),
                (
                    "catalog",
                    // An inferred match carries a note of its own: not one of the shared parts.
                    known.as_ref().map_or_else(D::null, |k| match k.inference {
                        Some(_) => D::serialized(k),
                        None => D::catalog(k),
                    }),
                ),
                ("hosted_api", D::bool(hosted_api)),
                ("openness", D::str(openness)),
                (
                    "environment",
                    D::str(decl.environment.as_deref().unwrap_or("production")),
                ),
                ("usage", D::strings(&decl.usage)),
                ("license", license),
                (
                    "local_card",
                    judged.card.as_ref().map_or_else(D::null, |c| {
                        D::object(vec![
                            ("path", D::str(&c.path)),
                            ("revision", D::opt_str(c.revision.as_deref())),
                            ("license", D::opt_str(c.license.as_deref())),
                            ("base_model", D::opt_str(c.base_model.as_deref())),
                            (
                                "filled",
                                D::list(judged.filled.iter().map(|f| D::str(f)).collect()),
                            ),
                            ("note", D::str(&c.note())),
                        ])
                    }),
                ),
            ])
        })
        .collect();
    D::object(vec![
        ("input_version", D::uint(INPUT_VERSION)),
        ("manifest", D::object(vec![("path", D::str(path))])),
        ("project", D::serialized(&manifest.project)),
        ("models", D::list(models)),
    ])
}
