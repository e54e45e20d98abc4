/* main.c: herald's commands and options; the only place that exits. */
#include <sys/resource.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "herald.h"
#include "core/sandbox.h"
#include "cli.h"
#include "main_init.h"

/* Wall time per stage, for --timings. */
struct stages {
	struct timespec	 last;
	double		 cpu;		/* CPU time used until last */
	int		 on;
};

static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Ends the stage called name: prints its time when --timings is on. */
static void
stage(struct stages *st, const char *name)
{
	struct timespec	 now;
	struct rusage	 ru;

	if (!st->on)
		return;
	double		 cpu;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (getrusage(RUSAGE_SELF, &ru) == -1)
		memset(&ru, 0, sizeof(ru));
	/* CPU time of every thread, user and system: with -j2 a stage that
	 * keeps both processors busy uses twice its time. */
	cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	fprintf(stderr, "herald: %-9s %7.3f s, CPU %7.3f s, peak memory %ld "
	    "MB\n", name, elapsed(&st->last, &now), cpu - st->cpu,
	    ru.ru_maxrss / 1024);
	st->last = now;
	st->cpu = cpu;
}
/* The two parts of the outputs, made at once: the calendars, feeds and
 * search index (item 0), and the pages (item 1). */
struct side {
	struct site	*s;
	struct layouts	*L;
	struct diag	*d;
	struct output	*out;
	struct jobs	 q;
	int		 ok[2];
};

static void *
outputs_part(void *arg)
{
	struct side	*w = arg;
	size_t		 i;

	while (jobs_next(&w->q, &i)) {
		diag_key(0);
		if (i == 0)
			w->ok[0] = calendars_write(w->s, w->d, w->out) &&
			    feeds_write(w->s, w->d, w->out) &&
			    search_write(w->s, w->d, w->out) &&
			    redirects_write(w->s, w->d, w->out);
		else
			w->ok[1] = pages_render(w->s, w->L, w->d, w->out);
	}
	return NULL;
}

/*
 * Writes the calendars, feeds and search index on a thread of their own
 * while the pages are made, whose links to them are decided first.
 * Messages are kept meanwhile and printed in order at the end.  Returns 0
 * after errors.
 */
static int
outputs_write(struct site *s, struct layouts *L, struct diag *d,
    struct output *out)
{
	struct side	 w = { s, L, d, out, { 2, 0, 0 }, { 0, 0 } };
	int		 emails_ok;

	s->has_feeds = s->has_search = 1;
	calendars_plan(s);
	diag_defer(d);
	jobs_run(d, out->jobs > 1 ? 2 : 1, outputs_part, &w, NULL, NULL);
	/* after the pages, whose threads have finished with the layouts */
	emails_ok = emails_write(s, L, d, out);
	diag_flush(d);
	return w.ok[0] && w.ok[1] && emails_ok;
}

/* Loads, validates and renders; writes only when out->write. */
static int
run(struct opts *o, int write)
{
	struct site	 s;
	struct diag	 d;
	struct layouts	*L = NULL;
	struct output	 out;
	struct timespec	 t0, t1;
	struct stages	 st;
	char		*outdir = NULL, *tmp = NULL;
	pthread_mutex_t	 wlock;
	int		 status = 1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	st.last = t0;
	st.on = o->timings;
	memset(&s, 0, sizeof(s));
	memset(&d, 0, sizeof(d));
	memset(&out, 0, sizeof(out));
	d.quiet = o->quiet;
	out.verbose = o->verbose;
	out.jobs = o->jobs;
	out.progress = !o->quiet && !o->verbose && isatty(STDERR_FILENO);
	s.dir = o->site;
	s.today = o->today;
	s.drafts = o->drafts;
	s.future = o->future;
	markdown_init();

	if (write) {
		outdir = o->output != NULL ? xstrdup(o->output) :
		    path_join(o->site, "output");
		if (!output_check(o->site, outdir, &d)) {
			status = 2;
			goto done;
		}
		if (!output_lock(outdir, &d))
			goto done;
	}
	publish_signals(outdir);
	sandbox_enter(o->site, outdir, o->verbose);
	/* Every stage runs, so that one run reports every error. */
	site_load(&s, &d, o->jobs);
	if (o->base_url != NULL && s.base_url != NULL)
		s.base_url = o->base_url;	/* --base-url */
	stage(&st, "load");
	site_link(&s, &d);
	stage(&st, "link");
	markdown_site(&s, &d, o->jobs);
	site_drop_sources(&s);
	stage(&st, "markdown");
	if (d.errors > 0)
		goto done;

	L = layouts_load(o->site, &d);
	stage(&st, "layouts");
	if (write && (tmp = output_begin(outdir, &d, &out.recycled)) == NULL)
		goto done;
	stage(&st, "begin");
	if (pthread_mutex_init(&wlock, NULL) != 0) {
		diag(&d, LVL_ERROR, NULL, 0, 0, "cannot make a lock");
		goto done;
	}
	out.lock = &wlock;
	out.dir = tmp;
	out.write = write;
	out.prev = write && is_dir(outdir) ? outdir : NULL;
	if (!o->no_pdfs && !pdfs_write(&s, &d, &out))
		goto done;
	stage(&st, "pdfs");
	if (!outputs_write(&s, L, &d, &out))
		goto done;
	stage(&st, "pages");
	if (write && (!layouts_assets(L, &out) || !copy_media(&s, &out, &d)))
		goto done;
	stage(&st, "assets");
	if (d.errors > 0)
		goto done;
	if (write) {
		if (!output_commit(&out, outdir, &d))
			goto done;
		stage(&st, "commit");
		free(tmp);
		tmp = NULL;
	}
	status = 0;
done:
	if (tmp != NULL) {
		output_abort(tmp);
		free(tmp);
	}
	diag_summary(&d);
	if (status == 0 && !o->quiet) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double secs = elapsed(&t0, &t1);
		if (write)
			printf("built %d page%s, %d PDF%s, %d feed%s, %d "
			    "calendar%s in %.2f s\n", out.pages,
			    out.pages == 1 ? "" : "s", out.pdfs,
			    out.pdfs == 1 ? "" : "s", out.feeds,
			    out.feeds == 1 ? "" : "s", out.calendars,
			    out.calendars == 1 ? "" : "s", secs);
		else
			printf("checked %d page%s: no errors\n", out.pages,
			    out.pages == 1 ? "" : "s");
		if (s.later.n > 0)
			printf("%zu scheduled item%s not published\n",
			    s.later.n, s.later.n == 1 ? "" : "s");
	}
	publish_signals_end();
	output_unlock();
	if (out.lock != NULL)
		pthread_mutex_destroy(out.lock);
	if (out.written != NULL)
		xmlHashFree(out.written, NULL);
	layouts_free(L);
	site_free(&s);
	diag_free(&d);
	free(outdir);
	return status;
}

