/* sandbox.h: the Landlock sandbox (sandbox.c), entered by main.c once the options are read. */
#ifndef SANDBOX_H
#define SANDBOX_H

/* The kernel's Landlock ABI, 0 without. */
int	 sandbox_abi(void);
/* From now on: read the site and the system's libraries, fonts and
 * zones; write only in the folder holding the second path (or nowhere
 * when NULL); says with verbose when the kernel has no Landlock. */
void	 sandbox_enter(const char *, const char *, int);

#endif
