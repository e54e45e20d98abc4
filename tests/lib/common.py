"""common.py: what every part of the suite shares: the binaries, the
environment, the pass/fail counters, running a command, diffs, sites in
temporary folders."""
import difflib
import html.parser
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TESTS = os.path.join(ROOT, "tests")
# HERALD_GOLDEN=1 rewrites the expected files instead of comparing them.
GOLDEN = os.environ.get("HERALD_GOLDEN") == "1"
VERBOSE = bool(os.environ.get("VERBOSE"))
DATE = "2026-11-22"

# Every end-to-end case runs with each of these: bin/herald, and the build
# under AddressSanitizer and UndefinedBehaviorSanitizer when it is there.
BINARIES = [("release", os.path.join(ROOT, "bin/herald"))]
if os.path.exists(os.path.join(ROOT, "build/asan/herald")) and not GOLDEN:
    BINARIES.append(("asan", os.path.join(ROOT, "build/asan/herald")))

ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99")

DEFAULT_SITE = "title: Test Partnership\nbase_url: https://example.org/\n"


class Counts:
    passed = 0
    failed = 0


def ok(name):
    Counts.passed += 1
    if VERBOSE:
        print("ok   " + name)


def fail(name, why):
    Counts.failed += 1
    print("FAIL " + name)
    for line in why.rstrip("\n").split("\n"):
        print("     " + line)


def check(name, why):
    """ok(name) when why is empty, else fail(name, why)."""
    if why:
        fail(name, why)
    else:
        ok(name)


def diff(want, got, a="expected", b="got"):
    return "".join(difflib.unified_diff(
        want.splitlines(True), got.splitlines(True), a, b))


def run(cmd, cwd, env=None):
    p = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def sanitizer_report(code, err):
    return code == 99 or "Sanitizer" in err or "runtime error" in err


def clean_stdout(s):
    return re.sub(r" in [0-9.]+ s$", " in T s", s, flags=re.M)


def make_site(d, files):
    """Writes files (path: bytes) under d, with a site.yaml and a content
    folder when files have none."""
    if "site.yaml" not in files:
        files = dict(files)
        files["site.yaml"] = DEFAULT_SITE.encode()
    for rel, data in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    os.makedirs(os.path.join(d, "content"), exist_ok=True)


def tree(d):
    """Every file under d with its bytes."""
    out = {}
    for base, dirs, files in os.walk(d):
        for f in files:
            p = os.path.join(base, f)
            out[os.path.relpath(p, d)] = open(p, "rb").read()
    return out


def read(path):
    """A file's text, or None when it is not there."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except FileNotFoundError:
        return None


def write(path, text):
    """Writes text to path; removes the file when text is None."""
    if text is None:
        if os.path.exists(path):
            os.unlink(path)
        return
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


class Links(html.parser.HTMLParser):
    """The href and src of every element of a page, and its ids."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v is not None:
                self.urls.append(v)
            if k == "id" and v:
                self.ids.add(v)
