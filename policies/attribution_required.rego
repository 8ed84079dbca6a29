# attribution-required: what the license obliges you to display.
package modelgate.rules.attribution_required

import data.modelgate.lib

metadata := {
	"id": "attribution-required",
	"title": "License requires attribution",
	"severity": "note",
	"description": "The license obliges you to show an attribution or notice (\"Built with Llama\", a NOTICE file, the license text) when you distribute the model or a product built on it. A reminder, not a defect.",
	"remediation": "Add the required notice to the product's documentation, about page or NOTICE file.",
}

violations contains v if {
	some m in input.models
	lib.judgeable(m)
	count(m.license.alternatives) == 1
	some t in m.license.alternatives[0]
	t.attribution != null
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which requires attribution: %s", [m.id, lib.label(t), t.attribution]),
		"source": t.source,
	}
}
