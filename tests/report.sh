#!/bin/bash
# scripts/report on the fixtures of tests/report/ (made to look like real
# runs: tests/report/make-fixtures.py): the format check, TAP read back,
# JUnit against the Jenkins xunit plugin's schema, the terminal summary and
# its colours, merging shards, and the HTML page in headless Chromium (its
# DOM after the JS ran, and a screenshot kept in out/tests/report/whole/).
set -euo pipefail
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
mutate same-id 's = r["kernels"][0]["scenarios"][1]; s["steps"][1]["id"] = s["steps"][0]["id"]'
check_fails "json-check: a step number is there once in its scenario" \
	'\$\.kernels\[0\]\.scenarios\[1\]\.steps\[1\]\.id: step 3 is there twice in debian-6\.1\.0-47-amd64 core-params' \
	$R json-check "$tmp/same-id"
mutate bad-cell 'r["matrix"]["x86_64"]["cells"][1]["step"]["id"] = 999'
check_fails "json-check: a matrix cell names a step that exists" '\$\.matrix\.x86_64\.cells\[1\]\.step: .* has no step 999' \
	$R json-check "$tmp/bad-cell"
mutate no-problems 'del r["kernels"][0]["scenarios"][0]["problems"]'
check_fails "json-check: a scenario has its kernel problems (maybe [])" '\$\.kernels\[0\]\.scenarios\[0\]\.problems: missing' \
	$R json-check "$tmp/no-problems"
mutate not-run 'st = r["kernels"][4]["scenarios"][-1]["steps"][1]; st["differs"] = ["not run"]'
check_fails "json-check: what a step differs in is one of the format's words" '"not run" is not one of "exit status", "output", "kernel lines", "reports", "decoded", "module lines", "key lines", "verdict", "kocheck", "ktap"' \
	$R json-check "$tmp/not-run"
mutate kocheck-known 'st = r["kernels"][0]["scenarios"][0]["steps"][0]; st.update(differs=["kocheck"], status="fail")'
check_fails "json-check: a step differs in \"kocheck\" exactly when kocheck could not predict" \
	'\$\.kernels\[0\]\.scenarios\[0\]\.steps\[0\]\.differs: "kocheck" is there exactly when' $R json-check "$tmp/kocheck-known"
mutate guest-problem 'r["kernels"][0]["scenarios"][1]["problems"] = ["WARNING: CPU: 0 PID: 1 at x"]'
check_fails "json-check: a kernel problem outside the steps fails the scenario" \
	'\$\.kernels\[0\]\.scenarios\[1\]\.status: "pass", but its steps, KUnit cases and guest test say "fail"' \
	$R json-check "$tmp/guest-problem"
check_fails "json-check: ... and is a failed test" '\$\.summary: .*but the tests count .*"failed": 11' \
	$R json-check "$tmp/guest-problem"
mutate extra 'r["run"]["host"] = "h"'
check "json-check only warns about a field it does not know" $R json-check "$tmp/extra"
check_fails "json-check --strict refuses a field it does not know" '\$\.run\.host: not a field of the format' \
	$R json-check --strict "$tmp/extra"
mkdir -p "$tmp/notjson" && echo '{"kmodlab_results": 1,' >"$tmp/notjson/results.json"
check_fails "json-check: a file that is not JSON" 'not JSON: line 2' $R json-check "$tmp/notjson"

# --- scripts/verify cuts a runtime step's kernel lines into reports (the
# WARNING line of 6.12 and earlier, and of 7.x), one test per case
if ! out=$($PY $FIX/split-reports.py 2>&1); then
	grep -q '^not ok' <<<"$out" || out+=$'\nnot ok - split_reports: tests/report/split-reports.py failed'
fi
printf '%s\n' "$out" | sed '/^ok\|^not ok\|^#/!s/^/#   /'

# --- TAP
check_fails "a renderer refuses a results file that does not check" 'not a valid results file' \
	$R tap "$tmp/bad-rc"
