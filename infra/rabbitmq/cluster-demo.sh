#!/usr/bin/env bash
# Demonstrates docs/scaling.md's broker and worker steps on one machine: a three-node
# RabbitMQ cluster on loopback (loopback-cluster.sh), the work queue as a quorum queue
# replicated on all three, two compression-worker processes sharing it, and one broker
# node stopped in the middle of the uploads. Every upload still ends done.
#
#   ./mvnw package -DskipTests && infra/rabbitmq/cluster-demo.sh
#
# Uses ports 5701-5703 and 18091-18094 on 127.0.0.1, a fresh database on the local
# PostgreSQL, and removes all of it when it ends (about two minutes). ingest-api runs with
# a random JWT_SECRET and the local profile; the uploads send a service token from its
# POST /demo/token (loopback only).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/lib/common.sh
imagepipe_use_jdk
imagepipe_ensure_services

version=$(sed -n 's:.*<revision>\(.*\)</revision>.*:\1:p' pom.xml | head -1)
corpus=${CORPUS:-test-images/exif-orientation}
cluster=infra/rabbitmq/loopback-cluster.sh
db=imagepipe_cluster_demo_$$
work=$(mktemp -d)
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
export DATABASE_URL=jdbc:postgresql://$PGHOST:5432/$db DATABASE_USER=$PGUSER LOG_FORMAT=ecs
export SPRING_RABBITMQ_ADDRESSES=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703
export PUBLIC_IMAGE_BASE_URL=http://127.0.0.1:18092
# the secret that signs this run's tokens: ingest-api's only, not exported to the others
jwt_secret=$(od -An -N48 -tx1 /dev/urandom | tr -d ' \n')
pids=()

cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	psql -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres >/dev/null 2>&1 || true
	"$cluster" stop >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

start() { # log-name jar-module port [env...]
	local name=$1 module=$2 port=$3
	shift 3
	# Actuator on its own port, 1000 above the service's
	env "$@" MANAGEMENT_PORT=$((port + 1000)) "$JAVA_HOME/bin/java" -Xmx512m -jar "$module/target/$module-$version-exec.jar" >"$work/$name.log" 2>&1 &
	pids+=($!)
	for ((i = 0; i < 240; i++)); do
		curl -fsS "http://127.0.0.1:$((port + 1000))/actuator/health" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	echo "$name did not start; see $work/$name.log" >&2
	exit 1
}
upload() { # prefix
	for photo in "$corpus"/*.jpg; do
		curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: image/jpeg' \
			--data-binary "@$photo" "http://127.0.0.1:18091/api/v1/images/users/$1-$(basename "$photo" .jpg)/profile"
	done
}
counts() { psql -tAc "SELECT string_agg(status || '=' || n, ' ' ORDER BY status) FROM (SELECT status, count(*) n FROM uploads GROUP BY status) s" "$db"; }

echo "== starting a three-node RabbitMQ cluster on loopback"
"$cluster" start >/dev/null 2>&1
psql -qc "CREATE DATABASE $db" postgres
start ingest-api ingest-api 18091 INGEST_PORT=18091 SPRING_PROFILES_ACTIVE=local JWT_SECRET="$jwt_secret"
token=$(curl -fsS -X POST "http://127.0.0.1:18091/demo/token?sub=cluster-demo&role=service" |
	sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "ingest-api gave no demo token; see $work/ingest-api.log" >&2; exit 1; }
start serving-api serving-api 18092 SERVING_PORT=18092
start worker-a compression-worker 18093 WORKER_PORT=18093 WORKER_CONCURRENCY=1
start worker-b compression-worker 18094 WORKER_PORT=18094 WORKER_CONCURRENCY=1
echo "== the work queue: a quorum queue with a member on every node"
rabbitmqctl -q -n imagepipe-2@localhost list_queues name type leader members | grep -E 'name|compress\s'

echo "== uploading $(ls "$corpus"/*.jpg | wc -l) photos, then stopping broker node 1 while uploading as many again"
upload before
"$cluster" stop-node 1
upload during
for ((i = 0; i < 240; i++)); do
	[ "$(psql -tAc "SELECT count(*) FROM uploads WHERE status IN ('queued','processing')" "$db")" = 0 ] && break
	sleep 0.5
done
echo "== uploads by status: $(counts)"
echo "== the queue after the loss of node 1: a new leader, two members in service"
rabbitmqctl -q -n imagepipe-2@localhost list_queues name type leader members online consumers | grep -E 'name|compress\s'
for w in worker-a worker-b; do
	echo "== $w processed $(grep -c '"message":"Upload [0-9a-f-]* for ' "$work/$w.log") uploads"
done
