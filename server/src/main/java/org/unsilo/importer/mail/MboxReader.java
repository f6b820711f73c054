package org.unsilo.importer.mail;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Splits an mbox file into messages as it streams through it (never the whole file in memory). A message
 * starts at a line beginning with "From " that opens the file or follows an empty line (mboxo and mboxrd
 * writers escape every other such line as "&gt;From "); it ends before the next one, without the empty
 * separator line. Quoted "&gt;From " lines lose one '&gt;' (mboxrd; for mboxo this is the best guess too).
 *
 * <p>Each message knows the byte offset where the next one starts, so an import can resume in the middle of
 * a big mailbox by seeking there. Messages larger than the limit are skipped over without buffering them.
 */
final class MboxReader implements Closeable {

    /** One message: its bytes (null when larger than the limit), where it starts and where the next one starts. */
    record Message(long start, long end, byte[] raw, long size) {
        boolean tooLarge() {
            return raw == null;
        }
    }

    private static final int BUFFER = 1 << 16;
    private static final int PREFIX = 8;

    private final FileChannel channel;
    private final InputStream in;
    private final int maxMessageBytes;
    private final byte[] buf = new byte[BUFFER];
    private int bufPos;
    private int bufLen;
    private long position;
    /** The envelope line of the next message has been read: its start offset, or -1. */
    private long pendingStart = -1;
    private boolean eof;

    // The line just read: its first bytes, length and offsets.
    private final byte[] prefix = new byte[PREFIX];
    private int prefixLen;
    private long lineLength;

    // The message being collected.
    private byte[] content = new byte[1 << 14];
    private int contentLen;
    private long contentSize;

    MboxReader(Path file, long startOffset, int maxMessageBytes) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        if (startOffset > 0) {
            channel.position(startOffset);
        }
        this.in = Channels.newInputStream(channel);
        this.position = startOffset;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** True when the file holds nothing more at the current offset, or an envelope line starts there. */
    boolean atMessageBoundary() throws IOException {
        fill();
        if (bufLen - bufPos == 0) {
            return true;
        }
        byte[] head = "From ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (bufLen - bufPos < head.length) {
            return false;
        }
        return Arrays.equals(buf, bufPos, bufPos + head.length, head, 0, head.length);
    }

    /** The next message, or null at the end of the file. */
    Message next() throws IOException {
        long start;
        if (pendingStart >= 0) {
            start = pendingStart;
            pendingStart = -1;
        } else {
            long lineStart = position;
            if (!readLine(true)) {
                return null;
            }
            start = lineStart;
            if (isFromLine()) {
                // The envelope line is not part of the message. (Text before the first envelope line is kept as a
                // message of its own: the parser judges it.)
                contentLen = 0;
                contentSize = 0;
            }
        }
        boolean previousBlank = false;
        long end;
        while (true) {
            long lineStart = position;
            int mark = contentLen;
            if (!readLine(true)) {
                end = position;
                break;
            }
            if (previousBlank && isFromLine()) {
                contentLen = mark;
                contentSize -= lineLength;
                pendingStart = lineStart;
                end = lineStart;
                break;
            }
            unescape(mark);
            previousBlank = isBlankLine();
        }
        dropSeparator();
        byte[] raw = contentSize > maxMessageBytes ? null : Arrays.copyOf(content, contentLen);
        long size = contentSize;
        contentLen = 0;
        contentSize = 0;
        if (content.length > (1 << 20)) {
            content = new byte[1 << 14];
        }
        return new Message(start, end, raw, size);
    }

    private boolean isFromLine() {
        return prefixLen >= 5 && prefix[0] == 'F' && prefix[1] == 'r' && prefix[2] == 'o' && prefix[3] == 'm' && prefix[4] == ' ';
    }

    private boolean isBlankLine() {
        return (lineLength == 1 && prefix[0] == '\n') || (lineLength == 2 && prefix[0] == '\r' && prefix[1] == '\n');
    }

    /** "&gt;From " and "&gt;&gt;From " lose one '&gt;' (mboxrd quoting), if the line is still in the buffer. */
    private void unescape(int mark) {
        if (prefixLen < 6 || prefix[0] != '>' || contentLen - mark != lineLength) {
            return;
        }
        int k = 0;
        while (k < prefixLen && prefix[k] == '>') {
            k++;
        }
        if (k + 5 <= prefixLen && prefix[k] == 'F' && prefix[k + 1] == 'r' && prefix[k + 2] == 'o' && prefix[k + 3] == 'm'
                && prefix[k + 4] == ' ') {
            System.arraycopy(content, mark + 1, content, mark, contentLen - mark - 1);
            contentLen--;
            contentSize--;
        }
    }

    /** The writer adds one empty line after every message; it is not part of the message. */
    private void dropSeparator() {
        if (contentLen >= 2 && content[contentLen - 1] == '\n' && content[contentLen - 2] == '\n') {
            contentLen--;
            contentSize--;
        } else if (contentLen >= 4 && content[contentLen - 1] == '\n' && content[contentLen - 2] == '\r'
                && content[contentLen - 3] == '\n' && content[contentLen - 4] == '\r') {
            contentLen -= 2;
            contentSize -= 2;
        }
    }

    /**
     * Reads one line (with its terminator). When {@code store}, its bytes go to the message unless the message
     * is over the limit already; the first bytes are always kept in {@link #prefix}.
     */
    private boolean readLine(boolean store) throws IOException {
        prefixLen = 0;
        lineLength = 0;
        while (true) {
            if (bufPos == bufLen) {
                fill();
                if (bufPos == bufLen) {
                    return lineLength > 0;
                }
            }
            int startPos = bufPos;
            int nl = -1;
            for (int k = bufPos; k < bufLen; k++) {
                if (buf[k] == '\n') {
                    nl = k;
                    break;
                }
            }
            int endPos = nl >= 0 ? nl + 1 : bufLen;
            int n = endPos - startPos;
            int toPrefix = Math.min(PREFIX - prefixLen, n);
            if (toPrefix > 0) {
                System.arraycopy(buf, startPos, prefix, prefixLen, toPrefix);
                prefixLen += toPrefix;
            }
            if (store) {
                contentSize += n;
                if (contentSize <= maxMessageBytes) {
                    append(buf, startPos, n);
                }
            }
            lineLength += n;
            position += n;
            bufPos = endPos;
            if (nl >= 0) {
                return true;
            }
        }
    }

    private void append(byte[] src, int off, int len) {
        if (contentLen + len > content.length) {
            content = Arrays.copyOf(content, Math.max(content.length * 2, contentLen + len));
        }
        System.arraycopy(src, off, content, contentLen, len);
        contentLen += len;
    }

    private void fill() throws IOException {
        if (bufPos < bufLen || eof) {
            return;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            bufPos = 0;
            bufLen = 0;
            return;
        }
        bufPos = 0;
        bufLen = n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
