//! Where output goes: standard output and error (made safe for terminals and CI logs), and
//! the files `--output`, `sbom --output` and `baseline create` write.
//!
//! A file is written whole or not at all: into a temporary file in the same directory, then
//! renamed over the target. A target that is one of the run's inputs (a manifest, a config,
//! the `--baseline` file, a policy; the same file by inode or resolved path) is refused, as is
//! anything that is not a regular file. `-` means standard output; a missing directory is
//! created.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::exit::Exit;
use crate::source::display_path;

/// Whether `path` means standard output (`-`).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Write to stdout as it is (machine formats: JSON, SARIF, XML, workflow commands, Markdown
/// escape on their own). A broken pipe (`| head`) is not an error; any other failure (a full
/// disk) is. (A stdout closed with `>&-` is not seen: Rust's runtime reopens a closed standard
/// descriptor on `/dev/null` before `main`, like a caller's `subprocess.DEVNULL`.)
pub fn out(text: &str) -> Exit {
    let mut stdout = std::io::stdout().lock();
    written(
        stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush()),
    )
}

/// Write text for people to stdout: control and invisible characters from the checked files
/// become visible escapes, no line can pass for a workflow command; colour sequences stay
/// when `color`.
pub fn out_human(text: &str, color: bool) -> Exit {
    out(&crate::safe_text::block(text, color))
}

/// Write a JSON document to stdout, with the characters JSON leaves raw but terminals act on
/// (DEL, C1, bidi and other invisible format characters) as `\u` escapes.
pub fn out_json(text: &str) -> Exit {
    out(&crate::safe_text::json(text))
}

/// Write text for people to stderr, made safe like [`out_human`] (never coloured).
pub fn err(text: &str) {
    let text = crate::safe_text::block(text, false);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|_| stderr.flush());
}

/// The exit status after writing to stdout; a broken pipe is not an error.
pub fn written(result: std::io::Result<()>) -> Exit {
    match result {
        Ok(()) => Exit::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(e) => {
            err(&format!(
                "modelgate: error: cannot write output: {}\n",
                crate::source::io_message(&e)
            ));
            Exit::Error
        }
    }
}

/// Why `path` must not be written as an output, if it must not.
pub fn refuse_target(path: &Path) -> Option<String> {
    if crate::source::is_input(path) {
        return Some("is an input of this run; modelgate never overwrites what it reads".into());
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Some("is a directory".into()),
        Ok(m) if !m.is_file() => Some("exists and is not a regular file".into()),
        _ => None,
    }
}

/// Write `text` to `path` atomically (a temporary file in the same directory, renamed over
/// the target), creating missing directories, unless [`refuse_target`] refuses it. Errors are
/// worded for the user.
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(why) = refuse_target(path) {
        return Err(format!("{} {why}; not written", display_path(path)));
    }
    write_atomic(path, text)
}

/// [`write_file`] without the input check (the caller made its own).
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let shown = display_path(path);
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(format!(
            "{shown} exists and is not a regular file; not written"
        ));
    }
    let name = path
        .file_name()
        .ok_or_else(|| format!("{shown} is not a file name; not written"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        format!(
            "cannot create {}: {}",
            display_path(&dir),
            crate::source::io_message(&e)
        )
    })?;
    let cannot =
        |e: std::io::Error| format!("cannot write {shown}: {}", crate::source::io_message(&e));
    let mut tmp = None;
    for attempt in 0..100u32 {
        let candidate = dir.join(format!(
            ".{}.modelgate-{}-{attempt}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        match std::fs::File::create_new(&candidate) {
            Ok(f) => {
                tmp = Some((candidate, f));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(cannot(e)),
        }
    }
    let (tmp_path, mut file) =
        tmp.ok_or_else(|| format!("cannot write {shown}: no temporary name free"))?;
    let result = file
        .write_all(text.as_bytes())
        .and_then(|_| file.sync_all())
        .and_then(|_| {
            drop(file);
            std::fs::rename(&tmp_path, path)
        });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp_path);
        return Err(cannot(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_into_new_directories() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/report.json");
        write_file(&target, "one").unwrap();
        write_file(&target, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "two");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("a/b")).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
        assert!(write_file(dir.path(), "x").is_err());
    }
}
