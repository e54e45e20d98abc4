/* diag.c: the one place where messages about the user's input are printed. */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "herald.h"

/*
 * Prints "file:line:col: error: message" to standard error.  A line of 0
 * leaves out line and column; a NULL file prints "herald:".  The same
 * message is printed once, however often it is reported (a layout's
 * mistake shows on every page that uses it).
 */
void
diag(struct diag *d, enum level lvl, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list		 ap;
	char		*msg, *full;
	const char	*word = lvl == LVL_ERROR ? "error" : "warning";

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1) {
		va_end(ap);
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	va_end(ap);

	if (file == NULL)
		full = xasprintf("herald: %s: %s", word, msg);
	else if (line <= 0)
		full = xasprintf("%s: %s: %s", file, word, msg);
	else
		full = xasprintf("%s:%d:%d: %s: %s", file, line,
		    col > 0 ? col : 1, word, msg);
	free(msg);

	if (d->lock != NULL)
		pthread_mutex_lock(d->lock);
	if (d->seen == NULL && (d->seen = xmlHashCreate(64)) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	if (xmlHashLookup(d->seen, (const xmlChar *)full) != NULL) {
		if (d->lock != NULL)
			pthread_mutex_unlock(d->lock);
		free(full);
		return;
	}
	if (xmlHashAddEntry(d->seen, (const xmlChar *)full, (void *)1) != 0) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	if (lvl == LVL_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (!d->silent && (lvl == LVL_ERROR || !d->quiet))
		fprintf(stderr, "%s\n", full);
	if (d->lock != NULL)
		pthread_mutex_unlock(d->lock);
	free(full);
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
	if (d->seen != NULL)
		xmlHashFree(d->seen, NULL);
	d->seen = NULL;
}
