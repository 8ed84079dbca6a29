//! `modelgate scan`: find the AI models a source tree really uses.
//!
//! The walk honours `.gitignore` (the `ignore` crate, in parallel). Each file whose name
//! marks it as code the scanner understands ([`lang::Lang`]) is read; one Aho-Corasick pass
//! over its bytes rejects the great majority of files; the rest have their comments blanked
//! ([`lang::mask`]) and the reference patterns ([`patterns`]) run over them. Everything is
//! offline and deterministic: references are sorted by file, line, column.
//!
//! [`drift`] compares references with a manifest (`check --scan`); [`starter`] renders a
//! starter manifest from them.

pub mod drift;
pub mod lang;
pub mod patterns;
pub mod starter;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use aho_corasick::AhoCorasick;
use serde::Serialize;

pub use drift::{drift, Drift};
pub use lang::Lang;
pub use patterns::{Confidence, Kind};
pub use starter::starter_manifest;

use crate::catalog::{normalize_model_id, Catalog};

/// Files larger than this are skipped (minified bundles, data dumps).
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Directories never entered, whatever `.gitignore` says: installed third-party code names
/// models its authors use, not yours.
const SKIP_DIRS: &[&str] = &["node_modules", "site-packages", "__pycache__"];

/// One place where code names a model.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// Path as shown to the user (relative to the working directory).
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The model name as written.
    pub text: String,
    pub kind: Kind,
    pub confidence: Confidence,
    /// The knowledge-base entry the name resolves to, if any.
    pub model: Option<String>,
    /// Path as walked.
    #[serde(skip)]
    pub path: PathBuf,
    /// Byte range of `text` in the file.
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
}

/// Everything one scan found.
#[derive(Debug, Default)]
pub struct ScanResult {
    pub references: Vec<Reference>,
    /// Files whose names marked them for reading.
    pub files_scanned: usize,
    /// Files of a scanned language left unread: larger than the size limit, unreadable, or
    /// not UTF-8 (display paths, sorted).
    pub skipped: Vec<String>,
    /// Problems met on the way (unreadable directories, ...), as display text.
    pub errors: Vec<String>,
}

impl ScanResult {
    /// Distinct models referenced at `min` confidence or above: (key, references), sorted.
    pub fn models(&self, min: Confidence) -> Vec<(String, Vec<&Reference>)> {
        let mut map: std::collections::BTreeMap<String, Vec<&Reference>> = Default::default();
        for r in self.references.iter().filter(|r| r.confidence >= min) {
            let key = r
                .model
                .as_deref()
                .map(str::to_lowercase)
                .unwrap_or_else(|| normalize_model_id(&r.text));
            map.entry(key).or_default().push(r);
        }
        map.into_iter().collect()
    }
}

/// Options of one scan.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Directories (as walked, i.e. joined to the root) not to enter.
    pub skip: Vec<PathBuf>,
}

/// Keywords at least one of which every pattern needs; a file with none is not searched.
fn prefilter() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "model",
                "pretrained",
                "pipeline",
                "sentencetransformer",
                "crossencoder",
                "llm",
                "engineargs",
                "_download",
                "ollama",
                "huggingface",
                "hf.co/",
                ".gguf",
                ".safetensors",
                "vllm",
                " download ",
            ])
            .expect("prefilter builds")
    })
}

