/**
 * The processing state of an upload pushed to the browser: one Server-Sent Events stream
 * per upload ({@code queued}, {@code processing}, then {@code ready}, {@code failed} or
 * {@code superseded}), fed by one shared poller that reads the states of all watched
 * uploads in one query per tick. PostgreSQL stays the truth; see docs/adr/0008.
 */
package io.imagepipe.ingest.events;
