//! How people write model names, and how to get from what they wrote to a catalog key.
//!
//! - [`normalize`]: the forms people paste for a Hugging Face repo (URLs with `/tree/main`,
//!   `hf://`, `.git`, `@revision`, doubled slashes) become `org/name` in lower case.
//! - [`service_forms`]: the forms routers and clouds give a hosted model (LiteLLM and
//!   OpenRouter `provider/model`, Bedrock ids with region prefixes and version suffixes, Vertex
//!   resource names, the Gemini SDK's `models/…`) become the provider's bare model name.
//! - [`strip_derivative`]: the suffixes quantizers and converters add to a repo name (`-GGUF`,
//!   `-AWQ`, `-bnb-4bit`, `-Q4_K_M`, ...) come off, so a community quantization can be matched
//!   to the model it was made from.

/// Lower-case and strip the decorations of a pasted Hugging Face reference.
pub fn normalize(id: &str) -> String {
    let mut s = id.trim().to_lowercase();
    for prefix in ["https://", "http://", "hf://", "huggingface://"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
            break;
        }
    }
    let mut url = false;
    for prefix in ["www.huggingface.co/", "huggingface.co/", "hf.co/"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
            url = true;
            break;
        }
    }
    // `hf://models/org/name` and `huggingface.co/models/org/name`.
    if url || id.trim_start().to_lowercase().starts_with("hf://") {
        if let Some(rest) = s.strip_prefix("models/") {
            s = rest.to_string();
        }
    }
    // Drop a query or fragment (`?library=transformers`, `#model-card`).
    if let Some(i) = s.find(['?', '#']) {
        s.truncate(i);
    }
    // Collapse doubled slashes and trim stray ones (`org//name/`).
    let parts: Vec<&str> = s.split('/').filter(|p| !p.is_empty()).collect();
    let mut parts = parts;
    if url && parts.len() > 2 {
        // `org/name/tree/main`, `org/name/blob/main/README.md`, `org/name/resolve/...`.
        if matches!(
            parts[2],
            "tree" | "blob" | "resolve" | "raw" | "commit" | "commits" | "discussions" | "files"
        ) {
            parts.truncate(2);
        }
    }
    let mut s = parts.join("/");
    if let Some(rest) = s.strip_suffix(".git") {
        s = rest.to_string();
    }
    // `org/name@main` or `org/name@<sha>` (a revision written into the id). Vertex writes
    // `claude-…@20250929` for a dated snapshot, which `service_forms` handles; only strip here
    // when the id is a Hub-style `org/name`.
    if s.matches('/').count() == 1 {
        if let Some((head, _rev)) = s.split_once('@') {
            s = head.to_string();
        }
    }
    s
}

/// Routers' and clouds' provider prefixes (`openai/gpt-4o` in LiteLLM, `x-ai/grok-4` on
/// OpenRouter). Only these are taken off an `org/name` id to find a service name.
pub const SERVICE_PREFIXES: &[&str] = &[
    "openai",
    "azure",
    "azure_ai",
    "azure-openai",
    "anthropic",
    "google",
    "gemini",
    "google-ai",
    "vertex_ai",
    "vertex-ai",
    "vertex",
    "bedrock",
    "aws",
    "amazon",
    "mistral",
    "mistralai",
    "cohere",
    "xai",
    "x-ai",
    "deepseek",
    "openrouter",
    "groq",
    "together_ai",
    "togetherai",
    "fireworks_ai",
    "perplexity",
    "deepinfra",
    "litellm",
    "alibaba",
    "dashscope",
    "qwen",
    "moonshot",
    "moonshotai",
];

/// Bedrock vendors (`anthropic.claude-…`, `amazon.nova-pro-v1:0`).
const BEDROCK_VENDORS: &[&str] = &[
    "anthropic",
    "amazon",
    "meta",
    "mistral",
    "cohere",
    "ai21",
    "deepseek",
    "openai",
    "qwen",
    "writer",
    "stability",
    "twelvelabs",
    "luma",
];

