//! Reading the files modelgate consumes, for every stage: paths as the user sees them, the size
//! limit, the UTF-8 check, I/O messages, and the one "read a YAML file" every loader uses
//! (manifests, configs, data files). Errors are [`FileError`]s naming the file.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::finding::FileError;
use crate::yaml::{self, Document, Span};

/// Largest manifest read (bytes).
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Path as the user should see it: relative to the working directory when inside it, with
/// forward slashes (Windows separators only; on Unix a backslash is part of a name) and no
/// leading `./`. Control and invisible format characters in names (a line break could start a
/// line that GitHub Actions runs as a command) are shown as visible escapes
/// ([`crate::safe_text::terminal`]).
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = match (&cwd, path.is_absolute()) {
        (Some(c), true) => path.strip_prefix(c).unwrap_or(path),
        _ => path,
    };
    let s = rel.to_string_lossy();
    let s = if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/');
    }
    if s.is_empty() {
        ".".into()
    } else {
        crate::safe_text::terminal(s).into_owned()
    }
}

/// Remove `.` and resolve `..` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` made absolute (against the working directory) and normalized, without resolving
/// symbolic links.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&std::env::current_dir().unwrap_or_default().join(path))
    }
}

/// The repository `dir` is in: its nearest ancestor (itself included) holding `.git`.
fn repository_of(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The checked root, resolved: the repository of the working directory, or the working
/// directory itself outside a repository.
pub fn checked_root() -> &'static Path {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = repository_of(&cwd).unwrap_or(cwd);
        std::fs::canonicalize(&root).unwrap_or(root)
    })
}

/// Whether text of the file at `canonical` (a resolved path) may be quoted in diagnostics:
/// only files inside the checked root are. A config reached by `extends` or `--config` from
/// elsewhere is still read, but its errors give the line and column without a snippet.
pub fn quotable(canonical: &Path) -> bool {
    canonical.starts_with(checked_root())
}

/// Why the file at `path` must not be opened, if it must not: its resolved path is under
/// `/proc`, `/sys` or `/dev` (files that report a size of 0, block, or hold the process's
/// environment), or it is reached through a symbolic link that leads out of the repository the
/// link is in (the working directory's, outside a repository).
fn refused(path: &Path) -> Option<String> {
    let canonical = std::fs::canonicalize(path).ok()?;
    if ["/proc", "/sys", "/dev"]
        .iter()
        .any(|p| canonical.starts_with(p))
    {
        return Some(format!(
            "resolves to {}, a special file; modelgate reads only regular files",
            crate::safe_text::terminal(&canonical.to_string_lossy())
        ));
    }
    let lexical = absolute(path);
    if canonical == lexical {
        return None;
    }
    let dir = lexical.parent().unwrap_or(&lexical);
    let root = repository_of(dir).unwrap_or_else(|| checked_root().to_path_buf());
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    (!canonical.starts_with(&root)).then(|| {
        format!(
            "is a symbolic link to a file outside the repository ({}); modelgate does not follow it",
            crate::safe_text::terminal(&root.to_string_lossy())
        )
    })
}

/// Identity of a file: device and inode where the platform has them, else the resolved path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

fn file_id(path: &Path, meta: &std::fs::Metadata) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        Some(FileId::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        std::fs::canonicalize(path).ok().map(FileId::Path)
    }
}

/// Every file this process opened as an input (manifests, configs, data files, baselines,
/// policies): outputs must never replace one of them.
static INPUTS: std::sync::Mutex<Option<std::collections::HashSet<FileId>>> =
    std::sync::Mutex::new(None);

/// Remember `path` (opened, with `meta` from its handle) as an input of this run.
pub fn note_input(path: &Path, meta: &std::fs::Metadata) {
    if let Some(id) = file_id(path, meta) {
        INPUTS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(Default::default)
            .insert(id);
    }
}

/// Whether `path` is a file this run read as input (the same file: same inode, so hard links
/// and symbolic links to it count, or the same resolved path).
pub fn is_input(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let Some(id) = file_id(path, &meta) else {
        return false;
    };
    INPUTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .is_some_and(|inputs| inputs.contains(&id))
}

/// Open `path` for reading without blocking: a FIFO or device swapped in after any earlier
/// check cannot stall the open, and the caller checks the opened handle.
pub fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// A [`FileError`] in `file`, at `span` when known.
pub fn error_at(
    file: &str,
    span: Option<Span>,
    message: String,
    help: Option<String>,
) -> FileError {
    FileError {
        file: file.to_string(),
        line: span.map(|s| s.line),
        column: span.map(|s| s.column),
        message,
        help,
        span,
    }
}

