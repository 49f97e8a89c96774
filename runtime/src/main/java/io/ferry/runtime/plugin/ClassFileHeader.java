package io.ferry.runtime.plugin;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
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
     * Reads the header from the start of a class file; the rest of the stream is not read.
     *
     * @throws IOException if the stream is not a well-formed class file
     */
    static ClassFileHeader read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file (bad magic number)");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // Utf8 (modified UTF-8, exactly what readUTF reads)
                case 7 -> classNameIndex[i] = in.readUnsignedShort(); // Class
                case 8, 16, 19, 20 -> in.skipNBytes(2); // String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> { // Long, Double: take two slots
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("not a class file (constant pool tag " + tag + ")");
            }
        }
        int accessFlags = in.readUnsignedShort();
        String name = className(utf8, classNameIndex, in.readUnsignedShort());
        int superIndex = in.readUnsignedShort();
        String superName = superIndex == 0 ? null : className(utf8, classNameIndex, superIndex);
        int interfaceCount = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(className(utf8, classNameIndex, in.readUnsignedShort()));
        }
        return new ClassFileHeader(name, accessFlags, superName, List.copyOf(interfaces));
    }

    private static String className(String[] utf8, int[] classNameIndex, int index) throws IOException {
        if (index <= 0 || index >= classNameIndex.length || classNameIndex[index] <= 0
                || classNameIndex[index] >= utf8.length || utf8[classNameIndex[index]] == null) {
            throw new IOException("not a class file (bad class reference " + index + ")");
        }
        return utf8[classNameIndex[index]].replace('/', '.');
    }
}
