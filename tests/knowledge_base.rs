//! Knowledge-base tests: the embedded catalog (`catalog/*.yaml`) and the bundled SPDX list
//! against the project's reference data in `tests/reference/` (byte copies of the shared
//! reference files; see `tests/reference/README.md`).
//!
//! Every test collects all mismatches and fails once with the full list, so a single run shows
//! everything that has drifted.

use std::collections::BTreeSet;

use modelgate::catalog::expr::TermKind;
use modelgate::catalog::{
    parse_expression, spdx_is_non_commercial, spdx_license, Catalog, Commercial, MatchKind, Term,
};
use serde_json::Value;

const SPDX_JSON: &str = include_str!("reference/spdx-licenses.json");
const LICENSE_FACTS: &str = include_str!("reference/license-facts.yaml");
const MODEL_FACTS: &str = include_str!("reference/model-facts.yaml");

/// SPDX statuses that genuinely changed between the reference list (3.27.0) and the list the
/// `spdx` crate bundles (3.29.0): (license id, field, value in 3.29.0, why).
/// Each entry must still differ from the reference; a stale entry fails the test.
/// All five are OSI approvals made after 3.27.0. Together with the four licences added since
/// 3.27.0 that are OSI-approved (ALGLIB-Documentation, BSD-ask-to-endorse, OSC-1.0, WordNet) they
/// account for 145 -> 154 approved ids, the 3.29.0 count license-facts.yaml records independently.
const SPDX_CHANGES_SINCE_REFERENCE: &[(&str, SpdxField, bool, &str)] = &[
    (
        "BSD-3-Clause-Open-MPI",
        SpdxField::OsiApproved,
        true,
        "OSI approved it on 2025-07-18; spdx/license-list-XML issue #2842 / PR #2843",
    ),
    (
        "CDDL-1.1",
        SpdxField::OsiApproved,
        true,
        "OSI board legacy-approved it in July 2025; spdx/license-list-XML issue #2958 / PR #2995",
    ),
    (
        "CNRI-Python-GPL-Compatible",
        SpdxField::OsiApproved,
        true,
        "OSI board approval 2026-06-29; spdx/license-list-XML PR #3075",
    ),
    (
        "curl",
        SpdxField::OsiApproved,
        true,
        "OSI board approval (legacy) 2026-04-17; spdx/license-list-XML PR #3076",
    ),
    (
        "Python-2.0.1",
        SpdxField::OsiApproved,
        true,
        "OSI board approval 2026-06-29; spdx/license-list-XML PR #3075",
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // `Deprecated` is only named when a deprecation changes
enum SpdxField {
    OsiApproved,
    Deprecated,
}

/// Hugging Face `license:` tags that name a family of licences, a licence with no SPDX entry
/// and no terms in the knowledge base, or no licence at all. They must resolve, but to a
/// `Custom` (or `Unknown`) term that is not `known`, so that policies treat them as unknown terms.
const HF_FAMILY_OR_UNRECORDED_TAGS: &[&str] = &[
    "bsd",            // BSD family: 0BSD .. BSD-4-Clause differ
    "cc",             // Creative Commons family: CC0 .. CC-BY-NC-ND
    "gfdl",           // GFDL family: version and invariant-section options unknown
    "gpl",            // GPL family: version and only/or-later unknown
    "lgpl",           // LGPL family: version and only/or-later unknown
    "odc-by",         // Open Data Commons Attribution family (no version)
    "odbl",           // Open Database License family (no version)
    "openmdw-1.1",    // not in SPDX 3.27/3.29 and not in license-facts.yaml
    "h-research",     // vendor research licence, terms not in the reference
    "intel-research", // vendor research licence, terms not in the reference
    "lgpl-lr",        // LGPL for Linguistic Resources, not on the SPDX list
    "unknown",        // the author did not state a licence
    "other",          // the licence is named by `license_name` instead
];

// ---------------------------------------------------------------------------------------------
// helpers

fn reference_yaml(name: &str, text: &str) -> Value {
    match modelgate::yaml::parse(text) {
        Ok(doc) => doc.value,
        Err(e) => panic!(
            "tests/reference/{name}:{}:{}: {}",
            e.span.line, e.span.column, e.message
        ),
    }
}

/// Fail with every problem, one per line.
fn report(what: &str, problems: &[String]) {
    if !problems.is_empty() {
        panic!(
            "{} {what}:\n  - {}\n",
            problems.len(),
            problems.join("\n  - ")
        );
    }
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn bool_field(v: &Value, key: &str) -> Result<bool, String> {
    v.get(key)
        .and_then(Value::as_bool)
        .ok_or_else(|| format!("reference field `{key}` is not a boolean: {:?}", v.get(key)))
}

fn cap_field(v: &Value, key: &str) -> Result<Option<u64>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("reference field `{key}` is not a whole number: {n}")),
        Some(other) => Err(format!("reference field `{key}` is not a number: {other}")),
    }
}

