#!/usr/bin/python3
"""test_email.py: the email editions (email.html, email.txt, email.eml) read
back by independent parts: Python's email package, an HTML checker written
here, and Debian's Chromium with axe-core (tests/browser/email.js).

usage: /usr/bin/python3 tests/test_email.py path/to/herald

Builds the example site and small sites of its own in temporary folders.
Prints "ok NAME" or "FAIL NAME" with details for each check, then
"N passed, M failed"; exits 1 on any failure.  HERALD_GOLDEN=1 rewrites
the golden files in tests/golden-email/ instead of comparing them.
NO_BROWSER=1 leaves out the Chromium checks.
"""
import difflib
import email
import email.policy
import email.utils
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN_DIR = os.path.join(ROOT, "tests", "golden-email")
GOLDEN = os.environ.get("HERALD_GOLDEN") == "1"
DATE = "2026-11-22"
GMAIL_CLIP = 102 * 1024

ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99",
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=99")

passed = 0
failed = 0


def report(name, problems):
    """problems: a list of strings; empty means the check passed."""
    global passed, failed
    if problems:
        failed += 1
        print("FAIL " + name)
        for p in problems[:20]:
            for line in str(p).rstrip("\n").split("\n"):
                print("     " + line)
        if len(problems) > 20:
            print("     ... and %d more" % (len(problems) - 20))
    else:
        passed += 1
        print("ok " + name)


def write_site(d, files):
    for rel, data in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)


def run(args, cwd=ROOT):
    p = subprocess.run([HERALD] + args, cwd=cwd, env=ENV,
                       capture_output=True)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def build(name, site, out, date=DATE, quiet_ok=False):
    code, stdout, err = run(["build", "-s", site, "-o", out, "--date", date])
    problems = []
    if code != 0:
        problems.append("exit status %d" % code)
    if err and not quiet_ok:
        problems.append("standard error:\n" + err)
    report(name + ": builds", problems)
    return code == 0


def editions(out):
    """The folder of every email edition under out, sorted."""
    found = []
    for kind in ("newsletters", "bulletins"):
        base = os.path.join(out, kind)
        if not os.path.isdir(base):
            continue
        for slug in sorted(os.listdir(base)):
            d = os.path.join(base, slug)
            if os.path.isfile(os.path.join(d, "email.html")):
                found.append(d)
    return found


def read(path):
    with open(path, "rb") as f:
        return f.read()


# ---- the message file ----

def check_eml(name, d, title=None):
    """Python's email package reads email.eml: both parts, UTF-8, the
    headers, each part equal to its file."""
    problems = []
    raw = read(os.path.join(d, "email.eml"))
    html_file = read(os.path.join(d, "email.html")).decode("utf-8")
    text_file = read(os.path.join(d, "email.txt")).decode("utf-8")
    for i, line in enumerate(raw.split(b"\r\n")):
        if len(line) > 78 and not line.startswith(b"Content-Type"):
            problems.append("line %d is %d bytes" % (i + 1, len(line)))
            break
    if b"\n" in raw.replace(b"\r\n", b""):
        problems.append("a line ends without CR")
    try:
        raw.decode("ascii")
    except UnicodeDecodeError:
        problems.append("the message is not 7-bit ASCII")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for h in ("From", "To", "Cc", "Bcc"):
        if msg[h] is not None:
            problems.append("has a %s: header" % h)
    if msg["MIME-Version"] != "1.0":
        problems.append("MIME-Version: %r" % msg["MIME-Version"])
    if title is not None and str(msg["Subject"]) != title:
        problems.append("Subject %r, not %r" % (str(msg["Subject"]), title))
    try:
        when = email.utils.parsedate_to_datetime(str(msg["Date"]))
    except (TypeError, ValueError) as e:
        when = None
        problems.append("Date %r: %s" % (msg["Date"], e))
    if msg.get_content_type() != "multipart/alternative":
        problems.append("type %s" % msg.get_content_type())
    parts = list(msg.iter_parts()) if msg.is_multipart() else []
    if [p.get_content_type() for p in parts] != ["text/plain", "text/html"]:
        problems.append("parts %s" % [p.get_content_type() for p in parts])
    else:
        for p, want in zip(parts, (text_file, html_file)):
            if p.get_content_charset() != "utf-8":
                problems.append("%s charset %s" % (p.get_content_type(),
                                                   p.get_content_charset()))
            if p["Content-Transfer-Encoding"] != "quoted-printable":
                problems.append("%s transfer encoding %s" % (
                    p.get_content_type(), p["Content-Transfer-Encoding"]))
            got = p.get_content().replace("\r\n", "\n")
            if got != want:
                problems.append("%s part differs from its file:\n%s" % (
                    p.get_content_type(), "".join(difflib.unified_diff(
                        want.splitlines(True), got.splitlines(True),
                        "file", "part", n=1))[:1500]))
    if msg.defects:
        problems.append("defects: %s" % msg.defects)
    for p in parts:
        if p.defects:
            problems.append("%s defects: %s" % (p.get_content_type(),
                                                p.defects))
    report(name + ": email.eml parses, both parts equal their files",
           problems)
    return when


