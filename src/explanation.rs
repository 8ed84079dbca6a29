//! `check --explain`: the facts each finding rests on, read from the same input document the
//! policies saw (the model's catalog entry, the license judged and each term's terms with
//! their sources, the project's declared figures) and where the finding's level comes from.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use crate::catalog::Catalog;
use crate::config::Effective;
use crate::finding::{Explanation, Fact, Finding, Report};
use crate::manifest::Loaded;

/// Term fields worth showing, in order, with their labels.
const TERM_FIELDS: &[(&str, &str)] = &[
    ("commercial_use", "commercial use"),
    ("user_cap_mau", "user cap (MAU)"),
    ("revenue_cap_usd", "revenue cap (USD)"),
    ("field_of_use_restrictions", "use restrictions"),
    ("aup_url", "use policy"),
    ("attribution", "attribution"),
    ("osi_approved", "OSI-approved"),
    ("geographic_restriction", "geography"),
];

fn fact(name: &str, value: Value, source: Option<&str>) -> Fact {
    Fact {
        fact: name.to_string(),
        value,
        source: source.map(str::to_string),
    }
}

/// Facts about the model at `index` of an input document.
fn model_facts(doc: &Value, index: usize, manifest: &str) -> Vec<Fact> {
    let mut out = Vec::new();
    let Some(m) = doc["models"].get(index) else {
        return out;
    };
    let cat = &m["catalog"];
    if cat.is_object() {
        out.push(fact(
            "knowledge-base entry",
            json!({"id": cat["id"], "matched_by": cat["matched_by"], "openness": cat["openness"]}),
            cat["source"].as_str(),
        ));
    } else {
        out.push(fact(
            "knowledge-base entry",
            Value::Null,
            Some("not in the knowledge base"),
        ));
    }
    let card = &m["local_card"];
    if card.is_object() {
        out.push(fact(
            "local model card",
            json!({"path": card["path"], "revision": card["revision"], "license": card["license"], "base_model": card["base_model"], "filled": card["filled"]}),
            card["note"].as_str(),
        ));
    }
    let l = &m["license"];
    out.push(fact(
        "license declared",
        l["declared"].clone(),
        Some(manifest),
    ));
    let from = l["from"].as_str().unwrap_or("none");
    let effective_source = match from {
        "catalog" => cat["source"].as_str().map(str::to_string),
        "declared+base" => Some(format!(
            "{manifest} and the base model's knowledge-base entry"
        )),
        "declared" => Some(manifest.to_string()),
        "local-card" => card["note"].as_str().map(str::to_string),
        _ => None,
    };
    out.push(Fact {
        fact: "license judged".into(),
        value: json!({"expression": l["effective"], "from": from}),
        source: effective_source,
    });
    let mut seen = Vec::new();
    for alt in l["alternatives"].as_array().into_iter().flatten() {
        for t in alt.as_array().into_iter().flatten() {
            let id = t["id"].as_str().unwrap_or("").to_string();
            if seen.contains(&id) {
                continue;
            }
            seen.push(id.clone());
            let mut terms = serde_json::Map::new();
            terms.insert("name".into(), t["name"].clone());
            terms.insert("kind".into(), t["kind"].clone());
            for (k, _) in TERM_FIELDS {
                let v = &t[*k];
                if !v.is_null() {
                    terms.insert((*k).into(), v.clone());
                }
            }
            out.push(fact(
                &format!("term {id}"),
                Value::Object(terms),
                t["source"].as_str(),
            ));
        }
    }
    let mut usage = serde_json::Map::new();
    for k in ["environment", "hosted_api", "openness"] {
        usage.insert(k.into(), m[k].clone());
    }
    out.push(fact("model", Value::Object(usage), Some(manifest)));
    out
}

fn project_facts(doc: &Value, manifest: &str) -> Fact {
    let p = &doc["project"];
    let mut v = serde_json::Map::new();
    for k in [
        "commercial",
        "monthly_active_users",
        "annual_revenue_usd",
        "monthly_revenue_usd",
        "distribution",
        "markets",
    ] {
        if !p[k].is_null() {
            v.insert(k.into(), p[k].clone());
        }
    }
    fact("project", Value::Object(v), Some(manifest))
}

/// The index of the model a JSON pointer is under (`/models/3/license` → 3).
pub fn model_index(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/models/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// Attach an [`Explanation`] to every finding of `report`. The input document the policies
/// received is rebuilt from the manifests the run loaded (`loaded`, by display path).
/// `level_of` gives the level in effect for a finding's rule under the configuration that
/// governed its manifest.
pub fn annotate<'c>(
    report: &mut Report,
    catalog_of: &dyn Fn(&str) -> &'c Catalog,
    loaded: &HashMap<String, Loaded>,
    level_of: &dyn Fn(&Finding) -> Option<Effective>,
) {
    let mut docs: BTreeMap<String, Option<Value>> = BTreeMap::new();
    for f in &mut report.findings {
        let doc = docs.entry(f.file.clone()).or_insert_with(|| {
            loaded
                .get(&f.file)
                .map(|l| crate::input::build(catalog_of(&f.file), &l.manifest, &l.display))
        });
        let Some(level) = level_of(f) else {
            continue;
        };
        let mut facts = Vec::new();
        if let Some(doc) = doc {
            if let Some(i) = model_index(&f.pointer) {
                facts.extend(model_facts(doc, i, &f.file));
            }
            facts.push(project_facts(doc, &f.file));
        }
        let mut origin = level.origin.to_string();
        if let Some(lock) = &level.locked {
            origin.push_str(&format!(" (locked at {} by {})", lock.level, lock.origin));
        }
        f.explanation = Some(Box::new(Explanation {
            level: level.level,
            level_origin: origin,
            default_level: level.default,
            facts,
        }));
    }
}
