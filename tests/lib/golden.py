"""golden.py: the sites of tests/sites/ built and compared, file by file, with
tests/golden/."""
import os
import shutil
import tempfile

from common import (BINARIES, DATE, GOLDEN, ROOT, TESTS, diff, fail, ok,
                    run, tree)


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
