/** Reading and writing resources as YAML and JSON, strictly, with errors that point at file, line and field. */
package dev.continuum.model.codec;
