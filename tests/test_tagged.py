#!/usr/bin/python3
"""test_tagged.py: herald's PDFs read as assistive technology reads them.

usage: /usr/bin/python3 tests/test_tagged.py path/to/herald

Builds the example site and the PDF cases of tests/pdf/ in temporary
folders, then reads every PDF back: pdfinfo says "Tagged: yes" and PDF 1.7;
pdfinfo -struct-text gives the structure in reading order (the title as H1,
the seven panels as Sect with their H2 in order 1 to 7, the practitioner's
sections as H2 with a bookmark each); Debian's python3-pikepdf checks the
catalog (/MarkInfo, /Lang, /ViewerPreferences, XMP with pdfuaid:part and
dc:title as the Info title), the StructTreeRoot and its ParentTree (every
MCID in the pages owned by one element and reachable from the ParentTree,
every link annotation an OBJR of a Link with /StructParent and /Contents),
figures with /Alt, /Tabs /S, and that no text or painting operator lies
outside a tagged or artifact sequence; qpdf --check passes.
Prints "ok NAME" or "FAIL NAME" for each check, then "N passed, M failed".
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pikepdf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-11-22"
ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99")

passed = 0
failed = 0

# Operators that paint: text showing, path painting, XObjects, shadings.
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S",
         "s", "Do", "sh", "BI"}


def report(name, problems):
    global passed, failed
    if problems:
        failed += 1
        print("FAIL " + name)
        for p in problems[:20]:
            print("     " + p.replace("\n", "\n     "))
    else:
        passed += 1
        print("ok " + name)


def run(cmd, cwd=ROOT):
    p = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def kids(elem):
    """The /K of a structure element as a list."""
    k = elem.get("/K")
    if k is None:
        return []
    if isinstance(k, pikepdf.Array):
        return list(k)
    return [k]


def walk(pdf, problems):
    """Walks the structure tree: returns the elements in order, the owner
    of each (page, MCID) and of each annotation (by objgen)."""
    root = pdf.Root.get("/StructTreeRoot")
    order, mcids, annots = [], {}, {}
    if root is None:
        problems.append("no /StructTreeRoot")
        return order, mcids, annots

    def visit(e, depth):
        if depth > 64:
            problems.append("structure deeper than 64")
            return
        order.append(e)
        pg = e.get("/Pg")
        for k in kids(e):
            if isinstance(k, int):
                if pg is None:
                    problems.append("MCID %d without /Pg" % k)
                    continue
                key = (pg.objgen, int(k))
            elif isinstance(k, pikepdf.Dictionary) and \
                    k.get("/Type") == "/MCR":
                key = (k.Pg.objgen, int(k.MCID))
            elif isinstance(k, pikepdf.Dictionary) and \
                    k.get("/Type") == "/OBJR":
                annots.setdefault(k.Obj.objgen, []).append(e)
                continue
            elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
                if k.get("/P") is None or k.P.objgen != e.objgen:
                    problems.append("%s: /P is not its parent" % k.S)
                visit(k, depth + 1)
                continue
            else:
                problems.append("a kid of %s that is none of MCID, MCR, "
                                "OBJR or element" % e.S)
                continue
            mcids.setdefault(key, []).append(e)

    for k in kids(root):
        visit(k, 0)
    return order, mcids, annots


def parent_tree(pdf):
    """The ParentTree's /Nums as a dict (flat number tree only)."""
    pt = pdf.Root.StructTreeRoot.get("/ParentTree")
    out = {}
    if pt is None:
        return out
    nums = list(pt.get("/Nums", []))
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = nums[i + 1]
    return out


