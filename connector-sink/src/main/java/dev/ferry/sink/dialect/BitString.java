package dev.ferry.sink.dialect;

import java.math.BigInteger;

/**
 * A PostgreSQL {@code bit(n)} or {@code varbit} value from Debezium's {@code io.debezium.data.Bits}
 * encoding: the bit string read as a binary number, its bytes little-endian. {@code bits} is the
 * bit string again (padded to {@code n} for {@code bit(n)}; a {@code varbit} value's leading zeros
 * are not in the encoding), which a PostgreSQL bit column takes; {@code bytes} is the encoding,
 * which the MySQL family stores.
 */
public record BitString(String bits, byte[] bytes) {

    /** {@code fixedLength}: the declared n of {@code bit(n)}, or 0 for {@code varbit}. */
    static BitString of(byte[] littleEndian, int fixedLength) {
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        String bits = new BigInteger(1, bigEndian).toString(2);
        if (fixedLength > bits.length()) {
            bits = "0".repeat(fixedLength - bits.length()) + bits;
        }
        return new BitString(bits, littleEndian);
    }

    /** Equal by the bit string, so a bit key compares like any other key value. */
    @Override
    public boolean equals(Object other) {
        return other instanceof BitString that && bits.equals(that.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        return bits;
    }
}
