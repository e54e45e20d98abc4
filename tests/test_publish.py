#!/usr/bin/python3
"""test_publish.py: the published site is never hurt by a build: killed,
interrupted, failed, concurrent or out of space, and -o never takes a folder
of someone else's files; the Landlock sandbox refuses a write outside.

usage: /usr/bin/python3 tests/test_publish.py path/to/herald [path/to/asan/herald]

The second binary (default build/asan/herald) is one built with
HERALD_TEST_HOOKS, for the sandbox test.  Prints "ok NAME", "FAIL NAME"
with details, or "skip NAME: why" for each check, then "N passed, M failed";
exits 1 on any failure.
"""
import ctypes
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-11-22"
TRIALS = 12
SEED = 15

ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.pop("HERALD_TEST_ESCAPE", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99")

passed = 0
failed = 0
HERALD = None
ASAN = None


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
    sys.stdout.flush()


def skip(name, why):
    print("skip %s: %s" % (name, why))
    sys.stdout.flush()


def run(args, cwd, env=None, exe=None):
    p = subprocess.run([exe or HERALD] + args, cwd=cwd, env=env or ENV,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def build(site, out, *extra):
    return run(["build", "-s", site, "-o", out, "--date", DATE, "-q"] +
               list(extra), site)


def tree(d):
    """Every file under d: relative path -> sha256."""
    t = {}
    for top, dirs, files in os.walk(d):
        for f in files:
            p = os.path.join(top, f)
            with open(p, "rb") as fh:
                t[os.path.relpath(p, d)] = hashlib.sha256(fh.read()).hexdigest()
    return t


def stale(parent):
    return sorted(x for x in os.listdir(parent) if "herald-tmp" in x)


def gen_site(d, n):
    subprocess.run([sys.executable, os.path.join(ROOT, "tests", "bench",
                                                 "gen.py"), d, str(n)],
                   check=True, stdout=subprocess.DEVNULL)


def content_files(site):
    out = []
    for top, _, files in os.walk(os.path.join(site, "content")):
        for f in files:
            if f.endswith(".md"):
                out.append(os.path.join(top, f))
    return sorted(out)


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text, (path, old)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


class Versions:
    """A generated site in two versions, A and B, switched by rewriting a
    third of its content files (every other briefing, so that some PDFs
    are kept and some made again)."""

    def __init__(self, site):
        self.site = site
        self.a, self.b = {}, {}
        for i, p in enumerate(content_files(site)):
            if "/briefings/" in p and i % 2 == 0 or \
                    "/briefings/" not in p and i % 3 == 0:
                with open(p, encoding="utf-8") as f:
                    text = f.read()
                self.a[p] = text
                self.b[p] = text.replace("\n---\n", "\n---\n\nChanged in "
                                         "version B.\n\n", 1)

    def use(self, which):
        for p, text in (self.a if which == "A" else self.b).items():
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)


def kill_harness(tmp):
    """SIGKILL at random moments of a rebuild: output/ is always exactly the
    old site or exactly the new one, file by file."""
    name = "kill harness: %d rebuilds killed at random moments" % TRIALS
    site = os.path.join(tmp, "kill", "site")
    gen_site(site, 300)
    v = Versions(site)
    refs = {}
    problems = []
    times = []
    for which in "AB":
        v.use(which)
        t0 = time.time()
        code, _, err = build(site, os.path.join(tmp, "kill", "ref" + which))
        times.append(time.time() - t0)
        if code != 0:
            report(name, ["reference build %s: exit %d\n%s"
                          % (which, code, err)])
            return
        refs[which] = tree(os.path.join(tmp, "kill", "ref" + which))
    if refs["A"] == refs["B"]:
        report(name, ["versions A and B build the same site"])
        return
    if not any(k.endswith(".pdf") for k in refs["A"]):
        problems.append("the generated site has no PDFs")
    out = os.path.join(site, "output")
    v.use("A")
    code, _, err = build(site, out)
    if code != 0:
        report(name, ["first build: exit %d\n%s" % (code, err)])
        return
    r = random.Random(SEED)
    span = max(times) * 1.2
    seen = {"A": 0, "B": 0}
    for trial in range(TRIALS):
        now = tree(out)
        cur = "A" if now == refs["A"] else "B" if now == refs["B"] else None
        if cur is None:
            problems.append("trial %d: output/ is neither site" % trial)
            break
        target = "B" if cur == "A" else "A"
        v.use(target)
        p = subprocess.Popen([HERALD, "build", "-s", site, "-o", out,
                              "--date", DATE, "-q"], cwd=site, env=ENV,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(r.uniform(0, span))
        p.send_signal(signal.SIGKILL)
        p.wait()
        after = tree(out)
        if after == refs["A"]:
            seen["A"] += 1
        elif after == refs["B"]:
            seen["B"] += 1
        else:
            mixed = [k for k in set(after) | set(refs[target])
                     if after.get(k) != refs[target].get(k) and
                     after.get(k) != refs[cur].get(k)]
            problems.append("trial %d (%s to %s): output/ mixes the two: "
                            "%d files neither, e.g. %s"
                            % (trial, cur, target, len(mixed), mixed[:3]))
    # A build after all that cleans up and publishes.
    v.use("B")
    code, _, err = build(site, out)
    if code != 0 or tree(out) != refs["B"]:
        problems.append("final build: exit %d, output %s\n%s" % (
            code, "right" if tree(out) == refs["B"] else "wrong", err))
    if stale(site):
        problems.append("left behind: %s" % stale(site))
    links = [k for k in refs["B"] if k.endswith(".pdf") and
             os.stat(os.path.join(out, k)).st_nlink != 1]
    if links:
        problems.append("PDFs sharing an inode: %s" % links[:3])
    print("     (output after the kills: %d old, %d new)"
          % (seen["A"], seen["B"]))
    report(name, problems)


def signal_tests(tmp):
    """SIGINT and SIGTERM: the build folder goes, one line says nothing was
    published, exit 130 or 143, output/ as it was."""
    site = os.path.join(tmp, "sig", "site")
    gen_site(site, 300)
    out = os.path.join(site, "output")
    code, _, err = build(site, out)
    before = tree(out)
    want = "herald: interrupted; nothing was published, %s/ is as it was\n" \
        % out
    for sig, status in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        name = "%s during a build" % signal.Signals(sig).name
        problems = []
        edit(os.path.join(site, "site.yaml"), "title: ", "title: X")
        p = subprocess.Popen([HERALD, "build", "-s", site, "-o", out,
                              "--date", DATE, "-q"], cwd=site, env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Once the build folder is there, a moment into the writing.
        deadline = time.time() + 30
        while time.time() < deadline and p.poll() is None and \
                not stale(site):
            time.sleep(0.002)
        time.sleep(0.1)
        p.send_signal(sig)
        sout, serr = p.communicate()
        serr = serr.decode("utf-8", "replace")
        if p.returncode == 0:
            skip(name, "the build ended before the signal")
            before = tree(out)
            continue
        if p.returncode != status:
            problems.append("exit %d, expected %d" % (p.returncode, status))
        if serr != want:
            problems.append("stderr %r, expected %r" % (serr, want))
        if tree(out) != before:
            problems.append("output/ changed")
        if stale(site):
            problems.append("left behind: %s" % stale(site))
        report(name, problems)
    shutil.rmtree(os.path.join(tmp, "sig"))


def lock_tests(tmp):
    """One build at a time: a held lock is waited for, then named; two
    builds at once publish one complete site."""
    import fcntl
    site = os.path.join(tmp, "lock", "site")
    gen_site(site, 200)
    out = os.path.join(site, "output")
    code, _, err = build(site, out)
    ref = tree(out)

    name = "a build while another holds the lock says which"
    lock = os.path.join(site, ".output.herald-lock")
    with open(lock, "r+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.truncate(0)
        f.write("4242\n")
        f.flush()
        t0 = time.time()
        code, _, err = build(site, out)
        waited = time.time() - t0
    want = ("herald: error: another herald build is writing %s/ (pid 4242)\n"
            "1 error\n" % out)
    problems = []
    if code != 1 or err != want:
        problems.append("exit %d, stderr %r; expected 1, %r"
                        % (code, err, want))
    if waited < 1.5:
        problems.append("gave up after %.2f s without waiting" % waited)
    if tree(out) != ref or stale(site):
        problems.append("output/ changed or a folder was left")
    report(name, problems)

    name = "two builds at once: one waits or is refused, one site"
    edit(os.path.join(site, "site.yaml"), "title: ", "title: Y")
    procs = [subprocess.Popen([HERALD, "build", "-s", site, "-o", out,
                               "--date", DATE, "-q", "-j1"], cwd=site,
                              env=ENV, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(2)]
    res = [(p.wait(), p.stderr.read().decode()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    problems = []
    pat = (r"herald: error: another herald build is writing %s/ \(pid (\d+)\)"
           r"\n1 error\n$" % re.escape(out))
    for i, (code, err) in enumerate(res):
        m = re.match(pat, err)
        if code == 0 and err == "":
            continue
        if code == 1 and m and int(m.group(1)) == procs[1 - i].pid:
            continue
        problems.append("build %d: exit %d\n%s" % (i, code, err))
    if not any(code == 0 for code, _ in res):
        problems.append("neither build published")
    ref2 = os.path.join(tmp, "lock", "ref")
    code, _, err = build(site, ref2)
    if tree(out) != tree(ref2):
        problems.append("the published site is not the complete build")
    if stale(site):
        problems.append("left behind: %s" % stale(site))
    report(name, problems)

    name = "stale build folders go only when their build is gone"
    done = subprocess.run(["true"])
    dead = subprocess.Popen(["true"])
    dead.wait()
    live = subprocess.Popen(["sleep", "30"])
    mine = os.path.join(site, ".output.herald-tmp-%d-aaaaaa" % live.pid)
    gone = os.path.join(site, ".output.herald-tmp-%d-bbbbbb" % dead.pid)
    old = os.path.join(site, ".output.herald-tmp-cccccc")
    for d in (mine, gone, old):
        os.makedirs(os.path.join(d, "briefings"))
    code, _, err = build(site, out)
    problems = []
    if code != 0:
        problems.append("exit %d\n%s" % (code, err))
    if not os.path.isdir(mine):
        problems.append("removed the folder of a running build")
    if os.path.exists(gone) or os.path.exists(old):
        problems.append("left the folders of builds that are gone: %s"
                        % stale(site))
    live.kill()
    live.wait()
    shutil.rmtree(mine, ignore_errors=True)
    del done
    report(name, problems)
    shutil.rmtree(os.path.join(tmp, "lock"))


def foreign_tests(tmp):
    """-o at a folder of someone's files is refused and the files stay; a
    hidden previous build that herald did not make is left alone."""
    base = os.path.join(tmp, "foreign")
    site = os.path.join(base, "site")
    shutil.copytree(os.path.join(ROOT, "content"),
                    os.path.join(site, "content"))
    shutil.copy(os.path.join(ROOT, "site.yaml"), site)
    docs = os.path.join(base, "docs")
    os.makedirs(os.path.join(docs, "thesis"))
    for rel, text in (("thesis/chapter1.txt", "Chapter one.\n"),
                      ("tax-2025.xlsx", "numbers\n")):
        with open(os.path.join(docs, rel), "w") as f:
            f.write(text)
    before = tree(docs)
    name = "-o at a folder of someone's files is refused, twice"
    want = ("herald: error: %s/ holds files herald did not write: choose an "
            "empty folder, or remove them\n1 error\n" % docs)
    problems = []
    for attempt in (1, 2):
        code, _, err = build(site, docs)
        if code != 2 or err != want:
            problems.append("attempt %d: exit %d, stderr %r" % (attempt, code,
                                                                err))
    if tree(docs) != before:
        problems.append("the folder's files changed")
    if any("herald" in x for x in os.listdir(base)):
        problems.append("beside it: %s" % os.listdir(base))
    report(name, problems)

    name = "an empty folder is taken, and rebuilt"
    empty = os.path.join(base, "empty")
    os.makedirs(empty)
    problems = []
    for attempt in (1, 2):
        code, _, err = build(site, empty)
        if code != 0 or not os.path.isfile(os.path.join(empty, "index.html")):
            problems.append("build %d: exit %d\n%s" % (attempt, code, err))
    report(name, problems)

    name = "an earlier herald's output, made before the mark, is taken"
    earlier = os.path.join(base, "earlier")
    for rel in ("404.html", "sitemap.xml", "search/index.js",
                "assets/search.js", "briefings/old.pdf"):
        os.makedirs(os.path.dirname(os.path.join(earlier, rel)),
                    exist_ok=True)
        with open(os.path.join(earlier, rel), "w") as f:
            f.write("old\n")
    problems = []
    code, _, err = build(site, earlier)
    if code != 0:
        problems.append("exit %d\n%s" % (code, err))
    if os.path.exists(os.path.join(earlier, "briefings", "old.pdf")):
        problems.append("the earlier build's files are still published")
    report(name, problems)

    name = "a hidden previous build herald did not make is left alone"
    out = os.path.join(base, "out")
    prev = os.path.join(base, ".out.herald-prev")
    os.makedirs(prev)
    with open(os.path.join(prev, "mine.txt"), "w") as f:
        f.write("mine\n")
    problems = []
    for attempt in (1, 2, 3):
        code, _, err = build(site, out)
        if code != 0:
            problems.append("build %d: exit %d\n%s" % (attempt, code, err))
    if tree(prev) != {"mine.txt": hashlib.sha256(b"mine\n").hexdigest()}:
        problems.append(".out.herald-prev changed: %s" % sorted(tree(prev)))
    report(name, problems)


def failed_rebuild_test(tmp):
    """A rebuild that fails after making PDFs again, once PDFs were kept,
    leaves every live PDF's bytes, inode and link count as they were."""
    name = "a failed rebuild leaves the kept PDFs of output/ alone"
    site = os.path.join(tmp, "fail", "site")
    shutil.copytree(os.path.join(ROOT, "content"),
                    os.path.join(site, "content"))
    shutil.copy(os.path.join(ROOT, "site.yaml"), site)
    out = os.path.join(site, "output")
    problems = []
    for attempt in (1, 2, 3):
        code, _, err = build(site, out)
        if code != 0:
            report(name, ["build %d: exit %d\n%s" % (attempt, code, err)])
            return
    pdfs = sorted(os.path.join(out, "briefings", f)
                  for f in os.listdir(os.path.join(out, "briefings"))
                  if f.endswith(".pdf"))

    def state():
        st = {}
        for p in pdfs:
            s = os.stat(p)
            with open(p, "rb") as f:
                st[p] = (s.st_ino, s.st_nlink, hashlib.sha256(
                    f.read()).hexdigest())
        return st
    before = state()
    if any(n != 1 for _, n, _ in before.values()):
        problems.append("a live PDF has %s links" % [
            n for _, n, _ in before.values()])
    # Every briefing changed, so every PDF is made again; one overflows.
    briefs = sorted(f for f in content_files(site) if "/briefings/" in f)
    for p in briefs:
        edit(p, "\n---\n", "\n---\n\nChanged.\n\n")
    edit(briefs[-1], "\n## ", "\n## " + " ".join("word%d" % i
                                                 for i in range(600)) + "\n\n")
    code, _, err = build(site, out)
    if code != 1:
        problems.append("the failing build: exit %d\n%s" % (code, err))
    if state() != before:
        problems.append("live PDFs changed:\n%s" % "\n".join(
            "%s: %s -> %s" % (p, before[p], state().get(p))
            for p in pdfs if state().get(p) != before[p]))
    if stale(site):
        problems.append("left behind: %s" % stale(site))
    report(name, problems)


def nospace_test(tmp):
    """A rebuild that runs out of room (ENOSPC on a small tmpfs; EACCES on a
    read-only folder where no tmpfs can be mounted) fails with the file
    named and leaves output/ as it was."""
    site = os.path.join(tmp, "space", "site")
    gen_site(site, 120)
    mnt = os.path.join(tmp, "space", "mnt")
    os.makedirs(mnt)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m",
                              "tmpfs", mnt], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL).returncode == 0
    try:
        if mounted:
            name = "ENOSPC in a rebuild leaves output/ as it was"
            out = os.path.join(mnt, "out")
            code, _, err = build(site, out)
            if code != 0:
                report(name, ["first build: exit %d\n%s" % (code, err)])
                return
            before = tree(out)
            st = os.statvfs(mnt)
            free = st.f_bavail * st.f_frsize
            size = sum(os.path.getsize(os.path.join(t, f))
                       for t, _, fs in os.walk(out) for f in fs)
            with open(os.path.join(mnt, "filler"), "wb") as f:
                f.write(b"\0" * max(0, free - size // 3))
            edit(os.path.join(site, "site.yaml"), "title: ", "title: Z")
            code, _, err = build(site, out)
            problems = []
            if code != 1 or "No space left on device" not in err:
                problems.append("exit %d\n%s" % (code, err[-2000:]))
            if tree(out) != before:
                problems.append("output/ changed")
            if stale(mnt):
                problems.append("left behind: %s" % stale(mnt))
            os.unlink(os.path.join(mnt, "filler"))
            code, _, err = build(site, out)
            if code != 0:
                problems.append("with room again: exit %d\n%s" % (code, err))
            report(name, problems)
        elif os.geteuid() != 0:
            name = "EACCES in a rebuild leaves output/ as it was"
            base = os.path.join(tmp, "space", "ro")
            out = os.path.join(base, "out")
            os.makedirs(base)
            code, _, err = build(site, out)
            before = tree(out)
            os.chmod(base, 0o555)
            try:
                code, _, err = build(site, out)
            finally:
                os.chmod(base, 0o755)
            problems = []
            if code != 1 or "Permission denied" not in err:
                problems.append("exit %d\n%s" % (code, err))
            if tree(out) != before:
                problems.append("output/ changed")
            report(name, problems)
        else:
            skip("a full disk", "no tmpfs can be mounted here, and root "
                 "writes read-only folders")
    finally:
        if mounted:
            subprocess.run(["umount", mnt])


def landlock_abi():
    """The kernel's Landlock ABI (0: none) and why, as herald sees it."""
    lsm = "/sys/kernel/security/lsm"
    if os.path.exists(lsm):
        with open(lsm) as f:
            if "landlock" not in f.read().split(","):
                return 0, "landlock is not in %s" % lsm
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    # landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)
    abi = libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return 0, "landlock_create_ruleset: %s" % os.strerror(
            ctypes.get_errno())
    return abi, ""


def sandbox_tests(tmp):
    """Landlock: with the sandbox on, a write outside the output's folder is
    refused (EACCES) and the build goes on."""
    name = "Landlock refuses a write outside"
    if not ASAN or not os.access(ASAN, os.X_OK):
        skip(name, "no test build at %s (make build/asan/herald)" % ASAN)
        return
    abi, why = landlock_abi()
    base = os.path.join(tmp, "sandbox")
    site = os.path.join(base, "site")
    shutil.copytree(os.path.join(ROOT, "content"),
                    os.path.join(site, "content"))
    shutil.copy(os.path.join(ROOT, "site.yaml"), site)
    outside = os.path.join(base, "elsewhere")
    os.makedirs(outside)
    if abi < 1:
        code, _, err = run(["build", "-s", site, "-o",
                            os.path.join(base, "w", "out"), "--date", DATE,
                            "-v"], site, exe=ASAN)
        skip(name, "this kernel has no Landlock (%s)" % why)
        report("-v says the build is not sandboxed",
               [] if "not sandboxed" in err else ["stderr:\n" + err])
        return
    problems = []
    for cmd, target, outdir in (
            ("build", os.path.join(outside, "escape.txt"),
             os.path.join(base, "w", "out")),
            ("build", os.path.join(site, "content", "escape.txt"),
             os.path.join(base, "w", "out")),
            ("check", os.path.join(site, "escape.txt"), None)):
        env = dict(ENV, HERALD_TEST_ESCAPE=target)
        args = [cmd, "-s", site, "--date", DATE, "-q"]
        if outdir:
            args += ["-o", outdir]
        code, _, err = run(args, site, env=env, exe=ASAN)
        want = "herald: test escape: cannot write %s: Permission denied\n" \
            % target
        if code != 0 or err != want:
            problems.append("%s, writing %s: exit %d, stderr %r"
                            % (cmd, target, code, err))
        if os.path.exists(target):
            problems.append("%s was written" % target)
    # herald pdf writes only in the PDF's folder.
    os.makedirs(os.path.join(base, "p"))
    brief = sorted(f for f in content_files(site) if "/briefings/" in f)[0]
    target = os.path.join(site, "escape-pdf.txt")
    code, _, err = run(["pdf", brief, "-s", site, "-o",
                        os.path.join(base, "p", "one.pdf"), "--date", DATE,
                        "-q"], site, env=dict(ENV, HERALD_TEST_ESCAPE=target),
                       exe=ASAN)
    if code != 0 or err != "herald: test escape: cannot write %s: " \
            "Permission denied\n" % target or os.path.exists(target) or \
            not os.path.isfile(os.path.join(base, "p", "one.pdf")):
        problems.append("pdf, writing %s: exit %d, stderr %r" % (target, code,
                                                                 err))
    # Beside the output is allowed: the sandbox is not simply everything.
    target = os.path.join(base, "w", "beside.txt")
    code, _, err = run(["build", "-s", site, "-o",
                        os.path.join(base, "w", "out"), "--date", DATE, "-q"],
                       site, env=dict(ENV, HERALD_TEST_ESCAPE=target),
                       exe=ASAN)
    if code != 0 or err != "herald: test escape: wrote %s\n" % target:
        problems.append("beside the output: exit %d, stderr %r" % (code, err))
    code, _, err = run(["build", "-s", site, "-o",
                        os.path.join(base, "w", "out"), "--date", DATE, "-v"],
                       site, exe=ASAN)
    if "not sandboxed" in err:
        problems.append("-v says not sandboxed with Landlock ABI %d" % abi)
    report("%s (ABI %d)" % (name, abi), problems)


def main():
    global HERALD, ASAN
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: test_publish.py path/to/herald [path/to/asan/herald]")
    HERALD = os.path.abspath(sys.argv[1])
    ASAN = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 else \
        os.path.join(ROOT, "build", "asan", "herald")
    with tempfile.TemporaryDirectory() as tmp:
        foreign_tests(tmp)
        failed_rebuild_test(tmp)
        sandbox_tests(tmp)
        lock_tests(tmp)
        signal_tests(tmp)
        nospace_test(tmp)
        kill_harness(tmp)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
