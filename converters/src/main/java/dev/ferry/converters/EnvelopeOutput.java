package dev.ferry.converters;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A record's bytes: the cached envelope start, then the payload as the JSON generator flushes it,
 * then the envelope's closing brace. Sized on the generator's first flush (usually its only one),
 * so the record is allocated once and the payload copied once.
 */
final class EnvelopeOutput extends OutputStream {

    private final byte[] prefix;
    private byte[] bytes;
    private int length;

    EnvelopeOutput(byte[] prefix) {
        this.prefix = prefix;
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

    /** The whole record, once the generator is closed. */
    byte[] record() {
        if (bytes == null) {
            write(prefix, 0, 0);
        }
        bytes[length] = '}';
        return length + 1 == bytes.length ? bytes : Arrays.copyOf(bytes, length + 1);
    }
}
