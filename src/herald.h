/* herald.h: the types and cross-file prototypes of herald, in pipeline order. */
#ifndef HERALD_H
#define HERALD_H

#include <sys/uio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/hash.h>

#define HERALD_VERSION "0.1.0"

/*
 * Conventions.  Functions that can fail return 1 on success and 0 on
 * failure, having reported the failure through diag().  Allocation
 * never fails: the x*() wrappers print and exit, and libxml2 allocates
 * through them (main() calls xmlMemSetup), so its calls never fail for
 * want of memory.  Only main() exits.  Memory of the site model lives in
 * one arena per build and is freed at once.
 */

/* ---- core/util.c: allocation that never fails, buffers, strings ---- */

#include <stdarg.h>
/* Says "out of memory" and exits: the one place besides main() that ends
 * the program, reached only when an allocation fails. */
void	 oom(void) __attribute__((noreturn));
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list)
	    __attribute__((format(printf, 1, 0)));

/* ---- core/arena.c: memory freed all at once ---- */

/* An arena: blocks freed together by arena_free(); { NULL, NULL } is an
 * empty one. */
struct arena {
	struct ablock	*head;	/* newest block first: the current one */
	struct ablock	*spare;	/* emptied blocks arena_reset() kept */
};
void	*amalloc(struct arena *, size_t);
void	*amalloc_raw(struct arena *, size_t);
char	*astrdup(struct arena *, const char *);
char	*astrndup(struct arena *, const char *, size_t);
char	*aprintf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Allocations that know their size and can grow, as malloc()'s and
 * realloc()'s (for cmark-gfm); freed with the arena. */
void	*apiece(struct arena *, size_t);
void	*apiece_grow(struct arena *, void *, size_t);
void	 arena_free(struct arena *);
void	 arena_reset(struct arena *);
void	 arena_merge(struct arena *, struct arena *);

/* A growable array of pointers, kept in an arena. */
struct vec {
	void		**v;	/* items */
	size_t		  n;	/* items used */
	size_t		  cap;	/* items allocated */
};
void	 vec_push(struct arena *, struct vec *, void *);

/* ---- core/util.c: buffers ---- */

/* Appends to a libxml2 buffer; exits on allocation failure. */
void	 bput_grow(xmlBufferPtr, const char *, size_t);

/* The common case inline: the bytes fit behind what the buffer holds
 * (libxml2 2.9's xmlBuffer, whose fields its tree.h gives), so they are
 * copied there, with the NUL libxml2 keeps after them. */
static inline void
bput(xmlBufferPtr b, const char *s, size_t n)
{
	if (n < (size_t)(b->size - b->use) &&
	    b->alloc != XML_BUFFER_ALLOC_IMMUTABLE) {
		memcpy(b->content + b->use, s, n);
		b->use += (unsigned int)n;
		b->content[b->use] = '\0';
		return;
	}
	bput_grow(b, s, n);
}

