/* common.c: set-up the libFuzzer targets share; see fuzz.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "fuzz.h"

/* The scratch site folder, made once per process, and its output. */
static char	*sitedir;
static char	*outdir;

static void
quiet_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
cleanup(void)
{
	if (sitedir != NULL)
		remove_tree(sitedir);
	free(sitedir);
	free(outdir);
	sitedir = outdir = NULL;
}

static void
put(const char *rel, const char *data, size_t len)
{
	char	*path, *slash;

	path = path_join(sitedir, rel);
	slash = strrchr(path, '/');
	*slash = '\0';
	if (!mkdirs(path))
		abort();
	*slash = '/';
	if (!write_file(path, data, len))
		abort();
	free(path);
}

void
fuzz_setup(void)
{
	static const char png[] = "\x89PNG\r\n\x1a\n";
	static const char site[] = "title: Fuzz\nbase_url: https://example.org/\n";
	char	 tmpl[] = "/tmp/herald-fuzz-XXXXXX";

	if (sitedir != NULL)
		return;
	LIBXML_TEST_VERSION
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet_error);
	markdown_init();
	if (mkdtemp(tmpl) == NULL)
		abort();
	sitedir = xstrdup(tmpl);
	outdir = path_join(sitedir, "out");
	atexit(cleanup);
	put("content/media/leaflet.pdf", "%PDF-1.4\n", 9);
	put("content/media/logo.png", png, sizeof(png) - 1);
	put("site.yaml", site, strlen(site));
}

const char *
fuzz_sitedir(void)
{
	return sitedir;
}

void
fuzz_site(struct site *s)
{
	int	 t;

	memset(s, 0, sizeof(*s));
	s->dir = sitedir;
	s->today.y = 2026;
	s->today.m = 11;
	s->today.d = 22;
	if ((s->themeidx = xmlHashCreate(64)) == NULL)
		abort();
	for (t = 0; t < T_COUNT; t++)
		if ((s->slugs[t] = xmlHashCreate(16)) == NULL)
			abort();
}

void
fuzz_expect(int ok, const struct diag *d, const char *stage)
{
	if (ok && d->errors > 0) {
		fprintf(stderr, "%s succeeded but reported %d errors\n", stage,
		    d->errors);
		abort();
	}
	if (!ok && d->errors == 0) {
		fprintf(stderr, "%s failed without an error message\n", stage);
		abort();
	}
}

void
fuzz_settings(struct site *s)
{
	s->title = "Anytown & District <Safeguarding> Partnership";
	s->short_name = "ADSP";
	s->base_url = "https://example.org/learning/";
	s->language = "en-GB";
	s->timezone = "Europe/London";
	s->description = "Learning \"from\" reviews ]]>";
	s->email = "learning@example.org";
}

struct doc *
fuzz_content(struct site *s, struct diag *d, enum ctype t,
    const uint8_t *data, size_t size)
{
	struct doc	*doc;
	int		 ok;

	doc = amalloc(&s->arena, sizeof(*doc));
	doc->type = t;
	doc->path = doc->file = aprintf(&s->arena, "content/%s/fuzz.md",
	    ctypes[t].dir);
	doc->slug = "fuzz";
	ok = doc_load_text(s, d, doc, (const char *)data, size);
	site_adopt(s, doc);
	fuzz_expect(ok, d, "doc_load_text");
	if (!ok)
		return NULL;
	vec_push(&s->arena, &s->docs[t], doc);
	ok = site_link(s, d);
	fuzz_expect(ok, d, "site_link");
	if (!ok)
		return NULL;
	ok = markdown_doc(s, d, doc);
	fuzz_expect(ok, d, "markdown_doc");
	return ok ? doc : NULL;
}

const char *
fuzz_outdir(void)
{
	remove_tree(outdir);
	if (!mkdirs(outdir))
		abort();
	return outdir;
}
