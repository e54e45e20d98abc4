"""pages.py: what pages hold that a golden site would not show: the order of
sections, training sessions by build date, cards kept across pages, and the
search index's text."""
import json
import os
import random
import re
import shutil
import tempfile

from common import (BINARIES, DEFAULT_SITE, Links, fail, make_site, ok,
                    run)


def order_tests():
    """Sections list newest first (ties by title); the build date decides
    which training sessions are upcoming."""
    files = {}
    for slug, date, title in (("a", "2024-01-05", "Alpha"),
                              ("b", "2024-03-01", "Bravo"),
                              ("c", "2024-03-01", "Charlie"),
                              ("d", "2023-12-31", "Delta"),
                              ("e", "2025-02-28", "Echo")):
        files["content/newsletters/%s.md" % slug] = (
            "---\ntitle: %s\ndate: %s\n---\nText.\n" % (title, date)).encode()
    files["content/training/course.md"] = (
        "---\ntitle: Course\nformat: classroom\nsessions:\n"
        "  - {date: 2026-12-01, start: \"10:00\", end: \"12:00\", venue: Hall A}\n"
        "  - {date: 2027-01-15, start: \"13:00\", end: \"15:00\", venue: Hall B}\n"
        "---\nText.\n").encode()
    with tempfile.TemporaryDirectory() as d:
        make_site(d, files)
        for kind, exe in BINARIES:
            out = os.path.join(d, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "-o", out, "--date",
                                "2026-11-22"], d)
            p = Links()
            p.feed(open(os.path.join(out, "newsletters", "index.html"),
                        encoding="utf-8").read())
            got = [u.split("/")[-2] for u in p.urls
                   if re.match(r"^\.\./newsletters/[a-e]/", u)]
            want = ["e", "b", "c", "a", "d"]
            if code != 0 or got != want:
                fail("newsletters newest first (%s)" % kind,
                     "exit %d %s\ngot %s, want %s" % (code, err, got, want))
            else:
                ok("newsletters newest first (%s)" % kind)
        for date, want_a, want_b in (("2026-11-22", True, True),
                                     ("2026-12-01", True, True),
                                     ("2026-12-02", False, True),
                                     ("2027-01-16", False, False)):
            out = os.path.join(d, "out-" + date)
            code, _, err = run([BINARIES[0][1], "build", "-q", "-o", out,
                                "--date", date], d)
            why = "exit %d %s" % (code, err) if code else ""
            for page in ("training/index.html", "training/course/index.html"):
                text = open(os.path.join(out, page), encoding="utf-8").read()
                if ("Hall A" in text) != want_a or ("Hall B" in text) != want_b:
                    why += "%s: Hall A %s, Hall B %s\n" % (
                        page, "Hall A" in text, "Hall B" in text)
            text = open(os.path.join(out, "training/course/index.html"),
                        encoding="utf-8").read()
            none = "No sessions are scheduled at the moment." in text
            if none != (not want_a and not want_b):
                why += "course page: 'none scheduled' is %s\n" % none
            name = "training sessions upcoming on %s" % date
            if why:
                fail(name, why)
            else:
                ok(name)


