package dev.ferry.cli.demo;

import dev.ferry.cli.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One jar in Maven's repository layout, found in the local repository or fetched once from a remote
 * one (Maven Central by default) into it, so the slim distribution need not carry the demo's
 * database binaries and Maven builds reuse the same file. A fetched jar is checked against the
 * repository's {@code .sha1} before it is moved into place: an interrupted or corrupted download
 * never becomes the cached copy.
 */
record MavenJar(String groupId, String artifactId, String version) {

    private static final int TIMEOUT_MILLIS = 30_000;

    /** The jar's path below a repository root, as Maven lays it out. */
    String relativePath() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version + ".jar";
    }

    /**
     * The jar in {@code localRepository}, fetched from {@code remoteRepository} first when it is not
     * there; {@code out} says so, and a progress bar (on the console, as the demo's others) shows it.
     */
    Path resolve(Path localRepository, URI remoteRepository, PrintWriter out) {
        Path local = localRepository.resolve(relativePath());
        if (Files.isRegularFile(local)) {
            return local;
        }
        String base = remoteRepository.toString().endsWith("/") ? remoteRepository.toString()
                : remoteRepository + "/";
        URI jar = URI.create(base + relativePath());
        try {
            Files.createDirectories(local.getParent());
            String expected = fetchText(URI.create(jar + ".sha1")).trim().split("\\s+")[0].toLowerCase();
            Path partial = Files.createTempFile(local.getParent(), artifactId, ".part");
            try {
                out.println("Fetching " + jar + " into " + localRepository + " (once) …");
                out.flush();
                String actual = download(jar, partial);
                if (!actual.equals(expected)) {
                    throw new FerryException("the download of " + jar + " is corrupt: its SHA-1 is " + actual
                            + ", the repository says " + expected + "; run the command again");
                }
                Files.move(partial, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return local;
        } catch (IOException e) {
            throw new FerryException("cannot fetch " + jar + " into " + local + ": " + e
                    + " (set FERRY_MAVEN_REPOSITORY to a reachable Maven repository or mirror, or put the jar there"
                    + " with 'mvn dependency:get -Dartifact=" + groupId + ":" + artifactId + ":" + version + "')", e);
        }
    }

    private String download(URI jar, Path to) throws IOException {
        URLConnection connection = open(jar);
        long size = connection.getContentLengthLong();
        MessageDigest sha1 = sha1();
        try (InputStream in = new DigestInputStream(connection.getInputStream(), sha1);
                OutputStream file = Files.newOutputStream(to);
                ProgressBar bar = new ProgressBarBuilder().setTaskName("fetching " + artifactId)
                        .setInitialMax(Math.max(size, 0)).setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" MB", 1 << 20).showSpeed().build()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                file.write(buffer, 0, n);
                bar.stepBy(n);
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static String fetchText(URI uri) throws IOException {
        try (InputStream in = open(uri).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** file:, http: and https: alike; proxies come from the JVM's usual https.proxyHost properties. */
    private static URLConnection open(URI uri) throws IOException {
        URLConnection connection = uri.toURL().openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        return connection;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
