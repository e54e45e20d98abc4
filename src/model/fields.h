/* fields.h: the readers of front-matter and site.yaml values (fields.c) that validate.c and settings.c share. */
#ifndef FIELDS_H
#define FIELDS_H

/* Limits on one item's front matter (herald(5), LIMITS). */
#define ITEM_LIST_MAX	20	/* themes, or audiences, of one item */
#define THEME_NAME_MAX	60	/* characters of a theme's name */
#define TITLE_MAX	200	/* characters of a title (and of the
				   site's title, short name and review) */
#define SUMMARY_MAX	600	/* characters of a summary or the site's
				   description */
#define PANEL_WORD_MAX	200	/* characters of a word in a seven-minute
				   briefing */

/* Checking one file: where messages go, and whether all is well. */
struct vctx {
	struct site	*site;
	struct diag	*d;
	const char	*file;		/* shown in messages */
	int		 ok;		/* no error yet */
};
/* Reports an error at a node and marks the check failed. */
void	 verr(struct vctx *, const struct ynode *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Warns of an unknown field at line and column, naming the nearest of
 * the known names when one is near. */
void	 unknown_field(struct vctx *, const char *, int, int,
	    const char *const *, size_t);
/* "text", "a list", "a set of fields": a node's type in messages. */
extern const char *const kind_words[];

/*
 * Each reader takes the field's name (for messages) and its node.  Text
 * comes back copied into the site's arena, NULL when empty or wrong; the
 * others return 1 with the value set, or 0 after reporting why not.
 */
const char *get_text(struct vctx *, const char *, const struct ynode *);
const char *get_lines(struct vctx *, const char *, const struct ynode *);
/* 1 when the text is at most max characters, else an error ending in why. */
int	 text_limit(struct vctx *, const char *, const struct ynode *,
	    const char *, size_t, const char *);
int	 get_date(struct vctx *, const char *, const struct ynode *,
	    struct date *);
int	 get_bool(struct vctx *, const char *, const struct ynode *, int *);
int	 get_int(struct vctx *, const char *, const struct ynode *, long *);
/* Whether s is an absolute http or https URL with a host. */
int	 http_url(const char *);
const char *get_url(struct vctx *, const char *, const struct ynode *);
/* The node when it is a list; NULL when empty, or after an error that
 * shows the example. */
const struct ynode *get_list(struct vctx *, const char *,
	    const struct ynode *, const char *);
/* Lists into the document, each item checked; bad items are reported
 * and left out. */
void	 get_themes(struct vctx *, struct doc *, const struct ynode *);
/* site.yaml themes: (model/themes.c). */
void	 site_themes(struct vctx *, struct site *, const struct ynode *);
/* site.yaml colours: (model/colours.c). */
void	 site_colours(struct vctx *, struct site *, const struct ynode *);
void	 get_audience(struct vctx *, struct doc *, const struct ynode *);
void	 get_slugs(struct vctx *, const char *, const struct ynode *,
	    struct vec *);
void	 get_sessions(struct vctx *, struct doc *, const struct ynode *);

#endif /* !FIELDS_H */
