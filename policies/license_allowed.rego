# license-allowed: the organization's allow and deny lists of licenses (params).
package modelgate.rules.license_allowed

import data.modelgate.lib

metadata := {
	"id": "license-allowed",
	"title": "License not allowed by the organization",
	"severity": "error",
	"description": "The organization keeps lists of licenses its legal team has reviewed: `params.allowed_licenses` (only these) and `params.denied_licenses` (never these). A model passes when at least one way of taking it (one alternative of an OR expression) uses only allowed licenses and none that are denied. Hosted API models are left to `provider-allowed`. Without either list the rule checks nothing.",
	"remediation": "Choose a model under an allowed license, ask the owners of the organization's config to review this license, or add a waiver with a reason and an expiry date.",
	"summary": "the license is not on `params.allowed_licenses`, or every alternative uses one on `params.denied_licenses` (only with those params)",
	"rationale": "Legal teams review licenses once and keep lists; a model under an unreviewed or refused license should not reach production by accident, whatever its other terms.",
	"examples": {
		"config": `params:
  allowed_licenses: [Apache-2.0, MIT]
`,
		"fail": `models:
  - id: meta-llama/Llama-3.1-8B-Instruct
    license: llama3.1
`,
		"pass": `models:
  - id: mistralai/Mistral-7B-v0.1
    license: Apache-2.0
`,
	},
}

# Licenses a self-hosted model can be judged on: the expression parsed.
candidate(m) if {
	m.license.effective != null
	m.license.error == null
	m.openness != "proprietary"
	not m.hosted_api
}

allowed_alternative(alt) if {
	every t in alt {
		not denied(t)
		allowed(t)
	}
}

allowed(t) if not lib.params.allowed_licenses

allowed(t) if lib.listed(t, lib.params.allowed_licenses)

denied(t) if lib.listed(t, lib.params.denied_licenses)

configured if lib.params.allowed_licenses

configured if lib.params.denied_licenses

violations contains v if {
	configured
	some m in input.models
	candidate(m)
	count(m.license.alternatives) > 0
	not any_allowed(m)
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which %s", [m.id, lib.license_label(m), why(m)]),
		"source": "organization config: params.allowed_licenses / params.denied_licenses",
	}
}

any_allowed(m) if {
	some alt in m.license.alternatives
	allowed_alternative(alt)
}

why(m) := sprintf("uses `%s`, on the organization's list of denied licenses", [t.id]) if {
	d := [x | some alt in m.license.alternatives; some x in alt; denied(x)]
	count(d) > 0
	t := d[0]
} else := sprintf("is not on the organization's list of allowed licenses (%s)", [concat(", ", lib.params.allowed_licenses)])
