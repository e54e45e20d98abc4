"""unit.py: the C unit tests (tests/unit.c), release and ASan builds."""
import os
import re

from common import ROOT, fail, ok, run


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
