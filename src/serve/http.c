/* http.c: herald serve's HTTP side: safe paths, content types, events. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "herald.h"
#include "serve/serve.h"

/* What a request whose path had a bad escape (%00, %zz) is unescaped to:
 * a byte no resolved path may hold, so that it is refused. */
#define BAD_ESCAPE	'\x01'

/* Open connections at most: enough for many tabs, bounded. */
#define MAX_CLIENTS	256
/* Seconds between comments on an idle event stream: a closed tab is
 * noticed when a write fails, and the connection timeout never ends an
 * open one. */
#define SSE_KEEPALIVE	10
#define CONN_TIMEOUT	60

static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "json", "application/json" },
	{ "xml", "application/xml" },
	{ "ics", "text/calendar; charset=utf-8" },
	{ "pdf", "application/pdf" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "svg", "image/svg+xml" },
	{ "webp", "image/webp" },
	{ "gif", "image/gif" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "woff2", "font/woff2" },
	{ "woff", "font/woff" },
	{ "eml", "message/rfc822" },
};

/* The Content-Type of a file by its name's ending. */
const char *
http_type(const char *path)
{
	const char	*dot, *slash;
	size_t		 i;

	slash = strrchr(path, '/');
	dot = strrchr(path, '.');
	if (dot != NULL && (slash == NULL || dot > slash))
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/*
 * Resolves url (unescaped, beginning with "/") inside root.  Every
 * segment is checked ("..", ".", control bytes and bad escapes are
 * refused), then the real path, symlinks followed, must still be under
 * root's real path.  A folder gives its index.html.
 */
int
http_resolve(const char *root, const char *url, char **file, int *dir)
{
	const char	*p;
	char		*path, *real, *rroot;
	size_t		 n, rn;
	struct stat	 st;
	int		 r = 0;

	*file = NULL;
	*dir = 0;
	if (url[0] != '/')
		return -1;
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return -1;
	for (p = url; *p != '\0'; p += n) {
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' &&
		    p[1] == '.'))
			return -1;
	}
	if ((rroot = realpath(root, NULL)) == NULL)
		return 0;
	n = strlen(url);
	path = xasprintf("%s%s%s", root, url, url[n - 1] == '/' ?
	    "index.html" : "");
	if ((real = realpath(path, NULL)) != NULL) {
		rn = strlen(rroot);
		if (strncmp(real, rroot, rn) == 0 && real[rn] == '/' &&
		    stat(real, &st) == 0) {
			if (S_ISREG(st.st_mode)) {
				*file = real;
				real = NULL;
				r = 1;
			} else if (S_ISDIR(st.st_mode))
				*dir = 1;
		}
	}
	free(real);
	free(path);
	free(rroot);
	return r;
}

/* Decodes %HH in place; a bad or NUL escape leaves BAD_ESCAPE. */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char	*w = s, *r = s;
	int	 hi, lo;

	for (; *r != '\0'; r++) {
		if (*r != '%') {
			*w++ = *r;
			continue;
		}
		hi = isxdigit((unsigned char)r[1]) ? r[1] : -1;
		lo = hi != -1 && isxdigit((unsigned char)r[2]) ? r[2] : -1;
		if (lo == -1) {
			*w++ = BAD_ESCAPE;
			continue;
		}
		hi = isdigit(hi) ? hi - '0' : (tolower(hi) - 'a' + 10);
		lo = isdigit(lo) ? lo - '0' : (tolower(lo) - 'a' + 10);
		*w++ = (char)(hi * 16 + lo) == '\0' ? BAD_ESCAPE :
		    (char)(hi * 16 + lo);
		r += 2;
	}
	*w = '\0';
	return (size_t)(w - s);
}

static enum MHD_Result
send_buf(struct MHD_Connection *c, unsigned status, const char *type,
    char *body, size_t len)
{
	struct MHD_Response	*res;
	enum MHD_Result		 r;

	res = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (res == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(res, "Content-Type", type);
	MHD_add_response_header(res, "Cache-Control", "no-store");
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(res, "Allow", "GET, HEAD");
	r = MHD_queue_response(c, status, res);
	MHD_destroy_response(res);
	return r;
}

static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return send_buf(c, status, "text/plain; charset=utf-8",
	    xstrdup(text), strlen(text));
}

/* One event stream: where it is, and what it has said. */
struct stream {
	struct srv	*srv;
	int		 fd;		/* its socket, watched for a hang-up */
	unsigned	 gen;		/* the generation last told */
	int		 hello;		/* the first event is sent */
};

/* The client closed the stream (a tab closed): noticed within half a
 * second, not at a write, so that its thread and socket go at once. */
