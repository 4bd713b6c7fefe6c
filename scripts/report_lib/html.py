"""One static page for a run: inline CSS, a little vanilla JS, no network.
Every result is in the page without JS (details/summary); the JS only
closes other popups, opens the one a link points to, and adds keys."""

import difflib
import textwrap
from datetime import datetime
from html import escape

from . import model, summary


def e(s):
    return escape(str(s), quote=True)


def vis(line):
    """A kernel line in HTML: a control character as \\xNN, marked (a line
    may hold the text \\x7f, as dmesg escapes, or the character)."""
    out, at = [], 0
    for m in model.CONTROL.finditer(line):
        out.append(e(line[at:m.start()]))
        out.append(f'<span class="ctl" title="the character {ord(m.group()):#04x}">\\x{ord(m.group()):02x}</span>')
        at = m.end()
    return "".join(out) + e(line[at:])


def lines(xs):
    """Kernel lines for a <pre>."""
    return "\n".join(vis(x) for x in xs)


def kernel_id(k):
    return "kernel-" + model.slug(k)


def cell_id(kernel, scenario):
    return "cell-" + model.slug(kernel) + "-" + model.slug(scenario)


def matrix_id(build, kernel):
    return "matrix-" + model.slug(build) + "-in-" + model.slug(kernel)


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


