package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on a loopback port in front of a server, to take the server away from its clients
 * and give it back without stopping it: {@link #cut()} closes every proxied connection and turns
 * new ones away, {@link #restore()} lets them through again. The listening port stays bound
 * throughout, so a client is given back the very address it was configured with.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final List<Socket> open = new ArrayList<>();
    private boolean cut;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "tcp-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The loopback address clients connect to instead of the target. */
    String host() {
        return listener.getInetAddress().getHostAddress();
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * Closes every connection through the proxy, and each one accepted from now on as soon as it is
     * accepted: a client sees its open connection drop and every new one fail.
     */
    synchronized void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Lets new connections through to the target again. */
    synchronized void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Socket target = null;
            try {
                if (!isCut()) {
                    target = new Socket(targetHost, targetPort);
                }
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            // Registered under the lock that cut() holds: a connection is either closed by it or not yet through.
            synchronized (this) {
                if (cut || target == null) {
                    closeQuietly(client);
                    closeQuietly(target);
                    continue;
                }
                open.add(client);
                open.add(target);
            }
            pump(client, target);
            pump(target, client);
        }
    }

    private synchronized boolean isCut() {
        return cut;
    }

    /** Copies one direction; when it ends (either side closed), both sockets are closed. */
    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // The connection was cut or closed by one of its ends: closing both ends below is all there is to do.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                forget(from, to);
            }
        }, "tcp-proxy-" + port() + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void forget(Socket from, Socket to) {
        open.remove(from);
        open.remove(to);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed, or closing failed: the socket is unusable either way.
        }
    }
}
