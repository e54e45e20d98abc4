/* floor.c: the benchmark's floor: cmark-gfm alone turning every Markdown file into HTML, in one process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

static const char *const exts[] = {
	"table", "strikethrough", "autolink", "tagfilter", "tasklist", NULL
};

/* Usage: floor FILE...  (or file names on standard input with -) */
static int
one(const char *path, size_t *bytes)
{
	FILE			*f;
	char			*buf, *html;
	long			 len;
	cmark_parser		*p;
	cmark_node		*doc;
	cmark_syntax_extension	*e;
	int			 i, opts;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		return 0;
	}
	if ((buf = malloc((size_t)len + 1)) == NULL ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		fclose(f);
		free(buf);
		return 0;
	}
	fclose(f);
	opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART;
	p = cmark_parser_new(opts);
	for (i = 0; exts[i] != NULL; i++)
		if ((e = cmark_find_syntax_extension(exts[i])) != NULL)
			cmark_parser_attach_syntax_extension(p, e);
	cmark_parser_feed(p, buf, (size_t)len);
	doc = cmark_parser_finish(p);
	html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
	*bytes += strlen(html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
	free(buf);
	return 1;
}

int
main(int argc, char *argv[])
{
	char	 line[4096];
	size_t	 bytes = 0, n = 0, l;
	int	 i;

	cmark_gfm_core_extensions_ensure_registered();
	if (argc == 2 && strcmp(argv[1], "-") == 0) {
		while (fgets(line, sizeof(line), stdin) != NULL) {
			l = strlen(line);
			if (l > 0 && line[l - 1] == '\n')
				line[l - 1] = '\0';
			if (!one(line, &bytes))
				return 1;
			n++;
		}
	} else
		for (i = 1; i < argc; i++, n++)
			if (!one(argv[i], &bytes))
				return 1;
	printf("%zu files, %zu bytes of HTML\n", n, bytes);
	return 0;
}
