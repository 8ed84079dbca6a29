#!/usr/bin/env bash
# Render `check --format markdown` of a hostile tree (ids, licenses, waiver reasons, policy
# messages and a directory name full of backticks, links, images, HTML, control characters
# and workflow commands) with a CommonMark renderer (markdown-it-py, tables on, raw HTML
# allowed as GitHub allows some) and fail on any link, image or HTML that modelgate's own
# template does not write. The checker is first shown a report with an injected link, to
# prove it can fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh

MARKDOWN_IT_VERSION=4.2.0
bin="$(modelgate_bin)"
venv="$TOOLS/markdown-it-venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$MARKDOWN_IT_VERSION" ]; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "markdown-it-py==$MARKDOWN_IT_VERSION"
    echo "$MARKDOWN_IT_VERSION" >"$venv/.installed"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/check.py" <<'EOF'
"""Fail when rendered Markdown has a link, an image or HTML beyond modelgate's template."""
import re
import sys

from markdown_it import MarkdownIt

ALLOWED_HTML = re.compile(r"</?(details|summary)>|<br>")

md = MarkdownIt("commonmark").enable("table")
text = open(sys.argv[1], encoding="utf-8").read()
problems = []

def walk(tokens):
    for t in tokens:
        if t.type in ("link_open", "image"):
            problems.append(f"{t.type}: {t.attrs}")
        if t.type in ("html_inline", "html_block"):
            rest = ALLOWED_HTML.sub("", t.content)
            if "<" in rest:
                problems.append(f"{t.type}: {t.content.strip()[:120]}")
        if t.children:
            walk(t.children)

walk(md.parse(text))
tables = text.count("| --- |")
html = md.render(text)
if problems:
    print(f"{sys.argv[1]}: {len(problems)} links, images or HTML from user text:")
    for p in problems[:20]:
        print("  " + p)
    sys.exit(1)
print(f"{sys.argv[1]}: {len(text)} bytes, {tables} tables, {html.count('<tr>')} rows rendered, no link, image or foreign HTML")
EOF

# The checker can fail.
# shellcheck disable=SC2016 # backticks are Markdown here, not a command
printf '### modelgate\n\n| a | b |\n| --- | --- |\n| `x` | [y](https://evil.example) ![i](https://evil.example/i.png) |\n' >"$work/bad.md"
if "$venv/bin/python" "$work/check.py" "$work/bad.md" >/dev/null; then
    echo "markdown-render: the checker accepted an injected link"
    exit 1
fi

# The hostile tree (the same attacks as tests/untrusted_output.rs).
tree="$work/tree"
odd="$tree/"$'svc\n::error file=a,line=1::injected'
mkdir -p "$tree/.git" "$odd" "$tree/pol"
cat >"$odd/ai-models.yaml" <<'EOF'
version: 1
models:
  - id: "evil\e[2J\e[1;1HAPPROVED\rBY LEGAL"
    license: "MIT\e[8m hidden"
  - id: "x`](https://evil.example/a) ![t](https://evil.example/t.png) <img src=https://evil.example/i.png> ``y"
    license: "[click](https://evil.example) <b>bold</b> <https://evil.example/auto>"
  - id: "bidi\u202Etxt.exe\u2066a\u2069 del\x7f c1\x85 zw\u200b"
  - id: "line\n::error file=x::pwned\n[ref]: https://evil.example/ref"
  - id: gpt-4o
    provider: openai
EOF
cat >"$odd/.modelgate.yaml" <<'EOF'
version: 1
waivers:
  - rule: no-proprietary
    model: gpt-4o
    reason: "ok `x](https://evil.example) ![w](https://evil.example/w.png) <a href=https://evil.example>a</a>"
    owner: "<script>alert(1)</script>"
    expires: 2099-12-31
EOF
cat >"$tree/pol/hostile.rego" <<'EOF'
package modelgate.rules.hostile

metadata := {"id": "hostile-rule", "title": "[t](https://evil.example)", "severity": "warning", "description": "d", "remediation": "r"}

violations contains v if {
	some i, m in input.models
	v := {"msg": sprintf("model %s ``` ![p](https://evil.example/p.png) <img src=x>", [m.id]), "path": ["models", i]}
}
EOF
mkdir -p "$tree/bad"
printf 'version: 1\nmodels: [ `x](https://evil.example) <img src=x>\n' >"$tree/bad/ai-models.yaml"
printf '{"version": 1, "findings": [{"rule": "r`](https://evil.example)", "manifest": "bad/ai-models.yaml", "model": "<img src=x>"}]}\n' >"$tree/base.json"

for run in "--policy pol" "--policy pol --baseline base.json" ""; do
    set +e
    # shellcheck disable=SC2086
    (cd "$tree" && "$bin" check $run --format markdown --color never >"$work/out.md")
    code=$?
    set -e
    if [ "$code" -gt 2 ] || [ ! -s "$work/out.md" ]; then
        echo "markdown-render: check $run gave exit $code and no report"
        exit 1
    fi
    grep -q 'evil.example' "$work/out.md" || { echo "markdown-render: the hostile text is missing"; exit 1; }
    "$venv/bin/python" "$work/check.py" "$work/out.md"
done
echo "markdown-render ok"
