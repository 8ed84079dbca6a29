//! A starter `ai-models.yaml` written from a scan (for `init --from-scan`).
//!
//! One entry per model referenced at medium or high confidence, with the license and
//! provider the knowledge base records; where it knows nothing, a comment says what a
//! person has to fill in. Weights files (low confidence) are listed in comments only.

use std::fmt::Write;

use super::{Confidence, Kind, Reference, ScanResult};
use crate::catalog::Catalog;

/// A YAML scalar: plain when safe, double-quoted (JSON syntax) otherwise.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
        && !matches!(
            s,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// The API provider an unknown hosted model name implies.
fn api_provider(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase();
    let starts = |ps: &[&str]| ps.iter().any(|p| n.starts_with(p));
    if starts(&[
        "anthropic.",
        "meta.",
        "amazon.",
        "cohere.",
        "mistral.",
        "ai21.",
    ]) {
        Some("aws-bedrock")
    } else if starts(&[
        "gpt-",
        "o1",
        "o3",
        "o4",
        "chatgpt-",
        "text-embedding-",
        "dall-e",
        "whisper-",
        "tts-",
    ]) {
        Some("openai")
    } else if starts(&["claude-"]) {
        Some("anthropic")
    } else if starts(&["gemini-", "models/gemini-", "imagen-", "text-bison"]) {
        Some("google")
    } else if starts(&["command-", "embed-english", "embed-multilingual", "rerank-"]) {
        Some("cohere")
    } else if starts(&[
        "mistral-",
        "open-mistral",
        "open-mixtral",
        "codestral-",
        "pixtral-",
        "ministral-",
    ]) {
        Some("mistral-api")
    } else if starts(&["grok-"]) {
        Some("xai")
    } else if starts(&["sonar"]) {
        Some("perplexity")
    } else {
        None
    }
}

fn is_ollama(r: &Reference) -> bool {
    matches!(
        r.kind,
        Kind::OllamaCli | Kind::OllamaSdk | Kind::ModelfileFrom
    )
}

/// Render the starter manifest. Deterministic: entries follow the sorted model keys.
pub fn starter_manifest(scan: &ScanResult, catalog: &Catalog) -> String {
    let mut s = String::new();
    s.push_str(
        "# ai-models.yaml: starter written by modelgate from the models the code references.\n\
         # Check every entry; comments marked TODO need a decision only you can make.\n\
         # Run `modelgate check` when done.\n\
         version: 1\n\
         project:\n  \
         # name: your project's name\n  \
         commercial: true  # TODO: set false only if nothing built on these models is sold or used commercially\n\
         models:\n",
    );
    let models = scan.models(Confidence::Medium);
    if models.is_empty() {
        s.push_str("  [] # the scan found no model references; add entries by hand\n");
    }
    for (_, refs) in &models {
        let first = refs[0];
        let places: Vec<String> = refs
            .iter()
            .take(3)
            .map(|r| format!("{}:{} ({})", r.file, r.line, r.kind.as_str()))
            .collect();
        let more = refs.len().saturating_sub(places.len());
        let _ = writeln!(
            s,
            "  # found at {}{}",
            places.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        let _ = writeln!(s, "  - id: {}", scalar(&first.text));
        match catalog.resolve(&first.text) {
            Some(r) => {
                let m = r.facts;
                let _ = writeln!(
                    s,
                    "    license: {}  # {} (knowledge base: {})",
                    scalar(m.binding_license()),
                    m.binding_license_name(),
                    m.id
                );
                if let Some(inf) = &r.inference {
                    let _ = writeln!(s, "    # {}", inf.note.replace('\n', " "));
                }
                if refs.iter().any(|r| is_ollama(r)) {
                    s.push_str(
                        "    provider: ollama
",
                    );
                } else if m.hf {
                    s.push_str(
                        "    provider: huggingface
",
                    );
                    s.push_str(
                        "    # revision: TODO pin the 40-character commit you reviewed (rule revision-pinned)\n",
                    );
                } else {
                    let org = m.id.split('/').next().unwrap_or("");
                    let _ = writeln!(
                        s,
                        "    provider: {}  # hosted API: used under the provider's terms",
                        scalar(org)
                    );
                }
            }
            None => {
                let provider = if refs.iter().any(|r| is_ollama(r)) {
                    Some("ollama")
                } else if let Some(p) = api_provider(&first.text) {
                    Some(p)
                } else if first.text.contains('/') {
                    Some("huggingface")
                } else {
                    None
                };
                let hosted = provider.is_some_and(|p| crate::input::API_PROVIDERS.contains(&p));
                if hosted {
                    s.push_str("    # license: not needed for a hosted API model (the provider's terms apply)\n");
                } else {
                    s.push_str(
                        "    license: TODO  # not in the knowledge base: write its SPDX id or Hugging Face license tag\n",
                    );
                }
                match provider {
                    Some(p) => {
                        let _ = writeln!(s, "    provider: {p}");
                    }
                    None => s.push_str("    # provider: TODO huggingface, ollama, self-hosted or an API provider\n"),
                }
                if provider == Some("huggingface") {
                    s.push_str(
                        "    # revision: TODO pin the 40-character commit you reviewed (rule revision-pinned)\n",
                    );
                }
                if provider == Some("ollama") {
                    s.push_str(
                        "    # base_model: TODO the Hugging Face model these weights come from (its license is inherited)\n",
                    );
                }
            }
        }
    }
    let files: Vec<&Reference> = scan
        .references
        .iter()
        .filter(|r| r.confidence == Confidence::Low)
        .collect();
    if !files.is_empty() {
        s.push_str(
            "# Weights files the code names; TODO: add an entry for the model each comes from:\n",
        );
        for r in files {
            let _ = writeln!(s, "#   {} ({}:{})", r.text, r.file, r.line);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{find, Lang};

    fn scan_of(src: &str, lang: Lang, file: &str) -> ScanResult {
        let refs = find(src, lang, Catalog::get())
            .into_iter()
            .map(|mut r| {
                r.file = file.into();
                r
            })
            .collect();
        ScanResult {
            references: refs,
            files_scanned: 1,
            skipped: Vec::new(),
            errors: vec![],
        }
    }

    #[test]
    fn starter_is_a_valid_manifest_with_license_facts() {
        let src = r#"
m = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
r = client.chat.completions.create(model="gpt-4o")
c = anthropic.messages.create(model="claude-sonnet-4-20250514")
x = AutoModel.from_pretrained("acme/support-bot-v2")
subprocess.run("ollama pull qwen2.5:7b", shell=True)
w = "weights/llama-2-7b.Q4_K_M.gguf"
"#;
        let text = starter_manifest(&scan_of(src, Lang::Python, "app.py"), Catalog::get());
        let doc = crate::yaml::parse(&text).expect("starter parses as YAML");
        let manifest = crate::manifest::validate(&doc).expect("starter is a valid manifest");
        let ids: Vec<&str> = manifest.models.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "acme/support-bot-v2",
                "claude-sonnet-4-20250514",
                "meta-llama/Llama-3.1-8B-Instruct",
                "gpt-4o",
                "qwen2.5:7b"
            ]
        );
        let by_id = |id: &str| manifest.models.iter().find(|m| m.id == id).unwrap();
        assert_eq!(
            by_id("meta-llama/Llama-3.1-8B-Instruct").license.as_deref(),
            Some("llama3.1")
        );
        assert_eq!(
            by_id("meta-llama/Llama-3.1-8B-Instruct")
                .provider
                .as_deref(),
            Some("huggingface")
        );
        assert_eq!(by_id("gpt-4o").provider.as_deref(), Some("openai"));
        assert_eq!(
            by_id("claude-sonnet-4-20250514").provider.as_deref(),
            Some("anthropic")
        );
        assert_eq!(
            by_id("claude-sonnet-4-20250514").license.as_deref(),
            Some("proprietary")
        );
        assert_eq!(
            by_id("acme/support-bot-v2").license.as_deref(),
            Some("TODO")
        );
        assert_eq!(by_id("qwen2.5:7b").provider.as_deref(), Some("ollama"));
        assert!(text.contains("# found at app.py:2 (from-pretrained)"));
        assert!(text.contains("#   llama-2-7b.Q4_K_M.gguf (app.py:7)"));
        assert!(text.contains("license: llama3.1  # Llama 3.1 Community License Agreement"));
    }

    #[test]
    fn empty_scan_gives_an_empty_valid_manifest() {
        let text = starter_manifest(&ScanResult::default(), Catalog::get());
        let doc = crate::yaml::parse(&text).expect("parses");
        let m = crate::manifest::validate(&doc).expect("valid");
        assert!(m.models.is_empty());
    }
}