def content_check(pdf, page, problems, seen):
    """Paint operators only inside marked content; records the MCIDs."""
    depth, tagged = 0, []
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            mcid = None
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                if "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
            tagged.append((tag, mcid))
            if mcid is not None:
                seen.append((page.objgen, mcid, tag))
            elif tag != "/Artifact":
                problems.append("%s sequence with neither MCID nor "
                                "Artifact" % tag)
        elif op == "EMC":
            if not tagged:
                problems.append("EMC without BDC")
            else:
                tagged.pop()
        elif op in PAINT and not tagged:
            problems.append("%s outside marked content" % op)
            if len(problems) > 10:
                return
        if op in ("BT", "ET") and tagged and depth == 0:
            # A sequence may hold whole text objects, not cross them:
            # herald opens none outside BT that ends inside.
            pass
    if tagged:
        problems.append("marked content left open at the end of a page")


def check_pdf(name, path, md):
    probs = []
    code, info, _ = run(["pdfinfo", path])
    if "Tagged:          yes" not in info:
        probs.append("pdfinfo: not tagged")
    if "PDF version:     1.7" not in info:
        probs.append("pdfinfo: not PDF 1.7")
    code, out, err = run(["qpdf", "--check", path])
    if code != 0:
        probs.append("qpdf --check: %s %s" % (out[-500:], err[-500:]))
    report("%s: pdfinfo tagged, PDF 1.7, qpdf --check" % name, probs)

    pdf = pikepdf.open(path)
    probs = []
    root = pdf.Root
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        probs.append("no /MarkInfo <</Marked true>>")
    if str(root.get("/Lang", "")) != "en-GB":
        probs.append("/Lang is %r" % str(root.get("/Lang", "")))
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") \
            is not True:
        probs.append("no /DisplayDocTitle true")
    meta = root.get("/Metadata")
    xmp = meta.read_bytes().decode("utf-8") if meta is not None else ""
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
        probs.append("XMP without pdfuaid:part 1")
    title = str(pdf.docinfo.get("/Title", ""))
    m = re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
    xt = m.group(1).replace("&amp;", "&").replace("&lt;", "<") if m else None
    if xt != title:
        probs.append("XMP dc:title %r, Info /Title %r" % (xt, title))
    report("%s: MarkInfo, Lang, DisplayDocTitle, XMP" % name, probs)

    probs = []
    order, mcids, annots = walk(pdf, probs)
    ptree = parent_tree(pdf)
    seen = []
    for i, page in enumerate(pdf.pages):
        content_check(pdf, page, probs, seen)
        sp = page.obj.get("/StructParents")
        if sp is None:
            probs.append("page %d without /StructParents" % (i + 1))
            continue
        arr = ptree.get(int(sp))
        for pg, mcid, tag in seen:
            if pg != page.objgen:
                continue
            owners = mcids.get((pg, mcid), [])
            if len(owners) != 1:
                probs.append("page %d MCID %d owned by %d elements" % (
                    i + 1, mcid, len(owners)))
                continue
            if arr is None or mcid >= len(arr) or \
                    arr[mcid].objgen != owners[0].objgen:
                probs.append("page %d MCID %d not in the ParentTree" % (
                    i + 1, mcid))
            if str(owners[0].S) != tag and not (
                    tag == "/P" and str(owners[0].S) == "/LBody"):
                probs.append("MCID %d tagged %s, its element %s" % (
                    mcid, tag, owners[0].S))
        links = [a for a in page.obj.get("/Annots", [])
                 if a.get("/Subtype") == "/Link"]
        if links and page.obj.get("/Tabs") != "/S":
            probs.append("page %d has links but no /Tabs /S" % (i + 1))
        for a in links:
            if "/StructParent" not in a or "/Contents" not in a:
                probs.append("a link without /StructParent or /Contents")
                continue
            el = ptree.get(int(a.StructParent))
            if el is None or str(el.S) != "/Link":
                probs.append("a link's /StructParent is no Link element")
            owners = annots.get(a.objgen, [])
            if len(owners) != 1 or owners[0].objgen != el.objgen:
                probs.append("a link annotation is not an OBJR of its Link")
    for key, owners in mcids.items():
        if not any((pg, m) == key for pg, m, _ in seen):
            probs.append("the tree has an MCID no page has: %r" % (key,))
    for e in order:
        if str(e.S) == "/Figure" and "/Alt" not in e:
            probs.append("a Figure without /Alt")
    report("%s: every MCID once, ParentTree, links, figures, no untagged "
           "content (%d elements, %d MCIDs)" % (name, len(order), len(seen)),
           probs)

    # Reading order as poppler gives it.
    probs = []
    code, st, err = run(["pdfinfo", "-struct-text", path])
    types = [l.strip().split(" ")[0] for l in st.splitlines()
             if l.strip() and not l.strip().startswith('"')]
    heads = [h.strip() for h in re.findall(r"^## (.*)$", md, re.M)]
    if "H1" not in types:
        probs.append("no H1")
    if types.count("H2") != len(heads):
        probs.append("%d H2 for %d sections" % (types.count("H2"),
                                                len(heads)))
    h2 = [e for e in order if str(e.S) == "/H2"]
    practitioner = len(pdf.pages) > 1 or "/Outlines" in root
    if not practitioner:
        if types.count("Sect") != 7:
            probs.append("%d Sect, not 7" % types.count("Sect"))
        got = [str(e.get("/ActualText", "")) for e in h2]
        want = ["%d. %s" % (i + 1, h) for i, h in enumerate(heads)]
        if [g.replace("’", "'") for g in got] != \
                [w.replace("’", "'") for w in want]:
            probs.append("H2 in order %r, expected %r" % (got, want))
    else:
        titles, ol = [], root.get("/Outlines")
        item = ol.get("/First") if ol is not None else None
        while item is not None:
            titles.append(str(item.Title))
            item = item.get("/Next")
        if len(titles) != len(heads):
            probs.append("%d bookmarks for %d sections" % (len(titles),
                                                           len(heads)))
    # The text in the tree, in order, follows the Markdown's headings.
    pos = 0
    flat = re.sub(r"\s+", " ", st)
    for h in heads:
        w = re.sub(r"[*_`\[\]]|\(http[^)]*\)", "", h).split(" ")[-1]
        at = flat.find(w, pos)
        if at < 0:
            probs.append("heading %r not in reading order" % h)
        else:
            pos = at
    report("%s: -struct-text reading order (%d H2%s)" % (
        name, len(h2), ", bookmarks" if practitioner else ", 7 Sect"),
        probs)


