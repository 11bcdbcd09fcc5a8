/**
 * Who may call the API: bearer JWTs checked with an HMAC secret or an issuer's keys, the
 * rules of who may write which image, and local demo tokens.
 */
package io.imagepipe.ingest.auth;
