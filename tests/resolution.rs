//! Resolution of written model names against the knowledge base, as data: for one current
//! model of every publisher the issue names, each way people write it (canonical, lower case,
//! bare repo name, behind a router prefix, pasted as a URL, as a community quantization) must
//! reach the same terms; every API naming form must reach a proprietary service of the right
//! provider; and names the catalog does not know must stay unknown.

use modelgate::catalog::{Catalog, MatchKind};

/// (canonical Hub id, the binding license expression).
const OPEN: &[(&str, &str)] = &[
    ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4"),
    ("meta-llama/Llama-3.3-70B-Instruct", "llama3.3"),
    ("meta-llama/Llama-Guard-4-12B", "llama4"),
    ("google/gemma-3-27b-it", "gemma"),
    ("google/gemma-3n-E4B-it", "gemma"),
    ("google/embeddinggemma-300m", "gemma"),
    ("microsoft/Phi-4-mini-instruct", "MIT"),
    ("microsoft/Phi-4-reasoning", "MIT"),
    (
        "mistralai/Mistral-Small-3.2-24B-Instruct-2506",
        "Apache-2.0",
    ),
    ("mistralai/Magistral-Small-2509", "Apache-2.0"),
    ("mistralai/Devstral-Small-2507", "Apache-2.0"),
    (
        "mistralai/Devstral-2-123B-Instruct-2512",
        "mistral-modified-mit",
    ),
    ("Qwen/Qwen3-30B-A3B-Instruct-2507", "Apache-2.0"),
    ("Qwen/Qwen2.5-72B-Instruct", "qwen"),
    ("Qwen/Qwen2.5-VL-72B-Instruct", "qwen"),
    ("Qwen/Qwen2.5-Coder-3B-Instruct", "qwen-research"),
    ("deepseek-ai/DeepSeek-V3.1", "MIT"),
    ("deepseek-ai/DeepSeek-R1-0528", "MIT"),
    (
        "deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
        "(MIT) AND (llama3.3)",
    ),
    ("openai/gpt-oss-120b", "Apache-2.0"),
    ("openai/whisper-large-v3-turbo", "Apache-2.0"),
    ("moonshotai/Kimi-K2-Instruct-0905", "kimi-k2-modified-mit"),
    ("zai-org/GLM-4.5", "MIT"),
    ("MiniMaxAI/MiniMax-M2", "minimax-m2-modified-mit"),
    ("01-ai/Yi-1.5-34B-Chat", "Apache-2.0"),
    ("baichuan-inc/Baichuan2-13B-Chat", "baichuan2-community"),
    ("tencent/Hunyuan-A13B-Instruct", "tencent-hunyuan-community"),
    ("ibm-granite/granite-3.3-8b-instruct", "Apache-2.0"),
    (
        "nvidia/NVIDIA-Nemotron-Nano-9B-v2",
        "nvidia-open-model-license",
    ),
    ("tiiuae/Falcon3-7B-Instruct", "falcon-llm-license"),
    ("allenai/OLMo-2-1124-13B-Instruct", "Apache-2.0"),
    ("HuggingFaceTB/SmolLM3-3B", "Apache-2.0"),
    ("EleutherAI/pythia-6.9b", "Apache-2.0"),
    ("CohereLabs/c4ai-command-r7b-12-2024", "CC-BY-NC-4.0"),
    ("xai-org/grok-2", "grok2-community"),
    (
        "stabilityai/stable-diffusion-3.5-large",
        "stabilityai-ai-community",
    ),
    ("black-forest-labs/FLUX.1-schnell", "Apache-2.0"),
    (
        "black-forest-labs/FLUX.1-Krea-dev",
        "flux-1-dev-non-commercial-license",
    ),
    ("HiDream-ai/HiDream-I1-Full", "MIT"),
    ("Wan-AI/Wan2.2-T2V-A14B", "Apache-2.0"),
    ("tencent/HunyuanVideo", "tencent-hunyuan-community"),
    ("Lightricks/LTX-Video", "ltxv-open-weights-license"),
    ("Ultralytics/YOLO11", "AGPL-3.0-only"),
    ("facebook/sam2.1-hiera-large", "Apache-2.0"),
    ("facebook/dinov2-large", "Apache-2.0"),
    ("sentence-transformers/all-MiniLM-L6-v2", "Apache-2.0"),
    ("BAAI/bge-m3", "MIT"),
    ("intfloat/multilingual-e5-large", "MIT"),
    ("nomic-ai/nomic-embed-text-v1.5", "Apache-2.0"),
    ("jinaai/jina-embeddings-v3", "CC-BY-NC-4.0"),
    ("mixedbread-ai/mxbai-embed-large-v1", "Apache-2.0"),
    ("Snowflake/snowflake-arctic-embed-l-v2.0", "Apache-2.0"),
    ("Alibaba-NLP/gte-multilingual-base", "Apache-2.0"),
    ("hexgrad/Kokoro-82M", "Apache-2.0"),
    ("coqui/XTTS-v2", "coqui-public-model-license"),
];

