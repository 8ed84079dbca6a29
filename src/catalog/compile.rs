//! Build time: the knowledge base's YAML files are checked and turned into the tables the
//! binary embeds (`build.rs` includes this file; the crate compiles it too, for its tests).
//!
//! Checks, each reported with file, line and column: unknown or missing keys and wrong types
//! (the schema's types), an id, variant or service name listed twice, a license that is neither
//! in `licenses.yaml`, a Hugging Face identifier nor on the SPDX list, a `base_model` that is not
//! an exact id of another entry (or that loops), a pattern that sends a sibling of another
//! entry's exact id to an entry under other terms, a service pattern that would swallow an
//! open-weights repo name, an entry or license without a source.
//!
//! The output is Rust source: sorted key tables searched by binary search, and each entry's
//! JSON parsed only when a lookup reaches it, so the size of the catalog costs start-up nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use super::glob;
use super::schema::{
    entry_problems, license_problems, HfIdentifier, Inherited, LicenseFacts, ModelFacts, SpdxTerms,
};
use crate::yaml::Document;

/// One parsed catalog file.
pub struct Source<'a> {
    /// The path as messages show it (`catalog/models/meta.yaml`).
    pub file: String,
    pub doc: &'a Document,
}

/// Key kinds in the exact-name table.
pub const KIND_ID: u8 = 0;
pub const KIND_VARIANT: u8 = 1;
pub const KIND_API: u8 = 2;

/// Marks a name-part key that several entries share (no inference from it).
pub const AMBIGUOUS: u16 = u16::MAX;

/// What the tables hold, for `--version` and `explain --list`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub families: usize,
    pub entries: usize,
    pub repo_ids: usize,
    pub services: usize,
    pub licenses: usize,
}

struct Errors<'a> {
    list: Vec<String>,
    sources: Vec<&'a Source<'a>>,
}

impl Errors<'_> {
    fn at(&mut self, file: usize, pointer: &str, message: impl std::fmt::Display) {
        let src = self.sources[file];
        // The longest prefix of the pointer that exists locates the problem.
        let located = src.doc.locate(pointer).map(|(_, loc)| loc.value);
        match located {
            Some(span) => self.list.push(format!(
                "{}:{}:{}: {message}",
                src.file, span.line, span.column
            )),
            None => self.list.push(format!("{}: {message}", src.file)),
        }
    }
}

/// Case-insensitive SPDX id check (`apache-2.0`, `GPL-2.0+`).
pub fn is_spdx(id: &str) -> bool {
    let id = id.strip_suffix('+').unwrap_or(id);
    spdx::identifiers::LICENSES
        .iter()
        .any(|l| l.name.eq_ignore_ascii_case(id))
}

/// The license ids an expression names (operators, `WITH` exceptions and brackets dropped).
pub fn expression_ids(expr: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut skip = false;
    for t in expr.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        if t.is_empty() {
            continue;
        }
        if skip {
            skip = false;
            continue;
        }
        match t {
            "AND" | "OR" | "and" | "or" => {}
            "WITH" | "with" => skip = true,
            _ => out.push(t),
        }
    }
    out
}

/// The field a serde error names, and its message without serde_json's position.
pub fn field_error(e: &serde_json::Error) -> (Option<String>, String) {
    let msg = e.to_string();
    // serde_json: "unknown field `foo`, expected one of ..." / "missing field `bar`".
    let field = msg
        .split_once('`')
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(f, _)| f.to_string());
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    (field, msg)
}

