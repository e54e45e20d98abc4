/* html5.h: the HTML5 writer of html5.c, for the layout engine and the email editions. */
#ifndef HTML5_H
#define HTML5_H

/* Writing HTML5 into a buffer. */
struct html5w {
	xmlBufferPtr	 b;		/* the output */
	const char	*page;		/* site path of the page */
	const char	*absbase;	/* base URL for absolute links, or NULL */
	const char	*docurl;	/* with absbase: the absolute URL other
					   relative links resolve from */
	int		 blank;		/* last thing written: a blank run */
};

void		 html5w_open(struct html5w *, const char *);
void		 html5w_attr(struct html5w *, const char *, const char *);
void		 html5w_attr_as(struct html5w *, const char *, const char *,
		    int);
void		 html5w_close_start(struct html5w *);
void		 html5w_end(struct html5w *, const char *);
void		 html5w_text(struct html5w *, const char *, int);
void		 html5w_blank(struct html5w *, int);
void		 html5w_markup(struct html5w *, const char *);
void		 html5w_comment(struct html5w *, const char *);
void		 html5w_entity(struct html5w *, const char *);

#endif
