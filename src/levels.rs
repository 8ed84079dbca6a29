//! Rule levels with their origin: which setting made a rule an error, a warning, a note or
//! off. `check --explain` and `policy list` show the origin.
//!
//! Today the only layer is the command line (`--deny`, `--warn`, `--allow`); the config-file
//! layers add their own entries to the same map, each with an origin naming the file.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::check::Levels;
use crate::engine::RuleMeta;
use crate::finding::Level;

/// A level set for a rule, and what set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelSetting {
    pub level: Level,
    /// Human-readable origin: `--deny flag`, or a config file and key.
    pub origin: String,
}

/// Levels set for rules, by rule id. Rules not in the map keep their default.
pub type LevelSettings = BTreeMap<String, LevelSetting>;

/// The origin of a rule's default level.
pub const DEFAULT_ORIGIN: &str = "default";

/// Apply `--allow`, `--warn` and `--deny` (later flags win: deny over warn over allow) on
/// top of `settings`. Unknown rule ids are an error with a suggestion.
pub fn apply_flags(
    settings: &mut LevelSettings,
    rules: &[RuleMeta],
    allow: &[String],
    warn: &[String],
    deny: &[String],
) -> Result<(), String> {
    for (list, level, flag) in [
        (allow, Level::Off, "--allow"),
        (warn, Level::Warning, "--warn"),
        (deny, Level::Error, "--deny"),
    ] {
        for id in list {
            if !rules.iter().any(|r| &r.id == id) {
                let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
                let hint = crate::manifest::suggest(id, &ids)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown rule `{id}`{hint}; `modelgate policy list` lists the rules"
                ));
            }
            settings.insert(
                id.clone(),
                LevelSetting {
                    level,
                    origin: format!("{flag} flag"),
                },
            );
        }
    }
    Ok(())
}

/// The level a rule runs at, and where it comes from.
pub fn effective(rule: &RuleMeta, settings: &LevelSettings) -> LevelSetting {
    settings.get(&rule.id).cloned().unwrap_or(LevelSetting {
        level: rule.severity,
        origin: DEFAULT_ORIGIN.into(),
    })
}

/// The plain level map the check pipeline takes.
pub fn plain(settings: &LevelSettings) -> Levels {
    settings.iter().map(|(k, v)| (k.clone(), v.level)).collect()
}
