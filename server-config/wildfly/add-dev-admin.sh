#!/bin/sh
# Adds the development admin of the run command and the test suite to a WildFly's
# ApplicationRealm: user `admin`, password `watchword-dev`, group `watchword-admin`.
# Never use it on a production server: there, an operator adds a real admin with
#   $JBOSS_HOME/bin/add-user.sh -a -u <name> -g watchword-admin
# Usage: add-dev-admin.sh JBOSS_HOME
set -e
JBOSS_HOME=${1:?usage: add-dev-admin.sh JBOSS_HOME}
"$JBOSS_HOME/bin/add-user.sh" -a -s -u admin -p watchword-dev -g watchword-admin
# A user without the role, so 403 can be shown (and tested).
"$JBOSS_HOME/bin/add-user.sh" -a -s -u guest -p watchword-guest -g other
