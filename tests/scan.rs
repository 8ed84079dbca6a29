//! `modelgate scan` and `check --scan` on the polyglot fixture: exact precision and recall,
//! drift findings, and the rules' levels.

use assert_cmd::Command;
use serde_json::Value;

const POLYGLOT: &str = "tests/fixtures/polyglot";

fn modelgate() -> Command {
    let mut c = Command::cargo_bin("modelgate").expect("binary");
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = modelgate().args(args).output().expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut a = args.to_vec();
    if !a.contains(&"--format") {
        a.extend(["--format", "json"]);
    }
    let (code, out, err) = run(&a);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}\n{err}"));
    (code, v)
}

/// Every planted reference, in report order: (file under the fixture, line, kind, text,
/// confidence).
const PLANTED: &[(&str, u64, &str, &str, &str)] = &[
    (
        "Dockerfile",
        4,
        "hf-cli-download",
        "mistralai/Mistral-7B-v0.1",
        "high",
    ),
    (
        "Dockerfile",
        5,
        "env-model",
        "mistralai/Mistral-7B-v0.1",
        "high",
    ),
    (
        "Dockerfile",
        6,
        "cli-model-flag",
        "mistralai/Mistral-7B-v0.1",
        "high",
    ),
    ("Modelfile", 2, "modelfile-from", "llama3.1:8b", "high"),
    (
        "app/inference.py",
        13,
        "model-argument",
        "meta-llama/Llama-3.1-8B-Instruct",
        "high",
    ),
    (
        "app/inference.py",
        17,
        "from-pretrained",
        "meta-llama/Llama-3.1-8B-Instruct",
        "high",
    ),
    (
        "app/inference.py",
        21,
        "sentence-transformers",
        "sentence-transformers/all-MiniLM-L6-v2",
        "high",
    ),
    (
        "app/inference.py",
        24,
        "pipeline",
        "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        "high",
    ),
    (
        "app/inference.py",
        27,
        "hf-hub-download",
        "TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
        "high",
    ),
    (
        "app/inference.py",
        28,
        "weights-file",
        "mistral-7b-instruct-v0.2.Q4_K_M.gguf",
        "low",
    ),
    ("app/inference.py", 38, "model-argument", "gpt-4o", "high"),
    (
        "app/inference.py",
        54,
        "model-argument",
        "claude-3-5-sonnet-20241022",
        "high",
    ),
    (
        "deploy/docker-compose.yml",
        4,
        "cli-model-flag",
        "Qwen/Qwen2.5-7B-Instruct",
        "high",
    ),
    (
        "deploy/docker-compose.yml",
        8,
        "ollama-cli",
        "llama3.1",
        "high",
    ),
    (
        "scripts/setup.sh",
        4,
        "ollama-cli",
        "nomic-embed-text",
        "high",
    ),
    ("scripts/setup.sh", 5, "weights-file", "phi.gguf", "low"),
    (
        "scripts/setup.sh",
        5,
        "hf-url",
        "microsoft/Phi-3-mini-4k-instruct-gguf",
        "high",
    ),
    (
        "scripts/setup.sh",
        5,
        "weights-file",
        "Phi-3-mini-4k-instruct-q4.gguf",
        "low",
    ),
    (
        "web/src/chat.ts",
        12,
        "model-argument",
        "claude-3-5-haiku-20241022",
        "high",
    ),
    (
        "web/src/chat.ts",
        19,
        "gemini-sdk",
        "gemini-1.5-pro",
        "high",
    ),
    (
        "web/src/chat.ts",
        23,
        "model-argument",
        "mistral-large-latest",
        "medium",
    ),
];

/// Names that appear in the fixture only as decoys: comments, docstrings, prose, a
/// dataset download, unrelated `model=` values, ignored and third-party files.
const DECOYS: &[&str] = &[
    "google/gemma-2-9b",                 // docstring, Dockerfile comment, README
    "google/gemma-7b",                   // commented-out Python call
    "facebook/bart-large-cnn",           // function docstring, notes.txt
    "acme/support-tickets-2024",         // hf_hub_download(..., repo_type="dataset")
    "user",                              // model="user" (Django-style argument)
    "invoice",                           // { model: "invoice" } in TypeScript
    "Ticket",                            // model = Ticket (a class, not a string)
    "claude-3-opus-20240229",            // // comment in TypeScript
    "gpt-3.5-turbo",                     // /* block comment */ in TypeScript
    "phi3",                              // # comment in the compose file
    "mixtral",                           // # comment in the shell script
    "meta-llama/Llama-3.3-70B-Instruct", // README prose
    "deepseek-r1",                       // README prose
    "gpt-4-turbo",                       // notes.txt and node_modules/
    "acme/ignored-model-1",              // generated/ is in .gitignore
    "docs/transformers",                 // a huggingface.co documentation URL
    "python:3.12-slim",                  // Dockerfile FROM is not a Modelfile FROM
    "/models",                           // OLLAMA_MODELS=/models
    "org/name",                          // argparse help text
];

