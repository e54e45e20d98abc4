/* unit.c: unit tests of front matter, validation, the layout engine and the serialiser. */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>

#include "herald.h"

static int passed, failed;

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(a, b) check_str((a), (b), __FILE__, __LINE__)

static void
check(int ok, const char *what, const char *file, int line)
{
	if (ok)
		passed++;
	else {
		failed++;
		fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
	}
}

static void
check_str(const char *got, const char *want, const char *file, int line)
{
	if (got != NULL && strcmp(got, want) == 0)
		passed++;
	else {
		failed++;
		fprintf(stderr, "%s:%d: FAILED:\n  got:  %s\n  want: %s\n",
		    file, line, got ? got : "(null)", want);
	}
}

/* Runs f with standard error captured into a string (caller frees). */
static char *
capture_stderr(void (*f)(void *), void *arg)
{
	char	 path[] = "/tmp/herald-unit-XXXXXX";
	int	 fd, saved;
	size_t	 len;
	char	*s;

	fflush(stderr);
	if ((fd = mkstemp(path)) == -1)
		abort();
	saved = dup(2);
	dup2(fd, 2);
	f(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	s = read_file(path, &len);
	unlink(path);
	return s;
}

/* ---- YAML ---- */

struct yrun {
	const char	*text;
	struct ynode	*out;
	struct arena	 a;
	struct diag	 d;
};

static void
yrun(void *p)
{
	struct yrun *r = p;

	r->out = yaml_load(&r->a, &r->d, "f.md", r->text, strlen(r->text));
}

static char *
yaml_errors(const char *text, struct ynode **out, struct arena *a)
{
	struct yrun	 r;
	char		*err;

	memset(&r, 0, sizeof(r));
	r.text = text;
	err = capture_stderr(yrun, &r);
	diag_free(&r.d);
	*a = r.a;
	*out = r.out;
	return err;
}

static void
test_yaml(void)
{
	struct arena	 a;
	struct ynode	*y, *v;
	char		*err;

	err = yaml_errors("---\ntitle: no\ndate: 2024-01-02\n"
	    "themes: [a, b]\nx: \"q\"\n", &y, &a);
	CHECK_STR(err, "");
	CHECK(y != NULL && y->type == Y_MAP && y->n == 4);
	v = ymap_get(y, "title", NULL);
	CHECK(v != NULL && strcmp(v->str, "no") == 0 && v->plain);
	CHECK(v != NULL && v->line == 2 && v->col == 8);
	v = ymap_get(y, "themes", NULL);
	CHECK(v != NULL && v->type == Y_SEQ && v->n == 2);
	CHECK(v != NULL && v->items[1]->line == 4 && v->items[1]->col == 13);
	v = ymap_get(y, "x", NULL);
	CHECK(v != NULL && !v->plain);
	CHECK(y->klines[2] == 4 && y->kcols[2] == 1);
	free(err);
	arena_free(&a);

	err = yaml_errors("---\ntitle: A\ntitle: B\n", &y, &a);
	CHECK_STR(err, "f.md:3:1: error: duplicate field \"title\" "
	    "(first given at line 2)\n");
	CHECK(y == NULL);
	free(err);
	arena_free(&a);

	err = yaml_errors("---\na: &x [1]\nb: *x\n", &y, &a);
	CHECK_STR(err, "f.md:3:4: error: YAML aliases (*x) are not allowed: "
	    "write the value out\n");
	free(err);
	arena_free(&a);

	err = yaml_errors("---\ntitle: \"open\ndate: 2024-01-01\n", &y, &a);
	CHECK_STR(err, "f.md:2:8: error: the \" that opens this value on "
	    "line 2 is never closed: end the value with \" on the same "
	    "line\n");
	free(err);
	arena_free(&a);

	err = yaml_errors("---\ntitle: x\n\tdate: 2024-01-01\n", &y, &a);
	CHECK(err != NULL && strstr(err, "f.md:3:") == err &&
	    strstr(err, "tab") != NULL);
	free(err);
	arena_free(&a);

	/* Marks count characters, not bytes. */
	err = yaml_errors("---\nt: ££££\nu: x\n", &y, &a);
	CHECK_STR(err, "");
	v = ymap_get(y, "u", NULL);
	CHECK(v != NULL && v->line == 3 && v->col == 4);
	free(err);
	arena_free(&a);

	/* A recursive alias is refused, not followed. */
	err = yaml_errors("---\na: &x [1, *x]\n", &y, &a);
	CHECK(y == NULL && err != NULL && strstr(err, "aliases") != NULL);
	free(err);
	arena_free(&a);
}

/* ---- validation helpers ---- */

static void
test_dates(void)
{
	struct date	 d = { 0, 0, 0 };
	char		 iso[11], text[32];

	CHECK(parse_date("2024-02-29", &d) == 1);
	CHECK(parse_date("2023-02-29", &d) == 0);
	CHECK(parse_date("2023-02-30", &d) == 0);
	CHECK(parse_date("2023-13-01", &d) == 0);
	CHECK(parse_date("2023-1-01", &d) == -1);
	CHECK(parse_date("2023-01-011", &d) == -1);
	CHECK(parse_date("1900-02-29", &d) == 0);
	CHECK(parse_date("2000-02-29", &d) == 1);
	parse_date("2023-11-27", &d);
	date_iso(&d, iso);
	date_text(&d, text);
	CHECK_STR(iso, "2023-11-27");
	CHECK_STR(text, "27 November 2023");
}

static void
test_strings(void)
{
	size_t	 bad = 0;

	CHECK(valid_slug("professional-curiosity"));
	CHECK(valid_slug("a1"));
	CHECK(!valid_slug("Bad"));
	CHECK(!valid_slug("a--b"));
	CHECK(!valid_slug("-a"));
	CHECK(!valid_slug("a-"));
	CHECK(!valid_slug(""));
	CHECK(!valid_slug("a_b"));
	CHECK(utf8_check("caf\xc3\xa9", 5, &bad));
	CHECK(!utf8_check("ab\xc3(", 4, &bad) && bad == 2);
	CHECK(!utf8_check("\xed\xa0\x80", 3, &bad) && bad == 0);
	CHECK(!utf8_check("x\xff", 2, &bad) && bad == 1);
	CHECK(!utf8_check("\xe2\x80", 2, &bad));
	CHECK(edit_distance("venu", "venue") == 1);
	CHECK(edit_distance("titel", "title") == 2);
	CHECK(url_safe("https://example.org/"));
	CHECK(url_safe("/briefings/"));
	CHECK(url_safe("mailto:a@example.org"));
	CHECK(!url_safe("javascript:alert(1)"));
	CHECK(!url_safe("JavaScript:alert(1)"));
	CHECK(!url_safe("vbscript:x"));
	CHECK(!url_safe("data:text/html,x"));
}

static void
test_relative(void)
{
	char	*r;

	r = relative_url("/briefings/neglect/", "/briefings/");
	CHECK_STR(r, "../../briefings/index.html");
	free(r);
	r = relative_url("/", "/assets/site.css");
	CHECK_STR(r, "assets/site.css");
	free(r);
	r = relative_url("/about/", "/");
	CHECK_STR(r, "../index.html");
	free(r);
	r = relative_url("/training/", "/training/x/#book");
	CHECK_STR(r, "../training/x/index.html#book");
	free(r);
}

/* The search index's JSON strings can never end a <script>. */
static void
test_json(void)
{
	static const struct {
		const char	*in, *want;
	} t[] = {
		{ "", "\"\"" },
		{ "plain text", "\"plain text\"" },
		{ "say \"hi\" \\ bye", "\"say \\\"hi\\\" \\\\ bye\"" },
		{ "a\nb\tc\rd\x01\x1f\x7f", "\"a\\nb\\tc\\u000dd\\u0001\\u001f\\u007f\"" },
		{ "</script><!--&", "\"\\u003c\\u002fscript\\u003e\\u003c!--\\u0026\"" },
		{ "caf\xc3\xa9 \xe2\x80\x93 \xe2\x80\xa8\xe2\x80\xa9",
		    "\"caf\xc3\xa9 \xe2\x80\x93 \\u2028\\u2029\"" },
	};
	xmlBufferPtr	 b;
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		b = bnew();
		json_string(b, t[i].in);
		CHECK_STR((const char *)xmlBufferContent(b), t[i].want);
		xmlBufferFree(b);
	}
}

