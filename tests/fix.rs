//! `check --fix` and `--diff`: format-preserving insertions of what modelgate knows, and
//! nothing else.

mod common;

use std::path::{Path, PathBuf};

use common::run_with;
use serde_json::Value;

const SHA: &str = "89abcdef0123456789abcdef0123456789abcdef";

/// The manifest before: comments, block and flow style, quoting, CRLF line endings.
const BEFORE: &str = "# Models of the shop\r\n\
project:\r\n\
\x20 name: shop   # the storefront\r\n\
\x20 commercial: true\r\n\
models:\r\n\
\x20 # the catalog knows this one\r\n\
\x20 - id: black-forest-labs/FLUX.1-schnell   # images\r\n\
\x20   usage: [inference]\r\n\
\x20 - {id: acme/secret-model, environment: research}  # card in the cache\r\n\
\x20 - id: \"someone/Llama-3.1-8B-Instruct-GGUF\"\r\n\
\x20   license: llama3.1\r\n\
\x20 - id: acme/written\r\n\
\x20   license: 'MIT'   # written by hand: never changed\r\n\
\x20   base_model:\r\n";

/// The manifest after: the same bytes with only the added lines and flow keys.
fn after() -> String {
    BEFORE
        .replace(
            "FLUX.1-schnell   # images\r\n",
            "FLUX.1-schnell   # images\r\n    license: Apache-2.0\r\n",
        )
        .replace(
            "{id: acme/secret-model, ",
            &format!("{{id: acme/secret-model, license: cc-by-nc-4.0, revision: {SHA}, "),
        )
        .replace(
            "GGUF\"\r\n",
            "GGUF\"\r\n    base_model: meta-llama/Llama-3.1-8B-Instruct\r\n",
        )
}

fn tree() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
    let hub = dir.path().join("hub");
    let repo = hub.join("models--acme--secret-model");
    std::fs::create_dir_all(repo.join("refs")).unwrap();
    std::fs::create_dir_all(repo.join("blobs")).unwrap();
    std::fs::create_dir_all(repo.join(format!("snapshots/{SHA}"))).unwrap();
    std::fs::write(repo.join("refs/main"), format!("{SHA}\n")).unwrap();
    std::fs::write(repo.join("blobs/aa"), "---\nlicense: cc-by-nc-4.0\n---\n").unwrap();
    std::os::unix::fs::symlink(
        "../../blobs/aa",
        repo.join(format!("snapshots/{SHA}/README.md")),
    )
    .unwrap();
    let manifest = dir.path().join("repo/ai-models.yaml");
    std::fs::write(&manifest, BEFORE).unwrap();
    (dir, hub, manifest)
}

fn modelgate(dir: &Path, hub: &Path, args: &[&str]) -> common::Run {
    run_with(args, &[("HF_HUB_CACHE", hub.to_str().unwrap())], Some(dir))
}

fn rules(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["model"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn fix_adds_only_the_missing_lines_and_is_idempotent() {
    let (dir, hub, manifest) = tree();
    // Plain check never writes; without the cache (as on CI) the card's model has no license.
    let r = modelgate(
        dir.path(),
        &hub,
        &["check", "--no-local-cards", "--format", "json", "repo"],
    );
    assert!(rules(&r.json()).contains(&("license-missing".into(), "acme/secret-model".into())));
    let r = modelgate(dir.path(), &hub, &["check", "repo"]);
    assert_ne!(r.code, 2, "{}", r.stdout);
    assert_eq!(std::fs::read(&manifest).unwrap(), BEFORE.as_bytes());

    let r = modelgate(
        dir.path(),
        &hub,
        &["check", "--fix", "--format", "json", "repo"],
    );
    let got = std::fs::read(&manifest).unwrap();
    assert_eq!(String::from_utf8_lossy(&got), after(), "{}", r.stderr);
    assert_eq!(got, after().as_bytes(), "byte for byte");
    for line in [
        "repo/ai-models.yaml:8: added `license: Apache-2.0` to `black-forest-labs/FLUX.1-schnell` (from the knowledge base entry `black-forest-labs/FLUX.1-schnell`)",
        &format!("repo/ai-models.yaml:10: added `license: cc-by-nc-4.0` to `acme/secret-model` (from the local model card models--acme--secret-model/snapshots/{SHA}/README.md (snapshot {SHA}))\n"),
        &format!("repo/ai-models.yaml:10: added `revision: {SHA}` to `acme/secret-model` (from the local Hugging Face cache (`refs/main`))"),
        "repo/ai-models.yaml:12: added `base_model: meta-llama/Llama-3.1-8B-Instruct` to `someone/Llama-3.1-8B-Instruct-GGUF` (inferred from the name",
        "fix: added 4 values in 1 manifest",
    ] {
        assert!(r.stderr.contains(line), "{line}\n{}", r.stderr);
    }
    // The report is of the fixed file: every license is now known or written, and what was
    // fixed checks clean of license-missing even where CI has no cache.
    let v = r.json();
    assert!(
        !rules(&v).iter().any(|(r, _)| r == "license-missing"),
        "{v:#}"
    );
    let r = modelgate(
        dir.path(),
        &hub,
        &["check", "--no-local-cards", "--format", "json", "repo"],
    );
    let found = rules(&r.json());
    assert!(
        !found.iter().any(|(r, _)| r == "license-missing"),
        "{found:?}"
    );

    // A second --fix changes nothing.
    let r = modelgate(dir.path(), &hub, &["check", "--fix", "repo"]);
    assert!(r.stderr.contains("fix: nothing to add"), "{}", r.stderr);
    assert_eq!(std::fs::read(&manifest).unwrap(), after().as_bytes());
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path().join("repo"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("modelgate-fix"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn diff_prints_the_change_without_writing() {
    let (dir, hub, manifest) = tree();
    let r = modelgate(dir.path(), &hub, &["check", "--fix", "--diff", "repo"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(&manifest).unwrap(),
        BEFORE.as_bytes(),
        "--diff writes nothing"
    );
    assert!(
        r.stdout
            .starts_with("--- a/repo/ai-models.yaml\n+++ b/repo/ai-models.yaml\n"),
        "{}",
        r.stdout
    );
    let added: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(added.len(), 3, "{}", r.stdout);
    assert!(added.contains(&"+    license: Apache-2.0"), "{added:?}");
    assert!(
        r.stderr.contains("fix: would add 4 values in 1 manifest"),
        "{}",
        r.stderr
    );
    // --diff needs --fix.
    let r = modelgate(dir.path(), &hub, &["check", "--diff", "repo"]);
    assert_eq!(r.code, 2);
}

#[test]
fn fix_respects_no_local_cards_and_leaves_written_values() {
    let (dir, hub, manifest) = tree();
    let r = modelgate(
        dir.path(),
        &hub,
        &["check", "--fix", "--no-local-cards", "repo"],
    );
    let got = String::from_utf8(std::fs::read(&manifest).unwrap()).unwrap();
    assert!(
        got.contains("{id: acme/secret-model, environment: research}"),
        "{got}\n{}",
        r.stderr
    );
    assert!(got.contains("    license: Apache-2.0\r\n"));
    assert!(got.contains("  - id: acme/written\r\n    license: 'MIT'   # written by hand: never changed\r\n    base_model:\r\n"));
}
