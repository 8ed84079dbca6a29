# Helpers shared by the built-in rules; custom policies may import them too.
package modelgate.lib

# A model whose license terms can be judged: it has a license expression that parsed, every
# license in it is recognised, and it is not a closed API model (those answer to
# `no-proprietary` alone: their service terms are not a license text we hold).
judgeable(m) if {
	m.license.effective != null
	m.license.error == null
	every alt in m.license.alternatives {
		every t in alt {
			t.known
		}
	}
	m.openness != "proprietary"
}

# Every alternative of the expression carries at least one term with `field` set (neither null
# nor false): no way of taking the model escapes that term. Written out rather than through a
# helper function: function calls are the interpreter's most expensive step.
every_alternative_has(m, field) if {
	count(m.license.alternatives) > 0
	every alt in m.license.alternatives {
		some t in alt
		t[field] != null
		t[field] != false
	}
}

# The first term (in the first alternative) with `field` set.
first_with(m, field) := [t |
	some t in m.license.alternatives[0]
	t[field] != null
	t[field] != false
][0]

# How a term is named in messages: `llama3.1` (Llama 3.1 Community License Agreement).
label(t) := sprintf("`%s` (%s)", [t.id, t.name]) if t.name != null

label(t) := sprintf("`%s`", [t.id]) if t.name == null

# How the whole license is named: one term by its label, an expression as written.
license_label(m) := label(m.license.alternatives[0][0]) if {
	count(m.license.alternatives) == 1
	count(m.license.alternatives[0]) == 1
}

license_label(m) := sprintf("`%s`", [m.license.effective]) if {
	not single_term(m)
}

single_term(m) if {
	count(m.license.alternatives) == 1
	count(m.license.alternatives[0]) == 1
}

# Digits with thousands separators: 700000000 -> "700,000,000".
thousands(n) := concat("", [sprintf("%s%s", [_separator[[i > 0, (count(d) - i) % 3 == 0]], substring(d, i, 1)]) |
	d := sprintf("%d", [n])
	some i in numbers.range(0, count(d) - 1)
])

# A comma before a digit that starts a group of three, except the first (no function call per
# digit: function calls are the interpreter's most expensive step).
_separator := {[true, true]: ",", [true, false]: "", [false, true]: "", [false, false]: ""}

# Parameters from the configuration (`params:` in .modelgate.yaml), or {} when none is set.
default params := {}

params := data.modelgate.params

# Who serves a hosted API model: the declared `provider`, else the provider part of the
# catalog id (`openai/gpt-4o`), else "unknown".
provider(m) := lower(m.declared.provider) if {
	m.declared.provider != null
} else := split(m.catalog.id, "/")[0] if {
	m.catalog != null
	contains(m.catalog.id, "/")
} else := "unknown"

# A license is written in the list when its id (or SPDX id) matches an entry, ignoring case.
listed(t, list) if {
	some entry in list
	lower(entry) == lower(t.id)
}

listed(t, list) if {
	t.spdx_id != null
	some entry in list
	lower(entry) == lower(t.spdx_id)
}

# Positions in `input.models` of the models `judgeable` accepts: computed once per document
# and shared by every rule (a function is evaluated anew on each call).
judgeable_at contains i if {
	some i, m in input.models
	judgeable(m)
}

# A model whose recorded terms can be read, proprietary services included: its license parsed
# and every license in it is recognised (`judgeable` without the proprietary exclusion).
has_terms(m) if {
	m.license.effective != null
	m.license.error == null
	every alt in m.license.alternatives {
		every t in alt {
			t.known
		}
	}
}

# Positions in `input.models` of the models `has_terms` accepts.
terms_at contains i if {
	some i, m in input.models
	has_terms(m)
}

# EU member states and the EEA (EU plus Iceland, Liechtenstein, Norway), for region matching.
eu_members := {
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
	"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}

eea_members := eu_members | {"IS", "LI", "NO"}

# A declared market falls in an excluded territory code: the same code, a member state of an
# excluded `EU`/`EEA`, or a group that overlaps an excluded group or member.
market_in(market, code) if market == code

market_in(market, "EU") if eu_members[market]

market_in(market, "EEA") if eea_members[market]

market_in("EU", "EEA") := true

market_in("EEA", "EU") := true

market_in("EU", code) if eu_members[code]

market_in("EEA", code) if eea_members[code]

# Whether a model is multimodal as far as the catalog says (null modality: unknown).
multimodal(m) if {
	m.catalog != null
	mod := lower(m.catalog.modality)
	some word in ["+", "multimodal", "vision", "image", "video", "audio", "speech"]
	contains(mod, word)
}
