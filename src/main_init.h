/* main_init.h: herald init (main_init.c), called by main.c. */
#ifndef MAIN_INIT_H
#define MAIN_INIT_H

/* herald init DIR: argv[0] is "init".  Returns the exit status. */
int	 cmd_init(int, char *[], const struct date *);

#endif
