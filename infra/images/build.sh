#!/usr/bin/env bash
# Builds, from Debian 13 (trixie) packages, the base images that infra/docker/Dockerfile,
# infra/docker-compose.yml and the Testcontainers-backed tests need where no image registry
# can be reached, and writes the compose variables that select them to
# infra/images/local-images.env:
#
#   imagepipe/debian:trixie-minbase               debootstrap --variant=minbase + docker import
#   imagepipe/jdk:21-trixie                       for eclipse-temurin:21-jdk-noble (build stage)
#   imagepipe/jre:21-trixie                       for eclipse-temurin:21-jre-noble (runtime)
#   imagepipe/postgres:17-trixie                  for postgres:17-alpine
#   imagepipe/rabbitmq:4-management-trixie        for rabbitmq:4-management-alpine
#   imagepipe/nginx-unprivileged:1.26-trixie      for nginxinc/nginx-unprivileged:1.28-alpine
#
# Each image carries the hash of its recipe (the folder beside this script, and this script
# for the Debian base) as the label io.imagepipe.recipe; an image whose label matches is kept,
# so a second run on the same machine takes a second or two. --rebuild builds all anew (for
# Debian's security updates). docs/operations.md lists how these differ from the official
# images.
#
# It also makes sure a Docker engine answers (installing Debian's docker.io and starting
# dockerd, as root, where there is no service manager) and that `docker compose` is Compose v2
# (Debian 13's docker-compose package, whose binary runs on Debian 12 too).
#
#   infra/images/build.sh [--rebuild]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rebuild=false
[ "${1:-}" = --rebuild ] && rebuild=true

suite=trixie
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=imagepipe/debian:trixie-minbase

log() { echo "[images] $*" >&2; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

apt_install() {
	log "installing $* (apt-get)"
	as_root apt-get update -qq
	RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# A Docker engine that answers: Debian's docker.io, and dockerd started by hand where no
# service manager runs it (logs in /var/log/dockerd.log).
ensure_engine() {
	if docker info >/dev/null 2>&1; then return 0; fi
	if ! command -v dockerd >/dev/null 2>&1; then
		apt_install docker.io
	fi
	if docker info >/dev/null 2>&1; then return 0; fi
	if ! pgrep -x dockerd >/dev/null 2>&1; then
		log "starting dockerd (log: /var/log/dockerd.log)"
		as_root sh -c 'nohup dockerd >>/var/log/dockerd.log 2>&1 </dev/null &'
	fi
	for _ in $(seq 1 60); do
		docker info >/dev/null 2>&1 && return 0
		sleep 1
	done
	log "the Docker engine does not answer; see /var/log/dockerd.log"
	return 1
}

# The hash of an image's recipe: this script for the Debian base, else the image's folder.
recipe_hash() {
	(
		cd "$here"
		if [ $# -eq 0 ]; then
			sha256sum build.sh
		else
			find "$1" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
		fi | sha256sum | cut -c1-16
	)
}

current_recipe() {
	docker image inspect -f '{{ index .Config.Labels "io.imagepipe.recipe" }}' "$1" 2>/dev/null || true
}

build_base() {
	local hash
	hash=$(recipe_hash)
	if ! $rebuild && [ "$(current_recipe "$base")" = "$hash" ]; then
		log "$base is up to date"
		return 0
	fi
	command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
	local root
	root=$(mktemp -d /var/tmp/imagepipe-rootfs.XXXXXX)
	log "debootstrap --variant=minbase $suite (from $mirror)"
	as_root debootstrap --variant=minbase "$suite" "$root" "$mirror" >/dev/null
	# no recommended packages, no package lists in the image
	printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
		| as_root tee "$root/etc/apt/apt.conf.d/90imagepipe" >/dev/null
	as_root rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
	as_root tar -C "$root" -c . | docker import \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'ENV DEBIAN_FRONTEND=noninteractive' \
		--change 'CMD ["bash"]' \
		--change "LABEL io.imagepipe.recipe=$hash" \
		--change "LABEL org.opencontainers.image.description=\"Debian $suite minbase (debootstrap), local base of the imagepipe images\"" \
		- "$base" >/dev/null
	as_root rm -rf "$root"
	log "built $base"
}

# build_image NAME FOLDER STANDS_IN_FOR [--build-arg ...]
build_image() {
	local name=$1 folder=$2 official=$3 hash
	shift 3
	hash=$(printf '%s %s' "$(current_recipe "$base")" "$(recipe_hash "$folder")" | sha256sum | cut -c1-16)
	if ! $rebuild && [ "$(current_recipe "$name")" = "$hash" ]; then
		log "$name is up to date"
		return 0
	fi
	log "building $name (stands in for $official)"
	# the classic builder: no BuildKit frontend image to fetch, no buildx needed
	DOCKER_BUILDKIT=0 docker build -q --pull=false --build-arg "BASE=$base" "$@" \
		--label "io.imagepipe.recipe=$hash" \
		--label "io.imagepipe.stands-in-for=$official" \
		--label "org.opencontainers.image.description=Local stand-in for $official, built from Debian $suite packages (infra/images)" \
		-t "$name" "$here/$folder" >/dev/null
	log "built $name"
}

# `docker compose` as Compose v2: Debian 13's docker-compose package (2.26), whose plugin
# binary is taken from the package into /usr/local/lib/docker/cli-plugins.
ensure_compose_v2() {
	if docker compose version --short 2>/dev/null | grep -q '^v\?2\.'; then return 0; fi
	local work
	work=$(mktemp -d /var/tmp/imagepipe-compose.XXXXXX)
	log "installing Compose v2 from Debian $suite's docker-compose package"
	docker run --rm -v "$work:/out" "$base" sh -c \
		'cd /out && apt-get update -qq && apt-get download -q docker-compose 2>/dev/null && chmod a+r /out/*.deb' >/dev/null
	dpkg-deb -x "$work"/docker-compose_*.deb "$work/x"
	as_root install -D -m 755 "$work/x/usr/libexec/docker/cli-plugins/docker-compose" \
		/usr/local/lib/docker/cli-plugins/docker-compose
	rm -rf "$work"
	docker compose version
}

main() {
	ensure_engine
	(
		# one build at a time on this machine
		flock 9
		build_base
		build_image imagepipe/jdk:21-trixie jdk eclipse-temurin:21-jdk-noble --build-arg JAVA_VERSION=21
		build_image imagepipe/jre:21-trixie jre eclipse-temurin:21-jre-noble --build-arg JAVA_VERSION=21
		build_image imagepipe/postgres:17-trixie postgres postgres:17-alpine
		build_image imagepipe/rabbitmq:4-management-trixie rabbitmq rabbitmq:4-management-alpine
		build_image imagepipe/nginx-unprivileged:1.26-trixie nginx nginxinc/nginx-unprivileged:1.28-alpine
		ensure_compose_v2
	) 9>/var/tmp/imagepipe-images.lock
	cat >"$here/local-images.env" <<-EOF
		# written by infra/images/build.sh: the local images built from Debian $suite packages, in
		# place of the official ones (docs/operations.md). Not committed.
		JAVA_BUILD_IMAGE=imagepipe/jdk:21-trixie
		JAVA_RUNTIME_IMAGE=imagepipe/jre:21-trixie
		POSTGRES_IMAGE=imagepipe/postgres:17-trixie
		RABBITMQ_IMAGE=imagepipe/rabbitmq:4-management-trixie
		NGINX_IMAGE=imagepipe/nginx-unprivileged:1.26-trixie
	EOF
	log "local images ready; their compose settings are in infra/images/local-images.env"
}

main