# ---- the HTML ----

TEXT_ELEMENTS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li",
                 "table", "th", "td", "blockquote", "a", "pre"}
BANNED = {"script", "form", "iframe", "object", "embed", "input", "button",
          "textarea", "select", "video", "audio", "base"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class EmailChecker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.links = []
        self.stack = []         # (tag, has background)
        self.tables = []        # [attrs, has th]
        self.html_attrs = None
        self.in_style = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        style = (a.get("style") or "").replace(" ", "").lower()
        where = "<%s %s>" % (tag, " ".join("%s=%r" % kv for kv in attrs
                                           if kv[0] != "style"))[:160]
        if tag == "html":
            self.html_attrs = a
        if tag in BANNED:
            self.problems.append("banned element: " + where)
        if tag == "link" and "stylesheet" in (a.get("rel") or ""):
            self.problems.append("external stylesheet: " + where)
        if tag == "style":
            self.in_style += 1
        for k in ("href", "src", "background", "action", "poster"):
            v = a.get(k)
            if v is None:
                continue
            if k == "href" and tag == "a":
                self.links.append(v)
            if not re.match(r"^(https?://[^/\s]+|mailto:[^\s]+)", v):
                self.problems.append("%s not absolute http(s)/mailto: %s"
                                     % (k, where))
            if "ref:" in v:
                self.problems.append("ref: left: " + where)
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append("event handler: " + where)
        if tag in TEXT_ELEMENTS and not style:
            self.problems.append("no inline style: " + where)
        if tag == "img":
            for k in ("width", "alt"):
                if k not in a:
                    self.problems.append("img without %s: %s" % (k, where))
            if (a.get("src") or "").startswith("data:"):
                self.problems.append("data: image: " + where)
        if tag == "table":
            self.tables.append([a, False])
        if tag == "th" and self.tables:
            self.tables[-1][1] = True
        bg = "background-color:" in style or "background:" in style or \
            "bgcolor" in a
        # dark-mode safe: a text colour always with a background
        if re.search(r"(^|;)color:", style) and not bg and \
                not any(b for _, b in self.stack):
            self.problems.append("colour without a background: " + where)
        if tag not in VOID:
            self.stack.append((tag, bg))

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style -= 1
        if tag == "table" and self.tables:
            a, has_th = self.tables.pop()
            if not has_th and a.get("role") != "presentation":
                self.problems.append("layout table without role="
                                     "\"presentation\"")
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break


def check_html(name, d):
    problems = []
    data = read(os.path.join(d, "email.html"))
    if len(data) > GMAIL_CLIP:
        problems.append("%d bytes: Gmail clips it" % len(data))
    text = data.decode("utf-8")
    p = EmailChecker()
    p.feed(text)
    p.close()
    problems += p.problems
    ha = p.html_attrs or {}
    if not ha.get("lang"):
        problems.append("no lang on <html>")
    if ha.get("dir") not in ("ltr", "rtl"):
        problems.append("no dir on <html>")
    if "View this online" not in text:
        problems.append("no \"View this online\" link")
    if 'style="display:none' not in text:
        problems.append("no hidden preheader")
    report(name + ": email.html: absolute links, inline styles, no script "
           "or form, %d KB" % ((len(data) + 1023) // 1024), problems)
    return p.links


# ---- the text ----

def check_text(name, d, links):
    problems = []
    text = read(os.path.join(d, "email.txt")).decode("utf-8")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if len(line) <= 72:
            continue
        # a reference, or one word too long for any line, may pass 72
        if re.match(r"^\[\d+\] \S+$", line) or " " not in line.strip():
            continue
        problems.append("line %d is %d characters: %s" % (i + 1, len(line),
                                                          line))
    if not text.endswith("\n") or text.endswith("\n\n"):
        problems.append("does not end with one newline")
    tags = re.findall(r"</?(?:p|div|td|tr|table|span|a|h\d|li|ul|ol|img|br|"
                      r"strong|em|html|body|style)[ >/]", text)
    if tags:
        problems.append("HTML tags left in the text: %s" % tags[:5])
    head = "\n".join(lines[:3])
    if not re.search(r"https?://\S+", head):
        problems.append("no web address at the top:\n" + head)
    for href in links:
        want = href[7:] if href.startswith("mailto:") else href
        if want not in text:
            problems.append("link missing: " + href)
    refs = re.findall(r"\[(\d+)\]", text)
    listed = re.findall(r"^\[(\d+)\] ", text, flags=re.M)
    for r in set(refs):
        if r not in listed:
            problems.append("[%s] is not listed at the end" % r)
    # an underline is as long as the heading's longest line
    for t in re.findall(r"^(.+)\n(=+|-+)$", text, flags=re.M):
        if not len(t[0]) <= len(t[1]) <= 72:
            problems.append("underline of %r is %d long" % (t[0], len(t[1])))
    report(name + ": email.txt wraps at 72 and keeps every link", problems)


def golden(name, got, rel):
    path = os.path.join(GOLDEN_DIR, rel)
    if GOLDEN:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(got)
        report(name + " (golden rewritten)", [])
        return
    try:
        want = read(path)
    except OSError as e:
        report(name, [str(e)])
        return
    problems = []
    if want != got:
        problems.append("".join(difflib.unified_diff(
            want.decode("utf-8", "replace").splitlines(True),
            got.decode("utf-8", "replace").splitlines(True),
            "golden/" + rel, "got", n=2))[:4000])
    report(name, problems)


def front_title(md):
    m = re.search(r'^title: *"?(.*?)"?$', read(md).decode("utf-8"), re.M)
    return m.group(1) if m else None


def check_all(name, out, site):
    found = editions(out)
    for d in found:
        kind, slug = d.split(os.sep)[-2:]
        label = "%s %s/%s" % (name, kind, slug)
        md = os.path.join(site, "content", kind, slug + ".md")
        when = check_eml(label, d, front_title(md))
        links = check_html(label, d)
        check_text(label, d, links)
        m = re.search(r"^date: *(\d{4}-\d\d-\d\d)", read(md).decode(), re.M)
        if m and when is not None:
            report(label + ": Date: is the item's date",
                   [] if when.date().isoformat() == m.group(1) else
                   ["Date %s, item %s" % (when, m.group(1))])
    return found


# ---- the sites ----

def example_site(tmp):
    out = os.path.join(tmp, "example")
    if not build("example site", ROOT, out):
        return []
    found = check_all("example", out, ROOT)
    report("example: every newsletter and bulletin has its email",
           [] if len(found) == len(os.listdir(os.path.join(
               ROOT, "content", "newsletters"))) + len(os.listdir(
               os.path.join(ROOT, "content", "bulletins"))) else
           ["%d editions" % len(found)])
    for rel in ("newsletters/safeguarding-matters-november-2026",
                "bulletins/our-roles-in-safeguarding"):
        for f in ("email.html", "email.txt", "email.eml"):
            p = os.path.join(out, rel, f)
            if os.path.exists(p):
                golden("golden: example %s/%s" % (rel, f), read(p),
                       rel + "/" + f)
    # the bulletin's briefings, each with its PDF, and its training
    b = read(os.path.join(out, "bulletins", "our-roles-in-safeguarding",
                          "email.html")).decode()
    problems = []
    for want in ("Download the printable briefing (PDF",
                 "briefings/professional-curiosity.pdf", "Book a place",
                 "Next session:", "learning@elmbridgevale.example.org",
                 "https://learning.elmbridgevale.example.org/safeguarding/"):
        if want not in b:
            problems.append("lacks " + want)
    report("example: the bulletin's cards: PDFs, training, footer", problems)
    return found


SITE = "title: Test Partnership\nbase_url: https://example.org/sub/\n" \
       "email: hello@example.org\nlogo: logo.png\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000004b00000025808020000009d8c7d"
    "2b0000000c4944415478da636060000000040001f61738550000000049454e44"
    "ae426082")


def edge_site(tmp):
    """Images with sizes, relative and odd links, quotes, code, a long
    address, non-ASCII subject, a draft left out."""
    site = os.path.join(tmp, "edge")
    write_site(site, {
        "site.yaml": SITE,
        "content/media/logo.png": PNG,
        "content/media/wide.png": PNG,
        "content/pages/about.md": "---\ntitle: About\n---\n\nAbout.\n",
        "content/newsletters/edge.md":
            "---\ntitle: \"Ça va? Émilie’s “news” — issue ☃ with a much "
            "longer title that must fold in the Subject header\"\n"
            "date: 2026-07-01\nissue: 3\nsummary: Short.\n---\n\n"
            "## A heading with [a link](ref:pages/about)\n\n"
            "![A wide picture](/media/wide.png)\n\n"
            "> A quote that goes on for long enough to wrap past the "
            "seventy-two columns of a plain text email, twice over, at least "
            "it should by now.\n\n"
            "1. one\n2. two with [rel](../about/)\n\n"
            "```\ncode <b> & stuff\n```\n\n"
            "A long address: https://example.org/a/very/long/path/that/is/"
            "longer/than/seventy/two/characters/on/its/own/line/index.html\n\n"
            "| a | b |\n| --- | --- |\n| 1 | [x](mailto:x@example.org) |\n\n"
            "Write to <hello@example.org>. Equals = and trailing space \n",
        "content/newsletters/draft.md":
            "---\ntitle: Draft\ndate: 2026-07-02\ndraft: true\n---\n\nD.\n",
    })
    out = os.path.join(tmp, "edge-out")
    if not build("edge site", site, out):
        return
    found = check_all("edge", out, site)
    report("edge: drafts have no email",
           [] if not os.path.exists(os.path.join(out, "newsletters", "draft"))
           else ["draft built"])
    d = os.path.join(out, "newsletters", "edge")
    h = read(os.path.join(d, "email.html")).decode()
    problems = []
    if 'src="https://example.org/sub/media/wide.png"' not in h:
        problems.append("image not absolute")
    if 'width="536" height="268"' not in h:
        problems.append("image not 536 x 268: " +
                        str(re.findall(r"<img[^>]*wide[^>]*>", h)))
    if 'src="https://example.org/sub/media/logo.png"' not in h:
        problems.append("no logo")
    if 'href="https://example.org/sub/about/"' not in h:
        problems.append("relative link not resolved")
    report("edge: images sized, logo and links absolute", problems)
    t = read(os.path.join(d, "email.txt")).decode()
    problems = []
    for want in ("> A quote", "1. one", "2. two with rel [", "[A wide picture]",
                 "code <b> & stuff", "1 | x [", "----------"):
        if want not in t:
            problems.append("text lacks %r" % want)
    report("edge: quotes, numbered lists, code and tables in the text",
           problems)
    msg = email.message_from_bytes(read(os.path.join(d, "email.eml")),
                                   policy=email.policy.default)
    report("edge: a Subject in UTF-8 reads back", [] if str(msg["Subject"])
           .startswith("Ça va? Émilie’s “news” — issue ☃") else
           [repr(str(msg["Subject"]))])
    # herald email, alone, makes the same three files
    code, so, err = run(["email", os.path.join(site, "content", "newsletters",
                                               "edge.md"), "-s", site,
                         "-o", os.path.join(tmp, "one"), "--date", DATE])
    problems = [] if code == 0 and not err else ["exit %d\n%s" % (code, err)]
    for f in ("email.html", "email.txt", "email.eml"):
        if code == 0 and read(os.path.join(tmp, "one", f)) != \
                read(os.path.join(d, f)):
            problems.append(f + " differs from the build's")
    report("edge: herald email makes what the build makes", problems)
    return found


def raw_site(tmp):
    """A site that allows raw HTML: what mail programs refuse never
    reaches the email, and broken markup is put right."""
    site = os.path.join(tmp, "raw")
    write_site(site, {
        "site.yaml": "title: Raw\nbase_url: https://example.org/\n"
                     "unsafe_html: true\n",
        "content/bulletins/raw.md":
            "---\ntitle: Raw\ndate: 2026-03-01\n---\n\n"
            "<div class=\"x\" style=\"border:1px solid\">Raw <b>bold <i>"
            "unclosed</div>\n\n<script>alert(1)</script>\n\n"
            "<iframe src=\"https://example.com/\"></iframe>\n\n"
            "<form action=\"/x\"><input name=q></form>\n\n"
            "<p onclick=\"x()\">click <a href=\"page.html\">here</a></p>\n",
    })
    out = os.path.join(tmp, "raw-out")
    if not build("raw HTML site", site, out):
        return []
    found = check_all("raw", out, site)
    h = read(os.path.join(out, "bulletins", "raw", "email.html")).decode()
    problems = []
    for bad in ("<script", "onclick", "<iframe", "<form", "<input"):
        if bad in h:
            problems.append("has " + bad)
    if 'href="https://example.org/bulletins/raw/page.html"' not in h:
        problems.append("relative link not resolved")
    if "unclosed" not in h:
        problems.append("text lost")
    report("raw: scripts, frames, forms and handlers left out", problems)
    return found


def browser_checks(dirs):
    """Chromium at 600 and 375 px, with and without <style>; axe."""
    js = os.path.join(ROOT, "tests", "browser", "email.js")
    if not os.path.isdir(os.path.join(ROOT, "tests", "browser",
                                      "node_modules", "playwright-core")):
        report("chromium: tests/browser/node_modules is installed",
               ["run make tests/browser/node_modules/.package-lock.json"])
        return
    shots = os.path.join(ROOT, "tests", "browser", "out")
    p = subprocess.run(["node", js, shots] +
                       [os.path.join(d, "email.html") for d in dirs],
                       cwd=os.path.join(ROOT, "tests", "browser"),
                       capture_output=True, timeout=900)
    try:
        results = json.loads(p.stdout.decode())
    except ValueError:
        report("chromium runs", ["exit %d\n%s" % (
            p.returncode, p.stderr.decode("utf-8", "replace")[-3000:])])
        return
    for r in results:
        report(r["name"], r["problems"])


def main():
    global HERALD
    if len(sys.argv) != 2:
        sys.exit("usage: test_email.py path/to/herald")
    HERALD = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        found = example_site(tmp) or []
        found += edge_site(tmp) or []
        found += raw_site(tmp) or []
        if os.environ.get("NO_BROWSER") != "1" and found:
            browser_checks(found)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
