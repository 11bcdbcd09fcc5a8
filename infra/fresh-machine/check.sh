#!/usr/bin/env bash
# Proves the README's Quick start where nothing is installed: a bare Debian root file system
# (debootstrap --variant=minbase: no JDK, no PostgreSQL, no RabbitMQ, no curl), in a Docker
# container with its own network namespace, gets a copy of this repository and runs `bin/run`.
# bin/run must install what it needs from Debian's packages, start PostgreSQL and RabbitMQ,
# build, and print its URLs; then a photo is uploaded with the printed demo token and must
# end `done`, served as WebP.
#
#   infra/fresh-machine/check.sh            # Debian 13 (trixie); SUITE=bookworm for Debian 12
#
# Debian 12 has no JDK 21 among its packages: there bin/run stops and says exactly what to
# install, which this check verifies too (EXPECT=no-jdk). The host's Maven cache (~/.m2) is
# mounted so that the build does not download its dependencies again; nothing else of the
# host is used. Needs a Docker engine and debootstrap (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
suite=${SUITE:-trixie}
expect=${EXPECT:-$([ "$suite" = bookworm ] && echo no-jdk || echo done)}
image=imagepipe/fresh-machine:$suite
work=$(mktemp -d)
cleanup() { docker rm -f "imagepipe-fresh-$$" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

docker info >/dev/null 2>&1 || { echo "A Docker engine must answer (docker info); see docs/operations.md" >&2; exit 1; }
if ! docker image inspect "$image" >/dev/null 2>&1; then
	command -v debootstrap >/dev/null 2>&1 || apt-get install -y -qq debootstrap >/dev/null
	echo "== debootstrap --variant=minbase $suite (a bare Debian root) ..."
	debootstrap --variant=minbase "$suite" "$work/root" http://deb.debian.org/debian >/dev/null
	tar -C "$work/root" -c . | docker import -c 'CMD ["bash"]' - "$image" >/dev/null
	rm -rf "$work/root"
fi

echo "== a copy of the repository as a clone has it"
git ls-files -z | tar --null -T - -c | tar -C "$work" -x --one-top-level=repo
mkdir -p "$HOME/.m2"

echo "== in $image: what the machine has before bin/run"
docker run --rm "$image" bash -c 'for c in java javac psql pg_ctlcluster rabbitmq-server curl; do
	printf "  %-16s %s\n" "$c" "$(command -v $c || echo "not installed")"; done'

echo "== bin/run in $image (installs, builds and starts; this takes a few minutes)"
docker run -d --name "imagepipe-fresh-$$" -v "$work/repo:/repo" -v "$HOME/.m2:/root/.m2" -w /repo "$image" \
	bash -c 'bin/run >/tmp/run.log 2>&1; echo "bin/run exited with $?" >>/tmp/run.log; sleep infinity' >/dev/null
for ((i = 0; i < 1200; i++)); do
	log=$(docker exec "imagepipe-fresh-$$" cat /tmp/run.log 2>/dev/null || true)
	grep -q "imagepipe is running\|bin/run exited" <<<"$log" && break
	sleep 1
done
echo "$log" | sed 's/^/  | /'

if [ "$expect" = no-jdk ]; then
	grep -q "needs a JDK 21 or newer" <<<"$log" || { echo "FAILED: expected bin/run to name the JDK to install" >&2; exit 1; }
	echo "== PASSED: without a JDK 21 among the distribution's packages, bin/run says what to install"
	exit 0
fi
if ! grep -q "imagepipe is running" <<<"$log"; then
	echo "FAILED: bin/run did not start the pipeline; the end of its services' logs:" >&2
	docker exec "imagepipe-fresh-$$" bash -c 'for f in var/log/*.log; do echo "-- $f"; tail -15 "$f" | cut -c1-400; done' >&2 || true
	exit 1
fi

echo "== an upload with the printed demo token, inside the container"
docker exec "imagepipe-fresh-$$" bash -c '
	set -euo pipefail
	token=$(sed -n "s/^  export IMAGEPIPE_TOKEN=//p" /tmp/run.log)
	answer=$(curl -fsS -H "Authorization: Bearer $token" -F file=@test-images/exif-orientation/Portrait_6.jpg \
		http://localhost:8081/api/v1/images/users/42/profile)
	echo "  POST → $answer"
	status_url=$(sed -n "s/.*\"statusUrl\":\"\([^\"]*\)\".*/\1/p" <<<"$answer")
	for i in $(seq 1 120); do
		status=$(curl -fsS "http://localhost:8081$status_url")
		grep -q "\"status\":\"done\"" <<<"$status" && break
		sleep 0.5
	done
	echo "  GET status → $status"
	image_url=$(sed -n "s/.*\"imageUrl\":\"\([^\"]*\)\".*/\1/p" <<<"$status")
	curl -fsS -D - -o /tmp/profile.webp "$image_url" | tr -d "\r" | grep -E "^(HTTP|Content-Type|Cache-Control)" | sed "s/^/  /"
	head -c 12 /tmp/profile.webp | tail -c 4 | grep -q WEBP
	echo "  served $(stat -c %s /tmp/profile.webp) bytes of WebP"
	echo "  installed now: java $(java -version 2>&1 | head -1), $(psql --version), rabbitmq-server $(dpkg-query -W -f="\${Version}" rabbitmq-server)"'
echo "== PASSED: a bare $suite root ran the pipeline with bin/run alone"
