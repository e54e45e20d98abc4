/* main_init.c: new content and new sites: herald new TYPE "Title" (a content file of the right front matter) and herald init DIR (a site folder that builds, with a commented site.yaml, its first pages and one draft of each type). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"
#include "cli.h"
#include "main_init.h"

static const char init_usage[] =
"usage: herald init DIR\n"
"\n"
"Makes a new site in DIR (a new or empty folder): site.yaml, an about\n"
"page, an accessibility statement and one draft of each type.\n";

static const char init_site_yaml[] =
"# site.yaml: the settings of the whole site.  Lines starting with # are\n"
"# notes; delete the # in front of a setting to use it.\n"
"\n"
"# The partnership's name, shown on every page and in the feeds.\n"
"title: \"Our Safeguarding Partnership\"\n"
"\n"
"# Where the site will be published, ending with /.\n"
"base_url: \"https://example.org/\"\n"
"\n"
"# One sentence for search engines and the home page.\n"
"description: \"Learning from reviews, briefings and training.\"\n"
"\n"
"# A shorter name for small screens.\n"
"# short_name: \"OSP\"\n"
"\n"
"# The address people can write to.\n"
"# email: \"learning@example.org\"\n"
"\n"
"# A logo: put the file in media/ and name it here.\n"
"# logo: logo.png\n"
"\n"
"# The menu: a title and where it goes for each link.\n"
"nav:\n"
"  - {title: Briefings, url: \"ref:briefings\"}\n"
"  - {title: Training, url: \"ref:training\"}\n"
"  - {title: About, url: \"ref:pages/about\"}\n"
"\n"
"# Values with a colon in them need straight double quotes:\n"
"#   title: \"Cuckooing: when a home is taken over\"\n";

static const char init_about[] =
"---\n"
"title: About us\n"
"menu: 1\n"
"---\n"
"\n"
"Who the partnership is, who it is for and how to reach it.\n";

static const char init_accessibility[] =
"---\n"
"title: Accessibility statement\n"
"menu: 2\n"
"---\n"
"\n"
"This statement is to complete before the site is published: say who\n"
"runs the site, how accessible it is, what is not yet accessible and\n"
"how people can tell you about a problem or ask for another format.\n"
"\n"
"## Reporting a problem\n"
"\n"
"Write to the partnership's address, saying which page and what\n"
"stopped you.\n";

/* 1 if dir is missing or empty, 0 if it holds anything; -1 if unreadable. */
static int
dir_empty(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	int		 r = 1;

	if ((dp = opendir(dir)) == NULL)
		return errno == ENOENT ? 1 : -1;
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			r = 0;
			break;
		}
	closedir(dp);
	return r;
}

/* Writes dir/rel with the text; the format takes the date for training. */
static int
init_write(struct diag *d, const char *dir, const char *rel,
    const char *head, const char *skeleton, const char *iso)
{
	char	*path = path_join(dir, rel), *sub, *slash;
	FILE	*f;
	int	 ok = 1;

	sub = xstrdup(path);
	if ((slash = strrchr(sub, '/')) != NULL)
		*slash = '\0';
	if (!mkdirs(sub) || (f = fopen(path, "wx")) == NULL) {
		diag(d, LVL_ERROR, NULL, 0, 0, "cannot write %s: %s", path,
		    strerror(errno));
		ok = 0;
	} else {
		fputs(head, f);
		if (skeleton != NULL)
			fprintf(f, skeleton, iso);
		if (fclose(f) != 0) {
			diag(d, LVL_ERROR, NULL, 0, 0, "cannot write %s: %s",
			    path, strerror(errno));
			ok = 0;
		}
	}
	free(sub);
	free(path);
	return ok;
}

