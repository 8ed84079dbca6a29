//! Unit tests of `names.rs`.
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
    assert_eq!(
        normalize("hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M"),
        "bartowski/llama-3.2-3b-instruct-gguf"
    );
}

#[test]
fn router_and_cloud_forms() {
    let f = |s: &str| service_forms(&normalize(s));
    assert_eq!(f("anthropic/claude-sonnet-4-5"), ["claude-sonnet-4-5"]);
    assert_eq!(
        f("openrouter/anthropic/claude-sonnet-4.5"),
        ["claude-sonnet-4.5", "claude-sonnet-4-5"]
    );
    let bedrock = f("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert!(
        bedrock.contains(&"claude-sonnet-4-5-20250929".to_string()),
        "{bedrock:?}"
    );
    assert!(f("bedrock/amazon.nova-pro-v1:0").contains(&"nova-pro".to_string()));
    assert!(f("mistral.mistral-7b-instruct-v0:2").contains(&"mistral-7b-instruct-v0.2".to_string()));
    assert!(
        f("bedrock/invoke/anthropic.claude-3-5-sonnet-20240620-v1:0")
            .contains(&"claude-3-5-sonnet-20240620".to_string())
    );
    assert!(
        f("bedrock/us-east-1/1-month-commitment/anthropic.claude-v2:1")
            .contains(&"claude-v2.1".to_string())
    );
    assert!(f(
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    )
    .contains(&"claude-3-haiku-20240307".to_string()));
    assert!(f("openai.gpt-oss-120b-1:0").contains(&"gpt-oss-120b".to_string()));
    assert_eq!(
        f("ft:gpt-4o-mini-2024-07-18:acme::abc123"),
        ["gpt-4o-mini-2024-07-18"]
    );
    assert_eq!(
        f("azure/gpt-35-turbo-0125"),
        ["gpt-3.5-turbo-0125", "gpt-3-5-turbo-0125"]
    );
    assert_eq!(f("vertex_ai/mistral-large@latest"), ["mistral-large"]);
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
fn ollama_library_names() {
    assert_eq!(ollama_forms("llama3.1:8b"), ["llama3.1-8b", "llama-3.1-8b"]);
    assert_eq!(
        ollama_forms("qwen2.5:3b-instruct-q4_k_m"),
        ["qwen2.5-3b-instruct", "qwen-2.5-3b-instruct"]
    );
    assert_eq!(ollama_forms("phi4"), ["phi4", "phi-4"]);
    assert_eq!(ollama_forms("gpt-oss:latest"), ["gpt-oss"]);
    assert!(ollama_forms("org/name").is_empty());
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
