package dev.agentsociety.agents.brokerprobe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every delivery, one line each, written to the file by one {@code write} call as it happens — in the kernel before
 * the app answers its sidecar, so a SIGKILL loses nothing the broker was told was handled:
 * {@code H <run> <seq> <sentAtMicros> <handledAtMicros>} for a probe, {@code D <handledAtMicros> <bytes> <reason>}
 * for a dead letter read back ({@code -} when it arrived without a reason). The harness reads the files, not the app.
 */
final class DeliveryTrace implements AutoCloseable {

    private final FileChannel channel;

    DeliveryTrace(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the trace file " + file, e);
        }
    }

    void handled(String run, long seq, long sentAtMicros, long handledAtMicros) {
        append("H " + run + " " + seq + " " + sentAtMicros + " " + handledAtMicros + "\n");
    }

    void deadLetter(long handledAtMicros, int bytes, String reason) {
        String oneLine = reason == null || reason.isBlank() ? "-" : reason.replaceAll("[\\r\\n]+", " ");
        append("D " + handledAtMicros + " " + bytes + " " + oneLine + "\n");
    }

    private synchronized void append(String line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the delivery fails, and the sidecar delivers it again
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