CSS = """
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --panel: #f6f8fa;
  --pass: #d5f5dc; --pass-fg: #0b5d23; --fail: #ffd8d3; --fail-fg: #a40e26;
  --skip: #fff1bf; --skip-fg: #6b4d00; --refused: #ffe0c2; --refused-fg: #8a3a00;
  --none: #e8ebef; --none-fg: #424a53; --link: #0550ae; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  color: var(--fg); background: var(--bg); }
header, main, footer { padding: 0 2rem; }
header { background: #24292f; color: #fff; padding-top: 1rem; padding-bottom: .8rem; }
header h1 { margin: 0 0 .2rem; font-size: 1.5rem; }
header .meta { margin: 0 0 .6rem; color: #d1d9e0; }
header nav a { color: #9ecbff; margin-right: 1rem; }
h2 { margin: 1.8rem 0 .4rem; font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { margin: 1rem 0 .3rem; font-size: 1.05rem; }
p.note { color: var(--muted); margin: .2rem 0 .6rem; max-width: 60rem; }
a { color: var(--link); }
code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; }
pre { margin: .2rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-weight: 600; margin-right: .4rem; }
.badge.pass { background: var(--pass); color: var(--pass-fg); }
.badge.fail { background: var(--fail); color: var(--fail-fg); }
.badge.skip { background: var(--skip); color: var(--skip-fg); }
.badge.zero { background: #3d444d; color: #d1d9e0; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; }
th[scope=row] { background: var(--panel); font-weight: 600; white-space: nowrap; }
.grid td, .matrix td { position: relative; padding: 0; min-width: 9.5rem; }
.grid thead th, .matrix thead th, .kunit thead th { font-size: 13px; }
td.pass { background: var(--pass); color: var(--pass-fg); }
td.fail { background: var(--fail); color: var(--fail-fg); }
td.skip { background: var(--skip); color: var(--skip-fg); }
td.refused { background: var(--refused); color: var(--refused-fg); }
td.loaded { background: var(--pass); color: var(--pass-fg); }
td.none { background: var(--none); color: var(--none-fg); }
td.empty { background: repeating-linear-gradient(45deg, #fff, #fff 6px, #f2f4f6 6px, #f2f4f6 12px); color: var(--muted); padding: .3rem .5rem; }
td.differs { outline: 3px solid var(--fail-fg); outline-offset: -3px; }
details.cell > summary { cursor: pointer; padding: .35rem .5rem; list-style: none; font-weight: 600; }
details.cell > summary::-webkit-details-marker { display: none; }
details.cell > summary .sub { font-weight: 400; font-size: 12.5px; opacity: .9; }
details.cell > summary:focus-visible { outline: 2px solid var(--link); outline-offset: -2px; }
details.cell[open] > summary { text-decoration: underline; }
.pop { position: absolute; z-index: 20; top: 100%; left: -1px; width: min(48rem, 66vw);
  background: #fff; color: var(--fg); border: 1px solid #8c959f; border-radius: 6px; padding: .6rem .8rem;
  box-shadow: 0 8px 24px rgba(31,35,40,.25); font-weight: 400; }
.pop.right { left: auto; right: -1px; }
.pop h4 { margin: 0 0 .4rem; font-size: 14px; }
.pop .close { float: right; }
.scen-name { display: block; }
.scen-desc { display: block; font-weight: 400; font-size: 12.5px; color: var(--muted); white-space: normal; max-width: 22rem; }
table.steps { margin: .3rem 0; width: 100%; table-layout: fixed; }
table.steps th.n { width: 2.8rem; }
table.steps th.r { width: 9.5rem; }
table.steps td, table.steps th { font-size: 13.5px; }
table.steps td.st { font-weight: 600; width: 9rem; }
table.steps td.num { width: 2.5rem; }
table.steps td.st .sub { display: block; font-weight: 400; font-size: 12px; }
.kunit .pop { width: min(40rem, 60vw); }
.matrix .pop { width: min(40rem, 60vw); }
table.steps tr.fail td.st { color: var(--fail-fg); }
table.steps tr.pass td.st { color: var(--pass-fg); }
table.steps details > summary { cursor: pointer; }
table.steps details[open] { margin-bottom: .3rem; }
.kv { margin: .2rem 0; }
.kv b { font-weight: 600; }
table.cmp { margin: .3rem 0 .5rem; width: 100%; table-layout: fixed; }
table.cmp th { font-size: 13px; }
table.cmp td { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px;
  white-space: pre-wrap; overflow-wrap: anywhere; }
table.cmp th.part { width: 7.5rem; background: var(--panel); }
table.cmp tr.d td.exp { background: #ffebe9; }
table.cmp tr.d td.got { background: #dafbe1; }
table.cmp tr.d td.exp:not(.nil)::before { content: "\\2212\\00a0"; color: var(--fail-fg); }
table.cmp tr.d td.got:not(.nil)::before { content: "+\\00a0"; color: var(--pass-fg); }
table.cmp td.nil { color: var(--muted); font-style: italic; font-family: inherit; }
.failure { border: 1px solid #ff8182; border-left: 6px solid var(--fail-fg); border-radius: 6px;
  padding: .5rem .9rem; margin: .7rem 0; max-width: 80rem; background: #fff; }
.failure h3 { margin: .1rem 0 .3rem; }
.failure .where { color: var(--muted); font-weight: 400; }
.ctl { outline: 1px dashed currentColor; border-radius: 2px; }
ul.found { margin: .2rem 0 .5rem; padding-left: 1.4rem; }
ul.found li.yes::marker { content: "✓ "; color: var(--pass-fg); }
ul.found li.no::marker { content: "✗ "; color: var(--fail-fg); }
ul.found li.no { color: var(--fail-fg); }
.legend span { display: inline-block; padding: .05rem .5rem; margin-right: .5rem; border-radius: 3px; font-size: 13px; }
.bar { height: .8rem; background: #54aeff; border-radius: 2px; display: inline-block; vertical-align: middle; }
.bar.bad { background: repeating-linear-gradient(45deg, #cf222e, #cf222e 5px, #ff8182 5px, #ff8182 10px); }
td.mono { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bad-text { color: var(--fail-fg); font-weight: 600; }
.kunit td { font-size: 13.5px; padding: .25rem .5rem; }
.kunit td.pass, .kunit td.fail, .kunit td.skip, .kunit td.none { text-align: center; }
.kunit th[scope=row] { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-weight: 400; font-size: 13px; }
.kunit .suite th { background: #eaeef2; font-weight: 600; }
footer { color: var(--muted); margin: 2.5rem 0 2rem; font-size: 13px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
:target { scroll-margin-top: 1rem; }
tr:target td, tr:target th { box-shadow: inset 0 0 0 2px var(--link); }
"""

JS = """
(function () {
  var cells = function () { return document.querySelectorAll('details.cell'); };
  document.addEventListener('toggle', function (ev) {
    var d = ev.target;
    if (!d.open || !d.classList || !d.classList.contains('cell')) return;
    cells().forEach(function (o) { if (o !== d && o.open && !o.contains(d)) o.open = false; });
  }, true);
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape') return;
    cells().forEach(function (d) {
      if (d.open) { d.open = false; var s = d.querySelector('summary'); if (s) s.focus(); }
    });
  });
  document.addEventListener('click', function (ev) {
    if (ev.target.closest && ev.target.closest('details.cell')) return;
    cells().forEach(function (d) { d.open = false; });
  });
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest && ev.target.closest('button.close');
    if (!b) return;
    var d = b.closest('details');
    if (d) { d.open = false; var s = d.querySelector('summary'); if (s) s.focus(); }
  });
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var t = id && document.getElementById(id);
    if (!t) return;
    for (var p = t; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    var own = t.querySelector(':scope > details.cell');
    if (own) own.open = true;
    t.scrollIntoView({block: 'center'});
  }
  window.addEventListener('hashchange', reveal);
  reveal();
  document.documentElement.classList.add('js');
})();
"""


