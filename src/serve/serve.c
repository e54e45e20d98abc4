/* serve.c: herald serve: build privately, swap in, tell the open pages. */
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "herald.h"
#include "serve/serve.h"

extern char **environ;

static const char usage_serve[] =
"usage: herald serve [-s DIR] [-p PORT] [--bind ADDR] [--date YYYY-MM-DD]\n"
"                    [--no-pdfs] [-j N] [-q|-v]\n"
"\n"
"Builds the site in DIR (default: the current folder) into a private\n"
"folder, never the output folder, and serves it at http://127.0.0.1:8000/.\n"
"Drafts and items dated after the build date are included, each marked\n"
"on its page.  Every save in site.yaml, content/ or layouts/ rebuilds the\n"
"site and reloads the open pages; a build that fails keeps the last good\n"
"site served and shows its errors on every page.  Ctrl-C stops.\n"
"\n"
"  -s, --site DIR     the site folder\n"
"  -p, --port PORT    the port (default: 8000; 0: any free one)\n"
"      --bind ADDR    the address to listen on (default: 127.0.0.1; any\n"
"                     other lets the network read the drafts)\n"
"      --date DATE    the build date (default: SOURCE_DATE_EPOCH, or today)\n"
"      --no-pdfs      leave out the briefing PDFs (quicker rebuilds)\n"
"  -j, --jobs N       pages and PDFs to make at once (1 to 64)\n"
"  -q, --quiet        print errors only\n"
"  -v, --verbose      also print the private folder and each build's CPU\n"
"                     time\n";

/* Quiet after the last change before a build: a write still going on
 * (no close yet), or a write just ended (its close, a rename). */
#define QUIET_MS	100
#define SETTLED_MS	5
/* A file modified and still open: its writer is waited for this long,
 * at most, so that the build never reads it half-written. */
#define WRITING_MS	2000
/* Builds kept in the private folder, the newest served: the one a build
 * rewrites was last served two builds ago, so that a slow download from
 * it has had the time of a whole build to end. */
#define SLOTS		3

struct serve {
	const char	*site;
	const char	*date;
	const char	*jobs;
	const char	*addr;
	int		 port;
	int		 no_pdfs;
	int		 quiet;
	int		 verbose;
	char		*self;		/* this program */
	char		*priv;		/* the private folder */
	int		 slot;		/* the next build goes to site-SLOT,
					   0 to SLOTS - 1 */
	int		 sigfd;
	struct rusage	 ru;		/* the last build's CPU time */
	struct srv	 srv;
};

static double
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The CPU time of a finished build, user and system. */
static double
cpu_ms(const struct rusage *ru)
{
	return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1e3 +
	    (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e3;
}

/* Folds the names, sizes, times and inodes of every file under dir into
 * h: two equal sums mean no file changed in between. */
static uint64_t
snap_tree(const char *dir, uint64_t h)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		*p;

	if (lstat(dir, &st) == -1)
		return hash64("-", 1, h);
	h = hash64(dir, strlen(dir), h);
	h = hash64(&st.st_size, sizeof(st.st_size), h);
	h = hash64(&st.st_mtim, sizeof(st.st_mtim), h);
	h = hash64(&st.st_ctim, sizeof(st.st_ctim), h);
	h = hash64(&st.st_ino, sizeof(st.st_ino), h);
	if (!S_ISDIR(st.st_mode) || (d = opendir(dir)) == NULL)
		return h;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = path_join(dir, e->d_name);
		h = snap_tree(p, h);
		free(p);
	}
	closedir(d);
	return h;
}

static uint64_t
snapshot(const char *site)
{
	static const char *const parts[] = { "site.yaml", "content",
	    "layouts" };
	uint64_t	 h = HASH64_START;
	size_t		 i;
	char		*p;

	for (i = 0; i < 3; i++) {
		p = path_join(site, parts[i]);
		h = snap_tree(p, h);
		free(p);
	}
	return h;
}

