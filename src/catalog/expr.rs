//! License expressions: SPDX syntax (`AND`, `OR`, `WITH`, parentheses, `+`) over SPDX ids,
//! Hugging Face tags (`llama3.1`, `openrail++`) and `LicenseRef-` names.
//!
//! An expression becomes its disjunctive normal form: a list of alternatives, each a list of
//! resolved terms. A licensee may pick any alternative and must satisfy every term in it, so a
//! policy accepts an `OR` when one branch is acceptable and an `AND` only when all parts are.

use serde::Serialize;

use super::{
    spdx_exception, spdx_is_non_commercial, spdx_license, spdx_source, Catalog, Commercial,
    Copyleft, OutputUse, RevenueCap, Territories, Threshold, UserCap,
};

/// Longest expression accepted (characters).
const MAX_LEN: usize = 2_000;
/// Most alternatives an expression may expand to.
const MAX_ALTERNATIVES: usize = 256;
/// Deepest parenthesis nesting.
const MAX_DEPTH: usize = 32;

/// What kind of license a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TermKind {
    /// A license in our own table (AI-specific licenses and the reference entries).
    Catalog,
    /// Any other SPDX license.
    Spdx,
    /// A `LicenseRef-` or Hugging Face family tag we hold no terms for.
    Custom,
    /// Not recognized at all.
    Unknown,
}

/// One resolved license in an expression, with the terms a policy looks at.
/// Every field is always present (null when unknown) so policies can test it directly.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// Canonical id (`llama3.1`, `Apache-2.0`) or the text as written when unknown.
    pub id: String,
    /// The text as it appears in the manifest.
    pub written: String,
    pub name: Option<String>,
    pub kind: TermKind,
    pub known: bool,
    pub spdx_id: Option<String>,
    pub osi_approved: bool,
    pub deprecated: bool,
    pub or_later: bool,
    pub exception: Option<String>,
    pub user_cap_mau: Option<u64>,
    pub revenue_cap_usd: Option<u64>,
    pub field_of_use_restrictions: bool,
    pub commercial_use: Option<Commercial>,
    pub attribution: Option<String>,
    pub naming_rule: Option<String>,
    pub output_restrictions: Option<String>,
    pub geographic_restriction: Option<String>,
    pub aup_url: Option<String>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub confidence: Option<String>,
    /// Revenue above which the grant ends, with its period (`annual`, `monthly`).
    pub revenue_cap: Option<RevenueCap>,
    /// Users above which a separate license is needed.
    pub user_cap: Option<UserCap>,
    /// Duties (display the model's name) that start above a figure; the rights continue.
    pub thresholds: Vec<Threshold>,
    /// Territories (ISO 3166-1 alpha-2, `EU`, `EEA`) where the license does not apply.
    pub excluded_territories: Option<Territories>,
    /// What the model's outputs may not be used for.
    pub output_use: Vec<OutputUse>,
    /// Copyleft scope (`none`, `weak`, `strong`, `network`); null when not recorded.
    pub copyleft: Option<Copyleft>,
    /// Use restrictions must be passed on to recipients.
    pub flow_down: bool,
}

impl Term {
    fn blank(written: &str, id: String, kind: TermKind) -> Term {
        Term {
            id,
            written: written.to_string(),
            name: None,
            kind,
            known: false,
            spdx_id: None,
            osi_approved: false,
            deprecated: false,
            or_later: false,
            exception: None,
            user_cap_mau: None,
            revenue_cap_usd: None,
            field_of_use_restrictions: false,
            commercial_use: None,
            attribution: None,
            naming_rule: None,
            output_restrictions: None,
            geographic_restriction: None,
            aup_url: None,
            note: None,
            source: None,
            confidence: None,
            revenue_cap: None,
            user_cap: None,
            thresholds: Vec::new(),
            excluded_territories: None,
            output_use: Vec::new(),
            copyleft: None,
            flow_down: false,
        }
    }
}

/// A parsed expression: alternatives of terms, or a syntax error.
#[derive(Debug, Clone, Serialize)]
pub struct LicenseExpr {
    pub alternatives: Vec<Vec<Term>>,
    pub error: Option<String>,
}

impl LicenseExpr {
    /// Whether no alternative escapes the license `id`.
    pub fn every_alternative_has(&self, id: &str) -> bool {
        !self.alternatives.is_empty()
            && self
                .alternatives
                .iter()
                .all(|a| a.iter().any(|t| t.id == id))
    }

