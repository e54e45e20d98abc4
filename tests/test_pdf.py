#!/usr/bin/python3
"""test_pdf.py: herald's printable briefings, read back by poppler-utils and qpdf.

usage: /usr/bin/python3 tests/test_pdf.py path/to/herald

Builds the example site and small sites of its own in temporary folders,
then checks every PDF with pdftotext, pdfinfo, pdffonts, pdfimages and
qpdf: the text of every heading and paragraph, the seven panels in order,
page size and count, "Page N of M", headings never left at the foot of a
page, metadata, embedded fonts, live links, characters and their fallback,
the overflow error, reproducible bytes and the herald pdf command.
Prints "ok NAME" or "FAIL NAME" with details for each check, then
"N passed, M failed"; exits 1 on any failure.
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-11-22"
BASE = "https://learning.elmbridgevale.example.org/safeguarding/"

ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99")

SITE = "title: Test Partnership\nbase_url: https://example.org/\n"

passed = 0
failed = 0


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


def run(cmd, cwd=ROOT):
    p = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def sanitizer(code, err):
    if code == 99 or "Sanitizer" in err or "runtime error" in err:
        return ["sanitizer report:\n" + err]
    return []


def text(pdf, *opts):
    return run(["pdftotext"] + list(opts) + [pdf, "-"])[1]


def info(pdf):
    out = run(["pdfinfo", "-isodates", pdf])[1]
    return dict((k.strip(), v.strip()) for k, _, v in
                (line.partition(":") for line in out.splitlines()))


def words(s):
    return re.findall(r"\w+", s)


def contains(hay, needle):
    """Whether the word list needle appears, in order and together, in hay."""
    n = len(needle)
    if n == 0:
        return True
    first = needle[0]
    for i in range(len(hay) - n + 1):
        if hay[i] == first and hay[i:i + n] == needle:
            return True
    return False


def find(hay, needle, start=0):
    n = len(needle)
    for i in range(start, len(hay) - n + 1):
        if hay[i:i + n] == needle:
            return i
    return -1


def write_site(d, files):
    files = dict(files)
    files.setdefault("site.yaml", SITE)
    for rel, data in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)


def front_matter(path):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    m = re.match(r"---\n(.*?)\n---\n(.*)", src, re.S)
    fm, body = m.group(1), m.group(2)
    fields = {}
    for line in fm.splitlines():
        k, _, v = line.partition(":")
        v = v.strip()
        if len(v) >= 2 and v[0] == v[-1] == '"':
            v = v[1:-1]
        fields[k.strip()] = v
    return fields, body


def md_blocks(body):
    """The text blocks of a Markdown body: each heading, each list item and
    each paragraph, with Markdown's syntax left out, as lists of words."""
    blocks = []
    para = []

    def flush():
        if para:
            blocks.append(("p", " ".join(para)))
            para.clear()

    for line in body.splitlines():
        s = line.strip()
        if not s:
            flush()
            continue
        if s.startswith("#"):
            flush()
            blocks.append(("h", s.lstrip("#").strip()))
            continue
        m = re.match(r"^(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)", s)
        if m:
            flush()
            para.append(m.group(1))
            continue
        if s.startswith(">"):
            s = s.lstrip("> ")
        para.append(s)
    flush()
    out = []
    for kind, t in blocks:
        t = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", t)
        t = t.replace("**", "").replace("~~", "").replace("`", "")
        out.append((kind, t, words(t)))
    return out


def png(w, h):
    """A small RGB PNG, made without any library."""
    rows = b"".join(b"\0" + b"".join(bytes([(x * 9) % 256, 60, 140])
                                      for x in range(w)) for _ in range(h))

    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def qdf(pdf):
    """The PDF uncompressed by qpdf, as bytes, to read its objects."""
    p = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf,
                        "-"], capture_output=True)
    return p.stdout


# ---- the example site ----

