#!/bin/bash
# What the official nginx image's entrypoint does before nginx starts: render
# /etc/nginx/templates/*.template into /etc/nginx/conf.d/ with envsubst, replacing only the
# variables set in the environment (NGINX_ENVSUBST_TEMPLATE_DIR / _SUFFIX /
# NGINX_ENVSUBST_OUTPUT_DIR as there), and run /docker-entrypoint.d/*.sh.
set -Eeuo pipefail
if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
	template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
	suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
	output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
	if [ -d "$template_dir" ]; then
		defined_envs=$(printf '${%s} ' $(awk 'END { for (name in ENVIRON) { print name } }' </dev/null))
		while IFS= read -r -d '' template; do
			relative=${template#"$template_dir/"}
			output="$output_dir/${relative%"$suffix"}"
			mkdir -p "$(dirname "$output")"
			echo "$0: rendering $template to $output"
			envsubst "$defined_envs" <"$template" >"$output"
		done < <(find "$template_dir" -follow -type f -name "*$suffix" -print0)
	fi
	for script in /docker-entrypoint.d/*.sh; do
		if [ -x "$script" ]; then "$script"; fi
	done
	echo "$0: configuration complete; ready for start up"
fi
exec "$@"
