//! Local model cards: the front matter of a model's `README.md` on this machine, for models
//! that neither the catalog nor an overlay knows.
//!
//! Two places are read, never the network: the Hugging Face cache in its real layout
//! (`$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`;
//! `models--{org}--{name}/refs/main` names the snapshot, `snapshots/{sha}/README.md` is the
//! card, usually a symlink into `blobs/`), and a local model directory that a manifest entry
//! names with `source:` (a path, relative to the manifest).
//!
//! Cards are untrusted input: a size limit, the card must resolve (through symlinks) to a file
//! inside the model's own cache directory (or the named directory), a snapshot name must be a
//! hex commit id, values are bounded in length and control characters are escaped before they
//! are shown anywhere.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;

/// Largest card read (bytes); the front matter is at its top.
pub const MAX_CARD: u64 = 512 * 1024;
/// Longest value kept from a card (characters).
const MAX_VALUE: usize = 200;
/// Most tags kept.
const MAX_TAGS: usize = 64;

/// What a card's front matter says.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Card {
    /// The license as the card writes it (`cc-by-nc-4.0`, `other`, ...).
    pub license: Option<String>,
    pub license_name: Option<String>,
    pub license_link: Option<String>,
    /// The first base model the card names.
    pub base_model: Option<String>,
    pub tags: Vec<String>,
    /// Where it was read: `models--org--name/snapshots/<sha>/README.md` (relative to the
    /// cache root), or the manifest's `source:` directory and `README.md`.
    pub path: String,
    /// The snapshot's commit (`refs/main`), for a card from the cache.
    pub revision: Option<String>,
    /// `hf-cache` or `directory`.
    pub origin: &'static str,
}

impl Card {
    /// The license to judge the model by: a card's `other` with a `license_name` is that name.
    pub fn license_id(&self) -> Option<String> {
        match (self.license.as_deref(), self.license_name.as_deref()) {
            (Some(l), Some(n)) if l.eq_ignore_ascii_case("other") => Some(n.to_string()),
            (l, _) => l.map(str::to_string),
        }
    }

    /// Where it was read: `the local model card PATH (snapshot SHA)`.
    pub fn place(&self) -> String {
        match &self.revision {
            Some(r) => format!("the local model card {} (snapshot {r})", self.path),
            None => format!("the local model card {}", self.path),
        }
    }

    /// A sentence for findings and `explain`.
    pub fn note(&self) -> String {
        let at = self.place();
        let whose = match self.origin {
            "hf-cache" => "this machine's Hugging Face cache",
            _ => "this machine's copy of the model",
        };
        format!(
            "from {at}; CI machines without {whose} will not see it: `modelgate check --fix` writes it into the manifest"
        )
    }
}

/// A model id and its `source:` directory.
type CardKey = (String, Option<PathBuf>);

/// Where local cards are read from, with a memo per model.
#[derive(Debug, Default)]
pub struct Cards {
    hub: Option<PathBuf>,
    memo: Mutex<HashMap<CardKey, Option<Arc<Card>>>>,
}

/// The Hugging Face hub cache directory the environment names.
pub fn hub_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("HF_HUB_CACHE")
        .or_else(|| var("HF_HOME").map(|h| h.join("hub")))
        .or_else(|| var("HOME").map(|h| h.join(".cache/huggingface/hub")))
}

impl Cards {
    /// Cards from the cache the environment names.
    pub fn from_env() -> Cards {
        Cards::at(hub_dir())
    }

    /// Cards from the cache at `hub` (none: only `source:` directories).
    pub fn at(hub: Option<PathBuf>) -> Cards {
        Cards {
            hub,
            memo: Mutex::default(),
        }
    }

    /// The card of a model: its `source:` directory (relative to `dir`, the manifest's) first,
    /// else the cache's snapshot of the repo id.
    pub fn find(&self, id: &str, source: Option<&str>, dir: Option<&Path>) -> Option<Arc<Card>> {
        let local = source.and_then(|s| local_dir(s, dir));
        let key = (id.to_string(), local.clone());
        if let Some(hit) = self.memo.lock().ok()?.get(&key) {
            return hit.clone();
        }
        let found = local
            .as_deref()
            .and_then(from_directory)
            .or_else(|| self.hub.as_deref().and_then(|h| from_cache(h, id)))
            .map(Arc::new);
        if let Ok(mut m) = self.memo.lock() {
            m.insert(key, found.clone());
        }
        found
    }

    /// The snapshot commit the cache holds for a repo id (`refs/main`).
    pub fn revision(&self, id: &str) -> Option<String> {
        let (repo, _) = repo_dir(self.hub.as_deref()?, id)?;
        read_ref(&repo)
    }
}

/// A `source:` that names a directory on disk (not a URL or a hub id).
fn local_dir(source: &str, dir: Option<&Path>) -> Option<PathBuf> {
    let s = source.strip_prefix("file://").unwrap_or(source);
    if s.contains("://") || s.is_empty() || s.contains('\0') {
        return None;
    }
    let p = Path::new(s);
    // `components` drops inner `.` parts: `repo/./models/x` is shown as `repo/models/x`.
    let full: PathBuf = match dir {
        Some(d) if p.is_relative() => d.join(p),
        _ => p.to_path_buf(),
    }
    .components()
    .collect();
    full.is_dir().then_some(full)
}