fn commercial_field(v: &Value) -> Result<Commercial, String> {
    match str_field(v, "commercial_use") {
        Some("allowed") => Ok(Commercial::Allowed),
        Some("restricted") => Ok(Commercial::Restricted),
        Some("non-commercial") => Ok(Commercial::NonCommercial),
        other => Err(format!("reference `commercial_use` is {other:?}")),
    }
}

/// The licence terms the reference records and policies look at.
#[derive(Debug, Clone, PartialEq)]
struct Terms {
    osi_approved: bool,
    user_cap_mau: Option<u64>,
    revenue_cap_usd: Option<u64>,
    commercial_use: Option<Commercial>,
    /// `None` when the comparison should not look at it (model-level reference entries record
    /// the model's own AUP, which may sit on top of the licence).
    field_of_use_restrictions: Option<bool>,
}

impl Terms {
    fn from_reference(v: &Value, with_field_of_use: bool) -> Result<Terms, String> {
        Ok(Terms {
            osi_approved: bool_field(v, "osi_approved")?,
            user_cap_mau: cap_field(v, "user_cap_mau")?,
            revenue_cap_usd: cap_field(v, "revenue_cap_usd")?,
            commercial_use: Some(commercial_field(v)?),
            field_of_use_restrictions: if with_field_of_use {
                Some(bool_field(v, "acceptable_use_policy")?)
            } else {
                None
            },
        })
    }

    fn from_term(t: &Term) -> Terms {
        Terms {
            osi_approved: t.osi_approved,
            user_cap_mau: t.user_cap_mau,
            revenue_cap_usd: t.revenue_cap_usd,
            commercial_use: t.commercial_use,
            field_of_use_restrictions: Some(t.field_of_use_restrictions),
        }
    }

    /// One message per field where `actual` differs from `self` (the reference).
    fn diff(&self, actual: &Terms, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.osi_approved != actual.osi_approved {
            out.push(format!(
                "{what}: osi_approved is {}, reference says {}",
                actual.osi_approved, self.osi_approved
            ));
        }
        if self.user_cap_mau != actual.user_cap_mau {
            out.push(format!(
                "{what}: user_cap_mau is {:?}, reference says {:?}",
                actual.user_cap_mau, self.user_cap_mau
            ));
        }
        if self.revenue_cap_usd != actual.revenue_cap_usd {
            out.push(format!(
                "{what}: revenue_cap_usd is {:?}, reference says {:?}",
                actual.revenue_cap_usd, self.revenue_cap_usd
            ));
        }
        if self.commercial_use != actual.commercial_use {
            out.push(format!(
                "{what}: commercial_use is {:?}, reference says {:?}",
                actual.commercial_use, self.commercial_use
            ));
        }
        if let (Some(want), Some(got)) = (
            self.field_of_use_restrictions,
            actual.field_of_use_restrictions,
        ) {
            if want != got {
                out.push(format!(
                    "{what}: field_of_use_restrictions is {got}, reference acceptable_use_policy is {want}"
                ));
            }
        }
        out
    }
}

/// Parse `text` and require exactly one resolved term without a syntax error.
fn single_term(catalog: &Catalog, text: &str) -> Result<Term, String> {
    let e = parse_expression(catalog, text);
    if let Some(err) = &e.error {
        return Err(format!("`{text}` does not parse: {err}"));
    }
    match e.alternatives.as_slice() {
        [alt] if alt.len() == 1 => Ok(alt[0].clone()),
        _ => Err(format!(
            "`{text}` resolves to {} alternatives, expected one term",
            e.alternatives.len()
        )),
    }
}

/// Like [`single_term`], and the term must be known to the knowledge base or SPDX.
fn known_term(catalog: &Catalog, text: &str) -> Result<Term, String> {
    let t = single_term(catalog, text)?;
    if t.known {
        Ok(t)
    } else {
        Err(format!(
            "`{text}` resolves to an unknown term (kind {:?})",
            t.kind
        ))
    }
}

