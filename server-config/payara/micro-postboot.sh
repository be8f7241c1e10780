#!/bin/sh
# Writes the Payara Micro post-boot command file of the test suite and the run command:
# watchword.asadmin, then (development only) dev-admin.asadmin, with
# ${watchword.payara.config} replaced by this folder.
#   micro-postboot.sh OUT_FILE
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: micro-postboot.sh OUT_FILE}
mkdir -p "$(dirname "$out")"
cat "$here/watchword.asadmin" "$here/dev-admin.asadmin" | sed "s#\${watchword.payara.config}#$here#g" > "$out"
