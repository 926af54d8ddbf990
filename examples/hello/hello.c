/*
 * hello: a Continuum function that answers HTTP requests through WAGI (CGI over WASI).
 *
 * The gateway passes the request line and headers as environment variables and the body on
 * stdin; whatever this program writes to stdout is the response: header lines, a blank line,
 * then the body. Anything written to stderr becomes the function's log.
 *
 *   GET /fn/default/hello/greet?name=edge  ->  200 text/plain "Hello, edge!"
 *   any other method                        ->  405 with an Allow header
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME 64

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Copies the URL-decoded value of `key` from a query string into `out`; returns 0 if absent. */
static int query_param(const char *query, const char *key, char *out, size_t out_size) {
    size_t key_len = strlen(key);
    const char *p = query;
    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, '&');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len > key_len && strncmp(p, key, key_len) == 0 && p[key_len] == '=') {
            size_t n = 0;
            for (size_t i = key_len + 1; i < len && n + 1 < out_size; i++) {
                char c = p[i];
                if (c == '+') {
                    c = ' ';
                } else if (c == '%' && i + 2 < len && hex_value(p[i + 1]) >= 0 && hex_value(p[i + 2]) >= 0) {
                    c = (char)(hex_value(p[i + 1]) * 16 + hex_value(p[i + 2]));
                    i += 2;
                }
                out[n++] = c;
            }
            out[n] = '\0';
            return 1;
        }
        p = end != NULL ? end + 1 : NULL;
    }
    return 0;
}

/* Keeps only printable characters so the answer never carries control bytes. */
static void sanitize(char *s) {
    for (; *s != '\0'; s++) {
        if (!isprint((unsigned char)*s)) *s = '?';
    }
}

int main(void) {
    const char *method = getenv("REQUEST_METHOD");
    const char *query = getenv("QUERY_STRING");
    if (method == NULL) method = "GET";

    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        fprintf(stderr, "greet: refused method %s\n", method);
        printf("Status: 405 Method Not Allowed\n");
        printf("Allow: GET, HEAD\n");
        printf("Content-Type: text/plain\n\n");
        printf("greet answers GET only\n");
        return 0;
    }

    char name[MAX_NAME + 1] = "world";
    if (query != NULL && query_param(query, "name", name, sizeof name) && name[0] == '\0') {
        strcpy(name, "world");
    }
    sanitize(name);

    fprintf(stderr, "greet: name=%s\n", name);
    printf("Content-Type: text/plain\n\n");
    printf("Hello, %s!\n", name);
    return 0;
}