fn items<'a>(doc: &'a Value, key: &str, file: &str) -> &'a Vec<Value> {
    doc.get(key)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("tests/reference/{file} has no `{key}:` list"))
}

// ---------------------------------------------------------------------------------------------
// 1. SPDX

#[test]
fn spdx_ids_match_reference_list() {
    let json: Value = serde_json::from_str(SPDX_JSON).expect("reference SPDX JSON parses");
    assert_eq!(
        json["licenseListVersion"], "3.27.0",
        "tests/reference/spdx-licenses.json is expected to be SPDX License List 3.27.0"
    );
    let licenses = json["licenses"].as_array().expect("`licenses` array");
    // The counts license-facts.yaml records for this copy: guards against a truncated file.
    assert_eq!(
        licenses.len(),
        699,
        "reference SPDX list should have 699 ids"
    );

    let mut problems = Vec::new();
    let mut used_exceptions = BTreeSet::new();
    for l in licenses {
        let Some(id) = l["licenseId"].as_str() else {
            problems.push(format!("reference entry without licenseId: {l}"));
            continue;
        };
        let (Some(osi), Some(deprecated)) = (
            l["isOsiApproved"].as_bool(),
            l["isDeprecatedLicenseId"].as_bool(),
        ) else {
            problems.push(format!(
                "{id}: reference entry lacks isOsiApproved/isDeprecatedLicenseId"
            ));
            continue;
        };
        let mut spellings = vec![id.to_string()];
        if id.to_lowercase() != id {
            spellings.push(id.to_lowercase());
        }
        for spelling in &spellings {
            let Some(found) = spdx_license(spelling) else {
                problems.push(format!(
                    "`{spelling}` does not resolve through spdx_license"
                ));
                continue;
            };
            if found.name != id {
                problems.push(format!(
                    "`{spelling}` resolves to `{}`, expected `{id}`",
                    found.name
                ));
                continue;
            }
            for (field, want, got) in [
                (SpdxField::OsiApproved, osi, found.is_osi_approved()),
                (SpdxField::Deprecated, deprecated, found.is_deprecated()),
            ] {
                if want == got {
                    continue;
                }
                let documented = SPDX_CHANGES_SINCE_REFERENCE
                    .iter()
                    .any(|&(x, f, now, _)| x == id && f == field && now == got);
                if documented {
                    used_exceptions.insert((id.to_string(), format!("{field:?}")));
                } else {
                    problems.push(format!(
                        "`{spelling}`: {field:?} is {got} in the bundled SPDX {}, reference 3.27.0 says {want}",
                        spdx::identifiers::VERSION
                    ));
                }
            }
        }
    }
    for &(id, field, _, _) in SPDX_CHANGES_SINCE_REFERENCE {
        if !used_exceptions.contains(&(id.to_string(), format!("{field:?}"))) {
            problems.push(format!(
                "documented exception ({id}, {field:?}) no longer differs from the reference; remove it"
            ));
        }
    }
    report("SPDX ids that differ from the reference list", &problems);
}

/// The SPDX list has deprecated ids that end in `+` (`GPL-2.0+`, `LGPL-2.1+`, ...).
#[test]
fn spdx_or_later_ids_resolve_to_themselves() {
    let json: Value = serde_json::from_str(SPDX_JSON).expect("reference SPDX JSON parses");
    let c = Catalog::get();
    let mut problems = Vec::new();
    for l in json["licenses"].as_array().expect("`licenses` array") {
        let id = l["licenseId"].as_str().unwrap_or_default();
        if !id.ends_with('+') {
            continue;
        }
        for spelling in [id.to_string(), id.to_lowercase()] {
            match spdx_license(&spelling) {
                Some(found) if found.name == id => {}
                other => problems.push(format!(
                    "spdx_license(`{spelling}`) is {:?}, expected `{id}`",
                    other.map(|x| x.name)
                )),
            }
        }
        // Whatever id it resolves to, an expression must keep the "or later" meaning.
        match single_term(c, id) {
            Ok(t) if t.or_later || t.id == id => {}
            Ok(t) => problems.push(format!(
                "`{id}` in an expression resolves to `{}` with or_later false",
                t.id
            )),
            Err(e) => problems.push(e),
        }
    }
    report("SPDX `+` ids that lose their `+`", &problems);
}

