/* util.c: allocation that never fails, arenas, buffers, files, strings. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"

static void
oom(void)
{
	fputs("herald: out of memory\n", stderr);
	exit(1);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n ? n : 1, sz ? sz : 1)) == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) == -1)
		oom();
	va_end(ap);
	return p;
}

/* ---- arena ---- */

struct ablock {
	struct ablock	*next;
	size_t		 used, size;
	max_align_t	 data[];
};

#define ABLOCK	(64 * 1024)

/* n bytes of a, not cleared: for what is written over at once. */
void *
amalloc_raw(struct arena *a, size_t n)
{
	struct ablock	*b;
	size_t		 al = sizeof(max_align_t);
	void		*p;

	n = (n + al - 1) / al * al;
	if (n == 0)
		n = al;
	b = a->head;
	if (b == NULL || b->size - b->used < n) {
		size_t sz = n > ABLOCK / 4 ? n : ABLOCK;
		b = xmalloc(sizeof(*b) + sz);
		b->size = sz;
		b->used = 0;
		if (n > ABLOCK / 4 && a->head != NULL) {
			/* Big items go behind the current block. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

/* n bytes of a, cleared. */
void *
amalloc(struct arena *a, size_t n)
{
	void	*p = amalloc_raw(a, n);

	memset(p, 0, n);
	return p;
}

char *
astrndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	p = amalloc_raw(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
astrdup(struct arena *a, const char *s)
{
	return astrndup(a, s, strlen(s));
}

char *
aprintf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[256], *q;
	int	 n;

	/* Most are short: formatted once, on the stack. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	if ((size_t)n < sizeof(small))
		return astrndup(a, small, (size_t)n);
	q = amalloc_raw(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(q, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return q;
}

/* Hands every block of src over to dst, leaving src empty. */
void
arena_merge(struct arena *dst, struct arena *src)
{
	struct ablock	*tail;

	if (src->head == NULL)
		return;
	if (dst->head == NULL) {
		dst->head = src->head;
		src->head = NULL;
		return;
	}
	for (tail = src->head; tail->next != NULL; tail = tail->next)
		;
	/* Behind dst's current block, which goes on filling. */
	tail->next = dst->head->next;
	dst->head->next = src->head;
	src->head = NULL;
}

/* Empties a for use again: its newest block is kept, the others freed. */
void
arena_reset(struct arena *a)
{
	struct ablock	*b, *next;

	if (a->head == NULL)
		return;
	for (b = a->head->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head->next = NULL;
	a->head->used = 0;
}

void
arena_free(struct arena *a)
{
	struct ablock	*b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

void
vec_push(struct arena *a, struct vec *v, void *p)
{
	void	**nv;

	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		nv = amalloc_raw(a, v->cap * sizeof(*nv));
		if (v->n)
			memcpy(nv, v->v, v->n * sizeof(*nv));
		v->v = nv;
	}
	v->v[v->n++] = p;
}

/* ---- buffers ---- */

xmlBufferPtr
bnew(void)
{
	xmlBufferPtr	 b;

	if ((b = xmlBufferCreateSize(4096)) == NULL)
		oom();
	xmlBufferSetAllocationScheme(b, XML_BUFFER_ALLOC_DOUBLEIT);
	return b;
}

/* bput() when the buffer must grow: libxml2 grows it. */
void
bput_grow(xmlBufferPtr b, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (n > INT32_MAX || xmlBufferAdd(b, (const xmlChar *)s, (int)n) != 0)
		oom();
}

void
bprintf(xmlBufferPtr b, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n == -1)
		oom();
	bput(b, p, (size_t)n);
	free(p);
}

/* ---- files ---- */

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

int
copy_file(const char *from, const char *to)
{
	char	*data;
	size_t	 len;
	int	 ok;

	if ((data = read_file(from, &len)) == NULL)
		return 0;
	ok = write_file(to, data, len);
	free(data);
	return ok;
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

/* ---- strings ---- */

/* A slug is [a-z0-9]+(-[a-z0-9]+)*. */
int
valid_slug(const char *s)
{
	int	 prev = '-';

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '-') {
			if (prev == '-')
				return 0;
		} else if (!((*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9')))
			return 0;
		prev = *s;
	}
	return prev != '-';
}

/* Writes n in decimal at the end of buf (size bytes, at least 21);
 * returns where its digits start. */
const char *
utoa(char *buf, size_t size, size_t n)
{
	char	*p = buf + size - 1;

	*p = '\0';
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) != 0 && p > buf);
	return p;
}

/* Returns 1 when s is valid UTF-8, else 0 with the offending offset. */
int
utf8_check(const char *s, size_t len, size_t *bad)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	unsigned int		 c;

	while (i < len) {
		c = p[i];
		if (c < 0x80) {
			uint64_t	 w;

			/* ASCII, most text: eight bytes at a time. */
			i++;
			while (len - i >= 8) {
				memcpy(&w, p + i, 8);
				if (w & UINT64_C(0x8080808080808080))
					break;
				i += 8;
			}
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		else
			goto fail;
		for (k = 1; k <= n; k++)
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
				goto fail;
		if (c == 0xe0 && p[i + 1] < 0xa0)
			goto fail;
		if (c == 0xed && p[i + 1] >= 0xa0)
			goto fail;
		if (c == 0xf0 && p[i + 1] < 0x90)
			goto fail;
		if (c == 0xf4 && p[i + 1] >= 0x90)
			goto fail;
		i += n + 1;
	}
	return 1;
fail:
	*bad = i;
	return 0;
}

/* Counts the characters of valid UTF-8. */
size_t
utf8_count(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* FNV-1a, 64 bits, continued from h: a fingerprint, not a defence. */
uint64_t
hash64(const void *data, size_t len, uint64_t h)
{
	const unsigned char	*p = data;
	size_t			 i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Levenshtein distance of two short strings. */
int
edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j;
	int	*row, prev, cur, best;

	if (la > 64 || lb > 64)
		return 99;
	row = xcalloc(lb + 1, sizeof(int));
	for (j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	best = row[lb];
	free(row);
	return best;
}
