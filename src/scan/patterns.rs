//! The reference patterns: what each matches, in which files, and how its value is judged.
//!
//! Every pattern captures the model name as group `v`. A value is then checked by the
//! pattern's [`Check`], which either rejects it (a decoy) or gives it a confidence. The table
//! is ordered from the most specific to the most generic pattern: when two patterns capture
//! the same value (`pipeline(model="x")` is also a `model=` argument), the first one wins.
//! `docs/scan.md` describes each pattern for users; keep the two in step.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::lang::Lang;
use crate::catalog::Catalog;

/// How sure the scanner is that a match names a model the code uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Which pattern found a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `X.from_pretrained("org/name")` (transformers, diffusers, peft, llama-cpp-python, ...).
    FromPretrained,
    /// `pipeline("task", model="org/name")` / `pipeline("task", "org/name")`.
    Pipeline,
    /// `SentenceTransformer("name")`, `CrossEncoder("name")`.
    SentenceTransformers,
    /// vLLM `LLM(model="org/name")`, `EngineArgs(model=...)`.
    Vllm,
    /// `hf_hub_download(repo_id=...)`, `snapshot_download(...)` (not datasets or spaces).
    HfHubDownload,
    /// `huggingface-cli download org/name` / `hf download org/name` in shell, Dockerfiles.
    HfCliDownload,
    /// Gemini `GenerativeModel("gemini-1.5-pro")` / `getGenerativeModel({model: ...})`.
    GeminiSdk,
    /// Ollama client `ollama.chat(model="llama3.1")`.
    OllamaSdk,
    /// `ollama run NAME` / `ollama pull NAME`.
    OllamaCli,
    /// `FROM name` in an Ollama Modelfile.
    ModelfileFrom,
    /// `vllm serve org/name`.
    VllmServe,
    /// `--model X` / `--model-id X` on a command line (Dockerfile, compose, shell).
    CliModelFlag,
    /// A `model=` / `model:` argument or assignment whose value looks like a model.
    ModelArgument,
    /// `MODEL_ID=org/name` / `ENV MODEL=...` in Dockerfiles, compose files and scripts.
    EnvModel,
    /// A `huggingface.co/org/name` URL.
    HfUrl,
    /// A `.gguf` or `.safetensors` file name.
    WeightsFile,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FromPretrained => "from-pretrained",
            Kind::Pipeline => "pipeline",
            Kind::SentenceTransformers => "sentence-transformers",
            Kind::Vllm => "vllm",
            Kind::HfHubDownload => "hf-hub-download",
            Kind::HfCliDownload => "hf-cli-download",
            Kind::GeminiSdk => "gemini-sdk",
            Kind::OllamaSdk => "ollama-sdk",
            Kind::OllamaCli => "ollama-cli",
            Kind::ModelfileFrom => "modelfile-from",
            Kind::VllmServe => "vllm-serve",
            Kind::CliModelFlag => "cli-model-flag",
            Kind::ModelArgument => "model-argument",
            Kind::EnvModel => "env-model",
            Kind::HfUrl => "hf-url",
            Kind::WeightsFile => "weights-file",
        }
    }
}

/// How a captured value is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A Hugging Face repo id. `org/name` or a catalog model: high; a bare legacy name
    /// (`gpt2`): medium.
    HfId,
    /// A Hugging Face repo id that must have an organization (`org/name`): high.
    HfRepo,
    /// Only a reference if the value looks like a model: a catalog model (high), an API
    /// model name shape, a known open-model family name or an `org/name` id with a digit or
    /// dash in the name (medium). Everything else is a decoy.
    ModelLike,
    /// A model name in a context that can only mean a model (SDK constructor): high.
    Name,
    /// An Ollama model name (`llama3.1`, `qwen2.5:7b`, `user/name:tag`): high.
    Ollama,
    /// Modelfile `FROM`: a model name (high) or a weights path (low).
    NameOrPath,
    /// A command-line `--model` value: `org/name` or catalog model high, other names medium.
    Flag,
    /// Hugging Face URL: medium; a file download URL (`/resolve/`, `/blob/`): high.
    Url,
    /// A weights file name: low.
    File,
}

