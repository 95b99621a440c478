#!/bin/sh
# Grafana's start in docker-compose.yml: anonymous viewers always; admin only with a password of
# your own. Without GRAFANA_ADMIN_PASSWORD there is no way to log in (login form and basic auth
# off), and the admin account gets a random password nobody knows, never Grafana's default
# "admin". With it, both are on and that is admin's password. Grafana sets admin's password when
# it creates its database, so give it to a fresh container (docs/security.md).
# Usage: start.sh <command...>, here /run.sh, the image's own entrypoint.
if [ -n "${GRAFANA_ADMIN_PASSWORD:-}" ]; then
	GF_SECURITY_ADMIN_PASSWORD=$GRAFANA_ADMIN_PASSWORD
else
	GF_SECURITY_ADMIN_PASSWORD=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
	GF_AUTH_DISABLE_LOGIN_FORM=true
	GF_AUTH_BASIC_ENABLED=false
	export GF_AUTH_DISABLE_LOGIN_FORM GF_AUTH_BASIC_ENABLED
fi
export GF_SECURITY_ADMIN_PASSWORD
unset GRAFANA_ADMIN_PASSWORD
exec "$@"
