"""results.json: loading, the list of tests every renderer counts, and the
format check (json-check).  docs/results.md is the reference."""

import json
import os
import re
from collections import Counter, namedtuple

FORMAT = 1


class ResultsError(Exception):
    """A results file that cannot be used; the message names where."""


def locate(path):
    """RUN-DIR or results.json -> (path of results.json, run dir)."""
    if os.path.isdir(path):
        f = os.path.join(path, "results.json")
        if not os.path.exists(f):
            raise ResultsError(f"{path}: no results.json in this directory")
        return f, path
    return path, os.path.dirname(path) or "."


def load(path):
    """Read and parse a results.json (or a run dir holding one)."""
    f, _ = locate(path)
    try:
        with open(f, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as e:
        raise ResultsError(f"{f}: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise ResultsError(f"{f}: not JSON: line {e.lineno} column {e.colno}: {e.msg}") from None
    except UnicodeDecodeError as e:
        raise ResultsError(f"{f}: not UTF-8: {e}") from None


# One test, as every renderer counts them (docs/results.md, "Counting"):
#   kind   "boot" (every kernel), "step", "kunit" (a KUnit case of a step),
#          "guest" (every scenario that ran) or "scenario" (a scenario that
#          was skipped)
#   status "pass", "fail" or "skip"
Test = namedtuple("Test", "kind kernel scenario step case status reason")

# The name of the test of a scenario that the guest finished it cleanly.
GUEST_TEST = "the guest finished, no kernel problem outside the steps"


def boot_done(kernel):
    """The guest booted and ended QEMU itself (it may still have problems)."""
    return kernel["boot"]["status"] == "done"


def boot_failed(kernel):
    """The kernel's boot test fails: it did not finish, or printed a problem."""
    return not boot_done(kernel) or bool(kernel["boot"]["problems"])


def guest_failed(scenario):
    """The scenario's guest test fails: the guest did not finish it, or the
    kernel printed a problem outside its steps."""
    return scenario["guest_status"] != "done" or bool(scenario.get("problems"))


def stopped(kernel, scenario):
    """Why the guest ran no step of SCENARIO from some point on (the
    scenario's guest status, else the boot's), or None."""
    if scenario.get("guest_status") not in (None, "done"):
        return scenario["guest_status"]
    if not boot_done(kernel):
        return kernel["boot"]["status"]
    return None


def boot_reason(kernel):
    b = kernel["boot"]
    if not boot_done(kernel):
        return b["status"]
    n = len(b["problems"])
    return f"{n} kernel problem{'s' if n != 1 else ''} at boot" if n else ""


def guest_reason(scenario):
    if scenario["guest_status"] != "done":
        return scenario["guest_status"]
    n = len(scenario.get("problems") or [])
    return f"{n} kernel problem{'s' if n != 1 else ''} outside the steps" if n else ""


def tests(results):
    """Every test of the run, in the order of the lab's TAP: per kernel its
    boot, then per scenario each step's KUnit cases and the step, then the
    scenario's guest test (a skipped scenario is one skip)."""
    for k in results["kernels"]:
        yield Test("boot", k, None, None, None, "fail" if boot_failed(k) else "pass", boot_reason(k))
        for s in k["scenarios"]:
            yield from scenario_tests(k, s)


def scenario_tests(k, s):
    if s["status"] == "skip":
        yield Test("scenario", k, s, None, None, "skip", s.get("skip_reason") or "")
        return
    for st in s["steps"]:
        for c in st.get("ktap") or []:
            yield Test("kunit", k, s, st, c, c["status"], c.get("why") or None)
        yield Test("step", k, s, st, None, st["status"], None)
    yield Test("guest", k, s, None, None, "fail" if guest_failed(s) else "pass", guest_reason(s))


def test_name(t):
    """The test's name in the lab's TAP."""
    k = t.kernel
    pre = f"{k['name']} {k['arch']}"
    if t.kind == "boot":
        return f"{pre} boot: " + (t.reason or "done")
    if t.kind == "scenario":
        return f"{pre} {t.scenario['name']}"
    if t.kind == "kunit":
        return f"{pre} {t.scenario['name']}: KUnit {t.case['suite']}.{t.case['case']}"
    if t.kind == "guest":
        return f"{pre} {t.scenario['name']}: {GUEST_TEST}"
    return f"{pre} {t.scenario['name']}: {t.step['title']}"


def count(items):
    c = Counter(t.status for t in items)
    return {"passed": c["pass"], "failed": c["fail"], "skipped": c["skip"]}


def counts(results):
    return count(tests(results))


def kernel_counts(kernel):
    return count(tests({"kernels": [kernel]}))


def scenario_counts(kernel, scenario):
    """The tests of one scenario (its boot is not one of them)."""
    return count(scenario_tests(kernel, scenario))


def remove_subsequence(lines, wanted):
    """LINES without the lines of WANTED, found in order; None when they
    are not all there (as scripts/verify takes the module's lines out)."""
    rest, i = [], 0
    for line in lines:
        if i < len(wanted) and line == wanted[i]:
            i += 1
        else:
            rest.append(line)
    return rest if i == len(wanted) else None


def found_in_order(lines, wanted):
    """[(line of WANTED, found)]: each found after the one before it in
    LINES (the walk of remove_subsequence)."""
    out, i = [], 0
    for w in wanted:
        j = i
        while j < len(lines) and lines[j] != w:
            j += 1
        if j < len(lines):
            out.append((w, True))
            i = j + 1
        else:
            out.append((w, False))
    return out


# The KTAP lines the lab takes out of a KUnit step's kernel lines before
# comparing them (scripts/verify).
KTAP_LINE = re.compile(r"^(KTAP version|TAP version|[0-9]+\.\.[0-9]+$|(not )?ok [0-9]|# |    )")


def kernel_lines(step):
    """(left, right, left_name, note): a step's kernel lines as the lab
    compares them.  For a load kocheck predicted, kocheck's lines (left,
    "kocheck") against the kernel's with the module's own lines
    (expected.module) taken out; else the plan's ("expected") against the
    kernel's.  A step with KUnit output without its KTAP lines.  note says
    what was done to the kernel's lines, or None."""
    got = list(step["got"]["dmesg"]) if step["got"] else []
    note = None
    if step.get("ktap") is not None:
        kept = [x for x in got if not KTAP_LINE.match(x)]
        if kept != got:
            got, note = kept, "without the KTAP lines"
    kc = step.get("kocheck")
    if kc is None:
        return step["expected"]["dmesg"], got, "expected", note
    module = step["expected"].get("module") or []
    if not module:
        return kc["dmesg"], got, "kocheck", note
    rest = remove_subsequence(got, module)
    if rest is None:
        return kc["dmesg"], got, "kocheck", "the module's own lines are not all there"
    return kc["dmesg"], rest, "kocheck", "the module's own lines taken out"


def kocheck_word(kc):
    """kocheck's prediction in the words of expected.verdict, "loads" or the
    errno's name, as scripts/verify compares them (an "unknown" verdict
    by its errno too)."""
    return "loads" if not kc.get("errno") else (kc.get("errno_name") or str(kc["errno"]))


CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def visible(line):
    """A line for people: the control characters (but tab) as \\xNN, as
    dmesg shows them; the comparisons are of the lines as they are."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)


def fmt_seconds(s):
    if s is None:
        return "?"
    return f"{s:.1f} s"


# Which differences a step can have, in this order (docs/results.md).
DIFFERS = ["exit status", "output", "kernel lines", "reports", "decoded", "module lines", "key lines",
           "verdict", "kocheck", "ktap"]


# ---- the format check -------------------------------------------------

STATUS_RE = re.compile(r"^(done|(hung|panic|died|not fetched|not built): .*)$", re.S)
GUEST_RE = re.compile(r"^(done|(hung|panic|died|not run): .*)$", re.S)
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$")
SHARD_RE = re.compile(r"^[1-9]\d*/[1-9]\d*$")


class T:
    """Type descriptions for the checker."""

    class Str:
        def __init__(self, pattern=None, what=None, enum=None):
            self.pattern, self.what, self.enum = pattern, what, enum

    class Int:
        pass

    class Num:
        pass

    class Null:
        def __init__(self, t):
            self.t = t

    class List:
        def __init__(self, t):
            self.t = t

    class Obj:
        def __init__(self, req, opt=None):
            self.req, self.opt = req, opt or {}

    class Map:
        def __init__(self, t):
            self.t = t


S = T.Str()
LINES = T.List(S)
NUM = T.Num()
INT = T.Int()


def enum(*values):
    return T.Str(enum=values)


IO = T.Obj({"rc": INT, "out": LINES, "dmesg": LINES})
KOCHECK = T.Obj({
    "verdict": enum("refused", "loads", "unknown"),
    "errno": T.Null(INT), "errno_name": T.Null(S), "dmesg": LINES,
    "refused_by": T.Null(S), "doc": T.Null(S), "unevaluated": LINES, "notes": LINES,
})
KTAP = T.Obj({"suite": S, "case": S, "status": enum("pass", "fail", "skip"), "lines": LINES},
             {"why": S})
EXPECTED = T.Obj({"rc": INT, "out": LINES, "dmesg": LINES},
                 {"module": LINES, "keys": LINES, "verdict": T.Null(S)})
# A runtime fault's report step (qemu/scenarios/60-runtime.sh).
DECODED = T.Obj({"status": enum("pass", "fail", "skip"), "why": S},
                {"function": S, "file": S, "lines": T.List(INT), "frame": T.Null(S),
                 "location": LINES, "stack": LINES})
REPORTS = T.Obj({"in": enum("dmesg", "out"), "expected": LINES, "got": LINES, "decoded": T.Null(DECODED)})
STEP = T.Obj({
    "id": INT, "title": S, "command": S, "status": enum("pass", "fail"),
    "differs": T.List(enum(*DIFFERS)), "expected": EXPECTED, "got": T.Null(IO),
    "kocheck": T.Null(KOCHECK), "ktap": T.Null(T.List(KTAP)),
}, {"seconds": T.Null(NUM), "why": LINES, "reports": T.Null(REPORTS)})
SCENARIO = T.Obj({
    "name": S, "description": S, "status": enum("pass", "fail", "skip"),
    "skip_reason": T.Null(S), "seconds": T.Null(NUM),
    "guest_status": T.Null(T.Str(GUEST_RE, '"done" or "hung: ...", "panic: ...", "died: ...", "not run: ..."')),
    "problems": LINES, "steps": T.List(STEP),
})
BOOT = T.Obj({
    "status": T.Str(STATUS_RE, '"done" or "hung: ...", "panic: ...", "died: ...", '
                    '"not fetched: ...", "not built: ..."'),
    "seconds": T.Null(NUM), "snapshot_seconds": T.Null(NUM), "problems": LINES, "log": T.Null(S),
})
KERNEL = T.Obj({
    "name": S, "arch": S, "kind": enum("lab", "debian"), "release": T.Null(S),
    "version": T.Null(S), "boot": BOOT, "scenarios": T.List(SCENARIO),
})
CELL = T.Obj({
    "build": S, "kernel": S, "verdict": enum("loaded", "refused", "no result"),
    "errno": T.Null(INT), "errno_name": T.Null(S), "check": T.Null(S),
    "refused_by": T.Null(S), "doc": T.Null(S), "lines": LINES,
    "step": T.Null(T.Obj({"kernel": S, "scenario": S, "id": INT})),
})
MATRIX = T.Obj({"kernels": LINES, "builds": LINES, "cells": T.List(CELL)}, {"generations": T.Map(S)})
SHARD_INFO = T.Obj({"id": S, "shard": T.Null(S), "started": S, "seconds": NUM, "trees": LINES})
RUN = T.Obj({
    "id": S, "started": T.Str(TIME_RE, "an ISO 8601 time such as 2026-11-25T13:15:00Z"),
    "seconds": NUM, "commit": S, "shard": T.Null(T.Str(SHARD_RE, '"I/N" such as "2/3"')),
    "trees": LINES,
}, {"selected": LINES, "shards": T.List(SHARD_INFO)})
SUMMARY = T.Obj({"passed": INT, "failed": INT, "skipped": INT})
RESULTS = T.Obj({
    "kmodlab_results": INT, "run": RUN, "kernels": T.List(KERNEL),
    "matrix": T.Map(MATRIX), "summary": SUMMARY,
})


def _tname(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    return {dict: "an object", list: "an array", str: "a string", int: "an integer",
            float: "a number"}.get(type(v), type(v).__name__)


def _check(v, t, path, errors, warnings):
    def bad(what):
        errors.append(f"{path}: expected {what}, got {_tname(v)}"
                      + (f" {json.dumps(v)[:60]}" if isinstance(v, (str, int, float)) and not isinstance(v, bool) else ""))

    if isinstance(t, T.Null):
        if v is not None:
            _check(v, t.t, path, errors, warnings)
    elif isinstance(t, T.Str):
        if not isinstance(v, str):
            bad("a string" + (" (one of " + ", ".join(json.dumps(e) for e in t.enum) + ")" if t.enum else ""))
        elif t.enum and v not in t.enum:
            errors.append(f"{path}: {json.dumps(v)} is not one of " + ", ".join(json.dumps(e) for e in t.enum))
        elif t.pattern and not t.pattern.match(v):
            errors.append(f"{path}: {json.dumps(v)[:80]} is not {t.what}")
    elif isinstance(t, T.Int):
        if not isinstance(v, int) or isinstance(v, bool):
            bad("an integer")
    elif isinstance(t, T.Num):
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            bad("a number")
        elif v < 0:
            errors.append(f"{path}: {v} is negative")
    elif isinstance(t, T.List):
        if not isinstance(v, list):
            bad("an array")
        else:
            for i, x in enumerate(v):
                _check(x, t.t, f"{path}[{i}]", errors, warnings)
    elif isinstance(t, T.Map):
        if not isinstance(v, dict):
            bad("an object")
        else:
            for k, x in v.items():
                _check(x, t.t, f"{path}.{k}", errors, warnings)
    elif isinstance(t, T.Obj):
        if not isinstance(v, dict):
            bad("an object")
            return
        for k, sub in t.req.items():
            if k not in v:
                errors.append(f"{path}.{k}: missing")
            else:
                _check(v[k], sub, f"{path}.{k}", errors, warnings)
        for k, sub in t.opt.items():
            if k in v:
                _check(v[k], sub, f"{path}.{k}", errors, warnings)
        for k in v:
            if k not in t.req and k not in t.opt:
                warnings.append(f"{path}.{k}: not a field of the format (docs/results.md)")
    else:  # pragma: no cover
        raise TypeError(t)


def check(results):
    """(errors, warnings) of a parsed results.json: each message starts with
    the path of the field it is about, e.g. kernels[1].scenarios[0].status."""
    errors, warnings = [], []
    _check(results, RESULTS, "$", errors, warnings)
    if errors:  # the meaning checks below need the types right
        return errors, warnings
    e = errors.append
    if results["kmodlab_results"] != FORMAT:
        e(f"$.kmodlab_results: format {results['kmodlab_results']}, this tool reads format {FORMAT}")
    run = results["run"]
    names = [k["name"] for k in results["kernels"]]
    if names != run["trees"]:
        e(f"$.run.trees: {run['trees']} should name the kernels in their order: {names}")
    seen = set()
    steps = {}
    for ki, k in enumerate(results["kernels"]):
        kp = f"$.kernels[{ki}]"
        if k["name"] in seen:
            e(f"{kp}.name: {k['name']} is there twice")
        seen.add(k["name"])
        if k["boot"]["status"].startswith(("not fetched", "not built")) and k["scenarios"]:
            e(f"{kp}.scenarios: a tree that was {k['boot']['status'].split(':')[0]} ran no scenario")
        snames = set()
        for si, s in enumerate(k["scenarios"]):
            sp = f"{kp}.scenarios[{si}]"
            ids = set()
            if s["name"] in snames:
                e(f"{sp}.name: scenario {s['name']} is there twice")
            snames.add(s["name"])
            if (s["status"] == "skip") != (s["skip_reason"] is not None):
                e(f"{sp}.skip_reason: a reason is given exactly when the status is \"skip\"")
            if s["status"] == "skip" and s["steps"]:
                e(f"{sp}.steps: a skipped scenario has no steps")
            if s["status"] != "skip" and not s["steps"]:
                e(f"{sp}.steps: a scenario that ran has steps (or is a skip)")
            if (s["status"] == "skip") != (s["guest_status"] is None):
                e(f"{sp}.guest_status: null exactly when the status is \"skip\"")
            if s["status"] == "skip" and s["problems"]:
                e(f"{sp}.problems: a skipped scenario ran nothing: []")
            for ti, st in enumerate(s["steps"]):
                tp = f"{sp}.steps[{ti}]"
                if st["id"] in ids:
                    e(f"{tp}.id: step {st['id']} is there twice in {k['name']} {s['name']}")
                ids.add(st["id"])
                steps[(k["name"], s["name"], st["id"])] = st
                order = [d for d in DIFFERS if d in st["differs"]]
                if st["differs"] != order or len(set(order)) != len(order):
                    e(f"{tp}.differs: {st['differs']} should be in this order, once each: {order}")
                if st["got"] is None and st["differs"]:
                    e(f"{tp}.differs: a step the guest never ran (got null) differs in nothing")
                kc, ex = st["kocheck"], st["expected"]
                unknown = kc is not None and kc["verdict"] == "unknown"
                if st["got"] is not None and unknown != ("kocheck" in st["differs"]):
                    e(f"{tp}.differs: \"kocheck\" is there exactly when kocheck's verdict is \"unknown\"")
                for d, need, why in (("module lines", ex.get("module"), "expected.module"),
                                     ("key lines", ex.get("keys"), "expected.keys"),
                                     ("verdict", ex.get("verdict"), "expected.verdict")):
                    if d in st["differs"] and (kc is None or not need):
                        e(f"{tp}.differs: \"{d}\" needs a kocheck object and {why}")
                if st["got"] is None and st["ktap"] is not None:
                    e(f"{tp}.ktap: a step the guest never ran (got null) has no KTAP (null)")
                should = "fail" if st["differs"] or st["got"] is None else "pass"
                if st["status"] != should:
                    e(f"{tp}.status: \"{st['status']}\", but differs is {st['differs']} and got is "
                      f"{'null' if st['got'] is None else 'there'}: it should be \"{should}\"")
            if s["status"] != "skip":
                c = scenario_counts(k, s)
                should = "fail" if c["failed"] else "pass"
                if s["status"] != should:
                    e(f"{sp}.status: \"{s['status']}\", but its steps, KUnit cases and guest test "
                      f"say \"{should}\"")
    for arch, m in results["matrix"].items():
        mp = f"$.matrix.{arch}"
        cells = set()
        for ci, c in enumerate(m["cells"]):
            cp = f"{mp}.cells[{ci}]"
            if c["kernel"] not in m["kernels"]:
                e(f"{cp}.kernel: {c['kernel']} is not in {mp}.kernels")
            if c["build"] not in m["builds"]:
                e(f"{cp}.build: {c['build']} is not in {mp}.builds")
            if (c["build"], c["kernel"]) in cells:
                e(f"{cp}: a second cell for {c['build']} loaded into {c['kernel']}")
            cells.add((c["build"], c["kernel"]))
            if c["verdict"] == "refused" and c["errno"] is None:
                e(f"{cp}.errno: a refusal has an errno")
            if c["verdict"] != "refused" and c["errno"] not in (None, 0):
                e(f"{cp}.errno: only a refusal has an errno")
            ref = c["step"]
            if ref:
                if ref["kernel"] != c["kernel"]:
                    e(f"{cp}.step.kernel: {ref['kernel']}, but the cell is of kernel {c['kernel']}")
                if ref["kernel"] in seen and (ref["kernel"], ref["scenario"], ref["id"]) not in steps:
                    e(f"{cp}.step: {ref['kernel']} has no step {ref['id']} in scenario {ref['scenario']}")
        for kn in m["kernels"]:
            arch_of = next((k["arch"] for k in results["kernels"] if k["name"] == kn), None)
            if arch_of is None:
                e(f"{mp}.kernels: {kn} is not one of $.kernels")
            elif arch_of != arch:
                e(f"{mp}.kernels: {kn} is an {arch_of} kernel")
    c = counts(results)
    if results["summary"] != c:
        e(f"$.summary: {json.dumps(results['summary'])}, but the tests count "
          f"{json.dumps(c)} (docs/results.md, Counting)")
    return errors, warnings


def checked(path, strict=False):
    """Load and check; raise ResultsError with every error."""
    r = load(path)
    errors, warnings = check(r)
    if strict:
        errors += warnings
    if errors:
        f, _ = locate(path)
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise ResultsError(f"{f}: not a valid results file (docs/results.md):\n  "
                           + "\n  ".join(errors[:20]) + more)
    return r, warnings


def find_step(results, kernel, scenario, sid):
    for k in results["kernels"]:
        if k["name"] == kernel:
            for s in k["scenarios"]:
                if s["name"] == scenario:
                    for st in s["steps"]:
                        if st["id"] == sid:
                            return k, s, st
    return None


def step_anchor(kernel, scenario, sid):
    return "step-" + slug(kernel) + "-" + slug(scenario) + "-" + str(sid)


def slug(s):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", s)