def example(exe, tmp):
    out = os.path.join(tmp, "ex")
    code, stdout, err = run([exe, "build", "-o", out, "--date", DATE])
    probs = sanitizer(code, err)
    if code != 0 or err:
        probs.append("exit %d\n%s" % (code, err))
    bdir = os.path.join(ROOT, "content", "briefings")
    pdfs = sorted(f[:-3] for f in os.listdir(bdir) if f.endswith(".md"))
    for slug in pdfs:
        if not os.path.isfile(os.path.join(out, "briefings", slug + ".pdf")):
            probs.append("no briefings/%s.pdf" % slug)
    m = re.search(r"(\d+) PDFs", stdout)
    if not m or int(m.group(1)) != len(pdfs):
        probs.append("summary line: %s" % stdout.strip())
    report("example site builds %d PDFs" % len(pdfs), probs)
    if probs:
        return out
    for slug in pdfs:
        check_briefing(os.path.join(bdir, slug + ".md"),
                       os.path.join(out, "briefings", slug + ".pdf"), slug)
    # The page links its PDF with the size.
    page = open(os.path.join(out, "briefings", pdfs[0], "index.html"),
                encoding="utf-8").read()
    size = os.path.getsize(os.path.join(out, "briefings", pdfs[0] + ".pdf"))
    want = "%d KB" % ((size + 512) // 1024)
    report("briefing page links its PDF (%s)" % want,
           [] if pdfs[0] + ".pdf" in page and want in page else
           ["%s.pdf or %s missing from the page" % (pdfs[0], want)])
    return out


def check_briefing(md, pdf, slug):
    fields, body = front_matter(md)
    practitioner = fields.get("kind") == "practitioner"
    inf = info(pdf)
    raw = text(pdf, "-raw")
    plain = text(pdf)
    w_raw, w_plain = words(raw), words(plain)

    # Every heading and paragraph, in reading order and in layout order.
    probs = []
    for kind, t, ws in md_blocks(body):
        if not contains(w_raw, ws):
            probs.append("-raw lacks %s: %s" % (kind, t[:70]))
        if not contains(w_plain, ws):
            probs.append("pdftotext lacks %s: %s" % (kind, t[:70]))
    for k in ("title",):
        if not contains(w_raw, words(fields[k])):
            probs.append("lacks the %s" % k)
    report("%s: pdftotext has every heading and paragraph" % slug, probs)

    # Page size and count.
    size = inf.get("Page size", "")
    pages = int(inf.get("Pages", "0"))
    if practitioner:
        ok = size.startswith("595.276 x 841.89") and pages >= 2
        report("%s: A4 portrait, %d pages" % (slug, pages),
               [] if ok else ["%s, %d pages" % (size, pages)])
        probs = []
        for n in range(1, pages + 1):
            t = text(pdf, "-f", str(n), "-l", str(n))
            if "Page %d of %d" % (n, pages) not in t:
                probs.append("page %d lacks \"Page %d of %d\"" %
                             (n, n, pages))
        report("%s: \"Page N of M\" on every page" % slug, probs)
        heads = [t for kind, t, _ in md_blocks(body) if kind == "h"]
        report("%s: no heading at the foot of a page" % slug,
               stranded(pdf, pages, heads))
    else:
        ok = size.startswith("841.89 x 595.276") and pages == 1
        report("%s: one A4 landscape page" % slug,
               [] if ok else ["%s, %d pages" % (size, pages)])
        heads = [t for kind, t, _ in md_blocks(body) if kind == "h"]
        probs, at = [], 0
        for i, h in enumerate(heads):
            pos = find(w_raw, [str(i + 1)] + words(h), at)
            if pos < 0:
                probs.append("panel %d \"%s\" not after panel %d" %
                             (i + 1, h, i))
            else:
                at = pos + 1
        report("%s: panels 1 to 7 in reading order" % slug, probs)

    # Metadata.
    probs = []
    want = {"Title": fields["title"],
            "Author": "Elmbridge Vale Safeguarding Partnership",
            "Creator": "herald",
            "CreationDate": fields["date"] + "T00:00:00Z",
            "ModDate": fields.get("updated", fields["date"]) + "T00:00:00Z"}
    if "summary" in fields:
        want["Subject"] = fields["summary"]
    for k, v in want.items():
        if inf.get(k) != v:
            probs.append("%s: %r, expected %r" % (k, inf.get(k), v))
    # Written with an offset, never "Z" (which trips libharu's PDF/A code).
    raw_date = "/CreationDate (D:%s000000+00'00')" % fields["date"].replace(
        "-", "")
    if raw_date.encode() not in open(pdf, "rb").read():
        probs.append("no %s" % raw_date)
    if not inf.get("Producer", "").startswith("herald"):
        probs.append("Producer: %r" % inf.get("Producer"))
    themes = re.findall(r"[\w-]+", fields.get("themes", ""))
    kw = inf.get("Keywords", "").lower()
    for th in themes:
        if th.replace("-", " ") not in kw:
            probs.append("Keywords %r lack the theme %s" % (kw, th))
    report("%s: metadata" % slug, probs)

    probs = fonts_embedded(pdf)
    report("%s: fonts embedded and subset" % slug, probs)
    code, out, err = run(["qpdf", "--check", pdf])
    report("%s: qpdf --check" % slug, [] if code == 0 else [out + err])

    # Live links: the page's own address at least, and every link absolute.
    uris = links(pdf)
    probs = []
    url = BASE + "briefings/%s/" % slug
    if url not in uris:
        probs.append("no link to %s in %s" % (url, uris))
    for u in uris:
        if not re.match(r"^(https?|mailto|tel):", u):
            probs.append("link not absolute: %s" % u)
    for ref in re.findall(r"\]\(ref:([^)]*)\)", body):
        if not any(u.startswith(BASE) and ref.split("/")[-1] in u
                   for u in uris):
            probs.append("no live link for ref:%s" % ref)
    report("%s: live link annotations (%d)" % (slug, len(uris)), probs)


def fonts_embedded(pdf):
    out = run(["pdffonts", pdf])[1].splitlines()[2:]
    probs = []
    if not out:
        probs.append("no fonts")
    for line in out:
        cols = line.split()
        # name type... encoding emb sub uni object ID
        if cols[-5:-2] != ["yes", "yes", "yes"]:
            probs.append("not embedded, subset and mapped: " + line)
    return probs


def links(pdf):
    data = qdf(pdf)
    return [u.decode("latin1").replace("\\/", "/") for u in
            re.findall(rb"/URI \((.*?)\)", data)]


def stranded(pdf, pages, heads):
    """Pages that end with a heading (all but the last are checked)."""
    probs = []
    for n in range(1, pages):
        lines = [l.strip() for l in
                 text(pdf, "-raw", "-f", str(n), "-l", str(n)).splitlines()
                 if l.strip() and "\f" not in l]
        # Leave out the footer: the partnership, the address, Page N of M.
        while lines and (lines[-1].startswith("Page ") or
                         lines[-1].startswith("http") or
                         lines[-1].endswith("Partnership")):
            lines.pop()
        if lines and lines[-1] in heads:
            probs.append("page %d ends with the heading \"%s\"" %
                         (n, lines[-1]))
    return probs


def reproducible(exe, tmp, first):
    out = os.path.join(tmp, "again")
    run([exe, "build", "-q", "-o", out, "--date", DATE])
    probs = []
    bdir = os.path.join(first, "briefings")
    for f in sorted(os.listdir(bdir)):
        if f.endswith(".pdf"):
            a = open(os.path.join(bdir, f), "rb").read()
            try:
                b = open(os.path.join(out, "briefings", f), "rb").read()
            except OSError as e:
                b = str(e).encode()
            if a != b:
                probs.append("%s differs between two builds" % f)
    report("same input and build date give the same PDF bytes", probs)


# ---- small sites ----

SAFER7 = """---
title: "Seven-minute: “curly” test"
date: 2025-05-06
summary: "A test briefing."
themes: [neglect]
---

{intro}

""" + "".join("## Panel {0} heading\n\n{{p{0}}}\n\n".format(i)
              for i in range(1, 8))


def safer7(intro="A short introduction.", **panels):
    p = dict(("p%d" % i, "Text of panel %d." % i) for i in range(1, 8))
    p.update(panels)
    return SAFER7.format(intro=intro, **p)


def overflow(exe, tmp):
    d = os.path.join(tmp, "over")
    long_text = " ".join("word%d" % i for i in range(400))
    write_site(d, {"content/briefings/over.md": safer7(p3=long_text)})
    os.makedirs(os.path.join(d, "out"))
    os.setxattr(os.path.join(d, "out"), "user.herald", b"1")  # herald's
    with open(os.path.join(d, "out", "index.html"), "w") as f:
        f.write("previous\n")
    line = 1 + open(os.path.join(d, "content/briefings/over.md"),
                    encoding="utf-8").read().split("\n").index(
                        "## Panel 3 heading")
    for args, name in ((["build", "-o", "out", "--date", DATE], "build"),
                       (["check", "--date", DATE], "check")):
        code, out, err = run([exe] + args, d)
        probs = sanitizer(code, err)
        lines = err.splitlines()
        pat = (r"content/briefings/over\.md:%d:1: error: section 3 "
               r"\"Panel 3 heading\" does not fit on the page even at 7 pt: "
               r"cut about (\d+) words$" % line)
        m = re.match(pat, lines[0]) if lines else None
        if code != 1:
            probs.append("exit %d, expected 1" % code)
        if not m or lines[1:] != ["1 error"]:
            probs.append("stderr:\n" + err)
        elif not 200 <= int(m.group(1)) <= 360:
            probs.append("cut about %s words: not near the 290 or so "
                         "over" % m.group(1))
        if os.path.exists(os.path.join(d, "out", "briefings")):
            probs.append("a failed build changed the output")
        report("overflow at 7 pt is an error (%s)" % name, probs)

    # Just short of overflowing: it fits at a smaller size, no error.
    write_site(d, {"content/briefings/over.md": safer7(
        p3=" ".join("word%d" % i for i in range(110)))})
    code, out, err = run([exe, "build", "-q", "-o", "out2", "--date", DATE],
                         d)
    report("a long panel fits at a smaller size",
           sanitizer(code, err) + ([] if code == 0 and not err else
                                   ["exit %d\n%s" % (code, err)]))


def characters(exe, tmp):
    d = os.path.join(tmp, "chars")
    chars = "’ ‘ “ ” – — £ € • ❖ ½ é ŵ Ω Ж ‑"
    write_site(d, {"content/briefings/chars.md": safer7(
        intro="Coverage: " + chars,
        p2="A smiley 😀 here.",
        p4="A " + "verylongword" * 12 + " and "
           "https://example.org/a/very/long/address/that/goes/on/and/on/"
           "for/ever/index.html end.",
        p5="*italic*, **bold**, ***both***, `code` and ~~struck~~.")})
    code, out, err = run([exe, "build", "-o", "out", "--date", DATE], d)
    probs = sanitizer(code, err)
    src = open(os.path.join(d, "content/briefings/chars.md"),
               encoding="utf-8").read().split("\n")
    line = 1 + next(i for i, l in enumerate(src) if "😀" in l)
    want = ("content/briefings/chars.md:%d:1: warning: the character "
            "U+1F600 cannot be printed: no font herald uses has it, so the "
            "PDF leaves it out\n1 warning\n" % line)
    if code != 0 or err != want:
        probs.append("exit %d, stderr:\n%s\nexpected:\n%s" % (code, err,
                                                              want))
    report("a character no font has is a warning naming it and its line",
           probs)
    pdf = os.path.join(d, "out", "briefings", "chars.pdf")
    if not os.path.isfile(pdf):
        return
    t = text(pdf, "-raw")
    missing = [c for c in chars.split() if c not in t]
    report("every character prints: " + chars,
           ["missing: %s" % " ".join(missing)] if missing else [])
    fonts = run(["pdffonts", pdf])[1]
    probs = fonts_embedded(pdf)
    for face in ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic",
                 "NotoSans-BoldItalic", "DejaVuSans,", "DejaVuSansMono"):
        if face not in fonts:
            probs.append("no %s: ❖ and code need it\n%s" % (face, fonts))
    report("characters a face lacks fall back to another font", probs)
    flat = re.sub(r"\s+", "", t)
    probs = []
    for w in ("verylongword" * 12, "https://example.org/a/very/long/address/"
              "that/goes/on/and/on/for/ever/index.html"):
        if w not in flat:
            probs.append("lost: " + w)
    report("a word wider than its panel is broken, never lost", probs)
    code, out, err = run(["qpdf", "--check", pdf])
    report("qpdf --check with every kind of font", [] if code == 0 else
           [out + err])


