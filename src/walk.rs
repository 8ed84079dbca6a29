//! Discovery: the parallel walk (`ignore`, honouring `.gitignore`) that finds manifests and
//! hands each to the caller as soon as it is found, and a small parallel loop over items.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::finding::FileError;
use crate::manifest;
use crate::source::{display_path, error_at, io_message};

/// Find manifests under the given paths. Files are taken as given; directories are walked
/// (honouring `.gitignore`) for `ai-models.yaml` / `ai-models.yml`. Sorted.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileError>) {
    let (errors, found) = walk(paths, &|_| true);
    (found, errors)
}

/// Walk the given paths like [`discover`], handing each manifest to `handle` as soon as it is
/// found, from as many threads as there are cores. `handle` returns false to stop. Returns
/// the discovery errors and every manifest found, sorted.
pub fn walk(
    paths: &[PathBuf],
    handle: &(dyn Fn(PathBuf) -> bool + Sync),
) -> (Vec<FileError>, Vec<PathBuf>) {
    let errors: Mutex<Vec<FileError>> = Mutex::new(Vec::new());
    let found: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut files: Vec<PathBuf> = Vec::new();
    // A manifest named twice (`a.yaml ./a.yaml`, or a file and its directory) is checked once.
    let seen: Mutex<std::collections::HashSet<PathBuf>> = Mutex::new(Default::default());
    let first = |p: &std::path::Path| {
        seen.lock()
            .expect("seen lock")
            .insert(crate::source::absolute(p))
    };
    for p in paths {
        let shown = display_path(p);
        let error = |message: String, help: Option<String>| {
            errors
                .lock()
                .expect("errors lock")
                .push(error_at(&shown, None, message, help));
        };
        match std::fs::metadata(p) {
            Err(e) => error(format!("cannot read: {}", io_message(&e)), None),
            // Files named on the command line (pre-commit passes many) are checked together
            // below, in parallel.
            Ok(m) if m.is_file() => {
                if first(p) {
                    files.push(p.clone())
                }
            }
            Ok(m) if !m.is_dir() => error("is not a regular file or a directory".into(), None),
            Ok(_) => {
                let here = AtomicUsize::new(0);
                let stop = std::sync::atomic::AtomicBool::new(false);
                ignore::WalkBuilder::new(p)
                    .hidden(false)
                    .require_git(false)
                    // What is checked must not depend on the machine: the user's global git
                    // excludes (`core.excludesFile`) are not honoured, the repository's
                    // `.gitignore` files and `.git/info/exclude` are.
                    .git_global(false)
                    .filter_entry(|e| e.file_name() != ".git")
                    .threads(threads)
                    .build_parallel()
                    .run(|| {
                        Box::new(|entry| match entry {
                            Ok(e) => {
                                // Whatever is named like a manifest is checked: a directory,
                                // a broken or looping symlink or an unreadable file is an
                                // error (reported by `load`), not silently skipped.
                                let name = e.file_name().to_str().unwrap_or("");
                                if !manifest::FILE_NAMES.contains(&name) {
                                    return ignore::WalkState::Continue;
                                }
                                here.fetch_add(1, Ordering::Relaxed);
                                let path = e.into_path();
                                if !first(&path) {
                                    return ignore::WalkState::Continue;
                                }
                                found.lock().expect("found lock").push(path.clone());
                                if handle(path) {
                                    ignore::WalkState::Continue
                                } else {
                                    stop.store(true, Ordering::Relaxed);
                                    ignore::WalkState::Quit
                                }
                            }
                            Err(e) => {
                                error(format!("while searching: {e}"), None);
                                ignore::WalkState::Continue
                            }
                        })
                    });
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                if here.load(Ordering::Relaxed) == 0
                    && errors.lock().expect("errors lock").is_empty()
                {
                    error(
                        "no ai-models.yaml or ai-models.yml found here".into(),
                        Some(
                            "create one with `modelgate init`, or pass the manifest's path".into(),
                        ),
                    );
                }
            }
        }
    }
    in_parallel(&files, |f| {
        found.lock().expect("found lock").push(f.clone());
        handle(f.clone())
    });
    let mut found = found.into_inner().expect("found lock");
    found.sort();
    found.dedup();
    (errors.into_inner().expect("errors lock"), found)
}

/// Run `f` on every item, from as many threads as there are cores (at least 8 items each);
/// once `f` returns false, the items not yet started are skipped.
pub fn in_parallel<T: Sync>(items: &[T], f: impl Fn(&T) -> bool + Sync) {
    let next = AtomicUsize::new(0);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let work = || {
        while let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if !f(item) {
                stop.store(true, Ordering::Relaxed);
            }
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().div_ceil(8));
    if workers <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(work);
            }
        });
    }
}
