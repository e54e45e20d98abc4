#!/usr/bin/python3
"""run.py: herald's test suite: unit tests, command line, error catalogue, golden sites.

Every end-to-end case runs twice: with bin/herald and with the build under
AddressSanitizer and UndefinedBehaviorSanitizer (build/asan/herald).
HERALD_GOLDEN=1 rewrites the golden files instead of comparing them.
"""
import codecs
import difflib
import html.parser
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "tests")
GOLDEN = os.environ.get("HERALD_GOLDEN") == "1"
DATE = "2026-11-22"

BINARIES = [("release", os.path.join(ROOT, "bin/herald"))]
if os.path.exists(os.path.join(ROOT, "build/asan/herald")) and not GOLDEN:
    BINARIES.append(("asan", os.path.join(ROOT, "build/asan/herald")))

ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99")

DEFAULT_SITE = "title: Test Partnership\nbase_url: https://example.org/\n"

passed = 0
failed = 0


def ok(name):
    global passed
    passed += 1
    if os.environ.get("VERBOSE"):
        print("ok   " + name)


def fail(name, why):
    global failed
    failed += 1
    print("FAIL " + name)
    for line in why.rstrip("\n").split("\n"):
        print("     " + line)


def diff(want, got, a="expected", b="got"):
    return "".join(difflib.unified_diff(
        want.splitlines(True), got.splitlines(True), a, b))


def run(cmd, cwd, env=None):
    p = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def clean_stdout(s):
    return re.sub(r" in [0-9.]+ s$", " in T s", s, flags=re.M)


# ---- unit tests ----

def unit_tests():
    for kind in ("release", "asan"):
        exe = os.path.join(ROOT, "build", kind, "unit")
        if not os.path.exists(exe):
            continue
        code, out, err = run([exe], ROOT)
        m = re.search(r"unit: (\d+) passed, (\d+) failed", out)
        name = "unit (%s)" % kind
        if code == 0 and m and m.group(2) == "0":
            ok("%s: %s checks" % (name, m.group(1)))
        else:
            fail(name, out + err)


# ---- the error catalogue and small cases ----

