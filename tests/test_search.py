#!/usr/bin/python3
"""test_search.py: the search index herald writes under search/, and the
query engine of the search page (layouts/assets/search-engine.js) over it.

usage: /usr/bin/python3 tests/test_search.py path/to/herald

Builds the example site, a small site of tests/bench/gen.py and a site in
Welsh in temporary folders; makes the word list of the example site's and
the bench site's content with build/release/stemwords -v (each word with
libstemmer's Snowball English stem); then runs tests/search/engine.test.js
in Node over them.  Checks here too that the index is the same, byte for
byte, built twice and with -j1.  Prints "ok NAME" or "FAIL NAME" with
details for each check, then "N passed, M failed"; exits 1 on any failure.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEMWORDS = os.path.join(ROOT, "build", "release", "stemwords")
DATE = "2026-11-22"
BENCH_FILES = 150

ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99")

WELSH = {
    "site.yaml": "title: Partneriaeth Diogelu\nbase_url: https://example.org/\n"
                 "language: cy\n",
    "content/pages/diogelu-plant.md": "---\ntitle: Diogelu plant\n---\n"
                                      "Bob ŵythnos, mae'r bartneriaeth yn cwrdd.\n",
    "content/pages/esgeulustod.md": "---\ntitle: Esgeulustod a chwilfrydedd\n"
                                    "summary: Beth i'w wneud.\n---\n"
                                    "Diogelwch pobl ifanc.\n",
}

passed = 0
failed = 0


def report(name, problems):
    global passed, failed
    if problems:
        failed += 1
        print("FAIL " + name)
        for p in problems:
            for line in str(p).rstrip("\n").split("\n"):
                print("     " + line)
    else:
        passed += 1
        print("ok " + name)


def build(herald, src, out, jobs=None):
    cmd = [herald, "build", "-q", "--no-pdfs", "-s", src, "-o", out,
           "--date", DATE]
    if jobs:
        cmd += ["-j", str(jobs)]
    p = subprocess.run(cmd, env=ENV, capture_output=True)
    return "" if p.returncode == 0 and not p.stderr else \
        "%s: exit %d\n%s" % (" ".join(cmd), p.returncode, p.stderr.decode())


def search_tree(out):
    got = {}
    base = os.path.join(out, "search")
    for d, _, files in os.walk(base):
        for f in files:
            p = os.path.join(d, f)
            if not f.endswith(".html"):
                got[os.path.relpath(p, base)] = open(p, "rb").read()
    return got


def main():
    herald = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as t:
        ex, bench, welsh = (os.path.join(t, n) for n in ("ex", "bench", "cy"))
        gen = os.path.join(t, "gen")
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests",
                        "bench", "gen.py"), gen, str(BENCH_FILES)], check=True,
                       stdout=subprocess.DEVNULL)
        wsrc = os.path.join(t, "cysrc")
        for rel, text in WELSH.items():
            p = os.path.join(wsrc, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        why = [w for w in (build(herald, ROOT, ex), build(herald, gen, bench),
                           build(herald, wsrc, welsh)) if w]
        report("search: the sites build", why)
        if why:
            return

        # The same bytes built again, and on one thread.
        again = os.path.join(t, "again")
        why = [build(herald, gen, again, jobs=1)]
        if not why[0]:
            a, b = search_tree(bench), search_tree(again)
            why = ["%s differs" % k for k in sorted(set(a) | set(b))
                   if a.get(k) != b.get(k)][:10]
        report("search: the index is reproducible (built again, with -j1)",
               [w for w in why if w])

        # Every part the manifest names is there, and nothing else.
        files = search_tree(bench)
        man = files["index.js"].decode()
        ndocs = int(re.search(r'"docs":(\d+)', man).group(1))
        frags = [k for k in files if k.startswith("d/")]
        why = [] if len(frags) == ndocs == BENCH_FILES else [
            "%d fragments, %d documents" % (len(frags), ndocs)]
        big = [k for k in files if k.startswith("d/") and len(files[k]) > 4000]
        if big:
            why.append("fragments over 4,000 bytes: %s" % big[:5])
        report("search: a fragment for each document, each small", why)

        texts = sorted(glob.glob(os.path.join(ROOT, "content", "*", "*.md")) +
                       glob.glob(os.path.join(gen, "content", "*", "*.md")))
        wl = os.path.join(t, "words.txt")
        with open(wl, "wb") as f:
            p = subprocess.run([STEMWORDS, "-v"] + texts, stdout=f,
                               stderr=subprocess.PIPE)
        report("search: the word list is made", [p.stderr.decode()] if
               p.returncode else [])
        p = subprocess.run(["node", os.path.join(ROOT, "tests", "search",
                            "engine.test.js"), ex, bench, welsh, wl] + texts,
                           capture_output=True, env=ENV)
        out = p.stdout.decode()
        m = re.search(r"^(\d+) passed, (\d+) failed\s*$", out, re.M)
        global passed, failed
        for line in out.splitlines():
            if not re.match(r"^\d+ passed", line):
                print(line)
        if m:
            passed += int(m.group(1))
            failed += int(m.group(2))
        else:
            report("search: engine.test.js", [out[-2000:],
                                               p.stderr.decode()[-2000:]])


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
