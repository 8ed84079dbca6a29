# no-output-use-restrictions: the terms restrict what the model's outputs may be used for.
package modelgate.rules.no_output_use_restrictions

import data.modelgate.lib

metadata := {
	"id": "no-output-use-restrictions",
	"title": "Terms restrict the use of outputs",
	"severity": "error",
	"description": "The license or service terms restrict what the model's outputs may be used for: not to improve other LLMs (Llama), not to develop competing models (OpenAI, Anthropic, Gemini API terms), or a model trained on the outputs becomes a derivative under the same license (Gemma, FLUX.1 [dev], Stability). An error when the model's `usage` includes `distillation`, `synthetic-data` or `training` (of another model); a note otherwise, where the restriction exists.",
	"remediation": "Do not use this model's outputs to train, distil or improve another model, or choose a model whose terms allow it (Apache-2.0, MIT, ...). Remove the `usage` entry if the outputs are not used that way.",
	"summary": "outputs may not be used to train other models, and the manifest's usage says they are",
	"rationale": "Distilling a model or generating synthetic training data from it is a common pipeline step, and one that many licenses and every major API's terms forbid or bind to the original license.",
	"examples": {
		"fail": `models:
  - id: meta-llama/Llama-3.1-70B-Instruct
    usage: [distillation]
`,
		"pass": `models:
  - id: mistralai/Mistral-7B-v0.1
    usage: [distillation]
`,
	},
}

training_uses := {"distillation", "synthetic-data", "training"}

# The first term in any alternative with an output-use restriction.
restricting(m) := [t |
	some alt in m.license.alternatives
	some t in alt
	count(object.get(t, "output_use", [])) > 0
]

violations contains v if {
	some i, m in input.models
	lib.terms_at[i]
	ts := restricting(m)
	count(ts) > 0
	t := ts[0]
	uses := [u | some u in m.usage; training_uses[u]]
	v := object.union(
		{
			"path": path(m, uses),
			"msg": sprintf("`%s` is under %s, whose terms restrict the use of outputs (%s)%s", [m.id, lib.label(t), concat("; ", [describe(o) | some o in t.output_use]), usage_note(uses)]),
			"source": t.output_use[0].source,
		},
		level(uses),
	)
}

describe(o) := sprintf("%s: %s", [o.restriction, o.scope]) if o.scope != null

else := o.restriction

usage_note(uses) := sprintf("; this model's usage includes %s", [concat(", ", uses)]) if count(uses) > 0

else := ""

level(uses) := {} if count(uses) > 0

else := {"level": "note"}

path(m, uses) := sprintf("%s/usage", [m.pointer]) if {
	count(uses) > 0
	count(m.declared.usage) > 0
} else := m.license.pointer