static int
hung_up(int fd)
{
	struct pollfd	 pf = { fd, POLLRDHUP, 0 };

	return fd >= 0 && poll(&pf, 1, 0) == 1 &&
	    (pf.revents & (POLLRDHUP | POLLHUP | POLLERR));
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream	*st = cls;
	struct srv	*s = st->srv;
	struct timespec	 until;
	int		 n = 0, waited = 0, slices = 0;

	pthread_mutex_lock(&s->lock);
	if (!st->hello) {
		st->hello = 1;
		st->gen = s->gen;
		n = snprintf(buf, max, "retry: 500\nevent: hello\ndata: %u\n\n",
		    st->gen);
	}
	while (n == 0 && !s->stopping && s->gen == st->gen && !waited) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 500000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&s->cond, &s->lock, &until) !=
		    ETIMEDOUT)
			continue;
		if (hung_up(st->fd)) {
			n = -1;
			break;
		}
		waited = ++slices >= SSE_KEEPALIVE * 2;
	}
	if (n < 0 || (n == 0 && s->stopping))
		n = -1;
	else if (n == 0 && s->gen != st->gen) {
		/* Stylesheets alone when every build since the last told
		 * changed only them. */
		n = snprintf(buf, max, "event: %s\ndata: %u\n\n",
		    s->full_gen <= st->gen ? "css" : "reload", s->gen);
		st->gen = s->gen;
	} else if (n == 0)
		n = snprintf(buf, max, ": still here\n\n");
	pthread_mutex_unlock(&s->lock);
	return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream	*st = cls;

	pthread_mutex_lock(&st->srv->lock);
	st->srv->clients--;
	pthread_mutex_unlock(&st->srv->lock);
	free(st);
}

static enum MHD_Result
send_events(struct srv *s, struct MHD_Connection *c, int head)
{
	struct MHD_Response	*res;
	struct stream		*st;
	const union MHD_ConnectionInfo *ci;
	enum MHD_Result		 r;

	if (head)
		return send_buf(c, MHD_HTTP_OK, "text/event-stream",
		    xstrdup(""), 0);
	st = xcalloc(1, sizeof(*st));
	st->srv = s;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	st->fd = ci != NULL ? ci->connect_fd : -1;
	pthread_mutex_lock(&s->lock);
	s->clients++;
	pthread_mutex_unlock(&s->lock);
	res = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256,
	    stream_read, st, stream_free);
	if (res == NULL) {
		stream_free(st);
		return MHD_NO;
	}
	MHD_add_response_header(res, "Content-Type", "text/event-stream");
	MHD_add_response_header(res, "Cache-Control", "no-store");
	r = MHD_queue_response(c, MHD_HTTP_OK, res);
	MHD_destroy_response(res);
	return r;
}

/* Sends file (resolved), with the reload script when it is HTML. */
static enum MHD_Result
send_file(struct MHD_Connection *c, unsigned status, const char *file,
    unsigned gen, const char *errors)
{
	struct MHD_Response	*res;
	const char		*type = http_type(file);
	struct stat		 st;
	enum MHD_Result		 r;
	char			*data, *page;
	size_t			 len, plen;
	int			 fd;

	if (strncmp(type, "text/html", 9) == 0) {
		if ((data = read_file(file, &len)) == NULL)
			return send_text(c, MHD_HTTP_NOT_FOUND, "Not found\n");
		page = overlay_inject(data, len, gen, errors, &plen);
		free(data);
		return send_buf(c, status, type, page, plen);
	}
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return send_text(c, MHD_HTTP_NOT_FOUND, "Not found\n");
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return send_text(c, MHD_HTTP_NOT_FOUND, "Not found\n");
	}
	if ((res = MHD_create_response_from_fd((size_t)st.st_size, fd)) ==
	    NULL) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(res, "Content-Type", type);
	MHD_add_response_header(res, "Cache-Control", "no-store");
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	r = MHD_queue_response(c, status, res);
	MHD_destroy_response(res);
	return r;
}

