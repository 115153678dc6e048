/*
 * usercmd: `uptodate user add|del|list`, the batch API's users.
 */
#ifndef UTD_USERCMD_H
#define UTD_USERCMD_H

/* argv[0] is "user". Returns the exit status. */
int user_main(int argc, char **argv, const char *version);

#endif
