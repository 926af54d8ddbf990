/*
 * ticker: a service that proves it runs. It writes "tick <n>" to stdout every 200 ms, numbered from
 * 1 at its start, so its log shows when it ran, and a restart shows as a new "tick 1".
 */
#include <stdio.h>
#include <time.h>

int main(void) {
    struct timespec pause = {0, 200 * 1000 * 1000};
    for (unsigned long n = 1;; n++) {
        printf("tick %lu\n", n);
        fflush(stdout);
        nanosleep(&pause, NULL);
    }
}
