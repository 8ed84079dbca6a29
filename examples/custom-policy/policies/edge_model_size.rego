# edge-model-size: an organization's own rule. Products that run on users' devices (mobile,
# desktop, embedded) may only ship self-hosted models up to a size the devices can run.
package modelgate.rules.edge_model_size

metadata := {
	"id": "edge-model-size",
	"title": "Model too large for an on-device product",
	"severity": "error",
	"description": "In a project distributed as `mobile`, `desktop` or `embedded`, every self-hosted model must declare its size in billions of parameters (`metadata.parameters_b`) and stay at or below the limit: `project.metadata.max_parameters_b`, 8 by default.",
	"remediation": "Use a smaller or quantized-and-distilled model, serve this one from a hosted API instead, or (if the devices can take it) raise `project.metadata.max_parameters_b`.",
	"summary": "a self-hosted model in an on-device product is over the size limit or does not declare its size",
	"rationale": "Devices have fixed memory: a model that does not fit is a release that fails on customers' hardware. Declaring the size in the manifest makes the limit reviewable.",
	"examples": {
		"fail": `project:
  distribution: mobile
models:
  - id: mistralai/Mixtral-8x22B-v0.1
    metadata:
      parameters_b: 141
`,
		"pass": `project:
  distribution: mobile
models:
  - id: microsoft/Phi-3-mini-4k-instruct
    metadata:
      parameters_b: 3.8
`,
	},
}

on_device := {"mobile", "desktop", "embedded"}

default_limit := 8

limit := n if {
	n := input.project.metadata.max_parameters_b
	is_number(n)
} else := default_limit

# Self-hosted models only: a hosted API model does not run on the device.
shipped contains m if {
	input.project.distribution in on_device
	some m in input.models
	not m.hosted_api
}

violations contains v if {
	some m in shipped
	size := object.get(m.declared.metadata, "parameters_b", null)
	is_number(size)
	size > limit
	v := {
		"msg": sprintf("`%s` has %vB parameters; on-device models may have at most %vB", [m.id, size, limit]),
		"path": ["models", m.index, "metadata", "parameters_b"],
	}
}

violations contains v if {
	some m in shipped
	not is_number(object.get(m.declared.metadata, "parameters_b", null))
	v := {
		"msg": sprintf("`%s` ships on devices but does not declare `metadata.parameters_b`", [m.id]),
		"path": ["models", m.index, "id"],
	}
}