pub struct Pattern {
    pub kind: Kind,
    pub langs: &'static [Lang],
    pub regex: Regex,
    pub check: Check,
    /// A call or command whose text matches this is not a model (`repo_type="dataset"`).
    pub exclude: Option<Regex>,
}

const ALL: &[Lang] = &[
    Lang::Python,
    Lang::Js,
    Lang::Dockerfile,
    Lang::Compose,
    Lang::Modelfile,
    Lang::Shell,
];
const PY: &[Lang] = &[Lang::Python];
const PY_JS: &[Lang] = &[Lang::Python, Lang::Js];
const JS: &[Lang] = &[Lang::Js];
const OPS: &[Lang] = &[Lang::Dockerfile, Lang::Compose, Lang::Shell];
const MODELFILE: &[Lang] = &[Lang::Modelfile];

/// A quoted string literal (optional Python prefix), capturing its content as `v`. Values
/// with quotes, white space or backslashes are never model names.
const Q: &str = r#"[rRbBuUfF]?["'`](?P<v>[^"'`\s\\]{1,200})["'`]"#;
/// A quoted string literal, not captured.
const Q_ANY: &str = r#"[rRbBuUfF]?["'`][^"'`\n]*["'`]"#;

/// One row of the table before compilation: kind, languages, regex, value check, exclusion.
type Spec = (Kind, &'static [Lang], String, Check, Option<&'static str>);

