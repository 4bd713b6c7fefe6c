# shellcheck shell=bash
# Helpers for the test groups: each prints "ok - NAME" or "not ok - NAME"
# (with "#" lines saying why) per test; tests/run counts them.

. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

# pass NAME / fail NAME [WHY...]
pass() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	shift
	[ $# -eq 0 ] || printf '#   %s\n' "$@"
}

# check NAME CMD...: passes when CMD exits 0; its output is shown on failure.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "command failed: $*"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'
	fi
}

# check_fails NAME PATTERN CMD...: passes when CMD exits non-zero and
# prints a line matching PATTERN (an error that names the problem).
check_fails() {
	local name=$1 pattern=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		fail "$name" "expected a failure, but it succeeded: $*"
	elif grep -qE -- "$pattern" <<<"$out"; then
		pass "$name"
	else
		fail "$name" "expected a message matching: $pattern" "got:"
		printf '%s\n' "$out" | tail -n 10 | sed 's/^/#   /'
	fi
}

# same NAME EXPECTED GOT: exact text comparison.
same() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected: $2" "got:      $3"
	fi
}
