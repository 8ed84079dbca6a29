//! The embedded knowledge base: AI-specific licenses, model families and their naming
//! schemes, services, and SPDX ids.
//!
//! The data lives in `catalog/` (one file per publisher under `catalog/models/`, each fact with
//! its source). `build.rs` checks it ([`compile`]) and embeds sorted key tables plus each entry
//! as JSON; an entry is parsed the first time a lookup reaches it, so start-up does not grow
//! with the catalog. SPDX ids and OSI status come from the `spdx` crate. Lookups are
//! case-insensitive.
//!
//! How a written model name finds its entry, first hit wins ([`Catalog::resolve`]):
//! 1. an exact repo id, variant or service name (after [`names::normalize`]);
//! 2. the publisher's naming scheme (`patterns`, most specific first);
//! 3. a service name in a router's or cloud's form ([`names::service_forms`]), then an Ollama
//!    library name by Ollama's own table ([`ollama`], `catalog/ollama.yaml`);
//! 4. the same repo name under another organization (a re-upload), then the name without
//!    quantization or conversion markers ([`names::strip_derivative`]), then the publishers'
//!    schemes by repo name: all marked as inferred, with what was inferred from what;
//! 5. a service line's naming scheme (`api_patterns`).

pub mod cards;
pub mod compile;
pub mod expr;
pub mod glob;
mod layered;
pub mod names;
pub mod ollama;
pub mod overlay;
pub mod schema;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

pub use compile::Stats;
pub use expr::{parse_expression, LicenseExpr, Term};
pub use schema::{
    is_region_code, CapEffect, Commercial, Copyleft, HfIdentifier, Inherited, LicenseFacts,
    LicenseTerms, ModelFacts, OutputUse, Period, RevenueCap, SpdxTerms, Territories, Threshold,
    UserCap, EU_MEMBERS, ISO_3166_ALPHA2,
};

include!(concat!(env!("OUT_DIR"), "/catalog_tables.rs"));

/// The date of the knowledge base (`catalog/README.md` says when to bump it).
pub const KNOWLEDGE_DATE: &str = env!("MODELGATE_CATALOG_DATE");

/// How a model id was recognized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// The entry's canonical repo id.
    Id,
    /// Another exact repo id of the entry.
    Variant,
    /// An exact service name.
    ApiName,
    /// The publisher's naming scheme for its own repos.
    Pattern,
    /// A service line's naming scheme (a new dated release, say).
    ServiceScheme,
    /// Inferred from the name: a re-upload, quantization or conversion of a known model, or a
    /// repo named after a publisher's scheme. Confirm with `base_model:`.
    Inferred,
    /// Through the manifest's `base_model:`.
    BaseModel,
}

impl MatchKind {
    /// Whether the match came from the catalog's own naming of the model (not inferred from
    /// another organization's repo name, not through `base_model:`).
    pub fn is_direct(self) -> bool {
        !matches!(self, MatchKind::Inferred | MatchKind::BaseModel)
    }
}

/// What was inferred, from what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inference {
    /// The repo name (or scheme) that matched.
    pub matched: String,
    /// Quantization or conversion markers taken off the name (`gguf`, `4bit`, ...).
    pub removed: Vec<String>,
    /// A sentence for findings and `explain`.
    pub note: String,
    /// For a re-upload or conversion: the publisher's repo the name was taken to be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
}

/// A model name resolved to a catalog entry.
#[derive(Debug, Clone)]
pub struct Resolution<'c> {
    pub facts: &'c ModelFacts,
    pub kind: MatchKind,
    pub inference: Option<Inference>,
}

/// The indexed knowledge base: the built-in tables, and for a config chain with `knowledge:`
/// files its overlay (whose entries replace built-in ones by id) and where local model cards
/// are read from.
#[derive(Clone)]
pub struct Catalog {
    tables: &'static Tables,
    overlay: Option<Arc<overlay::Overlay>>,
    cards: Option<Arc<cards::Cards>>,
}