/* ---- layouts ---- */

static char	*tmpdir;

static void
write_layout(const char *name, const char *text)
{
	char	*p = xasprintf("%s/layouts/%s", tmpdir, name), *s;

	s = strrchr(p, '/');
	*s = '\0';
	mkdirs(p);
	*s = '/';
	if (!write_file(p, text, strlen(text)))
		abort();
	free(p);
}

struct lrun {
	const char		*name;
	const struct value	*root;
	char			*html;
};

static void
lrun(void *p)
{
	struct lrun	*r = p;
	struct diag	 d;
	struct layouts	*L;
	size_t		 len;

	memset(&d, 0, sizeof(d));
	L = layouts_load(tmpdir, &d);
	r->html = layout_render(L, &d, r->name, r->root, "/a/b/", NULL, &len);
	layouts_free(L);
	diag_free(&d);
}

/* Renders a layout; returns the HTML's body part, or the messages. */
static char *
render(const char *name, const struct value *root, char **errs)
{
	struct lrun	 r = { name, root, NULL };
	char		*s, *b, *e;

	*errs = capture_stderr(lrun, &r);
	if (r.html == NULL)
		return NULL;
	if ((b = strstr(r.html, "<body>")) != NULL &&
	    (e = strstr(r.html, "</body>")) != NULL) {
		s = xstrndup(b + 6, (size_t)(e - b - 6));
		free(r.html);
		return s;
	}
	return r.html;
}

