package dev.casmb.ha.admin.ssh;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Turns each '\n' not preceded by '\r' into "\r\n", for a client terminal in raw mode. */
final class CrlfOutputStream extends FilterOutputStream {
    private int last = -1;

    CrlfOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n' && last != '\r') out.write('\r');
        out.write(b);
        last = b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n' && (i > off ? b[i - 1] : last) != '\r') {
                out.write(b, start, i - start);
                out.write('\r');
                start = i;
            }
        }
        out.write(b, start, end - start);
        if (len > 0) last = b[end - 1];
    }
}
