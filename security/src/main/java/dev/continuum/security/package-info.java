/** Certificates, TLS and signatures: the cluster CA, node identities, CA pins and module signing. */
package dev.continuum.security;
