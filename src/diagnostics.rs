//! The only file that uses miette: renders findings and file errors as rich diagnostics
//! (rule code, message, the offending value underlined, help, and the fact's source).

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity,
    SourceCode,
};

use crate::finding::{FileError, Finding, Level, SuppressionKind};
use crate::safe_text::{block, terminal};

/// One renderable diagnostic; rule codes are dynamic, so `Diagnostic` is implemented by hand.
#[derive(Debug)]
struct Diag {
    code: Option<String>,
    severity: Severity,
    message: String,
    help: Option<String>,
    label: Option<(String, usize, usize)>,
    source: Option<NamedSource<Arc<str>>>,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (text, start, len) = self.label.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(text.clone()),
            *start,
            *len,
        ))))
    }
}

/// The source text a snippet shows, with control and invisible format characters as visible
/// escapes, and a span `(start, len)` in the original text moved onto it.
fn safe_source(
    name: &str,
    text: &Arc<str>,
    start: usize,
    len: usize,
) -> (NamedSource<Arc<str>>, usize, usize) {
    match crate::safe_text::snippet(text) {
        None => (NamedSource::new(name, text.clone()), start, len),
        Some((escaped, map)) => {
            let (s, e) = (map.map(start), map.map(start + len));
            (NamedSource::new(name, Arc::from(escaped)), s, e - s)
        }
    }
}

/// Renders diagnostics to text.
pub struct Renderer {
    handler: GraphicalReportHandler,
}

impl Renderer {
    pub fn new(color: bool) -> Renderer {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Renderer {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_links(false)
                .with_context_lines(1),
        }
    }

    fn render(&self, d: &Diag) -> String {
        let mut out = String::new();
        if self.handler.render_report(&mut out, d).is_err() {
            out = format!("{}\n", d.message);
        }
        out
    }

    /// A policy finding, underlined in its manifest.
    pub fn finding(&self, f: &Finding, text: Option<&Arc<str>>) -> String {
        // A suppressed finding stays visible but reads as advice, not as a failure.
        let severity = match f.severity {
            _ if f.suppressed.is_some() => Severity::Advice,
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Note | Level::Off => Severity::Advice,
        };
        // Text from the checked files and policies never carries its own escape sequences,
        // not even colour ones when the output is coloured.
        let mut help = block(&f.help, false).into_owned();
        if let Some(src) = &f.source {
            help.push_str(&format!("\nsource: {}", terminal(src)));
        }
        if let Some(s) = &f.suppressed {
            let what = match s.kind {
                SuppressionKind::Waiver => "waived",
                SuppressionKind::Baseline => "baselined",
            };
            let mut at = format!("{}:{}", terminal(&s.file), s.line);
            if let Some(e) = &s.expires {
                at.push_str(&format!(", expires {}", terminal(e)));
            }
            if let Some(o) = &s.owner {
                at.push_str(&format!(", owner {}", terminal(o)));
            }
            help.push_str(&format!("\n{what} ({at}): {}", terminal(&s.reason)));
        }
        if let Some(x) = &f.explanation {
            help.push('\n');
            help.push_str(&block(&x.render(), false));
        }
        let (source, label) = match text {
            Some(t) => {
                let len = t.len();
                let start = f.span.start.min(len);
                let (src, start, l) = safe_source(&f.file, t, start, f.span.len().min(len - start));
                (Some(src), Some((terminal(&f.title).into_owned(), start, l)))
            }
            None => (None, None),
        };
        self.render(&Diag {
            code: Some(if f.suppressed.is_some() {
                format!("suppressed {}[{}]", f.severity, terminal(&f.rule))
            } else {
                format!("{}[{}]", f.severity, terminal(&f.rule))
            }),
            severity,
            // A finding's message is one line: a line break in it comes from the manifest.
            message: terminal(&f.message).into_owned(),
            help: Some(help),
            label,
            source,
        })
    }

    /// A file that could not be read, parsed or checked.
    pub fn error(&self, e: &FileError, text: Option<&Arc<str>>) -> String {
        let (source, label) = match (text, e.span) {
            (Some(t), Some(span)) => {
                let len = t.len();
                let start = span.start.min(len);
                let (src, start, l) = safe_source(&e.file, t, start, span.len().min(len - start));
                (Some(src), Some(("here".to_string(), start, l)))
            }
            _ => (None, None),
        };
        let location = match (e.line, e.column, &label) {
            (Some(l), Some(c), None) => format!("{}:{l}:{c}", e.file),
            _ => e.file.clone(),
        };
        let message = if label.is_some() {
            block(&e.message, false).into_owned()
        } else {
            format!("{location}: {}", block(&e.message, false))
        };
        self.render(&Diag {
            code: None,
            severity: Severity::Error,
            message,
            help: e.help.as_deref().map(|h| block(h, false).into_owned()),
            label,
            source,
        })
    }
}
