"""JUnit XML: <testsuites>, a <testsuite> per kernel and scenario (and one
named "boot" for a kernel whose boot failed), a <testcase> per step and
per KUnit case.  Valid against the Jenkins xunit plugin's junit-10.xsd
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
    if g is None:
        return t + "the guest never ran this step (" + (s.get("guest_status") or k["boot"]["status"]) + ")\n"
    t += f"differs in: {', '.join(st['differs'])}\n"
    t += f"exit status: expected {e['rc']}, got {g['rc']}\n"
    t += lines_text("expected output", e["out"]) + lines_text("got output", g["out"])
    t += lines_text("expected kernel lines", e["dmesg"]) + lines_text("got kernel lines", g["dmesg"])
    kc = st.get("kocheck")
    if kc and "kocheck" in st["differs"]:
        t += f"kocheck predicted: {kc['verdict']} {kc.get('errno_name') or ''}".rstrip() + "\n"
        t += lines_text("kocheck's kernel lines", kc["dmesg"])
    if "ktap" in st["differs"]:
        t += "the KUnit results (KTAP) in its kernel lines could not be read\n"
    return t


def failure_message(k, s, st):
    if st["got"] is None:
        return "the guest never ran this step (" + (s.get("guest_status") or k["boot"]["status"]) + ")"
    return "differs in " + ", ".join(st["differs"])


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
        if model.boot_failed(k):
            ts = suite("boot", b.get("seconds"), {"log": b.get("log")})
            tc = sub(ts, "testcase", {"name": "boot", "classname": classname(k["name"], "boot"),
                                      "time": secs(b.get("seconds"))})
            text = b["status"] + "\n" + "".join(f"{p}\n" for p in b.get("problems") or [])
            if b.get("log"):
                text += f"console log: {b['log']}\n"
            sub(tc, "failure", {"message": b["status"], "type": "boot"}, text)
            count(ts, "fail")
        for s in k["scenarios"]:
            ts = suite(s["name"], s.get("seconds"), {"description": s["description"],
                                                     "guest_status": s.get("guest_status")})
            cn = classname(k["name"], s["name"])
            if s["status"] == "skip":
                tc = sub(ts, "testcase", {"name": s["name"], "classname": cn, "time": secs(0)})
                sub(tc, "skipped", {"message": s.get("skip_reason") or ""})
                count(ts, "skip")
                continue
            names = set()
            for st in s["steps"]:
                name = st["title"]
                if name in names:
                    name += f" [step {st['id']}]"
                names.add(name)
                tc = sub(ts, "testcase", {"name": name, "classname": cn, "time": secs(st.get("seconds"))})
                if st["status"] == "fail":
                    sub(tc, "failure", {"message": failure_message(k, s, st),
                                        "type": "not run" if st["got"] is None else "differs"},
                        failure_text(k, s, st))
                count(ts, st["status"])
                for c in st.get("ktap") or []:
                    tc = sub(ts, "testcase", {"name": f"{c['suite']}.{c['case']}",
                                              "classname": classname(k["name"], s["name"]) + "." + c["suite"]})
                    text = "".join(f"{x}\n" for x in c["lines"])
                    if c["status"] == "fail":
                        sub(tc, "failure", {"message": f"KUnit case {c['suite']}.{c['case']} failed",
                                            "type": "kunit"}, text)
                    elif c["status"] == "skip":
                        sub(tc, "skipped", {"message": f"KUnit skipped {c['suite']}.{c['case']}"})
                    count(ts, c["status"])
    root.set("name", f"kmodlab {run['id']}")
    root.set("tests", str(total["tests"]))
    root.set("failures", str(total["failures"]))
    root.set("errors", "0")
    root.set("time", secs(run["seconds"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
