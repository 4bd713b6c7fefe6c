#!/usr/bin/env python3
# usage: tests/report/make-fixtures.py [DIR]
# Writes the fixtures of tests/report.sh into DIR (default: beside this
# file): whole/results.json, a run made to look like a real lab run (the
# steps and kernel lines of qemu/scenarios/, modelled as scripts/plan.sh
# does), and edge/results.json, a small run with what whole has not (a
# tree that could not be fetched, a panic, a failing KUnit case,
# unreadable KTAP, a matrix cell without result).  The files are kept in
# git; run this again after changing it, and review the diff.
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from report_lib import model  # noqa: E402

ERRNO = {"ENOEXEC": 8, "ENOENT": 2, "EINVAL": 22, "EEXIST": 17, "EPERM": 1, "ERANGE": 34,
         "EKEYREJECTED": 129}
INSMOD_MSG = {"ENOEXEC": "invalid module format",
              "ENOENT": "unknown symbol in module, or unknown parameter",
              "EINVAL": "Invalid argument", "EEXIST": "File exists",
              "EKEYREJECTED": "Key was rejected by service"}
DOCS = {"check_modstruct_version": "docs/symbol-versions.md", "check_version": "docs/symbol-versions.md",
        "check_modinfo": "docs/vermagic.md", "elf_validity_check": "docs/elf-format.md",
        "module_sig_check": "docs/signatures.md", "simplify_symbols": "docs/unknown-symbol.md",
        "parse_args": "docs/parameters.md", "add_unformed_module": "docs/in-use.md",
        "do_init_module": "docs/parameters.md", "resolve_symbol": "docs/unknown-symbol.md"}

TREES = {
    # name: arch, kind, release, version, vermagic, config
    "debian-6.1.0-47-amd64": ("x86_64", "debian", "6.1.0-47-amd64", "6.1.158",
                              "6.1.0-47-amd64 SMP preempt mod_unload modversions ", "modversions sig"),
    "debian-6.1.0-50-amd64": ("x86_64", "debian", "6.1.0-50-amd64", "6.1.164",
                              "6.1.0-50-amd64 SMP preempt mod_unload modversions ", "modversions sig"),
    "debian-6.1.0-47-armmp": ("arm", "debian", "6.1.0-47-armmp", "6.1.158",
                              "6.1.0-47-armmp SMP mod_unload modversions ARMv7 p2v8 ", "modversions sig"),
    "debian-6.1.0-50-armmp": ("arm", "debian", "6.1.0-50-armmp", "6.1.164",
                              "6.1.0-50-armmp SMP mod_unload modversions ARMv7 p2v8 ", "modversions sig"),
    "lab-x86_64": ("x86_64", "lab", "6.1.158-kmodlab-lab", "6.1.158",
                   "6.1.158-kmodlab-lab mod_unload modversions ", "modversions force kunit"),
    "lab-arm": ("arm", "lab", "6.1.158-kmodlab-lab", "6.1.158",
                "6.1.158-kmodlab-lab mod_unload modversions ARMv7 p2v8 ", "modversions force kunit"),
    "strict-x86_64": ("x86_64", "lab", "6.1.158-kmodlab-strict", "6.1.158",
                      "6.1.158-kmodlab-strict mod_unload ", "sig sigforce"),
}
ORDER = list(TREES)  # the order of qemu/trees.list
# Module ELF machine numbers, as "Invalid architecture in ELF header" says.
MACHINE = {"x86_64": 62, "arm": 40}

KUNIT_CASES = [
    ("kmdemo_add", ["add_positive_and_negative", "add_up_to_the_limit",
                    "add_past_the_limit_is_refused", "add_extreme_deltas_are_refused"]),
    ("kmdemo_client_registry", ["register_and_unregister", "register_duplicate_name",
                                "register_bad_names"]),
    ("kmdemo_checksum", ["checksum_known_values", "checksum_wraps_modulo_65521"]),
    ("kmdemo_limit_param", ["limit_accepts_its_range", "limit_refuses_and_keeps_the_value"]),
]


