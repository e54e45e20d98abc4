#!/usr/bin/python3
"""bench.py: make bench: herald side by side with Hugo and the cmark-gfm floor.

For each site size (1,000 and 10,000 content files, made by gen.py), runs
every contender REPS times (default 3) in turn and prints, per contender, the
median and range of wall time, CPU time (user + system) and peak memory, then
the ratios herald/Hugo and herald/floor.  It never fails on a figure.

Contenders:
  herald -jN (HTML)   bin/herald build --no-pdfs -j N into a fresh folder
  herald -jN          bin/herald build -j N, with every briefing's PDF
  hugo                Hugo (Debian) on the same content, equivalent layouts
  floor               cmark-gfm alone rendering the same Markdown, one process
  search page         then, in headless Chromium (tests/bench/search.js), the
                      bytes each query transfers and its time to first results
  old herald ...      with HERALD_OLD=PATH, that binary too (say, the last
                      release), run in turn with the new one, and the
                      ratios new/old
"""
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
BENCH = os.path.join(ROOT, "build", "bench")
REPS = int(os.environ.get("REPS", "3"))
OLD = os.environ.get("HERALD_OLD")
SIZES = [int(x) for x in os.environ.get("SIZES", "1000 10000").split()]
JOBS = os.cpu_count() or 2
# Outputs go to memory (tmpfs) when there is one, so that the disk's own
# moods (this machine's file system takes ~0.5 ms per new folder and
# trims after deletions) do not swamp the programs being compared.
OUTBASE = os.environ.get("BENCH_OUT") or (
    "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK)
    else None)


def timed(cmd, cwd=None, stdin=None):
    """Wall s, CPU s, peak KB of one run, from GNU time."""
    with tempfile.NamedTemporaryFile("r") as t:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o",
                            t.name] + cmd, cwd=cwd, stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            sys.stderr.write("bench: %s failed:\n%s\n" % (
                " ".join(cmd), p.stderr.decode()[-2000:]))
            return None
        wall, user, sys_, kb = t.read().split()[-4:]
        return float(wall), float(user) + float(sys_), int(kb)


def gen_stamp():
    with open(os.path.join(ROOT, "tests", "bench", "gen.py"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def site(n):
    """The synthetic site of n files, made anew when gen.py changed."""
    d = os.path.join(BENCH, "site%d" % n)
    stamp = os.path.join(BENCH, "site%d.stamp" % n)
    if os.path.isdir(d) and (not os.path.exists(stamp) or
                             open(stamp).read() != gen_stamp()):
        shutil.rmtree(d)
        shutil.rmtree(os.path.join(BENCH, "hugo%d" % n), ignore_errors=True)
    if not os.path.isdir(d):
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests",
                        "bench", "gen.py"), d, str(n)], check=True)
        with open(stamp, "w") as f:
            f.write(gen_stamp())
    return d


def hugo_site(n, src):
    d = os.path.join(BENCH, "hugo%d" % n)
    if not os.path.isdir(d):
        shutil.copytree(os.path.join(ROOT, "tests", "bench", "hugo"), d)
        shutil.copytree(os.path.join(src, "content"),
                        os.path.join(d, "content"),
                        ignore=shutil.ignore_patterns("media"))
    return d


def fmt(values, unit):
    if not values:
        return "failed"
    med = statistics.median(values)
    if unit == "MB":
        return "%.0f MB (%.0f–%.0f)" % (med, min(values), max(values))
    return "%.2f s (%.2f–%.2f)" % (med, min(values), max(values))


