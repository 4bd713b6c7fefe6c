# shellcheck shell=bash
# Runtime failures: module/faulty/kmdemo_runtime.c commits one classic bug
# on demand, and the kernel's own detector reports it.  One scenario per
# fault, so each gets a fresh kernel; each asserts the report's first line,
# the taint it leaves, its decoded stack (the faulty statement's function
# and line, found from its FAULT marker) and that the guest goes on.
# docs/runtime.md quotes what these scenarios print.
# Variables: see scripts/lab (K, ARCH, M, KDIR, ...).

# exact LINE: LINE as a regular expression matching only itself (sed:
# each special character gets a backslash, which ${//} cannot do).
# shellcheck disable=SC2001
exact() { sed 's/[]$*+?{}()|.^\\[]/\\&/g' <<<"$1"; }

# A symbol in a stack line: name+offset/size [module].
in_runtime() { echo "$1\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[kmdemo_runtime\\]"; }

runtime_up() {
	insmod_step "insmod kmdemo_runtime" "$M/kmdemo_runtime.ko"
	expect_verdict loads
	module_lines "kmdemo_runtime: ready: write a fault's name to $RUNTIME_TRIGGER"
}

# The guest goes on after the fault: a new process runs and reads the
# kernel's module list.
runtime_goes_on() {
	step "the guest goes on: a new process reads the module list" "grep -c '^kmdemo_runtime ' /proc/modules"
	expect_out 1
}

# runtime_down: a fault that left no task dead lets the module go.
runtime_down() {
	runtime_goes_on
	rmmod_step kmdemo_runtime
	module_lines "kmdemo_runtime: unloaded"
}

# An oops kills the writer: x86's page fault handler with SIGKILL, its
# BUG (invalid opcode) and arm's and arm64's die() with SIGSEGV.
oops_signal() {
	if [ "$ARCH" = x86_64 ] && [ "$1" = page-fault ]; then echo SIGKILL; else echo SIGSEGV; fi
}

# What happens after the load is what the debug kernels are for.
runs_on_debug_kernels oops-null bug-on warn-on refcount-underflow kasan-use-after-free kasan-oob-write kasan-double-free kmemleak lockdep-inversion sleep-in-atomic alloc-in-atomic hung-task soft-lockup

add_scenario oops-null "a NULL pointer dereference: the oops, taint D, the writer killed"
scn_oops_null() {
	local line
	runtime_up
	trigger_step "write through a NULL pointer" null-deref
	# KASAN checks the access before the CPU makes it.
	if grep -qx CONFIG_KASAN=y "$KDIR/.config"; then
		expect_report "BUG: KASAN: null-ptr-deref in $(in_runtime kmdemo_runtime_null_deref)"
		expect_taint BD
	else
		expect_taint D
	fi
	case $ARCH in
	x86_64) line="BUG: kernel NULL pointer dereference, address: 0000000000000000" ;;
	# With software PAN the kernel runs with user memory (address 0 is
	# user memory) in a "no access" domain: a domain fault, not the page
	# fault the message about NULL pointers comes from.
	arm) if grep -qx CONFIG_CPU_SW_DOMAIN_PAN=y "$KDIR/.config"; then
		line="Unhandled fault: page domain fault (0x81b) at 0x00000000"
	else
		line="Unable to handle kernel NULL pointer dereference at virtual address 00000000"
	fi ;;
	*) line="Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000" ;;
	esac
	expect_report "$(exact "$line")"
	expect_writer killed "$(oops_signal page-fault)"
	expect_decoded kmdemo_runtime_null_deref null-deref
	# The dead writer never left the debugfs file: the module stays.
	runtime_goes_on
}

# What 7.x changed in the reports these scenarios state (6.12 prints the
# earlier forms; the lab's generations are 5.10, 6.1, 6.12 and 7.2):
#
# runtime_file: the file named on a WARNING or "kernel BUG at" line, the
# __FILE__ the bug table holds.  Up to 6.12 kbuild compiles an external
# module's file by its path in the module's directory, which
# -ffile-prefix-map in module/faulty/Kbuild turns into
# module/faulty/kmdemo_runtime.c.  7.x's kbuild compiles it from that
# directory by its bare name (Makefile: srcroot is "." there, and
# scripts/Makefile.build passes the file relative to it), so __FILE__ is
# kmdemo_runtime.c, which no prefix map rewrites.
runtime_file() {
	if linux_before 7.0; then echo "$RUNTIME_SRC"; else echo "${RUNTIME_SRC##*/}"; fi
}

