//! The knowledge base's entry types, as `catalog/*.yaml` writes them. Shared with `build.rs`,
//! which checks every file against them before embedding it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::glob;

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
    /// Structured terms that decide real cases (caps with their period, thresholds, territories,
    /// output use, copyleft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<LicenseTerms>,
}

/// Copyleft scope of a license.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Copyleft {
    /// No share-alike duty.
    None,
    /// File- or library-level share-alike (LGPL, MPL, EPL).
    Weak,
    /// Derivatives that are distributed must carry the same license (GPL, CC-BY-SA).
    Strong,
    /// As strong, and offering the work over a network counts as distribution (AGPL).
    Network,
}

/// The period a revenue figure is counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    Annual,
    Monthly,
}

/// What crossing a cap does to the right to use the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapEffect {
    /// A separate license from the licensor is needed (which it may refuse).
    LicenseRequired,
    /// The license ends.
    RightsEnd,
    /// The rights continue against a royalty.
    RoyaltyRequired,
}

/// The structured terms of a license (`terms:` in `catalog/licenses.yaml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseTerms {
    pub revenue_cap: Option<RevenueCap>,
    pub user_cap: Option<UserCap>,
    /// Duties that start above a figure while the rights continue.
    #[serde(default)]
    pub thresholds: Vec<Threshold>,
    pub excluded_territories: Option<Territories>,
    /// What outputs may not be used for (empty: nothing).
    #[serde(default)]
    pub output_use: Vec<OutputUse>,
    pub copyleft: Copyleft,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyleft_note: Option<String>,
    /// Use restrictions must be passed on to recipients.
    pub flow_down: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_down_basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
}

/// Revenue above which the grant ends or a separate license is needed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevenueCap {
    pub amount_usd: u64,
    pub period: Period,
    pub whose: String,
    pub effect: CapEffect,
    pub scope: String,
    pub text: Option<String>,
    pub source: String,
    pub confidence: String,
}

/// Users above which a separate license is needed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserCap {
    /// The figure in monthly active users, when the license counts them.
    pub mau: Option<u64>,
    /// What is counted: `monthly_active_users`, `daily_active_users`, `monthly_visits`.
    pub metric: String,
    pub value: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
    pub whose: String,
    pub effect: CapEffect,
    pub text: Option<String>,
    pub source: String,
    pub confidence: String,
}

/// A duty (display the model's name, attribute) that starts above a figure.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// `monthly_active_users`, `monthly_revenue_usd` or `annual_revenue_usd`.
    pub metric: String,
    pub value: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<String>,
    /// `display-name` (show the model's name in the product) or `attribution`.
    pub duty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whose: Option<String>,
    pub text: Option<String>,
    pub source: String,
    pub confidence: String,
}

/// Territories where the license does not apply.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Territories {
    /// ISO 3166-1 alpha-2 codes, plus `EU` and `EEA`.
    pub codes: Vec<String>,
    /// `licensee-establishment` (who may take the license) or `use-location`.
    pub basis: String,
    /// `all`, or `multimodal` (the exclusion reaches only multimodal models).
    pub model_scope: String,
    pub scope: String,
    #[serde(default)]
    pub text: Option<String>,
    pub source: String,
    pub confidence: String,
}

/// One thing a license forbids doing with the model's outputs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputUse {
    pub restriction: String,
    pub scope: Option<String>,
    pub text: Option<String>,
    pub source: String,
    pub confidence: String,
}

/// Copyleft scope of an SPDX license (`spdx_terms:` in `catalog/licenses.yaml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpdxTerms {
    pub id: String,
    pub copyleft: Copyleft,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// Output-use restriction values the catalog may use.
pub const OUTPUT_USE_RESTRICTIONS: &[&str] = &[
    "train-other-models",
    "improve-other-llms",
    "improve-other-ai-models",
    "develop-competing-models",
    "trained-model-is-derivative",
    "naming-duty-on-trained-models",
    "non-commercial-only",
];

/// Region codes that are groups rather than ISO 3166-1 countries.
pub const REGION_GROUPS: &[&str] = &["EU", "EEA"];

/// ISO 3166-1 alpha-2 codes (officially assigned), for territories and `project.markets`.
pub const ISO_3166_ALPHA2: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// EU member states (for matching a market given as a country against an `EU` exclusion).
pub const EU_MEMBERS: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Whether `code` is a region code the catalog and manifests accept.
pub fn is_region_code(code: &str) -> bool {
    REGION_GROUPS.contains(&code) || ISO_3166_ALPHA2.contains(&code)
}

/// What is wrong in a license's `terms:` block: (pointer below the entry, message).
pub fn terms_problems(l: &LicenseFacts) -> Vec<(String, String)> {
    let Some(t) = &l.terms else {
        return vec![(
            String::new(),
            format!("license `{}` has no `terms:` block", l.id),
        )];
    };
    terms_block_problems(l, t)
        .into_iter()
        .map(|(p, m)| (format!("/terms{p}"), m))
        .collect()
}

