# shellcheck shell=bash
# Parameter checks: the module's own (kmdemo_limit_set) and the kernel's.

add_scenario param-out-of-range "a bad parameter value fails the load with EINVAL"
scn_param_out_of_range() {
	# parse_args() (kernel/params.c) goes on past a bad parameter and
	# returns the error; it prints "invalid for parameter" after our pr_err.
	refused_with "kmdemo_core: limit=0 is out of range [1, 1000000]" \
		"kmdemo_core: \`0' invalid for parameter \`limit'"
	insmod_refused "limit=0" late EINVAL "$CORE" limit=0
	refused_with "kmdemo_core: limit: 'abc' is not an integer" \
		"kmdemo_core: \`abc' invalid for parameter \`limit'"
	insmod_refused "limit=abc" late EINVAL "$CORE" limit=abc
	# param_array() names the parameter, not the module, and has already
	# cut the value at its first comma when parse_args() quotes it.
	refused_with "seed: can only take 4 arguments" \
		"kmdemo_core: \`1' invalid for parameter \`seed'"
	insmod_refused "five seeds for an array of four" late EINVAL "$CORE" seed=1,2,3,4,5
	# Parameters are fine, but init refuses: the error comes from init.
	refused_with "kmdemo_core: seed[1]=60 takes the total past limit 100"
	insmod_refused "seeds past the limit (refused by init)" late EINVAL "$CORE" seed=50,60
}

add_scenario unknown-param "an unknown parameter is ignored with a warning"
scn_unknown_param() {
	insmod_ok "insmod core bogus=1" "$CORE" bogus=1
	expect_dmesg "kmdemo_core: unknown parameter 'bogus' ignored"
	core_loaded_line
	core_down
}