class Plan:
    """One kernel's scenarios, as scripts/plan.sh builds them."""

    def __init__(self, name, peers, tick):
        self.name = name
        self.arch, self.kind, self.release, self.version, self.vermagic, cfg = TREES[name]
        self.cfg = set(cfg.split())
        self.peers = peers
        self.scenarios = []
        self.sid = 0
        self.tick = tick
        self.taint = set()
        self.M = f"/lab/{name}"
        self.F = f"/lab/{name}/forged"
        self.matrix = []

    # -- scenarios and steps
    def scenario(self, name, desc):
        self.cur = {"name": name, "description": desc, "status": "pass", "skip_reason": None,
                    "seconds": 0.0, "guest_status": "done", "problems": [], "steps": []}
        self.scenarios.append(self.cur)

    def skip(self, reason):
        self.cur.update(status="skip", skip_reason=reason, seconds=None, guest_status=None)

    def step(self, title, command, rc=0, out=(), dmesg=(), kocheck=None):
        self.sid += 1
        self.tick = (self.tick * 7 + 3) % 23
        st = {"id": self.sid, "title": title, "command": command, "status": "pass", "differs": [],
              "expected": {"rc": rc, "out": list(out), "dmesg": list(dmesg)},
              "got": {"rc": rc, "out": list(out), "dmesg": list(dmesg)},
              "kocheck": kocheck, "ktap": None, "seconds": round(0.02 + self.tick / 100, 2), "why": []}
        if kocheck:
            # As scripts/verify: kocheck's lines are the kernel lines expected;
            # the module's own lines and the key lines are stated by hand.
            st["expected"].update(module=[], keys=[], verdict=model.kocheck_word(kocheck))
        self.cur["steps"].append(st)
        self.cur["seconds"] = round(self.cur["seconds"] + st["seconds"], 2)
        return st

    def dmesg(self, *lines):
        """Lines the module's own code prints in the last step (its init, or
        a later step's work): kocheck does not predict them."""
        st = self.cur["steps"][-1]
        st["got"]["dmesg"] += lines
        if st["kocheck"]:
            st["expected"]["module"] += lines
        else:
            st["expected"]["dmesg"] += lines

    # -- the model of load_module()'s taint lines
    def model_load(self, stage, mod, license="GPL"):
        lines = []
        if stage == "early":
            return lines
        if "oot" not in self.taint:
            lines.append(f"{mod}: loading out-of-tree module taints kernel.")
            self.taint.add("oot")
        if license != "GPL" and "prop" not in self.taint:
            lines.append(f"{mod}: module license '{license}' taints kernel.")
            self.taint.add("prop")
            if "lockdep" not in self.taint:
                lines.append("Disabling lock debugging due to kernel taint")
                self.taint.add("lockdep")
        if stage == "exists":
            return lines
        if "sig" in self.cfg and "sigforce" not in self.cfg and "signote" not in self.taint:
            lines.append(f"{mod}: module verification failed: signature and/or required key missing"
                         " - tainting kernel")
            self.taint.add("signote")
        return lines

    def kocheck(self, verdict, errno=None, dmesg=(), by=None):
        return {"verdict": verdict, "errno": ERRNO[errno] if errno else 0,
                "errno_name": errno or "", "dmesg": list(dmesg), "refused_by": by,
                "doc": DOCS.get(by), "unevaluated": [], "notes": []}

    def insmod_ok(self, title, ko, params="", mod="kmdemo_core", license="GPL"):
        lines = self.model_load("late", mod, license)
        return self.step(title, f"insmod {ko}{' ' + params if params else ''}", dmesg=lines,
                         kocheck=self.kocheck("loads", dmesg=lines))

    def insmod_refused(self, title, stage, errno, ko, refused, by, params="", mod="kmdemo_core",
                       license="GPL", stated=True):
        lines = []
        attempts = 2
        last = errno
        if stage == "short":
            attempts, last, stage = 1, "ENOEXEC", "early"
        for _ in range(attempts):
            lines += self.model_load(stage, mod, license) + list(refused)
        st = self.step(title, f"insmod {ko}{' ' + params if params else ''}", rc=ERRNO[last],
                       out=[f"insmod: can't insert '{ko}': {INSMOD_MSG[last]}"], dmesg=lines,
                       kocheck=self.kocheck("refused", last, lines, by))
        if stated:  # the scenario states its key lines and verdict (not the matrix)
            st["expected"]["keys"] = list(refused)
        else:
            st["expected"]["verdict"] = None
        return st

    def kmload_refused(self, title, stage, errno, ko, opts, refused, by):
        call = "init_module" if "-i" in opts.split() else "finit_module"
        lines = ([] if stage == "short" else self.model_load(stage, "kmdemo_core")) + list(refused)
        st = self.step(title, f"kmload {opts} {ko}", rc=ERRNO[errno],
                       out=[f"kmload: {call}: {errno} ({ERRNO[errno]})"], dmesg=lines,
                       kocheck=self.kocheck("refused", errno, lines, by))
        st["expected"]["keys"] = list(refused)
        return st

    def core_up(self, title="insmod core", ko=None):
        st = self.insmod_ok(title, ko or f"{self.M}/kmdemo_core.ko")
        self.dmesg("kmdemo_core: loaded: label=kmdemo limit=100 total=0")
        return st

    def core_down(self, total=0):
        self.step("rmmod kmdemo_core", "rmmod kmdemo_core",
                  dmesg=[f"kmdemo_core: unloaded: total={total}"])

    # -- the scenarios of qemu/scenarios/
    def build(self):
        M, F = self.M, self.F
        modv = "modversions" in self.cfg
        sigforce = "sigforce" in self.cfg
        self.scenario("client-before-core", "the client needs the core's symbols: Unknown symbol (err -2)")
        self.insmod_refused("insmod client without the core", "late", "ENOENT", f"{M}/kmdemo_client.ko",
                            [f"kmdemo_client: Unknown symbol {s} (err -2)"
                             for s in ("kmdemo_register", "kmdemo_add", "kmdemo_unregister")],
                            "simplify_symbols", mod="kmdemo_client")
        self.step("nothing stays loaded", "grep -c kmdemo /proc/modules", rc=1, out=["0"])

        p = "/sys/module/kmdemo_core/parameters"
        self.scenario("core-params", "the core with parameters, visible and checked in sysfs")
        self.insmod_ok("insmod core with parameters", f"{M}/kmdemo_core.ko", "limit=500 label=lab seed=1,2,3")
        self.dmesg("kmdemo_core: loaded: label=lab limit=500 total=6")
        self.step("parameter values in sysfs", f"cd {p} && for f in *; do echo $f=$(cat $f); done",
                  out=["label=lab", "limit=500", "seed=1,2,3", "verbose=N"])
        self.step("parameter permissions", f"stat -c '%a %n' {p}/*",
                  out=[f"444 {p}/label", f"644 {p}/limit", f"444 {p}/seed", f"644 {p}/verbose"])
        self.step("limit is writable at run time", f"echo 50 > {p}/limit && cat {p}/limit", out=["50"])
        self.step("an out-of-range limit is refused at run time", f"echo 0 > {p}/limit", rc=1,
                  out=["sh: write error: Invalid argument"],
                  dmesg=["kmdemo_core: limit=0 is out of range [1, 1000000]"])
        self.core_down(6)

        self.scenario("client-uses-core",
                      "core then client: the client's effect, refcount, rmmod refused while in use")
        self.core_up()
        self.insmod_ok("insmod client", f"{M}/kmdemo_client.ko", "bump=7", mod="kmdemo_client")
        self.dmesg("kmdemo_client: registered: total=7 checksum=254d055c")
        self.step("the core is used by the client", "cut -d' ' -f1,3,4 /proc/modules | grep kmdemo",
                  out=["kmdemo_client 0 -", "kmdemo_core 1 kmdemo_client,"])
        self.step("rmmod core while the client uses it", "rmmod kmdemo_core", rc=1,
                  out=["rmmod: can't unload module 'kmdemo_core': Resource temporarily unavailable"])
        self.insmod_refused("insmod core again", "exists", "EEXIST", f"{M}/kmdemo_core.ko", [],
                            "add_unformed_module")
        self.step("rmmod kmdemo_client", "rmmod kmdemo_client",
                  dmesg=["kmdemo_client: unregistered: total=0"])
        self.core_down()

        self.scenario("param-out-of-range", "a bad parameter value fails the load with EINVAL")
        self.insmod_refused("limit=0", "late", "EINVAL", f"{M}/kmdemo_core.ko",
                            ["kmdemo_core: limit=0 is out of range [1, 1000000]",
                             "kmdemo_core: `0' invalid for parameter `limit'"], "parse_args", "limit=0")
        self.insmod_refused("five seeds for an array of four", "late", "EINVAL", f"{M}/kmdemo_core.ko",
                            ["seed: can only take 4 arguments",
                             "kmdemo_core: `1' invalid for parameter `seed'"], "parse_args", "seed=1,2,3,4,5")
        self.insmod_refused("seeds past the limit (refused by init)", "late", "EINVAL",
                            f"{M}/kmdemo_core.ko", ["kmdemo_core: seed[1]=60 takes the total past limit 100"],
                            "do_init_module", "seed=50,60")

        self.scenario("gpl-only", "a non-GPL module cannot see EXPORT_SYMBOL_GPL symbols")
        self.core_up()
        self.insmod_refused("insmod kmdemo_nogpl (license Proprietary)", "late", "ENOENT",
                            f"{M}/kmdemo_nogpl.ko", ["kmdemo_nogpl: Unknown symbol kmdemo_add (err -2)"],
                            "resolve_symbol", mod="kmdemo_nogpl", license="Proprietary")
        self.step("the license taint stays (P)",
                  "awk '{ print ($1 % 2) ? \"P\" : \"-\" }' /proc/sys/kernel/tainted", out=["P"])
        self.core_down()

        self.scenario("abi-change", "a client built against ABI 2 of kmdemo.h is refused by an ABI 1 core")
        if not modv:
            self.skip("no CONFIG_MODVERSIONS: symbols have no CRCs")
        else:
            self.core_up("insmod core (ABI 1)")
            self.insmod_refused("insmod client (ABI 2)", "late", "EINVAL", f"{M}/abi2/kmdemo_client.ko",
                                ["kmdemo_client: disagrees about version of symbol kmdemo_add",
                                 "kmdemo_client: Unknown symbol kmdemo_add (err -22)"],
                                "check_version", mod="kmdemo_client")
            self.core_down()

        def cut(line):
            return "Loading of unsigned module is rejected" if sigforce else line
        ce = "EKEYREJECTED" if sigforce else "ENOEXEC"
        cby = "module_sig_check" if sigforce else "elf_validity_check"
        self.scenario("elf-short", "a file shorter than an ELF header")
        self.insmod_refused("insmod a 16-byte file", "short", ce, f"{F}/short.ko",
                            [cut("Invalid ELF header len 16")], cby)
        self.kmload_refused("finit_module on it", "early", ce, f"{F}/short.ko", "",
                            [cut("Invalid ELF header len 16")], cby)
        self.kmload_refused("init_module on it (silent)", "short", "ENOEXEC", f"{F}/short.ko", "-i", [],
                            "copy_module_from_user")

        self.scenario("elf-arch", "a module built for the other architecture")
        other = "arm" if self.arch == "x86_64" else "x86_64"
        self.insmod_refused("insmod the other arch's kmdemo_core", "early", "ENOEXEC", f"{M}/foreign.ko",
                            [f"Invalid architecture in ELF header: {MACHINE[other]}"], "elf_validity_check")

        self.scenario("crc-mismatch", "a wrong module_layout CRC: check_modstruct_version() refuses first")
        if not modv:
            self.skip("no CONFIG_MODVERSIONS: no CRCs to mismatch")
        else:
            self.insmod_refused("insmod core with a forged module_layout CRC", "early", "ENOEXEC",
                                f"{F}/crc-layout.ko",
                                ["kmdemo_core: disagrees about version of symbol module_layout"],
                                "check_modstruct_version")
            self.insmod_refused("insmod core with a forged _printk CRC", "late", "EINVAL", f"{F}/crc-printk.ko",
                                ["kmdemo_core: disagrees about version of symbol _printk",
                                 "kmdemo_core: Unknown symbol _printk (err -22)"], "check_version")

        self.scenario("vermagic-flags", "a vermagic whose flags differ (preempt)")
        vm = self.vermagic
        forged = vm.replace("preempt ", "") if " preempt " in f" {vm}" else vm.replace("mod_unload ", "preempt mod_unload ")
        self.insmod_refused(f"insmod core with vermagic '{forged}'", "early", "ENOEXEC", f"{F}/vermagic-flags.ko",
                            [f"kmdemo_core: version magic '{forged}' should be '{vm}'"], "check_modinfo")

        self.scenario("matrix", "the core built against each tree of this arch, loaded here")
        for peer in self.peers:
            ko = f"{M}/peers/{peer}/kmdemo_core.ko" if sigforce else f"/lab/{peer}/kmdemo_core.ko"
            pvm = TREES[peer][4]
            pmodv = "modversions" in TREES[peer][5]
            if peer == self.name:
                st = self.core_up(f"core built for {peer}", ko)
                self.matrix.append((peer, st, "loaded", None, None, None))
                self.core_down()
            elif modv and pmodv:
                line = "kmdemo_core: disagrees about version of symbol module_layout"
                st = self.insmod_refused(f"core built for {peer}", "early", "ENOEXEC", ko, [line],
                                         "check_modstruct_version", stated=False)
                self.matrix.append((peer, st, "refused", "ENOEXEC", "module_layout", "check_modstruct_version"))
            else:
                line = f"kmdemo_core: version magic '{pvm}' should be '{vm}'"
                st = self.insmod_refused(f"core built for {peer}", "early", "ENOEXEC", ko, [line], "check_modinfo",
                                         stated=False)
                self.matrix.append((peer, st, "refused", "ENOEXEC", "vermagic", "check_modinfo"))

        self.scenario("signature", "MODULE_SIG_FORCE: unsigned and tampered modules are rejected, signed ones load")
        if not sigforce:
            self.skip("signatures are not enforced (no CONFIG_MODULE_SIG_FORCE)")
        else:
            self.insmod_refused("insmod an unsigned core", "early", "EKEYREJECTED", f"{M}/unsigned/kmdemo_core.ko",
                                ["Loading of unsigned module is rejected"], "module_sig_check")
            self.insmod_refused("insmod a signed core changed after signing", "early", "EKEYREJECTED",
                                f"{F}/tampered.ko", [], "module_sig_check")
            self.core_up("insmod the signed core")
            self.step("it carries no E taint (signature verified)", "cat /sys/module/kmdemo_core/taint", out=["O"])
            self.core_down()

        self.scenario("kunit", "the KUnit suites of kunit/kmdemo_kunit.c, parsed from KTAP")
        if "kunit" not in self.cfg:
            self.skip("no CONFIG_KUNIT")
        else:
            self.core_up()
            st = self.insmod_ok("insmod kmdemo_kunit (runs the suites)", f"{M}/kmdemo_kunit.ko", mod="kmdemo_kunit")
            self.dmesg("kmdemo_core: limit=0 is out of range [1, 1000000]",
                       "kmdemo_core: limit=-1 is out of range [1, 1000000]",
                       "kmdemo_core: limit=1000001 is out of range [1, 1000000]",
                       "kmdemo_core: limit: 'abc' is not an integer")
            st["ktap"] = [{"suite": suite, "case": case, "status": "pass",
                           "lines": [f"        ok {i + 1} {case}"]}
                          for suite, cases in KUNIT_CASES for i, case in enumerate(cases)]
            self.step("the suites left the core as they found it",
                      "cat /sys/kernel/kmdemo/total /sys/kernel/kmdemo/clients", out=["0"])
            self.step("rmmod kmdemo_kunit", "rmmod kmdemo_kunit")
            self.core_down()

    def kernel(self, boot_seconds, problems=()):
        return {"name": self.name, "arch": self.arch, "kind": self.kind, "release": self.release,
                "version": self.version,
                "boot": {"status": "done", "seconds": boot_seconds, "snapshot_seconds": round(boot_seconds / 7, 1),
                         "problems": list(problems), "log": f"kernels/{self.name}/boot/console.log"},
                "scenarios": self.scenarios}