/// An I/O error in a few words (without the OS error number).
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The bytes of an opened file, judged by the handle itself (not by an earlier look at the
/// path): a regular file within the size limit, read to at most one byte past it.
fn read_opened(path: &Path, file: std::fs::File, display: &str) -> Result<Vec<u8>, Box<FileError>> {
    let fail = |m: String, help: Option<String>| Box::new(error_at(display, None, m, help));
    let cannot = |e: std::io::Error| fail(format!("cannot read: {}", io_message(&e)), None);
    let meta = file.metadata().map_err(cannot)?;
    note_input(path, &meta);
    if !meta.is_file() {
        // A device, FIFO or socket could block or never end.
        return Err(fail("is not a regular file".into(), None));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(fail(
            format!(
                "is {} bytes; files read by modelgate are limited to {} bytes",
                meta.len(),
                MAX_FILE_SIZE
            ),
            Some("a manifest lists models; split generated content out of it".into()),
        ));
    }
    // Read at most one byte past the limit, in case the file grows while it is read.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    {
        use std::io::Read;
        file.take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(fail(
            format!("grew past the limit of {MAX_FILE_SIZE} bytes while being read"),
            None,
        ));
    }
    Ok(bytes)
}

/// Read a text file the tool consumes (manifest, config, data, baseline), with the size
/// limit and a UTF-8 check; errors name the file and, for bad UTF-8, the place. Only regular
/// files are read, and only the handle that was opened is checked (type and size), so a file
/// swapped for a FIFO or device between a check and the read is refused, not waited on; files
/// under `/proc`, `/sys` and `/dev`, and symbolic links out of the repository, are refused
/// before opening.
pub fn read_text(path: &Path, display: &str) -> Result<Arc<str>, Box<FileError>> {
    let fail = |m: String, help: Option<String>| Box::new(error_at(display, None, m, help));
    let cannot = |e: std::io::Error| fail(format!("cannot read: {}", io_message(&e)), None);
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a file".into(), None));
    }
    if !meta.is_file() {
        // A device, FIFO or socket could block or never end (checked again on the handle).
        return Err(fail("is not a regular file".into(), None));
    }
    if let Some(why) = refused(path) {
        return Err(fail(why, None));
    }
    let file = open_nonblocking(path).map_err(cannot)?;
    let bytes = read_opened(path, file, display)?;
    text_of(bytes, display)
}

/// Read a manifest from standard input (`check -`), with the same size limit and UTF-8 check
/// as a file; `display` names it in errors.
pub fn read_stdin(display: &str) -> Result<Arc<str>, Box<FileError>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Box::new(error_at(
                display,
                None,
                format!("cannot read standard input: {}", io_message(&e)),
                None,
            ))
        })?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(Box::new(error_at(
            display,
            None,
            format!("standard input is over the limit of {MAX_FILE_SIZE} bytes"),
            None,
        )));
    }
    text_of(bytes, display)
}

/// Bytes as text, or an error at the first invalid byte.
fn text_of(bytes: Vec<u8>, display: &str) -> Result<Arc<str>, Box<FileError>> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.into()),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let column = good
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            Err(Box::new(FileError {
                file: display.to_string(),
                line: Some(line),
                column: Some(column),
                message: format!("is not valid UTF-8 (invalid byte at offset {})", good.len()),
                help: Some("save the file as UTF-8".into()),
                span: None,
            }))
        }
    }
}

/// Trim a span to its first line so an underline never spans a whole block.
pub fn first_line_of(text: &str) -> impl Fn(Span) -> Span + '_ {
    move |mut s: Span| {
        let end = s.end.min(text.len());
        let start = s.start.min(end);
        if let Some(nl) = text.get(start..end).and_then(|t| t.find('\n')) {
            s.end = start + nl;
        }
        // Block collections end where the next token starts: drop the white space before it.
        while s.end > s.start
            && text
                .as_bytes()
                .get(s.end - 1)
                .is_some_and(|b| b.is_ascii_whitespace())
        {
            s.end -= 1;
        }
        s
    }
}

/// Parse YAML text read from `display`; a syntax error is located in the file.
pub fn parse_yaml(display: &str, text: &str) -> Result<Document, Box<FileError>> {
    yaml::parse(text).map_err(|e| {
        Box::new(error_at(
            display,
            Some(e.span),
            format!("invalid YAML: {}", e.message),
            None,
        ))
    })
}

/// A file that could not be read or parsed: the error, and its text when it was read.
pub type ReadError = (Box<FileError>, Option<Arc<str>>);

/// Read and parse a YAML file. On a syntax error, the text read comes back with the error (for
/// rendering its snippet).
pub fn read_yaml(path: &Path, display: &str) -> Result<(Arc<str>, Document), ReadError> {
    let text = read_text(path, display).map_err(|e| (e, None))?;
    match parse_yaml(display, &text) {
        Ok(doc) => Ok((text, doc)),
        Err(e) => {
            // Text of a file outside the checked root is never quoted.
            let quote = std::fs::canonicalize(path).is_ok_and(|c| quotable(&c));
            Err((e, quote.then_some(text)))
        }
    }
}

/// Texts of the files read, by display path (for rendering diagnostics).
pub type Sources = std::collections::HashMap<String, Arc<str>>;

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO (what a manifest can be swapped for between a check and the open) neither blocks
    /// the open nor gets read: the opened handle is refused.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_opened_without_blocking_and_refused_by_its_handle() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("ai-models.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let opened = open_nonblocking(&path).map(|f| read_opened(&path, f, "m"));
            let _ = tx.send(opened.map(|r| r.map_err(|e| e.message)));
        });
        let outcome = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("opening a FIFO without a writer must not block");
        assert_eq!(outcome.unwrap(), Err("is not a regular file".to_string()));
    }
}
