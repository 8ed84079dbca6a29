# attribution-required: what the license obliges you to display.
package modelgate.rules.attribution_required

import data.modelgate.lib

metadata := {
	"id": "attribution-required",
	"title": "License requires attribution",
	"severity": "note",
	"description": "The license obliges you to show an attribution or notice (\"Built with Llama\", a NOTICE file, the license text) when you distribute the model or a product built on it. A reminder, not a defect.",
	"remediation": "Add the required notice to the product's documentation, about page or NOTICE file.",
	"summary": "the license requires an attribution or notice (what to display)",
	"rationale": "Missing attributions are the easiest license breach to avoid and among the easiest to spot. The message names the exact notice the license asks for.",
	"examples": {
		"fail": `models:
  - id: meta-llama/Llama-3.1-8B-Instruct
`,
		"pass": `models:
  - id: acme/tiny-classifier
    license: CC0-1.0
`,
	},
}

violations contains v if {
	some i, m in input.models
	lib.judgeable_at[i]
	count(m.license.alternatives) == 1
	some t in m.license.alternatives[0]
	t.attribution != null
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which requires attribution: %s", [m.id, lib.label(t), t.attribution]),
		"source": t.source,
	}
}
