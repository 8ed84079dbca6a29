//! Config discovery: which config file governs a directory, and where the search stops.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::FILE_NAMES;

/// Find the config file that governs `dir`: the nearest one found walking up from it, stopping
/// at the repository root (the first directory holding `.git`); outside a repository, at the
/// current directory or `dir` itself, whichever is higher (see [`ConfigFinder`]).
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    ConfigFinder::new(&[dir.to_path_buf()]).find(dir)
}

/// Config discovery with a memo per directory, for runs over many manifests.
///
/// The search walks up from a manifest's directory and stops at the repository root (the
/// nearest directory holding `.git`). Without a repository it never climbs past the highest
/// of the current directory and the paths named on the command line that holds the
/// manifest (only the manifest's own directory when none does), so a config left in an
/// ancestor (`/tmp`, a base image's `/`) does not silently apply.
pub struct ConfigFinder {
    seen: HashMap<PathBuf, Option<PathBuf>>,
    /// Directory → nearest ancestor-or-self holding `.git`.
    repos: HashMap<PathBuf, Option<PathBuf>>,
    /// Where a search outside a repository may stop: the current directory and the
    /// directories named on the command line (absolute).
    ceilings: Vec<PathBuf>,
}

impl Default for ConfigFinder {
    fn default() -> ConfigFinder {
        ConfigFinder::new(&[])
    }
}

impl ConfigFinder {
    /// A finder for a run over `roots` (files or directories named on the command line).
    pub fn new(roots: &[PathBuf]) -> ConfigFinder {
        let mut ceilings: Vec<PathBuf> = Vec::new();
        let cwd = std::env::current_dir().ok();
        for r in roots.iter().cloned().chain(cwd) {
            let abs = std::path::absolute(&r).unwrap_or(r);
            let dir = if abs.is_file() {
                abs.parent().map(Path::to_path_buf).unwrap_or(abs)
            } else {
                abs
            };
            ceilings.push(normal(&dir));
        }
        ConfigFinder {
            seen: HashMap::new(),
            repos: HashMap::new(),
            ceilings,
        }
    }

    pub fn find(&mut self, dir: &Path) -> Option<PathBuf> {
        let start = normal(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()));
        let limit = match self.repo_root(&start) {
            Some(root) => root,
            None => self
                .ceilings
                .iter()
                .filter(|c| start.starts_with(c))
                .min_by_key(|c| c.components().count())
                .cloned()
                .unwrap_or_else(|| start.clone()),
        };
        let mut walked: Vec<&Path> = Vec::new();
        let mut result = None;
        for d in start.ancestors() {
            if let Some(known) = self.seen.get(d) {
                result = known.clone();
                break;
            }
            walked.push(d);
            if let Some(p) = config_in(d) {
                result = Some(p);
                break;
            }
            if d == limit {
                break;
            }
        }
        for d in walked {
            self.seen.insert(d.to_path_buf(), result.clone());
        }
        result
    }

    /// The nearest directory at or above `dir` holding `.git`.
    fn repo_root(&mut self, dir: &Path) -> Option<PathBuf> {
        let mut walked: Vec<&Path> = Vec::new();
        let mut result = None;
        for d in dir.ancestors() {
            if let Some(known) = self.repos.get(d) {
                result = known.clone();
                break;
            }
            walked.push(d);
            if d.join(".git").exists() {
                result = Some(d.to_path_buf());
                break;
            }
        }
        for d in walked {
            self.repos.insert(d.to_path_buf(), result.clone());
        }
        result
    }
}

/// `a/./b/../c` → `a/c`, lexically (paths compared for the search limit).
fn normal(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The config file in `d`, if any.
fn config_in(d: &Path) -> Option<PathBuf> {
    for name in FILE_NAMES {
        let p = d.join(name);
        // Anything by that name governs here: a directory or a broken symlink is an error
        // when read, rather than silently falling back to a config further up.
        if p.symlink_metadata().is_ok() {
            return Some(p);
        }
    }
    None
}
