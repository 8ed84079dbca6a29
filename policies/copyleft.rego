# copyleft: the license's copyleft (share-alike) scope, judged against how the product ships.
package modelgate.rules.copyleft

import data.modelgate.lib

metadata := {
	"id": "copyleft",
	"title": "License is copyleft",
	"severity": "warning",
	"description": "The license requires derivatives to carry the same license: weakly (LGPL, MPL, EPL: the licensed files), strongly (GPL, CC-BY-SA, and model licenses that bind distributed fine-tunes to the same agreement), or over a network (AGPL: offering a modified version to users over a network counts). Network copyleft in a `saas` or `api` product, and strong or network copyleft in a distributed product (`on-premise`, `mobile`, `desktop`, `embedded`, `open-source`), are reported at the rule's level (a warning; an error under the `commercial-safe` preset), as is strong copyleft when `project.distribution` is not declared. Other cases are notes.",
	"remediation": "Check that the product can meet the license's share-alike duty (publish the corresponding source under the same license), buy a commercial license where the licensor offers one (Ultralytics Enterprise), or choose a permissively licensed model.",
	"summary": "copyleft scope (weak, strong, network) against `project.distribution` (AGPL YOLO in SaaS)",
	"rationale": "A copyleft license is open source and still the first thing a compliance review flags: serving an AGPL model in a SaaS product, or shipping a GPL model in an app, can oblige the company to publish its own source.",
	"examples": {
		"fail": `project:
  distribution: saas
models:
  - id: Ultralytics/YOLO11
`,
		"pass": `project:
  distribution: saas
models:
  - id: mistralai/Mistral-7B-v0.1
`,
	},
}

rank := {"none": 0, "weak": 1, "strong": 2, "network": 3}

scopes := ["none", "weak", "strong", "network"]

# The scope that binds: the licensee takes the least restrictive alternative, and within an
# alternative the most restrictive term counts. An unrecorded scope counts as none.
scope(m) := scopes[min([max([object.get(rank, object.get(t, "copyleft", "none"), 0) | some t in alt]) | some alt in m.license.alternatives])]

network_products := {"saas", "api"}

distributed_products := {"on-premise", "mobile", "desktop", "embedded", "open-source"}

distribution := object.get(input.project, "distribution", null)

# The term that carries the scope, for its label and source.
carrier(m, s) := [t | some alt in m.license.alternatives; some t in alt; t.copyleft == s][0]

violations contains v if {
	some i, m in input.models
	lib.judgeable_at[i]
	s := scope(m)
	s != "none"
	t := carrier(m, s)
	v := object.union(
		{
			"path": m.license.pointer,
			"msg": sprintf("`%s` is under %s, which has %s copyleft%s", [m.id, lib.label(t), s, why(s)]),
			"source": t.source,
		},
		level(s),
	)
}

serious(s) if {
	s == "network"
	network_products[distribution]
}

serious(s) if {
	rank[s] >= 2
	distributed_products[distribution]
}

serious(s) if {
	rank[s] >= 2
	distribution == null
}

level(s) := {} if serious(s)

else := {"level": "note"}

why("network") := sprintf(": offering it over a network counts as distribution; this project ships as `%s`", [distribution]) if network_products[distribution]

else := sprintf(": distributed derivatives must carry the same license; this project ships as `%s`", [distribution]) if distributed_products[distribution]

else := ": set `project.distribution` so the rule can weigh it" if distribution == null

else := sprintf(": this project ships as `%s`", [distribution])

why("strong") := sprintf(": distributed derivatives must carry the same license; this project ships as `%s`", [distribution]) if distributed_products[distribution]

else := ": set `project.distribution` so the rule can weigh it" if distribution == null

else := sprintf(": this project ships as `%s` (not distributed)", [distribution])

why("weak") := ": changes to the licensed files must be shared under the same license"