def many_characters(exe, tmp):
    """A face printing more than a simple font's 188 codes is a CID font;
    either way every character comes back out of the PDF."""
    d = os.path.join(tmp, "many")
    greek = "".join(chr(c) for c in range(0x391, 0x3aa) if c != 0x3a2)
    greek += greek.lower()
    cyrillic = "".join(chr(c) for c in range(0x410, 0x450))
    latin = "".join(chr(c) for c in range(0xc0, 0x100) if c not in
                    (0xd7, 0xf7))
    words = [greek, cyrillic, latin]
    write_site(d, {"content/briefings/many.md": safer7(
        intro="Alphabets: " + " ".join(words))})
    code, out, err = run([exe, "build", "-o", "out", "--date", DATE], d)
    probs = sanitizer(code, err)
    if code != 0 or err:
        probs.append("exit %d, stderr:\n%s" % (code, err))
    pdf = os.path.join(d, "out", "briefings", "many.pdf")
    if os.path.isfile(pdf):
        flat = re.sub(r"\s+", "", text(pdf, "-raw"))
        probs += ["lost: " + w for w in words if w not in flat]
        fonts = run(["pdffonts", pdf])[1]
        if not re.search(r"NotoSans-Regular\s+CID TrueType", fonts) or \
                not re.search(r"NotoSans-Bold,Bold\s+TrueType\s+WinAnsi",
                              fonts):
            probs.append("expected a CID regular face and a simple bold "
                         "one:\n" + fonts)
        probs += fonts_embedded(pdf)
        c, o, e = run(["qpdf", "--check", pdf])
        if c != 0:
            probs.append(o + e)
    report("a face with more than 188 characters is a CID font, and every "
           "character extracts", probs)