static inline void
bputs(xmlBufferPtr b, const char *s)
{
	bput(b, s, strlen(s));
}
void	 bprintf(xmlBufferPtr, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
xmlBufferPtr bnew(void);

/* ---- core/files.c: files and folders ---- */

/* Reads a whole file; returns NULL and sets errno on failure. */
char	*read_file(const char *, size_t *);
/* Writes a whole file; returns 1 on success, 0 with errno set. */
int	 write_file(const char *, const char *, size_t);
int	 write_filev(const char *, const struct iovec *, size_t);
int	 write_if_changed(const char *, const char *, size_t);
int	 write_if_changedv(const char *, const struct iovec *, size_t);
char	*path_join(const char *, const char *);
int	 mkdirs(const char *);
int	 is_dir(const char *);
int	 is_file(const char *);
int	 is_plain_file(const char *);
int	 safe_relpath(const char *);
int	 remove_tree(const char *);
/* Lists the regular files under dir (recursively), sorted, as paths
 * relative to dir, into the arena. */
int	 list_files(struct arena *, const char *, struct vec *);

/* ---- core/util.c: strings ---- */

int	 valid_slug(const char *);
const char	*utoa(char *, size_t, size_t);
int	 utf8_check(const char *, size_t, size_t *);
size_t	 utf8_count(const char *, size_t);
int	 edit_distance(const char *, const char *);
#define HASH64_START	0xcbf29ce484222325ULL
uint64_t hash64(const void *, size_t, uint64_t);

/* ---- core/utf8.c: stepping through UTF-8 ---- */

/* Decodes the character at s (len bytes left, len > 0) into *c and
 * returns its length; an invalid byte gives U+FFFD and the length of
 * what was read of it. */
size_t	 utf8_decode(const char *, size_t, uint32_t *);
/* The length of the character at s, at most len: its lead byte and the
 * continuation bytes after it. */
size_t	 utf8_step(const char *, size_t);
/* Where the character holding byte n of s starts: n, or before it when
 * n is a continuation byte; 0 when no lead byte comes before. */
size_t	 utf8_start(const char *, size_t);

/* ---- core/dates.c: dates as the content gives them ---- */

struct date {
	int	 y, m, d;		/* y == 0 when not set */
};

/* Parses YYYY-MM-DD: 1 for a real date, 0 for an impossible one (like
 * 2023-02-30), -1 when it is not of that form. */
int	 parse_date(const char *, struct date *);
void	 date_iso(const struct date *, char [11]);
void	 date_text(const struct date *, char [32]);
int	 date_cmp(const struct date *, const struct date *);
/* "January" for 1: the English names, never the locale's. */
const char *month_name(int);

/* ---- core/diag.c: every message the user sees about their input ---- */

enum level {
	LVL_WARNING,
	LVL_ERROR,
	LVL_USAGE		/* a mistake on the command line: printed
				   as "herald: message", counted as an
				   error */
};

struct pending;

struct diag {
	int		 errors;	/* errors reported so far */
	int		 warnings;	/* warnings reported so far */
	int		 quiet;		/* suppress warnings */
	int		 silent;	/* print nothing, only count (the fuzz
					   targets); 0 in herald itself */
	xmlHashTablePtr	 seen;		/* messages already reported */
	void		*lock;		/* a pthread_mutex_t while threads
					   report, else NULL */
	int		 deferred;	/* keep messages for diag_flush() */
	struct pending	*pend;		/* messages kept */
	size_t		 npend, cappend;
};

void	 diag(struct diag *, enum level, const char *, int, int,
	    const char *, ...) __attribute__((format(printf, 6, 7)));
void	 vdiag(struct diag *, enum level, const char *, int, int,
	    const char *, va_list) __attribute__((format(printf, 6, 0)));
void	 diag_defer(struct diag *);
void	 diag_key(size_t);
void	 diag_flush(struct diag *);
void	 diag_summary(const struct diag *);
void	 diag_free(struct diag *);

/* ---- core/sitefs.c: the site's files, kept inside the site folder ---- */

/* Folders below a folder of content/ (or content/media/) listed. */
#define SITE_DEPTH_MAX	32
/* Bytes of one content file: text, not pictures (content/media/). */
#define CONTENT_MAX	(8 << 20)
/* Reads of a file that keeps changing before the build gives up. */
#define READ_TRIES	4

enum { READ_OK, READ_FAIL, READ_BIG, READ_TORN };

/* 1 when path (links followed) is the real path root or under it, 0
 * when outside, -1 with errno when it cannot be resolved. */
int	 path_inside(const char *, const char *);
char	*site_realdir(const char *);
/* Lists the files under a folder, following links only inside root. */
int	 site_list(struct arena *, struct diag *, const char *, const char *,
	    struct vec *);
int	 read_stable(const char *, size_t, char **, size_t *);
/* A URL a browser takes to another host: "//h", "/\h", backslashes. */
int	 url_offsite(const char *);
/* The first control character of s not in allowed, or NULL. */
const char *ctl_find(const char *, const char *);

/* ---- core/jobs.c: the one pool of threads every stage shares out work on ---- */

/* Numbered items that threads take in turn, each exactly once. */
struct jobs {
	size_t		 n;		/* items, numbered from 0 */
	size_t		 next;		/* the next item to take */
	int		 stop;		/* set: no further item is taken */
};

/* Takes the next item into *i; 0 when none is left or the work stopped. */
int	 jobs_next(struct jobs *, size_t *);
/* Stops the work: items not yet taken are left. */
void	 jobs_stop(struct jobs *);
/*
 * Runs work(arg) on threads threads, this one among them (fewer if some
 * cannot start: every worker takes items until none is left).  Each
 * worker's result goes to done(ctx, result), when done is not NULL, on
 * this thread after all have ended: this thread's first, then the others'
 * in the order they started.  Messages are serialised meanwhile.
 */
void	 jobs_run(struct diag *, int, void *(*)(void *), void *,
	    void (*)(void *, void *), void *);

/* ---- model/yaml.c: YAML into a tree of values that keep their marks ---- */

enum ytype {
	Y_SCALAR,
	Y_SEQ,
	Y_MAP
};

struct ynode {
	enum ytype	  type;
	int		  line;		/* 1-based line of the value */
	int		  col;		/* 1-based column (characters) */
	const char	 *str;		/* scalar text */
	int		  plain;	/* scalar was unquoted */
	struct ynode	**items;	/* sequence items, or map values */
	const char	**keys;		/* map keys */
	int		 *klines;	/* map key lines */
	int		 *kcols;	/* map key columns */
	size_t		  n;		/* number of items or pairs */
	size_t		  cap;		/* allocated */
};

/* Parses YAML text (the first document) into the arena.  Returns NULL
 * after reporting errors with file and line. */
struct ynode	*yaml_load(struct arena *, struct diag *, const char *,
		    const char *, size_t);
struct ynode	*ymap_get(const struct ynode *, const char *, size_t *);
int		 yscalar_null(const struct ynode *);

/* ---- model/themes.c: the site's names of themes ---- */
struct site;
struct theme;
char	*theme_suggest(struct arena *, const char *);
void	 theme_named(const struct site *, struct theme *);

/* ---- model/placeholders.c: what herald new wrote, left unchanged ---- */
struct doc;
int	 placeholders_check(struct diag *, const struct doc *);

/* ---- model/types.c: the five types of content, one row each ---- */

struct doc;

enum ctype {
	T_BRIEFING,
	T_BULLETIN,
	T_NEWSLETTER,
	T_TRAINING,
	T_PAGE,
	T_COUNT
};

/* What a front-matter field holds. */
enum fkind {
	K_TEXT,		/* one line or paragraph of text */
	K_DATE,		/* YYYY-MM-DD */
	K_BOOL,		/* true or false */
	K_INT,		/* a positive whole number */
	K_THEMES,	/* list of theme slugs */
	K_AUDIENCE,	/* subset of [adults, children] */
	K_SLUGS,	/* list of slugs of other content */
	K_KIND,		/* safer7 or practitioner */
	K_FORMAT,	/* classroom, online or elearning */
	K_URL,		/* http(s) URL */
	K_SESSIONS,	/* list of training sessions */
	K_ALIASES,	/* list of old site paths (partner.c) */
	K_IMAGE		/* a picture under content/media (partner.c) */
};

/* A front-matter field and where in struct doc it goes. */
struct field {
	const char	*name;
	enum fkind	 kind;
	size_t		 off;		/* offsetof(struct doc, ...) of a
					   K_TEXT, K_DATE, K_BOOL, K_INT
					   (a long), K_SLUGS or K_URL */
};

/* One type of content: what every stage needs to know of it. */
struct ctype_info {
	const char	*dir;		/* its folder under content/ and its
					   site path: "briefings" */
	const char	*name;		/* "briefing": herald new's word, its
					   layout, "type" in values and the
					   search index */
	const char	*title;		/* its section's title: "Briefings";
					   NULL without a section (pages
					   live at /SLUG/) */
	const char	*text;		/* what a reader sees: "Newsletter" */
	const char	*text_alt;	/* briefings of kind practitioner */
	const char	*feed_text;	/* the section feed's description,
					   before " from SITE" */
	const char	*index_layout;	/* its section page's layout */
	int		 dated;		/* "date" is required */
	int		 by_title;	/* listed by title (pages: by menu
					   first), else newest first */
	const struct field *fields;	/* its own fields, after the common
					   ones */
	size_t		 nfields;
	const char	*skeleton;	/* herald new: what follows title (and
					   date), a printf format given the
					   build date */
};

extern const struct ctype_info ctypes[T_COUNT];
/* The fields every type has, before its own. */
extern const struct field common_fields[];
extern const size_t ncommon_fields;

const char *type_name(enum ctype);
const char *type_text(const struct doc *);

/* ---- model/model.c: the site model, built by load.c and validate.c ---- */

enum format {
	F_NONE,
	F_CLASSROOM,
	F_ONLINE,
	F_ELEARNING
};

#define AUD_ADULTS	0x1
#define AUD_CHILDREN	0x2

struct session {
	struct date	 date;		/* the day */
	int		 start;		/* minutes after midnight */
	int		 end;		/* minutes after midnight */
	const char	*venue;		/* venue, or NULL */
	const char	*booking;	/* booking URL, or NULL */
	int		 line;		/* line of the session in the file */
};

/* A reference from front matter (bulletins) to another document. */
struct slugref {
	const char	*slug;		/* as written */
	int		 line, col;	/* where */
	struct doc	*doc;		/* resolved, or NULL */
};

struct section {
	int		 number;	/* 1-based */
	const char	*title;		/* heading text */
	const char	*head;		/* the heading, rendered */
	const char	*html;		/* rendered body */
	int		 line;		/* heading line */
};

struct doc {
	enum ctype	 type;		/* content type */
	const char	*path;		/* path shown in messages */
	const char	*file;		/* path to open */
	const char	*slug;		/* file name without .md */
	const char	*url;		/* site path, e.g. /briefings/x/ */
	const char	*title;
	const char	*summary;	/* given or first paragraph, or "" */
	struct date	 date;
	struct date	 updated;
	struct vec	 themes;	/* struct theme * */
	int		 audience;	/* AUD_* bits */
	int		 draft;
	/* briefings */
	int		 practitioner;	/* kind: practitioner */
	const char	*review;
	/* bulletins */
	const char	*theme;
	struct vec	 briefings;	/* struct slugref * */
	struct vec	 training;	/* struct slugref * */
	/* newsletters */
	long		 issue;		/* 0 when not set */
	/* training */
	enum format	 format;
	const char	*provider, *level, *duration, *booking;
	struct vec	 sessions;	/* struct session *, by date */
	int		 format_line, format_col;
	/* pages */
	long		 menu;		/* 0 when not in the menu */
	/* body */
	const char	*body;		/* Markdown after the front matter */
	size_t		 bodylen;
	int		 body_line;	/* file line of the body's first line */
	const char	*html;		/* whole body rendered; NULL for
					   briefings (see doc_html()) */
	const char	*intro;		/* briefings: before the first ## */
	struct vec	 sections;	/* briefings: struct section * */
	const char	*search, *terms; /* its fragment and terms in the
					   search index (search_words.c) */
	size_t		 searchlen, termslen;
	struct value	*item;		/* its values in lists (pages.c) */
	int		 title_line, title_col;
	size_t		 pdf_bytes;	/* size of its PDF, 0 when none */
	const char	*text;		/* briefings: the file's bytes, for
					   their PDF's fingerprint */
	size_t		 textlen;
	char		*source;	/* the file's text when malloc'd (all
					   but briefings), or NULL */
	int		 has_ics;	/* training/SLUG.ics was written */
	int		 failed;	/* its file has errors */
	size_t		 key;		/* its place in the order of files,
					   for messages (diag_key) */
	int		 excluded;	/* a draft left out of this build */
	/* model/partner.c: the fields partnership sites add */
	struct vec	 aliases;	/* struct slugref *: old site paths */
	const char	*image;		/* its social preview, under
					   content/media, or NULL */
	int		 exit_this_page;
	int		 scheduled;	/* dated after the build date */
};

struct theme {
	const char	*slug;
	const char	*title;		/* "Professional curiosity" */
	const char	*description;	/* from site.yaml themes:, or NULL */
	const char	*url;
	struct vec	 docs;		/* struct doc *, newest first */
	struct value	*item;		/* pages.c: its value in items' theme
					   lists, made once */
};

struct navitem {
	const char	*title;
	const char	*url;		/* site path or absolute URL */
	const char	*section;	/* site path it marks current, or NULL */
};

struct site {
	const char	*dir;		/* site folder */
	char		*realdir;	/* its real path (malloc'd), which
					   links must stay inside; NULL until
					   site_load() */
	struct vec	 media;		/* paths under content/media of the
					   files published, sorted */
	xmlHashTablePtr	 mediaidx;	/* those paths, or NULL */
	const char	*title;
	const char	*short_name;
	const char	*base_url;
	const char	*language;
	const char	*description;
	const char	*email;
	const char	*logo;		/* path under content/media, or NULL */
	const char	*timezone;
	int		 unsafe_html;
	struct vec	 navsrc;	/* struct ynode * of nav entries */
	const struct ynode *theme_cfg;	/* site.yaml themes:, or NULL */
	const char	*brand_css;	/* site.yaml colours: as CSS, or NULL */
	const char	*brand_primary;	/* and each as "#rrggbb", or NULL */
	const char	*brand_accent;
	struct vec	 nav;		/* struct navitem * */
	struct vec	 docs[T_COUNT];	/* struct doc *, newest first */
	struct vec	 themes;	/* struct theme *, by title */
	struct vec	 sources;	/* struct doc * whose source is malloc'd */
	xmlHashTablePtr	 slugs[T_COUNT];/* slug -> struct doc * */
	xmlHashTablePtr	 themeidx;	/* slug -> struct theme * */
	void		*lock;		/* a pthread_mutex_t for the themes
					   while threads load, else NULL */
	struct date	 today;		/* the build date */
	int		 has_feeds;	/* feed.xml and section feeds written */
	int		 has_calendar;	/* training/calendar.ics written */
	int		 has_search;	/* search/index.html written */
	int		 drafts;	/* include drafts */
	/* model/partner.c: site.yaml's settings for partnership sites */
	const char	*concern_text;	/* the banner, or NULL */
	const char	*concern_phone, *concern_ooh;
	const struct ynode *concern_node; /* its url as written */
	const char	*concern_url;	/* resolved by site_link() */
	int		 exit_this_page;	/* on every page */
	const char	*exit_url;
	int		 schedule;	/* site.yaml schedule: true: items dated
					   after the build date wait */
	int		 future;	/* --future (and serve): publish them
					   anyway, marked "Scheduled" */
	struct vec	 later;		/* struct doc *: scheduled items left
					   out of this build */
	struct arena	 arena;		/* everything above */
};

/* load.c */
int	 site_load(struct site *, struct diag *, int);
void	 site_adopt(struct site *, struct doc *);
int	 site_load_text(struct site *, struct diag *, const char *,
	    const char *, size_t);
int	 text_check(struct diag *, const char *, const char *, size_t);
int	 doc_load_text(struct site *, struct diag *, struct doc *,
	    const char *, size_t);
/* fields.c: a URL that may become a link (no javascript:, data: ...) */
int	 url_safe(const char *);
/* validate.c: front matter of one file into a document */
int	 doc_fields(struct site *, struct diag *, struct doc *,
	    const struct ynode *);
/* settings.c: site.yaml into the site */
int	 site_fields(struct site *, struct diag *, const char *,
	    const struct ynode *);
/* partner.c: concern, exit_this_page, exit_url, aliases, image */
struct vctx;
int	 site_partner_field(struct vctx *, const char *, const struct ynode *);
void	 get_aliases(struct vctx *, struct doc *, const struct ynode *);
void	 get_image(struct vctx *, struct doc *, const struct ynode *);
int	 partner_link(struct site *, struct diag *);
/* Whether doc is left out of this build as dated after it (--future). */
int	 doc_scheduled(const struct site *, struct doc *);
/* The message's words for a reference to a scheduled item, or NULL. */
const char *scheduled_text(struct site *, enum ctype, const char *);
/* model.c: indexes, references, sorting, navigation */
int	 site_link(struct site *, struct diag *);
const char *ref_resolve(struct site *, const char *);
struct doc *site_find(const struct site *, enum ctype, const char *);
const struct session *next_session(const struct site *, const struct doc *);
struct cmark_node;
/* The line in doc's file of a node of its Markdown (its block's line for
 * an inline node, which carries none). */
int	 doc_line(const struct doc *, struct cmark_node *);
void	 site_free(struct site *);
struct site *site_thread_copy(const struct site *);
void	 site_threads(struct site *, struct diag *, int, void *(*)(void *),
	    void *);
/* Frees the Markdown that nothing reads once it is rendered. */
void	 site_drop_sources(struct site *);
/* markdown.c */
struct cmark_node;
void	 markdown_init(void);
int	 markdown_doc(struct site *, struct diag *, struct doc *);
const char *doc_html(struct arena *, const struct doc *);
/* Every document's Markdown, with jobs threads; 0 after errors. */
int	 markdown_site(struct site *, struct diag *, int);
struct cmark_node *markdown_tree(struct site *, struct diag *, struct doc *);

/* ---- html/value.c: the values a layout can use ---- */

enum vtype {
	V_STR,
	V_BOOL,
	V_LIST,
	V_MAP,
	V_HTML
};

struct value {
	enum vtype	  t;
	const char	 *s;		/* V_STR, V_HTML */
	int		  b;		/* V_BOOL */
	struct value	**items;	/* V_LIST items, V_MAP values */
	const char	**keys;		/* V_MAP keys */
	uint32_t	 *hashes;	/* V_MAP: key_hash() of each key */
	size_t		  n;		/* items or pairs */
	size_t		  cap;		/* allocated */
};

struct value	*v_str(struct arena *, const char *);
struct value	*v_html(struct arena *, const char *);
struct value	*v_bool(struct arena *, int);
struct value	*v_list(struct arena *);
struct value	*v_map(struct arena *);
struct value	*v_date(struct arena *, const struct date *);
void		 v_add(struct arena *, struct value *, struct value *);
void		 v_set(struct arena *, struct value *, const char *,
		    struct value *);
void		 v_sets(struct arena *, struct value *, const char *,
		    const char *);
struct value	*v_get(const struct value *, const char *);
uint32_t	 key_hash(const char *, size_t);
struct value	*v_geth(const struct value *, const char *, size_t, uint32_t);
struct value	*v_geth_hint(const struct value *, const char *, size_t,
		    uint32_t, size_t *);
void		 v_merge(struct arena *, struct value *, const struct value *);
int		 v_true(const struct value *);

/* ---- html/layout_*.c: layouts compiled once, filled per page ---- */

struct layouts;

struct layouts	*layouts_load(const char *, struct diag *);
/* Gives the text of a layout file (like "page.html") from memory; it
 * replaces the site's file and the default of that name. */
void		 layouts_set(struct layouts *, const char *, const char *,
		    size_t);
void		 layouts_free(struct layouts *);
/* Fills layout name with the scope's values and serialises it for the
 * page at site path url.  Returns the HTML (caller frees) or NULL after
 * reporting the layout's errors. */
char		*layout_render(struct layouts *, struct diag *, const char *,
		    const struct value *, const char *, const char *, size_t *);
int		 layout_fill(struct layouts *, struct diag *, const char *,
		    const struct value *, const char *, const char *,
		    xmlBufferPtr);
struct output;
int		 layouts_assets(struct layouts *, struct output *);
/* Parses and merges a layout ahead of rendering, so that threads only
 * read it; returns 0 after reporting its mistakes. */
int		 layout_ready(struct layouts *, const char *);

/* ---- html/html5.c: the serialiser ---- */

/* Whether an element is an HTML5 void element; whether an attribute
 * holds a URL.  The one list of each. */
int		 html5_void(const char *);
int		 html5_url_attr(const char *);
char		*relative_url(const char *, const char *);
/* Writes an HTML fragment for feeds: html with site paths made absolute
 * from base and other relative links resolved against page (a URL).
 * Returns 0 when the fragment cannot be parsed. */
int		 html5_fragment(xmlBufferPtr, const char *, const char *,
		    const char *);
/* Writes text escaped for HTML element content. */
void		 html5_text(xmlBufferPtr, const char *);

/* ---- embedded.c (generated): the default layouts and assets ---- */

struct embedded {
	const char		*name;	/* path under layouts/ */
	const unsigned char	*data;
	size_t			 len;
};
extern const struct embedded herald_defaults[];
extern const size_t herald_ndefaults;

/* ---- core/tz.c: day arithmetic and the site's time zone ---- */

long long	 date_days(const struct date *);	/* since 1970-01-01 */
void		 days_date(long long, struct date *);
int		 date_weekday(const struct date *);	/* 0 is Sunday */
int		 month_days(int, int);			/* year, month */

/* When a zone changes to or from daylight time (POSIX TZ rule). */
struct tzrule {
	int		 kind;		/* 'M' (month, week, day), 'J' or 'N' */
	int		 m, w, wd;	/* M: month, week 1-5 (5 last), weekday */
	int		 n;		/* J: day 1-365 without 29 Feb; N: 0-365 */
	long		 time;		/* local time of the change, in seconds;
					   may be negative or past 24:00 */
};

/* A zone's current rules, from the footer of its TZif file. */
struct tz {
	const char	*name;		/* IANA name, e.g. Europe/London */
	char		 stdname[16];	/* e.g. GMT */
	char		 dstname[16];	/* e.g. BST; empty without DST */
	long		 stdoff;	/* seconds east of UTC */
	long		 dstoff;	/* seconds east of UTC in daylight time */
	int		 hasdst;	/* start and end are set */
	struct tzrule	 start;		/* into daylight time (from stdoff) */
	struct tzrule	 end;		/* out of it (from dstoff) */
};

/* Reads /usr/share/zoneinfo/NAME; reports errors at file (site.yaml). */
int	 tz_load(struct tz *, const char *, struct diag *, const char *);
/* UTC offset in force at local date and seconds after local midnight. */
long	 tz_offset(const struct tz *, const struct date *, long);
/* The local date and time of day (0-86399 s) when a rule happens. */
void	 tz_change(const struct tzrule *, int, struct date *, long *);

/* ---- outputs besides pages; each runs before pages.c, which links them ---- */

struct output;

/* feeds.c: feed.xml, section feeds, sitemap.xml, robots.txt */
int	 feeds_write(struct site *, struct diag *, struct output *);
/* calendar.c: training/calendar.ics and training/SLUG.ics */
void	 calendars_plan(struct site *);
int	 calendars_write(struct site *, struct diag *, struct output *);
/* pdf.c: briefings/SLUG.pdf; herald pdf */
int	 pdfs_write(struct site *, struct diag *, struct output *);
/* One briefing's PDF at a path (herald pdf); sets its pdf_bytes. */
int	 pdf_write_one(struct site *, struct diag *, struct doc *,
	    const char *);
/* search_index.c: search/index.js and the index's parts (README, "Search");
 * SEARCH_TEXT_MAX: bytes of a document's text whose words are indexed */
int	 search_write(struct site *, struct diag *, struct output *);
#define SEARCH_TEXT_MAX	6000
void	 json_string(xmlBufferPtr, const char *);	/* safe in a script */
void	 json_string_n(xmlBufferPtr, const char *, size_t);
/* search.c: a document's fragment and terms, with its thread's context */
struct search_ctx *search_ctx_new(void);
void	 search_ctx_free(struct search_ctx *);
void	 search_entry(struct search_ctx *, struct arena *, const char *,
	    struct doc *, const char *, size_t, const struct vec *);

/* ---- out/email.c, email_text.c, mime.c: the email editions ---- */

/* email.c: newsletters/SLUG/email.html, email.txt and email.eml, and
 * bulletins' likewise, from the email layout (ready before threads) */
int	 emails_write(struct site *, struct layouts *, struct diag *,
	    struct output *);
/* herald email SITE (or NULL) FILE DIR: 0, 1 after errors, 2 not a
 * newsletter or bulletin, 3 a draft left out */
int	 email_run(const char *, const char *, const char *,
	    const struct date *, int, int);
/* email_text.c: the plain text of an email's HTML (caller frees) */
char	*email_text(const char *, size_t, size_t *);
/* mime.c: subject, Date: value, text, HTML -> the .eml (caller frees) */
char	*mime_message(const char *, const char *, const char *, size_t,
	    const char *, size_t, size_t *);

/* ---- html/pages.c: every HTML page of the site ---- */

struct output {
	const char	*dir;		/* folder being written */
	const char	*prev;		/* the output folder it replaces, whose
					   unchanged PDFs are kept, or NULL */
	int		 recycled;	/* dir holds an earlier build: files
					   this build does not write go */
	xmlHashTablePtr	 written;	/* with recycled: every file written */
	void		*lock;		/* a pthread_mutex_t for written */
	int		 write;		/* 0 for herald check */
	int		 pages;		/* pages written */
	int		 pdfs;
	int		 feeds;
	int		 calendars;
	int		 verbose;	/* name every file written */
	int		 progress;	/* show a counter on a terminal */
	int		 jobs;		/* pages rendered at once */
};

int	 pages_render(struct site *, struct layouts *, struct diag *,
	    struct output *);
/* html/partner.c: the values of the concern banner, "Exit this page" and
 * social previews: site's (into the site map) and a page's (d is NULL for
 * pages not made from an item). */
void	 site_partner(struct site *, struct arena *, struct value *);
void	 page_partner(struct site *, struct arena *, struct value *,
	    const struct doc *);
/* Whether a page of the site shows "Exit this page". */
int	 site_uses_exit(const struct site *);
/* out/redirects.c: a small page at each alias; the partnership assets */
int	 redirects_write(struct site *, struct diag *, struct output *);

/* ---- out/publish.c: the output folder ---- */

int	 output_check(const char *, const char *, struct diag *);
char	*output_begin(const char *, struct diag *, int *);
int	 output_commit(struct output *, const char *, struct diag *);
void	 output_abort(const char *);
/* Whether herald published the folder: the mark it puts on each. */
int	 output_marked(const char *);
/* One build at a time per output: a lock beside it, held until
 * output_unlock() or the end; 0 after saying which build holds it. */
int	 output_lock(const char *, struct diag *);
void	 output_unlock(void);
/* A copy (never a link) of an unchanged file of the output replaced:
 * from, to, the bytes read from it. */
int	 publish_keep_file(const char *, const char *, const char *, size_t);
/* SIGINT and SIGTERM remove the build folder and exit 130 or 143. */
void	 publish_signals(const char *);
void	 publish_signals_end(void);
int	 copy_media(const struct site *, struct output *, struct diag *);
/* Writes a file of the build (unchanged bytes are left alone) and notes
 * it; 0 with errno set on failure. */
int	 out_write(struct output *, const char *, const char *, size_t);
void	 out_record(struct output *, const char *);
/* Writes rel under the output folder, making folders; reports errors. */
int	 out_putv(struct output *, struct diag *, const char *,
	    const struct iovec *, size_t);
int	 out_put(struct output *, struct diag *, const char *, const char *,
	    size_t);

/* ---- serve/serve.c: herald serve, the live preview ---- */

int	 serve_main(int, char *[]);

#endif /* !HERALD_H */
