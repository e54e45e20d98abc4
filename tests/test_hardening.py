#!/usr/bin/python3
"""test_hardening.py: hostile sites that the case files cannot describe:
links in and out of the site folder, files too big, too deep or past
PATH_MAX, control characters in file names, files that change while
they are read.

usage: /usr/bin/python3 tests/test_hardening.py path/to/herald

Each check builds a small site in a temporary folder and compares the
whole of standard error.  Prints "ok NAME" or "FAIL NAME" with details,
then "N passed, M failed"; exits 1 on any failure.  Torn reads are made
by a small LD_PRELOAD library (compiled here with cc) that touches the
file after each read, so the release binary needs no test hook.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERALD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "bin/herald")
DATE = "2026-11-22"
SITE = "title: Test Partnership\nbase_url: https://example.org/\n"
ENV = dict(os.environ)
ENV.pop("SOURCE_DATE_EPOCH", None)
ENV.update(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8",
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99")

passed = 0
failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name)
        for line in str(detail).splitlines()[:40]:
            print("     " + line)


def write(d, rel, data):
    p = os.path.join(d, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def site(files):
    d = tempfile.mkdtemp(prefix="herald-hard-")
    files = dict(files)
    files.setdefault("site.yaml", SITE)
    for rel, data in files.items():
        write(os.path.join(d, "site"), rel, data)
    os.makedirs(os.path.join(d, "site", "content"), exist_ok=True)
    return d


def run(d, cmd="build", env=None):
    args = [HERALD, cmd, "-s", "site", "--date", DATE]
    if cmd == "build":
        args += ["-o", "out", "--no-pdfs"]
    p = subprocess.run(args, cwd=d, env=env or ENV, capture_output=True)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def expect(name, d, status, stderr, cmd="build", env=None):
    rc, err = run(d, cmd, env)
    check(name, rc == status and err == stderr,
          "status %d (wanted %d)\n--- got\n%s--- wanted\n%s" %
          (rc, status, err, stderr))
    return rc


PAGE = "---\ntitle: About us\n---\n"
LINK_OUT = ": warning: is a link to a place outside the site folder: skipped\n"


def test_content_links():
    d = site({"content/pages/about.md": PAGE + "Text.\n",
              "content/pages/real/inside.md": PAGE.replace("About us", "In")
              + "Inside.\n"})
    outside = os.path.join(d, "secret.md")
    write(d, "secret.md", PAGE.replace("About us", "Secret") + "Secret.\n")
    os.symlink(outside, os.path.join(d, "site/content/pages/secret.md"))
    os.symlink("real/inside.md", os.path.join(d, "site/content/pages/in.md"))
    os.symlink(d, os.path.join(d, "site/content/pages/outdir"))
    os.symlink("..", os.path.join(d, "site/content/pages/real/up"))
    expect("content links: out skipped, in followed, loops refused", d, 0,
           "site/content/pages/outdir" + LINK_OUT +
           "site/content/pages/real/up: warning: is a link to a folder "
           "that holds it: skipped\n"
           "site/content/pages/secret.md" + LINK_OUT + "3 warnings\n")
    check("content links: the link inside is a page",
          os.path.exists(os.path.join(d, "out/in/index.html")))
    check("content links: the outside file is not published",
          not os.path.exists(os.path.join(d, "out/secret/index.html")))
    shutil.rmtree(d)


def test_media_links():
    d = site({"content/pages/about.md": PAGE +
              "[a](ref:media/outdir/leak.pdf) [b](ref:media/leak.pdf) "
              "[c](ref:media/in.pdf)\n",
              "content/media/real.pdf": "%PDF-1.4\n"})
    write(d, "leak.pdf", "%PDF-1.4 secret\n")
    os.symlink(d, os.path.join(d, "site/content/media/outdir"))
    os.symlink(os.path.join(d, "leak.pdf"),
               os.path.join(d, "site/content/media/leak.pdf"))
    os.symlink("real.pdf", os.path.join(d, "site/content/media/in.pdf"))
    expect("media links: out skipped, references to them broken", d, 1,
           "site/content/media/leak.pdf" + LINK_OUT +
           "site/content/media/outdir" + LINK_OUT +
           "site/content/pages/about.md:4:1: error: broken reference "
           "\"ref:media/outdir/leak.pdf\": nothing has that name\n"
           "site/content/pages/about.md:4:32: error: broken reference "
           "\"ref:media/leak.pdf\": nothing has that name\n"
           "2 errors, 2 warnings\n", cmd="check")
    shutil.rmtree(d)


def test_media_link_published():
    d = site({"content/pages/about.md": PAGE + "[c](ref:media/in.pdf)\n",
              "content/media/real.pdf": "%PDF-1.4 real\n"})
    os.symlink("real.pdf", os.path.join(d, "site/content/media/in.pdf"))
    expect("media links inside the site: no message", d, 0, "")
    with open(os.path.join(d, "out/media/in.pdf"), "rb") as f:
        got = f.read()
    check("media links inside the site: the file is published",
          got == b"%PDF-1.4 real\n", got)
    shutil.rmtree(d)


def test_layout_links():
    d = site({"content/pages/about.md": PAGE + "Text.\n",
              "layouts/assets/mine.css": "p { }\n"})
    write(d, "secret.css", "body { secret: 1 }\n")
    os.symlink("/etc/passwd", os.path.join(d, "site/layouts/page.html"))
    os.symlink(os.path.join(d, "secret.css"),
               os.path.join(d, "site/layouts/assets/x.css"))
    expect("layout links out of the site: skipped, the default serves", d, 0,
           "site/layouts/page.html" + LINK_OUT +
           "site/layouts/assets/x.css" + LINK_OUT + "2 warnings\n")
    with open(os.path.join(d, "out/about/index.html"), "rb") as f:
        page = f.read()
    check("layout links: the outside file is in no page",
          b"root:" not in page and b"About us" in page)
    check("layout links: the outside asset is not published",
          not os.path.exists(os.path.join(d, "out/assets/x.css")))
    shutil.rmtree(d)


def test_logo_link():
    d = site({"site.yaml": SITE + "logo: pics/logo.png\n"})
    write(d, "pics/logo.png", b"\x89PNG\r\n\x1a\n")
    os.makedirs(os.path.join(d, "site/content/media"))
    os.symlink(os.path.join(d, "pics"), os.path.join(d, "site/content/media"
                                                        "/pics"))
    expect("logo through a folder link out of the site", d, 1,
           "site/site.yaml:3:7: error: logo \"pics/logo.png\" is in a folder "
           "that is a link to a place outside the site folder: put the file "
           "itself in content/media/\n" +
           "site/content/media/pics" + LINK_OUT +
           "1 error, 1 warning\n", cmd="check")
    shutil.rmtree(d)


def test_media_deep():
    deep = "/".join(["d"] * 33)
    d = site({"content/pages/about.md": PAGE +
              "[deep](ref:media/%s/x.pdf)\n" % deep,
              "content/media/%s/x.pdf" % deep: "%PDF-1.4\n"})
    expect("media too deep: a warning and a broken reference", d, 1,
           "site/content/media/%s: warning: folders nest more than 32 deep "
           "here: the files below are left out\n"
           "site/content/pages/about.md:4:1: error: broken reference "
           "\"ref:media/%s/x.pdf\": nothing has that name\n"
           "1 error, 1 warning\n" % (deep, deep), cmd="check")
    shutil.rmtree(d)


def test_media_path_max():
    d = site({"content/pages/about.md": PAGE + "Text.\n"})
    name = "n" * 250
    cwd = os.open(".", os.O_RDONLY)
    os.chdir(os.path.join(d, "site/content"))
    os.mkdir("media")
    os.chdir("media")
    for _ in range(17):
        os.mkdir(name)
        os.chdir(name)
    with open("x.pdf", "w") as f:
        f.write("%PDF-1.4\n")
    os.fchdir(cwd)
    os.close(cwd)
    rc, err = run(d, "check")
    check("media past PATH_MAX: an error naming the folder",
          rc == 1 and err.endswith(": error: cannot read: File name too "
                                "long\n1 error\n"), err[-300:])
    subprocess.run(["rm", "-rf", d])


def test_unreadable_media():
    if os.getuid() == 0:
        print("ok   unreadable media (skipped: root reads every file)")
        return
    d = site({"content/pages/about.md": PAGE + "[x](ref:media/x.pdf)\n",
              "content/media/x.pdf": "%PDF-1.4\n"})
    os.chmod(os.path.join(d, "site/content/media/x.pdf"), 0)
    expect("unreadable media: an error at the file and the reference", d, 1,
           "site/content/media/x.pdf: error: cannot read: Permission "
           "denied\nsite/content/pages/about.md:4:1: error: broken reference "
           "\"ref:media/x.pdf\": nothing has that name\n2 errors\n",
           cmd="check")
    shutil.rmtree(d)


def test_big_file():
    d = site({"content/pages/big.md": PAGE + "word " * (2 << 20)})
    expect("content file over 8 MB", d, 1,
           "site/content/pages/big.md: error: the file is 10.0 MB, and a "
           "content file may be at most 8 MB: it holds text; put pictures "
           "and other large files in content/media/ and link them with "
           "ref:media/\n1 error\n")
    shutil.rmtree(d)


def test_control_file_name():
    d = site({"content/pages/a\x1b[2J\rbuilt 1 pages\n.md": PAGE + "Text.\n"})
    expect("control characters in a file name are shown escaped", d, 1,
           "site/content/pages/a\\x1b[2J\\rbuilt 1 pages\\n.md: error: the "
           "file name \"a\\x1b[2J\\rbuilt 1 pages\\n.md\" is not a valid "
           "slug: use only lower-case letters, digits and single hyphens, "
           "like \"my-briefing.md\"\n1 error\n")
    shutil.rmtree(d)


SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* After a read of a file whose name ends in torn.md, while TORN_TIMES
 * allows, the file is touched: it looks changed to the reader. */
ssize_t
read(int fd, void *buf, size_t n)
{
	static ssize_t (*real)(int, void *, size_t);
	static int done;
	char link[64], path[4096];
	ssize_t r, l;
	const char *t = getenv("TORN_TIMES");

	if (real == NULL)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT,
		    "read");
	r = real(fd, buf, n);
	if (r <= 0 || t == NULL || done >= atoi(t))
		return r;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((l = readlink(link, path, sizeof(path) - 1)) < 7)
		return r;
	path[l] = '\0';
	if (strcmp(path + l - 7, "torn.md") == 0) {
		done++;
		futimens(fd, NULL);
	}
	return r;
}
"""