def practitioner(exe, tmp):
    d = os.path.join(tmp, "prac")
    body = ["---", "title: A long practitioner briefing", "date: 2025-02-03",
            "kind: practitioner", "review: Local Learning Review", "---", ""]
    heads = []
    for i in range(1, 31):
        heads.append("Section %d of the long briefing" % i)
        body.append("## " + heads[-1])
        body.append("")
        for j in range((i * 7) % 4 + 1):
            body.append(" ".join("text%d" % k for k in range(
                20 + (i * 13 + j * 29) % 70)))
            body.append("")
        if i % 5 == 0:
            body += ["- first point of %d" % i, "- second point", "",
                     "1. one", "2. two [a link](https://example.org/l)", ""]
    write_site(d, {"content/briefings/long.md": "\n".join(body) + "\n"})
    code, out, err = run([exe, "build", "-q", "-o", "out", "--date", DATE], d)
    probs = sanitizer(code, err)
    if code != 0 or err:
        probs.append("exit %d\n%s" % (code, err))
    pdf = os.path.join(d, "out", "briefings", "long.pdf")
    report("a long practitioner briefing builds", probs)
    if probs:
        return
    inf = info(pdf)
    pages = int(inf.get("Pages", "0"))
    probs = []
    if pages < 4 or not inf.get("Page size", "").startswith("595.276 x"):
        probs.append("%d pages of %s" % (pages, inf.get("Page size")))
    for n in range(1, pages + 1):
        if "Page %d of %d" % (n, pages) not in text(pdf, "-f", str(n),
                                                     "-l", str(n)):
            probs.append("page %d lacks \"Page %d of %d\"" % (n, n, pages))
    report("practitioner briefing: %d A4 portrait pages, \"Page N of M\""
           % pages, probs)
    report("practitioner briefing: no heading at the foot of a page",
           stranded(pdf, pages, heads))
    w = words(text(pdf, "-raw"))
    probs = [h for h in heads if not contains(w, words(h))]
    report("practitioner briefing: every heading", probs)