/// Scan a directory (or a single file).
pub fn scan(root: &Path, catalog: &Catalog, options: &Options) -> ScanResult {
    let files = AtomicUsize::new(0);
    let skipped: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let found: Mutex<Vec<Reference>> = Mutex::new(Vec::new());
    let errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    if root.is_file() {
        if let Some(lang) = Lang::detect(root) {
            match scan_file(root, lang, catalog) {
                Some(refs) => {
                    files.fetch_add(1, Ordering::Relaxed);
                    found.lock().expect("lock").extend(refs);
                }
                None => skipped
                    .lock()
                    .expect("lock")
                    .push(crate::source::display_path(root)),
            }
        }
    } else {
        let skip = options.skip.clone();
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            // Like discovery: the same files on every machine, whatever the user's global
            // git excludes say.
            .git_global(false)
            .threads(threads)
            .filter_entry(move |e| {
                let name = e.file_name();
                if e.file_type().is_some_and(|t| t.is_dir()) {
                    !SKIP_DIRS.iter().any(|d| name == *d) && !skip.iter().any(|s| s == e.path())
                } else {
                    true
                }
            })
            .build_parallel();
        walker.run(|| {
            let (files, found, errors, skipped) = (&files, &found, &errors, &skipped);
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file()) {
                            if let Some(lang) = Lang::detect(e.path()) {
                                match scan_file(e.path(), lang, catalog) {
                                    Some(refs) => {
                                        files.fetch_add(1, Ordering::Relaxed);
                                        if !refs.is_empty() {
                                            found.lock().expect("lock").extend(refs);
                                        }
                                    }
                                    None => skipped
                                        .lock()
                                        .expect("lock")
                                        .push(crate::source::display_path(e.path())),
                                }
                            }
                        }
                    }
                    Err(err) => errors.lock().expect("lock").push(err.to_string()),
                }
                ignore::WalkState::Continue
            })
        });
    }
    let mut references = found.into_inner().expect("lock");
    references.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.kind).cmp(&(&b.file, b.line, b.column, b.kind))
    });
    let mut errors = errors.into_inner().expect("lock");
    errors.sort();
    ScanResult {
        references,
        files_scanned: files.into_inner(),
        skipped: {
            let mut s = skipped.into_inner().expect("lock");
            s.sort();
            s
        },
        errors,
    }
}

/// Read one file and find its references; `None` when the file was skipped (unreadable,
/// not a regular file, larger than the size limit, or, once it may hold a reference, not
/// UTF-8).
pub fn scan_file(path: &Path, lang: Lang, catalog: &Catalog) -> Option<Vec<Reference>> {
    // Judged by the opened handle (a FIFO swapped in is neither waited on nor read).
    let file = crate::source::open_nonblocking(path).ok()?;
    if file
        .metadata()
        .map_or(true, |m| !m.is_file() || m.len() > MAX_FILE_SIZE)
    {
        return None;
    }
    let mut bytes = Vec::new();
    {
        use std::io::Read;
        file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes).ok()?;
    }
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return None;
    }
    if lang != Lang::Modelfile && !prefilter().is_match(&bytes) {
        return Some(Vec::new());
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return None;
    };
    let display = crate::source::display_path(path);
    Some(
        find(text, lang, catalog)
            .into_iter()
            .map(|mut r| {
                r.file = display.clone();
                r.path = path.to_path_buf();
                r
            })
            .collect(),
    )
}

