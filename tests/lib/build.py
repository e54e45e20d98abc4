"""build.py: the build as a process: --timings, -j giving the same bytes and
the same messages, no data race, and rebuilds that keep unchanged PDFs."""
import os
import re
import shutil
import subprocess
import tempfile

from common import (BINARIES, DATE, ENV, GOLDEN, ROOT, TESTS, fail, ok,
                    run, tree)


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
