//! Local model cards: a Hugging Face cache in its real layout (refs, snapshots, blobs and the
//! symlinks between them) in a temporary directory, and `source:` directories.

mod common;

use std::path::{Path, PathBuf};

use common::run_with;
use serde_json::Value;

const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

/// Put a card into `hub` for `repo` (`org/name`) the way `huggingface_hub` lays it out:
/// `refs/main` names the snapshot, whose `README.md` links to a blob.
fn cache_card(hub: &Path, repo: &str, card: &str) -> PathBuf {
    let dir = hub.join(format!("models--{}", repo.replace('/', "--")));
    std::fs::create_dir_all(dir.join("refs")).unwrap();
    std::fs::create_dir_all(dir.join("blobs")).unwrap();
    std::fs::create_dir_all(dir.join(format!("snapshots/{SHA}"))).unwrap();
    std::fs::write(dir.join("refs/main"), SHA).unwrap();
    std::fs::write(dir.join("blobs/5f1c0ffee"), card).unwrap();
    std::os::unix::fs::symlink(
        "../../blobs/5f1c0ffee",
        dir.join(format!("snapshots/{SHA}/README.md")),
    )
    .unwrap();
    dir
}

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(manifest: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
        std::fs::create_dir_all(dir.path().join("hub")).unwrap();
        std::fs::write(dir.path().join("repo/ai-models.yaml"), manifest).unwrap();
        Setup { dir }
    }
    fn hub(&self) -> PathBuf {
        self.dir.path().join("hub")
    }
    fn check(&self, extra: &[&str]) -> (i32, Value, String) {
        let mut args = vec!["check", "--format", "json", "repo"];
        args.extend(extra);
        let hub = self.hub();
        let r = run_with(
            &args,
            &[("HF_HUB_CACHE", hub.to_str().unwrap())],
            Some(self.dir.path()),
        );
        let v = r.json();
        (r.code, v, r.stdout)
    }
}

fn rules_for(v: &Value, model: &str) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["model"] == model && f["rule"] != "revision-pinned")
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn finding<'a>(v: &'a Value, rule: &str, model: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule && f["model"] == model)
        .unwrap_or_else(|| panic!("no {rule} for {model}: {v:#}"))
}

const COMMERCIAL: &str = "project:\n  commercial: true\nmodels:\n";

#[test]
fn a_card_license_in_the_cache_is_judged_and_cited() {
    let s = Setup::new(&format!("{COMMERCIAL}  - id: acme/secret-model\n"));
    cache_card(
        &s.hub(),
        "acme/secret-model",
        "---\nlicense: cc-by-nc-4.0\ntags: [text-generation]\n---\n# Secret model\n",
    );
    let (code, v, _) = s.check(&[]);
    assert_eq!(code, 1, "{v:#}");
    let f = finding(&v, "no-non-commercial", "acme/secret-model");
    let source = f["source"].as_str().unwrap();
    assert!(
        source.contains(&format!(
            "license from the local model card models--acme--secret-model/snapshots/{SHA}/README.md (snapshot {SHA})"
        )) && source.contains("CI machines without this machine's Hugging Face cache will not see it")
            && source.contains("`modelgate check --fix`"),
        "{source}"
    );
    assert!(!rules_for(&v, "acme/secret-model").contains(&"license-missing".to_string()));

    // --explain carries the card as a fact.
    let (_, v, _) = s.check(&["--explain"]);
    let f = finding(&v, "no-non-commercial", "acme/secret-model");
    let facts = f["explanation"]["facts"].as_array().unwrap();
    let card = facts
        .iter()
        .find(|x| x["fact"] == "local model card")
        .unwrap();
    assert_eq!(card["value"]["revision"], SHA);
    assert_eq!(card["value"]["license"], "cc-by-nc-4.0");
    let judged = facts
        .iter()
        .find(|x| x["fact"] == "license judged")
        .unwrap();
    assert_eq!(judged["value"]["from"], "local-card");

    // Hermetic runs see what CI sees.
    let (_, v, _) = s.check(&["--no-local-cards"]);
    assert_eq!(rules_for(&v, "acme/secret-model"), vec!["license-missing"]);
    std::fs::write(
        s.dir.path().join("repo/.modelgate.yaml"),
        "local_cards: false\n",
    )
    .unwrap();
    let (_, v, _) = s.check(&[]);
    assert_eq!(rules_for(&v, "acme/secret-model"), vec!["license-missing"]);
}