leaves_whole=
for f in whole edge; do
	$R tap "$FIX/$f" >"$tmp/$f.tap"
	if got=$($PY $FIX/tap-count.py "$tmp/$f.tap" 2>&1); then
		[ $f != whole ] || leaves_whole=$got
		same "TAP of $f reads back with the summary's counts" \
			"$(counts "$FIX/$f/results.json" | sed -E 's/([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/leaves: \1 pass, \2 fail, \3 skip/')" "$got"
	else
		fail "TAP of $f reads back with the summary's counts" "$got"
	fi
done
mutate del-char 'r["kernels"][1]["scenarios"][3]["steps"][1]["got"]["dmesg"][0] += "\x7f\x01"'
$R tap "$tmp/del-char" >"$tmp/del-char.tap"
same "TAP: a kernel line with control characters is valid YAML" "$leaves_whole" "$(
	$PY $FIX/tap-count.py "$tmp/del-char.tap" 2>&1)"
check "summary: control characters of a kernel line are shown as \\xNN" sh -c \
	"$R summary --color=never --width=200 $tmp/del-char | grep -qF '| kmdemo_core: seed: can only take 4 arguments\\x7f\\x01'"
mutate ctl-text 'st = r["kernels"][1]["scenarios"][3]["steps"][1]
st["got"]["dmesg"][0] += "\x7f"; st["kocheck"]["dmesg"][0] = st["expected"]["dmesg"][0] = st["got"]["dmesg"][0][:-1] + "\\x7f"'
check "summary: a line with a control character against one with its \\xNN text says so" sh -c \
	"$R summary --color=never --width=200 $tmp/ctl-text | grep -qF '(a row that looks the same differs in a control character'"
same "TAP begins with its version" "TAP version 14" "$(head -n1 "$tmp/whole.tap")"
same "TAP ends with the top level's plan" "1..6" "$(tail -n1 "$tmp/whole.tap")"
check "TAP: a subtest per kernel and per scenario, 4 spaces a level" grep -qxF \
	'    # Subtest: core-params' "$tmp/whole.tap"
check "TAP: a skipped scenario says why" grep -qxF \
	'    ok 14 - kunit # SKIP no CONFIG_KUNIT' "$tmp/whole.tap"
check "TAP: a failing step has a YAML block with what was expected and what came" sh -c \
	"grep -A22 -xF '        not ok 4 - limit is writable at run time' '$tmp/whole.tap' | grep -qxF '              - \"kmdemo_core: limit=50 is out of range [100, 1000000]\"'"
check "TAP: KUnit cases in a subtest per suite" grep -qxF \
	'            not ok 2 - add_up_to_the_limit' "$tmp/edge.tap"
check "TAP: a failed boot is a failed test" grep -qxF '    not ok 1 - boot' "$tmp/whole.tap"
same "TAP: every kernel's first test is its boot" "6" "$(grep -cxE '    (not )?ok 1 - boot' "$tmp/whole.tap")"
check "TAP: a kernel problem at boot fails the boot test" sh -c \
	"grep -A8 -xF '# Subtest: debian-6.1.0-47-armmp' '$tmp/whole.tap' | grep -qF 'of_platform_bus_create'"
check "TAP: a kernel problem outside the steps fails the scenario's guest test, the last of it" sh -c \
	"grep -A6 -xF '        not ok 8 - the guest finished, no kernel problem outside the steps' '$tmp/whole.tap' | grep -qF 'refcount_warn_saturate' && grep -A9 -xF '        not ok 8 - the guest finished, no kernel problem outside the steps' '$tmp/whole.tap' | grep -qxF '        1..8'"
check "TAP: a step's KUnit cases come right before the step" sh -c \
	"grep -A1 -xF '        ok 5 - kmdemo_limit_param' '$tmp/edge.tap' | grep -qxF '        ok 6 - insmod kmdemo_kunit (runs the suites)'"

# --- JUnit
xsd=$FIX/junit-10.xsd
for f in whole edge; do
	$R junit "$FIX/$f" -o "$tmp/$f.xml"
	check "JUnit of $f is valid against junit-10.xsd (xmllint --schema)" xmllint --noout --schema "$xsd" "$tmp/$f.xml"
	same "JUnit of $f counts as the summary" "$(counts "$FIX/$f/results.json")" "$(
		$PY -c 'import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
