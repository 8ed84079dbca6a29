# no-revenue-cap: the license stops applying above an annual revenue.
package modelgate.rules.no_revenue_cap

import data.modelgate.lib

metadata := {
	"id": "no-revenue-cap",
	"title": "License caps annual revenue",
	"severity": "warning",
	"description": "The license applies only while the licensee (with its affiliates) earns less than a set annual revenue, for example USD 1,000,000 under the Stability AI Community License. Above it an enterprise license is required.",
	"remediation": "Check the company's revenue against the cap (set `project.annual_revenue_usd` so the message compares it), buy the commercial license, or choose another model.",
	"summary": "the license stops applying above an annual revenue (Stability AI Community License)",
	"rationale": "Revenue is counted for the whole company and its affiliates; crossing the cap requires a paid enterprise license, so a commercial success can turn into a licensing problem.",
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
	lib.every_alternative_has(m, "revenue_cap_usd")
	t := lib.first_with(m, "revenue_cap_usd")
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which applies only below USD %s annual revenue%s", [m.id, lib.label(t), lib.thousands(t.revenue_cap_usd), context(t.revenue_cap_usd)]),
		"source": t.source,
	}
}

context(cap) := sprintf(" (this project reports USD %s: over the cap)", [lib.thousands(n)]) if {
	n := input.project.annual_revenue_usd
	n != null
	n > cap
} else := sprintf(" (this project reports USD %s)", [lib.thousands(n)]) if {
	n := input.project.annual_revenue_usd
	n != null
} else := ""
