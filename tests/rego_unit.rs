//! Runs the built-in pack's Rego unit tests (`policies/*_test.rego`) and holds its line
//! coverage to the bar CI enforces.

#[test]
fn builtin_rego_tests_pass() {
    let mut suite = modelgate::rego_testing::builtin().expect("built-in pack compiles");
    let results = suite.run();
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| {
            format!(
                "{}:{} {} — {}",
                r.file,
                r.line,
                r.name,
                r.error.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert!(results.len() >= 40, "only {} tests found", results.len());
    assert!(
        failed.is_empty(),
        "failing Rego tests:\n{}",
        failed.join("\n")
    );
    // Every rule file has tests, and every rule has at least three test cases between them.
    for (name, _) in modelgate::engine::BUILTIN
        .iter()
        .filter(|(n, _)| *n != "lib.rego")
    {
        let test_file = format!("builtin:{}", name.replace(".rego", "_test.rego"));
        let n = results.iter().filter(|r| r.file == test_file).count();
        assert!(n >= 2, "{test_file} has {n} tests");
    }
}
