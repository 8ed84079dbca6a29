//! `--format json`: one object with `findings`, `errors` and `summary`, sorted.

use serde::Serialize;
use serde_json::json;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::finding::{FileError, Level, Report, Suppression};

/// Version of this JSON shape; bumped only when a field changes meaning or goes away.
pub const JSON_VERSION: u64 = 1;

/// One finding as the report shows it (borrowed: no copy of the report is built).
#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    severity: Level,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    model: &'a Option<String>,
    pointer: &'a str,
    source: &'a Option<String>,
    help: &'a str,
    suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: &'a Option<Box<Suppression>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: &'a Option<Box<crate::finding::Explanation>>,
}

#[derive(Serialize)]
struct ReportOut<'a> {
    version: u64,
    findings: Vec<FindingOut<'a>>,
    errors: &'a [FileError],
    summary: serde_json::Value,
    /// The config chains that applied, each nearest file first (an empty list: no config).
    configs: &'a [Vec<String>],
    /// Present only with `--baseline`: `{file, baselined, stale: [{rule, manifest, model, line}]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<serde_json::Value>,
}

pub fn render(report: &Report) -> String {
    // Sized for the report up front, so a large report is not copied while the buffer grows.
    let mut buf =
        Vec::with_capacity(4096 + 900 * report.findings.len() + 300 * report.errors.len());
    write(report, &mut buf).expect("writing to memory does not fail");
    String::from_utf8(buf).expect("JSON is UTF-8")
}

/// Write the report straight from the findings (no intermediate JSON tree, no copy of the
/// text in memory).
pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let findings: Vec<FindingOut<'_>> = report
        .findings
        .iter()
        .map(|f| FindingOut {
            rule: &f.rule,
            severity: f.severity,
            message: &f.message,
            file: &f.file,
            line: f.line,
            column: f.column,
            model: &f.model,
            pointer: &f.pointer,
            source: &f.source,
            help: &f.help,
            suppressed: f.suppressed.is_some(),
            suppression: &f.suppressed,
            explanation: &f.explanation,
        })
        .collect();
    let out = ReportOut {
        version: JSON_VERSION,
        findings,
        errors: &report.errors,
        summary: json!({
            "manifests": report.manifests.len(),
            "models": report.models,
            "errors": report.count(Level::Error),
            "warnings": report.count(Level::Warning),
            "notes": report.count(Level::Note),
            "suppressed": report.suppressed(),
            "file_errors": report.errors.len(),
        }),
        configs: &report.configs,
        baseline: report.baseline.as_ref().map(|b| json!(b)),
    };
    write_pretty(w, &out)?;
    w.write_all(b"\n")
}

/// Pretty JSON like `serde_json::to_writer_pretty`, except that the characters JSON leaves
/// raw but terminals and viewers act on (DEL, C1, bidi and other invisible format
/// characters, see [`crate::safe_text::is_unsafe`]) are written as `\u` escapes.
pub fn write_pretty<T: serde::Serialize + ?Sized>(
    w: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// [`write_pretty`] into a string.
pub fn to_string_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut buf = Vec::new();
    write_pretty(&mut buf, value).expect("writing to memory does not fail");
    String::from_utf8(buf).expect("JSON is UTF-8")
}

/// The pretty formatter, with string contents passed through [`crate::safe_text::json`].
struct Safe(PrettyFormatter<'static>);

impl Formatter for Safe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        writer.write_all(crate::safe_text::json(fragment).as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}