def loop_tests():
    """A document listed on several pages shows the same card on each, made
    once and kept (layout.c's fill_item); a card that reads the page or
    loop.index is made for each page."""
    files = {}
    for slug, date, themes in (("one", "2026-01-05", "[neglect, early-help]"),
                               ("two", "2026-02-05", "[neglect]"),
                               ("three", "2026-03-05", "[early-help, neglect]")):
        files["content/bulletins/%s.md" % slug] = (
            "---\ntitle: Bulletin %s\ndate: %s\nthemes: %s\n"
            "summary: About %s & more.\n---\nText.\n" % (
                slug, date, themes, slug)).encode()
    impure = (
        "<!doctype html>\n<html><head><title>card</title></head><body>"
        "<a class=\"t\" data-attr-href=\"item.url\" data-text=\"item.title\">"
        "x</a><i class=\"on\" data-text=\"page.title\">p</i>"
        "<b class=\"n\" data-text=\"loop.index\">1</b></body></html>\n")
    base = (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title data-text=\"page.title\">t</title></head><body>\n"
        "<header><ul><li><b>1</b></li><li><b>2</b></li><li><b>3</b></li></ul>"
        "<nav><ul><li data-each=\"item in site.nav\"><a data-attr-href="
        "\"item.url\" data-attr-aria-current=\"item.current\" data-text="
        "\"item.title\">x</a></li></ul></nav><p data-text=\"site.title\">s"
        "</p></header>\n<main data-block=\"main\"></main>\n<footer><ul><li>"
        "<b>1</b></li><li><b>2</b></li><li><b>3</b></li></ul><p class=\"ft\" "
        "data-text=\"page.title\">p</p></footer>\n</body></html>\n")
    card = re.compile(r'<a class="t" href="([^"]*)">([^<]*)</a>'
                      r'<i class="on">([^<]*)</i><b class="n">(\d+)</b>')
    with tempfile.TemporaryDirectory() as d:
        make_site(d, files)
        for kind, exe in BINARIES:
            # The default cards: each link made for its page's depth.
            out = os.path.join(d, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "-j2", "-o", out], d)
            why = "exit %d %s" % (code, err) if code else ""
            for page, prefix, want in (
                    ("bulletins/index.html", "../bulletins/",
                     ["three", "two", "one"]),
                    ("themes/neglect/index.html", "../../bulletins/",
                     ["three", "two", "one"]),
                    ("themes/early-help/index.html", "../../bulletins/",
                     ["three", "one"])):
                if code:
                    break
                text = open(os.path.join(out, page), encoding="utf-8").read()
                got = re.findall(r'<p class="card__title"><a href="([^"]*)">'
                                 r'Bulletin (\w+)</a>', text)
                if got != [(prefix + w + "/index.html", w) for w in want]:
                    why += "%s: cards %s\n" % (page, got)
                if text.count("About one &amp; more.") != ("one" in want):
                    why += "%s: summary of one shown %d times\n" % (
                        page, text.count("About one &amp; more."))
            name = "cards kept across list and theme pages (%s)" % kind
            fail(name, why) if why else ok(name)
            # Cards that read the page and loop.index are not kept.
            site = os.path.join(d, "impure")
            shutil.rmtree(site, ignore_errors=True)
            make_site(site, dict(files, **{
                "layouts/partials/item.html": impure.encode()}))
            out = os.path.join(site, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "-j2", "-o", out], site)
            why = "exit %d %s" % (code, err) if code else ""
            for page, title, prefix, want in (
                    ("bulletins/index.html", "Bulletins", "../bulletins/",
                     ["three", "two", "one"]),
                    ("themes/neglect/index.html", "Neglect",
                     "../../bulletins/", ["three", "two", "one"]),
                    ("themes/early-help/index.html", "Early help",
                     "../../bulletins/", ["three", "one"])):
                if code:
                    break
                text = open(os.path.join(out, page), encoding="utf-8").read()
                got = card.findall(text)
                exp = [(prefix + w + "/index.html", "Bulletin " + w, title,
                        str(i + 1)) for i, w in enumerate(want)]
                if got != exp:
                    why += "%s:\n got %s\nwant %s\n" % (page, got, exp)
            name = "cards that read the page made per page (%s)" % kind
            fail(name, why) if why else ok(name)
            # A header that reads only site is kept for pages of one nav
            # state; a footer that reads the page is made for each.
            site = os.path.join(d, "base")
            shutil.rmtree(site, ignore_errors=True)
            make_site(site, dict(files, **{
                "layouts/base.html": base.encode(),
                "site.yaml": (DEFAULT_SITE + "nav:\n"
                              "  - {title: Home, url: /}\n"
                              "  - {title: Bulletins, url: \"ref:bulletins\"}\n"
                              "  - {title: Themes, url: \"ref:themes\"}\n"
                              ).encode()}))
            out = os.path.join(site, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "-j2", "-o", out], site)
            why = "exit %d %s" % (code, err) if code else ""
            for page, title, cur in (
                    ("index.html", "Test Partnership", "index.html"),
                    ("bulletins/one/index.html", "Bulletin one",
                     "../../bulletins/index.html"),
                    ("bulletins/two/index.html", "Bulletin two",
                     "../../bulletins/index.html"),
                    ("bulletins/index.html", "Bulletins",
                     "../bulletins/index.html"),
                    ("themes/neglect/index.html", "Neglect",
                     "../../themes/index.html"),
                    ("themes/early-help/index.html", "Early help",
                     "../../themes/index.html")):
                if code:
                    break
                text = open(os.path.join(out, page), encoding="utf-8").read()
                got = re.findall(r'<a href="([^"]*)" aria-current="">', text)
                foot = re.findall(r'<p class="ft">([^<]*)</p>', text)
                if got != [cur] or foot != [title]:
                    why += "%s: current %s, footer %s\n" % (page, got, foot)
            name = "kept headers follow the nav, footers the page (%s)" % kind
            fail(name, why) if why else ok(name)


