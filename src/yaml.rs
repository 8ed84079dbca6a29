//! The one span-keeping YAML loader: text → JSON value + (JSON pointer → source span) map.
//!
//! Manifests, configs and the embedded catalog all go through here; nothing else parses YAML.
//! It drives `saphyr-parser` event by event (no intermediate tree), so it can bound nesting
//! depth and alias expansion, reject duplicate and non-scalar keys, and remember the raw text
//! of every plain scalar (so `revision: 0123` or `version: 1.10` can still be read as the
//! string the author wrote).
//!
//! This file must stay free of other crate modules: `build.rs` includes it to turn the catalog
//! into JSON at compile time.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr::{Scalar, ScalarStyle};
use saphyr_parser::{Event, Marker, Parser, Span as YSpan};
use serde_json::{Map, Value};

/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 64;
/// Most nodes that alias expansion may copy in one document.
pub const MAX_ALIAS_NODES: usize = 10_000;

/// A region of the source text. Offsets are bytes; line and column are 1-based, and the
/// column counts characters (what editors and SARIF show).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where a node sits: the span of its key (for mapping entries) and of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub key: Option<Span>,
    pub value: Span,
}

/// A parsed YAML document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub value: Value,
    /// JSON pointer (RFC 6901) → location. The root is "".
    pub spans: HashMap<String, Located>,
    /// JSON pointer → raw text, for plain scalars that did not resolve to a string.
    pub raw: HashMap<String, String>,
}