fn binding(c: &Catalog, id: &str) -> Option<(String, MatchKind)> {
    c.resolve(id)
        .map(|r| (r.facts.binding_license().to_string(), r.kind))
}

#[test]
fn every_publisher_resolves_in_every_written_form() {
    let c = Catalog::get();
    let mut problems = Vec::new();
    for (id, want) in OPEN {
        let name = id.rsplit('/').next().unwrap();
        // A bare repo name that is also an exact service name is the service (`grok-2`).
        let bare_is_service = c
            .exact(name)
            .is_some_and(|(_, kind)| kind == MatchKind::ApiName);
        let direct = [
            id.to_string(),
            id.to_lowercase(),
            id.to_uppercase(),
            if bare_is_service {
                id.to_string()
            } else {
                name.to_string()
            },
            format!("huggingface/{id}"),
            format!("together_ai/{id}"),
            format!("https://huggingface.co/{id}/tree/main"),
            format!("hf://{id}"),
            format!("{id}.git"),
            format!("{id}@main"),
            id.replacen('/', "//", 1),
        ];
        for written in &direct {
            match binding(c, written) {
                Some((lic, kind)) if lic == *want && kind.is_direct() => {}
                other => problems.push(format!("`{written}`: want {want} (direct), got {other:?}")),
            }
        }
        // Community quantizations and conversions: the base's terms, marked as inferred.
        for written in [
            format!("bartowski/{name}-GGUF"),
            format!("unsloth/{name}-bnb-4bit"),
            format!("mlx-community/{name}-4bit"),
            format!("TheBloke/{name}-AWQ"),
            format!("RedHatAI/{name}-FP8-Dynamic"),
            format!("someone/{name}-Q4_K_M.gguf"),
            format!("{name}-GPTQ-Int4"),
        ] {
            match c.resolve(&written) {
                Some(r) if r.facts.binding_license() == *want && r.kind == MatchKind::Inferred => {
                    let note = &r.inference.as_ref().unwrap().note;
                    if !note.contains("inferred from the name") || !note.contains("base_model") {
                        problems.push(format!("`{written}`: inference note `{note}`"));
                    }
                }
                other => problems.push(format!(
                    "`{written}`: want {want} (inferred), got {:?}",
                    other.map(|r| (r.facts.id.clone(), r.kind))
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// (written, developer of the service it must reach).
const SERVICES: &[(&str, &str)] = &[
    ("gpt-5", "OpenAI"),
    ("gpt-5-mini", "OpenAI"),
    ("gpt-5-2025-08-07", "OpenAI"),
    ("gpt-4.1-nano", "OpenAI"),
    ("gpt-4o", "OpenAI"),
    ("o1", "OpenAI"),
    ("o3", "OpenAI"),
    ("o3-mini", "OpenAI"),
    ("o4-mini", "OpenAI"),
    ("chatgpt-4o-latest", "OpenAI"),
    ("dall-e-3", "OpenAI"),
    ("gpt-image-1", "OpenAI"),
    ("tts-1-hd", "OpenAI"),
    ("whisper-1", "OpenAI"),
    ("text-embedding-3-large", "OpenAI"),
    ("claude-sonnet-4-5", "Anthropic"),
    ("claude-sonnet-4-5-20250929", "Anthropic"),
    ("claude-3-7-sonnet-latest", "Anthropic"),
    ("claude-opus-4-1-20250805", "Anthropic"),
    ("claude-haiku-4-5", "Anthropic"),
    ("gemini-2.5-pro", "Google"),
    ("gemini-2.5-flash", "Google"),
    ("gemini-2.5-flash-lite", "Google"),
    ("gemini-embedding-001", "Google"),
    ("text-embedding-004", "Google"),
    ("imagen-4.0-generate-001", "Google"),
    ("veo-3.0-generate-001", "Google"),
    ("mistral-medium-2508", "Mistral AI"),
    ("command-r-plus", "Cohere"),
    ("command-a-03-2025", "Cohere"),
    ("embed-v4.0", "Cohere"),
    ("rerank-v3.5", "Cohere"),
    ("grok-4", "xAI"),
    ("grok-3-mini", "xAI"),
    ("deepseek-chat", "DeepSeek"),
    ("deepseek-reasoner", "DeepSeek"),
    ("nova-pro", "Amazon"),
    ("amazon.nova-pro-v1:0", "Amazon"),
    ("amazon.titan-embed-text-v2:0", "Amazon"),
    // Routers and clouds.
    ("anthropic/claude-sonnet-4-5", "Anthropic"),
    ("openrouter/anthropic/claude-sonnet-4.5", "Anthropic"),
    ("openai/gpt-5", "OpenAI"),
    ("azure/gpt-4o", "OpenAI"),
    ("azure/gpt-35-turbo-0125", "OpenAI"),
    ("ft:gpt-4o-mini-2024-07-18:acme::abc123", "OpenAI"),
    ("gemini/gemini-2.5-pro", "Google"),
    ("vertex_ai/gemini-2.5-pro", "Google"),
    ("models/gemini-2.5-flash", "Google"),
    ("publishers/google/models/gemini-2.5-pro", "Google"),
    (
        "projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929",
        "Anthropic",
    ),
    ("xai/grok-4", "xAI"),
    ("x-ai/grok-4:free", "xAI"),
    ("deepseek/deepseek-chat", "DeepSeek"),
    ("anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic"),
    ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic"),
    (
        "bedrock/eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "Anthropic",
    ),
    (
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        "Anthropic",
    ),
    // New dated or numbered releases of known lines, unknown to the catalog.
    ("gpt-5-2027-01-15", "OpenAI"),
    ("claude-sonnet-4-5-20261201", "Anthropic"),
    ("claude-opus-9", "Anthropic"),
    ("gemini-2.5-flash-preview-11-2026", "Google"),
    ("gemini-9-ultra", "Google"),
];

#[test]
fn every_api_naming_form_is_a_proprietary_service() {
    let c = Catalog::get();
    let mut problems = Vec::new();
    for (written, developer) in SERVICES {
        match c.resolve(written) {
            Some(r)
                if !r.facts.hf
                    && r.facts.binding_license() == "proprietary"
                    && r.facts.developer.starts_with(developer) => {}
            other => problems.push(format!(
                "`{written}`: want a {developer} service, got {:?}",
                other.map(|r| (r.facts.id.clone(), r.kind))
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn open_weights_under_a_vendor_org_are_never_its_api() {
    let c = Catalog::get();
    for written in [
        "openai/gpt-oss-20b",
        "gpt-oss-20b",
        "unsloth/gpt-oss-20b-GGUF",
        "groq/openai/gpt-oss-120b",
        "google/gemma-3-4b-it",
        "gemma-3-4b-it",
        "xai-org/grok-1",
        "CohereLabs/c4ai-command-a-03-2025",
        "mistralai/Mistral-Large-Instruct-2411",
        "meta.llama3-1-70b-instruct-v1:0",
        "mistral.mistral-7b-instruct-v0:2",
    ] {
        let r = c
            .resolve(written)
            .unwrap_or_else(|| panic!("`{written}` is not found"));
        assert!(
            r.facts.hf && r.facts.weights_available,
            "`{written}` resolved to the service `{}`",
            r.facts.id
        );
    }
}

#[test]
fn size_specific_and_inherited_licenses() {
    let c = Catalog::get();
    let lic = |id: &str| binding(c, id).map(|(l, _)| l);
    // Sizes of one family under different terms, including unlisted repos of a size.
    assert_eq!(
        lic("Qwen/Qwen2.5-3B-Instruct").as_deref(),
        Some("qwen-research")
    );
    assert_eq!(
        lic("Qwen/Qwen2.5-7B-Instruct").as_deref(),
        Some("Apache-2.0")
    );
    assert_eq!(
        lic("Qwen/Qwen2.5-72B-Instruct-AWQ").as_deref(),
        Some("qwen")
    );
    assert_eq!(
        lic("Qwen/Qwen2.5-3B-Instruct-Some-Future-Repo").as_deref(),
        Some("qwen-research")
    );
    // Distills are bound by their base model's terms too.
    assert_eq!(
        lic("deepseek-ai/DeepSeek-R1-Distill-Llama-8B").as_deref(),
        Some("(MIT) AND (llama3.1)")
    );
    assert_eq!(
        lic("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B").as_deref(),
        Some("(MIT) AND (Apache-2.0)")
    );
    let distill = c
        .exact("deepseek-ai/DeepSeek-R1-Distill-Llama-70B")
        .unwrap()
        .0;
    assert_eq!(distill.hub_license.as_deref(), Some("mit"));
    assert!(distill.license_note.as_deref().unwrap().contains("Llama"));
}

#[test]
fn unknown_names_stay_unknown() {
    let c = Catalog::get();
    for written in [
        "acme/internal-classifier",
        "acme/support-bot-v2",
        "my-model",
        "openai/not-a-model-name",
        "gguf",
        "",
        "/",
        "//",
        "hf://",
    ] {
        assert!(
            c.resolve(written).is_none(),
            "`{written}` resolved to `{}`",
            c.resolve(written).unwrap().facts.id
        );
    }
}

#[test]
fn version_names_the_knowledge_base() {
    let c = Catalog::get();
    let stats = c.stats();
    assert!(stats.families >= 300, "{stats:?}");
    assert!(stats.repo_ids >= 1000, "{stats:?}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_modelgate"))
        .arg("--version")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "knowledge base {}",
            modelgate::catalog::KNOWLEDGE_DATE
        )) && text.contains(&format!("{} repo ids", stats.repo_ids))
            && text.contains("SPDX License List"),
        "{text}"
    );
}

#[test]
fn ollama_library_names_are_inferred_with_their_size() {
    let c = Catalog::get();
    for (written, want) in [
        ("llama3.1:8b", "llama3.1"),
        ("qwen2.5:3b", "qwen-research"),
        ("qwen2.5:7b-instruct-q4_K_M", "Apache-2.0"),
        ("qwen2.5:72b", "qwen"),
        ("gemma3:4b", "gemma"),
        ("gpt-oss:20b", "Apache-2.0"),
        (
            "hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M",
            "llama3.2",
        ),
    ] {
        let r = c
            .resolve(written)
            .unwrap_or_else(|| panic!("`{written}` is not found"));
        assert_eq!(r.kind, MatchKind::Inferred, "{written}");
        assert_eq!(r.facts.binding_license(), want, "{written}");
    }
}

/// Ollama's library names go through Ollama's own table (`catalog/ollama.yaml`): the size tag
/// picks the repo, so sizes under other licenses, names whose meaning moved and names that
/// say nothing about their base are right, and sizes the catalog lacks stay unknown.
#[test]
fn ollama_library_names_follow_the_library_table() {
    let c = Catalog::get();
    for (written, repo, want) in [
        // The distills: 8b is now the Qwen3 distill, 70b the Llama 3.3 one. (A bare `deepseek-r1`
        // is the Hub repo of that name, which the catalog has.)
        (
            "deepseek-r1:8b",
            "deepseek-ai/DeepSeek-R1-0528-Qwen3-8B",
            None,
        ),
        (
            "deepseek-r1:latest",
            "deepseek-ai/DeepSeek-R1-0528-Qwen3-8B",
            None,
        ),
        (
            "deepseek-r1:70b",
            "deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
            Some("(MIT) AND (llama3.3)"),
        ),
        // One name, licenses by size.
        (
            "mistral-small:22b",
            "mistralai/Mistral-Small-Instruct-2409",
            None,
        ),
        (
            "mistral-small",
            "mistralai/Mistral-Small-24B-Instruct-2501",
            Some("Apache-2.0"),
        ),
        (
            "qwen2.5-coder:3b",
            "Qwen/Qwen2.5-Coder-3B-Instruct",
            Some("qwen-research"),
        ),
        // Names that do not spell their base.
        (
            "mistral-nemo",
            "mistralai/Mistral-Nemo-Instruct-2407",
            Some("Apache-2.0"),
        ),
        (
            "llama4:scout",
            "meta-llama/Llama-4-Scout-17B-16E-Instruct",
            Some("llama4"),
        ),
        (
            "qwen3-coder:30b",
            "Qwen/Qwen3-Coder-30B-A3B-Instruct",
            Some("Apache-2.0"),
        ),
        // Prefixes routers and the registry write, tags with variant and quantization.
        (
            "ollama/llama3.1:70b",
            "meta-llama/Llama-3.1-70B-Instruct",
            Some("llama3.1"),
        ),
        (
            "ollama_chat/llama3.2:1b-instruct-q4_K_M",
            "meta-llama/Llama-3.2-1B-Instruct",
            Some("llama3.2"),
        ),
        (
            "registry.ollama.ai/library/gemma3:4b-it-qat",
            "google/gemma-3-4b-it",
            Some("gemma"),
        ),
        (
            "Llama3.1:latest",
            "meta-llama/Llama-3.1-8B-Instruct",
            Some("llama3.1"),
        ),
    ] {
        let r = c
            .resolve(written)
            .unwrap_or_else(|| panic!("`{written}` is not found"));
        assert_eq!(r.kind, MatchKind::Inferred, "{written}");
        let inf = r.inference.as_ref().expect("an inference note");
        assert!(
            inf.note.contains("Ollama library name") && inf.note.contains(repo),
            "{written}: {}",
            inf.note
        );
        let direct = c.resolve(repo).expect("the repo is in the catalog");
        assert_eq!(r.facts.id, direct.facts.id, "{written}");
        if let Some(want) = want {
            assert_eq!(r.facts.binding_license(), want, "{written}");
        }
    }
    // A library name whose repos the catalog does not have is not guessed from its spelling.
    for written in ["llava:7b", "llava", "vicuna:33b", "dolphin-mixtral:8x7b"] {
        assert!(
            c.resolve(written).is_none(),
            "`{written}` should stay unknown"
        );
    }
}
