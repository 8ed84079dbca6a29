//! `modelgate policy test|list|doc`: tools for policy authors.

use serde_json::json;

use crate::cli::{PolicyCommand, PolicyDocArgs, PolicyListArgs, PolicyTestArgs};
use crate::exit::Exit;
use crate::rego_testing::{self, Coverage, Plan, TestResult};
use crate::report::Format;
use crate::settings::Settings;

pub fn run(cmd: PolicyCommand, settings: &Settings) -> Exit {
    match cmd {
        PolicyCommand::Test(args) => test(args, settings),
        PolicyCommand::List(args) => list(args, settings),
        PolicyCommand::Doc(args) => doc(args, settings),
    }
}

fn test(args: PolicyTestArgs, settings: &Settings) -> Exit {
    if let Some(min) = args.coverage_min {
        if !(0.0..=100.0).contains(&min) {
            return super::fail(format!(
                "--coverage-min must be a percentage between 0 and 100, not {min}"
            ));
        }
    }
    let plan = Plan {
        builtin: args.dirs.is_empty() || args.builtin,
        dirs: args.dirs.clone(),
        timeout: settings.timeout,
    };
    let mut suite = match rego_testing::load(&plan) {
        Ok(s) => s,
        Err(e) => return super::fail(format!("policy error: {e}")),
    };
    let want_coverage = args.coverage || args.coverage_min.is_some();
    if want_coverage {
        suite.enable_coverage();
    }
    let results = suite.run();
    if results.is_empty() {
        return super::fail(format!(
            "no `test_*` rules found in {}",
            if args.dirs.is_empty() {
                "the built-in pack".to_string()
            } else {
                args.dirs
                    .iter()
                    .map(|d| crate::source::display_path(d))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ));
    }
    let coverage = if want_coverage {
        match suite.coverage() {
            Ok(c) => Some(c),
            Err(e) => return super::fail(e),
        }
    } else {
        None
    };
    let failed = results.iter().filter(|r| !r.passed).count();
    let below = match (&coverage, args.coverage_min) {
        (Some(c), Some(min)) if c.percent < min => Some(min),
        _ => None,
    };
    let text = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json!({
                "version": 1,
                "tests": results,
                "summary": {"total": results.len(), "passed": results.len() - failed, "failed": failed},
                "coverage": coverage,
                "coverage_min": args.coverage_min,
            }))
            .expect("serializes");
            s.push('\n');
            s
        }
        Format::Human => human_tests(&results, coverage.as_ref(), args.coverage, below),
    };
    match super::out_as(&text, args.format) {
        Exit::Clean if failed > 0 || below.is_some() => Exit::Violations,
        other => other,
    }
}

fn human_tests(
    results: &[TestResult],
    coverage: Option<&Coverage>,
    per_file: bool,
    below: Option<f64>,
) -> String {
    let mut s = String::new();
    for r in results {
        if r.passed {
            s.push_str(&format!("ok    {}:{}  {}\n", r.file, r.line, r.name));
        } else {
            s.push_str(&format!(
                "FAIL  {}:{}  {}: {}\n",
                r.file,
                r.line,
                r.name,
                r.error.as_deref().unwrap_or("failed")
            ));
        }
        for line in &r.output {
            s.push_str(&format!(
                "      print: {}\n",
                crate::engine::printable(line)
            ));
        }
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    s.push_str(&format!(
        "\n{} tests: {} passed, {} failed\n",
        results.len(),
        results.len() - failed,
        failed
    ));
    if let Some(c) = coverage {
        s.push_str("\nline coverage of the policies under test:\n");
        if per_file {
            for f in &c.files {
                s.push_str(&format!(
                    "  {:>5.1}%  {:>4}/{:<4}  {}",
                    f.percent, f.covered, f.total, f.file
                ));
                if !f.not_covered.is_empty() {
                    s.push_str(&format!(
                        "  (not covered: {})",
                        rego_testing::ranges(&f.not_covered)
                    ));
                }
                s.push('\n');
            }
        }
        s.push_str(&format!(
            "  {:>5.1}%  {:>4}/{:<4}  total\n",
            c.percent, c.covered, c.total
        ));
        if let Some(min) = below {
            s.push_str(&format!(
                "\ncoverage {:.1}% is below --coverage-min {min}\n",
                c.percent
            ));
        }
    }
    s
}

fn list(args: PolicyListArgs, settings: &Settings) -> Exit {
    // Rules and levels as `check` would use them for a manifest in the current directory.
    let (main, via) = settings.main_config(std::path::Path::new("."));
    let mut builder = settings.builder();
    match builder.build(main.as_deref(), via) {
        Ok(setup) => super::out_as(
            &list_text(&setup.rules, &setup.levels, args.format),
            args.format,
        ),
        Err(e) => super::fail_with(&e),
    }
}

/// The rule list under the given level settings (`policy list`).
pub fn list_text(
    rules: &[crate::rule::RuleMeta],
    levels: &std::collections::BTreeMap<String, crate::config::Effective>,
    format: Format,
) -> String {
    let effective = |r: &crate::rule::RuleMeta| {
        levels
            .get(&r.id)
            .map(|e| (e.level, e.origin.clone()))
            .unwrap_or((r.severity, crate::config::Origin::Default))
    };
    let mut rows: Vec<&crate::rule::RuleMeta> = rules.iter().collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    match format {
        Format::Json => {
            let v: Vec<_> = rows
                .iter()
                .map(|r| {
                    let (level, origin) = effective(r);
                    json!({
                        "id": r.id,
                        "title": r.title,
                        "default_level": r.severity,
                        "level": level,
                        "level_origin": origin.to_string(),
                        "file": r.origin.file(),
                        "package": r.origin.package().trim_start_matches("data."),
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&json!({"version": 1, "rules": v}))
                .expect("serializes");
            s.push('\n');
            s
        }
        Format::Human => {
            let table: Vec<[String; 5]> = rows
                .iter()
                .map(|r| {
                    let (level, origin) = effective(r);
                    let level = if origin == crate::config::Origin::Default {
                        level.to_string()
                    } else {
                        format!("{level} ({origin})")
                    };
                    [
                        r.id.clone(),
                        r.severity.to_string(),
                        level,
                        r.origin.file().to_string(),
                        r.title.to_string(),
                    ]
                })
                .collect();
            let head = ["RULE", "DEFAULT", "LEVEL", "FILE", "TITLE"];
            let mut widths = head.map(str::len);
            for row in &table {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |cells: [&str; 5]| {
                let mut l = String::new();
                for (i, c) in cells.iter().enumerate() {
                    if i == 4 {
                        l.push_str(c);
                    } else {
                        l.push_str(&format!("{c:<w$}  ", w = widths[i]));
                    }
                }
                l.trim_end().to_string() + "\n"
            };
            let mut s = line(head);
            for row in &table {
                s.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
            }
            s
        }
    }
}

fn doc(args: PolicyDocArgs, settings: &Settings) -> Exit {
    let engine = match settings.build_engine() {
        Ok(e) => e,
        Err(e) => return super::fail(format!("policy error: {e}")),
    };
    let rules = &crate::ruleset::all_rules(&engine)[..];
    if let Some(id) = &args.rule {
        let Some(r) = rules.iter().find(|r| &r.id == id) else {
            return super::fail(format!(
                "unknown rule `{id}`; `modelgate policy list` lists the rules"
            ));
        };
        return super::out_human(&crate::ruledoc::markdown(r), false);
    }
    if args.table {
        return super::out_human(&crate::ruledoc::table(rules), false);
    }
    super::out_human(&crate::ruledoc::document(rules), false)
}
