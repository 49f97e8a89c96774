package io.ferry.runtime.plugin;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a class file (JVMS chapter 4): name, access flags, super class and interfaces,
 * read without loading or defining the class. Used to find plugin candidates among thousands of
 * classes without loading them all.
 */
record ClassFileHeader(String name, int accessFlags, String superName, List<String> interfaces) {

    private static final int MAGIC = 0xCAFEBABE;
    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;
    private static final int ACC_SYNTHETIC = 0x1000;
    private static final int ACC_ANNOTATION = 0x2000;
    private static final int ACC_ENUM = 0x4000;
    private static final int ACC_MODULE = 0x8000;

    /** A public class that can be instantiated: not abstract, an interface, an enum, ... */
    boolean isPublicConcreteClass() {
        int notAllowed = ACC_INTERFACE | ACC_ABSTRACT | ACC_SYNTHETIC | ACC_ANNOTATION | ACC_ENUM | ACC_MODULE;
        return (accessFlags & ACC_PUBLIC) != 0 && (accessFlags & notAllowed) == 0;
    }

    /** The direct super types (super class first, then interfaces), binary names. */
    List<String> superTypes() {
        List<String> types = new ArrayList<>(interfaces.size() + 1);
        if (superName != null) {
            types.add(superName);
        }
        types.addAll(interfaces);
        return types;
    }

    /**
     * Reads the header from the start of a class file; the rest of the stream is not needed.
     *
     * @throws IOException if the stream is not a well-formed class file
     */
    static ClassFileHeader read(InputStream stream) throws IOException {
        return read(stream.readAllBytes());
    }

    /**
     * Reads the header of a class file held in {@code data}. Only the constant pool entries of the
     * names it returns are decoded (the pool is walked by offsets, not read into strings): scanning
     * a plugin location is a cold-start step, run before the JIT has compiled anything.
     *
     * @throws IOException if {@code data} is not a well-formed class file
     */
    static ClassFileHeader read(byte[] data) throws IOException {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            if (in.getInt() != MAGIC) {
                throw new IOException("not a class file (bad magic number)");
            }
            in.position(8); // minor and major version
            int count = in.getShort() & 0xFFFF;
            int[] utf8Offset = new int[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.get() & 0xFF;
                switch (tag) {
                    case 1 -> { // Utf8: u2 length, then the bytes
                        int length = in.getShort() & 0xFFFF;
                        utf8Offset[i] = in.position() - 2;
                        in.position(in.position() + length);
                    }
                    case 7 -> classNameIndex[i] = in.getShort() & 0xFFFF; // Class
                    case 8, 16, 19, 20 -> in.position(in.position() + 2); // String, MethodType, Module, Package
                    case 15 -> in.position(in.position() + 3); // MethodHandle
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                    case 5, 6 -> { // Long, Double: take two slots
                        in.position(in.position() + 8);
                        i++;
                    }
                    default -> throw new IOException("not a class file (constant pool tag " + tag + ")");
                }
            }
            int accessFlags = in.getShort() & 0xFFFF;
            String name = className(data, utf8Offset, classNameIndex, in.getShort() & 0xFFFF);
            int superIndex = in.getShort() & 0xFFFF;
            String superName = superIndex == 0 ? null : className(data, utf8Offset, classNameIndex, superIndex);
            int interfaceCount = in.getShort() & 0xFFFF;
            List<String> interfaces = new ArrayList<>(interfaceCount);
            for (int i = 0; i < interfaceCount; i++) {
                interfaces.add(className(data, utf8Offset, classNameIndex, in.getShort() & 0xFFFF));
            }
            return new ClassFileHeader(name, accessFlags, superName, List.copyOf(interfaces));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("not a class file (truncated)");
        }
    }

    private static String className(byte[] data, int[] utf8Offset, int[] classNameIndex, int index) throws IOException {
        if (index <= 0 || index >= classNameIndex.length || classNameIndex[index] <= 0
                || classNameIndex[index] >= utf8Offset.length || utf8Offset[classNameIndex[index]] == 0) {
            throw new IOException("not a class file (bad class reference " + index + ")");
        }
        int offset = utf8Offset[classNameIndex[index]];
        int length = ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
        if (offset + 2 + length > data.length) {
            throw new IOException("not a class file (truncated)");
        }
        boolean ascii = true;
        for (int i = offset + 2; i < offset + 2 + length && ascii; i++) {
            ascii = data[i] > 0;
        }
        String internal = ascii ? new String(data, offset + 2, length, StandardCharsets.ISO_8859_1)
                : new DataInputStream(new ByteArrayInputStream(data, offset, length + 2)).readUTF(); // modified UTF-8
        return internal.replace('/', '.');
    }
}
