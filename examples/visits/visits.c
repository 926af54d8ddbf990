/*
 * visits: a Continuum function that counts its visitors in the application's key-value bucket and
 * logs each visit through the host ABI (examples/include/continuum.h). Answers WAGI requests:
 *
 *   GET /fn/default/visits/count  ->  200 text/plain "visit 1", "visit 2", ...
 *
 * It needs the keyvalue and log capabilities (see app.yaml); without them it does not link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "continuum.h"

static const char KEY[] = "visits";

int main(void) {
    char value[32];
    uint32_t len = 0;
    long visits = 0;
    int32_t status = continuum_kv_get(KEY, sizeof KEY - 1, (uint8_t *)value, sizeof value - 1, &len);
    if (status == CONTINUUM_OK) {
        value[len] = '\0';
        visits = strtol(value, NULL, 10);
    } else if (status != CONTINUUM_NOT_FOUND) {
        printf("Status: 503 Service Unavailable\nContent-Type: text/plain\n\nkeyvalue status %d\n", (int)status);
        return 0;
    }
    visits++;
    int n = snprintf(value, sizeof value, "%ld", visits);
    status = continuum_kv_set(KEY, sizeof KEY - 1, (const uint8_t *)value, (uint32_t)n);
    if (status != CONTINUUM_OK) {
        printf("Status: 503 Service Unavailable\nContent-Type: text/plain\n\nkeyvalue status %d\n", (int)status);
        return 0;
    }
    char line[64];
    int line_len = snprintf(line, sizeof line, "visit %ld", visits);
    continuum_log(2, line, (uint32_t)line_len);
    printf("Content-Type: text/plain\n\nvisit %ld\n", visits);
    return 0;
}