def cmp_rows(left, right):
    """Rows (differs, left line or None, right line or None), aligned by a diff."""
    rows = []
    sm = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        a, b = left[i1:i2], right[j1:j2]
        for n in range(max(len(a), len(b))):
            rows.append((tag != "equal", a[n] if n < len(a) else None, b[n] if n < len(b) else None))
    return rows


def cmp_table(parts, heads=("expected", "got")):
    """A side-by-side table: parts is [(name, expected lines, got lines)]."""
    h = ['<table class="cmp"><thead><tr><th class="part" scope="col"><span class="sr">part</span></th>'
         f'<th scope="col">{e(heads[0])}</th><th scope="col">{e(heads[1])}</th></tr></thead><tbody>']
    for name, left, right in parts:
        rows = cmp_rows(left, right) or [(False, None, None)]
        for i, (d, a, b) in enumerate(rows):
            h.append(f'<tr class="{"d" if d else "s"}">')
            if i == 0:
                h.append(f'<th class="part" scope="row" rowspan="{len(rows)}">{e(name)}</th>')
            for cls, x in (("exp", a), ("got", b)):
                if x is None:
                    h.append(f'<td class="{cls} nil">{"(none)" if not (left if cls == "exp" else right) else ""}</td>')
                else:
                    h.append(f'<td class="{cls}">{vis(x)}{"<span class=sr> (differs)</span>" if d else ""}</td>')
            h.append("</tr>")
    h.append("</tbody></table>")
    return "".join(h)


def step_compare(k, s, st, only_differing=True):
    ex, got = st["expected"], st["got"]
    why = "".join(f'<p class="bad-text">{e(w)}</p>' for w in st.get("why") or [])
    if got is None:
        return ('<p class="bad-text">The guest never ran this step ('
                + e(model.stopped(k, s) or "no result") + ').</p>'
                + cmp_table([("exit status", [str(ex["rc"])], []), ("output", ex["out"], []),
                             ("kernel lines", ex["dmesg"], [])]))
    d = st["differs"]
    h = why
    parts = []
    for name, key in (("exit status", "rc"), ("output", "out")):
        if only_differing and name not in d:
            continue
        a, b = ex[key], got[key]
        if key == "rc":
            a, b = [str(a)], [str(b)]
        parts.append((name, a, b))
    if not only_differing or "kernel lines" in d:
        left, right, name, note = model.kernel_lines(st)
        if name == "expected" and not note:
            parts.append(("kernel lines", left, right))
        else:
            if parts:
                h += cmp_table(parts)
                parts = []
            h += ("<p class=kv><b>kernel lines</b>: " + e(name if name != "expected" else "the plan")
                  + " vs the kernel's" + (e(f" ({note})") if note else "") + "</p>")
            h += cmp_table([("kernel lines", left, right)], heads=(name, "got"))
    if parts:
        h += cmp_table(parts)
    for diff, key, what in (("module lines", "module", "the module's own lines"),
                            ("key lines", "keys", "the key lines")):
        if diff in d:
            h += (f"<p class=kv><b>{e(diff)}</b>: {e(what)} stated in the scenario, in the kernel's lines "
                  "in order:</p><ul class=found>"
                  + "".join(f'<li class="{"yes" if ok else "no"}"><code>{vis(x)}</code>'
                            f'{"" if ok else " <b>not there</b>"}</li>'
                            for x, ok in model.found_in_order(got["dmesg"], ex.get(key) or []))
                  + "</ul>")
    if ("module lines" in d or "key lines" in d) and "kernel lines" not in d and only_differing:
        h += "<p class=kv><b>the kernel's lines</b></p><pre>" + (lines(got["dmesg"]) or "(none)") + "</pre>"
    kc = st.get("kocheck")
    if "verdict" in d and kc and not st.get("why"):
        h += (f'<p class="bad-text">The scenario says {e(ex.get("verdict"))}, kocheck says '
              f'{e(model.kocheck_word(kc))}.</p>')
    if "kocheck" in d and kc and not st.get("why"):
        h += ('<p class="bad-text">kocheck could not predict this load; not evaluated: '
              + e("; ".join(kc["unevaluated"]) or "?") + ".</p>")
    if "ktap" in d:
        h += '<p class="bad-text">The KUnit results (KTAP) in its kernel lines could not be read.</p>'
    return h


def kocheck_text(kc):
    t = kc["verdict"]
    if kc["verdict"] == "refused":
        t += f" with {kc.get('errno_name') or kc.get('errno')}"
        if kc.get("refused_by"):
            t += f" by {kc['refused_by']}()"
    if kc.get("unevaluated"):
        t += "; not evaluated: " + ", ".join(kc["unevaluated"])
    return t