/// `models--{org}--{name}` for a plain `org/name` repo id, and the id as the cache spells it.
fn repo_dir(hub: &Path, id: &str) -> Option<(PathBuf, String)> {
    let id = id.trim().trim_start_matches("hf://");
    let id = id
        .strip_prefix("https://huggingface.co/")
        .unwrap_or(id)
        .trim_end_matches('/');
    let (org, name) = id.split_once('/')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 96
            && !s.starts_with('.')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if !ok(org) || !ok(name) || name.contains("..") || org.contains("..") {
        return None;
    }
    let dir = hub.join(format!("models--{org}--{name}"));
    dir.is_dir()
        .then(|| (dir, format!("models--{org}--{name}")))
}

/// The commit `refs/main` names, if it is a hex commit id.
fn read_ref(repo: &Path) -> Option<String> {
    let mut text = String::new();
    std::fs::File::open(repo.join("refs/main"))
        .ok()?
        .take(128)
        .read_to_string(&mut text)
        .ok()?;
    let sha = text.trim();
    let hex = sha.len() >= 7 && sha.len() <= 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
    hex.then(|| sha.to_ascii_lowercase())
}

fn from_cache(hub: &Path, id: &str) -> Option<Card> {
    let (repo, shown) = repo_dir(hub, id)?;
    let sha = read_ref(&repo)?;
    let rel = format!("snapshots/{sha}/README.md");
    let text = read_inside(&repo, &repo.join(&rel))?;
    let mut card = front_matter(&text)?;
    card.path = format!("{shown}/{rel}");
    card.revision = Some(sha);
    card.origin = "hf-cache";
    Some(card)
}

fn from_directory(dir: &Path) -> Option<Card> {
    let text = read_inside(dir, &dir.join("README.md"))?;
    let mut card = front_matter(&text)?;
    card.path = format!("{}/README.md", crate::source::display_path(dir));
    card.origin = "directory";
    Some(card)
}

/// Read `file` if it resolves to a regular file inside `root`, within the size limit.
fn read_inside(root: &Path, file: &Path) -> Option<String> {
    let root = std::fs::canonicalize(root).ok()?;
    let real = std::fs::canonicalize(file).ok()?;
    if !real.starts_with(&root) {
        return None;
    }
    let f = std::fs::File::open(&real).ok()?;
    let meta = f.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_CARD {
        return None;
    }
    let mut bytes = Vec::new();
    f.take(MAX_CARD).read_to_end(&mut bytes).ok()?;
    String::from_utf8(bytes).ok()
}

/// A value safe to show: control characters escaped, length bounded.
fn clean(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let mut out = String::new();
    for c in t.chars().take(MAX_VALUE) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn first_string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean(s),
        Value::Array(items) => items.iter().find_map(|x| x.as_str().and_then(clean)),
        _ => None,
    }
}

/// The card's YAML front matter (between a leading `---` line and the next `---` line).
pub fn front_matter(text: &str) -> Option<Card> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let start = text.find('\n')? + 1;
    let mut end = None;
    let mut at = start;
    for line in lines {
        if line.trim_end() == "---" {
            end = Some(at);
            break;
        }
        at += line.len();
    }
    let doc = crate::yaml::parse(&text[start..end?]).ok()?;
    let v = &doc.value;
    let tags = match v.get("tags") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|t| t.as_str().and_then(clean))
            .take(MAX_TAGS)
            .collect(),
        _ => Vec::new(),
    };
    Some(Card {
        license: first_string(v.get("license")),
        license_name: first_string(v.get("license_name")),
        license_link: first_string(v.get("license_link")),
        base_model: first_string(v.get("base_model")),
        tags,
        ..Card::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read_and_cleaned() {
        let c = front_matter("---\r\nlicense: other\r\nlicense_name: acme\u{1b}[31m\r\nbase_model:\r\n  - meta-llama/Llama-3.1-8B\r\ntags: [a, b]\r\n---\r\n# Card\n").unwrap();
        assert_eq!(c.license_id().as_deref(), Some("acme\\u{1b}[31m"));
        assert_eq!(c.base_model.as_deref(), Some("meta-llama/Llama-3.1-8B"));
        assert_eq!(c.tags, vec!["a", "b"]);
        assert!(front_matter("# no front matter\n").is_none());
        assert!(front_matter("---\nlicense: mit\n").is_none());
        assert!(front_matter("---\n[: bad\n---\n").is_none());
    }

    #[test]
    fn repo_ids_cannot_leave_the_cache() {
        let hub = Path::new("/nonexistent-hub");
        for id in ["../x/y", "a/..", "a/b/c", ".a/b", "a", ""] {
            assert!(repo_dir(hub, id).is_none(), "{id}");
        }
    }
}