#[test]
fn a_card_base_model_inherits_the_llama_terms() {
    let s = Setup::new(&format!("{COMMERCIAL}  - id: acme/llama-support-bot\n"));
    cache_card(
        &s.hub(),
        "acme/llama-support-bot",
        "---\nbase_model:\n- meta-llama/Llama-3.1-8B-Instruct\nlibrary_name: transformers\n---\n",
    );
    let (_, v, _) = s.check(&["--explain"]);
    let rules = rules_for(&v, "acme/llama-support-bot");
    assert!(!rules.contains(&"license-missing".to_string()), "{rules:?}");
    assert!(!rules.is_empty(), "the Llama terms produce findings: {v:#}");
    let f = &v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["model"] == "acme/llama-support-bot")
        .unwrap();
    let facts = f["explanation"]["facts"].as_array().unwrap();
    let entry = facts
        .iter()
        .find(|x| x["fact"] == "knowledge-base entry")
        .unwrap();
    assert_eq!(entry["value"]["matched_by"], "base-model");
    let judged = facts
        .iter()
        .find(|x| x["fact"] == "license judged")
        .unwrap();
    assert!(
        judged["value"]["expression"]
            .as_str()
            .unwrap()
            .contains("llama3.1"),
        "{judged:#}"
    );
    assert!(f["source"]
        .as_str()
        .unwrap()
        .contains("base_model from the local model card"));

    let (_, v, _) = s.check(&["--no-local-cards"]);
    assert_eq!(
        rules_for(&v, "acme/llama-support-bot"),
        vec!["license-missing"]
    );
}

#[test]
fn a_source_directory_card_is_read() {
    let s = Setup::new(&format!(
        "{COMMERCIAL}  - id: acme/vision\n    source: ./models/vision\n"
    ));
    let model = s.dir.path().join("repo/models/vision");
    std::fs::create_dir_all(&model).unwrap();
    std::fs::write(
        model.join("README.md"),
        "---\nlicense: cc-by-nc-sa-4.0\n---\n",
    )
    .unwrap();
    let (_, v, _) = s.check(&[]);
    let f = finding(&v, "no-non-commercial", "acme/vision");
    assert!(f["source"]
        .as_str()
        .unwrap()
        .contains("from the local model card repo/models/vision/README.md;"));
}

#[test]
fn hostile_cards_are_ignored_or_shown_safely() {
    let s = Setup::new(&format!(
        "{COMMERCIAL}  - id: evil/escape\n  - id: evil/huge\n  - id: evil/ansi\n  - id: evil/badref\n"
    ));
    // A snapshot README that links out of the cache.
    let outside = s.dir.path().join("outside.md");
    std::fs::write(&outside, "---\nlicense: mit\n---\n").unwrap();
    let dir = cache_card(&s.hub(), "evil/escape", "x");
    let link = dir.join(format!("snapshots/{SHA}/README.md"));
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    // A card over the size limit.
    let big = format!("---\nlicense: mit\n---\n{}", "x".repeat(600 * 1024));
    cache_card(&s.hub(), "evil/huge", &big);
    // Control characters in a value.
    cache_card(
        &s.hub(),
        "evil/ansi",
        "---\nlicense: \"mit\\e[31m\\u0007\"\n---\n",
    );
    // A ref that is not a commit id.
    let dir = cache_card(&s.hub(), "evil/badref", "---\nlicense: mit\n---\n");
    std::fs::write(dir.join("refs/main"), "../../../etc").unwrap();

    let (code, v, stdout) = s.check(&[]);
    assert_ne!(code, 2, "{v:#}");
    for m in ["evil/escape", "evil/huge", "evil/badref"] {
        assert_eq!(rules_for(&v, m), vec!["license-missing"], "{m}");
    }
    assert!(rules_for(&v, "evil/ansi").contains(&"license-unknown".to_string()));
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'));
    let r = run_with(
        &["check", "repo"],
        &[("HF_HUB_CACHE", s.hub().to_str().unwrap())],
        Some(s.dir.path()),
    );
    assert!(
        !r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'),
        "{}",
        r.stdout
    );
}
