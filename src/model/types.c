/* types.c: the one table of content types: folders, names, titles, feeds, layouts, fields. */
#include <stddef.h>

#include "herald.h"

/* Every type's fields first, in the order "did you mean" weighs them. */
const struct field common_fields[] = {
	{ "title",	K_TEXT,		offsetof(struct doc, title) },
	{ "date",	K_DATE,		offsetof(struct doc, date) },
	{ "updated",	K_DATE,		offsetof(struct doc, updated) },
	{ "summary",	K_TEXT,		offsetof(struct doc, summary) },
	{ "themes",	K_THEMES,	0 },
	{ "audience",	K_AUDIENCE,	0 },
	{ "draft",	K_BOOL,		offsetof(struct doc, draft) },
	{ "aliases",	K_ALIASES,	0 },
	{ "image",	K_IMAGE,	0 },
	{ "exit_this_page", K_BOOL,	offsetof(struct doc, exit_this_page) },
};
const size_t ncommon_fields = sizeof(common_fields) / sizeof(common_fields[0]);

static const struct field briefing_fields[] = {
	{ "kind",	K_KIND,		0 },
	{ "review",	K_TEXT,		offsetof(struct doc, review) },
};

static const struct field bulletin_fields[] = {
	{ "theme",	K_TEXT,		offsetof(struct doc, theme) },
	{ "briefings",	K_SLUGS,	offsetof(struct doc, briefings) },
	{ "training",	K_SLUGS,	offsetof(struct doc, training) },
};

static const struct field newsletter_fields[] = {
	{ "issue",	K_INT,		offsetof(struct doc, issue) },
};

static const struct field training_fields[] = {
	{ "format",	K_FORMAT,	0 },
	{ "provider",	K_TEXT,		offsetof(struct doc, provider) },
	{ "level",	K_TEXT,		offsetof(struct doc, level) },
	{ "duration",	K_TEXT,		offsetof(struct doc, duration) },
	{ "sessions",	K_SESSIONS,	0 },
	{ "booking",	K_URL,		offsetof(struct doc, booking) },
};

static const struct field page_fields[] = {
	{ "menu",	K_INT,		offsetof(struct doc, menu) },
};

#define FIELDS(a)	a, sizeof(a) / sizeof(a[0])

/* One row for each enum ctype, in its order (the order of the site's
 * folders, feeds and messages). */
const struct ctype_info ctypes[T_COUNT] = {
	[T_BRIEFING] = {
		"briefings", "briefing", "Briefings",
		"Seven-minute briefing", "Practitioner briefing",
		"Seven-minute and practitioner briefings", "list",
		1, 0, FIELDS(briefing_fields),
		"kind: safer7\nreview: \"\"\nsummary: \"\"\nthemes: []\n"
		"audience: [adults, children]\n---\n\n"
		"## Panel 1 heading\n\nWhat this panel says.\n\n"
		"## Panel 2 heading\n\nWhat this panel says.\n\n"
		"## Panel 3 heading\n\nWhat this panel says.\n\n"
		"## Panel 4 heading\n\nWhat this panel says.\n\n"
		"## Panel 5 heading\n\nWhat this panel says.\n\n"
		"## Panel 6 heading\n\nWhat this panel says.\n\n"
		"## Panel 7 heading\n\nWhat this panel says.\n\n",
	},
	[T_BULLETIN] = {
		"bulletins", "bulletin", "Bulletins",
		"Learning bulletin", NULL,
		"Monthly learning bulletins", "list",
		1, 0, FIELDS(bulletin_fields),
		"theme: \"\"\nbriefings: []\ntraining: []\n---\n\n"
		"This month's learning.\n",
	},
	[T_NEWSLETTER] = {
		"newsletters", "newsletter", "Newsletters",
		"Newsletter", NULL,
		"Newsletters", "list",
		1, 0, FIELDS(newsletter_fields),
		"issue: 1\n---\n\n## News\n\nThe first item.\n",
	},
	[T_TRAINING] = {
		"training", "training", "Training",
		"Training", NULL,
		"Training courses and their sessions", "training-index",
		0, 1, FIELDS(training_fields),
		"format: classroom\nlevel: \"\"\nduration: \"\"\n"
		"sessions:\n  - date: %s\n    start: \"10:00\"\n"
		"    end: \"12:00\"\n    venue: \"Where it takes place\"\n"
		"    booking: \"https://example.org/book\"\n---\n\n"
		"What people will learn.\n",
	},
	[T_PAGE] = {
		"pages", "page", NULL,
		"Page", NULL,
		NULL, NULL,
		0, 1, FIELDS(page_fields),
		"---\n\nThe text of the page.\n",
	},
};

const char *
type_name(enum ctype t)
{
	return ctypes[t].name;
}

/* The words a reader sees for a document's type. */
const char *
type_text(const struct doc *d)
{
	return d->practitioner && ctypes[d->type].text_alt != NULL ?
	    ctypes[d->type].text_alt : ctypes[d->type].text;
}
