/* A tokenizer over generated source text: byte loads, branches, a hash table of identifiers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE 4096

static const char *words[] = {"let", "value", "if", "else", "return", "while", "count", "total", "x1", "node_id", "edge", "cloud"};

int main(int argc, char **argv) {
    int repeat = argc > 1 ? atoi(argv[1]) : 30;
    size_t size = 1 << 20;
    char *text = malloc(size + 1);
    uint32_t x = 7;
    size_t pos = 0;
    while (pos + 32 < size) {
        x = x * 1664525 + 1013904223;
        int kind = (x >> 24) % 6;
        if (kind < 3) {
            const char *w = words[(x >> 8) % 12];
            size_t len = strlen(w);
            memcpy(text + pos, w, len);
            pos += len;
        } else if (kind == 3) {
            pos += (size_t)sprintf(text + pos, "%u", (x >> 4) % 100000);
        } else if (kind == 4) {
            text[pos++] = "+-*/=(){};"[(x >> 12) % 10];
        } else {
            memcpy(text + pos, "\"str\"", 5);
            pos += 5;
        }
        text[pos++] = (x & 7) == 0 ? '\n' : ' ';
    }
    text[pos] = 0;

    uint64_t checksum = 0;
    uint32_t counts[TABLE];
    for (int r = 0; r < repeat; r++) {
        memset(counts, 0, sizeof counts);
        uint64_t idents = 0, numbers = 0, punct = 0, strings = 0;
        for (const char *p = text; *p;) {
            char c = *p;
            if (c == ' ' || c == '\n') { p++; continue; }
            if ((c >= 'a' && c <= 'z') || c == '_') {
                uint32_t h = 2166136261u;
                while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') { h = (h ^ (uint8_t)*p) * 16777619u; p++; }
                counts[h % TABLE]++;
                idents++;
            } else if (c >= '0' && c <= '9') {
                uint64_t v = 0;
                while (*p >= '0' && *p <= '9') { v = v * 10 + (uint64_t)(*p - '0'); p++; }
                numbers += v & 0xff;
            } else if (c == '"') {
                p++;
                while (*p && *p != '"') p++;
                if (*p) p++;
                strings++;
            } else {
                punct += (uint8_t)c;
                p++;
            }
        }
        uint64_t spread = 0;
        for (int i = 0; i < TABLE; i++) spread = spread * 31 + counts[i];
        checksum = checksum * 31 + idents * 1000003 + numbers * 101 + punct + strings * 7 + spread + (uint64_t)r;
    }
    printf("tokens checksum = %llu\n", (unsigned long long)checksum);
    return 0;
}