/// Bedrock's cross-region inference-profile prefixes (`us.anthropic.claude-…`).
const BEDROCK_REGIONS: &[&str] = &["us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"];

/// OpenRouter's variant suffixes (`:free`, `:thinking`, ...).
const ROUTER_SUFFIXES: &[&str] = &[
    ":free",
    ":thinking",
    ":beta",
    ":online",
    ":nitro",
    ":floor",
    ":extended",
    ":exacto",
];

/// The bare service names an id may stand for, most literal first (possibly none). `key` is
/// already [`normalize`]d.
pub fn service_forms(key: &str) -> Vec<String> {
    let mut s = key.to_string();
    // Vertex resource names: `projects/p/locations/l/publishers/google/models/gemini-2.5-pro`.
    if let Some(i) = s.find("publishers/") {
        let rest = &s[i + "publishers/".len()..];
        if let Some((_, model)) = rest.split_once("/models/") {
            s = model.to_string();
        }
    }
    // The Gemini SDK's `models/gemini-2.5-flash`.
    if let Some(rest) = s.strip_prefix("models/") {
        s = rest.to_string();
    }
    // Router prefixes, possibly stacked (`openrouter/anthropic/claude-sonnet-4.5`).
    loop {
        match s.split_once('/') {
            Some((org, rest)) if SERVICE_PREFIXES.contains(&org) && !rest.is_empty() => {
                s = rest.to_string();
            }
            _ => break,
        }
    }
    if s.contains('/') {
        return Vec::new();
    }
    for suffix in ROUTER_SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    // Bedrock: `us.anthropic.claude-sonnet-4-5-20250929-v1:0` → `claude-sonnet-4-5-20250929`.
    let mut bedrock = false;
    if let Some((head, rest)) = s.split_once('.') {
        let rest = if BEDROCK_REGIONS.contains(&head) {
            rest
        } else {
            s.as_str()
        };
        if let Some((vendor, model)) = rest.split_once('.') {
            if BEDROCK_VENDORS.contains(&vendor) && !model.is_empty() {
                s = model.to_string();
                bedrock = true;
            }
        }
    }
    if bedrock {
        s = strip_bedrock_version(&s);
    }
    // Vertex's dated snapshots: `claude-sonnet-4-5@20250929` → `claude-sonnet-4-5-20250929`.
    if let Some((head, date)) = s.split_once('@') {
        s = if date.is_empty() || date == "latest" || date == "default" {
            head.to_string()
        } else {
            format!("{head}-{date}")
        };
    }
    if s.is_empty() {
        return Vec::new();
    }
    let mut out = vec![s.clone()];
    // OpenRouter writes `claude-sonnet-4.5` where the provider writes `claude-sonnet-4-5`.
    let dashed = dots_between_digits_to_dashes(&s);
    if dashed != s {
        out.push(dashed);
    }
    out
}

/// `-v1:0`, `-v2`, `:0` at the end of a Bedrock model id.
fn strip_bedrock_version(s: &str) -> String {
    let mut t = s;
    if let Some((head, tail)) = t.rsplit_once(':') {
        if tail.bytes().all(|b| b.is_ascii_digit()) || tail.ends_with('k') || tail == "mm" {
            t = head;
        }
    }
    if let Some((head, tail)) = t.rsplit_once("-v") {
        if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) {
            t = head;
        }
    }
    t.to_string()
}

