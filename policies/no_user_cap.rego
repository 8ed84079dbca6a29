# no-user-cap: the license stops applying above a number of users.
package modelgate.rules.no_user_cap

import data.modelgate.lib

metadata := {
	"id": "no-user-cap",
	"title": "License caps monthly active users",
	"severity": "warning",
	"description": "The license grants rights only up to a number of users (Llama: 700 million monthly active users, Qwen: 100 million, DBRX: 700 million); above it you need a separate license the licensor may refuse. A product that grows, or is acquired by a larger company, can lose the right to use the model. A duty that starts above a figure while the rights continue (Kimi K2's display-the-name clause) is not a cap: `attribution-required` reports it. The project's declared users are compared: an error when over the cap, a note when under, a warning when the project declares none.",
	"remediation": "Check that the product (with its affiliates) stays below the cap, set `project.monthly_active_users` (or the config's `params.monthly_active_users`) so the rule compares it, or choose a model without a user cap.",
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
	lib.every_alternative_has(m, "user_cap")
	t := lib.first_with(m, "user_cap")
	cap := t.user_cap
	v := object.union(
		{
			"path": m.license.pointer,
			"msg": sprintf("`%s` is under %s, which requires a separate license above %s %s%s", [m.id, lib.label(t), lib.thousands(cap.value), metric_word(cap.metric), context(cap)]),
			"source": cap.source,
		},
		level(cap),
	)
}

metric_word("monthly_active_users") := "monthly active users"

metric_word("daily_active_users") := "daily active users"

metric_word("monthly_visits") := "monthly visits"

context(cap) := sprintf(" (this project expects %s: over the cap)", [lib.thousands(n)]) if {
	cap.metric == "monthly_active_users"
	n := expected_users
	n != null
	n > cap.value
} else := sprintf(" (this project expects %s: under the cap)", [lib.thousands(n)]) if {
	cap.metric == "monthly_active_users"
	n := expected_users
	n != null
} else := " (this project declares no monthly active users)" if {
	cap.metric == "monthly_active_users"
} else := ""

level(cap) := {"level": "error"} if {
	cap.metric == "monthly_active_users"
	n := expected_users
	n != null
	n > cap.value
} else := {"level": "note"} if {
	cap.metric == "monthly_active_users"
	expected_users != null
} else := {}

# The manifest's own figure wins; the organization's `params.monthly_active_users` fills in;
# null when neither is set.
default expected_users := null

expected_users := input.project.monthly_active_users if {
	input.project.monthly_active_users != null
}

expected_users := object.get(lib.params, "monthly_active_users", null) if {
	input.project.monthly_active_users == null
}
