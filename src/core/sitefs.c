/* sitefs.c: the site's own files: whether a path stays inside the site folder, listing folders without following links out of it, reads that notice a file changing, URLs that lead off the site. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"

/*
 * Whether path, once every link in it is followed (realpath), is root or
 * under it; root is itself a real path (site_realdir()).  Returns 1 when
 * inside, 0 when outside, -1 with errno set when path cannot be resolved
 * (missing, a loop of links, too long).
 */
int
path_inside(const char *root, const char *path)
{
	char	*real;
	size_t	 n = strlen(root);
	int	 in;

	if ((real = realpath(path, NULL)) == NULL)
		return -1;
	if (n > 1 && root[n - 1] == '/')
		n--;
	in = strncmp(real, root, n) == 0 &&
	    (real[n] == '\0' || real[n] == '/' || strcmp(root, "/") == 0);
	free(real);
	return in;
}

/* The real path of the site folder, from malloc(), or NULL with errno. */
char *
site_realdir(const char *dir)
{
	return realpath(dir, NULL);
}

/* A folder of the walk: the ones above it, to refuse a link back up. */
struct walkdir {
	dev_t			 dev;
	ino_t			 ino;
	const struct walkdir	*up;
};

struct walk {
	struct arena	*a;
	struct diag	*d;
	const char	*root;		/* real path of the site folder */
	const char	*dir;		/* the folder listed, as shown */
	struct vec	*out;
	int		 ok;
};

static int
strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of a folder, each after its one-byte kind. */
static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static void	walk_dir(struct walk *, const char *, int,
		    const struct walkdir *);

/* One entry of a folder, rel under the folder listed. */
static void
walk_entry(struct walk *w, const char *rel, int reg, int depth,
    const struct walkdir *up)
{
	struct stat	 st;
	char		*full;
	int		 in;

	/* The folder's entry tells a plain file on most file systems. */
	if (reg) {
		vec_push(w->a, w->out, astrdup(w->a, rel));
		return;
	}
	full = path_join(w->dir, rel);
	if (lstat(full, &st) == -1) {
		diag(w->d, LVL_ERROR, full, 0, 0, "cannot read: %s",
		    strerror(errno));
		w->ok = 0;
		goto out;
	}
	if (S_ISLNK(st.st_mode)) {
		if ((in = path_inside(w->root, full)) == -1) {
			diag(w->d, LVL_WARNING, full, 0, 0, "is a link to "
			    "nothing that can be read (%s): skipped",
			    strerror(errno));
			goto out;
		}
		if (!in) {
			diag(w->d, LVL_WARNING, full, 0, 0, "is a link to a "
			    "place outside the site folder: skipped");
			goto out;
		}
		if (stat(full, &st) == -1)
			goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		const struct walkdir	*p;
		struct walkdir		 here = { st.st_dev, st.st_ino, up };

		for (p = up; p != NULL; p = p->up)
			if (p->dev == st.st_dev && p->ino == st.st_ino) {
				diag(w->d, LVL_WARNING, full, 0, 0, "is a "
				    "link to a folder that holds it: skipped");
				goto out;
			}
		walk_dir(w, rel, depth + 1, &here);
	} else if (S_ISREG(st.st_mode))
		vec_push(w->a, w->out, astrdup(w->a, rel));
out:
	free(full);
}

static void
walk_dir(struct walk *w, const char *rel, int depth, const struct walkdir *up)
{
	struct dirent	*de;
	struct vec	 names = { 0 };
	struct arena	 a = { 0 };
	DIR		*dd;
	char		*path, *sub;
	size_t		 i;

	path = rel[0] ? path_join(w->dir, rel) : xstrdup(w->dir);
	if (depth > SITE_DEPTH_MAX) {
		diag(w->d, LVL_WARNING, path, 0, 0, "folders nest more than "
		    "%d deep here: the files below are left out",
		    SITE_DEPTH_MAX);
		free(path);
		return;
	}
	if ((dd = opendir(path)) == NULL) {
		diag(w->d, LVL_ERROR, path, 0, 0, "cannot read the folder: %s",
		    strerror(errno));
		w->ok = 0;
		free(path);
		return;
	}
	/* Each name keeps a first byte saying whether it is a plain file. */
	while ((de = readdir(dd)) != NULL)
		if (de->d_name[0] != '.')
			vec_push(&a, &names, aprintf(&a, "%c%s",
			    de->d_type == DT_REG ? 'f' : '?', de->d_name));
	closedir(dd);
	/* In order, so that the messages are the same on every disk. */
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(void *), namecmp);
	for (i = 0; i < names.n; i++) {
		const char *name = (const char *)names.v[i] + 1;
		sub = rel[0] ? path_join(rel, name) : xstrdup(name);
		walk_entry(w, sub, *(const char *)names.v[i] == 'f', depth,
		    up);
		free(sub);
	}
	arena_free(&a);
	free(path);
}

