# no-field-of-use-restrictions: the license forbids uses through an acceptable-use policy.
package modelgate.rules.no_field_of_use_restrictions

import data.modelgate.lib

metadata := {
	"id": "no-field-of-use-restrictions",
	"title": "License restricts fields of use",
	"severity": "warning",
	"description": "The license carries an acceptable-use or prohibited-use policy (Llama, Gemma, the RAIL family, FLUX.1 [dev], ...). Those lists forbid whole fields (military, medical advice, surveillance, ...), often must be passed on to your own users, and some can be changed by the licensor after you adopt the model.",
	"remediation": "Read the acceptable-use policy, confirm the product's uses are outside it, and pass it on where the license requires; or choose a model under a license without use restrictions.",
	"summary": "the license carries an acceptable-use / prohibited-use policy",
	"rationale": "A use policy binds what your product does and often what your users do with it; breaking it ends the license. Some policies can be updated by the licensor after you adopt the model.",
	"examples": {
		"fail": `models:
  - id: google/gemma-2-9b-it
`,
		"pass": `models:
  - id: allenai/OLMo-7B
`,
	},
}

violations contains v if {
	some i, m in input.models
	lib.judgeable_at[i]
	lib.every_alternative_has(m, "field_of_use_restrictions")
	t := lib.first_with(m, "field_of_use_restrictions")
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which restricts fields of use through an acceptable-use policy%s", [m.id, lib.label(t), policy(t)]),
		"source": t.source,
	}
}

policy(t) := sprintf(" (%s)", [t.aup_url]) if t.aup_url != null

policy(t) := "" if t.aup_url == null
