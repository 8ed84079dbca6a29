//! `modelgate explain <id>`: the knowledge base's facts about a model, a license or a rule,
//! each with its source.

use serde_json::{json, Value};

use crate::catalog::expr::{resolve_term, TermKind};
use crate::catalog::{Catalog, ModelFacts, Resolution};
use crate::cli::ExplainArgs;
use crate::exit::Exit;
use crate::report::Format;
use crate::rule::RuleMeta;

fn text_or_none(v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) if a.is_empty() => "none".into(),
        Value::Array(a) => a.iter().map(text_or_none).collect::<Vec<_>>().join("; "),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => match n.as_u64() {
            Some(n) => thousands(n),
            None => n.to_string(),
        },
        other => other.to_string(),
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn lines(pairs: &[(&str, Value)]) -> String {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    pairs
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| format!("  {k:<width$}  {}\n", text_or_none(v)))
        .collect()
}

/// A threshold or cap metric in words.
fn metric_words(metric: &str) -> String {
    match metric {
        "monthly_revenue_usd" => "USD monthly revenue".into(),
        "annual_revenue_usd" => "USD annual revenue".into(),
        other => other.replace('_', " "),
    }
}

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (i, ch) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The structured terms of a license (`terms` of a catalog entry, or a resolved term's own
/// fields) as `explain` lines; null where nothing is recorded.
fn terms_lines(l: &Value) -> Vec<(&'static str, Value)> {
    let t = if l["terms"].is_object() {
        &l["terms"]
    } else {
        l
    };
    let num = |v: &Value| v.as_u64().map(grouped).unwrap_or_default();
    let str_of = |v: &Value| v.as_str().unwrap_or("").to_string();
    let revenue = match &t["revenue_cap"] {
        Value::Object(_) => json!(format!(
            "USD {} {} ({}; {}) [{}; confidence {}]",
            num(&t["revenue_cap"]["amount_usd"]),
            str_of(&t["revenue_cap"]["period"]),
            str_of(&t["revenue_cap"]["effect"]),
            str_of(&t["revenue_cap"]["whose"]),
            str_of(&t["revenue_cap"]["source"]),
            str_of(&t["revenue_cap"]["confidence"]),
        )),
        _ => Value::Null,
    };
    let users = match &t["user_cap"] {
        Value::Object(_) => json!(format!(
            "{} {} ({}) [{}; confidence {}]",
            num(&t["user_cap"]["value"]),
            metric_words(&str_of(&t["user_cap"]["metric"])),
            str_of(&t["user_cap"]["effect"]),
            str_of(&t["user_cap"]["source"]),
            str_of(&t["user_cap"]["confidence"]),
        )),
        _ => Value::Null,
    };
    let list = |key: &str, f: &dyn Fn(&Value) -> String| match t[key].as_array() {
        Some(a) if !a.is_empty() => json!(a.iter().map(f).collect::<Vec<_>>().join("; ")),
        _ => Value::Null,
    };
    let thresholds = list("thresholds", &|th| {
        format!(
            "{} above {} {}",
            str_of(&th["duty"]),
            num(&th["value"]),
            metric_words(&str_of(&th["metric"]))
        )
    });
    let output = list("output_use", &|o| {
        format!("{} [{}]", str_of(&o["restriction"]), str_of(&o["source"]))
    });
    let territories = match &t["excluded_territories"] {
        Value::Object(x) if x["codes"].as_array().is_some_and(|c| !c.is_empty()) => json!(format!(
            "{} ({}, {} models) [{}; confidence {}]",
            x["codes"]
                .as_array()
                .map(|c| c.iter().map(str_of).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            str_of(&x["basis"]),
            str_of(&x["model_scope"]),
            str_of(&x["source"]),
            str_of(&x["confidence"]),
        )),
        Value::Object(x) => json!(str_of(&x["scope"])),
        _ => Value::Null,
    };
    vec![
        ("revenue cap", revenue),
        ("user cap", users),
        ("thresholds", thresholds),
        ("excluded territories", territories),
        ("output use", output),
        ("copyleft", t["copyleft"].clone()),
        ("flow-down", t["flow_down"].clone()),
        ("terms note", t["notes"].clone()),
    ]
}

fn model_value(c: &Catalog, r: &Resolution<'_>) -> Value {
    let m: &ModelFacts = r.facts;
    let license = resolve_term(c, &m.license);
    json!({
        "kind": "model",
        "matched_by": r.kind,
        "inference": r.inference,
        "model": m,
        "license": license,
        "binding_license": m.binding_license(),
    })
}

/// `explain --list [TEXT]`: the entries a search finds, one line each (or JSON).
fn list(c: &Catalog, needle: &str, format: Format) -> Exit {
    let found = c.search(needle);
    if format == Format::Json {
        let items: Vec<Value> = found
            .iter()
            .map(|m| {
                json!({
                    "id": m.id,
                    "family": m.family,
                    "developer": m.developer,
                    "license": m.binding_license(),
                    "openness": m.openness,
                    "hf": m.hf,
                    "variants": m.variants,
                    "patterns": m.patterns,
                    "api_names": m.api_names,
                    "api_patterns": m.api_patterns,
                })
            })
            .collect();
        let doc = json!({
            "knowledge_base": crate::catalog::KNOWLEDGE_DATE,
            "query": needle,
            "count": items.len(),
            "models": items,
        });
        let mut s = serde_json::to_string_pretty(&doc).expect("serializes");
        s.push('\n');
        return super::out_json(&s);
    }
    let mut s = String::new();
    for m in &found {
        let names = 1 + m.variants.len() + m.api_names.len();
        let schemes = m.patterns.len() + m.api_patterns.len();
        s.push_str(&format!(
            "{}  [{}]  {}  {}  ({} name{}{})\n",
            m.id,
            m.family,
            m.binding_license(),
            m.openness,
            names,
            if names == 1 { "" } else { "s" },
            if schemes > 0 {
                format!(
                    ", {schemes} naming scheme{}",
                    if schemes == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        ));
    }
    let stats = c.stats();
    s.push_str(&format!(
        "{} of {} entries (knowledge base {}: {} families, {} repo ids, {} services, {} licenses)\n",
        found.len(),
        stats.entries,
        crate::catalog::KNOWLEDGE_DATE,
        stats.families,
        stats.repo_ids,
        stats.services,
        stats.licenses
    ));
    if found.is_empty() && !needle.is_empty() {
        s.push_str("Not found: declare its `license:` (and `base_model:` for a fine-tune or quantization) in the manifest.\n");
    }
    super::out_human(&s, false)
}

fn license_value(c: &Catalog, id: &str) -> Option<Value> {
    if let Some(l) = c.license(id) {
        return Some(json!({"kind": "license", "license": l, "from": "catalog"}));
    }
    let t = resolve_term(c, id);
    match t.kind {
        TermKind::Spdx => Some(json!({"kind": "license", "license": t, "from": "spdx"})),
        TermKind::Custom if c.hf_identifier(id).is_some() => {
            Some(json!({"kind": "license", "license": t, "from": "hugging-face"}))
        }
        _ => None,
    }
}

fn rule_value(r: &RuleMeta) -> Value {
    json!({"kind": "rule", "rule": r})
}

fn human(v: &Value) -> String {
    match v["kind"].as_str() {
        Some("model") => {
            let m = &v["model"];
            let l = &v["license"];
            let mut s = format!(
                "{} — {} by {}\n",
                v["query"].as_str().unwrap_or(""),
                m["family"].as_str().unwrap_or(""),
                m["developer"].as_str().unwrap_or("")
            );
            let mut pairs: Vec<(&str, Value)> = vec![
                ("entry", m["id"].clone()),
                ("matched by", v["matched_by"].clone()),
                ("inferred", v["inference"]["note"].clone()),
                ("modality", m["modality"].clone()),
                ("parameters", m["parameters"].clone()),
                (
                    "license",
                    json!(format!(
                        "{} ({})",
                        m["license"].as_str().unwrap_or(""),
                        m["license_name"].as_str().unwrap_or("")
                    )),
                ),
                ("Hub license tag", m["hub_license"].clone()),
                ("license note", m["license_note"].clone()),
                (
                    "inherits",
                    if m["inherits"].is_object() {
                        json!(format!(
                            "{} from base model {}",
                            m["inherits"]["license"].as_str().unwrap_or(""),
                            m["inherits"]["base"].as_str().unwrap_or("")
                        ))
                    } else {
                        Value::Null
                    },
                ),
                ("OSI-approved", l["osi_approved"].clone()),
                ("commercial use", l["commercial_use"].clone()),
                ("user cap (MAU)", l["user_cap_mau"].clone()),
                ("revenue cap (USD)", l["revenue_cap_usd"].clone()),
                ("use restrictions", l["field_of_use_restrictions"].clone()),
                ("attribution", l["attribution"].clone()),
                ("naming rule", l["naming_rule"].clone()),
                ("output restrictions", l["output_restrictions"].clone()),
            ];
            pairs.extend(terms_lines(l));
            pairs.extend([
                ("released", m["released"].clone()),
                ("openness", m["openness"].clone()),
                ("MOF class", m["mof_class"].clone()),
                ("weights available", m["weights_available"].clone()),
                ("training code open", m["training_code_open"].clone()),
                ("training data open", m["training_data_open"].clone()),
                ("other restrictions", m["other_restrictions"].clone()),
                ("note", m["note"].clone()),
                (
                    "variants",
                    json!(m["variants"].as_array().map(|a| a.len()).unwrap_or(0)),
                ),
                ("source (model)", m["source"].clone()),
                ("source (license)", l["source"].clone()),
                ("confidence", m["confidence"].clone()),
            ]);
            s.push_str(&lines(&pairs));
            s
        }
        Some("license") => {
            let l = &v["license"];
            let mut s = format!(
                "{} — {}\n",
                l["id"].as_str().unwrap_or(""),
                l["name"].as_str().unwrap_or("")
            );
            let mut pairs: Vec<(&str, Value)> = vec![
                ("SPDX id", l["spdx_id"].clone()),
                ("licensor", l["licensor"].clone()),
                ("version", l["version_date"].clone()),
                ("OSI-approved", l["osi_approved"].clone()),
                ("deprecated id", l["deprecated"].clone()),
                ("commercial use", l["commercial_use"].clone()),
                ("user cap (MAU)", l["user_cap_mau"].clone()),
                ("revenue cap (USD)", l["revenue_cap_usd"].clone()),
                ("use restrictions", l["field_of_use_restrictions"].clone()),
                ("use policy", l["aup_url"].clone()),
                ("attribution", l["attribution"].clone()),
                ("naming rule", l["naming_rule"].clone()),
                ("output restrictions", l["output_restrictions"].clone()),
                ("geography", l["geographic_restriction"].clone()),
                ("other restrictions", l["other_restrictions"].clone()),
            ];
            pairs.extend(terms_lines(l));
            pairs.extend([
                ("note", l["note"].clone()),
                ("source", l["source"].clone()),
                ("confidence", l["confidence"].clone()),
            ]);
            s.push_str(&lines(&pairs));
            s
        }
        _ => String::new(),
    }
}

pub fn run(args: ExplainArgs, settings: &crate::settings::Settings) -> Exit {
    let id = args.id.clone().unwrap_or_default();
    // Rules and knowledge as `check` sees them here: built-in, `--policy`, and the config's
    // own policies and knowledge overlay.
    let (found, via) = settings.main_config(std::path::Path::new("."));
    let mut catalog = Catalog::get().clone();
    let rules = match settings.builder().build(found.as_deref(), via) {
        Ok(setup) => {
            catalog = (*setup.catalog).clone();
            setup.rules
        }
        Err(e) if e.global() || found.is_none() => return super::fail_with(&e),
        Err(_) => {
            super::err(
                "modelgate: warning: the config here has errors (see `modelgate config show`); explaining without it\n",
            );
            match settings.build_engine() {
                Ok(e) => crate::ruleset::all_rules(&e),
                Err(e) => return super::fail(format!("policy error: {e}")),
            }
        }
    };
    let c = &catalog;
    if args.list {
        return list(c, args.id.as_deref().unwrap_or(""), args.format);
    }
    let value = if let Some(r) = rules.iter().find(|r| r.id == id) {
        if args.format == Format::Human {
            return super::out_human(&crate::ruledoc::terminal(r, None), false);
        }
        rule_value(r)
    } else if let Some(r) = c.resolve(&id) {
        let mut v = model_value(c, &r);
        v["query"] = Value::String(id.clone());
        v
    } else if let Some(v) = license_value(c, &id) {
        v
    } else {
        return super::fail(format!(
            "`{}` is not a model, license or rule in the knowledge base (a fine-tune or quantization inherits its base model's terms: declare `base_model:` in the manifest)",
            id
        ));
    };
    match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&value).expect("serializes");
            s.push('\n');
            super::out_json(&s)
        }
        Format::Human => super::out_human(&human(&value), false),
    }
}
