#!/usr/bin/env bash
# Measures the numbers quoted in docs/scaling.md on this machine: upload acceptance,
# compression throughput with one and two worker processes, and image serving direct,
# revalidated, and through the nginx cache of infra/nginx.
#
#   infra/bench/scaling-bench.sh            # after ./mvnw package -DskipTests
#
# It runs its own ingest-api, serving-api, compression-worker(s) and nginx on ports
# 18080-18084 against a fresh database and broker namespace on the local PostgreSQL and
# RabbitMQ, prints a Markdown table, and removes everything when it ends. Bounded: a few
# thousand requests to 127.0.0.1, about two minutes. ingest-api runs with a random
# JWT_SECRET and the local profile, and the uploads send a service token from its
# POST /demo/token (loopback only): the service role is not rate limited.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/lib/common.sh
imagepipe_use_jdk
imagepipe_ensure_services
imagepipe_ensure_packages
command -v ab >/dev/null 2>&1 || { echo "Installing apache2-utils (ab) ..." >&2; apt-get install -y -qq apache2-utils >/dev/null; }

version=$(sed -n 's:.*<revision>\(.*\)</revision>.*:\1:p' pom.xml | head -1)
corpus=${CORPUS:-test-images/exif-orientation}
run=bench$$
db=imagepipe_$run
work=$(mktemp -d)
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
export DATABASE_URL=jdbc:postgresql://$PGHOST:5432/$db DATABASE_USER=$PGUSER MESSAGING_NAMESPACE=imagepipe-$run
export PUBLIC_IMAGE_BASE_URL=http://127.0.0.1:18082 LOG_FORMAT=ecs
# the secret that signs this run's tokens: ingest-api's only, not exported to the others
jwt_secret=$(od -An -N48 -tx1 /dev/urandom | tr -d ' \n')
pids=()

cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	psql -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres >/dev/null 2>&1 || true
	for q in compress compress.parked compress.retry.1 compress.retry.2 compress.retry.3; do
		rabbitmqctl -q delete_queue "imagepipe-$run.$q" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

start() { # name port [env...]
	local name=$1 port=$2
	shift 2
	# Actuator on its own port, 1000 above the service's
	env "$@" MANAGEMENT_PORT=$((port + 1000)) "$JAVA_HOME/bin/java" -Xmx512m -jar "${name%-[0-9]}/target/${name%-[0-9]}-$version-exec.jar" >"$work/$name.log" 2>&1 &
	pids+=($!)
	for ((i = 0; i < 240; i++)); do
		curl -fsS "http://127.0.0.1:$((port + 1000))/actuator/health" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	echo "$name did not start; see $work/$name.log" >&2
	exit 1
}

psql -qc "CREATE DATABASE $db" postgres
start ingest-api 18081 INGEST_PORT=18081 SPRING_PROFILES_ACTIVE=local JWT_SECRET="$jwt_secret"
token=$(curl -fsS -X POST "http://127.0.0.1:18081/demo/token?sub=scaling-bench&role=service" |
	sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "ingest-api gave no demo token; see $work/ingest-api.log" >&2; exit 1; }
start serving-api 18082 SERVING_PORT=18082
start compression-worker 18083 WORKER_PORT=18083 WORKER_CONCURRENCY=1

