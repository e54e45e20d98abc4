#!/usr/bin/python3
"""test_serve.py: herald serve with real clients: http.client fetches, an
event-stream client, raw sockets for odd requests, many clients at once.

usage: /usr/bin/python3 tests/test_serve.py path/to/herald

Copies the example site to a temporary folder, serves it on a free
loopback port and edits its files.  Prints "ok NAME" or "FAIL NAME" with
details for each check, the measured times from a file's write to the
reload event, then "N passed, M failed"; exits 1 on any failure.
"""
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-11-22"
ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
for k in list(ENV):
    if k.lower().endswith("_proxy"):
        del ENV[k]
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8")
SCRIPT = re.compile(rb"<script>/\* herald serve: .*?</script>\n", re.S)
OVERLAY = re.compile(rb'<aside id="herald-errors".*?</aside>\n', re.S)

passed = 0
failed = 0
HERALD = None


def report(name, problems):
    global passed, failed
    if problems:
        failed += 1
        print("FAIL " + name)
        for p in problems[:10]:
            print("     " + str(p))
    else:
        passed += 1
        print("ok " + name)


def check(name, cond, detail=""):
    report(name, [] if cond else [detail or "condition false"])


class Server:
    """One herald serve process on a free loopback port."""

    def __init__(self, site, *args):
        self.site = site
        self.err = tempfile.TemporaryFile()
        self.p = subprocess.Popen(
            [HERALD, "serve", "-s", site, "-p", "0", "--date", DATE, "-v",
             "--no-pdfs"] + list(args),
            stdout=subprocess.PIPE, stderr=self.err, env=ENV)
        line = self.p.stdout.readline().decode()
        m = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*)", line)
        if m is None:
            raise RuntimeError("no address in %r: %s" % (line, self.log()))
        self.port = int(m.group(1))
        self.base = m.group(2)
        self.priv = None
        deadline = time.monotonic() + 10
        while self.priv is None and time.monotonic() < deadline:
            m = re.search(r"building into (\S+)", self.log())
            self.priv = m.group(1) if m else None
            time.sleep(0.02)

    def log(self):
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")

    def get(self, path, method="GET"):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request(method, path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body

    def raw(self, data):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        s.sendall(data)
        out = b""
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                out += b
                if b"\r\n\r\n" in out:
                    break
        except socket.timeout:
            pass
        s.close()
        return out

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            st, _, _ = self.get("/")
            if st == 200:
                return True
            time.sleep(0.05)
        return False

    def fds(self):
        return len(os.listdir("/proc/%d/fd" % self.p.pid))

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        return self.p.returncode


class Events:
    """An event-stream client of /__herald/events."""

    def __init__(self, port):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.c.request("GET", "/__herald/events")
        self.r = self.c.getresponse()

    def next(self, timeout=30):
        """The next event as (name, data), comments skipped."""
        self.c.sock.settimeout(timeout)
        name, data = "message", None
        while True:
            line = self.r.readline().decode()
            if line == "":
                return None
            line = line.rstrip("\n")
            if line == "":
                if data is not None:
                    return name, data
                continue
            if line.startswith(":"):
                continue
            k, _, v = line.partition(":")
            v = v.lstrip(" ")
            if k == "event":
                name = v
            elif k == "data":
                data = v

    def close(self):
        self.c.close()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def edit_and_wait(ev, path, text, timeout=30, srv=None, url=None,
                  want=None):
    """Writes path, returns (event, seconds from the write to it): the
    first event after which url serves want, when they are given (an
    event of an earlier build may come first)."""
    t = time.monotonic()
    write(path, text)
    deadline = t + timeout
    while True:
        e = ev.next(max(deadline - time.monotonic(), 0.1))
        secs = time.monotonic() - t
        if srv is None or e is None or time.monotonic() > deadline:
            return e, secs
        if want(srv.get(url)[2]):
            return e, secs


def copy_site(tmp, name):
    site = os.path.join(tmp, name)
    os.makedirs(site)
    for part in ("site.yaml", "content", "layouts"):
        src = os.path.join(ROOT, part)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(site, part))
        elif os.path.exists(src):
            shutil.copy(src, site)
    return site


def fresh_build(site, out):
    r = subprocess.run([HERALD, "build", "-s", site, "-o", out, "--drafts",
                        "--future", "--no-pdfs", "--date", DATE, "-q"],
                       env=ENV, capture_output=True)
    return r.returncode == 0


