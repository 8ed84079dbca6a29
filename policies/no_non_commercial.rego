# no-non-commercial: non-commercial terms in a commercial project.
package modelgate.rules.no_non_commercial

import data.modelgate.lib

metadata := {
	"id": "no-non-commercial",
	"title": "Non-commercial license in a commercial project",
	"severity": "error",
	"description": "The model's license allows only non-commercial, research or non-production use (FLUX.1 [dev], CC-BY-NC, Mistral MRL/MNPL, Stability non-commercial licenses, ...), and the project is commercial (`project.commercial` defaults to true). Shipping it is a license breach.",
	"remediation": "Choose a model whose license allows commercial use (for FLUX.1, [schnell] is Apache-2.0), buy the licensor's commercial license, or, if the model is only used for research, set its `environment: research`.",
	"summary": "every way of taking the license forbids commercial use and the project is commercial (`environment: research` models are exempt)",
	"rationale": "Using a non-commercial model in a product is a plain license breach: the licensor can demand that you stop, and claim damages. It is also the most common mistake with image models, where the popular [dev] and [schnell] variants sit under opposite terms.",
	"examples": {
		"fail": `project:
  commercial: true
models:
  - id: black-forest-labs/FLUX.1-dev
`,
		"pass": `project:
  commercial: true
models:
  - id: black-forest-labs/FLUX.1-schnell
`,
	},
}

violations contains v if {
	input.project.commercial == true
	some i, m in input.models
	m.environment != "research"
	lib.judgeable_at[i]
	every alt in m.license.alternatives {
		some t in alt
		t.commercial_use == "non-commercial"
	}
	t := [x | some x in m.license.alternatives[0]; x.commercial_use == "non-commercial"][0]
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which forbids commercial use, and this project is commercial", [m.id, lib.label(t)]),
		"source": t.source,
	}
}