/// The embedded tables, each entry parsed on first use.
struct Tables {
    models: Vec<OnceLock<ModelFacts>>,
    licenses: Vec<OnceLock<LicenseFacts>>,
    hf_identifiers: OnceLock<Vec<HfIdentifier>>,
    spdx_terms: OnceLock<Vec<SpdxTerms>>,
}

/// Where the SPDX facts come from, for `explain` and the input document.
pub fn spdx_source() -> String {
    format!("SPDX License List {}", spdx::identifiers::VERSION)
}

/// The SPDX license list version bundled.
pub fn spdx_version() -> &'static str {
    spdx::identifiers::VERSION
}

fn find<T: Copy>(table: &'static [(&'static str, T)], key: &str) -> Option<T> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| table[i].1)
}

impl Catalog {
    /// The process-wide built-in catalog (no overlay, no local cards).
    pub fn get() -> &'static Catalog {
        static TABLES: OnceLock<Tables> = OnceLock::new();
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog {
            tables: TABLES.get_or_init(|| Tables {
                models: (0..MODELS.len()).map(|_| OnceLock::new()).collect(),
                licenses: (0..LICENSES.len()).map(|_| OnceLock::new()).collect(),
                hf_identifiers: OnceLock::new(),
                spdx_terms: OnceLock::new(),
            }),
            overlay: None,
            cards: None,
        })
    }

    /// The built-in catalog with an overlay and a local card source (for one config chain).
    pub fn with(
        overlay: Option<Arc<overlay::Overlay>>,
        cards: Option<Arc<cards::Cards>>,
    ) -> Catalog {
        Catalog {
            tables: Catalog::get().tables,
            overlay,
            cards,
        }
    }

    /// Where this catalog reads local model cards from (none: it does not).
    pub fn cards(&self) -> Option<&cards::Cards> {
        self.cards.as_deref()
    }

    /// Counts of what the knowledge base holds.
    pub fn stats(&self) -> Stats {
        STATS
    }

    fn model_at(&self, i: usize) -> &ModelFacts {
        self.tables.models[i].get_or_init(|| {
            serde_json::from_str(MODELS[i]).expect("the build checked every catalog entry")
        })
    }

    fn license_at(&self, i: usize) -> &LicenseFacts {
        self.tables.licenses[i].get_or_init(|| {
            serde_json::from_str(LICENSES[i]).expect("the build checked every license")
        })
    }

    /// Every built-in model entry, in catalog order.
    fn builtin_models(&self) -> impl Iterator<Item = &ModelFacts> {
        (0..MODELS.len()).map(|i| self.model_at(i))
    }

    /// Every built-in license entry, in catalog order.
    fn builtin_licenses(&self) -> impl Iterator<Item = &LicenseFacts> {
        (0..LICENSES.len()).map(|i| self.license_at(i))
    }

    /// The Hugging Face license tags that are neither our licenses nor SPDX ids.
    pub fn hf_identifiers(&self) -> &[HfIdentifier] {
        self.tables.hf_identifiers.get_or_init(|| {
            serde_json::from_str(HF_IDENTIFIERS).expect("the build checked the identifiers")
        })
    }

    /// Copyleft scope recorded for SPDX licenses.
    pub fn spdx_terms(&self) -> &[SpdxTerms] {
        self.tables.spdx_terms.get_or_init(|| {
            serde_json::from_str(SPDX_TERMS).expect("the build checked the SPDX terms")
        })
    }

    /// The recorded terms of one SPDX license, by its id (any case).
    pub fn spdx_term(&self, id: &str) -> Option<&SpdxTerms> {
        self.spdx_terms()
            .iter()
            .find(|t| t.id.eq_ignore_ascii_case(id))
    }

    /// A built-in license, by id, alias or SPDX id.
    fn builtin_license(&self, name: &str) -> Option<&LicenseFacts> {
        find(LICENSE_KEYS, &name.to_lowercase()).map(|i| self.license_at(i as usize))
    }

    /// A Hugging Face family tag such as `bsd` or `other`.
    pub fn hf_identifier(&self, name: &str) -> Option<&HfIdentifier> {
        self.hf_identifiers()
            .iter()
            .find(|h| h.id.eq_ignore_ascii_case(name))
    }

    fn exact_key(&self, key: &str) -> Option<(&ModelFacts, MatchKind)> {
        let i = MODEL_KEYS
            .binary_search_by(|(k, _, _)| (*k).cmp(key))
            .ok()?;
        let (_, entry, kind) = MODEL_KEYS[i];
        let kind = match kind {
            compile::KIND_ID => MatchKind::Id,
            compile::KIND_VARIANT => MatchKind::Variant,
            _ => MatchKind::ApiName,
        };
        Some((self.model_at(entry as usize), kind))
    }

    /// A model by repository id, variant, service name, naming scheme or name inference.
    pub fn model(&self, id: &str) -> Option<(&ModelFacts, MatchKind)> {
        self.resolve(id).map(|r| (r.facts, r.kind))
    }

    /// Resolve a model name against the built-in tables (see the module doc).
    fn resolve_builtin(&self, id: &str) -> Option<Resolution<'_>> {
        let key = names::normalize(id);
        if key.is_empty() || key.len() > 512 {
            return None;
        }
        let written = id.trim();
        let direct = |facts, kind| {
            Some(Resolution {
                facts,
                kind,
                inference: None,
            })
        };
        // 1. Exact.
        if let Some((facts, kind)) = self.exact_key(&key) {
            return direct(facts, kind);
        }
        // 2. The publisher's naming scheme.
        if key.contains('/') {
            if let Some(&(_, i)) = PATTERNS.iter().find(|(p, _)| glob::matches(p, &key)) {
                return direct(self.model_at(i as usize), MatchKind::Pattern);
            }
        }
        // 2b. A Hub id behind a router's prefix (`together_ai/meta-llama/Llama-3.3-70B-Instruct`).
        for rest in names::router_remainders(&key) {
            if !rest.contains('/') {
                break;
            }
            if let Some((facts, kind)) = self.exact_key(&rest) {
                return direct(facts, kind);
            }
            if let Some(&(_, i)) = PATTERNS.iter().find(|(p, _)| glob::matches(p, &rest)) {
                return direct(self.model_at(i as usize), MatchKind::Pattern);
            }
        }
        // 3. Service names in router and cloud forms.
        let forms = names::service_forms(&key);
        for form in &forms {
            if form != &key {
                if let Some((facts, MatchKind::ApiName)) = self.exact_key(form) {
                    return direct(facts, MatchKind::ApiName);
                }
            }
        }
        // 3b. An Ollama library name, by Ollama's own table (`deepseek-r1:8b`).
        // A library size whose repo the catalog lacks stays unknown (no guess from the name).
        // A bare repo name that is also a library name (`bge-m3`, `DeepSeek-V3.1`) is the repo.
        let mut bare = None;
        if !key.contains([':', '/']) {
            match self.infer_by_name(written, &key) {
                Some(r) if r.kind.is_direct() => return Some(r),
                // Kept for step 4, where the name is this same key.
                guess => bare = guess,
            }
        }
        if let Some(r) = self.ollama(written, &key) {
            return r;
        }
        // 4 and 5. Inference from the repo name and the services' naming schemes. A router's
        // form is a service first; a bare name is a repo name first, but a service line's
        // scheme beats a guess from a publisher's repo scheme.
        let name = key.rsplit_once('/').map_or(key.as_str(), |(_, n)| n);
        let via_router = forms.first().is_some_and(|f| f != &key);
        let service = || {
            forms.iter().find_map(|form| {
                API_PATTERNS
                    .iter()
                    .find(|(p, _)| glob::matches(p, form))
                    .map(|&(_, i)| Resolution {
                        facts: self.model_at(i as usize),
                        kind: MatchKind::ServiceScheme,
                        inference: None,
                    })
            })
        };
        if via_router {
            // Open weights served by a router or a cloud (`groq/openai/gpt-oss-120b`,
            // `mistral.mistral-7b-instruct-v0:2` on Bedrock) are found by their repo names.
            return service()
                .or_else(|| forms.iter().find_map(|f| self.infer_by_name(written, f)))
                .or_else(|| forms.iter().find_map(|f| self.infer_by_scheme(written, f)));
        }
        if let Some(r) = bare.or_else(|| self.infer_by_name(written, name)) {
            return Some(r);
        }
        if !key.contains('/') {
            if let Some(r) = service() {
                return Some(r);
            }
        }
        if let Some(r) = self.infer_by_scheme(written, name) {
            return Some(r);
        }
        // An Ollama library name (`llama3.1:8b`, `qwen2.5:3b`, `gemma3`).
        let forms = names::ollama_forms(&key);
        forms
            .iter()
            .find_map(|f| self.infer_by_name(written, f))
            .or_else(|| forms.iter().find_map(|f| self.infer_by_scheme(written, f)))
            .map(|mut r| {
                r.kind = MatchKind::Inferred;
                if let Some(inf) = &mut r.inference {
                    inf.note = inf.note.replacen(
                        "inferred from the name",
                        "inferred from an Ollama library name",
                        1,
                    );
                }
                r
            })
    }

    /// The name, and the name without derivative markers.
    fn candidates(name: &str) -> Vec<(String, Vec<String>)> {
        let (stripped, removed) = names::strip_derivative(name);
        if removed.is_empty() {
            vec![(name.to_string(), removed)]
        } else {
            vec![(stripped, removed), (name.to_string(), Vec::new())]
        }
    }

    fn markers(removed: &[String]) -> String {
        if removed.is_empty() {
            String::new()
        } else {
            format!(" without `{}`", removed.join("`, `"))
        }
    }

    /// The same repo name as a known model's (a re-upload, quantization or conversion).
    fn infer_by_name(&self, key: &str, name: &str) -> Option<Resolution<'_>> {
        for (cand, removed) in Self::candidates(name) {
            let facts = match find(NAME_KEYS, &cand) {
                Some(i) if i != compile::AMBIGUOUS => self.model_at(i as usize),
                _ => continue,
            };
            if !key.contains('/') && removed.is_empty() {
                // A bare repo name (`Llama-3.1-8B-Instruct`, `gpt-oss-20b`) names the model.
                return Some(Resolution {
                    facts,
                    kind: MatchKind::Variant,
                    inference: None,
                });
            }
            // Name the repo that matched as its publisher spells it.
            let repo = std::iter::once(&facts.id)
                .chain(facts.variants.iter())
                .find(|v| {
                    v.rsplit('/')
                        .next()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&cand))
                })
                .unwrap_or(&facts.id);
            let note = format!(
                "inferred from the name: `{key}`{} is taken to be `{repo}` ({}); confirm with `base_model: {repo}`",
                Self::markers(&removed),
                facts.family
            );
            return Some(Resolution {
                facts,
                kind: MatchKind::Inferred,
                inference: Some(Inference {
                    matched: cand,
                    removed,
                    note,
                    repo: Some(repo.clone()),
                }),
            });
        }
        None
    }

    /// A repo named after a publisher's naming scheme (`someone/Qwen3-8B-finetuned`).
    fn infer_by_scheme(&self, key: &str, name: &str) -> Option<Resolution<'_>> {
        for (cand, removed) in Self::candidates(name) {
            let Some(&(p, i)) = NAME_PATTERNS.iter().find(|(p, _)| glob::matches(p, &cand)) else {
                continue;
            };
            let facts = self.model_at(i as usize);
            let note = format!(
                "inferred from the name: `{key}`{} follows {}'s naming scheme `{p}` ({}); confirm with `base_model:`",
                Self::markers(&removed),
                facts.developer,
                facts.family
            );
            return Some(Resolution {
                facts,
                kind: MatchKind::Inferred,
                inference: Some(Inference {
                    matched: p.to_string(),
                    removed,
                    note,
                    repo: None,
                }),
            });
        }
        None
    }

    /// Model entries whose id, family, developer, variants or service names contain `needle`
    /// (case-insensitive; every entry when it is empty).
    pub fn search(&self, needle: &str) -> Vec<&ModelFacts> {
        let n = needle.to_lowercase();
        self.models()
            .filter(|m| {
                n.is_empty()
                    || [&m.id, &m.family, &m.developer, &m.license]
                        .iter()
                        .any(|s| s.to_lowercase().contains(&n))
                    || m.variants
                        .iter()
                        .chain(m.api_names.iter())
                        .chain(m.patterns.iter())
                        .chain(m.api_patterns.iter())
                        .any(|s| s.to_lowercase().contains(&n))
            })
            .collect()
    }
}