    /// Canonical ids mentioned anywhere, sorted and unique.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .alternatives
            .iter()
            .flatten()
            .map(|t| t.id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// Resolve one license name (no operators).
pub fn resolve_term(catalog: &Catalog, written: &str) -> Term {
    if let Some(l) = catalog.license(written) {
        let mut t = Term::blank(written, l.id.clone(), TermKind::Catalog);
        t.name = Some(l.name.clone());
        t.known = true;
        t.spdx_id = l.spdx_id.clone();
        t.osi_approved = l.osi_approved;
        t.user_cap_mau = l.user_cap_mau;
        t.revenue_cap_usd = l.revenue_cap_usd;
        t.field_of_use_restrictions = l.field_of_use_restrictions;
        t.commercial_use = Some(l.commercial_use);
        t.attribution = l.attribution.clone();
        t.naming_rule = l.naming_rule.clone();
        t.output_restrictions = l.output_restrictions.clone();
        t.geographic_restriction = l.geographic_restriction.clone();
        t.aup_url = l.aup_url.clone();
        t.note = l.note.clone();
        t.source = Some(l.source.clone());
        t.confidence = Some(l.confidence.clone());
        if let Some(x) = &l.terms {
            t.revenue_cap = x.revenue_cap.clone();
            t.user_cap = x.user_cap.clone();
            t.thresholds = x.thresholds.clone();
            t.excluded_territories = x.excluded_territories.clone();
            t.output_use = x.output_use.clone();
            t.copyleft = Some(x.copyleft);
            t.flow_down = x.flow_down;
        }
        return t;
    }
    // `X+` means "X or later", unless the list itself has that id (the deprecated `GPL-2.0+`).
    let listed = |n: &str| {
        spdx::identifiers::LICENSES
            .iter()
            .any(|l| l.name.eq_ignore_ascii_case(n))
    };
    let (base, or_later) = match written.strip_suffix('+') {
        Some(b) if !listed(written) => (b, true),
        Some(_) => (written, true),
        None => (written, false),
    };
    if let Some(id) = spdx_license(base) {
        return spdx_term(catalog, written, id, or_later);
    }
    if let Some(h) = catalog.hf_identifier(written) {
        if let Some(id) = h.maps_to.as_deref().and_then(spdx_license) {
            let mut t = spdx_term(catalog, written, id, false);
            t.note = h.note.clone();
            return t;
        }
        let mut t = Term::blank(written, h.id.clone(), TermKind::Custom);
        t.name = Some(h.name.clone());
        t.note = Some(h.note.clone().unwrap_or_else(|| {
            "a Hugging Face tag that does not name one license text".to_string()
        }));
        t.source = Some("Hugging Face Hub license identifiers".into());
        return t;
    }
    // `get`, not indexing: the text may have a multi-byte character where the prefix ends.
    if written.len() > "LicenseRef-".len()
        && written
            .get(.."LicenseRef-".len())
            .is_some_and(|p| p.eq_ignore_ascii_case("LicenseRef-"))
    {
        let mut t = Term::blank(written, written.to_string(), TermKind::Custom);
        t.note = Some("a custom license reference; its terms are not in the knowledge base".into());
        return t;
    }
    Term::blank(written, written.to_string(), TermKind::Unknown)
}

fn spdx_term(catalog: &Catalog, written: &str, id: super::SpdxLicense, or_later: bool) -> Term {
    let mut t = Term::blank(written, id.name.to_string(), TermKind::Spdx);
    t.name = Some(id.full_name.to_string());
    t.known = true;
    t.spdx_id = Some(id.name.to_string());
    t.osi_approved = id.is_osi_approved();
    t.deprecated = id.is_deprecated();
    t.or_later = or_later;
    t.commercial_use = Some(if spdx_is_non_commercial(id) {
        Commercial::NonCommercial
    } else {
        Commercial::Allowed
    });
    t.source = Some(spdx_source());
    t.confidence = Some("high".into());
    // Copyleft scope: the catalog's `spdx_terms` table, else the SPDX list's own flag for
    // licenses it marks as copyleft (scope unknown: null), else none.
    t.copyleft = match catalog.spdx_term(id.name) {
        Some(x) => Some(x.copyleft),
        None if id.is_copyleft() => None,
        None => Some(Copyleft::None),
    };
    t
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Open,
    Close,
    And,
    Or,
    With,
    Name(&'a str),
}

fn lex(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else { break };
        match c {
            '(' => {
                out.push(Tok::Open);
                rest = &rest[1..];
            }
            ')' => {
                out.push(Tok::Close);
                rest = &rest[1..];
            }
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '(' || c == ')')
                    .unwrap_or(rest.len());
                let word = &rest[..end];
                out.push(match word.to_ascii_uppercase().as_str() {
                    "AND" => Tok::And,
                    "OR" => Tok::Or,
                    "WITH" => Tok::With,
                    _ => Tok::Name(word),
                });
                rest = &rest[end..];
            }
        }
    }
    out
}

type Dnf = Vec<Vec<Term>>;

struct ExprParser<'c, 'a> {
    toks: Vec<Tok<'a>>,
    pos: usize,
    catalog: &'c Catalog,
}