# warning_line LOCATION SYMBOL: a WARN()'s line as kernel/panic.c
# __warn() prints it, given its file:line and symbol as regular
# expressions.  Up to 6.12 "WARNING: CPU: 0 PID: 53 at FILE:LINE SYMBOL";
# 7.x "WARNING: FILE:LINE at SYMBOL, CPU#0: sh/121" (the task's comm and
# pid: the writer, sh -c).  The guest has one CPU.
warning_line() {
	if linux_before 7.0; then
		echo "WARNING: CPU: 0 PID: [0-9]+ at $1 $2"
	else
		echo "WARNING: $1 at $2, CPU#0: sh/[0-9]+"
	fi
}

add_scenario bug-on "BUG_ON(): kernel BUG at file:line, taint D, the writer killed"
scn_bug_on() {
	local first
	requires_config BUG DEBUG_BUGVERBOSE || return 0
	first=$(fault_lines bug-on)
	first=${first%% *}
	runtime_up
	trigger_step "BUG_ON() on a condition that holds" bug-on
	expect_report "$(exact "kernel BUG at $(runtime_file):$first!")"
	expect_writer killed "$(oops_signal bug)"
	if [ "$ARCH" = arm64 ] && ! linux_before 7.0; then
		# arm64's BUG() is a brk: its handler (el1_brk64()) runs with
		# all of DAIF masked, as the CPU took the exception (el1_abort()
		# inherits the interrupted context's instead), and die() kills
		# the writer from there.  make_task_dead() unmasks I and F only
		# ("note: sh[122] exited with irqs disabled"), so the dying
		# task reaches its next context switch with D and A still
		# masked, and 7.x's __switch_to() checks DAIF
		# (debug_switch_state(); 6.12 has no such check): a second
		# report, after every arm64 BUG(), the first of the boot
		# (WARN_ONCE()); it taints W.
		expect_report "$(exact "Unexpected DAIF value: 0x3c0 (expected 0xc0)")"
		expect_taint DW
	else
		expect_taint D
	fi
	expect_decoded kmdemo_runtime_bug_on bug-on
	runtime_goes_on
}

add_scenario warn-on "WARN_ON(): a warning with file:line, taint W, the kernel goes on"
scn_warn_on() {
	local first
	requires_config BUG DEBUG_BUGVERBOSE || return 0
	first=$(fault_lines warn-on)
	first=${first%% *}
	runtime_up
	trigger_step "WARN_ON() on a condition that holds" warn-on
	expect_report "$(warning_line "$(exact "$(runtime_file):$first")" "$(in_runtime kmdemo_runtime_warn_on)")"
	expect_taint W
	expect_decoded kmdemo_runtime_warn_on warn-on
	runtime_down
}

add_scenario refcount-underflow "refcount_t dropped below zero: refcount_t's underflow warning, taint W"
scn_refcount_underflow() {
	requires_config BUG || return 0
	runtime_up
	trigger_step "drop one reference twice" refcount-underflow
	expect_dmesg "kmdemo_runtime: the last user is gone"
	# arm has no __WARN_FLAGS: warn_slowpath_fmt() prints the WARNING
	# line first and refcount_t's message after it.
	if [ "$ARCH" = arm ]; then
		expect_report "$(warning_line "lib/refcount\\.c:[0-9]+" ".*")"
	else
		expect_report "$(exact "refcount_t: underflow; use-after-free.")"
	fi
	expect_taint W
	expect_decoded kmdemo_runtime_refcount_underflow refcount-underflow
	runtime_down
}

add_scenario kasan-use-after-free "KASAN: a write to freed memory, taint B"
scn_kasan_use_after_free() {
	requires_config KASAN || return 0
	runtime_up
	trigger_step "write to an object after kfree()" use-after-free
	expect_report "BUG: KASAN: use-after-free in $(in_runtime kmdemo_runtime_use_after_free)"
	expect_taint B
	expect_decoded kmdemo_runtime_use_after_free use-after-free
	runtime_down
}

add_scenario kasan-oob-write "KASAN: a write one byte past a kmalloc() buffer, taint B"
scn_kasan_oob_write() {
	requires_config KASAN || return 0
	runtime_up
	trigger_step "write the NUL one byte past the buffer" oob-write
	expect_report "BUG: KASAN: slab-out-of-bounds in $(in_runtime kmdemo_runtime_oob_write)"
	expect_taint B
	expect_decoded kmdemo_runtime_oob_write oob-write
	runtime_down
}

