/** Instance logs: a bounded in-memory ring plus a rotating file per Instance, followable line by line. */
package dev.continuum.agent.logs;
