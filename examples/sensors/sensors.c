/*
 * sensors: a Continuum function driven by MQTT messages and read over HTTP, through the host ABI
 * (examples/include/continuum.h).
 *
 *   an MQTT message on sensors/NAME (payload: a number)
 *       -> keeps it in the application's bucket under NAME, logs "NAME = VALUE", and when it is
 *          above the config value "threshold" publishes "NAME VALUE" to alerts/NAME
 *   GET /fn/default/sensors/readings?NAME
 *       -> "NAME = VALUE", or 404 when NAME has not reported
 *
 * The agent runs it once per message as a POST with the payload as body and the topic (without
 * the namespace prefix it has on the broker) in HTTP_CONTINUUM_MQTT_TOPIC. It needs the log,
 * keyvalue, config and messaging capabilities (see app.yaml).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "continuum.h"

static char value[64];
static char line[256];

static const char *env(const char *name) {
    const char *v = getenv(name);
    return v != NULL ? v : "";
}

static double threshold(void) {
    char text[32];
    uint32_t len = 0;
    if (continuum_config_get("threshold", 9, text, sizeof text - 1, &len) != CONTINUUM_OK) return 1e300;
    text[len] = '\0';
    return strtod(text, NULL);
}

static int record(const char *topic) {
    const char *name = strrchr(topic, '/');
    name = name != NULL ? name + 1 : topic;
    size_t n = fread(value, 1, sizeof value - 1, stdin);
    value[n] = '\0';
    int32_t status = continuum_kv_set(name, (uint32_t)strlen(name), (const uint8_t *)value, (uint32_t)n);
    int len = snprintf(line, sizeof line, "%s = %s (store status %d)", name, value, (int)status);
    continuum_log(status == CONTINUUM_OK ? 2 : 4, line, (uint32_t)len);
    if (strtod(value, NULL) > threshold()) {
        char alert[96];
        int topic_len = snprintf(alert, sizeof alert, "alerts/%s", name);
        len = snprintf(line, sizeof line, "%s %s", name, value);
        status = continuum_msg_publish(alert, (uint32_t)topic_len, (const uint8_t *)line, (uint32_t)len);
        len = snprintf(line, sizeof line, "alert on %s (publish status %d)", alert, (int)status);
        continuum_log(3, line, (uint32_t)len);
    }
    printf("Content-Type: text/plain\n\nrecorded %s\n", name);
    return 0;
}

static int report(const char *name) {
    uint32_t len = 0;
    int32_t status = continuum_kv_get(name, (uint32_t)strlen(name), (uint8_t *)value, sizeof value, &len);
    if (status == CONTINUUM_NOT_FOUND || name[0] == '\0') {
        printf("Status: 404 Not Found\nContent-Type: text/plain\n\nno reading of \"%s\" yet\n", name);
        return 0;
    }
    if (status != CONTINUUM_OK) {
        printf("Status: 503 Service Unavailable\nContent-Type: text/plain\n\nkeyvalue status %d\n", (int)status);
        return 0;
    }
    printf("Content-Type: text/plain\n\n%s = %.*s\n", name, (int)len, value);
    return 0;
}

int main(void) {
    const char *topic = env("HTTP_CONTINUUM_MQTT_TOPIC");
    return topic[0] != '\0' ? record(topic) : report(env("QUERY_STRING"));
}