impl<'a> ExprParser<'_, 'a> {
    fn peek(&self) -> Option<&Tok<'a>> {
        self.toks.get(self.pos)
    }
    fn or(&mut self, depth: usize) -> Result<Dnf, String> {
        let mut acc = self.and(depth)?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            acc.extend(self.and(depth)?);
            if acc.len() > MAX_ALTERNATIVES {
                return Err(format!(
                    "expands to more than {MAX_ALTERNATIVES} alternatives"
                ));
            }
        }
        Ok(acc)
    }
    fn and(&mut self, depth: usize) -> Result<Dnf, String> {
        let mut acc = self.atom(depth)?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            let rhs = self.atom(depth)?;
            if acc.len() * rhs.len() > MAX_ALTERNATIVES {
                return Err(format!(
                    "expands to more than {MAX_ALTERNATIVES} alternatives"
                ));
            }
            let mut next = Vec::with_capacity(acc.len() * rhs.len());
            for a in &acc {
                for b in &rhs {
                    let mut alt = a.clone();
                    alt.extend(b.iter().cloned());
                    next.push(alt);
                }
            }
            acc = next;
        }
        Ok(acc)
    }
    fn atom(&mut self, depth: usize) -> Result<Dnf, String> {
        match self.toks.get(self.pos).cloned() {
            Some(Tok::Open) => {
                if depth >= MAX_DEPTH {
                    return Err("parentheses nested too deeply".into());
                }
                self.pos += 1;
                let inner = self.or(depth + 1)?;
                if self.peek() != Some(&Tok::Close) {
                    return Err("missing `)`".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Tok::Name(n)) => {
                self.pos += 1;
                let mut term = resolve_term(self.catalog, n);
                if self.peek() == Some(&Tok::With) {
                    self.pos += 1;
                    let Some(Tok::Name(e)) = self.toks.get(self.pos).cloned() else {
                        return Err("`WITH` must be followed by an exception id".into());
                    };
                    self.pos += 1;
                    match spdx_exception(e) {
                        Some(x) => term.exception = Some(x.name.to_string()),
                        None => return Err(format!("`{e}` is not an SPDX license exception")),
                    }
                }
                Ok(vec![vec![term]])
            }
            Some(t) => Err(format!("unexpected {}", describe(&t))),
            None => Err("expression ends too early".into()),
        }
    }
}

fn describe(t: &Tok<'_>) -> String {
    match t {
        Tok::Open => "`(`".into(),
        Tok::Close => "`)`".into(),
        Tok::And => "`AND`".into(),
        Tok::Or => "`OR`".into(),
        Tok::With => "`WITH`".into(),
        Tok::Name(n) => format!("`{n}`"),
    }
}

/// Parse and resolve a license expression.
pub fn parse_expression(catalog: &Catalog, text: &str) -> LicenseExpr {
    let failed = |msg: String| LicenseExpr {
        alternatives: vec![vec![Term::blank(text, text.to_string(), TermKind::Unknown)]],
        error: Some(msg),
    };
    if text.chars().count() > MAX_LEN {
        return failed(format!("longer than {MAX_LEN} characters"));
    }
    if text.trim().is_empty() {
        return failed("empty license expression".into());
    }
    let mut p = ExprParser {
        toks: lex(text),
        pos: 0,
        catalog,
    };
    match p.or(0) {
        Ok(dnf) if p.pos == p.toks.len() => LicenseExpr {
            alternatives: dnf,
            error: None,
        },
        Ok(_) => {
            let t = describe(&p.toks[p.pos]);
            failed(format!("unexpected {t}"))
        }
        Err(e) => failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(e: &LicenseExpr) -> Vec<Vec<String>> {
        e.alternatives
            .iter()
            .map(|a| a.iter().map(|t| t.id.clone()).collect())
            .collect()
    }

    #[test]
    fn dnf_of_and_or_with() {
        let c = Catalog::get();
        let e = parse_expression(
            c,
            "(mit OR apache-2.0) AND GPL-2.0-only WITH classpath-exception-2.0",
        );
        assert_eq!(e.error, None);
        assert_eq!(
            ids(&e),
            vec![
                vec!["MIT".to_string(), "GPL-2.0-only".into()],
                vec!["Apache-2.0".to_string(), "GPL-2.0-only".into()]
            ]
        );
        assert_eq!(
            e.alternatives[0][1].exception.as_deref(),
            Some("Classpath-exception-2.0")
        );
    }

    #[test]
    fn odd_names_and_errors() {
        let c = Catalog::get();
        let e = parse_expression(c, "openrail++");
        assert!(e.alternatives[0][0].known, "{e:?}");
        let e = parse_expression(c, "MIT AND");
        assert!(e.error.is_some());
        let e = parse_expression(c, "LicenseRef-acme-internal");
        assert_eq!(e.alternatives[0][0].kind, TermKind::Custom);
        let e = parse_expression(c, "Apache-2.0+");
        assert!(e.alternatives[0][0].or_later);
        let e = parse_expression(c, "gpl-2.0+");
        assert_eq!(e.alternatives[0][0].id, "GPL-2.0+");
        assert!(e.alternatives[0][0].or_later && e.alternatives[0][0].deprecated);
        let deep = format!("{}MIT{}", "(".repeat(100), ")".repeat(100));
        assert!(parse_expression(c, &deep).error.is_some());
        let wide = vec!["(MIT OR Apache-2.0)"; 20].join(" AND ");
        assert!(parse_expression(c, &wide).error.is_some());
    }
}
