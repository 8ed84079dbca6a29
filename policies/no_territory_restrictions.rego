# no-territory-restrictions: the license does not apply in some territories.
package modelgate.rules.no_territory_restrictions

import data.modelgate.lib

metadata := {
	"id": "no-territory-restrictions",
	"title": "License excludes territories",
	"severity": "warning",
	"description": "The license withholds its rights in some territories: Tencent's Hunyuan licenses do not apply in the European Union, the United Kingdom and South Korea; the Llama 3.2 and Llama 4 acceptable-use policies withhold the multimodal models' rights from individuals and companies established in the EU (an exclusion scoped to multimodal models applies only to models the catalog records as multimodal). The project's `project.markets` (where the product is offered or its operator is established) are compared: an error when a declared market is excluded, a warning when the project declares no markets.",
	"remediation": "Declare `project.markets` (ISO 3166-1 alpha-2 codes, `EU`, `EEA`) so the rule can compare them; in an excluded market, choose another model or obtain a license from the licensor.",
	"summary": "the license does not apply in some territories (Hunyuan: EU, UK, KR; Llama 4 multimodal: EU)",
	"rationale": "A model that is unlicensed where the product is sold, or where the company is established, cannot be used there at all, whatever else its license allows.",
	"examples": {
		"fail": `project:
  markets: [DE, US]
models:
  - id: tencent/Hunyuan-A13B-Instruct
`,
		"pass": `project:
  markets: [US]
models:
  - id: mistralai/Mistral-7B-v0.1
`,
	},
}

# Every (model index, term) whose exclusion reaches the model.
excluding contains [i, t] if {
	some i, m in input.models
	lib.judgeable_at[i]
	some alt in m.license.alternatives
	some t in alt
	t.excluded_territories != null
	count(t.excluded_territories.codes) > 0
	reaches(m, t.excluded_territories)
}

reaches(_, x) if x.model_scope == "all"

reaches(m, x) if {
	x.model_scope == "multimodal"
	lib.multimodal(m)
}

reaches(m, x) if {
	x.model_scope == "multimodal"
	m.catalog == null
}

markets := object.get(input.project, "markets", [])

violations contains v if {
	some [i, t] in excluding
	m := input.models[i]
	x := t.excluded_territories
	hit := [mk | some mk in markets; some c in x.codes; lib.market_in(mk, c)]
	count(hit) > 0
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which does not apply in %s%s; this project declares the market(s) %s", [m.id, lib.label(t), concat(", ", x.codes), scope_note(x), concat(", ", sort_unique(hit))]),
		"source": x.source,
		"level": "error",
	}
}

violations contains v if {
	some [i, t] in excluding
	m := input.models[i]
	x := t.excluded_territories
	count(markets) == 0
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which does not apply in %s%s; this project declares no markets (set `project.markets`)", [m.id, lib.label(t), concat(", ", x.codes), scope_note(x)]),
		"source": x.source,
	}
}

scope_note(x) := " (for licensees established there, multimodal models)" if {
	x.basis == "licensee-establishment"
	x.model_scope == "multimodal"
} else := " (for licensees established there)" if {
	x.basis == "licensee-establishment"
} else := ""

sort_unique(list) := sort({x | some x in list})