static void
test_layouts(void)
{
	struct arena	 a = { 0 };
	struct value	*root, *page, *list, *it;
	char		*html, *errs, *p;
	int		 i;

	tmpdir = xstrdup("/tmp/herald-unit-layouts-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		abort();
	root = v_map(&a);
	page = v_map(&a);
	v_sets(&a, page, "title", "Fish & Chips <b>\"now\"</b>");
	v_sets(&a, page, "url", "/x/");
	v_sets(&a, page, "empty", "");
	v_set(&a, page, "yes", v_bool(&a, 1));
	v_set(&a, page, "content", v_html(&a, "<p>Hi <em>there</em></p>"));
	list = v_list(&a);
	for (i = 0; i < 3; i++) {
		it = v_map(&a);
		v_sets(&a, it, "name", aprintf(&a, "n%d", i));
		v_add(&a, list, it);
	}
	v_set(&a, page, "list", list);
	v_set(&a, root, "page", page);

	/* Text and attributes are escaped by construction. */
	write_layout("t1.html", "<!doctype html><html><body>"
	    "<h1 data-text=\"page.title\">x</h1>"
	    "<a data-attr-title=\"page.title\" href=\"/y/\">y</a>"
	    "</body></html>");
	html = render("t1", root, &errs);
	CHECK_STR(html, "<h1>Fish &amp; Chips &lt;b&gt;\"now\"&lt;/b&gt;</h1>"
	    "<a href=\"../../y/index.html\" "
	    "title=\"Fish &amp; Chips <b>&quot;now&quot;</b>\">y</a>");
	CHECK_STR(errs, "");
	free(html);
	free(errs);

	/* Loops, conditionals, loop values, unwrap, remove. */
	write_layout("t2.html", "<!doctype html><html><body>"
	    "<ul><li data-each=\"x in page.list\" data-text=\"{loop.index}:"
	    "{x.name}\"></li></ul>"
	    "<p data-if=\"page.empty\">no</p><p data-unless=\"page.empty\">"
	    "yes</p><p data-remove>sample</p>"
	    "<span data-unwrap data-text=\"page.url\"></span>"
	    "<input data-attr-checked=\"page.yes\" data-attr-alt=\"page.empty\">"
	    "<div data-html=\"page.content\"></div>"
	    "</body></html>");
	html = render("t2", root, &errs);
	CHECK_STR(html, "<ul><li>1:n0</li><li>2:n1</li><li>3:n2</li></ul>"
	    "<p>yes</p>/x/<input checked=\"\"><div><p>Hi <em>there</em></p>"
	    "</div>");
	CHECK_STR(errs, "");
	free(html);
	free(errs);

	/* A base layout with blocks, and a partial. */
	write_layout("base.html", "<!doctype html><html><head><title "
	    "data-text=\"page.url\"></title></head><body><header "
	    "data-include=\"top\"></header><main data-block=\"main\">default"
	    "</main><footer data-block=\"foot\">f</footer></body></html>");
	write_layout("partials/top.html", "<nav>top <b data-text=\"page.url\">"
	    "</b></nav>");
	write_layout("child.html", "<!doctype html><html data-extends=\"base\">"
	    "<body><main data-block=\"main\"><p>child</p></main></body></html>");
	html = render("child", root, &errs);
	CHECK_STR(html, "<header><nav>top <b>/x/</b></nav></header><main><p>"
	    "child</p></main><footer>f</footer>");
	CHECK_STR(errs, "");
	free(html);
	free(errs);

	/* Script and style are left alone; void elements have no end tag. */
	write_layout("t3.html", "<!doctype html><html><body><script>if (a < b"
	    " && c) { x = \"</div>\"; }</script><style>a::after{content:"
	    "\"↗\"}</style><br><img src=\"/i.png\" alt=\"\"><picture><source "
	    "srcset=\"a.avif\"><img src=\"/b.png\" alt=\"b\"></picture>"
	    "<p>Café – “q”</p></body></html>");
	html = render("t3", root, &errs);
	CHECK_STR(html, "<script>if (a < b && c) { x = \"</div>\"; }</script>"
	    "<style>a::after{content:\"↗\"}</style><br><img src=\"../../i.png\""
	    " alt=\"\"><picture><source srcset=\"a.avif\"><img "
	    "src=\"../../b.png\" alt=\"b\"></picture><p>Café – “q”</p>");
	CHECK_STR(errs, "");
	free(html);
	free(errs);

	/* Unknown values are errors with the layout's file and line. */
	write_layout("t4.html", "<!doctype html><html><body>\n<p>\n"
	    "<b data-text=\"page.titel\"></b></p></body></html>");
	html = render("t4", root, &errs);
	CHECK(html == NULL);
	p = xasprintf("%s/layouts/t4.html:3:1: error: unknown value "
	    "\"page.titel\" (see docs/layouts.md for the values a layout can "
	    "use)\n", tmpdir);
	CHECK_STR(errs, p);
	free(p);
	free(html);
	free(errs);

	/* Unsafe URLs never become links. */
	v_sets(&a, page, "bad", "javascript:alert(1)");
	write_layout("t5.html", "<!doctype html><html><body>"
	    "<a data-attr-href=\"page.bad\">x</a></body></html>");
	html = render("t5", root, &errs);
	CHECK_STR(html, "<a>x</a>");
	free(html);
	free(errs);

	/* Malformed markup is reported with its line. */
	write_layout("t6.html", "<!doctype html><html><body>\n<div>\n<p>x</i>"
	    "</p></div></body></html>");
	html = render("t6", root, &errs);
	CHECK(html == NULL);
	p = xasprintf("%s/layouts/t6.html:3:", tmpdir);
	CHECK(errs != NULL && strncmp(errs, p, strlen(p)) == 0 &&
	    strstr(errs, "malformed layout") != NULL);
	free(p);
	free(html);
	free(errs);

	remove_tree(tmpdir);
	free(tmpdir);
	arena_free(&a);
}

/* Files written in many pieces, and rewritten only when they change. */
static void
test_files(void)
{
	struct iovec	 v[300];
	struct stat	 st;
	char		 dir[] = "/tmp/herald-unit-files-XXXXXX", *path, *data,
			 *want, piece[300][16];
	size_t		 len, wlen = 0;
	int		 i;

	if (mkdtemp(dir) == NULL)
		abort();
	want = xmalloc(sizeof(piece));
	for (i = 0; i < 300; i++) {
		snprintf(piece[i], sizeof(piece[i]), "%d,", i);
		v[i].iov_base = piece[i];
		v[i].iov_len = strlen(piece[i]);
		memcpy(want + wlen, piece[i], v[i].iov_len);
		wlen += v[i].iov_len;
	}
	/* More pieces than one writev() call takes. */
	path = path_join(dir, "a.txt");
	CHECK(write_filev(path, v, 300));
	data = read_file(path, &len);
	CHECK(data != NULL && len == wlen && memcmp(data, want, len) == 0);
	free(data);
	/* The same bytes leave the file alone; other bytes replace it. */
	CHECK(chmod(path, 0444) == 0);
	CHECK(write_if_changedv(path, v, 300));
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0444);
	CHECK(chmod(path, 0644) == 0);
	piece[299][0] = 'x';
	CHECK(write_if_changedv(path, v, 300));
	data = read_file(path, &len);
	CHECK(data != NULL && len == wlen && data[len - 4] == 'x');
	free(data);
	CHECK(write_if_changed(path, "short", 5));
	data = read_file(path, &len);
	CHECK(data != NULL && len == 5 && memcmp(data, "short", 5) == 0);
	free(data);
	CHECK(unlink(path) == 0);
	free(path);
	/* mkdirs makes what is missing, and says when it cannot. */
	path = xasprintf("%s/b/c/d/", dir);
	CHECK(mkdirs(path));
	CHECK(is_dir(path));
	CHECK(mkdirs(path));
	free(path);
	path = xasprintf("%s/f", dir);
	CHECK(write_file(path, "", 0));
	free(path);
	path = xasprintf("%s/f/g", dir);
	CHECK(!mkdirs(path));
	free(path);
	path = xasprintf("%s/f", dir);
	CHECK(!mkdirs(path) && errno == ENOTDIR);
	free(path);
	CHECK(remove_tree(dir));
	free(want);
}

