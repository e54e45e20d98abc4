/* overlay.c: what herald serve adds to pages: reload script, error overlay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "herald.h"
#include "serve/serve.h"

/* Reloads the page after a rebuild (gen is the build it shows), swaps the
 * stylesheets only when only they changed, and lets the overlay be
 * dismissed with its button or Escape. */
static const char script[] =
"<script>/* herald serve: reloads this page when the site is rebuilt */\n"
"(function(){var g=%u,es=new EventSource(\"/__herald/events\");\n"
"function re(e){if(+e.data!==g)location.reload();}\n"
"es.addEventListener(\"hello\",re);es.addEventListener(\"reload\",re);\n"
"es.addEventListener(\"css\",function(e){g=+e.data;"
"var l=document.querySelectorAll('link[rel~=\"stylesheet\"]');"
"for(var i=0;i<l.length;i++){var u=new URL(l[i].href);"
"u.searchParams.set(\"herald\",g);l[i].href=u.href;}});\n"
"var o=document.getElementById(\"herald-errors\");if(o){"
"var a=document.getElementById(\"herald-errors-alert\");"
"function shut(){o.hidden=true;}"
"document.getElementById(\"herald-errors-close\")"
".addEventListener(\"click\",shut);"
"o.addEventListener(\"keydown\",function(e){if(e.key===\"Escape\")shut();});"
"a.focus();}\n"
"})();</script>\n";

/* Appends s escaped for HTML text. */
static void
put_escaped(xmlBufferPtr b, const char *s, size_t n)
{
	size_t	 i, from = 0;

	for (i = 0; i < n; i++) {
		const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" :
		    s[i] == '>' ? "&gt;" : s[i] == '"' ? "&quot;" : NULL;
		if (e == NULL)
			continue;
		bput(b, s + from, i - from);
		bputs(b, e);
		from = i + 1;
	}
	bput(b, s + from, n - from);
}

/* The messages, one item a line, as the terminal showed them. */
static void
put_list(xmlBufferPtr b, const char *errors)
{
	const char	*p, *nl;
	size_t		 n;

	bputs(b, "<ul style=\"margin:0 0 1rem;padding-left:1.25rem\">\n");
	for (p = errors; *p != '\0'; p = nl + (*nl != '\0')) {
		nl = p + strcspn(p, "\n");
		n = (size_t)(nl - p);
		if (n == 0)
			continue;
		bputs(b, "<li style=\"margin:.25rem 0\"><code style=\"font:"
		    "14px/1.45 ui-monospace,monospace;white-space:pre-wrap;"
		    "overflow-wrap:anywhere;color:#1a1a1a\">");
		put_escaped(b, p, n);
		bputs(b, "</code></li>\n");
	}
	bputs(b, "</ul>\n");
}

/* The overlay: a landmark holding an alert that takes the focus. */
static void
put_overlay(xmlBufferPtr b, const char *errors)
{
	bputs(b, "<aside id=\"herald-errors\" aria-label=\"Build errors\" "
	    "style=\"position:fixed;left:1rem;right:1rem;bottom:1rem;"
	    "max-height:70vh;overflow:auto;z-index:2147483647;"
	    "background:#fff;color:#1a1a1a;border:4px solid #a4000f;"
	    "border-radius:6px;padding:1rem 1.25rem;box-shadow:0 4px 24px "
	    "rgba(0,0,0,.45);font:16px/1.5 system-ui,sans-serif\">\n"
	    "<div id=\"herald-errors-alert\" role=\"alert\" tabindex=\"-1\" "
	    "style=\"outline-offset:4px\">\n"
	    "<h2 style=\"margin:0 0 .5rem;font-size:1.25rem;color:#a4000f\">"
	    "The site did not build: you are seeing it as it was before "
	    "the last change</h2>\n"
	    "<p style=\"margin:0 0 .5rem\">Fix what these messages say and "
	    "save: the page reloads by itself.</p>\n");
	put_list(b, errors);
	bputs(b, "</div>\n<button type=\"button\" id=\"herald-errors-close\" "
	    "style=\"font:inherit;padding:.35rem .9rem;border:2px solid "
	    "#1a1a1a;border-radius:4px;background:#fff;color:#1a1a1a;"
	    "cursor:pointer\">Dismiss</button>\n</aside>\n");
}

/* Where the additions go: before the last </body>, else at the end. */
static size_t
body_end(const char *html, size_t len)
{
	size_t	 i;

	for (i = len; i >= 7; i--)
		if (strncasecmp(html + i - 7, "</body>", 7) == 0)
			return i - 7;
	return len;
}

static char
*take(xmlBufferPtr b, size_t *len)
{
	char	*s;

	*len = (size_t)xmlBufferLength(b);
	s = xmalloc(*len + 1);
	memcpy(s, xmlBufferContent(b), *len);
	s[*len] = '\0';
	xmlBufferFree(b);
	return s;
}

char *
overlay_inject(const char *html, size_t len, unsigned gen,
    const char *errors, size_t *outlen)
{
	xmlBufferPtr	 b = bnew();
	size_t		 at = body_end(html, len);

	bput(b, html, at);
	if (errors != NULL)
		put_overlay(b, errors);
	bprintf(b, script, gen);
	bput(b, html + at, len - at);
	return take(b, outlen);
}

char *
overlay_page(unsigned gen, const char *errors, size_t *outlen)
{
	xmlBufferPtr	 b = bnew();

	bputs(b, "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	bputs(b, errors == NULL ? "Building the site" : "The site did not "
	    "build");
	bputs(b, " – herald serve</title>\n</head>\n"
	    "<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem;"
	    "color:#1a1a1a;background:#fff\">\n<main>\n");
	if (errors == NULL)
		bputs(b, "<h1>Building the site…</h1>\n<p>This page reloads "
		    "by itself when the build is done.</p>\n");
	else {
		bputs(b, "<h1>The site did not build</h1>\n<p>Fix what these "
		    "messages say and save: this page reloads by itself.</p>\n");
		put_list(b, errors);
	}
	bputs(b, "</main>\n");
	bprintf(b, script, gen);
	bputs(b, "</body>\n</html>\n");
	return take(b, outlen);
}