add_scenario kasan-double-free "KASAN: kfree() twice, taint B"
scn_kasan_double_free() {
	requires_config KASAN || return 0
	runtime_up
	trigger_step "kfree() an object twice" double-free
	# KASAN names the allocator's function that noticed (kfree()'s
	# callee); the decoded stack names ours.
	expect_report "BUG: KASAN: double-free in [a-z_]+\\+0x[0-9a-f]+/0x[0-9a-f]+"
	expect_taint B
	expect_decoded kmdemo_runtime_double_free double-free
	runtime_down
}

add_scenario kmemleak "kmemleak: an allocation nobody points to, found by a scan"
scn_kmemleak() {
	local k=/sys/kernel/debug/kmemleak
	requires_config DEBUG_KMEMLEAK || return 0
	runtime_up
	# kmemleak reports an object at the second scan that finds it
	# unreferenced (the first sees its contents change since it was
	# allocated: it might still be in use) and only once it is 5 s old
	# (MSECS_MIN_AGE).  What the boot left unreferenced is not this
	# scenario's: found by two scans, then forgotten.
	step "find and forget the suspects of the boot" "echo scan > $k && echo scan > $k && echo clear > $k"
	trigger_step "allocate a record, lose the pointer, scan twice 6 s later" leak \
		"sleep 6; echo scan > $k; echo scan > $k; cat $k"
	expect_dmesg "kmdemo_runtime: leak: allocated a record and forgot it" \
		"kmemleak: 1 new suspected memory leaks (see $k)"
	expect_report_out "$(exact "unreferenced object 0x")[0-9a-f]+ $(exact "(size 16384):")"
	expect_decoded kmdemo_runtime_leak leak
	runtime_down
}

add_scenario lockdep-inversion "lockdep: two mutexes taken in both orders (AB-BA)"
scn_lockdep_inversion() {
	requires_config PROVE_LOCKING || return 0
	runtime_up
	trigger_step "take A then B, then B then A" lock-inversion
	expect_report "$(exact "WARNING: possible circular locking dependency detected")"
	expect_decoded kmdemo_runtime_lock_inversion lock-inversion
	runtime_down
}

add_scenario sleep-in-atomic "mutex_lock() under a spinlock: sleeping function called from invalid context, taint W"
scn_sleep_in_atomic() {
	requires_config DEBUG_ATOMIC_SLEEP || return 0
	runtime_up
	trigger_step "mutex_lock() holding a spinlock" sleep-in-atomic
	expect_report "$(exact "BUG: sleeping function called from invalid context at kernel/locking/mutex.c:")[0-9]+"
	expect_taint W
	expect_decoded kmdemo_runtime_sleep_in_atomic sleep-in-atomic
	runtime_down
}

add_scenario alloc-in-atomic "kmalloc(GFP_KERNEL) under a spinlock: sleeping function called from invalid context, taint W"
scn_alloc_in_atomic() {
	requires_config DEBUG_ATOMIC_SLEEP || return 0
	runtime_up
	trigger_step "kmalloc(GFP_KERNEL) holding a spinlock" alloc-in-atomic
	expect_report "$(exact "BUG: sleeping function called from invalid context at include/linux/sched/mm.h:")[0-9]+"
	expect_taint W
	expect_decoded kmdemo_runtime_alloc_in_atomic alloc-in-atomic
	runtime_down
}

add_scenario hung-task "a task in D state longer than hung_task_timeout_secs (lowered to 2 s)"
scn_hung_task() {
	requires_config DETECT_HUNG_TASK || return 0
	runtime_up
	# One report: khungtaskd would report the task again every 2 s.
	step "hung task timeout 2 s, one warning" \
		"echo 2 > /proc/sys/kernel/hung_task_timeout_secs && echo 1 > /proc/sys/kernel/hung_task_warnings"
	trigger_step "wait uninterruptibly for what never comes (8 s)" hung-task
	expect_report "INFO: task sh:[0-9]+ blocked for more than [0-9]+ seconds\\."
	expect_decoded kmdemo_runtime_hung_task hung-task
	runtime_down
}

add_scenario soft-lockup "a CPU spinning with preemption off longer than 2 * watchdog_thresh (lowered to 1 s)"
scn_soft_lockup() {
	requires_config SOFTLOCKUP_DETECTOR || return 0
	runtime_up
	step "watchdog_thresh 1 s: a soft lockup after 2 s" "echo 1 > /proc/sys/kernel/watchdog_thresh"
	trigger_step "spin 4 s with preemption off" soft-lockup
	expect_report "watchdog: BUG: soft lockup - CPU#0 stuck for [0-9]+s! \\[sh:[0-9]+\\]"
	expect_taint L
	expect_decoded kmdemo_runtime_soft_lockup soft-lockup
	runtime_down
}