def compare_with_build(srv, site, tmp, name):
    """Every file of a fresh build is served with the same bytes (HTML
    without the reload script)."""
    out = os.path.join(tmp, "fresh-" + name)
    if not fresh_build(site, out):
        report(name, ["the fresh build failed"])
        return
    problems = []
    count = 0
    for dirpath, _, files in os.walk(out):
        for f in files:
            full = os.path.join(dirpath, f)
            rel = "/" + os.path.relpath(full, out)
            st, hd, body = srv.get(rel)
            want = open(full, "rb").read()
            if rel.endswith(".html"):
                if body.count(b"herald serve: reloads") != 1:
                    problems.append(rel + ": no reload script, or two")
                body = SCRIPT.sub(b"", body)
            count += 1
            if st != 200 or body != want:
                problems.append("%s: status %d, %d bytes, want %d" %
                                (rel, st, len(body), len(want)))
    shutil.rmtree(out)
    report("%s (%d files)" % (name, count), problems)


def basics(srv, site):
    st, hd, body = srv.get("/")
    check("home page served", st == 200 and
          hd.get("content-type", "").startswith("text/html"), st)
    check("reload script in served HTML, once",
          body.count(b'new EventSource("/__herald/events")') == 1)
    # The one build so far is in site-0.
    live = os.path.join(srv.priv, "site-0", "index.html")
    disk = open(live, "rb").read()
    check("built files on disk have no script", b"__herald" not in disk)
    check("served HTML is the file plus the script",
          SCRIPT.sub(b"", body) == disk)
    types = {"/assets/site.css": "text/css", "/assets/site.js":
             "text/javascript", "/feed.xml": "application/xml",
             "/training/calendar.ics": "text/calendar",
             "/sitemap.xml": "application/xml"}
    problems = []
    for path, want in types.items():
        st, hd, _ = srv.get(path)
        if st != 200 or not hd.get("content-type", "").startswith(want):
            problems.append("%s: %d %s" % (path, st, hd.get("content-type")))
    report("Content-Type of css, js, xml, ics", problems)
    st, hd, body = srv.get("/no/such/page/")
    check("unknown path: the site's 404 page, status 404", st == 404 and
          b"<html" in body and b"herald serve: reloads" in body, st)
    st, hd, _ = srv.get("/briefings")
    check("folder without / is redirected", st == 301 and
          hd.get("location") == "/briefings/", (st, hd.get("location")))
    if srv.base != "/":
        st1, _, b1 = srv.get(srv.base + "feed.xml")
        st2, _, b2 = srv.get("/feed.xml")
        check("served at base_url's path and at /", st1 == 200 and
              st2 == 200 and b1 == b2, (srv.base, st1, st2))
        st, hd, _ = srv.get(srv.base.rstrip("/"))
        check("base path without / is redirected", st == 301, st)
    st, hd, body = srv.get("/", "HEAD")
    check("HEAD: headers, no body", st == 200 and body == b"" and
          int(hd.get("content-length", "0")) > 0, (st, len(body)))


def odd_requests(srv):
    # A symlink in the served folder leading out of it.
    for slot in ("site-0", "site-1", "site-2"):
        d = os.path.join(srv.priv, slot)
        if os.path.isdir(d):
            try:
                os.symlink("/etc/passwd", os.path.join(d, "out.txt"))
                os.symlink("/etc", os.path.join(d, "outdir"))
            except FileExistsError:
                pass
    cases = [
        b"GET /../site.yaml HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /%2E%2E/site.yaml HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /assets/..%2f..%2fsite.yaml HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /index.html%00.css HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /out.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /outdir/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET * HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET ../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /a\\..\\..\\site.yaml HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        b"PUT /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx",
        b"DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n",
        b"OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        b"\x00\x01\x02 garbage\r\n\r\n",
    ]
    problems = []
    for req in cases:
        resp = srv.raw(req)
        m = re.match(rb"HTTP/1\.[01] (\d+)", resp)
        status = int(m.group(1)) if m else 0
        if status not in (0, 400, 404, 405, 501, 505) or b"root:" in resp \
                or b"base_url" in resp:
            problems.append("%r: %r" % (req[:40], resp[:60]))
    report("traversal, NUL, bad escapes, symlinks out, other methods "
           "refused", problems)
    check("server still answers after odd requests", srv.get("/")[0] == 200)


