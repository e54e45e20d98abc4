/* diag.c: the one place where messages about the user's input are printed. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

/*
 * While threads share out work, messages are kept with the number of the
 * item (a file, a page) that caused them, and printed in item order when
 * the work is done, so that they come out in the same order whatever the
 * number of threads and however the work fell to them.
 */
struct pending {
	size_t		 key;		/* the item's number */
	size_t		 seq;		/* order of report */
	enum level	 lvl;
	char		*text;
};

static __thread size_t	 cur_key;

/* Sets the item this thread's messages belong to. */
void
diag_key(size_t key)
{
	cur_key = key;
}

/* Keeps messages until diag_flush(). */
void
diag_defer(struct diag *d)
{
	d->deferred = 1;
	cur_key = 0;
}

static void
report(struct diag *d, enum level lvl, char *full)
{
	if (d->seen == NULL)
		d->seen = xmlHashCreate(64);
	if (xmlHashLookup(d->seen, (const xmlChar *)full) != NULL) {
		free(full);
		return;
	}
	xmlHashAddEntry(d->seen, (const xmlChar *)full, (void *)1);
	if (lvl != LVL_WARNING)
		d->errors++;
	else
		d->warnings++;
	if (!d->silent && (lvl == LVL_ERROR || !d->quiet))
		fprintf(stderr, "%s\n", full);
	free(full);
}

static int
pending_cmp(const void *x, const void *y)
{
	const struct pending *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Prints the messages kept, in item order, and stops keeping them. */
void
diag_flush(struct diag *d)
{
	size_t	 i;

	if (d->npend > 1)
		qsort(d->pend, d->npend, sizeof(*d->pend), pending_cmp);
	for (i = 0; i < d->npend; i++)
		report(d, d->pend[i].lvl, d->pend[i].text);
	free(d->pend);
	d->pend = NULL;
	d->npend = d->cappend = 0;
	d->deferred = 0;
}

/*
 * The message with every control character shown escaped, so that a file
 * name or value cannot clear the terminal or forge a line: "\x1b", "\r",
 * "\n", "\t".  Frees full; the result is from xmalloc().
 */
static char *
escape_controls(char *full)
{
	const unsigned char	*p;
	char			*out, *w;
	size_t			 n = 0;

	for (p = (const unsigned char *)full; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			n++;
	if (n == 0)
		return full;
	w = out = xmalloc(strlen(full) + n * 3 + 1);
	for (p = (const unsigned char *)full; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != 0x7f)
			*w++ = (char)*p;
		else if (*p == '\n' || *p == '\r' || *p == '\t') {
			*w++ = '\\';
			*w++ = *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't';
		} else {
			*w++ = '\\';
			*w++ = 'x';
			*w++ = "0123456789abcdef"[*p >> 4];
			*w++ = "0123456789abcdef"[*p & 0xf];
		}
	}
	*w = '\0';
	free(full);
	return out;
}

/*
 * Prints "file:line:col: error: message" to standard error.  A line of 0
 * leaves out line and column; a NULL file prints "herald:".  The same
 * message is printed once, however often it is reported (a layout's
 * mistake shows on every page that uses it).  A usage error is only
 * "herald: message".
 */
void
diag(struct diag *d, enum level lvl, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vdiag(d, lvl, file, line, col, fmt, ap);
	va_end(ap);
}

void
vdiag(struct diag *d, enum level lvl, const char *file, int line, int col,
    const char *fmt, va_list ap)
{
	char		*msg, *full;
	const char	*word = lvl == LVL_WARNING ? "warning" : "error";

	msg = xvasprintf(fmt, ap);
	if (lvl == LVL_USAGE)
		full = xasprintf("herald: %s", msg);
	else if (file == NULL)
		full = xasprintf("herald: %s: %s", word, msg);
	else if (line <= 0)
		full = xasprintf("%s: %s: %s", file, word, msg);
	else
		full = xasprintf("%s:%d:%d: %s: %s", file, line,
		    col > 0 ? col : 1, word, msg);
	free(msg);
	full = escape_controls(full);

	if (d->lock != NULL)
		pthread_mutex_lock(d->lock);
	if (d->deferred) {
		if (d->npend == d->cappend) {
			d->cappend = d->cappend ? d->cappend * 2 : 16;
			d->pend = xrealloc(d->pend,
			    d->cappend * sizeof(*d->pend));
		}
		d->pend[d->npend].key = cur_key;
		d->pend[d->npend].seq = d->npend;
		d->pend[d->npend].lvl = lvl;
		d->pend[d->npend++].text = full;
	} else
		report(d, lvl, full);
	if (d->lock != NULL)
		pthread_mutex_unlock(d->lock);
}

/* Prints "3 errors, 1 warning" when there was anything to say. */
void
diag_summary(const struct diag *d)
{
	if (d->errors == 0 && (d->warnings == 0 || d->quiet))
		return;
	if (d->errors > 0 && d->warnings > 0)
		fprintf(stderr, "%d error%s, %d warning%s\n",
		    d->errors, d->errors == 1 ? "" : "s",
		    d->warnings, d->warnings == 1 ? "" : "s");
	else if (d->errors > 0)
		fprintf(stderr, "%d error%s\n",
		    d->errors, d->errors == 1 ? "" : "s");
	else
		fprintf(stderr, "%d warning%s\n",
		    d->warnings, d->warnings == 1 ? "" : "s");
}

void
diag_free(struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->npend; i++)
		free(d->pend[i].text);
	free(d->pend);
	d->pend = NULL;
	d->npend = 0;
	if (d->seen != NULL)
		xmlHashFree(d->seen, NULL);
	d->seen = NULL;
}
