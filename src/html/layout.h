/* layout.h: what the layout engine's files share: loading, compiling to operations, filling. */
#ifndef LAYOUT_H
#define LAYOUT_H

#include "html/html5.h"

#define MAX_NESTING	16		/* layouts extended, partials nested */
#define MAX_INCLUDES	1000		/* partials included in one layout */
/* A page stops growing here: loops nested in loops multiply. */
#define MAX_ELEMENTS	1000000		/* elements filled for one page */
#define MAX_PAGE	(64 << 20)	/* bytes of one page */

/* A name and what it names, in a short list searched in order. */
struct named {
	const char	*name;
	void		*p;
};

struct layouts {
	const char	*sitedir;	/* site folder */
	char		*realdir;	/* its real path (links followed), or
					   NULL when it cannot be resolved */
	struct diag	*d;		/* where messages go */
	struct vec	 parsed;	/* file name -> xmlDocPtr as written */
	struct vec	 merged;	/* layout name -> xmlDocPtr with its base
					   and partials merged in */
	struct vec	 compiled;	/* layout name -> struct layout * */
	struct vec	 given;		/* file name -> struct embedded *
					   from layouts_set() */
	struct vec	 origins;	/* display paths, by origin index */
	struct arena	 arena;		/* all of the above but the docs */
};

/* One name of a path like page.date.text, with its key_hash(). */
struct seg {
	const char	*s;
	size_t		 len;
	uint32_t	 h;
	size_t		 hint;		/* v_geth_hint()'s, changed by filling */
};

/* A path, split once when the layout is compiled. */
struct path {
	const char	*src;		/* as written, for messages */
	size_t		 srclen;
	struct seg	*segs;
	size_t		 n;
	int		 bad;		/* not a path: reported when used */
};

/* A piece of a text template: literal text, then {path}. */
struct tpart {
	const char	*lit;
	size_t		 litlen;
	struct path	 path;
};

/* An expression: a path, or text with {path} in it. */
struct expr {
	const char	*src;		/* as written, less leading spaces */
	int		 template;
	struct path	 path;		/* when not a template */
	struct tpart	*parts;		/* when a template */
	size_t		 nparts;
	const char	*tail;		/* text after the last {path} */
	int		 unclosed;	/* a { with no } after the parts */
};

/* A data-attr-NAME attribute. */
struct dattr {
	const char		*name;	/* NAME */
	const struct expr	*expr;	/* its expression */
	int			 url;	/* NAME holds a URL */
};

/*
 * The operations a layout compiles to.  Markup that is the same on every
 * page is one OP_LIT; the rest reads values.  The blocks of OP_IF and
 * OP_EACH are the operations up to their jump.
 */
enum op_type {
	OP_LIT,		/* markup as it is */
	OP_BLANK,	/* blank text where what came before is not known */
	OP_URL,		/* an attribute holding a site path: relative links */
	OP_ATTR,	/* data-attr-NAME */
	OP_TEXT,	/* data-text: a value as text */
	OP_HTML,	/* data-html: a value as HTML */
	OP_IF,		/* data-if, data-unless: the block or a jump past it */
	OP_EACH,	/* data-each: its block once for each item */
	OP_END,		/* the end of a data-each block */
	OP_ERROR	/* a mistake of the layout, reported on every page */
};

struct op {
	enum op_type		 type;
	size_t			 elements;	/* elements of the layout it
						   begins, for MAX_ELEMENTS */
	size_t			 jump;		/* OP_IF: past its block;
						   OP_EACH: past its OP_END;
						   OP_END: its OP_EACH */
	const char		*file;		/* for messages: layout file */
	int			 line;		/* and line of its element */
	const char		*s;		/* OP_LIT: the markup; OP_URL: the
						   attribute's value; OP_ERROR:
						   the message's argument */
	size_t			 len;		/* OP_LIT: bytes of s */
	int			 blank;		/* OP_LIT: the writer's blank state
						   after it, or -1: unchanged;
						   OP_BLANK: a newline */
	int			 raw;		/* OP_TEXT, OP_HTML: html5w_text()'s */
	int			 negate;	/* OP_IF: data-unless */
	int			 name_ok;	/* OP_EACH: a name a loop can bind */
	const char		*name;		/* OP_URL: the attribute; OP_EACH:
						   the loop's name */
	size_t			 namelen;	/* OP_EACH: strlen(name) */
	uint32_t		 nameh;		/* OP_EACH: key_hash() of name */
	const char		*list;		/* OP_EACH: LIST as written */
	const struct expr	*expr;		/* OP_TEXT, OP_HTML, OP_IF, OP_EACH */
	const struct dattr	*attr;		/* OP_ATTR */
};

/* A layout compiled: its operations, filled by layout_fill(). */
struct layout {
	struct op	*ops;
	size_t		 n;
	size_t		 loops;		/* data-each nested at most */
};

/* layout_load.c */
void		*named_get(const struct vec *, const char *);
void		 named_put(struct arena *, struct vec *, const char *, void *);
xmlDocPtr	 layout_merge(struct layouts *, const char *, int);
const char	*layout_origin(const struct layouts *, xmlNodePtr);
int		 engine_attr(const xmlChar *);
/* layout_compile.c */
const struct layout *layout_get(struct layouts *, const char *);

#endif /* !LAYOUT_H */
