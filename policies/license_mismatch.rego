# license-mismatch: the declared license differs from the model's known license.
package modelgate.rules.license_mismatch

import data.modelgate.lib

metadata := {
	"id": "license-mismatch",
	"title": "Declared license differs from the model's real license",
	"severity": "error",
	"description": "The manifest declares a license that is not the one the model is published under. This is how open-washing slips in: a Llama or non-commercial model declared as `apache-2.0` reads as open source to everyone who trusts the manifest. modelgate judges a known model by its real license either way; this rule makes the declaration itself true. A derivative named through `base_model:` may carry a license of its own; it is judged by that license AND its base model's, and is not reported here.",
	"remediation": "Declare the license the knowledge base reports (see `modelgate explain <model>`), or, if the model card changed, pin the `revision:` you checked and record why the declaration differs.",
	"summary": "the declared license differs from the model's published license (open-washing)",
	"rationale": "A manifest is read by people who trust it: reviewers, auditors, customers. A Llama model declared as Apache-2.0 tells them it is open source when it carries a user cap and a use policy.",
	"examples": {
		"fail": `models:
  - id: meta-llama/Llama-3.1-8B-Instruct
    license: apache-2.0
`,
		"pass": `models:
  - id: meta-llama/Llama-3.1-8B-Instruct
    license: llama3.1
`,
	},
}

violations contains v if {
	some m in input.models
	m.license.declared != null
	m.license.known != null
	m.catalog.matched_by != "base-model"
	m.license.declared_error == null
	every alt in m.license.declared_alternatives {
		every t in alt {
			t.known
		}
	}
	{x | some x in m.license.declared_ids} != {x | some x in m.license.known_ids}
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is declared as `%s`, but it is published under `%s` (%s)", [m.id, m.license.declared, m.license.known, m.license.known_name]),
		"source": m.catalog.source,
	}
}