fn dots_between_digits_to_dashes(s: &str) -> String {
    let b = s.as_bytes();
    s.char_indices()
        .map(|(i, c)| {
            let between = c == '.'
                && i > 0
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if between {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// Whether one `-`-separated token is a quantization or conversion marker.
fn is_derivative_token(t: &str) -> bool {
    const WORDS: &[&str] = &[
        "gguf",
        "ggml",
        "awq",
        "gptq",
        "exl2",
        "exl3",
        "mlx",
        "onnx",
        "openvino",
        "ov",
        "coreml",
        "llamafile",
        "mlc",
        "ct2",
        "hqq",
        "eetq",
        "aqlm",
        "quanto",
        "imatrix",
        "imat",
        "i1",
        "dwq",
        "dynamic",
        "unsloth",
        "bnb",
        "nf4",
        "fp4",
        "nvfp4",
        "mxfp4",
        "fp8",
        "fp16",
        "bf16",
        "f16",
        "int4",
        "int8",
        "w4a16",
        "w8a8",
        "w8a16",
        "w4a4",
        "quantized",
        "quant",
        "quants",
    ];
    if WORDS.contains(&t) {
        return true;
    }
    let b = t.as_bytes();
    // `4bit`, `8bit`, `3bit`, `4-bit` written as `4bit`.
    if let Some(n) = t.strip_suffix("bit") {
        return !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit());
    }
    // exllama bits per weight: `4.0bpw`, `6bpw`, `8.0bpw-h8`.
    if let Some(n) = t.strip_suffix("bpw") {
        return !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit() || c == b'.');
    }
    // llama.cpp quant types: `q4_k_m`, `q8_0`, `iq4_xs`, `q4`, `q5_1`.
    let q = t.strip_prefix('i').unwrap_or(t);
    if let Some(rest) = q.strip_prefix('q') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let tail = &rest[digits..];
            // MLC's `q4f16_1`.
            if let Some(f) = tail.strip_prefix('f') {
                return f.bytes().all(|c| c.is_ascii_digit() || c == b'_');
            }
            return tail.is_empty()
                || (tail.starts_with('_')
                    && tail[1..]
                        .split('_')
                        .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_alphanumeric())));
        }
    }
    // `h8` as exllama writes it after bpw.
    b.len() == 2 && b[0] == b'h' && b[1].is_ascii_digit()
}