t = sum(int(s.get("tests")) for s in r); f = sum(int(s.get("failures")) for s in r)
s = sum(int(s.get("skipped")) for s in r)
assert (t, f) == (int(r.get("tests")), int(r.get("failures")))
assert len(r.findall(".//failure")) == f and len(r.findall(".//skipped")) == s
print(f"{t - f - s} passed, {f} failed, {s} skipped")' "$tmp/$f.xml" 2>&1)"
done
sed 's/ tests="[0-9]*"//' "$tmp/whole.xml" >"$tmp/broken.xml"
check_fails "the schema check is real: a testsuite without tests= is refused" 'fails to validate' \
	xmllint --noout --schema "$xsd" "$tmp/broken.xml"
check "JUnit: a failure carries expected and got" sh -c \
	"grep -A12 'name=\"limit is writable at run time\"' '$tmp/whole.xml' | grep -q '<failure message=\"differs in exit status, output, kernel lines\" type=\"differs\">'"
check "JUnit: a skipped scenario is a skipped testcase with its reason" \
	grep -q '<skipped message="no CONFIG_KUNIT"' "$tmp/whole.xml"
same "JUnit: a boot testcase per kernel, a guest testcase per scenario that ran" "6 boot, 67 guest" "$(
	$PY -c 'import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
n = lambda name: len([t for t in r.iter("testcase") if t.get("name") == name])
print(n("boot"), "boot,", n("guest"), "guest")' "$tmp/whole.xml" 2>&1)"
check "JUnit: kernel problems fail the boot and the guest testcases" sh -c \
	"grep -q '<failure message=\"1 kernel problem at boot\" type=\"boot\">' '$tmp/whole.xml' && grep -q '<failure message=\"1 kernel problem outside the steps\" type=\"guest\">' '$tmp/whole.xml'"

# --- the terminal summary
$R summary "$FIX/whole" --color=never --width=120 >"$tmp/summary.txt"
same "summary ends with the counts of results.json" "$(counts "$FIX/whole/results.json")" "$(tail -n1 "$tmp/summary.txt")"
check "summary: a line per kernel with its boot time" grep -qE \
	'^  debian-6\.1\.0-47-amd64 +x86_64 +debian +49 passed +0 failed +2 skipped +boot 3\.8 s$' "$tmp/summary.txt"
check "summary: a failure names kernel, scenario, step and title" grep -qxF \
	'FAIL debian-6.1.0-50-amd64 param-out-of-range step 17: five seeds for an array of four' "$tmp/summary.txt"
check "summary: the differing kernel lines side by side" grep -qE \
	'^    ! seed: can only take 4 arguments +\| kmdemo_core: seed: can only take 4 arguments$' "$tmp/summary.txt"
check "summary: exit status expected vs got" grep -qxF '  exit status: expected 0, got 1' "$tmp/summary.txt"
check "summary: a hung guest and the steps it never ran" sh -c \
	"grep -qxF 'FAIL lab-arm boot: hung: no end of the run after 180s (KMODLAB_BOOT_TIMEOUT)' '$tmp/summary.txt' && grep -qxF '  4 steps never ran: kunit (steps 37-40)' '$tmp/summary.txt'"
check "summary: a kernel problem at boot is a failure" sh -c \
	"grep -A1 -xF 'FAIL debian-6.1.0-47-armmp boot: 1 kernel problem at boot' '$tmp/summary.txt' | grep -q '^  WARNING: .*of_platform_bus_create'"
check "summary: a kernel problem outside the steps is a failure of the scenario" sh -c \
	"grep -A1 -xF 'FAIL lab-x86_64 client-uses-core: the guest finished, no kernel problem outside the steps' '$tmp/summary.txt' | grep -q '^  WARNING: .*refcount_warn_saturate'"
check "summary: the lab's explanations of a step" grep -qxF \
	'  the key lines (stated in the scenario) are not all there, in order' "$tmp/summary.txt"
