# shellcheck shell=bash
# Parameter checks: the module's own (kmdemo_limit_set) and the kernel's.
# busybox insmod tries twice (finit_module, then init_module with a copy),
# so the module's own code runs, and prints, twice for a refused load.

add_scenario param-out-of-range "a bad parameter value fails the load with EINVAL"
scn_param_out_of_range() {
	# parse_args() (kernel/params.c) goes on past a bad parameter and
	# returns the error; it prints "invalid for parameter" after our pr_err.
	insmod_step "limit=0" "$CORE" limit=0
	setter_returns limit=-22
	expect_verdict EINVAL
	module_lines "kmdemo_core: limit=0 is out of range [1, 1000000]" \
		"kmdemo_core: limit=0 is out of range [1, 1000000]"
	key_lines "kmdemo_core: \`0' invalid for parameter \`limit'"
	insmod_step "limit=abc" "$CORE" limit=abc
	setter_returns limit=-22
	expect_verdict EINVAL
	module_lines "kmdemo_core: limit: 'abc' is not an integer" \
		"kmdemo_core: limit: 'abc' is not an integer"
	key_lines "kmdemo_core: \`abc' invalid for parameter \`limit'"
	# param_array() names the parameter, not the module, and has already
	# cut the value at its first comma when parse_args() quotes it.
	insmod_step "five seeds for an array of four" "$CORE" seed=1,2,3,4,5
	expect_verdict EINVAL
	key_lines "seed: can only take 4 arguments" "kmdemo_core: \`1' invalid for parameter \`seed'"
	# Parameters are fine, but init refuses: the error comes from init.
	insmod_step "seeds past the limit (refused by init)" "$CORE" seed=50,60
	init_returns -22
	expect_verdict EINVAL
	module_lines "kmdemo_core: seed[1]=60 takes the total past limit 100" \
		"kmdemo_core: seed[1]=60 takes the total past limit 100"
}

add_scenario unknown-param "an unknown parameter is ignored with a warning"
scn_unknown_param() {
	core_up "insmod core bogus=1" "$CORE" bogus=1
	key_lines "kmdemo_core: unknown parameter 'bogus' ignored"
	core_down
}
