# no-proprietary: a closed model reached through a provider's service.
package modelgate.rules.no_proprietary

metadata := {
	"id": "no-proprietary",
	"title": "Proprietary model",
	"severity": "note",
	"description": "The model is proprietary: no weights are published and it is used through a provider's API under its service terms (GPT-4o, Claude, Gemini, ...). That is legitimate, but the product then depends on the provider's terms, prices and availability, and its data leaves your infrastructure.",
	"remediation": "Nothing to fix if this is intended. Organizations that require self-hostable models raise this rule to an error (`--deny no-proprietary`).",
	"summary": "the model is proprietary (no weights, used through an API)",
	"rationale": "Prompts and data go to the provider, and the provider's terms, prices and model versions can change at any time. Knowing which models are proprietary is the first step of a vendor and data-protection review.",
	"examples": {
		"fail": `models:
  - id: gpt-4o
    provider: openai
`,
		"pass": `models:
  - id: allenai/OLMo-7B
`,
	},
}

violations contains v if {
	some m in input.models
	m.openness == "proprietary"
	v := {
		"path": sprintf("%s/id", [m.pointer]),
		"msg": sprintf("`%s` is a proprietary model: no published weights, used under the provider's service terms", [m.id]),
		"source": source(m),
	}
}

source(m) := m.catalog.source if m.catalog != null

source(m) := "manifest: provider or license" if m.catalog == null
