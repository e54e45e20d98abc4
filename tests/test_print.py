#!/usr/bin/python3
"""test_print.py: how herald's PDFs lay out what a reader sees on paper.

usage: /usr/bin/python3 tests/test_print.py path/to/herald

Builds small sites in temporary folders and reads their PDFs back with
pdftotext: web addresses broken only after "/", ".", "-", "?" or "&" and
never inside a word, with nothing added.  Prints "ok NAME" or "FAIL NAME"
with details for each check, then "N passed, M failed"; exits 1 on any
failure.
"""
import os
import re
import subprocess
import sys
import tempfile

DATE = "2026-11-22"

ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99")

# A partnership with a long name and a long address, as many have.
LONG_BASE = ("https://www.northshire-and-district-safeguarding-adults-board"
             ".example.org.uk/learning-and-development/")
LONG_SITE = ("title: Northshire and District Safeguarding Adults Board\n"
             "base_url: %s\nemail: learning@example.org\n" % LONG_BASE)
TOOLKIT = ("https://www.northshire-and-district-safeguarding-adults-board"
           ".example.org.uk/learning-and-development/resources/"
           "self-neglect-toolkit-for-older-people.pdf?from=briefing&lang=en")

passed = 0
failed = 0


def report(name, problems):
    """problems: a list of strings; empty means the check passed."""
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


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def sanitizer(code, err):
    if code == 99 or "Sanitizer" in err or "runtime error" in err:
        return ["sanitizer report:\n" + err]
    return []


def text(pdf, *opts):
    return subprocess.run(["pdftotext"] + list(opts) + [pdf, "-"],
                          capture_output=True).stdout.decode("utf-8")


def write_site(d, files):
    for rel, data in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(data)


def build(exe, d, name):
    """Builds the site in d; returns the problems (exit status, messages)."""
    code, _, err = run([exe, "build", "-q", "-o", "out", "--date", DATE], d)
    probs = sanitizer(code, err)
    if code != 0 or err:
        probs.append("%s: exit %d\n%s" % (name, code, err))
    return probs


def safer7(intro="A short introduction.", **panels):
    heads = ["Background", "What happened", "What the review found",
             "Why it matters", "What to look for", "What to do",
             "Questions to ask"]
    out = ["---", "title: Self-neglect in older people", "date: 2026-02-10",
           "summary: A test briefing.", "---", intro, ""]
    for i, h in enumerate(heads, 1):
        out += ["## " + h, panels.get("p%d" % i, "Text of panel %d." % i),
                ""]
    return "\n".join(out)


def practitioner(body):
    return ("---\ntitle: Self-neglect in older people\ndate: 2026-02-10\n"
            "kind: practitioner\nsummary: A test briefing.\n---\n" + body)


# ---- web addresses ----

BREAK_AFTER = "/.-?&"


def url_breaks(raw, url):
    """The lines of raw (pdftotext -raw) that url is printed on, checked:
    whole, with nothing added, broken only after one of BREAK_AFTER and
    before a letter or digit.  Returns (pieces, problems)."""
    lines = raw.splitlines()
    for i, line in enumerate(lines):
        k = line.find(url[:24])
        if k < 0:
            continue
        pieces = [line[k:]]
        got = pieces[0]
        while len(got) < len(url) and url.startswith(got) and \
                i + len(pieces) < len(lines):
            nxt = lines[i + len(pieces)].strip()
            pieces.append(nxt)
            got += nxt
        if not got.startswith(url):
            continue        # another address, or this one spoilt
        probs = []
        for a, b in zip(pieces, pieces[1:]):
            if a[-1] not in BREAK_AFTER or not b[:1].isalnum():
                probs.append("broken between %r and %r" % (a, b))
        return pieces, probs
    return [], ["%s not printed whole (with nothing added) in:\n%s"
                % (url, raw)]


def addresses(exe, tmp):
    d = os.path.join(tmp, "urls")
    write_site(d, {
        "site.yaml": LONG_SITE,
        "content/briefings/self-neglect-in-older-people-living-alone.md":
            safer7(p4="Use the toolkit at %s with your team." % TOOLKIT),
        "content/briefings/older-people-living-alone-practitioner.md":
            practitioner("## What to use\n\nThe toolkit, %s, has the "
                         "forms.\n" % TOOLKIT)})
    probs = build(exe, d, "long addresses")
    report("a site with long web addresses builds", probs)
    if probs:
        return
    for slug in ("self-neglect-in-older-people-living-alone",
                 "older-people-living-alone-practitioner"):
        raw = text(os.path.join(d, "out", "briefings", slug + ".pdf"),
                   "-raw")
        for url, where in ((LONG_BASE + "briefings/%s/" % slug, "footer"),
                           (TOOLKIT, "text")):
            pieces, probs = url_breaks(raw, url)
            if not probs and len(pieces) < 2:
                probs.append("expected the address to need two lines: %r"
                             % pieces)
            report("%s: the %s's address breaks after / . - ? & only "
                   "(%d lines)" % (slug, where, len(pieces)), probs)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: test_print.py path/to/herald")
    exe = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        addresses(exe, tmp)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