mutate kc-module 's = r["kernels"][3]["scenarios"][1]; st = s["steps"][0]
st["got"]["dmesg"].insert(0, "kmdemo_core: a line kocheck did not predict")
st.update(differs=["kernel lines"], status="fail"); s["status"] = "fail"
r["summary"]["passed"] -= 1; r["summary"]["failed"] += 1'
$R summary "$tmp/kc-module" --color=never --width=100 >"$tmp/kc-module.txt" 2>&1 || true
check "summary: kocheck's kernel lines against the kernel's without the module's own lines" sh -c \
	"grep -A3 -xF \"  kernel lines (the module's own lines taken out):\" '$tmp/kc-module.txt' | tr -s ' ' | grep -xF -e ' kocheck | got' -e ' ! | kmdemo_core: a line kocheck did not predict' | wc -l | grep -qx 2 && ! grep -A3 -xF \"  kernel lines (the module's own lines taken out):\" '$tmp/kc-module.txt' | grep -q 'loaded: label=lab'"
check "summary: the path of the full results" grep -qxF "results: $FIX/whole/results.json" "$tmp/summary.txt"
$R summary "$FIX/edge" --color=never --width=200 >"$tmp/edge-summary.txt"
check "summary: a tree that was not fetched, a panic, a failed KUnit case" sh -c \
	"grep -q '^FAIL debian-6.1.0-50-armmp boot: not fetched: ' '$tmp/edge-summary.txt' && grep -q '^FAIL strict-x86_64 boot: panic: ' '$tmp/edge-summary.txt' && grep -qxF 'FAIL lab-x86_64 kunit KUnit kmdemo_add.add_up_to_the_limit (step 37)' '$tmp/edge-summary.txt'"
check "summary: a KUnit case's why" sh -c \
	"grep -A1 -xF 'FAIL lab-x86_64 kunit KUnit kmdemo_add.add_up_to_the_limit (step 37)' '$tmp/edge-summary.txt' | grep -qxF '  EXPECTATION FAILED at kunit/kmdemo_kunit.c:41'"
check "summary: a verdict the scenario states that kocheck does not predict" grep -qxF \
	'  verdict: the scenario says ENOEXEC, kocheck says EINVAL; the kernel: exit status 22' "$tmp/edge-summary.txt"
check "summary: kocheck could not predict" grep -qxF \
	"  kocheck could not predict this load; not evaluated: the module's init function" "$tmp/edge-summary.txt"
check "summary: the module's own lines and the key lines the kernel did not print" sh -c \
	"grep -A3 '^  module lines: ' '$tmp/edge-summary.txt' | grep -qxF '    ! kmdemo_client: registered: total=7 checksum=254d055c' && grep -A3 '^  module lines: ' '$tmp/edge-summary.txt' | grep -qxF '      kmdemo_client: registered: total=7 checksum=00000000' && grep -A1 '^  key lines: ' '$tmp/edge-summary.txt' | grep -q \"^    ! kmdemo_core: version magic .* must be\""
same "summary: the kernels' lines add up to the summary" "$(counts "$FIX/whole/results.json")" "$(
	awk '$5 == "passed" && $7 == "failed" { p += $4; f += $6; s += $8 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$tmp/summary.txt")"
check "summary --max-failures 1 shows one failure and says how many more" sh -c \
	"$R summary --max-failures 1 $FIX/whole | grep -qxF '... and 4 more failures: see the full results'"
ESC=$'\033'
# on_tty ENV... -- CMD: run CMD on a pseudo-terminal (script(1)), print what it wrote.
on_tty() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1") && shift; done
	shift
	env "${envs[@]}" script -qec "$(printf '%q ' "$@")" /dev/null </dev/null
}
check "summary: no escape codes when stdout is not a terminal" sh -c \
	"! $R summary $FIX/whole | grep -q '$ESC'"
if on_tty NO_COLOR= -- $R summary "$FIX/whole" | grep -q "$ESC\[31mFAIL"; then
	pass "summary: red FAIL on a terminal"
else
	fail "summary: red FAIL on a terminal"
