#!/usr/bin/env bash
# A three-node RabbitMQ cluster on this machine's loopback, beside (not instead of) the
# local broker, to try what docs/scaling.md describes: quorum queues replicated on three
# nodes, and services that connect to all of them.
#
#   infra/rabbitmq/loopback-cluster.sh start     # nodes imagepipe-1..3@localhost, AMQP 5701-5703
#   infra/rabbitmq/loopback-cluster.sh status
#   infra/rabbitmq/loopback-cluster.sh stop-node 2   # stop one node, as a failure would
#   infra/rabbitmq/loopback-cluster.sh start-node 2
#   infra/rabbitmq/loopback-cluster.sh stop      # stop all three and delete their data
#
# Point the services at the cluster with Spring Boot's address list:
#   SPRING_RABBITMQ_ADDRESSES=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703
# Needs the Debian rabbitmq-server package (the Erlang cookie of the current user is shared).
set -euo pipefail
base=${IMAGEPIPE_CLUSTER_DIR:-${TMPDIR:-/tmp}/imagepipe-rabbitmq-cluster}
nodes=(1 2 3)

node_env() {
	local n=$1 dir=$base/node-$1
	export RABBITMQ_NODENAME=imagepipe-$n@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
		RABBITMQ_NODE_PORT=$((5700 + n)) RABBITMQ_DIST_PORT=$((25700 + n)) \
		RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log RABBITMQ_PID_FILE=$dir/pid \
		RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_CONFIG_FILE=$dir/rabbitmq \
		RABBITMQ_ADVANCED_CONFIG_FILE=$dir/advanced.config
	mkdir -p "$dir/log" "$dir/mnesia"
	[ -f "$dir/enabled_plugins" ] || echo '[].' >"$dir/enabled_plugins"
	[ -f "$dir/rabbitmq.conf" ] || printf 'loopback_users = none\n' >"$dir/rabbitmq.conf"
	[ -f "$dir/advanced.config" ] || echo '[].' >"$dir/advanced.config"
	# Debian's scripts run the node as the rabbitmq user when started by root
	if [ "$(id -u)" = 0 ] && id -u rabbitmq >/dev/null 2>&1; then chown -R rabbitmq:rabbitmq "$base"; fi
}

ctl() { # node command...
	local n=$1
	shift
	rabbitmqctl -q -n "imagepipe-$n@localhost" "$@"
}

start_node() {
	(node_env "$1" && rabbitmq-server -detached >/dev/null 2>&1)
	for ((i = 0; i < 120; i++)); do
		ctl "$1" ping >/dev/null 2>&1 && break
		sleep 0.5
	done
	ctl "$1" await_startup
}

case "${1:-}" in
start)
	for n in "${nodes[@]}"; do start_node "$n"; done
	for n in 2 3; do
		ctl "$n" stop_app
		ctl "$n" reset
		ctl "$n" join_cluster imagepipe-1@localhost
		ctl "$n" start_app
	done
	ctl 1 cluster_status
	echo "AMQP: 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703"
	;;
start-node) start_node "$2" ;;
stop-node) ctl "$2" stop ;;
status)
	ctl 1 cluster_status 2>/dev/null || ctl 2 cluster_status
	ctl 1 list_queues name type leader members 2>/dev/null || ctl 2 list_queues name type leader members
	;;
stop)
	for n in "${nodes[@]}"; do ctl "$n" stop 2>/dev/null || true; done
	rm -rf "$base"
	;;
*)
	sed -n '2,16p' "$0"
	exit 2
	;;
esac
