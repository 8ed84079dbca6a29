# no-user-cap: the license stops applying above a number of monthly active users.
package modelgate.rules.no_user_cap

import data.modelgate.lib

metadata := {
	"id": "no-user-cap",
	"title": "License caps monthly active users",
	"severity": "warning",
	"description": "The license grants rights only up to a number of monthly active users (Llama: 700 million, Qwen: 100 million, DBRX: 700 million); above it you need a separate license the licensor may refuse. A product that grows, or is acquired by a larger company, can lose the right to use the model.",
	"remediation": "Check that the product (with its affiliates) stays below the cap, set `project.monthly_active_users` (or the config's `params.monthly_active_users`) so the message compares it, or choose a model without a user cap.",
	"summary": "the license stops applying above a number of monthly active users (Llama, Qwen, DBRX)",
	"rationale": "The cap counts the users of the licensee and its affiliates, so growth or an acquisition can end the license for a product that depends on the model, with no right to a new one.",
	"examples": {
		"fail": `project:
  monthly_active_users: 250000
models:
  - id: meta-llama/Llama-3.1-8B-Instruct
`,
		"pass": `models:
  - id: mistralai/Mistral-7B-v0.1
`,
	},
}

violations contains v if {
	some i, m in input.models
	lib.judgeable_at[i]
	lib.every_alternative_has(m, "user_cap_mau")
	t := lib.first_with(m, "user_cap_mau")
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which requires a separate license above %s monthly active users%s", [m.id, lib.label(t), lib.thousands(t.user_cap_mau), context(t.user_cap_mau)]),
		"source": t.source,
	}
}

context(cap) := sprintf(" (this project expects %s: over the cap)", [lib.thousands(n)]) if {
	n := expected_users
	n != null
	n > cap
} else := sprintf(" (this project expects %s)", [lib.thousands(n)]) if {
	n := expected_users
	n != null
} else := ""

# The manifest's own figure wins; the organization's `params.monthly_active_users` fills in;
# null when neither is set.
default expected_users := null

expected_users := input.project.monthly_active_users if {
	input.project.monthly_active_users != null
}

expected_users := object.get(lib.params, "monthly_active_users", null) if {
	input.project.monthly_active_users == null
}