fi
if on_tty NO_COLOR=1 -- $R summary "$FIX/whole" | grep -q "$ESC"; then
	fail "summary: NO_COLOR=1 on a terminal: no escape codes"
else
	pass "summary: NO_COLOR=1 on a terminal: no escape codes"
fi
if on_tty NO_COLOR= -- $R summary --color=never "$FIX/whole" | grep -q "$ESC"; then
	fail "summary: --color=never on a terminal: no escape codes"
else
	pass "summary: --color=never on a terminal: no escape codes"
fi
check "summary: --color=always colours a pipe, even with NO_COLOR" sh -c \
	"NO_COLOR=1 $R summary --color=always $FIX/whole | grep -q '$ESC\[32m'"

# --- the page, in a browser
run=$KMODLAB_OUT/tests/report/whole
rm -rf "$run" && mkdir -p "$run"
cp "$FIX/whole/results.json" "$run/"
check "html writes index.html in the run dir" $R html "$run"
url=file://$run/index.html
# Chromium as root needs --no-sandbox; nothing here goes to the network.
chrome() {
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --disable-extensions "$@" 2>>"$tmp/chromium.log"
}
if chrome --dump-dom "$url" >"$run/dom.html" && [ -s "$run/dom.html" ]; then
	pass "Chromium loads the page"
else
	fail "Chromium loads the page" "$(tail -n 5 "$tmp/chromium.log")"
