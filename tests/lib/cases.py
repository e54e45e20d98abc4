"""cases.py: the error catalogue and small cases, tests/cases/*.case: each a
small site, a command line and the messages and files it must give."""
import codecs
import os
import re
import shlex
import tempfile

from common import (BINARIES, DATE, ENV, TESTS, clean_stdout, diff, fail,
                    make_site, ok, run, tree)


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
                os.setxattr(prev, "user.herald", b"1")  # herald's
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