/// Find the references in one file's text (`file` and `path` left empty).
pub fn find(text: &str, lang: Lang, catalog: &Catalog) -> Vec<Reference> {
    let masked = lang::mask(lang, text);
    let mut hits: Vec<Reference> = Vec::new();
    for p in patterns::table().iter().filter(|p| p.langs.contains(&lang)) {
        for caps in p.regex.captures_iter(&masked) {
            let Some(v) = caps.name("v") else { continue };
            // Never twice for the same text: the first (most specific) pattern wins.
            if hits.iter().any(|h| h.start == v.start()) {
                continue;
            }
            // A glob or template around a file name (`*Q4_K_M.gguf`) is not a name.
            if p.kind == patterns::Kind::WeightsFile
                && masked[..v.start()].ends_with(['*', '$', '}', '{'])
            {
                continue;
            }
            if let Some(ex) = &p.exclude {
                let whole = caps.get(0).expect("a match has group 0");
                if ex.is_match(call_text(&masked[whole.start()..])) {
                    continue;
                }
            }
            let value = v.as_str();
            let file_url = caps.name("file").is_some();
            let Some(confidence) = patterns::judge(p.check, value, file_url, catalog) else {
                continue;
            };
            let model = resolve(catalog, value);
            let (line, column) = line_col(text, v.start());
            hits.push(Reference {
                file: String::new(),
                line,
                column,
                text: value.to_string(),
                kind: p.kind,
                confidence,
                model,
                path: PathBuf::new(),
                start: v.start(),
                end: v.end(),
            });
        }
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// The text of a call from its name to the closing parenthesis (or the end of the line for
/// a command), to look for arguments such as `repo_type="dataset"`.
fn call_text(rest: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth <= 1 => return &rest[..i],
            ')' => depth -= 1,
            '\n' if depth == 0 => return &rest[..i],
            _ => {}
        }
    }
    rest
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The knowledge-base id a written name resolves to.
pub fn resolve(catalog: &Catalog, text: &str) -> Option<String> {
    keys(catalog, text)
        .into_iter()
        .find_map(|k| k.strip_prefix("catalog:").map(str::to_string))
        .and_then(|id| catalog.exact(&id).map(|(m, _)| m.id.clone()))
}

/// The names under which a model id can be matched: the normalized id, the id without an
/// Ollama `:tag` or the Gemini `models/` prefix, and `catalog:<id>` for the knowledge-base
/// entry it resolves to (variants and API names of one entry share its license).
pub fn keys(catalog: &Catalog, text: &str) -> Vec<String> {
    let n = normalize_model_id(text);
    let mut out = vec![n.clone()];
    let plain = patterns::strip_api_prefix(&n).to_string();
    let untagged = match plain.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => name.to_string(),
        _ => plain.clone(),
    };
    for k in [plain, untagged] {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    // Only the catalog's own naming counts: two repos inferred to be the same model by their
    // names are still different repos.
    let known = out
        .iter()
        .find_map(|k| catalog.resolve(k).filter(|r| r.kind.is_direct()))
        .map(|r| format!("catalog:{}", r.facts.id.to_lowercase()));
    out.extend(known);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str, lang: Lang) -> Vec<(String, Kind, Confidence)> {
        find(src, lang, Catalog::get())
            .into_iter()
            .map(|r| (r.text, r.kind, r.confidence))
            .collect()
    }

    #[test]
    fn python_calls() {
        let src = r#"
tok = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
pipe = pipeline("text-generation", model="Qwen/Qwen2.5-7B", device=0)
emb = SentenceTransformer('sentence-transformers/all-MiniLM-L6-v2')
llm = LLM(model="mistralai/Mistral-7B-v0.1", dtype="auto")
path = hf_hub_download(repo_id="TheBloke/Llama-2-7B-Chat-GGUF", filename="llama-2-7b-chat.Q4_K_M.gguf")
data = hf_hub_download(repo_id="acme/eval-set", repo_type="dataset", filename="x.csv")
chat = client.chat.completions.create(model="gpt-4o", messages=msgs)
Meta = Field(model="user")  # comment with from_pretrained("org/hidden")
"#;
        let got = texts(src, Lang::Python);
        let names: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(
            names,
            [
                "meta-llama/Llama-3.1-8B-Instruct",
                "Qwen/Qwen2.5-7B",
                "sentence-transformers/all-MiniLM-L6-v2",
                "mistralai/Mistral-7B-v0.1",
                "TheBloke/Llama-2-7B-Chat-GGUF",
                "llama-2-7b-chat.Q4_K_M.gguf",
                "gpt-4o"
            ]
        );
        assert_eq!(got[1].1, Kind::Pipeline);
        assert_eq!(got[5].2, Confidence::Low);
    }

    #[test]
    fn positions_are_one_based_characters() {
        let src = "# é\nx = 'é'; y = pipeline('t', model='org/m-1')\n";
        let r = &find(src, Lang::Python, Catalog::get())[0];
        assert_eq!((r.line, r.column), (2, 35));
        assert_eq!(&src[r.start..r.end], "org/m-1");
    }

    #[test]
    fn keys_cover_tags_prefixes_and_catalog() {
        let c = Catalog::get();
        let k = keys(c, "llama3.1:8b");
        assert!(k.contains(&"llama3.1".to_string()));
        let k = keys(c, "gpt-4o-2024-08-06");
        assert!(k.contains(&"catalog:openai/gpt-4o".to_string()), "{k:?}");
        assert_eq!(
            resolve(c, "models/gemini-1.5-pro").as_deref(),
            Some("google/gemini")
        );
    }
}