// ---------------------------------------------------------------------------------------------
// 2. Licences

#[test]
fn licenses_match_reference_facts() {
    let c = Catalog::get();
    let doc = reference_yaml("license-facts.yaml", LICENSE_FACTS);
    let mut problems = Vec::new();
    for l in items(&doc, "licenses", "license-facts.yaml") {
        let Some(id) = str_field(l, "id") else {
            problems.push(format!("reference licence without id: {l}"));
            continue;
        };
        let want = match Terms::from_reference(l, true) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{id}: {e}"));
                continue;
            }
        };
        let ref_spdx = str_field(l, "spdx_id");

        // Resolve through our own table, or (SPDX licences only) the SPDX list.
        let (canonical, actual) = if let Some(facts) = c.license(id) {
            if let Some(s) = ref_spdx {
                if !facts
                    .spdx_id
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(s))
                {
                    problems.push(format!(
                        "{id}: catalog spdx_id is {:?}, reference says {s:?}",
                        facts.spdx_id
                    ));
                }
            } else if let Some(x) = &facts.spdx_id {
                problems.push(format!(
                    "{id}: catalog spdx_id is {x:?}, reference says null"
                ));
            }
            let actual = Terms {
                osi_approved: facts.osi_approved,
                user_cap_mau: facts.user_cap_mau,
                revenue_cap_usd: facts.revenue_cap_usd,
                commercial_use: Some(facts.commercial_use),
                field_of_use_restrictions: Some(facts.field_of_use_restrictions),
            };
            (facts.id.clone(), actual)
        } else if let Some(sid) = ref_spdx.and_then(spdx_license) {
            let actual = Terms {
                osi_approved: sid.is_osi_approved(),
                user_cap_mau: None,
                revenue_cap_usd: None,
                commercial_use: Some(if spdx_is_non_commercial(sid) {
                    Commercial::NonCommercial
                } else {
                    Commercial::Allowed
                }),
                field_of_use_restrictions: Some(false),
            };
            (sid.name.to_string(), actual)
        } else {
            problems.push(format!(
                "{id}: not in catalog/licenses.yaml{}",
                if ref_spdx.is_some() {
                    " and its spdx_id does not resolve"
                } else {
                    ""
                }
            ));
            continue;
        };
        problems.extend(want.diff(&actual, id));

        // An SPDX licence must also have the reference's OSI status in the SPDX list itself.
        if let Some(s) = ref_spdx {
            match spdx_license(s) {
                Some(sid) if sid.is_osi_approved() != want.osi_approved => problems.push(format!(
                    "{id}: SPDX {} says isOsiApproved {}, reference says {}",
                    sid.name,
                    sid.is_osi_approved(),
                    want.osi_approved
                )),
                Some(_) => {}
                None => problems.push(format!("{id}: spdx_id `{s}` is not in the SPDX list")),
            }
        }

        // The Hugging Face identifiers must resolve to the same licence with the same terms.
        let mut hf_names: Vec<&str> = Vec::new();
        match str_field(l, "hf_id") {
            None | Some("other") => {}
            Some(h) => hf_names.push(h),
        }
        if let Some(aliases) = l.get("hf_aliases").and_then(Value::as_array) {
            hf_names.extend(aliases.iter().filter_map(Value::as_str));
        }
        for h in hf_names {
            check_resolves(
                c,
                &format!("{id} (as `{h}`)"),
                h,
                &canonical,
                &want,
                &mut problems,
            );
        }
    }
    report(
        "licences that differ from tests/reference/license-facts.yaml",
        &problems,
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Models

#[test]
fn models_match_reference_facts() {
    let c = Catalog::get();
    let doc = reference_yaml("model-facts.yaml", MODEL_FACTS);
    let mut problems = Vec::new();
    for m in items(&doc, "models", "model-facts.yaml") {
        let family = str_field(m, "family").unwrap_or("?");
        let Some(license_id) = str_field(m, "license_id") else {
            problems.push(format!("reference model {family}: no license_id"));
            continue;
        };
        let want = match Terms::from_reference(m, false) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("reference model {family}: {e}"));
                continue;
            }
        };
        // The canonical id the reference licence resolves to.
        let want_license = match known_term(c, license_id) {
            Ok(t) => t.id,
            Err(e) => {
                problems.push(format!("reference model {family}: license_id {e}"));
                continue;
            }
        };

        match str_field(m, "id") {
            Some(id) => {
                let mut entries = BTreeSet::new();
                for spelling in [id.to_string(), id.to_uppercase(), id.to_lowercase()] {
                    match c.model(&spelling) {
                        None => problems.push(format!("model `{spelling}` is not found")),
                        Some((facts, _)) => {
                            entries.insert(facts.id.clone());
                        }
                    }
                }
                if entries.len() > 1 {
                    problems.push(format!(
                        "model `{id}`: its spellings resolve to different entries {entries:?}"
                    ));
                }
                if let Some((facts, _)) = c.model(id) {
                    check_resolves(
                        c,
                        &format!("model `{id}`"),
                        &facts.license,
                        &want_license,
                        &want,
                        &mut problems,
                    );
                }
            }
            None => {
                let names: Vec<&str> = m
                    .get("api_model_names")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if want_license != "proprietary" {
                    problems.push(format!(
                        "reference API-only model {family}: license_id is `{license_id}`, expected proprietary"
                    ));
                }
                // The catalog may split a reference family into product lines (Gemini 1.0/1.5
                // and 2.x): every name must still resolve to a service of the same developer.
                let mut entries = BTreeSet::new();
                for name in &names {
                    match c.model(name) {
                        None => problems
                            .push(format!("API model name `{name}` ({family}) is not found")),
                        Some((facts, kind)) => {
                            entries.insert(facts.developer.clone());
                            if kind != MatchKind::ApiName {
                                problems.push(format!(
                                    "API model name `{name}` matches `{}` as {kind:?}, expected an api_names entry",
                                    facts.id
                                ));
                            }
                            check_resolves(
                                c,
                                &format!("model `{name}`"),
                                &facts.license,
                                "proprietary",
                                &want,
                                &mut problems,
                            );
                        }
                    }
                }
                if entries.len() > 1 {
                    problems.push(format!(
                        "API model names of {family} resolve to entries of different developers {entries:?}"
                    ));
                }
                if names.is_empty() {
                    // No API names to look up (Midjourney): the family must still be recorded.
                    // Compare family names without their version lists ("Midjourney (v5 / v6)").
                    let stem = |f: &str| f.split(" (").next().unwrap_or(f).trim().to_string();
                    match c.models().find(|x| stem(&x.family) == stem(family)) {
                        None => problems
                            .push(format!("API-only family `{family}` has no catalog entry")),
                        Some(facts) => check_resolves(
                            c,
                            &format!("model `{}`", facts.id),
                            &facts.license,
                            "proprietary",
                            &want,
                            &mut problems,
                        ),
                    }
                }
            }
        }
    }
    report(
        "models that differ from tests/reference/model-facts.yaml",
        &problems,
    );
}

