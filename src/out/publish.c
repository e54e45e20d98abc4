/* publish.c: the output folder: refused when dangerous, built aside, swapped in on success. */
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <linux/fs.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"

#define TMP_TAG	".herald-tmp-"
#define LOCK_TAG	".herald-lock"
#define MARK_XATTR	"user.herald"	/* on every folder herald publishes */
#define MARK_FILE	".herald"	/* the mark where xattrs are not kept */
#define LOCK_TRIES	40		/* waits of 50 ms for another build */

/* The build folder a signal removes, and whether the build is out. */
static pthread_mutex_t	 pub_mu = PTHREAD_MUTEX_INITIALIZER;
static const char	*pub_tmp;
static int		 pub_done;
static int		 lock_fd = -1;

/* dir without its trailing slashes, in *buf (caller frees). */
static const char *
trimmed(const char *dir, char **buf)
{
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	*buf = xstrndup(dir, n);
	return *buf;
}

static int
dir_empty(const char *dir)
{
	struct dirent	*de;
	DIR		*dp;
	int		 empty = 1;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while (empty && (de = readdir(dp)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;
	closedir(dp);
	return empty;
}

/* Files every herald build writes, whatever the site: a folder holding
 * all of them is an output of a herald from before the mark existed. */
static const char *const herald_made[] = {
	"404.html", "sitemap.xml", "search/index.js", "assets/search.js", NULL
};

/* Whether dir is the output of a herald from before the mark: every
 * file of herald_made[] is there. */
static int
earlier_output(const char *dir)
{
	char	*p;
	size_t	 i;
	int	 r = 1;

	for (i = 0; r && herald_made[i] != NULL; i++) {
		p = path_join(dir, herald_made[i]);
		r = access(p, F_OK) == 0;
		free(p);
	}
	return r;
}

/* Whether herald published the folder dir: its mark is on it, or it is
 * an earlier herald's output, which the next build then marks. */
int
output_marked(const char *dir)
{
	char	*p;
	int	 r;

	if (getxattr(dir, MARK_XATTR, NULL, 0) >= 0)
		return 1;
	p = path_join(dir, MARK_FILE);
	r = access(p, F_OK) == 0;
	free(p);
	return r || earlier_output(dir);
}

/* Marks dir as herald's: an extended attribute, else a file in it. */
static int
output_mark(const char *dir)
{
	char	*p;
	int	 ok;

	if (setxattr(dir, MARK_XATTR, "1", 1, 0) == 0)
		return 1;
	p = path_join(dir, MARK_FILE);
	ok = write_if_changed(p, "herald\n", 7);
	free(p);
	return ok;
}


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
	if (why == NULL && is_dir(outdir) && !dir_empty(outdir) &&
	    !output_marked(outdir)) {
		diag(d, LVL_ERROR, NULL, 0, 0, "%s/ holds files herald did not "
		    "write: choose an empty folder, or remove them",
		    trimmed(outdir, &p));
		free(p);
		goto out;
	}
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

/*
 * Removes folders left by builds that were killed: only those whose
 * build is gone, the pid in their name not running (this build holds the
 * lock, so no other herald build of this output is).  The old output a
 * build moved aside where the file system has no atomic exchange goes
 * back when the output is missing.
 */
static void
remove_stale(const char *parent, const char *base, const char *outdir)
{
	struct dirent	*de;
	DIR		*dp;
	char		*prefix, *p, *end;
	size_t		 plen, nlen;
	long		 pid;

	if ((dp = opendir(parent)) == NULL)
		return;
	prefix = xasprintf(".%s" TMP_TAG, base);
	plen = strlen(prefix);
	while ((de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		pid = strtol(de->d_name + plen, &end, 10);
		if (*end == '-' && pid > 0 && pid != (long)getpid() &&
		    (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue;	/* its build is running */
		p = path_join(parent, de->d_name);
		nlen = strlen(de->d_name);
		if (nlen > 4 && strcmp(de->d_name + nlen - 4, ".old") == 0 &&
		    !is_dir(outdir) && access(outdir, F_OK) == -1 &&
		    rename(p, outdir) == 0) {
			free(p);
			continue;
		}
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
	remove_stale(parent, base, outdir);
	tmpl = xasprintf("%s/.%s" TMP_TAG "%ld-XXXXXX", parent, base,
	    (long)getpid());
	pthread_mutex_lock(&pub_mu);
	if (mkdtemp(tmpl) == NULL) {
		pthread_mutex_unlock(&pub_mu);
		diag(d, LVL_ERROR, tmpl, 0, 0, "cannot make the build "
		    "folder: %s", strerror(errno));
		free(tmpl);
		goto out;
	}
	pub_tmp = tmpl;
	/* Only a hidden build herald made is taken. */
	prev = xasprintf("%s/.%s" PREV_TAG, parent, base);
	if (is_dir(prev) && output_marked(prev) && rename(prev, tmpl) == 0)
		*recycled = 1;
	pthread_mutex_unlock(&pub_mu);
	free(prev);
	if (chmod(tmpl, 0755) == -1) {
		diag(d, LVL_ERROR, tmpl, 0, 0, "cannot set permissions: %s",
		    strerror(errno));
		output_abort(tmpl);
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
	/* libxml2 allocates through the x*() wrappers: these fail only
	 * when memory does. */
	if (out->written == NULL && (out->written = xmlHashCreate(4096)) ==
	    NULL)
		oom();
	if (xmlHashLookup(out->written, BAD_CAST path) == NULL &&
	    xmlHashAddEntry(out->written, BAD_CAST path, (void *)1) != 0)
		oom();
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
 * the next build to recycle.  A signal waits until the swap is done.
 */
int
output_commit(struct output *out, const char *outdir, struct diag *d)
{
	const char	*tmp = out->dir;
	char		*c1, *c2, *prev, *old, *buf;
	int		 ok = 0;

	if (out->recycled)
		sweep(out, tmp);
	if (!output_mark(tmp)) {
		diag(d, LVL_ERROR, tmp, 0, 0, "cannot mark the build folder: "
		    "%s", strerror(errno));
		return 0;
	}
	c1 = xstrdup(outdir);
	c2 = xstrdup(outdir);
	prev = xasprintf("%s/.%s" PREV_TAG, dirname(c1), basename(c2));
	free(c1);
	free(c2);
	pthread_mutex_lock(&pub_mu);
	if (!is_dir(outdir)) {
		if (rename(tmp, outdir) == 0)
			ok = 1;
		else
			diag(d, LVL_ERROR, outdir, 0, 0, "cannot publish: %s",
			    strerror(errno));
		goto out;
	}
	if (!dir_empty(outdir) && !output_marked(outdir)) {
		diag(d, LVL_ERROR, NULL, 0, 0, "%s/ holds files herald did not "
		    "write: choose an empty folder, or remove them",
		    trimmed(outdir, &buf));
		free(buf);
		goto out;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, outdir, RENAME_EXCHANGE) == 0) {
		/* tmp now holds the previous output: herald's, or empty. */
		ok = 1;
		if (!output_marked(tmp))
			rmdir(tmp);
		else if (rename(tmp, prev) == -1 && !remove_tree(tmp))
			diag(d, LVL_WARNING, tmp, 0, 0, "cannot remove the "
			    "previous build: %s", strerror(errno));
		goto out;
	}
	/* No atomic exchange here: move the old one aside first. */
	old = xasprintf("%s.old", tmp);
	if (rename(outdir, old) == -1 || rename(tmp, outdir) == -1) {
		diag(d, LVL_ERROR, outdir, 0, 0, "cannot publish: %s",
		    strerror(errno));
		rename(old, outdir);
	} else {
		ok = 1;
		if (!output_marked(old))
			rmdir(old);
		else if (rename(old, prev) == -1)
			remove_tree(old);
	}
	free(old);
out:
	if (ok) {
		pub_done = 1;
		pub_tmp = NULL;
	}
	pthread_mutex_unlock(&pub_mu);
	free(prev);
	return ok;
}

void
output_abort(const char *tmp)
{
	pthread_mutex_lock(&pub_mu);
	if (pub_tmp == tmp)
		pub_tmp = NULL;
	remove_tree(tmp);
	pthread_mutex_unlock(&pub_mu);
}

/*
 * Takes the lock beside the output folder, .NAME.herald-lock, so that
 * one build at a time writes it; waits two seconds for another build,
 * then says which.  Makes the folder the output goes in.  Returns 0
 * after reporting why not.
 */
int
output_lock(const char *outdir, struct diag *d)
{
	char	*c1, *c2, *parent, *path, *buf, num[32];
	ssize_t	 n;
	long	 pid = 0;
	int	 fd, i, ok = 0;

	c1 = xstrdup(outdir);
	c2 = xstrdup(outdir);
	parent = dirname(c1);
	path = xasprintf("%s/.%s" LOCK_TAG, parent, basename(c2));
	if (!mkdirs(parent)) {
		diag(d, LVL_ERROR, parent, 0, 0, "cannot make the folder: %s",
		    strerror(errno));
		goto out;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd == -1) {
		diag(d, LVL_ERROR, path, 0, 0, "cannot make the lock: %s",
		    strerror(errno));
		goto out;
	}
	for (i = 0; flock(fd, LOCK_EX | LOCK_NB) == -1; i++) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			diag(d, LVL_ERROR, path, 0, 0, "cannot lock: %s",
			    strerror(errno));
			close(fd);
			goto out;
		}
		if (i >= LOCK_TRIES) {
			if ((n = pread(fd, num, sizeof(num) - 1, 0)) > 0) {
				num[n] = '\0';
				pid = strtol(num, NULL, 10);
			}
			diag(d, LVL_ERROR, NULL, 0, 0, "another herald build is "
			    "writing %s/ (pid %ld)", trimmed(outdir, &buf), pid);
			free(buf);
			close(fd);
			goto out;
		}
		nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
	}
	n = snprintf(num, sizeof(num), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, num, (size_t)n, 0) != n)
		diag(d, LVL_WARNING, path, 0, 0, "cannot note this build in "
		    "the lock: %s", strerror(errno));
	lock_fd = fd;
	ok = 1;
out:
	free(path);
	free(c1);
	free(c2);
	return ok;
}

void
output_unlock(void)
{
	if (lock_fd != -1)
		close(lock_fd);
	lock_fd = -1;
}

/*
 * Keeps an unchanged file of the output being replaced as to, a file of
 * its own: never a link to the live one, whose bytes a later build could
 * change.  A clone where the file system shares blocks, else a copy in
 * the kernel, else data (the len bytes read from it) written.  A file
 * already at to that is no one else's and holds them stays as it is.
 */
int
publish_keep_file(const char *from, const char *to, const char *data,
    size_t len)
{
	struct stat	 st;
	size_t		 done = 0;
	ssize_t		 n;
	int		 in, fd, saved;

	if (lstat(to, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1)
		return write_if_changed(to, data, len);
	if (unlink(to) == -1 && errno != ENOENT)
		return 0;
	if ((fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) ==
	    -1)
		return 0;
	if ((in = open(from, O_RDONLY | O_CLOEXEC)) != -1) {
		if (ioctl(fd, FICLONE, in) == 0 && fstat(fd, &st) == 0 &&
		    (size_t)st.st_size == len)
			done = len;
		else if (ftruncate(fd, 0) == 0)
			while (done < len && (n = copy_file_range(in, NULL, fd,
			    NULL, len - done, 0)) > 0)
				done += (size_t)n;
		close(in);
	}
	while (done < len) {
		if ((n = pwrite(fd, data + done, len - done, (off_t)done)) ==
		    -1) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			unlink(to);
			errno = saved;
			return 0;
		}
		done += (size_t)n;
	}
	if (close(fd) == -1) {
		saved = errno;
		unlink(to);
		errno = saved;
		return 0;
	}
	return 1;
}

/* SIGINT and SIGTERM, taken by a thread of their own. */
static sigset_t		 sig_set, sig_old;
static pthread_t	 sig_th;
static char		*sig_out;	/* the output folder as given, or NULL */
static int		 sig_on, sig_stop;

/*
 * Removes the build folder on SIGINT or SIGTERM and exits 128 + the
 * signal, saying nothing was published; once the new site is out, the
 * build ends as it would.  Other threads' output goes into a pipe
 * meanwhile: a write error of theirs is no news.
 */
static void *
sig_wait(void *arg)
{
	char	*dead, *msg, *buf;
	int	 sig, fd, p[2];

	for (;;) {
		if (sigwait(&sig_set, &sig) != 0)
			continue;
		if (__atomic_load_n(&sig_stop, __ATOMIC_ACQUIRE))
			return NULL;
		pthread_mutex_lock(&pub_mu);
		if (pub_done) {
			pthread_mutex_unlock(&pub_mu);
			continue;
		}
		fd = dup(STDERR_FILENO);
		if (pipe(p) == 0) {
			dup2(p[1], STDOUT_FILENO);
			dup2(p[1], STDERR_FILENO);
		}
		if (pub_tmp != NULL) {
			/* Out of the way first, so that no thread refills it. */
			dead = xasprintf("%s-dead", pub_tmp);
			if (rename(pub_tmp, dead) == 0)
				remove_tree(dead);
			remove_tree(pub_tmp);
		}
		msg = sig_out != NULL ? xasprintf("herald: interrupted; "
		    "nothing was published, %s/ is as it was\n",
		    trimmed(sig_out, &buf)) :
		    xstrdup("herald: interrupted; nothing was published\n");
		if (fd != -1 && write(fd, msg, strlen(msg)) == -1)
			sig |= 0;	/* nowhere left to say so */
		/* The one exit outside main(): a signal ends the program
		 * wherever main() is, once the build folder is gone. */
		_exit(128 + sig);
	}
}

/* Blocks SIGINT and SIGTERM in this thread and those it starts, before
 * any is started, for a thread of their own; outdir may be NULL. */
void
publish_signals(const char *outdir)
{
	sigemptyset(&sig_set);
	sigaddset(&sig_set, SIGINT);
	sigaddset(&sig_set, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &sig_set, &sig_old) != 0)
		return;
	sig_out = outdir != NULL ? xstrdup(outdir) : NULL;
	sig_stop = 0;
	if (pthread_create(&sig_th, NULL, sig_wait, NULL) != 0) {
		pthread_sigmask(SIG_SETMASK, &sig_old, NULL);
		free(sig_out);
		sig_out = NULL;
		return;
	}
	sig_on = 1;
}

/* Ends that thread; signals work as before. */
void
publish_signals_end(void)
{
	if (!sig_on)
		return;
	__atomic_store_n(&sig_stop, 1, __ATOMIC_RELEASE);
	pthread_kill(sig_th, SIGTERM);
	pthread_join(sig_th, NULL);
	pthread_sigmask(SIG_SETMASK, &sig_old, NULL);
	free(sig_out);
	sig_out = NULL;
	sig_on = 0;
}

/* Copies every file under content/media to media/ in the output. */
int
copy_media(const struct site *s, struct output *out, struct diag *d)
{
	char		*src, *dst, *from, *to, *slash, *data;
	size_t		 i, len;
	int		 ok = 1;

	/* s->media: the files the model found and checked (links that stay
	 * inside the site folder followed, the others already skipped). */
	src = path_join(s->dir, "content/media");
	dst = path_join(out->dir, "media");
	for (i = 0; i < s->media.n; i++) {
		from = path_join(src, s->media.v[i]);
		to = path_join(dst, s->media.v[i]);
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
	return ok;
}
