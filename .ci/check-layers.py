#!/usr/bin/env python3
"""The crate's modules in pipeline order: no import cycle, no module importing from a later
stage, no source file over 600 lines.

Each top-level module of `src/` (a file `src/x.rs` or a folder `src/x/`) is a stage; `LAYERS`
lists them lowest first. A reference `crate::x` (in a `use`, a path or a `use crate::{x, ..}`
group) from stage A to stage B is allowed when B comes before A. Run by `.ci/run`.
"""
import pathlib
import re
import sys

LAYERS = [
    "safe_text",     # user text made safe for a terminal (escapes, bidi overrides)
    "yaml",          # the one YAML parser (spans)
    "rule",          # the rule contract as plain data: Level, RuleMeta, Violation
    "finding",       # findings, file errors, the report
    "source",        # reading files for everyone: display paths, size limits, read YAML
    "validation",    # one validation context for manifests and configs
    "catalog",       # the knowledge base
    "manifest",      # ai-models.yaml: validation and loading
    "input",         # manifest + knowledge base -> the input document
    "waiver",        # waivers: type, matching, application, their findings and rules
    "config",        # .modelgate.yaml chains
    "engine",        # the only user of regorus
    "scan",          # model references in code; drift rules
    "ruleset",       # one config chain -> engine, rules, levels
    "walk",          # the parallel walker (discovery)
    "explanation",   # check --explain: the facts behind a finding
    "runner",        # the check pipeline over many manifests
    "baseline",      # baseline files
    "diagnostics",   # the only user of miette
    "report",        # output formats
    "exit",          # exit codes
    "sbom",          # CycloneDX export
    "ruledoc",       # rule docs from metadata
    "rego_testing",  # policy test: Rego unit tests and coverage
    "cli",           # clap types: the raw arguments
    "settings",      # one resolved settings value for every command
    "commands",      # one file per subcommand
]
MAX_LINES = 600

src = pathlib.Path(__file__).resolve().parent.parent / "src"
order = {name: i for i, name in enumerate(LAYERS)}
edges = {}
problems = []
ref = re.compile(r"crate::(\{[^}]*\}|[a-z_][a-z0-9_]*)", re.S)
for path in sorted(src.rglob("*.rs")):
    rel = path.relative_to(src)
    if rel.parts[0] in ("main.rs", "lib.rs"):
        continue
    stage = rel.parts[0].removesuffix(".rs")
    text = path.read_text()
    lines = text.count("\n")
    if lines > MAX_LINES:
        problems.append(f"src/{rel}: {lines} lines (at most {MAX_LINES})")
    if stage not in order:
        problems.append(f"src/{rel}: module `{stage}` is not in the pipeline order (.ci/check-layers.py)")
        continue
    # Comments are not imports.
    code = "\n".join(l.split("//")[0] for l in text.splitlines())
    for m in ref.finditer(code):
        group = m.group(1)
        targets = re.findall(r"(?:^|[{,])\s*([a-z_][a-z0-9_]*)", group) if group.startswith("{") else [group]
        for target in targets:
            if target == "self" or target == stage:
                continue
            edges.setdefault(stage, set()).add(target)
            if target not in order:
                problems.append(f"src/{rel}: `crate::{target}` is not a module in the pipeline order")
            elif order[target] > order[stage]:
                problems.append(f"src/{rel}: `{stage}` imports `crate::{target}`, a later stage")

# Cycles (implied by a back edge, but reported as such for the reader).
state = {}
def visit(n, stack):
    state[n] = 1
    for t in sorted(edges.get(n, ())):
        if state.get(t) == 1:
            problems.append("import cycle: " + " -> ".join(stack[stack.index(t):] + [t]))
        elif t not in state:
            visit(t, stack + [t])
    state[n] = 2
for n in sorted(edges):
    if n not in state:
        visit(n, [n])

lib = (src / "lib.rs").read_text()
declared = re.findall(r"^pub mod ([a-z_0-9]+);", lib, re.M)
if declared != LAYERS:
    problems.append(f"src/lib.rs declares {declared}; pipeline order is {LAYERS}")

for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(f"layers: {len(LAYERS)} stages in order, no back edge, no cycle, no file over {MAX_LINES} lines")