/*
 * Lists the regular files under dir (recursively, SITE_DEPTH_MAX folders
 * deep), sorted, as paths relative to dir, into the arena.  A link is
 * followed only when what it names stays inside root (a real path, from
 * site_realdir()); a link out of it is a warning and is left out.
 * Returns 0 after reporting a folder or file that cannot be read.
 */
int
site_list(struct arena *a, struct diag *d, const char *root, const char *dir,
    struct vec *out)
{
	struct walk	 w = { a, d, root, dir, out, 1 };
	struct stat	 st;
	struct walkdir	 top = { 0, 0, NULL };

	if (stat(dir, &st) == 0) {
		top.dev = st.st_dev;
		top.ino = st.st_ino;
	}
	walk_dir(&w, "", 0, &top);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(void *), strpcmp);
	return w.ok;
}

/* Whether two looks at a file see the same file, unchanged. */
static int
same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * One read of the file: the bytes fstat() promised, with one byte more
 * asked for to see a file that grew.  Returns READ_OK with the bytes,
 * READ_TORN when the file changed, READ_BIG past max, READ_FAIL with
 * errno set.
 */
static int
read_once(const char *path, size_t max, char **bufp, size_t *lenp)
{
	struct stat	 st, st2;
	char		*buf = NULL;
	size_t		 len = 0, want;
	ssize_t		 r;
	int		 fd, ret = READ_FAIL, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return READ_FAIL;
	if (fstat(fd, &st) == -1)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto out;
	}
	if ((size_t)st.st_size > max) {
		*lenp = (size_t)st.st_size;
		ret = READ_BIG;
		goto out;
	}
	want = (size_t)st.st_size + 1;
	buf = xmalloc(want + 1);
	while (len < want) {
		r = read(fd, buf + len, want - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto out;
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (fstat(fd, &st2) == -1)
		goto out;
	if (len != (size_t)st.st_size || !same_stat(&st, &st2)) {
		ret = READ_TORN;
		goto out;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	buf = NULL;
	ret = READ_OK;
out:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return ret;
}

/*
 * Reads a whole file of at most max bytes, again when it changed while
 * it was read (someone saving it), READ_TRIES times in all.  Returns
 * READ_OK with the bytes (from malloc(), a NUL after them) in *bufp and
 * their number in *lenp; READ_BIG with the file's size in *lenp;
 * READ_TORN when it changed every time; READ_FAIL with errno set.
 */
int
read_stable(const char *path, size_t max, char **bufp, size_t *lenp)
{
	int	 i, r = READ_TORN;

	for (i = 0; i < READ_TRIES && r == READ_TORN; i++)
		r = read_once(path, max, bufp, lenp);
	return r;
}

/*
 * Whether a link's URL leads off the site although it looks like a site
 * path: a browser reads "//host", "/\host", "\/host" and "\\host" as
 * another host, and any backslash as a slash.  Leading spaces and
 * controls, which browsers strip, are skipped first.
 */
int
url_offsite(const char *u)
{
	char	 c[2];
	size_t	 n = 0;

	while (*u != '\0' && (unsigned char)*u <= ' ')
		u++;
	/* Browsers drop tabs and line breaks anywhere in a URL. */
	for (; *u != '\0' && n < 2; u++)
		if (*u != '\t' && *u != '\n' && *u != '\r')
			c[n++] = *u;
	if (n == 2 && (c[0] == '/' || c[0] == '\\') &&
	    (c[1] == '/' || c[1] == '\\'))
		return 1;
	/* Elsewhere a backslash is read as a slash too: "ref:x\y" and
	 * "https:\\evil" are refused with the rest. */
	return (n > 0 && c[0] == '\\') || (n > 1 && c[1] == '\\') ||
	    strchr(u, '\\') != NULL;
}

/* The first C0 control character (or DEL) in s other than those allowed
 * ("\t", or "\t\n" for text that may hold lines), or NULL. */
const char *
ctl_find(const char *s, const char *allowed)
{
	for (; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 || *s == 0x7f) &&
		    strchr(allowed, *s) == NULL)
			return s;
	return NULL;
}
