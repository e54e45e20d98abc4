/* tags.h: what tags.c and tagtree.c share: the structure tree being built. */
#ifndef HERALD_TAGS_H
#define HERALD_TAGS_H

#include "pdf.h"

/* What an open marked-content sequence is. */
enum mc {
	MC_NONE,
	MC_ART,			/* /Artifact */
	MC_PAGINATION,		/* /Artifact of /Type /Pagination */
	MC_ELEM			/* an element's, with an MCID */
};

/* A kid of a structure element. */
struct skid {
	struct selem	*e;		/* an element, or NULL */
	HPDF_Page	 pg;		/* the page of an MCID or annotation */
	HPDF_Annotation	 an;		/* an annotation (OBJR), or NULL */
	int		 mcid;
};

struct selem {
	const char	*type;		/* standard structure type */
	struct selem	*up;
	struct vec	 kids;		/* struct skid * */
	const char	*alt;		/* /Alt, or NULL */
	const char	*actual;	/* /ActualText, or NULL */
	const char	*link;		/* a Link's URL */
	const char	*scope;		/* a TH's /Scope */
	int		 leaf;		/* text goes into it, not into new P */
	HPDF_Dict	 obj;
	struct selem	*alias;		/* written as this one */
};

/* A page's MCIDs: the element of each. */
struct tpage {
	HPDF_Page	 pg;
	struct vec	 owner;		/* struct selem * by MCID */
};

/* The ParentTree's entries, in key order: a page's, or an annotation's. */
struct parent {
	struct tpage	*page;
	struct selem	*e;
};

/* An open list or quote of the flow, and its elements. */
struct tnest {
	const struct nest *n;
	struct selem	*e;		/* L or BlockQuote */
	struct selem	*body;		/* the current LI's LBody, or NULL */
	struct selem	*lbl;		/* and its Lbl */
};

#define NEST_MAX	32		/* deeper lists join the deepest */

struct tags {
	struct selem	*root;		/* Document */
	struct selem	*cur;		/* where new elements go */
	struct selem	*tt;		/* where text goes now, or NULL: cur */
	struct selem	*leaf;		/* the flow's current block */
	struct selem	*tail;		/* running footers' links, last */
	const struct block *blk;	/* whose element leaf is */
	struct tnest	 nest[NEST_MAX];
	int		 nnest;
	int		 art;		/* MC_ART or MC_PAGINATION: text and
					   all are artifacts */
	int		 outlines;	/* H2 are bookmarked */
	enum mc		 open;
	int		 open_text;	/* opened inside BT */
	struct selem	*open_e;
	int		 in_text;
	struct tpage	*page;
	struct vec	 parents;	/* struct parent * */
};

#endif
