//! The knowledge base's entry types, as `catalog/*.yaml` writes them. Shared with `build.rs`,
//! which checks every file against them before embedding it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Commercial terms of a license.
// `NonCommercial` is the license term's own name; the lint only fires in the build script,
// where this module is private.
#[allow(clippy::enum_variant_names)]
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

/// Facts about one model family, or the part of it under one license (a size under other terms
/// is an entry of its own).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFacts {
    /// Canonical Hub repo id; a service is `<provider>/<slug>` with `hf: false`.
    pub id: String,
    #[serde(default = "yes")]
    pub hf: bool,
    pub family: String,
    pub developer: String,
    pub modality: String,
    #[serde(default)]
    pub parameters: Vec<Value>,
    /// First release of this entry, `YYYY-MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    pub license: String,
    pub license_name: String,
    /// The Hub's `license:` tag where it differs from the license that governs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hub_license: Option<String>,
    /// Where sources disagree: what each says and which governs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_note: Option<String>,
    /// The model whose terms this one inherits (an exact id of another entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_model: Option<String>,
    /// Computed at build time from `base_model` (never written in `catalog/`): the license
    /// expression that binds this model, its own and its base's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherits: Option<Inherited>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api_names: Vec<String>,
    /// Globs on full repo ids for the publisher's naming scheme (`Qwen/Qwen3-*`); the most
    /// specific matching pattern wins, after exact ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// Globs on service names (`gpt-5*`), so new dated releases of a line resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api_patterns: Vec<String>,
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

/// Terms a model inherits from its base model (computed at build time).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inherited {
    /// The base model's canonical id.
    pub base: String,
    /// The whole binding expression: `(own) AND (base's binding expression)`.
    pub license: String,
    /// A readable name for it.
    pub license_name: String,
}

impl ModelFacts {
    /// The license expression that binds users of this model (its own terms and, for a
    /// derivative, its base model's).
    pub fn binding_license(&self) -> &str {
        self.inherits.as_ref().map_or(&self.license, |i| &i.license)
    }

    /// A readable name for [`ModelFacts::binding_license`].
    pub fn binding_license_name(&self) -> &str {
        self.inherits
            .as_ref()
            .map_or(&self.license_name, |i| &i.license_name)
    }
}

fn yes() -> bool {
    true
}
