/**
 * Test-only support: each test JVM gets its own PostgreSQL database and its own broker
 * namespace, on the local services or, where a Docker engine exists, on Testcontainers.
 */
package io.imagepipe.testsupport;