static int
cmd_build(int argc, char *argv[])
{
	struct opts	 o;
	int		 r;

	memset(&o, 0, sizeof(o));
	r = parse_opts(argc, argv, &o, usage_build, "soDdFPjqvTB");
	if (r != 0)
		return r < 0 ? 0 : r;
	if (optind < argc)
		return usage_error(usage_build, "unexpected argument \"%s\"",
		    argv[optind]);
	return run(&o, 1);
}

static int
cmd_check(int argc, char *argv[])
{
	struct opts	 o;
	int		 r;

	memset(&o, 0, sizeof(o));
	r = parse_opts(argc, argv, &o, usage_check, "sDdFjqvB");
	if (r != 0)
		return r < 0 ? 0 : r;
	if (optind < argc)
		return usage_error(usage_check, "unexpected argument \"%s\"",
		    argv[optind]);
	return run(&o, 0);
}

/*
 * herald pdf: loads and checks the site as a build does, then writes the
 * PDF of the briefing in file to pdf.
 */
static int
run_pdf(struct opts *o, const char *file, const char *pdf)
{
	struct site	 s;
	struct diag	 d;
	struct doc	*doc, *found = NULL;
	char		*want, *have;
	size_t		 i;
	int		 status = 1;

	memset(&s, 0, sizeof(s));
	memset(&d, 0, sizeof(d));
	d.quiet = o->quiet;
	s.dir = o->site;
	s.today = o->today;
	s.drafts = o->drafts;
	s.future = o->future;
	markdown_init();
	sandbox_enter(o->site, pdf, 0);

	site_load(&s, &d, o->jobs);
	if (o->base_url != NULL && s.base_url != NULL)
		s.base_url = o->base_url;	/* --base-url */
	/* The briefing, found before drafts are left out. */
	if ((want = realpath(file, NULL)) != NULL)
		for (i = 0; i < s.docs[T_BRIEFING].n && found == NULL; i++) {
			doc = s.docs[T_BRIEFING].v[i];
			if ((have = realpath(doc->file, NULL)) != NULL &&
			    strcmp(have, want) == 0)
				found = doc;
			free(have);
		}
	free(want);
	if (found == NULL && d.errors > 0)
		goto done;		/* no site there: its error says so */
	if (found == NULL) {
		status = usage_error(usage_pdf, "%s is not a briefing of this "
		    "site (a file in content/briefings/; use -s to name the "
		    "site folder)", file);
		goto done;
	}
	if (found->scheduled) {
		char iso[11];
		date_iso(&found->date, iso);
		status = usage_error(usage_pdf, "%s is scheduled for %s: add "
		    "--future to make its PDF", file, iso);
		goto done;
	}
	if (found->excluded) {
		status = usage_error(usage_pdf, "%s is a draft: add --drafts "
		    "to make its PDF", file);
		goto done;
	}
	site_link(&s, &d);
	markdown_site(&s, &d, 1);
	if (d.errors > 0 || !pdf_write_one(&s, &d, found, pdf))
		goto done;
	status = 0;
	if (!o->quiet)
		printf("wrote %s (%zu KB)\n", pdf, (found->pdf_bytes + 512) /
		    1024);
done:
	diag_summary(&d);
	site_free(&s);
	diag_free(&d);
	return status;
}

