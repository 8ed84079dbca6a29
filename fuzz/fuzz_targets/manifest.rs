//! Manifest text → YAML loader → validation → (when valid) the policy input document; and
//! every reported problem located in the source and rendered as `check` prints it.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use modelgate::{catalog::Catalog, diagnostics::Renderer, input, manifest, source};

/// What a terminal must never receive from modelgate's plain (no colour) output: control
/// characters other than the newline, and bidi overrides.
fn assert_printable(out: &str) {
    for c in out.chars() {
        let bad = (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!bad, "raw {c:?} in rendered output:\n{out}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let renderer = Renderer::new(false);
    let shared: Arc<str> = Arc::from(text);
    let doc = match source::parse_yaml("ai-models.yaml", text) {
        Ok(doc) => doc,
        Err(e) => {
            if let Some(span) = e.span {
                assert!(span.start <= text.len() + 3, "error span outside the text");
            }
            assert_printable(&renderer.error(&e, Some(&shared)));
            return;
        }
    };
    for (pointer, l) in &doc.spans {
        assert!(l.value.start <= l.value.end, "bad span at {pointer}");
        assert!(text.get(l.value.start..l.value.end).is_some(), "span off a char boundary at {pointer}");
    }
    match manifest::validate(&doc) {
        Ok(m) => {
            let v = input::build(Catalog::get(), &m, "ai-models.yaml");
            assert!(v["models"].as_array().is_some_and(|a| a.len() == m.models.len()));
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for p in &problems {
                assert!(!p.message.is_empty());
                let _ = doc.locate(&p.pointer);
            }
            for e in modelgate::validation::to_errors(&doc, "ai-models.yaml", &shared, problems) {
                assert_printable(&renderer.error(&e, Some(&shared)));
            }
        }
    }
});
