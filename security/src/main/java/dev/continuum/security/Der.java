package dev.continuum.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The little DER a node needs without Bouncy Castle (which the control plane uses to issue
 * certificates): encoding a certificate request ({@link NodeCertificateRequest#create}) and reading
 * a PKCS#8 key's algorithm ({@link Pem#readPrivateKey}). An agent that never issues certificates
 * then loads none of Bouncy Castle. Pure.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int IA5_STRING = 0x16;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private Der() {}

    /** {@code tag length content}. */
    static byte[] tlv(int tag, byte[] content) {
        var out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A constructed value (SEQUENCE, SET, a context tag) holding {@code parts} in order. */
    static byte[] of(int tag, byte[]... parts) {
        var content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(tag, content.toByteArray());
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        var content = new ByteArrayOutputStream();
        base128(content, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(content, Long.parseLong(arcs[i]));
        }
        return tlv(OID, content.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) ((value >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? b : b | 0x80);
        }
    }

    static byte[] utf8(String text) {
        return tlv(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A reader over DER bytes; a malformed encoding is an {@link IllegalArgumentException}. */
    static final class Reader {
        private final byte[] der;
        private int at;
        private final int end;

        Reader(byte[] der) {
            this(der, 0, der.length);
        }

        private Reader(byte[] der, int from, int end) {
            this.der = der;
            this.at = from;
            this.end = end;
        }

        /** The next value's tag, without moving. */
        int peek() {
            if (at >= end) {
                throw new IllegalArgumentException("the encoding ends early");
            }
            return der[at] & 0xff;
        }

        /** The next value, which must have {@code tag}; a reader over its content. */
        Reader enter(int tag) {
            int[] bounds = next(tag);
            return new Reader(der, bounds[0], bounds[1]);
        }

        /** The next value's content, which must have {@code tag}. */
        byte[] read(int tag) {
            int[] bounds = next(tag);
            return java.util.Arrays.copyOfRange(der, bounds[0], bounds[1]);
        }

        private int[] next(int tag) {
            int t = peek();
            if (t != tag) {
                throw new IllegalArgumentException(
                        "expected tag 0x" + Integer.toHexString(tag) + ", found 0x" + Integer.toHexString(t));
            }
            int p = at + 1;
            if (p >= end) {
                throw new IllegalArgumentException("the encoding ends early");
            }
            int first = der[p++] & 0xff;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 4 || p + bytes > end) {
                    throw new IllegalArgumentException("a malformed length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | (der[p++] & 0xff);
                }
            }
            if (p + length > end) {
                throw new IllegalArgumentException("a length past the end of the encoding");
            }
            at = (int) (p + length);
            return new int[] {p, at};
        }
    }

    /** The dotted text of an OID's content bytes. */
    static String oidText(byte[] content) {
        var out = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : content) {
            value = value << 7 | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = Math.min(value / 40, 2);
                    out.append(top).append('.').append(value - top * 40);
                    first = false;
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
        }
        return out.toString();
    }
}
