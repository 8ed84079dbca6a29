//! Ollama library names (`llama3.1:8b`, `deepseek-r1:8b`, `mistral-nemo`): which Hub repo each
//! name and size tag is built from, per `catalog/ollama.yaml`.
//!
//! Ollama's official library (`library/` namespace) repackages publishers' weights under names
//! of its own, and a size tag can select a different model (and license) than its siblings:
//! `qwen2.5:3b` is under Qwen's research license, `qwen2.5:7b` under Apache-2.0, and
//! `deepseek-r1:8b` is a distill of Qwen3 while `deepseek-r1:70b` is one of Llama 3.3. The
//! table is small and only read when a name looks like an Ollama one, so it is embedded as
//! YAML and parsed on first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Catalog, Inference, MatchKind, Resolution};

/// The embedded table (checked by this module's tests: it parses and every repo it names is
/// an exact catalog id).
pub const TABLE: &str = include_str!("../../catalog/ollama.yaml");

/// One library name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryModel {
    /// The library name, lower case (`deepseek-r1`).
    pub name: String,
    /// The size tag `latest` points to (`8b`), when known.
    #[serde(default)]
    pub default: Option<String>,
    /// Size tag (the part of a tag before its first `-`) → Hub repo id.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The repo every tag is built from, when they all share one (or the family's
    /// representative repo, for tags the table does not list).
    #[serde(default)]
    pub repo: Option<String>,
    /// Sizes whose repo is not in the catalog: the name stays unknown for them, rather than
    /// borrowing a sibling's license.
    #[serde(default)]
    pub unmapped: Vec<String>,
    pub source: String,
    pub confidence: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    ollama: Vec<LibraryModel>,
}

/// What the table says about an Ollama name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'t> {
    /// The size (or the name's default) is built from `repo`.
    Repo {
        entry: &'t LibraryModel,
        repo: &'t str,
        /// The size tag used, as listed (`None`: the name's single repo).
        size: Option<&'t str>,
    },
    /// A size the table does not list (a new one, say): the caller decides whether the
    /// default may stand for it (only when every listed size shares one license).
    UnlistedSize {
        entry: &'t LibraryModel,
        size: String,
    },
    /// A size whose repo is not in the catalog.
    Unmapped,
}

/// The parsed table (empty if the embedded file does not parse; a test guards that).
pub fn table() -> &'static [LibraryModel] {
    static TABLE_CELL: OnceLock<Vec<LibraryModel>> = OnceLock::new();
    TABLE_CELL.get_or_init(|| parse(TABLE).unwrap_or_default())
}

/// Parse a table in `catalog/ollama.yaml`'s format.
pub fn parse(text: &str) -> Result<Vec<LibraryModel>, String> {
    let doc = crate::yaml::parse(text).map_err(|e| e.message)?;
    let file: File = serde_json::from_value(doc.value).map_err(|e| e.to_string())?;
    Ok(file.ollama)
}

/// The library name and tag of a normalized key, when it has Ollama's shape: `name`,
/// `name:tag`, with an optional `ollama/`, `ollama_chat/`, `library/` or registry prefix.
pub fn split(key: &str) -> Option<(&str, Option<&str>)> {
    let mut s = key;
    for prefix in [
        "registry.ollama.ai/",
        "ollama.com/",
        "ollama_chat/",
        "ollama/",
        "library/",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
        }
    }
    if s.is_empty() || s.contains('/') {
        return None;
    }
    match s.split_once(':') {
        Some((name, tag)) if !name.is_empty() && !tag.contains(':') => {
            Some((name, (!tag.is_empty() && tag != "latest").then_some(tag)))
        }
        Some(_) => None,
        None => Some((s, None)),
    }
}

/// Look a normalized key up in the table (`None`: not a library name the table has).
pub fn lookup(key: &str) -> Option<Lookup<'static>> {
    let (name, tag) = split(key)?;
    let entry = table().iter().find(|m| m.name == name)?;
    Some(resolve_tag(entry, tag))
}

/// The repo one tag of a library name is built from.
pub fn resolve_tag<'t>(entry: &'t LibraryModel, tag: Option<&str>) -> Lookup<'t> {
    // `8b-instruct-q4_K_M` → `8b`; `4b-it-qat` → `4b`; `text`, `instruct` → the default size.
    let size = tag
        .map(|t| t.split('-').next().unwrap_or(t))
        .filter(|s| !s.is_empty());
    if let Some(s) = size {
        if let Some((k, repo)) = entry.tags.get_key_value(s) {
            return Lookup::Repo {
                entry,
                repo,
                size: Some(k),
            };
        }
        if entry.unmapped.iter().any(|u| u == s) {
            return Lookup::Unmapped;
        }
        if s.bytes().any(|b| b.is_ascii_digit()) && !entry.tags.is_empty() {
            return Lookup::UnlistedSize {
                entry,
                size: s.to_string(),
            };
        }
    }
    match (&entry.repo, entry.default.as_deref()) {
        (Some(repo), _) => Lookup::Repo {
            entry,
            repo,
            size: None,
        },
        (None, Some(d)) => match entry.tags.get_key_value(d) {
            Some((k, repo)) => Lookup::Repo {
                entry,
                repo,
                size: Some(k),
            },
            None => Lookup::Unmapped,
        },
        (None, None) => Lookup::Unmapped,
    }
}

