/* jobs.c: the one pool of threads: numbered items taken in turn, workers started and joined in order. */
#include <pthread.h>

#include "herald.h"

#define JOBS_MAX	64		/* threads at most, as -j allows */

int
jobs_next(struct jobs *j, size_t *i)
{
	if (__atomic_load_n(&j->stop, __ATOMIC_RELAXED))
		return 0;
	*i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
	return *i < j->n;
}

void
jobs_stop(struct jobs *j)
{
	__atomic_store_n(&j->stop, 1, __ATOMIC_RELAXED);
}

/*
 * The threads share d: while they run its messages go through a lock,
 * unless a pool around this one set one already.  What they say is kept
 * in item order by the caller (diag_defer, diag_key), so the output is
 * the same whatever the number of threads.
 */
void
jobs_run(struct diag *d, int threads, void *(*work)(void *), void *arg,
    void (*done)(void *, void *), void *ctx)
{
	pthread_mutex_t	 lock;
	pthread_t	 th[JOBS_MAX];
	void		*res;
	int		 k, started = 0, locked = 0;

	if (threads > JOBS_MAX)
		threads = JOBS_MAX;
	if (threads > 1 && d->lock == NULL &&
	    pthread_mutex_init(&lock, NULL) == 0) {
		d->lock = &lock;
		locked = 1;
	}
	if (threads > 1 && d->lock != NULL)
		for (started = 0; started < threads - 1; started++)
			if (pthread_create(&th[started], NULL, work, arg) != 0)
				break;
	res = work(arg);
	if (done != NULL)
		done(ctx, res);
	for (k = 0; k < started; k++) {
		pthread_join(th[k], &res);
		if (done != NULL)
			done(ctx, res);
	}
	if (locked) {
		d->lock = NULL;
		pthread_mutex_destroy(&lock);
	}
}
