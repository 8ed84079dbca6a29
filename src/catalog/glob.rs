//! The catalog's own glob dialect for model naming schemes: `*` matches any run of characters
//! except `/`, `?` exactly one character except `/`, everything else itself. Patterns and names
//! are compared in lower case (callers lower-case both). `build.rs` shares this file, so the
//! build-time checks and the run-time lookup agree on what a pattern matches.

/// Whether `name` matches `pattern` (both already lower-cased).
pub fn matches(pattern: &str, name: &str) -> bool {
    let p = pattern.as_bytes();
    let n = name.as_bytes();
    // Iterative matcher with one backtrack point per `*`: linear in practice, never exponential.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ni));
            pi += 1;
            continue;
        }
        if pi < p.len() && ((p[pi] == b'?' && n[ni] != b'/') || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
            continue;
        }
        match star {
            // Let the last `*` swallow one more character, unless that character is `/`.
            Some((sp, sn)) if n[sn] != b'/' => {
                star = Some((sp, sn + 1));
                pi = sp + 1;
                ni = sn + 1;
            }
            _ => return false,
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// How specific a pattern is: its number of literal characters. Where several patterns match
/// a name, the most specific wins (`qwen/qwen2.5-3b*` before `qwen/qwen2.5-*`).
pub fn specificity(pattern: &str) -> usize {
    pattern.bytes().filter(|&c| c != b'*' && c != b'?').count()
}

/// The part of a full-id pattern after its organization (`qwen/qwen3-*` → `qwen3-*`).
pub fn name_part(pattern: &str) -> &str {
    pattern.rsplit_once('/').map_or(pattern, |(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_and_question_mark() {
        assert!(matches("qwen/qwen3-*", "qwen/qwen3-8b"));
        assert!(matches("qwen/qwen3-*", "qwen/qwen3-"));
        assert!(!matches("qwen/qwen3-*", "qwen/qwen2-8b"));
        assert!(matches("gpt-5*", "gpt-5"));
        assert!(matches("gpt-5*", "gpt-5-mini-2025-08-07"));
        assert!(matches("o?-mini", "o3-mini"));
        assert!(!matches("o?-mini", "o3x-mini"));
        assert!(matches("*-instruct", "llama-3.1-8b-instruct"));
        assert!(matches("a*b*c", "axxbyyc"));
        assert!(!matches("a*b*c", "axxbyy"));
    }

    #[test]
    fn star_never_crosses_a_slash() {
        assert!(!matches("qwen/*", "qwen/a/b"));
        assert!(!matches("*", "org/name"));
        assert!(!matches("?", "/"));
        assert!(matches("*/*", "org/name"));
    }

    #[test]
    fn long_inputs_stay_fast() {
        let name = "a".repeat(20_000);
        let pattern = format!("{}b", "*a".repeat(50));
        assert!(!matches(&pattern, &name));
    }

    #[test]
    fn specificity_counts_literals() {
        assert!(specificity("qwen/qwen2.5-3b*") > specificity("qwen/qwen2.5-*"));
        assert_eq!(name_part("qwen/qwen3-*"), "qwen3-*");
        assert_eq!(name_part("gpt-5*"), "gpt-5*");
    }
}
