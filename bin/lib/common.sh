# Shared helpers of bin/run and bin/test. Source it; it defines functions only.

# Print the major version of the java at $1/bin/java, or nothing.
imagepipe_java_major() {
	"$1/bin/java" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# Export JAVA_HOME as a JDK 21 or newer: the given JAVA_HOME if it is one, else the
# newest under /usr/lib/jvm (Debian's JVM folder) or /opt/java, else the one on PATH.
imagepipe_use_jdk() {
	local candidate major best="" best_major=0
	if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
		major=$(imagepipe_java_major "$JAVA_HOME")
		if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME; imagepipe_quiet_maven "$major"; return 0; fi
	fi
	for candidate in /usr/lib/jvm/* /opt/java/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
		[ -x "$candidate/bin/javac" ] || continue
		major=$(imagepipe_java_major "$candidate")
		if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
	done
	if [ -z "$best" ]; then
		echo "imagepipe needs a JDK 21 or newer: install one (apt-get install openjdk-21-jdk) or set JAVA_HOME" >&2
		return 1
	fi
	export JAVA_HOME="$best"
	export PATH="$JAVA_HOME/bin:$PATH"
	imagepipe_quiet_maven "$best_major"
}

# JDK 24+ warns about Maven's own use of sun.misc.Unsafe on every build; that noise is
# Maven's, not imagepipe's.
imagepipe_quiet_maven() {
	if [ "${1:-0}" -ge 24 ]; then
		export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
	fi
}

imagepipe_port_open() {
	(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Start the local PostgreSQL and RabbitMQ where they are installed and not running, and
# wait until both accept connections.
imagepipe_ensure_services() {
	local pg_host=${PGHOST:-127.0.0.1} pg_port=${PGPORT:-5432}
	local mq_host=${RABBITMQ_HOST:-127.0.0.1} mq_port=${RABBITMQ_PORT:-5672}
	if ! imagepipe_port_open "$pg_host" "$pg_port"; then
		if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
			echo "Starting PostgreSQL ..." >&2
			pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
		fi
	fi
	if ! imagepipe_port_open "$mq_host" "$mq_port"; then
		if command -v rabbitmq-server >/dev/null 2>&1; then
			echo "Starting RabbitMQ ..." >&2
			rabbitmq-server -detached >/dev/null 2>&1 || true
		fi
	fi
	imagepipe_wait_for "PostgreSQL" "$pg_host" "$pg_port" 60 || return 1
	imagepipe_wait_for "RabbitMQ" "$mq_host" "$mq_port" 90 || return 1
	if command -v rabbitmqctl >/dev/null 2>&1 && [ "$mq_host" = 127.0.0.1 ]; then
		rabbitmqctl await_startup >/dev/null 2>&1 || true
	fi
}

imagepipe_wait_for() {
	local name=$1 host=$2 port=$3 seconds=$4 i
	for ((i = 0; i < seconds * 2; i++)); do
		imagepipe_port_open "$host" "$port" && return 0
		sleep 0.5
	done
	echo "$name is not reachable at $host:$port; start it, or set its host and port (see docs/configuration.md)" >&2
	return 1
}

# Install the Debian packages the tests use when their commands are missing: nginx (the
# front in infra/nginx is tested against the running services), envsubst from gettext-base
# (renders its templates as the nginx image does), pg_dump and pg_restore (the backup test),
# docker-compose (checks infra/docker-compose.yml without a Docker engine), and chromium with
# chromium-driver (the browser tests, headless). Uses apt-get as root, or through sudo;
# does nothing when everything is there. Services that Debian's packages would start (nginx
# on port 80) are not started.
imagepipe_ensure_packages() {
	local missing=() sudo=""
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
	command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
	{ command -v pg_dump && command -v pg_restore; } >/dev/null 2>&1 || missing+=(postgresql-client)
	command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
	# the browser tests (end-to-end-tests, io.imagepipe.e2e.browser; ingest-api's ops
	# dashboard) drive Debian's chromium through its chromedriver; no tool ever downloads a
	# browser
	command -v chromium >/dev/null 2>&1 || missing+=(chromium)
	command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
	# the benchmarks (bin/bench) put the services next to wrk's load, nginx and libvips'
	# vipsthumbnail; hyperfine and GNU time for timing single commands by hand
	command -v wrk >/dev/null 2>&1 || missing+=(wrk)
	command -v vipsthumbnail >/dev/null 2>&1 || missing+=(libvips-tools)
	command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
	[ -x /usr/bin/time ] || missing+=(time)
	{ /sbin/ldconfig -p 2>/dev/null || ldconfig -p; } 2>/dev/null | grep -q 'libturbojpeg\.so\.0' || missing+=(libturbojpeg0)
	[ ${#missing[@]} -eq 0 ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "The tests need these packages; install them: ${missing[*]}" >&2
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
	echo "Installing ${missing[*]} (apt-get) ..." >&2
	if ! { $sudo apt-get update -qq && RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
		$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null; then
		echo "Could not install ${missing[*]}; the tests that need them will fail or be skipped" >&2
	fi
}
