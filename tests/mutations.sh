#!/bin/bash
# usage: tests/mutations.sh
# The checks of the lab can fail: each test breaks one thing on purpose in
# a copy of the project (a kernel report between two steps or during the
# boot, a report inside a step, a KUnit suite dropped, a wrong model in
# kocheck, a wrong hand-stated key line, a second report in a runtime
# step, a FAULT marker on the wrong line, a unit-test build that fails)
# and shows that the lab, or the test group, catches it and says why.
# shellcheck disable=SC2016 # the edits are perl's, in single quotes
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kernel=$(trees x86_64 | awk '$3 == "lab" && $4 ~ /\/lab$/ { print $1; exit }')
[ -n "$kernel" ] || die "no x86_64 lab kernel in $TREES_LIST"

# mutant NAME FILE PERL-EXPRESSION: a copy of the project (as in this work
# tree) in $tmp/NAME with FILE edited; fails when the edit changed nothing.
mutant() {
	local dir=$tmp/$1 file=$2 expr=$3
	mkdir -p "$dir"
	git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$dir"
	cp "$dir/$file" "$dir/$file.orig"
	perl -0pi -e "$expr" "$dir/$file"
	if cmp -s "$dir/$file" "$dir/$file.orig"; then
		fail "mutation $1" "the edit of $file changed nothing: the test is out of date"
		return 1
	fi
	rm "$dir/$file.orig"
}

# caught MUTANT TITLE SCENARIO TAP-REGEX: the lab in the mutant fails, and
# its results hold a failing line matching TAP-REGEX.
caught() {
	local dir=$tmp/$1 name=$2 scen=$3 re=$4
	if KMODLAB_OUT=$dir/out "$dir/scripts/lab" --fresh -k "$kernel" -s "$scen" >"$dir/lab.log" 2>&1; then
		fail "$name is caught" "scripts/lab passed with the mutation (log: $dir/lab.log)"
	elif grep -Eq "^not ok [0-9]+ - $re" "$dir/out/results/latest/steps.tap" 2>/dev/null; then
		pass "$name is caught"
	else
		fail "$name is caught" "scripts/lab failed, but not on a line matching: $re"
		tail -n 15 "$dir/lab.log" | sed 's/^/#   /'
	fi
}

# A kernel report between two steps (the guest writes it to /dev/kmsg
# before each step reads the log): the scenario's guest test fails.
if mutant between-steps rootfs/step.sh \
	's/(step\(\) \{\n)/$1\techo "WARNING: CPU: 0 PID: 1 at kmodlab-mutation" >\/dev\/kmsg\n/'; then
	caught between-steps "a WARNING between steps" client-before-core \
		"$kernel x86_64 client-before-core: the guest finished, no kernel problem outside the steps"
fi

# An RCU stall report during the boot: the boot test fails.
if mutant boot-stall rootfs/init \
	's/(echo "\@\@boot )/echo "rcu: INFO: rcu_sched self-detected stall on CPU" >\/dev\/kmsg\n$1/'; then
	caught boot-stall "a stall report during the boot" client-before-core "$kernel x86_64 boot: "
fi

# A workqueue hog report inside a step: not boot noise, so the step's
# kernel lines differ.
if mutant hog-in-step rootfs/step.sh \
	's/(\tsh -c "\$2")/\techo "workqueue: kmodlab_fn hogged CPU for >10000us 4 times, consider switching to WQ_UNBOUND" >\/dev\/kmsg\n$1/'; then
	caught hog-in-step "a workqueue hog report inside a step" client-before-core \
		"$kernel x86_64 client-before-core: insmod client without the core"
fi

# A KUnit suite that disappears: its pinned cases fail.
# (-Werror: the suite nobody lists must still not be an unused variable.)
if mutant kunit-suite-dropped kunit/kmdemo_kunit.c 's/kunit_test_suites\(([^;]*?)&checksum_suite,?\s*/kunit_test_suites($1/s; s/^static struct kunit_suite checksum_suite/static struct kunit_suite __maybe_unused checksum_suite/m'; then
	caught kunit-suite-dropped "a dropped KUnit suite" kunit "$kernel x86_64 kunit: KUnit kmdemo_checksum\\.checksum_known_values"
fi

# A wrong model: kocheck predicts another line than the kernel prints.
if mutant wrong-model scripts/kocheck/lib/version.c 's/disagrees about version of symbol/disagrees about the version of symbol/g'; then
	caught wrong-model "a kocheck that predicts a wrong line" crc-mismatch \
		"$kernel x86_64 crc-mismatch: insmod core with a forged module_layout CRC"
fi

# A wrong hand-stated key line: caught even though kocheck and the kernel
# agree with each other.
if mutant wrong-key-line qemu/scenarios/50-versions.sh 's/(key_lines "kmdemo_core: disagrees about version of symbol module_layout)/$1 (typo)/'; then
	caught wrong-key-line "a wrong hand-stated key line" crc-mismatch \
		"$kernel x86_64 crc-mismatch: insmod core with a forged module_layout CRC"
fi

# The runtime scenarios (qemu/scenarios/60-runtime.sh) on a Debian kernel:
# BUG and WARN work there and its headers give the module DWARF.
debian=$(trees x86_64 | awk '$3 == "debian" { print $1; exit }')

# A second, unexpected report in a runtime step: the stated report does
# not make the step accept another one.
if mutant second-report module/faulty/kmdemo_runtime.c \
	's/(\t(WARN_ON\(READ_ONCE\(kmdemo_runtime_pending\) != 0\)); \/\* FAULT: warn-on \*\/\n)/$1\t$2;\n/'; then
	kernel=$debian caught second-report "a second report in a runtime step" warn-on \
		"$debian x86_64 warn-on: WARN_ON\(\) on a condition that holds"
fi

# A FAULT marker on the wrong statement: the decoded stack does not point
# at it, and the step fails on that.
if mutant wrong-fault-line module/faulty/kmdemo_runtime.c \
	's/ \/\* FAULT: hung-task \*\/(\n\tpr_info\("%s: waited %s\\n", name, left \? "less" : "in vain"\);)/$1 \/* FAULT: hung-task *\//'; then
	kernel=$debian caught wrong-fault-line "a FAULT marker on the wrong line" hung-task \
		"$debian x86_64 hung-task: wait uninterruptibly"
fi

# A unit-test build that fails: the kocheck test group fails, it does not
# pass silently.
if mutant unit-build tests/kocheck/mkko.c 's/^(int main)/#error kmodlab mutation\n$1/m'; then
	if (cd "$tmp/unit-build" && KMODLAB_OUT=$tmp/unit-build/out KOCHECK_FUZZ_SECONDS=2 tests/run kocheck) \
		>"$tmp/unit-build.log" 2>&1; then
		fail "a unit-test build that fails is caught" "tests/run kocheck passed"
	elif grep -q '^not ok ' "$tmp/unit-build.log"; then
		pass "a unit-test build that fails is caught"
	else
		fail "a unit-test build that fails is caught" "tests/run kocheck failed without a failing test line"
	fi
fi
