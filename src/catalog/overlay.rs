//! Knowledge overlays: `knowledge:` files named by a config chain, in the catalog's own schema
//! (`models:` and `licenses:` entries exactly as under `catalog/`).
//!
//! An overlay is checked like the catalog at build time (unknown keys with a "did you mean",
//! missing fields, a license that does not exist, an id listed twice in one file, a
//! `base_model` that is no exact id), each problem with file, line and column. Its entries are
//! looked up before the built-in tables; an entry whose id the built-in catalog also has
//! replaces that entry for the run, and its `source` says so (overlay file and line), so every
//! finding and `explain` that cites it shows the correction. Files later in the chain win over
//! earlier ones (a repository's overlay over its organization's). The lookup tables are built
//! once per config chain.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::compile::{expression_ids, field_error, is_spdx};
use super::schema::{entry_problems, license_problems};
use super::{glob, names, Catalog, Inherited, LicenseFacts, MatchKind, ModelFacts};
use crate::finding::FileError;
use crate::source::{read_yaml, Sources};
use crate::validation::{did_you_mean, to_errors, Context, KeysHelp, Problem};
use crate::yaml::{escape_token, Document};

/// Top-level keys of an overlay file.
pub const KEYS: &[&str] = &["models", "licenses"];

/// Longest `base_model` chain followed.
const MAX_CHAIN: usize = 16;

/// One overlay file as a config names it.
#[derive(Debug, Clone)]
pub struct OverlayFile {
    pub path: PathBuf,
    /// Where the config names it (`org/.modelgate.yaml:4:5`).
    pub named_at: String,
}

/// One entry of an overlay, for `config show` and `explain`.
#[derive(Debug, Clone, Serialize)]
pub struct EntryInfo {
    /// `model` or `license`.
    pub kind: &'static str,
    pub id: String,
    /// `file:line` of the entry.
    pub at: String,
    /// What it replaces: `built-in` or the `file:line` of an earlier overlay entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
}

/// The merged overlay of one config chain, indexed.
#[derive(Debug, Default)]
pub struct Overlay {
    pub(super) models: Vec<ModelFacts>,
    pub(super) licenses: Vec<LicenseFacts>,
    /// Normalized id, variant or service name → model.
    pub(super) model_keys: HashMap<String, (usize, MatchKind)>,
    /// Lower-case id, alias or SPDX id → license.
    pub(super) license_keys: HashMap<String, usize>,
    /// Patterns, most specific first.
    pub(super) patterns: Vec<(String, usize)>,
    /// Normalized canonical id of a built-in entry → the overlay model that replaces it.
    pub(super) replaced_models: HashMap<String, usize>,
    /// Lower-case id of a built-in license → the overlay license that replaces it.
    pub(super) replaced_licenses: HashMap<String, usize>,
    /// Every entry with its place, in chain order.
    pub entries: Vec<EntryInfo>,
}

/// Where a model entry was read, while loading.
struct Place {
    file: usize,
    pointer: String,
}

struct Loading<'a> {
    builtin: &'a Catalog,
    overlay: Overlay,
    docs: Vec<(String, Arc<str>, Document)>,
    problems: Vec<Vec<Problem>>,
    places: Vec<Place>,
    license_places: Vec<(usize, String)>,
    errors: Vec<FileError>,
    sources: Sources,
}

impl Overlay {
    /// Read and check the overlay files of a chain (lowest first). On errors, every problem
    /// found with the texts read (for diagnostics).
    pub fn load(files: &[OverlayFile]) -> Result<Overlay, (Vec<FileError>, Sources)> {
        let mut l = Loading {
            builtin: Catalog::get(),
            overlay: Overlay::default(),
            docs: Vec::new(),
            problems: Vec::new(),
            places: Vec::new(),
            license_places: Vec::new(),
            errors: Vec::new(),
            sources: Sources::new(),
        };
        for f in files {
            let display = crate::source::display_path(&f.path);
            match read_yaml(&f.path, &display) {
                Ok((text, doc)) => {
                    l.sources.insert(display.clone(), text.clone());
                    l.docs.push((display, text, doc));
                    l.problems.push(Vec::new());
                    l.file(l.docs.len() - 1);
                }
                Err((mut e, text)) => {
                    if let Some(t) = text {
                        l.sources.insert(display.clone(), t);
                    }
                    e.message = format!("{} (knowledge file named at {})", e.message, f.named_at);
                    l.errors.push(*e);
                }
            }
        }
        l.inherit();
        let Loading {
            mut overlay,
            docs,
            problems,
            mut errors,
            sources,
            ..
        } = l;
        for ((file, text, doc), problems) in docs.iter().zip(problems) {
            errors.extend(to_errors(doc, file, text, problems));
        }
        if !errors.is_empty() {
            return Err((errors, sources));
        }
        overlay
            .patterns
            .sort_by_key(|(p, _)| std::cmp::Reverse(glob::specificity(p)));
        Ok(overlay)
    }

