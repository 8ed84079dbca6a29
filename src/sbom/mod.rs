//! ML-BOM export: the declared models as a CycloneDX 1.6 document.
//!
//! Each manifest entry becomes a component of type `machine-learning-model` with the license
//! it is judged by (the knowledge base's for known models, `acknowledgement: concluded`; the
//! declared one otherwise, `declared`), a Hugging Face purl for Hub models, the supplier, and
//! the model card facts the knowledge base holds. The output is deterministic: no timestamp
//! unless `SOURCE_DATE_EPOCH` is set, and a serial number derived from the content.

use serde_json::{json, Map, Value};

use crate::catalog::expr::TermKind;
use crate::catalog::{normalize_model_id, parse_expression, Catalog, MatchKind, ModelFacts, Term};
use crate::input;
use crate::manifest::Loaded;
use crate::manifest::ModelDecl;

/// 128-bit FNV-1a: a stable (not cryptographic) digest, enough to derive a serial number
/// that changes whenever the content does.
fn fnv1a_128(bytes: &[u8]) -> u128 {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for &b in bytes {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    h
}

/// `urn:uuid:` of an RFC 9562 version-8 (custom) UUID built from a digest of `content`.
pub fn serial_number(content: &str) -> String {
    let mut b = fnv1a_128(content.as_bytes()).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// RFC 3339 UTC time of a Unix timestamp (for `SOURCE_DATE_EPOCH`).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Percent-encode a purl segment (everything but unreserved characters).
fn purl_segment(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The Hub repository (`org/name` or `name`) of a declared model, if it lives on the Hub.
fn hub_repo(decl: &ModelDecl, facts: Option<&ModelFacts>, hosted_api: bool) -> Option<String> {
    let provider = decl.provider.as_deref().map(str::to_ascii_lowercase);
    let guess = || facts.map_or(!hosted_api && decl.id.contains('/'), |f| f.hf);
    let on_hub = match provider.as_deref() {
        Some("huggingface") => true,
        Some("ollama" | "self-hosted") => false,
        _ if hosted_api => false,
        _ => guess(),
    };
    if !on_hub {
        return None;
    }
    // Keep the author's case: purl names of this type are case-sensitive.
    let mut repo = decl.id.trim().trim_end_matches('/');
    for prefix in [
        "https://",
        "http://",
        "www.huggingface.co/",
        "huggingface.co/",
        "hf.co/",
    ] {
        if repo
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            repo = &repo[prefix.len()..];
        }
    }
    let segments = repo.split('/').count();
    (segments <= 2 && !repo.is_empty()).then(|| repo.to_string())
}

/// The Hugging Face purl: `pkg:huggingface/org/name@<commit, lower case>`.
pub fn hf_purl(repo: &str, revision: Option<&str>) -> String {
    let mut p = String::from("pkg:huggingface/");
    p.push_str(
        &repo
            .split('/')
            .map(purl_segment)
            .collect::<Vec<_>>()
            .join("/"),
    );
    if let Some(r) = revision.filter(|r| r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit()))
    {
        p.push('@');
        p.push_str(&r.to_ascii_lowercase());
    }
    p
}

/// An SPDX-expression token for a term: its SPDX id, or a `LicenseRef-` for the others.
fn expression_token(t: &Term) -> String {
    if let Some(id) = &t.spdx_id {
        let mut s = id.clone();
        if t.or_later && !s.ends_with('+') {
            s.push('+');
        }
        if let Some(e) = &t.exception {
            s.push_str(&format!(" WITH {e}"));
        }
        return s;
    }
    if t.id.starts_with("LicenseRef-") {
        return t.id.clone();
    }
    let clean: String =
        t.id.chars()
            .map(|c| match c {
                '+' => 'p',
                c if c.is_ascii_alphanumeric() || c == '.' || c == '-' => c,
                _ => '-',
            })
            .collect();
    format!("LicenseRef-{clean}")
}

/// CycloneDX `licenses` for an effective license expression.
fn licenses(catalog: &Catalog, effective: &str, acknowledgement: &str) -> Value {
    let expr = parse_expression(catalog, effective);
    let single = match expr.alternatives.as_slice() {
        [alt] if alt.len() == 1 && expr.error.is_none() => Some(&alt[0]),
        _ => None,
    };
    if let Some(t) = single {
        if t.exception.is_none() && !t.or_later {
            let mut l = Map::new();
            match (&t.spdx_id, &t.name) {
                (Some(id), _) => {
                    l.insert("id".into(), json!(id));
                }
                (None, Some(name)) => {
                    l.insert("name".into(), json!(name));
                }
                (None, None) => {
                    l.insert("name".into(), json!(t.written));
                }
            }
            l.insert("acknowledgement".into(), json!(acknowledgement));
            if let Some(f) = catalog.license(&t.id) {
                if f.spdx_id.is_none() {
                    let mut props = vec![json!({"name": "modelgate:license-id", "value": f.id})];
                    props.push(json!({"name": "modelgate:license-source", "value": f.source}));
                    l.insert("properties".into(), Value::Array(props));
                }
            }
            return json!([{ "license": l }]);
        }
    }
    if expr.error.is_some() {
        return json!([{ "license": { "name": effective, "acknowledgement": acknowledgement } }]);
    }
    let alternatives: Vec<String> = expr
        .alternatives
        .iter()
        .map(|alt| {
            let parts: Vec<String> = alt.iter().map(expression_token).collect();
            if parts.len() > 1 && expr.alternatives.len() > 1 {
                format!("({})", parts.join(" AND "))
            } else {
                parts.join(" AND ")
            }
        })
        .collect();
    json!([{ "expression": alternatives.join(" OR "), "acknowledgement": acknowledgement }])
}

fn prop(name: &str, value: impl ToString) -> Value {
    json!({"name": format!("modelgate:{name}"), "value": value.to_string()})
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The model card section from the knowledge base's facts.
fn model_card(facts: &ModelFacts, terms: &[Term], bom_ref: &str) -> Value {
    let mut card = Map::new();
    card.insert("bom-ref".into(), json!(format!("{bom_ref}#model-card")));
    card.insert(
        "modelParameters".into(),
        json!({ "architectureFamily": facts.family }),
    );
    let mut ethical = Vec::new();
    for t in terms {
        if t.field_of_use_restrictions {
            let policy = t
                .aup_url
                .as_deref()
                .map(|u| format!("Follow the acceptable-use policy: {u}"))
                .unwrap_or_else(|| "Follow the use restrictions of the license".into());
            ethical.push(json!({
                "name": format!("The license ({}) restricts fields of use", t.id),
                "mitigationStrategy": policy,
            }));
        }
    }
    for r in &facts.other_restrictions {
        ethical.push(json!({ "name": r }));
    }
    if !ethical.is_empty() {
        card.insert(
            "considerations".into(),
            json!({ "ethicalConsiderations": ethical }),
        );
    }
    let mut props = vec![
        prop("modality", &facts.modality),
        prop("openness", &facts.openness),
        prop("weights-available", facts.weights_available),
        prop("training-data-open", text_of(&facts.training_data_open)),
        prop("training-code-open", text_of(&facts.training_code_open)),
    ];
    if !facts.parameters.is_empty() {
        let sizes: Vec<String> = facts.parameters.iter().map(text_of).collect();
        props.push(prop("parameters", sizes.join(", ")));
    }
    if let Some(m) = &facts.mof_class {
        props.push(prop("mof-class", m));
    }
    props.push(prop("source", &facts.source));
    card.insert("properties".into(), Value::Array(props));
    Value::Object(card)
}

/// The CycloneDX 1.6 document for one manifest. `timestamp` is RFC 3339, or `None` to leave
/// it out.
pub fn cyclonedx(loaded: &Loaded, catalog: &Catalog, timestamp: Option<String>) -> Value {
    let doc = input::build(catalog, &loaded.manifest, &loaded.display);
    let mut components = Vec::new();
    let mut refs: Vec<String> = Vec::new();
    let mut dependencies = Vec::new();
    for (i, decl) in loaded.manifest.models.iter().enumerate() {
        let m = &doc["models"][i];
        // Facts about this very model; a derivative found through `base_model` is another
        // model (its license terms are still inherited, through the input document).
        let known = input::lookup(catalog, decl);
        let facts = known
            .as_ref()
            .filter(|k| k.matched_by != MatchKind::BaseModel)
            .map(|k| k.facts);
        let hosted_api = m["hosted_api"].as_bool().unwrap_or(false);
        let mut bom_ref = format!("model:{}", decl.id);
        if refs.contains(&bom_ref) {
            bom_ref = format!("{bom_ref}#{i}");
        }
        refs.push(bom_ref.clone());

        let mut c = Map::new();
        c.insert("type".into(), json!("machine-learning-model"));
        c.insert("bom-ref".into(), json!(bom_ref));
        let repo = hub_repo(decl, facts, hosted_api);
        let shown = repo.clone().unwrap_or_else(|| decl.id.clone());
        match shown.split_once('/') {
            Some((group, name)) if repo.is_some() => {
                c.insert("group".into(), json!(group));
                c.insert("name".into(), json!(name));
            }
            _ => {
                c.insert("name".into(), json!(shown));
            }
        }
        if let Some(r) = &decl.revision {
            c.insert("version".into(), json!(r));
        }
        let supplier = facts
            .map(|f| f.developer.clone())
            .or_else(|| decl.provider.clone());
        if let Some(s) = supplier {
            c.insert("supplier".into(), json!({ "name": s }));
        }
        let description = decl
            .description
            .clone()
            .or_else(|| facts.map(|f| format!("{} ({}), {}", f.family, f.developer, f.modality)));
        if let Some(d) = description {
            c.insert("description".into(), json!(d));
        }
        let license = &m["license"];
        if let Some(effective) = license["effective"].as_str() {
            let ack = if license["from"] == "declared" {
                "declared"
            } else {
                "concluded"
            };
            c.insert("licenses".into(), licenses(catalog, effective, ack));
        }
        if let Some(repo) = &repo {
            c.insert(
                "purl".into(),
                json!(hf_purl(repo, decl.revision.as_deref())),
            );
            c.insert(
                "externalReferences".into(),
                json!([{ "type": "website", "url": format!("https://huggingface.co/{repo}") }]),
            );
        }
        let terms: Vec<Term> =
            serde_json::from_value::<Vec<Vec<Value>>>(license["alternatives"].clone())
                .ok()
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|t| term_of(catalog, &t))
                .collect();
        if let Some(f) = facts {
            c.insert("modelCard".into(), model_card(f, &terms, &bom_ref));
        }
        let mut props = vec![prop(
            "openness",
            m["openness"].as_str().unwrap_or("unknown"),
        )];
        if let Some(p) = &decl.provider {
            props.push(prop("provider", p));
        }
        if hosted_api {
            props.push(prop("hosted-api", true));
        }
        if let Some(from) = license["from"].as_str() {
            props.push(prop("license-from", from));
        }
        if let Some(d) = license["declared"].as_str() {
            props.push(prop("license-declared", d));
        }
        if !decl.usage.is_empty() {
            props.push(prop("usage", decl.usage.join(", ")));
        }
        props.push(prop(
            "environment",
            decl.environment.as_deref().unwrap_or("production"),
        ));
        if let Some(base) = &decl.base_model {
            props.push(prop("base-model", base));
        }
        c.insert("properties".into(), Value::Array(props));
        components.push(Value::Object(c));
    }
    // Derivatives depend on their base model when the base is declared too.
    for (i, decl) in loaded.manifest.models.iter().enumerate() {
        let base = decl.base_model.as_deref().and_then(|b| {
            loaded
                .manifest
                .models
                .iter()
                .position(|m| normalize_model_id(&m.id) == normalize_model_id(b))
        });
        let depends: Vec<&String> = base.map(|j| &refs[j]).into_iter().collect();
        dependencies.push(json!({ "ref": refs[i], "dependsOn": depends }));
    }
    let project = &loaded.manifest.project;
    let name = project.name.clone().unwrap_or_else(|| {
        let dir = crate::manifest::manifest_dir(std::path::Path::new(&loaded.display));
        std::fs::canonicalize(&dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "project".into())
    });
    let mut app = Map::new();
    app.insert("type".into(), json!("application"));
    app.insert("bom-ref".into(), json!("project"));
    app.insert("name".into(), json!(name));
    if let Some(d) = &project.description {
        app.insert("description".into(), json!(d));
    }
    let mut app_props = vec![prop("commercial", project.commercial)];
    if let Some(d) = &project.distribution {
        app_props.push(prop("distribution", d));
    }
    app.insert("properties".into(), Value::Array(app_props));
    dependencies.insert(0, json!({ "ref": "project", "dependsOn": refs }));

    let mut metadata = Map::new();
    if let Some(t) = timestamp {
        metadata.insert("timestamp".into(), json!(t));
    }
    metadata.insert(
        "tools".into(),
        json!({ "components": [{
            "type": "application",
            "name": "modelgate",
            "version": env!("CARGO_PKG_VERSION"),
        }]}),
    );
    metadata.insert("component".into(), Value::Object(app));

    let mut bom = Map::new();
    bom.insert("bomFormat".into(), json!("CycloneDX"));
    bom.insert("specVersion".into(), json!("1.6"));
    bom.insert("serialNumber".into(), json!(""));
    bom.insert("version".into(), json!(1));
    bom.insert("metadata".into(), Value::Object(metadata));
    bom.insert("components".into(), Value::Array(components));
    bom.insert("dependencies".into(), Value::Array(dependencies));
    let mut bom = Value::Object(bom);
    let digest = serde_json::to_string(&bom).expect("serializes");
    bom["serialNumber"] = json!(serial_number(&digest));
    bom
}

/// A term of the input document back as a [`Term`] (resolving by id).
fn term_of(catalog: &Catalog, v: &Value) -> Option<Term> {
    let id = v["id"].as_str()?;
    let t = crate::catalog::expr::resolve_term(catalog, id);
    (t.kind != TermKind::Unknown).then_some(t)
}

/// `SOURCE_DATE_EPOCH` as an RFC 3339 timestamp, if set to an integer.
pub fn source_date() -> Option<String> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(rfc3339)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn serial_numbers_are_stable_uuids() {
        let a = serial_number("x");
        assert_eq!(a, serial_number("x"));
        assert_ne!(a, serial_number("y"));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a[23..24], "8");
    }

    #[test]
    fn purls_keep_name_case_and_lower_the_commit() {
        assert_eq!(
            hf_purl(
                "Qwen/Qwen2.5-7B",
                Some("ABCDEF0123456789ABCDEF0123456789ABCDEF01")
            ),
            "pkg:huggingface/Qwen/Qwen2.5-7B@abcdef0123456789abcdef0123456789abcdef01"
        );
        assert_eq!(hf_purl("gpt2", Some("main")), "pkg:huggingface/gpt2");
    }
}
