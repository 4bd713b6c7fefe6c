#!/usr/bin/env python3
# usage: tests/report/split-reports.py
# scripts/verify's report cutting (split_reports) on the kernel lines of
# real runtime steps, shortened: each case is the step's lines and the
# first lines of the reports it must find, and the lines before them.
# Prints one "ok"/"not ok" line per case; exits 1 if any failed.
import importlib.machinery
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
loader = importlib.machinery.SourceFileLoader("verify", os.path.join(ROOT, "scripts", "verify"))
spec = importlib.util.spec_from_loader("verify", loader)
verify = importlib.util.module_from_spec(spec)
loader.exec_module(verify)

CUT = "------------[ cut here ]------------"
CASES = [
    ("6.1 WARN_ON(): the WARNING line opens the report",
     ["kmdemo_runtime: triggering warn-on", CUT,
      "WARNING: CPU: 0 PID: 53 at module/faulty/kmdemo_runtime.c:117 kmdemo_runtime_warn_on+0x1c/0x30 [kmdemo_runtime]",
      "Modules linked in: kmdemo_runtime(O)", "---[ end trace 0000000000000000 ]---",
      "kmdemo_runtime: warn-on: went on after the warning"],
     ["kmdemo_runtime: triggering warn-on"],
     ["WARNING: CPU: 0 PID: 53 at module/faulty/kmdemo_runtime.c:117 kmdemo_runtime_warn_on+0x1c/0x30 [kmdemo_runtime]"]),
    ("6.1 refcount_t: the message between the cut line and the WARNING line opens it",
     ["kmdemo_runtime: the last user is gone", CUT, "refcount_t: underflow; use-after-free.",
      "WARNING: CPU: 0 PID: 53 at lib/refcount.c:28 refcount_warn_saturate+0x118/0x148",
      "---[ end trace 0000000000000000 ]---"],
     ["kmdemo_runtime: the last user is gone"],
     ["refcount_t: underflow; use-after-free."]),
    ("7.2 WARN_ON(): the 7.x WARNING line opens the report",
     ["kmdemo_runtime: triggering warn-on", CUT,
      "WARNING: kmdemo_runtime.c:117 at kmdemo_runtime_warn_on+0x17/0x20 [kmdemo_runtime], CPU#0: sh/122",
      "Modules linked in: kmdemo_runtime(OE)", "---[ end trace 0000000000000000 ]---",
      "kmdemo_runtime: warn-on: went on after the warning"],
     ["kmdemo_runtime: triggering warn-on"],
     ["WARNING: kmdemo_runtime.c:117 at kmdemo_runtime_warn_on+0x17/0x20 [kmdemo_runtime], CPU#0: sh/122"]),
    ("7.2 refcount_t: the message before the 7.x WARNING line opens it",
     ["kmdemo_runtime: the last user is gone", CUT, "refcount_t: underflow; use-after-free.",
      "WARNING: lib/refcount.c:28 at refcount_warn_saturate+0x59/0x90, CPU#0: sh/122",
      "---[ end trace 0000000000000000 ]---"],
     ["kmdemo_runtime: the last user is gone"],
     ["refcount_t: underflow; use-after-free."]),
    ("7.2 arm64 BUG_ON(): the oops, then __switch_to's WARN_ONCE() with its message, two reports",
     ["kmdemo_runtime: triggering bug-on", CUT, "kernel BUG at kmdemo_runtime.c:107!",
      "Internal error: Oops - BUG: 00000000f2000800 [#1]  SMP",
      "---[ end trace 0000000000000000 ]---",
      "note: sh[122] exited with irqs disabled", "note: sh[122] exited with preempt_count 1",
      CUT, "Unexpected DAIF value: 0x3c0 (expected 0xc0)",
      "WARNING: arch/arm64/kernel/process.c:721 at __switch_to+0x280/0x348, CPU#0: sh/122",
      "---[ end trace 0000000000000000 ]---"],
     ["kmdemo_runtime: triggering bug-on"],
     ["kernel BUG at kmdemo_runtime.c:107!", "Unexpected DAIF value: 0x3c0 (expected 0xc0)"]),
    ("lockdep's WARNING is its own report, the rule before it its marker",
     ["kmdemo_runtime: triggering lock-inversion", "",
      "======================================================",
      "WARNING: possible circular locking dependency detected",
      "6.1.192-kmodlab-debug #1 Tainted: G           O"],
     ["kmdemo_runtime: triggering lock-inversion"],
     ["WARNING: possible circular locking dependency detected"]),
]

failed = 0
for name, got, want_prefix, want_firsts in CASES:
    prefix, reports = verify.split_reports(got)
    firsts = [r["first"] for r in reports]
    if prefix == want_prefix and firsts == want_firsts:
        print(f"ok - split_reports: {name}")
    else:
        failed += 1
        print(f"not ok - split_reports: {name}")
        print(f"#   lines before the reports: {prefix!r}, expected {want_prefix!r}")
        print(f"#   reports' first lines:     {firsts!r}, expected {want_firsts!r}")
sys.exit(1 if failed else 0)
