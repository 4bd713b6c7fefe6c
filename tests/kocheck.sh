#!/bin/bash
# The checker (scripts/kocheck): its builds, its unit tests (ASan/UBSan),
# a bounded fuzz run, and kmod's own tools on every module of a Debian
# image package.  Whether kocheck agrees with the real kernels is the
# lab's own test: it compares every load step with kocheck.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"
# kocheck's build dependencies, and the tools the tests use.
need_pkgs libkmod-dev libssl-dev liblzma-dev libzstd-dev zlib1g-dev libbz2-dev pkg-config \
	clang kmod xz-utils zstd bzip2 gzip python3

kc=scripts/kocheck
check "kocheck builds with -Wall -Wextra -Werror (and ASan/UBSan, libFuzzer)" \
	make -s -j2 -C $kc kocheck kocheck-san fuzz-replay
check_fails "a missing build dependency is named, with its package" "needs the Debian packages: .*libzstd-dev" \
	env PKG_CONFIG_LIBDIR=/nonexistent make -n -C $kc kocheck

# run_group NAME CMD...: CMD prints ok / not ok lines and ends with
# "N passed, N failed"; it fails here if it dies or prints no result.
run_group() {
	local name=$1 out rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	grep -E '^(not )?ok |^# ' <<<"$out" || true
	if ! grep -qE '^[0-9]+ passed, [0-9]+ failed$' <<<"$out"; then
		fail "$name printed no result (exit status $rc)"
		tail -n 20 <<<"$out" | sed 's/^/#   /'
	elif [ $rc -ne 0 ] && ! grep -q '^not ok ' <<<"$out"; then
		fail "$name exited with status $rc"
		tail -n 20 <<<"$out" | sed 's/^/#   /'
	fi
}

run_group "kocheck unit tests" bash tests/kocheck/unit
run_group "kocheck fit and explain" bash tests/kocheck/fit.sh

# A bounded fuzz run (make fuzz: seeds from mkko and our own modules); a
# crash fails here and leaves its input in tests/kocheck/regress/, which
# the unit tests replay.
secs=${KOCHECK_FUZZ_SECONDS:-60}
mkdir -p "$KMODLAB_OUT/tests"
if make -s -C $kc fuzz FUZZ_SECONDS="$secs" OUT="$KMODLAB_OUT" >"$KMODLAB_OUT/tests/fuzz.log" 2>&1; then
	pass "fuzzing the parser and replay for ${secs}s: $(grep -o 'Done [0-9]* runs' "$KMODLAB_OUT/tests/fuzz.log"), no crash"
else
	fail "fuzzing found a crash" "$(grep -m3 'ERROR\|Test unit written' "$KMODLAB_OUT/tests/fuzz.log")"
fi

# Every module of a Debian image package: inspect identical to kmod's tools,
# and verdict counts against its own and the other ABI's tree.
for arch in x86_64 arm; do
	mapfile -t debs < <(trees "$arch" | awk '$3 == "debian" { print $1 }')
	[ ${#debs[@]} -ge 1 ] || continue
	run_group "debian-modules ${debs[0]}" bash tests/kocheck/debian-modules "${debs[0]}" "${debs[1]:-${debs[0]}}"
done
