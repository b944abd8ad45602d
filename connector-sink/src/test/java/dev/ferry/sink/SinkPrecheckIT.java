package dev.ferry.sink;

import static dev.ferry.testsupport.ConnectRestClient.allValidationErrors;
import static dev.ferry.testsupport.ConnectRestClient.validationErrors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testsupport.ConnectClusterExtension;
import dev.ferry.testsupport.MariaDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink's precheck as users see it: {@code PUT /connector-plugins/.../config/validate}. */
class SinkPrecheckIT {

    @RegisterExtension
    static final MariaDbExtension MARIADB = new MariaDbExtension();

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static final String PLUGIN = "DatabaseSinkConnector";

    @Test
    void unreachableTargetAndWrongCharacterSetAreReportedOnTheirKeys() {
        assertThat(validationErrors(CONNECT.rest().validate(PLUGIN, SinkConfigs.ferrySink("v", "t",
                "jdbc:postgresql://localhost:1/none", "u", "p")), "connection.url"))
                .singleElement().asString().contains("cannot connect to jdbc:postgresql://localhost:1/none");

        MARIADB.execute("CREATE DATABASE latin CHARACTER SET latin1");
        assertThat(validationErrors(CONNECT.rest().validate(PLUGIN, SinkConfigs.ferrySink("v", "t",
                MARIADB.jdbcUrl("latin"), MariaDbExtension.USER, MariaDbExtension.PASSWORD)), "connection.url"))
                .singleElement().asString().contains("character set latin1").contains("utf8mb4");

        assertThat(allValidationErrors(CONNECT.rest().validate(PLUGIN, SinkConfigs.ferrySink("v", "t",
                MARIADB.jdbcUrl(), MariaDbExtension.USER, MariaDbExtension.PASSWORD)))).isEmpty();
    }
}
