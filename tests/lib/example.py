"""example.py: the example site in the repository builds quietly and
reproducibly, and every internal link of it and of the golden sites resolves."""
import os
import re
import tempfile

from common import (BINARIES, DATE, ROOT, TESTS, Links, fail, ok, run,
                    tree)


def example_site():
    for kind, exe in BINARIES:
        name = "example site builds without a message (%s)" % kind
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "out")
            code, stdout, err = run([exe, "build", "-o", out], ROOT)
            if code != 0 or err:
                fail(name, "exit %d\n%s" % (code, err))
            else:
                ok(name)
            # Same inputs and build date: the same bytes.
            if kind == "release":
                a, b = os.path.join(d, "a"), os.path.join(d, "b")
                run([exe, "build", "-o", a, "--date", DATE], ROOT)
                run([exe, "build", "-o", b, "--date", DATE], ROOT)
                if tree(a) == tree(b) and tree(a):
                    ok("example site is reproducible")
                else:
                    fail("example site is reproducible", "outputs differ")


def crawl(out):
    """Every internal href and src of every page names a file that exists."""
    why = ""
    pages = 0
    for base, dirs, files in os.walk(out):
        for f in files:
            if not f.endswith(".html"):
                continue
            pages += 1
            page = os.path.join(base, f)
            p = Links()
            p.feed(open(page, encoding="utf-8").read())
            for u in p.urls:
                if re.match(r"^[a-z]+:", u) or u.startswith("//"):
                    continue
                path = u.split("#")[0].split("?")[0]
                if f == "404.html" or not path:
                    continue
                target = os.path.normpath(os.path.join(base, path))
                if not target.startswith(out) or not os.path.isfile(target):
                    why += "%s: broken link %s\n" % (
                        os.path.relpath(page, out), u)
    return pages, why


def link_tests():
    for src in [ROOT] + [os.path.join(TESTS, "sites", s)
                         for s in sorted(os.listdir(os.path.join(TESTS,
                                                                 "sites")))]:
        name = "links resolve in %s" % (os.path.relpath(src, ROOT) or
                                        "the example site")
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "out")
            code, _, err = run([BINARIES[0][1], "build", "-s", src, "-o", out,
                                "--date", DATE], ROOT)
            pages, why = crawl(out)
            if code != 0 or why or pages < 5:
                fail(name, "exit %d, %d pages\n%s%s" % (code, pages, err, why))
            else:
                ok(name)