#[test]
fn scan_finds_every_planted_reference_and_no_decoy() {
    let (code, v) = json(&["scan", POLYGLOT, "--format", "json"]);
    assert_eq!(code, 0);
    let got: Vec<(String, u64, String, String, String)> = v["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["kind"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string(),
                r["confidence"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, u64, String, String, String)> = PLANTED
        .iter()
        .map(|(f, l, k, t, c)| {
            (
                format!("{POLYGLOT}/{f}"),
                *l,
                k.to_string(),
                t.to_string(),
                c.to_string(),
            )
        })
        .collect();
    // Recall: every planted reference is reported.
    for w in &want {
        assert!(got.contains(w), "missed {w:?}");
    }
    // Precision: nothing else is, and no decoy name shows up anywhere.
    assert_eq!(got, want);
    for decoy in DECOYS {
        assert!(
            !got.iter().any(|g| g.3.eq_ignore_ascii_case(decoy)),
            "decoy {decoy} reported"
        );
    }
    // Six code files are read: README.md, notes.txt, the manifest, generated/ and
    // node_modules/ are not.
    assert_eq!(v["summary"]["files_scanned"], 6);
    assert_eq!(v["summary"]["references"], PLANTED.len());
}

#[test]
fn scan_human_output() {
    let (code, out, _) = run(&["scan", POLYGLOT]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("scan_polyglot_human", out);
}

#[test]
fn scan_json_is_deterministic_and_filters_by_confidence() {
    let (_, a, _) = run(&["scan", POLYGLOT, "--format", "json"]);
    let (_, b, _) = run(&["scan", POLYGLOT, "--format", "json"]);
    assert_eq!(a, b);
    let (_, v) = json(&[
        "scan",
        POLYGLOT,
        "--format",
        "json",
        "--min-confidence",
        "medium",
    ]);
    let refs = v["references"].as_array().unwrap();
    assert_eq!(refs.len(), PLANTED.iter().filter(|p| p.4 != "low").count());
    let first = &refs[0];
    assert_eq!(first["model"], "mistralai/Mistral-7B-v0.1");
    assert_eq!(first["column"], 30);
}

#[test]
fn scan_of_a_missing_path_is_a_usage_error() {
    let (code, _, err) = run(&["scan", "tests/fixtures/no-such-dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("tests/fixtures/no-such-dir"), "{err}");
}

fn drift_findings(v: &Value) -> Vec<(String, String, String, u64)> {
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "undeclared-model" || f["rule"] == "unused-model")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["model"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn check_scan_reports_drift_at_the_line_of_code() {
    let (code, v) = json(&["check", "--scan", POLYGLOT]);
    assert_eq!(code, 1);
    let p = |f: &str| format!("{POLYGLOT}/{f}");
    let want: Vec<(String, String, String, u64)> = vec![
        (
            "undeclared-model",
            "Qwen/Qwen2.5-7B-Instruct",
            p("deploy/docker-compose.yml"),
            4,
        ),
        (
            "undeclared-model",
            "TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
            p("app/inference.py"),
            27,
        ),
        (
            "undeclared-model",
            "claude-3-5-haiku-20241022",
            p("web/src/chat.ts"),
            12,
        ),
        (
            "undeclared-model",
            "claude-3-5-sonnet-20241022",
            p("app/inference.py"),
            54,
        ),
        (
            "undeclared-model",
            "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
            p("app/inference.py"),
            24,
        ),
        (
            "undeclared-model",
            "gemini-1.5-pro",
            p("web/src/chat.ts"),
            19,
        ),
        (
            "undeclared-model",
            "microsoft/Phi-3-mini-4k-instruct-gguf",
            p("scripts/setup.sh"),
            5,
        ),
        (
            "undeclared-model",
            "mistral-large-latest",
            p("web/src/chat.ts"),
            23,
        ),
        (
            "undeclared-model",
            "nomic-embed-text",
            p("scripts/setup.sh"),
            4,
        ),
        (
            "unused-model",
            "stabilityai/stable-diffusion-xl-base-1.0",
            p("ai-models.yaml"),
            21,
        ),
    ]
    .into_iter()
    .map(|(r, m, f, l)| (r.to_string(), m.to_string(), f, l))
    .collect();
    assert_eq!(drift_findings(&v), want);
    let sonnet = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["model"] == "claude-3-5-sonnet-20241022")
        .unwrap();
    assert_eq!(sonnet["severity"], "error");
    assert_eq!(sonnet["column"], 23);
    assert_eq!(
        sonnet["source"],
        "scan: model-argument pattern, high confidence"
    );
}

#[test]
fn check_scan_human_shows_the_code() {
    let (_, out, _) = run(&[
        "check",
        "--scan",
        POLYGLOT,
        "--color",
        "never",
        "--allow",
        "attribution-required",
        "--allow",
        "osi-approved",
        "--allow",
        "no-user-cap",
        "--allow",
        "no-field-of-use-restrictions",
        "--allow",
        "no-proprietary",
        "--allow",
        "revision-pinned",
    ]);
    insta::assert_snapshot!("check_scan_polyglot_human", out);
}

#[test]
fn drift_rules_take_levels_and_need_the_flag() {
    let (_, v) = json(&["check", POLYGLOT]);
    assert!(drift_findings(&v).is_empty(), "no drift without --scan");

    let (code, v) = json(&[
        "check",
        "--scan",
        POLYGLOT,
        "--allow",
        "undeclared-model",
        "--deny",
        "unused-model",
    ]);
    assert_eq!(code, 1);
    let d = drift_findings(&v);
    assert_eq!(d.len(), 1);
    let unused = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unused-model")
        .unwrap();
    assert_eq!(unused["severity"], "error");

    let (code, _, err) = run(&["check", "--scan", POLYGLOT, "--deny", "undeclared-models"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `undeclared-model`"), "{err}");
}

#[test]
fn explain_knows_the_drift_rules() {
    let (code, out, _) = run(&["explain", "undeclared-model"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("undeclared-model — Model used in code but not declared"));
    assert!(out.contains("default severity: error"));
    let (code, v) = json(&["explain", "unused-model"]);
    assert_eq!(code, 0);
    assert_eq!(v["rule"]["severity"], "note");
}

#[test]
fn nested_manifests_each_own_their_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("svc")).unwrap();
    std::fs::write(
        root.join("ai-models.yaml"),
        "models:\n  - id: gpt-4o\n    provider: openai\n",
    )
    .unwrap();
    std::fs::write(
        root.join("svc/ai-models.yaml"),
        "models:\n  - id: gpt-4o-mini\n    provider: openai\n",
    )
    .unwrap();
    std::fs::write(root.join("main.py"), "r = c.create(model=\"gpt-4o\")\n").unwrap();
    std::fs::write(
        root.join("svc/worker.py"),
        "r = c.create(model=\"gpt-4o-mini\")\ns = c.create(model=\"claude-3-haiku-20240307\")\n",
    )
    .unwrap();
    let out = modelgate()
        .current_dir(root)
        .args(["check", "--scan", ".", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        drift_findings(&v),
        [(
            "undeclared-model".to_string(),
            "claude-3-haiku-20240307".to_string(),
            "svc/worker.py".to_string(),
            2
        )]
    );
}

#[test]
fn check_scan_matches_a_router_form_and_a_bare_service_name() {
    // Declared as LiteLLM writes it, used in code as the SDK writes it: the same service.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join(".git")).unwrap();
    std::fs::write(
        p.join("ai-models.yaml"),
        "version: 1\nmodels:\n  - id: anthropic/claude-sonnet-4-5\n  - id: openai/gpt-oss-20b\n",
    )
    .unwrap();
    std::fs::write(
        p.join("app.py"),
        "import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model=\"claude-sonnet-4-5\", max_tokens=1, messages=[])\nMODEL = \"openai/gpt-oss-20b\"\n",
    )
    .unwrap();
    let (_, v) = json(&["check", "--scan", p.to_str().unwrap()]);
    assert!(drift_findings(&v).is_empty(), "{v}");
    // A code reference to another Claude model is still undeclared.
    std::fs::write(
        p.join("other.py"),
        "client.messages.create(model=\"claude-opus-4-1-20250805\", max_tokens=1, messages=[])\n",
    )
    .unwrap();
    let (_, v) = json(&["check", "--scan", p.to_str().unwrap()]);
    let drift = drift_findings(&v);
    assert_eq!(drift.len(), 1, "{drift:?}");
    assert_eq!(drift[0].0, "undeclared-model");
}
