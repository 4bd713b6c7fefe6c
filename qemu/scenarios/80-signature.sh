# shellcheck shell=bash
# Module signatures (CONFIG_MODULE_SIG_FORCE): only the strict lab kernels.
# Their own modules are signed by scripts/lab with the project key.

add_scenario signature "MODULE_SIG_FORCE: unsigned and tampered modules are rejected, signed ones load"
scn_signature() {
	if [ "$CFG_MODULE_SIG_FORCE" != y ]; then
		not_applicable "signatures are not enforced (no CONFIG_MODULE_SIG_FORCE)"
		return 0
	fi
	# module_sig_check() runs before everything else and prints no module
	# name: the module has not been looked at yet.
	insmod_step "insmod an unsigned core" "$M/unsigned/kmdemo_core.ko"
	expect_verdict EKEYREJECTED
	key_lines "Loading of unsigned module is rejected"
	kmload_step "finit_module on it: EKEYREJECTED" "$M/unsigned/kmdemo_core.ko"
	expect_verdict EKEYREJECTED
	key_lines "Loading of unsigned module is rejected"
	# A signed file changed afterwards: the signature no longer verifies.
	# mod_verify_sig() fails with EKEYREJECTED, which module_sig_check()
	# returns as it is, without a message of its own.
	insmod_step "insmod a signed core changed after signing" "$F/tampered.ko"
	expect_verdict EKEYREJECTED
	core_up "insmod the signed core"
	step "it carries no E taint (signature verified)" "cat /sys/module/kmdemo_core/taint"
	expect_out O
	core_down
}
