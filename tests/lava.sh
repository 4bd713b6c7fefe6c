#!/bin/bash
# tests/lava.sh: the lab's scenarios as a LAVA job (scripts/lab --emit-lava,
# scripts/lava), run here by LAVA's own dispatcher (lava-run, Debian's
# lava-dispatcher: no server) on QEMU, must pass and fail exactly the steps
# the lab itself passes and fails on that kernel.  Then the same job with
# the plan changed in three places must fail exactly those three cases:
# the guest's checks catch a difference.  Root (lava-run needs it).
# KMODLAB_LAVA_KERNEL, KMODLAB_LAVA_SCENARIOS choose what runs.
set -euo pipefail
PROG=tests/lava
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"

kernel=${KMODLAB_LAVA_KERNEL:-lab-arm}
scenarios=${KMODLAB_LAVA_SCENARIOS:-crc-mismatch,kunit,force-load,signature}
arch=$(tree_field "$kernel" arch)
need_pkgs lava-dispatcher python3-yaml shellcheck
# lava-run and LAVA's schema are Debian's Python's.
py=/usr/bin/python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The lab's own run (its results are what LAVA must agree with), in an
# output directory of its own: out/results/latest is left alone.
t0=$SECONDS
lab_rc=0
KMODLAB_OUT=$tmp/out scripts/lab -k "$kernel" -s "$scenarios" >"$tmp/lab.log" 2>&1 || lab_rc=$?
echo "# the lab: $((SECONDS - t0)) s"
lab=$(readlink -f "$tmp/out/results/latest")
if [ -f "$lab/results.json" ]; then
	pass "the lab ran $scenarios on $kernel (exit $lab_rc)"
else
	fail "the lab ran $scenarios on $kernel" "$(tail -n 5 "$tmp/lab.log")"
	exit 1
fi

check "scripts/lab --emit-lava writes the job" \
	env KMODLAB_OUT="$tmp/out" scripts/lab -k "$kernel" -s "$scenarios" --emit-lava "$tmp/lava"
job=$tmp/lava/$kernel.yaml
[ -f "$job" ] || exit 1
check "the job is valid for LAVA's schema (lava_common, strict)" $py -c '
import sys, yaml
from lava_common.schemas import validate
validate(yaml.safe_load(open(sys.argv[1])), strict=True)' "$job"
# Each test definition's script, as the guest's sh runs it.
mkdir -p "$tmp/scripts"
$py -c '
import sys, yaml
for a in yaml.safe_load(open(sys.argv[1]))["actions"]:
    for d in a.get("test", {}).get("definitions", []):
        open(sys.argv[2] + "/" + d["name"] + ".sh", "w").write("\n".join(d["repository"]["run"]["steps"]))' "$job" "$tmp/scripts"
check "the job's test scripts pass shellcheck (POSIX sh)" shellcheck -s sh "$tmp"/scripts/*.sh
same "the job's ramdisk is the initramfs the lab boots, byte for byte" "same" \
	"$(cmp "$tmp/lava/lab/payload/$arch.cpio" "$lab/payload/$arch.cpio" && echo same)"
# The kernel command line: the lab's (scripts/boot, as it ran), plus
# kmodlab.lava=1.
lab_append=$(sed -n 's/.* -append \(.*\) -display none .*/\1/p' "$lab/kernels/$kernel/boot/qemu-cmd")
lab_append=$(eval "printf '%s' $lab_append")
job_append=$($py -c '
import re, sys, yaml
arg = yaml.safe_load(open(sys.argv[1]))["actions"][0]["deploy"]["images"]["kernel"]["image_arg"]
print(re.search(r"-append \"(.*)\"", arg).group(1))' "$job")
same "the job boots with the lab's kernel command line and kmodlab.lava=1" "$lab_append kmodlab.lava=1" "$job_append"
# ARCH_QEMU with its memory last, against the context's binary, options
# and memory.
conf_qemu=$(bash -c '. "$1"; printf "%s\n" "${ARCH_QEMU[@]}"' - "qemu/arch/$arch.conf" |
	awk '$0 == "-m" { m = 1; next } m == 1 { mem = $0; m = 0; next } { printf "%s ", $0 } END { printf "-m %s", mem }')
job_qemu=$($py -c '
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))["context"]
print(" ".join(["qemu-system-" + c["arch"]] + c["extra_options"] + ["-m", str(c["memory"])]))' "$job")
same "the job's QEMU context is qemu/arch/$arch.conf's ARCH_QEMU" "$conf_qemu" "$job_qemu"

# lava_run JOB LOG: LAVA's dispatcher on this machine, with a device
# configuration for the arch (scripts/lava device).
scripts/lava device "$arch" -o "$tmp/device.yaml"
lava_run() {
	local start end rc=0
	start=$(date +%s.%N)
	timeout 900 lava-run --job-id "kmodlab-$$-$RANDOM" --output-dir "$tmp/lava-run" \
		--device "$tmp/device.yaml" "$1" >"$2" 2>&1 || rc=$?
	end=$(date +%s.%N)
	echo "# lava-run $(basename "$1"): exit $rc, $(echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }') s" >"$2.time"
	return $rc
}
check "lava-run runs the job to its end" lava_run "$job" "$tmp/lava.log"
cat "$tmp/lava.log.time"
$py scripts/lava results "$tmp/lava.log" -o "$tmp/lava.json"
same "LAVA says the job itself passed (case job of suite lava)" "pass" \
	"$($py -c 'import json, sys; print(next((r["result"] for r in json.load(open(sys.argv[1])) if r["suite"] == "lava" and r["case"] == "job"), "none"))' "$tmp/lava.json")"