def search_text_tests():
    """The search index's text (in each document's fragment) is the body with every run of white space
    made one space: code blocks with spaces, tabs and line breaks at every
    place (herald looks at eight bytes at a time) come out as a byte-by-byte
    reference makes them."""
    rnd = random.Random(8)
    files, want = {}, {}
    for i in range(40):
        text = "".join(rnd.choice("ab\u00e9 \t\n") if rnd.random() < 0.5
                       else rnd.choice(["  ", "x ", " y", "\t ", "word"])
                       for _ in range(rnd.randint(1, 120)))
        text = text.replace("`", "") or "x"
        slug = "p%02d" % i
        if i % 2:
            # A code block: its text has line breaks.
            body = "````\n%s\n````\n" % text
        else:
            # One line of a paragraph: text alone, spaces and tabs kept.
            text = "a" + text.replace("\n", " ") + "z"
            body = text + "\n"
        files["content/pages/%s.md" % slug] = (
            "---\ntitle: Page %d\n---\n%s" % (i, body)).encode()
        want["%s/index.html" % slug] = re.sub(r"[ \t\n\v\f\r]+", " ",
                                              text + "\n").strip(" ")
    # One pair of spaces, or one tab, alone in a line, at every offset.
    for k in range(1, 25):
        for sep, name in (("  ", "s"), ("\t", "t"), ("   ", "r")):
            text = "b" * k + sep + "c" * 9
            slug = "q%s%02d" % (name, k)
            files["content/pages/%s.md" % slug] = (
                "---\ntitle: Page %s\n---\n%s\n" % (slug, text)).encode()
            want["%s/index.html" % slug] = "b" * k + " " + "c" * 9
    with tempfile.TemporaryDirectory() as d:
        make_site(d, files)
        for kind, exe in BINARIES:
            out = os.path.join(d, "out-" + kind)
            code, _, err = run([exe, "build", "-q", "--no-pdfs", "-o", out],
                               d)
            why = "exit %d %s" % (code, err) if code else ""
            if not code:
                got = {}
                frags = os.path.join(out, "search", "d")
                for f in os.listdir(frags):
                    js = open(os.path.join(frags, f), encoding="utf-8").read()
                    e = json.loads(js[js.index("{"):js.rindex("}") + 1])
                    got[e["url"]] = e["text"]
                for url, w in sorted(want.items()):
                    if got.get(url) != w:
                        why += "%s:\n got %r\nwant %r\n" % (url, got.get(url), w)
            name = "search text folds white space (%s)" % kind
            fail(name, why) if why else ok(name)
