//! `modelgate config show`: the merged configuration, each value with where it came from.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{json, Value};

use super::{Config, Effective};
use crate::catalog::overlay::{EntryInfo, Overlay};

/// The overlay entries named in one knowledge file, for `config show`.
fn entries_in<'a>(overlay: Option<&'a Overlay>, file: &str) -> Vec<&'a EntryInfo> {
    overlay
        .map(|o| {
            o.entries
                .iter()
                .filter(|e| e.at.rsplit_once(':').is_some_and(|(f, _)| f == file))
                .collect()
        })
        .unwrap_or_default()
}

/// YAML-shaped text with a `# from ...` comment on every value.
pub fn human(
    config: &Config,
    levels: &BTreeMap<String, Effective>,
    overlay: Option<&Overlay>,
) -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut out = String::from("# Layers, lowest first (later layers override earlier ones):\n");
    if config.layers.is_empty() {
        out.push_str("#   (none: built-in defaults, preset recommended)\n");
    }
    for (i, l) in config.layers.iter().enumerate() {
        let _ = writeln!(out, "#   {}. {}  [{}]", i + 1, l.file, l.via);
    }
    out.push('\n');
    match &config.preset {
        Some((name, origin)) => rows.push((format!("preset: {name}"), origin.to_string())),
        None => rows.push(("preset: recommended".into(), "default".into())),
    }
    match &config.scan {
        Some((on, origin)) => rows.push((format!("scan: {on}"), origin.to_string())),
        None => rows.push(("scan: false".into(), "default".into())),
    }
    rows.push(("rules:".into(), String::new()));
    for (id, e) in levels {
        let mut origin = e.origin.to_string();
        if let Some(lock) = &e.locked {
            origin.push_str(&format!("; locked at {} by {}", lock.level, lock.origin));
            if !lock.params.is_empty() {
                origin.push_str(&format!(", params frozen: {}", lock.params.join(", ")));
            }
            origin.push_str(if lock.allow_waivers {
                ", waivers from later files allowed"
            } else {
                ", no waivers from later files"
            });
        }
        rows.push((format!("  {id}: {}", e.level), origin));
    }
    rows.push((
        format!(
            "params:{}",
            if config.params.is_empty() { " {}" } else { "" }
        ),
        String::new(),
    ));
    for (k, (v, origin)) in &config.params {
        rows.push((format!("  {k}: {}", inline(v)), origin.to_string()));
    }
    for (name, list) in [("policies", &config.policies), ("data", &config.data)] {
        rows.push((
            format!("{name}:{}", if list.is_empty() { " []" } else { "" }),
            String::new(),
        ));
        for p in list {
            rows.push((format!("  - {}", p.path.display()), p.origin.to_string()));
        }
    }
    if let Some((days, origin)) = &config.max_waiver_days {
        rows.push((format!("max_waiver_days: {days}"), origin.to_string()));
    }
    rows.push((
        format!(
            "knowledge:{}",
            if config.knowledge.is_empty() {
                " []"
            } else {
                ""
            }
        ),
        String::new(),
    ));
    for k in &config.knowledge {
        rows.push((format!("  - {}", k.path.display()), k.origin.to_string()));
        let shown = crate::source::display_path(&k.path);
        for e in entries_in(overlay, &shown) {
            let what = match &e.replaces {
                Some(r) if r == "built-in" => format!("{}; replaces the built-in entry", e.at),
                Some(r) => format!("{}; replaces the entry at {r}", e.at),
                None => e.at.clone(),
            };
            rows.push((format!("    # {} {}", e.kind, e.id), what));
        }
    }
    match &config.local_cards {
        Some((on, origin)) => rows.push((format!("local_cards: {on}"), origin.to_string())),
        None => rows.push(("local_cards: true".into(), "default".into())),
    }
    rows.push((
        format!(
            "waivers:{}",
            if config.waivers.is_empty() { " []" } else { "" }
        ),
        String::new(),
    ));
    for w in &config.waivers {
        let mut text = format!(
            "  - {{ rule: {}, model: {}, expires: {}",
            w.rule,
            inline(&json!(w.model)),
            w.expires
        );
        if let Some(m) = &w.manifest {
            text.push_str(&format!(", manifest: {}", inline(&json!(m))));
        }
        if let Some(o) = &w.owner {
            text.push_str(&format!(", owner: {}", inline(&json!(o))));
        }
        text.push_str(&format!(", reason: {} }}", inline(&json!(w.reason))));
        rows.push((text, format!("{}:{}:{}", w.file, w.line, w.column)));
    }
    let width = rows
        .iter()
        .filter(|(_, o)| !o.is_empty())
        .map(|(t, _)| t.chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    for (text, origin) in rows {
        if origin.is_empty() {
            let _ = writeln!(out, "{text}");
        } else {
            let pad = width.saturating_sub(text.chars().count());
            let _ = writeln!(out, "{text}{}  # {origin}", " ".repeat(pad));
        }
    }
    out
}

/// JSON: every value as `{value, origin}`.
pub fn json(
    config: &Config,
    levels: &BTreeMap<String, Effective>,
    overlay: Option<&Overlay>,
) -> String {
    let params: serde_json::Map<String, Value> = config
        .params
        .iter()
        .map(|(k, (v, o))| (k.clone(), json!({"value": v, "origin": o})))
        .collect();
    let paths = |list: &[super::NamedPath]| -> Vec<Value> {
        list.iter()
            .map(|p| json!({"path": p.path.display().to_string(), "written": p.written, "origin": p.origin}))
            .collect()
    };
    let v = json!({
        "layers": config.layers,
        "preset": match &config.preset {
            Some((name, origin)) => json!({"value": name, "origin": origin}),
            None => json!({"value": "recommended", "origin": {"kind": "default"}}),
        },
        "scan": match &config.scan {
            Some((on, origin)) => json!({"value": on, "origin": origin}),
            None => json!({"value": false, "origin": {"kind": "default"}}),
        },
        "rules": levels,
        "params": params,
        "policies": paths(&config.policies),
        "data": paths(&config.data),
        "waivers": config.waivers,
        "knowledge": config.knowledge.iter().map(|k| {
            let shown = crate::source::display_path(&k.path);
            json!({
                "path": k.path.display().to_string(),
                "written": k.written,
                "origin": k.origin,
                "entries": entries_in(overlay, &shown),
            })
        }).collect::<Vec<_>>(),
        "local_cards": match &config.local_cards {
            Some((on, origin)) => json!({"value": on, "origin": origin}),
            None => json!({"value": true, "origin": {"kind": "default"}}),
        },
        "max_waiver_days": config.max_waiver_days.as_ref().map(|(days, origin)| json!({"value": days, "origin": origin})),
    });
    let mut s = serde_json::to_string_pretty(&v).expect("config serializes");
    s.push('\n');
    s
}

/// A value on one line, in flow-style YAML (JSON is valid flow YAML).
fn inline(v: &Value) -> String {
    match v {
        Value::String(s)
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./@+".contains(c))
                && !s.starts_with(['-', '@', '.']) =>
        {
            s.clone()
        }
        _ => v.to_string(),
    }
}
