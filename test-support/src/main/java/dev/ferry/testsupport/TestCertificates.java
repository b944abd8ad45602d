package dev.ferry.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throw-away certificate authority with a server certificate for {@code localhost} and client
 * certificates, made with the JDK's {@code keytool} (no openssl needed), in the file forms the
 * servers and drivers read: PEM for PostgreSQL, MariaDB and pgjdbc's {@code sslcert}, PKCS-8 DER
 * for pgjdbc's {@code sslkey}, PKCS-12 for MariaDB Connector/J's {@code keyStore}.
 */
public final class TestCertificates {

    public static final String STORE_PASSWORD = "ferry-test";

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /** A client certificate and its key, for a user name given as the certificate's common name. */
    public record Client(Path certificate, Path keyDer, Path keyStore) {
    }

    public static TestCertificates create() {
        try {
            TestCertificates certificates = new TestCertificates(Files.createTempDirectory("ferry-tls"));
            certificates.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=ferry-test-ca", "-ext", "bc:c", "-validity", "3", "-keystore", "ca.p12");
            Files.write(certificates.file("ca.crt"), certificates.keytool("-exportcert", "-alias", "ca", "-rfc",
                    "-keystore", "ca.p12"));
            certificates.issue("server", "localhost", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth");
            Files.writeString(certificates.file("server.key"), certificates.pemKey("server"));
            Files.setPosixFilePermissions(certificates.file("server.key"), PosixFilePermissions.fromString("rw-------"));
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caCertificate() {
        return file("ca.crt");
    }

    public Path serverCertificate() {
        return file("server.crt");
    }

    /** The server's private key, PEM, readable by its owner only (PostgreSQL refuses it otherwise). */
    public Path serverKey() {
        return file("server.key");
    }

    /** Issues (once) a client certificate whose common name is {@code user}. */
    public Client client(String user) {
        String alias = "client-" + user;
        try {
            if (!Files.exists(file(alias + ".crt"))) {
                issue(alias, user, null, "EKU=clientAuth");
                Files.write(file(alias + ".key.der"), key(alias).getEncoded());
                // Connector/J wants the chain in its key store: the CA first, then the signed reply.
                keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", alias + ".p12");
                keytool("-importcert", "-alias", alias, "-file", alias + ".crt", "-keystore", alias + ".p12");
            }
            return new Client(file(alias + ".crt"), file(alias + ".key.der"), file(alias + ".p12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void issue(String alias, String commonName, String subjectAlternativeNames, String extendedKeyUsage)
            throws IOException {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + commonName,
                "-validity", "3", "-keystore", alias + ".p12");
        Files.write(file(alias + ".csr"), keytool("-certreq", "-alias", alias, "-keystore", alias + ".p12"));
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile",
                alias + ".csr", "-validity", "3", "-rfc", "-ext", "KU=digitalSignature,keyEncipherment",
                "-ext", extendedKeyUsage));
        if (subjectAlternativeNames != null) {
            sign.addAll(List.of("-ext", subjectAlternativeNames));
        }
        Files.write(file(alias + ".crt"), keytool(sign.toArray(String[]::new)));
    }

    private String pemKey(String alias) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key(alias).getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    private Key key(String alias) {
        try (InputStream in = Files.newInputStream(file(alias + ".p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD.toCharArray());
            return store.getKey(alias, STORE_PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key " + alias + " from " + directory, e);
        }
    }

    private Path file(String name) {
        return directory.resolve(name);
    }

    /** Runs keytool in the certificate directory and returns what it printed on standard output. */
    private byte[] keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + String.join(" ", args));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
        return out;
    }
}
