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
        ac = chunks(a, w) if a is not None else []
        bc = chunks(b, w) if b is not None else []
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


def step_failure(o, k, s, st):
    o(o.c("red", "FAIL") + " " + o.c("bold", f"{k['name']} {s['name']} step {st['id']}: {st['title']}"))
    o("  $ " + st["command"])
    e, g = st["expected"], st["got"]
    if g is None:
        o("  the guest never ran this step (" + (s.get("guest_status") or k["boot"]["status"]) + ")")
        return
    if "exit status" in st["differs"]:
        o(f"  exit status: expected {e['rc']}, got " + o.c("red", str(g["rc"])))
    if "output" in st["differs"]:
        o("  output:")
        side_by_side(o, e["out"], g["out"])
    if "kernel lines" in st["differs"]:
        o("  kernel lines:")
        side_by_side(o, e["dmesg"], g["dmesg"])
    kc = st.get("kocheck")
    if "kocheck" in st["differs"] and kc:
        verdict = kc["verdict"]
        if verdict == "refused":
            verdict += f" with {kc.get('errno_name') or kc.get('errno')}"
            if kc.get("refused_by"):
                verdict += f" by {kc['refused_by']}()"
        o(f"  kocheck predicted: {verdict}; the kernel: exit status {g['rc']}")
        if kc["dmesg"] != g["dmesg"]:
            side_by_side(o, kc["dmesg"], g["dmesg"], heads=("kocheck", "got"))
    if "ktap" in st["differs"]:
        o("  the KUnit results (KTAP) in its kernel lines could not be read")


def kunit_failure(o, k, s, st, c):
    o(o.c("red", "FAIL") + " " + o.c("bold", f"{k['name']} {s['name']} KUnit {c['suite']}.{c['case']}")
      + f" (step {st['id']})")
    for line in textwrap.dedent("\n".join(c["lines"][-12:])).split("\n"):
        o("    " + line)


def boot_failure(o, k, run_dir):
    b = k["boot"]
    o(o.c("red", "FAIL") + " " + o.c("bold", f"{k['name']} boot: ") + b["status"])
    if b.get("log"):
        o("  console log: " + os.path.join(run_dir, b["log"]))
    lost = [(s, st) for s in k["scenarios"] for st in s["steps"] if st["got"] is None]
    if lost:
        by = {}
        for s, st in lost:
            by.setdefault(s["name"], []).append(st["id"])
        where = ", ".join(f"{n} ({id_ranges(ids)})" for n, ids in by.items())
        o(f"  {len(lost)} step{'s' if len(lost) != 1 else ''} never ran: {where}")


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
        boot = f"boot {model.fmt_seconds(b.get('seconds'))}" if b["status"] == "done" else o.c("red", b["status"])
        if b.get("problems"):
            boot += o.c("yellow", f", {len(b['problems'])} boot problem{'s' if len(b['problems']) != 1 else ''}")
        o(f"  {k['name'].ljust(nw)}  {k['arch']:<6}  {k['kind']:<6}  {pad(p, 10)}  {pad(f, 9)}  {pad(s, 10)}  {boot}")

    shown = 0
    blocks = []
    for k in ks:
        if model.boot_failed(k):
            blocks.append(("boot", k, None, None, None))
        for s in k["scenarios"]:
            for st in s["steps"]:
                if st["status"] == "fail" and not (st["got"] is None and model.boot_failed(k)):
                    blocks.append(("step", k, s, st, None))
                for c in st.get("ktap") or []:
                    if c["status"] == "fail":
                        blocks.append(("kunit", k, s, st, c))
        for p in k["boot"].get("problems") or []:
            blocks.append(("problem", k, None, None, p))
    failures = sum(1 for b in blocks if b[0] != "problem")
    if blocks:
        o()
    for kind, k, s, st, c in blocks:
        if shown >= max_failures:
            break
        if kind == "problem":
            o(o.c("yellow", "NOTE") + " " + o.c("bold", f"{k['name']} boot: ") + c)
            continue
        shown += 1
        if kind == "boot":
            boot_failure(o, k, run_dir)
        elif kind == "step":
            step_failure(o, k, s, st)
        else:
            kunit_failure(o, k, s, st, c)
        o()
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


def pad(text, n):
    """TEXT (maybe coloured) padded to N visible characters."""
    return text + " " * max(0, n - len(re.sub(r"\033\[[0-9;]*m", "", text)))
