#!/usr/bin/env bash
# The Docker deployment, run for real (bin/test runs it before the Maven suite):
#
#   1. the base images (infra/images/build.sh: kept between runs while their recipe is
#      unchanged), a Docker engine and Compose v2;
#   2. the service images, built by compose from infra/docker/Dockerfile;
#   3. `docker compose up --wait` of infra/docker-compose.yml with infra/.env.example's
#      settings, generated passwords and a generated JWT_SECRET, until every health check
#      passes;
#   4. a real photo from test-images/ uploaded THROUGH the nginx front with an HS256 token
#      signed here with that secret, its status polled until done, and the WebP fetched at its
#      versioned URL through the front, with its headers checked;
#   5. a worker's java process killed with SIGKILL from the host (a crash: `docker kill` and
#      `docker stop` are manual stops, which restart policies ignore), compose's restart policy
#      starting it again (its restart count goes up, it turns healthy) and the next upload done;
#   6. `docker compose down -v`, also when a step fails.
#
# The project's containers publish only the front and RabbitMQ's management UI, on free
# ports chosen here; the host's PostgreSQL and RabbitMQ are not touched.
#
# JARS=prebuilt: the jars are built here on the host (./mvnw package) and copied into the
# images, because this machine's containers cannot download from Maven Central (the build
# stage's default, JARS=maven, does; docs/operations.md). JARS=maven uses it anyway.
#
#   infra/smoke/compose-smoke.sh            IMAGEPIPE_COMPOSE_SMOKE=false: base images only
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
infra=$root/infra
started=$SECONDS

step() { echo "[compose-smoke $((SECONDS - started))s] $*" >&2; }
fail() {
	echo "[compose-smoke] FAILED: $*" >&2
	exit 1
}

"$infra/images/build.sh"
if [ "${IMAGEPIPE_COMPOSE_SMOKE:-true}" = false ]; then
	step "IMAGEPIPE_COMPOSE_SMOKE=false: base images only, no compose run"
	exit 0
fi

project=imagepipe-smoke-$$
work=$(mktemp -d /tmp/imagepipe-compose-smoke.XXXXXX)
env_file=$work/.env
compose() { docker compose -p "$project" --project-directory "$infra" -f "$infra/docker-compose.yml" --env-file "$env_file" "$@"; }

cleanup() {
	local status=$?
	if [ $status -ne 0 ]; then
		step "the stack's state and recent logs:"
		compose ps -a >&2 || true
		compose logs --no-color --tail=60 >&2 || true
	fi
	step "docker compose down -v"
	compose down -v --remove-orphans 2>&1 | tail -3 >&2 || true
	rm -rf "$work"
	[ $status -eq 0 ] && step "passed"
	exit $status
}
trap cleanup EXIT

free_port() {
	local port
	for port in $(shuf -i 20000-59999 -n 50); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# --- settings: .env.example with generated secrets, the local images, free ports
http_port=$(free_port)
management_ui_port=$(free_port)
jwt_secret=$(openssl rand -hex 32)
{
	cat "$infra/.env.example"
	cat "$infra/images/local-images.env"
	echo "POSTGRES_PASSWORD=$(openssl rand -hex 16)"
	echo "RABBITMQ_PASSWORD=$(openssl rand -hex 16)"
	echo "OPS_PASSWORD=$(openssl rand -hex 16)"
	echo "JWT_SECRET=$jwt_secret"
	echo "HTTP_PORT=$http_port"
	echo "PUBLIC_URL=http://localhost:$http_port"
	echo "RABBITMQ_MANAGEMENT_PORT=$management_ui_port"
	echo "IMAGEPIPE_VERSION=smoke"
	echo "JARS=${JARS:-prebuilt}"
} >"$env_file"
front=http://127.0.0.1:$http_port

# --- the images
if [ "${JARS:-prebuilt}" = prebuilt ]; then
	step "building the service jars on the host (JARS=prebuilt)"
	(
		cd "$root"
		. bin/lib/common.sh
		imagepipe_use_jdk
		./mvnw -B -q -pl ingest-api,compression-worker,serving-api,ops-console -am package -DskipTests \
			-Dspring-javaformat.skip=true
	)
fi
step "docker compose build (infra/docker/Dockerfile)"
if ! compose --progress plain build >"$work/build.log" 2>&1; then
	tail -40 "$work/build.log" >&2
	fail "docker compose build"
fi
grep -E '^#[0-9]+ (\[.*\] (FROM|RUN|COPY --from)|naming to)' "$work/build.log" | sort -u >&2 || true
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'imagepipe/(ingest-api|compression-worker|serving-api|ops-console):smoke' >&2 \
	|| fail "the service images were not built"

# --- up, healthy
step "docker compose up --wait (every health check)"
compose up -d --wait --wait-timeout 300 2>&1 | tail -8 >&2 || fail "the stack did not become healthy"
compose ps --format '{{.Name}} {{.Status}}' >&2

# --- a token, an upload through the front, the WebP through the front
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
# token SUBJECT [ROLE]
token() {
	local now header claims signature
	now=$(date +%s)
	header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
	claims=$(printf '{"sub":"%s","roles":["%s"],"iat":%d,"exp":%d}' "$1" "${2:-}" "$now" $((now + 600)) | b64url)
	signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -hmac "$jwt_secret" -binary | b64url)
	printf '%s.%s.%s' "$header" "$claims" "$signature"
}

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

