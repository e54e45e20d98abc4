#!/usr/bin/python3
"""test_feeds.py: herald's RSS feeds, iCalendar files, sitemap and robots.txt,
read back by independent clients: feedparser, icalendar, xmllint.

usage: /usr/bin/python3 tests/test_feeds.py path/to/herald

Builds the example site and small sites of its own in temporary folders.
Prints "ok NAME" or "FAIL NAME" with details for each check, then
"N passed, M failed"; exits 1 on any failure.  HERALD_GOLDEN=1 rewrites
the golden files in tests/golden-feeds/ instead of comparing them.
"""
import datetime
import difflib
import html
import html.parser
import os
import re
import subprocess
import sys
import tempfile
import zoneinfo
from xml.etree import ElementTree

import feedparser
import icalendar

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN_DIR = os.path.join(ROOT, "tests", "golden-feeds")
GOLDEN = os.environ.get("HERALD_GOLDEN") == "1"
DATE = "2026-11-22"
UTC = datetime.timezone.utc

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
        for p in problems:
            for line in str(p).rstrip("\n").split("\n"):
                print("     " + line)
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


def build(name, site, out, date=DATE):
    """Builds site into out; reports a failure and returns False when the
    build fails or prints anything on standard error."""
    code, stdout, err = run(["build", "-s", site, "-o", out, "--date", date])
    problems = []
    if code != 0:
        problems.append("exit status %d" % code)
    if err:
        problems.append("standard error:\n" + err)
    report("%s builds without a message" % name, problems)
    return not problems


def read(out, rel):
    with open(os.path.join(out, rel), "rb") as f:
        return f.read()


def parse_feed(out, rel):
    return feedparser.parse(read(out, rel))


def parse_ics(out, rel):
    return icalendar.Calendar.from_ical(read(out, rel))


def events(cal):
    return [c for c in cal.walk("VEVENT")]


def xmllint(paths):
    p = subprocess.run(["xmllint", "--noout"] + paths, capture_output=True)
    return [] if p.returncode == 0 else [p.stderr.decode("utf-8", "replace")]


def golden(name, got, rel):
    path = os.path.join(GOLDEN_DIR, rel)
    if GOLDEN:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(got)
        report("%s (golden rewritten)" % name, [])
        return
    try:
        with open(path, "rb") as f:
            want = f.read()
    except OSError as e:
        report(name, [str(e)])
        return
    if want == got:
        report(name, [])
        return
    d = "".join(difflib.unified_diff(
        want.decode("utf-8", "replace").splitlines(True),
        got.decode("utf-8", "replace").splitlines(True),
        "golden-feeds/" + rel, rel))
    report(name, [d or "the bytes differ (line ends?)"])


