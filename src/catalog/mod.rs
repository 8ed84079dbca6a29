//! The embedded knowledge base: AI-specific licenses, well-known models, and SPDX ids.
//!
//! The data lives in `catalog/*.yaml` (each fact with its source); `build.rs` turns it into
//! JSON that is embedded here and indexed once per process. SPDX ids and OSI status come from
//! the `spdx` crate. Every lookup is case-insensitive.

pub mod expr;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use expr::{parse_expression, LicenseExpr, Term};

/// Commercial terms of a license.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Commercial {
    Allowed,
    Restricted,
    NonCommercial,
}

/// Structured terms of a license that is not (only) an SPDX entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseFacts {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub spdx_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licensor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_date: Option<String>,
    pub osi_approved: bool,
    pub user_cap_mau: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_cap_note: Option<String>,
    pub revenue_cap_usd: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue_cap_note: Option<String>,
    pub field_of_use_restrictions: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aup_url: Option<String>,
    pub commercial_use: Commercial,
    pub attribution: Option<String>,
    pub naming_rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_restrictions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geographic_restriction: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_restrictions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub source: String,
    pub confidence: String,
}

/// A Hugging Face license tag that is neither one of our licenses nor an SPDX id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HfIdentifier {
    pub id: String,
    pub name: String,
    pub maps_to: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Facts about one well-known model (and its variants).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFacts {
    pub id: String,
    #[serde(default = "yes")]
    pub hf: bool,
    pub family: String,
    pub developer: String,
    pub modality: String,
    #[serde(default)]
    pub parameters: Vec<Value>,
    pub license: String,
    pub license_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api_names: Vec<String>,
    /// Deliberate family globs (`meta-llama/Llama-3.1-*`), matched case-insensitively after
    /// exact ids, variants and API names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    pub weights_available: bool,
    pub training_data_open: Value,
    pub training_code_open: Value,
    pub openness: String,
    pub mof_class: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_restrictions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub source: String,
    pub confidence: String,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct LicenseFile {
    licenses: Vec<LicenseFacts>,
    #[serde(default)]
    hf_identifiers: Vec<HfIdentifier>,
}

#[derive(Deserialize)]
struct ModelFile {
    models: Vec<ModelFacts>,
}

/// How a model id was recognized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    Id,
    Variant,
    ApiName,
    Pattern,
    BaseModel,
}

/// The indexed knowledge base.
pub struct Catalog {
    pub licenses: Vec<LicenseFacts>,
    pub hf_identifiers: Vec<HfIdentifier>,
    pub models: Vec<ModelFacts>,
    license_index: HashMap<String, usize>,
    hf_index: HashMap<String, usize>,
    model_index: HashMap<String, (usize, MatchKind)>,
    patterns: Vec<(glob::Pattern, usize)>,
}

static LICENSES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/licenses.json"));
static MODELS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/models.json"));

/// Where the SPDX facts come from, for `explain` and the input document.
pub fn spdx_source() -> String {
    format!("SPDX License List {}", spdx::identifiers::VERSION)
}

impl Catalog {
    /// The process-wide catalog, parsed and indexed on first use.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_json(LICENSES_JSON, MODELS_JSON).expect("embedded catalog is valid")
        })
    }

    /// Build from the two JSON documents (tests use this with the real files).
    pub fn from_json(licenses: &str, models: &str) -> Result<Catalog, String> {
        let lf: LicenseFile =
            serde_json::from_str(licenses).map_err(|e| format!("licenses: {e}"))?;
        let mf: ModelFile = serde_json::from_str(models).map_err(|e| format!("models: {e}"))?;
        let mut c = Catalog {
            licenses: lf.licenses,
            hf_identifiers: lf.hf_identifiers,
            models: mf.models,
            license_index: HashMap::new(),
            hf_index: HashMap::new(),
            model_index: HashMap::new(),
            patterns: Vec::new(),
        };
        for (i, l) in c.licenses.iter().enumerate() {
            let names = std::iter::once(&l.id)
                .chain(l.aliases.iter())
                .chain(l.spdx_id.iter());
            for n in names {
                if let Some(prev) = c.license_index.insert(n.to_lowercase(), i) {
                    if prev != i {
                        return Err(format!("license name `{n}` is used twice"));
                    }
                }
            }
        }
        for (i, h) in c.hf_identifiers.iter().enumerate() {
            c.hf_index.insert(h.id.to_lowercase(), i);
        }
        for (i, m) in c.models.iter().enumerate() {
            let names = std::iter::once((&m.id, MatchKind::Id))
                .chain(m.variants.iter().map(|v| (v, MatchKind::Variant)))
                .chain(m.api_names.iter().map(|v| (v, MatchKind::ApiName)));
            for (n, kind) in names {
                if c.model_index.insert(n.to_lowercase(), (i, kind)).is_some() {
                    return Err(format!("model name `{n}` is listed twice"));
                }
            }
            for p in &m.patterns {
                let pat = glob::Pattern::new(&p.to_lowercase())
                    .map_err(|e| format!("model `{}` pattern `{p}`: {e}", m.id))?;
                c.patterns.push((pat, i));
            }
        }
        Ok(c)
    }

    /// A license from our own table, by id, alias or SPDX id.
    pub fn license(&self, name: &str) -> Option<&LicenseFacts> {
        self.license_index
            .get(&name.to_lowercase())
            .map(|&i| &self.licenses[i])
    }

    /// A Hugging Face family tag such as `bsd` or `other`.
    pub fn hf_identifier(&self, name: &str) -> Option<&HfIdentifier> {
        self.hf_index
            .get(&name.to_lowercase())
            .map(|&i| &self.hf_identifiers[i])
    }

    /// A model by repository id, variant, API name or family pattern.
    pub fn model(&self, id: &str) -> Option<(&ModelFacts, MatchKind)> {
        let key = normalize_model_id(id);
        if let Some(&(i, kind)) = self.model_index.get(&key) {
            return Some((&self.models[i], kind));
        }
        // `provider/api-name` as routers such as LiteLLM write it.
        if let Some((_, name)) = key.split_once('/') {
            if let Some(&(i, MatchKind::ApiName)) = self.model_index.get(name) {
                return Some((&self.models[i], MatchKind::ApiName));
            }
        }
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        self.patterns
            .iter()
            .find(|(p, _)| p.matches_with(&key, opts))
            .map(|&(_, i)| (&self.models[i], MatchKind::Pattern))
    }
}

/// Lower-case, and strip a Hugging Face URL prefix (`https://huggingface.co/org/name`).
pub fn normalize_model_id(id: &str) -> String {
    let mut s = id.trim().to_lowercase();
    for prefix in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    for prefix in ["huggingface.co/", "hf.co/", "www.huggingface.co/"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    s.trim_end_matches('/').to_string()
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
}
