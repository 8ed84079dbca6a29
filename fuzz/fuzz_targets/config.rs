//! Config file text → YAML loader → layer validation and merge (no file system access); every
//! error rendered as `check` prints it.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use modelgate::diagnostics::Renderer;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = modelgate::config::parse_text(".modelgate.yaml", text) {
        assert!(!errors.is_empty());
        let renderer = Renderer::new(false);
        let shared: Arc<str> = Arc::from(text);
        for e in errors {
            assert!(!e.message.is_empty());
            let out = renderer.error(&e, Some(&shared));
            for c in out.chars() {
                let bad = (c.is_control() && c != '\n')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
                assert!(!bad, "raw {c:?} in rendered output:\n{out}");
            }
        }
    }
});
