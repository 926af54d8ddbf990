/** WAGI: HTTP requests served by WASI commands through CGI (environment in, headers and body out). */
package dev.continuum.wasm.wagi;