fn specs() -> Vec<Spec> {
    let dataset = Some(r#"repo_type\s*=\s*["'](?:dataset|space)"#);
    let cli_dataset = Some(r"--repo-type[= ]+(?:dataset|space)");
    vec![
        (
            Kind::ModelfileFrom,
            MODELFILE,
            r"(?im)^[ \t]*FROM[ \t]+(?P<v>[^\s#]+)".into(),
            Check::NameOrPath,
            None,
        ),
        (
            Kind::FromPretrained,
            PY_JS,
            format!(r"\.from_pretrained\(\s*(?:(?:pretrained_model_name_or_path|model_name_or_path|model_id|repo_id)\s*=\s*)?{Q}"),
            Check::HfId,
            None,
        ),
        (
            Kind::FromPretrained,
            PY,
            format!(r"\.from_pretrained\([^()]*?\b(?:pretrained_model_name_or_path|repo_id|model_id)\s*=\s*{Q}"),
            Check::HfId,
            None,
        ),
        (
            Kind::Pipeline,
            PY,
            format!(r"\bpipeline\s*\([^()]*?\bmodel\s*=\s*{Q}"),
            Check::HfId,
            None,
        ),
        (
            Kind::Pipeline,
            PY_JS,
            format!(r"\bpipeline\s*\(\s*(?:task\s*=\s*)?{Q_ANY}\s*,\s*(?:model\s*=\s*)?{Q}"),
            Check::HfId,
            None,
        ),
        (
            Kind::SentenceTransformers,
            PY,
            format!(r"\b(?:SentenceTransformer|CrossEncoder)\s*\(\s*(?:model_name_or_path\s*=\s*)?{Q}"),
            Check::HfId,
            None,
        ),
        (
            Kind::Vllm,
            PY,
            format!(r"\b(?:LLM|AsyncEngineArgs|EngineArgs)\s*\(\s*(?:model\s*=\s*)?{Q}"),
            Check::HfId,
            None,
        ),
        (
            Kind::Vllm,
            PY,
            format!(r"\b(?:LLM|AsyncEngineArgs|EngineArgs)\s*\([^()]*?\bmodel\s*=\s*{Q}"),
            Check::HfId,
            None,
        ),
        (
            Kind::HfHubDownload,
            PY,
            format!(r"\b(?:hf_hub_download|snapshot_download)\s*\(\s*(?:repo_id\s*=\s*)?{Q}"),
            Check::HfId,
            dataset,
        ),
        (
            Kind::HfHubDownload,
            PY,
            format!(r"\b(?:hf_hub_download|snapshot_download)\s*\([^()]*?\brepo_id\s*=\s*{Q}"),
            Check::HfId,
            dataset,
        ),
        (
            Kind::GeminiSdk,
            PY,
            format!(r"\bGenerativeModel\s*\(\s*(?:model_name\s*=\s*)?{Q}"),
            Check::Name,
            None,
        ),
        (
            Kind::GeminiSdk,
            JS,
            format!(r"\bgetGenerativeModel\s*\(\s*\{{[^{{}}]*?\bmodel\s*:\s*{Q}"),
            Check::Name,
            None,
        ),
        (
            Kind::OllamaSdk,
            PY_JS,
            format!(r"\bollama\.[a-z_]+\s*\(\s*(?:\{{[^{{}}]*?\bmodel\s*:\s*|model\s*=\s*)?{Q}"),
            Check::Ollama,
            None,
        ),
        (
            Kind::OllamaSdk,
            PY,
            format!(r"\bollama\.[a-z_]+\s*\([^()]*?\bmodel\s*=\s*{Q}"),
            Check::Ollama,
            None,
        ),
        (
            Kind::OllamaCli,
            ALL,
            r"\bollama[ \t]+(?:run|pull)[ \t]+(?P<v>[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?(?::[\w.-]+)?)".into(),
            Check::Ollama,
            None,
        ),
        (
            Kind::OllamaCli,
            ALL,
            format!(r#"["']ollama["']\s*,\s*["'](?:run|pull)["']\s*,\s*{Q}"#),
            Check::Ollama,
            None,
        ),
        (
            Kind::VllmServe,
            OPS,
            r"\bvllm[ \t]+serve[ \t]+(?P<v>[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?)".into(),
            Check::HfId,
            None,
        ),
        (
            Kind::HfCliDownload,
            OPS,
            r"\b(?:huggingface-cli|hf)[ \t]+download[ \t]+(?P<v>[A-Za-z0-9][\w.-]*/[\w.-]+)".into(),
            Check::HfRepo,
            cli_dataset,
        ),
        (
            Kind::CliModelFlag,
            OPS,
            r#"--model(?:-id|_id|-name-or-path)?(?:=|[ \t]+)["']?(?P<v>[^\s"'\\\],;)]+)"#.into(),
            Check::Flag,
            None,
        ),
        (
            Kind::CliModelFlag,
            ALL,
            format!(r#"["']--model(?:-id|_id)?["']\s*,\s*{Q}"#),
            Check::Flag,
            None,
        ),
        (
            Kind::ModelArgument,
            PY_JS,
            format!(r#"(?:\b|["'])[A-Za-z_]*(?:model|Model|MODEL)(?:_?[Nn]ame|_?[Ii][Dd]|_NAME)?["']?\s*[=:]\s*{Q}"#),
            Check::ModelLike,
            None,
        ),
        (
            Kind::EnvModel,
            OPS,
            r#"\b(?:[A-Z][A-Z0-9_]*_)?MODEL(?:_ID|_NAME)?[ \t]*[=:][ \t]*["']?(?P<v>[^\s"'#]+)"#.into(),
            Check::ModelLike,
            None,
        ),
        (
            Kind::HfUrl,
            ALL,
            r"\b(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<v>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)(?P<file>/(?:resolve|blob)/)?".into(),
            Check::Url,
            None,
        ),
        (
            Kind::WeightsFile,
            ALL,
            r"(?P<v>[A-Za-z0-9][\w.+-]*\.(?:gguf|safetensors))\b".into(),
            Check::File,
            None,
        ),
    ]
}

/// The compiled table, in priority order.
pub fn table() -> &'static [Pattern] {
    static TABLE: OnceLock<Vec<Pattern>> = OnceLock::new();
    TABLE.get_or_init(|| {
        specs()
            .into_iter()
            .map(|(kind, langs, re, check, exclude)| Pattern {
                kind,
                langs,
                regex: Regex::new(&re).expect("scan pattern compiles"),
                check,
                exclude: exclude.map(|e| Regex::new(e).expect("exclude pattern compiles")),
            })
            .collect()
    })
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("value pattern compiles"))
}

/// `name` or `org/name` as the Hub allows them.
fn hf_shape(v: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?$",
    )
    .is_match(v)
        && !v.contains("..")
        && !v.contains("--")
        && !file_like(v)
}

/// A file name (`config.json`, `model.gguf`) rather than a repository.
fn file_like(v: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\.(?:json|ya?ml|toml|txt|md|py|js|ts|bin|pt|pth|ckpt|onnx|gguf|safetensors|pkl|h5|csv|zip|tar|gz)$",
    )
    .is_match(v)
}

