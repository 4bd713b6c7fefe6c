# shellcheck shell=bash
# Successful loads: parameters, dependencies, refcounts, modprobe.
# Variables: see scripts/lab (K, M, CORE, CLIENT, CFG_*, ...).

# core_up [TITLE] [KO] [PARAM...]: insmod the core (default parameters
# unless given) and expect it to load and say so.
# shellcheck disable=SC2120 # the other scenario files pass arguments
core_up() {
	insmod_step "${1:-insmod core}" "${2:-$CORE}" "${@:3}"
	expect_verdict loads
	core_loaded_line
}
# core_loaded_line [LABEL] [LIMIT] [TOTAL]: the core's init line.
core_loaded_line() {
	module_lines "kmdemo_core: loaded: label=${1:-kmdemo} limit=${2:-100} total=${3:-0}"
}

# core_down [TOTAL]: rmmod the core; its exit line shows the total.
core_down() {
	rmmod_step kmdemo_core
	module_lines "kmdemo_core: unloaded: total=${1:-0}"
}

add_scenario client-before-core "the client needs the core's symbols: Unknown symbol (err -2)"
scn_client_before_core() {
	insmod_step "insmod client without the core" "$CLIENT"
	expect_verdict ENOENT
	key_lines "kmdemo_client: Unknown symbol kmdemo_register_client (err -2)"
	step "nothing stays loaded" "grep -c kmdemo /proc/modules"
	expect_rc 1
	expect_out 0
}

add_scenario core-params "the core with parameters, visible and checked in sysfs"
scn_core_params() {
	local p=/sys/module/kmdemo_core/parameters
	insmod_step "insmod core with parameters" "$CORE" limit=500 label=lab seed=1,2,3
	# limit has the module's own setter (kmdemo_limit_set): 500 is fine.
	setter_returns limit=0
	expect_verdict loads
	core_loaded_line lab 500 6
	step "parameter values in sysfs" "cd $p && for f in *; do echo \$f=\$(cat \$f); done"
	expect_out label=lab limit=500 seed=1,2,3 verbose=N
	step "parameter permissions" "stat -c '%a %n' $p/*"
	expect_out "444 $p/label" "644 $p/limit" "444 $p/seed" "644 $p/verbose"
	step "seeds are in the total" "cat /sys/kernel/kmdemo/total"
	expect_out 6
	step "limit is writable at run time" "echo 50 > $p/limit && cat $p/limit"
	expect_out 50
	step "an out-of-range limit is refused at run time" "echo 0 > $p/limit"
	expect_rc 1
	expect_out "sh: write error: Invalid argument"
	expect_dmesg "kmdemo_core: limit=0 is out of range [1, 1000000]"
	step "label is read-only" "echo x > $p/label"
	expect_rc 1
	expect_out "sh: can't create $p/label: Permission denied"
	step "the total obeys the limit" "echo 45 > /sys/kernel/kmdemo/total"
	expect_rc 1
	expect_out "sh: write error: Numerical result out of range"
	core_down 6
}

add_scenario client-uses-core "core then client: the client's effect, refcount, rmmod refused while in use"
scn_client_uses_core() {
	# shellcheck disable=SC2119 # the defaults are meant
	core_up
	insmod_step "insmod client" "$CLIENT" bump=7
	expect_verdict loads
	# Adler-32 of "kmdemo_client".
	module_lines "kmdemo_client: registered: total=7 checksum=254d055c"
	step "the client changed the core's state" "cat /sys/kernel/kmdemo/total /sys/kernel/kmdemo/clients"
	expect_out 7 kmdemo_client
	step "the core is used by the client" "cut -d' ' -f1,3,4 /proc/modules | grep kmdemo"
	expect_out "kmdemo_client 0 -" "kmdemo_core 1 kmdemo_client,"
	step "rmmod core while the client uses it" "rmmod kmdemo_core"
	expect_rc 1
	expect_out "rmmod: can't unload module 'kmdemo_core': Resource temporarily unavailable"
	insmod_step "insmod core again" "$CORE"
	expect_verdict EEXIST
	rmmod_step kmdemo_client
	module_lines "kmdemo_client: unregistered: total=0"
	core_down
}

add_scenario modprobe-deps "modprobe loads the core first after depmod"
scn_modprobe_deps() {
	# shellcheck disable=SC2016 # expanded by the guest's shell
	local dir='/lib/modules/$(uname -r)/extra'
	step "install and depmod" "mkdir -p $dir && cp $CORE $CLIENT $dir/ && depmod && cat /lib/modules/\$(uname -r)/modules.dep"
	expect_out "extra/kmdemo_core.ko:" "extra/kmdemo_client.ko: extra/kmdemo_core.ko"
	modprobe_step "modprobe client" kmdemo_client "$CLIENT" "$CORE"
	expect_verdict loads
	core_loaded_line
	module_lines "kmdemo_client: registered: total=1 checksum=254d055c"
	step "both are loaded" "cut -d' ' -f1 /proc/modules | grep kmdemo"
	expect_out kmdemo_client kmdemo_core
	step "modprobe -r removes both" "modprobe -r kmdemo_client && grep -c kmdemo /proc/modules"
	expect_rc 1
	expect_out 0
	expect_dmesg "kmdemo_client: unregistered: total=0" "kmdemo_core: unloaded: total=0"
	kocheck_unload kmdemo_client kmdemo_core
	step "uninstall" "rm -r $dir"
}
