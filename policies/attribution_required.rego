# attribution-required: what the license obliges you to display.
package modelgate.rules.attribution_required

import data.modelgate.lib

metadata := {
	"id": "attribution-required",
	"title": "License requires attribution",
	"severity": "note",
	"description": "The license obliges you to show an attribution or notice (\"Built with Llama\", a NOTICE file, the license text) when you distribute the model or a product built on it, or to display the model's name once the product passes a threshold (Kimi K2 and MiniMax M2: 100 million monthly active users or a revenue figure). Thresholds are stated with the project's declared figures and whether they cross them (`project.monthly_active_users`, `project.monthly_revenue_usd`, `project.annual_revenue_usd`). A reminder, not a defect.",
	"remediation": "Add the required notice to the product's documentation, about page or NOTICE file.",
	"summary": "the license requires an attribution or notice (what to display)",
	"rationale": "Missing attributions are the easiest license breach to avoid and among the easiest to spot. The message names the exact notice the license asks for.",
	"examples": {
		"fail": `models:
  - id: meta-llama/Llama-3.1-8B-Instruct
`,
		"pass": `models:
  - id: acme/tiny-classifier
    license: CC0-1.0
`,
	},
}

violations contains v if {
	some i, m in input.models
	lib.judgeable_at[i]
	count(m.license.alternatives) == 1
	some t in m.license.alternatives[0]
	t.attribution != null
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which requires attribution: %s", [m.id, lib.label(t), t.attribution]),
		"source": t.source,
	}
}

# Duties that start above a figure (display the model's name), with the project's figures.
violations contains v if {
	some i, m in input.models
	lib.judgeable_at[i]
	count(m.license.alternatives) == 1
	some t in m.license.alternatives[0]
	count(t.thresholds) > 0
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which requires %s once the product has %s; %s", [m.id, lib.label(t), duty(t.thresholds[0]), concat(" or ", [figure(th) | some th in t.thresholds]), crossing(t.thresholds)]),
		"source": t.thresholds[0].source,
	}
}

duty(th) := sprintf("displaying \"%s\" prominently in the product's user interface", [th.display]) if {
	th.duty == "display-name"
	th.display != null
} else := sprintf("a `%s` duty", [th.duty])

figure(th) := sprintf("more than %s monthly active users", [lib.thousands(th.value)]) if th.metric == "monthly_active_users"

figure(th) := sprintf("more than USD %s in monthly revenue", [lib.thousands(th.value)]) if th.metric == "monthly_revenue_usd"

figure(th) := sprintf("more than USD %s in annual revenue", [lib.thousands(th.value)]) if th.metric == "annual_revenue_usd"

# The project's figure for a threshold's metric ([] when it declares none).
declared("monthly_active_users") := [n] if {
	n := input.project.monthly_active_users
	n != null
} else := [n] if {
	n := object.get(lib.params, "monthly_active_users", null)
	n != null
} else := []

declared("monthly_revenue_usd") := [n] if {
	n := input.project.monthly_revenue_usd
	n != null
} else := [floor(n / 12)] if {
	n := input.project.annual_revenue_usd
	n != null
} else := []

declared("annual_revenue_usd") := [n] if {
	n := input.project.annual_revenue_usd
	n != null
} else := [n * 12] if {
	n := input.project.monthly_revenue_usd
	n != null
} else := []

crossed(ths) := [th |
	some th in ths
	some n in declared(th.metric)
	n > th.value
]

stated(ths) := [sprintf("%s %s", [lib.thousands(declared(th.metric)[0]), unit(th.metric)]) |
	some th in ths
	count(declared(th.metric)) > 0
]

unit("monthly_active_users") := "monthly active users"

unit("monthly_revenue_usd") := "USD monthly revenue"

unit("annual_revenue_usd") := "USD annual revenue"

crossing(ths) := sprintf("this project declares %s: over the threshold, the duty applies", [concat(", ", stated(ths))]) if {
	count(crossed(ths)) > 0
} else := sprintf("this project declares %s: under the threshold", [concat(", ", stated(ths))]) if {
	count(stated(ths)) > 0
} else := "this project declares no users or revenue to compare (set `project.monthly_active_users` and a revenue figure)"