/* The reference the fast scanners are held to: one byte at a time. */
static int
utf8_ref(const unsigned char *p, size_t len, size_t *bad)
{
	size_t	 i = 0, n, k;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = p[i] >= 0xc2 && p[i] <= 0xdf ? 1 : p[i] >= 0xe0 &&
		    p[i] <= 0xef ? 2 : p[i] >= 0xf0 && p[i] <= 0xf4 ? 3 : 0;
		for (k = 1; n != 0 && k <= n; k++)
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
				n = 0;
		if (n == 0 || (p[i] == 0xe0 && p[i + 1] < 0xa0) ||
		    (p[i] == 0xed && p[i + 1] >= 0xa0) ||
		    (p[i] == 0xf0 && p[i + 1] < 0x90) ||
		    (p[i] == 0xf4 && p[i + 1] >= 0x90)) {
			*bad = i;
			return 0;
		}
		i += n + 1;
	}
	return 1;
}

static void
json_ref(xmlBufferPtr b, const unsigned char *s, size_t n)
{
	char	 esc[8];
	size_t	 i;

	bputs(b, "\"");
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			bprintf(b, "\\%c", s[i]);
		else if (s[i] == '\n')
			bputs(b, "\\n");
		else if (s[i] == '\t')
			bputs(b, "\\t");
		else if (s[i] < 0x20 || s[i] == 0x7f || s[i] == '<' ||
		    s[i] == '>' || s[i] == '&' || s[i] == '/') {
			snprintf(esc, sizeof(esc), "\\u%04x", s[i]);
			bputs(b, esc);
		} else if (s[i] == 0xe2 && i + 2 < n && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
			bputs(b, s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
			i += 2;
		} else
			bput(b, (const char *)s + i, 1);
	}
	bputs(b, "\"");
}

