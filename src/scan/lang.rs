//! Which files the scanner reads, and how their comments are blanked out.
//!
//! Masking replaces every byte of a comment (and, in Python, of a triple-quoted string:
//! docstrings and prompt templates are prose) with a space, keeping newlines, so byte
//! offsets, lines and columns in the masked text are those of the original file.

use std::path::Path;

/// A kind of file the scanner understands. Anything else (Markdown, plain text, generic
/// YAML/JSON/TOML, notebooks) is not read: it is prose or data, where a model name is
/// mentioned, not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Python,
    /// JavaScript and TypeScript.
    Js,
    Dockerfile,
    /// `docker-compose.yml`, `compose.yaml` and their variants.
    Compose,
    /// Ollama `Modelfile`.
    Modelfile,
    /// Shell scripts and Makefiles.
    Shell,
}

impl Lang {
    /// Decide from the file name alone (no I/O).
    pub fn detect(path: &Path) -> Option<Lang> {
        let name = path.file_name()?.to_str()?;
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "py" | "pyi" => return Some(Lang::Python),
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => return Some(Lang::Js),
            "sh" | "bash" | "zsh" | "mk" => return Some(Lang::Shell),
            "dockerfile" | "containerfile" => return Some(Lang::Dockerfile),
            "modelfile" => return Some(Lang::Modelfile),
            _ => {}
        }
        let stem = lower.split('.').next().unwrap_or("");
        match stem {
            "dockerfile" | "containerfile" => Some(Lang::Dockerfile),
            "modelfile" => Some(Lang::Modelfile),
            "makefile" | "gnumakefile" => Some(Lang::Shell),
            "docker-compose" | "compose" if matches!(ext, "yml" | "yaml") => Some(Lang::Compose),
            _ => None,
        }
    }
}

/// Blank out comments (and Python triple-quoted strings). The result has the same length as
/// `text` and the same newlines.
pub fn mask(lang: Lang, text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    match lang {
        Lang::Python => mask_python(text.as_bytes(), &mut out),
        Lang::Js => mask_js(text.as_bytes(), &mut out),
        Lang::Dockerfile | Lang::Compose | Lang::Modelfile | Lang::Shell => {
            mask_hash(text.as_bytes(), &mut out)
        }
    }
    // Only ASCII bytes outside multi-byte sequences were replaced, so this cannot fail; fall
    // back to the original text rather than panic if it ever did.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Replace `out[from..to]` with spaces, keeping newlines. Multi-byte characters inside the
/// range are replaced byte by byte, which keeps the output valid UTF-8 (all spaces).
fn blank(out: &mut [u8], from: usize, to: usize) {
    let to = to.min(out.len());
    if from >= to {
        return;
    }
    for b in &mut out[from..to] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// End (exclusive) of a quoted string starting at `i` (the opening quote); stops at the end
/// of the line for unterminated strings.
fn skip_quoted(s: &[u8], i: usize, q: u8, multiline: bool) -> usize {
    let mut j = i + 1;
    while j < s.len() {
        match s[j] {
            b'\\' => j += 2,
            b'\n' if !multiline => return j,
            c if c == q => return j + 1,
            _ => j += 1,
        }
    }
    s.len()
}

fn mask_python(s: &[u8], out: &mut [u8]) {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'#' => {
                let end = memchr::memchr(b'\n', &s[i..]).map_or(s.len(), |n| i + n);
                blank(out, i, end);
                i = end;
            }
            q @ (b'"' | b'\'') => {
                if s[i..].starts_with(&[q, q, q]) {
                    // Triple-quoted: docstring or long text. Find the closing triple quote.
                    let mut j = i + 3;
                    let (mut inner_end, mut end) = (s.len(), s.len());
                    while j < s.len() {
                        if s[j] == b'\\' {
                            j += 2;
                            continue;
                        }
                        if s[j..].starts_with(&[q, q, q]) {
                            (inner_end, end) = (j, j + 3);
                            break;
                        }
                        j += 1;
                    }
                    blank(out, i + 3, inner_end);
                    i = end;
                } else {
                    i = skip_quoted(s, i, q, false);
                }
            }
            _ => i += 1,
        }
    }
}

