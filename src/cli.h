/* cli.h: the command line (cli.c), shared by the commands of main.c and main_init.c. */
#ifndef CLI_H
#define CLI_H

/* Each command's usage, printed by --help and after a usage error. */
extern const char usage_main[], usage_build[], usage_check[], usage_pdf[],
		  usage_email[], usage_new[];

/* The options of build, check, pdf, email and new. */
struct opts {
	const char	*site;
	const char	*output;
	struct date	 today;
	int		 drafts;
	int		 no_pdfs;	/* a quick preview without PDFs */
	int		 jobs;
	int		 quiet;
	int		 verbose;
	int		 timings;	/* print each stage's time */
	int		 future;	/* --future: publish scheduled items,
					   marked "Scheduled" */
	const char	*base_url;	/* --base-url: a staging address */
};

/* Says what is wrong with the command line, then how to use the
 * command; returns the exit status of a usage error, 2. */
int	 usage_error(const char *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* The build date: the argument of --date, else SOURCE_DATE_EPOCH, else
 * the clock; returns 0 when it is no date. */
int	 build_date(const char *, struct date *);
/* Reads argv into o, taking only the options whose letters are in
 * allowed; returns 0 to go on, -1 after --help, or an exit status. */
int	 parse_opts(int, char *[], struct opts *, const char *, const char *);

/* herald new TYPE "Title" (main_init.c).  Returns the exit status. */
int	 cmd_new(int, char *[]);

#endif