def parse_case(path):
    """A case file: header lines (key: value), then '--- KIND ARG' parts."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    case = {"args": "build -o out --date " + DATE, "status": "1",
            "files": {}, "stderr": None, "stdout": None, "contains": [],
            "lacks": [], "absent": []}
    parts = re.split(r"^--- ", text, flags=re.M)
    for line in parts[0].splitlines():
        if line.startswith("#") or not line.strip():
            continue
        k, _, v = line.partition(":")
        case[k.strip()] = v.strip()
    for part in parts[1:]:
        head, _, body = part.partition("\n")
        kind, _, arg = head.strip().partition(" ")
        if kind == "FILE":
            case["files"][arg] = body.encode("utf-8")
        elif kind == "BYTES":
            case["files"][arg] = codecs.escape_decode(
                body.encode("utf-8"))[0]
        elif kind == "STDERR":
            case["stderr"] = body
        elif kind == "STDOUT":
            case["stdout"] = body
        elif kind in ("CONTAINS", "LACKS"):
            # Each line must (or must not) be found in the file named.
            lines = [l for l in body.split("\n") if l]
            case[kind.lower()].append((arg, lines))
        elif kind == "ABSENT":
            case["absent"].append(arg)
        else:
            raise SystemExit("%s: unknown part %s" % (path, kind))
    return case


def make_site(d, files):
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


def case_tests():
    cases = sorted(f for f in os.listdir(os.path.join(TESTS, "cases"))
                   if f.endswith(".case"))
    for cf in cases:
        case = parse_case(os.path.join(TESTS, "cases", cf))
        for kind, exe in BINARIES:
            name = "%s (%s)" % (cf[:-5], kind)
            with tempfile.TemporaryDirectory() as d:
                make_site(d, case["files"])
                # A previous good build that a failed build must keep.
                prev = os.path.join(d, "out")
                os.makedirs(os.path.join(prev, "briefings"))
                with open(os.path.join(prev, "index.html"), "w") as f:
                    f.write("previous good build\n")
                before = tree(prev)
                args = shlex.split(case["args"])
                env = None
                if "home" in case:
                    # "home: DIR": HOME is that folder of the site.
                    env = dict(ENV, HOME=os.path.join(d, case["home"]))
                code, out, err = run([exe] + args, d, env)
                why = ""
                if code == 99 or "Sanitizer" in err or "runtime error" in err:
                    why += "sanitizer report:\n" + err
                if str(code) != case["status"]:
                    why += "exit status %d, expected %s\n" % (code,
                                                             case["status"])
                if case["stderr"] is not None and err != case["stderr"]:
                    why += diff(case["stderr"], err)
                if case["stdout"] is not None and \
                        clean_stdout(out) != case["stdout"]:
                    why += diff(case["stdout"], clean_stdout(out))
                if case["status"] != "0" and "-o" in args and \
                        tree(prev) != before:
                    why += "the output folder changed after a failed build\n"
                for rel, lines in case["contains"] + case["lacks"]:
                    want = (rel, lines) in case["contains"]
                    try:
                        text = open(os.path.join(d, rel), encoding="utf-8",
                                    errors="replace").read()
                    except OSError as e:
                        why += "%s: %s\n" % (rel, e)
                        continue
                    for line in lines:
                        if (line in text) != want:
                            why += "%s %s: %s\n" % (
                                rel, "lacks" if want else "has", line)
                for rel in case["absent"]:
                    if os.path.exists(os.path.join(d, rel)):
                        why += "%s should not exist\n" % rel
                left = [x for x in os.listdir(d) if "herald-tmp" in x]
                if left:
                    why += "left behind: %s\n" % left
                if why:
                    fail(name, why)
                else:
                    ok(name)


# ---- golden sites ----

def strip_builtin(files):
    """Leaves out the built-in assets copied unchanged: layouts/assets is
    their golden copy already."""
    out = {}
    for k, v in files.items():
        src = os.path.join(ROOT, "layouts", k)
        if k.startswith("assets/") and os.path.isfile(src) and \
                open(src, "rb").read() == v:
            continue
        out[k] = v
    return out

def golden_tests():
    sites = sorted(os.listdir(os.path.join(TESTS, "sites")))
    for s in sites:
        src = os.path.join(TESTS, "sites", s)
        expected = os.path.join(TESTS, "golden", s)
        for kind, exe in BINARIES:
            name = "site %s (%s)" % (s, kind)
            with tempfile.TemporaryDirectory() as d:
                out = os.path.join(d, "out")
                code, stdout, err = run([exe, "build", "-s", src, "-o", out,
                                         "--date", DATE], ROOT)
                if code != 0 or err:
                    fail(name, "exit %d\n%s" % (code, err))
                    continue
                got = tree(out)
                missing = [a for a in os.listdir(os.path.join(ROOT, "layouts",
                                                              "assets"))
                           if "assets/" + a not in got]
                if missing:
                    fail(name, "built-in assets missing: %s" % missing)
                    continue
                got = strip_builtin(got)
                if GOLDEN:
                    shutil.rmtree(expected, ignore_errors=True)
                    for rel, data in got.items():
                        dst = os.path.join(expected, rel)
                        os.makedirs(os.path.dirname(dst), exist_ok=True)
                        with open(dst, "wb") as f:
                            f.write(data)
                    ok(name + " (golden rewritten)")
                    continue
                want = tree(expected)
                why = ""
                for f in sorted(set(want) | set(got)):
                    if f not in got:
                        why += "missing: %s\n" % f
                    elif f not in want:
                        why += "unexpected: %s\n" % f
                    elif got[f] != want[f]:
                        why += diff(want[f].decode("utf-8", "replace"),
                                    got[f].decode("utf-8", "replace"),
                                    "golden/" + s + "/" + f, f)
                if why:
                    fail(name, why)
                else:
                    ok(name)


# ---- the example site in the repository ----

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


# ---- links and publishing ----

class Links(html.parser.HTMLParser):
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
        "a 20 MB page": ("---\ntitle: Big\n---\n" +
            "A line of ordinary text, long enough to matter.\n\n" * 400000,
            0, ""),
        "quotes nested 10,000 deep": ("---\ntitle: Deep\n---\n" +
            "> " * 10000 + "deep\n", 1, deep),
        "lists nested 10,000 deep": ("---\ntitle: Deep\n---\n" +
            "".join("  " * i + "- x\n" for i in range(10000)), 1,
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


# ---- fuzz targets ----

# A replay that fails leaves its input under build/, never in the tree.
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


def timings_test():
    """build --timings names each stage, its time, the CPU time it used and
    the peak memory, in order, on standard error."""
    stages = ["load", "link", "markdown", "layouts", "begin", "pdfs",
              "pages", "assets", "commit"]
    with tempfile.TemporaryDirectory() as d:
        for label, exe in BINARIES:
            name = "build --timings lists every stage (%s)" % label
            code, out, err = run([exe, "build", "--timings", "-o",
                                  os.path.join(d, "out-" + label), "--date",
                                  DATE], ROOT)
            got = [re.match(r"herald: ([a-z]+) +\d+\.\d{3} s, CPU +\d+\.\d{3} "
                            r"s, peak memory \d+ MB$", l)
                   for l in err.splitlines()]
            if code != 0 or None in got or \
                    [m.group(1) for m in got] != stages or \
                    not out.startswith("built "):
                fail(name, "exit %d\n%s%s" % (code, out, err))
            else:
                ok(name)


def order_tests():
    """Sections list newest first (ties by title); the build date decides
    which training sessions are upcoming."""
    files = {}
    for slug, date, title in (("a", "2024-01-05", "Alpha"),
                              ("b", "2024-03-01", "Bravo"),
                              ("c", "2024-03-01", "Charlie"),
                              ("d", "2023-12-31", "Delta"),
                              ("e", "2025-02-28", "Echo")):
        files["content/newsletters/%s.md" % slug] = (
            "---\ntitle: %s\ndate: %s\n---\nText.\n" % (title, date)).encode()
    files["content/training/course.md"] = (
        "---\ntitle: Course\nformat: classroom\nsessions:\n"
        "  - {date: 2026-12-01, start: \"10:00\", end: \"12:00\", venue: Hall A}\n"
        "  - {date: 2027-01-15, start: \"13:00\", end: \"15:00\", venue: Hall B}\n"
        "---\nText.\n").encode()
    with tempfile.TemporaryDirectory() as d:
        make_site(d, files)
        for kind, exe in BINARIES:
            out = os.path.join(d, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "-o", out, "--date",
                                "2026-11-22"], d)
            p = Links()
            p.feed(open(os.path.join(out, "newsletters", "index.html"),
                        encoding="utf-8").read())
            got = [u.split("/")[-2] for u in p.urls
                   if re.match(r"^\.\./newsletters/[a-e]/", u)]
            want = ["e", "b", "c", "a", "d"]
            if code != 0 or got != want:
                fail("newsletters newest first (%s)" % kind,
                     "exit %d %s\ngot %s, want %s" % (code, err, got, want))
            else:
                ok("newsletters newest first (%s)" % kind)
        for date, want_a, want_b in (("2026-11-22", True, True),
                                     ("2026-12-01", True, True),
                                     ("2026-12-02", False, True),
                                     ("2027-01-16", False, False)):
            out = os.path.join(d, "out-" + date)
            code, _, err = run([BINARIES[0][1], "build", "-q", "-o", out,
                                "--date", date], d)
            why = "exit %d %s" % (code, err) if code else ""
            for page in ("training/index.html", "training/course/index.html"):
                text = open(os.path.join(out, page), encoding="utf-8").read()
                if ("Hall A" in text) != want_a or ("Hall B" in text) != want_b:
                    why += "%s: Hall A %s, Hall B %s\n" % (
                        page, "Hall A" in text, "Hall B" in text)
            text = open(os.path.join(out, "training/course/index.html"),
                        encoding="utf-8").read()
            none = "No sessions are scheduled at the moment." in text
            if none != (not want_a and not want_b):
                why += "course page: 'none scheduled' is %s\n" % none
            name = "training sessions upcoming on %s" % date
            if why:
                fail(name, why)
            else:
                ok(name)


def loop_tests():
    """A document listed on several pages shows the same card on each, made
    once and kept (layout.c's fill_item); a card that reads the page or
    loop.index is made for each page."""
    files = {}
    for slug, date, themes in (("one", "2026-01-05", "[neglect, early-help]"),
                               ("two", "2026-02-05", "[neglect]"),
                               ("three", "2026-03-05", "[early-help, neglect]")):
        files["content/bulletins/%s.md" % slug] = (
            "---\ntitle: Bulletin %s\ndate: %s\nthemes: %s\n"
            "summary: About %s & more.\n---\nText.\n" % (
                slug, date, themes, slug)).encode()
    impure = (
        "<!doctype html>\n<html><head><title>card</title></head><body>"
        "<a class=\"t\" data-attr-href=\"item.url\" data-text=\"item.title\">"
        "x</a><i class=\"on\" data-text=\"page.title\">p</i>"
        "<b class=\"n\" data-text=\"loop.index\">1</b></body></html>\n")
    base = (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title data-text=\"page.title\">t</title></head><body>\n"
        "<header><ul><li><b>1</b></li><li><b>2</b></li><li><b>3</b></li></ul>"
        "<nav><ul><li data-each=\"item in site.nav\"><a data-attr-href="
        "\"item.url\" data-attr-aria-current=\"item.current\" data-text="
        "\"item.title\">x</a></li></ul></nav><p data-text=\"site.title\">s"
        "</p></header>\n<main data-block=\"main\"></main>\n<footer><ul><li>"
        "<b>1</b></li><li><b>2</b></li><li><b>3</b></li></ul><p class=\"ft\" "
        "data-text=\"page.title\">p</p></footer>\n</body></html>\n")
    card = re.compile(r'<a class="t" href="([^"]*)">([^<]*)</a>'
                      r'<i class="on">([^<]*)</i><b class="n">(\d+)</b>')
    with tempfile.TemporaryDirectory() as d:
        make_site(d, files)
        for kind, exe in BINARIES:
            # The default cards: each link made for its page's depth.
            out = os.path.join(d, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "-j2", "-o", out], d)
            why = "exit %d %s" % (code, err) if code else ""
            for page, prefix, want in (
                    ("bulletins/index.html", "../bulletins/",
                     ["three", "two", "one"]),
                    ("themes/neglect/index.html", "../../bulletins/",
                     ["three", "two", "one"]),
                    ("themes/early-help/index.html", "../../bulletins/",
                     ["three", "one"])):
                if code:
                    break
                text = open(os.path.join(out, page), encoding="utf-8").read()
                got = re.findall(r'<p class="card__title"><a href="([^"]*)">'
                                 r'Bulletin (\w+)</a>', text)
                if got != [(prefix + w + "/index.html", w) for w in want]:
                    why += "%s: cards %s\n" % (page, got)
                if text.count("About one &amp; more.") != ("one" in want):
                    why += "%s: summary of one shown %d times\n" % (
                        page, text.count("About one &amp; more."))
            name = "cards kept across list and theme pages (%s)" % kind
            fail(name, why) if why else ok(name)
            # Cards that read the page and loop.index are not kept.
            site = os.path.join(d, "impure")
            shutil.rmtree(site, ignore_errors=True)
            make_site(site, dict(files, **{
                "layouts/partials/item.html": impure.encode()}))
            out = os.path.join(site, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "-j2", "-o", out], site)
            why = "exit %d %s" % (code, err) if code else ""
            for page, title, prefix, want in (
                    ("bulletins/index.html", "Bulletins", "../bulletins/",
                     ["three", "two", "one"]),
                    ("themes/neglect/index.html", "Neglect",
                     "../../bulletins/", ["three", "two", "one"]),
                    ("themes/early-help/index.html", "Early help",
                     "../../bulletins/", ["three", "one"])):
                if code:
                    break
                text = open(os.path.join(out, page), encoding="utf-8").read()
                got = card.findall(text)
                exp = [(prefix + w + "/index.html", "Bulletin " + w, title,
                        str(i + 1)) for i, w in enumerate(want)]
                if got != exp:
                    why += "%s:\n got %s\nwant %s\n" % (page, got, exp)
            name = "cards that read the page made per page (%s)" % kind
            fail(name, why) if why else ok(name)
            # A header that reads only site is kept for pages of one nav
            # state; a footer that reads the page is made for each.
            site = os.path.join(d, "base")
            shutil.rmtree(site, ignore_errors=True)
            make_site(site, dict(files, **{
                "layouts/base.html": base.encode(),
                "site.yaml": (DEFAULT_SITE + "nav:\n"
                              "  - {title: Home, url: /}\n"
                              "  - {title: Bulletins, url: \"ref:bulletins\"}\n"
                              "  - {title: Themes, url: \"ref:themes\"}\n"
                              ).encode()}))
            out = os.path.join(site, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "-j2", "-o", out], site)
            why = "exit %d %s" % (code, err) if code else ""
            for page, title, cur in (
                    ("index.html", "Test Partnership", "index.html"),
                    ("bulletins/one/index.html", "Bulletin one",
                     "../../bulletins/index.html"),
                    ("bulletins/two/index.html", "Bulletin two",
                     "../../bulletins/index.html"),
                    ("bulletins/index.html", "Bulletins",
                     "../bulletins/index.html"),
                    ("themes/neglect/index.html", "Neglect",
                     "../../themes/index.html"),
                    ("themes/early-help/index.html", "Early help",
                     "../../themes/index.html")):
                if code:
                    break
                text = open(os.path.join(out, page), encoding="utf-8").read()
                got = re.findall(r'<a href="([^"]*)" aria-current="">', text)
                foot = re.findall(r'<p class="ft">([^<]*)</p>', text)
                if got != [cur] or foot != [title]:
                    why += "%s: current %s, footer %s\n" % (page, got, foot)
            name = "kept headers follow the nav, footers the page (%s)" % kind
            fail(name, why) if why else ok(name)


def search_text_tests():
    """The search index's text is the body with every run of white space
    made one space: code blocks with spaces, tabs and line breaks at every
    place (herald's scan takes several bytes a step) come out as a byte-by-byte
    reference makes them."""
    rnd = random.Random(8)
    files, want = {}, {}
    for i in range(40):
        text = "".join(rnd.choice("ab\u00e9 \t\n") if rnd.random() < 0.5
                       else rnd.choice(["  ", "x ", " y", "\t ", "word"])
                       for _ in range(rnd.randint(1, 120)))
        text = text.replace("`", "") or "x"
        slug = "p%02d" % i
        if i % 2:
            # A code block: its text has line breaks.
            body = "````\n%s\n````\n" % text
        else:
            # One line of a paragraph: text alone, spaces and tabs kept.
            text = "a" + text.replace("\n", " ") + "z"
            body = text + "\n"
        files["content/pages/%s.md" % slug] = (
            "---\ntitle: Page %d\n---\n%s" % (i, body)).encode()
        want["%s/index.html" % slug] = re.sub(r"[ \t\n\v\f\r]+", " ",
                                              text + "\n").strip(" ")
    # One pair of spaces, or one tab, alone in a line, at every offset.
    for k in range(1, 25):
        for sep, name in (("  ", "s"), ("\t", "t"), ("   ", "r")):
            text = "b" * k + sep + "c" * 9
            slug = "q%s%02d" % (name, k)
            files["content/pages/%s.md" % slug] = (
                "---\ntitle: Page %s\n---\n%s\n" % (slug, text)).encode()
            want["%s/index.html" % slug] = "b" * k + " " + "c" * 9
    with tempfile.TemporaryDirectory() as d:
        make_site(d, files)
        for kind, exe in BINARIES:
            out = os.path.join(d, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "--no-pdfs", "-o", out],
                               d)
            why = "exit %d %s" % (code, err) if code else ""
            if not code:
                js = open(os.path.join(out, "search", "index.js"),
                          encoding="utf-8").read()
                entries = json.loads(js[js.index("["):js.rindex("]") + 1])
                got = {e["url"]: e["text"] for e in entries}
                for url, w in sorted(want.items()):
                    if got.get(url) != w:
                        why += "%s:\n got %r\nwant %r\n" % (url, got.get(url), w)
            name = "search text folds white space (%s)" % kind
            fail(name, why) if why else ok(name)


def external(label, cmd, cwd=ROOT, env=None):
    """Runs a suite of its own that prints "ok NAME" / "FAIL NAME" lines
    and ends with "N passed, M failed"; folds its counts into ours."""
    global passed, failed
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
    passed += int(m.group(1))
    failed += int(m.group(2))
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
            failed += 1
    elif os.environ.get("VERBOSE"):
        print("ok   %s: %s checks" % (label, m.group(1)))


def feeds_tests():
    for kind, exe in BINARIES:
        external("feeds and calendars (%s)" % kind,
                 ["/usr/bin/python3", os.path.join(TESTS, "test_feeds.py"),
                  exe])


def pdf_tests():
    for kind, exe in BINARIES:
        external("PDFs (%s)" % kind,
                 ["/usr/bin/python3", os.path.join(TESTS, "test_pdf.py"),
                  exe])


def browser_tests():
    if GOLDEN:
        return
    env = dict(ENV)
    env["HERALD"] = BINARIES[0][1]
    external("browser, vnu and linkchecker", ["node", "test.js"],
             cwd=os.path.join(TESTS, "browser"), env=env)


def jobs_tests():
    """-j1 and -j2 write byte-identical sites; the threaded build has no
    data race under ThreadSanitizer."""
    with tempfile.TemporaryDirectory() as d:
        gen = os.path.join(d, "gen")
        subprocess.run(["/usr/bin/python3", os.path.join(TESTS, "bench",
                                                         "gen.py"), gen,
                        "300"], check=True)
        for label, src in (("the example site", ROOT),
                           ("a generated site of 300 files", gen)):
            outs = []
            for j in ("1", "2", "5"):
                out = os.path.join(d, "out-%s-%d" % (j, len(outs)))
                code, _, err = run([BINARIES[0][1], "build", "-q", "-j", j,
                                    "-s", src, "-o", out, "--date", DATE],
                                   ROOT)
                outs.append((code, err, tree(out)))
            name = "-j1, -j2 and -j5 give the same bytes for %s" % label
            if any(c != 0 or e for c, e, _ in outs) or \
                    not (outs[0][2] == outs[1][2] == outs[2][2]):
                fail(name, "\n".join("exit %d %s" % (c, e)
                                     for c, e, _ in outs))
            else:
                ok(name)
        # Messages come in the order of the files whatever -j is: break
        # every 10th file, some in their front matter (found while
        # loading), some in their text (found while rendering).
        broken = os.path.join(d, "broken")
        shutil.copytree(gen, broken)
        files = []
        for t in ("briefings", "bulletins", "newsletters", "training",
                  "pages"):
            folder = os.path.join(broken, "content", t)
            files += [os.path.join(folder, f)
                      for f in sorted(os.listdir(folder))
                      if f.endswith(".md")]
        for i, path in enumerate(files[::10]):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if i % 2:
                text = text.replace("---\n", "---\ncolour: red\n", 1)
            else:
                text += "\nSee [this](ref:briefings/no-such-briefing).\n"
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        errs = []
        for j in ("1", "2", "5", "5"):
            code, _, err = run([BINARIES[0][1], "build", "-j", j,
                                "-s", broken, "-o",
                                os.path.join(d, "out-broken"), "--date",
                                DATE], ROOT)
            errs.append((code, err))
        name = "-j1, -j2 and -j5 report errors in the same order"
        lines = errs[0][1].splitlines()
        names = [re.sub(r":\d+:\d+: (error|warning):.*", "", l)
                 for l in lines[:-1]]
        loaded = [n for n, l in zip(names, lines) if "colour" in l]
        rendered = [n for n, l in zip(names, lines) if "ref:" in l]
        if any(e != errs[0] for e in errs) or errs[0][0] != 1 or \
                len(lines) != len(files[::10]) + 1 or \
                loaded != [f for f in files[::10][1::2]] or \
                rendered != [f for f in files[::10][0::2]] or \
                names != loaded + rendered:
            fail(name, "\n----\n".join("exit %d\n%s" % e for e in errs))
        else:
            ok(name)
        tsan = os.path.join(ROOT, "build", "tsan", "herald")
        if os.path.exists(tsan) and not GOLDEN:
            env = dict(ENV)
            env["TSAN_OPTIONS"] = "halt_on_error=1:exitcode=66"
            p = subprocess.run([tsan, "build", "-q", "-j", "2", "-s", gen,
                                "-o", os.path.join(d, "tsan"), "--date",
                                DATE], env=env, capture_output=True)
            err = p.stderr.decode("utf-8", "replace")
            name = "no data race with -j2 (ThreadSanitizer)"
            if p.returncode != 0 or "ThreadSanitizer" in err:
                fail(name, "exit %d\n%s" % (p.returncode, err[:4000]))
            else:
                ok(name)


def rebuild_tests():
    """A rebuild keeps the PDFs whose inputs did not change, makes anew
    the one whose briefing did, and the result is the same as a fresh
    build."""
    name = "a rebuild makes only the PDFs whose briefings changed"
    with tempfile.TemporaryDirectory() as d:
        site = os.path.join(d, "site")
        shutil.copytree(ROOT, site, ignore=shutil.ignore_patterns(
            ".git", "build", "bin", "output", "tests", "node_modules"))
        out = os.path.join(d, "out")
        exe = BINARIES[0][1]
        args = [exe, "build", "-v", "-s", site, "-o", out, "--date", DATE]
        code1, out1, _ = run(args, d)
        with open(os.path.join(site, "content", "pages", "old-page.md"),
                  "w") as f:
            f.write("---\ntitle: Old page\n---\nOld.\n")
        code2, out2, _ = run(args, d)
        with open(os.path.join(site, "content", "briefings", "neglect.md"),
                  "a") as f:
            f.write("\nOne more line.\n")
        # A page gone, a page new: the recycled folder must follow.
        os.unlink(os.path.join(site, "content", "pages", "old-page.md"))
        with open(os.path.join(site, "content", "pages", "new-page.md"),
                  "w") as f:
            f.write("---\ntitle: New page\n---\nNew.\n")
        code3, out3, _ = run(args, d)
        fresh = os.path.join(d, "fresh")
        code4, _, _ = run([exe, "build", "-q", "-s", site, "-o", fresh,
                           "--date", DATE], d)
        made = lambda o: sorted(l for l in o.splitlines()
                                if l.endswith(".pdf"))
        why = ""
        if (code1, code2, code3, code4) != (0, 0, 0, 0):
            why += "exits %s\n" % ((code1, code2, code3, code4),)
        if len(made(out1)) != 7:
            why += "first build made %s\n" % made(out1)
        if made(out2):
            why += "unchanged rebuild made %s\n" % made(out2)
        if made(out3) != ["briefings/neglect.pdf"]:
            why += "after one change made %s\n" % made(out3)
        if tree(out) != tree(fresh):
            a, b = tree(out), tree(fresh)
            why += "the rebuilt site differs from a fresh build: %s\n" % (
                sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))[:10])
        if not os.path.isdir(os.path.join(d, ".out.herald-prev")):
            why += "no previous build kept for the next to recycle\n"
        if "7 PDFs" not in out2:
            why += "kept PDFs are not counted: %s\n" % out2[-200:]
        if why:
            fail(name, why)
        else:
            ok(name)


def main():
    os.chdir(ROOT)
    only = sys.argv[1:]
    for name, f in (("unit", unit_tests), ("cases", case_tests),
                    ("golden", golden_tests), ("example", example_site),
                    ("links", link_tests), ("kill", kill_test),
                    ("valgrind", valgrind_test),
                    ("pathological", pathological_tests),
                    ("fuzz", fuzz_tests), ("order", order_tests),
                    ("loops", loop_tests), ("search", search_text_tests),
                    ("timings", timings_test),
                    ("jobs", jobs_tests), ("rebuild", rebuild_tests),
                    ("feeds", feeds_tests), ("pdf", pdf_tests),
                    ("browser", browser_tests)):
        if not only or name in only:
            f()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