/// Names of hosted API models (OpenAI, Anthropic, Google, Cohere, Mistral, xAI, DeepSeek,
/// Perplexity, AWS Bedrock ids).
fn api_shape(v: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?ix)^(?:
            gpt-[345][\w.-]* | gpt-4o[\w.-]* | o[134](?:-[\w.-]+)? | chatgpt-[\w.-]+
          | text-embedding-[\w.-]+ | dall-e-[23] | whisper-1 | tts-1[\w-]*
          | claude-[\w.-]+ | gemini-[\w.-]+ | text-bison[\w@.-]* | imagen-[\w.-]+
          | command-[\w.-]+ | embed-(?:english|multilingual)[\w.-]* | rerank-[\w.-]+
          | (?:open-)?mistral-[\w.-]+ | open-mixtral-[\w.-]+ | codestral-[\w.-]+
          | pixtral-[\w.-]+ | ministral-[\w.-]+
          | grok-[\w.-]+ | deepseek-(?:chat|reasoner|coder)[\w.-]* | sonar[\w.-]*
          | (?:anthropic|meta|amazon|cohere|mistral|ai21)\.[\w.-]+(?::\d+)?
        )$",
    )
    .is_match(v)
}

/// Open-model family names as Ollama and local runners spell them (`llama3.1:8b`).
fn family_shape(v: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(?:llama|codellama|llava|mistral|mixtral|qwen|qwq|gemma|codegemma|phi|deepseek-r1|deepseek-v[23]|deepseek-coder|starcoder|falcon|nomic-embed|mxbai-embed|all-minilm|bge|e5|granite|olmo|smollm|tinyllama|vicuna|command-r|dbrx)(?:[\d.:-][\w.:-]*)?$",
    )
    .is_match(v)
}

/// Ollama names: `name`, `name:tag`, `namespace/name:tag`, `hf.co/org/name:tag`.
fn ollama_shape(v: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^[A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*){0,2}(?::[\w.-]+)?$",
    )
    .is_match(v)
        && !file_like(v)
}

/// First path segments of huggingface.co that are pages, not model repositories.
const HF_RESERVED: &[&str] = &[
    "api",
    "blog",
    "chat",
    "collections",
    "datasets",
    "docs",
    "join",
    "learn",
    "login",
    "models",
    "new",
    "organizations",
    "papers",
    "posts",
    "pricing",
    "settings",
    "spaces",
    "tasks",
];

/// Text that cannot be a literal model name (templates, variables, paths).
fn templated(v: &str) -> bool {
    v.is_empty()
        || v.contains([
            '{', '}', '$', '%', '<', '>', '*', '(', ')', '[', ']', '@', '=',
        ])
        || v.starts_with(['.', '/', '~', '-', ':'])
        || v.ends_with('/')
}

/// Strip the `models/` prefix the Gemini REST API puts before model names.
pub fn strip_api_prefix(v: &str) -> &str {
    v.strip_prefix("models/").unwrap_or(v)
}

