//! The single exit-code table. No flag changes what a code means.

use crate::finding::{Level, Report};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Nothing at or above the failure threshold.
    Clean = 0,
    /// Findings at or above the failure threshold.
    Violations = 1,
    /// Usage, config, parse or policy errors.
    Error = 2,
}

impl Exit {
    /// The outcome of a check: errors win over violations.
    pub fn of(report: &Report, fail_on: Option<Level>) -> Exit {
        if !report.errors.is_empty() {
            return Exit::Error;
        }
        match fail_on {
            Some(t)
                if report
                    .active()
                    .any(|f| f.severity >= t && f.severity != Level::Off) =>
            {
                Exit::Violations
            }
            _ => Exit::Clean,
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(Exit::Clean.code(), 0);
        assert_eq!(Exit::Violations.code(), 1);
        assert_eq!(Exit::Error.code(), 2);
        assert_eq!(
            Exit::of(&Report::default(), Some(Level::Error)),
            Exit::Clean
        );
    }
}