def fail_step(st, got_rc=None, got_out=None, got_dmesg=None):
    """What the guest got instead of the plan; finish() says what differs."""
    g = st["got"]
    if got_rc is not None:
        g["rc"] = got_rc
    if got_out is not None:
        g["out"] = got_out
    if got_dmesg is not None:
        g["dmesg"] = got_dmesg


def compare(st):
    """differs and why of a step the guest ran, as scripts/verify compares."""
    e, g, kc = st["expected"], st["got"], st["kocheck"]
    d, why = set(), []
    if g["rc"] != e["rc"]:
        d.add("exit status")
    if g["out"] != e["out"]:
        d.add("output")
    if kc is None:
        if g["dmesg"] != e["dmesg"]:
            d.add("kernel lines")
    else:
        if kc["verdict"] == "unknown":
            d.add("kocheck")
            why.append("kocheck could not predict this load: " + "; ".join(kc["unevaluated"]))
        if e["verdict"] and e["verdict"] != model.kocheck_word(kc):
            d.add("verdict")
            why.append(f"the scenario says {e['verdict']}, kocheck says {model.kocheck_word(kc)}")
        rest = model.remove_subsequence(g["dmesg"], e["module"])
        if rest is None:
            d.add("module lines")
            why.append("the module's own lines (stated in the scenario) are not all there, in order")
        elif rest != kc["dmesg"]:
            d.add("kernel lines")
        if model.remove_subsequence(g["dmesg"], e["keys"]) is None:
            d.add("key lines")
            why.append("the key lines (stated in the scenario) are not all there, in order")
    if "ktap" in st["differs"]:
        d.add("ktap")
    return [x for x in model.DIFFERS if x in d], why


