package io.keelwatch.docker;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import jnr.unixsocket.UnixSocket;
import jnr.unixsocket.UnixSocketChannel;

/**
 * A jnr-unixsocket {@link UnixSocket} whose reads honour {@link #setSoTimeout}: jnr arms SO_RCVTIMEO but reports
 * its expiry as a read of 0 bytes, which a stream reader would take as "try again" and spin on. Here it is a
 * {@link SocketTimeoutException}, as on a JDK socket.
 */
final class TimedUnixSocket extends UnixSocket {
    private final InputStream in;

    TimedUnixSocket(UnixSocketChannel channel) throws IOException {
        super(channel);
        InputStream raw = super.getInputStream();
        this.in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = raw.read(b, off, len);
                if (n == 0) {
                    throw new SocketTimeoutException("no data from the socket for " + getSoTimeout() + " ms");
                }
                return n;
            }
        };
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    /** Shuts both directions down (waking a blocked reader) and closes; errors of an already dead socket are moot. */
    void abort() {
        try {
            shutdownInput();
        } catch (IOException ignored) {
            // not connected any more: nothing to wake
        }
        try {
            close();
        } catch (IOException ignored) {
            // UnixSocket.close reports nothing it could act on
        }
    }
}
