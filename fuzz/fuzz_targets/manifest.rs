//! Manifest text → YAML loader → validation → (when valid) the policy input document; and
//! every reported problem located in the source, as `check` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modelgate::{catalog::Catalog, input, manifest, yaml};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = match yaml::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            assert!(e.span.start <= text.len() + 3, "error span outside the text");
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
            for p in problems {
                assert!(!p.message.is_empty());
                let _ = doc.locate(&p.pointer);
            }
        }
    }
});