/// `name` must resolve to the known license `want_license` with the terms `want`; `what`
/// says in messages where the name came from.
fn check_resolves(
    c: &Catalog,
    what: &str,
    name: &str,
    want_license: &str,
    want: &Terms,
    problems: &mut Vec<String>,
) {
    match known_term(c, name) {
        Err(e) => problems.push(format!("{what}: licence {e}")),
        Ok(t) => {
            if t.id != want_license {
                problems.push(format!(
                    "{what}: licence `{name}` resolves to `{}`, expected `{want_license}`",
                    t.id
                ));
            }
            problems.extend(want.diff(&Terms::from_term(&t), what));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Hugging Face identifiers

#[test]
fn hugging_face_identifiers_resolve() {
    let c = Catalog::get();
    let doc = reference_yaml("license-facts.yaml", LICENSE_FACTS);
    let ids = items(&doc, "hf_license_identifiers", "license-facts.yaml");
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for h in ids {
        let Some(id) = str_field(h, "id") else {
            problems.push(format!("reference identifier without id: {h}"));
            continue;
        };
        seen.insert(id.to_string());
        let t = match single_term(c, id) {
            Ok(t) => t,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        if HF_FAMILY_OR_UNRECORDED_TAGS.contains(&id) {
            if t.known || !matches!(t.kind, TermKind::Custom | TermKind::Unknown) {
                problems.push(format!(
                    "`{id}` is listed as a family/unrecorded tag but resolves to `{}` (kind {:?}, known {}); remove it from the list",
                    t.id, t.kind, t.known
                ));
            }
        } else if !t.known {
            problems.push(format!(
                "`{id}` resolves to an unknown term (kind {:?}); add it to catalog/licenses.yaml or list it as a family tag",
                t.kind
            ));
        } else if h.get("ai_specific").and_then(Value::as_bool) == Some(true)
            && t.kind != TermKind::Catalog
        {
            problems.push(format!(
                "`{id}` is AI-specific but resolves to `{}` of kind {:?}, not a catalog licence",
                t.id, t.kind
            ));
        }
    }
    if ids.len() != 83 {
        problems.push(format!(
            "reference lists {} Hub identifiers, its header says 83",
            ids.len()
        ));
    }
    for tag in HF_FAMILY_OR_UNRECORDED_TAGS {
        if !seen.contains(*tag) {
            problems.push(format!(
                "family tag `{tag}` is not a reference Hub identifier; remove it from the list"
            ));
        }
    }
    report("Hugging Face licence identifiers", &problems);
}

// ---------------------------------------------------------------------------------------------
// 5. Spot checks that matter to users

fn model_license(c: &Catalog, model: &str) -> (Term, MatchKind) {
    let (facts, kind) = c
        .model(model)
        .unwrap_or_else(|| panic!("model `{model}` should be known"));
    let t =
        known_term(c, &facts.license).unwrap_or_else(|e| panic!("model `{model}`: licence {e}"));
    (t, kind)
}

#[test]
fn spot_checks() {
    let c = Catalog::get();
    let mut problems = Vec::new();
    let mut expect =
        |model: &str, license: &str, commercial: Commercial, osi: bool| match c.model(model) {
            None => problems.push(format!("`{model}` is not known")),
            Some(_) => {
                let (t, _) = model_license(c, model);
                if t.id != license {
                    problems.push(format!(
                        "`{model}`: licence is `{}`, expected `{license}`",
                        t.id
                    ));
                }
                if t.commercial_use != Some(commercial) {
                    problems.push(format!(
                        "`{model}`: commercial_use is {:?}, expected {commercial:?}",
                        t.commercial_use
                    ));
                }
                if t.osi_approved != osi {
                    problems.push(format!(
                        "`{model}`: osi_approved is {}, expected {osi}",
                        t.osi_approved
                    ));
                }
            }
        };
    for m in [
        "meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.1-70B-Instruct",
        "meta-llama/Llama-3.1-405B-Instruct",
    ] {
        expect(m, "llama3.1", Commercial::Restricted, false);
    }
    expect("google/gemma-2-27b-it", "gemma", Commercial::Allowed, false);
    expect(
        "black-forest-labs/FLUX.1-schnell",
        "Apache-2.0",
        Commercial::Allowed,
        true,
    );
    expect(
        "black-forest-labs/FLUX.1-dev",
        "flux-1-dev-non-commercial-license",
        Commercial::NonCommercial,
        false,
    );
    for m in ["gpt-4o", "claude-3-5-sonnet-20241022", "openai/gpt-4o"] {
        expect(m, "proprietary", Commercial::Restricted, false);
    }
    // A third-party quantization resolves to its base model, marked as inferred.
    match c.resolve("TheBloke/Llama-2-7B-Chat-GGUF") {
        Some(r) if r.kind == MatchKind::Inferred && r.facts.license == "llama2" => {}
        Some(r) => problems.push(format!(
            "`TheBloke/Llama-2-7B-Chat-GGUF` should be inferred to be a Llama 2 model, but matches `{}` ({:?})",
            r.facts.id, r.kind
        )),
        None => problems.push("`TheBloke/Llama-2-7B-Chat-GGUF` is not recognised".into()),
    }
    report("spot checks failed", &problems);
}

// ---------------------------------------------------------------------------------------------
// 6. Sources

#[test]
fn every_fact_has_a_source() {
    let c = Catalog::get();
    let mut problems = Vec::new();
    for l in c.licenses() {
        if l.source.trim().is_empty() {
            problems.push(format!("licence `{}` has an empty source", l.id));
        }
    }
    for m in c.models() {
        if m.source.trim().is_empty() {
            problems.push(format!("model `{}` has an empty source", m.id));
        }
    }
    assert!(
        c.licenses().next().is_some() && c.models().next().is_some(),
        "catalog is empty"
    );
    report("catalog entries without a source", &problems);
}
