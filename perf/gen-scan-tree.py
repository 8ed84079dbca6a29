#!/usr/bin/env python3
"""Generate a synthetic source tree for benchmarking `modelgate scan`.

Usage: perf/gen-scan-tree.py DIR [--files N]   (default 100000 files)

The tree is deterministic (fixed seed): 100 top-level packages of 10 modules directories each,
mixing Python, TypeScript, JavaScript, Dockerfiles, compose files, shell scripts, Markdown,
JSON and YAML in realistic proportions and sizes (0.5-4 KB). About 2% of the code files load
a model; many more mention the word "model" in unrelated ways (ORM models, view models), so
the prefilter cannot reject them on the word alone. A .gitignore hides one directory per
package, as build output would be.
"""
import argparse
import os
import random

PY_PLAIN = '''import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Record{n}:
    name: str
    size: int = 0

    def scaled(self, factor: float) -> int:
        """Return the size multiplied by factor."""
        return int(self.size * factor)


def load_{n}(rows):
    out = []
    for row in rows:
        if not row:
            continue
        out.append(Record{n}(name=row[0], size=len(row)))
    log.debug("loaded %d rows", len(out))
    return out
'''

PY_ORM = '''from django.db import models


class Invoice{n}(models.Model):
    number = models.CharField(max_length=32)
    total = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["number"]


class InvoiceAdmin{n}:
    model = Invoice{n}
    list_display = ("number", "total")
    search_fields = dict(model="invoice", field="number")
'''

PY_MODEL = '''from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline
from openai import OpenAI

tok = AutoTokenizer.from_pretrained("{hf}")
lm = AutoModelForCausalLM.from_pretrained("{hf}")
# lm = AutoModelForCausalLM.from_pretrained("google/gemma-7b")
clf = pipeline("text-classification", model="{hf}")
client = OpenAI()


def ask(q):
    return client.chat.completions.create(model="{api}", messages=[{{"role": "user", "content": q}}])
'''

TS_PLAIN = '''import {{ useState }} from "react";

export interface Props{n} {{
  title: string;
  count: number;
}}

export function Widget{n}(props: Props{n}) {{
  const [open, setOpen] = useState(false);
  // toggles the panel
  const label = open ? "Close" : "Open";
  return {{ label, total: props.count * 2, title: props.title }};
}}
'''

TS_VIEWMODEL = '''export class ViewModel{n} {{
  model = {{ id: 0, name: "" }};
  constructor(private readonly store: Map<string, number>) {{}}
  get size(): number {{
    return this.store.size;
  }}
}}
export const modelConfig = {{ model: "invoice", version: 2 }};
'''

TS_MODEL = '''import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const ask = (q: string) =>
  client.messages.create({{ model: "{api}", max_tokens: 256, messages: [{{ role: "user", content: q }}] }});
'''

MD = '''# Module {n}

This package handles part {n} of the pipeline. It once used `from_pretrained("org/model-{n}")`
but the model is now configured elsewhere. See the design notes for details.
'''

JSON = '{{"name": "pkg-{n}", "version": "1.0.{n}", "private": true, "scripts": {{"build": "tsc"}}}}\n'
YAML = 'name: job-{n}\nsteps:\n  - run: make test\n  - run: make lint\n'
DOCKER = '''FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "-m", "app"]
'''
DOCKER_MODEL = '''FROM vllm/vllm-openai:latest
ENV MODEL_ID={hf}
CMD ["--model", "{hf}"]
'''
SH = '#!/bin/sh\nset -eu\necho "building {n}"\nmake -j2\n'

HF = ["meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B", "mistralai/Mistral-7B-v0.1",
      "acme/internal-model-{n}", "google/gemma-2-9b"]
API = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20241022", "gemini-1.5-pro"]


def body(kind, n, rnd):
    hf = rnd.choice(HF).format(n=n)
    api = rnd.choice(API)
    pad = "\n".join(f"# filler line {i} for module {n}" for i in range(rnd.randint(0, 60)))
    if kind == "py":
        r = rnd.random()
        if r < 0.02:
            return PY_MODEL.format(hf=hf, api=api)
        if r < 0.25:
            return PY_ORM.format(n=n) + pad
        return PY_PLAIN.format(n=n) + pad
    if kind in ("ts", "js"):
        r = rnd.random()
        if r < 0.02:
            return TS_MODEL.format(api=api)
        if r < 0.2:
            return TS_VIEWMODEL.format(n=n)
        return TS_PLAIN.format(n=n) + pad.replace("#", "//")
    if kind == "md":
        return MD.format(n=n)
    if kind == "json":
        return JSON.format(n=n)
    if kind == "yaml":
        return YAML.format(n=n)
    if kind == "docker":
        return DOCKER_MODEL.format(hf=hf) if rnd.random() < 0.1 else DOCKER
    return SH.format(n=n)


KINDS = [("py", 40), ("ts", 20), ("js", 10), ("md", 10), ("json", 8), ("yaml", 6), ("docker", 2), ("sh", 4)]
EXT = {"py": ".py", "ts": ".ts", "js": ".js", "md": ".md", "json": ".json", "yaml": ".yaml", "sh": ".sh"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=100_000)
    a = ap.parse_args()
    rnd = random.Random(20240601)
    pool = [k for k, w in KINDS for _ in range(w)]
    per_dir = max(1, a.files // 1000)
    os.makedirs(a.dir, exist_ok=True)
    with open(os.path.join(a.dir, ".gitignore"), "w") as f:
        f.write("build/\n")
    n = 0
    while n < a.files:
        pkg, mod = divmod(n // per_dir, 10)
        sub = "build" if mod == 9 else f"mod{mod}"
        d = os.path.join(a.dir, f"pkg{pkg:03d}", sub)
        os.makedirs(d, exist_ok=True)
        for _ in range(per_dir):
            if n >= a.files:
                break
            kind = rnd.choice(pool)
            name = "Dockerfile" if kind == "docker" else f"file{n}{EXT[kind]}"
            if kind == "docker":
                d2 = os.path.join(d, f"svc{n}")
                os.makedirs(d2, exist_ok=True)
                path = os.path.join(d2, name)
            else:
                path = os.path.join(d, name)
            with open(path, "w") as f:
                f.write(body(kind, n, rnd))
            n += 1
    print(f"wrote {n} files under {a.dir}")


if __name__ == "__main__":
    main()