/* A folder asked for without its "/": where it is. */
static enum MHD_Result
send_redirect(struct MHD_Connection *c, const char *url)
{
	struct MHD_Response	*res;
	enum MHD_Result		 r;
	char			*to;

	res = MHD_create_response_from_buffer(0, (void *)"",
	    MHD_RESPMEM_PERSISTENT);
	if (res == NULL)
		return MHD_NO;
	to = xasprintf("%s/", url);
	MHD_add_response_header(res, "Location", to);
	free(to);
	r = MHD_queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, res);
	MHD_destroy_response(res);
	return r;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **con_cls)
{
	struct srv	*s = cls;
	char		*root, *errors, *file = NULL, *nf;
	const char	*path = url;
	unsigned	 gen;
	size_t		 bn;
	int		 head, r, dir;
	enum MHD_Result	 res;

	head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	if (!head && strcmp(method, MHD_HTTP_METHOD_GET) != 0)
		return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "Only GET and HEAD\n");
	/* A body on a GET: refused when it arrives. */
	if (*upload_len != 0)
		return send_text(c, MHD_HTTP_BAD_REQUEST, "Bad request\n");
	if (*con_cls == NULL) {
		*con_cls = (void *)1;
		return MHD_YES;
	}
	if (strchr(url, BAD_ESCAPE) != NULL || url[0] != '/')
		return send_text(c, MHD_HTTP_BAD_REQUEST, "Bad request\n");
	pthread_mutex_lock(&s->lock);
	root = s->root != NULL ? xstrdup(s->root) : NULL;
	errors = s->errors != NULL ? xstrdup(s->errors) : NULL;
	gen = s->gen;
	/* The site is served at its base path and at "/" alike. */
	bn = strlen(s->base);
	if (bn > 1 && strncmp(url, s->base, bn - 1) == 0 &&
	    (url[bn - 1] == '/' || url[bn - 1] == '\0'))
		path = url + bn - 1;
	pthread_mutex_unlock(&s->lock);
	if (strcmp(path, "/__herald/events") == 0 || strcmp(url,
	    "/__herald/events") == 0) {
		res = send_events(s, c, head);
		goto done;
	}
	if (path[0] == '\0') {		/* the base path without its "/" */
		res = send_redirect(c, url);
		goto done;
	}
	if (root == NULL) {
		size_t	 len;
		char	*page = overlay_page(gen, errors, &len);

		res = send_buf(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "text/html; charset=utf-8", page, len);
		goto done;
	}
	r = http_resolve(root, path, &file, &dir);
	if (r < 0)
		res = send_text(c, MHD_HTTP_BAD_REQUEST, "Bad request\n");
	else if (r > 0)
		res = send_file(c, MHD_HTTP_OK, file, gen, errors);
	else if (dir)
		res = send_redirect(c, url);
	else if (http_resolve(root, "/404.html", &nf, &dir) > 0) {
		res = send_file(c, MHD_HTTP_NOT_FOUND, nf, gen, errors);
		free(nf);
	} else
		res = send_text(c, MHD_HTTP_NOT_FOUND, "Not found\n");
done:
	free(file);
	free(root);
	free(errors);
	return res;
}

/* A socket bound to addr:port, listening; -1 after one line on why. */
static int
listen_on(const char *addr, int *port)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 len;
	int			 fd, on = 1, e;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)*port);
		len = sizeof(*in4);
	} else if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)*port);
		len = sizeof(*in6);
	} else {
		fprintf(stderr, "herald: --bind needs an IP address like "
		    "127.0.0.1 or ::1, not \"%s\"\n", addr);
		return -1;
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) ==
	    -1) {
		fprintf(stderr, "herald: cannot make a socket: %s\n",
		    strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(fd, 64) == -1) {
		e = errno;
		close(fd);
		if (e == EADDRINUSE)
			fprintf(stderr, "herald: port %d on %s is in use "
			    "(another herald serve?): choose another with "
			    "-p PORT\n", *port, addr);
		else
			fprintf(stderr, "herald: cannot listen on %s port %d: "
			    "%s%s\n", addr, *port, strerror(e), e == EACCES ?
			    " (choose a port above 1023 with -p PORT)" : "");
		return -1;
	}
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		*port = ntohs(ss.ss_family == AF_INET ? in4->sin_port :
		    in6->sin6_port);
	return fd;
}

static void
log_quiet(void *cls, const char *fmt, va_list ap)
{
	/* libmicrohttpd's own messages (a client gone) are not the
	 * writer's business. */
}

struct MHD_Daemon *
http_start(struct srv *s, const char *addr, int *port)
{
	struct MHD_Daemon	*d;
	int			 fd;

	if ((fd = listen_on(addr, port)) == -1)
		return NULL;
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
	    (strchr(addr, ':') != NULL ? MHD_USE_IPv6 : 0), 0, NULL, NULL,
	    answer, s,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CLIENTS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, log_quiet, NULL,
	    MHD_OPTION_END);
	if (d == NULL) {
		close(fd);
		fprintf(stderr, "herald: cannot start the web server on %s "
		    "port %d\n", addr, *port);
	}
	return d;
}

/* Ends every event stream, then the server. */
void
http_stop(struct srv *s, struct MHD_Daemon *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	MHD_stop_daemon(d);
}
