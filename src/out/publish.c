/* publish.c: the output folder: refused when dangerous, built aside, swapped in on success. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"

#define TMP_TAG	".herald-tmp-"

/* realpath() of a folder that may not exist yet: its parent's, plus
 * its name.  Returns an allocated string or NULL. */
static char *
real_dir(const char *dir)
{
	char	*r, *copy, *copy2, *parent, *pr, *out;

	if ((r = realpath(dir, NULL)) != NULL)
		return r;
	copy = xstrdup(dir);
	copy2 = xstrdup(dir);
	parent = dirname(copy);
	pr = real_dir(strcmp(parent, dir) == 0 ? "." : parent);
	if (pr == NULL) {
		free(copy);
		free(copy2);
		return NULL;
	}
	out = strcmp(pr, "/") == 0 ? xasprintf("/%s", basename(copy2)) :
	    xasprintf("%s/%s", pr, basename(copy2));
	free(pr);
	free(copy);
	free(copy2);
	return out;
}

/* Refuses output folders that a build would wreck: returns 0 after
 * saying why. */
int
output_check(const char *sitedir, const char *outdir, struct diag *d)
{
	char		*site = NULL, *out = NULL, *home = NULL, *p;
	const char	*why = NULL, *h;
	size_t		 len;
	int		 ok = 0;

	if ((site = realpath(sitedir, NULL)) == NULL) {
		diag(d, LVL_ERROR, sitedir, 0, 0, "cannot open the site "
		    "folder: %s", strerror(errno));
		goto out;
	}
	if ((out = real_dir(outdir)) == NULL) {
		diag(d, LVL_ERROR, outdir, 0, 0, "cannot reach the output "
		    "folder: %s", strerror(errno));
		goto out;
	}
	if ((h = getenv("HOME")) != NULL && h[0] != '\0')
		home = realpath(h, NULL);
	len = strlen(out);
	if (strcmp(out, "/") == 0)
		why = "it is the root folder";
	else if (home != NULL && strcmp(out, home) == 0)
		why = "it is your home folder";
	else if (strcmp(out, site) == 0)
		why = "it is the site folder itself";
	else if (strncmp(site, out, len) == 0 && site[len] == '/')
		why = "it holds the site folder";
	if (why == NULL) {
		p = path_join(outdir, "site.yaml");
		if (is_file(p))
			why = "it holds a site.yaml";
		free(p);
		p = path_join(outdir, "content");
		if (why == NULL && is_dir(p))
			why = "it holds a content folder";
		free(p);
	}
	if (why == NULL && !is_dir(outdir) && access(outdir, F_OK) == 0)
		why = "it is a file, not a folder";
	if (why != NULL) {
		diag(d, LVL_ERROR, NULL, 0, 0, "refusing to build into \"%s\": "
		    "%s, and a build replaces the whole output folder; choose "
		    "another with -o", outdir, why);
		goto out;
	}
	ok = 1;
out:
	free(site);
	free(out);
	free(home);
	return ok;
}

