# license-unknown: a declared license is not one modelgate can judge.
package modelgate.rules.license_unknown

metadata := {
	"id": "license-unknown",
	"title": "License is not recognised",
	"severity": "error",
	"description": "The declared license expression names a license that is neither an SPDX id, an AI license in the knowledge base, nor a Hugging Face license id, or it is not a valid expression. Its terms cannot be checked, so every other license rule is silent for this model.",
	"remediation": "Use the SPDX id (`Apache-2.0`), the Hugging Face license id from the model card (`llama3.1`, `gemma`, `openrail++`), or an SPDX expression (`MIT OR Apache-2.0`). For an in-house license, use `LicenseRef-<name>` and accept this finding for that model deliberately.",
	"summary": "a declared license is not an SPDX id, a known AI license or a Hugging Face id, or the expression is invalid",
	"rationale": "A name modelgate cannot resolve is a license nobody has checked: a typo (`apache2`), a vendor's private name or a broken expression silently turns off every license rule for that model.",
	"examples": {
		"fail": `models:
  - id: acme/classifier
    license: acme-research-license
`,
		"pass": `models:
  - id: acme/classifier
    license: Apache-2.0
`,
	},
}

violations contains v if {
	some m in input.models
	m.license.declared_error != null
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is not a valid license expression: %s", [m.license.declared, m.license.declared_error]),
	}
}

violations contains v if {
	some m in input.models
	m.license.declared_error == null
	some alt in m.license.declared_alternatives
	some t in alt
	not t.known
	v := {
		"path": m.license.pointer,
		"msg": message(m, t),
	}
}

message(m, t) := sprintf("`%s` (license of `%s`) is a custom license whose terms modelgate does not know", [t.written, m.id]) if t.kind == "custom"

message(m, t) := sprintf("`%s` (license of `%s`) is not a license modelgate recognises", [t.written, m.id]) if t.kind != "custom"