def main():
    exe = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ex")
        code, _, err = run([exe, "build", "-q", "-o", out, "--date", DATE])
        report("example site builds", [err] if code else [])
        bdir = os.path.join(ROOT, "content", "briefings")
        for f in sorted(os.listdir(bdir)):
            if not f.endswith(".md"):
                continue
            path = os.path.join(out, "briefings", f[:-3] + ".pdf")
            md = open(os.path.join(bdir, f), encoding="utf-8").read()
            if os.path.isfile(path):
                check_pdf(f[:-3], path, md)
        folder = os.path.join(ROOT, "tests", "pdf")
        site = os.path.join(tmp, "site")
        shutil.copytree(os.path.join(folder, "site"), site)
        os.makedirs(os.path.join(site, "content", "briefings"),
                    exist_ok=True)
        for f in sorted(os.listdir(folder)):
            if not f.endswith(".md"):
                continue
            if os.path.isfile(os.path.join(folder, f[:-3] + ".err")) and \
                    os.path.getsize(os.path.join(folder, f[:-3] + ".err")):
                continue
            md = os.path.join(site, "content", "briefings", f)
            shutil.copy(os.path.join(folder, f), md)
            pdf = os.path.join(tmp, f[:-3] + ".pdf")
            code, _, err = run([exe, "pdf", "-q", md, "-s", site, "-o", pdf,
                                "--date", DATE], tmp)
            if code != 0:
                report("case %s builds" % f[:-3], [err])
                continue
            check_pdf("case " + f[:-3], pdf,
                      open(md, encoding="utf-8").read())
            os.unlink(md)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
