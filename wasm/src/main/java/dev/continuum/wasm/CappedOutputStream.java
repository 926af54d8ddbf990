package dev.continuum.wasm;

import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes through until {@code cap} have been written, then stops the guest. Not thread-safe. */
final class CappedOutputStream extends OutputStream {
    private final OutputStream out;
    private final String name;
    private final long cap;
    private long written;

    CappedOutputStream(OutputStream out, String name, long cap) {
        this.out = out;
        this.name = name;
        this.cap = cap;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (written + len > cap) {
            // Keep what fits, so the log shows the output up to the cap.
            out.write(b, off, (int) (cap - written));
            written = cap;
            throw new OutputLimitExceededException(name, cap);
        }
        written += len;
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
