#!/usr/bin/env python3
# usage: tests/report/shard.py RESULTS.json I N OUT.json
# Cuts a whole run into shard I of N as scripts/lab would have written it
# had it booted only that shard's trees: every Nth kernel (round robin in
# tree order, so that arches are split too), the matrix columns of those
# kernels, its own run id, start and time; "selected" names every tree.
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from report_lib import model  # noqa: E402


def main():
    src, i, n, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    r = json.load(open(src, encoding="utf-8"))
    kernels = [k for j, k in enumerate(r["kernels"]) if j % n == i - 1]
    names = [k["name"] for k in kernels]
    matrix = {}
    for arch, m in r["matrix"].items():
        ks = [k for k in m["kernels"] if k in names]
        if ks:
            matrix[arch] = {"kernels": ks, "builds": m["builds"],
                            "cells": [c for c in m["cells"] if c["kernel"] in ks]}
    run = dict(r["run"], id=f"{r['run']['id']}-{i}", shard=f"{i}/{n}", trees=names,
               selected=r["run"]["trees"],
               started=r["run"]["started"].replace(":00Z", f":{i:02d}Z"),
               seconds=round(r["run"]["seconds"] - i, 1))
    s = {"kmodlab_results": 1, "run": run, "kernels": kernels, "matrix": matrix, "summary": {}}
    s["summary"] = model.counts(s)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(s, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