/// The repo name without quantization and conversion markers, and the markers removed (in the
/// order they were written). `name` is a lower-case repo name without its organization.
pub fn strip_derivative(name: &str) -> (String, Vec<String>) {
    let mut s = name.to_string();
    let mut removed = Vec::new();
    if let Some(rest) = s.strip_suffix(".gguf") {
        removed.push(".gguf".to_string());
        s = rest.to_string();
    }
    loop {
        let Some(i) = s.rfind(['-', '_', '.']) else {
            break;
        };
        let token = &s[i + 1..];
        if i == 0 || !is_derivative_token(token) {
            // `_` also separates llama.cpp's quant words (`q4_k_m`): try the whole tail after
            // the last `-` or `.` before giving up.
            let Some(j) = s.rfind(['-', '.']) else {
                break;
            };
            let tail = &s[j + 1..];
            if j > 0 && tail.contains('_') && is_derivative_token(tail) {
                removed.push(tail.to_string());
                s.truncate(j);
                continue;
            }
            break;
        }
        removed.push(token.to_string());
        s.truncate(i);
    }
    // CTranslate2 conversions put their marker in front (`faster-whisper-large-v3`).
    if let Some(rest) = s.strip_prefix("faster-") {
        removed.push("faster-".to_string());
        s = rest.to_string();
    }
    removed.reverse();
    (s, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_hub_forms_normalize() {
        for raw in [
            "https://huggingface.co/Org/Name/tree/main",
            "https://huggingface.co/Org/Name/blob/main/README.md",
            "huggingface.co/Org/Name",
            "hf://Org/Name",
            "hf://models/Org/Name",
            "hf.co/Org/Name/",
            "Org//Name",
            "Org/Name.git",
            "Org/Name@main",
            "https://huggingface.co/Org/Name?library=transformers",
            "  Org/Name  ",
        ] {
            assert_eq!(normalize(raw), "org/name", "{raw}");
        }
        assert_eq!(normalize("gpt2"), "gpt2");
    }

    #[test]
    fn router_and_cloud_forms() {
        let f = |s: &str| service_forms(&normalize(s));
        assert_eq!(f("anthropic/claude-sonnet-4-5"), ["claude-sonnet-4-5"]);
        assert_eq!(
            f("openrouter/anthropic/claude-sonnet-4.5"),
            ["claude-sonnet-4.5", "claude-sonnet-4-5"]
        );
        assert_eq!(
            f("anthropic.claude-sonnet-4-5-20250929-v1:0"),
            ["claude-sonnet-4-5-20250929"]
        );
        assert_eq!(
            f("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            ["claude-sonnet-4-5-20250929"]
        );
        assert_eq!(f("bedrock/amazon.nova-pro-v1:0"), ["nova-pro"]);
        assert_eq!(
            f("publishers/google/models/gemini-2.5-pro"),
            ["gemini-2.5-pro", "gemini-2-5-pro"]
        );
        assert_eq!(
            f("projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929"),
            ["claude-sonnet-4-5-20250929"]
        );
        assert_eq!(f("models/gemini-2.5-flash")[0], "gemini-2.5-flash");
        assert_eq!(f("x-ai/grok-4:free"), ["grok-4"]);
        assert_eq!(f("gpt-5"), ["gpt-5"]);
        // An open-weights org is not a router prefix.
        assert!(f("unsloth/gpt-oss-20b").is_empty());
        assert!(f("meta-llama/Llama-3.1-8B").is_empty());
    }

    #[test]
    fn derivative_suffixes_come_off() {
        let s = |n: &str| strip_derivative(&n.to_lowercase()).0;
        assert_eq!(s("Llama-3.1-8B-Instruct-GGUF"), "llama-3.1-8b-instruct");
        assert_eq!(s("Llama-3.2-1B-Instruct-bnb-4bit"), "llama-3.2-1b-instruct");
        assert_eq!(
            s("Llama-3.2-1B-Instruct-unsloth-bnb-4bit"),
            "llama-3.2-1b-instruct"
        );
        assert_eq!(s("Qwen2.5-7B-Instruct-GPTQ-Int4"), "qwen2.5-7b-instruct");
        assert_eq!(s("Qwen2.5-7B-Instruct-AWQ"), "qwen2.5-7b-instruct");
        assert_eq!(
            s("Meta-Llama-3.1-8B-Instruct-FP8-Dynamic"),
            "meta-llama-3.1-8b-instruct"
        );
        assert_eq!(
            s("Meta-Llama-3.1-8B-Instruct-quantized.w4a16"),
            "meta-llama-3.1-8b-instruct"
        );
        assert_eq!(
            s("Mistral-7B-Instruct-v0.3-Q4_K_M"),
            "mistral-7b-instruct-v0.3"
        );
        assert_eq!(
            s("Mistral-7B-Instruct-v0.3.Q4_K_M.gguf"),
            "mistral-7b-instruct-v0.3"
        );
        assert_eq!(s("Llama-3.2-3B-Instruct-4bit"), "llama-3.2-3b-instruct");
        assert_eq!(s("Llama-3-8B-Instruct-q4f16_1-MLC"), "llama-3-8b-instruct");
        assert_eq!(
            s("Llama-3.1-8B-Instruct-exl2-4.0bpw"),
            "llama-3.1-8b-instruct"
        );
        assert_eq!(s("gemma-3-4b-it-ONNX"), "gemma-3-4b-it");
        assert_eq!(
            s("Qwen3-30B-A3B-Instruct-2507-i1-GGUF"),
            "qwen3-30b-a3b-instruct-2507"
        );
        assert_eq!(s("faster-whisper-large-v3"), "whisper-large-v3");
        assert_eq!(s("gpt-oss-20b-mxfp4"), "gpt-oss-20b");
        // Real names are left alone.
        assert_eq!(s("whisper-large-v3-turbo"), "whisper-large-v3-turbo");
        assert_eq!(s("Qwen2.5-VL-72B-Instruct"), "qwen2.5-vl-72b-instruct");
        assert_eq!(s("phi-4"), "phi-4");
        assert_eq!(s("gguf"), "gguf");
        assert!(strip_derivative("llama-3.1-8b").1.is_empty());
    }
}
