"""robustness.py: hostile conditions: a build killed halfway, the example
site under valgrind, huge and deeply nested files, and the fuzz targets
replayed over their seeds and regressions."""
import os
import shutil
import signal
import subprocess
import tempfile
import time

from common import (BINARIES, DATE, ENV, GOLDEN, ROOT, fail, make_site,
                    ok, run, tree)


def kill_test():
    """A build killed halfway leaves the previous site untouched, and the
    next build cleans up after it."""
    name = "killed build keeps the previous output"
    with tempfile.TemporaryDirectory() as d:
        make_site(d, {})
        os.makedirs(os.path.join(d, "content", "newsletters"))
        body = ("Some text with a [link](ref:newsletters).\n\n" * 40)
        for i in range(4000):
            with open(os.path.join(d, "content", "newsletters",
                                   "n%d.md" % i), "w") as f:
                f.write("---\ntitle: N%d\ndate: 2024-01-01\n---\n%s"
                        % (i, body))
        out = os.path.join(d, "out")
        os.makedirs(out)
        os.setxattr(out, "user.herald", b"1")  # a build of herald's
        with open(os.path.join(out, "index.html"), "w") as f:
            f.write("previous\n")
        before = tree(out)
        p = subprocess.Popen([BINARIES[0][1], "build", "-o", out, "--date",
                              DATE], cwd=d, env=ENV,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        # Wait for the build folder to fill, then kill.
        deadline = time.time() + 20
        killed = False
        while time.time() < deadline and p.poll() is None:
            tmps = [x for x in os.listdir(d) if "herald-tmp" in x]
            if tmps and os.path.isdir(os.path.join(d, tmps[0],
                                                   "newsletters")):
                p.send_signal(signal.SIGKILL)
                killed = True
                break
            time.sleep(0.005)
        p.wait()
        why = ""
        if not killed:
            why += "the build ended before it could be killed\n"
        if tree(out) != before:
            why += "output changed\n"
        code, _, err = run([BINARIES[0][1], "build", "-q", "-o", out,
                            "--date", DATE], d)
        left = [x for x in os.listdir(d) if "herald-tmp" in x]
        if code != 0 or left:
            why += "rebuild: exit %d, left %s\n%s" % (code, left, err)
        if not os.path.isfile(os.path.join(out, "newsletters", "n3999",
                                           "index.html")):
            why += "rebuild did not publish\n"
        if why:
            fail(name, why)
        else:
            ok(name)


def valgrind_test():
    """The example site builds under valgrind with no error and no leak."""
    name = "example site under valgrind"
    if not shutil.which("valgrind") or GOLDEN:
        return
    with tempfile.TemporaryDirectory() as d:
        code, _, err = run(["valgrind", "--leak-check=full",
                            "--errors-for-leak-kinds=definite,indirect",
                            "--error-exitcode=9", "-q", BINARIES[0][1],
                            "build", "-q", "-o", os.path.join(d, "out"),
                            "--date", DATE], ROOT)
        if code != 0 or err:
            fail(name, "exit %d\n%s" % (code, err))
        else:
            ok(name)


def pathological_tests():
    """Huge and deeply nested files build, or fail with a message; never
    crash or hang."""
    deep = ("content/pages/p.md:4:1: error: the text is nested more than "
            "100 levels deep (quotes, lists or emphasis inside each other): "
            "simplify it\n1 error\n")
    cases = {
        "an 8 MB page, just under the limit": ("---\ntitle: Big\n---\n" +
            "A line of ordinary text, long enough to matter.\n\n" * 170000,
            0, ""),
        "a 9 MB file, over the limit": ("x" * (9 << 20), 1,
            "content/pages/p.md: error: the file is 9.0 MB, and a content "
            "file may be at most 8 MB: it holds text; put pictures and other "
            "large files in content/media/ and link them with ref:media/\n"
            "1 error\n"),
        "quotes nested 10,000 deep": ("---\ntitle: Deep\n---\n" +
            "> " * 10000 + "deep\n", 1, deep),
        "lists nested 2,000 deep": ("---\ntitle: Deep\n---\n" +
            "".join("  " * i + "- x\n" for i in range(2000)), 1,
            deep.replace("p.md:4:", "p.md:53:")),
        "emphasis 10,000 deep": ("---\ntitle: Deep\n---\n" +
            "*" * 10000 + "x" + "*" * 10000 + "\n", None, None),
        "links 10,000 deep": ("---\ntitle: Deep\n---\n" +
            "[" * 10000 + "x" + "](/)" * 10000 + "\n", None, None),
        "quotes nested 100 deep build": ("---\ntitle: Deep\n---\n" +
            "> " * 98 + "deep\n", 0, ""),
    }
    for label, (text, status, stderr) in cases.items():
        for kind, exe in BINARIES:
            name = "%s (%s)" % (label, kind)
            with tempfile.TemporaryDirectory() as d:
                make_site(d, {"content/pages/p.md": text.encode()})
                try:
                    p = subprocess.run([exe, "build", "-q", "-o",
                                        os.path.join(d, "out"), "--date",
                                        DATE], cwd=d, env=ENV,
                                       capture_output=True, timeout=300)
                except subprocess.TimeoutExpired:
                    fail(name, "hung")
                    continue
                err = p.stderr.decode("utf-8", "replace")
                if p.returncode not in (0, 1) or "Sanitizer" in err or \
                        "runtime error" in err or \
                        (status is not None and p.returncode != status) or \
                        (stderr is not None and err != stderr):
                    fail(name, "exit %d\n%s" % (p.returncode, err[:3000]))
                elif p.returncode == 0 and not os.path.isfile(
                        os.path.join(d, "out", "p", "index.html")):
                    fail(name, "no page written")
                else:
                    ok(name)


FUZZ_FLAGS = ["-timeout=10", "-rss_limit_mb=2048",
              "-artifact_prefix=" + os.path.join(ROOT, "build", "fuzz",
                                                 "replay-")]


def fuzz_tests():
    """Each fuzz target built by make fuzz-build runs once over its seed
    corpus and over the inputs that once broke it (fuzz/regressions/)."""
    bindir = os.path.join(ROOT, "build", "fuzz", "bin")
    if not os.path.isdir(bindir) or GOLDEN:
        return
    for t in sorted(os.listdir(bindir)):
        exe = os.path.join(bindir, t)
        corpus = os.path.join(ROOT, "build", "fuzz", "corpus", t)
        regdir = os.path.join(ROOT, "fuzz", "regressions", t)
        runs = []
        if os.path.isdir(corpus) and os.listdir(corpus):
            runs.append(("seeds", [exe, "-runs=0"] + FUZZ_FLAGS + [corpus]))
        if os.path.isdir(regdir) and os.listdir(regdir):
            runs.append(("regressions", [exe] + FUZZ_FLAGS + [
                os.path.join(regdir, f) for f in sorted(os.listdir(regdir))]))
        for label, cmd in runs:
            name = "fuzz %s over its %s" % (t, label)
            code, _, err = run(cmd, ROOT)
            if code != 0:
                fail(name, "exit %d\n%s" % (code, err[-3000:]))
            else:
                ok(name)
