"""TAP version 14, a subtest per kernel and per scenario (4 spaces a level,
as KTAP), KUnit suites as subtests of their scenario.  The tests are the
lab's, in its order: per kernel its boot, then per scenario each step's
KUnit cases and the step, then the scenario's guest test."""

import json
import re

from . import model

IND = "    "


def desc(s):
    """A test point description: one line, with \\ and # escaped (TAP14)."""
    return " ".join(s.split()).replace("\\", "\\\\").replace("#", "\\#")


def directive(s):
    return " ".join(s.split()).replace("\\", "\\\\").replace("#", "\\#")


# Characters YAML does not allow in a document, even in a double-quoted
# scalar (YAML 1.2, 5.1: DEL, C1 controls but NEL, surrogates, U+FFFE/F).
NOT_YAML = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def yaml_scalar(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    # JSON escapes the C0 controls; the rest YAML reads as \uXXXX too.
    return NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(v, ensure_ascii=False))


def yaml(obj, indent):
    """A YAML block: strings as double-quoted (JSON) scalars, lists of
    scalars one item a line."""
    out = []
    for k, v in obj.items():
        if isinstance(v, dict):
            out.append(f"{indent}{k}:")
            out += yaml(v, indent + "  ")
        elif isinstance(v, list):
            if not v:
                out.append(f"{indent}{k}: []")
            else:
                out.append(f"{indent}{k}:")
                for x in v:
                    if isinstance(x, dict):
                        sub = yaml(x, indent + "    ")
                        out.append(f"{indent}  - " + sub[0].lstrip())
                        out += sub[1:]
                    else:
                        out.append(f"{indent}  - {yaml_scalar(x)}")
        else:
            out.append(f"{indent}{k}: {yaml_scalar(v)}")
    return out


class Level:
    """One TAP stream (the top level or a subtest) at an indentation."""

    def __init__(self, lines, depth):
        self.lines, self.depth, self.n, self.failed = lines, depth, 0, False

    def point(self, ok, description, skip=None, diag=None):
        self.n += 1
        if not ok:
            self.failed = True
        line = f"{IND * self.depth}{'ok' if ok else 'not ok'} {self.n} - {desc(description)}"
        if skip is not None:
            line += f" # SKIP {directive(skip)}" if skip else " # SKIP"
        self.lines.append(line)
        if diag:
            pre = IND * self.depth + "  "
            self.lines.append(pre + "---")
            self.lines += yaml(diag, pre)
            self.lines.append(pre + "...")

    def sub(self, name):
        # TAP14: the comment is at the parent's indentation and names the
        # test point that ends the subtest.
        self.lines.append(f"{IND * self.depth}# Subtest: {desc(name)}")
        return Level(self.lines, self.depth + 1)

    def end(self):
        self.lines.append(f"{IND * self.depth}1..{self.n}")


def io(part):
    return {"rc": part["rc"], "out": part["out"], "dmesg": part["dmesg"]}


def expected(st):
    e = io(st["expected"])
    for x in ("module", "keys", "verdict"):
        if x in st["expected"]:
            e[x] = st["expected"][x]
    return e


def step_diag(k, s, st):
    d = {"message": "", "severity": "fail", "step": st["id"], "command": st["command"]}
    if st.get("why"):
        d["why"] = st["why"]
    if st["got"] is None:
        d["message"] = "the guest never ran this step (" + (model.stopped(k, s) or "no result") + ")"
        d["expected"] = expected(st)
        return d
    d["message"] = "differs in: " + ", ".join(st["differs"])
    d["differs"] = st["differs"]
    d["expected"] = expected(st)
    d["got"] = io(st["got"])
    kc = st.get("kocheck")
    if kc:
        d["kocheck"] = {x: kc.get(x) for x in ("verdict", "errno", "errno_name", "refused_by", "doc", "dmesg",
                                                "unevaluated")}
    return d


def boot_diag(k):
    b = k["boot"]
    d = {"message": model.boot_reason(k), "severity": "fail"}
    if b.get("log"):
        d["log"] = b["log"]
    if b["problems"]:
        d["problems"] = b["problems"]
    return d


def guest_diag(k, s):
    d = {"message": model.guest_reason(s), "severity": "fail", "guest_status": s["guest_status"]}
    if s.get("problems"):
        d["problems"] = s["problems"]
    lost = [st["id"] for st in s["steps"] if st["got"] is None]
    if lost:
        d["never_ran"] = lost
    return d


def render(results):
    lines = ["TAP version 14"]
    run = results["run"]
    lines.append(f"# kmodlab run {run['id']} commit {run['commit']}"
                 + (f" shard {run['shard']}" if run.get("shard") else ""))
    top = Level(lines, 0)
    for k in results["kernels"]:
        kl = top.sub(k["name"])
        bad = model.boot_failed(k)
        kl.point(not bad, "boot", diag=boot_diag(k) if bad else None)
        for s in k["scenarios"]:
            if s["status"] == "skip":
                kl.point(True, s["name"], skip=s.get("skip_reason") or "")
                continue
            sl = kl.sub(s["name"])
            for st in s["steps"]:
                suites = []
                for c in st.get("ktap") or []:
                    if not suites or suites[-1][0] != c["suite"]:
                        suites.append((c["suite"], []))
                    suites[-1][1].append(c)
                for suite, cases in suites:
                    cl = sl.sub(suite)
                    for c in cases:
                        if c["status"] == "skip":
                            reason = ""
                            for line in c["lines"]:
                                if "# SKIP" in line:
                                    reason = line.split("# SKIP", 1)[1].strip()
                            cl.point(True, c["case"], skip=reason)
                        elif c["status"] == "pass":
                            cl.point(True, c["case"])
                        else:
                            diag = {"message": f"KUnit case {suite}.{c['case']} failed (step {st['id']})",
                                    "severity": "fail"}
                            if c.get("why"):
                                diag["why"] = c["why"]
                            diag["lines"] = c["lines"]
                            cl.point(False, c["case"], diag=diag)
                    cl.end()
                    sl.point(not cl.failed, suite)
                ok = st["status"] == "pass"
                sl.point(ok, st["title"], diag=None if ok else step_diag(k, s, st))
            bad = model.guest_failed(s)
            sl.point(not bad, model.GUEST_TEST, diag=guest_diag(k, s) if bad else None)
            sl.end()
            kl.point(not sl.failed, s["name"])
        kl.end()
        top.point(not kl.failed, k["name"])
    top.end()
    return "\n".join(lines) + "\n"
