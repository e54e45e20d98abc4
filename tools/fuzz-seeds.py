#!/usr/bin/python3
"""fuzz-seeds.py: seed corpora for the fuzz targets, from the files of tests/.

Writes build/fuzz/corpus/TARGET/ for each TARGET named (all when none):
the content files and site.yaml files of tests/cases/*.case, tests/sites/**,
the example site (site.yaml, content/**) and the layouts (layouts/**,
tests/sites/*/layouts/**).  Each seed is named by its SHA-1, so running this
again adds what is new and leaves the rest.
"""
import codecs
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "fuzz", "corpus")
TARGETS = ("frontmatter", "site_yaml", "markdown", "layout", "feeds",
           "calendar", "pdf")
# Content files that seed each target taking a whole content file.
CONTENT = {"frontmatter": ("briefings", "bulletins", "newsletters", "training",
                           "pages"),
           "feeds": ("briefings", "bulletins", "newsletters", "training"),
           "calendar": ("training",),
           "pdf": ("briefings",)}


def case_files(path):
    """The FILE and BYTES parts of a case file (see tests/lib/cases.py)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    files = {}
    for part in re.split(r"^--- ", text, flags=re.M)[1:]:
        head, _, body = part.partition("\n")
        kind, _, arg = head.strip().partition(" ")
        if kind == "FILE":
            files[arg] = body.encode("utf-8")
        elif kind == "BYTES":
            files[arg] = codecs.escape_decode(body.encode("utf-8"))[0]
    return files


def tree_files(base, sub):
    """Every file under base/sub, as paths relative to base."""
    out = {}
    if os.path.isfile(os.path.join(base, sub)):
        with open(os.path.join(base, sub), "rb") as f:
            return {sub: f.read()}
    for d, _, names in os.walk(os.path.join(base, sub)):
        for n in names:
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, base)] = f.read()
    return out


def all_files():
    """(path relative to its site, bytes) of every source file."""
    # The site.yaml of cases that give none (tests/lib/common.py DEFAULT_SITE).
    found = [("site.yaml",
              b"title: Test Partnership\nbase_url: https://example.org/\n")]
    cases = os.path.join(ROOT, "tests", "cases")
    for c in sorted(os.listdir(cases)):
        if c.endswith(".case"):
            found += case_files(os.path.join(cases, c)).items()
    sites = os.path.join(ROOT, "tests", "sites")
    for s in sorted(os.listdir(sites)):
        base = os.path.join(sites, s)
        for sub in ("content", "layouts"):
            found += tree_files(base, sub).items()
        found += tree_files(base, "site.yaml").items()
    for sub in ("content", "layouts", "site.yaml"):
        found += tree_files(ROOT, sub).items()
    # The layer cases, as the files of a site they would be.
    for folder, ext, prefix in (("layout", ".html", "layouts/"),
                                ("layout/partials", ".html", "layouts/"),
                                ("markdown", ".md", "content/pages/"),
                                ("pdf", ".md", "content/briefings/")):
        base = os.path.join(ROOT, "tests", folder)
        for n in sorted(os.listdir(base)):
            if n.endswith(ext):
                with open(os.path.join(base, n), "rb") as f:
                    found.append((prefix + n, f.read()))
    return found


def body_of(data):
    """The Markdown after the front matter, or the whole text."""
    m = re.match(rb"\A(?:\xef\xbb\xbf)?---[ \t\r]*\n.*?^(?:---|\.\.\.)[ \t\r]*"
                 rb"(?:\n|\Z)", data, flags=re.M | re.S)
    return data[m.end():] if m else data


def seeds(target, files):
    for rel, data in files:
        name = os.path.basename(rel)
        if target in CONTENT and rel.startswith("content/") and \
                name.endswith(".md") and \
                rel.split("/")[1] in CONTENT[target]:
            yield data
        elif target == "site_yaml" and name == "site.yaml":
            yield data
        elif target == "markdown" and rel.startswith("content/") and \
                name.endswith(".md"):
            # The first byte chooses the document (see fuzz/markdown.c).
            if "/briefings/" in rel:
                sel = 1 if re.search(rb"^kind: *practitioner", data,
                                     flags=re.M) else 2
            elif "/pages/" in rel:
                sel = 0
            else:
                sel = 3
            body = body_of(data)
            yield bytes([sel]) + body
            if b"<" in body:
                yield bytes([sel | 4]) + body
        elif target == "layout" and rel.startswith("layouts/") and \
                name.endswith(".html"):
            yield data


def main():
    targets = sys.argv[1:] or TARGETS
    files = all_files()
    for t in targets:
        if t not in TARGETS:
            raise SystemExit("fuzz-seeds: unknown target %s" % t)
        d = os.path.join(OUT, t)
        os.makedirs(d, exist_ok=True)
        n = 0
        for data in seeds(t, files):
            p = os.path.join(d, hashlib.sha1(data).hexdigest())
            if not os.path.exists(p):
                with open(p, "wb") as f:
                    f.write(data)
                n += 1
        if n:
            print("fuzz-seeds: %d new seeds in %s" % (n,
                  os.path.relpath(d, ROOT)))


main()
