#!/usr/bin/env python3
# usage: tests/report/tap-count.py FILE
# Reads TAP version 14 back, strictly: the version line first, indentation
# in steps of 4, each subtest opened by "# Subtest: NAME" at its parent's
# level and closed by a test point of the same name, every plan equal to
# the points before it (numbered 1..N), YAML blocks 2 spaces in and valid
# YAML (when python3-yaml is there), the top level's plan as the last line.
# Prints the leaves (test points that close no subtest) as
# "leaves: P pass, F fail, S skip" and exits 0, or says what is wrong and
# exits 1.
import re
import sys

try:
    import yaml
except ImportError:  # the test group installs python3-yaml
    yaml = None

POINT = re.compile(r"^(not ok|ok) (\d+)(?: - (.*?))?(?: # (SKIP|TODO)(?: (.*))?)?$")


def unescape(s):
    return re.sub(r"\\([\\#])", r"\1", s or "")


def split_directive(rest):
    """'desc # SKIP why' with escapes -> (desc, directive, reason)."""
    i = 0
    while i < len(rest):
        if rest[i] == "\\":
            i += 2
            continue
        if rest.startswith(" # ", i):
            d = rest[i + 3:]
            m = re.match(r"(SKIP|TODO)\b ?(.*)$", d, re.I)
            if m:
                return unescape(rest[:i]), m.group(1).upper(), unescape(m.group(2))
        i += 1
    return unescape(rest), None, None


def fail(n, msg):
    sys.exit(f"line {n}: {msg}")


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "TAP version 14":
        fail(1, "the first line is not 'TAP version 14'")
    # A stack of levels: each {"n": points, "plan": N or None, "name": subtest
    # name, "had_child": a subtest just closed at depth+1}
    stack = [{"n": 0, "plan": None, "name": None, "pending": None, "leaf_ok": True}]
    leaves = {"pass": 0, "fail": 0, "skip": 0}
    i = 1
    while i < len(lines):
        raw = lines[i]
        n = i + 1
        i += 1
        if raw.strip() == "":
            continue
        ind = len(raw) - len(raw.lstrip(" "))
        text = raw[ind:]
        if ind % 4 == 2 and text == "---":
            # a YAML block of the point just before, at depth (ind-2)/4
            body = []
            while i < len(lines) and lines[i] != " " * ind + "...":
                if not lines[i].startswith(" " * ind):
                    fail(i + 1, "YAML block line not indented as its '---'")
                body.append(lines[i][ind:])
                i += 1
            if i >= len(lines):
                fail(n, "YAML block without its '...'")
            i += 1
            if yaml is not None:
                try:
                    doc = yaml.safe_load("\n".join(body))
                except yaml.YAMLError as e:
                    fail(n, f"YAML block does not parse: {e}")
                if not isinstance(doc, dict):
                    fail(n, "YAML block is not a mapping")
            continue
        if ind % 4:
            fail(n, f"indented by {ind}, not a multiple of 4")
        depth = ind // 4
        if depth > len(stack) - 1:
            # lines of a subtest: it must have been announced at depth-1
            if depth != len(stack) or stack[-1]["pending"] is None:
                fail(n, "a subtest line without '# Subtest: NAME' at its parent's level")
            stack.append({"n": 0, "plan": None, "name": stack[-1]["pending"], "pending": None})
            stack[-2]["pending"] = None
        closed = None
        while depth < len(stack) - 1:
            child = stack.pop()
            if child["plan"] is None:
                fail(n, f"subtest {child['name']!r} ended without a plan")
            closed = child
        lvl = stack[-1]
        if text.startswith("# Subtest: "):
            if lvl["pending"] is not None:
                fail(n, "two '# Subtest' lines in a row")
            lvl["pending"] = text[len("# Subtest: "):]
            continue
        if text.startswith("#"):
            continue
        m = re.match(r"^1\.\.(\d+)$", text)
        if m:
            if lvl["plan"] is not None:
                fail(n, "a second plan")
            if int(m.group(1)) != lvl["n"]:
                fail(n, f"plan 1..{m.group(1)} after {lvl['n']} test points")
            lvl["plan"] = int(m.group(1))
            if depth == 0 and i != len(lines):
                fail(n, "the top level's plan is not the last line")
            continue
        m = re.match(r"^(not ok|ok) (\d+)(?: - (.*))?$", text)
        if not m:
            fail(n, f"not TAP: {text!r}")
        if lvl["plan"] is not None:
            fail(n, "a test point after the plan")
        if int(m.group(2)) != lvl["n"] + 1:
            fail(n, f"test point {m.group(2)}, expected {lvl['n'] + 1}")
        lvl["n"] += 1
        desc, directive, _ = split_directive(m.group(3) or "")
        ok = m.group(1) == "ok"
        if closed is not None:
            if desc != unescape(closed["name"]):
                fail(n, f"subtest {closed['name']!r} closed by test point {desc!r}")
            continue  # a correlated point: not a leaf
        if lvl["pending"] is not None:
            fail(n, f"'# Subtest: {lvl['pending']}' with no subtest lines")
        if directive == "SKIP":
            if not ok:
                fail(n, "a skip that is 'not ok'")
            leaves["skip"] += 1
        elif directive == "TODO":
            fail(n, "kmodlab writes no TODO")
        else:
            leaves["pass" if ok else "fail"] += 1
    if len(stack) != 1 or stack[0]["plan"] is None:
        fail(len(lines), "the TAP ends inside a subtest or without a plan")
    print(f"leaves: {leaves['pass']} pass, {leaves['fail']} fail, {leaves['skip']} skip")


if __name__ == "__main__":
    main()