/* Removes folders left by builds that were killed. */
static void
remove_stale(const char *parent, const char *base)
{
	struct dirent	*de;
	DIR		*dp;
	char		*prefix, *p;

	if ((dp = opendir(parent)) == NULL)
		return;
	prefix = xasprintf(".%s" TMP_TAG, base);
	while ((de = readdir(dp)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0) {
			p = path_join(parent, de->d_name);
			remove_tree(p);
			free(p);
		}
	free(prefix);
	closedir(dp);
}

#define PREV_TAG ".herald-prev"

/*
 * Makes the folder a build writes into, beside the output folder.  The
 * build before last, kept hidden beside the output, is taken when there
 * is one: its folders exist and its unchanged files need no writing,
 * which is most of a rebuild's cost.  *recycled tells which it was.
 * Returns its path (caller frees) or NULL.
 */
char *
output_begin(const char *outdir, struct diag *d, int *recycled)
{
	char	*c1, *c2, *parent, *base, *tmpl, *prev, *r = NULL;

	*recycled = 0;
	c1 = xstrdup(outdir);
	c2 = xstrdup(outdir);
	parent = dirname(c1);
	base = basename(c2);
	if (!mkdirs(parent)) {
		diag(d, LVL_ERROR, parent, 0, 0, "cannot make the folder: %s",
		    strerror(errno));
		goto out;
	}
	remove_stale(parent, base);
	tmpl = xasprintf("%s/.%s" TMP_TAG "XXXXXX", parent, base);
	if (mkdtemp(tmpl) == NULL) {
		diag(d, LVL_ERROR, tmpl, 0, 0, "cannot make the build "
		    "folder: %s", strerror(errno));
		free(tmpl);
		goto out;
	}
	prev = xasprintf("%s/.%s" PREV_TAG, parent, base);
	if (is_dir(prev) && rename(prev, tmpl) == 0)
		*recycled = 1;
	free(prev);
	if (chmod(tmpl, 0755) == -1) {
		diag(d, LVL_ERROR, tmpl, 0, 0, "cannot set permissions: %s",
		    strerror(errno));
		remove_tree(tmpl);
		free(tmpl);
		goto out;
	}
	r = tmpl;
out:
	free(c1);
	free(c2);
	return r;
}

/* Notes a file this build wrote, when files it did not write must go. */
void
out_record(struct output *out, const char *path)
{
	if (!out->recycled)
		return;
	if (out->lock != NULL)
		pthread_mutex_lock(out->lock);
	if (out->written == NULL && (out->written = xmlHashCreate(4096)) ==
	    NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	if (xmlHashLookup(out->written, BAD_CAST path) == NULL &&
	    xmlHashAddEntry(out->written, BAD_CAST path, (void *)1) != 0) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	if (out->lock != NULL)
		pthread_mutex_unlock(out->lock);
}

int
out_write(struct output *out, const char *path, const char *data,
    size_t len)
{
	if (!(out->recycled ? write_if_changed(path, data, len) :
	    write_file(path, data, len)))
		return 0;
	out_record(out, path);
	return 1;
}

/*
 * Writes the n pieces of iov as rel under the output folder, making its
 * folders, unless this is herald check.  Returns 0 after reporting a
 * failure.
 */
int
out_putv(struct output *out, struct diag *d, const char *rel,
    const struct iovec *iov, size_t n)
{
	char	*path, *slash;
	int	 ok = 1;

	if (!out->write)
		return 1;
	path = path_join(out->dir, rel);
	if ((slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		if (!mkdirs(path)) {
			diag(d, LVL_ERROR, path, 0, 0, "cannot make the "
			    "folder: %s", strerror(errno));
			ok = 0;
		}
		*slash = '/';
	}
	if (ok && !(out->recycled ? write_if_changedv(path, iov, n) :
	    write_filev(path, iov, n))) {
		diag(d, LVL_ERROR, path, 0, 0, "cannot write: %s",
		    strerror(errno));
		ok = 0;
	}
	if (ok)
		out_record(out, path);
	free(path);
	return ok;
}

/* out_putv() of one piece: data, len bytes. */
int
out_put(struct output *out, struct diag *d, const char *rel,
    const char *data, size_t len)
{
	struct iovec	 v = { (void *)(uintptr_t)data, len };

	return out_putv(out, d, rel, &v, 1);
}

/* Removes what an earlier build left in a recycled folder and this one
 * did not write: files, then folders left empty.  Returns 1 when the
 * folder is empty itself. */
static int
sweep(struct output *out, const char *dir)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	char		*p;
	int		 empty = 1;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		p = path_join(dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (sweep(out, p) && rmdir(p) == 0) {
				free(p);
				continue;
			}
		} else if (out->written == NULL ||
		    xmlHashLookup(out->written, BAD_CAST p) == NULL) {
			if (unlink(p) == 0) {
				free(p);
				continue;
			}
		}
		empty = 0;
		free(p);
	}
	closedir(dp);
	return empty;
}

/*
 * Swaps the finished build in for the output folder, atomically where
 * the file system allows, and keeps the replaced one hidden beside it for
 * the next build to recycle.
 */
int
output_commit(struct output *out, const char *outdir, struct diag *d)
{
	const char	*tmp = out->dir;
	char		*c1, *c2, *prev, *old;
	int		 ok = 1;

	if (out->recycled)
		sweep(out, tmp);
	if (!is_dir(outdir)) {
		if (rename(tmp, outdir) == 0)
			return 1;
		diag(d, LVL_ERROR, outdir, 0, 0, "cannot publish: %s",
		    strerror(errno));
		return 0;
	}
	c1 = xstrdup(outdir);
	c2 = xstrdup(outdir);
	prev = xasprintf("%s/.%s" PREV_TAG, dirname(c1), basename(c2));
	free(c1);
	free(c2);
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, outdir, RENAME_EXCHANGE) == 0) {
		/* tmp now holds the previous build. */
		if (rename(tmp, prev) == -1 && !remove_tree(tmp))
			diag(d, LVL_WARNING, tmp, 0, 0, "cannot remove the "
			    "previous build: %s", strerror(errno));
		free(prev);
		return 1;
	}
	/* No atomic exchange here: move the old one aside first. */
	old = xasprintf("%s.old", tmp);
	if (rename(outdir, old) == -1 || rename(tmp, outdir) == -1) {
		diag(d, LVL_ERROR, outdir, 0, 0, "cannot publish: %s",
		    strerror(errno));
		rename(old, outdir);
		ok = 0;
	} else if (rename(old, prev) == -1)
		remove_tree(old);
	free(old);
	free(prev);
	return ok;
}

void
output_abort(const char *tmp)
{
	remove_tree(tmp);
}

/* Copies every file under content/media to media/ in the output. */
int
copy_media(const struct site *s, struct output *out, struct diag *d)
{
	struct arena	 a = { 0 };
	struct vec	 files;
	char		*src, *dst, *from, *to, *slash, *data;
	size_t		 i, len;
	int		 ok = 1;

	memset(&files, 0, sizeof(files));
	src = path_join(s->dir, "content/media");
	if (is_dir(src))
		list_files(&a, src, &files);
	dst = path_join(out->dir, "media");
	for (i = 0; i < files.n; i++) {
		from = path_join(src, files.v[i]);
		to = path_join(dst, files.v[i]);
		slash = strrchr(to, '/');
		*slash = '\0';
		if (!mkdirs(to)) {
			diag(d, LVL_ERROR, to, 0, 0, "cannot make the folder: "
			    "%s", strerror(errno));
			ok = 0;
		}
		*slash = '/';
		if ((data = read_file(from, &len)) == NULL ||
		    !out_write(out, to, data, len)) {
			diag(d, LVL_ERROR, from, 0, 0, "cannot copy: %s",
			    strerror(errno));
			ok = 0;
		}
		free(data);
		free(from);
		free(to);
	}
	free(src);
	free(dst);
	arena_free(&a);
	return ok;
}