# upload_and_serve SUBJECT PHOTO: upload through the front, wait for done, fetch the WebP
upload_and_serve() {
	local subject=$1 photo=$2 answer status_url image_url status="" i
	answer=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $(token "$subject")" \
		-F "file=@$photo;type=image/jpeg" "$front/api/v1/images/users/$subject/profile")
	[ "$(tail -n1 <<<"$answer")" = 202 ] || fail "upload answered $answer"
	status_url=$(head -n1 <<<"$answer" | json_field statusUrl)
	step "uploaded $(basename "$photo") ($(stat -c %s "$photo") bytes) through the front: $(head -n1 <<<"$answer")"
	for ((i = 0; i < 120; i++)); do
		answer=$(curl -sS "$front$status_url")
		status=$(json_field status <<<"$answer")
		case "$status" in
			done) break ;;
			failed) fail "the upload failed: $answer" ;;
		esac
		sleep 0.5
	done
	[ "$status" = done ] || fail "the upload is not done after 60 s: $answer"
	image_url=$(json_field imageUrl <<<"$answer")
	step "done: $answer"
	# the versioned URL, through the front (PUBLIC_URL is the front's address)
	local path=${image_url#http://localhost:$http_port}
	[[ "$path" == /images/users/$subject/profile\?v=* ]] || fail "unexpected image URL $image_url"
	curl -sS -D "$work/headers" -o "$work/image.webp" "$front$path"
	step "GET $path through the front:"
	tr -d '\r' <"$work/headers" | grep -iE '^(HTTP/|content-type|content-length|cache-control|etag|x-cache-status|x-content-type-options)' >&2
	grep -q '^HTTP/1.1 200' "$work/headers" || fail "the image answered $(head -n1 "$work/headers")"
	grep -qi '^content-type: image/webp' "$work/headers" || fail "not served as image/webp"
	grep -qi '^cache-control: public, max-age=31536000, immutable' "$work/headers" || fail "not immutable"
	[ "$(head -c 4 "$work/image.webp")" = RIFF ] && [ "$(dd if="$work/image.webp" bs=1 skip=8 count=4 2>/dev/null)" = WEBP ] \
		|| fail "the body is not a WebP file"
	local size
	size=$(stat -c %s "$work/image.webp")
	[ "$size" -le 512000 ] || fail "the WebP is $size bytes, over 500 KB"
	step "a WebP of $size bytes"
	# again: now from the file serving-api wrote to the image-files volume (ADR 19)
	curl -sS -D "$work/headers-again" -o "$work/image-again.webp" "$front$path"
	grep -qi '^x-cache-status: FILE' "$work/headers-again" \
		|| fail "the second GET was not sent from serving-api's file: $(grep -i '^x-cache-status' "$work/headers-again" | tr -d '\r')"
	cmp -s "$work/image.webp" "$work/image-again.webp" || fail "the file's bytes differ from serving-api's answer"
	step "the second GET was sent by nginx from serving-api's file (X-Cache-Status: FILE), the same bytes"
}

upload_and_serve 42 "$root/test-images/exif-orientation/Landscape_6.jpg"

# --- the ops console (its own service) through the front: the page asks for the ops user,
# the API takes a bearer token with the ops role, the same tokens ingest-api checks
code=$(curl -sS -o /dev/null -w '%{http_code}' "$front/ops")
[ "$code" = 401 ] || fail "/ops without credentials answered $code"
answer=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $(token smoke-ops ops)" "$front/api/v1/ops/overview")
[ "$(tail -n1 <<<"$answer")" = 200 ] || fail "/api/v1/ops/overview answered $answer"
grep -q '"statuses"' <<<"$answer" || fail "the ops overview has no statuses: $answer"
step "ops-console through the front: /ops asks for the ops user, /api/v1/ops/overview answers a token with the ops role"

# --- a worker crashes; compose's restart policy brings it back
worker=$(compose ps -q compression-worker | sed -n 1p)  # sed reads it all: no SIGPIPE under pipefail
[ -n "$worker" ] || fail "no compression-worker container"
name=$(docker inspect -f '{{.Name}}' "$worker" | tr -d /)
restarts_before=$(docker inspect -f '{{.RestartCount}}' "$worker")
pid=$(docker inspect -f '{{.State.Pid}}' "$worker")
step "kill -9 $pid: the java process of $name, from the host (restart count $restarts_before)"
kill -9 "$pid"
for ((i = 0; i < 180; i++)); do
	state=$(docker inspect -f '{{.RestartCount}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$worker")
	read -r restarts status health <<<"$state"
	if [ "$restarts" -gt "$restarts_before" ] && [ "$status" = running ] && [ "$health" = healthy ]; then
		break
	fi
	sleep 1
done
[ "$restarts" -gt "$restarts_before" ] || fail "$name was not restarted (restart count $restarts)"
[ "$health" = healthy ] || fail "$name restarted but is $status/$health"
step "$name restarted by its restart policy: restart count $restarts_before -> $restarts, $status, $health"

upload_and_serve 43 "$root/test-images/exif-orientation/Portrait_3.jpg"
