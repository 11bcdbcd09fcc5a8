/**
 * What the services that take bearer tokens share (ingest-api and ops-console): the token
 * checks and role claims of ADR 0010, so the same tokens and roles are valid in each.
 */
package io.imagepipe.web.security;
