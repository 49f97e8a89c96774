package io.ferry.connect.file.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32;

/**
 * Which physical file a position belongs to: the file system's file key (device and inode on
 * Unix; empty where there is none) and a CRC-32 of the file's first {@code headLength} bytes (at
 * most {@link #HEAD_MAX}). The checksum tells a file from another that reuses a deleted file's
 * inode, and a file truncated and rewritten in place from the one that was read.
 *
 * @param key        the file key as text, or "" if the file system has none
 * @param head       CRC-32 of the first headLength bytes
 * @param headLength how many bytes the checksum covers
 */
public record FileIdentity(String key, long head, int headLength) {

    /** The most leading bytes the checksum covers. */
    public static final int HEAD_MAX = 1024;

    /** The file key of a file's attributes as text, or "". */
    public static String keyOf(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key == null ? "" : key.toString();
    }

    /** The attributes of {@code path}, or null if there is no such file. */
    public static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Whether two file keys may be the same file (equal, or one unknown). */
    public static boolean sameKey(String a, String b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b);
    }

    /** Whether the file behind {@code channel} starts with the bytes this identity's checksum covers. */
    public boolean headMatches(FileChannel channel) throws IOException {
        return headLength == 0 || checksum(channel, headLength) == head;
    }

    /** Whether {@code path} is this file: the same key and the same first bytes. */
    public boolean matches(Path path, BasicFileAttributes attributes) throws IOException {
        if (!sameKey(key, keyOf(attributes)) || attributes.size() < headLength) {
            return false;
        }
        if (headLength == 0) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return headMatches(channel);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** CRC-32 of the first {@code length} bytes of the channel's file, or -1 if it is shorter. */
    public static long checksum(FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                return -1;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, length);
        return crc.getValue();
    }

    /** A regular file in {@code path}'s folder, other than {@code path}, that is this file; or null. */
    public Path findNextTo(Path path) throws IOException {
        Path dir = path.getParent();
        if (dir == null || key.isEmpty() || !Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path candidate : entries) {
                if (candidate.equals(path)) {
                    continue;
                }
                BasicFileAttributes attributes = attributes(candidate);
                if (attributes != null && attributes.isRegularFile() && matches(candidate, attributes)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
