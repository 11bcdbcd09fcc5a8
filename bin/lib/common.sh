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
	if [ -z "$best" ] && imagepipe_install_jdk; then
		imagepipe_use_jdk
		return
	fi
	if [ -z "$best" ]; then
		echo "imagepipe needs a JDK 21 or newer and found none under /usr/lib/jvm, /opt/java or on PATH." >&2
		echo "Install one (Debian 13, Ubuntu 24.04: apt-get install openjdk-21-jdk-headless; Debian 12: Temurin 21" >&2
		echo "from https://adoptium.net/installation/linux/) or set JAVA_HOME to it." >&2
		return 1
	fi
	export JAVA_HOME="$best"
	export PATH="$JAVA_HOME/bin:$PATH"
	imagepipe_quiet_maven "$best_major"
}

# Install the newest OpenJDK 21+ that apt-get offers (Debian 13 has 21 and 25, Ubuntu 24.04
# has 21; Debian 12 has none, and then this does nothing).
imagepipe_install_jdk() {
	local package
	command -v apt-get >/dev/null 2>&1 || return 1
	[ -n "${imagepipe_jdk_install_tried:-}" ] && return 1
	imagepipe_jdk_install_tried=true
	imagepipe_as_root apt-get update -qq >/dev/null 2>&1 || true
	for package in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
		if apt-cache policy "$package" 2>/dev/null | grep 'Candidate: [0-9]' >/dev/null; then
			imagepipe_apt_install "$package" && return 0
		fi
	done
	return 1
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

# The connection settings every script, service and test reads, with their defaults:
# DATABASE_HOST, DATABASE_PORT, DATABASE_USER, DATABASE_PASSWORD and RABBITMQ_HOST,
# RABBITMQ_PORT (libpq's PGHOST, PGPORT, PGUSER and PGPASSWORD are taken when the
# DATABASE_ ones are unset). psql and pg_dump get them as PG* variables. A password that
# imagepipe_ensure_services set on a PostgreSQL it installed itself is kept in
# var/postgres-password and used when DATABASE_PASSWORD is unset.
imagepipe_database_settings() {
	export DATABASE_HOST=${DATABASE_HOST:-${PGHOST:-127.0.0.1}}
	export DATABASE_PORT=${DATABASE_PORT:-${PGPORT:-5432}}
	export DATABASE_USER=${DATABASE_USER:-${PGUSER:-postgres}}
	if [ -z "${DATABASE_PASSWORD:-}" ] && [ -z "${PGPASSWORD:-}" ] && [ -r var/postgres-password ]; then
		DATABASE_PASSWORD=$(cat var/postgres-password)
	fi
	export DATABASE_PASSWORD=${DATABASE_PASSWORD:-${PGPASSWORD:-}}
	export PGHOST=$DATABASE_HOST PGPORT=$DATABASE_PORT PGUSER=$DATABASE_USER
	if [ -n "$DATABASE_PASSWORD" ]; then export PGPASSWORD=$DATABASE_PASSWORD; fi
	export RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1} RABBITMQ_PORT=${RABBITMQ_PORT:-5672}
}

imagepipe_is_local() {
	case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac
}

