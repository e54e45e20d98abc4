/* html5.c: writes a libxml2 tree as HTML5, keeping UTF-8 and making site links relative. */
#include <string.h>

#include "herald.h"

static const char *const void_elements[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "source", "track", "wbr", NULL
};

struct hw {
	xmlBufferPtr	 b;
	const char	*page;		/* site path of the page */
	const char	*absbase;	/* base URL for absolute links, or NULL */
};

static int
in_list(const xmlChar *name, const char *const *list)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp((const char *)name, list[i]) == 0)
			return 1;
	return 0;
}

static void
escape(xmlBufferPtr b, const char *s, int attr)
{
	const char	*p, *start = s;

	for (p = s; *p != '\0'; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = attr ? NULL : "&lt;";
			break;
		case '>':
			rep = attr ? NULL : "&gt;";
			break;
		case '"':
			rep = attr ? "&quot;" : NULL;
			break;
		}
		if (rep == NULL)
			continue;
		bput(b, start, (size_t)(p - start));
		bputs(b, rep);
		start = p + 1;
	}
	bput(b, start, (size_t)(p - start));
}

/*
 * The link from the page at site path page to site path target: "../"
 * for each folder of page, and index.html added to folder links, so the
 * site works from disk.  Returns an allocated string.
 */
char *
relative_url(const char *page, const char *target)
{
	xmlBufferPtr	 b = bnew();
	const char	*p, *rest;
	size_t		 pathlen;
	char		*out;
	int		 depth = 0;

	for (p = strchr(page, '/'); p != NULL; p = strchr(p + 1, '/'))
		depth++;
	while (--depth > 0)
		bputs(b, "../");
	target++;
	pathlen = strcspn(target, "?#");
	rest = target + pathlen;
	bput(b, target, pathlen);
	if (pathlen == 0 || target[pathlen - 1] == '/')
		bputs(b, "index.html");
	bputs(b, rest);
	out = xstrndup((const char *)xmlBufferContent(b),
	    (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
	return out;
}

static int
url_attr(const xmlChar *name)
{
	return xmlStrcmp(name, BAD_CAST "href") == 0 ||
	    xmlStrcmp(name, BAD_CAST "src") == 0 ||
	    xmlStrcmp(name, BAD_CAST "action") == 0 ||
	    xmlStrcmp(name, BAD_CAST "poster") == 0 ||
	    xmlStrcmp(name, BAD_CAST "formaction") == 0;
}

static void
write_attr(struct hw *w, xmlAttrPtr a)
{
	xmlChar		*val;
	char		*rel;
	const char	*v;

	if (xmlStrcmp(a->name, BAD_CAST "data-herald-o") == 0)
		return;
	val = xmlNodeListGetString(a->doc, a->children, 1);
	v = val != NULL ? (const char *)val : "";
	bputs(w->b, " ");
	bputs(w->b, (const char *)a->name);
	bputs(w->b, "=\"");
	if (url_attr(a->name) && v[0] == '/' && v[1] != '/') {
		if (w->absbase != NULL)
			rel = xasprintf("%s%s", w->absbase, v + 1);
		else
			rel = relative_url(w->page, v);
		escape(w->b, rel, 1);
		free(rel);
	} else
		escape(w->b, v, 1);
	bputs(w->b, "\"");
	xmlFree(val);
}

static int
blank(xmlNodePtr n)
{
	const char	*s = (const char *)n->content;

	return n->type == XML_TEXT_NODE && s != NULL &&
	    strspn(s, " \t\r\n") == strlen(s);
}

static void
write_node(struct hw *w, xmlNodePtr n, int raw)
{
	xmlAttrPtr	 a;
	xmlNodePtr	 c;

	switch (n->type) {
	case XML_DTD_NODE:
		bputs(w->b, "<!DOCTYPE html>\n");
		break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content == NULL)
			break;
		if (raw == 1)
			bputs(w->b, (const char *)n->content);
		else if (raw == 0 && blank(n)) {
			/* Blank runs left by removed elements: one will do. */
			if (n->prev == NULL || !blank(n->prev))
				bputs(w->b, strchr((const char *)n->content,
				    '\n') ? "\n" : " ");
		}
		else
			escape(w->b, (const char *)n->content, 0);
		break;
	case XML_COMMENT_NODE:
		bputs(w->b, "<!--");
		if (n->content != NULL)
			bputs(w->b, (const char *)n->content);
		bputs(w->b, "-->");
		break;
	case XML_ENTITY_REF_NODE:
		bprintf(w->b, "&%s;", (const char *)n->name);
		break;
	case XML_ELEMENT_NODE:
		bputs(w->b, "<");
		bputs(w->b, (const char *)n->name);
		for (a = n->properties; a != NULL; a = a->next)
			write_attr(w, a);
		bputs(w->b, ">");
		if (in_list(n->name, void_elements))
			break;
		/* 1: raw text; 2: whitespace kept as it is. */
		if (xmlStrcmp(n->name, BAD_CAST "script") == 0 ||
		    xmlStrcmp(n->name, BAD_CAST "style") == 0)
			raw = 1;
		else if (xmlStrcmp(n->name, BAD_CAST "pre") == 0 ||
		    xmlStrcmp(n->name, BAD_CAST "textarea") == 0)
			raw = 2;
		for (c = n->children; c != NULL; c = c->next)
			write_node(w, c, raw);
		bputs(w->b, "</");
		bputs(w->b, (const char *)n->name);
		bputs(w->b, ">");
		break;
	default:
		break;
	}
}

void
html5_write(xmlBufferPtr b, xmlDocPtr doc, const char *page,
    const char *absbase)
{
	struct hw	 w = { b, page, absbase };
	xmlNodePtr	 n;
	int		 doctype = 0;

	for (n = doc->children; n != NULL; n = n->next) {
		if (n->type == XML_DTD_NODE)
			doctype = 1;
		if (n->type == XML_ELEMENT_NODE && !doctype) {
			bputs(b, "<!DOCTYPE html>\n");
			doctype = 1;
		}
		write_node(&w, n, 0);
	}
	bputs(b, "\n");
}
