# no-revenue-cap: the license stops applying (or needs another license or a royalty) above a
# revenue, counted per year or per month.
package modelgate.rules.no_revenue_cap

import data.modelgate.lib

metadata := {
	"id": "no-revenue-cap",
	"title": "License caps revenue",
	"severity": "warning",
	"description": "The license applies only while the licensee (with its affiliates) earns less than a set revenue, counted per year (USD 1,000,000 under the Stability AI Community License) or per month (USD 20,000,000 under Mistral's modified MIT for Devstral 2). Above it the rights end, or an enterprise license or a royalty is required. The project's declared revenue is compared in the license's own period: an error when it is over the cap, a note when it is under, a warning when the project declares none.",
	"remediation": "Set `project.annual_revenue_usd` (or `project.monthly_revenue_usd`) so the rule compares it, buy the commercial license, or choose another model.",
	"summary": "the license stops applying above an annual or monthly revenue (Stability, Devstral 2)",
	"rationale": "Revenue is counted for the whole company and its affiliates; crossing the cap requires a paid license, so a commercial success can turn into a licensing problem. A monthly cap compared with annual revenue, or the reverse, is wrong by a factor of twelve.",
	"examples": {
		"fail": `project:
  annual_revenue_usd: 12000000
models:
  - id: stabilityai/stable-diffusion-3.5-large
`,
		"pass": `models:
  - id: black-forest-labs/FLUX.1-schnell
`,
	},
}

violations contains v if {
	some i, m in input.models
	lib.judgeable_at[i]
	lib.every_alternative_has(m, "revenue_cap")
	t := lib.first_with(m, "revenue_cap")
	cap := t.revenue_cap
	v := object.union(
		{
			"path": m.license.pointer,
			"msg": sprintf("`%s` is under %s, %s above USD %s in %s revenue (%s)%s", [m.id, lib.label(t), effect_text(cap.effect), lib.thousands(cap.amount_usd), period_word(cap.period), cap.whose, context(cap)]),
			"source": cap.source,
		},
		level(cap),
	)
}

effect_text("rights-end") := "whose rights end"

effect_text("royalty-required") := "which requires a royalty"

effect_text("license-required") := "which requires a separate license"

period_word("monthly") := "monthly"

period_word("annual") := "annual"

# The project's revenue in the cap's period: [amount, how the project declared it], the first
# that applies (written without `else`, which the two evaluators must treat alike).
revenue_list(cap) := annual_list if cap.period == "annual"

revenue_list(cap) := monthly_list if cap.period == "monthly"

annual_revenue := object.get(input.project, "annual_revenue_usd", null)

monthly_revenue := object.get(input.project, "monthly_revenue_usd", null)

annual_list := array.concat(
	[[n, sprintf("USD %s a year", [lib.thousands(n)])] | n := annual_revenue; n != null],
	[[n * 12, sprintf("USD %s a month, USD %s a year", [lib.thousands(n), lib.thousands(n * 12)])] | n := monthly_revenue; n != null],
)

monthly_list := array.concat(
	[[n, sprintf("USD %s a month", [lib.thousands(n)])] | n := monthly_revenue; n != null],
	[[a, sprintf("USD %s a year, about USD %s a month", [lib.thousands(n), lib.thousands(a)])] | n := annual_revenue; n != null; a := floor(n / 12)],
)

state(cap) := "none" if count(revenue_list(cap)) == 0

state(cap) := "over" if {
	rl := revenue_list(cap)
	count(rl) > 0
	rl[0][0] > cap.amount_usd
}

state(cap) := "under" if {
	rl := revenue_list(cap)
	count(rl) > 0
	rl[0][0] <= cap.amount_usd
}

context(cap) := "; this project declares no revenue (set `project.annual_revenue_usd` or `project.monthly_revenue_usd`)" if state(cap) == "none"

context(cap) := sprintf("; this project reports %s: %s the cap", [revenue_list(cap)[0][1], state(cap)]) if state(cap) != "none"

level(cap) := {"none": {}, "over": {"level": "error"}, "under": {"level": "note"}}[state(cap)]
