//! Human output: one miette diagnostic per file error and finding, then a summary line.

use crate::diagnostics::Renderer;
use crate::finding::{Level, Report, SuppressionKind};
use crate::safe_text::terminal;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn summary(report: &Report) -> String {
    let mut parts = vec![
        plural(report.count(Level::Error), "error", "errors"),
        plural(report.count(Level::Warning), "warning", "warnings"),
        plural(report.count(Level::Note), "note", "notes"),
    ];
    if report.suppressed() > 0 {
        parts.push(format!("{} suppressed", report.suppressed()));
    }
    if !report.errors.is_empty() {
        parts.push(plural(report.errors.len(), "file error", "file errors"));
    }
    format!(
        "{} in {} ({})\n",
        parts.join(", "),
        plural(report.manifests.len(), "manifest", "manifests"),
        plural(report.models, "model", "models"),
    )
}

/// How the human report is laid out (`check`'s flags and the terminal).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub color: bool,
    /// The model table's width, colour and fold.
    pub table: crate::report::table::Layout,
    pub summary: crate::report::SummaryMode,
    /// `--quiet`: only errors (file errors and error findings) and the counts.
    pub quiet: bool,
}

impl Options {
    /// Everything, uncoloured and unfolded as when piped.
    pub fn plain(color: bool) -> Options {
        Options {
            color,
            table: crate::report::table::Layout {
                width: None,
                color,
                max_rows: crate::report::table::DEFAULT_ROWS,
            },
            summary: crate::report::SummaryMode::Full,
            quiet: false,
        }
    }
}

pub fn render(report: &Report, color: bool) -> String {
    render_with(report, &Options::plain(color))
}

pub fn render_with(report: &Report, opts: &Options) -> String {
    use crate::report::SummaryMode;
    let color = opts.color;
    let r = Renderer::new(color);
    let mut out = String::new();
    if opts.summary == SummaryMode::Only {
        out.push_str(&table(report, opts));
        out.push_str(&summary(report));
        out.push_str(&baseline(report));
        return out;
    }
    for e in &report.errors {
        out.push_str(&r.error(e, report.sources.get(&e.file)));
        out.push('\n');
    }
    // Baselined findings are only counted: a baseline exists to show what is new.
    for f in crate::report::group::human_findings(report)
        .iter()
        .filter(|f| !matches!(&f.suppressed, Some(s) if s.kind == SuppressionKind::Baseline))
        .filter(|f| !opts.quiet || (f.suppressed.is_none() && f.severity == Level::Error))
    {
        out.push_str(&r.finding(f, report.sources.get(&f.file)));
        out.push('\n');
    }
    if opts.summary == SummaryMode::Full && !opts.quiet {
        out.push_str(&table(report, opts));
    }
    // Which configs applied, then the counts: the counts line stays last for scripts.
    out.push_str(&configs(report));
    out.push_str(&summary(report));
    out.push_str(&baseline(report));
    out
}

/// Which config files applied: one line per config chain, nearest file first.
pub fn configs(report: &Report) -> String {
    let mut out = String::new();
    for chain in &report.configs {
        if chain.is_empty() {
            out.push_str("config: none (built-in defaults)\n");
        } else {
            out.push_str(&format!("config: {}\n", chain.join(" ← ")));
        }
    }
    out
}

/// The model table and a blank line, or nothing when no model was checked.
fn table(report: &Report, opts: &Options) -> String {
    let mut t = crate::report::table::render(report, opts.table);
    if !t.is_empty() {
        t.push('\n');
    }
    t
}

/// What the baseline did: how many findings it hid, and its stale entries.
pub fn baseline(report: &Report) -> String {
    let Some(b) = &report.baseline else {
        return String::new();
    };
    let mut out = format!(
        "baseline {}: {} baselined (not shown), {}\n",
        b.file,
        plural(b.baselined, "finding", "findings"),
        plural(b.stale.len(), "stale entry", "stale entries"),
    );
    for s in &b.stale {
        out.push_str(&format!(
            "  stale: `{}` for `{}` in {} ({}:{}) no longer occurs\n",
            terminal(&s.rule),
            terminal(crate::report::model_label(s.model.as_deref())),
            s.manifest,
            b.file,
            s.line
        ));
    }
    if !b.stale.is_empty() {
        out.push_str(&format!(
            "  recreate the baseline to drop them: modelgate baseline create {}\n",
            b.file
        ));
    }
    out
}
