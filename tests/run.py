#!/usr/bin/python3
"""run.py: herald's test suite; each part is a module of tests/lib/.

usage: tests/run.py [PART...]     (every part when none is named)

Every end-to-end case runs twice: with bin/herald and with the build under
AddressSanitizer and UndefinedBehaviorSanitizer (build/asan/herald).
HERALD_GOLDEN=1 rewrites the expected files instead of comparing them;
VERBOSE=1 names every check that passes. Ends with "N passed, M failed".
"""
import os
import sys

sys.dont_write_bytecode = True      # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))

import build        # noqa: E402
import cases        # noqa: E402
import example      # noqa: E402
import golden       # noqa: E402
import layers       # noqa: E402
import pages        # noqa: E402
import robustness   # noqa: E402
import suites       # noqa: E402
import unit         # noqa: E402
from common import ROOT, Counts  # noqa: E402

# The parts, in the order they run. A suite of its own (a script that
# prints "ok NAME" / "FAIL NAME" lines and "N passed, M failed", given the
# binary) is one line: ("name", suites.script("label", "test_name.py")).
PARTS = (
    ("unit", unit.unit_tests),
    ("layout", layers.layout_tests),
    ("markdown", layers.markdown_tests),
    ("cases", cases.case_tests),
    ("golden", golden.golden_tests),
    ("example", example.example_site),
    ("links", example.link_tests),
    ("kill", robustness.kill_test),
    ("valgrind", robustness.valgrind_test),
    ("pathological", robustness.pathological_tests),
    ("fuzz", robustness.fuzz_tests),
    ("order", pages.order_tests),
    ("loops", pages.loop_tests),
    ("search", pages.search_text_tests),
    ("search-index", suites.script("search index and engine",
                                   "test_search.py")),
    ("timings", build.timings_test),
    ("jobs", build.jobs_tests),
    ("rebuild", build.rebuild_tests),
    ("feeds", suites.script("feeds and calendars", "test_feeds.py")),
    ("pdf", suites.script("PDFs", "test_pdf.py")),
    ("pdf-cases", layers.pdf_tests),
    ("print", suites.script("print layout", "test_print.py")),
    ("serve", suites.script("herald serve", "test_serve.py")),
    ("hardening", suites.script("hostile sites", "test_hardening.py")),
    ("email", suites.script("email editions", "test_email.py")),
    ("tagged", suites.script("tagged PDFs", "test_tagged.py")),
    ("publish", suites.script_once("publishing: kill, lock, mark, sandbox",
                                   "test_publish.py")),
    ("browser", suites.browser_tests),
)


def main():
    os.chdir(ROOT)
    only = sys.argv[1:]
    unknown = [p for p in only if p not in dict(PARTS)]
    if unknown:
        sys.exit("run.py: no part %s; the parts are: %s" % (
            ", ".join(unknown), " ".join(n for n, _ in PARTS)))
    for name, part in PARTS:
        if not only or name in only:
            part()
    print("%d passed, %d failed" % (Counts.passed, Counts.failed))
    sys.exit(1 if Counts.failed else 0)


main()