# apt-get install, as root or through sudo, quietly; fails when there is no apt-get.
imagepipe_apt_install() {
	local sudo=""
	command -v apt-get >/dev/null 2>&1 || return 1
	[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
	echo "Installing $* (apt-get) ..." >&2
	{ $sudo apt-get update -qq && RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
		$sudo apt-get install -y -qq --no-install-recommends "$@"; } >/dev/null
}

imagepipe_as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# A Docker engine that answers (not merely a docker client on PATH), with compose.
imagepipe_docker_compose() {
	docker info >/dev/null 2>&1 || return 1
	if docker compose version >/dev/null 2>&1; then
		echo "docker compose"
	elif command -v docker-compose >/dev/null 2>&1; then
		echo "docker-compose"
	else
		return 1
	fi
}

# Start PostgreSQL and RabbitMQ when they do not answer, and wait until both accept
# connections:
#  - installed (Debian's packages): start them;
#  - not installed, on Debian or Ubuntu: install the distribution's packages, create the
#    cluster and a password for the postgres role, and start them;
#  - not installed, where a Docker engine answers: start infra/docker-compose.services.yml;
#  - otherwise: say exactly what to install.
# IMAGEPIPE_TEST_CONTAINERS=true (the tests start their own containers) skips all this.
imagepipe_ensure_services() {
	imagepipe_database_settings
	if [ "${IMAGEPIPE_TEST_CONTAINERS:-false}" = true ]; then
		return 0
	fi
	local pg_host=$DATABASE_HOST pg_port=$DATABASE_PORT mq_host=$RABBITMQ_HOST mq_port=$RABBITMQ_PORT
	if ! imagepipe_port_open "$pg_host" "$pg_port" && imagepipe_is_local "$pg_host"; then
		imagepipe_start_postgres || return 1
	fi
	if ! imagepipe_port_open "$mq_host" "$mq_port" && imagepipe_is_local "$mq_host"; then
		imagepipe_start_rabbitmq || return 1
	fi
	imagepipe_wait_for "PostgreSQL" "$pg_host" "$pg_port" 60 || return 1
	imagepipe_wait_for "RabbitMQ" "$mq_host" "$mq_port" 90 || return 1
	if command -v rabbitmqctl >/dev/null 2>&1 && imagepipe_is_local "$mq_host"; then
		imagepipe_as_root rabbitmqctl await_startup >/dev/null 2>&1 || true
	fi
}

# The newest PostgreSQL server of Debian's packages here (postgresql-client alone has no
# server), or nothing.
imagepipe_postgres_version() {
	local server
	for server in /usr/lib/postgresql/*/bin/postgres; do
		[ -x "$server" ] && basename "$(dirname "$(dirname "$server")")"
	done | sort -V | tail -1
}

imagepipe_postgres_installed() {
	command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$(imagepipe_postgres_version)" ]
}

imagepipe_start_postgres() {
	local version compose
	if ! imagepipe_postgres_installed; then
		if command -v apt-get >/dev/null 2>&1; then
			imagepipe_apt_install postgresql || { echo "Could not install PostgreSQL (apt-get install postgresql)" >&2; return 1; }
			imagepipe_postgres_installed_now=true
		elif compose=$(imagepipe_docker_compose); then
			imagepipe_compose_services "$compose"
			return
		else
			imagepipe_missing_service "PostgreSQL 15 or newer" "postgresql"
			return 1
		fi
	fi
	version=$(imagepipe_postgres_version)
	if [ -z "$(ls /etc/postgresql/"$version" 2>/dev/null)" ]; then
		echo "Creating the PostgreSQL $version cluster main ..." >&2
		imagepipe_as_root pg_createcluster --port "$DATABASE_PORT" "$version" main >/dev/null
		imagepipe_postgres_installed_now=true
	fi
	echo "Starting PostgreSQL $version ..." >&2
	imagepipe_as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
	if [ "${imagepipe_postgres_installed_now:-false}" = true ] && [ -z "${DATABASE_PASSWORD:-}" ]; then
		imagepipe_wait_for "PostgreSQL" "$DATABASE_HOST" "$DATABASE_PORT" 60 || return 1
		imagepipe_set_postgres_password || return 1
	fi
}

# A PostgreSQL installed here asks TCP clients for a password (Debian's pg_hba.conf): give
# the postgres role a random one, kept in var/postgres-password (only the owner reads it).
imagepipe_set_postgres_password() {
	local password
	password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
	mkdir -p var
	(umask 077 && printf '%s' "$password" >var/postgres-password)
	# as the postgres system user, over the local socket (peer authentication)
	imagepipe_as_root runuser -u postgres -- env -u PGHOST -u PGUSER -u PGPASSWORD \
		psql -p "$DATABASE_PORT" -qc "ALTER ROLE postgres PASSWORD '$password'" >/dev/null || {
		echo "Could not set a password for the postgres role" >&2
		rm -f var/postgres-password
		return 1
	}
	export DATABASE_PASSWORD=$password PGPASSWORD=$password
	echo "PostgreSQL: the postgres role's password is in var/postgres-password" >&2
}

imagepipe_start_rabbitmq() {
	local compose
	if ! command -v rabbitmq-server >/dev/null 2>&1; then
		if command -v apt-get >/dev/null 2>&1; then
			imagepipe_apt_install rabbitmq-server || { echo "Could not install RabbitMQ (apt-get install rabbitmq-server)" >&2; return 1; }
		elif compose=$(imagepipe_docker_compose); then
			imagepipe_compose_services "$compose"
			return
		else
			imagepipe_missing_service "RabbitMQ 3.10 or newer" "rabbitmq-server"
			return 1
		fi
	fi
	echo "Starting RabbitMQ ..." >&2
	imagepipe_as_root rabbitmq-server -detached >/dev/null 2>&1 || true
}

# PostgreSQL (trust on loopback, user postgres) and RabbitMQ (guest) from
# infra/docker-compose.services.yml; where no image registry answers, from the local images
# of infra/images/build.sh (Debian packages).
imagepipe_compose_services() {
	local env_file=()
	echo "Starting PostgreSQL and RabbitMQ in Docker (infra/docker-compose.services.yml) ..." >&2
	if ! $1 -f infra/docker-compose.services.yml pull -q >/dev/null 2>&1; then
		echo "No image registry answers: building local images from Debian packages (infra/images/build.sh) ..." >&2
		infra/images/build.sh >&2 || return 1
		env_file=(--env-file infra/images/local-images.env)
	fi
	$1 -f infra/docker-compose.services.yml "${env_file[@]}" up -d >&2
}

imagepipe_missing_service() {
	cat >&2 <<EOT
imagepipe needs $1 on $DATABASE_HOST / $RABBITMQ_HOST and found neither it, nor apt-get, nor
a Docker engine to start it in. Install it with your system's packages, for example:
  macOS (Homebrew):  brew install postgresql@17 rabbitmq && brew services start postgresql@17 && brew services start rabbitmq
  Fedora/RHEL:       sudo dnf install postgresql-server rabbitmq-server   (then initdb and start both)
  Debian/Ubuntu:     sudo apt-get install $2
or start Docker and run this again (infra/docker-compose.services.yml), or point
DATABASE_HOST/DATABASE_PORT and RABBITMQ_HOST/RABBITMQ_PORT at running servers
(docs/configuration.md).
EOT
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

# What bin/run itself needs, installed from Debian's packages when missing: psql (creates
# the database), curl (asks for the demo token) and libjpeg-turbo's TurboJPEG library (the
# worker's fast JPEG decoder; without it the worker runs on its slower ImageIO path).
imagepipe_ensure_run_packages() {
	local missing=()
	command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
	command -v curl >/dev/null 2>&1 || missing+=(curl)
	imagepipe_has_turbojpeg || missing+=(libturbojpeg0)
	[ ${#missing[@]} -eq 0 ] && return 0
	if ! imagepipe_apt_install "${missing[@]}"; then
		echo "Could not install ${missing[*]}; install them with your system's packages" >&2
	fi
}

imagepipe_has_turbojpeg() {
	{ command -v ldconfig >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep 'libturbojpeg\.so\.0' >/dev/null; } ||
		ls /usr/lib/*/libturbojpeg.so.0 /usr/lib/libturbojpeg.so.0 >/dev/null 2>&1
}

# Install the Debian packages the tests use when their commands are missing: nginx (the
# front in infra/nginx is tested against the running services), envsubst from gettext-base
# (renders its templates as the nginx image does), pg_dump and pg_restore (the backup test),
# docker-compose (checks infra/docker-compose.yml without a Docker engine), and chromium with
# chromium-driver (the browser tests, headless). Uses apt-get as root, or through sudo;
# does nothing when everything is there. Services that Debian's packages would start (nginx
# on port 80) are not started.
imagepipe_ensure_packages() {
	local missing=()
	imagepipe_ensure_run_packages
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
	[ ${#missing[@]} -eq 0 ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "The tests need these packages; install them: ${missing[*]}" >&2
		return 0
	fi
	if ! imagepipe_apt_install "${missing[@]}"; then
		echo "Could not install ${missing[*]}; the tests that need them will fail or be skipped" >&2
	fi
}
