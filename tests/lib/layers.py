"""layers.py: the cases of one layer each, kept as data beside their expected
output (the shape of lowdown's and mandoc's regress/):

  tests/layout/NAME.html (+ NAME.yaml)  NAME.out, NAME.err   build/*/layer layout
  tests/markdown/NAME.md                NAME.html, NAME.err  build/*/layer markdown
  tests/pdf/NAME.md                     NAME.txt, NAME.facts, NAME.struct,
                                        NAME.err  herald pdf

An expected file that is missing means "nothing": no output, no message.
A case whose messages hold an error must exit 1, any other 0.
HERALD_GOLDEN=1 writes the expected files from what the program gives."""
import os
import re
import shutil
import tempfile

from common import (BINARIES, DATE, ENV, GOLDEN, ROOT, TESTS, diff, fail,
                    ok, read, run, sanitizer_report, write)

LAYERS = [(kind, os.path.join(ROOT, "build", kind, "layer"))
          for kind in ("release", "asan")
          if not (GOLDEN and kind == "asan")]


def names(folder, ext):
    """The cases of a folder: NAME for every NAME.ext in it, sorted."""
    return sorted(f[:-len(ext)] for f in os.listdir(folder)
                  if f.endswith(ext) and
                  os.path.isfile(os.path.join(folder, f)))


def orphans(layer, folder, ext, suffixes):
    """Fails on expected files whose case is gone."""
    cases = set(names(folder, ext))
    left = sorted(f for f in os.listdir(folder)
                  for s in suffixes
                  if f.endswith(s) and f[:-len(s)] not in cases)
    if left:
        fail("%s: expected files without a case" % layer, "\n".join(left))


def compare(name, folder, base, code, got):
    """Checks (or, with HERALD_GOLDEN=1, writes) the expected files of a
    case: got maps a suffix (".out", ".err"...) to the text given, empty
    for nothing."""
    if GOLDEN:
        for suffix, text in got.items():
            write(os.path.join(folder, base + suffix), text or None)
        ok(name + " (expected files rewritten)")
        return
    why = ""
    err = got.get(".err", "")
    if sanitizer_report(code, err):
        why += "sanitizer report (exit %d)\n" % code
    elif code != (1 if ": error: " in (read(os.path.join(
            folder, base + ".err")) or "") else 0):
        why += "exit status %d\n" % code
    for suffix, text in got.items():
        want = read(os.path.join(folder, base + suffix)) or ""
        if text != want:
            rel = os.path.relpath(os.path.join(folder, base + suffix), ROOT)
            why += diff(want, text, rel, "got")
    fail(name, why) if why else ok(name)


def layer_cases(layer, folder, ext, suffixes, args):
    """Every case of a folder through build/*/layer: args(base) gives the
    command line after the layer's name; suffixes name the expected
    standard output and standard error."""
    orphans(layer, folder, ext, suffixes)
    for base in names(folder, ext):
        for kind, exe in LAYERS:
            name = "%s %s (%s)" % (layer, base, kind)
            if not os.path.exists(exe):
                fail(name, "%s is not built: make %s" % (
                    os.path.relpath(exe, ROOT), os.path.relpath(exe, ROOT)))
                continue
            code, out, err = run([exe, layer] + args(base), folder)
            compare(name, folder, base, code,
                    {suffixes[0]: out, suffixes[1]: err})


def layout_tests():
    """Each layout of tests/layout/ filled with its values."""
    layer_cases("layout", os.path.join(TESTS, "layout"), ".html",
                (".out", ".err"), lambda base: [base])


def markdown_tests():
    """Each Markdown file of tests/markdown/ rendered as a page of the site
    tests/markdown/site/."""
    layer_cases("markdown", os.path.join(TESTS, "markdown"), ".md",
                (".html", ".err"), lambda base: ["site", base + ".md"])


# ---- PDFs ----

def pdf_facts(pdf):
    """What pdfinfo and pdffonts say of a PDF that its text does not: the
    metadata, the pages and their size, the links, the fonts."""
    facts = []
    _, info, _ = run(["pdfinfo", "-isodates", pdf], ROOT)
    fields = dict(re.findall(r"^([A-Za-z ]+):\s*(.*)$", info, re.M))
    for k in ("Title", "Author", "Subject", "Keywords", "Creator",
              "CreationDate", "ModDate", "Pages", "PDF version"):
        facts.append("%s: %s" % (k.lower(), fields.get(k, "")))
    pages = int(fields.get("Pages", "0"))
    _, sizes, _ = run(["pdfinfo", "-f", "1", "-l", str(pages), pdf], ROOT)
    for n, w, h, paper in re.findall(
            r"^Page +(\d+) size: +([\d.]+) x ([\d.]+) pts(.*)$", sizes, re.M):
        facts.append("page %s: %s x %s pts%s, %s" % (
            n, w, h, paper, "landscape" if float(w) > float(h)
            else "portrait"))
    _, urls, _ = run(["pdfinfo", "-url", pdf], ROOT)
    for line in urls.splitlines()[1:]:
        page, _, url = line.split(None, 2)
        facts.append("link on page %s: %s" % (page, url))
    _, fonts, _ = run(["pdffonts", pdf], ROOT)
    rows = []
    for line in fonts.splitlines()[2:]:
        col = line.split()
        # name type... encoding emb sub uni object ID; the subset tag
        # (HPDFAA+) is left out.
        rows.append("font: %s, %s, %s, embedded %s, subset %s, unicode %s"
                    % (re.sub(r"^[A-Z]{6}\+", "", col[0]),
                       " ".join(col[1:-6]), col[-6], col[-5], col[-4],
                       col[-3]))
    return "\n".join(facts + sorted(rows)) + "\n"


def pdf_tests():
    """Each briefing of tests/pdf/ made a PDF by herald pdf, in a copy of
    the site tests/pdf/site/, and read back by pdftotext -layout, pdfinfo
    and pdffonts, and its structure tree (the reading order a screen
    reader follows) by pdfinfo -struct-text."""
    folder = os.path.join(TESTS, "pdf")
    orphans("pdf", folder, ".md", (".txt", ".facts", ".struct", ".err"))
    for base in names(folder, ".md"):
        for kind, exe in BINARIES:
            name = "pdf %s (%s)" % (base, kind)
            with tempfile.TemporaryDirectory() as d:
                site = os.path.join(d, "site")
                shutil.copytree(os.path.join(folder, "site"), site)
                md = os.path.join(site, "content", "briefings", base + ".md")
                os.makedirs(os.path.dirname(md), exist_ok=True)
                shutil.copy(os.path.join(folder, base + ".md"), md)
                pdf = os.path.join(d, base + ".pdf")
                code, _, err = run([exe, "pdf", "-q", md, "-s", site, "-o",
                                    pdf, "--date", DATE], d, ENV)
                err = err.replace(site + "/", "")
                got = {".err": err, ".txt": "", ".facts": "", ".struct": ""}
                if code == 0 and os.path.isfile(pdf):
                    got[".txt"] = run(["pdftotext", "-layout", pdf, "-"],
                                      ROOT)[1]
                    got[".facts"] = pdf_facts(pdf)
                    got[".struct"] = run(["pdfinfo", "-struct-text", pdf],
                                         ROOT)[1]
                compare(name, folder, base, code, got)
