# shellcheck shell=bash
# KUnit: the suites of kunit/kmdemo_kunit.c run inside the kernels built
# with CONFIG_KUNIT.  The suites and cases are pinned: one that disappears
# or is added without being listed here fails the step.

add_scenario kunit "the KUnit suites of kunit/kmdemo_kunit.c, parsed from KTAP"
scn_kunit() {
	if [ "$CFG_KUNIT" != y ]; then
		not_applicable "no CONFIG_KUNIT"
		return 0
	fi
	core_up
	insmod_step "insmod kmdemo_kunit (runs the suites)" "$M/kmdemo_kunit.ko"
	expect_verdict loads
	expect_ktap \
		kmdemo_add.add_positive_and_negative \
		kmdemo_add.add_up_to_the_limit \
		kmdemo_add.add_past_the_limit_is_refused \
		kmdemo_add.add_extreme_deltas_are_refused \
		kmdemo_client_registry.register_and_unregister \
		kmdemo_client_registry.register_duplicate_name \
		kmdemo_client_registry.register_bad_names \
		kmdemo_checksum.checksum_known_values \
		kmdemo_checksum.checksum_wraps_modulo_65521 \
		kmdemo_limit_param.limit_accepts_its_range \
		kmdemo_limit_param.limit_refuses_and_keeps_the_value
	# kmdemo_limit_set() explains each value the suite makes it refuse.
	module_lines "kmdemo_core: limit=0 is out of range [1, 1000000]" \
		"kmdemo_core: limit=-1 is out of range [1, 1000000]" \
		"kmdemo_core: limit=1000001 is out of range [1, 1000000]" \
		"kmdemo_core: limit: 'abc' is not an integer" \
		"kmdemo_core: limit: '' is not an integer" \
		"kmdemo_core: limit: '12x' is not an integer"
	step "the suites left the core as they found it" "cat /sys/kernel/kmdemo/total /sys/kernel/kmdemo/clients"
	expect_out 0
	rmmod_step kmdemo_kunit
	core_down
}
