/* yaml.c: YAML text into a tree of ynodes that remember their line and column. */
#include <string.h>

#include <yaml.h>

#include "herald.h"
#include "model/yaml_errors.h"

#define YAML_MAX_DEPTH	32

struct ybuild {
	struct arena	*a;
	struct diag	*d;
	const char	*file;
	const char	*text;		/* the YAML, for messages */
	size_t		 len;
	yaml_parser_t	 parser;
	int		 failed;
};

static void
ynode_add(struct arena *a, struct ynode *n, struct ynode *item,
    const char *key, int kline, int kcol)
{
	struct ynode	**items;
	const char	**keys;
	int		 *kl, *kc;

	if (n->n == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 8;
		items = amalloc(a, n->cap * sizeof(*items));
		keys = amalloc(a, n->cap * sizeof(*keys));
		kl = amalloc(a, n->cap * sizeof(int));
		kc = amalloc(a, n->cap * sizeof(int));
		if (n->n > 0) {
			memcpy(items, n->items, n->n * sizeof(*items));
			if (n->type == Y_MAP) {
				memcpy(keys, n->keys, n->n * sizeof(*keys));
				memcpy(kl, n->klines, n->n * sizeof(int));
				memcpy(kc, n->kcols, n->n * sizeof(int));
			}
		}
		n->items = items;
		n->keys = keys;
		n->klines = kl;
		n->kcols = kc;
	}
	n->items[n->n] = item;
	if (n->type == Y_MAP) {
		n->keys[n->n] = key;
		n->klines[n->n] = kline;
		n->kcols[n->n] = kcol;
	}
	n->n++;
}

/* Reports libyaml's parse error in words a content editor can act on. */
static void
yaml_error(struct ybuild *b)
{
	yaml_parser_t	*p = &b->parser;
	struct yaml_err	 e;

	e.problem = p->problem;
	e.context = p->context;
	e.line = (int)p->problem_mark.line + 1;
	e.col = (int)p->problem_mark.column + 1;
	e.cline = (int)p->context_mark.line + 1;
	e.ccol = (int)p->context_mark.column + 1;
	yaml_explain(b->d, b->file, b->text, b->len, &e);
}

/* The first control character of UTF-8 text (other than tab and line
 * ends), or -1: C0, DEL and C1. */
static int
control_char(const unsigned char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' &&
		    s[i] != '\r') || s[i] == 0x7f)
			return s[i];
		if (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0x9f)
			return s[i + 1];
	}
	return -1;
}