def logo(exe, tmp):
    d = os.path.join(tmp, "logo")
    write_site(d, {"site.yaml": SITE + "logo: logo.png\n",
                   "content/media/logo.png": png(60, 20),
                   "content/briefings/l.md": safer7()})
    code, out, err = run([exe, "build", "-q", "-o", "out", "--date", DATE], d)
    probs = sanitizer(code, err)
    if code != 0 or err:
        probs.append("exit %d\n%s" % (code, err))
    else:
        imgs = run(["pdfimages", "-list",
                    os.path.join(d, "out", "briefings", "l.pdf")])[1]
        if len(imgs.splitlines()) != 3:
            probs.append("expected one image:\n" + imgs)
    report("the partnership's logo is on the briefing", probs)


def pdf_command(exe, tmp, example_out):
    # herald pdf FILE.md -o x.pdf: the same bytes as the build's.
    x = os.path.join(tmp, "x.pdf")
    code, out, err = run([exe, "pdf", "content/briefings/neglect.md", "-o",
                          x, "--date", DATE])
    probs = sanitizer(code, err)
    if code != 0 or err or not out.startswith("wrote " + x):
        probs.append("exit %d\n%s%s" % (code, out, err))
    elif open(x, "rb").read() != open(os.path.join(
            example_out, "briefings", "neglect.pdf"), "rb").read():
        probs.append("differs from the build's briefings/neglect.pdf")
    report("herald pdf FILE.md -o x.pdf", probs)

    # From elsewhere with -s, and the default name beside the file.
    d = os.path.join(tmp, "cmd")
    write_site(d, {"content/briefings/one.md": safer7(),
                   "content/briefings/two.md": safer7(
                       p1="[Link to one](ref:briefings/one)")})
    code, out, err = run([exe, "pdf", "-s", d,
                          os.path.join(d, "content/briefings/two.md")], tmp)
    want = os.path.join(d, "content/briefings/two.pdf")
    probs = sanitizer(code, err)
    if code != 0 or err or not os.path.isfile(want):
        probs.append("exit %d\n%s%s" % (code, out, err))
    elif "https://example.org/briefings/one/" not in links(want):
        probs.append("ref: link not resolved: %s" % links(want))
    report("herald pdf -s DIR FILE.md writes FILE.pdf", probs)

    # Without -s from elsewhere: the site is the one the file is in; and a
    # build leaves the PDF beside its Markdown alone, without a word.
    os.remove(want)
    code, out, err = run([exe, "pdf", "two.md"],
                         os.path.join(d, "content/briefings"))
    probs = sanitizer(code, err)
    if code != 0 or err or not os.path.isfile(want):
        probs.append("exit %d\n%s%s" % (code, out, err))
    code, out, err = run([exe, "build", "-q", "-o", "out", "--date", DATE],
                         d)
    if code != 0 or err:
        probs.append("build after herald pdf: exit %d\n%s" % (code, err))
    report("herald pdf FILE.md finds its site; builds ignore FILE.pdf",
           probs)

    cases = [
        (["pdf"], 2, "pdf needs the briefing's file"),
        (["pdf", "nothing.md"], 2, "no file nothing.md"),
        (["pdf", "site.yaml"], 2, "is not a Markdown file"),
        (["pdf", "README.md"], 2, "is not a briefing of this site"),
        (["pdf", "content/briefings/neglect.md", "extra"], 2,
         "unexpected argument"),
    ]
    for args, status, msg in cases:
        code, out, err = run([exe] + args)
        probs = sanitizer(code, err)
        if code != status or msg not in err or "usage: herald pdf" not in err:
            probs.append("exit %d\n%s" % (code, err))
        report("herald %s: exit %d" % (" ".join(args), status), probs)
    code, out, err = run([exe, "pdf", "--help"])
    report("herald pdf --help", sanitizer(code, err) + (
        [] if code == 0 and out.startswith("usage: herald pdf") else
        ["exit %d\n%s%s" % (code, out, err)]))
    code, out, err = run([exe, "--help"])
    report("herald --help lists pdf",
           [] if code == 0 and re.search(r"^  pdf ", out, re.M) else [out])

    # A content error elsewhere in the site: exit 1, nothing written.
    write_site(d, {"content/briefings/bad.md": "---\ntitle: Bad\n---\n"})
    x = os.path.join(tmp, "bad.pdf")
    code, out, err = run([exe, "pdf", "-s", d, "-o", x,
                          os.path.join(d, "content/briefings/one.md")])
    report("herald pdf with an error in the site: exit 1",
           sanitizer(code, err) + ([] if code == 1 and "error" in err and
                                   not os.path.exists(x) else
                                   ["exit %d\n%s" % (code, err)]))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: test_pdf.py path/to/herald")
    exe = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        first = example(exe, tmp)
        if os.path.isdir(os.path.join(first, "briefings")):
            reproducible(exe, tmp, first)
            pdf_command(exe, tmp, first)
        overflow(exe, tmp)
        characters(exe, tmp)
        many_characters(exe, tmp)
        practitioner(exe, tmp)
        logo(exe, tmp)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