/// Lower-case a model reference and strip what people paste around a Hub repo id
/// (see [`names::normalize`]).
pub fn normalize_model_id(id: &str) -> String {
    names::normalize(id)
}

/// An entry of the embedded SPDX license list.
#[derive(Clone, Copy)]
pub struct SpdxLicense(&'static spdx::License);

impl std::ops::Deref for SpdxLicense {
    type Target = spdx::License;
    fn deref(&self) -> &spdx::License {
        self.0
    }
}

impl SpdxLicense {
    pub fn is_osi_approved(self) -> bool {
        self.0.flags & spdx::flags::IS_OSI_APPROVED != 0
    }
    pub fn is_deprecated(self) -> bool {
        self.0.flags & spdx::flags::IS_DEPRECATED != 0
    }
    pub fn is_copyleft(self) -> bool {
        self.0.flags & spdx::flags::IS_COPYLEFT != 0
    }
}

/// Case-insensitive SPDX license lookup (Hugging Face writes `apache-2.0`). Ids that really
/// end in `+` (the deprecated `GPL-2.0+`) resolve to themselves.
pub fn spdx_license(name: &str) -> Option<SpdxLicense> {
    let list = spdx::identifiers::LICENSES;
    if let Ok(i) = list.binary_search_by(|l| l.name.cmp(name)) {
        return Some(SpdxLicense(&list[i]));
    }
    static LOWER: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let map = LOWER.get_or_init(|| {
        list.iter()
            .enumerate()
            .map(|(i, l)| (l.name.to_lowercase(), i))
            .collect()
    });
    map.get(&name.to_lowercase())
        .map(|&i| SpdxLicense(&list[i]))
}

/// Case-insensitive SPDX exception lookup (`WITH LLVM-exception`).
pub fn spdx_exception(name: &str) -> Option<spdx::ExceptionId> {
    if let Some(id) = spdx::exception_id(name) {
        return Some(id);
    }
    spdx::identifiers::EXCEPTIONS
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case(name))
        .and_then(|e| spdx::exception_id(e.name))
}

