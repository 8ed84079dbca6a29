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
    let mut hf_scheme = false;
    for prefix in ["https://", "http://", "hf://", "huggingface://"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            hf_scheme = prefix == "hf://";
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
    if url || hf_scheme {
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
    // Ollama pulls Hub repos as `hf.co/org/name:Q4_K_M`: the tag picks a file, not a model.
    if url && s.matches('/').count() == 1 {
        if let Some((head, _tag)) = s.rsplit_once(':') {
            s = head.to_string();
        }
    }
    // `org/name@main` or `org/name@<sha>` (a revision written into the id). Vertex writes
    // `claude-…@20250929` for a dated snapshot, which `service_forms` handles; only strip here
    // when the id is a Hub-style `org/name`.
    if s.matches('/').count() == 1 {
        if let Some((head, rev)) = s.split_once('@') {
            // Vertex's `…/claude-sonnet-4-5@20250929` and `@001` name a service snapshot.
            if !rev.bytes().all(|b| b.is_ascii_digit()) {
                s = head.to_string();
            }
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
    "huggingface",
    "ollama",
    "vllm",
    "hosted_vllm",
    "sagemaker",
    "nvidia_nim",
    "cloudflare",
    "replicate",
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
    "google",
    "nvidia",
    "moonshotai",
    "minimax",
    "zai",
];

/// Bedrock's cross-region inference-profile prefixes (`us.anthropic.claude-…`).
const BEDROCK_REGIONS: &[&str] = &[
    "us", "eu", "apac", "global", "us-gov", "jp", "au", "ca", "in",
];

/// Route qualifiers LiteLLM puts inside the path (`bedrock/invoke/…`, `azure/eu/…`).
const ROUTE_QUALIFIERS: &[&str] = &[
    "invoke",
    "converse",
    "converse_like",
    "claude_platform",
    "eu",
    "us",
    "global",
];

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
    ":batch",
];

/// An AWS region written into a LiteLLM route (`us-east-1`) or a commitment term.
fn is_route_segment(seg: &str) -> bool {
    if ROUTE_QUALIFIERS.contains(&seg) || seg.ends_with("-commitment") {
        return true;
    }
    let parts: Vec<&str> = seg.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// The id without the router prefixes and route qualifiers in front of it
/// (`together_ai/meta-llama/Llama-3.3-70B-Instruct` → `meta-llama/llama-3.3-70b-instruct`), or
/// `None` when it has none.
pub fn strip_router(key: &str) -> Option<String> {
    router_remainders(key).pop()
}

/// Every remainder of the id as router prefixes come off, one prefix at a time
/// (`huggingface/google/gemma-3-4b-it` → `google/gemma-3-4b-it`, `gemma-3-4b-it`): `google`
/// is both a router prefix and a Hub organization, so the caller tries each.
pub fn router_remainders(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut s = key;
    while let Some((seg, rest)) = s.split_once('/') {
        if rest.is_empty()
            || !(SERVICE_PREFIXES.contains(&seg) || (!out.is_empty() && is_route_segment(seg)))
        {
            break;
        }
        s = rest;
        out.push(s.to_string());
    }
    out
}

/// The bare service names an id may stand for, most literal first (possibly none). `key` is
/// already [`normalize`]d.
pub fn service_forms(key: &str) -> Vec<String> {
    let mut s = key.to_string();
    // Bedrock ARNs: the model or profile id follows the last `/`.
    if s.starts_with("arn:aws:bedrock:") {
        if let Some((_, id)) = s.rsplit_once('/') {
            s = id.to_string();
        }
    }
    // OpenAI fine-tunes: `ft:gpt-4o-mini-2024-07-18:org:suffix:id` inherit their base.
    if let Some(rest) = s.strip_prefix("ft:") {
        s = rest.split(':').next().unwrap_or("").to_string();
    }
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
    // Router prefixes and route qualifiers, possibly stacked
    // (`openrouter/anthropic/claude-sonnet-4.5`, `bedrock/us-east-1/anthropic.claude-v2:1`).
    if let Some(rest) = strip_router(&s) {
        s = rest;
    }
    if s.contains('/') {
        return Vec::new();
    }
    for suffix in ROUTER_SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    let mut out: Vec<String> = Vec::new();
    // Bedrock: `us.anthropic.claude-sonnet-4-5-20250929-v1:0` → `claude-sonnet-4-5-20250929`;
    // `mistral.mistral-7b-instruct-v0:2` is Mistral-7B-Instruct-v0.2, so the version is also
    // tried as written, with its colon as a dot.
    if let Some((head, rest)) = s.split_once('.') {
        let rest = if BEDROCK_REGIONS.contains(&head) {
            rest
        } else {
            s.as_str()
        };
        if let Some((vendor, model)) = rest.split_once('.') {
            if BEDROCK_VENDORS.contains(&vendor) && !model.is_empty() {
                let model = model.to_string();
                out.push(model.replace(':', "."));
                out.extend(bedrock_unversioned(&model));
                s = String::new();
            }
        }
    }
    if !s.is_empty() {
        // Vertex's snapshots: `claude-sonnet-4-5@20250929` → `claude-sonnet-4-5-20250929`;
        // `@001`, `@latest`, `@default` name no model of their own.
        if let Some((head, version)) = s.split_once('@') {
            s = if version.len() == 8 && version.bytes().all(|b| b.is_ascii_digit()) {
                format!("{head}-{version}")
            } else {
                head.to_string()
            };
        }
        // Vertex's model-as-a-service suffix for open models; Azure's `gpt-35-turbo`.
        if let Some(rest) = s.strip_suffix("-maas") {
            s = rest.to_string();
        }
        if let Some(rest) = s.strip_prefix("gpt-35-") {
            s = format!("gpt-3.5-{rest}");
        }
        out.push(s);
    }
    // OpenRouter writes `claude-sonnet-4.5` where the provider writes `claude-sonnet-4-5`.
    let dashed: Vec<String> = out
        .iter()
        .map(|f| dots_between_digits_to_dashes(f))
        .collect();
    for d in dashed {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out.retain(|f| !f.is_empty());
    out.dedup();
    out
}

/// A Bedrock model id without its version suffix (`-v1:0`, `-v2`, `:0`, `-1:0`).
fn bedrock_unversioned(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut t = s;
    if let Some((head, tail)) = t.rsplit_once(':') {
        if tail.bytes().all(|b| b.is_ascii_digit()) || tail.ends_with('k') || tail == "mm" {
            t = head;
            out.push(t.to_string());
        }
    }
    if let Some((head, tail)) = t.rsplit_once('-') {
        let v = tail.strip_prefix('v').unwrap_or(tail);
        if !v.is_empty() && v.len() <= 2 && v.bytes().all(|b| b.is_ascii_digit()) {
            out.push(head.to_string());
        }
    }
    out
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

/// The repo-name forms an Ollama library name may stand for (`llama3.1:8b` → `llama3.1-8b`,
/// `llama-3.1-8b`; `qwen2.5:3b` → `qwen2.5-3b`; `phi4` → `phi-4`). The tag's quantization part
/// (`8b-instruct-q4_K_M`) comes off; `latest` names no size. Empty when `key` is not one.
pub fn ollama_forms(key: &str) -> Vec<String> {
    if key.contains('/') || key.starts_with("ft:") {
        return Vec::new();
    }
    let (name, tag) = key.split_once(':').unwrap_or((key, ""));
    if name.is_empty() || tag.contains(':') {
        return Vec::new();
    }
    let tag = if tag == "latest" {
        String::new()
    } else {
        strip_derivative(tag).0
    };
    // `llama3.1` → `llama-3.1`: Ollama drops the dash most Hub names keep.
    let mut dashed = String::new();
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_digit() && prev.is_some_and(|p| p.is_ascii_alphabetic()) {
            dashed.push('-');
        }
        dashed.push(c);
        prev = Some(c);
    }
    let mut out = Vec::new();
    for n in [name.to_string(), dashed] {
        let form = if tag.is_empty() {
            n
        } else {
            format!("{n}-{tag}")
        };
        if !out.contains(&form) {
            out.push(form);
        }
    }
    out
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
    // At each step, the tails after the last `-`, `.` and `_`, longest first (`4.0bpw` before
    // `0bpw`, `q4_k_m` before `m`); the first that is a marker comes off.
    'strip: loop {
        let mut cuts: Vec<usize> = ['-', '.', '_']
            .iter()
            .filter_map(|&c| s.rfind(c))
            .filter(|&i| i > 0)
            .collect();
        cuts.sort_unstable();
        for i in cuts {
            let tail = &s[i + 1..];
            if is_derivative_token(tail) {
                removed.push(tail.to_string());
                s.truncate(i);
                continue 'strip;
            }
        }
        break;
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
#[path = "names_tests.rs"]
mod tests;