def never_ran(plan, scenario, title, why, later=None):
    """The guest stopped at the step TITLE of SCENARIO: it and every later
    step have no result; the later scenarios' guest status is LATER (else
    WHY)."""
    stopped = False
    for s in plan.scenarios:
        status = why if s["name"] == scenario or not later else later
        for st in s["steps"]:
            if s["name"] == scenario and st["title"] == title:
                stopped = True
            if stopped:
                st.update(got=None, status="fail", differs=[], ktap=None,
                          why=[f"the guest never finished this step ({status})"])
        if stopped and s["status"] != "skip":
            s["guest_status"] = status


def finish(results):
    for k in results["kernels"]:
        for s in k["scenarios"]:
            for st in s["steps"]:
                if st["got"] is not None:
                    st["differs"], why = compare(st)
                    st["status"] = "fail" if st["differs"] else "pass"
                    if "why" in st:
                        st["why"] = why
            if s["status"] != "skip":
                c = model.scenario_counts(k, s)
                s["status"] = "fail" if c["failed"] else "pass"
    results["summary"] = model.counts(results)
    errors, warnings = model.check(results)
    if errors or warnings:
        sys.exit("fixture does not check:\n" + "\n".join(errors + warnings))
    return results


def matrix_of(plans):
    m = {}
    for arch in ("x86_64", "arm"):
        ps = [p for p in plans if p.arch == arch and p.matrix]
        if not ps:
            continue
        builds = [t for t in ORDER if t in ps[0].peers]
        cells = []
        for b in builds:
            for p in ps:
                for peer, st, verdict, errno, check, by in p.matrix:
                    if peer != b:
                        continue
                    got = st["got"]
                    if got is None:
                        verdict = "no result"
                        errno = check = by = None
                    lines = [x for x in (got or {"dmesg": []})["dmesg"] if "taints kernel" not in x
                             and "tainting kernel" not in x]
                    cells.append({"build": b, "kernel": p.name, "verdict": verdict,
                                  "errno": ERRNO[errno] if errno else None, "errno_name": errno,
                                  "check": check, "refused_by": by, "doc": DOCS.get(by),
                                  "lines": lines if verdict == "refused" else [],
                                  "step": {"kernel": p.name, "scenario": "matrix", "id": st["id"]}})
        m[arch] = {"kernels": [p.name for p in ps], "builds": builds, "cells": cells}
    return m