/* base_url's path from site.yaml ("/" when it has none, or no site). */
static char *
base_path(const char *site)
{
	struct arena	 a = { 0 };
	struct diag	 d;
	struct ynode	*root, *v;
	const char	*p;
	char		*file, *text, *r = NULL;
	size_t		 len, n;

	memset(&d, 0, sizeof(d));
	d.silent = 1;
	file = path_join(site, "site.yaml");
	if ((text = read_file(file, &len)) != NULL &&
	    (root = yaml_load(&a, &d, file, text, len)) != NULL &&
	    root->type == Y_MAP && (v = ymap_get(root, "base_url", NULL)) !=
	    NULL && v->type == Y_SCALAR && (p = strstr(v->str, "://")) !=
	    NULL && (p = strchr(p + 3, '/')) != NULL) {
		n = strcspn(p, "?#");
		r = xasprintf("%.*s%s", (int)n, p, n > 0 && p[n - 1] == '/' ?
		    "" : "/");
	}
	free(text);
	free(file);
	arena_free(&a);
	diag_free(&d);
	return r != NULL ? r : xstrdup("/");
}

/* Waits for the build, reading what it says; kills it on Ctrl-C. */
static int
collect(struct serve *sv, pid_t pid, int fd, xmlBufferPtr msgs, int *stop)
{
	struct pollfd	 pf[2] = { { fd, POLLIN, 0 }, { sv->sigfd, POLLIN, 0 } };
	struct signalfd_siginfo si;
	char		 buf[4096];
	ssize_t		 n;
	int		 status;

	for (;;) {
		if (poll(pf, 2, -1) == -1 && errno != EINTR)
			break;
		if (pf[1].revents & POLLIN &&
		    read(sv->sigfd, &si, sizeof(si)) > 0) {
			*stop = 1;
			kill(pid, SIGTERM);
			pf[1].fd = -1;
		}
		if (pf[0].revents & (POLLIN | POLLHUP)) {
			if ((n = read(fd, buf, sizeof(buf))) <= 0)
				break;
			bput(msgs, buf, (size_t)n);
		}
	}
	while (wait4(pid, &status, 0, &sv->ru) == -1 && errno == EINTR)
		continue;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* One build of the site into out: herald build itself, whose messages
 * are kept in msgs.  Returns its exit status. */
static int
build_once(struct serve *sv, const char *out, xmlBufferPtr msgs, int *stop)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t	 none, dfl;
	const char	*argv[16];
	int		 argc = 0, p[2], r;
	pid_t		 pid;

	argv[argc++] = sv->self;
	argv[argc++] = "build";
	argv[argc++] = "-s";
	argv[argc++] = sv->site;
	argv[argc++] = "-o";
	argv[argc++] = out;
	argv[argc++] = "--drafts";
	argv[argc++] = "--future";
	if (sv->no_pdfs)
		argv[argc++] = "--no-pdfs";
	if (sv->date != NULL) {
		argv[argc++] = "--date";
		argv[argc++] = sv->date;
	}
	if (sv->jobs != NULL) {
		argv[argc++] = "-j";
		argv[argc++] = sv->jobs;
	}
	argv[argc] = NULL;
	if (pipe2(p, O_CLOEXEC) == -1) {
		bprintf(msgs, "herald: cannot start a build: %s\n",
		    strerror(errno));
		return 1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, p[1], STDERR_FILENO);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	r = posix_spawn(&pid, sv->self, &fa, &attr, (char **)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(p[1]);
	if (r != 0) {
		close(p[0]);
		bprintf(msgs, "herald: cannot start a build: %s\n",
		    strerror(r));
		return 1;
	}
	r = collect(sv, pid, p[0], msgs, stop);
	close(p[0]);
	return r;
}

/* The messages without the "built ..." line a good build ends with. */
static void
print_msgs(const struct serve *sv, xmlBufferPtr msgs, int ok)
{
	const char	*s = (const char *)xmlBufferContent(msgs), *nl;
	size_t		 n;

	for (; *s != '\0'; s = nl + (*nl != '\0')) {
		nl = s + strcspn(s, "\n");
		n = (size_t)(nl - s);
		if (ok && strncmp(s, "built ", 6) == 0)
			continue;
		if (!sv->quiet || strstr(s, "error") != NULL)
			fprintf(stderr, "%.*s\n", (int)n, s);
	}
}

/*
 * Builds, then swaps the new site in and tells the open pages.  Returns
 * 0 on Ctrl-C, 2 when a file changed during the build (nothing is
 * swapped in), else 1.
 */
static int
rebuild(struct serve *sv, int css)
{
	xmlBufferPtr	 msgs;
	uint64_t	 before, after;
	char		*out;
	double		 t0 = now_ms();
	int		 status, stop = 0;

	out = xasprintf("%s/site-%d", sv->priv, sv->slot);
	msgs = bnew();
	before = snapshot(sv->site);
	status = build_once(sv, out, msgs, &stop);
	after = snapshot(sv->site);
	if (stop || before != after) {
		/* A file changed while the build read it: this build is
		 * dropped, and the loop waits for the writer to finish. */
		if (!stop && sv->verbose)
			fprintf(stderr, "herald: a file changed while it was "
			    "read: building again\n");
		xmlBufferFree(msgs);
		free(out);
		return stop ? 0 : 2;
	}
	print_msgs(sv, msgs, status == 0);
	pthread_mutex_lock(&sv->srv.lock);
	css = css && status == 0 && sv->srv.errors == NULL &&
	    sv->srv.root != NULL;
	free(sv->srv.errors);
	sv->srv.errors = NULL;
	if (status == 0) {
		free(sv->srv.root);
		sv->srv.root = out;
		out = NULL;
		sv->slot = (sv->slot + 1) % SLOTS;
		free(sv->srv.base);
		sv->srv.base = base_path(sv->site);
	} else
		sv->srv.errors = xstrdup((const char *)xmlBufferContent(msgs));
	sv->srv.gen++;
	if (!css)
		sv->srv.full_gen = sv->srv.gen;
	pthread_cond_broadcast(&sv->srv.cond);
	pthread_mutex_unlock(&sv->srv.lock);
	if (status != 0)
		fprintf(stderr, "herald: the site did not build: %s\n",
		    sv->srv.root != NULL ? "the last good build is still "
		    "served, with these errors on every page" : "its pages "
		    "show these errors until it does");
	else if (sv->verbose)
		fprintf(stderr, "herald: built in %.0f ms (CPU %.0f ms)\n",
		    now_ms() - t0, cpu_ms(&sv->ru));
	else if (!sv->quiet)
		fprintf(stderr, "herald: built in %.0f ms\n", now_ms() - t0);
	xmlBufferFree(msgs);
	free(out);
	return 1;
}

/* Waits for changes and rebuilds after each quiet spell, until Ctrl-C. */
static void
loop(struct serve *sv, struct watch *w, int pending)
{
	struct pollfd	 pf[2];
	struct signalfd_siginfo si;
	double		 due = now_ms() + QUIET_MS;
	int		 css = 0, r, timeout;

	pf[0].fd = watch_fd(w);
	pf[0].events = POLLIN;
	pf[1].fd = sv->sigfd;
	pf[1].events = POLLIN;
	for (;;) {
		timeout = -1;
		if (pending) {
			double left = due - now_ms();
			timeout = left <= 0 ? 0 : (int)left + 1;
		}
		if (poll(pf, 2, timeout) == -1 && errno != EINTR)
			return;
		if (pf[1].revents & POLLIN) {
			if (read(sv->sigfd, &si, sizeof(si)) > 0)
				return;
		}
		if (pf[0].revents & POLLIN) {
			r = watch_read(w);
			if (r & WATCH_CHANGED) {
				pending = 1;
				if (r & WATCH_NOT_CSS)
					css = 0;
				due = now_ms() + ((r & WATCH_WRITING) ?
				    WRITING_MS : (r & WATCH_SETTLED) ?
				    SETTLED_MS : QUIET_MS);
			}
		}
		if (pending && now_ms() >= due) {
			if ((r = rebuild(sv, css)) == 0)
				return;
			pending = r == 2;
			css = !pending;
			due = now_ms() + QUIET_MS;
		}
	}
}

static int
serve_usage(const char *fmt, const char *arg)
{
	fputs("herald: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	fputs(usage_serve, stderr);
	return 2;
}

static int
parse(struct serve *sv, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "bind", required_argument, NULL, 'b' },
		{ "date", required_argument, NULL, 'D' },
		{ "no-pdfs", no_argument, NULL, 'P' },
		{ "future", no_argument, NULL, 'F' },
		{ "drafts", no_argument, NULL, 'd' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct date	 dt;
	char		*end;
	long		 v;
	int		 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:p:j:qvh", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 's':
			sv->site = optarg;
			break;
		case 'p':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || v < 0 || v > 65535)
				return serve_usage("-p needs a port number from "
				    "0 (any free one) to 65535, not \"%s\"",
				    optarg);
			sv->port = (int)v;
			break;
		case 'b':
			sv->addr = optarg;
			break;
		case 'D':
			if (parse_date(optarg, &dt) != 1)
				return serve_usage("--date needs a real date "
				    "like 2024-03-31, not \"%s\"", optarg);
			sv->date = optarg;
			break;
		case 'P':
			sv->no_pdfs = 1;
			break;
		case 'F':
		case 'd':
			break;		/* serve always includes them */
		case 'j':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 64)
				return serve_usage("-j needs a number from 1 to "
				    "64, not \"%s\"", optarg);
			sv->jobs = optarg;
			break;
		case 'q':
			sv->quiet = 1;
			break;
		case 'v':
			sv->verbose = 1;
			break;
		case 'h':
			fputs(usage_serve, stdout);
			return -1;
		default:
			fputs(usage_serve, stderr);
			return 2;
		}
	}
	if (optind < argc)
		return serve_usage("unexpected argument \"%s\"", argv[optind]);
	if (!is_dir(sv->site))
		return serve_usage("no site folder %s", sv->site);
	return 0;
}