def main():
    os.makedirs(BENCH, exist_ok=True)
    floor = os.path.join(BENCH, "floor")
    subprocess.run("cc -O2 -o %s %s $(pkg-config --cflags --libs "
                   "libcmark-gfm)" % (floor, os.path.join(
                       ROOT, "tests", "bench", "floor.c")),
                   shell=True, check=True)
    herald = os.path.join(ROOT, "bin", "herald")
    have_hugo = shutil.which("hugo") is not None
    nopdf = b"--no-pdfs" in subprocess.run([herald, "build", "--help"],
                                           capture_output=True).stdout
    print("make bench: %d repetitions, medians (ranges), %d cores, "
          "output to %s" % (REPS, JOBS, OUTBASE or BENCH))
    for n in SIZES:
        src = site(n)
        files = sorted(os.path.join(b, f) for b, _, fs in os.walk(
            os.path.join(src, "content")) for f in fs if f.endswith(".md"))
        size = sum(os.path.getsize(f) for f in files)
        listing = os.path.join(BENCH, "files%d.txt" % n)
        with open(listing, "w") as f:
            f.write("\n".join(files) + "\n")
        contenders = []
        if nopdf:
            contenders.append(("herald -j%d (HTML)" % JOBS,
                               lambda out: [herald, "build", "-q", "--no-pdfs",
                                            "-j", str(JOBS), "-s", src, "-o",
                                            out, "--date", "2026-11-22"]))
        contenders.append(("herald -j%d" % JOBS,
                           lambda out: [herald, "build", "-q", "-j",
                                        str(JOBS), "-s", src, "-o", out,
                                        "--date", "2026-11-22"]))
        contenders.append(("herald -j1", lambda out: [
            herald, "build", "-q", "-j", "1", "-s", src, "-o", out,
            "--date", "2026-11-22"]))
        if OLD:
            contenders.append(("old herald -j%d (HTML)" % JOBS,
                               lambda out: [OLD, "build", "-q", "--no-pdfs",
                                            "-j", str(JOBS), "-s", src, "-o",
                                            out, "--date", "2026-11-22"]))
            contenders.append(("old herald -j%d" % JOBS,
                               lambda out: [OLD, "build", "-q", "-j",
                                            str(JOBS), "-s", src, "-o", out,
                                            "--date", "2026-11-22"]))
        if have_hugo:
            hs = hugo_site(n, src)
            contenders.append(("hugo", lambda out: [
                "hugo", "--quiet", "-s", hs, "-d", out]))
        results = {name: [] for name, _ in contenders}
        results["floor"] = []
        for rep in range(REPS):
            for name, cmd in contenders:
                with tempfile.TemporaryDirectory(dir=OUTBASE or BENCH) as t:
                    r = timed(cmd(os.path.join(t, "out")))
                if r:
                    results[name].append(r)
            with open(listing) as f:
                r = timed([floor, "-"], stdin=f)
            if r:
                results["floor"].append(r)
        print("\n%d content files, %.1f MB of Markdown" % (n, size / 1e6))
        print("%-22s %-22s %-22s %s" % ("", "wall", "CPU", "peak memory"))
        for name in results:
            rs = results[name]
            print("%-22s %-22s %-22s %s" % (
                name, fmt([r[0] for r in rs], "s"),
                fmt([r[1] for r in rs], "s"),
                fmt([r[2] / 1024 for r in rs], "MB")))

        def med(name, i):
            rs = results.get(name) or []
            return statistics.median(r[i] for r in rs) if rs else None
        main_name = contenders[0][0]
        for other in ("hugo", "floor"):
            a, b = med(main_name, 0), med(other, 0)
            if a and b:
                print("%s / %s: wall %.2f×" % (main_name, other, a / b))
        if OLD:
            for name in ("herald -j%d (HTML)" % JOBS, "herald -j%d" % JOBS):
                for i, what in ((0, "wall"), (1, "CPU")):
                    a, b = med(name, i), med("old " + name, i)
                    if a and b:
                        print("%s / old: %s %.3f×" % (name, what, a / b))
        search_bench(herald, src)
    search_bench(herald, ROOT, "the example site")
    if not have_hugo:
        print("\n(hugo is not installed: apt-get install hugo)")


# Two-word queries and one word, for the search page's measure.
SEARCH_QUERIES = ["safeguarding children", "neglect curiosity", "review"]


def search_bench(herald, src, label=None):
    """The search page in headless Chromium (tests/bench/search.js): bytes
    transferred per query and the time to the first results."""
    js = os.path.join(ROOT, "tests", "bench", "search.js")
    if not shutil.which("node") or not os.path.isdir(os.path.join(
            ROOT, "tests", "browser", "node_modules", "playwright-core")):
        print("\n(search: no node or tests/browser/node_modules: "
              "make browser-deps tests/browser/node_modules/.package-lock.json)")
        return
    with tempfile.TemporaryDirectory(dir=OUTBASE or BENCH) as t:
        out = os.path.join(t, "out")
        if subprocess.run([herald, "build", "-q", "--no-pdfs", "-s", src,
                           "-o", out, "--date", "2026-11-22"]).returncode:
            return
        print("\nsearch page, %s:" % (label or os.path.basename(src)))
        sys.stdout.flush()
        subprocess.run(["node", js, out] + SEARCH_QUERIES)


main()
