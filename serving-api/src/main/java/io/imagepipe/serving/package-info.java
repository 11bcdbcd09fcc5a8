/**
 * serving-api: the public, read-only image endpoints and the response headers every
 * answer carries.
 */
package io.imagepipe.serving;
