//! Text from the checked repository made safe to show: on a terminal, in a CI log, in a
//! Markdown summary. Pure functions, no dependencies; the lowest stage, so every other stage
//! (display paths, diagnostics, reports, commands) can use it.
//!
//! A manifest, config, waiver reason, file name or policy may hold characters that a terminal
//! or a log viewer acts on instead of showing: C0 controls (`ESC` sequences clear the screen
//! or recolour text, `\r` returns to the start of the line and overwrites it, a line break
//! starts a line that GitHub Actions may run as a `::workflow-command::`), `DEL`, C1
//! controls, and the invisible format characters that reorder or hide text (bidi overrides
//! and isolates, zero-width characters). Each is shown as a visible escape (`\u{1b}`, `\r`).

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or log as itself: C0 controls, `DEL`, C1 controls,
/// bidi embeddings, overrides and isolates, and the other invisible format characters
/// (zero-width space and joiners, word joiner, BOM, soft hyphen, ...).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{ad}'
        | '\u{61c}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// The visible spelling of an unsafe character: `\n`, `\r`, `\t`, or `\u{..}`.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// One value (an id, a license, a key, a path, a reason) for a terminal or log line: every
/// unsafe character, line breaks included, becomes a visible escape. Borrowed when there is
/// nothing to escape.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A whole block of output modelgate composed (a report, a message, help text), just before
/// it is written: line breaks stay, every other unsafe character is escaped, and a line that
/// would start (after blanks) with `::` (a GitHub Actions workflow command) gets its first
/// colon escaped. With `color`, the SGR colour sequences (`ESC [ digits ; ... m`) the output
/// itself carries stay; no other escape sequence does.
pub fn block(s: &str, color: bool) -> Cow<'_, str> {
    let command = |l: &str| l.trim_start().starts_with("::");
    // A lone `\r` (not the end of a `\r\n` line) overwrites the line it is on.
    let lone_cr = s
        .match_indices('\r')
        .any(|(at, _)| s.as_bytes().get(at + 1) != Some(&b'\n'));
    let needs = lone_cr
        || s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\r')
        || s.split('\n').any(command);
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let lines = s.split('\n').count();
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start();
        let lead = line.len() - body.len();
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if at == lead && body.starts_with("::") {
                out.push_str("\\u{3a}");
                continue;
            }
            if c == '\u{1b}' && color {
                if let Some(len) = sgr_len(&line[at..]) {
                    out.push_str(&line[at..at + len]);
                    // Skip the rest of the sequence (ASCII only, so byte = char).
                    for _ in 1..len {
                        chars.next();
                    }
                    continue;
                }
            }
            // The `\r` of a `\r\n` line end overwrites nothing.
            let crlf = c == '\r' && at + 1 == line.len() && i + 1 < lines;
            if is_unsafe(c) && !crlf {
                push_escape(&mut out, c);
            } else {
                out.push(c);
            }
        }
    }
    Cow::Owned(out)
}

/// A JSON document with the characters JSON leaves raw but terminals and viewers act on
/// (DEL, C1 controls, bidi and other invisible format characters) written as `\u` escapes.
/// They can only occur inside strings (JSON's own syntax is ASCII), where the escape means the
/// same character; C0 controls are escaped by every JSON writer already.
pub fn json(s: &str) -> Cow<'_, str> {
    let raw = |c: char| is_unsafe(c) && (c as u32) >= 0x7f;
    if !s.chars().any(raw) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if raw(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Length of the SGR sequence `ESC [ (digits | ;)* m` at the start of `s`, if there is one.
fn sgr_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.get(1) != Some(&b'[') {
        return None;
    }
    let mut i = 2;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b';') && i < 64 {
        i += 1;
    }
    (b.get(i) == Some(&b'm')).then_some(i + 1)
}

