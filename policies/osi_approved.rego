# osi-approved: the model's license is not OSI-approved.
package modelgate.rules.osi_approved

import data.modelgate.lib

metadata := {
	"id": "osi-approved",
	"title": "License is not OSI-approved",
	"severity": "warning",
	"description": "No way of taking the model's license is an OSI-approved license. Custom AI licenses (Llama, Gemma, the RAIL family, Qwen, DeepSeek, ...) are not open source licenses even when the weights are free to download: they restrict who may use the model or for what. A proprietary model or hosted service is under its provider's terms of service, which are not an OSI-approved license either (`no-proprietary` reports it separately, as proprietary).",
	"remediation": "Choose a model under an OSI-approved license (Apache-2.0, MIT, ...), or accept the license's terms deliberately and lower this rule (`--allow osi-approved`).",
	"summary": "no alternative of the license is OSI-approved (proprietary services included)",
	"rationale": "Open source licenses grant the same rights to everyone for any purpose. Anything else has conditions someone must read, track and keep honouring as the product changes.",
	"examples": {
		"fail": `models:
  - id: google/gemma-2-9b-it
`,
		"pass": `models:
  - id: mistralai/Mistral-7B-v0.1
`,
	},
}

violations contains v if {
	some i, m in input.models
	lib.judgeable_at[i]
	not any_osi(m)
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is under %s, which is not an OSI-approved license", [m.id, lib.license_label(m)]),
		"source": m.license.alternatives[0][0].source,
	}
}

any_osi(m) if {
	some alt in m.license.alternatives
	every t in alt {
		t.osi_approved
	}
}

# A proprietary model or service: its terms of service are not an OSI-approved license.
violations contains v if {
	some m in input.models
	m.openness == "proprietary"
	not any_osi(m)
	v := {
		"path": m.license.pointer,
		"msg": sprintf("`%s` is a proprietary model under its provider's terms, which are not an OSI-approved license", [m.id]),
		"source": proprietary_source(m),
	}
}

proprietary_source(m) := m.catalog.source if m.catalog != null

else := null