/*
 * utf8_check(), json_string_n() and html5_text() skip plain bytes several
 * at a time: each special byte is put at every place of
 * strings up to 40 bytes long, so that it falls before, on and after
 * every boundary, and the result must be what a byte-by-byte scan gives.
 */
static void
test_scanners(void)
{
	static const char *const specials[] = { "\"", "\\", "\n", "\t",
	    "\x01", "\x1f", "\x7f", "<", ">", "&", "/", "\xe2\x80\xa8",
	    "\xe2\x80\xa9", "\xe2\x82\xac", "\xc3\xa9", "\xc3", "\xed\xa0\x80",
	    "\xf4\x90\x80\x80", "\xe2\x80", "\xff", "  ", "'" };
	xmlBufferPtr	 got = bnew(), want = bnew();
	unsigned char	 s[64];
	size_t		 len, at, i, k, sl, bad1, bad2;
	int		 r1, r2, bad = 0;

	for (k = 0; k < sizeof(specials) / sizeof(specials[0]); k++) {
		sl = strlen(specials[k]);
		for (len = 0; len <= 40; len++)
			for (at = 0; at + sl <= len; at++) {
				memset(s, 'a' + (int)(len % 26), len);
				memcpy(s + at, specials[k], sl);
				bad1 = bad2 = 99;
				r1 = utf8_check((const char *)s, len, &bad1);
				r2 = utf8_ref(s, len, &bad2);
				if (r1 != r2 || (!r1 && bad1 != bad2))
					bad++;
				xmlBufferEmpty(got);
				xmlBufferEmpty(want);
				json_string_n(got, (const char *)s, len);
				json_ref(want, s, len);
				if (strcmp((const char *)xmlBufferContent(got),
				    (const char *)xmlBufferContent(want)) != 0)
					bad++;
				s[len] = '\0';
				if (memchr(s, '\0', len) != NULL)
					continue;
				xmlBufferEmpty(got);
				html5_text(got, (const char *)s);
				/* Text escapes & < > and nothing else. */
				xmlBufferEmpty(want);
				for (i = 0; i < len; i++)
					bputs(want, s[i] == '&' ? "&amp;" :
					    s[i] == '<' ? "&lt;" : s[i] == '>' ?
					    "&gt;" : (char[2]){ (char)s[i], 0 });
				if (strcmp((const char *)xmlBufferContent(got),
				    (const char *)xmlBufferContent(want)) != 0)
					bad++;
			}
	}
	CHECK(bad == 0);
	xmlBufferFree(got);
	xmlBufferFree(want);
}

