//! Text from the checked repository, made safe to print on a terminal.
//!
//! Model ids, licenses, messages and waiver reasons come from files nobody reviewed for this:
//! an escape sequence in a model id could move the cursor, recolour or retitle the terminal,
//! and a bidirectional override could make a line read differently from what it holds. Every
//! such character is shown as a visible `\u{..}` escape instead.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is: C0 controls (tab and line feed included:
/// the callers print one value per cell or line), DEL, C1 controls, and the bidirectional
/// embedding, override and isolate characters.
fn unsafe_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every control character, escape and bidirectional override written as a visible
/// `\u{..}` escape; borrowed unchanged when there is none.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::terminal;
    use std::borrow::Cow;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            terminal("meta-llama/Llama-3.1-8B é €"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_escapes_and_overrides_become_visible() {
        assert_eq!(terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal("x\ny\tz\r"), "x\\u{a}y\\u{9}z\\u{d}");
        assert_eq!(terminal("\u{7f}\u{85}\u{9b}"), "\\u{7f}\\u{85}\\u{9b}");
        assert_eq!(terminal("ab\u{202e}cd\u{2066}"), "ab\\u{202e}cd\\u{2066}");
        assert_eq!(terminal("\u{200b}ok"), "\u{200b}ok");
    }
}
