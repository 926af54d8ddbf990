/*
 * continuum.h: the Continuum host ABI for C (wasm32-wasi). See docs/abi.md.
 *
 * Every function lives in the "continuum" import module, takes i32 pointers and lengths into
 * linear memory and returns a status (CONTINUUM_OK or an error below). Importing a function whose
 * capability the application does not grant makes the module fail to link, with the reason.
 * Output buffers: pass the buffer, its capacity and a pointer that receives the value's length;
 * CONTINUUM_TOO_SMALL means the value did not fit and *len holds the size needed.
 */
#ifndef CONTINUUM_H
#define CONTINUUM_H

#include <stdint.h>

#define CONTINUUM_OK 0
#define CONTINUUM_NOT_FOUND 1   /* no such key / config value; msg_receive: queue empty */
#define CONTINUUM_DENIED 2      /* the grant does not cover this URL, topic, ... */
#define CONTINUUM_TOO_SMALL 3   /* output buffer too small; *len holds the size needed */
#define CONTINUUM_INVALID 4     /* malformed argument (bad UTF-8, bad URL, bad pointer) */
#define CONTINUUM_UNAVAILABLE 5 /* backend failed (store, broker, remote host); retry later */
#define CONTINUUM_LIMIT 6       /* size or count limit hit */
#define CONTINUUM_TIMEOUT 7     /* the remote side did not answer in time */

#define CONTINUUM_IMPORT(name) __attribute__((import_module("continuum"), import_name(name)))

/* log (capability "log"): level 0 trace, 1 debug, 2 info, 3 warn, 4 error. */
CONTINUUM_IMPORT("log") int32_t continuum_log(int32_t level, const char *msg, uint32_t msg_len);

/* config (capability "config"): a value of the component's configuration. */
CONTINUUM_IMPORT("config_get")
int32_t continuum_config_get(const char *key, uint32_t key_len, char *value, uint32_t value_cap, uint32_t *value_len);

/* keyvalue (capability "keyvalue"): the application's bucket. Keys: 1..512 bytes of UTF-8; values up to 1 MiB. */
CONTINUUM_IMPORT("kv_get")
int32_t continuum_kv_get(const char *key, uint32_t key_len, uint8_t *value, uint32_t value_cap, uint32_t *value_len);
CONTINUUM_IMPORT("kv_set")
int32_t continuum_kv_set(const char *key, uint32_t key_len, const uint8_t *value, uint32_t value_len);
CONTINUUM_IMPORT("kv_delete") int32_t continuum_kv_delete(const char *key, uint32_t key_len);

/*
 * http-outbound (capability "http-outbound"): one HTTP/1.1 request to a URL on the allow-list.
 * headers: "Name: value\n" lines (Host, Connection, Content-Length are set by the host).
 * On CONTINUUM_OK, *status is the HTTP status and the body is in response (see TOO_SMALL above;
 * the request is not repeated, so size the buffer for the largest answer you expect).
 */
CONTINUUM_IMPORT("http_request")
int32_t continuum_http_request(const char *method, uint32_t method_len, const char *url, uint32_t url_len,
                               const char *headers, uint32_t headers_len, const uint8_t *body, uint32_t body_len,
                               uint8_t *response, uint32_t response_cap, uint32_t *response_len, uint32_t *status);

/* messaging (capability "messaging"): MQTT topics granted for publish / subscribe. */
CONTINUUM_IMPORT("msg_publish")
int32_t continuum_msg_publish(const char *topic, uint32_t topic_len, const uint8_t *payload, uint32_t payload_len);
CONTINUUM_IMPORT("msg_subscribe") int32_t continuum_msg_subscribe(const char *filter, uint32_t filter_len);
/* Takes the oldest queued message; CONTINUUM_NOT_FOUND when none is waiting (it never blocks). */
CONTINUUM_IMPORT("msg_receive")
int32_t continuum_msg_receive(char *topic, uint32_t topic_cap, uint32_t *topic_len, uint8_t *payload, uint32_t payload_cap,
                              uint32_t *payload_len);

#endif