def edits(srv, site, times):
    ev = Events(srv.port)
    hello = ev.next(10)
    check("event stream says hello", hello is not None and
          hello[0] == "hello", hello)
    about = os.path.join(site, "content", "pages", "about.md")
    orig = open(about).read()
    problems = []
    for i in range(8):
        word = "Edited-%d-text" % i
        e, secs = edit_and_wait(ev, about, orig + "\n%s\n" % word,
                                srv=srv, url="/about/",
                                want=lambda b, w=word: w.encode() in b)
        times.append(secs)
        if e is None or e[0] != "reload":
            problems.append("edit %d: %r" % (i, e))
            continue
        st, _, body = srv.get("/about/")
        if word.encode() not in body:
            problems.append("edit %d: new text not served" % i)
    report("each edit: reload event after the swap, new text served",
           problems)

    # Editor temporaries give no build: the generation stays.
    gen = e[1] if e else None
    for name in (".about.md.swp", "4913", "about.md~", ".#about.md",
                 "x.tmp"):
        write(os.path.join(site, "content", "pages", name), "junk")
    time.sleep(0.6)
    ev.close()
    ev = Events(srv.port)
    e = ev.next(10)
    check("editor temporaries ignored", e == ("hello", gen), (e, gen))
    for name in (".about.md.swp", "4913", "about.md~", ".#about.md",
                 "x.tmp"):
        os.unlink(os.path.join(site, "content", "pages", name))

    # A draft and a future item: in the preview, with their banners.
    write(os.path.join(site, "content", "pages", "plans.md"),
          "---\ntitle: Plans\ndraft: true\n---\nSecret plans.\n")
    e = ev.next(30)
    st, _, body = srv.get("/plans/")
    check("draft served with its banner", st == 200 and
          "Draft — not published".encode() in body, (e, st))
    write(os.path.join(site, "content", "newsletters", "next-spring.md"),
          "---\ntitle: Next spring\ndate: 2027-03-03\n---\nLater.\n")
    e = ev.next(30)
    st, _, body = srv.get("/newsletters/next-spring/")
    check("future item served with its banner", st == 200 and
          b"Scheduled for 3 March 2027" in body, (e, st))
    st, _, body = srv.get("/about/")
    check("no banner on other pages", b"preview-banner" not in body)

    # A new folder, watched from its creation.
    media = os.path.join(site, "content", "media", "new-folder")
    os.makedirs(media)
    e = ev.next(30)
    write(os.path.join(media, "note.txt"), "hello from a new folder\n")
    e = ev.next(30)
    st, _, body = srv.get("/media/new-folder/note.txt")
    check("a file in a folder made after the start is served",
          st == 200 and body == b"hello from a new folder\n", (e, st))

    # A broken edit: old site kept, overlay on every page.
    e, _ = edit_and_wait(ev, about, "---\ntitle: [unclosed\n---\nBroken\n",
                         srv=srv, url="/about/",
                         want=lambda b: b'id="herald-errors"' in b)
    st, _, body = srv.get("/about/")
    st2, _, body2 = srv.get("/")
    problems = []
    if e is None or e[0] != "reload":
        problems.append("event %r" % (e,))
    if b"Edited-7-text" not in body:
        problems.append("the last good page is not served")
    for b in (body, body2):
        if b'role="alert"' not in b or b'tabindex="-1"' not in b or \
                b"herald-errors-close" not in b:
            problems.append("no accessible overlay")
        if b"content/pages/about.md:3:1: error:" not in b:
            problems.append("the diagnostic is not shown as the terminal "
                            "says it")
    if "content/pages/about.md:3:1: error:" not in srv.log():
        problems.append("the terminal does not show the error")
    report("broken edit: last good site served, overlay on every page",
           problems)
    e, _ = edit_and_wait(ev, about, orig, srv=srv, url="/about/",
                         want=lambda b: b'id="herald-errors"' not in b)
    st, _, body = srv.get("/about/")
    check("fixing the file clears the overlay", e is not None and
          b'id="herald-errors"' not in body, e)

    # A stylesheet alone: the event swaps the stylesheet.
    css = os.path.join(site, "layouts", "assets", "site.css")
    if os.path.exists(css):
        e, _ = edit_and_wait(ev, css, open(css).read() +
                             "\n/* preview */\n")
        check("CSS-only change: css event", e is not None and
              e[0] == "css", e)
        st, _, body = srv.get("/assets/site.css")
        check("new stylesheet served", body.endswith(b"/* preview */\n"))

    # A file written in place in two parts, a pause between: never
    # served half-written, and served whole in the end.
    half = []
    done = threading.Event()

    def watch_pages():
        while not done.is_set():
            body = srv.get("/about/")[2]
            if b"First-half-mark" in body and b"Second-half-mark" not in body:
                half.append(body)
            time.sleep(0.01)
    th = threading.Thread(target=watch_pages)
    th.start()
    with open(about, "w") as f:
        f.write(orig + "\nFirst-half-mark\n")
        f.flush()
        time.sleep(0.6)
        f.write("\nSecond-half-mark\n")
    deadline = time.monotonic() + 20
    ok = False
    while time.monotonic() < deadline and not ok:
        body = srv.get("/about/")[2]
        ok = b"Second-half-mark" in body
        time.sleep(0.05)
    time.sleep(0.3)
    done.set()
    th.join()
    check("a file written in place with a pause is never served "
          "half-written", ok and not half, (ok, len(half)))
    # Events of the builds above, read before the next checks.
    ev.close()
    ev = Events(srv.port)
    ev.next(10)
    ev.close()
    write(about, orig)
    time.sleep(0.5)


