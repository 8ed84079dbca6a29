# min-openness: models must be at least as open as the organization requires (params).
package modelgate.rules.min_openness

import data.modelgate.lib

metadata := {
	"id": "min-openness",
	"title": "Model less open than required",
	"severity": "error",
	"description": "Openness classes, from least to most open: `proprietary` (no weights; used through an API), `open-weights` (weights downloadable, but the terms are not OSI-approved or the training code or data are closed), `open-source` (OSI-approved terms with open training code and open or fully described data). `params.min_openness` sets the least open class allowed; a model below it, or whose openness the knowledge base cannot establish, fails. Without the parameter the rule checks nothing.",
	"remediation": "Choose a model of the required class (`modelgate explain <model>` shows a model's class and why), or add a waiver with a reason and an expiry date.",
	"summary": "the model is less open than `params.min_openness` (proprietary < open-weights < open-source), or its openness is unknown (only with that param)",
	"rationale": "Open weights let you self-host and audit a model; open training code and data let you reproduce and study it. Organizations that promise either to customers or regulators need the guarantee to hold for every model.",
	"examples": {
		"config": `params:
  min_openness: open-source
`,
		"fail": `models:
  - id: meta-llama/Llama-3.1-8B-Instruct
    license: llama3.1
`,
		"pass": `models:
  - id: allenai/OLMo-2-1124-7B
    license: Apache-2.0
`,
	},
}

rank := {"proprietary": 0, "open-weights": 1, "open-source": 2}

violations contains v if {
	minimum := object.get(lib.params, "min_openness", null)
	minimum != null
	need := rank[minimum]
	some m in input.models
	not at_least(m, need)
	v := {
		"path": sprintf("%s/id", [m.pointer]),
		"msg": message(m, minimum),
		"source": source(m),
	}
}

at_least(m, need) if rank[m.openness] >= need

message(m, minimum) := sprintf("`%s` is %s; the organization requires at least %s", [m.id, m.openness, minimum]) if {
	rank[m.openness]
} else := sprintf("the openness of `%s` is unknown (not in the knowledge base); the organization requires at least %s", [m.id, minimum])

source(m) := m.catalog.source if m.catalog != null

source(m) := "organization config: params.min_openness" if m.catalog == null