def test_torn_reads():
    tmp = tempfile.mkdtemp(prefix="herald-shim-")
    src = os.path.join(tmp, "shim.c")
    lib = os.path.join(tmp, "shim.so")
    with open(src, "w") as f:
        f.write(SHIM)
    p = subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", lib, src,
                        "-ldl"], capture_output=True)
    if p.returncode != 0:
        check("torn reads: the shim compiles", False, p.stderr.decode())
        return
    if "asan" in HERALD:
        print("ok   torn reads (skipped: LD_PRELOAD comes before ASan's "
              "runtime only in the release build)")
        shutil.rmtree(tmp)
        return
    d = site({"content/pages/torn.md": PAGE + "Text.\n"})
    env = dict(ENV, LD_PRELOAD=lib, TORN_TIMES="100")
    expect("torn reads: a file that keeps changing fails the build", d, 1,
           "site/content/pages/torn.md: error: changed while it was being "
           "built: build again\n1 error\n", env=env)
    check("torn reads: nothing is published",
          not os.path.exists(os.path.join(d, "out")))
    env["TORN_TIMES"] = "2"
    expect("torn reads: a file that settles is read again and built", d, 0,
           "", env=env)
    check("torn reads: the page is built whole",
          "<p>Text.</p>" in open(os.path.join(d, "out/torn/index.html"),
                                 encoding="utf-8").read())
    shutil.rmtree(d)
    shutil.rmtree(tmp)


def main():
    for t in (test_content_links, test_media_links,
              test_media_link_published, test_layout_links, test_logo_link,
              test_media_deep, test_media_path_max, test_unreadable_media,
              test_big_file, test_control_file_name, test_torn_reads):
        t()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
