//! What the manifest and config validators share: the closest allowed word for a typo ("did
//! you mean"), and a validation context that walks a parsed document by JSON pointer and
//! collects every problem with its span, so a file reports all its problems at once.

use serde_json::Value;

use crate::finding::FileError;
use crate::source::{error_at, first_line_of};
use crate::yaml::{escape_token, Document, Span};

/// The closest allowed word, if it is close enough to be a plausible typo.
pub fn suggest<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(&w, a), *a))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, a)| a)
}

/// Validation of one file (a config file, a preset): the document, and every problem found so
/// far, located with its span.
pub struct Context<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub doc: &'a Document,
    pub errors: Vec<FileError>,
}

impl Context<'_> {
    pub fn span(&self, pointer: &str, at_key: bool) -> Span {
        self.doc
            .locate(pointer)
            .map(|(_, l)| {
                if at_key {
                    l.key.unwrap_or(l.value)
                } else {
                    l.value
                }
            })
            .unwrap_or_default()
    }

    pub fn err(&mut self, pointer: &str, at_key: bool, message: String, help: Option<String>) {
        let span = first_line_of(self.text)(self.span(pointer, at_key));
        self.errors
            .push(error_at(self.file, Some(span), message, help));
    }

    pub fn string(&mut self, pointer: &str, what: &str) -> Option<String> {
        match self.doc.value.pointer(pointer) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => {
                let shown = self
                    .doc
                    .scalar_text(pointer)
                    .map(|t| format!(", not `{t}`"))
                    .unwrap_or_default();
                self.err(
                    pointer,
                    false,
                    format!("`{what}` must be a string{shown}"),
                    None,
                );
                None
            }
        }
    }

    /// A string or a list of strings.
    pub fn string_list(&mut self, pointer: &str, what: &str) -> Vec<(String, Span)> {
        match self.doc.value.pointer(pointer) {
            Some(Value::String(s)) => vec![(s.clone(), self.span(pointer, false))],
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for i in 0..items.len() {
                    let p = format!("{pointer}/{i}");
                    if let Some(s) = self.string(&p, what) {
                        if s.trim().is_empty() {
                            self.err(&p, false, format!("`{what}` entry is empty"), None);
                        } else {
                            out.push((s, self.span(&p, false)));
                        }
                    }
                }
                out
            }
            _ => {
                self.err(
                    pointer,
                    false,
                    format!("`{what}` must be a list of strings"),
                    None,
                );
                Vec::new()
            }
        }
    }

    pub fn keys(&mut self, pointer: &str, allowed: &[&str], what: &str) -> Vec<String> {
        let Some(Value::Object(map)) = self.doc.value.pointer(pointer) else {
            return Vec::new();
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        for k in &keys {
            if !allowed.contains(&k.as_str()) {
                let help = suggest(k, allowed)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("allowed keys: {}", allowed.join(", ")));
                let p = format!("{pointer}/{}", escape_token(k));
                self.err(&p, true, format!("unknown key `{k}` in {what}"), Some(help));
            }
        }
        keys
    }
}
