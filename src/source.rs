//! Reading the files modelgate consumes, for every stage: paths as the user sees them, the size
//! limit, the UTF-8 check, I/O messages, and the one "read a YAML file" every loader uses
//! (manifests, configs, data files). Errors are [`FileError`]s naming the file.

use std::path::Path;
use std::sync::Arc;

use crate::finding::FileError;
use crate::yaml::{self, Document, Span};

/// Largest manifest read (bytes).
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Path as the user should see it: relative to the working directory when inside it,
/// with forward slashes and no leading `./`.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = match (&cwd, path.is_absolute()) {
        (Some(c), true) => path.strip_prefix(c).unwrap_or(path),
        _ => path,
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./");
    if s.is_empty() {
        ".".into()
    } else {
        s.to_string()
    }
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

/// Read a text file the tool consumes (manifest, config, data), with the size limit and a
/// UTF-8 check; errors name the file and, for bad UTF-8, the place.
pub fn read_text(path: &Path, display: &str) -> Result<Arc<str>, Box<FileError>> {
    let fail = |m: String, help: Option<String>| Box::new(error_at(display, None, m, help));
    let meta = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read: {}", io_message(&e)), None))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a file".into(), None));
    }
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
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| fail(format!("cannot read: {}", io_message(&e)), None))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(fail(
            format!("grew past the limit of {MAX_FILE_SIZE} bytes while being read"),
            None,
        ));
    }
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
        Err(e) => Err((e, Some(text))),
    }
}

/// Texts of the files read, by display path (for rendering diagnostics).
pub type Sources = std::collections::HashMap<String, Arc<str>>;