/// Source text for a diagnostic snippet: like [`block`] without colour, except that tabs and
/// the `\r` of a `\r\n` line end stay (the snippet renderer lays those out itself). Returns
/// the text and a map from byte offsets in `s` to byte offsets in the result, so spans
/// still underline the same characters; `None` when nothing changed.
pub fn snippet(s: &str) -> Option<(String, OffsetMap)> {
    let keep = |s: &str, at: usize, c: char| {
        c == '\n' || c == '\t' || (c == '\r' && s.as_bytes().get(at + 1) == Some(&b'\n'))
    };
    if !s
        .char_indices()
        .any(|(at, c)| is_unsafe(c) && !keep(s, at, c))
    {
        return None;
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut shifts = Vec::new();
    for (at, c) in s.char_indices() {
        if is_unsafe(c) && !keep(s, at, c) {
            let before = out.len();
            push_escape(&mut out, c);
            shifts.push((at + c.len_utf8(), out.len() - before - c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Some((out, OffsetMap { shifts }))
}

/// Where each byte offset of a text went after [`snippet`] escaped it.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// (offset just past an escaped character, bytes it grew by), in order.
    shifts: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The offset in the escaped text of `offset` in the original one.
    pub fn map(&self, offset: usize) -> usize {
        let n = self.shifts.partition_point(|&(end, _)| end <= offset);
        offset
            + self.shifts[..n]
                .iter()
                .map(|&(_, grew)| grew)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_show_every_unsafe_character() {
        assert!(matches!(terminal("gpt-4o"), Cow::Borrowed("gpt-4o")));
        assert_eq!(terminal("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal("ok\rAPPROVED"), "ok\\rAPPROVED");
        assert_eq!(terminal("x\n::error::y"), "x\\n::error::y");
        assert_eq!(terminal("\u{202e}abc\u{2066}"), "\\u{202e}abc\\u{2066}");
        assert_eq!(
            terminal("del\u{7f} c1\u{85} zw\u{200b}"),
            "del\\u{7f} c1\\u{85} zw\\u{200b}"
        );
        assert_eq!(terminal("é€ 日本"), "é€ 日本");
    }

    #[test]
    fn blocks_keep_line_breaks_and_colour_but_not_commands() {
        assert_eq!(block("a\nb\n", false), "a\nb\n");
        assert_eq!(
            block("a\n::warning::x\n  ::x", false),
            "a\n\\u{3a}:warning::x\n  \\u{3a}:x"
        );
        assert_eq!(
            block("\u{1b}[31mred\u{1b}[0m", true),
            "\u{1b}[31mred\u{1b}[0m"
        );
        assert_eq!(block("\u{1b}[31mred", false), "\\u{1b}[31mred");
        assert_eq!(
            block("\u{1b}[2J\u{1b}]8;;x", true),
            "\\u{1b}[2J\\u{1b}]8;;x"
        );
        assert_eq!(block("a\rb\t", true), "a\\rb\\t");
        assert_eq!(block("a\r\nb\r", false), "a\r\nb\\r");
        assert_eq!(
            block("\t::x\n\u{85}::y", false),
            "\\t\\u{3a}:x\n\\u{85}\\u{3a}:y"
        );
    }

    #[test]
    fn json_escapes_what_serializers_leave_raw() {
        assert_eq!(
            json("{\"a\": \"x\u{7f}\u{202e}\u{e0041}\"}"),
            "{\"a\": \"x\\u007f\\u202e\\udb40\\udc41\"}"
        );
    }

    #[test]
    fn snippets_keep_layout_and_map_spans() {
        assert!(snippet("a: b\r\n\tc: d\n").is_none());
        let text = "id: a\u{1b}b\ncd: e\n";
        let (out, map) = snippet(text).unwrap();
        assert_eq!(out, "id: a\\u{1b}b\ncd: e\n");
        let e = text.find('e').unwrap();
        assert_eq!(&out[map.map(e)..map.map(e) + 1], "e");
        assert_eq!(map.map(2), 2);
        let b = text.find('b').unwrap();
        assert_eq!(&out[map.map(b)..map.map(b) + 1], "b");
    }
}