/// Whether an SPDX license forbids commercial use (the Creative Commons NC family,
/// PolyForm Noncommercial, and others whose SPDX name says so).
pub fn spdx_is_non_commercial(id: SpdxLicense) -> bool {
    let name = id.name.to_ascii_lowercase();
    let full = id.full_name.to_ascii_lowercase();
    name.contains("-nc-")
        || name.ends_with("-nc")
        || full.contains("noncommercial")
        || full.contains("non-commercial")
        || full.contains("non commercial")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spdx_lookup_is_case_insensitive() {
        assert_eq!(spdx_license("apache-2.0").unwrap().name, "Apache-2.0");
        assert_eq!(spdx_license("CC-BY-NC-4.0").unwrap().name, "CC-BY-NC-4.0");
        assert!(spdx_license("not-a-license").is_none());
        assert!(spdx_is_non_commercial(
            spdx_license("cc-by-nc-sa-4.0").unwrap()
        ));
        assert!(!spdx_is_non_commercial(spdx_license("MIT").unwrap()));
    }

    #[test]
    fn model_ids_normalize() {
        assert_eq!(
            normalize_model_id("https://huggingface.co/Meta-Llama/Llama-3.1-8B/"),
            "meta-llama/llama-3.1-8b"
        );
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for w in MODEL_KEYS.windows(2) {
            assert!(w[0].0 < w[1].0, "{} / {}", w[0].0, w[1].0);
        }
        for t in [LICENSE_KEYS, NAME_KEYS] {
            for w in t.windows(2) {
                assert!(w[0].0 < w[1].0);
            }
        }
    }
}
