/* sandbox.c: Landlock: herald reads only what it needs, writes only beside its output. */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/landlock.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"
#include "core/sandbox.h"

/* The ruleset as the newest ABI takes it; older ones read a prefix. */
struct ll_ruleset {
	uint64_t	 fs;
	uint64_t	 net;
	uint64_t	 scoped;
};

/* Rights newer than some system headers. */
#define LL_FS_TRUNCATE		(1ULL << 14)	/* ABI 3 */
#define LL_NET_BIND_TCP		(1ULL << 0)	/* ABI 4 */
#define LL_NET_CONNECT_TCP	(1ULL << 1)
#define LL_SCOPE_UNIX		(1ULL << 0)	/* ABI 6 */
#define LL_SCOPE_SIGNAL		(1ULL << 1)

#define LL_READ		(LANDLOCK_ACCESS_FS_READ_FILE | \
			 LANDLOCK_ACCESS_FS_READ_DIR)
/* The rights that apply to a file rather than a folder. */
#define LL_FILE		(LANDLOCK_ACCESS_FS_EXECUTE | \
			 LANDLOCK_ACCESS_FS_WRITE_FILE | \
			 LANDLOCK_ACCESS_FS_READ_FILE | LL_FS_TRUNCATE)

/* What the libraries, fonts and time zones need, read only. */
static const char *const read_paths[] = {
	"/usr/lib", "/usr/lib64", "/lib", "/lib64", "/etc/ld.so.cache",
	"/usr/share/fonts", "/usr/share/zoneinfo", "/etc/localtime",
	"/usr/share/locale", "/proc/self", NULL
};

/* The highest Landlock ABI of this kernel, 0 when it has none. */
int
sandbox_abi(void)
{
	long	 r;

	r = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	return r < 0 ? 0 : (int)r;
}

/* Allows access (of handled) under path; a missing path is skipped. */
static int
allow(int rs, const char *path, uint64_t access, uint64_t handled)
{
	struct landlock_path_beneath_attr	 pb;
	struct stat				 st;
	int					 fd, r;

	if ((fd = open(path, O_PATH | O_CLOEXEC)) == -1)
		return errno == ENOENT || errno == ENOTDIR || errno == EACCES;
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		access &= LL_FILE;
	pb.allowed_access = access & handled;
	pb.parent_fd = fd;
	r = syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb,
	    0);
	close(fd);
	return r == 0;
}

#ifdef HERALD_TEST_HOOKS
/* Tests: HERALD_TEST_ESCAPE=PATH tries to write PATH inside the sandbox. */
static void
test_escape(void)
{
	const char	*p;
	int		 fd;

	if ((p = getenv("HERALD_TEST_ESCAPE")) == NULL)
		return;
	if ((fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) ==
	    -1) {
		fprintf(stderr, "herald: test escape: cannot write %s: %s\n",
		    p, strerror(errno));
		return;
	}
	fprintf(stderr, "herald: test escape: wrote %s\n", p);
	close(fd);
}
#else
#define test_escape()
#endif

/*
 * Restricts herald for the rest of its run: reading the site folder and
 * what the libraries load, writing only in the folder that holds beside
 * (the output folder, or the PDF of herald pdf), or nowhere when it is
 * NULL; no TCP, and no signals to others where the ABI allows;
 * no_new_privs.  A kernel without Landlock is said with verbose.
 */
void
sandbox_enter(const char *site, const char *beside, int verbose)
{
	struct ll_ruleset	 rs;
	const char		*lp;
	char			*copy = NULL, *writedir = NULL;
	size_t			 size, i;
	int			 abi, fd, ok;

	lp = getenv("LD_PRELOAD");
	if (lp != NULL && strstr(lp, "vgpreload") != NULL) {
		/* Valgrind knows no Landlock call and says so. */
		if (verbose)
			fputs("herald: not sandboxed: valgrind has no "
			    "Landlock\n", stderr);
		test_escape();
		return;
	}
	if ((abi = sandbox_abi()) < 1) {
		if (verbose)
			fputs("herald: not sandboxed: this kernel has no "
			    "Landlock (Linux 5.13 or later)\n", stderr);
		test_escape();
		return;
	}
	memset(&rs, 0, sizeof(rs));
	rs.fs = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
	    LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
	    LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
	    LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
	    LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
	    LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
	    LANDLOCK_ACCESS_FS_MAKE_SYM;
	size = sizeof(rs.fs);
	if (abi >= 2)
		rs.fs |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		rs.fs |= LL_FS_TRUNCATE;
	if (abi >= 4) {
		rs.net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		size = offsetof(struct ll_ruleset, scoped);
	}
	if (abi >= 6) {
		rs.scoped = LL_SCOPE_UNIX | LL_SCOPE_SIGNAL;
		size = sizeof(rs);
	}
	if ((fd = syscall(SYS_landlock_create_ruleset, &rs, size, 0)) == -1) {
		if (verbose)
			fprintf(stderr, "herald: not sandboxed: Landlock: %s\n",
			    strerror(errno));
		test_escape();
		return;
	}
	ok = allow(fd, site, LL_READ, rs.fs) &&
	    allow(fd, "/dev/null", LL_READ | LANDLOCK_ACCESS_FS_WRITE_FILE,
	    rs.fs);
	for (i = 0; ok && read_paths[i] != NULL; i++)
		ok = allow(fd, read_paths[i], LL_READ, rs.fs);
	if (beside != NULL) {
		copy = xstrdup(beside);
		writedir = dirname(copy);
	}
	if (ok && writedir != NULL)
		ok = allow(fd, writedir, rs.fs & ~LANDLOCK_ACCESS_FS_EXECUTE,
		    rs.fs);
	if (ok)
		ok = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
		    syscall(SYS_landlock_restrict_self, fd, 0) == 0;
	if (!ok && verbose)
		fprintf(stderr, "herald: not sandboxed: Landlock: %s\n",
		    strerror(errno));
	close(fd);
	free(copy);
	test_escape();
}
