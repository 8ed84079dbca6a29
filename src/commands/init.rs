//! `modelgate init`: write a starter manifest and config from embedded templates.
//!
//! Never overwrites: if either file exists nothing is written. Each file is written to a
//! temporary name and then linked into place, which fails if the name appeared meanwhile, so a
//! reader never sees half a file and a concurrent writer's file is never replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::InitArgs;
use crate::exit::Exit;

pub const MANIFEST_TEMPLATE: &str = include_str!("../../templates/ai-models.yaml");
pub const CONFIG_TEMPLATE: &str = include_str!("../../templates/modelgate.yaml");

pub fn run(args: InitArgs) -> Exit {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return super::fail(format!("`{}` is not a directory", dir.display()));
    }
    let scanned;
    let manifest: &str = if args.from_scan {
        let catalog = crate::catalog::Catalog::get();
        let mut result =
            crate::scan::scan(&dir, catalog, &crate::scan::Options { skip: Vec::new() });
        // The comments name files as seen from the manifest's own directory.
        for r in &mut result.references {
            if let Ok(rel) = r.path.strip_prefix(&dir) {
                r.file = rel.to_string_lossy().replace('\\', "/");
            }
        }
        scanned = crate::scan::starter_manifest(&result, catalog);
        &scanned
    } else {
        MANIFEST_TEMPLATE
    };
    let files = [
        (dir.join("ai-models.yaml"), manifest),
        (dir.join(".modelgate.yaml"), CONFIG_TEMPLATE),
    ];
    let mut existing: Vec<String> = Vec::new();
    for (path, _) in &files {
        if path.symlink_metadata().is_ok() {
            existing.push(crate::source::display_path(path));
        }
    }
    for name in [
        "ai-models.yml",
        ".modelgate.yml",
        "modelgate.yaml",
        "modelgate.yml",
    ] {
        let p = dir.join(name);
        if p.symlink_metadata().is_ok() {
            existing.push(crate::source::display_path(&p));
        }
    }
    if !existing.is_empty() {
        return super::fail(format!(
            "{} already exist{}; init never overwrites (nothing was written)",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        ));
    }
    let mut written = Vec::new();
    for (path, text) in &files {
        if let Err(e) = write_new(path, text) {
            return super::fail(format!(
                "cannot write {}: {e}{}",
                crate::source::display_path(path),
                if written.is_empty() {
                    String::new()
                } else {
                    format!(" (already written: {})", written.join(", "))
                }
            ));
        }
        written.push(crate::source::display_path(path));
    }
    super::out_human(
        &format!(
            "created {}\nnext: list your models in ai-models.yaml, then run `modelgate check`\n",
            written.join(" and ")
        ),
        false,
    )
}

/// Write `text` to a new file at `path`, atomically, failing if `path` exists.
pub fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.modelgate-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create_new(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            // Some file systems have no hard links: fall back to an exclusive create.
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                let mut f = std::fs::File::create_new(path)?;
                f.write_all(text.as_bytes())?;
                f.sync_all()
            }
            Err(e) => Err(e),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}
