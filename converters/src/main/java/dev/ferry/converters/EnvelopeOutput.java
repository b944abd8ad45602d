package dev.ferry.converters;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A record's bytes: the cached envelope start, then the payload as the JSON generator flushes it,
 * then the envelope's closing brace. Sized on the generator's first flush (usually its only one),
 * so the record is allocated once and the payload copied once. One output serves record after
 * record ({@link #start}), as the generator writing into it does.
 */
final class EnvelopeOutput extends OutputStream {

    private static final byte[] NO_PREFIX = new byte[0];

    private byte[] prefix = NO_PREFIX;
    private byte[] bytes;
    private int length;

    /** Begins the next record, which starts with {@code prefix}. */
    void start(byte[] prefix) {
        this.prefix = prefix;
        this.bytes = null;
        this.length = 0;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        if (bytes == null) {
            bytes = new byte[prefix.length + count + 1];
            System.arraycopy(prefix, 0, bytes, 0, prefix.length);
            length = prefix.length;
        } else if (length + count + 1 > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + count + 1, bytes.length * 2));
        }
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** The whole record, once the generator has flushed its payload. */
    byte[] record() {
        if (bytes == null) {
            write(prefix, 0, 0);
        }
        bytes[length] = '}';
        return length + 1 == bytes.length ? bytes : Arrays.copyOf(bytes, length + 1);
    }
}