# compare LABEL LAB-RESULTS LAVA-RESULTS KERNEL [EXPECT-FAILING...]: per scenario,
# the LAVA cases against the lab's tests: the boot, each step (by its id),
# each KUnit case, the guest, a skip.  EXPECT-FAILING: "SCENARIO CASE" that
# must fail in LAVA though they pass in the lab (the changed plan).
compare() {
	$py - "$@" <<'PY'
import json, re, sys
label, lab, lava = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
kernel, flips = sys.argv[4], sys.argv[5:]
k = next(k for k in lab["kernels"] if k["name"] == kernel)
boot = "pass" if k["boot"]["status"] == "done" and not k["boot"]["problems"] else "fail"
got = {}
for r in lava:
    if r["suite"] == "lava":
        continue
    s = re.sub(r"^[0-9]+_", "", r["suite"])
    m = re.match(r"^([0-9]+)-", r["case"])
    key = f"step {m.group(1)}" if m else r["case"]
    if key in got.setdefault(s, {}):
        print(f"not ok - {label}: {kernel} {s}: case {key} reported twice")
    got[s][key] = r["result"]
kinds = set()
for sc in k["scenarios"]:
    s = sc["name"]
    if sc["status"] == "skip":
        want = {s: "skip"}
    else:
        want = {"boot": boot}
        for st in sc["steps"]:
            for c in st["ktap"] or []:
                want[f"kunit-{c['suite']}.{c['case']}"] = c["status"]
            want[f"step {st['id']}"] = st["status"]
        want["guest"] = "pass" if sc["guest_status"] == "done" and not sc["problems"] else "fail"
    for f in flips:
        fs, fc = f.split(" ", 1)
        if fs == s:
            want[fc] = "fail"
    have = got.pop(s, {})
    kinds.update(re.sub(r" [0-9]+$|-.*$", "", c) for c in have)
    diff = [f"{c}: lab {want.get(c, 'none')}, LAVA {have.get(c, 'none')}"
            for c in list(want) + [c for c in have if c not in want] if want.get(c) != have.get(c)]
    npass = sum(1 for v in want.values() if v == "pass")
    nfail = sum(1 for v in want.values() if v == "fail")
    if diff:
        print(f"not ok - {label}: {kernel} {s}: the cases are not the lab's")
        print("\n".join("#   " + d for d in diff))
    else:
        print(f"ok - {label}: {kernel} {s}: {len(want)} cases, {npass} pass, {nfail} fail, as the lab's results"
              + (" and the changed plan say" if flips else " say"))
for s in got:
    print(f"not ok - {label}: {kernel}: suite {s} is not a scenario of the lab's run")
print(f"# kinds of cases: {' '.join(sorted(kinds))}")
PY
}
compare LAVA "$lab/results.json" "$tmp/lava.json" "$kernel" >"$tmp/compare"
cat "$tmp/compare"
kinds=$(sed -n 's/^# kinds of cases: //p' "$tmp/compare")
if [ -n "${KMODLAB_LAVA_KERNEL:-}${KMODLAB_LAVA_SCENARIOS:-}" ]; then
	echo "# (a kernel or scenarios of your choice: the checks on the default job are left out)"
	exit 0
fi
same "the cases cover a boot, steps, KUnit cases, a guest and a skip" "boot guest kunit signature step" "$kinds"

# The same job with its plan changed: step 1 of crc-mismatch expects
# another exit status, step 2 another kernel line, and kunit pins a case
# KUnit does not have.  Exactly those cases must fail.
$py - "$job" "$tmp/changed.yaml" <<'PY'
import sys
defs = open(sys.argv[1]).read().split("\n    - from: inline\n")
for scenario, old, new in (
        ("crc-mismatch", "\n            1 rc 8\n", "\n            1 rc 9\n"),
        ("crc-mismatch", "\n            2 dmesg kmdemo_core: Unknown symbol _printk (err -22)\n",
         "\n            2 dmesg kmdemo_core: Unknown symbol _printk (err -2)\n"),
        ("kunit", "\n            2 ktap kmdemo_add.add_up_to_the_limit\n",
         "\n            2 ktap kmdemo_add.add_up_to_the_limit\n            2 ktap kmdemo_add.no_such_case\n")):
    i = next(i for i, d in enumerate(defs) if d.startswith(f"      name: '{scenario}'\n"))
    assert old in defs[i], (scenario, old)
    defs[i] = defs[i].replace(old, new, 1)
open(sys.argv[2], "w").write("\n    - from: inline\n".join(defs))
PY
check "lava-run runs the job with a changed plan" lava_run "$tmp/changed.yaml" "$tmp/changed.log"
cat "$tmp/changed.log.time"
$py scripts/lava results "$tmp/changed.log" -o "$tmp/changed.json"
compare "LAVA, changed plan" "$lab/results.json" "$tmp/changed.json" "$kernel" \
	"crc-mismatch step 1" "crc-mismatch step 2" "kunit kunit-kmdemo_add.no_such_case" | grep -v '^# kinds'
