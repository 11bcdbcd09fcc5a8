#!/bin/bash
# RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS / RABBITMQ_DEFAULT_VHOST become the broker's
# default_user / default_pass / default_vhost settings (created on the first start only, as
# in the official image); then the command runs.
set -Eeuo pipefail
conf=/etc/rabbitmq/conf.d/20-default-user.conf
: >"$conf"
if [ -n "${RABBITMQ_DEFAULT_USER:-}" ]; then
	printf 'default_user = %s\n' "$RABBITMQ_DEFAULT_USER" >>"$conf"
fi
if [ -n "${RABBITMQ_DEFAULT_PASS:-}" ]; then
	printf 'default_pass = %s\n' "$RABBITMQ_DEFAULT_PASS" >>"$conf"
fi
if [ -n "${RABBITMQ_DEFAULT_VHOST:-}" ]; then
	printf 'default_vhost = %s\n' "$RABBITMQ_DEFAULT_VHOST" >>"$conf"
fi
exec "$@"
