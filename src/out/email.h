/* email.h: the tree of an email's HTML that email_html.c reads, for email.c and email_text.c. */
#ifndef EMAIL_H
#define EMAIL_H

/*
 * An element or a run of text.  The HTML is herald's own (html5w's) or
 * cmark-gfm's, every element closed and only &amp; &lt; &gt; &quot; and
 * numeric references escaped, so a small reader makes the tree:
 * libxml2's HTML parser took two fifths of a build here.
 */
struct tnode {
	const char	*name;		/* element name, or NULL for text */
	const char	*text;		/* text, references replaced */
	const char	**attrs;	/* name, value, name, value... */
	size_t		 nattrs;	/* pairs */
	const char	*cls, *style, *aria, *role, *href, *alt;
					/* those attributes, or NULL */
	struct tnode	*child, *last;	/* first and last child */
	struct tnode	*next, *up;
};

/* The tree of html (NUL-terminated) in the arena; its root has the name
 * "".  With all, every attribute is kept in attrs. */
struct tnode	*html_tree(struct arena *, const char *, int);

#endif /* !EMAIL_H */
