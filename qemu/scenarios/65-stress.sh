# shellcheck shell=bash
# The core under load (issue 10): client modules loaded and unloaded,
# user-space writers adding through sysfs, parameter writes and rmmod of
# the held core, all at once for a bounded time (rootfs/kmstress.sh), then
# the core's counters checked; then the core's unload raced by users of
# its sysfs files.
#
# The load runs on every kernel: the counters must add up everywhere.  The
# kernel's bug detectors (KASAN, lockdep, kmemleak) are on the debug
# kernels only, and so are the steps that read them: elsewhere a race shows
# only as a wrong count or a crash.  Any kernel report (a WARNING, a KASAN
# or lockdep report) is a kernel line no step expects, so it fails the
# step it falls into; kmemleak reports only when asked, hence a step of
# its own, and lockdep stops after its first report, hence the check that
# it is still on.  The loops print no kernel line: verbose is only written
# "off", the cycled clients load with quiet=1, and every refusal they meet
# is told by its errno, which kmstress.sh checks.

# stress_detectors: the kernel has the detectors the debug steps read.
stress_detectors() {
	[ "$(config_of "$KDIR" KASAN)" = y ] && [ "$(config_of "$KDIR" PROVE_LOCKING)" = y ] &&
		[ "$(config_of "$KDIR" DEBUG_KMEMLEAK)" = y ]
}

runs_on_debug_kernels stress
add_scenario stress "the core under load: clients cycled, writers, parameter writes, rmmod; counters consistent, no kernel report"
scn_stress() {
	local p=/sys/module/kmdemo_core/parameters s=/sys/kernel/kmdemo
	local leaks=/sys/kernel/debug/kmemleak debug=0 seconds=10
	! stress_detectors || debug=1
	# shellcheck disable=SC2119 # the defaults are meant
	core_up
	# kmdemo_client holds the core for the whole load: rmmod kmdemo_core
	# must be refused however the cycled clients come and go.
	insmod_step "insmod kmdemo_client bump=5 (holds the core)" "$CLIENT" bump=5
	expect_verdict loads
	module_lines "kmdemo_client: registered: total=5 checksum=254d055c"
	# A limit below the total used to be taken, leaving the total outside
	# [-limit, limit]: every addition, even one towards the range, was
	# then refused, and a client's exit could not take its bump back.
	step "a limit below the total is refused" "echo 55 > $s/total && echo 50 > $p/limit; cat $s/total $p/limit"
	expect_out "sh: write error: Device or resource busy" 60 100
	step "a limit at the total is taken" "echo 60 > $p/limit && echo -55 > $s/total && cat $s/total $p/limit"
	expect_out 5 60
	# The verbose line used to show the total read again after the lock
	# was dropped: under load, other callers' additions.
	step "verbose: each addition logged with the total it left" \
		"echo 1 > $p/verbose && echo 2 > $s/total && echo 100 > $s/total; echo -2 > $s/total; echo 0 > $p/verbose"
	expect_out "sh: write error: Numerical result out of range"
	expect_dmesg "kmdemo_core: add 2: done, total 7" "kmdemo_core: add 100: refused, total 7" \
		"kmdemo_core: add -2: done, total 5"
	step "the load: ${seconds}s of writers, cycled clients, limit and verbose writes, rmmod and insmod of the core" \
		"sh /lab/kmstress.sh load $seconds $M"
	expect_out \
		"ok: writer 1: every refused write is ERANGE, one message each" \
		"ok: writer 2: every refused write is ERANGE, one message each" \
		"ok: writer 3: every refused write is ERANGE, one message each" \
		"ok: the writers added" \
		"ok: limit: every refusal is EBUSY, one message each" \
		"ok: limit: a limit below the total is always refused" \
		"ok: limit: a limit just above the total was set" \
		"ok: verbose: every write took" \
		"ok: reader: the total grew, within the limit; the holder always listed" \
		"ok: kmdemo_client2: every insmod and rmmod worked" \
		"ok: kmdemo_client3: every insmod and rmmod worked" \
		"ok: kmdemo_core: every rmmod refused (in use), every insmod refused (loaded)" \
		"ok: total: what it was plus every write that was not refused" \
		"ok: clients: kmdemo_client alone" \
		"ok: refcnt: 1 (kmdemo_client)"
	# The writers' sum differs from run to run: take it back, so that the
	# exit lines are known.
	step "back to kmdemo_client's bump" "echo 1000000 > $p/limit && echo \$((5 - \$(cat $s/total))) > $s/total && cat $s/total"
	expect_out 5
	rmmod_step kmdemo_client
	module_lines "kmdemo_client: unregistered: total=0"
	step "no client, no reference left" "cat $s/total $s/clients /sys/module/kmdemo_core/refcnt"
	expect_out 0 0
	# sysfs against the unload: nothing holds the core while its files
	# are used (kernfs, not a module reference, keeps its code there
	# until the last write returns), so rmmod goes ahead under writers and
	# a reader, which must each end at their first failure.
	step "the unload race: writers of 0 and a reader of the total start" "sh /lab/kmstress.sh unload-start"
	expect_out "ok: 2 writers and a reader run"
	core_down
	step "the unload race: each ended when the files went" "sh /lab/kmstress.sh unload-end"
	expect_out "ok: writer 1: ended by the unload, at its first failure" \
		"ok: writer 2: ended by the unload, at its first failure" \
		"ok: reader: the total was 0 until it went"
	[ $debug = 1 ] || return 0
	# kmemleak reports an object once it is older than 5 s, unreferenced,
	# and unchanged since the scan before: two scans, the second at least
	# 6 s after the step began.  No scan
	# clears what the boot left first: a clean boot of the debug kernels
	# leaves no leak (two scans and a read of kmemleak right after the
	# boot report none on debug-x86_64, debug-arm64 and debug-arm), and
	# two more scans would cost some 20 s of the guest's time budget.  A
	# boot leak would show here with its backtrace, not be hidden.
	step "kmemleak: no leak after the load" "sleep 6 & echo scan > $leaks && wait && echo scan > $leaks && cat $leaks"
	step "lockdep is still on (a report would have turned it off)" "sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats"
	expect_out 1
}
