/* watch.c: herald serve's inotify watch of site.yaml, content/, layouts/. */
#include <sys/inotify.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"
#include "serve/serve.h"

#define WATCH_MASK	(IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | \
			 IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | \
			 IN_DELETE_SELF | IN_ONLYDIR)

struct watch {
	int		 fd;
	char		*site;		/* the site folder */
	int		*wds;		/* watch descriptors... */
	char	       **paths;		/* ...and the folders they watch */
	size_t		 n, cap;
	char	       **writing;	/* files modified and not yet closed */
	size_t		 nw, capw;
};

/* Notes that dir/name is being written (on) or was closed (off). */
static void
note_writing(struct watch *w, const char *dir, const char *name, int on)
{
	char	*p = path_join(dir, name);
	size_t	 i;

	for (i = 0; i < w->nw; i++)
		if (strcmp(w->writing[i], p) == 0)
			break;
	if (on && i == w->nw) {
		if (w->nw == w->capw) {
			w->capw = w->capw ? w->capw * 2 : 8;
			w->writing = xrealloc(w->writing, w->capw *
			    sizeof(*w->writing));
		}
		w->writing[w->nw++] = p;
		return;
	}
	if (!on && i < w->nw) {
		free(w->writing[i]);
		w->writing[i] = w->writing[--w->nw];
	}
	free(p);
}

/* Editors' temporaries: vim's .swp/.swx and 4913, backups~, Emacs's
 * .#lock and #autosave#, and *.tmp. */
int
watch_ignored(const char *name)
{
	size_t	 n = strlen(name);

	if (n == 0 || strcmp(name, "4913") == 0 || name[n - 1] == '~' ||
	    strncmp(name, ".#", 2) == 0 || (name[0] == '#' && n > 1 &&
	    name[n - 1] == '#'))
		return 1;
	if (n > 4 && (strcmp(name + n - 4, ".swp") == 0 ||
	    strcmp(name + n - 4, ".swx") == 0 ||
	    strcmp(name + n - 4, ".tmp") == 0))
		return 1;
	return 0;
}

static void
add_one(struct watch *w, const char *dir)
{
	int	 wd;
	size_t	 i;

	if ((wd = inotify_add_watch(w->fd, dir, WATCH_MASK)) == -1) {
		if (errno == ENOSPC)
			fprintf(stderr, "herald: warning: cannot watch %s: too "
			    "many folders watched (raise "
			    "fs.inotify.max_user_watches)\n", dir);
		return;
	}
	for (i = 0; i < w->n; i++)
		if (w->wds[i] == wd) {	/* the same folder again */
			free(w->paths[i]);
			w->paths[i] = xstrdup(dir);
			return;
		}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->wds = xrealloc(w->wds, w->cap * sizeof(*w->wds));
		w->paths = xrealloc(w->paths, w->cap * sizeof(*w->paths));
	}
	w->wds[w->n] = wd;
	w->paths[w->n++] = xstrdup(dir);
}

/* Watches dir and every folder under it. */
static void
add_tree(struct watch *w, const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		*sub;

	add_one(w, dir);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' ||
		    (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		sub = path_join(dir, e->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			add_tree(w, sub);
		free(sub);
	}
	closedir(d);
}

struct watch *
watch_open(const char *site)
{
	struct watch	*w;
	char		*p;

	w = xcalloc(1, sizeof(*w));
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		fprintf(stderr, "herald: cannot watch the site's files: %s\n",
		    strerror(errno));
		free(w);
		return NULL;
	}
	w->site = xstrdup(site);
	add_one(w, site);
	p = path_join(site, "content");
	add_tree(w, p);
	free(p);
	p = path_join(site, "layouts");
	add_tree(w, p);
	free(p);
	return w;
}

int
watch_fd(const struct watch *w)
{
	return w->fd;
}

static ssize_t
find(const struct watch *w, int wd)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		if (w->wds[i] == wd)
			return (ssize_t)i;
	return -1;
}

static void
forget(struct watch *w, size_t i)
{
	free(w->paths[i]);
	w->wds[i] = w->wds[w->n - 1];
	w->paths[i] = w->paths[w->n - 1];
	w->n--;
}

/* The WATCH_* bits of one event. */
static int
one_event(struct watch *w, const struct inotify_event *ev)
{
	ssize_t		 i;
	const char	*dir, *name = ev->len > 0 ? ev->name : "";
	char		*path;
	int		 top, r = 0;
	size_t		 n;

	if (ev->mask & IN_Q_OVERFLOW)
		return WATCH_CHANGED | WATCH_NOT_CSS;
	if ((i = find(w, ev->wd)) < 0)
		return 0;
	if (ev->mask & IN_IGNORED) {
		forget(w, (size_t)i);
		return 0;
	}
	dir = w->paths[i];
	top = strcmp(dir, w->site) == 0;
	if (ev->mask & IN_DELETE_SELF)
		return top ? 0 : WATCH_CHANGED | WATCH_NOT_CSS;
	if (top && strcmp(name, "site.yaml") != 0 &&
	    strcmp(name, "content") != 0 && strcmp(name, "layouts") != 0)
		return 0;
	if (watch_ignored(name))
		return 0;
	if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
		/* A new folder: watched, with whatever is in it already. */
		path = path_join(dir, name);
		add_tree(w, path);
		free(path);
		return WATCH_CHANGED | WATCH_NOT_CSS | WATCH_SETTLED;
	}
	if ((ev->mask & IN_ATTRIB) && !(ev->mask & IN_ISDIR))
		return 0;	/* chmod, touch -a: nothing to build */
	r = WATCH_CHANGED;
	n = strlen(name);
	if (n < 4 || strcmp(name + n - 4, ".css") != 0 ||
	    (ev->mask & IN_ISDIR))
		r |= WATCH_NOT_CSS;
	if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE |
	    IN_MOVED_FROM))
		r |= WATCH_SETTLED;
	if (!(ev->mask & IN_ISDIR))
		note_writing(w, dir, name, (ev->mask & IN_MODIFY) &&
		    !(ev->mask & (IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM)));
	return r;
}

/*
 * Reads the events waiting: WATCH_CHANGED when one of them touched a
 * file that matters, with WATCH_NOT_CSS when one was not a stylesheet
 * and WATCH_SETTLED when the last such event ended a write, or
 * WATCH_WRITING when a file modified is still open (no close seen).
 */
int
watch_read(struct watch *w)
{
	char		 buf[8192] __attribute__((aligned(8)));
	const struct inotify_event *ev;
	ssize_t		 n;
	char		*p;
	int		 r = 0, e;

	for (;;) {
		n = read(w->fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if ((e = one_event(w, ev)) == 0)
				continue;
			r = (r & WATCH_NOT_CSS) | e;
		}
	}
	if (w->nw > 0 && (r & WATCH_CHANGED))
		r = (r & ~WATCH_SETTLED) | WATCH_WRITING;
	return r;
}

void
watch_close(struct watch *w)
{
	size_t	 i;

	if (w == NULL)
		return;
	close(w->fd);
	for (i = 0; i < w->n; i++)
		free(w->paths[i]);
	for (i = 0; i < w->nw; i++)
		free(w->writing[i]);
	free(w->writing);
	free(w->wds);
	free(w->paths);
	free(w->site);
	free(w);
}
