#!/usr/bin/python3
"""gen.py: writes a deterministic synthetic herald site of N content files.

Usage: gen.py DIR N

Realistic proportions and sizes: seven-section briefings (with some
practitioner briefings), bulletins with tables and references, long
newsletters, training courses with sessions, and free pages.  The same N
always gives the same bytes.
"""
import os
import random
import sys

WORDS = ("safeguarding child adult family practitioner review learning neglect "
         "curiosity agency partnership record chronology referral concern school "
         "health police social care visit plan support risk voice home parent "
         "carer meeting assessment information share escalate supervision "
         "professional challenge outcome hospital appointment housing advice "
         "consent capacity domestic abuse exploitation transition young person "
         "worker team manager evidence decision protection early help").split()
THEMES = ["neglect", "professional-curiosity", "think-family", "self-neglect",
          "transitions", "domestic-abuse", "exploitation", "mental-capacity",
          "information-sharing", "early-help", "hoarding", "online-safety"]


def sentence(r, n=None):
    n = n or r.randint(8, 20)
    words = [r.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def para(r, sentences=None):
    return " ".join(sentence(r) for _ in range(sentences or r.randint(2, 5)))


def front(r, title, date=True, extra=""):
    fm = "---\ntitle: \"%s\"\n" % title
    if date:
        fm += "date: %04d-%02d-%02d\n" % (r.randint(2019, 2026),
                                          r.randint(1, 12), r.randint(1, 28))
    fm += "themes: [%s]\n" % ", ".join(r.sample(THEMES, r.randint(1, 3)))
    fm += "audience: [%s]\n" % r.choice(["adults", "children",
                                          "adults, children"])
    return fm + extra + "---\n"


def briefing(r, i):
    if i % 10 == 9:
        body = para(r) + "\n\n" + "".join(
            "## %s\n\n%s\n\n- %s\n- %s\n\n%s\n\n" % (
                sentence(r, 3)[:-1], para(r), sentence(r), sentence(r),
                para(r) + "\n\n" + para(r))
            for _ in range(r.randint(5, 8)))
        return front(r, "Practitioner briefing %d" % i,
                     extra="kind: practitioner\n") + body
    body = sentence(r) + "\n\n"
    for k in range(7):
        body += "## %s\n\n" % sentence(r, 3)[:-1]
        if k % 3 == 1:
            body += "- %s\n- %s\n- %s\n\n" % (sentence(r, 6), sentence(r, 6),
                                              sentence(r, 6))
        else:
            body += "%s **%s** %s\n\n" % (sentence(r, 12), r.choice(WORDS),
                                          sentence(r, 10))
    return front(r, "Seven-minute briefing %d" % i,
                 extra="review: Child Safeguarding Practice Review\n") + body


def bulletin(r, i, briefings, training):
    b = r.sample(briefings, min(3, len(briefings)))
    t = r.sample(training, min(2, len(training)))
    body = para(r) + "\n\n"
    body += "See [the briefing](ref:briefings/%s) and [training](ref:training).\n\n" % b[0]
    body += "| Agency | Referrals | Change |\n| --- | ---: | --- |\n"
    for _ in range(6):
        body += "| %s | %d | %s |\n" % (r.choice(WORDS), r.randint(1, 900),
                                        r.choice(WORDS))
    body += "\n" + "".join("## %s\n\n%s\n\n" % (sentence(r, 4)[:-1], para(r))
                           for _ in range(5))
    return front(r, "Bulletin %d" % i, extra="theme: %s\nbriefings: [%s]\n"
                 "training: [%s]\n" % (sentence(r, 3)[:-1], ", ".join(b),
                                       ", ".join(t))) + body


def newsletter(r, i):
    body = "".join("## %s\n\n%s\n\n%s\n\n" % (sentence(r, 5)[:-1], para(r, 6),
                                              para(r, 5))
                   for _ in range(r.randint(11, 15)))
    return front(r, "Newsletter %d" % i, extra="issue: %d\n" % (i + 1)) + body


def training(r, i):
    if i % 4 == 3:
        extra = "format: elearning\nbooking: https://example.org/e/%d\n" % i
    else:
        extra = "format: %s\nlevel: Level 2\nduration: 3 hours\nsessions:\n" % (
            "classroom" if i % 2 else "online")
        for _ in range(r.randint(1, 6)):
            h = r.randint(9, 14)
            extra += ("  - {date: %04d-%02d-%02d, start: \"%02d:00\", "
                      "end: \"%02d:30\", venue: \"%s Hall, Room %d\", "
                      "booking: \"https://example.org/book/%d\"}\n" % (
                          r.randint(2025, 2027), r.randint(1, 12),
                          r.randint(1, 28), h, h + 2,
                          r.choice(WORDS).capitalize(), r.randint(1, 9), i))
    body = para(r) + "\n\n" + para(r) + "\n\nYou will learn:\n\n" + "".join(
        "- %s\n" % sentence(r, 6) for _ in range(4))
    return front(r, "Training course %d" % i, date=False, extra=extra) + body


def page(r, i):
    body = "".join("## %s\n\n%s\n\n%s\n\n" % (sentence(r, 4)[:-1],
                                               para(r, 6), para(r, 4))
                   for _ in range(r.randint(6, 12)))
    return front(r, "Page %d" % i, date=False) + body


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    r = random.Random(n)
    counts = {"briefings": n * 35 // 100, "bulletins": n * 15 // 100,
              "newsletters": n * 10 // 100, "training": n * 20 // 100}
    counts["pages"] = n - sum(counts.values())
    for d in list(counts) + ["media"]:
        os.makedirs(os.path.join(out, "content", d), exist_ok=True)
    with open(os.path.join(out, "site.yaml"), "w") as f:
        f.write("title: Benchmark Safeguarding Partnership\n"
                "base_url: https://example.org/learning/\n"
                "nav:\n  - {title: Briefings, url: \"ref:briefings\"}\n"
                "  - {title: Training, url: \"ref:training\"}\n")
    slugs = {k: ["%s-%d" % (k[:-1] if k != "training" else "course", i)
                 for i in range(v)] for k, v in counts.items()}
    gens = {"briefings": lambda i: briefing(r, i),
            "bulletins": lambda i: bulletin(r, i, slugs["briefings"],
                                            slugs["training"]),
            "newsletters": lambda i: newsletter(r, i),
            "training": lambda i: training(r, i),
            "pages": lambda i: page(r, i)}
    for kind in counts:
        for i, slug in enumerate(slugs[kind]):
            with open(os.path.join(out, "content", kind, slug + ".md"),
                      "w") as f:
                f.write(gens[kind](i))


main()
