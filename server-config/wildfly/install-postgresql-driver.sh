#!/bin/sh
# Installs the PostgreSQL JDBC driver into a WildFly as the static module org.postgresql,
# which postgresql.cli then registers as the JDBC driver `postgresql`. Idempotent: running it
# again replaces the module's jar (use that to upgrade the driver). Works on a stopped or a
# running server (a running one sees the module after a reload).
#   install-postgresql-driver.sh JBOSS_HOME /path/to/postgresql-42.7.14.jar
# The jar comes from Maven Central: org.postgresql:postgresql:42.7.14.
set -e
JBOSS_HOME=${1:?usage: install-postgresql-driver.sh JBOSS_HOME postgresql.jar}
JAR=${2:?usage: install-postgresql-driver.sh JBOSS_HOME postgresql.jar}
[ -f "$JAR" ] || { echo "No such driver jar: $JAR" >&2; exit 1; }
dir="$JBOSS_HOME/modules/org/postgresql/main"
mkdir -p "$dir"
rm -f "$dir"/postgresql-*.jar
name=$(basename "$JAR")
cp "$JAR" "$dir/$name"
# The driver needs JDBC and JNDI from the JDK, and the transaction API for XA.
cat > "$dir/module.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<module xmlns="urn:jboss:module:1.9" name="org.postgresql">
    <resources>
        <resource-root path="$name"/>
    </resources>
    <dependencies>
        <module name="java.sql"/>
        <module name="java.naming"/>
        <module name="java.logging"/>
        <module name="java.security.jgss"/>
        <module name="jakarta.transaction.api"/>
    </dependencies>
</module>
XML
echo "PostgreSQL driver module org.postgresql installed with $name"