/// Judge a captured value. `file_url` is set when an URL points into a file of the repo.
pub fn judge(check: Check, v: &str, file_url: bool, catalog: &Catalog) -> Option<Confidence> {
    let known = || catalog.model(v).is_some();
    match check {
        Check::File => Some(Confidence::Low),
        Check::Url => {
            let org = v.split('/').next().unwrap_or("");
            if HF_RESERVED.iter().any(|r| r.eq_ignore_ascii_case(org)) || !hf_shape(v) {
                None
            } else if file_url {
                Some(Confidence::High)
            } else {
                Some(Confidence::Medium)
            }
        }
        _ if templated(v) => {
            // A Modelfile may build from a local weights file.
            (check == Check::NameOrPath && (v.starts_with(['.', '/', '~'])))
                .then_some(Confidence::Low)
        }
        Check::HfId if hf_shape(v) => Some(if v.contains('/') || known() {
            Confidence::High
        } else {
            Confidence::Medium
        }),
        Check::HfRepo if hf_shape(v) && v.contains('/') => Some(Confidence::High),
        Check::Name if ollama_shape(v) => Some(Confidence::High),
        Check::Ollama if ollama_shape(v) => Some(Confidence::High),
        Check::NameOrPath if file_like(v) => Some(Confidence::Low),
        Check::NameOrPath if ollama_shape(v) => Some(Confidence::High),
        Check::Flag if file_like(v) => None,
        Check::Flag if hf_shape(v) && (v.contains('/') || known()) => Some(Confidence::High),
        Check::Flag | Check::ModelLike => {
            let v = strip_api_prefix(v);
            // An `org/name` id counts when the name has a digit or dash (`org/model-7b`,
            // not `auth/user`).
            let hub_like = hf_shape(v)
                && v.contains('/')
                && v.rsplit('/')
                    .next()
                    .is_some_and(|n| n.contains(|c: char| c.is_ascii_digit() || c == '-'));
            if catalog.model(v).is_some() {
                Some(Confidence::High)
            } else if api_shape(v) || family_shape(v) || hub_like {
                Some(Confidence::Medium)
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(check: Check, v: &str) -> Option<Confidence> {
        judge(check, v, false, Catalog::get())
    }

    #[test]
    fn table_compiles() {
        assert!(table().len() > 20);
    }

    #[test]
    fn model_like_values() {
        use Confidence::*;
        assert_eq!(j(Check::ModelLike, "gpt-4o"), Some(High));
        assert_eq!(j(Check::ModelLike, "gpt-4.1-mini"), Some(High));
        assert_eq!(j(Check::ModelLike, "claude-sonnet-4-20250514"), Some(High));
        assert_eq!(j(Check::ModelLike, "models/gemini-1.5-pro"), Some(High));
        assert_eq!(j(Check::ModelLike, "llama3.1:8b"), Some(High));
        assert_eq!(j(Check::ModelLike, "acme/support-bot-v2"), Some(Medium));
        for decoy in [
            "user",
            "auth/user",
            "philosophy",
            "gpt",
            "Post",
            "models/x.gguf",
            "{name}",
        ] {
            assert_eq!(j(Check::ModelLike, decoy), None, "{decoy}");
        }
    }

    #[test]
    fn hub_ids_and_paths() {
        use Confidence::*;
        assert_eq!(j(Check::HfId, "org/name-1"), Some(High));
        assert_eq!(j(Check::HfId, "acme-tagger"), Some(Medium));
        assert_eq!(j(Check::HfId, "./checkpoints/run-3"), None);
        assert_eq!(j(Check::HfId, "config.json"), None);
        assert_eq!(j(Check::NameOrPath, "./weights.gguf"), Some(Low));
        assert_eq!(j(Check::NameOrPath, "llama3.1:8b"), Some(High));
        assert_eq!(j(Check::Url, "docs/transformers"), None);
        assert_eq!(judge(Check::Url, "org/m", true, Catalog::get()), Some(High));
    }
}
