/* files.c: whole files read and written, folders made, listed and removed, paths checked. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"

char *
read_file(const char *path, size_t *lenp)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0, cap;
	ssize_t		 r;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap);
	for (;;) {
		if (len + 1 == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		/* The file is read as fstat() found it: bytes added while it
		 * is read are not waited for. */
		if (len == (size_t)st.st_size)
			break;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
fail:
	saved = errno;
	close(fd);
	free(buf);
	errno = saved;
	return NULL;
}

/* Writes the n pieces of iov as the whole file at path. */
int
write_filev(const char *path, const struct iovec *iov, size_t n)
{
	struct iovec	 part[64];
	ssize_t		 w;
	size_t		 done, i;
	int		 fd, k, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return 0;
	for (i = 0; i < n; ) {
		for (k = 0; k < 64 && i + k < n; k++)
			part[k] = iov[i + k];
		/* writev() may write less than asked: go on from there. */
		while (k > 0) {
			w = writev(fd, part, k);
			if (w == -1) {
				if (errno == EINTR)
					continue;
				saved = errno;
				close(fd);
				errno = saved;
				return 0;
			}
			for (done = (size_t)w; k > 0 && done >= part[0].iov_len;
			    i++, k--) {
				done -= part[0].iov_len;
				memmove(part, part + 1, (size_t)(k - 1) *
				    sizeof(*part));
			}
			if (k > 0) {
				part[0].iov_base = (char *)part[0].iov_base +
				    done;
				part[0].iov_len -= done;
			}
		}
	}
	return close(fd) == 0;
}

int
write_file(const char *path, const char *data, size_t len)
{
	struct iovec	 v = { (void *)(uintptr_t)data, len };

	return write_filev(path, &v, 1);
}

/* Whether the file at path holds exactly the n pieces of iov, read a
 * little at a time. */
static int
same_file(const char *path, const struct iovec *iov, size_t n)
{
	struct stat	 st;
	char		 buf[65536];
	size_t		 total = 0, off, want, i;
	ssize_t		 r;
	int		 fd, same = 1;

	for (i = 0; i < n; i++)
		total += iov[i].iov_len;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != total) {
		close(fd);
		return 0;
	}
	for (i = 0; i < n && same; i++)
		for (off = 0; off < iov[i].iov_len && same; off += (size_t)r) {
			want = iov[i].iov_len - off;
			if (want > sizeof(buf))
				want = sizeof(buf);
			r = read(fd, buf, want);
			if (r == -1 && errno == EINTR) {
				r = 0;
				continue;
			}
			same = r > 0 && memcmp(buf, (char *)iov[i].iov_base +
			    off, (size_t)r) == 0;
		}
	close(fd);
	return same;
}

/*
 * Writes a whole file unless it already holds exactly these bytes, so
 * that a rebuild leaves unchanged files (and their times) alone.  A file
 * with other names (a link an older herald made to the live site) is
 * replaced, never written through.
 */
int
write_if_changedv(const char *path, const struct iovec *iov, size_t n)
{
	struct stat	 st;

	if (same_file(path, iov, n))
		return 1;
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink > 1 &&
	    unlink(path) == -1)
		return 0;
	return write_filev(path, iov, n);
}

int
write_if_changed(const char *path, const char *data, size_t len)
{
	struct iovec	 v = { (void *)(uintptr_t)data, len };

	return write_if_changedv(path, &v, 1);
}

char *
path_join(const char *a, const char *b)
{
	if (a[0] == '\0' || strcmp(a, ".") == 0)
		return xstrdup(b);
	if (a[strlen(a) - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

/* Makes dir and, when they are missing, its parents; returns 1 on
 * success.  One call to mkdir() when the parent is there. */
int
mkdirs(const char *dir)
{
	char	*s, *slash;
	int	 ok;

	if (mkdir(dir, 0755) == 0)
		return 1;
	if (errno == EEXIST)
		return is_dir(dir) || (errno = ENOTDIR, 0);
	if (errno != ENOENT)
		return 0;
	s = xstrdup(dir);
	while ((slash = strrchr(s, '/')) != NULL && slash[1] == '\0')
		*slash = '\0';		/* "a/b/" is "a/b" */
	if ((slash = strrchr(s, '/')) == NULL || slash == s) {
		free(s);
		errno = ENOENT;
		return 0;
	}
	*slash = '\0';
	ok = mkdirs(s) && (mkdir(dir, 0755) == 0 || errno == EEXIST);
	free(s);
	return ok;
}

int
is_dir(const char *p)
{
	struct stat	 st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int
is_file(const char *p)
{
	struct stat	 st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Removes a tree without following symbolic links; returns 1 on success. */
int
remove_tree(const char *path)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		*sub;
	int		 ok = 1;

	if (lstat(path, &st) == -1)
		return errno == ENOENT;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0;
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = path_join(path, de->d_name);
		if (!remove_tree(sub))
			ok = 0;
		free(sub);
	}
	closedir(d);
	return rmdir(path) == 0 && ok;
}

static int
strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_rec(struct arena *a, const char *root, const char *rel,
    struct vec *out, int depth)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*dir, *sub, *full;
	int		 ok = 1;

	if (depth > 32)
		return 1;
	dir = rel[0] ? path_join(root, rel) : xstrdup(root);
	d = opendir(dir);
	free(dir);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		sub = rel[0] ? path_join(rel, de->d_name) : xstrdup(de->d_name);
		/* The folder's entry tells the kind of file on most file
		 * systems; others need a look at the file itself. */
		if (de->d_type == DT_DIR)
			st.st_mode = S_IFDIR;
		else if (de->d_type == DT_REG)
			st.st_mode = S_IFREG;
		else if (de->d_type != DT_UNKNOWN)
			st.st_mode = 0;
		else {
			full = path_join(root, sub);
			if (lstat(full, &st) == -1)
				st.st_mode = 0;
			free(full);
		}
		if (S_ISDIR(st.st_mode)) {
			if (!list_rec(a, root, sub, out, depth + 1))
				ok = 0;
		} else if (S_ISREG(st.st_mode))
			vec_push(a, out, astrdup(a, sub));
		free(sub);
	}
	closedir(d);
	return ok;
}

int
list_files(struct arena *a, const char *dir, struct vec *out)
{
	int	 ok;

	ok = list_rec(a, dir, "", out, 0);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(void *), strpcmp);
	return ok;
}

/* A regular file itself, not a link to one: what list_files copies. */
int
is_plain_file(const char *p)
{
	struct stat	 st;

	return lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* A relative path that stays below its folder: no leading "/", and no
 * empty, "." or ".." part ("report..v2.pdf" is fine). */
int
safe_relpath(const char *p)
{
	const char	*seg, *end;
	size_t		 len;

	if (*p == '\0' || *p == '/')
		return 0;
	for (seg = p; ; seg = end + 1) {
		end = strchr(seg, '/');
		len = end != NULL ? (size_t)(end - seg) : strlen(seg);
		if (len == 0 || (len == 1 && seg[0] == '.') ||
		    (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (end == NULL)
			return 1;
	}
}
