# license-missing: the license of a model cannot be determined.
package modelgate.rules.license_missing

metadata := {
	"id": "license-missing",
	"title": "Model license cannot be determined",
	"severity": "error",
	"description": "The model declares no `license:` and is not in the knowledge base, so none of its terms can be checked. A model whose license nobody knows cannot be shown to be allowed. Hosted API models (a known API provider, or a proprietary model) are exempt: they come under the provider's service terms, which `no-proprietary` reports.",
	"remediation": "Add `license:` with the license from the model card (an SPDX expression, a Hugging Face license id such as `llama3.1`, or `LicenseRef-...`), or name its `base_model:` if it is a fine-tune or quantization of a known model.",
	"summary": "no license is declared and the model is not in the knowledge base (hosted API models are exempt)",
	"rationale": "Every other license rule needs terms to judge. A model with no known license has no permission on record: using it is using someone's work without a license you can show.",
	"examples": {
		"fail": `models:
  - id: acme/in-house-model
`,
		"pass": `models:
  - id: acme/in-house-model
    license: apache-2.0
`,
	},
}

violations contains v if {
	some m in input.models
	m.license.effective == null
	m.openness != "proprietary"
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` declares no license and is not in the knowledge base", [m.id]),
	}
}
