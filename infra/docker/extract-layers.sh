#!/bin/sh
# extract-layers.sh JAR DESTINATION: Spring Boot's layers of an exec jar (dependencies,
# spring-boot-loader, snapshot-dependencies, application), as infra/docker/Dockerfile copies
# them. The layer tools (-Djarmode=tools) run on spring-core, which image-import's jar (a
# plain command-line program) does not contain: such a jar goes whole into the application
# layer, and the other layers are empty.
set -eu
jar=$1
destination=$2
if jar tf "$jar" | grep -q '^BOOT-INF/lib/spring-core-'; then
	java -Djarmode=tools -jar "$jar" extract --layers --destination "$destination"
else
	mkdir -p "$destination/dependencies" "$destination/spring-boot-loader" \
		"$destination/snapshot-dependencies" "$destination/application"
	cp "$jar" "$destination/application/app.jar"
fi