fn terms_block_problems(l: &LicenseFacts, t: &LicenseTerms) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let conf = |c: &str| matches!(c, "high" | "medium" | "low");
    if let Some(r) = &t.revenue_cap {
        if l.revenue_cap_usd != Some(r.amount_usd) {
            out.push((
                "/revenue_cap/amount_usd".into(),
                format!(
                    "differs from `revenue_cap_usd` ({:?}) of license `{}`",
                    l.revenue_cap_usd, l.id
                ),
            ));
        }
        if !conf(&r.confidence) || r.source.trim().is_empty() {
            out.push((
                "/revenue_cap".into(),
                "needs a source and a confidence".into(),
            ));
        }
    } else if l.revenue_cap_usd.is_some() {
        out.push((
            "/revenue_cap".into(),
            format!(
                "license `{}` has `revenue_cap_usd` but no revenue cap terms",
                l.id
            ),
        ));
    }
    if let Some(u) = &t.user_cap {
        if u.mau.is_some() && l.user_cap_mau != u.mau {
            out.push((
                "/user_cap/mau".into(),
                format!("differs from `user_cap_mau` of license `{}`", l.id),
            ));
        }
        if !conf(&u.confidence) || u.source.trim().is_empty() {
            out.push(("/user_cap".into(), "needs a source and a confidence".into()));
        }
    }
    for (i, th) in t.thresholds.iter().enumerate() {
        if !matches!(
            th.metric.as_str(),
            "monthly_active_users" | "monthly_revenue_usd" | "annual_revenue_usd"
        ) {
            out.push((
                format!("/thresholds/{i}/metric"),
                format!(
                    "unknown metric `{}` (expected monthly_active_users, monthly_revenue_usd, annual_revenue_usd)",
                    th.metric
                ),
            ));
        }
        if !conf(&th.confidence) || th.source.trim().is_empty() {
            out.push((
                format!("/thresholds/{i}"),
                "needs a source and a confidence".into(),
            ));
        }
    }
    if let Some(x) = &t.excluded_territories {
        for (i, c) in x.codes.iter().enumerate() {
            if !is_region_code(c) {
                out.push((
                    format!("/excluded_territories/codes/{i}"),
                    format!("`{c}` is not an ISO 3166-1 alpha-2 code, `EU` or `EEA`"),
                ));
            }
        }
        if !matches!(x.model_scope.as_str(), "all" | "multimodal") {
            out.push((
                "/excluded_territories/model_scope".into(),
                "model_scope must be `all` or `multimodal`".into(),
            ));
        }
        if !matches!(x.basis.as_str(), "licensee-establishment" | "use-location") {
            out.push((
                "/excluded_territories/basis".into(),
                "basis must be `licensee-establishment` or `use-location`".into(),
            ));
        }
        if !conf(&x.confidence) || x.source.trim().is_empty() {
            out.push((
                "/excluded_territories".into(),
                "needs a source and a confidence".into(),
            ));
        }
    }
    for (i, o) in t.output_use.iter().enumerate() {
        if !OUTPUT_USE_RESTRICTIONS.contains(&o.restriction.as_str()) {
            out.push((
                format!("/output_use/{i}/restriction"),
                format!(
                    "unknown restriction `{}` (expected one of {})",
                    o.restriction,
                    OUTPUT_USE_RESTRICTIONS.join(", ")
                ),
            ));
        }
        if !conf(&o.confidence) || o.source.trim().is_empty() {
            out.push((
                format!("/output_use/{i}"),
                "needs a source and a confidence".into(),
            ));
        }
    }
    if t.confidence.as_deref().is_some_and(|c| !conf(c)) {
        out.push((
            "/confidence".into(),
            "confidence must be high, medium or low".into(),
        ));
    }
    out
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

/// What is wrong in one license entry, apart from clashes with other entries:
/// (pointer below the entry, message).
pub fn license_problems(l: &LicenseFacts) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if l.source.trim().is_empty() {
        out.push((
            "/source".into(),
            format!("license `{}` has no source", l.id),
        ));
    }
    if !matches!(l.confidence.as_str(), "high" | "medium" | "low") {
        out.push((
            "/confidence".into(),
            "confidence must be high, medium or low".into(),
        ));
    }
    out.extend(terms_problems(l));
    out
}

/// What is wrong in one model entry on its own (not its license ids, not clashes with other
/// entries): (pointer below the entry, message).
pub fn entry_problems(m: &ModelFacts) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if m.source.trim().is_empty() {
        out.push(("/source".into(), format!("`{}` has no source", m.id)));
    }
    if !matches!(m.confidence.as_str(), "high" | "medium" | "low") {
        out.push((
            "/confidence".into(),
            "confidence must be high, medium or low".into(),
        ));
    }
    if !matches!(
        m.openness.as_str(),
        "proprietary" | "open-weights" | "open-source"
    ) {
        out.push((
            "/openness".into(),
            "openness must be proprietary, open-weights or open-source".into(),
        ));
    }
    if let Some(r) = &m.released {
        let year = r.len() >= 4 && r.bytes().take(4).all(|c| c.is_ascii_digit());
        let month = r.len() == 4
            || (r.len() == 7
                && r.as_bytes()[4] == b'-'
                && r[5..].bytes().all(|c| c.is_ascii_digit()));
        if !(year && month) {
            out.push((
                "/released".into(),
                format!("`{r}` is not YYYY-MM (or YYYY)"),
            ));
        }
    }
    for (j, p) in m.patterns.iter().enumerate() {
        match p.split_once('/') {
            Some((org, rest))
                if !org.contains(['*', '?']) && !org.is_empty() && glob::specificity(rest) >= 4 => {}
            _ => out.push((
                format!("/patterns/{j}"),
                format!("pattern `{p}` must name its organization literally and at least four characters of the name"),
            )),
        }
    }
    for (j, p) in m.api_patterns.iter().enumerate() {
        if p.contains('/') || glob::specificity(p) < 2 {
            out.push((
                format!("/api_patterns/{j}"),
                format!("service pattern `{p}` must be a bare model name glob with at least two literal characters"),
            ));
        }
    }
    out
}
