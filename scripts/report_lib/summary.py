"""The terminal summary at the end of a lab run."""

import difflib
import os
import re
import shutil
import textwrap

from . import model

COLORS = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}


def use_color(mode, stream):
    """--color=always|never|auto; auto: a terminal and NO_COLOR unset or
    empty (https://no-color.org)."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return stream.isatty() and not os.environ.get("NO_COLOR")


class Out:
    def __init__(self, color, width):
        self.color = color
        self.width = width
        self.lines = []

    def c(self, name, text):
        if not self.color or not text:
            return text
        return f"\033[{COLORS[name]}m{text}\033[0m"

    def __call__(self, line=""):
        self.lines.append(line)


def counts_text(o, c):
    p = o.c("green", f"{c['passed']} passed") if c["passed"] else f"{c['passed']} passed"
    f = o.c("red", f"{c['failed']} failed") if c["failed"] else f"{c['failed']} failed"
    s = o.c("yellow", f"{c['skipped']} skipped") if c["skipped"] else f"{c['skipped']} skipped"
    return p, f, s


def chunks(s, n):
    """Cut S into pieces of N characters (kernel lines are shown exactly,
    never re-flowed at spaces)."""
    if s == "":
        return [""]
    return [s[i:i + n] for i in range(0, len(s), n)]


def side_by_side(o, left, right, indent="    ", heads=("expected", "got")):
    """Two columns of lines aligned by a diff: "!" marks a row that differs."""
    w = max(20, (o.width - len(indent) - 5) // 2)
    rows = []
    sm = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        a, b = left[i1:i2], right[j1:j2]
        for n in range(max(len(a), len(b))):
            rows.append((tag != "equal", a[n] if n < len(a) else None, b[n] if n < len(b) else None))
    o(indent + "  " + o.c("bold", heads[0].ljust(w)) + " | " + o.c("bold", heads[1]))
    for differ, a, b in rows:
        ac = chunks(model.visible(a), w) if a is not None else []
        bc = chunks(model.visible(b), w) if b is not None else []
        for n in range(max(len(ac), len(bc), 1)):
            x = ac[n] if n < len(ac) else ""
            y = bc[n] if n < len(bc) else ""
            mark = "!" if differ and n == 0 else " "
            xs = x.ljust(w)
            if differ:
                xs = o.c("red", x) + " " * (w - len(x))
                y = o.c("green", y)
            o(f"{indent}{o.c('red', mark) if differ else mark} {xs} | {y}".rstrip())
    if not rows:
        o(indent + "  (none)".ljust(w + 2) + " | (none)")
    if any(d and a is not None and b is not None and a != b and model.visible(a) == model.visible(b)
           for d, a, b in rows):
        o(indent + "  (a row that looks the same differs in a control character: one side has the "
          "character, shown as \\xNN, the other the text)")


def step_failure(o, k, s, st):
    o(o.c("red", "FAIL") + " " + o.c("bold", f"{k['name']} {s['name']} step {st['id']}: {st['title']}"))
    o("  $ " + st["command"])
    e, g = st["expected"], st["got"]
    if g is None:
        o("  the guest never ran this step (" + (model.stopped(k, s) or "no result") + ")")
        return
    d = st["differs"]
    for w in st.get("why") or []:
        o("  " + w)
    if "exit status" in d:
        o(f"  exit status: expected {e['rc']}, got " + o.c("red", str(g["rc"])))
    if "output" in d:
        o("  output:")
        side_by_side(o, e["out"], g["out"])
    kc = st.get("kocheck")
    if "kernel lines" in d:
        left, right, name, note = model.kernel_lines(st)
        o("  kernel lines" + (f" ({note})" if note else "") + ":")
        side_by_side(o, left, right, heads=(name, "got"))
    for diff, key, what in (("module lines", "module", "the module's own lines"),
                            ("key lines", "keys", "the key lines")):
        if diff in d:
            o(f"  {diff}: {what} stated in the scenario, in the kernel's lines in order (! not there):")
            for line, found in model.found_in_order(g["dmesg"], e.get(key) or []):
                line = model.visible(line)
                o(("      " if found else "    " + o.c("red", "!") + " ") + (line if found else o.c("red", line)))
    if ("module lines" in d or "key lines" in d) and "kernel lines" not in d:
        o("  the kernel's lines:")
        for line in g["dmesg"] or ["(none)"]:
            o("      " + model.visible(line))
    # The lab's why says the verdict's and kocheck's difference when it is there.
    if "verdict" in d and kc and not st.get("why"):
        o(f"  verdict: the scenario says {e.get('verdict')}, kocheck says "
          + o.c("red", model.kocheck_word(kc)) + f"; the kernel: exit status {g['rc']}")
    if "kocheck" in d and kc and not st.get("why"):
        o("  kocheck could not predict this load; not evaluated: " + ("; ".join(kc["unevaluated"]) or "?"))
    if "ktap" in d:
        o("  the KUnit results (KTAP) in its kernel lines could not be read")


def kunit_failure(o, k, s, st, c):
    o(o.c("red", "FAIL") + " " + o.c("bold", f"{k['name']} {s['name']} KUnit {c['suite']}.{c['case']}")
      + f" (step {st['id']})")
    if c.get("why"):
        o("  " + c["why"])
    for line in textwrap.dedent("\n".join(model.visible(x) for x in c["lines"][-12:])).split("\n"):
        o("    " + line)


def lost_steps(o, pairs):
    """ "N steps never ran: scenario (steps a-b), ..." for (scenario, step) pairs."""
    if not pairs:
        return
    by = {}
    for s, st in pairs:
        by.setdefault(s["name"], []).append(st["id"])
    where = ", ".join(f"{n} ({id_ranges(ids)})" for n, ids in by.items())
    o(f"  {len(pairs)} step{'s' if len(pairs) != 1 else ''} never ran: {where}")


def boot_failure(o, k, run_dir):
    b = k["boot"]
    o(o.c("red", "FAIL") + " " + o.c("bold", f"{k['name']} boot: ") + model.boot_reason(k))
    for p in b["problems"]:
        o("  " + model.visible(p))
    if b.get("log"):
        o("  console log: " + os.path.join(run_dir, b["log"]))
    if not model.boot_done(k):
        lost_steps(o, [(s, st) for s in k["scenarios"] for st in s["steps"] if st["got"] is None])


def guest_failure(o, k, s):
    o(o.c("red", "FAIL") + " " + o.c("bold", f"{k['name']} {s['name']}: {model.GUEST_TEST}"))
    if s["guest_status"] != "done":
        o("  guest: " + str(s["guest_status"]))
    for p in s.get("problems") or []:
        o("  " + model.visible(p))
    if model.boot_done(k):
        lost_steps(o, [(s, st) for st in s["steps"] if st["got"] is None])


def id_ranges(ids):
    out = []
    for i in sorted(ids):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return ", ".join((f"step {a}" if a == b else f"steps {a}-{b}") for a, b in out)


def render(results, run_dir, color=False, width=None, max_failures=20):
    width = width or shutil.get_terminal_size((100, 24)).columns
    o = Out(color, width)
    run = results["run"]
    head = f"kmodlab run {run['id']}, commit {run['commit']}, {model.fmt_seconds(run['seconds'])}"
    if run.get("shard"):
        head += f", shard {run['shard']}"
    o(o.c("bold", head))
    ks = results["kernels"]
    nw = max([len(k["name"]) for k in ks] + [6])
    for k in ks:
        c = model.kernel_counts(k)
        p, f, s = counts_text(o, c)
        b = k["boot"]
        boot = f"boot {model.fmt_seconds(b.get('seconds'))}" if model.boot_done(k) else o.c("red", b["status"])
        if b["problems"]:
            boot += o.c("red", f", {len(b['problems'])} kernel problem{'s' if len(b['problems']) != 1 else ''}")
        o(f"  {k['name'].ljust(nw)}  {k['arch']:<6}  {k['kind']:<6}  {pad(p, 10)}  {pad(f, 9)}  {pad(s, 10)}  {boot}")

    shown = 0
    blocks = failure_blocks(ks)
    if blocks:
        o()
    for kind, k, s, st, c in blocks:
        if shown >= max_failures:
            break
        shown += 1
        if kind == "boot":
            boot_failure(o, k, run_dir)
        elif kind == "guest":
            guest_failure(o, k, s)
        elif kind == "step":
            step_failure(o, k, s, st)
        else:
            kunit_failure(o, k, s, st, c)
        o()
    failures = len(blocks)
    if failures > shown:
        o(f"... and {failures - shown} more failure{'s' if failures - shown != 1 else ''}: "
          "see the full results")
        o()
    elif not blocks:
        o()
    files = [f for f in ("index.html", "results.tap", "junit.xml") if os.path.exists(os.path.join(run_dir, f))]
    o(f"results: {os.path.join(run_dir, 'results.json')}" + (f" ({', '.join(files)} beside it)" if files else ""))
    p, f, s = counts_text(o, results["summary"])
    o(f"{p}, {f}, {s}")
    return "\n".join(o.lines) + "\n"


def failure_blocks(kernels):
    """What failed, in the order of the tests: (kind, kernel, scenario,
    step, KUnit case).  A step the guest never ran is not a block of its
    own: the boot's or the guest's block lists it."""
    blocks = []
    for k in kernels:
        if model.boot_failed(k):
            blocks.append(("boot", k, None, None, None))
        for s in k["scenarios"]:
            for st in s["steps"]:
                for c in st.get("ktap") or []:
                    if c["status"] == "fail":
                        blocks.append(("kunit", k, s, st, c))
                if st["status"] == "fail" and not (st["got"] is None and model.stopped(k, s)):
                    blocks.append(("step", k, s, st, None))
            if s["status"] != "skip" and model.guest_failed(s) and (
                    s.get("problems") or model.boot_done(k)):
                blocks.append(("guest", k, s, None, None))
    return blocks


def pad(text, n):
    """TEXT (maybe coloured) padded to N visible characters."""
    return text + " " * max(0, n - len(re.sub(r"\033\[[0-9;]*m", "", text)))