class Hrefs(html.parser.HTMLParser):
    """Every href and src of an HTML text, and every alternate link."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.alternates = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("href", "src"):
            if a.get(k) is not None:
                self.urls.append(a[k])
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append(a)


def hrefs(text):
    p = Hrefs()
    p.feed(text)
    return p


# ---- checks shared by every site ----

FEEDS = ["feed.xml", "briefings/feed.xml", "bulletins/feed.xml",
         "newsletters/feed.xml", "training/feed.xml"]


def ics_files(out):
    d = os.path.join(out, "training")
    if not os.path.isdir(d):
        return []
    return sorted("training/" + f for f in os.listdir(d) if f.endswith(".ics"))


def check_ics_lines(name, out):
    """CRLF everywhere, lines of at most 75 octets, no character split."""
    problems = []
    for rel in ics_files(out):
        data = read(out, rel)
        if not data.endswith(b"\r\n"):
            problems.append("%s: does not end with CRLF" % rel)
        lines = data.split(b"\r\n")[:-1]
        for i, line in enumerate(lines, 1):
            if b"\n" in line or b"\r" in line:
                problems.append("%s:%d: a bare CR or LF" % (rel, i))
            if len(line) > 75:
                problems.append("%s:%d: %d octets" % (rel, i, len(line)))
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                problems.append("%s:%d: a UTF-8 character split by folding"
                                % (rel, i))
            if i > 1 and line[:1] in (b" ", b"\t") and len(line) < 2:
                problems.append("%s:%d: an empty continuation" % (rel, i))
    report(name + ": iCalendar lines are CRLF, folded at 75 octets", problems)


def check_common(name, out, base):
    """Well-formed XML, feeds without bozo and with absolute links, robots."""
    paths = [os.path.join(out, f) for f in FEEDS + ["sitemap.xml"]]
    report(name + ": xmllint finds every feed and the sitemap well-formed",
           xmllint(paths))

    problems = []
    for rel in FEEDS:
        f = parse_feed(out, rel)
        if f.bozo:
            problems.append("%s: bozo: %s" % (rel, f.bozo_exception))
            continue
        if f.version != "rss20":
            problems.append("%s: version %s" % (rel, f.version))
        self_links = [l.href for l in f.feed.get("links", [])
                      if l.get("rel") == "self"]
        if self_links != [base + rel]:
            problems.append("%s: atom:link self %s" % (rel, self_links))
        for k in ("title", "link", "subtitle", "language", "updated"):
            if not f.feed.get(k):
                problems.append("%s: channel has no %s" % (rel, k))
        dates = []
        for e in f.entries:
            for k in ("title", "link", "id", "published_parsed"):
                if not e.get(k):
                    problems.append("%s: item %s has no %s"
                                    % (rel, e.get("link"), k))
            if not e.get("link", "").startswith(base):
                problems.append("%s: link not absolute: %s"
                                % (rel, e.get("link")))
            if e.get("id") != e.get("link"):
                problems.append("%s: guid is not the link: %s"
                                % (rel, e.get("id")))
            for c in e.get("content", []):
                for u in hrefs(c.value).urls:
                    if not re.match(r"^[a-z][a-z0-9+.-]*:", u):
                        problems.append("%s: relative link %r in %s"
                                        % (rel, u, e.link))
            dates.append(e.get("published_parsed"))
        if dates != sorted(dates, reverse=True):
            problems.append("%s: items not newest first" % rel)
        # feedparser does not say whether a guid is a permalink.
        for item in ElementTree.fromstring(read(out, rel)).iter("item"):
            guid = item.find("guid")
            if guid is None or guid.get("isPermaLink") != "true" or \
                    guid.text != item.findtext("link"):
                problems.append("%s: guid of %s is not a permalink"
                                % (rel, item.findtext("link")))
    report(name + ": feedparser reads every feed cleanly, links absolute, "
           "newest first", problems)

    problems = []
    robots = read(out, "robots.txt").decode()
    if "\nSitemap: %ssitemap.xml\n" % base not in robots:
        problems.append("robots.txt:\n" + robots)
    report(name + ": robots.txt points to the sitemap", problems)

    check_ics_lines(name, out)


def sitemap_locs(out):
    text = read(out, "sitemap.xml").decode()
    return re.findall(r"<loc>([^<]*)</loc>", text), text


def html_pages(out):
    """Site paths of the pages a sitemap should list (not 404, search)."""
    pages = []
    for base, dirs, files in os.walk(out):
        for f in files:
            if f != "index.html":
                continue
            rel = os.path.relpath(os.path.join(base, f), out)
            if rel.startswith("search/") or rel.startswith("assets/"):
                continue
            pages.append(rel[:-len("index.html")])
    return sorted(pages)


def check_sitemap(name, out, base):
    locs, text = sitemap_locs(out)
    problems = []
    want = sorted(base + p for p in html_pages(out))
    if sorted(locs) != want:
        problems.append("sitemap and pages differ:\n" + "".join(
            difflib.unified_diff([w + "\n" for w in want],
                                 [l + "\n" for l in sorted(locs)],
                                 "pages", "sitemap")))
    if len(set(locs)) != len(locs):
        problems.append("a URL is listed twice")
    for m in re.findall(r"<lastmod>([^<]*)</lastmod>", text):
        if not re.match(r"^\d{4}-\d\d-\d\d$", m):
            problems.append("lastmod %r" % m)
    report(name + ": sitemap.xml lists every page once", problems)


def check_pages_link(name, out):
    """Every page advertises a feed that exists; calendar links resolve.
    (An email.html is an email, not a page: tests/test_email.py.)"""
    problems = []
    for base, dirs, files in os.walk(out):
        for f in files:
            if not f.endswith(".html") or f == "email.html":
                continue
            page = os.path.join(base, f)
            p = hrefs(open(page, encoding="utf-8").read())
            rel = os.path.relpath(page, out)
            alts = [a for a in p.alternates
                    if a.get("type") == "application/rss+xml"]
            if not alts:
                problems.append("%s: no rss alternate link" % rel)
            for a in alts:
                target = os.path.normpath(os.path.join(base, a["href"]))
                if rel != "404.html" and not os.path.isfile(target):
                    problems.append("%s: alternate %s is missing"
                                    % (rel, a["href"]))
            for u in p.urls:
                if u.endswith(".ics"):
                    target = os.path.normpath(os.path.join(base, u))
                    if not os.path.isfile(target):
                        problems.append("%s: broken calendar link %s"
                                        % (rel, u))
    report(name + ": pages advertise their feeds; calendar links resolve",
           problems)


# ---- the example site ----

def upcoming_sessions(site, date):
    """(slug, date) of every session on or after date, from the files."""
    out = []
    d = os.path.join(site, "content", "training")
    for f in sorted(os.listdir(d)):
        text = open(os.path.join(d, f), encoding="utf-8").read()
        for m in re.finditer(r'^\s*-\s*\{?\s*date:\s*"?(\d{4}-\d\d-\d\d)',
                             text, re.M):
            if m.group(1) >= date:
                out.append((f[:-3], m.group(1)))
    return out


def example_site(tmp):
    name = "example site"
    out = os.path.join(tmp, "example")
    base = "https://learning.elmbridgevale.example.org/safeguarding/"
    if not build(name, ROOT, out):
        return
    check_common(name, out, base)
    check_sitemap(name, out, base)
    check_pages_link(name, out)

    problems = []
    content = os.path.join(ROOT, "content")
    for t in ("briefings", "bulletins", "newsletters"):
        n = len([f for f in os.listdir(os.path.join(content, t))
                 if f.endswith(".md")])
        got = len(parse_feed(out, t + "/feed.xml").entries)
        if got != n:
            problems.append("%s/feed.xml: %d items, %d files" % (t, got, n))
    site_feed = parse_feed(out, "feed.xml")
    if not 0 < len(site_feed.entries) <= 20:
        problems.append("feed.xml: %d items" % len(site_feed.entries))
    if site_feed.feed.get("updated_parsed")[:3] != (2026, 11, 22):
        problems.append("lastBuildDate %s" % site_feed.feed.get("updated"))
    neglect = [e for e in parse_feed(out, "briefings/feed.xml").entries
               if e.link == base + "briefings/neglect/"]
    if not neglect or sorted(t.term for t in neglect[0].tags) != \
            ["Neglect", "Professional curiosity"]:
        problems.append("briefings/neglect: categories %s" %
                        (neglect and neglect[0].get("tags")))
    report(name + ": item counts and categories", problems)

    problems = []
    want = upcoming_sessions(ROOT, DATE)
    cal = parse_ics(out, "training/calendar.ics")
    evs = events(cal)
    if len(evs) != len(want):
        problems.append("calendar.ics: %d events, %d upcoming sessions"
                        % (len(evs), len(want)))
    per_course = 0
    uids = set(str(e["UID"]) for e in evs)
    for rel in ics_files(out):
        if rel == "training/calendar.ics":
            continue
        c_evs = events(parse_ics(out, rel))
        per_course += len(c_evs)
        for e in c_evs:
            if str(e["UID"]) not in uids:
                problems.append("%s: UID %s not in calendar.ics"
                                % (rel, e["UID"]))
    if per_course != len(evs):
        problems.append("course files hold %d events, calendar.ics %d"
                        % (per_course, len(evs)))
    for e in evs:
        start = e["DTSTART"].dt
        if start.date().isoformat() < DATE:
            problems.append("past session %s" % start)
        if str(e["DTSTART"].params.get("TZID")) != "Europe/London":
            problems.append("DTSTART without TZID Europe/London")
    if len(uids) != len(evs):
        problems.append("UIDs are not unique")
    report(name + ": calendar.ics holds every upcoming session, as do the "
           "course files", problems)

    problems = []
    ics_courses = set(os.path.basename(r)[:-4] for r in ics_files(out))
    for slug, _ in want:
        page = read(out, "training/%s/index.html" % slug).decode()
        if slug + ".ics" not in page:
            problems.append("training/%s: no Add to calendar link" % slug)
        if slug not in ics_courses:
            problems.append("training/%s.ics missing" % slug)
    if "calendar.ics" not in read(out, "training/index.html").decode():
        problems.append("training/index.html does not link calendar.ics")
    report(name + ": course pages and the training index link their "
           "calendars", problems)

    # herald check writes nothing at all.
    code, stdout, err = run(["check", "--date", DATE])
    problems = []
    if code != 0 or err or not stdout.startswith("checked "):
        problems.append("exit %d\n%s%s" % (code, stdout, err))
    report(name + ": herald check passes", problems)

    # The same inputs and build date give the same bytes.
    out2 = os.path.join(tmp, "example2")
    run(["build", "-s", ROOT, "-o", out2, "--date", DATE])
    problems = []
    for rel in FEEDS + ["sitemap.xml", "robots.txt"] + ics_files(out):
        if read(out, rel) != read(out2, rel):
            problems.append(rel + " differs")
    report(name + ": feeds and calendars are reproducible", problems)


# ---- a small site with awkward content ----

LONG_TITLE = ("Безопасность детей и семей: как вовремя замечать пренебрежение"
              " — ein langer Kurs über Vernachlässigung für alle Fachkräfte")
VENUE_A = 'Council House, Committee Room 2; Level 1, "North" wing \\ east'
VENUE_B = "Kingsmead Centre; Room 3, Station Road"
SUMMARY = "Watch for ]]> and <script>alert(1)</script> & friends."

EDGE = {
    "site.yaml": """title: "Fish & Chips Safeguarding Partnership"
