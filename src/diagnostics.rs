//! The only file that uses miette: renders findings and file errors as rich diagnostics
//! (rule code, message, the offending value underlined, help, and the fact's source).

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity,
    SourceCode,
};

use crate::finding::{FileError, Finding, Level, SuppressionKind};

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
        let mut help = f.help.to_string();
        if let Some(src) = &f.source {
            help.push_str(&format!("\nsource: {src}"));
        }
        if let Some(s) = &f.suppressed {
            let what = match s.kind {
                SuppressionKind::Waiver => "waived",
                SuppressionKind::Baseline => "baselined",
            };
            let mut at = format!("{}:{}", s.file, s.line);
            if let Some(e) = &s.expires {
                at.push_str(&format!(", expires {e}"));
            }
            if let Some(o) = &s.owner {
                at.push_str(&format!(", owner {o}"));
            }
            help.push_str(&format!("\n{what} ({at}): {}", s.reason));
        }
        if let Some(x) = &f.explanation {
            help.push('\n');
            help.push_str(&x.render());
        }
        let source = text.map(|t| NamedSource::new(&f.file, t.clone()));
        let label = source.as_ref().map(|s| {
            let len = s.inner().len();
            let start = f.span.start.min(len);
            (f.title.to_string(), start, f.span.len().min(len - start))
        });
        self.render(&Diag {
            code: Some(if f.suppressed.is_some() {
                format!("suppressed {}[{}]", f.severity, f.rule)
            } else {
                format!("{}[{}]", f.severity, f.rule)
            }),
            severity,
            message: f.message.clone(),
            help: Some(help),
            label,
            source,
        })
    }

    /// A file that could not be read, parsed or checked.
    pub fn error(&self, e: &FileError, text: Option<&Arc<str>>) -> String {
        let (source, label) = match (text, e.span) {
            (Some(t), Some(span)) => {
                let src = NamedSource::new(&e.file, t.clone());
                let len = t.len();
                let start = span.start.min(len);
                let l = span.len().min(len - start);
                (Some(src), Some(("here".to_string(), start, l)))
            }
            _ => (None, None),
        };
        let location = match (e.line, e.column, &label) {
            (Some(l), Some(c), None) => format!("{}:{l}:{c}", e.file),
            _ => e.file.clone(),
        };
        let message = if label.is_some() {
            e.message.clone()
        } else {
            format!("{location}: {}", e.message)
        };
        self.render(&Diag {
            code: None,
            severity: Severity::Error,
            message,
            help: e.help.clone(),
            label,
            source,
        })
    }
}