def whole():
    names = ["debian-6.1.0-47-amd64", "debian-6.1.0-50-amd64", "debian-6.1.0-47-armmp",
             "lab-x86_64", "lab-arm", "strict-x86_64"]
    plans = []
    for i, n in enumerate(names):
        arch = TREES[n][0]
        p = Plan(n, [t for t in names if TREES[t][0] == arch], tick=i + 1)
        p.build()
        plans.append(p)
    P = {p.name: p for p in plans}

    # debian-6.1.0-50-amd64 prints the array parameter's error with the
    # module's name: the kernel lines differ; and the limit write fails.
    d50 = P["debian-6.1.0-50-amd64"]
    for s in d50.scenarios:
        for st in s["steps"]:
            if st["title"] == "five seeds for an array of four":
                fail_step(st, got_dmesg=[x.replace("seed: can only", "kmdemo_core: seed: can only")
                                         for x in st["expected"]["dmesg"]])
            if st["title"] == "limit is writable at run time":
                fail_step(st, got_rc=1, got_out=["sh: write error: Invalid argument"],
                          got_dmesg=["kmdemo_core: limit=50 is out of range [100, 1000000]"])
    # A kernel warning between two steps of lab-x86_64's client-uses-core.
    for s in P["lab-x86_64"].scenarios:
        if s["name"] == "client-uses-core":
            s["problems"] = ["WARNING: CPU: 0 PID: 97 at lib/refcount.c:28 refcount_warn_saturate+0x8c/0x140"]
    # lab-arm hangs in the KUnit suites.
    hung = "hung: no end of the run after 180s (KMODLAB_BOOT_TIMEOUT)"
    never_ran(P["lab-arm"], "kunit", "insmod kmdemo_kunit (runs the suites)", hung)

    kernels = []
    boots = {"debian-6.1.0-47-amd64": 3.8, "debian-6.1.0-50-amd64": 3.9, "debian-6.1.0-47-armmp": 11.2,
             "lab-x86_64": 1.2, "lab-arm": 2.6, "strict-x86_64": 1.1}
    for p in plans:
        k = p.kernel(boots[p.name], ["WARNING: CPU: 0 PID: 1 at drivers/of/platform.c:374 "
                                     "of_platform_bus_create+0x308/0x3a8 (boot)"]
                     if p.name == "debian-6.1.0-47-armmp" else ())
        if p.name == "lab-arm":
            k["boot"].update(status=hung, seconds=180.0)
        kernels.append(k)
    results = {"kmodlab_results": 1,
               "run": {"id": "20261125-131500", "started": "2026-11-25T13:15:00Z", "seconds": 214.6,
                       "commit": "4ff516d", "shard": None, "trees": names},
               "kernels": kernels, "matrix": matrix_of(plans), "summary": {}}
    return finish(results)