def rss_kb(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def random_edits(srv, site, tmp, count=16):
    """A bounded soak of random edits, each waited for: memory and
    descriptors steady, then the served files are a fresh build's."""
    rnd = random.Random(16)
    pages = os.path.join(site, "content", "pages")
    ev = Events(srv.port)
    ev.next(10)
    fds0, rss0 = srv.fds(), rss_kb(srv.p.pid)
    problems = []
    made = []
    for i in range(count):
        kind = rnd.choice(["append", "title", "new", "delete", "break"])
        files = sorted(f for f in os.listdir(pages) if f.endswith(".md"))
        target = os.path.join(pages, rnd.choice(files))
        text = open(target).read()
        if kind == "append":
            text += "\nSoak edit %d: %s\n" % (i, rnd.random())
        elif kind == "title":
            text = re.sub(r"(?m)^title: .*$", "title: Soak title %d" % i,
                          text, count=1)
        elif kind == "new":
            target = os.path.join(pages, "soak-%d.md" % i)
            text = "---\ntitle: Soak page %d\n---\nMade by the soak.\n" % i
            made.append(target)
        elif kind == "delete" and made:
            target = made.pop(rnd.randrange(len(made)))
            text = None
        else:
            # A broken file, fixed at once: two builds.
            write(target, "---\ntitle: [soak\n---\n")
            if ev.next(30) is None:
                problems.append("edit %d: no event for the break" % i)
        if text is None:
            os.unlink(target)
        else:
            write(target, text)
        if ev.next(30) is None:
            problems.append("edit %d (%s): no event" % (i, kind))
    # Settle: no more events for half a second.
    time.sleep(0.5)
    ev.close()
    deadline = time.monotonic() + 5
    fds1 = srv.fds()
    while fds1 > fds0 + 1 and time.monotonic() < deadline:
        time.sleep(0.1)
        fds1 = srv.fds()
    rss1 = rss_kb(srv.p.pid)
    report("a soak of %d random edits, each built" % count, problems)
    check("descriptors steady over the soak (%d, then %d)" % (fds0, fds1),
          fds1 <= fds0 + 1, (fds0, fds1))
    # A sanitizer build holds freed memory in quarantine for a while.
    slack = 16384 if re.search(r"/(asan|tsan)/", HERALD) else 4096
    check("memory steady over the soak (%d KB, then %d KB)" % (rss0, rss1),
          rss1 <= rss0 + slack, (rss0, rss1))
    st, _, body = srv.get("/")
    check("after the soak, no overlay", b'id="herald-errors"' not in body)
    compare_with_build(srv, site, tmp, "after random edits, served files "
                       "are a fresh build's bytes")


def many_clients(srv):
    before = srv.fds()
    errors = []
    streams = [Events(srv.port) for _ in range(10)]
    for s in streams:
        s.next(10)

    def client():
        try:
            for _ in range(4):
                st, _, body = srv.get("/")
                if st != 200 or len(body) < 1000:
                    errors.append(st)
        except Exception as e:      # noqa: BLE001 - any failure counts
            errors.append(repr(e))
    th = [threading.Thread(target=client) for _ in range(50)]
    for t in th:
        t.start()
    for t in th:
        t.join(60)
    for s in streams:
        s.close()
    # Closed event streams are noticed at their next write: an edit.
    ev = Events(srv.port)
    ev.next(10)
    about = os.path.join(srv.site, "content", "pages", "about.md")
    write(about, open(about).read())
    ev.next(30)
    ev.close()
    # Each stream's thread sees its client gone within half a second.
    deadline = time.monotonic() + 5
    after = srv.fds()
    while after > before + 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        after = srv.fds()
    report("50 clients at once, 10 event streams", errors)
    check("open descriptors steady after the clients (%d, then %d)" %
          (before, after), after <= before + 2, (before, after))


def first_build_fails(tmp):
    site = os.path.join(tmp, "broken")
    os.makedirs(os.path.join(site, "content", "pages"))
    write(os.path.join(site, "site.yaml"), "title: [broken\n")
    srv = Server(site)
    try:
        time.sleep(0.1)
        deadline = time.monotonic() + 10
        st = body = None
        while time.monotonic() < deadline:
            st, _, body = srv.get("/")
            if b"did not build" in body:
                break
            time.sleep(0.05)
        check("first build fails: the server starts and lists the errors",
              st == 503 and b"site.yaml" in body and
              b"herald serve: reloads" in body, (st, body[:200]))
        ev = Events(srv.port)
        ev.next(10)
        write(os.path.join(site, "site.yaml"), "title: Fixed\n"
              "base_url: https://example.org/\n")
        write(os.path.join(site, "content", "pages", "about.md"),
              "---\ntitle: About\n---\nNow fixed.\n")
        ok = False
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not ok:
            ev.next(5)
            st, _, body = srv.get("/about/")
            ok = st == 200 and b"Now fixed." in body
        check("fixing it serves the site", ok, st)
        ev.close()
    finally:
        srv.stop()


def port_in_use(srv, site):
    r = subprocess.run([HERALD, "serve", "-s", site, "-p", str(srv.port)],
                       env=ENV, capture_output=True, timeout=20)
    lines = r.stderr.decode().strip().splitlines()
    check("port in use: one line naming -p", r.returncode != 0 and
          len(lines) == 1 and "-p" in lines[0] and
          str(srv.port) in lines[0], (r.returncode, lines))
    p = subprocess.Popen([HERALD, "serve", "-s", site, "-p", "0", "--bind",
                          "0.0.0.0", "--no-pdfs"], env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=30)
    check("non-loopback --bind warns", b"anyone on the network" in err,
          err[:200])


def main():
    global HERALD
    if len(sys.argv) != 2:
        sys.exit("usage: test_serve.py path/to/herald")
    HERALD = os.path.abspath(sys.argv[1])
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        site = copy_site(tmp, "site")
        srv = Server(site)
        try:
            check("first build served", srv.wait_ready(), srv.log())
            check("private folder outside the site, no output/",
                  srv.priv is not None and not srv.priv.startswith(site) and
                  not os.path.exists(os.path.join(site, "output")),
                  srv.priv)
            basics(srv, site)
            compare_with_build(srv, site, tmp, "served files are a fresh "
                               "build's bytes")
            edits(srv, site, times)
            compare_with_build(srv, site, tmp, "after the edits, served "
                               "files are a fresh build's bytes")
            odd_requests(srv)
            many_clients(srv)
            random_edits(srv, site, tmp)
            port_in_use(srv, site)
        finally:
            priv = srv.priv
            rc = srv.stop()
        check("Ctrl-C stops cleanly (status 0)", rc == 0, (rc, srv.log()))
        check("Ctrl-C removes the private folder", priv is not None and
              not os.path.exists(priv), priv)
        first_build_fails(tmp)
    if times:
        ms = sorted(t * 1000 for t in times)
        print("edit to reload event, example site, full rebuilds: "
              "median %.0f ms, min %.0f ms, max %.0f ms (%d edits)" %
              (statistics.median(ms), ms[0], ms[-1], len(ms)))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
