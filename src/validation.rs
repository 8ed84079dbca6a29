//! The one validation context for manifests and configs: it walks a parsed document by JSON
//! pointer and collects every problem with the pointer of the offending key or value, so a
//! file reports all its problems at once; it owns the shared "did you mean" (the closest
//! allowed word for a typo), the type words of messages (`a mapping`, `a list`, ...) and turning
//! problems into located errors (span on the first line of the node).

use serde_json::{Map, Value};

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

/// A problem in a document, located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    /// Point at the key rather than the value (unknown keys).
    pub at_key: bool,
    pub message: String,
    pub help: Option<String>,
}

/// How the help of an unknown key lists the allowed keys when no key is close enough.
#[derive(Debug, Clone, Copy)]
pub enum KeysHelp {
    /// `allowed keys: a, b` (configs).
    Allowed,
    /// `<what> keys are: a, b` (manifests).
    WhatKeysAre,
}

/// Validation of one document (a manifest, a config file, a preset): the document, and every
/// problem found so far.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub problems: Vec<Problem>,
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document) -> Context<'a> {
        Context {
            doc,
            problems: Vec::new(),
        }
    }

    /// The span of the node at `pointer` (of its key with `at_key`), or of its nearest parent.
    pub fn span(&self, pointer: &str, at_key: bool) -> Span {
        locate(self.doc, pointer, at_key).unwrap_or_default()
    }

    pub fn err(&mut self, pointer: &str, at_key: bool, message: String, help: Option<String>) {
        self.problems.push(Problem {
            pointer: pointer.to_string(),
            at_key,
            message,
            help,
        });
    }

    /// The problems as errors of `file`, each with the span of its node (first line only).
    pub fn into_errors(self, file: &str, text: &str) -> Vec<FileError> {
        to_errors(self.doc, file, text, self.problems)
    }

    /// A string at `pointer` (configs): anything else is `` `what` must be a string, not `x` ``.
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

    /// The keys of the mapping at `pointer`; each one not in `allowed` is a problem with a
    /// "did you mean" or the allowed keys.
    pub fn keys(
        &mut self,
        pointer: &str,
        allowed: &[&str],
        what: &str,
        listed: KeysHelp,
    ) -> Vec<String> {
        let Some(Value::Object(map)) = self.doc.value.pointer(pointer) else {
            return Vec::new();
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        for k in &keys {
            if !allowed.contains(&k.as_str()) {
                let help = did_you_mean(k, allowed).unwrap_or_else(|| match listed {
                    KeysHelp::Allowed => format!("allowed keys: {}", allowed.join(", ")),
                    KeysHelp::WhatKeysAre => format!("{what} keys are: {}", allowed.join(", ")),
                });
                let p = format!("{pointer}/{}", escape_token(k));
                self.err(&p, true, format!("unknown key `{k}` in {what}"), Some(help));
            }
        }
        keys
    }

    /// An optional string field of `map` at `base` (manifests): null is absent, an empty
    /// string is a problem, and plain scalars that YAML typed as numbers keep their written
    /// text.
    pub fn field_string(
        &mut self,
        map: &Map<String, Value>,
        base: &str,
        key: &str,
    ) -> Option<String> {
        let ptr = format!("{base}/{key}");
        match map.get(key)? {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => {
                self.err(&ptr, false, format!("`{key}` is empty"), None);
                None
            }
            Value::String(s) => Some(s.clone()),
            Value::Number(_) => self.doc.scalar_text(&ptr),
            other => {
                self.err(
                    &ptr,
                    false,
                    format!("`{key}` must be a string, found {}", kind(other)),
                    None,
                );
                None
            }
        }
    }

    /// A string field that must be one of `allowed`.
    pub fn one_of(
        &mut self,
        map: &Map<String, Value>,
        base: &str,
        key: &str,
        allowed: &[&str],
    ) -> Option<String> {
        let s = self.field_string(map, base, key)?;
        if allowed.contains(&s.as_str()) {
            return Some(s);
        }
        let help =
            did_you_mean(&s, allowed).unwrap_or_else(|| format!("one of: {}", allowed.join(", ")));
        self.err(
            &format!("{base}/{key}"),
            false,
            format!("`{s}` is not a valid `{key}`"),
            Some(help),
        );
        None
    }

    /// The value at `ptr` as messages show it, numbers as the user wrote them (`1e3`, not
    /// `1000.0`).
    pub fn shown(&self, ptr: &str, v: &Value) -> String {
        match v {
            Value::Number(_) => self
                .doc
                .scalar_text(ptr)
                .map_or_else(|| describe(v), |t| format!("`{t}`")),
            _ => describe(v),
        }
    }

    /// A whole number ≥ 0.
    pub fn count(&mut self, map: &Map<String, Value>, base: &str, key: &str) -> Option<u64> {
        match map.get(key)? {
            Value::Null => None,
            Value::Number(n) if n.as_u64().is_some() => n.as_u64(),
            other => {
                let ptr = format!("{base}/{key}");
                let shown = self.shown(&ptr, other);
                self.err(
                    &ptr,
                    false,
                    format!("`{key}` must be a whole number ≥ 0, found {shown}"),
                    Some("write digits only, e.g. 1000000".into()),
                );
                None
            }
        }
    }

    /// A free-form `metadata` mapping (empty when absent).
    pub fn metadata(&mut self, map: &Map<String, Value>, base: &str) -> Value {
        match map.get("metadata") {
            None | Some(Value::Null) => Value::Object(Map::new()),
            Some(v @ Value::Object(_)) => v.clone(),
            Some(other) => {
                self.err(
                    &format!("{base}/metadata"),
                    false,
                    format!("`metadata` must be a mapping, found {}", kind(other)),
                    None,
                );
                Value::Object(Map::new())
            }
        }
    }
}

/// `did you mean `x`?` for the closest allowed word, if close enough.
pub fn did_you_mean(word: &str, allowed: &[&str]) -> Option<String> {
    suggest(word, allowed).map(|s| format!("did you mean `{s}`?"))
}

/// The span of the node at `pointer` (or its nearest parent; the root always has one).
fn locate(doc: &Document, pointer: &str, at_key: bool) -> Option<Span> {
    doc.locate(pointer).map(|(_, l)| {
        if at_key {
            l.key.unwrap_or(l.value)
        } else {
            l.value
        }
    })
}

/// Problems as errors of `file`, each with the span of its node (first line only); control
/// characters and line breaks quoted from the file are shown as escapes.
pub fn to_errors(doc: &Document, file: &str, text: &str, problems: Vec<Problem>) -> Vec<FileError> {
    problems
        .into_iter()
        .map(|p| {
            let span = locate(doc, &p.pointer, p.at_key).map(first_line_of(text));
            // A problem is one line; a line break in it comes from a quoted key or value.
            let message = crate::safe_text::terminal(&p.message).into_owned();
            error_at(file, span, message, p.help)
        })
        .collect()
}

/// The type of a value, as messages name it.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A value as messages show it: numbers as written, strings quoted, others by type.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => format!("the string \"{s}\""),
        other => kind(other).to_string(),
    }
}