def edge():
    names = ["debian-6.1.0-50-armmp", "lab-x86_64", "strict-x86_64"]
    plans = []
    for i, n in enumerate(names[1:]):
        p = Plan(n, ["lab-x86_64", "strict-x86_64"], tick=i + 5)
        p.build()
        plans.append(p)
    lab, strict = plans
    # A KUnit case fails and one is skipped.
    for s in lab.scenarios:
        for st in s["steps"]:
            if st["ktap"]:
                st["ktap"][1].update(status="fail", lines=[
                    "        # add_up_to_the_limit: EXPECTATION FAILED at kunit/kmdemo_kunit.c:41",
                    "        Expected kmdemo_add(1) == 0, but",
                    "            kmdemo_add(1) == -34 (0xffffffffffffffde)",
                    "        not ok 2 add_up_to_the_limit"])
                st["ktap"][8].update(status="skip", lines=["        ok 2 checksum_wraps_modulo_65521 # SKIP slow"])
                st["ktap"][1]["why"] = "EXPECTATION FAILED at kunit/kmdemo_kunit.c:41"
            # kocheck could not say (the module's init refuses); the scenario
            # states the init's lines and no verdict.
            if st["title"] == "seeds past the limit (refused by init)":
                init = "kmdemo_core: seed[1]=60 takes the total past limit 100"
                pred = [x for x in st["got"]["dmesg"] if x != init]
                st["kocheck"].update(verdict="unknown", errno=0, errno_name="", dmesg=pred,
                                     refused_by=None, doc=None, unevaluated=["the module's init function"],
                                     notes=["init is not modelled: the module's own code decides"])
                st["expected"].update(dmesg=pred, module=[x for x in st["got"]["dmesg"] if x == init],
                                      keys=[init], verdict=None)
            # The scenario states a verdict kocheck does not predict.
            if st["title"] == "insmod core with a forged _printk CRC":
                st["expected"]["verdict"] = "ENOEXEC"
            # The scenario's key line is not what the kernel prints.
            if st["title"].startswith("insmod core with vermagic"):
                st["expected"]["keys"] = [x.replace("should be", "must be") for x in st["expected"]["keys"]]
            # The client's own line is not what the scenario states.
            if st["title"] == "insmod client":
                fail_step(st, got_dmesg=[x.replace("checksum=254d055c", "checksum=00000000")
                                         for x in st["got"]["dmesg"]])
    # strict-x86_64 panics in the matrix: its last cell has no result.
    never_ran(strict, "matrix", "core built for strict-x86_64", "panic: Kernel panic - not syncing: Fatal exception",
              later="not run: the guest panicked before it")
    # No per-step seconds nor explanations in this run (they are optional).
    for p in plans:
        for s in p.scenarios:
            for st in s["steps"]:
                del st["seconds"], st["why"]
    k_missing = {"name": "debian-6.1.0-50-armmp", "arch": "arm", "kind": "debian", "release": None,
                 "version": None,
                 "boot": {"status": "not fetched: linux-image-6.1.0-50-armmp is no longer in the archive "
                                    "(scripts/fetch-trees lists the ABIs that can be had)",
                          "seconds": None, "snapshot_seconds": None, "problems": [], "log": None},
                 "scenarios": []}
    ks = [k_missing, lab.kernel(1.3), strict.kernel(0.4)]
    ks[2]["boot"].update(status="panic: Kernel panic - not syncing: Fatal exception", seconds=9.8)
    # A step whose KTAP could not be read: its kernel lines otherwise matched.
    ks[1]["scenarios"].append({
        "name": "kunit-reload", "description": "the KUnit module loaded a second time (KTAP cut short)",
        "status": "fail", "skip_reason": None, "seconds": 1.9, "guest_status": "done", "problems": [],
        "steps": [{"id": 900, "title": "insmod kmdemo_kunit again", "command": "insmod /lab/lab-x86_64/kmdemo_kunit.ko",
                   "status": "fail", "differs": ["ktap"],
                   "expected": {"rc": 0, "out": [], "dmesg": []}, "got": {"rc": 0, "out": [], "dmesg": []},
                   "kocheck": None, "ktap": []}]})
    results = {"kmodlab_results": 1,
               "run": {"id": "20261126-080000", "started": "2026-11-26T08:00:00Z", "seconds": 61.0,
                       "commit": "4ff516d", "shard": None, "trees": names},
               "kernels": ks, "matrix": matrix_of(plans), "summary": {}}
    return finish(results)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, make in (("whole", whole), ("edge", edge)):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        with open(os.path.join(out, name, "results.json"), "w", encoding="utf-8") as f:
            json.dump(make(), f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
