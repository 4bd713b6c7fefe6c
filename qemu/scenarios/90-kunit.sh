# shellcheck shell=bash
# KUnit: the suite of kunit/ run inside the kernels built with CONFIG_KUNIT.

add_scenario kunit "the KUnit suites of kunit/kmdemo_kunit.c, parsed from KTAP"
scn_kunit() {
	if [ "$CFG_KUNIT" != y ]; then
		not_applicable "no CONFIG_KUNIT"
		return 0
	fi
	core_up
	insmod_ok "insmod kmdemo_kunit (runs the suites)" "$M/kmdemo_kunit.ko"
	expect_ktap
	# kmdemo_limit_set() explains each value the suite makes it refuse.
	expect_dmesg "kmdemo_core: limit=0 is out of range [1, 1000000]" \
		"kmdemo_core: limit=-1 is out of range [1, 1000000]" \
		"kmdemo_core: limit=1000001 is out of range [1, 1000000]" \
		"kmdemo_core: limit: 'abc' is not an integer" \
		"kmdemo_core: limit: '' is not an integer" \
		"kmdemo_core: limit: '12x' is not an integer"
	step "the suites left the core as they found it" "cat /sys/kernel/kmdemo/total /sys/kernel/kmdemo/clients"
	expect_out 0
	rmmod_ok kmdemo_kunit
	core_down
}