static int
cmd_pdf(int argc, char *argv[])
{
	struct opts	 o;
	const char	*file, *slash;
	char		*pdf, *site, *real;
	size_t		 len;
	int		 r;

	memset(&o, 0, sizeof(o));
	r = parse_opts(argc, argv, &o, usage_pdf, "soDdFqB");
	if (r != 0)
		return r < 0 ? 0 : r;
	if (argc - optind == 0)
		return usage_error(usage_pdf, "pdf needs the briefing's file");
	if (argc - optind != 1)
		return usage_error(usage_pdf, "unexpected argument \"%s\"",
		    argv[optind + 1]);
	file = argv[optind];
	len = strlen(file);
	if (len < 4 || strcmp(file + len - 3, ".md") != 0)
		return usage_error(usage_pdf, "%s is not a Markdown file "
		    "(FILE.md)", file);
	if (!is_file(file))
		return usage_error(usage_pdf, "no file %s", file);
	/* Without -s, a file in SITE/content/briefings/ names its site. */
	site = NULL;
	if (strcmp(o.site, ".") == 0 && !is_file("site.yaml") &&
	    (real = realpath(file, NULL)) != NULL) {
		slash = strrchr(real, '/');
		if (slash - real > 18 && strncmp(slash - 18,
		    "/content/briefings", 18) == 0)
			site = xstrndup(real, (size_t)(slash - 18 - real));
		free(real);
		o.site = site != NULL ? site : o.site;
	}
	if (o.output != NULL)
		pdf = xstrdup(o.output);
	else
		pdf = xasprintf("%.*s.pdf", (int)(len - 3), file);
	if (strcmp(pdf, file) == 0) {
		free(pdf);
		free(site);
		return usage_error(usage_pdf, "the PDF would replace %s", file);
	}
	r = run_pdf(&o, file, pdf);
	free(pdf);
	free(site);
	return r;
}

static int
cmd_email(int argc, char *argv[])
{
	struct opts	 o;
	const char	*file;
	size_t		 len;
	int		 r;

	memset(&o, 0, sizeof(o));
	r = parse_opts(argc, argv, &o, usage_email, "soDdq");
	if (r != 0)
		return r < 0 ? 0 : r;
	if (argc - optind != 1)
		return usage_error(usage_email, argc - optind == 0 ?
		    "email needs the newsletter's or bulletin's file%s" :
		    "unexpected argument \"%s\"", argc - optind == 0 ? "" :
		    argv[optind + 1]);
	file = argv[optind];
	len = strlen(file);
	if (len < 4 || strcmp(file + len - 3, ".md") != 0)
		return usage_error(usage_email, "%s is not a Markdown file "
		    "(FILE.md)", file);
	if (!is_file(file))
		return usage_error(usage_email, "no file %s", file);
	/* without -s, email_run() looks for the site */
	r = email_run(strcmp(o.site, ".") == 0 ? NULL : o.site, file,
	    o.output != NULL ? o.output : ".", &o.today, o.drafts, o.quiet);
	if (r >= 2)
		r = usage_error(usage_email, r == 2 ? "%s is not a newsletter "
		    "or bulletin of this site (a file in content/newsletters/ "
		    "or content/bulletins/; use -s to name the site folder)" :
		    "%s is a draft: add --drafts to make its email", file);
	return r;
}

int
main(int argc, char *argv[])
{
	int	 r;

	/* libxml2 allocates through the x*() wrappers too: running out of
	 * memory has one answer, theirs. */
	xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
	LIBXML_TEST_VERSION
	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("herald %s\n", HERALD_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "build") == 0)
		r = cmd_build(argc - 1, argv + 1);
	else if (strcmp(argv[1], "check") == 0)
		r = cmd_check(argc - 1, argv + 1);
	else if (strcmp(argv[1], "pdf") == 0)
		r = cmd_pdf(argc - 1, argv + 1);
	else if (strcmp(argv[1], "new") == 0)
		r = cmd_new(argc - 1, argv + 1);
	else if (strcmp(argv[1], "serve") == 0)
		r = serve_main(argc - 1, argv + 1);
	else if (strcmp(argv[1], "email") == 0)
		r = cmd_email(argc - 1, argv + 1);
	else if (strcmp(argv[1], "init") == 0) {
		struct date	 today;

		r = build_date(NULL, &today) ? cmd_init(argc - 1, argv + 1,
		    &today) : usage_error(usage_main, "SOURCE_DATE_EPOCH is "
		    "not a date");
	} else
		r = usage_error(usage_main, "unknown command \"%s\"", argv[1]);
	xmlCleanupParser();
	return r;
}