int
cmd_init(int argc, char *argv[], const struct date *today)
{
	struct diag	 d;
	const char	*dir;
	char		 iso[11], *rel, *head;
	int		 t, e, ok = 1;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs(init_usage, stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "herald: init needs one folder: herald init "
		    "DIR\n%s", init_usage);
		return 2;
	}
	dir = argv[1];
	memset(&d, 0, sizeof(d));
	if ((e = dir_empty(dir)) != 1) {
		if (e == 0)
			diag(&d, LVL_ERROR, NULL, 0, 0, "%s is not empty: herald "
			    "init makes a new site in a new or empty folder",
			    dir);
		else
			diag(&d, LVL_ERROR, NULL, 0, 0, "cannot read %s: %s",
			    dir, strerror(errno));
		diag_free(&d);
		return 1;
	}
	date_iso(today, iso);
	ok = init_write(&d, dir, "site.yaml", init_site_yaml, NULL, iso) &&
	    init_write(&d, dir, "content/pages/about.md", init_about, NULL,
	    iso) && init_write(&d, dir, "content/pages/accessibility.md",
	    init_accessibility, NULL, iso) && mkdirs(dir) &&
	    init_write(&d, dir, "media/.keep", "", NULL, iso);
	for (t = 0; ok && t < T_COUNT; t++) {
		if (t == T_PAGE)
			continue;
		rel = xasprintf("content/%s/example-%s.md", ctypes[t].dir,
		    ctypes[t].name);
		head = xasprintf("---\ntitle: \"Example %s\"\n%s%s%s"
		    "draft: true\n", ctypes[t].name,
		    ctypes[t].dated ? "date: " : "",
		    ctypes[t].dated ? iso : "", ctypes[t].dated ? "\n" : "");
		ok = init_write(&d, dir, rel, head, ctypes[t].skeleton, iso);
		free(head);
		free(rel);
	}
	diag_free(&d);
	if (!ok)
		return 1;
	printf("made a new site in %s\n"
	    "what next:\n"
	    "  1. edit %s/site.yaml: the partnership's name and address\n"
	    "  2. complete content/pages/about.md and "
	    "content/pages/accessibility.md\n"
	    "  3. see the drafts: cd %s && herald build --drafts, then open "
	    "output/index.html\n"
	    "  4. start your own: herald new briefing \"Its title\"; delete "
	    "\"draft: true\" to publish\n", dir, dir, dir);
	return 0;
}

/* Writes s as a double-quoted YAML scalar. */
static void
yaml_quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s < 0x20)
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

int
cmd_new(int argc, char *argv[])
{
	struct opts	 o;
	struct diag	 d;
	const char	*title;
	char		 iso[11], *slug, *p, *rel, *path, *dir;
	FILE		*f;
	size_t		 i;
	int		 r, t;

	memset(&o, 0, sizeof(o));
	r = parse_opts(argc, argv, &o, usage_new, "sD");
	if (r != 0)
		return r < 0 ? 0 : r;
	if (argc - optind != 2)
		return usage_error(usage_new, "new needs a type and a title");
	for (t = 0; t < T_COUNT; t++)
		if (strcmp(argv[optind], ctypes[t].name) == 0)
			break;
	if (t == T_COUNT)
		return usage_error(usage_new, "unknown type \"%s\"",
		    argv[optind]);
	title = argv[optind + 1];
	if (!utf8_check(title, strlen(title), &i))
		return usage_error(usage_new, "the title is not UTF-8");

	/* The slug: lower-case letters and digits, hyphens between. */
	slug = xcalloc(strlen(title) + 1, 1);
	for (p = slug, i = 0; title[i] != '\0'; i++) {
		unsigned char c = (unsigned char)title[i];
		if (isalnum(c) && c < 0x80)
			*p++ = (char)tolower(c);
		else if (c == '\'' || c >= 0x80)
			continue;
		else if (p > slug && p[-1] != '-')
			*p++ = '-';
	}
	while (p > slug && p[-1] == '-')
		*--p = '\0';
	if (slug[0] == '\0') {
		free(slug);
		return usage_error(usage_new, "the title \"%s\" has no letters "
		    "or digits to name the file", title);
	}
	rel = xasprintf("content/%s/%s.md", ctypes[t].dir, slug);
	path = path_join(o.site, rel);
	dir = xasprintf("%s/content/%s", o.site, ctypes[t].dir);
	memset(&d, 0, sizeof(d));
	r = 1;
	if (is_file(path) || access(path, F_OK) == 0) {
		diag(&d, LVL_ERROR, NULL, 0, 0, "%s already exists: choose "
		    "another title", path);
		goto out;
	}
	if (!mkdirs(dir) || (f = fopen(path, "wx")) == NULL) {
		diag(&d, LVL_ERROR, NULL, 0, 0, "cannot write %s: %s", path,
		    strerror(errno));
		goto out;
	}
	date_iso(&o.today, iso);
	fputs("---\ntitle: ", f);
	yaml_quote(f, title);
	fputs("\n", f);
	if (ctypes[t].dated)
		fprintf(f, "date: %s\n", iso);
	fputs("draft: true\n", f);
	fprintf(f, ctypes[t].skeleton, iso);
	if (fclose(f) != 0) {
		diag(&d, LVL_ERROR, NULL, 0, 0, "cannot write %s: %s", path,
		    strerror(errno));
		goto out;
	}
	printf("%s\n", path);
	fprintf(stderr, "herald: %s is a draft: write its text, see it with "
	    "\"herald build --drafts\", then delete the line \"draft: true\" "
	    "to publish it\n", path);
	r = 0;
out:
	diag_free(&d);
	free(slug);
	free(rel);
	free(path);
	free(dir);
	return r;
}