    /// Whether the overlay holds nothing.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty() && self.licenses.is_empty()
    }
}

impl Loading<'_> {
    fn err(&mut self, file: usize, pointer: &str, at_key: bool, msg: String, help: Option<String>) {
        self.problems[file].push(Problem {
            pointer: pointer.to_string(),
            at_key,
            message: msg,
            help,
        });
    }

    fn line(&self, file: usize, pointer: &str) -> usize {
        let (_, _, doc) = &self.docs[file];
        doc.locate(pointer).map_or(1, |(_, l)| l.value.line.max(1))
    }

    fn file(&mut self, fi: usize) {
        let doc = &self.docs[fi].2;
        let mut ctx = Context::new(doc);
        match &doc.value {
            Value::Null => return,
            Value::Object(_) => {}
            _ => {
                ctx.err(
                    "",
                    false,
                    "a knowledge file must be a mapping with `models:` and/or `licenses:`".into(),
                    None,
                );
            }
        }
        ctx.keys("", KEYS, "a knowledge file", KeysHelp::Allowed);
        let mut problems = ctx.problems;
        let lists: Vec<(&str, Vec<Value>)> = KEYS
            .iter()
            .rev() // licenses first: the models of a file may use its licenses
            .filter_map(|k| match doc.value.get(*k) {
                None | Some(Value::Null) => None,
                Some(Value::Array(items)) => Some((*k, items.clone())),
                Some(_) => {
                    problems.push(Problem {
                        pointer: format!("/{k}"),
                        at_key: false,
                        message: format!("`{k}` must be a list of entries"),
                        help: None,
                    });
                    None
                }
            })
            .collect();
        self.problems[fi].extend(problems);
        for (key, items) in lists {
            for (i, v) in items.into_iter().enumerate() {
                let ptr = format!("/{key}/{i}");
                if key == "licenses" {
                    self.license(fi, &ptr, v);
                } else {
                    self.model(fi, &ptr, v);
                }
            }
        }
    }

    /// A serde error on an entry as a problem: an unknown field gets a "did you mean".
    fn serde_problem(&mut self, fi: usize, ptr: &str, v: &Value, e: &serde_json::Error) {
        let (field, msg) = field_error(e);
        match field {
            Some(f) if msg.starts_with("unknown field") => {
                let expected: Vec<&str> = msg
                    .split_once("expected")
                    .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
                    .unwrap_or_default();
                let help = did_you_mean(&f, &expected)
                    .unwrap_or_else(|| format!("allowed keys: {}", expected.join(", ")));
                let p = format!("{ptr}/{}", escape_token(&f));
                self.err(fi, &p, true, format!("unknown key `{f}`"), Some(help));
            }
            Some(f) if v.get(&f).is_some() => {
                let p = format!("{ptr}/{}", escape_token(&f));
                self.err(fi, &p, false, msg, None);
            }
            _ => self.err(fi, ptr, false, msg, None),
        }
    }

    fn license(&mut self, fi: usize, ptr: &str, v: Value) {
        let l = match serde_json::from_value::<LicenseFacts>(v.clone()) {
            Ok(l) => l,
            Err(e) => return self.serde_problem(fi, ptr, &v, &e),
        };
        for (p, msg) in license_problems(&l) {
            self.err(fi, &format!("{ptr}{p}"), false, msg, None);
        }
        let idx = self.overlay.licenses.len();
        let line = self.line(fi, ptr);
        let at = format!("{}:{line}", self.docs[fi].0);
        let names: Vec<String> = std::iter::once(&l.id)
            .chain(l.aliases.iter())
            .chain(l.spdx_id.iter())
            .map(|n| n.to_lowercase())
            .collect();
        let mut replaces = None;
        for n in &names {
            if let Some(&prev) = self.overlay.license_keys.get(n) {
                let (pf, pp) = self.license_places[prev].clone();
                let prev_at = format!("{}:{}", self.docs[pf].0, self.line(pf, &pp));
                if pf == fi {
                    let msg = format!("license name `{n}` is used twice (also at {prev_at})");
                    self.err(fi, &format!("{ptr}/id"), false, msg, None);
                    return;
                }
                replaces = Some(prev_at);
            }
        }
        let builtin = self.builtin.builtin_license(&l.id).map(|b| b.id.clone());
        if replaces.is_none() && builtin.is_some() {
            replaces = Some("built-in".to_string());
        }
        let mut l = l;
        l.source = cite(&at, builtin.as_deref(), &l.source);
        for n in names {
            self.overlay.license_keys.insert(n, idx);
        }
        if let Some(b) = builtin {
            self.overlay.replaced_licenses.insert(b.to_lowercase(), idx);
        }
        self.overlay.entries.push(EntryInfo {
            kind: "license",
            id: l.id.clone(),
            at,
            replaces,
        });
        self.overlay.licenses.push(l);
        self.license_places.push((fi, ptr.to_string()));
    }

    fn license_known(&self, id: &str) -> bool {
        let lower = id.to_lowercase();
        lower == "proprietary"
            || self.overlay.license_keys.contains_key(&lower)
            || self.builtin.builtin_license(id).is_some()
            || self.builtin.hf_identifier(id).is_some()
            || is_spdx(id)
            || (lower.starts_with("licenseref-") && lower.len() > "licenseref-".len())
    }

    /// The closest license id to a misspelt one (built-in, overlay or SPDX).
    fn license_hint(&self, id: &str) -> Option<String> {
        let lower = id.to_lowercase();
        let mut names: Vec<String> = self
            .builtin
            .builtin_licenses()
            .map(|l| l.id.clone())
            .chain(self.overlay.licenses.iter().map(|l| l.id.clone()))
            .chain(self.builtin.hf_identifiers().iter().map(|h| h.id.clone()))
            .chain(
                spdx::identifiers::LICENSES
                    .iter()
                    .map(|l| l.name.to_string()),
            )
            .collect();
        names.sort();
        names.dedup();
        names
            .iter()
            .map(|n| (strsim::jaro_winkler(&lower, &n.to_lowercase()), n))
            .filter(|(s, _)| *s >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| format!("did you mean `{n}`?"))
    }

    fn model(&mut self, fi: usize, ptr: &str, v: Value) {
        if v.get("inherits").is_some() {
            let p = format!("{ptr}/inherits");
            let msg = "`inherits` is computed from `base_model`; do not write it".to_string();
            return self.err(fi, &p, true, msg, None);
        }
        let mut m = match serde_json::from_value::<ModelFacts>(v.clone()) {
            Ok(m) => m,
            Err(e) => return self.serde_problem(fi, ptr, &v, &e),
        };
        for (p, msg) in entry_problems(&m) {
            self.err(fi, &format!("{ptr}{p}"), false, msg, None);
        }
        for id in expression_ids(&m.license) {
            if !self.license_known(id) {
                let help = self.license_hint(id).or_else(|| {
                    Some("use an SPDX id, a license of the catalog or of a knowledge file's `licenses:`, or `LicenseRef-<name>`".into())
                });
                let msg = format!("license `{id}` is neither in the knowledge base, in a knowledge file, a Hugging Face identifier nor on the SPDX list");
                self.err(fi, &format!("{ptr}/license"), false, msg, help);
            }
        }
        let idx = self.overlay.models.len();
        let file_name = self.docs[fi].0.clone();
        let at = format!("{file_name}:{}", self.line(fi, ptr));
        let keyed = std::iter::once((m.id.clone(), MatchKind::Id, "id".to_string()))
            .chain(
                m.variants
                    .iter()
                    .enumerate()
                    .map(|(j, v)| (v.clone(), MatchKind::Variant, format!("variants/{j}"))),
            )
            .chain(
                m.api_names
                    .iter()
                    .enumerate()
                    .map(|(j, v)| (v.clone(), MatchKind::ApiName, format!("api_names/{j}"))),
            );
        let mut keys = Vec::new();
        let mut replaces = None;
        for (name, kind, rel) in keyed {
            let key = names::normalize(&name);
            if key.is_empty() {
                self.err(
                    fi,
                    &format!("{ptr}/{rel}"),
                    false,
                    "empty name".into(),
                    None,
                );
                continue;
            }
            if let Some(&(prev, _)) = self.overlay.model_keys.get(&key) {
                let prev_place = &self.places[prev];
                if prev_place.file == fi || keys.iter().any(|(k, _)| k == &key) {
                    let other = self.overlay.models[prev].id.clone();
                    let prev_at = format!("{file_name}:{}", self.line(fi, &prev_place.pointer));
                    let msg =
                        format!("`{name}` is listed twice (also under `{other}` at {prev_at})");
                    self.err(fi, &format!("{ptr}/{rel}"), false, msg, None);
                    return;
                }
                if kind == MatchKind::Id {
                    let (pf, pp) = (prev_place.file, prev_place.pointer.clone());
                    replaces = Some(format!("{}:{}", self.docs[pf].0, self.line(pf, &pp)));
                }
            }
            keys.push((key, kind));
        }
        let builtin = self
            .builtin
            .exact_key(&names::normalize(&m.id))
            .map(|(b, kind)| (b.id.clone(), kind == MatchKind::Id));
        if replaces.is_none() && builtin.is_some() {
            replaces = Some("built-in".to_string());
        }
        m.source = cite(&at, builtin.as_ref().map(|(id, _)| id.as_str()), &m.source);
        for (key, kind) in keys {
            self.overlay.model_keys.insert(key, (idx, kind));
        }
        if let Some((b, true)) = builtin {
            self.overlay
                .replaced_models
                .insert(names::normalize(&b), idx);
        }
        for p in &m.patterns {
            self.overlay.patterns.push((p.to_lowercase(), idx));
        }
        self.overlay.entries.push(EntryInfo {
            kind: "model",
            id: m.id.clone(),
            at,
            replaces,
        });
        self.overlay.models.push(m);
        self.places.push(Place {
            file: fi,
            pointer: ptr.to_string(),
        });
    }

    /// Compute what each overlay model inherits through `base_model` (an exact id of the
    /// overlay or of the built-in catalog).
    fn inherit(&mut self) {
        for idx in 0..self.overlay.models.len() {
            let mut expr = format!("({})", self.overlay.models[idx].license);
            let mut name = self.overlay.models[idx].license_name.clone();
            let mut chain = vec![idx];
            let mut cur = idx;
            let mut first_base = None;
            let mut problem = None;
            while let Some(base) = self.overlay.models[cur].base_model.clone() {
                let key = names::normalize(&base);
                match self.overlay.model_keys.get(&key) {
                    Some(&(b, kind)) if kind != MatchKind::ApiName => {
                        if chain.contains(&b) || chain.len() > MAX_CHAIN {
                            let id = self.overlay.models[b].id.clone();
                            // Every entry on the loop gets the error.
                            problem = Some((idx, format!("`base_model` loops back to `{id}`")));
                            break;
                        }
                        chain.push(b);
                        let be = &self.overlay.models[b];
                        first_base.get_or_insert_with(|| be.id.clone());
                        expr = format!("{expr} AND ({})", be.license);
                        name = format!(
                            "{name}; through its base model {}: {}",
                            be.id, be.license_name
                        );
                        cur = b;
                    }
                    _ => match self.builtin.exact_key(&key) {
                        Some((be, kind)) if kind != MatchKind::ApiName => {
                            first_base.get_or_insert_with(|| be.id.clone());
                            expr = format!("{expr} AND ({})", be.binding_license());
                            name = format!(
                                "{name}; through its base model {}: {}",
                                be.id,
                                be.binding_license_name()
                            );
                            break;
                        }
                        _ => {
                            let msg = format!("`base_model: {base}` is not an exact id in the knowledge base or a knowledge file");
                            problem = Some((cur, msg));
                            break;
                        }
                    },
                }
            }
            if let Some((at, msg)) = problem {
                if at == idx {
                    let Place { file, pointer } = &self.places[idx];
                    let (file, p) = (*file, format!("{pointer}/base_model"));
                    self.err(file, &p, false, msg, None);
                }
                continue;
            }
            if let Some(base) = first_base {
                self.overlay.models[idx].inherits = Some(Inherited {
                    base,
                    license: expr,
                    license_name: name,
                });
            }
        }
    }
}

/// An overlay entry's source: where the overlay says it, then what it cites.
fn cite(at: &str, replaces: Option<&str>, source: &str) -> String {
    match replaces {
        Some(b) => format!(
            "knowledge overlay {at} (replaces the built-in entry `{b}`): {}",
            source.trim()
        ),
        None => format!("knowledge overlay {at}: {}", source.trim()),
    }
}
