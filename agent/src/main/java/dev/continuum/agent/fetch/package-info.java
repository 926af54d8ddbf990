/** Getting module bytes from file: and https: URLs, verified by digest and cached on disk by digest. */
package dev.continuum.agent.fetch;