short_name: FCSP
base_url: https://example.org/learning/
description: "Learning & training <for> everyone."
email: learning@example.org
""",
    "content/media/leaflet.png": b"\x89PNG\r\n\x1a\nnot really",
    "content/briefings/first.md": """---
title: "First briefing: <b>bold</b> & more"
date: 2026-06-15
kind: practitioner
themes: [neglect, professional-curiosity]
summary: "%s"
---
Intro with a [link to the second](ref:briefings/second), a
[fragment](#panel), an [outside link](https://example.com/a?b=1&c=2),
[mail](mailto:x@example.org) and ![a leaflet](ref:media/leaflet.png).

## Panel

Code: `a[b[0]]>` and ]]> in text, <script>alert(2)</script>.
""" % SUMMARY.replace('"', '\\"'),
    "content/briefings/second.md": """---
title: Second briefing
date: 2026-01-10
updated: 2026-02-01
kind: practitioner
---
Back to [the first](ref:briefings/first#panel).

## More

Text.
""",
    "content/bulletins/june.md": """---
title: June bulletin
date: 2026-06-30
theme: Neglect
briefings: [first]
training: [child-safety]
---
This month.
""",
    "content/newsletters/autumn.md": """---
title: Autumn newsletter
date: 2026-10-01
issue: 3
---
News.
""",
    "content/training/child-safety.md": """---
title: "%s"
format: classroom
themes: [neglect]
summary: "A course; with commas, semicolons; and a backslash \\\\ in it."
sessions:
  - date: 2026-10-01
    start: "09:30"
    end: "12:30"
    venue: "Old Hall"
    booking: https://book.example.org/old
  - date: 2027-03-24
    start: "09:30"
    end: "12:30"
    venue: '%s'
    booking: "https://book.example.org/c?id=1&x=a,b;c"
  - date: 2027-04-01
    start: "09:30"
    end: "16:00"
    venue: "%s"
    booking: https://book.example.org/2
---
What people learn.
""" % (LONG_TITLE, VENUE_A, VENUE_B),
    "content/training/online-course.md": """---
title: Online course
format: online
updated: 2026-11-01
sessions:
  - {date: 2026-12-02, start: "13:00", end: "14:30", venue: "Online (Microsoft Teams)", booking: "https://book.example.org/3"}
---
Online.
""",
    "content/training/e-course.md": """---
title: An eLearning course
format: elearning
date: 2026-11-20
booking: https://learn.example.org/e
---
At your own pace.
""",
    "content/training/e-undated.md": """---
title: An undated eLearning course
format: elearning
booking: https://learn.example.org/u
---
Whenever.
""",
    "content/training/past.md": """---
title: A course in the past
format: classroom
sessions:
  - {date: 2026-01-01, start: "10:00", end: "11:00", venue: "Hall", booking: "https://book.example.org/p"}
---
Gone.
""",
    "content/pages/about.md": """---
title: About
updated: 2026-05-05
---
About us.
""",
}


def edge_site(tmp):
    name = "awkward site"
    site = os.path.join(tmp, "edge")
    out = os.path.join(tmp, "edge-out")
    base = "https://example.org/learning/"
    write_site(site, EDGE)
    if not build(name, site, out):
        return
    check_common(name, out, base)
    check_sitemap(name, out, base)
    check_pages_link(name, out)

    f = parse_feed(out, "feed.xml")
    problems = []
    order = [e.link[len(base):] for e in f.entries]
    want = ["training/child-safety/", "training/e-course/",
            "training/online-course/", "newsletters/autumn/",
            "bulletins/june/", "briefings/first/", "briefings/second/"]
    if order != want:
        problems.append("order:\n  %s\nwanted:\n  %s"
                        % ("\n  ".join(order), "\n  ".join(want)))
    dates = {e.link[len(base):]: e.published for e in f.entries}
    for link, pub in (("briefings/first/", "Mon, 15 Jun 2026 00:00:00 +0100"),
                      ("briefings/second/",
                       "Sat, 10 Jan 2026 00:00:00 +0000"),
                      ("training/child-safety/",
                       "Wed, 24 Mar 2027 00:00:00 +0000"),
                      ("training/online-course/",
                       "Sun, 01 Nov 2026 00:00:00 +0000")):
        if dates.get(link) != pub:
            problems.append("%s: pubDate %s, wanted %s"
                            % (link, dates.get(link), pub))
    if f.feed.get("updated") != "Sun, 22 Nov 2026 00:00:00 +0000":
        problems.append("lastBuildDate %s" % f.feed.get("updated"))
    report(name + ": feed.xml order and RFC 822 dates in the site's zone",
           problems)

    problems = []
    first = [e for e in f.entries if e.link == base + "briefings/first/"][0]
    if first.title != "First briefing: <b>bold</b> & more":
        problems.append("title %r" % first.title)
    if html.unescape(first.summary) != SUMMARY:
        problems.append("description %r" % first.summary)
    content = first.content[0].value
    for u in ("https://example.org/learning/briefings/second/",
              "https://example.org/learning/briefings/first/#panel",
              "https://example.com/a?b=1&amp;c=2", "mailto:x@example.org",
              "https://example.org/learning/media/leaflet.png"):
        if u not in content:
            problems.append("content lacks %s" % u)
    if "a[b[0]]&gt;" not in content or "]]&gt; in text" not in content:
        problems.append("content lost the ]]> text:\n" + content)
    if sorted(t.term for t in first.tags) != ["Neglect",
                                              "Professional curiosity"]:
        problems.append("categories %s" % first.get("tags"))
    raw = read(out, "feed.xml").decode()
    if "<script" in raw or "<![CDATA[" in raw:
        problems.append("raw markup in feed.xml")
    report(name + ": titles, descriptions and content survive escaping; "
           "links absolute", problems)

    problems = []
    for rel, n in (("briefings/feed.xml", 2), ("bulletins/feed.xml", 1),
                   ("newsletters/feed.xml", 1), ("training/feed.xml", 3)):
        got = len(parse_feed(out, rel).entries)
        if got != n:
            problems.append("%s: %d items, wanted %d" % (rel, got, n))
    report(name + ": section feeds; undated and finished courses left out",
           problems)

    cal = parse_ics(out, "training/calendar.ics")
    evs = events(cal)
    problems = []
    if len(evs) != 3:
        problems.append("%d events, wanted 3" % len(evs))
    got = sorted((str(e["SUMMARY"]),
                  e["DTSTART"].dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                  e["DTEND"].dt.astimezone(UTC).strftime("%H:%M"))
                 for e in evs)
    want = sorted([("Online course", "2026-12-02 13:00", "14:30"),
                   (LONG_TITLE, "2027-03-24 09:30", "12:30"),
                   (LONG_TITLE, "2027-04-01 08:30", "15:00")])
    if got != want:
        problems.append("events (summary, start UTC, end UTC):\n%s\nwanted:"
                        "\n%s" % (got, want))
    report(name + ": calendar.ics times are right across the BST change",
           problems)

    problems = []
    tz = cal.walk("VTIMEZONE")[0].to_tz()
    london = zoneinfo.ZoneInfo("Europe/London")
    for e in evs:
        local = e["DTSTART"].dt.replace(tzinfo=None)
        ours = tz.localize(local).utcoffset()
        theirs = local.replace(tzinfo=london).utcoffset()
        if ours != theirs:
            problems.append("%s: VTIMEZONE gives %s, tzdata %s"
                            % (local, ours, theirs))
    problems += vtimezone_vs_tzdata(cal.walk("VTIMEZONE")[0], london)
    report(name + ": VTIMEZONE agrees with tzdata at every session and "
           "every hour of 2027-2029", problems)

    problems = []
    venues = sorted(str(e.get("LOCATION")) for e in evs)
    if venues != sorted([VENUE_A, VENUE_B, "Online (Microsoft Teams)"]):
        problems.append("venues %s" % venues)
    by_date = {e["DTSTART"].dt.date().isoformat(): e for e in evs}
    if str(by_date["2027-03-24"]["URL"]) != \
            "https://book.example.org/c?id=1&x=a,b;c":
        problems.append("URL %s" % by_date["2027-03-24"]["URL"])
    desc = str(by_date["2027-03-24"]["DESCRIPTION"])
    want_desc = ("A course; with commas, semicolons; and a backslash \\ in "
                 "it.\n\nCourse details: " + base + "training/child-safety/")
    if desc != want_desc:
        problems.append("DESCRIPTION %r" % desc)
    stamp = by_date["2026-12-02"]["DTSTAMP"].dt
    if stamp != datetime.datetime(2026, 11, 22, tzinfo=UTC):
        problems.append("DTSTAMP %s" % stamp)
    uid = str(by_date["2027-04-01"]["UID"])
    if uid != "child-safety-20270401-0930@example.org":
        problems.append("UID %s" % uid)
    for k in ("PRODID", "VERSION", "CALSCALE", "METHOD"):
        if k not in cal:
            problems.append("no " + k)
    if str(cal.get("METHOD")) != "PUBLISH" or str(cal.get("VERSION")) != "2.0":
        problems.append("METHOD %s VERSION %s" % (cal.get("METHOD"),
                                                  cal.get("VERSION")))
    report(name + ": escaped venues, URL, description, DTSTAMP and UID "
           "come back exact", problems)

    problems = []
    have = ics_files(out)
    if have != ["training/calendar.ics", "training/child-safety.ics",
                "training/online-course.ics"]:
        problems.append("calendar files %s" % have)
    else:
        one = events(parse_ics(out, "training/child-safety.ics"))
        if sorted(str(e["UID"]) for e in one) != sorted(
                str(e["UID"]) for e in evs if str(e["SUMMARY"]) == LONG_TITLE):
            problems.append("child-safety.ics events differ from "
                            "calendar.ics")
    past = read(out, "training/past/index.html").decode()
    if ".ics" in past:
        problems.append("the finished course links a calendar")
    report(name + ": one calendar per course with upcoming sessions",
           problems)

    problems = []
    raw = read(out, "training/calendar.ics")
    if LONG_TITLE.encode() in raw:
        problems.append("the long title was not folded")
    unfolded = re.sub(rb"\r\n[ \t]", b"", raw).decode()
    if "SUMMARY:" + LONG_TITLE + "\r\n" not in unfolded:
        problems.append("the long title does not unfold to itself")
    report(name + ": a long non-ASCII title folds and unfolds", problems)

    golden(name + ": feed.xml matches its golden file",
           read(out, "feed.xml"), "feed.xml")
    golden(name + ": calendar.ics matches its golden file",
           read(out, "training/calendar.ics"), "calendar.ics")
    golden(name + ": sitemap.xml matches its golden file",
           read(out, "sitemap.xml"), "sitemap.xml")

    code, stdout, err = run(["check", "-s", site, "--date", DATE])
    problems = []
    if code != 0 or err or not stdout.startswith("checked "):
        problems.append("exit %d\n%s%s" % (code, stdout, err))
    if os.path.exists(os.path.join(site, "output")):
        problems.append("check wrote an output folder")
    report(name + ": herald check builds feeds and calendars, writes "
           "nothing", problems)


# ---- more items than feed.xml holds ----

def many_site(tmp):
    name = "site with 25 briefings"
    site = os.path.join(tmp, "many")
    out = os.path.join(tmp, "many-out")
    files = {"site.yaml": "title: Many\nbase_url: https://example.net/\n"}
    for i in range(1, 24):
        files["content/briefings/b%02d.md" % i] = (
            "---\ntitle: Briefing %02d\ndate: 2025-01-%02d\n"
            "kind: practitioner\n---\nText %d.\n" % (i, i, i))
    for slug, title in (("tie-z", "Zulu"), ("tie-a", "Alpha")):
        files["content/briefings/%s.md" % slug] = (
            "---\ntitle: %s\ndate: 2025-03-01\nkind: practitioner\n---\n"
            "Tied.\n" % title)
    write_site(site, files)
    if not build(name, site, out):
        return
    check_common(name, out, "https://example.net/")
    problems = []
    f = parse_feed(out, "feed.xml")
    slugs = [e.link.split("/")[-2] for e in f.entries]
    want = ["tie-a", "tie-z"] + ["b%02d" % i for i in range(23, 5, -1)]
    if slugs != want:
        problems.append("feed.xml: %s" % slugs)
    n = len(parse_feed(out, "briefings/feed.xml").entries)
    if n != 20:
        problems.append("briefings/feed.xml: %d items" % n)
    if os.path.exists(os.path.join(out, "training", "calendar.ics")):
        problems.append("a site without courses has a calendar")
    if "calendar.ics" in read(out, "training/index.html").decode():
        problems.append("the training index links a missing calendar")
    if len(parse_feed(out, "training/feed.xml").entries) != 0:
        problems.append("training/feed.xml is not empty")
    report(name + ": feed.xml holds the 20 newest, ties by title; "
           "no calendar without courses", problems)


# ---- other time zones ----

ZONES = ["America/New_York", "Australia/Sydney", "Asia/Tokyo",
         "Europe/Dublin", "America/Santiago", "Asia/Jerusalem",
         "America/Nuuk", "Pacific/Chatham", "Asia/Kolkata"]


def vtimezone_vs_tzdata(vtz, zi):
    """Compares the UTC offsets of a VTIMEZONE, as icalendar reads it, with
    tzdata's, every hour from 2027 to 2029, so that changes happen on the
    right day at the right time."""
    tz = vtz.to_tz()
    t = datetime.datetime(2027, 1, 1, tzinfo=UTC)
    while t.year < 2030:
        ours = t.astimezone(tz).utcoffset()
        theirs = t.astimezone(zi).utcoffset()
        if ours != theirs:
            return ["%s UTC: VTIMEZONE gives %s, tzdata %s"
                    % (t.strftime("%Y-%m-%d %H:%M"), ours, theirs)]
        t += datetime.timedelta(hours=1)
    return []


def zone_sites(tmp):
    for zone in ZONES:
        name = "zone %s" % zone
        site = os.path.join(tmp, "zone-" + zone.replace("/", "-"))
        out = site + "-out"
        write_site(site, {
            "site.yaml": "title: Zone\nbase_url: https://example.com/\n"
                         "timezone: %s\n" % zone,
            "content/briefings/summer.md": "---\ntitle: Summer\n"
            "date: 2026-07-01\nkind: practitioner\n---\nText.\n",
            "content/briefings/winter.md": "---\ntitle: Winter\n"
            "date: 2027-01-15\nkind: practitioner\n---\nText.\n",
            "content/training/course.md": "---\ntitle: Course\n"
            "format: online\nsessions:\n"
            "  - {date: 2027-01-15, start: \"09:30\", end: \"10:30\"}\n"
            "  - {date: 2027-07-15, start: \"23:30\", end: \"23:45\"}\n"
            "---\nText.\n"})
        if not build(name, site, out):
            continue
        check_ics_lines(name, out)
        problems = []
        cal = parse_ics(out, "training/calendar.ics")
        vtz = cal.walk("VTIMEZONE")
        zi = zoneinfo.ZoneInfo(zone)
        if len(vtz) != 1 or str(vtz[0]["TZID"]) != zone:
            problems.append("VTIMEZONE %s" % [str(v.get("TZID")) for v in vtz])
        else:
            problems += vtimezone_vs_tzdata(vtz[0], zi)
        report(name + ": VTIMEZONE agrees with tzdata every hour of "
               "2027-2029", problems)

        problems = []
        f = parse_feed(out, "feed.xml")
        for e in f.entries:
            d = datetime.datetime.strptime(e.published,
                                           "%a, %d %b %Y %H:%M:%S %z")
            local = d.replace(tzinfo=None)
            want = local.replace(tzinfo=zi).utcoffset()
            if (local.hour, local.minute) != (0, 0) or d.utcoffset() != want:
                problems.append("%s: pubDate %s, offset should be %s"
                                % (e.title, e.published, want))
        report(name + ": pubDate is midnight in the zone", problems)


def main():
    global HERALD
    if len(sys.argv) != 2:
        sys.exit("usage: test_feeds.py path/to/herald")
    HERALD = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        example_site(tmp)
        edge_site(tmp)
        many_site(tmp)
        zone_sites(tmp)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


HERALD = None
main()