impl Document {
    /// Location of `pointer`, or of its longest existing prefix.
    pub fn locate<'a>(&'a self, pointer: &'a str) -> Option<(&'a str, Located)> {
        let mut p = pointer;
        loop {
            if let Some(l) = self.spans.get(p) {
                return Some((p, *l));
            }
            if p.is_empty() {
                return None;
            }
            p = match p.rfind('/') {
                Some(i) => &p[..i],
                None => "",
            };
        }
    }

    /// The text of a scalar as written: the string itself, or the raw form of a number/bool.
    pub fn scalar_text(&self, pointer: &str) -> Option<String> {
        if let Some(raw) = self.raw.get(pointer) {
            return Some(raw.clone());
        }
        match self.value.pointer(pointer)? {
            Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// A YAML syntax or structure error with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

/// Escape one reference token for a JSON pointer.
pub fn escape_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Converts the parser's character offsets to byte offsets.
struct Offsets {
    /// Byte offset of each character, only built for non-ASCII text.
    table: Option<Vec<usize>>,
    len: usize,
    /// Bytes removed from the front (a UTF-8 byte-order mark).
    base: usize,
}

impl Offsets {
    fn new(text: &str, base: usize) -> Self {
        let table = (!text.is_ascii()).then(|| text.char_indices().map(|(b, _)| b).collect());
        Offsets {
            table,
            len: text.len(),
            base,
        }
    }
    fn byte(&self, char_index: usize) -> usize {
        self.base
            + match &self.table {
                None => char_index.min(self.len),
                Some(t) => t.get(char_index).copied().unwrap_or(self.len),
            }
    }
    fn span(&self, s: YSpan) -> Span {
        self.span2(s.start, s.end)
    }
    fn span2(&self, start: Marker, end: Marker) -> Span {
        let (a, b) = (self.byte(start.index()), self.byte(end.index()));
        Span {
            start: a,
            end: b.max(a),
            line: start.line(),
            column: start.col() + 1,
        }
    }
    fn point(&self, m: Marker) -> Span {
        self.span2(m, m)
    }
}

enum Container {
    Seq(Vec<Value>),
    Map {
        map: Map<String, Value>,
        key: Option<(String, Span)>,
        key_lines: HashMap<String, usize>,
    },
}

struct Frame {
    container: Container,
    pointer: String,
    key_span: Option<Span>,
    start: Marker,
    anchor: usize,
}

struct Builder<'a> {
    doc: Document,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Value>,
    alias_budget: usize,
    offsets: &'a Offsets,
    done: Option<Value>,
}

impl Builder<'_> {
    /// Pointer and key span for the next child of the innermost container.
    fn child_place(&self) -> (String, Option<Span>) {
        match self.stack.last() {
            None => (String::new(), None),
            Some(f) => match &f.container {
                Container::Seq(v) => (format!("{}/{}", f.pointer, v.len()), None),
                Container::Map {
                    key: Some((k, ks)), ..
                } => (format!("{}/{}", f.pointer, escape_token(k)), Some(*ks)),
                // A key being read: it has no pointer of its own.
                Container::Map { key: None, .. } => (String::new(), None),
            },
        }
    }

    fn expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                container: Container::Map { key: None, .. },
                ..
            })
        )
    }

    fn err(&self, message: impl Into<String>, span: Span) -> YamlError {
        YamlError {
            message: message.into(),
            span,
        }
    }

    /// Attach a finished value to its parent (or make it the document).
    fn push_value(&mut self, value: Value, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => self.done = Some(value),
            Some(f) => match &mut f.container {
                Container::Seq(v) => v.push(value),
                Container::Map { map, key, .. } => {
                    let (k, _) = key.take().expect("value without key");
                    map.insert(k, value);
                }
            },
        }
        Ok(())
    }

    fn push_key(&mut self, text: String, span: Span) -> Result<(), YamlError> {
        let f = self.stack.last_mut().expect("key outside mapping");
        if let Container::Map { key, key_lines, .. } = &mut f.container {
            if let Some(first) = key_lines.get(&text) {
                let message = format!("duplicate key `{text}` (first defined on line {first})");
                return Err(YamlError { message, span });
            }
            key_lines.insert(text.clone(), span.line);
            *key = Some((text, span));
        }
        Ok(())
    }

    fn count_nodes(v: &Value) -> usize {
        // Iterative so a deep value cannot overflow the stack.
        let mut n = 0;
        let mut todo = vec![v];
        while let Some(v) = todo.pop() {
            n += 1;
            match v {
                Value::Array(a) => todo.extend(a.iter()),
                Value::Object(o) => todo.extend(o.values()),
                _ => {}
            }
        }
        n
    }

    fn on_event(&mut self, ev: Event<'_>, span: YSpan) -> Result<(), YamlError> {
        let o = self.offsets;
        match ev {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(_) => {
                if self.done.is_some() {
                    return Err(self.err(
                        "more than one YAML document (`---`); a file holds exactly one",
                        o.span(span),
                    ));
                }
            }
            Event::Alias(id) => {
                let sp = o.span(span);
                let value = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| self.err("alias to an unknown anchor", sp))?;
                let n = Self::count_nodes(&value);
                if n > self.alias_budget {
                    return Err(self.err(
                        format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
                        sp,
                    ));
                }
                self.alias_budget -= n;
                if self.expecting_key() {
                    return Err(self.err("mapping keys must be plain strings, not aliases", sp));
                }
                let (ptr, key) = self.child_place();
                self.doc.spans.insert(ptr, Located { key, value: sp });
                self.push_value(value, 0)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let sp = o.span(span);
                if self.expecting_key() {
                    return self.push_key(text.into_owned(), sp);
                }
                let (ptr, key) = self.child_place();
                let plain = style == ScalarStyle::Plain;
                let value =
                    match Scalar::parse_from_cow_and_metadata(text.clone(), style, tag.as_ref()) {
                        None => {
                            return Err(self.err(format!("`{text}` does not match its tag"), sp));
                        }
                        Some(Scalar::Null) => Value::Null,
                        Some(Scalar::Boolean(b)) => Value::Bool(b),
                        Some(Scalar::Integer(i)) => Value::from(i),
                        Some(Scalar::FloatingPoint(f)) => {
                            serde_json::Number::from_f64(f.into_inner())
                                .map(Value::Number)
                                .unwrap_or_else(|| Value::String(text.to_string()))
                        }
                        Some(Scalar::String(s)) => Value::String(s.into_owned()),
                    };
                if plain && !value.is_string() {
                    self.doc.raw.insert(ptr.clone(), text.into_owned());
                }
                self.doc.spans.insert(ptr, Located { key, value: sp });
                self.push_value(value, anchor)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let is_seq = matches!(ev, Event::SequenceStart(..));
                if self.expecting_key() {
                    return Err(self.err(
                        "mapping keys must be plain strings, not sequences or mappings",
                        o.span(span),
                    ));
                }
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.err(
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        o.span(span),
                    ));
                }
                let (pointer, key_span) = self.child_place();
                let container = if is_seq {
                    Container::Seq(Vec::new())
                } else {
                    Container::Map {
                        map: Map::new(),
                        key: None,
                        key_lines: HashMap::new(),
                    }
                };
                self.stack.push(Frame {
                    container,
                    pointer,
                    key_span,
                    start: span.start,
                    anchor,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let f = self.stack.pop().expect("unbalanced collection events");
                let value = match f.container {
                    Container::Seq(v) => Value::Array(v),
                    Container::Map { map, .. } => Value::Object(map),
                };
                let end = if span.end.index() > f.start.index() {
                    span.end
                } else {
                    span.start
                };
                let mut vs = o.span2(f.start, end);
                // Block collections end where the next token starts; trim trailing white space
                // so the underline stops at the last character of the collection.
                vs.end = vs.end.max(vs.start);
                self.doc.spans.insert(
                    f.pointer,
                    Located {
                        key: f.key_span,
                        value: vs,
                    },
                );
                self.push_value(value, f.anchor)?;
            }
        }
        Ok(())
    }
}