/* Parses one node whose first event is ev (owned by the caller). */
static struct ynode *
ynode_parse(struct ybuild *b, yaml_event_t *ev, int depth)
{
	struct ynode	*n, *child;
	yaml_event_t	 e;
	const char	*key;
	size_t		 i;
	int		 kline, kcol, done, cc;

	n = amalloc(b->a, sizeof(*n));
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		diag(b->d, LVL_ERROR, b->file, n->line, n->col,
		    "YAML aliases (*%s) are not allowed: write the value out",
		    (const char *)ev->data.alias.anchor);
		b->failed = 1;
		return NULL;
	case YAML_SCALAR_EVENT:
		n->type = Y_SCALAR;
		if ((cc = control_char(ev->data.scalar.value,
		    ev->data.scalar.length)) >= 0) {
			/* Quoted escapes can make them; no page can show them. */
			diag(b->d, LVL_ERROR, b->file, n->line, n->col,
			    "this value holds a control character (U+%04X): "
			    "remove it", (unsigned int)cc);
			b->failed = 1;
			return NULL;
		}
		n->str = astrndup(b->a, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return n;
	case YAML_SEQUENCE_START_EVENT:
		n->type = Y_SEQ;
		break;
	case YAML_MAPPING_START_EVENT:
		n->type = Y_MAP;
		break;
	default:
		b->failed = 1;
		return NULL;
	}
	if (depth > YAML_MAX_DEPTH) {
		diag(b->d, LVL_ERROR, b->file, n->line, n->col,
		    "YAML nested more than %d levels deep", YAML_MAX_DEPTH);
		b->failed = 1;
		return NULL;
	}

	for (done = 0; !done && !b->failed; ) {
		if (!yaml_parser_parse(&b->parser, &e)) {
			yaml_error(b);
			b->failed = 1;
			break;
		}
		if (e.type == YAML_SEQUENCE_END_EVENT ||
		    e.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		if (n->type == Y_SEQ) {
			child = ynode_parse(b, &e, depth + 1);
			yaml_event_delete(&e);
			if (child != NULL)
				ynode_add(b->a, n, child, NULL, 0, 0);
			continue;
		}
		/* A mapping: key then value. */
		kline = (int)e.start_mark.line + 1;
		kcol = (int)e.start_mark.column + 1;
		if (e.type != YAML_SCALAR_EVENT) {
			diag(b->d, LVL_ERROR, b->file, kline, kcol,
			    "a field name must be plain text");
			yaml_event_delete(&e);
			b->failed = 1;
			break;
		}
		key = astrndup(b->a, (const char *)e.data.scalar.value,
		    e.data.scalar.length);
		yaml_event_delete(&e);
		for (i = 0; i < n->n; i++)
			if (strcmp(n->keys[i], key) == 0) {
				diag(b->d, LVL_ERROR, b->file, kline, kcol,
				    "duplicate field \"%s\" (first given at "
				    "line %d)", key, n->klines[i]);
				b->failed = 1;
			}
		if (!yaml_parser_parse(&b->parser, &e)) {
			yaml_error(b);
			b->failed = 1;
			break;
		}
		child = ynode_parse(b, &e, depth + 1);
		yaml_event_delete(&e);
		if (child != NULL)
			ynode_add(b->a, n, child, key, kline, kcol);
	}
	return b->failed ? NULL : n;
}

struct ynode *
yaml_load(struct arena *a, struct diag *d, const char *file,
    const char *text, size_t len)
{
	struct ybuild	 b;
	struct ynode	*root = NULL;
	yaml_event_t	 e;
	int		 started = 0;

	memset(&b, 0, sizeof(b));
	b.a = a;
	b.d = d;
	b.file = file;
	text = yaml_straighten(a, d, file, text, &len);
	b.text = text;
	b.len = len;
	if (!yaml_parser_initialize(&b.parser)) {
		diag(d, LVL_ERROR, file, 0, 0, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text,
	    len);
	yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);

	while (!b.failed) {
		if (!yaml_parser_parse(&b.parser, &e)) {
			yaml_error(&b);
			b.failed = 1;
			break;
		}
		if (e.type == YAML_STREAM_END_EVENT ||
		    e.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		if (e.type == YAML_STREAM_START_EVENT ||
		    e.type == YAML_DOCUMENT_START_EVENT) {
			started = 1;
			yaml_event_delete(&e);
			continue;
		}
		root = ynode_parse(&b, &e, 0);
		yaml_event_delete(&e);
		if (root == NULL)
			b.failed = 1;
	}
	yaml_parser_delete(&b.parser);
	if (b.failed)
		return NULL;
	if (root != NULL && root->type == Y_SCALAR &&
	    yaml_explain_scalar(d, file, text, len))
		return NULL;
	if (root == NULL && started) {
		/* An empty document is an empty mapping. */
		root = amalloc(a, sizeof(*root));
		root->type = Y_MAP;
		root->line = root->col = 1;
	}
	return root;
}

/* Looks a field up in a mapping; sets *idx when not NULL. */
struct ynode *
ymap_get(const struct ynode *map, const char *key, size_t *idx)
{
	size_t	 i;

	if (map == NULL || map->type != Y_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0) {
			if (idx != NULL)
				*idx = i;
			return map->items[i];
		}
	return NULL;
}

/* A plain empty, "~" or "null" scalar: the field is there but unset. */
int
yscalar_null(const struct ynode *n)
{
	return n->type == Y_SCALAR && n->plain &&
	    (n->str[0] == '\0' || strcmp(n->str, "~") == 0 ||
	     strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	     strcmp(n->str, "NULL") == 0);
}
