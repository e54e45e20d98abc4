/* serve.h: what the parts of herald serve share. */
#ifndef SERVE_H
#define SERVE_H

#include <pthread.h>
#include <stddef.h>

/* The one state the HTTP threads read and the build loop writes. */
struct srv {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;		/* broadcast on each new generation */
	char		*root;		/* folder of the last good build, or
					   NULL before the first one */
	char		*base;		/* base_url's path: "/" or "/x/" */
	char		*errors;	/* the failed last build's messages,
					   one a line, or NULL */
	unsigned	 gen;		/* bumped by every build that ends */
	unsigned	 full_gen;	/* the last gen that changed more than
					   stylesheets */
	int		 stopping;	/* Ctrl-C: SSE streams end */
	int		 clients;	/* SSE streams open */
};

/* http.c */
struct MHD_Daemon;
/* Listens on addr:port (port 0: any free one, set in *port); NULL after
 * printing one line that says why. */
struct MHD_Daemon *http_start(struct srv *, const char *, int *);
void	 http_stop(struct srv *, struct MHD_Daemon *);
/* Resolves the URL path url inside root: 1 with *file set (malloc'd),
 * 0 not found, -1 a request to refuse (400); *dir is set when the path
 * names a folder without its final "/". */
int	 http_resolve(const char *, const char *, char **, int *);
const char *http_type(const char *);

/* watch.c */
struct watch;
/* Watches site.yaml, content/ and layouts/ of the site folder. */
struct watch *watch_open(const char *);
int	 watch_fd(const struct watch *);
#define WATCH_CHANGED	0x1	/* a file that matters changed */
#define WATCH_SETTLED	0x2	/* the last event closed a write */
#define WATCH_NOT_CSS	0x4	/* a file other than a stylesheet */
#define WATCH_WRITING	0x8	/* a file modified is not closed yet */
int	 watch_read(struct watch *);
int	 watch_ignored(const char *);
void	 watch_close(struct watch *);

/* overlay.c */
/* The HTML to send for a built page: the reload script, and the error
 * overlay when errors is not NULL, put before </body>. */
char	*overlay_inject(const char *, size_t, unsigned, const char *,
	    size_t *);
/* The page served while no build has succeeded yet. */
char	*overlay_page(unsigned, const char *, size_t *);

#endif /* !SERVE_H */
