#!/bin/bash
# scripts/report on the fixtures of tests/report/ (made to look like real
# runs: tests/report/make-fixtures.py): the format check, TAP read back,
# JUnit against the Jenkins xunit plugin's schema, the terminal summary and
# its colours, merging shards, and the HTML page in headless Chromium (its
# DOM after the JS ran, and a screenshot kept in out/tests/report/whole/).
set -eu
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"
need_pkgs python3 python3-yaml libxml2-utils chromium util-linux

R=scripts/report
FIX=tests/report
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The interpreter of Debian's python3 package (for yaml in tap-count.py).
PY=/usr/bin/python3

counts() { # counts RESULTS.json -> "P passed, F failed, S skipped"
	$PY -c 'import json, sys; s = json.load(open(sys.argv[1]))["summary"]
print("%(passed)d passed, %(failed)d failed, %(skipped)d skipped" % s)' "$1"
}

# mutate NAME PYTHON-EXPR: a copy of the whole fixture changed by the
# statement (r is the parsed results), in $tmp/NAME/results.json.
mutate() {
	mkdir -p "$tmp/$1"
	$PY -c 'import json, sys
r = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(r, open(sys.argv[3], "w"))' "$FIX/whole/results.json" "$2" "$tmp/$1/results.json"
}

# --- the fixtures and the format check
check "the fixtures are what tests/report/make-fixtures.py makes" sh -c \
	"$PY $FIX/make-fixtures.py '$tmp/fixtures' && diff -u $FIX/whole/results.json '$tmp/fixtures/whole/results.json' \
	 && diff -u $FIX/edge/results.json '$tmp/fixtures/edge/results.json'"
for f in whole edge; do
	check "json-check accepts the $f fixture" $R json-check "$FIX/$f" --strict
done
mutate bad-rc 'r["kernels"][1]["scenarios"][3]["steps"][0]["got"]["rc"] = "22"'
check_fails "json-check names a field of the wrong type" \
	'\$\.kernels\[1\]\.scenarios\[3\]\.steps\[0\]\.got\.rc: expected an integer, got a string "22"' \
	$R json-check "$tmp/bad-rc"
mutate no-title 'del r["kernels"][0]["scenarios"][0]["steps"][1]["title"]'
check_fails "json-check names a missing field" '\$\.kernels\[0\]\.scenarios\[0\]\.steps\[1\]\.title: missing' \
	$R json-check "$tmp/no-title"
mutate bad-status 'r["kernels"][0]["boot"]["status"] = "crashed"'
check_fails "json-check names a status out of the format" '\$\.kernels\[0\]\.boot\.status: "crashed" is not' \
	$R json-check "$tmp/bad-status"
mutate bad-summary 'r["summary"]["passed"] += 1'
check_fails "json-check: the summary must be what the tests count" '\$\.summary: .*but the tests count' \
	$R json-check "$tmp/bad-summary"
mutate pass-differs 'r["kernels"][0]["scenarios"][0]["steps"][0]["differs"] = ["output"]'
check_fails "json-check: a step that differs is a failure" '\$\.kernels\[0\]\.scenarios\[0\]\.steps\[0\]\.status: "pass", but differs' \
	$R json-check "$tmp/pass-differs"
mutate bad-cell 'r["matrix"]["x86_64"]["cells"][1]["step"]["id"] = 999'
check_fails "json-check: a matrix cell names a step that exists" '\$\.matrix\.x86_64\.cells\[1\]\.step: .* has no step 999' \
	$R json-check "$tmp/bad-cell"
mutate extra 'r["run"]["host"] = "h"'
check "json-check only warns about a field it does not know" $R json-check "$tmp/extra"
check_fails "json-check --strict refuses a field it does not know" '\$\.run\.host: not a field of the format' \
	$R json-check --strict "$tmp/extra"
mkdir -p "$tmp/notjson" && echo '{"kmodlab_results": 1,' >"$tmp/notjson/results.json"
check_fails "json-check: a file that is not JSON" 'not JSON: line 2' $R json-check "$tmp/notjson"