/// Everything the binary embeds, as Rust source, or every problem found.
pub fn compile(
    licenses: &[Source<'_>],
    models: &[Source<'_>],
) -> Result<(String, Stats), Vec<String>> {
    let mut errors = Errors {
        list: Vec::new(),
        sources: licenses.iter().chain(models.iter()).collect(),
    };

    // Licenses and Hugging Face identifiers.
    let mut license_entries: Vec<(LicenseFacts, String)> = Vec::new();
    let mut hf: Vec<HfIdentifier> = Vec::new();
    let mut spdx_terms: Vec<SpdxTerms> = Vec::new();
    let mut license_keys: BTreeMap<String, usize> = BTreeMap::new();
    for (fi, src) in licenses.iter().enumerate() {
        let Some(obj) = src.doc.value.as_object() else {
            errors.at(fi, "", "expected a mapping with `licenses:`");
            continue;
        };
        for k in obj.keys() {
            if k != "licenses" && k != "hf_identifiers" && k != "spdx_terms" {
                errors.at(
                    fi,
                    &format!("/{k}"),
                    format!(
                        "unknown key `{k}` (expected `licenses`, `hf_identifiers`, `spdx_terms`)"
                    ),
                );
            }
        }
        for (i, v) in obj
            .get("licenses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let ptr = format!("/licenses/{i}");
            match serde_json::from_value::<LicenseFacts>(v.clone()) {
                Ok(l) => {
                    for (p, msg) in license_problems(&l) {
                        errors.at(fi, &format!("{ptr}{p}"), msg);
                    }
                    let idx = license_entries.len();
                    let names = std::iter::once(&l.id)
                        .chain(l.aliases.iter())
                        .chain(l.spdx_id.iter());
                    for n in names {
                        if let Some(prev) = license_keys.insert(n.to_lowercase(), idx) {
                            if prev != idx {
                                errors.at(fi, &ptr, format!("license name `{n}` is used twice"));
                            }
                        }
                    }
                    license_entries.push((l, v.to_string()));
                }
                Err(e) => {
                    let (field, msg) = field_error(&e);
                    let p = field.map_or(ptr.clone(), |f| format!("{ptr}/{f}"));
                    errors.at(fi, &p, format!("license entry: {msg}"));
                }
            }
        }
        for (i, v) in obj
            .get("hf_identifiers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            match serde_json::from_value::<HfIdentifier>(v.clone()) {
                Ok(h) => hf.push(h),
                Err(e) => errors.at(
                    fi,
                    &format!("/hf_identifiers/{i}"),
                    format!("Hugging Face identifier: {e}"),
                ),
            }
        }
        for (i, v) in obj
            .get("spdx_terms")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let ptr = format!("/spdx_terms/{i}");
            match serde_json::from_value::<SpdxTerms>(v.clone()) {
                Ok(t) if !is_spdx(&t.id) => {
                    errors.at(fi, &ptr, format!("`{}` is not on the SPDX list", t.id))
                }
                Ok(t) if spdx_terms.iter().any(|o| o.id.eq_ignore_ascii_case(&t.id)) => {
                    errors.at(fi, &ptr, format!("`{}` is listed twice", t.id))
                }
                Ok(t) => spdx_terms.push(t),
                Err(e) => errors.at(fi, &ptr, format!("SPDX terms: {e}")),
            }
        }
    }
    let license_known = |id: &str| {
        let lower = id.to_lowercase();
        lower == "proprietary"
            || license_keys.contains_key(&lower)
            || hf.iter().any(|h| h.id.eq_ignore_ascii_case(id))
            || is_spdx(id)
            || lower.starts_with("licenseref-")
    };

    // Models.
    struct Entry {
        facts: ModelFacts,
        file: usize,
        ptr: String,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for (mi, src) in models.iter().enumerate() {
        let fi = licenses.len() + mi;
        let Some(obj) = src.doc.value.as_object() else {
            errors.at(fi, "", "expected a mapping with `models:`");
            continue;
        };
        for k in obj.keys() {
            if k != "models" {
                errors.at(
                    fi,
                    &format!("/{k}"),
                    format!("unknown key `{k}` (expected `models`)"),
                );
            }
        }
        for (i, v) in obj
            .get("models")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let ptr = format!("/models/{i}");
            if v.get("inherits").is_some() {
                errors.at(
                    fi,
                    &format!("{ptr}/inherits"),
                    "`inherits` is computed from `base_model`; do not write it",
                );
                continue;
            }
            match serde_json::from_value::<ModelFacts>(v.clone()) {
                Ok(m) => entries.push(Entry {
                    facts: m,
                    file: fi,
                    ptr,
                }),
                Err(e) => {
                    let (field, msg) = field_error(&e);
                    let p = match field {
                        Some(f) if v.get(&f).is_some() => format!("{ptr}/{f}"),
                        _ => ptr.clone(),
                    };
                    errors.at(fi, &p, format!("model entry: {msg}"));
                }
            }
        }
    }

    // Exact keys.
    let mut exact: BTreeMap<String, (u16, u8)> = BTreeMap::new();
    let mut names: BTreeMap<String, u16> = BTreeMap::new();
    for (idx, e) in entries.iter().enumerate() {
        let m = &e.facts;
        let i = idx as u16;
        let keyed = std::iter::once((&m.id, KIND_ID, "id".to_string()))
            .chain(
                m.variants
                    .iter()
                    .enumerate()
                    .map(|(j, v)| (v, KIND_VARIANT, format!("variants/{j}"))),
            )
            .chain(
                m.api_names
                    .iter()
                    .enumerate()
                    .map(|(j, v)| (v, KIND_API, format!("api_names/{j}"))),
            );
        for (name, kind, at) in keyed {
            let key = super::names::normalize(name);
            if key.is_empty() {
                errors.at(e.file, &format!("{}/{at}", e.ptr), "empty name");
                continue;
            }
            if let Some((prev, _)) = exact.insert(key.clone(), (i, kind)) {
                let other = &entries[prev as usize].facts.id;
                errors.at(
                    e.file,
                    &format!("{}/{at}", e.ptr),
                    format!("`{name}` is listed twice (also under `{other}`)"),
                );
            }
            if kind != KIND_API && m.hf {
                let name_part = key
                    .rsplit_once('/')
                    .map_or(key.as_str(), |(_, n)| n)
                    .to_string();
                match names.get(&name_part) {
                    Some(&p) if p != i => {
                        names.insert(name_part, AMBIGUOUS);
                    }
                    _ => {
                        names.insert(name_part, i);
                    }
                }
            }
        }
        for (p, msg) in entry_problems(m) {
            errors.at(e.file, &format!("{}{p}", e.ptr), msg);
        }
        for id in expression_ids(&m.license) {
            if !license_known(id) {
                errors.at(e.file, &format!("{}/license", e.ptr), format!("license `{id}` is not in catalog/licenses.yaml, not a Hugging Face identifier and not on the SPDX list"));
            }
        }
    }

    // Patterns, most specific first (file order among equals).
    let mut patterns: Vec<(String, u16)> = Vec::new();
    let mut api_patterns: Vec<(String, u16)> = Vec::new();
    for (idx, e) in entries.iter().enumerate() {
        patterns.extend(
            e.facts
                .patterns
                .iter()
                .map(|p| (p.to_lowercase(), idx as u16)),
        );
        api_patterns.extend(
            e.facts
                .api_patterns
                .iter()
                .map(|p| (p.to_lowercase(), idx as u16)),
        );
    }
    patterns.sort_by_key(|(p, _)| std::cmp::Reverse(glob::specificity(p)));
    api_patterns.sort_by_key(|(p, _)| std::cmp::Reverse(glob::specificity(p)));
    let mut name_patterns: Vec<(String, u16)> = patterns
        .iter()
        .map(|(p, i)| (glob::name_part(p).to_string(), *i))
        .collect();
    name_patterns.sort_by_key(|(p, _)| std::cmp::Reverse(glob::specificity(p)));

    // A pattern must not send the siblings of another entry's exact id to terms that differ:
    // check what each exact id would resolve to through the patterns alone.
    for (key, &(owner, kind)) in &exact {
        if kind == KIND_API {
            continue;
        }
        let owner_e = &entries[owner as usize];
        if !owner_e.facts.hf {
            continue;
        }
        if let Some((p, hit)) = patterns.iter().find(|(p, _)| glob::matches(p, key)) {
            let hit_e = &entries[*hit as usize];
            if *hit != owner && hit_e.facts.license != owner_e.facts.license {
                errors.at(
                    owner_e.file,
                    &owner_e.ptr,
                    format!(
                        "`{key}` (under `{}`) also matches `{p}` of `{}` (under `{}`): unlisted siblings of it would get the wrong terms; give this entry a more specific pattern",
                        owner_e.facts.license, hit_e.facts.id, hit_e.facts.license
                    ),
                );
            }
        }
        for (p, hit) in &api_patterns {
            let name_part = key.rsplit_once('/').map_or(key.as_str(), |(_, n)| n);
            if owner_e.facts.hf && glob::matches(p, name_part) {
                let hit_e = &entries[*hit as usize];
                errors.at(
                    hit_e.file,
                    &hit_e.ptr,
                    format!("service pattern `{p}` also matches the open-weights repo `{key}`"),
                );
            }
        }
    }

    // Inherited terms through `base_model`.
    let mut inherits: Vec<Option<Inherited>> = vec![None; entries.len()];
    for idx in 0..entries.len() {
        let mut chain = vec![idx];
        let mut expr = format!("({})", entries[idx].facts.license);
        let mut name = entries[idx].facts.license_name.clone();
        let mut cur = idx;
        let mut ok = true;
        while let Some(base) = &entries[cur].facts.base_model {
            let e = &entries[cur];
            match exact.get(&super::names::normalize(base)) {
                Some(&(b, kind)) if kind != KIND_API => {
                    let b = b as usize;
                    if chain.contains(&b) {
                        errors.at(
                            e.file,
                            &format!("{}/base_model", e.ptr),
                            format!("`base_model` loops back to `{}`", entries[b].facts.id),
                        );
                        ok = false;
                        break;
                    }
                    chain.push(b);
                    let be = &entries[b].facts;
                    expr = format!("{expr} AND ({})", be.license);
                    let _ = write!(
                        name,
                        "; through its base model {}: {}",
                        be.id, be.license_name
                    );
                    cur = b;
                }
                _ => {
                    errors.at(
                        e.file,
                        &format!("{}/base_model", e.ptr),
                        format!("`base_model: {base}` is not an exact id in the catalog"),
                    );
                    ok = false;
                    break;
                }
            }
        }
        if ok && chain.len() > 1 {
            inherits[idx] = Some(Inherited {
                base: entries[chain[1]].facts.id.clone(),
                license: expr,
                license_name: name,
            });
        }
    }

    if !errors.list.is_empty() {
        return Err(errors.list);
    }

    // Emit.
    let families: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| e.facts.family.as_str()).collect();
    let stats = Stats {
        families: families.len(),
        entries: entries.len(),
        repo_ids: exact
            .values()
            .filter(|(i, k)| *k != KIND_API && entries[*i as usize].facts.hf)
            .count(),
        services: entries.iter().filter(|e| !e.facts.hf).count(),
        licenses: license_entries.len(),
    };
    let mut out = String::new();
    out.push_str("// Generated by build.rs from catalog/ (see src/catalog/compile.rs).\n");
    let lit = |s: &str| format!("{s:?}");
    out.push_str("static LICENSES: &[&str] = &[\n");
    for (_, json) in &license_entries {
        let _ = writeln!(out, "    {},", lit(json));
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "static HF_IDENTIFIERS: &str = {};",
        lit(&serde_json::to_string(&hf).expect("serializes"))
    );
    let _ = writeln!(
        out,
        "static SPDX_TERMS: &str = {};",
        lit(&serde_json::to_string(&spdx_terms).expect("serializes"))
    );
    out.push_str("static LICENSE_KEYS: &[(&str, u16)] = &[\n");
    for (k, i) in &license_keys {
        let _ = writeln!(out, "    ({}, {i}),", lit(k));
    }
    out.push_str("];\n");
    out.push_str("static MODELS: &[&str] = &[\n");
    for (idx, e) in entries.iter().enumerate() {
        let mut facts = e.facts.clone();
        facts.inherits = inherits[idx].clone();
        let _ = writeln!(
            out,
            "    {},",
            lit(&serde_json::to_string(&facts).expect("serializes"))
        );
    }
    out.push_str("];\n");
    out.push_str("static MODEL_KEYS: &[(&str, u16, u8)] = &[\n");
    for (k, (i, kind)) in &exact {
        let _ = writeln!(out, "    ({}, {i}, {kind}),", lit(k));
    }
    out.push_str("];\n");
    out.push_str("static NAME_KEYS: &[(&str, u16)] = &[\n");
    for (k, i) in &names {
        let _ = writeln!(out, "    ({}, {i}),", lit(k));
    }
    out.push_str("];\n");
    for (table, list) in [
        ("PATTERNS", &patterns),
        ("NAME_PATTERNS", &name_patterns),
        ("API_PATTERNS", &api_patterns),
    ] {
        let _ = writeln!(out, "static {table}: &[(&str, u16)] = &[");
        for (p, i) in list {
            let _ = writeln!(out, "    ({}, {i}),", lit(p));
        }
        out.push_str("];\n");
    }
    let _ = writeln!(
        out,
        "static STATS: Stats = Stats {{ families: {}, entries: {}, repo_ids: {}, services: {}, licenses: {} }};",
        stats.families, stats.entries, stats.repo_ids, stats.services, stats.licenses
    );
    Ok((out, stats))
}

#[cfg(test)]
#[path = "compile_tests.rs"]
mod tests;
