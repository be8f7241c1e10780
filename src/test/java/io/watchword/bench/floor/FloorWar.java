package io.watchword.bench.floor;

import java.io.File;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * {@code floor.war}: the floor journey (see {@link FloorService}), deployed beside Watchword in
 * the bench server on the same datasource, so the benchmark can show what the platform itself
 * allows on this machine.
 */
public final class FloorWar {

    public static final String CONTEXT = "floor";

    private FloorWar() {
    }

    public static Path write(Path file) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, CONTEXT + ".war")
                .addClasses(FloorFlow.class, FloorKit.class, FloorService.class, FloorResource.class, FloorApplication.class)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                .addAsResource(new StringAsset("""
                        <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.1">
                          <persistence-unit name="floor" transaction-type="JTA">
                            <jta-data-source>java:comp/DefaultDataSource</jta-data-source>
                            <class>io.watchword.bench.floor.FloorFlow</class>
                            <exclude-unlisted-classes>true</exclude-unlisted-classes>
                            <properties>
                              <!-- a schema of its own: Watchword's Flyway expects to own PUBLIC -->
                              <property name="hibernate.default_schema" value="BENCH_FLOOR"/>
                              <property name="jakarta.persistence.create-database-schemas" value="true"/>
                              <property name="hibernate.hbm2ddl.auto" value="update"/>
                              <property name="hibernate.jdbc.time_zone" value="UTC"/>
                            </properties>
                          </persistence-unit>
                        </persistence>
                        """), "META-INF/persistence.xml");
        File out = file.toFile();
        war.as(ZipExporter.class).exportTo(out, true);
        return file;
    }
}