impl Catalog {
    /// An Ollama library name through `catalog/ollama.yaml`: the repo its size tag is built
    /// from. A size the table does not list borrows the default only when every listed size
    /// has the same license; a size whose repo the catalog lacks stays unknown.
    pub(super) fn ollama(&self, written: &str, key: &str) -> Option<Option<Resolution<'_>>> {
        let hit = lookup(key)?;
        Some(self.ollama_hit(written, hit))
    }

    fn ollama_hit(&self, written: &str, hit: Lookup<'_>) -> Option<Resolution<'_>> {
        let (entry, repo, size, unlisted) = match hit {
            Lookup::Repo { entry, repo, size } => (entry, repo, size.map(str::to_string), false),
            Lookup::UnlistedSize { entry, size } => {
                let licenses: Vec<String> = entry
                    .tags
                    .values()
                    .filter_map(|r| self.resolve(r))
                    .map(|r| r.facts.license.clone())
                    .collect();
                if !entry.unmapped.is_empty() || licenses.windows(2).any(|w| w[0] != w[1]) {
                    return None;
                }
                match resolve_tag(entry, None) {
                    Lookup::Repo { repo, .. } => (entry, repo, Some(size), true),
                    _ => return None,
                }
            }
            Lookup::Unmapped => return None,
        };
        let target = self.resolve(repo)?;
        let size = size.map_or(String::new(), |s| format!(" at size `{s}`"));
        let unlisted = if unlisted {
            " (a size modelgate's Ollama table does not list; every listed size shares one license)"
        } else {
            ""
        };
        let note = format!(
            "inferred from an Ollama library name: `{written}` is Ollama's `{}`{size}{unlisted}, built from `{repo}` ({}); confirm with `base_model: {repo}`",
            entry.name, entry.source
        );
        Some(Resolution {
            facts: target.facts,
            kind: MatchKind::Inferred,
            inference: Some(Inference {
                matched: repo.to_string(),
                removed: Vec::new(),
                note,
                repo: Some(repo.to_string()),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(split("llama3.1:8b"), Some(("llama3.1", Some("8b"))));
        assert_eq!(split("ollama/llama3.1"), Some(("llama3.1", None)));
        assert_eq!(
            split("ollama_chat/qwen2.5:3b"),
            Some(("qwen2.5", Some("3b")))
        );
        assert_eq!(
            split("registry.ollama.ai/library/gemma3:4b-it-qat"),
            Some(("gemma3", Some("4b-it-qat")))
        );
        assert_eq!(split("mistral:latest"), Some(("mistral", None)));
        assert_eq!(split("meta-llama/llama-3.1-8b"), None);
        assert_eq!(split("someone/llama3.1:8b"), None);
        assert_eq!(split(":8b"), None);
    }

    fn entry(yaml: &str) -> LibraryModel {
        parse(&format!("ollama:\n{yaml}")).unwrap().remove(0)
    }

    #[test]
    fn tags_choose_sizes() {
        let e = entry(
            "  - name: q\n    default: \"7b\"\n    tags: {\"3b\": a/q-3b, \"7b\": a/q-7b}\n    unmapped: [\"72b\"]\n    source: s\n    confidence: high\n",
        );
        let repo = |tag| match resolve_tag(&e, tag) {
            Lookup::Repo { repo, .. } => repo.to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(repo(None), "a/q-7b");
        assert_eq!(repo(Some("3b")), "a/q-3b");
        assert_eq!(repo(Some("3b-instruct-q4_K_M")), "a/q-3b");
        assert_eq!(repo(Some("text")), "a/q-7b");
        assert_eq!(resolve_tag(&e, Some("72b")), Lookup::Unmapped);
        assert!(matches!(
            resolve_tag(&e, Some("14b")),
            Lookup::UnlistedSize { .. }
        ));
    }

    #[test]
    fn the_table_parses_and_names_are_unique() {
        let t = parse(TABLE).expect("catalog/ollama.yaml parses");
        assert!(t.len() >= 20, "only {} names", t.len());
        let mut names: Vec<&str> = t.iter().map(|m| m.name.as_str()).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a library name is listed twice");
        for m in &t {
            assert_eq!(
                m.name,
                m.name.to_lowercase(),
                "{}: names are lower case",
                m.name
            );
            assert!(!m.source.trim().is_empty(), "{}: no source", m.name);
            assert!(
                matches!(m.confidence.as_str(), "high" | "medium" | "low"),
                "{}: confidence",
                m.name
            );
            if let Some(d) = &m.default {
                assert!(
                    m.tags.contains_key(d),
                    "{}: default `{d}` is not a tag",
                    m.name
                );
            }
            for u in &m.unmapped {
                assert!(
                    !m.tags.contains_key(u),
                    "{}: `{u}` is mapped and unmapped",
                    m.name
                );
            }
        }
    }

    #[test]
    fn every_repo_is_an_exact_catalog_id() {
        let catalog = super::super::Catalog::get();
        for m in table() {
            for repo in m.tags.values().chain(m.repo.iter()) {
                let r = catalog.resolve(repo);
                assert!(
                    r.as_ref().is_some_and(|r| r.kind.is_direct()),
                    "{}: `{repo}` is not in the catalog (got {:?})",
                    m.name,
                    r.map(|r| r.kind)
                );
            }
        }
    }
}