fn mask_js(s: &[u8], out: &mut [u8]) {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'/' if s.get(i + 1) == Some(&b'/') => {
                let end = memchr::memchr(b'\n', &s[i..]).map_or(s.len(), |n| i + n);
                blank(out, i, end);
                i = end;
            }
            b'/' if s.get(i + 1) == Some(&b'*') => {
                let end = memchr::memmem::find(&s[i + 2..], b"*/").map_or(s.len(), |n| i + n + 4);
                blank(out, i, end);
                i = end;
            }
            q @ (b'"' | b'\'') => i = skip_quoted(s, i, q, false),
            b'`' => i = skip_quoted(s, i, b'`', true),
            _ => i += 1,
        }
    }
}

/// `#` comments of shell, Dockerfile, YAML and Modelfile: a `#` at the start of a line or
/// after white space, outside quotes. Quote state is reset at each line end, so one
/// unbalanced quote cannot hide the rest of a file.
fn mask_hash(s: &[u8], out: &mut [u8]) {
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < s.len() {
        let c = s[i];
        match (quote, c) {
            (_, b'\n') => quote = None,
            (Some(q), _) if c == q => quote = None,
            (Some(b'"'), b'\\') => i += 1,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'#') if i == 0 || s[i - 1].is_ascii_whitespace() => {
                let end = memchr::memchr(b'\n', &s[i..]).map_or(s.len(), |n| i + n);
                blank(out, i, end);
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(name: &str) -> Option<Lang> {
        Lang::detect(Path::new(name))
    }

    #[test]
    fn detects_by_name() {
        assert_eq!(lang("app.py"), Some(Lang::Python));
        assert_eq!(lang("web/client.tsx"), Some(Lang::Js));
        assert_eq!(lang("Dockerfile"), Some(Lang::Dockerfile));
        assert_eq!(lang("Dockerfile.gpu"), Some(Lang::Dockerfile));
        assert_eq!(lang("api.dockerfile"), Some(Lang::Dockerfile));
        assert_eq!(lang("Modelfile"), Some(Lang::Modelfile));
        assert_eq!(lang("docker-compose.prod.yml"), Some(Lang::Compose));
        assert_eq!(lang("compose.yaml"), Some(Lang::Compose));
        assert_eq!(lang("Makefile"), Some(Lang::Shell));
        assert_eq!(lang("README.md"), None);
        assert_eq!(lang("ai-models.yaml"), None);
        assert_eq!(lang("config.yaml"), None);
    }

    #[test]
    fn python_comments_and_docstrings_are_blanked() {
        let src = "x = 'a#b'  # gone\n\"\"\"doc\nmore\"\"\"\ny = \"keep\"\n";
        let m = mask(Lang::Python, src);
        assert_eq!(m.len(), src.len());
        assert!(m.contains("'a#b'"));
        assert!(!m.contains("gone"));
        assert!(!m.contains("doc") && !m.contains("more"));
        assert!(m.contains("\"keep\""));
        assert_eq!(m.matches('\n').count(), src.matches('\n').count());
    }

    #[test]
    fn js_comments_are_blanked() {
        let src = "const u = \"http://x\"; // gone\n/* gone\n too */ let t = `a // b`;\n";
        let m = mask(Lang::Js, src);
        assert!(m.contains("\"http://x\""));
        assert!(!m.contains("gone") && !m.contains("too"));
        assert!(m.contains("`a // b`"));
    }

    #[test]
    fn hash_comments_need_white_space_before() {
        let src = "# gone\nRUN echo a#b 'c # d' # gone\nFROM x\n";
        let m = mask(Lang::Dockerfile, src);
        assert!(!m.contains("gone"));
        assert!(m.contains("a#b 'c # d'"));
        assert!(m.contains("FROM x"));
    }

    #[test]
    fn multibyte_comments_stay_valid() {
        let src = "a = 1  # ünïcode — ok\nb = 2\n";
        let m = mask(Lang::Python, src);
        assert_eq!(m.len(), src.len());
        assert!(m.ends_with("b = 2\n"));
    }
}