/// Parse one YAML document. An empty document (or only comments) gives `Value::Null`.
pub fn parse(text: &str) -> Result<Document, YamlError> {
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    let offsets = Offsets::new(body, base);
    let mut b = Builder {
        doc: Document::default(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        offsets: &offsets,
        done: None,
    };
    let mut parser = Parser::new_from_str(body);
    let mut last = Marker::new(0, 1, 0);
    for item in &mut parser {
        match item {
            Ok((ev, span)) => {
                last = span.end;
                b.on_event(ev, span)?;
            }
            Err(e) => {
                return Err(YamlError {
                    message: e.info().to_string(),
                    span: offsets.point(*e.marker()),
                });
            }
        }
    }
    if !b.stack.is_empty() {
        return Err(YamlError {
            message: "unexpected end of file".into(),
            span: offsets.point(last),
        });
    }
    let mut doc = b.doc;
    doc.value = b.done.unwrap_or(Value::Null);
    if !doc.spans.contains_key("") {
        doc.spans.insert(
            String::new(),
            Located {
                key: None,
                value: Span {
                    start: base,
                    end: base,
                    line: 1,
                    column: 1,
                },
            },
        );
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_values_and_keys() {
        let d = parse("a: 1\nmodels:\n  - id: x/y\n    license: mit\n").unwrap();
        let l = d.spans["/models/0/license"];
        assert_eq!((l.value.line, l.value.column), (4, 14));
        assert_eq!(l.key.unwrap().column, 5);
        assert_eq!(d.value["models"][0]["id"], "x/y");
        assert_eq!(d.raw["/a"], "1");
    }

    #[test]
    fn byte_offsets_with_multibyte_text() {
        let text = "n: \"é\"\nlicense: mit\n";
        let d = parse(text).unwrap();
        let s = d.spans["/license"].value;
        assert_eq!(&text[s.start..s.end], "mit");
    }

    #[test]
    fn bom_is_skipped_and_offsets_kept() {
        let text = "\u{feff}license: mit\n";
        let d = parse(text).unwrap();
        let s = d.spans["/license"].value;
        assert_eq!(&text[s.start..s.end], "mit");
    }

    #[test]
    fn keeps_raw_text_of_numbers() {
        let d = parse("version: 1.10\nrev: 0123\n").unwrap();
        assert_eq!(d.scalar_text("/version").unwrap(), "1.10");
        assert_eq!(d.scalar_text("/rev").unwrap(), "0123");
    }

    #[test]
    fn rejects_duplicates_deep_nesting_and_alias_bombs() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(e.message.contains("duplicate key `a`"), "{e:?}");
        assert_eq!(e.span.line, 3);
        let deep = "[".repeat(100_000);
        let e = parse(&deep).unwrap_err().message;
        assert!(
            e.contains("nesting") || e.contains("recursion limit"),
            "{e}"
        );
        let block: String = (0..100).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert!(parse(&block)
            .unwrap_err()
            .message
            .contains("nesting deeper than 64"));
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        assert!(parse(bomb).unwrap_err().message.contains("aliases"));
        let e = parse("? [a]\n: b\n").unwrap_err();
        assert!(e.message.contains("keys"), "{e:?}");
    }

    #[test]
    fn empty_and_comment_only_documents_are_null() {
        assert_eq!(parse("").unwrap().value, Value::Null);
        assert_eq!(parse("# nothing\n").unwrap().value, Value::Null);
    }

    #[test]
    fn locate_falls_back_to_prefix() {
        let d = parse("models:\n  - id: a\n").unwrap();
        let (p, _) = d.locate("/models/0/license").unwrap();
        assert_eq!(p, "/models/0");
    }
}