class Page:
    def __init__(self, results, docs_base, logs_base):
        self.r = results
        self.docs_base = docs_base if (not docs_base or docs_base.endswith("/")) else docs_base + "/"
        self.logs_base = logs_base if (not logs_base or logs_base.endswith("/")) else logs_base + "/"
        self.h = []

    def w(self, *parts):
        self.h.extend(parts)

    def doc_link(self, doc, text=None):
        return f'<a href="{e(self.docs_base + doc)}">{e(text or doc)}</a>'

    # -- the page
    def render(self):
        r = self.r
        run = r["run"]
        c = r["summary"]
        title = (f"kmodlab run {run['id']}: {c['passed']} passed, {c['failed']} failed, "
                 f"{c['skipped']} skipped")
        self.w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")
        self.header()
        self.w("<main>\n")
        self.failures()
        self.matrix()
        self.scenarios()
        self.kunit()
        self.kernels()
        self.w("</main>\n<footer>Written by <code>scripts/report html</code> from "
               '<a href="results.json">results.json</a> (format: ' + self.doc_link("docs/results.md")
               + "); also <a href=\"results.tap\">results.tap</a> (TAP) and "
               "<a href=\"junit.xml\">junit.xml</a> (JUnit) when the run wrote them.</footer>\n")
        self.w(f"<script>{JS}</script>\n</body>\n</html>\n")
        return "".join(self.h)

    def header(self):
        run = self.r["run"]
        c = self.r["summary"]
        try:
            started = datetime.fromisoformat(run["started"].replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M:%S %Z")
        except ValueError:
            started = run["started"]
        meta = [f"commit <code>{e(run['commit'])}</code>", f"started {e(started)}",
                f"{e(model.fmt_seconds(run['seconds']))}", plural(len(self.r["kernels"]), "kernel")]
        if run.get("shard"):
            meta.append(f"shard {e(run['shard'])}")
        if run.get("shards"):
            meta.append("merged from " + plural(len(run["shards"]), "shard") + ": "
                        + ", ".join(e(f"{s['id']}" + (f" ({s['shard']})" if s.get("shard") else ""))
                                    for s in run["shards"]))
        self.w("<header>\n", f"<h1>kmodlab run {e(run['id'])}</h1>\n",
               f'<p class="meta">{" · ".join(meta)}</p>\n<p class="totals">')
        for n, cls, word in ((c["passed"], "pass", "passed"), (c["failed"], "fail", "failed"),
                             (c["skipped"], "skip", "skipped")):
            self.w(f'<span class="badge {cls if n else "zero"}">{n} {word}</span>')
        self.w("</p>\n<nav aria-label=\"sections\">")
        for href, text in (("#failures", "Failures"), ("#matrix", "Compatibility matrix"),
                           ("#scenarios", "Scenarios"), ("#kunit", "KUnit"), ("#kernels", "Kernels and boot")):
            self.w(f'<a href="{href}">{text}</a>')
        self.w("</nav>\n</header>\n")

    # -- failures first
    def failures(self):
        blocks = []
        for kind, k, s, st, c in summary.failure_blocks(self.r["kernels"]):
            if kind == "boot":
                blocks.append(self.boot_failure(k))
            elif kind == "guest":
                blocks.append(self.guest_failure(k, s))
            elif kind == "step":
                blocks.append(self.step_failure(k, s, st))
            else:
                blocks.append(self.kunit_failure(k, s, st, c))
        n = self.r["summary"]["failed"]
        self.w(f'<section id="failures" aria-labelledby="failures-h"><h2 id="failures-h">Failures ({n})</h2>\n')
        if not blocks:
            self.w('<p class="note">Nothing failed.</p>\n')
        self.w(*blocks)
        self.w("</section>\n")

    def where(self, k, s, st=None):
        t = f'<a href="#{kernel_id(k["name"])}">{e(k["name"])}</a>'
        if s:
            t += f' · <a href="#{cell_id(k["name"], s["name"])}">{e(s["name"])}</a>'
        if st:
            t += f' · <a href="#{model.step_anchor(k["name"], s["name"], st["id"])}">step {st["id"]}</a>'
        return f'<span class="where">{t}</span>'

    def step_failure(self, k, s, st):
        return (f'<article class="failure"><h3>{self.where(k, s, st)}: {e(st["title"])}</h3>'
                f'<p class="kv"><code>$ {e(st["command"])}</code></p>' + step_compare(k, s, st) + "</article>\n")

    def lost(self, k, pairs):
        if not pairs:
            return ""
        return (f"<p class=kv>{plural(len(pairs), 'step')} never ran: "
                + ", ".join(f'<a href="#{model.step_anchor(k["name"], s["name"], st["id"])}">'
                            f'{e(s["name"])} {st["id"]}</a>' for s, st in pairs) + "</p>")

    def boot_failure(self, k):
        b = k["boot"]
        h = [f'<article class="failure" id="failure-{kernel_id(k["name"])}-boot"><h3>{self.where(k, None)}: boot</h3>',
             f'<p class="bad-text">{e(b["status"] if not model.boot_done(k) else model.boot_reason(k))}</p>']
        if b["problems"]:
            h.append("<pre>" + lines(b["problems"]) + "</pre>")
        if b.get("log"):
            h.append(f'<p class="kv">Console log: <a href="{e(self.logs_base + b["log"])}">{e(b["log"])}</a></p>')
        if not model.boot_done(k):
            h.append(self.lost(k, [(s, st) for s in k["scenarios"] for st in s["steps"] if st["got"] is None]))
        h.append("</article>\n")
        return "".join(h)

    def guest_failure(self, k, s):
        h = [f'<article class="failure" id="failure-{cell_id(k["name"], s["name"])}-guest">'
             f'<h3>{self.where(k, s)}: {e(model.GUEST_TEST)}</h3>']
        if s["guest_status"] != "done":
            h.append(f'<p class="bad-text">The guest: {e(s["guest_status"])}</p>')
        if s.get("problems"):
            h.append(f'<p class="bad-text">{plural(len(s["problems"]), "kernel problem")} outside the steps:</p>'
                     "<pre>" + lines(s["problems"]) + "</pre>")
        if model.boot_done(k):
            h.append(self.lost(k, [(s, st) for st in s["steps"] if st["got"] is None]))
        h.append("</article>\n")
        return "".join(h)

    def kunit_failure(self, k, s, st, c):
        return (f'<article class="failure"><h3>{self.where(k, s, st)}: KUnit '
                f'<code>{e(c["suite"])}.{e(c["case"])}</code></h3>'
                + (f'<p class="bad-text">{e(c["why"])}</p>' if c.get("why") else "") +
                f'<pre>{e(textwrap.dedent(chr(10).join(model.visible(x) for x in c["lines"])))}</pre></article>\n')

    # -- the compatibility matrix
    def matrix(self):
        self.w('<section id="matrix" aria-labelledby="matrix-h"><h2 id="matrix-h">Compatibility matrix</h2>\n'
               '<p class="note">The core module built against each tree (rows), loaded into each kernel '
               "(columns): what the kernel did. Open a cell for the exact kernel lines and the page "
               "that explains the check.</p>\n")
        if not self.r["matrix"]:
            self.w('<p class="note">No matrix in this run.</p>\n')
        for arch, m in self.r["matrix"].items():
            cells = {(c["build"], c["kernel"]): c for c in m["cells"]}
            self.w(f'<h3 id="matrix-{e(model.slug(arch))}">{e(arch)}</h3>\n<table class="matrix">'
                   f"<caption class=sr>{e(arch)}: module built against (rows), loaded into kernel (columns)</caption>"
                   '<thead><tr><th scope="col">built against ↓ · loaded into →</th>')
            gens = m.get("generations", {})
            gen = lambda t: f'<br><span class="sub">Linux {e(gens[t])}</span>' if t in gens else ""
            for kn in m["kernels"]:
                self.w(f'<th scope="col">{e(kn)}{gen(kn)}</th>')
            self.w("</tr></thead><tbody>\n")
            for b in m["builds"]:
                self.w(f'<tr><th scope="row">{e(b)}{gen(b)}</th>')
                for i, kn in enumerate(m["kernels"]):
                    self.w(self.matrix_cell(cells.get((b, kn)), b, kn, i >= len(m["kernels"]) / 2))
                self.w("</tr>\n")
            self.w("</tbody></table>\n")
        self.w('<p class="legend note">'
               '<span style="background:var(--pass);color:var(--pass-fg)">✓ loaded</span>'
               '<span style="background:var(--refused);color:var(--refused-fg)">✗ refused: the check</span>'
               '<span style="background:var(--none);color:var(--none-fg)">? no result</span>'
               '<span style="outline:3px solid var(--fail-fg);outline-offset:-3px">framed: the step failed</span>'
               "</p>\n</section>\n")

    def matrix_cell(self, c, build, kernel, right):
        if c is None:
            return '<td class="empty">not tried</td>'
        found = None
        if c.get("step"):
            found = model.find_step(self.r, c["step"]["kernel"], c["step"]["scenario"], c["step"]["id"])
        differs = bool(found and found[2]["status"] == "fail")
        v = c["verdict"]
        cls = {"loaded": "loaded", "refused": "refused"}.get(v, "none")
        if v == "loaded":
            label = "✓ loaded"
            sub = ""
        elif v == "refused":
            label = "✗ " + (c.get("check") or "refused")
            sub = c.get("errno_name") or (f"errno {c['errno']}" if c.get("errno") is not None else "")
        else:
            label = "? no result"
            sub = ""
        if differs:
            sub += (" · " if sub else "") + "⚠ step failed"
        pop = [f'<div class="pop{" right" if right else ""}" role="group" aria-label="{e(build)} loaded into {e(kernel)}">'
               '<button type="button" class="close" aria-label="close">×</button>'
               f"<h4>{e(build)} → {e(kernel)}</h4>"]
        if v == "refused":
            t = f"Refused with {e(c.get('errno_name') or '')} ({c['errno']})"
            if c.get("refused_by"):
                t += f" by <code>{e(c['refused_by'])}()</code>"
            pop.append(f"<p class=kv>{t}: <b>{e(c.get('check') or '')}</b></p>")
        elif v == "loaded":
            pop.append("<p class=kv>Loaded (and was removed again).</p>")
        else:
            pop.append("<p class=kv>The guest never ran this load.</p>")
        if c["lines"]:
            pop.append("<p class=kv><b>Kernel lines:</b></p><pre>" + lines(c["lines"]) + "</pre>")
        if c.get("doc"):
            pop.append("<p class=kv>Why: " + self.doc_link(c["doc"]) + "</p>")
        if c.get("step"):
            ref = c["step"]
            pop.append(f'<p class=kv>Step: <a href="#{model.step_anchor(ref["kernel"], ref["scenario"], ref["id"])}">'
                       f'{e(ref["kernel"])} · {e(ref["scenario"])} · step {ref["id"]}</a>'
                       + (' <span class="bad-text">(failed: expected ≠ got)</span>' if differs else "") + "</p>")
        pop.append("</div>")
        sub_html = f'<br><span class="sub">{e(sub)}</span>' if sub else ""
        return (f'<td class="{cls}{" differs" if differs else ""}" id="{matrix_id(build, kernel)}"'
                f' data-build="{e(build)}" data-kernel="{e(kernel)}">'
                f'<details class="cell"><summary>{e(label)}{sub_html}</summary>{"".join(pop)}</details></td>')

    # -- scenarios x kernels
    def scenarios(self):
        ks = self.r["kernels"]
        names, desc = [], {}
        for k in ks:
            for s in k["scenarios"]:
                if s["name"] not in desc:
                    names.append(s["name"])
                    desc[s["name"]] = s["description"]
        self.w('<section id="scenarios" aria-labelledby="scenarios-h"><h2 id="scenarios-h">Scenarios × kernels</h2>\n'
               '<p class="note">Each scenario on each kernel: open a cell for its steps; a failing step '
               "shows what was expected next to what the kernel did.</p>\n"
               '<table class="grid"><thead><tr><th scope="col">scenario</th>')
        for k in ks:
            self.w(f'<th scope="col">{e(k["name"])}</th>')
        self.w("</tr></thead><tbody>\n")
        for n in names:
            self.w(f'<tr><th scope="row"><span class="scen-name">{e(n)}</span>'
                   f'<span class="scen-desc">{e(desc[n])}</span></th>')
            for i, k in enumerate(ks):
                s = next((x for x in k["scenarios"] if x["name"] == n), None)
                self.w(self.scenario_cell(k, s, i >= len(ks) / 2))
            self.w("</tr>\n")
        self.w("</tbody></table>\n</section>\n")

    def scenario_cell(self, k, s, right):
        if s is None:
            why = k["boot"]["status"] if not k["scenarios"] else "not in this kernel's run"
            return f'<td class="empty" title="{e(why)}">{"not run" if k["scenarios"] else e(why.split(":")[0])}</td>'
        cid = cell_id(k["name"], s["name"])
        if s["status"] == "skip":
            return (f'<td class="skip" id="{cid}"><details class="cell"><summary>– skip</summary>'
                    f'<div class="pop{" right" if right else ""}"><button type="button" class="close" aria-label="close">×</button>'
                    f'<h4>{e(s["name"])} on {e(k["name"])}</h4><p class=kv>Skipped: {e(s.get("skip_reason") or "")}</p>'
                    "</div></details></td>")
        c = model.scenario_counts(k, s)
        total = c["passed"] + c["failed"] + c["skipped"]
        lost = sum(1 for st in s["steps"] if st["got"] is None)
        if s["status"] == "fail":
            label = "✗ fail"
            sub = f"{c['failed']} of {total} failed"
            if lost:
                sub += f", {lost} not run"
        else:
            label = "✓ pass"
            sub = f"{c['passed']}/{total}"
        pop = [f'<div class="pop{" right" if right else ""}" role="group" aria-label="{e(s["name"])} on {e(k["name"])}">'
               '<button type="button" class="close" aria-label="close">×</button>'
               f'<h4>{e(s["name"])} on {e(k["name"])}</h4>']
        extra = []
        if s.get("seconds") is not None:
            extra.append(model.fmt_seconds(s["seconds"]))
        if s.get("guest_status") and s["guest_status"] != "done":
            extra.append(f'<span class="bad-text">guest: {e(s["guest_status"])}</span>')
        if extra:
            pop.append("<p class=kv>" + " · ".join(extra) + "</p>")
        pop.append('<table class="steps"><thead><tr><th scope="col" class="n">#</th><th scope="col">step</th>'
                   '<th scope="col" class="r">result</th></tr></thead><tbody>')
        for st in s["steps"]:
            pop.append(self.step_row(k, s, st))
        pop.append(self.guest_row(k, s))
        pop.append("</tbody></table></div>")
        return (f'<td class="{s["status"]}" id="{cid}"><details class="cell"><summary>{e(label)}'
                f'<br><span class="sub">{e(sub)}</span></summary>{"".join(pop)}</details></td>')

    def step_row(self, k, s, st):
        aid = model.step_anchor(k["name"], s["name"], st["id"])
        ok = st["status"] == "pass"
        if ok:
            res = "✓ pass"
        elif st["got"] is None:
            res = "✗ not run"
        else:
            res = "✗ fail"
        sub = ""
        if st["differs"]:
            sub = f'<span class="sub">differs in {e(", ".join(st["differs"]))}</span>'
        body = [f'<p class=kv><code>$ {e(st["command"])}</code></p>']
        if ok:
            g = st["got"]
            body.append(f'<p class=kv><b>exit status</b> {g["rc"]}</p>')
            if g["out"]:
                body.append("<p class=kv><b>output</b></p><pre>" + lines(g["out"]) + "</pre>")
            if g["dmesg"]:
                body.append("<p class=kv><b>kernel lines</b></p><pre>" + lines(g["dmesg"]) + "</pre>")
        else:
            body.append(step_compare(k, s, st, only_differing=False))
        kc = st.get("kocheck")
        if kc:
            link = (" (" + self.doc_link(kc["doc"]) + ")") if kc.get("doc") else ""
            body.append(f"<p class=kv><b>kocheck</b> {e(kocheck_text(kc))}{link}</p>")
        if st.get("ktap"):
            c = model.count(model.Test("kunit", k, s, st, x, x["status"], None) for x in st["ktap"])
            body.append(f'<p class=kv><b>KUnit</b> <a href="#kunit">{c["passed"]} passed, {c["failed"]} failed, '
                        f'{c["skipped"]} skipped</a></p>')
        return (f'<tr id="{aid}" class="{st["status"]}"><td class="num">{st["id"]}</td>'
                f'<td><details{"" if ok else " open"}><summary>{e(st["title"])}</summary>{"".join(body)}</details></td>'
                f'<td class="st">{e(res)}{sub}</td></tr>')

    def guest_row(self, k, s):
        bad = model.guest_failed(s)
        body = [f"<p class=kv><b>guest</b> {e(s['guest_status'])}</p>"]
        if s.get("problems"):
            body.append(f'<p class="bad-text">{plural(len(s["problems"]), "kernel problem")} outside the steps:</p>'
                        "<pre>" + lines(s["problems"]) + "</pre>")
        else:
            body.append("<p class=kv>No kernel problem outside the steps.</p>")
        return (f'<tr id="{cell_id(k["name"], s["name"])}-guest" class="{"fail" if bad else "pass"}"><td class="num"></td>'
                f'<td><details{" open" if bad else ""}><summary>{e(model.GUEST_TEST)}</summary>{"".join(body)}</details></td>'
                f'<td class="st">{"✗ fail" if bad else "✓ pass"}</td></tr>')

    # -- KUnit
    def kunit(self):
        ks = self.r["kernels"]
        kscen = {s["name"] for k in ks for s in k["scenarios"] for st in s["steps"] if st.get("ktap") is not None}
        cols = [k for k in ks if any(s["name"] in kscen and s["status"] != "skip" for s in k["scenarios"])]
        cases = []
        res = {}
        for k in cols:
            for s in k["scenarios"]:
                for st in s["steps"]:
                    for c in st.get("ktap") or []:
                        key = (c["suite"], c["case"])
                        if key not in res:
                            cases.append(key)
                            res[key] = {}
                        res[key][k["name"]] = (c, s, st)
        self.w('<section id="kunit" aria-labelledby="kunit-h"><h2 id="kunit-h">KUnit</h2>\n')
        if not cols:
            self.w('<p class="note">No kernel of this run ran KUnit.</p></section>\n')
            return
        self.w('<p class="note">The KUnit cases of <code>kunit/kmdemo_kunit.c</code>, run inside the kernels '
               "built with <code>CONFIG_KUNIT</code>, as the kernel reported them (KTAP).</p>\n"
               '<table class="kunit"><thead><tr><th scope="col">suite.case</th>')
        for k in cols:
            self.w(f'<th scope="col">{e(k["name"])}</th>')
        self.w("</tr></thead><tbody>\n")
        suite = None
        for key in cases:
            if key[0] != suite:
                suite = key[0]
                self.w(f'<tr class="suite"><th scope="rowgroup" colspan="{len(cols) + 1}">{e(suite)}</th></tr>\n')
            self.w(f'<tr><th scope="row">{e(key[1])}</th>')
            for k in cols:
                got = res[key].get(k["name"])
                if not got:
                    self.w('<td class="none">no result</td>')
                    continue
                c, s, st = got
                word = {"pass": "✓ pass", "fail": "✗ fail", "skip": "– skip"}[c["status"]]
                if c["status"] == "pass":
                    self.w(f'<td class="pass">{word}</td>')
                else:
                    why = f'<p class="kv">{e(c["why"])}</p>' if c.get("why") else ""
                    self.w(f'<td class="{c["status"]}"><details class="cell"><summary>{word}</summary>'
                           f'<div class="pop right">{why}<pre>{e(textwrap.dedent(chr(10).join(model.visible(x) for x in c["lines"])))}</pre>'
                           '</div></details></td>')
            self.w("</tr>\n")
        self.w("</tbody></table>\n</section>\n")

    # -- kernels and boot times
    def kernels(self):
        ks = self.r["kernels"]
        # The scale is the longest boot that finished: a hung guest's time
        # is its timeout, and its bar is cut there.
        top = max([k["boot"].get("seconds") or 0 for k in ks if model.boot_done(k)] + [0.1])
        self.w('<section id="kernels" aria-labelledby="kernels-h"><h2 id="kernels-h">Kernels and boot times</h2>\n'
               '<table class="kernels"><thead><tr><th scope="col">kernel</th><th scope="col">arch</th>'
               '<th scope="col">kind</th><th scope="col">release</th><th scope="col">version</th>'
               '<th scope="col">boot</th><th scope="col">boot and run time</th><th scope="col">snapshot</th>'
               '<th scope="col">passed</th><th scope="col">failed</th><th scope="col">skipped</th></tr></thead><tbody>\n')
        for k in ks:
            b = k["boot"]
            c = model.kernel_counts(k)
            secs = b.get("seconds")
            bad = not model.boot_done(k)
            if bad:
                status = f'<span class="bad-text">✗ {e(b["status"])}</span>'
            elif b["problems"]:
                status = f'<span class="bad-text">✗ done, {e(model.boot_reason(k))}</span>'
            else:
                status = "✓ done"
            if b.get("log"):
                status += f' · <a href="{e(self.logs_base + b["log"])}">console log</a>'
            for p in b.get("problems") or []:
                status += f'<br><span class="bad-text">✗ {e(p)}</span>'
            bar = ""
            if secs is not None:
                bar = (f'<span class="bar{" bad" if bad else ""}" style="width:{max(2, min(150, round(120 * secs / top)))}px"'
                       f' aria-hidden="true"></span> ')
            self.w(f'<tr id="{kernel_id(k["name"])}"><th scope="row">{e(k["name"])}</th><td>{e(k["arch"])}</td>'
                   f'<td>{e(k["kind"])}</td><td class="mono">{e(k.get("release") or "–")}</td>'
                   f'<td class="mono">{e(k.get("version") or "–")}</td><td>{status}</td>'
                   f'<td class="num">{bar}{e(model.fmt_seconds(secs)) if secs is not None else "–"}</td>'
                   f'<td class="num">{e(model.fmt_seconds(b.get("snapshot_seconds"))) if b.get("snapshot_seconds") is not None else "–"}</td>'
                   f'<td class="num">{c["passed"]}</td>'
                   f'<td class="num{" bad-text" if c["failed"] else ""}">{c["failed"]}</td>'
                   f'<td class="num">{c["skipped"]}</td></tr>\n')
        self.w("</tbody></table>\n</section>\n")


def render(results, docs_base="../../../", logs_base=""):
    return Page(results, docs_base, logs_base).render()
