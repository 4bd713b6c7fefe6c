"""Shards into one run: each shard booted a part of the trees (maybe on
another machine); the merged run is what one run of all of them would
have written, step for step (docs/results.md, "Shards")."""

import json
import os
from datetime import datetime, timedelta

from . import model

TREES_LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "qemu", "trees.list")


class MergeError(model.ResultsError):
    """Shards that cannot be merged."""


def dumps(r):
    return json.dumps(r, indent=1, ensure_ascii=False) + "\n"


def read_trees_list(path):
    names = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].split()
                if line:
                    names.append(line[0])
    except OSError as e:
        raise MergeError(f"{path}: {e.strerror}") from None
    return names


def tree_order(shards, trees_list):
    """The order of the trees: --trees-list, else run.selected when every
    shard has the same, else qemu/trees.list when it names every tree,
    else the shards' order."""
    every = [t for r in shards for t in r["run"]["trees"]]
    if trees_list:
        order = read_trees_list(trees_list)
        missing = [t for t in every if t not in order]
        if missing:
            raise MergeError(f"{trees_list} does not name {', '.join(missing)}")
        return order, trees_list
    sel = [r["run"].get("selected") for r in shards]
    if sel[0] is not None and all(s == sel[0] for s in sel):
        return sel[0], "run.selected"
    if os.path.exists(TREES_LIST):
        order = read_trees_list(TREES_LIST)
        if all(t in order for t in every):
            return order, "qemu/trees.list"
    return every, "the shards"


def copy_logs(shards, paths, out_dir):
    """Each kernel's console log into OUT-DIR at the same relative path, so
    that the merged run dir is laid out as one run's."""
    import shutil
    for r, p in zip(shards, paths):
        _, run_dir = model.locate(p)
        for k in r["kernels"]:
            log = k["boot"].get("log")
            if not log or os.path.isabs(log) or ".." in log.split("/"):
                continue
            src, dst = os.path.join(run_dir, log), os.path.join(out_dir, log)
            if os.path.isfile(src) and os.path.abspath(src) != os.path.abspath(dst):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)


def when(r):
    return datetime.fromisoformat(r["run"]["started"].replace("Z", "+00:00"))


def merge(shards, paths, trees_list=None, run_id=None):
    if not shards:
        raise MergeError("no run to merge")
    commits = {r["run"]["commit"] for r in shards}
    if len(commits) > 1:
        raise MergeError("the shards are of different commits: "
                         + ", ".join(f"{p}: {r['run']['commit']}" for r, p in zip(shards, paths)))
    owner = {}
    for r, p in zip(shards, paths):
        for k in r["kernels"]:
            if k["name"] in owner:
                raise MergeError(f"kernel {k['name']} is in two shards: {owner[k['name']]} and {p}")
            owner[k["name"]] = p
    order, _ = tree_order(shards, trees_list)
    pos = {t: i for i, t in enumerate(order)}

    def key(name):
        return (pos.get(name, len(pos)), name)

    kernels = sorted((k for r in shards for k in r["kernels"]), key=lambda k: key(k["name"]))
    matrix = {}
    # Arches in the order of their first kernel.
    arches = []
    for k in kernels:
        if k["arch"] not in arches:
            arches.append(k["arch"])
    arches += sorted({a for r in shards for a in r["matrix"]} - set(arches))
    for arch in arches:
        if not any(arch in r["matrix"] for r in shards):
            continue
        ks, bs, cells, gens = [], [], {}, {}
        for r, p in zip(shards, paths):
            m = r["matrix"].get(arch)
            if not m:
                continue
            gens.update(m.get("generations", {}))
            ks += [k for k in m["kernels"] if k not in ks]
            bs += [b for b in m["builds"] if b not in bs]
            for c in m["cells"]:
                at = (c["build"], c["kernel"])
                if at in cells:
                    raise MergeError(f"matrix {arch}: the cell of {c['build']} loaded into {c['kernel']} "
                                     f"is in two shards ({cells[at][1]} and {p})")
                cells[at] = (c, p)
        ks.sort(key=key)
        # Builds in tree order; a build the order does not know keeps its place
        # after the known ones.
        bs = sorted(bs, key=lambda b: (pos.get(b, len(pos)), bs.index(b)))
        if gens:
            # As scripts/verify orders them: by generation, then name.
            def by_gen(t):
                return ([int(x) for x in gens.get(t, "").split(".") if x.isdigit()], t)
            ks.sort(key=by_gen)
            bs.sort(key=by_gen)
        kpos = {k: i for i, k in enumerate(ks)}
        bpos = {b: i for i, b in enumerate(bs)}
        # (The fields in the order scripts/verify writes them.)
        matrix[arch] = {"kernels": ks, "builds": bs,
                        "cells": [c for c, _ in sorted(cells.values(),
                                                       key=lambda cp: (bpos[cp[0]["build"]],
                                                                       kpos[cp[0]["kernel"]]))],
                        **({"generations": {t: gens[t] for t in ks + bs if t in gens}} if gens else {})}
    first = min(shards, key=when)
    start = when(first)
    end = max(when(r) + timedelta(seconds=r["run"]["seconds"]) for r in shards)
    run = {
        "id": run_id or first["run"]["id"],
        "started": first["run"]["started"],
        "seconds": round((end - start).total_seconds(), 1),
        "commit": commits.pop(),
        "shard": None,
        "trees": [k["name"] for k in kernels],
    }
    sel = [r["run"].get("selected") for r in shards]
    if sel[0] is not None and all(s == sel[0] for s in sel):
        run["selected"] = sel[0]
    run["shards"] = [{x: r["run"][x] for x in ("id", "shard", "started", "seconds", "trees")}
                     for r in sorted(shards, key=when)]
    out = {"kmodlab_results": model.FORMAT, "run": run, "kernels": kernels, "matrix": matrix,
           "summary": {}}
    out["summary"] = model.counts(out)
    return out
