"""suites.py: suites of their own run as one part each (tests/test_feeds.py,
tests/test_pdf.py, tests/browser/), their counts folded into ours."""
import os
import re
import subprocess

from common import (BINARIES, ENV, GOLDEN, ROOT, TESTS, VERBOSE, Counts,
                    fail)


def external(label, cmd, cwd=ROOT, env=None):
    """Runs a suite of its own that prints "ok NAME" / "FAIL NAME" lines
    and ends with "N passed, M failed"; folds its counts into ours."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True,
                           timeout=1800)
    except subprocess.TimeoutExpired:
        fail(label, "timed out")
        return
    out = p.stdout.decode("utf-8", "replace")
    m = re.search(r"^(\d+) passed, (\d+) failed\s*$", out, re.M)
    if not m:
        fail(label, "no summary line (exit %d)\n%s\n%s" % (
            p.returncode, out[-3000:], p.stderr.decode()[-3000:]))
        return
    Counts.passed += int(m.group(1))
    Counts.failed += int(m.group(2))
    if int(m.group(2)) or p.returncode:
        # Show the failures and what follows them.
        show, keep = [], False
        for line in out.splitlines():
            if line.startswith("FAIL"):
                keep = True
            elif line.startswith("ok "):
                keep = False
            if keep:
                show.append(line)
        print("FAIL %s (exit %d)" % (label, p.returncode))
        print("\n".join("     " + l for l in show[:200]))
        if p.returncode and not int(m.group(2)):
            Counts.failed += 1
    elif VERBOSE:
        print("ok   %s: %s checks" % (label, m.group(1)))


def script(label, name):
    """A part that runs tests/NAME, a suite of its own, once with each
    binary: "/usr/bin/python3 tests/NAME path/to/herald"."""
    def part():
        for kind, exe in BINARIES:
            external("%s (%s)" % (label, kind),
                     ["/usr/bin/python3", os.path.join(TESTS, name), exe])
    return part


def script_once(label, name):
    """A part that runs tests/NAME once, given every binary:
    "/usr/bin/python3 tests/NAME bin/herald build/asan/herald"."""
    def part():
        external(label, ["/usr/bin/python3", os.path.join(TESTS, name)] +
                 [exe for _, exe in BINARIES])
    return part


def browser_tests():
    if GOLDEN:
        return
    env = dict(ENV)
    env["HERALD"] = BINARIES[0][1]
    external("browser, vnu and linkchecker", ["node", "test.js"],
             cwd=os.path.join(TESTS, "browser"), env=env)
    external("herald serve in the browser", ["node", "serve.js"],
             cwd=os.path.join(TESTS, "browser"), env=env)
