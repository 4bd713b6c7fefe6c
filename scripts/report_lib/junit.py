"""JUnit XML: <testsuites>, a <testsuite> per kernel and scenario and one
per kernel named "boot"; a <testcase> per step and per KUnit case, one
named "boot" per kernel and one named "guest" per scenario that ran.  Valid against the Jenkins xunit plugin's junit-10.xsd
(tests/report/junit-10.xsd)."""

import re
import xml.etree.ElementTree as ET

from . import model


def clean(s):
    """XML 1.0 cannot carry most control characters, even escaped."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", lambda m: f"\\x{ord(m.group()):02x}", s)


def secs(v):
    return f"{v:.3f}" if v is not None else None


def classname(kernel, scenario):
    """Viewers split classname at its last dot into package and class: the
    dots of a kernel name become underscores, so that the package is the
    kernel and the class the scenario."""
    return kernel.replace(".", "_") + "." + scenario


def lines_text(title, lines):
    return f"{title}:\n" + ("".join(f"  {x}\n" for x in lines) if lines else "  (none)\n")


def failure_text(k, s, st):
    e, g = st["expected"], st["got"]
    t = f"step {st['id']}: $ {st['command']}\n"
    t += "".join(f"{w}\n" for w in st.get("why") or [])
    if g is None:
        return t + "the guest never ran this step (" + (model.stopped(k, s) or "no result") + ")\n"
    d = st["differs"]
    t += f"differs in: {', '.join(d)}\n"
    t += f"exit status: expected {e['rc']}, got {g['rc']}\n"
    t += lines_text("expected output", e["out"]) + lines_text("got output", g["out"])
    left, right, name, note = model.kernel_lines(st)
    t += lines_text(f"{name} kernel lines", left)
    t += lines_text("got kernel lines" + (f" ({note})" if note else ""), right)
    if "module lines" in d:
        t += lines_text("the module's own lines (expected.module)", e["module"])
    if "key lines" in d:
        t += lines_text("the key lines (expected.keys)", e["keys"])
    kc = st.get("kocheck")
    if "verdict" in d and kc:
        t += f"verdict: the scenario says {e['verdict']}, kocheck says {model.kocheck_word(kc)}\n"
    if "kocheck" in d and kc:
        t += "kocheck could not predict this load; not evaluated: " + "; ".join(kc["unevaluated"]) + "\n"
    if "ktap" in d:
        t += "the KUnit results (KTAP) in its kernel lines could not be read\n"
    return t


def failure_message(k, s, st):
    if st["got"] is None:
        return "the guest never ran this step (" + (model.stopped(k, s) or "no result") + ")"
    return "differs in " + ", ".join(st["differs"])


def guest_text(s):
    t = f"guest: {s['guest_status']}\n"
    if s.get("problems"):
        t += lines_text("kernel problems outside the steps", s["problems"])
    lost = [str(st["id"]) for st in s["steps"] if st["got"] is None]
    if lost:
        t += f"steps never run: {', '.join(lost)}\n"
    return t


def sub(parent, tag, attrs=None, text=None):
    el = ET.SubElement(parent, tag, {a: clean(str(v)) for a, v in (attrs or {}).items() if v is not None})
    if text is not None:
        el.text = clean(text)
    return el


def render(results):
    run = results["run"]
    stamp = run["started"].rstrip("Z")
    root = ET.Element("testsuites")
    total = {"tests": 0, "failures": 0}
    for k in results["kernels"]:
        props = {"arch": k["arch"], "kind": k["kind"], "release": k.get("release"),
                 "version": k.get("version")}

        def suite(name, time, extra=None):
            ts = sub(root, "testsuite", {"name": f"{k['name']}/{name}", "tests": 0, "failures": 0,
                                         "errors": 0, "skipped": 0, "time": secs(time),
                                         "timestamp": stamp, "package": k["name"]})
            p = sub(ts, "properties")
            for n, v in list(props.items()) + list((extra or {}).items()):
                if v is not None:
                    sub(p, "property", {"name": n, "value": v})
            return ts

        def count(ts, status):
            ts.set("tests", str(int(ts.get("tests")) + 1))
            total["tests"] += 1
            if status == "fail":
                ts.set("failures", str(int(ts.get("failures")) + 1))
                total["failures"] += 1
            if status == "skip":
                ts.set("skipped", str(int(ts.get("skipped")) + 1))

        b = k["boot"]
        ts = suite("boot", b.get("seconds"), {"log": b.get("log"), "status": b["status"]})
        tc = sub(ts, "testcase", {"name": "boot", "classname": classname(k["name"], "boot"),
                                  "time": secs(b.get("seconds"))})
        if model.boot_failed(k):
            text = b["status"] + "\n" + lines_text("kernel problems", b["problems"])
            if b.get("log"):
                text += f"console log: {b['log']}\n"
            sub(tc, "failure", {"message": model.boot_reason(k), "type": "boot"}, text)
        count(ts, "fail" if model.boot_failed(k) else "pass")
        for s in k["scenarios"]:
            ts = suite(s["name"], s.get("seconds"), {"description": s["description"],
                                                     "guest_status": s.get("guest_status")})
            cn = classname(k["name"], s["name"])
            if s["status"] == "skip":
                tc = sub(ts, "testcase", {"name": s["name"], "classname": cn, "time": secs(0)})
                sub(tc, "skipped", {"message": s.get("skip_reason") or ""})
                count(ts, "skip")
                continue
            names = {"guest"}
            for st in s["steps"]:
                name = st["title"]
                if name in names:
                    name += f" [step {st['id']}]"
                names.add(name)
                for c in st.get("ktap") or []:
                    tc = sub(ts, "testcase", {"name": f"{c['suite']}.{c['case']}",
                                              "classname": classname(k["name"], s["name"]) + "." + c["suite"]})
                    text = (c["why"] + "\n" if c.get("why") else "") + "".join(f"{x}\n" for x in c["lines"])
                    if c["status"] == "fail":
                        sub(tc, "failure", {"message": f"KUnit case {c['suite']}.{c['case']} failed"
                                            + (f": {c['why']}" if c.get("why") else ""), "type": "kunit"}, text)
                    elif c["status"] == "skip":
                        sub(tc, "skipped", {"message": f"KUnit skipped {c['suite']}.{c['case']}"})
                    count(ts, c["status"])
                tc = sub(ts, "testcase", {"name": name, "classname": cn, "time": secs(st.get("seconds"))})
                if st["status"] == "fail":
                    sub(tc, "failure", {"message": failure_message(k, s, st),
                                        "type": "not run" if st["got"] is None else "differs"},
                        failure_text(k, s, st))
                count(ts, st["status"])
            tc = sub(ts, "testcase", {"name": "guest", "classname": cn})
            if model.guest_failed(s):
                sub(tc, "failure", {"message": model.guest_reason(s), "type": "guest"}, guest_text(s))
            count(ts, "fail" if model.guest_failed(s) else "pass")
    root.set("name", f"kmodlab {run['id']}")
    root.set("tests", str(total["tests"]))
    root.set("failures", str(total["failures"]))
    root.set("errors", "0")
    root.set("time", secs(run["seconds"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