/* Pieces keep what they hold as they grow, in place or copied; an
 * emptied arena serves again from the blocks it kept. */
static void
test_arena(void)
{
	struct arena	 a = { 0 };
	char		*p, *q, *big;
	size_t		 i;
	int		 same = 1;

	p = apiece(&a, 10);
	memcpy(p, "0123456789", 10);
	q = apiece_grow(&a, p, 100);	/* the newest: grows where it is */
	CHECK(q == p && memcmp(q, "0123456789", 10) == 0);
	big = apiece(&a, 30000);	/* a block of its own */
	memset(big, 'x', 30000);
	q = apiece_grow(&a, p, 200);	/* no longer the newest: copied */
	CHECK(q != p && memcmp(q, "0123456789", 10) == 0);
	q = apiece_grow(&a, q, 50);	/* shrinks where it is */
	CHECK(memcmp(q, "0123456789", 10) == 0);
	big = apiece_grow(&a, big, 300000);
	for (i = 0; i < 30000; i++)
		same &= big[i] == 'x';
	CHECK(same);
	CHECK(apiece_grow(&a, NULL, 5) != NULL);
	arena_reset(&a);
	CHECK(a.head != NULL && a.spare != NULL);
	p = amalloc(&a, 100000);	/* from a kept block */
	CHECK(p[0] == 0 && p[99999] == 0);
	CHECK_STR(aprintf(&a, "%s-%d", "a", 1), "a-1");
	arena_free(&a);
	CHECK(a.head == NULL && a.spare == NULL);
}

int
main(void)
{
	test_yaml();
	test_dates();
	test_strings();
	test_relative();
	test_json();
	test_scanners();
	test_arena();
	test_layouts();
	test_files();
	xmlCleanupParser();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