pending() { psql -tAc "SELECT count(*) FROM uploads WHERE status IN ('queued','processing')" "$db"; }
upload_all() { # prefix: every corpus photo, twice, to its own image
	for round in 1 2; do
		for photo in "$corpus"/*.jpg; do
			curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: image/jpeg' \
				--data-binary "@$photo" "http://127.0.0.1:18081/api/v1/images/users/$1-$round-$(basename "$photo" .jpg)/profile"
		done
	done
}
drain_seconds() { # prefix: upload, then time until nothing is pending
	local started=$(date +%s.%N)
	upload_all "$1"
	while [ "$(pending)" != 0 ]; do sleep 0.2; done
	awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.2f", a - b }'
}

photos=$(($(ls "$corpus"/*.jpg | wc -l) * 2))
one=$(drain_seconds one)
start compression-worker-2 18084 WORKER_PORT=18084 WORKER_CONCURRENCY=1
two=$(drain_seconds two)
encode=$(psql -tAc "SELECT round(avg(encode_millis)) FROM images" "$db")
webp=$(psql -tAc "SELECT round(avg(byte_size) / 1024) FROM images" "$db")
raw=$(psql -tAc "SELECT round(avg(byte_size) / 1024) FROM uploads" "$db")

ab -q -n 300 -c 8 -p "$corpus/Landscape_1.jpg" -T image/jpeg -H "Authorization: Bearer $token" \
	http://127.0.0.1:18081/api/v1/images/users/bench-ingest/profile >"$work/ingest.txt"
while [ "$(pending)" != 0 ]; do sleep 0.2; done

image=$(curl -fsS http://127.0.0.1:18082/images/users/one-1-Landscape_1/profile/meta)
path=$(sed -n 's#.*"versionedUrl":"https*://[^/]*\(/[^"]*\)".*#\1#p' <<<"$image")
etag=$(curl -fsSI "http://127.0.0.1:18082$path" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
ab -q -n 3000 -c 16 "http://127.0.0.1:18082$path" >"$work/direct.txt"
ab -q -n 3000 -c 16 -H "If-None-Match: $etag" "http://127.0.0.1:18082${path%%\?*}" >"$work/revalidate.txt"

mkdir -p "$work/nginx/conf.d"
cp infra/nginx/nginx.conf "$work/nginx/"
chmod 755 "$work" "$work/nginx"
for t in infra/nginx/templates/*.template; do
	INGEST_API_ADDR=127.0.0.1:18081 SERVING_API_ADDR=127.0.0.1:18082 OPS_DASHBOARD_ADDR=127.0.0.1:18081 \
		NGINX_MAX_BODY_SIZE=21m NGINX_PORT=18080 envsubst '${INGEST_API_ADDR} ${SERVING_API_ADDR} ${OPS_DASHBOARD_ADDR} ${NGINX_MAX_BODY_SIZE} ${NGINX_PORT}' \
		<"$t" >"$work/nginx/conf.d/$(basename "$t" .template)"
done
nginx -p "$work/nginx/" -c "$work/nginx/nginx.conf" -e stderr -g 'daemon off;' >"$work/nginx.log" 2>&1 &
pids+=($!)
sleep 1
curl -fsS -o /dev/null "http://127.0.0.1:18080$path"
ab -q -n 3000 -c 16 "http://127.0.0.1:18080$path" >"$work/cached.txt"

rps() { sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' "$1"; }
p50() { sed -n 's/^ *50% *\([0-9]*\)/\1/p' "$1"; }
p95() { sed -n 's/^ *95% *\([0-9]*\)/\1/p' "$1"; }
# ab counts an error status (a 401 for a missing token, say) apart from its failed requests
failed() { awk '/^(Failed requests|Non-2xx responses):/ { n += $3 } END { print n + 0 }' "$1"; }

cat <<EOT

Measured $(date -u +%F) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), PostgreSQL $(psql -tAc 'SHOW server_version' postgres | cut -d' ' -f1), RabbitMQ $(rabbitmqctl version 2>/dev/null || echo '?'), nginx $(nginx -v 2>&1 | cut -d/ -f2)

| what | result |
|---|---|
| compression, 1 worker process × 1 job | $photos photos (1200×1800 JPEG, about ${raw} KB) in $(printf %.1f "$one") s: $(awk -v n="$photos" -v s="$one" 'BEGIN { printf "%.1f", n / s }') images/s; mean encode ${encode} ms; mean WebP ${webp} KB |
| compression, 2 worker processes × 1 job | $photos photos in $(printf %.1f "$two") s: $(awk -v n="$photos" -v s="$two" 'BEGIN { printf "%.1f", n / s }') images/s |
| upload accepted (202), 8 concurrent, 300 × $(($(stat -c %s "$corpus/Landscape_1.jpg") / 1024)) KB | $(rps "$work/ingest.txt") uploads/s, p50 $(p50 "$work/ingest.txt") ms, p95 $(p95 "$work/ingest.txt") ms, $(failed "$work/ingest.txt") failed |
| serving-api, versioned image ($webp KB), 16 concurrent | $(rps "$work/direct.txt") requests/s, p50 $(p50 "$work/direct.txt") ms, p95 $(p95 "$work/direct.txt") ms |
| serving-api, stable URL revalidated (304), 16 concurrent | $(rps "$work/revalidate.txt") requests/s, p50 $(p50 "$work/revalidate.txt") ms, p95 $(p95 "$work/revalidate.txt") ms |
| nginx cache HIT, versioned image, 16 concurrent | $(rps "$work/cached.txt") requests/s, p50 $(p50 "$work/cached.txt") ms, p95 $(p95 "$work/cached.txt") ms |
EOT
