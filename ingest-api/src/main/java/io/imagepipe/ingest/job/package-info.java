/**
 * Handing stored jobs to RabbitMQ: the broker topology, the after-commit publisher with
 * publisher confirms and mandatory returns, and the relay that republishes what a publish
 * missed.
 */
package io.imagepipe.ingest.job;