fi
# dom_check NAME PYTHON: the assertion on the DOM Chromium dumped, as
# Python over d (the DOM text) and cell(ID) (the HTML of the element).
dom_check() {
	local out
	if out=$($PY - "$run/dom.html" "$2" <<'PY' 2>&1
import re, sys
from html.parser import HTMLParser
d = open(sys.argv[1], encoding="utf-8").read()

class Grab(HTMLParser):
    def __init__(self, want):
        super().__init__(convert_charrefs=True)
        self.want, self.depth, self.text, self.links, self.tag = want, 0, [], [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth == 0 and a.get("id") == self.want:
            self.depth, self.tag = 1, tag
            return
        if self.depth:
            if tag == self.tag:
                self.depth += 1
            if tag == "a":
                self.links.append(a.get("href"))
    def handle_endtag(self, tag):
        if self.depth and tag == self.tag:
            self.depth -= 1
    def handle_data(self, data):
        if self.depth:
            self.text.append(data)

def cell(id):
    g = Grab(id)
    g.feed(d)
    return " ".join(" ".join(g.text).split()), g.links

exec(sys.argv[2])
PY
	); then pass "$1"; else fail "$1" "$out"; fi
}
dom_check "the page's JS ran in Chromium" 'assert re.search(r"<html[^>]* class=\"js\"", d), "no class js on <html>"'
dom_check "matrix: built against 6.1.0-47, loaded into 6.1.0-50 says module_layout and links docs/symbol-versions.md" '
t, links = cell("matrix-debian-6.1.0-47-amd64-in-debian-6.1.0-50-amd64")
assert t.startswith("✗ module_layout ENOEXEC"), t
assert "kmdemo_core: disagrees about version of symbol module_layout" in t, t
assert "../../../docs/symbol-versions.md" in links, links'
dom_check "matrix: a module loaded into its own kernel says loaded" '
t, _ = cell("matrix-lab-x86_64-in-lab-x86_64")
assert t.startswith("✓ loaded"), t'
dom_check "matrix: a strict build in a Debian kernel is refused for its vermagic" '
t, links = cell("matrix-strict-x86_64-in-debian-6.1.0-47-amd64")
assert t.startswith("✗ vermagic"), t
assert "../../../docs/vermagic.md" in links, links'
dom_check "a failing step is shown with expected and got" '
t, _ = cell("failures")
assert "limit is writable at run time" in t, t
assert "kmdemo_core: limit=50 is out of range [100, 1000000]" in t, t
assert "hung: no end of the run after 180s" in t, t
assert "1 kernel problem at boot" in t and "of_platform_bus_create" in t, t
assert "the guest finished, no kernel problem outside the steps" in t and "refcount_warn_saturate" in t, t'
dom_check "the scenario grid: pass, fail, skip cells with their steps" '
t, _ = cell("cell-debian-6.1.0-50-amd64-core-params")
assert t.startswith("✗ fail 1 of 7 failed"), t[:200]
assert "sh: write error: Invalid argument" in t, t
t, _ = cell("cell-lab-x86_64-kunit")
assert t.startswith("✓ pass 17/17"), t
t, _ = cell("cell-lab-x86_64-client-uses-core")
assert t.startswith("✗ fail 1 of 8 failed"), t[:200]
assert "the guest finished, no kernel problem outside the steps" in t and "refcount_warn_saturate" in t, t
t, _ = cell("cell-debian-6.1.0-47-amd64-kunit")
assert t.startswith("– skip") and "no CONFIG_KUNIT" in t, t'
dom_check "KUnit cases and boot times are on the page" '
t, _ = cell("kunit")
assert "add_up_to_the_limit" in t and "lab-x86_64" in t, t
t, _ = cell("kernels")
assert "11.2 s" in t and "hung: no end of the run" in t, t'
if chrome --dump-dom "$url#step-debian-6.1.0-50-amd64-core-params-6" >"$tmp/dom-hash.html" &&
	grep -qE 'id="cell-debian-6\.1\.0-50-amd64-core-params"><details class="cell" open=' "$tmp/dom-hash.html"; then
	pass "a link to a step opens its cell (JS)"
else
	fail "a link to a step opens its cell (JS)"
fi
check "without JS every result is in the page (details/summary)" sh -c \
	"grep -q 'id=\"matrix-debian-6.1.0-47-amd64-in-debian-6.1.0-50-amd64\"' $run/index.html && ! grep -qE '<(link|img|iframe)[ >]|src=\"http|href=\"http' $run/index.html"
rm -f "$run/screenshot.png"
chrome --screenshot="$run/screenshot.png" --window-size=1400,1000 "$url" >/dev/null || true
same "a screenshot of the page is kept: a 1400x1000 PNG ($run/screenshot.png)" "PNG 1400x1000" "$(
	$PY -c 'import struct, sys
b = open(sys.argv[1], "rb").read(24)
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", b[16:24])
print(f"PNG {w}x{h}")' "$run/screenshot.png" 2>&1)"
check "html --docs-base sets where the docs links go" sh -c \
	"$R html $FIX/whole -o $tmp/docs.html --docs-base https://example.org/kmodlab/blob/main && grep -q 'href=\"https://example.org/kmodlab/blob/main/docs/symbol-versions.md\"' $tmp/docs.html"
check "html of the edge fixture: a tree not fetched, a cell without result" sh -c \
	"$R html $FIX/edge -o $tmp/edge.html >/dev/null && grep -q 'not fetched' $tmp/edge.html && grep -q '? no result' $tmp/edge.html"

# --- merge: two shards of the whole fixture are the whole again
for i in 1 2; do
	mkdir -p "$tmp/shard$i"
	$PY $FIX/shard.py "$FIX/whole/results.json" $i 2 "$tmp/shard$i/results.json"
done
check "each shard checks" sh -c "$R json-check --strict $tmp/shard1 && $R json-check --strict $tmp/shard2"
mkdir -p "$tmp/shard1/kernels/lab-arm/boot" && echo "console of lab-arm" >"$tmp/shard1/kernels/lab-arm/boot/console.log"
check "merge OUT-DIR SHARD2 SHARD1 (in any order)" $R merge "$tmp/merged" "$tmp/shard2" "$tmp/shard1"
same "the merged run equals the whole one: kernels, steps, matrix, counts, trees" "equal" "$(
	$PY -c 'import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
d = [k for k in ("kernels", "matrix", "summary") if a[k] != b[k]]
d += ["run.trees"] if a["run"]["trees"] != b["run"]["trees"] else []
print("differ in " + ", ".join(d) if d else "equal")' "$FIX/whole/results.json" "$tmp/merged/results.json" 2>&1)"
check "the merged run checks, and says its shards" sh -c \
	"$R json-check --strict $tmp/merged && grep -q '\"shard\": \"2/2\"' $tmp/merged/results.json"
same "the merged TAP is the whole run's (but for the run line)" "" \
	"$(diff <(sed 2d "$tmp/whole.tap") <(sed 2d "$tmp/merged/results.tap"))"
check "merge writes the merged JUnit (valid) and page" sh -c \
	"xmllint --noout --schema $xsd $tmp/merged/junit.xml 2>/dev/null && grep -q 'merged from 2 shards' $tmp/merged/index.html"
same "merge copies a shard's console logs" "console of lab-arm" "$(cat "$tmp/merged/kernels/lab-arm/boot/console.log" 2>&1)"
check_fails "merge: the same kernel in two shards is an error naming it" \
	'kernel debian-6\.1\.0-47-amd64 is in two shards' $R merge "$tmp/m2" "$tmp/shard1" "$tmp/shard1"
mkdir -p "$tmp/other-commit" && sed 's/"commit": "4ff516d"/"commit": "0000000"/' "$tmp/shard2/results.json" >"$tmp/other-commit/results.json"
check_fails "merge: shards of different commits are an error" 'different commits' \
	$R merge "$tmp/m3" "$tmp/shard1" "$tmp/other-commit"

# --- the command itself
check_fails "report without arguments prints its usage" '^usage: report ' $R
check "report --help lists the subcommands" sh -c "$R --help | grep -q '^usage: report {summary,tap,junit,html,all,json-check} RUN-DIR|results.json'"
mkdir -p "$tmp/all" && cp "$FIX/edge/results.json" "$tmp/all/"
check "report all RUN writes results.tap, junit.xml and index.html, then the summary" sh -c \
	"$R all $tmp/all --color=never | tail -n1 | grep -qxF '$(counts "$FIX/edge/results.json")' && \
	 test -s $tmp/all/results.tap && test -s $tmp/all/junit.xml && test -s $tmp/all/index.html"
check_fails "report on a directory without results.json says so" 'no results.json in this directory' $R summary "$tmp"

# --- a real lab run's page, in a browser
# The lab on one lab kernel (cached: seconds), its page in Chromium: the
# matrix cell of a module built against Debian's ABI, loaded into the lab
# kernel, shows the kernel's module_layout line and links its docs page.
kernel=$(trees arm | awk '$3 == "lab" && $4 ~ /\/lab$/ { print $1 }' | sed -n 1p)
peer=$(trees arm | awk '$3 == "debian" { print $1 }' | sed -n 1p)
if KMODLAB_OUT=$tmp/labout scripts/lab -k "$kernel" -s matrix >"$tmp/lab.log" 2>&1; then
	run=$(readlink -f "$tmp/labout/results/latest")
	if chrome --dump-dom "file://$run/index.html" >"$run/dom.html" && [ -s "$run/dom.html" ]; then
		pass "Chromium loads a real run's page"
	else
		fail "Chromium loads a real run's page" "$(tail -n 5 "$tmp/chromium.log")"
	fi
	dom_check "real run: the cell of $peer's build in $kernel shows module_layout and links its page" "
t, links = cell('matrix-$peer-in-$kernel')
assert 'disagrees about version of symbol module_layout' in t, t
assert any(l.endswith('docs/symbol-versions.md') for l in links), links"
	dom_check "real run: $kernel's own build loads in it" "
t, _ = cell('matrix-$kernel-in-$kernel')
assert t.startswith('✓ loaded'), t"
	mkdir -p "$KMODLAB_OUT/tests/report"
	chrome --screenshot="$run/screenshot.png" --window-size=1400,1000 "file://$run/index.html" >/dev/null || true
	cp "$run/screenshot.png" "$KMODLAB_OUT/tests/report/real-run.png" 2>/dev/null || true
	check "a screenshot of the real run's page is kept ($KMODLAB_OUT/tests/report/real-run.png)" \
		test -s "$KMODLAB_OUT/tests/report/real-run.png"
else
	fail "the lab runs for the real page ($kernel, matrix)" "$(tail -n 5 "$tmp/lab.log")"
fi
