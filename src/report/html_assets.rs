//! The HTML report's inline style sheet and script (no external asset: the page works from
//! `file://` and without a network).

pub const STYLE: &str = r#"
:root { --fg: #1b1f24; --bg: #fff; --muted: #57606a; --line: #d0d7de;
  --error: #cf222e; --warning: #9a6700; --note: #0969da; --ok: #1a7f37; --mark: #fff8c5; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0;
  --line: #30363d; --error: #ff7b72; --warning: #d29922; --note: #58a6ff; --ok: #3fb950; --mark: #3b2e00; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem 3rem; color: var(--fg);
  background: var(--bg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; } h2 { font-size: 1.25rem; margin-top: 2rem;
  border-bottom: 1px solid var(--line); } h3 { font-size: 1.05rem; margin: 0; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
.muted { color: var(--muted); }
.verdict-banner { font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--line); }
th { font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
td { overflow-wrap: anywhere; }
.badge { display: inline-block; min-width: 4.5rem; padding: 0 0.4rem; border-radius: 0.6rem;
  font-size: 0.8rem; font-weight: 600; text-align: center; color: #fff; }
.v-error { background: var(--error); } .v-warning { background: var(--warning); }
.v-note { background: var(--note); } .v-ok { background: var(--ok); }
.v-suppressed { background: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 0.8rem 0; }
.filters select { font: inherit; padding: 0.1rem 0.3rem; }
.model { border: 1px solid var(--line); border-radius: 0.4rem; padding: 0.8rem 1rem; margin: 1rem 0; }
.model > header { display: flex; gap: 0.8rem; align-items: baseline; flex-wrap: wrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0.6rem 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.source { color: var(--muted); font-size: 0.85rem; }
.finding { border-left: 4px solid var(--line); padding: 0.2rem 0 0.2rem 0.8rem; margin: 0.8rem 0; }
.finding.sev-error { border-color: var(--error); } .finding.sev-warning { border-color: var(--warning); }
.finding.sev-note { border-color: var(--note); } .finding.suppressed { border-color: var(--muted); opacity: 0.85; }
.finding p { margin: 0.2rem 0; }
pre.excerpt { margin: 0.4rem 0; padding: 0.4rem 0.6rem; overflow-x: auto; border: 1px solid var(--line);
  border-radius: 0.3rem; }
pre.excerpt .ln { display: inline-block; min-width: 3ch; margin-right: 1ch; color: var(--muted);
  text-align: right; user-select: none; }
pre.excerpt mark { background: var(--mark); color: inherit; text-decoration: underline wavy var(--error); }
.waiver { font-size: 0.9rem; }
.expired { color: var(--error); font-weight: 600; }
[hidden] { display: none !important; }
"#;

/// Filters the model table and the model sections by verdict and rule. Rows and sections
/// carry `data-verdict` and `data-rules` (rule ids between spaces); without script every
/// row stays visible.
pub const SCRIPT: &str = r#"
(function () {
  "use strict";
  var verdict = document.getElementById("filter-verdict");
  var rule = document.getElementById("filter-rule");
  var count = document.getElementById("filter-count");
  function apply() {
    var v = verdict.value, r = rule.value, shown = 0, total = 0;
    document.querySelectorAll("[data-verdict]").forEach(function (el) {
      var ok = (v === "" || el.getAttribute("data-verdict") === v) &&
        (r === "" || (" " + el.getAttribute("data-rules") + " ").indexOf(" " + r + " ") >= 0);
      el.hidden = !ok;
      if (el.tagName === "TR") { total += 1; if (ok) { shown += 1; } }
    });
    count.textContent = shown + " of " + total + " models shown";
  }
  verdict.addEventListener("change", apply);
  rule.addEventListener("change", apply);
  apply();
})();
"#;