static int
loopback(const char *addr)
{
	return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0 ||
	    strcmp(addr, "localhost") == 0;
}

int
serve_main(int argc, char *argv[])
{
	struct serve		 sv;
	struct MHD_Daemon	*d;
	struct watch		*w = NULL;
	const char		*tmp;
	sigset_t		 sigs;
	char			*tmpl;
	int			 r;

	memset(&sv, 0, sizeof(sv));
	sv.site = ".";
	sv.addr = "127.0.0.1";
	sv.port = 8000;
	sv.sigfd = -1;
	if ((r = parse(&sv, argc, argv)) != 0)
		return r < 0 ? 0 : r;
	if (strcmp(sv.addr, "localhost") == 0)
		sv.addr = "127.0.0.1";
	pthread_mutex_init(&sv.srv.lock, NULL);
	pthread_cond_init(&sv.srv.cond, NULL);
	sv.srv.base = base_path(sv.site);

	/* Ctrl-C and kill come through a descriptor, to every thread's
	 * mask, so that the loop ends and cleans up. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((sv.sigfd = signalfd(-1, &sigs, SFD_CLOEXEC)) == -1 ||
	    (sv.self = realpath("/proc/self/exe", NULL)) == NULL) {
		fprintf(stderr, "herald: cannot start: %s\n", strerror(errno));
		r = 1;
		goto done;
	}
	if ((tmp = getenv("TMPDIR")) == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	tmpl = xasprintf("%s/herald-serve-XXXXXX", tmp);
	if (mkdtemp(tmpl) == NULL) {
		fprintf(stderr, "herald: cannot make a private folder in %s: "
		    "%s\n", tmp, strerror(errno));
		free(tmpl);
		r = 1;
		goto done;
	}
	sv.priv = tmpl;
	if ((d = http_start(&sv.srv, sv.addr, &sv.port)) == NULL) {
		r = 1;
		goto done;
	}
	if (!loopback(sv.addr))
		fprintf(stderr, "herald: warning: listening on %s: anyone on "
		    "the network can read this preview, drafts included\n",
		    sv.addr);
	printf("herald: serving %s at http://%s%s%s:%d%s (Ctrl-C to stop)\n",
	    sv.site, strchr(sv.addr, ':') ? "[" : "", sv.addr,
	    strchr(sv.addr, ':') ? "]" : "", sv.port, sv.srv.base);
	fflush(stdout);
	if (sv.verbose)
		fprintf(stderr, "herald: building into %s\n", sv.priv);
	w = watch_open(sv.site);
	if (w != NULL && (r = rebuild(&sv, 0)) != 0)
		loop(&sv, w, r == 2);
	http_stop(&sv.srv, d);
	if (!sv.quiet)
		fprintf(stderr, "herald: stopped\n");
	r = 0;
done:
	watch_close(w);
	if (sv.priv != NULL && !remove_tree(sv.priv))
		fprintf(stderr, "herald: cannot remove %s: %s\n", sv.priv,
		    strerror(errno));
	free(sv.priv);
	free(sv.self);
	free(sv.srv.root);
	free(sv.srv.base);
	free(sv.srv.errors);
	if (sv.sigfd != -1)
		close(sv.sigfd);
	pthread_cond_destroy(&sv.srv.cond);
	pthread_mutex_destroy(&sv.srv.lock);
	return r;
}
