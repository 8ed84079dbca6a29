# provider-allowed: hosted API models only from the providers the organization approved.
package modelgate.rules.provider_allowed

import data.modelgate.lib

metadata := {
	"id": "provider-allowed",
	"title": "API provider not approved",
	"severity": "error",
	"description": "A hosted API model sends your data to its provider and binds the product to the provider's terms. Organizations approve providers after a security and contract review and list them in `params.allowed_providers` (`openai`, `azure-openai`, `anthropic`, ...). The provider is the model's declared `provider`, else the provider part of its catalog id. Without the list the rule checks nothing.",
	"remediation": "Use the model through an approved provider (set `provider:` accordingly, e.g. `azure-openai`), choose a model from an approved provider, or have the provider approved.",
	"summary": "a hosted API model's provider is not on `params.allowed_providers` (only with that param)",
	"rationale": "Prompts and data sent to an API leave your infrastructure under the provider's contract; only providers with a reviewed data-processing agreement should receive them.",
	"examples": {
		"config": `params:
  allowed_providers: [azure-openai]
`,
		"fail": `models:
  - id: gpt-4o
    provider: openai
`,
		"pass": `models:
  - id: gpt-4o
    provider: azure-openai
`,
	},
}

violations contains v if {
	allowed := object.get(lib.params, "allowed_providers", null)
	allowed != null
	some m in input.models
	m.hosted_api
	p := lib.provider(m)
	not approved(p, allowed)
	v := {
		"path": path(m),
		"msg": sprintf("`%s` is served by `%s`, which is not an approved API provider (approved: %s)", [m.id, p, concat(", ", allowed)]),
		"source": "organization config: params.allowed_providers",
	}
}

approved(p, allowed) if {
	some a in allowed
	lower(a) == p
}

path(m) := sprintf("%s/provider", [m.pointer]) if m.declared.provider != null

path(m) := sprintf("%s/id", [m.pointer]) if m.declared.provider == null
